"""roble's commands as plain functions: one per command, returning data, never printing.

Each takes the resolved ``Settings`` first. Progress during long runs is reported
through an optional ``on_event`` callback, so the CLI can render it and the API
stays quiet.
"""

from __future__ import annotations

import getpass
import hashlib
import itertools
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql import audit, checksums, classify, scaffold
from roble_sql.config import Settings
from roble_sql.errors import (
    DatabaseError,
    IntegrityError,
    MigrationFailed,
    RevisionFileError,
    UsageError,
)
from roble_sql.graph import BASE, RevisionGraph, dangling_depends
from roble_sql.sources import SUM_FILE, Revision, decode, parse_header, read_revisions

# Read-only commands must start fast: what only writing commands use is imported lazily.
if TYPE_CHECKING:
    from roble_sql.audit import AuditEvent, ChainBreak
    from roble_sql.dsn import DatabaseURL
    from roble_sql.lint.base import Finding, Rule
    from roble_sql.lint.config import LintConfig
    from roble_sql.lint.engine import LintReport
    from roble_sql.runner import Database, DatabaseState, LockHolder, Progress, RunOutcome
    from roble_sql.schema import Change, Schema, SchemaDiff
    from roble_sql.schema.generate import Migration
    from roble_sql.splitter import Statement

DEFAULT_LOCK_TIMEOUT = 300.0


@dataclass(frozen=True)
class Event:
    """Something worth showing while a command runs."""

    kind: str  # lock-wait | start | done | resume | wait-thread
    revision_id: str = ""
    index: int = 0
    total: int = 0
    detail: str = ""


EventSink = Callable[[Event], None]


def _ignore(event: Event) -> None:
    return None


@dataclass(frozen=True)
class Project:
    """The revisions on disk and their graph."""

    revisions: dict[str, Revision]
    graph: RevisionGraph

    def revision(self, revision_id: str) -> Revision:
        return self.revisions[revision_id]


@dataclass(frozen=True)
class StatusRow:
    id: str
    state: str  # applied | pending | failed | modified | missing
    message: str = ""
    applied_at: datetime | None = None
    checksum: str | None = None  # of the file now
    recorded_checksum: str | None = None  # recorded when applied
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "state": self.state,
            "message": self.message,
            "applied_at": self.applied_at.isoformat() + "Z" if self.applied_at else None,
            "checksum": self.checksum,
            "recorded_checksum": self.recorded_checksum,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class RunResult:
    """What upgrade/downgrade did; ``outcomes`` in the order they ran."""

    direction: str
    outcomes: list[RunOutcome] = field(default_factory=list)

    @property
    def revision_ids(self) -> list[str]:
        return [outcome.revision_id for outcome in self.outcomes]


def load_project(settings: Settings) -> Project:
    """Read every revision file and build the graph (no database)."""
    revisions = read_revisions(settings.migrations_dir)
    return Project({r.id: r for r in revisions}, RevisionGraph(revisions))


# -- commands that only touch files -------------------------------------------------------------


def init(project_dir: Path) -> list[Path]:
    """Create ``sql_migrations/`` and a ``yoyo.ini`` without a password."""
    return scaffold.init_project(project_dir)


def new(
    settings: Settings, message: str, *, author: str | None = None, now: datetime | None = None
) -> scaffold.NewRevision:
    """Write a new revision pair depending on the current head(s)."""
    project = load_project(settings)
    revision = scaffold.write_revision(
        settings.migrations_dir,
        message,
        tuple(project.graph.heads()),
        author=author or default_author(),
        now=now or datetime.now(UTC),
    )
    checksums.write(settings.migrations_dir)
    return revision


def merge(settings: Settings, message: str, *, author: str | None = None) -> scaffold.NewRevision:
    """Write a revision that depends on every head, joining diverged histories."""
    heads_now = load_project(settings).graph.heads()
    if len(heads_now) < 2:
        raise UsageError(
            f"there is {len(heads_now)} head, so there is nothing to merge",
            hint="merge joins two or more heads; 'roble heads' lists them",
        )
    no_op = "-- Merge point: joins the heads above; no schema change.\nDO 0;\n"
    revision = scaffold.write_revision(
        settings.migrations_dir,
        message,
        tuple(heads_now),
        author=author or default_author(),
        now=datetime.now(UTC),
        up_body=no_op,
        rollback_body=no_op,
    )
    checksums.write(settings.migrations_dir)
    return revision


def heads(settings: Settings) -> list[Revision]:
    """Revisions nothing depends on."""
    project = load_project(settings)
    return [project.revision(rid) for rid in project.graph.heads()]


def default_author() -> str:
    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


# -- reading the database ---------------------------------------------------------------------


def _open(settings: Settings, wait: float = 0.0) -> Database:
    from roble_sql import runner

    return runner.connect(settings.require_database(), wait=wait)


def status(settings: Settings) -> list[StatusRow]:
    """Every revision with its state; applied revisions whose file is gone come last."""
    project = load_project(settings)
    with _open(settings) as db:
        state = db.state(settings.migration_table)
    return _status_rows(project, state)


def _status_rows(project: Project, state: DatabaseState) -> list[StatusRow]:
    rows = []
    for rid in project.graph.order():
        revision = project.revision(rid)
        applied = state.applied.get(rid)
        progress = state.progress.get(rid)
        if progress is not None:
            rows.append(_progress_row(revision, progress, applied))
        elif applied is None:
            rows.append(StatusRow(rid, "pending", revision.message, checksum=revision.checksum))
        else:
            modified = applied.checksum is not None and applied.checksum != revision.checksum
            rows.append(
                StatusRow(
                    rid,
                    "modified" if modified else "applied",
                    revision.message,
                    applied.applied_at,
                    revision.checksum,
                    applied.checksum,
                    "the file changed after it was applied" if modified else "",
                )
            )
    for rid in state.applied_order:
        if rid not in project.revisions:
            applied = state.applied[rid]
            rows.append(
                StatusRow(
                    rid,
                    "missing",
                    applied_at=applied.applied_at,
                    recorded_checksum=applied.checksum,
                    detail="applied, but its file is not in the migrations folder",
                )
            )
    return rows


def _progress_row(revision: Revision, progress: Progress, applied: object) -> StatusRow:
    number = (progress.failed_statement or progress.statements_done) + 1
    verb = "applying" if progress.direction == "apply" else "rolling back"
    if progress.state == "failed":
        detail = (
            f"{verb} failed at statement {number} (line {progress.failed_line}): {progress.error}"
        )
    else:
        detail = (
            f"{verb} was interrupted during statement {number} "
            f"(run by pid {progress.pid} on {progress.host})"
        )
    return StatusRow(
        revision.id,
        "failed",
        revision.message,
        checksum=revision.checksum,
        recorded_checksum=progress.checksum,
        detail=detail,
    )


def current(settings: Settings) -> list[StatusRow]:
    """The applied revisions that no other applied revision depends on."""
    project = load_project(settings)
    with _open(settings) as db:
        state = db.state(settings.migration_table)
    applied = set(state.applied)
    graph = project.graph
    return [
        row
        for row in _status_rows(project, state)
        if row.id in applied
        and (row.id not in graph or not any(child in applied for child in graph.children(row.id)))
    ]


def history(
    settings: Settings,
    revision: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEvent]:
    """Every recorded event, oldest first; optionally for one revision and a UTC time range."""
    ids = None
    if revision is not None:
        project = load_project(settings)
        ids = [project.graph.resolve(revision)] if _resolvable(project, revision) else [revision]
    with _open(settings) as db:
        return db.events(ids, since, until)


def verify_chain(settings: Settings) -> tuple[int, list[ChainBreak]]:
    """Check the audit log's hash chain: (rows checked, breaks found)."""
    with _open(settings) as db:
        events = db.events()
    return len(events), audit.verify_chain(events)


@dataclass(frozen=True)
class RevisionDetail:
    """Everything about one revision: files, header, checksums, state, events."""

    revision: Revision
    sql: str
    rollback_sql: str | None
    state: StatusRow | None
    events: list[AuditEvent]


def show(settings: Settings, revision: str) -> RevisionDetail:
    """A revision's SQL, rollback, depends, checksum, state and audit events."""
    project = load_project(settings)
    found = project.revision(project.graph.resolve(revision))
    rollback = found.rollback_path.read_text(encoding="utf-8") if found.rollback_path else None
    state, events = None, []
    if settings.database_url is not None:
        with _open(settings) as db:
            rows = _status_rows(project, db.state(settings.migration_table))
            events = db.events([found.id])
        state = next((row for row in rows if row.id == found.id), None)
    return RevisionDetail(found, found.path.read_text(encoding="utf-8"), rollback, state, events)


def _resolvable(project: Project, target: str) -> bool:
    try:
        project.graph.resolve(target)
    except UsageError:
        return False
    return True


# -- running revisions --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A file's exact bytes as run: its checksum is of what the server received."""

    path: Path
    text: str
    checksum: str
    transactional: bool | None

    @classmethod
    def read(cls, path: Path) -> _Source:
        data = path.read_bytes()
        text = decode(data, path)
        header = parse_header(text, path)
        return cls(path, text, hashlib.sha256(data).hexdigest(), header.transactional)

    def statements(self) -> Iterator[Statement]:
        """The statements as a stream; refuses, before anything runs, a file that has none."""
        from roble_sql.splitter import split

        stream = split(self.text)
        first = next(stream, None)
        if first is None:
            raise RevisionFileError(
                "file has no SQL statements",
                where=str(self.path),
                hint="write the statements (a revision with nothing to do can say DO 0;)",
            )
        return itertools.chain([first], stream)


def upgrade(
    settings: Settings,
    target: str | None = None,
    *,
    allow_modified: bool = False,
    backup: Path | None = None,
    lint: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    wait: float = 0.0,
    on_event: EventSink = _ignore,
) -> RunResult:
    """Apply pending revisions (all, or up to ``target``), each recorded as it completes.

    With ``backup``, a consistent dump is written before anything is applied, and its
    file name is recorded in each apply event of the run. With ``lint`` (the CLI's
    default), the pending revisions are linted first and lint errors refuse the run.
    """
    project = load_project(settings)
    resolved = project.graph.resolve(target) if target else None
    result = RunResult("apply")
    with _open(settings, wait) as db:
        db.snapshot_session()
        with db.lock(lock_timeout, _lock_reporter(on_event)):
            db.ensure_schema(settings.migration_table)  # yoyo's CREATEs race outside the lock
            state = db.state(settings.migration_table)  # decided inside the lock
            if not allow_modified:
                _refuse_modified(_status_rows(project, state))
            _refuse_foreign_progress(state, "apply")
            plan = project.graph.plan_upgrade(set(state.applied), resolved)
            if lint and plan:
                lint_pending(settings, [project.revision(rid) for rid in plan], on_event)
            detail = None
            if plan and backup is not None:
                on_event(Event("backup", detail=str(backup)))
                detail = f"backup {db.dump(backup)}"
            for index, rid in enumerate(plan, start=1):
                on_event(Event("start", rid, index, len(plan)))
                source = _Source.read(project.revision(rid).path)
                resume = _resume_point(db, state.progress.get(rid), source, on_event)
                outcome = db.run_revision(
                    revision_id=rid,
                    path=source.path,
                    direction="apply",
                    checksum=source.checksum,
                    statements=source.statements(),
                    transactional=source.transactional is not False,
                    migration_table=settings.migration_table,
                    resume=resume,
                    detail=detail,
                )
                result.outcomes.append(outcome)
                on_event(Event("done", rid, index, len(plan), f"{outcome.duration_ms:.0f} ms"))
    return result


def downgrade(
    settings: Settings,
    target: str | None = None,
    *,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    wait: float = 0.0,
    on_event: EventSink = _ignore,
) -> RunResult:
    """Roll back the last applied revision, everything after ``target``, or all (``base``)."""
    if target == BASE:
        require_confirmation(settings, "downgrade base", _ROLLS_BACK_ALL, confirmed)
    project = load_project(settings)
    resolved = target if target in (None, BASE) else project.graph.resolve(target)
    result = RunResult("rollback")
    with _open(settings, wait) as db:
        db.snapshot_session()
        with db.lock(lock_timeout, _lock_reporter(on_event)):
            db.ensure_schema(settings.migration_table)
            state = db.state(settings.migration_table)
            _refuse_foreign_progress(state, "rollback")
            plan = project.graph.plan_downgrade(set(state.applied), resolved, state.applied_order)
            sources = [_rollback_source(project.revision(rid)) for rid in plan]
            for index, source in enumerate(sources, start=1):
                rid = plan[index - 1]
                on_event(Event("start", rid, index, len(plan)))
                resume = _resume_point(db, state.progress.get(rid), source, on_event)
                outcome = db.run_revision(
                    revision_id=rid,
                    path=source.path,
                    direction="rollback",
                    checksum=source.checksum,
                    statements=source.statements(),
                    transactional=source.transactional is not False,
                    migration_table=settings.migration_table,
                    resume=resume,
                )
                result.outcomes.append(outcome)
                on_event(Event("done", rid, index, len(plan), f"{outcome.duration_ms:.0f} ms"))
    return result


def _rollback_source(revision: Revision) -> _Source:
    if revision.rollback_path is None:
        raise RevisionFileError(
            f"{revision.id} has no rollback file, so it can't be rolled back",
            where=str(revision.path.with_name(revision.id + ".rollback.sql")),
            hint="write the rollback file (the exact reverse of the up file) and run again",
        )
    return _Source.read(revision.rollback_path)


def _lock_reporter(on_event: EventSink) -> Callable[[LockHolder], None]:
    def report(holder: LockHolder) -> None:
        who = f"connection {holder.connection_id}"
        if holder.host:
            who = f"{holder.host} pid {holder.pid} (user {holder.os_user}, since {holder.acquired_at} UTC)"
        on_event(Event("lock-wait", detail=who))

    return report


def _refuse_modified(rows: list[StatusRow]) -> None:
    modified = [row.id for row in rows if row.state == "modified"]
    if modified:
        raise IntegrityError(
            f"applied revision files were edited after they ran: {', '.join(modified)}",
            where=modified[0],
            hint="restore the reviewed files (git checkout), put the change in a new revision, "
            "or pass --allow-modified if the edit is harmless",
        )


def _refuse_foreign_progress(state: DatabaseState, direction: str) -> None:
    for progress in state.progress.values():
        if progress.direction != direction:
            verb = "applied" if progress.direction == "apply" else "rolled back"
            command = "upgrade" if progress.direction == "apply" else "downgrade"
            raise MigrationFailed(
                f"{progress.revision_id} was being {verb} and did not finish",
                where=progress.revision_id,
                hint=f"finish it with 'roble {command}', or settle it with "
                f"'roble resolve {progress.revision_id} --applied|--rolled-back'",
            )


def _resume_point(
    db: Database, progress: Progress | None, source: _Source, on_event: EventSink
) -> Progress | None:
    """Where a failed or interrupted revision can safely continue, or a refusal."""
    if progress is None:
        return None
    if progress.state == "running":
        _wait_for_thread(db, progress, on_event)
    statements = list(_first_statements(source, progress.statements_done + 1))
    done = progress.statements_done
    for index, recorded in enumerate(progress.statement_checksums[:done]):
        if index >= len(statements) or _sha(statements[index].text) != recorded:
            line = statements[index].line if index < len(statements) else "end"
            raise IntegrityError(
                f"statement {index + 1} of {progress.revision_id} changed after it ran, "
                "so roble can't resume the revision safely",
                where=f"{source.path}:{line}",
                hint=f"restore the statements that already ran (1-{done}), or settle it by hand "
                f"with 'roble resolve {progress.revision_id} --applied|--rolled-back'",
            )
    # The server records each statement in the same round trip, right after it, even if
    # roble died: an unrecorded statement did not complete, unless the server itself
    # restarted in between. Only then is it a person's call (or a harmless re-run).
    if progress.state == "running" and done < len(statements):
        in_flight = statements[done]
        if db.restarted_since(progress.updated_at) and not classify.is_read_only(in_flight.text):
            raise MigrationFailed(
                f"{progress.revision_id} was interrupted during statement {done + 1} and the "
                "server restarted since; roble can't tell whether that statement took effect",
                where=f"{source.path}:{in_flight.line}",
                hint="check the schema; then run 'roble resolve "
                f"{progress.revision_id} --applied' or '--rolled-back' after finishing or undoing it by hand",
            )
    on_event(Event("resume", progress.revision_id, done + 1, detail=f"statement {done + 1}"))
    return progress


def _first_statements(source: _Source, count: int) -> Iterator[Statement]:
    from roble_sql.splitter import split

    for index, statement in enumerate(split(source.text)):
        if index >= count:
            return
        yield statement


def _wait_for_thread(db: Database, progress: Progress, on_event: EventSink) -> None:
    """An interrupted run's statement may still be executing on the server: let it end."""
    import time

    if db.thread_alive(progress.connection_id):
        on_event(Event("wait-thread", progress.revision_id, detail=str(progress.connection_id)))
    while db.thread_alive(progress.connection_id):
        time.sleep(0.2)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(
    settings: Settings,
    target: str,
    *,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> list[str]:
    """Mark ``target`` and its ancestors as applied without running them (baselining)."""
    require_confirmation(settings, "stamp", _REWRITES_STATE, confirmed)
    project = load_project(settings)
    resolved = project.graph.resolve(target)
    with _open(settings) as db, db.lock(lock_timeout):
        db.ensure_schema(settings.migration_table)
        state = db.state(settings.migration_table)
        plan = project.graph.plan_stamp(set(state.applied), resolved)
        for rid in plan:
            revision = project.revision(rid)
            db.mark(
                revision_id=rid,
                path=revision.path,
                checksum=revision.checksum,
                action="stamp",
                migration_table=settings.migration_table,
                applied=True,
            )
    return plan


# -- offline SQL (--sql) --------------------------------------------------------------------------


def upgrade_sql(settings: Settings, target: str | None = None) -> str:
    """The SQL ``upgrade`` would run, as a script the mariadb client accepts. Changes nothing."""
    project = load_project(settings)
    resolved = project.graph.resolve(target) if target else None
    applied = _applied_ids(settings)
    plan = project.graph.plan_upgrade(applied, resolved)
    paths = [project.revision(rid).path for rid in plan]
    return _script("upgrade", plan, paths)


def downgrade_sql(settings: Settings, target: str | None = None) -> str:
    """The SQL ``downgrade`` would run. Needs the database to know what is applied."""
    project = load_project(settings)
    resolved = target if target in (None, BASE) else project.graph.resolve(target)
    with _open(settings) as db:
        state = db.state(settings.migration_table)
    plan = project.graph.plan_downgrade(set(state.applied), resolved, state.applied_order)
    paths = [_rollback_source(project.revision(rid)).path for rid in plan]
    return _script("downgrade", plan, paths)


def _applied_ids(settings: Settings) -> set[str]:
    if settings.database_url is None:
        return set()  # offline: everything from base
    with _open(settings) as db:
        return set(db.state(settings.migration_table).applied)


def _script(command: str, plan: list[str], paths: list[Path]) -> str:
    out = [
        f"-- roble {command} --sql: {len(plan)} revision(s); roble's bookkeeping is not shown",
    ]
    for rid, path in zip(plan, paths, strict=True):
        out.append(f"\n-- Revision {rid} ({path.name})")
        for statement in _Source.read(path).statements():
            out.append(_as_client_sql(statement.text))
    return "\n".join(out) + "\n"


def _as_client_sql(text: str) -> str:
    if ";" not in text:
        return text + ";"
    delimiter = next(d for d in ("$$", "//", ";;", "$$$") if d not in text)
    return f"DELIMITER {delimiter}\n{text}{delimiter}\nDELIMITER ;"


# -- integrity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing ``verify`` found wrong."""

    kind: str  # modified | missing | failed | dangling | cycle | heads | sum-* | unreadable
    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where, "message": self.message}


_SUM_MESSAGES = {
    "added": "is not in roble.sum: a new file; run 'roble rehash' once it is reviewed",
    "removed": "is in roble.sum but the file is gone",
    "edited": "changed since roble.sum was written: an edited revision",
    "total": "the total hash does not match the file list (a hand-merged roble.sum?)",
    "missing-sum": "roble.sum does not exist; create it with 'roble rehash'",
    "malformed": "roble.sum can't be read",
}


def verify(settings: Settings, *, offline: bool = False) -> list[Problem]:
    """Problems with the revisions: files vs roble.sum and the graph; online, vs the database."""
    try:
        revisions = read_revisions(settings.migrations_dir)
    except RevisionFileError as exc:
        return [Problem("unreadable", exc.where or "", exc.message)]
    problems = [
        Problem("dangling", rid, f"'-- depends: {dep}' names no revision in the folder")
        for rid, dep in dangling_depends(revisions)
    ]
    if not problems:
        problems += _graph_problems(revisions)
    if offline or (settings.migrations_dir / SUM_FILE).is_file():
        problems += [
            Problem(f"sum-{p.reason}", p.file, _SUM_MESSAGES[p.reason])
            for p in checksums.check(settings.migrations_dir)
        ]
    if not offline and not any(p.kind in ("dangling", "cycle") for p in problems):
        problems += _database_problems(settings)
        _, breaks = verify_chain(settings)
        problems += [
            Problem("audit-chain", f"roble_audit id {b.event_id}", b.reason) for b in breaks
        ]
    return problems


def _graph_problems(revisions: list[Revision]) -> list[Problem]:
    try:
        graph = RevisionGraph(revisions)
    except RevisionFileError as exc:
        return [Problem("cycle", exc.where or "", exc.message)]
    heads_now = graph.heads()
    if len(heads_now) > 1:
        return [
            Problem(
                "heads",
                ", ".join(heads_now),
                f"the history has {len(heads_now)} heads; join them with 'roble merge -m ...'",
            )
        ]
    return []


def _database_problems(settings: Settings) -> list[Problem]:
    rows = status(settings)
    messages = {
        "modified": "was edited after it was applied (recorded {recorded}, file {now})",
        "missing": "is applied but its file is gone",
        "failed": "did not finish: {detail}",
    }
    return [
        Problem(
            row.state,
            row.id,
            messages[row.state].format(
                recorded=(row.recorded_checksum or "")[:12],
                now=(row.checksum or "")[:12],
                detail=row.detail,
            ),
        )
        for row in rows
        if row.state in messages
    ]


def rehash(settings: Settings) -> Path:
    """Rewrite roble.sum for the revisions as they are now (after a reviewed change)."""
    read_revisions(settings.migrations_dir)  # refuse to bless unreadable files
    return checksums.write(settings.migrations_dir)


# -- settling by hand ----------------------------------------------------------------------------


_ROLLS_BACK_ALL = "rolls back every revision of the production database"
_REWRITES_STATE = "changes what production believes is applied, without running any SQL"
_SCRATCH = "creates and drops scratch databases on the production server"


def require_confirmation(settings: Settings, action: str, why: str, confirmed: bool) -> None:
    """In production, what rewrites bookkeeping or touches the server needs --yes-i-know."""
    if settings.is_production and not confirmed:
        raise UsageError(
            f"'{action}' {why}",
            where=f"environment {settings.environment}",
            hint="run it again with --yes-i-know if that is what you mean",
        )


def resolve(
    settings: Settings,
    revision: str,
    *,
    applied: bool,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> AuditEvent:
    """Record a person's decision: the revision is applied, or rolled back. Audited."""
    require_confirmation(settings, "resolve", _REWRITES_STATE, confirmed)
    project = load_project(settings)
    resolved = project.graph.resolve(revision)
    source = project.revision(resolved)
    with _open(settings) as db, db.lock(lock_timeout):
        db.ensure_schema(settings.migration_table)
        return db.mark(
            revision_id=resolved,
            path=source.path,
            checksum=source.checksum,
            action="resolve-applied" if applied else "resolve-rolled-back",
            migration_table=settings.migration_table,
            applied=applied,
            detail="marked applied by hand" if applied else "marked rolled back by hand",
        )


# -- the schema: snapshot, dump, ERD, round-trip check, drift ------------------------------------


def _read_schema(db: Database, settings: Settings) -> Schema:
    """The schema ``db`` is connected to, without roble's and yoyo's own tables."""
    from roble_sql.schema import read_schema

    return read_schema(
        db.query,
        db.database,
        server_version=db.server_version,
        ignore=(settings.migration_table,),
    )


def schema_snapshot(settings: Settings) -> Schema:
    """The live database's schema as a model (tables, views, triggers, routines)."""
    with _open(settings) as db:
        return _read_schema(db, settings)


def schema_dump(settings: Settings, *, definers: bool = False) -> str:
    """The live schema as a deterministic SQL script that recreates it."""
    from roble_sql.schema import dump

    return dump(schema_snapshot(settings), definers=definers)


def schema_erd(settings: Settings, *, markdown: bool = False) -> str:
    """The live schema as a Mermaid erDiagram (``markdown``: a page with a mermaid block)."""
    from roble_sql.schema import erd

    found = schema_snapshot(settings)
    return erd.markdown(found) if markdown else erd.mermaid(found)


class _Scratch:
    """A throwaway database beside the configured one: created on entry, always dropped.

    Same server and credentials, same default charset and collation as the configured
    database (so tables created without them match), never the configured database.
    """

    def __init__(self, settings: Settings, purpose: str):
        import uuid
        from dataclasses import replace

        url = settings.require_database()
        self.name = f"roble_{purpose}_{uuid.uuid4().hex[:12]}"
        self._target = url.database
        self._server = url.with_database("information_schema")
        self.settings = replace(settings, database_url=url.with_database(self.name))

    def __enter__(self) -> _Scratch:
        self._create()
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        try:
            self._drop()
        except DatabaseError:
            if exc is None:
                raise

    def reset(self) -> None:
        """Start again from an empty database."""
        self._drop()
        self._create()

    def _create(self) -> None:
        from roble_sql import runner

        quoted = "`" + self.name + "`"
        try:
            with runner.connect(self._server) as db:
                defaults = db.query(
                    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                    " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
                    (self._target,),
                )
                clause = ""
                if defaults and all(defaults[0]):
                    clause = f" CHARACTER SET {defaults[0][0]} COLLATE {defaults[0][1]}"
                db.execute(f"CREATE DATABASE {quoted}{clause}")
        except DatabaseError as exc:
            raise type(exc)(
                f"could not create the scratch database {self.name}: {exc.message}",
                where=exc.where,
                hint="the database user needs CREATE and DROP on roble_* databases "
                "(GRANT CREATE, DROP ON `roble\\_%`.* ...), or use the local sandbox "
                "with --sandbox always",
            ) from None

    def _drop(self) -> None:
        from roble_sql import runner

        if not self.name.startswith("roble_") or self.name == self._target:
            raise UsageError(f"refusing to drop {self.name}: not a scratch database")
        try:
            with runner.connect(self._server) as db:
                db.execute(f"DROP DATABASE IF EXISTS `{self.name}`")
        except DatabaseError as exc:
            raise DatabaseError(
                f"could not drop the scratch database {self.name}: {exc.message}",
                where=exc.where,
                hint=f"drop it by hand: DROP DATABASE `{self.name}`",
            ) from None


@dataclass(frozen=True)
class RoundTrip:
    """What ``check`` found for one revision."""

    revision_id: str
    # ok | differs | no-rollback | rollback-failed | reapply-failed | reapply-differs | apply-failed
    outcome: str
    # differs: before apply -> after rollback; reapply-differs: first apply -> second apply
    changes: tuple[Change, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def message(self) -> str:
        return {
            "ok": "the rollback restores the schema",
            "differs": "the rollback does not restore the schema",
            "no-rollback": "has no rollback file, so it can't be rolled back",
            "rollback-failed": "the rollback failed",
            "reapply-failed": "applying it again after the rollback failed",
            "reapply-differs": "applying it again gives a different schema than the first time",
            "apply-failed": "could not be applied; the revisions after it were not checked",
        }[self.outcome]


@dataclass(frozen=True)
class CheckReport:
    results: list[RoundTrip]
    total: int  # revisions in the folder
    database: str  # the scratch database (dropped)

    @property
    def failed(self) -> list[RoundTrip]:
        return [result for result in self.results if not result.ok]


def check(
    settings: Settings, *, confirmed: bool = False, on_event: EventSink = _ignore
) -> CheckReport:
    """Round-trip every revision on a scratch database, in graph order.

    For each: snapshot the schema, apply, roll back, compare with the snapshot, apply
    again (and compare with the first apply). The scratch database is dropped at the end,
    also on failure; the configured database is never touched.
    """
    require_confirmation(settings, "check", _SCRATCH, confirmed)
    project = load_project(settings)
    order = project.graph.order()
    results: list[RoundTrip] = []
    with _Scratch(settings, "check") as scratch:
        for index, rid in enumerate(order, start=1):
            on_event(Event("start", rid, index, len(order)))
            result = _round_trip(scratch, project.revision(rid))
            results.append(result)
            on_event(Event("done", rid, index, len(order), result.outcome))
            if result.outcome == "apply-failed":
                break
    return CheckReport(results, len(order), scratch.name)


def _round_trip(scratch: _Scratch, revision: Revision) -> RoundTrip:
    from roble_sql.schema import compare

    rid = revision.id
    before = schema_snapshot(scratch.settings)
    try:
        upgrade(scratch.settings, rid)
    except (MigrationFailed, RevisionFileError) as exc:
        return RoundTrip(rid, "apply-failed", error=exc.one_line())
    applied = schema_snapshot(scratch.settings)
    if revision.rollback_path is None:
        return RoundTrip(rid, "no-rollback")
    try:
        downgrade(scratch.settings)
    except (MigrationFailed, RevisionFileError) as exc:
        _rebuild(scratch, rid)
        return RoundTrip(rid, "rollback-failed", error=exc.one_line())
    left = compare(before, schema_snapshot(scratch.settings))
    try:
        upgrade(scratch.settings, rid)
    except (MigrationFailed, RevisionFileError) as exc:
        _rebuild(scratch, rid)
        if left:
            return RoundTrip(rid, "differs", left.changes, error=exc.one_line())
        return RoundTrip(rid, "reapply-failed", error=exc.one_line())
    if left:
        return RoundTrip(rid, "differs", left.changes)
    again = compare(applied, schema_snapshot(scratch.settings))
    if again:
        return RoundTrip(rid, "reapply-differs", again.changes)
    return RoundTrip(rid, "ok")


def _rebuild(scratch: _Scratch, revision_id: str) -> None:
    """After a broken round trip: a fresh scratch database with ``revision_id`` applied."""
    scratch.reset()
    upgrade(scratch.settings, revision_id)


@dataclass(frozen=True)
class DriftReport:
    """How the live schema differs from what the revisions build (expected -> live)."""

    diff: SchemaDiff
    pending: list[str]  # revisions not applied to the live database: their changes show too
    skipped: tuple[str, ...] = ()  # live objects roble does not model
    expected: Schema | None = None  # what the revisions build (for diff_sql)
    live: Schema | None = None


def diff(settings: Settings, *, confirmed: bool = False) -> DriftReport:
    """Build every revision on a scratch database and compare its schema with the live one."""
    from roble_sql.schema import compare

    require_confirmation(settings, "diff", _SCRATCH, confirmed)
    project = load_project(settings)
    with _open(settings) as db:
        live = _read_schema(db, settings)
        state = db.state(settings.migration_table)
    with _Scratch(settings, "diff") as scratch:
        if len(project.graph):
            try:
                upgrade(scratch.settings)
            except (MigrationFailed, RevisionFileError) as exc:
                raise MigrationFailed(
                    f"building the expected schema failed: {exc.message}",
                    where=exc.where,
                    hint="fix the revision; 'roble check' tests each one on a scratch database",
                ) from None
        expected = schema_snapshot(scratch.settings)
    pending = [rid for rid in project.graph.order() if rid not in state.applied]
    return DriftReport(compare(expected, live), pending, live.skipped, expected, live)


# -- lint ----------------------------------------------------------------------------------------


def lint(settings: Settings, paths: list[Path] | None = None) -> LintReport:
    """Lint revision files: ``paths`` (folders or .sql files), else the migrations folder."""
    from roble_sql.errors import ConfigError
    from roble_sql.lint.engine import lint_paths

    if not paths and not settings.migrations_dir.is_dir():
        raise ConfigError(
            f"migrations folder {settings.migrations_dir} does not exist",
            hint="run 'roble init', or point --migrations (or yoyo.ini 'sources') at it",
        )
    return lint_paths(paths or [settings.migrations_dir], config=lint_config(settings))


def lint_config(settings: Settings) -> LintConfig:
    """The lint settings of yoyo.ini's [roble] and pyproject.toml's [tool.roble.lint]."""
    from roble_sql.lint import config

    return config.load(settings.project_dir, settings.roble_options, settings.config_path)


def lint_rules(settings: Settings) -> list[tuple[type[Rule], str | None]]:
    """Every lint rule, with the severity it reports with here (None: disabled)."""
    from roble_sql.lint import registry

    configured = lint_config(settings)
    return [(rule, configured.severity(rule)) for rule in registry.all_rules()]


def lint_pending(
    settings: Settings, revisions: list[Revision], on_event: EventSink = _ignore
) -> list[Finding]:
    """Lint before applying ``revisions`` (up and rollback files): errors refuse the run
    (CheckFailed, exit 1), each one reported first to ``on_event`` as a ``lint`` event.
    The revisions they depend on are read too (so a backfill of a column added by the
    revision before is known as one), but only findings in ``revisions`` count. Returns
    those findings, warnings included."""
    from roble_sql.errors import CheckFailed
    from roble_sql.lint.engine import lint_paths

    files = {p.resolve() for r in revisions for p in (r.path, r.rollback_path) if p is not None}
    parents = [r.path.with_name(f"{dep}.sql") for r in revisions for dep in r.depends]
    paths = list(dict.fromkeys([r.path for r in revisions] + [p for p in parents if p.is_file()]))
    report = lint_paths(paths, config=lint_config(settings))
    findings = [f for f in report.findings if Path(f.file).resolve() in files]
    errors = [f for f in findings if f.severity == "error"]
    for error in errors:
        on_event(Event("lint", detail=f"{error.file}:{error.line}: {error.code}: {error.message}"))
    if errors:
        raise CheckFailed(
            f"lint found {len(errors)} error(s) in the pending revisions, so nothing was applied",
            where=f"{errors[0].file}:{errors[0].line}",
            hint="fix them ('roble lint' lists them), suppress one with "
            "'-- roble: ignore CODE <reason>', or pass --no-lint",
        )
    return findings


# -- autogenerate: a candidate revision from a changed schema ------------------------------------


@dataclass(frozen=True)
class Autogenerated:
    """What ``autogenerate`` found and wrote; ``revision`` is None when nothing differs."""

    migration: Migration
    source: str  # where the wanted schema came from, password masked
    revision: scaffold.NewRevision | None = None
    findings: tuple[Finding, ...] = ()  # lint findings in the two new files


def autogenerate(
    settings: Settings,
    message: str,
    *,
    from_database: DatabaseURL | None = None,
    from_schema: Path | None = None,
    author: str | None = None,
    now: datetime | None = None,
    revision_id: str | None = None,
    confirmed: bool = False,
) -> Autogenerated:
    """Write the revision pair that turns the schema the revisions build into the wanted one.

    The wanted schema is a development database (``from_database``) or a declarative
    ``.sql`` file (``from_schema``) loaded statement by statement into a scratch database.
    The revisions are built on a scratch database on the same server as the wanted schema
    (one server version, the same defaults on both sides); scratch databases are always
    dropped, and nothing else is changed. The new files are linted and the findings
    returned, so a destructive change is flagged the moment it is generated. In
    production the scratch databases need ``confirmed`` (--yes-i-know), as for check.
    """
    from dataclasses import replace

    from roble_sql.schema.generate import generate, rollback_file, up_file

    if (from_database is None) == (from_schema is None):
        raise UsageError(
            "--autogenerate needs the wanted schema from one place"
            if from_database is None
            else "--from-database and --from-schema can't be used together",
            hint="pass --from-database URL (a development database) or --from-schema FILE",
        )
    if not message.split():
        raise UsageError("the revision needs a message", hint='pass -m "what this revision does"')
    if from_database is not None and not from_database.database:
        raise UsageError(
            f"--from-database {from_database} names no database",
            hint="write it as mysql://user@host:port/database",
        )
    require_confirmation(settings, "new --autogenerate", _SCRATCH, confirmed)
    project = load_project(settings)
    if from_database is not None:
        work = replace(settings, database_url=from_database)
        source = f"database {from_database}"
        wanted = schema_snapshot(work)
    else:
        assert from_schema is not None
        work = settings
        source = f"schema file {_shown_path(from_schema, settings)}"
        wanted = _schema_file_schema(settings, from_schema)
    migration = generate(_built_schema(work, project), wanted)
    if not migration:
        return Autogenerated(migration, source)
    revision = scaffold.write_revision(
        settings.migrations_dir,
        message,
        tuple(project.graph.heads()),
        author=author or default_author(),
        now=now or datetime.now(UTC),
        up_body=up_file(migration, source),
        rollback_body=rollback_file(migration, source),
        revision_id=revision_id,
    )
    checksums.write(settings.migrations_dir)
    files = {revision.path.resolve(), revision.rollback_path.resolve()}
    findings = tuple(f for f in lint(settings).findings if Path(f.file).resolve() in files)
    return Autogenerated(migration, source, revision, findings)


def diff_sql(settings: Settings, report: DriftReport) -> str:
    """``diff --sql``: the statements that turn what the revisions build into the live
    schema, as ``new --autogenerate --from-database`` would write them."""
    from roble_sql.schema.generate import generate, script

    assert report.expected is not None and report.live is not None
    migration = generate(report.expected, report.live)
    where = settings.database_url or "the live database"
    if not migration:
        return f"-- roble diff --sql: no drift: {where} has the schema the revisions build\n"
    heading = [
        "roble diff --sql: the statements that turn the schema the revisions build into the",
        f"schema of {where} ({len(migration.changes)} difference(s)). Nothing was written.",
        "Review them: roble compares schemas, not intentions (renames, data, ALGORITHM/LOCK).",
    ]
    return script(migration, heading)


def _built_schema(settings: Settings, project: Project) -> Schema:
    """The schema every revision builds, on a scratch database beside ``settings``' one."""
    with _Scratch(settings, "autogen") as scratch:
        if len(project.graph):
            try:
                upgrade(scratch.settings)
            except (MigrationFailed, RevisionFileError) as exc:
                raise MigrationFailed(
                    f"building the schema of the revisions failed: {exc.message}",
                    where=exc.where,
                    hint="fix the revision; 'roble check' tests each one on a scratch database",
                ) from None
        return schema_snapshot(scratch.settings)


# Statements a schema file must not hold: they would leave the scratch database.
_OTHER_DATABASE = r"^(?:USE\b|(?:CREATE|DROP|ALTER)\s+(?:DATABASE|SCHEMA)\b|CONNECT\b)"


def _schema_file_schema(settings: Settings, path: Path) -> Schema:
    """Load a declarative schema file into a scratch database and read its schema back."""
    import re

    import pymysql

    from roble_sql import runner
    from roble_sql.splitter import split

    text = decode(path.read_bytes(), path)
    with _Scratch(settings, "wanted") as scratch:
        count = 0
        with runner.connect(scratch.settings.require_database()) as db:
            for statement in split(text):
                where = f"{path}:{statement.line}"
                if re.match(_OTHER_DATABASE, statement.text, re.IGNORECASE):
                    raise RevisionFileError(
                        "the schema file changes or names databases (USE, CREATE DATABASE...)",
                        where=where,
                        hint="keep only the schema's own statements: it is loaded into a "
                        "scratch database",
                    )
                try:
                    db.execute(statement.text)
                except pymysql.MySQLError as exc:
                    code = exc.args[0] if exc.args else None
                    error = " ".join(str(exc.args[1] if len(exc.args) > 1 else exc).split())
                    raise MigrationFailed(
                        f"loading the schema file failed: ({code}) {error}",
                        where=where,
                        hint="fix the file: it is run statement by statement on an empty "
                        "scratch database, as the mariadb client would run it",
                    ) from None
                count += 1
        if not count:
            raise UsageError(f"the schema file {path} has no SQL statements", hint="check the path")
        return schema_snapshot(scratch.settings)


def _shown_path(path: Path, settings: Settings) -> str:
    """``path`` relative to the project folder when inside it: the same in every checkout."""
    resolved = path.resolve()
    if resolved.is_relative_to(settings.project_dir.resolve()):
        return resolved.relative_to(settings.project_dir.resolve()).as_posix()
    return str(path)
