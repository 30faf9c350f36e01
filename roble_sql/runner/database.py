"""The connection, what it reads (SELECT only), the lock and the bookkeeping schema."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roble_sql import audit
from roble_sql.audit import (
    ADDED_COLUMNS,
    APPLYING_ACTIONS,
    AUDIT_COLUMNS,
    AUDIT_TABLE,
    CREATE_TABLE,
    LOCK_TABLE,
    PROGRESS_STATEMENT_TABLE,
    PROGRESS_TABLE,
    SERVER_TABLE,
    STATE_ACTIONS,
    TABLE_NAMES,
    AuditEvent,
    ChainKey,
)
from roble_sql.dsn import DatabaseURL
from roble_sql.errors import (
    ConfigError,
    DatabaseError,
    LockTimeout,
)
from roble_sql.runner.batch import MAX_BATCH_BYTES
from roble_sql.runner.failures import UNREACHABLE, PartError, bookkeeping_error, connect_error
from roble_sql.runner.records import (
    Applied,
    DatabaseState,
    LockHolder,
    Progress,
    Recorded,
    Who,
    disagreeing,
    os_user,
    utc_now,
)
from roble_sql.runner.tls import check_tls_in_use, clear_text_guards, tls_failure, with_tls_hint
from roble_sql.runner.yoyo_adapter import yoyo_classes

if TYPE_CHECKING:  # only for --backup and restore; the runner is made on first use
    from roble_sql.runner.backup import BackupDestination, BackupFile
    from roble_sql.runner.executing import RevisionRunner
    from roble_sql.vcs import Provenance

SERVER_STATUS_IN_TRANS = 1
YOYO_LOG_TABLE = "_yoyo_log"  # yoyo's own name for it, fixed
_STATE_ACTIONS = ", ".join(f"'{action}'" for action in STATE_ACTIONS)


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
        # A clear-text password only over TLS or a socket, whatever the server asks.
        "auth_plugin_map": clear_text_guards(),
        **url.driver_kwargs(),
    }
    _check_charset(kwargs["charset"])
    _check_tls_files(url)
    while True:
        try:
            connection = pymysql.connect(**kwargs)
            check_tls_in_use(connection, url)
            return Database(connection, url)
        except OSError as exc:  # a TLS file (ssl_ca, ssl_cert, ssl_key) missing or unreadable
            raise ConfigError(
                f"a TLS file of the database URL can't be used: {exc.strerror or exc}",
                where=getattr(exc, "filename", None) or url.location(),
                hint="check the ssl_ca, ssl_cert and ssl_key paths (URL or yoyo.ini)",
            ) from None
        except pymysql.err.MySQLError as exc:
            failed_tls = tls_failure(exc, url)  # before retrying: waiting won't fix TLS
            if failed_tls is not None:
                raise failed_tls from None
            code = exc.args[0] if exc.args else None
            if code in UNREACHABLE and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            raise with_tls_hint(connect_error(exc, url), exc, url) from None


def _check_tls_files(url: DatabaseURL) -> None:
    if url.ssl_mode == "DISABLED":  # the files go unused
        return
    for option in ("ssl_ca", "ssl_cert", "ssl_key"):
        path = url.option(option)
        if path and not os.access(path, os.R_OK):
            raise ConfigError(
                f"the {option} file of the database URL can't be read",
                where=path,
                hint=f"check the {option} path (URL or yoyo.ini) and its permissions",
            )


def _check_charset(name: str) -> None:
    from pymysql.charset import charset_by_name

    if charset_by_name(name) is None:
        raise ConfigError(
            f"the connection character set {name!r} is not one the server knows",
            hint="set charset (URL ?charset= or yoyo.ini [roble] charset) to e.g. utf8mb4 "
            "or latin1",
        )


class Database:
    """A live connection plus everything roble reads and writes through it."""

    def __init__(self, connection: Any, url: DatabaseURL):
        self.connection = connection  # PyMySQL's
        self.url = url
        row = self.query(
            "SELECT CONNECTION_ID(), CURRENT_USER(), VERSION(), DATABASE(), @@max_allowed_packet"
        )[0]
        self.connection_id, db_user, self.server_version, self.database, packet = row
        # A batch's statements and bookkeeping must fit in one packet, with room to spare.
        self.max_packet = int(packet)
        self.batch_bytes = min(self.max_packet // 2, MAX_BATCH_BYTES)
        if not self.database:
            raise DatabaseError(
                "the database URL names no database",
                where=url.location(),
                hint="end the URL with /database_name",
            )
        self.who = Who(db_user, os_user(), socket.gethostname(), os.getpid())
        self._prefix = f"`{self.database.replace('`', '``')}`."
        self._yoyo: Any = None
        self._columns: dict[str, set[str]] = {}
        self.chain_key: ChainKey | None = None  # the run's audit key, when one is given
        self._incarnation: str | None = None
        self.lease_seconds = 30.0  # the cluster lease (runner/lease.py); from Settings
        self.allow_rsu = False
        # Where the files come from in git, and the refusal --yes-i-know confirmed this
        # run past: both recorded in every audit row it writes.
        self.provenance: Provenance | None = None
        self.override: str | None = None

    @functools.cached_property
    def runner(self) -> RevisionRunner:
        """What runs revisions on this connection and writes their records."""
        from roble_sql.runner.executing import RevisionRunner

        return RevisionRunner(self)

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, PartError):
            exc = exc.cause
        if exc is not None and type(exc).__module__.startswith("pymysql"):
            raise bookkeeping_error(exc, self.url) from None

    def use(self, database: str) -> None:
        """Work in ``database`` from now on (a scratch database made on this connection):
        what was learned about the previous one is forgotten."""
        self.connection.select_db(database)
        self.database = database
        self._prefix = f"`{database.replace('`', '``')}`."
        self._yoyo = None
        self._columns = {}
        self._incarnation = None
        self.__dict__.pop("runner", None)

    def table(self, name: str) -> str:
        """A bookkeeping table, qualified so a revision's USE can't redirect it."""
        return f"{self._prefix}`{name}`"

    def query(self, sql: str, args: Any = None) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())

    def execute(self, sql: str, args: Any = None) -> int:
        with self.connection.cursor() as cursor:
            return cursor.execute(sql, args)

    def in_transaction(self) -> bool:
        return bool(self.connection.server_status & SERVER_STATUS_IN_TRANS)

    # -- reading (SELECT only; no lock, no table creation) -------------------------------------

    def existing_tables(self, migration_table: str = "_yoyo_migration") -> set[str]:
        """Which of the bookkeeping tables exist. Naming them keeps the query cheap: an
        open-ended information_schema.TABLES scan opens every table of a big schema."""
        names = (migration_table, YOYO_LOG_TABLE, *TABLE_NAMES)
        rows = self.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            f" AND TABLE_NAME IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        return {row[0] for row in rows}

    def state(self, migration_table: str) -> DatabaseState:
        """What is applied (yoyo's table), with checksums and order from the audit log, and
        where the two disagree."""
        tables = self.existing_tables(migration_table)
        applied_rows = []
        if migration_table in tables:
            applied_rows = self.query(
                f"SELECT migration_id, applied_at_utc FROM {self.table(migration_table)}"
            )
        recorded = self._recorded() if AUDIT_TABLE in tables else {}
        applied = {}
        for rid, when in applied_rows:
            known = recorded.get(rid)
            known = known if known is not None and known.applied else None
            applied[rid] = Applied(
                rid, when, known and known.checksum, known and known.rollback_checksum
            )
        order = sorted(
            applied,
            key=lambda rid: (
                recorded[rid].event_id if rid in recorded else 0,
                applied[rid].applied_at or datetime.min,
            ),
        )
        progress = self._progress() if PROGRESS_TABLE in tables else {}
        disagreements = disagreeing(
            applied, recorded, AUDIT_TABLE in tables, self._roble_was_here(tables)
        )
        return DatabaseState(applied, order, progress, disagreements)

    def _recorded(self) -> dict[str, Recorded]:
        """Each revision's latest successful event that changed whether it is applied."""
        rollback = (
            "a.rollback_checksum" if "rollback_checksum" in self.columns(AUDIT_TABLE) else "NULL"
        )
        rows = self.query(
            f"SELECT a.revision_id, a.id, a.action, a.checksum, {rollback}"
            f" FROM {self.table(AUDIT_TABLE)} a JOIN "
            f"(SELECT revision_id, MAX(id) AS id FROM {self.table(AUDIT_TABLE)} "
            f"WHERE outcome = 'success' AND action IN ({_STATE_ACTIONS}) "
            "GROUP BY revision_id) m ON a.id = m.id"
        )
        return {
            rid: Recorded(event_id, action in APPLYING_ACTIONS, checksum, rollback_sum)
            for rid, event_id, action, checksum, rollback_sum in rows
        }

    def _roble_was_here(self, tables: set[str]) -> bool:
        """roble's rows in yoyo's log (they say so in its comment): roble wrote here."""
        if YOYO_LOG_TABLE not in tables:
            return False
        return bool(
            self.query(
                f"SELECT 1 FROM {self.table(YOYO_LOG_TABLE)} WHERE comment LIKE 'roble %%' LIMIT 1"
            )
        )

    def columns(self, table: str) -> set[str]:
        """The columns a bookkeeping table has (an older roble's may lack newer ones)."""
        if table not in self._columns:
            rows = self.query(
                "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
                (table,),
            )
            self._columns[table] = {name for (name,) in rows}
        return self._columns[table]

    def _progress(self) -> dict[str, Progress]:
        incarnation = (
            "server_incarnation" if "server_incarnation" in self.columns(PROGRESS_TABLE) else "NULL"
        )
        rows = self.query(
            "SELECT revision_id, direction, state, checksum, statements_done, failed_statement,"
            f" failed_line, error, connection_id, host, pid, started_at, updated_at, {incarnation}"
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
            progress[row[0]] = Progress._make((*row[:4], len(done), *row[5:13], done, row[13]))
        return progress

    def events(
        self,
        revision_ids: Iterable[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[AuditEvent]:
        if AUDIT_TABLE not in self.existing_tables():
            return []
        where, args = ["1=1"], list[object]()
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
            f"SELECT id, {self.audit_columns_sql()} FROM {self.table(AUDIT_TABLE)}"
            f" WHERE {' AND '.join(where)} ORDER BY id",
            args,
        )
        return [_event(row) for row in rows]

    def chain_head(self) -> audit.ChainHead | None:
        """The audit log's last row: its id and hash (None when empty or absent)."""
        if AUDIT_TABLE not in self.existing_tables(AUDIT_TABLE):
            return None
        rows = self.query(
            f"SELECT id, row_hash FROM {self.table(AUDIT_TABLE)} ORDER BY id DESC LIMIT 1"
        )
        return audit.ChainHead(int(rows[0][0]), rows[0][1]) if rows else None

    def last_event(self) -> AuditEvent:
        rows = self.query(
            f"SELECT id, {self.audit_columns_sql()} FROM {self.table(AUDIT_TABLE)}"
            " ORDER BY id DESC LIMIT 1"
        )
        return _event(rows[0])

    def audit_columns_sql(self) -> str:
        """The audit columns to select, NULL for those an older table lacks."""
        present = self.columns(AUDIT_TABLE)
        return ", ".join(c if c in present else f"NULL AS {c}" for c in AUDIT_COLUMNS)

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

    def incarnation(self) -> str:
        """A token naming this run of the server: roble_server is a MEMORY table, which
        every restart empties, so a restart however fast brings a new token. The host,
        port and server id in it tell another server (a failover) apart, too."""
        if self._incarnation is None:
            table = self.table(SERVER_TABLE)
            self.execute(
                f"INSERT IGNORE INTO {table} (id, token) VALUES"
                " (1, CONCAT(@@hostname, ':', @@port, ':', @@server_id, ':', UUID()))"
            )
            self._incarnation = str(self.query(f"SELECT token FROM {table} WHERE id = 1")[0][0])
        return self._incarnation

    def restarted_since(self, progress: Progress) -> bool:
        """Whether the server restarted (or is another server) since ``progress`` was
        written: its token names another run of the server."""
        if progress.server_incarnation is not None:
            return progress.server_incarnation != self.incarnation()
        return self._uptime_shorter_than(progress.updated_at)  # a row of an older roble

    def _uptime_shorter_than(self, moment: datetime) -> bool:
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
        for name, ddl in CREATE_TABLE.items():
            if name not in existing:
                self.execute(ddl)
            else:
                self._add_columns(name)
        self.yoyo(migration_table).ensure_internal_schema_updated()
        self.execute(audit.chain_start_sql(self.table(AUDIT_TABLE)))  # @roble_prev for this run

    def _add_columns(self, table: str) -> None:
        """Bring a table an older roble created up to date (new columns, NULL in old rows)."""
        missing = {
            c: d for c, d in ADDED_COLUMNS.get(table, {}).items() if c not in self.columns(table)
        }
        if missing:
            adds = ", ".join(f"ADD COLUMN `{c}` {d}" for c, d in missing.items())
            self.execute(f"ALTER TABLE {self.table(table)} {adds}")
            self._columns.pop(table, None)

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
        cluster_wide = self._cluster_lease(timeout, on_wait)  # before anything is written
        holder = self.lock_holder()
        if holder is not None and on_wait is not None:
            on_wait(holder)
        (got,) = self.query("SELECT GET_LOCK(%s, %s)", (self.lock_name(), timeout))[0]
        if got != 1:
            raise self._lock_timeout(timeout, holder or self.lock_holder())
        try:
            self._record_lock_holder()
            with cluster_wide:
                yield
        finally:
            with contextlib.suppress(Exception):
                self.query("SELECT RELEASE_LOCK(%s)", (self.lock_name(),))

    def _cluster_lease(
        self, timeout: float, on_wait: Callable[[LockHolder], None] | None
    ) -> contextlib.AbstractContextManager[None]:
        """On Galera GET_LOCK is node-local: hold the cluster-wide lease too (lease.py);
        refuse RSU, which would change this node's schema only (cluster.py). Taken on
        entering, after GET_LOCK."""
        from roble_sql.runner.cluster import detect, refuse_rsu
        from roble_sql.runner.lease import cluster_lease

        self.cluster = detect(self)
        refuse_rsu(self.cluster, self.url.location(), allowed=self.allow_rsu)
        return cluster_lease(self, self.cluster, self.lease_seconds, timeout, on_wait)

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
            self.execute(CREATE_TABLE[LOCK_TABLE])  # so waiters can name the holder
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
            self._yoyo = backend_class(self.connection, self.url, migration_table, self.who)
        return self._yoyo

    def migration(self, revision_id: str, path: Path | None) -> Any:
        _, migration_class = yoyo_classes()
        return migration_class(revision_id, path)

    # -- backups -------------------------------------------------------------------------------

    def dump(self, destination: BackupDestination) -> Path:
        """A consistent dump of the database (schema, data, routines, triggers, events; not
        roble's own tables) into a new file at ``destination``; returns its path."""
        from roble_sql.runner.backup import dump_database  # subprocess etc.: only for --backup

        return dump_database(self.url, destination, self.database)

    def restore(self, backup: BackupFile) -> list[str]:
        """Put a backup back (hold the lock): the objects it lacks are dropped, roble's
        tables are kept, its progress rows cleared. Returns the objects dropped for good."""
        from roble_sql.runner.backup import restore_database

        return restore_database(self, backup)


def _event(row: tuple[Any, ...]) -> AuditEvent:
    """An audit row selected as ``id, <AUDIT_COLUMNS>``."""
    return AuditEvent(**dict(zip(AUDIT_COLUMNS, row[1:], strict=True)), id=row[0])
