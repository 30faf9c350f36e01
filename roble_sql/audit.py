"""roble's own bookkeeping tables and the audit event record. Pure: SQL text and data.

yoyo's ``_yoyo_migration`` stays the source of truth for *what is applied*.
roble adds:

- ``roble_audit``: append-only events (apply, rollback, stamp, resolve; success or
  failure) with the file's sha256, who ran it, where, when and how long. Each row
  carries ``row_hash`` = sha256 over the previous row's hash and its own fields, so
  an edited or deleted row breaks the chain.
- ``roble_progress``: one row per revision that is running or failed, and
  ``roble_progress_statement``: one row per statement it completed (index, sha256,
  line), so an interrupted revision says exactly how far it got and can resume.
- ``roble_lock``: who holds the migration lock (the lock itself is ``GET_LOCK``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import NamedTuple

AUDIT_TABLE = "roble_audit"
PROGRESS_TABLE = "roble_progress"
PROGRESS_STATEMENT_TABLE = "roble_progress_statement"
LOCK_TABLE = "roble_lock"

ACTIONS = ("apply", "rollback", "stamp", "unstamp", "resolve")
OUTCOMES = ("success", "failure")

CREATE_TABLES = (
    f"""CREATE TABLE IF NOT EXISTS `{AUDIT_TABLE}` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `revision_id` VARCHAR(255) NOT NULL,
  `action` VARCHAR(32) NOT NULL,
  `outcome` VARCHAR(16) NOT NULL,
  `checksum` CHAR(64) NULL COMMENT 'sha256 of the file run (rollback file for rollbacks)',
  `db_user` VARCHAR(300) NOT NULL,
  `os_user` VARCHAR(128) NOT NULL,
  `host` VARCHAR(255) NOT NULL,
  `pid` INT NOT NULL,
  `started_at` DATETIME(6) NOT NULL COMMENT 'UTC',
  `duration_ms` DECIMAL(14,3) NOT NULL,
  `statements` INT NOT NULL,
  `error` TEXT NULL,
  `error_line` INT NULL,
  `detail` VARCHAR(1024) NULL,
  `roble_version` VARCHAR(32) NOT NULL,
  `prev_hash` CHAR(64) NOT NULL,
  `row_hash` CHAR(64) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_roble_audit_revision` (`revision_id`, `id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='roble: append-only migration audit log'""",
    f"""CREATE TABLE IF NOT EXISTS `{PROGRESS_TABLE}` (
  `revision_id` VARCHAR(255) NOT NULL,
  `direction` VARCHAR(8) NOT NULL,
  `state` VARCHAR(16) NOT NULL COMMENT 'running or failed',
  `checksum` CHAR(64) NOT NULL,
  `statements_done` INT NOT NULL,
  `failed_statement` INT NULL,
  `failed_line` INT NULL,
  `error` TEXT NULL,
  `connection_id` BIGINT UNSIGNED NOT NULL,
  `host` VARCHAR(255) NOT NULL,
  `pid` INT NOT NULL,
  `started_at` DATETIME(6) NOT NULL,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`revision_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='roble: revisions running or failed'""",
    f"""CREATE TABLE IF NOT EXISTS `{PROGRESS_STATEMENT_TABLE}` (
  `revision_id` VARCHAR(255) NOT NULL,
  `statement_index` INT NOT NULL,
  `checksum` CHAR(64) NOT NULL,
  `line` INT NOT NULL,
  PRIMARY KEY (`revision_id`, `statement_index`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='roble: statements completed by a running revision'""",
    f"""CREATE TABLE IF NOT EXISTS `{LOCK_TABLE}` (
  `lock_name` VARCHAR(64) NOT NULL,
  `connection_id` BIGINT UNSIGNED NOT NULL,
  `host` VARCHAR(255) NOT NULL,
  `pid` INT NOT NULL,
  `os_user` VARCHAR(128) NOT NULL,
  `acquired_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`lock_name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='roble: who holds the migration lock'""",
)

TABLE_NAMES = (
    AUDIT_TABLE,
    PROGRESS_TABLE,
    PROGRESS_STATEMENT_TABLE,
    LOCK_TABLE,
)  # as CREATE_TABLES

AUDIT_COLUMNS = (
    "revision_id",
    "action",
    "outcome",
    "checksum",
    "db_user",
    "os_user",
    "host",
    "pid",
    "started_at",
    "duration_ms",
    "statements",
    "error",
    "error_line",
    "detail",
    "roble_version",
    "prev_hash",
    "row_hash",
)


@dataclass(frozen=True)
class AuditEvent:
    """One row of ``roble_audit``."""

    revision_id: str
    action: str
    outcome: str
    checksum: str | None
    db_user: str
    os_user: str
    host: str
    pid: int
    started_at: datetime
    duration_ms: float
    statements: int
    error: str | None = None
    error_line: int | None = None
    detail: str | None = None
    roble_version: str = ""
    prev_hash: str = ""
    row_hash: str = ""
    id: int | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        event_id = data.pop("id")
        data["started_at"] = format_time(self.started_at)
        data["duration_ms"] = round(float(self.duration_ms), 3)
        return {"id": self.revision_id, "event_id": event_id, **data}


def format_time(moment: datetime) -> str:
    """UTC time with microseconds, the way the chain and exports write it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


TIME_FORMAT_SQL = "%Y-%m-%dT%H:%i:%s.%fZ"  # DATE_FORMAT twin of format_time()


def insert_sql(table: str, values: dict[str, object], escape: Callable[[object], str]) -> list[str]:
    """Statements appending one event, with start, duration and chain hash taken on the server.

    The session must hold ``@roble_t0`` (UTC start, set when the work began) and
    ``@roble_prev`` (the last row's hash). Computing them on the server lets the
    record ride in the same round trip as the revision's last statement: the server
    runs it right after that statement, even if the client has died meanwhile.
    Run ``ADVANCE_SQL`` once the insert is committed.
    """

    def text(name: str) -> str:
        value = values.get(name)
        return escape("" if value is None else str(value))

    hashed = [
        "@roble_prev",
        *(text(n) for n in ("revision_id", "action", "outcome", "checksum", "db_user")),
        *(text(n) for n in ("os_user", "host", "pid")),
        f"DATE_FORMAT(@roble_t0, '{TIME_FORMAT_SQL}')",
        "CAST(@roble_ms AS CHAR)",
        *(text(n) for n in ("statements", "error", "error_line", "detail", "roble_version")),
    ]
    columns = [
        c for c in AUDIT_COLUMNS if c not in ("started_at", "duration_ms", "prev_hash", "row_hash")
    ]
    literals = [escape(values.get(c)) for c in columns]
    return [
        "SET @roble_ms = ROUND(TIMESTAMPDIFF(MICROSECOND, @roble_t0, UTC_TIMESTAMP(6)) / 1000, 3)",
        f"SET @roble_h = SHA2(CONCAT_WS(CHAR(31), {', '.join(hashed)}), 256)",
        f"INSERT INTO {table} ({', '.join(columns)}, started_at, duration_ms, prev_hash, row_hash)"
        f" VALUES ({', '.join(literals)}, @roble_t0, @roble_ms, @roble_prev, @roble_h)",
    ]


START_SQL = "SET @roble_t0 = UTC_TIMESTAMP(6)"
ADVANCE_SQL = "SET @roble_prev = @roble_h"


def chain_start_sql(table: str) -> str:
    return f"SET @roble_prev = IFNULL((SELECT row_hash FROM {table} ORDER BY id DESC LIMIT 1), '')"


def row_hash(event: AuditEvent) -> str:
    """sha256 over the previous hash and every recorded field, in a fixed order."""
    parts = [
        event.prev_hash,
        event.revision_id,
        event.action,
        event.outcome,
        event.checksum or "",
        event.db_user,
        event.os_user,
        event.host,
        str(event.pid),
        format_time(event.started_at),
        f"{event.duration_ms:.3f}",
        str(event.statements),
        event.error or "",
        "" if event.error_line is None else str(event.error_line),
        event.detail or "",
        event.roble_version,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ChainBreak(NamedTuple):
    """Where the audit hash chain stops adding up, and why."""

    event_id: int | None
    reason: str


def verify_chain(events: list[AuditEvent]) -> list[ChainBreak]:
    """Recompute the chain over ``events`` (ordered by id): edited or deleted rows show up.

    An edited row no longer matches its own ``row_hash``; a deleted row leaves the next
    row's ``prev_hash`` pointing at a hash that is not the row before it.
    """
    breaks = []
    previous = ""
    for event in events:
        if event.prev_hash != previous:
            breaks.append(
                ChainBreak(event.id, "prev_hash does not match the row before: a row was deleted")
            )
        if row_hash(event) != event.row_hash:
            breaks.append(
                ChainBreak(event.id, "row_hash does not match its fields: the row was edited")
            )
        previous = event.row_hash
    return breaks
