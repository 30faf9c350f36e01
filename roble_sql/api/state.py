"""Reading the database: status, current, history, the audit chain, show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from roble_sql import audit

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import Project, StatusRow, load_project, open_database, resolvable
from roble_sql.config import Settings

if TYPE_CHECKING:
    from roble_sql.audit import AuditEvent, ChainBreak, ChainHead
    from roble_sql.folder import Revision
    from roble_sql.runner import Applied, Database, DatabaseState, Progress


def status(settings: Settings) -> list[StatusRow]:
    """Every revision with its state; applied revisions whose file is gone come last."""
    project = load_project(settings)
    with open_database(settings) as db:
        state = db.state(settings.migration_table)
    return status_rows(project, state)


def status_rows(project: Project, state: DatabaseState) -> list[StatusRow]:
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
            edited = _edited(revision, applied)
            rows.append(
                StatusRow(
                    rid,
                    "modified" if edited else "applied",
                    revision.message,
                    applied.applied_at,
                    revision.checksum,
                    applied.checksum,
                    edited,
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


def _edited(revision: Revision, applied: Applied) -> str:
    """What changed since the revision was applied (up file, rollback file), or ""."""
    if applied.checksum is not None and applied.checksum != revision.checksum:
        return "the file changed after it was applied"
    recorded = applied.rollback_checksum
    if recorded is not None and recorded != revision.rollback_checksum:
        return "the rollback file changed after the revision was applied"
    return ""


def _progress_row(revision: Revision, progress: Progress, applied: object) -> StatusRow:
    number = (progress.failed_statement or progress.statements_done) + 1
    verb = "applying" if progress.direction == "apply" else "rolling back"
    if progress.state == "failed":
        detail = (
            f"{verb} failed at statement {number} (line {progress.failed_line}): {progress.error}"
        )
    elif progress.state == "uncertain":
        detail = (
            f"{verb} failed at statement {number} (line {progress.failed_line}) after it "
            f"committed part of its work: {progress.error}"
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
    with open_database(settings) as db:
        state = db.state(settings.migration_table)
    applied = set(state.applied)
    graph = project.graph
    heads = set(graph.heads())
    return [
        row._replace(head=row.id in heads)
        for row in status_rows(project, state)
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
        ids = [project.graph.lookup(revision)] if resolvable(project, revision) else [revision]
    with open_database(settings) as db:
        return db.events(ids, since, until)


@dataclass(frozen=True)
class ChainReport:
    """What checking the audit chain found."""

    rows: int
    breaks: list[ChainBreak]
    keyed_rows: int  # rows signed with an audit key (HMAC); the rest are plain sha256
    head: ChainHead | None  # the last row, to anchor outside the database

    @property
    def unkeyed(self) -> bool:
        return self.keyed_rows == 0


def verify_chain(settings: Settings, heads: Sequence[ChainHead] = ()) -> ChainReport:
    """Check the audit log's hash chain (with the audit keys given) and that each anchored
    ``heads`` is still in it unchanged."""
    with open_database(settings) as db:
        return chain_report(db, settings.audit_keys, heads)


def chain_report(db: Database, keys: tuple[bytes, ...], heads: Sequence[ChainHead]) -> ChainReport:
    """What checking the audit chain of ``db`` finds (see :func:`verify_chain`)."""
    events = db.events()
    breaks = audit.verify_chain(events, keys)
    breaks += audit.check_heads(events, list(heads))
    if keys and events and all(e.chain_key is None for e in events):
        # Every row unkeyed though a key is given: written before the key, or the whole
        # log rewritten without it; only a signed row (a run, or 'roble seal') tells.
        breaks.append(
            audit.ChainBreak(
                events[-1].id,
                f"none of the {len(events)} row(s) is signed with the audit key: written "
                "before the key was given, or rewritten without it; if the key is new, "
                "check the log against a chain head you kept, then run 'roble seal'",
            )
        )
    last = events[-1] if events else None
    head = audit.ChainHead(last.id, last.row_hash) if last and last.id is not None else None
    keyed = sum(1 for event in events if event.chain_key is not None)
    return ChainReport(len(events), breaks, keyed, head)


def chain_head(settings: Settings) -> ChainHead | None:
    """The audit log's last row (id and hash), for a deploy log or a file."""
    with open_database(settings) as db:
        return db.chain_head()


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
    found = project.revision(project.graph.lookup(revision))
    rollback = found.rollback.text if found.rollback is not None else None
    state, events = None, []
    if settings.database_url is not None:
        with open_database(settings) as db:
            rows = status_rows(project, db.state(settings.migration_table))
            events = db.events([found.id])
        state = next((row for row in rows if row.id == found.id), None)
    return RevisionDetail(found, found.up.text, rollback, state, events)
