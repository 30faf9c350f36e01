"""The connection, what it reads (SELECT only), the lock and the bookkeeping schema."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from roble_sql import audit
from roble_sql.audit import (
    AUDIT_COLUMNS,
    AUDIT_TABLE,
    CREATE_TABLES,
    LOCK_TABLE,
    PROGRESS_STATEMENT_TABLE,
    PROGRESS_TABLE,
    TABLE_NAMES,
    AuditEvent,
)
from roble_sql.dsn import DatabaseURL
from roble_sql.errors import (
    ConfigError,
    DatabaseError,
    LockTimeout,
)
from roble_sql.runner.batch import MAX_BATCH_BYTES
from roble_sql.runner.executing import RevisionRunner
from roble_sql.runner.failures import UNREACHABLE, PartError, bookkeeping_error, connect_error
from roble_sql.runner.records import (
    Applied,
    DatabaseState,
    LockHolder,
    Progress,
    Who,
    os_user,
    utc_now,
)
from roble_sql.runner.yoyo_adapter import yoyo_classes

SERVER_STATUS_IN_TRANS = 1


def connect(url: DatabaseURL, *, wait: float = 0.0, connect_timeout: int = 10) -> Database:
    """Open the connection, retrying an unreachable server for up to ``wait`` seconds."""
    import pymysql

    deadline = time.monotonic() + wait
    from pymysql.constants import CLIENT

    # Multi-statement queries, as the mariadb client allows: bookkeeping rides along
    # with a revision's statement instead of costing round trips of its own.
    kwargs = {
        "connect_timeout": connect_timeout,
        "client_flag": CLIENT.MULTI_STATEMENTS,
        **url.driver_kwargs(),
    }
    _check_charset(kwargs["charset"])
    while True:
        try:
            return Database(pymysql.connect(**kwargs), url)
        except pymysql.err.MySQLError as exc:
            code = exc.args[0] if exc.args else None
            if code in UNREACHABLE and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            raise connect_error(exc, url) from None


def _check_charset(name: str) -> None:
    from pymysql.charset import charset_by_name

    if charset_by_name(name) is None:
        raise ConfigError(
            f"the connection character set {name!r} is not one the server knows",
            hint="set charset (URL ?charset= or yoyo.ini [roble] charset) to e.g. utf8mb4 "
            "or latin1",
        )


class Database(RevisionRunner):
    """A live connection plus everything roble reads and writes through it."""

    def __init__(self, connection: Any, url: DatabaseURL):
        self._conn = connection
        self.url = url
        row = self.query(
            "SELECT CONNECTION_ID(), CURRENT_USER(), VERSION(), DATABASE(), @@max_allowed_packet"
        )[0]
        self.connection_id, db_user, self.server_version, self.database, packet = row
        # A batch's statements and bookkeeping must fit in one packet, with room to spare.
        self.batch_bytes = min(int(packet) // 2, MAX_BATCH_BYTES)
        if not self.database:
            raise DatabaseError(
                "the database URL names no database",
                where=url.location(),
                hint="end the URL with /database_name",
            )
        self.who = Who(db_user, os_user(), socket.gethostname(), os.getpid())
        self._prefix = f"`{self.database.replace('`', '``')}`."
        self._session: dict[str, Any] | None = None
        self._yoyo: Any = None

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, PartError):
            exc = exc.cause
        if exc is not None and type(exc).__module__.startswith("pymysql"):
            raise bookkeeping_error(exc, self.url) from None

    def table(self, name: str) -> str:
        """A bookkeeping table, qualified so a revision's USE can't redirect it."""
        return f"{self._prefix}`{name}`"

    def query(self, sql: str, args: Any = None) -> list[tuple[Any, ...]]:
        with self._conn.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())

    def execute(self, sql: str, args: Any = None) -> int:
        with self._conn.cursor() as cursor:
            return cursor.execute(sql, args)

    def _in_transaction(self) -> bool:
        return bool(self._conn.server_status & SERVER_STATUS_IN_TRANS)

    # -- reading (SELECT only; no lock, no table creation) -------------------------------------

    def existing_tables(self, migration_table: str = "_yoyo_migration") -> set[str]:
        """Which of the bookkeeping tables exist. Naming them keeps the query cheap: an
        open-ended information_schema.TABLES scan opens every table of a big schema."""
        names = (migration_table, *TABLE_NAMES)
        rows = self.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            f" AND TABLE_NAME IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        return {row[0] for row in rows}

    def state(self, migration_table: str) -> DatabaseState:
        """What is applied (yoyo's table), with checksums and order from the audit log."""
        tables = self.existing_tables(migration_table)
        applied_rows = []
        if migration_table in tables:
            applied_rows = self.query(
                f"SELECT migration_id, applied_at_utc FROM {self.table(migration_table)}"
            )
        latest = self._latest_applied_events() if AUDIT_TABLE in tables else {}
        applied = {
            rid: Applied(rid, when, latest.get(rid, (None, None))[1]) for rid, when in applied_rows
        }
        order = sorted(
            applied,
            key=lambda rid: (
                latest.get(rid, (0, None))[0],
                applied[rid].applied_at or datetime.min,
            ),
        )
        progress = self._progress() if PROGRESS_TABLE in tables else {}
        return DatabaseState(applied, order, progress)

    def _latest_applied_events(self) -> dict[str, tuple[int, str | None]]:
        rows = self.query(
            f"SELECT a.revision_id, a.id, a.checksum FROM {self.table(AUDIT_TABLE)} a JOIN "
            f"(SELECT revision_id, MAX(id) AS id FROM {self.table(AUDIT_TABLE)} "
            "WHERE outcome = 'success' AND action IN ('apply', 'stamp', 'adopt', 'resolve-applied') "
            "GROUP BY revision_id) m ON a.id = m.id"
        )
        return {rid: (event_id, checksum) for rid, event_id, checksum in rows}

    def _progress(self) -> dict[str, Progress]:
        rows = self.query(
            "SELECT revision_id, direction, state, checksum, statements_done, failed_statement,"
            " failed_line, error, connection_id, host, pid, started_at, updated_at"
            f" FROM {self.table(PROGRESS_TABLE)}"
        )
        progress = {}
        for row in rows:
            checksums = self.query(
                f"SELECT checksum FROM {self.table(PROGRESS_STATEMENT_TABLE)}"
                " WHERE revision_id = %s ORDER BY statement_index",
                (row[0],),
            )
            done = tuple(c for (c,) in checksums)
            # statements_done is the count of recorded statements: one insert per statement.
            progress[row[0]] = Progress(*row[:4], len(done), *row[5:], done)
        return progress

    def events(
        self,
        revision_ids: Iterable[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[AuditEvent]:
        if AUDIT_TABLE not in self.existing_tables():
            return []
        where, args = ["1=1"], []
        ids = list(revision_ids or [])
        if ids:
            where.append(f"revision_id IN ({', '.join(['%s'] * len(ids))})")
            args.extend(ids)
        if since is not None:
            where.append("started_at >= %s")
            args.append(since)
        if until is not None:
            where.append("started_at < %s")
            args.append(until)
        rows = self.query(
            f"SELECT id, {', '.join(AUDIT_COLUMNS)} FROM {self.table(AUDIT_TABLE)}"
            f" WHERE {' AND '.join(where)} ORDER BY id",
            args,
        )
        return [AuditEvent(*row[1:], id=row[0]) for row in rows]

    def alembic_versions(self) -> list[str] | None:
        """Alembic's (Flask-Migrate's) ``version_num`` rows, or None without its table."""
        rows = self.query(
            "SELECT 1 FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version'"
        )
        if not rows:
            return None
        return [
            str(v)
            for (v,) in self.query(f"SELECT version_num FROM {self.table('alembic_version')}")
        ]

    def restarted_since(self, moment: datetime) -> bool:
        """Whether the server restarted after ``moment`` (UTC, server clock)."""
        uptime, since = self.query(
            "SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
            " WHERE VARIABLE_NAME = 'UPTIME'), TIMESTAMPDIFF(SECOND, %s, UTC_TIMESTAMP())",
            (moment,),
        )[0]
        return int(uptime) < int(since)

    def thread_alive(self, connection_id: int) -> bool:
        rows = self.query(
            "SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = %s", (connection_id,)
        )
        return bool(rows)

    # -- schema and lock ------------------------------------------------------------------------

    def ensure_schema(self, migration_table: str) -> None:
        """Create yoyo's tables (through yoyo) and roble's, if missing."""
        existing = self.existing_tables()
        for name, ddl in zip(TABLE_NAMES, CREATE_TABLES, strict=True):
            if name not in existing:
                self.execute(ddl)
        self.yoyo(migration_table).ensure_internal_schema_updated()
        self.execute(audit.chain_start_sql(self.table(AUDIT_TABLE)))  # @roble_prev for this run

    def lock_name(self) -> str:
        name = f"roble:{self.database}"
        if len(name) > 64:  # MySQL caps user lock names at 64 characters
            name = "roble:" + hashlib.sha1(self.database.encode()).hexdigest()
        return name

    def lock_holder(self) -> LockHolder | None:
        (holder,) = self.query("SELECT IS_USED_LOCK(%s)", (self.lock_name(),))[0]
        if holder is None or holder == self.connection_id:
            return None
        rows = []
        if LOCK_TABLE in self.existing_tables():
            rows = self.query(
                f"SELECT host, pid, os_user, acquired_at FROM {self.table(LOCK_TABLE)}"
                " WHERE lock_name = %s AND connection_id = %s",
                (self.lock_name(), holder),
            )
        return LockHolder(holder, *(rows[0] if rows else (None, None, None, None)))

    @contextlib.contextmanager
    def lock(
        self, timeout: float, on_wait: Callable[[LockHolder], None] | None = None
    ) -> Iterator[None]:
        """Hold the migration lock; the server frees it if this process dies."""
        holder = self.lock_holder()
        if holder is not None and on_wait is not None:
            on_wait(holder)
        (got,) = self.query("SELECT GET_LOCK(%s, %s)", (self.lock_name(), timeout))[0]
        if got != 1:
            raise self._lock_timeout(timeout, holder or self.lock_holder())
        try:
            self._record_lock_holder()
            yield
        finally:
            with contextlib.suppress(Exception):
                self.query("SELECT RELEASE_LOCK(%s)", (self.lock_name(),))

    def _lock_timeout(self, timeout: float, holder: LockHolder | None) -> LockTimeout:
        who = "another runner"
        if holder is not None:
            who = f"connection {holder.connection_id}"
            if holder.host:
                who += f" (host {holder.host}, pid {holder.pid}, user {holder.os_user})"
        return LockTimeout(
            f"{who} held the migration lock for longer than {timeout:g} s",
            where=self.database,
            hint="wait for that run to finish, or raise --lock-timeout; "
            "the lock frees itself when its connection ends",
        )

    def _record_lock_holder(self) -> None:
        with contextlib.suppress(Exception):  # informative only; the lock itself is GET_LOCK
            self.execute(CREATE_TABLES[-1])  # roble_lock, so waiters can name the holder
            self.execute(
                f"REPLACE INTO {self.table(LOCK_TABLE)} VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    self.lock_name(),
                    self.connection_id,
                    self.who.host,
                    self.who.pid,
                    self.who.os_user,
                    utc_now(),
                ),
            )

    # -- yoyo's bookkeeping --------------------------------------------------------------------

    def yoyo(self, migration_table: str) -> Any:
        """yoyo's MySQL backend, sharing this connection (yoyo would open one per revision)."""
        if self._yoyo is None:
            backend_class, _ = yoyo_classes()
            self._yoyo = backend_class(self._conn, self.url, migration_table, self.who)
        return self._yoyo

    def _migration(self, revision_id: str, path: Path | None) -> Any:
        _, migration_class = yoyo_classes()
        return migration_class(revision_id, path)

    # -- backups -------------------------------------------------------------------------------

    def dump(self, path: Path) -> Path:
        """A consistent dump of the database (schema, data, routines, triggers) into ``path``."""
        from roble_sql.runner.backup import dump_database  # subprocess etc.: only for --backup

        return dump_database(self.url, path)
