"""One split statement analysed: its words, tokens and shape (see :func:`analyse`)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from roble_sql.lint.analysis.cursor import Cursor
from roble_sql.lint.analysis.ddl import read_alter, read_create, read_drop, read_rename
from roble_sql.lint.analysis.dml import read_dml, read_set
from roble_sql.lint.analysis.session import DEFAULT_SESSION, Session
from roble_sql.lint.analysis.shapes import (
    AlterObject,
    CreateObject,
    Shape,
    Truncate,
    Use,
)
from roble_sql.lint.sql import (
    Tok,
    data_head,
    data_head_values,
    head,
    head_tokens,
    shifted,
    tokenize,
)
from roble_sql.splitter import Statement

# Statement verbs the server knows (MySQL 8 and MariaDB), for "unknown leading verb".
KNOWN_VERBS = frozenset(
    [
        "ALTER",
        "ANALYZE",
        "BACKUP",
        "BEGIN",
        "BINLOG",
        "CACHE",
        "CALL",
        "CHANGE",
        "CHECK",
        "CHECKSUM",
        "CLONE",
        "COMMIT",
        "CREATE",
        "DEALLOCATE",
        "DELETE",
        "DESC",
        "DESCRIBE",
        "DO",
        "DROP",
        "EXECUTE",
        "EXPLAIN",
        "FLUSH",
        "GET",
        "GRANT",
        "HANDLER",
        "HELP",
        "IMPORT",
        "INSERT",
        "INSTALL",
        "KILL",
        "LOAD",
        "LOCK",
        "OPTIMIZE",
        "PREPARE",
        "PURGE",
        "RELEASE",
        "RENAME",
        "REPAIR",
        "REPLACE",
        "RESET",
        "RESIGNAL",
        "RESTART",
        "REVOKE",
        "ROLLBACK",
        "SAVEPOINT",
        "SELECT",
        "SET",
        "SHOW",
        "SHUTDOWN",
        "SIGNAL",
        "START",
        "STOP",
        "TABLE",
        "TRUNCATE",
        "UNINSTALL",
        "UNLOCK",
        "UPDATE",
        "USE",
        "VALUES",
        "WITH",
        "XA",
    ]
)
_DDL_VERBS = frozenset({"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"})
_NOT_SCHEMA_OBJECTS = frozenset({"USER", "ROLE", "SERVER", "TABLESPACE", "LOGFILE", "RESOURCE"})
_PROGRAMS = frozenset({"trigger", "procedure", "function", "event", "package"})


class Reading(NamedTuple):
    """What the analysis read from a statement's head. Plain data statements with the same
    head (`INSERT INTO t VALUES (`, thousands to a file) share one (:func:`_shared_head`)."""

    verb: str  # first word, upper case; "" when the statement does not start with a word
    words: tuple[str, ...]  # the first few words, upper case
    shape: Shape
    head_end: int  # how much of the text was analysed
    tokens: list[Tok]  # with file lines; empty when shared:
    shared_tokens: tuple[Tok, ...] = ()  # a shared head's, lines counted from 1


@dataclass(slots=True, init=False)
class Stmt:
    """One statement of a file, analysed: where it is, and its :class:`Reading`.

    Few slots on purpose: a data migration keeps hundreds of thousands of these, and the
    garbage collector walks every slot of every one."""

    index: int  # 0-based position among the file's statements
    line: int
    end_line: int
    offset: int  # where the text starts in the file
    text: str
    delimiter: str
    session: Session  # the settings in force before it (set by the engine)
    reading: Reading = field(repr=False, compare=False)

    def __init__(
        self,
        index: int,
        line: int,
        end_line: int,
        offset: int,
        text: str,
        delimiter: str,
        session: Session,
        reading: Reading,
        tokens: list[Tok] | None = None,  # replaces the reading's tokens (dataclasses.replace)
    ) -> None:
        self.index = index
        self.line = line
        self.end_line = end_line
        self.offset = offset
        self.text = text
        self.delimiter = delimiter
        self.session = session
        self.reading = (
            reading if tokens is None else reading._replace(tokens=tokens, shared_tokens=())
        )

    @property
    def verb(self) -> str:
        return self.reading.verb

    @property
    def words(self) -> tuple[str, ...]:
        return self.reading.words

    @property
    def shape(self) -> Shape:
        return self.reading.shape

    @property
    def head_end(self) -> int:
        return self.reading.head_end

    @property
    def truncated(self) -> bool:
        """Only the head was tokenized: ``text[:head_end]``."""
        return self.reading.head_end < len(self.text)

    @property
    def tokens(self) -> list[Tok]:
        """The tokens of the analysed part, with file lines (made anew for a shared head)."""
        reading = self.reading
        if reading.shared_tokens:
            return shifted(reading.shared_tokens, self.line)
        return reading.tokens

    @property
    def words_tokens(self) -> Sequence[Tok]:
        """The same tokens without copying a shared head's: their ``line`` is not the file's
        line, so this is for reading words and marks, never for a finding's line."""
        return self.reading.shared_tokens or self.reading.tokens

    @property
    def head(self) -> str:
        """The analysed part of the text (all of it unless ``truncated``)."""
        return self.text[: self.head_end] if self.truncated else self.text

    @property
    def is_ddl(self) -> bool:
        """Schema DDL (commits implicitly): CREATE/ALTER/DROP/RENAME/TRUNCATE, not TEMPORARY."""
        verb, words = self.reading.verb, self.reading.words
        if verb not in _DDL_VERBS or "TEMPORARY" in words[:4]:
            return False
        return not (_NOT_SCHEMA_OBJECTS & set(words[1:3]))

    @property
    def changes_schema(self) -> bool:
        return self.is_ddl and self.verb != "TRUNCATE"

    @property
    def is_dml(self) -> bool:
        verb = self.reading.verb
        if verb in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            return True
        return verb == "LOAD" and self.words[1:2] in (("DATA",), ("XML",))

    @property
    def is_program(self) -> bool:
        """A stored program (or anonymous block): its body holds statements of its own."""
        shape = self.reading.shape
        if isinstance(shape, CreateObject | AlterObject):
            return shape.object in _PROGRAMS
        if self.verb == "BEGIN":
            return self.words[1:3] == ("NOT", "ATOMIC")
        tokens = self.words_tokens
        return len(tokens) > 1 and tokens[1].text == ":"  # label: BEGIN ... END


def analyse(statement: Statement, index: int) -> Stmt:
    """Tokenize the head of `statement` and read its shape."""
    text = statement.text
    reading = _shared_reading(text)
    if reading is None:
        reading = _read_alone(statement)
    return Stmt(
        index,
        statement.line,
        statement.end_line,
        statement.offset,
        text,
        statement.delimiter,
        DEFAULT_SESSION,
        reading,
    )


def _read_alone(statement: Statement) -> Reading:
    first = _first_word(statement.text)
    text, _ = head(statement.text, first)
    head_end = min(len(text), len(statement.text))
    tokens = tokenize(text, statement.line)
    words = tuple(tok.up for tok in tokens[:6] if tok.kind == "w")
    verb = tokens[0].up if tokens and tokens[0].kind == "w" else ""
    return Reading(verb, words, _read_shape(tokens, verb), head_end, tokens)


_last_shared: tuple[str, Reading] | None = None  # the head the last data statement had


def _shared_reading(text: str) -> Reading | None:
    """The reading `text` shares with the data statements that start like it, if any.

    The head found last is tried first: a data file repeats one head. Any text that starts
    with a :func:`data_head` (and no backtick right after it) is read the same way."""
    global _last_shared
    last = _last_shared
    if last is not None and text.startswith(last[0]):
        after = len(last[0])
        if text[after : after + 1] != "`":
            return last[1]
    key = data_head(text)
    reading = _shared_head(key) if key is not None else None
    if key is not None and reading is not None:
        _last_shared = (key, reading)
    return reading


@functools.lru_cache(maxsize=256)
def _shared_head(key: str) -> Reading | None:
    """The reading of every statement starting with `key` (a :func:`data_head`), as
    :func:`_read_alone` reads one; None when the head :func:`head` cuts is not `key`'s (a
    SELECT or SET in it) and each statement must be read alone. Bounded and pure: the same
    text always gives the same answer, and a Reading can't be changed."""
    text, _ = head(key, _first_word(key))
    if text != key[: data_head_values(key)] + "VALUES":
        return None
    tokens = head_tokens(text)
    verb = tokens[0].up if tokens and tokens[0].kind == "w" else ""
    if verb not in ("INSERT", "REPLACE"):  # only their shape (a frozen Dml) holds no line
        return None
    words = tuple(tok.up for tok in tokens[:6] if tok.kind == "w")
    return Reading(verb, words, _read_shape(list(tokens), verb), len(text), [], tokens)


def _read_shape(tokens: list[Tok], verb: str) -> Shape:
    try:
        return _shape(tokens, verb)
    except (IndexError, ValueError):  # a statement too odd to read: no shape, no finding
        return None


def _first_word(text: str) -> str:
    for index, char in enumerate(text[:64]):
        if not (char.isalpha() or char == "_"):
            return text[:index].upper()
    return text[:64].upper()


def _shape(tokens: list[Tok], verb: str) -> Shape:
    cursor = Cursor(tokens, 1)
    if verb == "CREATE":
        return read_create(cursor)
    if verb == "ALTER":
        return read_alter(cursor)
    if verb == "DROP":
        return read_drop(cursor)
    if verb == "RENAME" and cursor.accept_any("TABLE", "TABLES"):
        return read_rename(cursor)
    if verb == "TRUNCATE":
        cursor.accept("TABLE")
        name = cursor.name()
        return Truncate(name) if name else None
    if verb in ("INSERT", "REPLACE", "UPDATE", "DELETE"):
        return read_dml(verb, tokens)
    if verb == "SET":
        return read_set(tokens)
    if verb == "USE" and len(tokens) > 1 and tokens[1].is_name:
        return Use(tokens[1].text)
    return None
