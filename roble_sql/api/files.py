"""Commands that only touch files: init, new, merge, heads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql import checksums, scaffold

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import default_author, load_project
from roble_sql.config import Settings
from roble_sql.errors import (
    UsageError,
)
from roble_sql.folder import Folder, Revision

if TYPE_CHECKING:
    from roble_sql.graph import GraphLine


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
    _record_in_sum(settings, revision)
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
    _record_in_sum(settings, revision)
    return revision


def _record_in_sum(settings: Settings, revision: scaffold.NewRevision) -> None:
    """roble.sum gains the two files just written (the folder listed again: it has them)."""
    folder = Folder.open(settings.migrations_dir)
    checksums.add(folder, (revision.path.name, revision.rollback_path.name))


def revision_graph(settings: Settings) -> list[GraphLine]:
    """The history as Alembic's ``history`` lists it, newest first (no database)."""
    project = load_project(settings)
    return project.graph.graph_lines({rid: r.message for rid, r in project.revisions.items()})


def heads(settings: Settings) -> list[Revision]:
    """Revisions nothing depends on."""
    project = load_project(settings)
    return [project.revision(rid) for rid in project.graph.heads()]
