"""One split statement analysed: its words, tokens and shape (see :func:`analyse`)."""

from __future__ import annotations

from dataclasses import dataclass

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
from roble_sql.lint.sql import Tok, head, tokenize
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


@dataclass(slots=True)
class Stmt:
    """One statement of a file, analysed."""

    index: int  # 0-based position among the file's statements
    line: int
    end_line: int
    offset: int  # where the text starts in the file
    text: str
    delimiter: str
    tokens: list[Tok]
    truncated: bool  # only the head was tokenized: text[:head_end]
    verb: str  # first word, upper case; "" when the statement does not start with a word
    words: tuple[str, ...]  # the first few words, upper case
    shape: Shape = None
    head_end: int = 0  # how much of text was analysed
    session: Session = DEFAULT_SESSION  # the settings in force before it (set by the engine)

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
        return len(self.tokens) > 1 and self.tokens[1].text == ":"


def analyse(statement: Statement, index: int) -> Stmt:
    """Tokenize the head of `statement` and read its shape."""
    first = _first_word(statement.text)
    text, truncated = head(statement.text, first)
    head_end = min(len(text), len(statement.text))
    tokens = tokenize(text, statement.line)
    words = tuple(tok.up for tok in tokens[:6] if tok.kind == "w")
    verb = tokens[0].up if tokens and tokens[0].kind == "w" else ""
    stmt = Stmt(
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
    )
    stmt.head_end = head_end
    try:
        stmt.shape = _shape(tokens, verb)
    except (IndexError, ValueError):  # a statement too odd to read: no shape, no finding
        stmt.shape = None
    return stmt


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
