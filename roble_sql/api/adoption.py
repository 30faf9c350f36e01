"""Databases that roble did not build: adopting one (Alembic's, or none's), taking over
what yoyo applied, and refusing a database that belongs to another project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roble_sql.api.common import (
    DEFAULT_LOCK_TIMEOUT,
    REWRITES_STATE_WHY,
    Project,
    load_project,
    mark_applied,
    open_database,
    require_confirmation,
)
from roble_sql.config import Settings
from roble_sql.errors import CheckFailed, IntegrityError, UsageError

if TYPE_CHECKING:
    from roble_sql.runner import Database, DatabaseState
    from roble_sql.schema import Change

ALEMBIC_TABLE = "alembic_version"


def alembic_revisions(project: Project, versions: list[str]) -> list[str]:
    """The revisions Alembic's ``version_num`` values name: the one whose id starts with
    each (the shipped ids start with Alembic's), every one of them found."""
    found = []
    for version in versions:
        matches = [rid for rid in project.graph.order() if rid.split("_", 1)[0] == version]
        matches = matches or [rid for rid in project.graph.order() if rid.startswith(version)]
        if len(matches) != 1:
            shown = ", ".join(matches) or "none"
            raise UsageError(
                f"alembic_version says the database is at {version}, and the folder has "
                f"{len(matches)} revision(s) whose id starts with it ({shown})",
                hint="name the revision the database is at: 'roble adopt <revision>'",
            )
        found.append(matches[0])
    return found


def refuse_unadopted_alembic(db: Database, settings: Settings) -> None:
    """Before the lock is taken (it writes roble's lock table): a database Alembic manages
    that has none of yoyo's tables yet is refused with nothing written at all."""
    if settings.migration_table not in db.existing_tables(settings.migration_table) and (
        versions := db.alembic_versions()
    ):
        raise _alembic_refusal(versions, db.database)


def refuse_foreign_database(
    db: Database, project: Project, settings: Settings, *, allow_missing: bool = False
) -> None:
    """Under the lock (another runner may be creating yoyo's tables), before anything is
    written: a database Alembic manages and roble doesn't yet needs ``roble adopt``; one
    with applied revisions the folder lacks is another project's."""
    state = db.state(settings.migration_table)
    if not state.applied and (versions := db.alembic_versions()):
        raise _alembic_refusal(versions, db.database)
    refuse_missing(project, state, db.database, allow_missing=allow_missing)


def _alembic_refusal(versions: list[str], database: str) -> UsageError:
    return UsageError(
        f"the database is managed by Flask-Migrate/Alembic (alembic_version "
        f"{', '.join(versions)}) and roble has no record of it yet, so nothing was changed",
        where=database,
        hint="run 'roble adopt' to bring it under roble (it checks the schema first); "
        "see docs/cutover-from-flask-migrate.md",
    )


def refuse_missing(
    project: Project, state: DatabaseState, database: str, *, allow_missing: bool
) -> None:
    """Applied revisions the folder lacks: the wrong project (as Alembic's "Can't locate
    revision"), unless the files were removed on purpose."""
    missing = [rid for rid in state.applied_order if rid not in project.revisions]
    if missing and not allow_missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise IntegrityError(
            f"the database has applied revisions this folder doesn't have: "
            f"{', '.join(missing[:5])}{more}",
            where=database,
            hint="run roble from the project that applied them (check --migrations and the "
            "database), or pass --allow-missing if their files were removed on purpose",
        )


def record_first_sight(
    db: Database, project: Project, state: DatabaseState, settings: Settings
) -> DatabaseState:
    """Revisions applied with no checksum on record (yoyo applied them, or an older roble):
    record each file's checksum now, audited, so that later edits are caught.

    Only at first sight: once roble keeps records here, a revision applied in yoyo's
    table without an event of roble's is a disagreement (``state.disagreements``), which
    refuses the run: it may be a row written by hand.
    """
    if state.disagreements:
        return state
    unknown = [  # in graph order: yoyo may have applied several in the same second
        rid
        for rid in project.graph.order()
        if rid in state.applied and state.applied[rid].checksum is None
    ]
    detail = (
        "applied without a recorded checksum (by yoyo?): the file's checksum, recorded the "
        "first time roble ran here"
    )
    mark_applied(db, settings, project, unknown, "adopt", detail)
    return db.state(settings.migration_table) if unknown else state


@dataclass(frozen=True)
class Adoption:
    """What ``adopt`` found and did."""

    revisions: list[str]  # stamped as applied (empty when the schema differs)
    source: str  # alembic_version f08e..., or the target named
    differences: tuple[Change, ...] = ()


def adopt(
    settings: Settings,
    target: str | None = None,
    *,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Adoption:
    """Bring an existing database under roble without running anything.

    The revisions it is at come from Alembic's ``alembic_version`` (the revision whose id
    starts with each ``version_num``, and their ancestors) or from ``target``. The live
    schema is compared with the schema those revisions build on a scratch database; only
    when they match is each one stamped, audited as an adoption with its file's checksum.
    On any difference nothing is stamped: CheckFailed lists them.
    """
    from roble_sql.api.schema_tools import built_schema, live_schema
    from roble_sql.schema import compare

    override = require_confirmation(settings, "adopt", REWRITES_STATE_WHY, confirmed)
    project = load_project(settings)
    with open_database(settings) as db:
        state = db.state(settings.migration_table)
        if state.applied:
            raise UsageError(
                f"roble (or yoyo) already records {len(state.applied)} applied revision(s) "
                "here, so there is nothing to adopt",
                where=db.database,
                hint="run 'roble status'; 'roble upgrade' applies what is pending",
            )
        versions = db.alembic_versions()
        heads, source = _adopted_heads(project, target, versions)
        live = live_schema(db, settings, ignore=(ALEMBIC_TABLE,))
    plan = [rid for rid in project.graph.order() if rid in _with_ancestors(project, heads)]
    expected = built_schema(settings, project, "adopt", targets=heads)
    found = compare(expected, live)
    if found:
        raise AdoptionRefused(Adoption([], source, found.changes))
    with open_database(settings, override=override) as db, db.lock(lock_timeout):
        db.ensure_schema(settings.migration_table)
        if db.state(settings.migration_table).applied:
            raise UsageError("another runner applied revisions meanwhile", where=db.database)
        mark_applied(
            db, settings, project, plan, "adopt", f"adopted from {source}: the schema matched"
        )
    return Adoption(plan, source)


class AdoptionRefused(CheckFailed):
    """The live schema is not what the revisions build: nothing was stamped."""

    def __init__(self, adoption: Adoption):
        super().__init__(
            f"the live schema differs from what the revisions up to {adoption.source} build "
            f"({len(adoption.differences)} difference(s)), so nothing was adopted",
            hint="bring the database in line (or pick the revision it really is at), then "
            "run 'roble adopt' again",
        )
        self.adoption = adoption


def _adopted_heads(
    project: Project, target: str | None, versions: list[str] | None
) -> tuple[list[str], str]:
    if target is not None:
        return [project.graph.lookup(target)], f"revision {target}"
    if versions:
        return alembic_revisions(project, versions), f"alembic_version {', '.join(versions)}"
    raise UsageError(
        "the database has no alembic_version table, so roble can't tell which revision it is at",
        hint="name it: 'roble adopt <revision>' (the schema is checked against it first)",
    )


def _with_ancestors(project: Project, heads: list[str]) -> set[str]:
    return set(heads).union(*(project.graph.ancestors(rid) for rid in heads))
