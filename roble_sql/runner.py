"""The one module that talks to yoyo and the database.

One connection serves a whole run: it holds the migration lock (``GET_LOCK``,
released by the server when the connection dies, so a killed deploy leaves no
stale lock), runs the revisions' statements as the ``mariadb`` client would, and
writes the bookkeeping: yoyo's tables (through yoyo's backend) and roble's
audit and progress tables (see ``audit.py``). pymysql and yoyo are imported
lazily so read-only commands start fast.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import hashlib
import itertools
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roble_sql import __version__, audit, classify
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
from roble_sql.dsn import DatabaseURL, redact
from roble_sql.errors import (
    AccessDenied,
    ConfigError,
    DatabaseError,
    LockTimeout,
    MigrationFailed,
    UnknownDatabase,
)
from roble_sql.splitter import Statement

_UNREACHABLE = {2002, 2003, 2005, 2006, 2013}
_ACCESS_DENIED = {1044, 1045, 1142, 1143, 1227, 1698}
_UNKNOWN_DATABASE = 1049
_LOST_CONNECTION = {2006, 2013, 2014}
_SERVER_STATUS_IN_TRANS = 1
# Session settings a revision may change with SET; restored after each revision that
# ran a SET so one revision's FOREIGN_KEY_CHECKS=0 can't leak into the next one.
_SESSION_VARIABLES = (
    "sql_mode",
    "foreign_key_checks",
    "unique_checks",
    "time_zone",
    "autocommit",
    "character_set_client",
    "character_set_connection",
    "character_set_results",
    "collation_connection",
    "sql_log_bin",
    "sql_safe_updates",
    "max_statement_time",
    "lock_wait_timeout",
    "innodb_lock_wait_timeout",
    "sql_notes",
    "check_constraint_checks",
)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Who:
    """Who and where a run comes from, as the audit table records it."""

    db_user: str
    os_user: str
    host: str
    pid: int


@dataclass(frozen=True)
class Applied:
    id: str
    applied_at: datetime | None
    checksum: str | None  # content sha256 recorded at apply/stamp time; None if unknown


@dataclass(frozen=True)
class Progress:
    """A revision that is running (its runner died) or failed part-way."""

    revision_id: str
    direction: str
    state: str
    checksum: str
    statements_done: int
    failed_statement: int | None
    failed_line: int | None
    error: str | None
    connection_id: int
    host: str
    pid: int
    started_at: datetime
    updated_at: datetime
    statement_checksums: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatabaseState:
    applied: dict[str, Applied]
    applied_order: list[str]  # oldest first
    progress: dict[str, Progress]


@dataclass(frozen=True)
class RunOutcome:
    revision_id: str
    action: str
    statements: int
    duration_ms: float
    resumed_from: int = 0


@dataclass(frozen=True)
class LockHolder:
    connection_id: int
    host: str | None
    pid: int | None
    os_user: str | None
    acquired_at: datetime | None


@dataclass
class _Run:
    """Book-keeping of one revision while it runs."""

    revision_id: str
    direction: str
    checksum: str
    started: float
    started_at: datetime
    done: list[tuple[str, int]] = field(default_factory=list)  # (statement sha256, line)
    tracked: bool = False  # progress rows exist (the revision left transaction mode)
    recorded: int = 0  # statements written to the progress table so far
    in_tx: bool = False  # statements run inside one transaction so far
    session_touched: bool = False
    tables_locked: bool = False  # LOCK TABLES is active: only locked tables may be written
    began: bool = False  # BEGIN was sent for a transactional revision
    finished: bool = False  # the success record was sent
    progress_row: bool = False  # the roble_progress row is written (or queued)
    resumed: bool = False  # old statement rows may exist for this revision
    pending: list[str] = field(default_factory=list)  # bookkeeping SQL for the next round trip


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
    while True:
        try:
            return Database(pymysql.connect(**kwargs), url)
        except pymysql.err.MySQLError as exc:
            code = exc.args[0] if exc.args else None
            if code in _UNREACHABLE and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            raise _connect_error(exc, url) from None


def _bookkeeping_error(exc: BaseException, url: DatabaseURL) -> DatabaseError:
    """A driver error outside a revision's own statements: privileges, a lost server."""
    code = exc.args[0] if exc.args else None
    text = redact(" ".join(str(exc.args[1] if len(exc.args) > 1 else exc).split()), (url.password,))
    if code in _ACCESS_DENIED:
        return AccessDenied(
            f"the database user may not do this: {text}",
            where=url.location(),
            hint="read-only commands need SELECT; migrating needs CREATE, ALTER, DROP, INDEX, "
            "INSERT, UPDATE, DELETE and SELECT on the database",
        )
    return DatabaseError(
        f"the database failed roble's bookkeeping: ({code}) {text}",
        where=url.location(),
        hint="run 'roble status' to see what is recorded, then run the command again",
    )


def _connect_error(exc: Exception, url: DatabaseURL) -> DatabaseError:
    code = exc.args[0] if exc.args else None
    text = redact(str(exc.args[1] if len(exc.args) > 1 else exc), (url.password,))
    where = f"{url.location()} as {url.user or 'the current user'}"
    if code in _ACCESS_DENIED:
        return AccessDenied(
            f"the server refused the login: {text}",
            where=where,
            hint="check the user and password (DATABASE_URL, ROBLE_DB_PASSWORD or ~/.my.cnf)",
        )
    if code == _UNKNOWN_DATABASE:
        return UnknownDatabase(
            f"database '{url.database}' does not exist",
            where=url.location(),
            hint=f"create it first: CREATE DATABASE `{url.database}` CHARACTER SET utf8mb4",
        )
    return DatabaseError(
        f"cannot reach the database server: {text}",
        where=url.location(),
        hint="check that the server runs and the host/port/socket are right, or pass --wait",
    )


class Database:
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
        self.who = Who(db_user, _os_user(), socket.gethostname(), os.getpid())
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
        if isinstance(exc, _PartError):
            exc = exc.cause
        if exc is not None and type(exc).__module__.startswith("pymysql"):
            raise _bookkeeping_error(exc, self.url) from None

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
        return bool(self._conn.server_status & _SERVER_STATUS_IN_TRANS)

    # -- reading (SELECT only; no lock, no table creation) -------------------------------------

    def existing_tables(self) -> set[str]:
        rows = self.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        )
        return {row[0] for row in rows}

    def state(self, migration_table: str) -> DatabaseState:
        """What is applied (yoyo's table), with checksums and order from the audit log."""
        tables = self.existing_tables()
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
            "WHERE outcome = 'success' AND action IN ('apply', 'stamp', 'resolve-applied') "
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

    # -- audit ---------------------------------------------------------------------------------

    def _audit_sql(self, run: _Run, action: str, outcome: str, **extra: Any) -> list[str]:
        """SQL appending one audit event for ``run`` (see audit.insert_sql)."""
        values = {
            "revision_id": run.revision_id,
            "action": action,
            "outcome": outcome,
            "checksum": run.checksum or None,
            "db_user": self.who.db_user,
            "os_user": self.who.os_user,
            "host": self.who.host,
            "pid": self.who.pid,
            "statements": len(run.done),
            "roble_version": __version__,
            **extra,
        }
        return audit.insert_sql(self.table(AUDIT_TABLE), values, self._conn.escape)

    def last_event(self) -> AuditEvent:
        rows = self.query(
            f"SELECT id, {', '.join(AUDIT_COLUMNS)} FROM {self.table(AUDIT_TABLE)}"
            " ORDER BY id DESC LIMIT 1"
        )
        return AuditEvent(*rows[0][1:], id=rows[0][0])

    # -- running revisions ---------------------------------------------------------------------

    def run_revision(
        self,
        *,
        revision_id: str,
        path: Path,
        direction: str,
        checksum: str,
        statements: Iterable[Statement],
        transactional: bool,
        migration_table: str,
        resume: Progress | None = None,
        detail: str | None = None,
    ) -> RunOutcome:
        """Run one revision's statements and record it, atomically where MySQL allows.

        Pure-DML revisions run in one transaction together with their bookkeeping.
        Otherwise every statement is followed by the row recording it
        (``stmt; INSERT progress``), and the last one by the revision's whole record
        (``stmt; BEGIN; yoyo rows; audit row; COMMIT``). Statements travel in
        multi-statement batches: the server runs them in order, stops at the first
        failure, and finishes a batch even if roble dies meanwhile. So the database
        always says how far a revision got, and a one-statement revision costs one
        round trip.
        """
        run = _Run(revision_id, direction, checksum, time.perf_counter(), utc_now())
        skip = 0
        if resume is not None:
            run.done = [(c, 0) for c in resume.statement_checksums]
            skip = resume.statements_done
            run.resumed = run.progress_row = True
            run.recorded = len(run.done)
        run.in_tx = transactional and resume is None
        run.pending.append(audit.START_SQL)
        batch = _Batch()
        try:
            for index, (statement, last) in enumerate(_with_last(statements)):
                if index < skip:
                    continue
                self._add_statement(
                    run, batch, index, statement, last, path, migration_table, detail
                )
                if last or batch.full(self.batch_bytes):
                    self._flush(run, batch)
            if not run.finished:
                self._finish(run, path, migration_table, detail)
        except _StatementError as failure:
            self._fail(run, failure, path)
        return RunOutcome(
            revision_id,
            direction,
            len(run.done),
            round((time.perf_counter() - run.started) * 1000, 3),
            skip,
        )

    def _add_statement(
        self,
        run: _Run,
        batch: _Batch,
        index: int,
        statement: Statement,
        last: bool,
        path: Path,
        migration_table: str,
        detail: str | None,
    ) -> None:
        """Queue one statement with what records it; decisions are made from its text."""
        text = statement.text
        if run.in_tx and (
            classify.causes_implicit_commit(text) or classify.is_transaction_control(text)
        ):
            run.in_tx = False  # MySQL commits before it: what ran so far is recorded with it
        elif run.in_tx and not run.began:
            run.pending.append("BEGIN")
            run.began = True
        if classify.is_set_statement(text) or classify.first_keyword(text) == "USE":
            run.session_touched = True
        locks = _table_locks_after(run.tables_locked, text, run.in_tx)
        batch.add_bookkeeping(run.pending)
        run.pending = []
        batch.add_statement(index, statement, len(run.done))
        run.done.append((sha256_text(text), statement.line))
        if last and self._can_finish_with(run, locks):
            batch.add_bookkeeping(self._finish_sql(run, path, migration_table, detail))
        elif not run.in_tx and not locks:
            batch.add_bookkeeping(self._progress_sql(run))
        run.tables_locked = locks

    def _can_finish_with(self, run: _Run, locks_after: bool) -> bool:
        """Whether the record can ride with the last statement: nothing to settle first."""
        if locks_after or run.session_touched or run.tables_locked:
            return False
        run.finished = True
        return True

    def _flush(self, run: _Run, batch: _Batch) -> None:
        """Send the queued batch; on failure, keep only what the server really ran."""
        parts, owners, done_before = batch.take()
        try:
            self._send(parts)
        except _PartError as exc:
            ran = sum(1 for owner in owners[: exc.part] if owner is not None)
            run.done = run.done[: done_before + ran]  # the server stopped at the failing part
            run.recorded = min(run.recorded, len(run.done))
            run.finished = False
            failed = owners[exc.part]
            if failed is not None:
                raise _StatementError(failed[0], failed[1], exc.cause) from None
            if ran == 0:
                raise _bookkeeping_error(exc.cause, self.url) from None
            raise DatabaseError(
                f"statement {len(run.done)} ran but roble could not record it: {exc.cause}",
                where=run.revision_id,
                hint=f"check the schema, then settle it with 'roble resolve {run.revision_id}'",
            ) from None

    def _send(self, parts: list[str]) -> None:
        """One round trip for ``parts``; every result set is read, so a failure names its part."""
        if not parts:
            return
        done = 0
        with self._conn.cursor() as cursor:
            try:
                cursor.execute(";\n".join(parts) if len(parts) > 1 else parts[0])
                done = 1
                while cursor.nextset():
                    done += 1
            except Exception as exc:  # pymysql raises several families
                raise _PartError(done, exc) from exc

    def _literal(self, sql: str, args: Any) -> str:
        with self._conn.cursor() as cursor:
            return cursor.mogrify(sql, args)

    def _progress_sql(self, run: _Run) -> list[str]:
        """SQL recording progress: the running row if not yet written, then unrecorded statements."""
        sql = []
        done = run.done
        if not run.progress_row:
            run.progress_row = True
            sql.append(
                self._literal(
                    f"REPLACE INTO {self.table(PROGRESS_TABLE)} (revision_id, direction, state,"
                    " checksum, statements_done, connection_id, host, pid, started_at, updated_at)"
                    " VALUES (%s, %s, 'running', %s, %s, %s, %s, %s, @roble_t0, UTC_TIMESTAMP(6))",
                    (
                        run.revision_id,
                        run.direction,
                        run.checksum,
                        len(done),
                        self.connection_id,
                        self.who.host,
                        self.who.pid,
                    ),
                )
            )
            if run.resumed:
                sql.append(
                    self._literal(
                        f"DELETE FROM {self.table(PROGRESS_STATEMENT_TABLE)} WHERE revision_id = %s",
                        (run.revision_id,),
                    )
                )
                run.recorded = 0
        pending = done[run.recorded :]
        if pending:
            rows = ", ".join(["(%s, %s, %s, %s)"] * len(pending))
            values: list[object] = []
            for offset, (checksum, line) in enumerate(pending):
                values += [run.revision_id, run.recorded + offset, checksum, line]
            sql.append(
                self._literal(
                    f"INSERT INTO {self.table(PROGRESS_STATEMENT_TABLE)} VALUES {rows}"
                    " ON DUPLICATE KEY UPDATE checksum = VALUES(checksum), line = VALUES(line)",
                    values,
                )
            )
        run.recorded = len(done)
        return sql

    def _settle_session(self, run: _Run) -> None:
        """Release table locks, commit what a revision left open, undo its session settings."""
        if run.tables_locked:
            self.execute("UNLOCK TABLES")  # commits nothing; the revision forgot it
            run.tables_locked = False
        if self._in_transaction():
            self.execute("COMMIT")  # DML a revision left uncommitted is never lost
        if run.session_touched:
            self._restore_session()

    def _finish_sql(
        self, run: _Run, path: Path, migration_table: str, detail: str | None
    ) -> list[str]:
        """The revision's record: yoyo's rows, progress cleared, the audit event; one commit."""
        backend = self.yoyo(migration_table)
        migration = self._migration(run.revision_id, path)
        batch = [] if run.in_tx and run.began else ["BEGIN"]
        batch += backend.bookkeeping_sql(migration, run.direction)
        if run.progress_row:
            batch += self._clear_progress_sql(run.revision_id)
        batch += self._audit_sql(run, run.direction, "success", detail=detail)
        return [*batch, "COMMIT", audit.ADVANCE_SQL]  # a failed part stops the rest

    def _finish(self, run: _Run, path: Path, migration_table: str, detail: str | None) -> None:
        """Record success in its own round trip, after settling what the revision left open."""
        if run.in_tx:
            if run.session_touched:
                self._restore_session(keep_autocommit=True)
        else:
            self._settle_session(run)
        self._send([*run.pending, *self._finish_sql(run, path, migration_table, detail)])
        run.pending = []
        run.finished = True

    def _clear_progress_sql(self, revision_id: str) -> list[str]:
        return [
            self._literal(f"DELETE FROM {self.table(table)} WHERE revision_id = %s", (revision_id,))
            for table in (PROGRESS_TABLE, PROGRESS_STATEMENT_TABLE)
        ]

    def _fail(self, run: _Run, failure: _StatementError, path: Path) -> None:
        in_tx = run.in_tx
        error = failure.server_message(self.url)
        if failure.lost_connection:
            raise MigrationFailed(
                f"lost the connection to the server during statement {failure.index + 1}: {error}",
                where=f"{path}:{failure.statement.line}",
                hint="the revision may be half-applied; run 'roble status' once the server is "
                "back: it shows how far the revision got",
            )
        with contextlib.suppress(Exception):
            self.execute("ROLLBACK")
        self._settle_session(run)
        batch: list[str] = []
        if not in_tx:
            batch += self._progress_sql(run)
            batch.append(
                self._literal(
                    f"UPDATE {self.table(PROGRESS_TABLE)} SET state = 'failed', statements_done = %s,"
                    " failed_statement = %s, failed_line = %s, error = %s,"
                    " updated_at = UTC_TIMESTAMP(6) WHERE revision_id = %s",
                    (len(run.done), failure.index, failure.statement.line, error, run.revision_id),
                )
            )
        if in_tx:
            run.done = []  # rolled back: nothing of it stays
        batch += self._audit_sql(
            run, run.direction, "failure", error=error, error_line=failure.statement.line
        )
        self._send([*batch, audit.ADVANCE_SQL])
        raise _failure_error(run, failure, error, in_tx, path)

    def _restore_session(self, keep_autocommit: bool = False) -> None:
        if self._session is None:
            return
        names = [n for n in self._session if not (keep_autocommit and n == "autocommit")]
        current = self.query("SELECT " + ", ".join(f"@@SESSION.{n}" for n in names))[0]
        changed = [
            (n, self._session[n])
            for n, value in zip(names, current, strict=True)
            if value != self._session[n]
        ]
        if changed:
            assignments = ", ".join(f"SESSION {name} = %s" for name, _ in changed)
            self.execute(f"SET {assignments}", [value for _, value in changed])
        (database,) = self.query("SELECT DATABASE()")[0]
        if database != self.database:
            self._conn.select_db(self.database)

    def snapshot_session(self) -> None:
        """Remember the session settings to restore after each revision."""
        available = self.query(
            "SELECT VARIABLE_NAME FROM information_schema.SESSION_VARIABLES WHERE VARIABLE_NAME IN ("
            + ", ".join(["%s"] * len(_SESSION_VARIABLES))
            + ")",
            [name.upper() for name in _SESSION_VARIABLES],
        )
        names = [name for name in _SESSION_VARIABLES if name.upper() in {n for (n,) in available}]
        values = self.query("SELECT " + ", ".join(f"@@SESSION.{n}" for n in names))[0]
        self._session = dict(zip(names, values, strict=True))

    # -- backups -------------------------------------------------------------------------------

    def dump(self, path: Path) -> Path:
        """A consistent dump of the database (schema, data, routines, triggers) into ``path``."""
        return dump_database(self.url, path)

    # -- marking without running ---------------------------------------------------------------

    def mark(
        self,
        *,
        revision_id: str,
        path: Path | None,
        checksum: str | None,
        action: str,
        migration_table: str,
        applied: bool,
        detail: str | None = None,
    ) -> AuditEvent:
        """Mark (or unmark) a revision as applied without running it, audited."""
        run = _Run(revision_id, action, checksum or "", time.perf_counter(), utc_now())
        backend = self.yoyo(migration_table)
        migration = self._migration(revision_id, path)
        self.execute("BEGIN")  # read and write in one transaction, under the migration lock
        is_applied = bool(
            self.query(
                f"SELECT 1 FROM {self.table(migration_table)} WHERE migration_id = %s",
                (revision_id,),
            )
        )
        batch = []
        if applied != is_applied:
            batch += backend.bookkeeping_sql(migration, "mark" if applied else "unmark")
        batch += self._clear_progress_sql(revision_id)
        batch += self._audit_sql(run, action, "success", detail=detail)
        self._send([audit.START_SQL, *batch, "COMMIT", audit.ADVANCE_SQL])
        return self.last_event()


DUMP_TOOLS = ("mariadb-dump", "mysqldump")


def dump_database(url: DatabaseURL, path: Path) -> Path:
    """Run mariadb-dump/mysqldump with --single-transaction; the password goes in a 0600 file."""
    tool = next((found for name in DUMP_TOOLS if (found := shutil.which(name))), None)
    if tool is None:
        raise ConfigError(
            "--backup needs mariadb-dump or mysqldump, and neither is installed",
            hint="install the client tools (apt-get install mariadb-client) or drop --backup",
        )
    target = path.resolve()
    partial = target.with_name(target.name + ".partial")
    with tempfile.NamedTemporaryFile("w", prefix="roble-", suffix=".cnf", delete=False) as options:
        os.chmod(options.name, 0o600)
        options.write(_client_options(url))
    try:
        with partial.open("wb") as out:
            done = subprocess.run(
                [
                    tool,
                    f"--defaults-extra-file={options.name}",
                    "--single-transaction",
                    "--routines",
                    "--triggers",
                    "--hex-blob",
                    "--no-tablespaces",
                    "--databases",
                    url.database or "",
                ],
                stdout=out,
                stderr=subprocess.PIPE,
                check=False,
            )
    finally:
        os.unlink(options.name)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        message = redact(
            done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
            if done.stderr.strip()
            else f"exit {done.returncode}",
            (url.password,),
        )
        raise DatabaseError(
            f"the backup failed, so nothing was applied: {message}",
            where=str(target),
            hint="fix the dump problem (privileges: SELECT, SHOW VIEW, TRIGGER, LOCK TABLES) and run again",
        )
    partial.rename(target)
    return target


def _client_options(url: DatabaseURL) -> str:
    lines = ["[client]"]
    for key, value in (
        ("user", url.user),
        ("password", url.password),
        ("host", url.host),
        ("port", url.port),
        ("socket", url.unix_socket),
    ):
        if value is not None:
            lines.append(
                f'{key}="{str(value).replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
            )
    return "\n".join(lines) + "\n"


MAX_BATCH_STATEMENTS = 1000  # statements per round trip; the byte limit comes from the server
MAX_BATCH_BYTES = 8 << 20


class _Batch:
    """Statements (with their bookkeeping) waiting to go to the server in one round trip."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.owners: list[tuple[int, Statement] | None] = []  # None: roble's own SQL
        self.size = 0
        self.statements = 0
        self.done_before = 0

    def add_bookkeeping(self, sqls: list[str]) -> None:
        for sql in sqls:
            self.parts.append(sql)
            self.owners.append(None)
            self.size += len(sql)

    def add_statement(self, index: int, statement: Statement, done_before: int) -> None:
        if not self.statements:
            self.done_before = done_before
        self.parts.append(statement.text)
        self.owners.append((index, statement))
        self.size += len(statement.text)
        self.statements += 1

    def full(self, limit: int) -> bool:
        return self.size >= limit or self.statements >= MAX_BATCH_STATEMENTS

    def take(self) -> tuple[list[str], list[tuple[int, Statement] | None], int]:
        taken = (self.parts, self.owners, self.done_before)
        self.__init__()  # type: ignore[misc]
        return taken


class _PartError(Exception):
    """Part ``part`` of a multi-statement round trip failed (the parts before it ran)."""

    def __init__(self, part: int, cause: Exception):
        super().__init__(str(cause))
        self.part = part
        self.cause = cause


def _pyformat(sql: str) -> str:
    """yoyo's ``:name`` placeholders as ``%(name)s``, with literal % doubled."""
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


def _with_last(items: Iterable[Statement]) -> Iterator[tuple[Statement, bool]]:
    """Each statement with whether it is the last: the record rides with the last one."""
    iterator = iter(items)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following is None
        current = following


def _table_locks_after(locked: bool, text: str, in_tx: bool) -> bool:
    """Whether LOCK TABLES is in force after ``text`` (while it is, only locked tables can be written)."""
    first = classify.first_keyword(text)
    if first == "LOCK":
        return True
    if first == "UNLOCK" or (first in ("START", "BEGIN") and not in_tx):
        return False  # UNLOCK TABLES and a new transaction release table locks
    return locked


class _StatementError(Exception):
    def __init__(self, index: int, statement: Statement, cause: Exception):
        super().__init__(str(cause))
        self.index = index
        self.statement = statement
        self.cause = cause

    @property
    def code(self) -> int | None:
        args = getattr(self.cause, "args", ())
        return args[0] if args and isinstance(args[0], int) else None

    @property
    def lost_connection(self) -> bool:
        return self.code in _LOST_CONNECTION

    def server_message(self, url: DatabaseURL) -> str:
        args = getattr(self.cause, "args", ())
        if len(args) >= 2:
            text = f"({args[0]}) {args[1]}"
        else:
            text = f"{type(self.cause).__name__}: {self.cause}"
        return redact(" ".join(text.split()), (url.password,))


def _failure_error(
    run: _Run, failure: _StatementError, error: str, in_tx: bool, path: Path
) -> MigrationFailed:
    number = failure.index + 1
    verb = "apply" if run.direction == "apply" else "roll back"
    if in_tx:
        hint = (
            "nothing was changed: the revision ran as one transaction and was rolled back; "
            f"fix the file and run 'roble {'upgrade' if run.direction == 'apply' else 'downgrade'}' again"
        )
    else:
        hint = (
            f"statements 1-{number - 1} are applied and recorded; fix statement {number} and run "
            f"'roble {'upgrade' if run.direction == 'apply' else 'downgrade'}' again to resume there, "
            f"or settle it by hand with 'roble resolve {run.revision_id}'"
            if number > 1
            else "nothing was changed; fix the statement and run the command again"
        )
    return MigrationFailed(
        f"could not {verb} {run.revision_id}: statement {number} failed: {error}",
        where=f"{path}:{failure.statement.line}",
        hint=hint,
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return str(os.getuid())


@functools.cache
def yoyo_classes() -> tuple[type, type]:
    """yoyo's backend and migration classes, adapted; built on first use (yoyo imports slowly)."""
    import pymysql
    from yoyo import internalmigrations
    from yoyo.backends.core.mysql import MySQLBackend
    from yoyo.migrations import Migration, StepCollector, get_migration_hash

    class RobleBackend(MySQLBackend):
        """yoyo's MySQL backend on roble's connection, without yoyo's per-call overheads."""

        def __init__(self, connection: Any, url: DatabaseURL, migration_table: str, who: Who):
            # Not calling super().__init__: it opens a connection of its own.
            self.uri = url
            self.DatabaseError = pymysql.DatabaseError
            self._connection = connection
            self.migration_table = migration_table
            self.has_transactional_ddl = False  # MySQL commits DDL implicitly
            self._who = who

        def quote_identifier(self, identifier: str) -> str:
            # yoyo asks the server for sql_mode on every call; backticks work in every mode.
            return "`" + identifier.replace("`", "``") + "`"

        @contextlib.contextmanager
        def lock(self, timeout: int = 10) -> Iterator[None]:
            yield  # roble holds GET_LOCK for the whole run; yoyo's lock table is not used

        def ensure_internal_schema_updated(self) -> None:
            if not self._internal_schema_updated:
                if internalmigrations.needs_upgrading(self):
                    internalmigrations.upgrade(self)
                self._internal_schema_updated = True

        @functools.cached_property
        def _templates(self) -> dict[str, str]:
            """yoyo's own mark/unmark/log SQL, in the driver's style, prepared once per run."""
            named = {
                "mark": self.mark_migration_sql,
                "unmark": self.unmark_migration_sql,
                "log": self.log_migration_sql,
            }
            return {key: _pyformat(self.format_sql(sql)) for key, sql in named.items()}

        def bookkeeping_sql(
            self, migration: Any, operation: str, *, log_only: bool = False
        ) -> list[str]:
            """The rows yoyo writes for ``operation`` (apply/rollback/mark/unmark), as SQL to batch.

            Same tables, columns and values as yoyo's mark_one/unmark_one/log_migration, so
            yoyo reads them as its own; rendered here so they ride in roble's round trip.
            """
            escape = self._connection.escape
            log = self.get_log_data(migration, operation)
            sql = [self._templates["log"] % {k: escape(v) for k, v in log.items()}]
            if operation in ("apply", "mark"):
                values = {
                    "migration_hash": migration.hash,
                    "migration_id": migration.id,
                    "when": log["created_at_utc"],
                }
                sql.append(self._templates["mark"] % {k: escape(v) for k, v in values.items()})
            else:
                values = {"migration_hash": migration.hash}
                sql.append(self._templates["unmark"] % {k: escape(v) for k, v in values.items()})
            return sql

        def get_log_data(self, migration: Any = None, operation: str = "apply") -> dict[str, Any]:
            # yoyo calls socket.getfqdn() (a DNS lookup) for every log row.
            return {
                "id": str(uuid.uuid1()),
                "migration_id": migration.id if migration else None,
                "migration_hash": migration.hash if migration else None,
                "username": self._who.os_user,
                "hostname": self._who.host,
                "created_at_utc": utc_now(),
                "operation": operation,
            }

    class RobleMigration(Migration):
        """A yoyo migration whose SQL is cut by roble's splitter, not sqlparse."""

        def __init__(self, revision_id: str, path: Path | None):
            where = path or Path(revision_id + ".sql")
            super().__init__(revision_id, str(where), str(where.parent))
            self.hash = get_migration_hash(revision_id)

        def load(self) -> None:
            if self.loaded:
                return
            from roble_sql.sources import parse_header, read_text
            from roble_sql.splitter import split

            path = Path(self.path)
            text = read_text(path)
            header = parse_header(text, path)
            rollback_path = path.with_name(self.id + ".rollback.sql")
            rollback = read_text(rollback_path) if rollback_path.is_file() else ""
            collector = StepCollector(migration=self)
            ups = [s.text for s in split(text)]
            downs = [s.text for s in split(rollback)][::-1]
            for up, down in itertools.zip_longest(ups, downs):
                collector.add_step(up, down)
            registry = Migration._Migration__all_migrations  # yoyo's own id registry
            self._depends = {registry.get(dep) for dep in header.depends}
            self.use_transactions = bool(header.transactional)
            self.source = text
            self.steps = collector.create_steps(self.use_transactions)

    return RobleBackend, RobleMigration
