"""Backups put back: ``roble restore FILE``, keeping the audit log (the module is not
named ``restore``: a submodule named like its function would shadow it in ``api``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql.api.common import (
    DEFAULT_LOCK_TIMEOUT,
    EventSink,
    ignore_event,
    lock_wait_reporter,
    open_database,
    require_confirmation,
)
from roble_sql.audit import APPLYING_ACTIONS, STATE_ACTIONS
from roble_sql.config import Settings
from roble_sql.errors import UsageError
from roble_sql.runner.backup import BackupFile, StoppedBySignal, read_backup

if TYPE_CHECKING:
    from roble_sql.audit import AuditEvent
    from roble_sql.runner import Database

__all__ = ["Restored", "StoppedBySignal", "restore"]

RESTORE_WHY = "replaces the production database's schema and data with a backup's"
DETAIL_BYTES = 1024  # roble_audit.detail


@dataclass(frozen=True)
class Restored:
    """What ``restore`` put back and what changed with it."""

    backup: BackupFile
    removed: list[str]  # objects the backup lacked ("table x"): dropped
    unapplied: list[str]  # revisions applied after the backup: pending again
    reapplied: list[str]  # revisions rolled back after the backup: applied again
    event: AuditEvent  # the restore event, last in the audit log


def restore(
    settings: Settings,
    file: Path,
    *,
    confirmed: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    wait: float = 0.0,
    on_event: EventSink = ignore_event,
) -> Restored:
    """Put a backup written by ``upgrade --backup``/``--backup-dir`` back, under the
    migration lock: the database's objects become the backup's (those it lacks are
    dropped; yoyo's tables come from it), while roble's own tables stay: the audit log
    keeps every event since and gains the restore's, and progress rows are cleared.
    Revisions whose state the restore changed get an audited stamp/unstamp event, so the
    audit log and yoyo's table agree. In production it needs ``confirmed``."""
    override = require_confirmation(settings, "restore", RESTORE_WHY, confirmed)
    backup = read_backup(file)  # a file that is not a complete roble backup: refused here
    migration_table = settings.migration_table
    with open_database(settings, wait, override) as db:
        if backup.database != db.database:
            raise UsageError(
                f"this is a backup of database '{backup.database}', not of "
                f"'{db.database}' (the database URL's)",
                where=str(backup.path),
                hint=f"restore it into '{backup.database}', or choose a backup of '{db.database}'",
            )
        with db.lock(lock_timeout, lock_wait_reporter(on_event)):
            db.ensure_schema(migration_table)  # roble's tables exist: the log is kept
            started = time.monotonic()
            try:
                removed = db.restore(backup)
            except Exception as exc:
                _record_failure(db, backup, started, exc)
                raise
            db.ensure_schema(migration_table)  # yoyo's tables, as the backup had them
            unapplied, reapplied = _settle(db, backup, migration_table)
            event = db.runner.record_event(
                "restore",
                _detail(backup),
                checksum=backup.sha256,
                seconds=time.monotonic() - started,
            )
    return Restored(backup, removed, unapplied, reapplied, event)


def _settle(db: Database, backup: BackupFile, migration_table: str) -> tuple[list[str], list[str]]:
    """Each revision whose state the audit log tells otherwise than yoyo's table (now the
    backup's) gets an event saying what the restore made of it. Returns the revisions
    applied after the backup (newest first) and those rolled back after it. Read from the
    log, not from yoyo's table before: a restore that stopped halfway left that table
    half-restored."""
    applied = db.state(migration_table).applied_order
    events = db.events()
    last_state = {e.revision_id: e for e in events if _success(e, STATE_ACTIONS)}
    last_applying = {e.revision_id: e for e in events if _success(e, APPLYING_ACTIONS)}
    unapplied = [
        e.revision_id
        for e in sorted(last_state.values(), key=lambda e: e.id or 0, reverse=True)
        if e.action in APPLYING_ACTIONS and e.revision_id not in applied
    ]
    reapplied = [
        rid
        for rid in applied
        if rid not in last_state or last_state[rid].action not in APPLYING_ACTIONS
    ]
    taken = f"restore of the backup taken {backup.taken_at}"
    for rid in unapplied:
        db.runner.mark(
            revision_id=rid,
            path=None,
            checksum=None,
            action="unstamp",
            migration_table=migration_table,
            applied=False,
            detail=f"{taken}: applied after it",
        )
    for rid in reapplied:
        last = last_applying.get(rid)  # the checksums it was applied with
        db.runner.mark(
            revision_id=rid,
            path=None,
            checksum=last.checksum if last else None,
            action="stamp",
            migration_table=migration_table,
            applied=True,
            detail=f"{taken}: applied in it",
            rollback_checksum=last.rollback_checksum if last else None,
        )
    return unapplied, reapplied


def _success(event: AuditEvent, actions: tuple[str, ...]) -> bool:
    return event.outcome == "success" and event.action in actions


def _record_failure(db: Database, backup: BackupFile, started: float, exc: Exception) -> None:
    """A restore that stopped halfway is audited too (best effort: the error is the news)."""
    error = getattr(exc, "message", None) or str(exc)
    try:
        db.runner.record_event(
            "restore",
            _detail(backup),
            checksum=backup.sha256,
            seconds=time.monotonic() - started,
            error=error,
        )
    except Exception:  # the connection may be what failed
        return


def _detail(backup: BackupFile) -> str:
    """Names the backup file (its path shortened from the left to fit) and its sha256."""
    tail = f" sha256 {backup.sha256}"
    path = str(backup.path)
    room = DETAIL_BYTES - len("restore ") - len(tail)
    if len(path.encode()) > room:
        path = "..." + path.encode()[-(room - 3) :].decode("utf-8", "ignore")
    return f"restore {path}{tail}"
