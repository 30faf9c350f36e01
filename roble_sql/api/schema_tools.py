"""The schema tools: snapshot, dump, ERD, the round-trip check and drift."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import (
    SCRATCH_WHY,
    Event,
    EventSink,
    Project,
    ignore_event,
    load_project,
    open_database,
    require_confirmation,
)
from roble_sql.config import Settings
from roble_sql.errors import (
    MigrationFailed,
    RevisionFileError,
)
from roble_sql.folder import Revision, SqlFile
from roble_sql.graph import parse_target

if TYPE_CHECKING:
    from roble_sql.dsn import DatabaseURL
    from roble_sql.runner import Database
    from roble_sql.schema import Change, Schema, SchemaDiff


def live_schema(db: Database, settings: Settings, *, ignore: tuple[str, ...] = ()) -> Schema:
    """The schema ``db`` is connected to, without roble's and yoyo's own tables (nor the
    tables named in ``ignore``)."""
    from roble_sql.schema import read_schema

    return read_schema(
        db.query,
        db.database,
        server_version=db.server_version,
        ignore=(settings.migration_table, *ignore),
    )


def schema_snapshot(settings: Settings) -> Schema:
    """The live database's schema as a model (tables, views, triggers, routines)."""
    with open_database(settings) as db:
        return live_schema(db, settings)


def schema_dump(settings: Settings, *, definers: bool = False) -> str:
    """The live schema as a deterministic SQL script that recreates it."""
    from roble_sql.schema import dump

    return dump(schema_snapshot(settings), definers=definers)


def schema_erd(settings: Settings, *, markdown: bool = False) -> str:
    """The live schema as a Mermaid erDiagram (``markdown``: a page with a mermaid block)."""
    from roble_sql.schema import erd

    found = schema_snapshot(settings)
    return erd.markdown(found) if markdown else erd.mermaid(found)


class Scratch:
    """A throwaway database for one tool, on one connection: created on entry, always
    dropped, reset between round trips (runner.scratch.ScratchDatabase does the SQL).

    On ``server`` when given (``--scratch-url``), else beside the configured database
    (same server and credentials); never the configured database. Its default charset
    and collation are the configured database's (read, never changed), so tables created
    without them match; with no database configured, the server's own defaults.
    ``settings`` point at it, with no environment: rolling back there needs no
    --yes-i-know (the tool asked for what it needed already).
    """

    def __init__(self, settings: Settings, purpose: str, server: DatabaseURL | None = None):
        import uuid
        from dataclasses import replace

        from roble_sql.runner.scratch import ScratchDatabase

        url = server or settings.require_database()
        self.name = f"roble_{purpose}_{uuid.uuid4().hex[:12]}"
        self._configured = settings.database_url
        target = self._configured.database if self._configured else None
        self._scratch = ScratchDatabase(url, self.name, keep_away_from=target)
        self._target = target
        self.settings = replace(
            settings, database_url=url.with_database(self.name), environment=None
        )

    @property
    def db(self) -> Database:
        """The one connection, working in the scratch database."""
        return self._scratch.db

    def connect(self) -> Database:
        """The connection, before the scratch database exists (to read the server)."""
        return self._scratch.connect()

    def __enter__(self) -> Scratch:
        self._scratch.defaults = self._defaults()
        self._scratch.__enter__()
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        self._scratch.__exit__(exc_type, exc, tb)

    def reset(self) -> None:
        """Start again from an empty database."""
        self._scratch.reset()

    def run_file(self, file: SqlFile) -> int:
        return self._scratch.run_file(file)

    def databases(self) -> set[str]:
        """Every database on the scratch server (read before anything runs)."""
        return self._scratch.databases()

    def close(self) -> None:
        """Let go of the connection when the tool stops before it began."""
        self.connect().close()

    def _defaults(self) -> str:
        """The configured database's charset and collation (read on the scratch server's
        connection when it is the same server, else on one of its own)."""
        from roble_sql import runner
        from roble_sql.runner.scratch import database_defaults

        if self._configured is None or not self._target:
            return ""
        here = self.connect()
        if self._configured.with_database("information_schema") == here.url:
            return database_defaults(here, self._target)
        with runner.connect(self._configured) as configured:
            return database_defaults(configured, self._target)


def scratch_server_of(settings: Settings, server: DatabaseURL | None) -> DatabaseURL:
    """Where the scratch databases go: ``server``, else the configured database's server."""
    return server or settings.require_database()


def require_scratch_confirmation(
    settings: Settings, server: DatabaseURL | None, action: str, confirmed: bool
) -> None:
    """In production, scratch databases on the production server need --yes-i-know.

    On another server (``--scratch-url``) they don't: production is then only read. Which
    server it is, the servers say (``@@hostname``, ``@@port``, ``@@datadir``), not the
    URLs: two names of one server, or a proxy in front of it, are the same server.
    """
    if not settings.is_production or confirmed:
        return
    configured = settings.database_url
    if server is not None and (configured is None or not _same_server(configured, server)):
        return
    require_confirmation(settings, action, SCRATCH_WHY, confirmed)


def _same_server(first: DatabaseURL, second: DatabaseURL) -> bool:
    from roble_sql import runner
    from roble_sql.runner.scratch import server_identity

    found = []
    for url in (first, second):
        with runner.connect(url.with_database("information_schema")) as db:
            found.append(server_identity(db))
    return found[0] == found[1]


def refuse_escaping_files(
    scratch: Scratch, settings: Settings, files: list[tuple[SqlFile, str]]
) -> None:
    """Before a scratch tool runs anything: refuse a statement of ``files`` that reaches
    another database (see :func:`roble_sql.api.scratch_guard.refuse_escapes`). The names
    of the databases on the scratch server, and the configured database's, are known
    to be other databases wherever they appear."""
    from roble_sql.api.scratch_guard import refuse_escapes

    databases = scratch.databases()
    for known in (settings.database_url, scratch.settings.database_url):
        if known is not None and known.database:
            databases.add(known.database)
    databases.discard(scratch.name)
    try:
        refuse_escapes(files, databases=databases)
    except RevisionFileError:
        scratch.close()
        raise


def revision_files(project: Project, *, rollbacks: bool) -> list[tuple[SqlFile, str]]:
    """The files a scratch tool runs: each revision (and its rollback), the post-apply
    hooks."""
    files: list[tuple[SqlFile, str]] = []
    for rid in project.graph.order():
        revision = project.revision(rid)
        files.append((revision.up, "revision"))
        if rollbacks and revision.rollback is not None:
            files.append((revision.rollback, "rollback"))
    files.extend((hook, "post-apply hook") for hook in project.hooks)
    return files


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
    settings: Settings,
    *,
    confirmed: bool = False,
    on_event: EventSink = ignore_event,
    scratch_server: DatabaseURL | None = None,
) -> CheckReport:
    """Round-trip every revision on a scratch database, in graph order.

    For each: snapshot the schema, apply, roll back, compare with the snapshot, apply
    again (and compare with the first apply). The scratch database (on ``scratch_server``
    when given) is dropped at the end, also on failure; the configured database is never
    touched: a statement of a revision or rollback that would reach it (or any other
    database) is refused before anything runs.
    """
    require_scratch_confirmation(settings, scratch_server, "check", confirmed)
    project = load_project(settings)
    order = project.graph.order()
    results: list[RoundTrip] = []
    scratch = Scratch(settings, "check", scratch_server)
    refuse_escaping_files(scratch, settings, revision_files(project, rollbacks=True))
    with scratch:
        for index, rid in enumerate(order, start=1):
            on_event(Event("start", rid, index, len(order)))
            result = _round_trip(scratch, project, project.revision(rid))
            results.append(result)
            on_event(Event("done", rid, index, len(order), result.outcome))
            if result.outcome == "apply-failed":
                break
    return CheckReport(results, len(order), scratch.name)


def _round_trip(scratch: Scratch, project: Project, revision: Revision) -> RoundTrip:
    from roble_sql.schema import compare

    rid = revision.id
    before = _snapshot(scratch)
    try:
        _apply(scratch, project, rid)
    except (MigrationFailed, RevisionFileError) as exc:
        return RoundTrip(rid, "apply-failed", error=exc.one_line())
    applied = _snapshot(scratch)
    if revision.rollback is None:
        return RoundTrip(rid, "no-rollback")
    try:
        _roll_back(scratch, project)
    except (MigrationFailed, RevisionFileError) as exc:
        _rebuild(scratch, project, rid)
        return RoundTrip(rid, "rollback-failed", error=exc.one_line())
    left = compare(before, _snapshot(scratch))
    try:
        _apply(scratch, project, rid)
    except (MigrationFailed, RevisionFileError) as exc:
        _rebuild(scratch, project, rid)
        if left:
            return RoundTrip(rid, "differs", left.changes, error=exc.one_line())
        return RoundTrip(rid, "reapply-failed", error=exc.one_line())
    if left:
        return RoundTrip(rid, "differs", left.changes)
    again = compare(applied, _snapshot(scratch))
    if again:
        return RoundTrip(rid, "reapply-differs", again.changes)
    return RoundTrip(rid, "ok")


def _apply(scratch: Scratch, project: Project, target: str | None) -> None:
    from roble_sql.api.runs import RunRequest, apply_on

    wanted = parse_target(project.graph, target, relative="+")
    apply_on(scratch.db, project, scratch.settings, wanted, RunRequest())


def _roll_back(scratch: Scratch, project: Project) -> None:
    from roble_sql.api.runs import RunRequest, roll_back_on

    wanted = parse_target(project.graph, None, relative="-")
    roll_back_on(scratch.db, project, scratch.settings, wanted, RunRequest())


def _snapshot(scratch: Scratch) -> Schema:
    return live_schema(scratch.db, scratch.settings)


def _rebuild(scratch: Scratch, project: Project, revision_id: str) -> None:
    """After a broken round trip: a fresh scratch database with ``revision_id`` applied."""
    scratch.reset()
    _apply(scratch, project, revision_id)


@dataclass(frozen=True)
class DriftReport:
    """How the live schema differs from what the revisions build (expected -> live)."""

    diff: SchemaDiff
    pending: list[str]  # revisions not applied to the live database: their changes show too
    skipped: tuple[str, ...] = ()  # live objects roble does not model
    expected: Schema | None = None  # what the revisions build (for diff_sql)
    live: Schema | None = None


def diff(
    settings: Settings, *, confirmed: bool = False, scratch_server: DatabaseURL | None = None
) -> DriftReport:
    """Build every revision on a scratch database (on ``scratch_server`` when given) and
    compare its schema with the live one, which is only read."""
    from roble_sql.schema import compare

    require_scratch_confirmation(settings, scratch_server, "diff", confirmed)
    project = load_project(settings)
    with open_database(settings) as db:
        live = live_schema(db, settings)
        state = db.state(settings.migration_table)
    expected = built_schema(settings, project, "diff", server=scratch_server)
    pending = [rid for rid in project.graph.order() if rid not in state.applied]
    return DriftReport(compare(expected, live), pending, live.skipped, expected, live)


def built_schema(
    settings: Settings,
    project: Project,
    purpose: str,
    *,
    targets: list[str] | None = None,
    server: DatabaseURL | None = None,
) -> Schema:
    """The schema the revisions build (every one, or ``targets`` and their ancestors), on
    a scratch database on ``server``, else beside ``settings``' one. A revision (or hook)
    that would reach another database is refused before anything runs."""
    scratch = Scratch(settings, purpose, server)
    refuse_escaping_files(scratch, settings, revision_files(project, rollbacks=False))
    with scratch:
        if len(project.graph):
            try:
                wanted: list[str | None] = list(targets) if targets else [None]
                for target in wanted:
                    _apply(scratch, project, target)
            except (MigrationFailed, RevisionFileError) as exc:
                raise MigrationFailed(
                    f"building the schema of the revisions failed: {exc.message}",
                    where=exc.where,
                    hint="fix the revision; 'roble check' tests each one on a scratch database",
                ) from None
        return _snapshot(scratch)
