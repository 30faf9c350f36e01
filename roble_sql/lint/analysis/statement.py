"""One split statement analysed: its words, tokens and shape (see :func:`analyse`)."""

from __future__ import annotations

import functools
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


@dataclass(slots=True, init=False)
class Stmt:
    """One statement of a file, analysed.

    Plain data statements (`INSERT INTO t VALUES (...)`, thousands to a file) are read once
    per distinct head (:func:`_shared_head`): their Stmts share its words and shape, and
    make their tokens when asked, so they cost little time and memory each."""

    index: int  # 0-based position among the file's statements
    line: int
    end_line: int
    offset: int  # where the text starts in the file
    text: str
    delimiter: str
    truncated: bool  # only the head was tokenized: text[:head_end]
    verb: str  # first word, upper case; "" when the statement does not start with a word
    words: tuple[str, ...]  # the first few words, upper case
    shape: Shape
    head_end: int  # how much of text was analysed
    session: Session  # the settings in force before it (set by the engine)
    _tokens: list[Tok] = field(repr=False, compare=False)  # unless it shares a head:
    _shared: _SharedHead | None = field(repr=False, compare=False)

    def __init__(
        self,
        index: int,
        line: int,
        end_line: int,
        offset: int,
        text: str,
        delimiter: str,
        tokens: list[Tok] | None = None,
        truncated: bool = False,
        verb: str = "",
        words: tuple[str, ...] = (),
        shape: Shape = None,
        head_end: int = 0,
        session: Session = DEFAULT_SESSION,
        *,
        _tokens: list[Tok] | None = None,  # these two: for dataclasses.replace
        _shared: _SharedHead | None = None,
    ) -> None:
        self.index = index
        self.line = line
        self.end_line = end_line
        self.offset = offset
        self.text = text
        self.delimiter = delimiter
        self.truncated = truncated
        self.verb = verb
        self.words = words
        self.shape = shape
        self.head_end = head_end
        self.session = session
        if tokens is not None:
            self._tokens, self._shared = tokens, None
        elif _shared is not None:
            self._tokens, self._shared = _NO_TOKENS, _shared
        else:
            self._tokens, self._shared = _tokens if _tokens is not None else [], None

    @property
    def tokens(self) -> list[Tok]:
        """The tokens of the analysed part, with file lines (made anew for a shared head)."""
        if self._shared is None:
            return self._tokens
        return shifted(self._shared.tokens, self.line)

    @property
    def head(self) -> str:
        """The analysed part of the text (all of it unless ``truncated``)."""
        return self.text[: self.head_end] if self.truncated else self.text

    @property
    def is_ddl(self) -> bool:
        """Schema DDL (commits implicitly): CREATE/ALTER/DROP/RENAME/TRUNCATE, not TEMPORARY."""
        if self.verb not in _DDL_VERBS or "TEMPORARY" in self.words[:4]:
            return False
        return not (_NOT_SCHEMA_OBJECTS & set(self.words[1:3]))

    @property
    def changes_schema(self) -> bool:
        return self.is_ddl and self.verb != "TRUNCATE"

    @property
    def is_dml(self) -> bool:
        if self.verb in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            return True
        return self.verb == "LOAD" and self.words[1:2] in (("DATA",), ("XML",))

    @property
    def is_program(self) -> bool:
        """A stored program (or anonymous block): its body holds statements of its own."""
        if isinstance(self.shape, CreateObject | AlterObject):
            return self.shape.object in _PROGRAMS
        if self.verb == "BEGIN":
            return self.words[1:3] == ("NOT", "ATOMIC")
        tokens = self._shared.tokens if self._shared is not None else self._tokens
        return len(tokens) > 1 and tokens[1].text == ":"  # label: BEGIN ... END


_NO_TOKENS: list[Tok] = []  # the held tokens of a Stmt that shares its head's (never handed out)


class _SharedHead(NamedTuple):
    """What the head of a plain data statement tells, for every statement with that head."""

    tokens: tuple[Tok, ...]  # lines counted from 1
    verb: str
    words: tuple[str, ...]
    shape: Shape  # a Dml: frozen, and holds no line
    head_end: int


def analyse(statement: Statement, index: int) -> Stmt:
    """Tokenize the head of `statement` and read its shape."""
    text = statement.text
    shared = _head_shared_by(text)
    if shared is None:
        return _analyse_alone(statement, index)
    return Stmt(
        index,
        statement.line,
        statement.end_line,
        statement.offset,
        text,
        statement.delimiter,
        None,
        shared.head_end < len(text),
        shared.verb,
        shared.words,
        shared.shape,
        shared.head_end,
        DEFAULT_SESSION,
        _shared=shared,
    )


def _analyse_alone(statement: Statement, index: int) -> Stmt:
    first = _first_word(statement.text)
    text, truncated = head(statement.text, first)
    head_end = min(len(text), len(statement.text))
    tokens = tokenize(text, statement.line)
    words = tuple(tok.up for tok in tokens[:6] if tok.kind == "w")
    verb = tokens[0].up if tokens and tokens[0].kind == "w" else ""
    return Stmt(
        index,
        statement.line,
        statement.end_line,
        statement.offset,
        statement.text,
        statement.delimiter,
        tokens,
        truncated,
        verb,
        words,
        _read_shape(tokens, verb),
        head_end,
    )


_last_shared: tuple[str, _SharedHead] | None = None  # the head the last data statement had


def _head_shared_by(text: str) -> _SharedHead | None:
    """The analysis `text` shares with the data statements that start like it, if any.

    The head found last is tried first: a data file repeats one head. Any text that starts
    with a :func:`data_head` (and no backtick right after it) is read the same way."""
    global _last_shared
    last = _last_shared
    if last is not None and text.startswith(last[0]):
        after = len(last[0])
        if text[after : after + 1] != "`":
            return last[1]
    key = data_head(text)
    shared = _shared_head(key) if key is not None else None
    if key is not None and shared is not None:
        _last_shared = (key, shared)
    return shared


@functools.lru_cache(maxsize=256)
def _shared_head(key: str) -> _SharedHead | None:
    """The analysis every statement starting with `key` (a :func:`data_head`) gets, read as
    :func:`_analyse_alone` reads one; None when the head :func:`head` cuts is not `key`'s
    (a SELECT or SET inside it), and the statement must be read alone. Bounded and pure:
    the same text always gives the same answer."""
    text, _ = head(key, _first_word(key))
    values_at = data_head_values(key)
    if text != key[:values_at] + "VALUES":
        return None
    tokens = head_tokens(text)
    verb = tokens[0].up if tokens and tokens[0].kind == "w" else ""
    if verb not in ("INSERT", "REPLACE"):  # only their shape holds no line
        return None
    words = tuple(tok.up for tok in tokens[:6] if tok.kind == "w")
    return _SharedHead(tokens, verb, words, _read_shape(list(tokens), verb), len(text))


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
