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
from roble_sql.sources import Revision

if TYPE_CHECKING:
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
    settings: Settings, *, confirmed: bool = False, on_event: EventSink = ignore_event
) -> CheckReport:
    """Round-trip every revision on a scratch database, in graph order.

    For each: snapshot the schema, apply, roll back, compare with the snapshot, apply
    again (and compare with the first apply). The scratch database is dropped at the end,
    also on failure; the configured database is never touched.
    """
    require_confirmation(settings, "check", SCRATCH_WHY, confirmed)
    project = load_project(settings)
    order = project.graph.order()
    results: list[RoundTrip] = []
    with Scratch(settings, "check") as scratch:
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


def diff(settings: Settings, *, confirmed: bool = False) -> DriftReport:
    """Build every revision on a scratch database and compare its schema with the live one."""
    from roble_sql.schema import compare

    require_confirmation(settings, "diff", SCRATCH_WHY, confirmed)
    project = load_project(settings)
    with open_database(settings) as db:
        live = live_schema(db, settings)
        state = db.state(settings.migration_table)
    expected = built_schema(settings, project, "diff")
    pending = [rid for rid in project.graph.order() if rid not in state.applied]
    return DriftReport(compare(expected, live), pending, live.skipped, expected, live)


def built_schema(
    settings: Settings, project: Project, purpose: str, *, targets: list[str] | None = None
) -> Schema:
    """The schema the revisions build (every one, or ``targets`` and their ancestors), on
    a scratch database beside ``settings``' one."""
    with Scratch(settings, purpose) as scratch:
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
