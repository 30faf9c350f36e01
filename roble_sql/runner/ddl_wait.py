"""Bounded metadata-lock waits for DDL: the bound, the retries, and who blocked.

A DDL statement needs an exclusive metadata lock on its table. Behind an open transaction
that read the table it waits, for ``lock_wait_timeout`` seconds (a day on MariaDB by
default), and every later query on the table queues behind the DDL: an idle session can
stall the application. So before each DDL statement the runner sets the session's
``lock_wait_timeout`` to a short bound, in the same round trip, and puts the session's
value back right after it. A DDL that timed out (1205) took no effect, and the server ran
nothing after it in the batch: it is sent again after a pause, up to the retries. When
they run out, the sessions holding the table are read and named.

A revision that chooses its own wait (``SET [SESSION] lock_wait_timeout``, ``SET STATEMENT
lock_wait_timeout=... FOR``, MariaDB's ``WAIT n``/``NOWAIT``) keeps it: roble neither bounds
nor retries its statements.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from roble_sql import classify
from roble_sql.config import DEFAULT_DDL_LOCK_WAIT, DEFAULT_DDL_RETRIES

if TYPE_CHECKING:
    from roble_sql.runner.database import Database

MAX_DDL_LOCK_WAIT = 31536000  # the server's own limit for lock_wait_timeout
LOCK_WAIT_TIMEOUT = 1205  # "Lock wait timeout exceeded": the statement did not run
BACKOFF_FIRST = 0.5  # seconds before the first retry, doubled for each one after
BACKOFF_MAX = 8.0

SAVED = "@roble_lock_wait"  # the session's own value, put back right after the DDL
RESTORE_SQL = f"SET SESSION lock_wait_timeout = {SAVED}"
_BOUND_PREFIX = f"SET {SAVED} = @@SESSION.lock_wait_timeout, SESSION lock_wait_timeout = "

# Statements that take an exclusive (or upgradable) metadata lock on what they change.
_DDL_FIRST = {"ALTER", "CREATE", "DROP", "RENAME", "TRUNCATE"}
_SETS_LOCK_WAIT = re.compile(
    r"(?<![\w.@$])(?:@@(?:(?:SESSION|LOCAL)\.)?)?lock_wait_timeout\b", re.I
)
_GLOBAL_LOCK_WAIT = re.compile(r"@@GLOBAL\.lock_wait_timeout\b", re.I)
_OWN_WAIT_CLAUSE = re.compile(r"\bNOWAIT\b|\bWAIT\s+\d", re.I)
_SET_STATEMENT_FOR = re.compile(r"\bFOR\s+(?P<verb>[A-Za-z]+)\b", re.I)
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`""")

_NAME = r"(?:`(?:[^`]|``)+`|[\w$]+)"
_QUALIFIED = rf"(?P<first>{_NAME})(?:\s*\.\s*(?P<second>{_NAME}))?"
_TABLE_OF = [
    re.compile(
        rf"\bALTER\s+(?:ONLINE\s+)?(?:IGNORE\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?{_QUALIFIED}", re.I
    ),
    re.compile(rf"\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?{_QUALIFIED}", re.I),
    re.compile(rf"\bTRUNCATE\s+(?:TABLE\s+)?{_QUALIFIED}", re.I),
    re.compile(rf"\bRENAME\s+TABLE\s+{_QUALIFIED}", re.I),
    re.compile(rf"\bON\s+{_QUALIFIED}", re.I),  # CREATE/DROP INDEX, CREATE TRIGGER
]


class DdlLockWait(NamedTuple):
    """How long one DDL statement may wait for its metadata lock, and how often it tries."""

    seconds: int = DEFAULT_DDL_LOCK_WAIT
    retries: int = DEFAULT_DDL_RETRIES

    def bound_sql(self) -> str:
        return f"{_BOUND_PREFIX}{int(self.seconds)}"

    def backoff(self, attempt: int) -> float:
        """Seconds to pause before retry ``attempt + 1``: no lock is queued meanwhile."""
        return min(BACKOFF_FIRST * 2**attempt, BACKOFF_MAX)

    def worst_case(self) -> float:
        """The longest a DDL can take to give up: every attempt's wait and every pause."""
        pauses = sum(self.backoff(attempt) for attempt in range(self.retries))
        return self.seconds * (self.retries + 1) + pauses


def is_bound_sql(part: str) -> bool:
    return part.startswith(_BOUND_PREFIX)


def waits_on_metadata_lock(text: str) -> bool:
    """DDL, also inside ``SET STATEMENT ... FOR``: a statement the bound is for."""
    words = classify.keywords(text, 2)
    if not words:
        return False
    if words[0] in _DDL_FIRST:
        return True
    if words[:2] == ["SET", "STATEMENT"]:
        match = _SET_STATEMENT_FOR.search(_unquoted(_head(text)))
        return match is not None and match.group("verb").upper() in _DDL_FIRST
    return False


def sets_own_lock_wait(text: str) -> bool:
    """A SET of the session's lock_wait_timeout: from there on the revision's value holds."""
    if classify.keywords(text, 1) != ["SET"] or classify.is_set_global(text):
        return False
    if classify.keywords(text, 2)[1:2] == ["STATEMENT"]:
        return False  # one statement's setting (see chooses_own_wait)
    head = _unquoted(text)
    return bool(_SETS_LOCK_WAIT.search(head)) and not _GLOBAL_LOCK_WAIT.search(head)


def chooses_own_wait(text: str) -> bool:
    """The statement carries its own wait: ``SET STATEMENT lock_wait_timeout=... FOR``,
    or MariaDB's ``WAIT n`` / ``NOWAIT`` clause."""
    words = classify.keywords(text, 2)
    head = _unquoted(_head(text))
    if words[:2] == ["SET", "STATEMENT"]:
        before_for = head[: m.start()] if (m := _SET_STATEMENT_FOR.search(head)) else head
        return bool(_SETS_LOCK_WAIT.search(before_for))
    return bool(_OWN_WAIT_CLAUSE.search(head))


def timed_out_on_lock(cause: BaseException) -> bool:
    args = cause.args
    return bool(args) and args[0] == LOCK_WAIT_TIMEOUT


def tables_of(text: str) -> list[tuple[str | None, str]]:
    """The (schema, table) a DDL statement changes, when its head says; [] when unsure."""
    head = _head(_body(text))
    for pattern in _TABLE_OF:
        match = pattern.search(head)
        if match:
            first, second = _unquote(match.group("first")), match.group("second")
            return [(first, _unquote(second))] if second else [(None, first)]
    return []


def _body(text: str) -> str:
    """The statement after a ``SET STATEMENT ... FOR`` prefix (the whole text otherwise)."""
    if classify.keywords(text, 2)[:2] == ["SET", "STATEMENT"]:
        match = _SET_STATEMENT_FOR.search(text)
        if match:
            return text[match.start("verb") :]
    return text


class Blocker(NamedTuple):
    """A session that may hold the metadata lock a DDL waited for."""

    connection_id: int
    user: str
    host: str
    seconds: int | None  # how long its transaction (or its current command) has been open
    statement: str | None  # what it runs now; None: idle
    locks: str | None  # what METADATA_LOCK_INFO says it holds, where the plugin is installed

    def describe(self) -> str:
        what = f"running {_short(self.statement)!r}" if self.statement else "idle"
        held = f", holding {self.locks}" if self.locks else ""
        opened = f"open {self.seconds} s, " if self.seconds is not None else ""
        return f"connection {self.connection_id} ({self.user}@{self.host}, {opened}{what}{held})"


_MDL_INSTALLED_SQL = (
    "SELECT COUNT(*) FROM information_schema.PLUGINS"
    " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'"
)

# Who holds a metadata lock on the tables: exact, where the plugin is installed.
_MDL_HOLDERS_SQL = (
    "SELECT p.ID, p.USER, p.HOST,"
    " COALESCE(TIMESTAMPDIFF(SECOND, MIN(t.trx_started), NOW()), MAX(p.TIME)),"
    " MAX(p.INFO),"
    " GROUP_CONCAT(DISTINCT CONCAT(m.LOCK_MODE, ' on ', m.TABLE_SCHEMA, '.', m.TABLE_NAME)"
    " ORDER BY m.TABLE_NAME SEPARATOR ', ')"
    " FROM information_schema.METADATA_LOCK_INFO m"
    " JOIN information_schema.PROCESSLIST p ON p.ID = m.THREAD_ID"
    " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID"
    " WHERE m.THREAD_ID <> CONNECTION_ID() AND m.TABLE_SCHEMA = {schema}{tables}"
    " GROUP BY p.ID, p.USER, p.HOST ORDER BY p.ID"
)

# Without the plugin: every open transaction of another session (one of them holds it).
_OPEN_TRANSACTIONS_SQL = (
    "SELECT p.ID, p.USER, p.HOST, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()),"
    " COALESCE(p.INFO, t.trx_query), NULL"
    " FROM information_schema.INNODB_TRX t"
    " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
    " WHERE p.ID <> CONNECTION_ID() ORDER BY t.trx_started, p.ID"
)


def read_blockers(db: Database, statement: str) -> tuple[list[Blocker], str | None]:
    """The sessions that may hold the DDL's table, and why they could not be read (the
    PROCESS privilege is missing, say). Read once, when the retries have run out."""
    try:
        if db.query(_MDL_INSTALLED_SQL)[0][0]:
            sql, args = _mdl_holders_query(tables_of(statement))
        else:
            sql, args = _OPEN_TRANSACTIONS_SQL, []
        rows = db.query(sql, args)
    except Exception as exc:  # a missing privilege must not hide the statement's failure
        return [], f"could not list them: {exc.args[1] if len(exc.args) > 1 else exc}"
    return [_blocker(row) for row in rows], None


def _mdl_holders_query(tables: list[tuple[str | None, str]]) -> tuple[str, list[Any]]:
    args: list[Any] = []
    schema = "DATABASE()"
    if tables and tables[0][0] is not None:
        schema, args = "%s", [tables[0][0]]
    names = ""
    if tables:
        names = " AND m.TABLE_NAME IN (" + ", ".join(["%s"] * len(tables)) + ")"
        args += [name for _, name in tables]
    return _MDL_HOLDERS_SQL.format(schema=schema, tables=names), args


def _blocker(row: tuple[Any, ...]) -> Blocker:
    connection_id, user, host, seconds, statement, locks = row
    return Blocker(
        int(connection_id),
        str(user),
        str(host),
        None if seconds is None else int(seconds),
        " ".join(str(statement).split()) if statement else None,
        str(locks) if locks else None,
    )


def retry_note(db: Database, statement: str, policy: DdlLockWait, attempt: int) -> str:
    """What to tell the person watching, before retry ``attempt + 1``."""
    blockers, unreadable = read_blockers(db, statement)
    held = "; ".join(b.describe() for b in blockers) or unreadable or "no open transaction now"
    return (
        f"{_short(' '.join(statement[:200].split()), 60)!r} waited {policy.seconds} s for its "
        f"table's metadata lock (held by {held}); trying again in "
        f"{policy.backoff(attempt):g} s ({attempt + 1}/{policy.retries})"
    )


class MetadataLockTimeout(Exception):
    """A bounded DDL gave up waiting for its metadata lock; the server's error, with who
    held the table. ``args`` are the server's (code, message), as for a driver error."""

    def __init__(
        self,
        cause: BaseException,
        policy: DdlLockWait | None,
        blockers: list[Blocker],
        unreadable: str | None,
    ):
        self.blockers = blockers
        message = str(cause.args[1]) if len(cause.args) > 1 else str(cause)
        if policy is not None:
            tries = policy.retries + 1
            message += (
                f"; waited {policy.seconds} s for the metadata lock "
                f"{tries} time{'s' if tries != 1 else ''}"
            )
        if blockers:
            message += "; held by " + "; ".join(b.describe() for b in blockers)
        else:
            message += "; " + (unreadable or "no other session holds an open transaction now")
        super().__init__(LOCK_WAIT_TIMEOUT, message)

    def hint(self, command: str, number: int, revision_id: str) -> str:
        kill = ", ".join(f"KILL {b.connection_id}" for b in self.blockers[:3])
        end = f" (or end them: {kill})" if kill else ""
        done = {1: "", 2: " (statement 1 is applied and recorded)"}.get(
            number, f" (statements 1-{number - 1} are applied and recorded)"
        )
        return (
            f"statement {number} did not run{done}; let the sessions "
            f"holding the table commit{end}, then run 'roble {command}' again: it resumes at "
            f"statement {number} (a longer wait: --ddl-lock-wait; or settle it with "
            f"'roble resolve {revision_id}')"
        )


def _head(text: str) -> str:
    return text[:2000]


def _unquoted(text: str) -> str:
    return _QUOTED.sub("''", text)


def _unquote(name: str) -> str:
    return name[1:-1].replace("``", "`") if name.startswith("`") else name


def _short(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
