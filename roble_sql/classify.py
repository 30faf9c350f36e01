"""What a statement does, judged from its leading keywords. Pure and cheap.

The runner needs three answers per statement: does it commit implicitly (DDL and
friends, which decide whether a revision can run as one transaction), does it
control transactions itself, and is it safe to run twice (so an interrupted
run can resume at it without a person deciding).
"""

from __future__ import annotations

import functools
import re

# Leading comments (including versioned ones, whose content is SQL) and whitespace.
_LEADING_NOISE = re.compile(
    r"(?:\s+|--[ \t][^\n]*(?:\n|$)|--(?:\n|$)|#[^\n]*(?:\n|$)|/\*(?!!|\+|M!)[\s\S]*?\*/)*"
)
_VERSIONED_OPEN = re.compile(r"/\*M?!\d*\s*")
_WORD = re.compile(r"[A-Za-z_]+")

# Statements that commit the open transaction (MySQL manual: "Statements That Cause an
# Implicit Commit"), by their first word, or first two words where one is not enough.
_IMPLICIT_COMMIT_FIRST = {"ALTER", "CREATE", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE"}
_IMPLICIT_COMMIT_FIRST |= {"LOCK", "UNLOCK", "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK"}
_IMPLICIT_COMMIT_FIRST |= {"INSTALL", "UNINSTALL", "FLUSH", "RESET", "CACHE", "LOAD"}
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA"}
_READ_ONLY_FIRST = {"SELECT", "DO", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "HELP", "WITH"}
_WRITE_WORDS = re.compile(r"\b(UPDATE|DELETE|INSERT|REPLACE)\b", re.I)
_INTO_FILE = re.compile(r"\bINTO\s+(OUTFILE|DUMPFILE)\b", re.I)


def keywords(text: str, count: int = 3) -> list[str]:
    """The first ``count`` words of a statement, upper-cased, skipping comments."""
    return list(_head_words(text)[:count])


# The runner asks several questions of each statement in a row: answer them from one scan.
# A few entries only, as the keys are whole statements (a data migration's are megabytes).
def _noise_end(text: str) -> int:
    match = _LEADING_NOISE.match(text)
    assert match is not None  # whitespace and comments, none at all included
    return match.end()


@functools.lru_cache(maxsize=4)
def _head_words(text: str) -> tuple[str, ...]:
    start = _noise_end(text)
    rest = text[start : start + 200]
    versioned = _VERSIONED_OPEN.match(rest)
    if versioned:
        rest = rest[versioned.end() :]
    return tuple(word.upper() for word in _WORD.findall(rest))


def first_keyword(text: str) -> str:
    words = keywords(text, 1)
    return words[0] if words else ""


def is_transaction_control(text: str) -> bool:
    words = keywords(text, 2)
    if not words:
        return False
    if words[0] in _TRANSACTION_CONTROL:
        return True
    if words[0] == "START" and words[1:2] == ["TRANSACTION"]:
        return True
    return words[0] == "SET" and "AUTOCOMMIT" in keywords(text, 4)


def causes_implicit_commit(text: str) -> bool:
    """True for DDL and the other statements MySQL commits around."""
    words = keywords(text, 4)
    if not words:
        return False
    if words[0] in _IMPLICIT_COMMIT_FIRST:
        # CREATE [OR REPLACE] / DROP TEMPORARY TABLE do not commit; LOAD DATA does not either.
        return "TEMPORARY" not in words[1:4] and words[:2] != ["LOAD", "DATA"]
    return is_transaction_control(text) or (words[0] == "START")


def is_read_only(text: str) -> bool:
    """Statements that change nothing persistent, so running them twice is harmless."""
    first = first_keyword(text)
    if first == "WITH":  # a CTE may lead into UPDATE/DELETE/INSERT (MySQL 8)
        return not _WRITE_WORDS.search(text)
    if first == "SET":
        return not is_set_global(text) and keywords(text, 2)[1:2] not in (
            ["PASSWORD"],
            ["DEFAULT"],
            ["ROLE"],
        )
    return first in _READ_ONLY_FIRST and not _INTO_FILE.search(text)


def is_set_statement(text: str) -> bool:
    return first_keyword(text) == "SET"


def is_set_global(text: str) -> bool:
    words = keywords(text, 2)
    return words[:1] == ["SET"] and words[1:2] in (["GLOBAL"], ["PERSIST"], ["PERSIST_ONLY"])


_COMPOUND_FIRST = {"IF", "WHILE", "LOOP", "REPEAT", "FOR", "CASE"}
_LABEL = re.compile(r"\s*(?:[\w$]+|`(?:[^`]|``)*`)\s*:")


def may_return_several_results(text: str) -> bool:
    """CALL, EXECUTE and compound statements: the server may answer with any number of
    result sets (one per SELECT they run) before the statement's own end."""
    words = keywords(text, 3)
    if not words:
        return False
    if words[0] in ("CALL", "EXECUTE") or words[0] in _COMPOUND_FIRST:
        return True
    if words[0] == "BEGIN" and words[1:3] == ["NOT", "ATOMIC"]:
        return True
    start = _noise_end(text)
    return bool(_LABEL.match(text, start))


def may_commit_implicitly(text: str) -> bool:
    """Statements whose first words can't tell whether they commit: what they run is only
    known on the server (EXECUTE IMMEDIATE, EXECUTE, CALL, compound statements, SET
    STATEMENT ... FOR), or they commit though they start with SET (SET PASSWORD)."""
    if may_return_several_results(text):
        return True
    words = keywords(text, 2)
    return words[:1] == ["SET"] and words[1:2] in (["STATEMENT"], ["PASSWORD"])


REPLAY = "replay"
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`""")
_READS_DATA = re.compile(r"\b(SELECT|LAST_INSERT_ID|ROW_COUNT|FOUND_ROWS)\b", re.I)
_ASSIGNS_VARIABLE = re.compile(r":=|\bINTO\s+@", re.I)


def session_change(text: str) -> str | None:
    """How a statement skipped on resume bears on the session the rest of the revision
    runs in: None (no bearing), REPLAY (it only sets session state: run it again before
    the resumed statement), or why the session can't be rebuilt."""
    words = keywords(text, 3)
    first = words[0] if words else ""
    if first in ("USE", "PREPARE", "DEALLOCATE"):
        return REPLAY
    if first == "DROP" and words[1:2] == ["PREPARE"]:
        return REPLAY
    if first == "SET":
        return _set_change(text, words)
    if first in ("SELECT", "WITH", "DO") and _ASSIGNS_VARIABLE.search(_unquoted(text)):
        return "it sets a variable from the data, which may have changed since"
    if first in ("CREATE", "DROP") and "TEMPORARY" in words[1:3]:
        return "it made a temporary table, gone with the connection that made it"
    if first == "LOCK":
        return "it locked tables, and the locks went with the connection"
    return None


def _set_change(text: str, words: list[str]) -> str | None:
    second = words[1] if len(words) > 1 else ""
    if second in ("STATEMENT", "PASSWORD", "DEFAULT") or is_set_global(text):
        return None  # one statement's setting, or a change that persists by itself
    if second == "TRANSACTION":
        return None  # the next transaction only, which has ended
    if _READS_DATA.search(_unquoted(text)):
        return (
            "it sets a variable from the data or from the session's last results, "
            "which may have changed since"
        )
    return REPLAY


def _unquoted(text: str) -> str:
    return _QUOTED.sub("''", text)
