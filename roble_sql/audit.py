"""roble's own bookkeeping tables and the audit event record. Pure: SQL text and data.

yoyo's ``_yoyo_migration`` stays the source of truth for *what is applied*.
roble adds:

- ``roble_audit``: append-only events (apply, rollback, stamp, adopt, resolve, hook,
  restore; success or failure) with the file's sha256 (and, for an apply, the rollback
  file's), who ran it, where, when and how long. Each row carries ``row_hash`` over the
  previous row's hash and its own fields, so an edited or deleted row breaks the chain.
  With an audit key (given outside the database: ``ROBLE_AUDIT_KEY`` or a key file),
  the hash is an HMAC under a key derived for each run (``chain_key`` names the key,
  ``chain_nonce`` the run): nobody without the key can write a row that verifies, and
  the server never sees the key itself, only the run's derived one.
- ``roble_progress``: one row per revision that is running or failed, and
  ``roble_progress_statement``: one row per statement it completed (index, sha256,
  line), so an interrupted revision says exactly how far it got and can resume.
- ``roble_lock``: who holds the migration lock (the lock itself is ``GET_LOCK``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import NamedTuple

AUDIT_TABLE = "roble_audit"
PROGRESS_TABLE = "roble_progress"
PROGRESS_STATEMENT_TABLE = "roble_progress_statement"
LOCK_TABLE = "roble_lock"
SERVER_TABLE = "roble_server"
LEASE_TABLE = "roble_lease"  # Galera only, made by runner/lease.py: not in TABLE_NAMES

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
  `rollback_checksum` CHAR(64) NULL COMMENT 'sha256 of the rollback file when applied',
  `chain_key` CHAR(16) NULL COMMENT 'which audit key signed the row (NULL: unkeyed)',
  `chain_nonce` CHAR(32) NULL COMMENT 'the run the row key was derived for',
  `vcs_commit` VARCHAR(64) NULL COMMENT 'the git commit the deploy ran from (NULL: outside git)',
  `vcs_clean` TINYINT(1) NULL COMMENT '1: the files were byte for byte that commit''s',
  `vcs_file_commit` VARCHAR(64) NULL COMMENT 'the commit that last changed the file run',
  `vcs_path` VARCHAR(1024) NULL COMMENT 'the file run, as the repository names it',
  `override` VARCHAR(255) NULL COMMENT 'the refusal --yes-i-know overrode for this run',
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
  `server_incarnation` VARCHAR(255) NULL COMMENT 'the server run it was written in (roble_server)',
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
    # MEMORY: emptied by every server restart, however fast, so a token written here names
    # one run of the server (see Database.incarnation).
    f"""CREATE TABLE IF NOT EXISTS `{SERVER_TABLE}` (
  `id` TINYINT UNSIGNED NOT NULL,
  `token` VARCHAR(255) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COMMENT='roble: this run of the server (emptied by a restart)'""",
)

TABLE_NAMES = (
    AUDIT_TABLE,
    PROGRESS_TABLE,
    PROGRESS_STATEMENT_TABLE,
    LOCK_TABLE,
    SERVER_TABLE,
)  # as CREATE_TABLES
CREATE_TABLE = dict(zip(TABLE_NAMES, CREATE_TABLES, strict=True))

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
    "rollback_checksum",
    "chain_key",
    "chain_nonce",
    "vcs_commit",
    "vcs_clean",
    "vcs_file_commit",
    "vcs_path",
    "override",
)
PROVENANCE_COLUMNS = ("vcs_commit", "vcs_clean", "vcs_file_commit", "vcs_path")
# Successful events that make a revision applied, or not applied any more.
APPLYING_ACTIONS = ("apply", "stamp", "adopt", "resolve-applied")
STATE_ACTIONS = (*APPLYING_ACTIONS, "rollback", "unstamp", "resolve-rolled-back")
# Columns added after the first release: an older table gets them (NULL in its old rows).
ADDED_COLUMNS = {
    AUDIT_TABLE: {
        "rollback_checksum": "CHAR(64) NULL",
        "chain_key": "CHAR(16) NULL",
        "chain_nonce": "CHAR(32) NULL",
        "vcs_commit": "VARCHAR(64) NULL",
        "vcs_clean": "TINYINT(1) NULL",
        "vcs_file_commit": "VARCHAR(64) NULL",
        "vcs_path": "VARCHAR(1024) NULL",
        "override": "VARCHAR(255) NULL",
    },
    PROGRESS_TABLE: {"server_incarnation": "VARCHAR(255) NULL"},
}
# Fields the hash covers as name=value when set (so older rows, without them, verify too).
_NAMED_FIELDS = ("rollback_checksum", *PROVENANCE_COLUMNS, "override")


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
    rollback_checksum: str | None = None
    chain_key: str | None = None
    chain_nonce: str | None = None
    vcs_commit: str | None = None
    vcs_clean: int | None = None  # 1 or 0; None outside git
    vcs_file_commit: str | None = None
    vcs_path: str | None = None
    override: str | None = None
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


class ChainKey(NamedTuple):
    """An audit key (kept outside the database) and the run key derived from it."""

    id: str  # names the key in each row it signs: never the key itself
    run_key: bytes  # HMAC(key, nonce): what the server sees, good for this run's rows only
    nonce: str  # hex, recorded in each row


def key_id(secret: bytes) -> str:
    return hashlib.sha256(b"roble audit key\0" + secret).hexdigest()[:16]


def derive(secret: bytes, nonce: str) -> bytes:
    return hmac.new(secret, bytes.fromhex(nonce), hashlib.sha256).digest()


def run_chain_key(secret: bytes) -> ChainKey:
    """The key a run signs its rows with: derived from ``secret`` for a fresh nonce."""
    nonce = secrets.token_hex(16)
    return ChainKey(key_id(secret), derive(secret, nonce), nonce)


def _hash_sql(message: str, key: bytes | None) -> str:
    """SQL for the row hash of ``message``: sha256, or HMAC-SHA256 under ``key`` (written
    out as HMAC's two padded hashes, which the server can compute)."""
    if key is None:
        return f"SHA2({message}, 256)"
    block = key.ljust(64, b"\0")
    inner = bytes(b ^ 0x36 for b in block).hex()
    outer = bytes(b ^ 0x5C for b in block).hex()
    # UNHEX: a binary string, so the message's text joins it as its UTF-8 bytes
    return f"SHA2(CONCAT(UNHEX('{outer}'), UNHEX(SHA2(CONCAT(UNHEX('{inner}'), {message}), 256))), 256)"


def insert_sql(
    table: str,
    values: dict[str, object],
    escape: Callable[[object], str],
    key: ChainKey | None = None,
) -> list[str]:
    """Statements appending one event, with start, duration and chain hash taken on the server.

    The session must hold ``@roble_t0`` (UTC start, set when the work began) and
    ``@roble_prev`` (the last row's hash). Computing them on the server lets the
    record ride in the same round trip as the revision's last statement: the server
    runs it right after that statement, even if the client has died meanwhile.
    With ``key`` the hash is an HMAC under the run's key. Run ``ADVANCE_SQL`` once the
    insert is committed.
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
        *(escape(f"{n}={values[n]}") for n in _NAMED_FIELDS if values.get(n) is not None),
    ]
    values = {
        **values,
        "chain_key": key.id if key else None,
        "chain_nonce": key.nonce if key else None,
    }
    columns = [
        c for c in AUDIT_COLUMNS if c not in ("started_at", "duration_ms", "prev_hash", "row_hash")
    ]
    literals = [escape(values.get(c)) for c in columns]
    message = f"CONCAT_WS(CHAR(31), {', '.join(hashed)})"
    return [
        "SET @roble_ms = ROUND(TIMESTAMPDIFF(MICROSECOND, @roble_t0, UTC_TIMESTAMP(6)) / 1000, 3)",
        f"SET @roble_h = {_hash_sql(message, key.run_key if key else None)}",
        f"INSERT INTO {table} ({', '.join(columns)}, started_at, duration_ms, prev_hash, row_hash)"
        f" VALUES ({', '.join(literals)}, @roble_t0, @roble_ms, @roble_prev, @roble_h)",
    ]


START_SQL = "SET @roble_t0 = UTC_TIMESTAMP(6)"
ADVANCE_SQL = "SET @roble_prev = @roble_h"


def chain_start_sql(table: str) -> str:
    return f"SET @roble_prev = IFNULL((SELECT row_hash FROM {table} ORDER BY id DESC LIMIT 1), '')"


def row_hash(event: AuditEvent, secrets_by_id: dict[str, bytes] | None = None) -> str | None:
    """The hash the row should carry: sha256 over the previous hash and every recorded
    field, in a fixed order; for a keyed row, HMAC under its run's key (None when the
    key it names was not given)."""
    message = _message(event)
    if event.chain_key is None:
        return hashlib.sha256(message).hexdigest()
    secret = (secrets_by_id or {}).get(event.chain_key)
    if secret is None or event.chain_nonce is None:
        return None
    return hmac.new(derive(secret, event.chain_nonce), message, hashlib.sha256).hexdigest()


def _message(event: AuditEvent) -> bytes:
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
        *(f"{n}={getattr(event, n)}" for n in _NAMED_FIELDS if getattr(event, n) is not None),
    ]
    return "\x1f".join(parts).encode("utf-8")


class ChainBreak(NamedTuple):
    """Where the audit hash chain stops adding up, and why."""

    event_id: int | None
    reason: str


def verify_chain(events: list[AuditEvent], keys: tuple[bytes, ...] = ()) -> list[ChainBreak]:
    """Recompute the chain over ``events`` (ordered by id): edited or deleted rows show up.

    An edited row no longer matches its own ``row_hash``; a deleted row leaves the next
    row's ``prev_hash`` pointing at a hash that is not the row before it. Once a row is
    keyed, every later one must be: an unkeyed row after it was written by someone
    without the key. A keyed row is checked with the key it names, among ``keys``; rows
    signed with a key not given are reported once per key (they can't be checked).
    """
    by_id = {key_id(secret): secret for secret in keys}
    breaks = []
    previous = ""
    keyed_since: int | None = None
    unchecked: dict[str, list[int | None]] = {}
    for event in events:
        if event.prev_hash != previous:
            breaks.append(
                ChainBreak(event.id, "prev_hash does not match the row before: a row was deleted")
            )
        previous = event.row_hash
        if event.chain_key is None:
            if keyed_since is not None:
                reason = f"an unkeyed row after keyed row {keyed_since}: written without the key"
                breaks.append(ChainBreak(event.id, reason))
            elif row_hash(event) != event.row_hash:
                breaks.append(ChainBreak(event.id, EDITED))
            continue
        keyed_since = keyed_since if keyed_since is not None else event.id
        expected = row_hash(event, by_id)
        if expected is None:
            unchecked.setdefault(event.chain_key, []).append(event.id)
        elif not hmac.compare_digest(expected, event.row_hash):
            breaks.append(ChainBreak(event.id, EDITED))
    for key, ids in unchecked.items():
        reason = (
            f"{len(ids)} row(s) signed with audit key {key} can't be checked: that key was "
            f"not given (ROBLE_AUDIT_KEY, or a line of the audit key file)"
        )
        breaks.append(ChainBreak(ids[0], reason))
    return breaks


EDITED = "row_hash does not match its fields: the row was edited"


class ChainHead(NamedTuple):
    """The audit log's last row as known outside the database (a deploy log, a file):
    a later log must still hold that row with that hash."""

    id: int
    row_hash: str

    def __str__(self) -> str:
        return f"{self.id}:{self.row_hash}"


def parse_head(text: str) -> ChainHead | None:
    """``ID:HASH`` (the last field of a line, as roble writes them), or None."""
    fields = text.split()
    head = fields[-1] if fields else ""
    number, _, digest = head.partition(":")
    if not number.isdigit() or len(digest) != 64 or not all(c in HEX for c in digest):
        return None
    return ChainHead(int(number), digest.lower())


HEX = frozenset("0123456789abcdefABCDEF")


def check_heads(events: list[AuditEvent], heads: list[ChainHead]) -> list[ChainBreak]:
    """Each anchored head must still be in the log, unchanged: a rewrite before it changes
    its hash (through the chain), and cutting the log's end removes it."""
    by_id = {event.id: event.row_hash for event in events}
    breaks = []
    for head in heads:
        found = by_id.get(head.id)
        if found is None:
            breaks.append(
                ChainBreak(head.id, f"anchored head {head.id} is gone: the log was cut or emptied")
            )
        elif found != head.row_hash:
            breaks.append(
                ChainBreak(
                    head.id,
                    f"row {head.id} no longer has the anchored hash {head.row_hash[:12]}: the "
                    "log up to it was rewritten",
                )
            )
    return breaks
