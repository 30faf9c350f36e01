"""Running a revision's statements with their bookkeeping, and marking by hand."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roble_sql import __version__, audit, classify
from roble_sql.audit import (
    AUDIT_TABLE,
    PROGRESS_STATEMENT_TABLE,
    PROGRESS_TABLE,
    AuditEvent,
)
from roble_sql.errors import (
    DatabaseError,
    MigrationFailed,
)
from roble_sql.folder import revision_files
from roble_sql.runner import ddl_wait
from roble_sql.runner.batch import Batch, table_locks_after, with_last
from roble_sql.runner.failures import PartError, StatementError, bookkeeping_error, failure_error
from roble_sql.runner.literals import bind, sql_literal
from roble_sql.runner.records import (
    SESSION_VARIABLES,
    UNCERTAIN,
    DoneStatements,
    Progress,
    RevisionOutcome,
    RevisionRun,
    utc_now,
)
from roble_sql.sources import HOOK, encode

PACKET_ROOM = 64 << 10  # bytes of a packet kept for roble's records beside a statement


class PacketTooLarge(Exception):
    """A statement larger than the server's max_allowed_packet: never sent."""

    def __init__(self, size: int, limit: int):
        super().__init__(
            1153,
            f"the statement is {size} bytes and the server's max_allowed_packet is {limit} "
            f"bytes (roble keeps {PACKET_ROOM >> 10} KB of it for its records), so it was "
            "not sent; raise max_allowed_packet (SET GLOBAL max_allowed_packet=...) or cut "
            "the statement in smaller ones",
        )


# Set right after a statement that may answer with several results (a CALL), in the same
# round trip: after a failure it tells whether that statement ran to its end.
DONE_MARK = "@roble_done"

if TYPE_CHECKING:  # the splitter compiles its patterns on import
    from roble_sql.runner.database import Database
    from roble_sql.runner.online import OnlineChanges
    from roble_sql.splitter import Statement


class RevisionRunner:
    """Runs revisions' statements on one Database's connection, with their bookkeeping,
    and marks revisions by hand; every audit row is written here. It keeps the session
    settings to put back after each revision."""

    def __init__(self, db: Database):
        self.db = db
        self._session: dict[str, Any] | None = None
        self.online: OnlineChanges | None = None  # ALTERs through the online tool (online.py)
        # How long each DDL statement may queue for its metadata lock (None: the server's).
        self.ddl_wait: ddl_wait.DdlLockWait | None = ddl_wait.DdlLockWait()
        self.on_ddl_wait: Callable[[str], None] | None = None  # told before each retry

    # -- audit ---------------------------------------------------------------------------------

    def _audit_sql(
        self, run: RevisionRun, action: str, outcome: str, path: Path | None = None, **extra: Any
    ) -> list[str]:
        """SQL appending one audit event for ``run`` (see audit.insert_sql), with where its
        file (``path``) comes from in git and the refusal this run was confirmed past."""
        values = {
            "revision_id": run.revision_id,
            "action": action,
            "outcome": outcome,
            "checksum": run.checksum or None,
            "db_user": self.db.who.db_user,
            "os_user": self.db.who.os_user,
            "host": self.db.who.host,
            "pid": self.db.who.pid,
            "statements": len(run.done),
            "roble_version": __version__,
            "override": self.db.override,
            **(self.db.provenance.columns(revision_files(path)) if self.db.provenance else {}),
            **extra,
        }
        return audit.insert_sql(self.db.table(AUDIT_TABLE), values, sql_literal, self.db.chain_key)

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
        rollback_checksum: str | None = None,
        replay: Sequence[Statement] = (),
    ) -> RevisionOutcome:
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
        run = RevisionRun(revision_id, direction, checksum, time.perf_counter(), utc_now())
        run.rollback_checksum = rollback_checksum  # recorded with the apply event
        skip = 0
        if resume is not None:
            run.done = DoneStatements(resume.statement_checksums)
            skip = resume.statements_done
            run.progress_row = True
            run.recorded = len(run.done)
        run.in_tx = transactional and resume is None
        run.pending.append(audit.START_SQL)
        if resume is not None:
            # This run owns the revision now: if it dies too, the next one waits for its thread.
            run.pending.append(
                bind(
                    f"UPDATE {self.db.table(PROGRESS_TABLE)} SET state = 'running', direction = %s,"
                    " failed_statement = NULL, failed_line = NULL, error = NULL,"
                    " connection_id = %s, host = %s, pid = %s, updated_at = UTC_TIMESTAMP(6),"
                    " server_incarnation = %s WHERE revision_id = %s",
                    (
                        direction,
                        self.db.connection_id,
                        self.db.who.host,
                        self.db.who.pid,
                        self.db.incarnation(),
                        revision_id,
                    ),
                )
            )
        if replay:
            self._replay(run, replay, path)
        batch = Batch()
        try:
            for index, (statement, last) in enumerate(with_last(statements)):
                if index < skip:
                    continue
                if self.online is not None and self._ran_online(run, batch, index, statement, path):
                    continue
                if (too_big := self._too_big(statement)) is not None:
                    batch.add_bookkeeping(run.pending)  # what came before it runs and is
                    run.pending = []  # recorded; then the failure is
                    self._flush(run, batch)
                    raise StatementError(index, statement, too_big)
                self._add_statement(
                    run, batch, index, statement, last, path, migration_table, detail
                )
                if last or batch.full(self.db.batch_bytes) or batch.ends_early:
                    self._flush(run, batch)
                    if run.watch_commit:
                        self._check_still_in_transaction(run, index, statement)
            if not run.finished:
                self._finish(run, path, migration_table, detail)
        except StatementError as failure:
            self._fail(run, failure, path)
        return RevisionOutcome(
            revision_id,
            direction,
            len(run.done),
            round((time.perf_counter() - run.started) * 1000, 3),
            skip,
        )

    def _replay(self, run: RevisionRun, statements: Sequence[Statement], path: Path) -> None:
        """Before resuming: the session settings the skipped statements made, again."""
        run.session_touched = True  # restored after the revision, as when they first ran
        for statement in statements:
            run.own_lock_wait |= ddl_wait.sets_own_lock_wait(statement.text)
            try:
                self._send([statement.text])
            except PartError as exc:
                raise MigrationFailed(
                    f"could not set the session up again to resume {run.revision_id}: "
                    f"{StatementError(0, statement, exc.cause).server_message(self.db.url)}",
                    where=f"{path}:{statement.line}",
                    hint="the statement ran once before the revision stopped; fix what it "
                    "needs, or settle the revision with 'roble resolve'",
                ) from None

    def _check_still_in_transaction(
        self, run: RevisionRun, index: int, statement: Statement
    ) -> None:
        """After a statement that may have committed: the server's status says. Once it
        has, what ran is committed (its records with it) and each statement from here on
        is recorded as it completes, as for DDL."""
        run.watch_commit = False
        if not run.in_tx or run.finished or self.db.in_transaction():
            return
        run.in_tx = False
        run.committed_by = index
        if not self._progress_row_exists(run.revision_id):
            # The records before it are gone: it ended the transaction with a rollback.
            run.done.keep_first(0)
            run.recorded, run.progress_row = 0, False
            raise StatementError(
                index,
                statement,
                RuntimeError(
                    "it rolled the revision's transaction back: the statements before it "
                    "were undone, and what it changed itself stays"
                ),
            )

    def _progress_row_exists(self, revision_id: str) -> bool:
        return bool(
            self.db.query(
                f"SELECT 1 FROM {self.db.table(PROGRESS_TABLE)} WHERE revision_id = %s",
                (revision_id,),
            )
        )

    def _ran_online(
        self, run: RevisionRun, batch: Batch, index: int, statement: Statement, path: Path
    ) -> bool:
        """An ALTER the online tool runs (see online.py): what came before is committed and
        recorded first (the ALTER would commit it too), and the ALTER is recorded as done
        only once the tool succeeded. False: the statement runs as it is."""
        online = self.online
        if online is None or not online.considers(path, statement, self.db.database):
            return False
        records = self._progress_sql(run)
        if run.in_tx and run.began:
            records.append("COMMIT")
        run.in_tx = False
        batch.add_bookkeeping([*run.pending, *records])
        run.pending = []
        self._flush(run, batch)
        change = online.target(self.db, path, statement)
        if change is None:
            return False
        from roble_sql.runner.online import OnlineToolFailed

        bound = self.ddl_wait.seconds if self.ddl_wait is not None else None  # --ddl-lock-wait
        try:
            online.run(self.db, run.revision_id, change, bound)
        except OnlineToolFailed as exc:
            raise StatementError(index, statement, exc) from None
        run.done.add(statement.text, statement.line)
        self._send(self._progress_sql(run))  # the last one's record is the revision's
        return True

    def _too_big(self, statement: Statement) -> PacketTooLarge | None:
        """The statement can't reach the server: larger than its max_allowed_packet (with
        room for roble's records beside it). Checked before it is sent."""
        room = self.db.max_packet - PACKET_ROOM
        text = statement.text
        if len(text) <= room // 4:  # UTF-8 is at most 4 bytes a character: no need to count
            return None
        size = len(encode(text))
        return PacketTooLarge(size, self.db.max_packet) if size > room else None

    def _add_statement(
        self,
        run: RevisionRun,
        batch: Batch,
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
            run.own_lock_wait |= ddl_wait.sets_own_lock_wait(text)
        bounded = self._bounds_lock_wait(run, text)
        locks = table_locks_after(run.tables_locked, text, run.in_tx)
        # Inside the transaction, records share its fate: rolled back with it, or committed
        # with it by the statement, whatever the server decides.
        watch = run.in_tx and classify.may_commit_implicitly(text)
        if watch:
            run.pending += self._progress_sql(run)
            run.watch_commit = True
        batch.add_bookkeeping(run.pending)
        run.pending = []
        several = classify.may_return_several_results(text)
        if several:  # see _send: how a failure after it is told from one in it
            batch.add_bookkeeping([f"SET {DONE_MARK} = NULL"])
        if bounded is not None:  # see ddl_wait: the session's value is back right after it
            batch.add_bookkeeping([bounded.bound_sql()])
        batch.add_statement(index, statement, len(run.done), ends_batch=several or watch)
        run.done.add(text, statement.line)
        if several:
            batch.add_bookkeeping([f"SET {DONE_MARK} = {index}"])
        if bounded is not None:
            batch.add_bookkeeping([ddl_wait.RESTORE_SQL])
        if last and self._can_finish_with(run, locks):
            batch.add_bookkeeping(self._finish_sql(run, path, migration_table, detail))
        elif (not run.in_tx and not locks) or watch:
            batch.add_bookkeeping(self._progress_sql(run))
        run.tables_locked = locks

    def _bounds_lock_wait(self, run: RevisionRun, text: str) -> ddl_wait.DdlLockWait | None:
        """The bound for a DDL statement outside a transaction, unless the revision (or
        the statement) chose its own wait."""
        if self.ddl_wait is None or run.in_tx or run.own_lock_wait:
            return None
        if not ddl_wait.waits_on_metadata_lock(text) or ddl_wait.chooses_own_wait(text):
            return None
        return self.ddl_wait

    def _can_finish_with(self, run: RevisionRun, locks_after: bool) -> bool:
        """Whether the record can ride with the last statement: nothing to settle first."""
        if locks_after or run.session_touched or run.tables_locked:
            return False
        run.finished = True
        return True

    def _flush(self, run: RevisionRun, batch: Batch) -> None:
        """Send the queued batch; on failure, keep only what the server really ran."""
        parts, owners, done_before, several_at = batch.take()
        try:
            self._send_retrying_ddl(parts, several_at)
        except PartError as exc:
            if any(ddl_wait.is_bound_sql(part) for part in parts[: exc.part]):
                run.session_touched = True  # its value is put back after the revision
            creates_row = f"REPLACE INTO {self.db.table(PROGRESS_TABLE)} "
            if any(part.startswith(creates_row) for part in parts[exc.part :]):
                run.progress_row = False  # the row was queued after the failure: not written
            ran = sum(1 for owner in owners[: exc.part] if owner is not None)
            run.done.keep_first(done_before + ran)  # the server stopped at the failing part
            run.recorded = min(run.recorded, len(run.done))
            run.finished = False
            failed = owners[exc.part]
            if failed is not None:
                cause = self._lock_wait_explained(parts, exc.part, failed[1].text, exc.cause)
                raise StatementError(failed[0], failed[1], cause) from None
            if ran == 0:
                raise bookkeeping_error(exc.cause, self.db.url) from None
            raise DatabaseError(
                f"statement {len(run.done)} ran but roble could not record it: {exc.cause}",
                where=run.revision_id,
                hint=f"check the schema, then settle it with 'roble resolve {run.revision_id}'",
            ) from None

    def _send_retrying_ddl(self, parts: list[str], several_at: int | None) -> None:
        """Send ``parts``; a bounded DDL that timed out on its metadata lock did not run,
        nor did anything after it: after a pause, the batch is sent again from its bound
        on, up to the retries. A failure names its part in ``parts``."""
        start, attempt = 0, 0
        while True:
            try:
                self._send(parts[start:], None if several_at is None else several_at - start)
                return
            except PartError as exc:
                failed_at = start + exc.part
                policy = self._bound_of(parts, failed_at)
                if (
                    policy is None
                    or attempt >= policy.retries
                    or not ddl_wait.timed_out_on_lock(exc.cause)
                ):
                    raise PartError(failed_at, exc.cause) from exc.cause
                if self.on_ddl_wait is not None:
                    self.on_ddl_wait(
                        ddl_wait.retry_note(self.db, parts[failed_at], policy, attempt)
                    )
                time.sleep(policy.backoff(attempt))
                start, attempt = failed_at - 1, attempt + 1

    def _bound_of(self, parts: list[str], index: int) -> ddl_wait.DdlLockWait | None:
        """The bound the statement at ``index`` was sent with (its part comes first)."""
        if index > 0 and ddl_wait.is_bound_sql(parts[index - 1]):
            return self.ddl_wait
        return None

    def _lock_wait_explained(
        self, parts: list[str], index: int, text: str, cause: Exception
    ) -> Exception:
        """A DDL's lock wait timeout, with the sessions that held its table."""
        if not ddl_wait.timed_out_on_lock(cause) or not ddl_wait.waits_on_metadata_lock(text):
            return cause
        blockers, unreadable = ddl_wait.read_blockers(self.db, text)
        return ddl_wait.MetadataLockTimeout(
            cause, self._bound_of(parts, index), blockers, unreadable
        )

    def _send(self, parts: list[str], several_at: int | None = None) -> None:
        """One round trip for ``parts``; every result set is read, so a failure names its part.

        Each part answers with one result, except the statement at ``several_at`` (a CALL
        answers with one result per SELECT it runs); only roble's own parts follow it, the
        first of them setting ``@roble_done`` to its index. A failure from there on is that
        statement's unless the mark says it ran to its end.
        """
        if not parts:
            return
        done = 0
        # Bytes, as the file holds them (bookkeeping is ASCII): the client sends a file's
        # bytes unchanged whatever the connection's character set is, and so does roble.
        packet = b";\n".join(encode(part) for part in parts)
        with self.db.connection.cursor() as cursor:
            try:
                cursor.execute(packet)
                done = 1
                while cursor.nextset():
                    done += 1
            except Exception as exc:  # pymysql raises several families
                part = done
                if several_at is not None and done >= several_at:
                    part = (
                        several_at + 2
                        if self._ran_to_its_end(parts[several_at + 1])
                        else several_at
                    )
                raise PartError(part, exc) from exc

    def _ran_to_its_end(self, mark: str) -> bool:
        """Whether the mark after a several-results statement was set (see _send)."""
        try:
            (value,) = self.db.query(f"SELECT {DONE_MARK}")[0]
        except Exception:  # the connection is gone: nothing more to learn
            return False
        return value is not None and mark.endswith(f"= {value}")

    def _progress_sql(self, run: RevisionRun) -> list[str]:
        """SQL recording progress: the running row if not yet written, then unrecorded statements."""
        sql = []
        done = run.done
        if not run.progress_row:
            run.progress_row = True
            sql.append(
                bind(
                    f"REPLACE INTO {self.db.table(PROGRESS_TABLE)} (revision_id, direction, state,"
                    " checksum, statements_done, connection_id, host, pid, started_at, updated_at,"
                    " server_incarnation) VALUES"
                    " (%s, %s, 'running', %s, %s, %s, %s, %s, @roble_t0, UTC_TIMESTAMP(6), %s)",
                    (
                        run.revision_id,
                        run.direction,
                        run.checksum,
                        len(done),
                        self.db.connection_id,
                        self.db.who.host,
                        self.db.who.pid,
                        self.db.incarnation(),
                    ),
                )
            )
        if len(done) > run.recorded:
            rows = ", ".join(["(%s, %s, %s, %s)"] * (len(done) - run.recorded))
            values: list[object] = []
            for offset, (checksum, line) in enumerate(done.since(run.recorded)):
                values += [run.revision_id, run.recorded + offset, checksum, line]
            sql.append(
                bind(
                    f"INSERT INTO {self.db.table(PROGRESS_STATEMENT_TABLE)} VALUES {rows}"
                    " ON DUPLICATE KEY UPDATE checksum = VALUES(checksum), line = VALUES(line)",
                    values,
                )
            )
        run.recorded = len(done)
        return sql

    def _settle_session(self, run: RevisionRun) -> None:
        """Release table locks, commit what a revision left open, undo its session settings."""
        if run.tables_locked:
            self.db.execute("UNLOCK TABLES")  # commits nothing; the revision forgot it
            run.tables_locked = False
        if self.db.in_transaction():
            self.db.execute("COMMIT")  # DML a revision left uncommitted is never lost
        if run.session_touched:
            self._restore_session()

    def _finish_sql(
        self, run: RevisionRun, path: Path, migration_table: str, detail: str | None
    ) -> list[str]:
        """The revision's record: yoyo's rows, progress cleared, the audit event; one commit."""
        backend = self.db.yoyo(migration_table)
        migration = self.db.migration(run.revision_id, path)
        batch = [] if run.in_tx and run.began else ["BEGIN"]
        if run.direction == HOOK:
            batch += backend.bookkeeping_sql(migration, "apply", log_only=True)
        else:
            batch += backend.bookkeeping_sql(migration, run.direction)
        if run.progress_row:
            batch += self._clear_progress_sql(run.revision_id)
        batch += self._audit_sql(
            run,
            run.direction,
            "success",
            path,
            detail=detail,
            rollback_checksum=run.rollback_checksum,
        )
        return [*batch, "COMMIT", audit.ADVANCE_SQL]  # a failed part stops the rest

    def _finish(
        self, run: RevisionRun, path: Path, migration_table: str, detail: str | None
    ) -> None:
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
            bind(f"DELETE FROM {self.db.table(table)} WHERE revision_id = %s", (revision_id,))
            for table in (PROGRESS_TABLE, PROGRESS_STATEMENT_TABLE)
        ]

    def _fail(self, run: RevisionRun, failure: StatementError, path: Path) -> None:
        error = failure.server_message(self.db.url)
        if failure.lost_connection:
            raise MigrationFailed(
                f"lost the connection to the server during statement {failure.index + 1}: {error}",
                where=f"{path}:{failure.statement.line}",
                hint="the revision may be half-applied; run 'roble status' once the server is "
                "back: it shows how far the revision got",
            )
        with contextlib.suppress(Exception):
            self.db.execute("ROLLBACK")
        if run.in_tx and run.progress_row and self._progress_row_exists(run.revision_id):
            # Records written inside the transaction outlived the rollback: the failing
            # statement committed it before it failed.
            run.in_tx = False
            run.committed_by = failure.index
            run.done.keep_first(run.recorded)  # what the records committed with say
        in_tx = run.in_tx
        self._settle_session(run)
        batch: list[str] = []
        if not in_tx:
            batch += self._progress_sql(run)
            batch.append(
                bind(
                    f"UPDATE {self.db.table(PROGRESS_TABLE)} SET state = %s, statements_done = %s,"
                    " failed_statement = %s, failed_line = %s, error = %s,"
                    " updated_at = UTC_TIMESTAMP(6) WHERE revision_id = %s",
                    (
                        # It committed part of its work before failing: never simply re-run.
                        UNCERTAIN if run.committed_by == failure.index else "failed",
                        len(run.done),
                        failure.index,
                        failure.statement.line,
                        error,
                        run.revision_id,
                    ),
                )
            )
        if in_tx:
            run.done.keep_first(0)  # rolled back: nothing of it stays
        batch += self._audit_sql(
            run, run.direction, "failure", path, error=error, error_line=failure.statement.line
        )
        self._send([*batch, audit.ADVANCE_SQL])
        raise failure_error(run, failure, error, in_tx, path)

    def _restore_session(self, keep_autocommit: bool = False) -> None:
        if self._session is None:
            return
        names = [n for n in self._session if not (keep_autocommit and n == "autocommit")]
        current = self.db.query("SELECT " + ", ".join(f"@@SESSION.{n}" for n in names))[0]
        changed = [
            (n, self._session[n])
            for n, value in zip(names, current, strict=True)
            if value != self._session[n]
        ]
        if changed:
            assignments = ", ".join(f"SESSION {name} = %s" for name, _ in changed)
            self.db.execute(f"SET {assignments}", [value for _, value in changed])
        (database,) = self.db.query("SELECT DATABASE()")[0]
        if database != self.db.database:
            self.db.connection.select_db(self.db.database)

    def snapshot_session(self) -> None:
        """Remember the session settings to restore after each revision."""
        available = self.db.query(
            "SELECT VARIABLE_NAME FROM information_schema.SESSION_VARIABLES WHERE VARIABLE_NAME IN ("
            + ", ".join(["%s"] * len(SESSION_VARIABLES))
            + ")",
            [name.upper() for name in SESSION_VARIABLES],
        )
        names = [name for name in SESSION_VARIABLES if name.upper() in {n for (n,) in available}]
        values = self.db.query("SELECT " + ", ".join(f"@@SESSION.{n}" for n in names))[0]
        self._session = dict(zip(names, values, strict=True))

    # -- marking without running ---------------------------------------------------------------

    def record_event(
        self,
        action: str,
        detail: str,
        *,
        checksum: str = "",
        seconds: float = 0.0,
        error: str | None = None,
    ) -> AuditEvent:
        """Append a database-wide audit event that changes nothing else: a restore (of a
        file with ``checksum``, started ``seconds`` ago; ``error``: it stopped halfway), a
        seal of the log."""
        run = RevisionRun("", action, checksum, time.perf_counter(), utc_now())
        micros = max(0, round(seconds * 1_000_000))
        outcome = "failure" if error else "success"
        self._send(
            [
                f"SET @roble_t0 = UTC_TIMESTAMP(6) - INTERVAL {micros} MICROSECOND",
                *self._audit_sql(run, action, outcome, detail=detail, error=error),
                audit.ADVANCE_SQL,
            ]
        )
        return self.db.last_event()

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
        rollback_checksum: str | None = None,
    ) -> AuditEvent:
        """Mark (or unmark) a revision as applied without running it, audited (with the
        rollback file's checksum when marked applied: what a downgrade may later run)."""
        run = RevisionRun(revision_id, action, checksum or "", time.perf_counter(), utc_now())
        backend = self.db.yoyo(migration_table)
        migration = self.db.migration(revision_id, path)
        self.db.execute("BEGIN")  # read and write in one transaction, under the migration lock
        is_applied = bool(
            self.db.query(
                f"SELECT 1 FROM {self.db.table(migration_table)} WHERE migration_id = %s",
                (revision_id,),
            )
        )
        batch = []
        if applied != is_applied:
            batch += backend.bookkeeping_sql(migration, "mark" if applied else "unmark")
        batch += self._clear_progress_sql(revision_id)
        batch += self._audit_sql(
            run, action, "success", path, detail=detail, rollback_checksum=rollback_checksum
        )
        self._send([audit.START_SQL, *batch, "COMMIT", audit.ADVANCE_SQL])
        return self.db.last_event()

    # -- restore ---------------------------------------------------------------------------------
