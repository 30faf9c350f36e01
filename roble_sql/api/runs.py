"""Running revisions: upgrade, downgrade, stamp, and their --sql scripts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roble_sql import classify
from roble_sql.api.adoption import (
    record_first_sight,
    refuse_foreign_database,
    refuse_missing,
    refuse_unadopted_alembic,
)

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import (
    DEFAULT_LOCK_TIMEOUT,
    REWRITES_STATE_WHY,
    ROLLS_BACK_ALL_WHY,
    ROLLS_BACK_WHY,
    Event,
    EventSink,
    PlanResult,
    Project,
    StatusRow,
    ignore_event,
    load_project,
    lock_wait_reporter,
    mark_applied,
    open_database,
    require_confirmation,
)
from roble_sql.api.linting import lint_pending
from roble_sql.api.state import status_rows
from roble_sql.config import Settings
from roble_sql.errors import (
    IntegrityError,
    MigrationFailed,
    RevisionFileError,
    UsageError,
)
from roble_sql.folder import revision_files
from roble_sql.graph import BASE, Target, parse_target
from roble_sql.sources import HOOK, printable, sha256_text

if TYPE_CHECKING:
    from pathlib import Path

    from roble_sql.folder import Revision, SqlFile
    from roble_sql.runner import Database, DatabaseState, Progress
    from roble_sql.runner.backup import BackupDestination
    from roble_sql.splitter import Statement


def upgrade(
    settings: Settings,
    target: str | None = None,
    *,
    allow_modified: bool = False,
    allow_missing: bool = False,
    backup: Path | None = None,
    backup_dir: Path | None = None,
    lint: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    wait: float = 0.0,
    on_event: EventSink = ignore_event,
    ddl_lock_wait: int | None = None,
    ddl_retries: int | None = None,
    confirmed: bool = False,
) -> PlanResult:
    """Apply pending revisions, each recorded as it completes: all (``heads``), ``target``
    and its ancestors (``head``, an id or a prefix), or the next N (``+N``).

    With ``backup`` (a new file) or ``backup_dir`` (a new timestamped file in it), a
    consistent dump is written before anything is applied, and its file name is recorded
    in each apply event of the run; a destination that can't work is refused first.
    With ``lint`` (the CLI's default), the pending revisions are linted first and lint
    errors refuse the run. In production, files git has uncommitted changes in are
    refused unless ``confirmed`` (then each event records the override).
    yoyo's post-apply hooks run after a run that applied something.
    """
    destination = None
    if backup is not None or backup_dir is not None:  # refused before anything runs
        from roble_sql.runner.backup import BackupDestination

        destination = BackupDestination.checked(backup, backup_dir)
    project = load_project(settings)
    wanted = parse_target(project.graph, target, relative="+")
    if wanted.revision == BASE:
        raise UsageError(
            "'upgrade base' applies nothing", hint="to roll back: roble downgrade base"
        )
    request = RunRequest(
        allow_modified,
        allow_missing,
        lint,
        destination,
        lock_timeout,
        on_event,
        ddl_lock_wait=ddl_lock_wait,
        ddl_retries=ddl_retries,
        online=True,
        confirmed=confirmed,
    )
    with open_database(settings, wait) as db:
        return apply_on(db, project, settings, wanted, request)


@dataclass(frozen=True)
class RunRequest:
    """How an upgrade or downgrade runs, on whichever database (see upgrade)."""

    allow_modified: bool = False
    allow_missing: bool = False
    lint: bool = False
    destination: BackupDestination | None = None
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    on_event: EventSink = ignore_event
    # Seconds each DDL statement may wait for its metadata lock, and its retries; None:
    # the settings' (ROBLE_DDL_LOCK_WAIT, yoyo.ini [roble] ddl_lock_wait, or 5 s and 3).
    ddl_lock_wait: int | None = None
    ddl_retries: int | None = None
    online: bool = False  # big ALTERs through the online tool (check and scratch: plain)
    # A fleet's shared lint gate (api/fleet.py): the files are linted once for every target.
    lint_gate: Callable[[Settings, Project, list[Revision], EventSink], None] | None = None
    confirmed: bool = False  # --yes-i-know: in production, files git has uncommitted changes in


def _bound_ddl_waits(db: Database, settings: Settings, request: RunRequest) -> None:
    from roble_sql.runner.ddl_wait import DdlLockWait

    db.runner.ddl_wait = DdlLockWait(
        settings.ddl_lock_wait if request.ddl_lock_wait is None else request.ddl_lock_wait,
        settings.ddl_retries if request.ddl_retries is None else request.ddl_retries,
    )
    on_event = request.on_event
    db.runner.on_ddl_wait = lambda detail: on_event(Event("ddl-wait", detail=detail))


def apply_on(
    db: Database, project: Project, settings: Settings, wanted: Target, request: RunRequest
) -> PlanResult:
    """``upgrade`` on an open database with a loaded project (the scratch tools run many on
    one connection, reading each file once)."""
    on_event = request.on_event
    result = PlanResult("apply")
    refuse_unadopted_alembic(db, settings)
    db.runner.snapshot_session()
    _bound_ddl_waits(db, settings, request)
    with db.lock(request.lock_timeout, lock_wait_reporter(on_event)):
        refuse_foreign_database(db, project, settings, allow_missing=request.allow_missing)
        db.ensure_schema(settings.migration_table)  # yoyo's CREATEs race outside the lock
        state = db.state(settings.migration_table)  # decided inside the lock
        refuse_missing(project, state, db.database, allow_missing=request.allow_missing)
        state = record_first_sight(db, project, state, settings)
        _refuse_disagreements(state)
        if not request.allow_modified:
            _refuse_modified(status_rows(project, state))
        _refuse_foreign_progress(state, "apply")
        plan = project.graph.plan_upgrade(set(state.applied), wanted.revision, wanted.steps)
        _refuse_uncommitted(db, settings, project, plan, request.confirmed, on_event)
        if request.lint and plan:  # what it reads through, the runner need not check again
            gate = request.lint_gate or lint_pending
            gate(settings, project, [project.revision(rid) for rid in plan], on_event)
        sources = [(rid, project.revision(rid).up) for rid in plan]
        for _, file in sources:  # every file read to its end before anything runs
            file.check_readable_through()
        if request.online:
            _use_online_tool(db, settings, sources, on_event)
        detail = None
        if plan and request.destination is not None:
            destination = request.destination
            on_event(Event("backup", detail=str(destination.file or destination.folder)))
            written = db.dump(destination)
            on_event(Event("backup-done", detail=str(written)))
            detail = f"backup {written}"
        rollbacks = {rid: project.revision(rid).rollback_checksum for rid in plan}
        _run_plan(
            db, settings, state, sources, result, on_event, detail, rollbacks, request.lock_timeout
        )
        if result.outcomes and project.hooks:
            _run_hooks(db, settings, project, on_event)
    return result


def _refuse_uncommitted(
    db: Database,
    settings: Settings,
    project: Project,
    plan: list[str],
    confirmed: bool,
    on_event: EventSink,
) -> None:
    """In production only files as git has them at the commit are applied: others are
    not what was reviewed. With ``confirmed`` they are, and each event records it."""
    provenance = db.provenance
    if not plan or provenance is None:
        return
    provenance.commit  # noqa: B018 - git read before anything runs: the commit deployed
    if provenance.warning is not None:
        _unreadable_git(db, settings, provenance.warning, confirmed, on_event)
    if not settings.is_production:
        return
    paths = [path for rid in plan for path in revision_files(project.revision(rid).path)]
    paths += [hook.path for hook in project.hooks]  # they run after the revisions
    dirty = [
        origin.path
        for path in paths
        if (origin := provenance.origin(path)) is not None and not origin.clean
    ]
    if not dirty:
        return
    what = dirty[0] + (f" (and {len(dirty) - 1} more)" if len(dirty) > 1 else "")
    if not confirmed:
        raise UsageError(
            f"{what} differs from commit {(provenance.commit or '')[:12]} (edited, staged or "
            "never committed): in production roble applies only committed, reviewed files",
            where=f"environment {settings.environment}",
            hint="commit the change and have it reviewed and merged; to apply it anyway "
            "run again with --yes-i-know (each event records the override)",
        )
    override = f"--yes-i-know in {settings.environment}: applied uncommitted {what}"
    db.override = "; ".join(filter(None, (db.override, override)))[:255]


def _unreadable_git(
    db: Database, settings: Settings, warning: str, confirmed: bool, on_event: EventSink
) -> None:
    """git is there but can't be read: the events would record no commit."""
    if not settings.is_production:
        on_event(Event("vcs-warning", detail=f"{warning}: the events record no git commit"))
        return
    if not confirmed:
        raise UsageError(
            f"{warning}: in production every event records the git commit it ran from",
            where=f"environment {settings.environment}",
            hint="let git read the repository (for a repository another user owns: git "
            "config --global --add safe.directory DIR); to deploy without a recorded "
            "commit run again with --yes-i-know (each event records the override)",
        )
    override = f"--yes-i-know in {settings.environment}: deployed without git provenance"
    db.override = "; ".join(filter(None, (db.override, override)))[:255]


def _use_online_tool(
    db: Database, settings: Settings, sources: list[tuple[str, SqlFile]], on_event: EventSink
) -> None:
    """ALTERs marked ``-- roble: online`` or on big tables go through the online tool
    (runner/online.py); a missing tool refuses here, before anything runs."""
    from roble_sql.runner.online import OnlineChanges, OnlineSettings

    def report(revision_id: str, line: str, percent: int) -> None:
        on_event(Event("online", revision_id, max(percent, 0), 100 if percent >= 0 else 0, line))

    online = OnlineChanges(
        OnlineSettings.from_options(settings.roble_options),
        {file.path: _text_of(file) for _, file in sources},
        report,
    )
    online.require_tool(db, [(rid, file.path, file.statements()) for rid, file in sources])
    db.runner.online = online


def _text_of(file: SqlFile) -> Callable[[], str]:
    return lambda: file.text


def _run_hooks(db: Database, settings: Settings, project: Project, on_event: EventSink) -> None:
    """yoyo's post-apply hooks, in name order, each run whole (never resumed) and audited;
    like yoyo, they are logged as applied and never marked."""
    for file in project.hooks:
        file.check_readable_through()
        hook = file.name[: -len(".sql")]
        on_event(Event("start", hook, 0, 0, "post-apply hook"))
        outcome = db.runner.run_revision(
            revision_id=hook,
            path=file.path,
            direction=HOOK,
            checksum=file.checksum,
            statements=file.statements(),
            transactional=file.header.transactional is not False,
            migration_table=settings.migration_table,
        )
        on_event(Event("done", hook, 0, 0, f"{outcome.duration_ms:.0f} ms"))


def downgrade(
    settings: Settings,
    target: str | None = None,
    *,
    confirmed: bool = False,
    allow_missing: bool = False,
    allow_modified: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    wait: float = 0.0,
    on_event: EventSink = ignore_event,
    ddl_lock_wait: int | None = None,
    ddl_retries: int | None = None,
) -> PlanResult:
    """Roll back the last applied revision (or the last N: ``-N``), everything after
    ``target``, or everything (``base``). In production, every downgrade needs
    ``confirmed``. A rollback file edited since its revision was applied is refused
    unless ``allow_modified``."""
    what = "downgrade base" if target == BASE else "downgrade"
    override = require_confirmation(
        settings, what, ROLLS_BACK_ALL_WHY if target == BASE else ROLLS_BACK_WHY, confirmed
    )
    project = load_project(settings)
    wanted = parse_target(project.graph, target, relative="-")
    request = RunRequest(
        allow_modified,
        allow_missing,
        lock_timeout=lock_timeout,
        on_event=on_event,
        ddl_lock_wait=ddl_lock_wait,
        ddl_retries=ddl_retries,
        online=True,
    )
    with open_database(settings, wait, override) as db:
        return roll_back_on(db, project, settings, wanted, request)


def roll_back_on(
    db: Database, project: Project, settings: Settings, wanted: Target, request: RunRequest
) -> PlanResult:
    """``downgrade`` on an open database with a loaded project (see apply_on)."""
    result = PlanResult("rollback")
    refuse_unadopted_alembic(db, settings)
    db.runner.snapshot_session()
    _bound_ddl_waits(db, settings, request)
    with db.lock(request.lock_timeout, lock_wait_reporter(request.on_event)):
        refuse_foreign_database(db, project, settings, allow_missing=request.allow_missing)
        db.ensure_schema(settings.migration_table)
        state = db.state(settings.migration_table)
        refuse_missing(project, state, db.database, allow_missing=request.allow_missing)
        state = record_first_sight(db, project, state, settings)
        _refuse_disagreements(state)
        _refuse_foreign_progress(state, "rollback")
        plan = project.graph.plan_downgrade(
            set(state.applied), wanted.revision, state.applied_order, wanted.steps or 1
        )
        if not request.allow_modified:
            rows = status_rows(project, state)
            _refuse_modified([row for row in rows if row.id in plan], "rollback")
        # Every rollback file is read first: a missing one refuses before anything runs.
        sources = [(rid, _rollback_file(project.revision(rid))) for rid in plan]
        for _, file in sources:
            file.check_readable_through()
        if request.online:
            _use_online_tool(db, settings, sources, request.on_event)
        _run_plan(
            db,
            settings,
            state,
            sources,
            result,
            request.on_event,
            wait_timeout=request.lock_timeout,
        )
    return result


def _run_plan(
    db: Database,
    settings: Settings,
    state: DatabaseState,
    sources: list[tuple[str, SqlFile]],
    result: PlanResult,
    on_event: EventSink,
    detail: str | None = None,
    rollback_checksums: dict[str, str | None] | None = None,
    wait_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> None:
    """Run each revision's file in order (resuming where one stopped), reporting progress;
    an apply records the rollback file's checksum as it was reviewed."""
    total = len(sources)
    for index, (rid, file) in enumerate(sources, start=1):
        on_event(Event("start", rid, index, total))
        resume, replay = _resume_point(db, state.progress.get(rid), file, on_event, wait_timeout)
        outcome = db.runner.run_revision(
            revision_id=rid,
            path=file.path,
            direction=result.direction,
            checksum=file.checksum,
            statements=file.statements(),
            transactional=file.header.transactional is not False,
            migration_table=settings.migration_table,
            resume=resume,
            detail=detail,
            rollback_checksum=(rollback_checksums or {}).get(rid),
            replay=replay,
        )
        result.outcomes.append(outcome)
        on_event(Event("done", rid, index, total, f"{outcome.duration_ms:.0f} ms"))


def _rollback_file(revision: Revision) -> SqlFile:
    if revision.rollback is None:
        raise RevisionFileError(
            f"{revision.id} has no rollback file, so it can't be rolled back",
            where=str(revision.expected_rollback_path),
            hint="write the rollback file (the exact reverse of the up file) and run again",
        )
    return revision.rollback


def _refuse_modified(rows: list[StatusRow], files: str = "") -> None:
    """Applied revisions whose files changed since (for a downgrade, their rollback files:
    what it would run is not what was reviewed when they were applied)."""
    modified = [row for row in rows if row.state == "modified"]
    if files == "rollback":
        modified = [row for row in modified if "rollback" in row.detail]
    if modified:
        what = "rollback files of applied revisions" if files else "applied revision files"
        raise IntegrityError(
            f"{what} were edited after they ran: {', '.join(row.id for row in modified)}",
            where=modified[0].id,
            hint="restore the reviewed files (git checkout), put the change in a new revision, "
            "or pass --allow-modified if the edit is harmless",
        )


def _refuse_disagreements(state: DatabaseState) -> None:
    """yoyo's table and the audit log must tell the same story before anything runs: a
    deleted row of yoyo's would make a revision run twice, a row written by hand would
    skip one."""
    if state.disagreements:
        first = state.disagreements[0]
        more = len(state.disagreements) - 1
        raise IntegrityError(
            first.message + (f" (and {more} more: 'roble verify' lists them)" if more else ""),
            where=first.revision_ids[0] if first.revision_ids else "roble_audit",
            hint="check the schema; then settle each with 'roble resolve REV --applied' or "
            "'--rolled-back' (audited), or restore the deleted rows from a backup",
        )


def _refuse_foreign_progress(state: DatabaseState, direction: str) -> None:
    for progress in state.progress.values():
        if progress.direction not in (direction, HOOK):  # a failed hook is simply run again
            verb = "applied" if progress.direction == "apply" else "rolled back"
            command = "upgrade" if progress.direction == "apply" else "downgrade"
            raise MigrationFailed(
                f"{progress.revision_id} was being {verb} and did not finish",
                where=progress.revision_id,
                hint=f"finish it with 'roble {command}', or settle it with "
                f"'roble resolve {progress.revision_id} --applied|--rolled-back'",
            )


def _resume_point(
    db: Database,
    progress: Progress | None,
    file: SqlFile,
    on_event: EventSink,
    wait_timeout: float,
) -> tuple[Progress | None, list[Statement]]:
    """Where a failed or interrupted revision can safely continue, with the statements
    before it that set the session up (replayed first), or a refusal."""
    if progress is None:
        return None, []
    # Connection ids restart with the server: after a restart the recorded one may name
    # an unrelated connection, and the interrupted one is gone anyway.
    restarted = progress.state == "running" and db.restarted_since(progress)
    if progress.state == "running" and not restarted:
        _wait_for_thread(db, progress, on_event, wait_timeout)
    if progress.state == "uncertain":
        raise MigrationFailed(
            f"{progress.revision_id} failed during statement {progress.statements_done + 1} "
            "after that statement committed part of its work, so roble can't tell how much "
            "of it took effect",
            where=f"{file.path}:{progress.failed_line}",
            hint="check its effects; then run 'roble resolve "
            f"{progress.revision_id} --applied' or '--rolled-back' after finishing or "
            "undoing it by hand",
        )
    statements = list(_first_statements(file, progress.statements_done + 1))
    done = progress.statements_done
    for index, recorded in enumerate(progress.statement_checksums[:done]):
        if index >= len(statements) or sha256_text(statements[index].text) != recorded:
            line = statements[index].line if index < len(statements) else "end"
            raise IntegrityError(
                f"statement {index + 1} of {progress.revision_id} changed after it ran, "
                "so roble can't resume the revision safely",
                where=f"{file.path}:{line}",
                hint=f"restore the statements that already ran (1-{done}), or settle it by hand "
                f"with 'roble resolve {progress.revision_id} --applied|--rolled-back'",
            )
    # The server records each statement in the same round trip, right after it, even if
    # roble died: an unrecorded statement did not complete, unless the server itself
    # restarted in between. Only then is it a person's call (or a harmless re-run).
    if progress.state == "running" and done < len(statements):
        in_flight = statements[done]
        if classify.may_return_several_results(in_flight.text):
            # A CALL answers with results while it runs: with roble gone, the server's write
            # of them fails, and the rest of the batch (its record) is not run, though the
            # CALL's own changes may have taken effect.
            raise MigrationFailed(
                f"{progress.revision_id} was interrupted during statement {done + 1} (a "
                "CALL, EXECUTE or compound statement, which answers with results while it "
                "runs), so roble can't tell how much of it took effect",
                where=f"{file.path}:{in_flight.line}",
                hint="check its effects; then run 'roble resolve "
                f"{progress.revision_id} --applied' or '--rolled-back' after finishing or "
                "undoing it by hand",
            )
        if restarted and not classify.is_read_only(in_flight.text):
            raise MigrationFailed(
                f"{progress.revision_id} was interrupted during statement {done + 1} and the "
                "server restarted since; roble can't tell whether that statement took effect",
                where=f"{file.path}:{in_flight.line}",
                hint="check the schema; then run 'roble resolve "
                f"{progress.revision_id} --applied' or '--rolled-back' after finishing or undoing it by hand",
            )
    replay = _session_replay(progress.revision_id, file, statements[:done])
    on_event(Event("resume", progress.revision_id, done + 1, detail=f"statement {done + 1}"))
    return progress, replay


def _session_replay(revision_id: str, file: SqlFile, done: list[Statement]) -> list[Statement]:
    """The statements that ran before the resume point and set session state (SET, SET
    NAMES, USE, PREPARE): the resumed statements must run in the session the file
    describes. A session that can't be rebuilt (a variable set from the data) refuses."""
    replay = []
    for number, statement in enumerate(done, start=1):
        change = classify.session_change(statement.text)
        if change == classify.REPLAY:
            replay.append(statement)
        elif change is not None:
            raise MigrationFailed(
                f"{revision_id} can't resume at statement {len(done) + 1}: statement "
                f"{number} set up the session the rest runs in, and {change}",
                where=f"{file.path}:{statement.line}",
                hint="check what ran (roble status); then finish the revision by hand and "
                f"run 'roble resolve {revision_id} --applied', or undo it and "
                "'--rolled-back'",
            )
    return replay


def _first_statements(file: SqlFile, count: int) -> Iterator[Statement]:
    for index, statement in enumerate(file.statements()):
        if index >= count:
            return
        yield statement


def _wait_for_thread(db: Database, progress: Progress, on_event: EventSink, timeout: float) -> None:
    """An interrupted run's statement may still be executing on the server: let it end,
    for up to ``timeout`` seconds (the lock timeout: the lock is held meanwhile).

    The thread is the old run's: the server runs as it did then (same incarnation, so
    connection ids were not handed out again)."""
    import time

    thread = progress.connection_id
    if not db.thread_alive(thread):
        return
    on_event(Event("wait-thread", progress.revision_id, detail=str(thread)))
    deadline = time.monotonic() + timeout
    while db.thread_alive(thread):
        if time.monotonic() >= deadline:
            raise MigrationFailed(
                f"server thread {thread} of the interrupted run of {progress.revision_id} is "
                f"still running after {timeout:g} s",
                where=progress.revision_id,
                hint=f"wait for it and run again (or with a longer --lock-timeout), or end it "
                f"with KILL {thread} if it must not finish",
            )
        time.sleep(0.2)


def stamp(
    settings: Settings,
    target: str,
    *,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> list[str]:
    """Mark ``target`` and its ancestors as applied without running them (baselining);
    ``heads`` marks everything, ``base`` marks nothing applied (Alembic's ``stamp base``)."""
    override = require_confirmation(settings, "stamp", REWRITES_STATE_WHY, confirmed)
    project = load_project(settings)
    wanted = parse_target(project.graph, target, relative="")
    with open_database(settings, override=override) as db, db.lock(lock_timeout):
        db.ensure_schema(settings.migration_table)
        state = db.state(settings.migration_table)
        if wanted.revision == BASE:
            return _unstamp_all(db, settings, project, state)
        # A revision applied in yoyo's table without an event of roble's is stamped too:
        # the stamp records it (after a person checked the schema).
        recorded = {rid for rid, applied in state.applied.items() if applied.checksum}
        plan = project.graph.plan_stamp(recorded, wanted.revision)
        mark_applied(db, settings, project, plan, "stamp")
    return plan


def _unstamp_all(
    db: Database, settings: Settings, project: Project, state: DatabaseState
) -> list[str]:
    """Every applied revision marked not applied, newest first, nothing run; audited."""
    plan = state.applied_order[::-1]
    for rid in plan:
        revision = project.revisions.get(rid)
        db.runner.mark(
            revision_id=rid,
            path=revision.path if revision else None,
            checksum=None,
            action="unstamp",
            migration_table=settings.migration_table,
            applied=False,
            detail="stamp base: marked not applied, nothing run",
        )
    return plan


def upgrade_sql(settings: Settings, target: str | None = None) -> str:
    """The SQL ``upgrade`` would run, as a script the mariadb client accepts. Changes nothing."""
    project = load_project(settings)
    wanted = parse_target(project.graph, target, relative="+")
    applied = _applied_ids(settings)
    plan = project.graph.plan_upgrade(applied, wanted.revision, wanted.steps)
    return _script("upgrade", plan, [project.revision(rid).up for rid in plan], settings)


def downgrade_sql(settings: Settings, target: str | None = None) -> str:
    """The SQL ``downgrade`` would run. Needs the database to know what is applied."""
    project = load_project(settings)
    wanted = parse_target(project.graph, target, relative="-")
    with open_database(settings) as db:
        state = db.state(settings.migration_table)
    plan = project.graph.plan_downgrade(
        set(state.applied), wanted.revision, state.applied_order, wanted.steps or 1
    )
    return _script("downgrade", plan, [_rollback_file(project.revision(rid)) for rid in plan])


def _applied_ids(settings: Settings) -> set[str]:
    if settings.database_url is None:
        return set()  # offline: everything from base
    with open_database(settings) as db:
        return set(db.state(settings.migration_table).applied)


def _script(
    command: str, plan: list[str], files: list[SqlFile], settings: Settings | None = None
) -> str:
    out = [
        f"-- roble {command} --sql: {len(plan)} revision(s); roble's bookkeeping is not shown",
    ]
    for rid, file in zip(plan, files, strict=True):
        # Names are checked when read (no control characters); escaped here all the same,
        # so a name can never end the comment it stands in.
        out.append(f"\n-- Revision {_comment_safe(rid)} ({_comment_safe(file.name)})")
        file.check_readable_through()
        marked = _online_marks(file) if settings is not None else frozenset()
        for statement in file.statements():
            if settings is not None and statement.line in marked:
                out += _online_note(settings, statement)
            out.append(_as_client_sql(statement.text))
    return "\n".join(out) + "\n"


def _online_marks(file: SqlFile) -> frozenset[int]:
    from roble_sql.online_mark import marked_lines

    return marked_lines(file.text)


def _online_note(settings: Settings, statement: Statement) -> list[str]:
    """For a ``-- roble: online`` ALTER: the tool's command that runs it instead (the
    password stays in the option file; shown masked). Size thresholds are judged at run
    time, on the server."""
    from roble_sql.runner import online

    url = settings.database_url
    change = online.parse_alter(statement.text, url.database if url and url.database else "DB")
    if change is None:
        return []
    tool = online.OnlineSettings.from_options(settings.roble_options)
    shown = online.shown_command(url, tool, change)
    lines = ["-- roble: online: upgrade runs this ALTER through the online tool, not as below:"]
    return [*lines, *(f"--   {printable(line)}" for line in shown.splitlines())]


def _comment_safe(name: str) -> str:
    return printable(name).encode("unicode_escape").decode("ascii").replace("*/", "*\\/")


def _as_client_sql(text: str) -> str:
    if ";" not in text:
        return text + ";"
    delimiter = next(d for d in ("$$", "//", ";;", "$$$") if d not in text)
    return f"DELIMITER {delimiter}\n{text}{delimiter}\nDELIMITER ;"
