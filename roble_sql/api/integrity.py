"""Integrity: verify (files, roble.sum, database, audit chain), rehash, resolve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql import checksums

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import (
    DEFAULT_LOCK_TIMEOUT,
    REWRITES_STATE_WHY,
    Project,
    load_project,
    open_database,
    require_confirmation,
)
from roble_sql.api.state import ChainReport, chain_report, status_rows
from roble_sql.config import Settings
from roble_sql.errors import (
    ConfigError,
    RevisionFileError,
    UsageError,
)
from roble_sql.folder import Folder, Revision
from roble_sql.graph import RevisionGraph, dangling_depends
from roble_sql.sources import SUM_FILE

if TYPE_CHECKING:
    from roble_sql.api.common import StatusRow
    from roble_sql.audit import AuditEvent, ChainHead
    from roble_sql.runner import DatabaseState


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
    "conflict": "is in roble.sum twice with different hashes: both sides of a merge edited "
    "it; check the file, then run 'roble rehash'",
    "missing-sum": "roble.sum does not exist; create it with 'roble rehash'",
    "malformed": "roble.sum can't be read",
}


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: problems (none: ok) and, online, the audit chain's report."""

    problems: list[Problem]
    chain: ChainReport | None = None


def verify(
    settings: Settings, *, offline: bool = False, heads: Sequence[ChainHead] = ()
) -> Verification:
    """Problems with the revisions: files vs roble.sum and the graph; online, vs the
    database: yoyo's table vs the audit log both ways, and the audit chain (with the
    audit keys, and each anchored head in ``heads``)."""
    try:
        folder = Folder.open(settings.migrations_dir)
        folder.read_headers()
    except RevisionFileError as exc:
        return Verification([Problem("unreadable", exc.where or "", exc.message)])
    revisions = folder.revisions
    problems = [
        Problem("dangling", rid, f"'-- depends: {dep}' names no revision in the folder")
        for rid, dep in dangling_depends(revisions)
    ]
    if not problems:
        problems += _graph_problems(revisions)
    if offline or (folder.path / SUM_FILE).is_file():
        problems += [
            Problem(f"sum-{p.reason}", p.file, _SUM_MESSAGES[p.reason])
            for p in checksums.compare(folder)
        ]
    if offline or any(p.kind in ("dangling", "cycle") for p in problems):
        return Verification(problems)
    project = Project(folder, {r.id: r for r in revisions}, RevisionGraph(revisions))
    with open_database(settings) as db:
        state = db.state(settings.migration_table)
        problems += _database_problems(project, state)
        chain = chain_report(db, settings.audit_keys, heads)
    problems += [
        Problem("audit-chain", f"roble_audit id {b.event_id}", b.reason) for b in chain.breaks
    ]
    return Verification(problems, chain)


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


def _database_problems(project: Project, state: DatabaseState) -> list[Problem]:
    found = [
        Problem("disagree", ", ".join(d.revision_ids[:3]) or "roble_audit", d.message)
        for d in state.disagreements
    ]
    return found + _status_problems(status_rows(project, state))


def _status_problems(rows: list[StatusRow]) -> list[Problem]:
    messages = {
        "modified": "{detail} (up file: recorded {recorded}, now {now})",
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
    folder = Folder.open(settings.migrations_dir)
    folder.read_headers()  # refuse to bless unreadable files
    return checksums.rehash(folder)


def resolve(
    settings: Settings,
    revision: str,
    *,
    applied: bool,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> AuditEvent:
    """Record a person's decision: the revision is applied, or rolled back. Audited."""
    override = require_confirmation(settings, "resolve", REWRITES_STATE_WHY, confirmed)
    project = load_project(settings)
    resolved = project.graph.lookup(revision)
    source = project.revision(resolved)
    with open_database(settings, override=override) as db, db.lock(lock_timeout):
        db.ensure_schema(settings.migration_table)
        state = db.state(settings.migration_table)
        if resolved not in state.progress and not state.disagrees(resolved):
            is_applied = resolved in state.applied
            raise UsageError(
                f"{resolved} is {'applied' if is_applied else 'not applied'} and did not fail "
                "or stop halfway, so there is nothing to settle",
                where=resolved,
                hint="resolve is for a failed or interrupted revision, or one yoyo's table "
                "and the audit log disagree about ('roble status' and 'roble verify' show "
                "them); to undo an applied one run 'roble downgrade', to mark one applied "
                "without running it 'roble stamp'",
            )
        return db.runner.mark(
            revision_id=resolved,
            path=source.path,
            checksum=source.checksum,
            action="resolve-applied" if applied else "resolve-rolled-back",
            migration_table=settings.migration_table,
            applied=applied,
            detail="marked applied by hand" if applied else "marked rolled back by hand",
            rollback_checksum=source.rollback_checksum if applied else None,
        )


def seal(settings: Settings, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> AuditEvent:
    """Sign the audit log as it is now with the audit key: one keyed ``seal`` event, whose
    hash covers every row before it. For a log written before the key was given (check
    it against a chain head you kept first: sealing vouches for it)."""
    if not settings.audit_keys:
        raise ConfigError(
            "seal needs the audit key, and none is given",
            hint="set ROBLE_AUDIT_KEY, or ROBLE_AUDIT_KEY_FILE / [roble] audit_key_file",
        )
    with open_database(settings) as db, db.lock(lock_timeout):
        db.ensure_schema(settings.migration_table)
        return db.runner.record_event("seal", "the log up to here signed with the audit key")
