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
from roble_sql.api.runs import downgrade, upgrade
from roble_sql.config import Settings
from roble_sql.errors import (
    DatabaseError,
    MigrationFailed,
    RevisionFileError,
    UsageError,
)
from roble_sql.folder import Revision, SqlFile

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
    """A throwaway database: created on entry, always dropped.

    On ``server`` when given (``--scratch-url``), else beside the configured database (same
    server and credentials); never the configured database. Its default charset and
    collation are the configured database's (read, never changed), so tables created
    without them match; with no database configured, the server's own defaults.
    """

    def __init__(self, settings: Settings, purpose: str, server: DatabaseURL | None = None):
        import uuid
        from dataclasses import replace

        url = server or settings.require_database()
        self.name = f"roble_{purpose}_{uuid.uuid4().hex[:12]}"
        self._configured = settings.database_url
        self._target = self._configured.database if self._configured else None
        self._server = url.with_database("information_schema")
        self._charset_clause: str | None = None
        # Not production's database, whatever the environment: rolling a revision back
        # here needs no --yes-i-know (the tool asked for what it needed already).
        self.settings = replace(
            settings, database_url=url.with_database(self.name), environment=None
        )

    def __enter__(self) -> Scratch:
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
                db.execute(f"CREATE DATABASE {quoted}{self._defaults(db)}")
        except DatabaseError as exc:
            raise type(exc)(
                f"could not create the scratch database {self.name}: {exc.message}",
                where=exc.where,
                hint="the database user needs CREATE and DROP on roble_* databases "
                "(GRANT CREATE, DROP ON `roble\\_%`.* ...), or make them on another server "
                "with --scratch-url URL (--scratch-url sandbox: the local sandbox)",
            ) from None

    def _defaults(self, scratch_server: Database) -> str:
        """`` CHARACTER SET x COLLATE y`` of the configured database, read once (on the
        scratch server's connection when it is the same server)."""
        from roble_sql import runner

        if self._charset_clause is None:
            self._charset_clause = ""
            if self._configured is not None and self._target:
                same = self._configured.with_database("information_schema") == self._server
                if same:
                    self._charset_clause = _charset_clause(scratch_server, self._target)
                else:
                    with runner.connect(self._configured) as configured:
                        self._charset_clause = _charset_clause(configured, self._target)
        return self._charset_clause

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


def _charset_clause(db: Database, database: str) -> str:
    defaults = db.query(
        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
        " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
        (database,),
    )
    if defaults and all(defaults[0]):
        return f" CHARACTER SET {defaults[0][0]} COLLATE {defaults[0][1]}"
    return ""


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

    identity = "SELECT @@hostname, @@port, @@datadir"
    found = []
    for url in (first, second):
        with runner.connect(url.with_database("information_schema")) as db:
            found.append(db.query(identity)[0])
    return found[0] == found[1]


def refuse_escaping_files(
    settings: Settings, server: DatabaseURL | None, files: list[tuple[SqlFile, str]]
) -> None:
    """Before a scratch tool runs anything: refuse a statement of ``files`` that reaches
    another database (see :func:`roble_sql.api.scratch_guard.refuse_escapes`). The names
    of the databases on the scratch server, and the configured database's, are known
    to be other databases wherever they appear."""
    from roble_sql import runner
    from roble_sql.api.scratch_guard import refuse_escapes

    url = scratch_server_of(settings, server)
    with runner.connect(url.with_database("information_schema")) as db:
        databases = {str(name) for (name,) in db.query("SHOW DATABASES")}
    for known in (settings.database_url, url):
        if known is not None and known.database:
            databases.add(known.database)
    refuse_escapes(files, databases=databases)


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
    refuse_escaping_files(settings, scratch_server, revision_files(project, rollbacks=True))
    order = project.graph.order()
    results: list[RoundTrip] = []
    with Scratch(settings, "check", scratch_server) as scratch:
        for index, rid in enumerate(order, start=1):
            on_event(Event("start", rid, index, len(order)))
            result = _round_trip(scratch, project.revision(rid))
            results.append(result)
            on_event(Event("done", rid, index, len(order), result.outcome))
            if result.outcome == "apply-failed":
                break
    return CheckReport(results, len(order), scratch.name)


def _round_trip(scratch: Scratch, revision: Revision) -> RoundTrip:
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


def _rebuild(scratch: Scratch, revision_id: str) -> None:
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
    refuse_escaping_files(settings, server, revision_files(project, rollbacks=False))
    with Scratch(settings, purpose, server) as scratch:
        if len(project.graph):
            try:
                for target in targets or [None]:
                    upgrade(scratch.settings, target)
            except (MigrationFailed, RevisionFileError) as exc:
                raise MigrationFailed(
                    f"building the schema of the revisions failed: {exc.message}",
                    where=exc.where,
                    hint="fix the revision; 'roble check' tests each one on a scratch database",
                ) from None
        return schema_snapshot(scratch.settings)
