"""Shared pieces of the API: events, the project on disk, status rows, confirmations."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from roble_sql.config import Settings
from roble_sql.errors import (
    UsageError,
)
from roble_sql.folder import Folder, Revision, SqlFile
from roble_sql.graph import RevisionGraph

# Read-only commands must start fast: what only writing commands use is imported lazily.

if TYPE_CHECKING:
    from roble_sql.runner import Database, LockHolder, RevisionOutcome


DEFAULT_LOCK_TIMEOUT = 300.0


@dataclass(frozen=True)
class Event:
    """Something worth showing while a command runs."""

    kind: str  # lock-wait | start | done | resume | wait-thread | ddl-wait
    revision_id: str = ""
    index: int = 0
    total: int = 0
    detail: str = ""


EventSink = Callable[[Event], None]


def ignore_event(event: Event) -> None:
    return None


class Project(NamedTuple):
    """The migrations folder, its revisions by id and their graph: every file read once."""

    folder: Folder
    revisions: dict[str, Revision]
    graph: RevisionGraph

    @property
    def hooks(self) -> list[SqlFile]:
        """yoyo's post-apply hooks beside the revisions."""
        return self.folder.hooks

    def revision(self, revision_id: str) -> Revision:
        return self.revisions[revision_id]

    @classmethod
    def load(cls, directory: Path) -> Project:
        """List the folder, read every revision's up file and header, build the graph."""
        folder = Folder.open(directory)
        folder.read_headers()
        revisions = folder.revisions
        return cls(folder, {r.id: r for r in revisions}, RevisionGraph(revisions))


class StatusRow(NamedTuple):
    id: str
    state: str  # applied | pending | failed | modified | missing
    message: str = ""
    applied_at: datetime | None = None
    checksum: str | None = None  # of the file now
    recorded_checksum: str | None = None  # recorded when applied
    detail: str = ""
    head: bool = False  # nothing in the folder depends on it (shown by current)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "state": self.state,
            "message": self.message,
            "applied_at": self.applied_at.isoformat() + "Z" if self.applied_at else None,
            "checksum": self.checksum,
            "recorded_checksum": self.recorded_checksum,
            "detail": self.detail,
            "head": self.head,
        }


@dataclass(frozen=True)
class PlanResult:
    """What upgrade/downgrade did; ``outcomes`` in the order they ran."""

    direction: str
    outcomes: list[RevisionOutcome] = field(default_factory=list)

    @property
    def revision_ids(self) -> list[str]:
        return [outcome.revision_id for outcome in self.outcomes]


def load_project(settings: Settings) -> Project:
    """The migrations folder of ``settings``, read (no database)."""
    return Project.load(settings.migrations_dir)


def default_author() -> str:
    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def mark_applied(
    db: Database,
    settings: Settings,
    project: Project,
    revision_ids: list[str],
    action: str,
    detail: str | None = None,
) -> None:
    """Record each revision applied without running it (stamp, adopt), audited with the
    checksum of its file."""
    for rid in revision_ids:
        revision = project.revision(rid)
        db.runner.mark(
            revision_id=rid,
            path=revision.path,
            checksum=revision.checksum,
            action=action,
            migration_table=settings.migration_table,
            applied=True,
            detail=detail,
            rollback_checksum=revision.rollback_checksum,
        )


def lock_wait_reporter(on_event: EventSink) -> Callable[[LockHolder], None]:
    """Reports a ``lock-wait`` event naming who holds the migration lock."""

    def report(holder: LockHolder) -> None:
        who = f"connection {holder.connection_id}"
        if holder.host:
            who = f"{holder.host} pid {holder.pid} (user {holder.os_user}, since {holder.acquired_at} UTC)"
        on_event(Event("lock-wait", detail=who))

    return report


def open_database(settings: Settings, wait: float = 0.0, override: str | None = None) -> Database:
    """A connection to ``settings``' database; the audit rows it writes record where the
    files come from in git and ``override``, the refusal --yes-i-know confirmed."""
    from roble_sql import audit, runner
    from roble_sql.vcs import Provenance

    db = runner.connect(settings.require_database(), wait=wait)
    db.lease_seconds, db.allow_rsu = settings.lease_seconds, settings.allow_rsu
    db.provenance = Provenance(settings.migrations_dir)  # git is read on the first record
    db.override = override
    if settings.audit_keys:  # rows this run writes are signed with a key derived for it
        db.chain_key = audit.run_chain_key(settings.audit_keys[0])
    return db


def resolvable(project: Project, target: str) -> bool:
    try:
        project.graph.lookup(target)
    except UsageError:
        return False
    return True


ROLLS_BACK_ALL_WHY = "rolls back every revision of the production database"


ROLLS_BACK_WHY = "rolls back revisions of the production database"


REWRITES_STATE_WHY = "changes what production believes is applied, without running any SQL"


SCRATCH_WHY = "creates and drops scratch databases on the production server"


def require_confirmation(settings: Settings, action: str, why: str, confirmed: bool) -> str | None:
    """In production, what rewrites bookkeeping or touches the server needs --yes-i-know;
    returns what was confirmed (recorded in the run's audit rows), None outside production."""
    if not settings.is_production:
        return None
    if not confirmed:
        raise UsageError(
            f"'{action}' {why}",
            where=f"environment {settings.environment}",
            hint="run it again with --yes-i-know if that is what you mean (it is recorded)",
        )
    return f"--yes-i-know in {settings.environment}: '{action}' {why}"[:255]
