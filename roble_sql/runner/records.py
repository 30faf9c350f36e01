"""The records the runner reads and keeps: who runs, what is applied, progress.

Read-only records are NamedTuples: every command defines them at start-up, and a frozen
dataclass costs about 0.6 ms to define (its methods are generated with exec).
"""

from __future__ import annotations

import getpass
import hashlib
import os
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from roble_sql.sources import encode

# Session settings a revision may change with SET; restored after each revision that
# ran a SET so one revision's FOREIGN_KEY_CHECKS=0 can't leak into the next one.
SESSION_VARIABLES = (
    "sql_mode",
    "foreign_key_checks",
    "unique_checks",
    "time_zone",
    "autocommit",
    "character_set_client",
    "character_set_connection",
    "character_set_results",
    "collation_connection",
    "sql_log_bin",
    "sql_safe_updates",
    "max_statement_time",
    "lock_wait_timeout",
    "innodb_lock_wait_timeout",
    "sql_notes",
    "check_constraint_checks",
)


# A progress state: the failed statement committed part of its work (a CALL that commits).
UNCERTAIN = "uncertain"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Who(NamedTuple):
    """Who and where a run comes from, as the audit table records it."""

    db_user: str
    os_user: str
    host: str
    pid: int


class Applied(NamedTuple):
    id: str
    applied_at: datetime | None
    checksum: str | None  # content sha256 recorded at apply/stamp time; None if unknown
    rollback_checksum: str | None = None  # the rollback file's, recorded at apply


class Recorded(NamedTuple):
    """A revision's state as the audit log has it: its latest successful event that
    applied it (apply, stamp, adopt, resolve --applied) or took it back."""

    event_id: int
    applied: bool
    checksum: str | None
    rollback_checksum: str | None


class Progress(NamedTuple):
    """A revision that is running (its runner died) or failed part-way."""

    revision_id: str
    direction: str
    state: str
    checksum: str
    statements_done: int
    failed_statement: int | None
    failed_line: int | None
    error: str | None
    connection_id: int
    host: str
    pid: int
    started_at: datetime
    updated_at: datetime
    statement_checksums: tuple[str, ...] = ()
    server_incarnation: str | None = None  # the server run it was written in (roble_server)


class DatabaseState(NamedTuple):
    applied: dict[str, Applied]
    applied_order: list[str]  # oldest first
    progress: dict[str, Progress]
    # Where yoyo's table and the audit log disagree (a row deleted or written by hand).
    disagreements: tuple[Disagreement, ...] = ()

    def disagrees(self, revision_id: str) -> bool:
        return any(revision_id in d.revision_ids for d in self.disagreements)


class RevisionOutcome(NamedTuple):
    revision_id: str
    action: str
    statements: int
    duration_ms: float
    resumed_from: int = 0


class LockHolder(NamedTuple):
    connection_id: int
    host: str | None
    pid: int | None
    os_user: str | None
    acquired_at: datetime | None


class DoneStatements:
    """The statements of a revision that ran, in order: the sha256 and line of each,
    packed (36 bytes a statement, not ~200 as tuples of strings: a data revision runs
    hundreds of thousands)."""

    __slots__ = ("_digests", "_lines")

    def __init__(self, checksums: Iterable[str] = ()) -> None:
        self._digests = bytearray()
        self._lines = array("i")
        for checksum in checksums:  # recorded by an earlier run; their lines are not kept
            self._digests += bytes.fromhex(checksum)
            self._lines.append(0)

    def add(self, text: str, line: int) -> None:
        """A statement as the server received it (its bytes are what is hashed)."""
        self._digests += hashlib.sha256(encode(text)).digest()
        self._lines.append(line)

    def __len__(self) -> int:
        return len(self._lines)

    def keep_first(self, count: int) -> None:
        """Forget all but the first ``count`` (the rest did not run, or was rolled back)."""
        del self._digests[count * 32 :]
        del self._lines[count:]

    def since(self, start: int) -> Iterator[tuple[str, int]]:
        """(sha256 hex, line) of each statement from index ``start`` on."""
        digests = self._digests
        for index in range(start, len(self._lines)):
            yield digests[index * 32 : index * 32 + 32].hex(), self._lines[index]


@dataclass
class RevisionRun:
    """Book-keeping of one revision while it runs."""

    revision_id: str
    direction: str
    checksum: str
    started: float
    started_at: datetime
    done: DoneStatements = field(default_factory=DoneStatements)
    recorded: int = 0  # statements written to the progress table so far
    in_tx: bool = False  # statements run inside one transaction so far
    session_touched: bool = False
    tables_locked: bool = False  # LOCK TABLES is active: only locked tables may be written
    began: bool = False  # BEGIN was sent for a transactional revision
    finished: bool = False  # the success record was sent
    progress_row: bool = False  # the roble_progress row is written (or queued)
    pending: list[str] = field(default_factory=list)  # bookkeeping SQL for the next round trip
    rollback_checksum: str | None = None  # of the rollback file, recorded when applied
    # A statement that may commit implicitly was sent inside the transaction (with the
    # records of what ran before it, in the same transaction): ask the server afterwards.
    watch_commit: bool = False
    committed_by: int | None = None  # index of the statement whose commit ended the transaction
    own_lock_wait: bool = False  # it set lock_wait_timeout itself: roble's DDL bound stays out


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return str(os.getuid())


class Disagreement(NamedTuple):
    """yoyo's table and the audit log disagree about these revisions."""

    message: str
    revision_ids: tuple[str, ...]


def disagreeing(
    applied: dict[str, Applied],
    recorded: dict[str, Recorded],
    audit_exists: bool,
    roble_was_here: bool,
) -> tuple[Disagreement, ...]:
    """Where yoyo's table and the audit log tell different stories, both ways: a row of
    yoyo's deleted (the next upgrade would run the revision again) or written by hand (a
    revision never run would count as applied), or the audit log emptied or dropped.

    A database roble has not written to yet (no events, none of roble's rows in yoyo's
    log) has nothing to compare: its first sight records what yoyo applied.
    """
    if not recorded and not roble_was_here:
        return ()
    unrecorded = tuple(rid for rid in applied if rid not in recorded or not recorded[rid].applied)
    found = []
    if unrecorded and not recorded:
        what = "is empty" if audit_exists else "is gone"
        found.append(
            Disagreement(
                f"the audit log {what}, but {len(applied)} revision(s) are applied and roble "
                "wrote yoyo's log here: its events were deleted",
                unrecorded,
            )
        )
    else:
        found += [
            Disagreement(
                f"{rid} is applied in yoyo's table, but the audit log has no event that "
                "applied it (a row written by hand, or its events deleted)",
                (rid,),
            )
            for rid in unrecorded
        ]
    found += [
        Disagreement(
            f"{rid} is applied in the audit log (event {known.event_id}), but not in yoyo's "
            "table: its row was deleted, and an upgrade would run it again",
            (rid,),
        )
        for rid, known in recorded.items()
        if known.applied and rid not in applied
    ]
    return tuple(found)
