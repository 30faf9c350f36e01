"""What a statement does, read from its tokens: the shapes the rules look at. Pure.

:func:`analyse` turns one split statement into a :class:`Stmt`: its first words, its tokens
(only the head of big INSERTs, see :mod:`roble_sql.lint.sql`) and a *shape* for the
statements rules care about (:class:`CreateTable`, :class:`AlterTable`, :class:`Dml`, ...).
Reading is forgiving: what it does not recognise gets no shape, never an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from roble_sql.lint.sql import Tok, head, matching_paren, split_top, tokenize, top_level
from roble_sql.splitter import Statement

# --- shapes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """A possibly database-qualified object name, without quotes."""

    name: str
    schema: str | None = None

    @property
    def key(self) -> str:
        """For comparing names: MySQL table names may be case-insensitive, so compare lower."""
        return self.name.lower()

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(slots=True)
class ColumnDef:
    name: str
    type_name: str  # upper case: VARCHAR, INT, ENUM, ...
    type_args: tuple[str, ...] = ()  # lengths, or the values of an ENUM/SET
    unsigned: bool = False
    nullable: bool | None = None  # None: not stated
    has_default: bool = False
    auto_increment: bool = False
    generated: bool = False
    primary_key: bool = False
    unique: bool = False
    references: Name | None = None
    line: int = 0

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def accepts_null(self) -> bool:
        """Whether the column takes NULL: stated NULL, or nothing stated and not a key."""
        if self.nullable is not None:
            return self.nullable
        return not (self.primary_key or self.type_name == "SERIAL")

    @property
    def type_text(self) -> str:
        if self.type_name in ("ENUM", "SET"):
            args = ", ".join("'" + value.replace("'", "''") + "'" for value in self.type_args)
        else:
            args = ", ".join(self.type_args)
        text = f"{self.type_name}({args})" if self.type_args else self.type_name
        return text + (" UNSIGNED" if self.unsigned else "")


@dataclass(frozen=True, slots=True)
class IndexDef:
    kind: str  # primary | unique | index | fulltext | spatial
    name: str | None
    columns: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ForeignKey:
    name: str | None  # the CONSTRAINT name; None when the server generates it (t_ibfk_1)
    columns: tuple[str, ...]
    references: Name | None
    line: int


@dataclass(slots=True)
class CreateTable:
    name: Name
    temporary: bool = False
    or_replace: bool = False
    if_not_exists: bool = False
    like: Name | None = None
    select: bool = False
    columns: list[ColumnDef] = field(default_factory=list)
    indexes: list[IndexDef] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)  # ENGINE, CHARSET, COLLATE

    @property
    def has_primary_key(self) -> bool:
        return any(c.primary_key for c in self.columns) or any(
            i.kind == "primary" for i in self.indexes
        )


@dataclass(slots=True)
class Clause:
    """One comma-separated operation of an ALTER TABLE."""

    action: str  # add_column, add_index, add_pk, add_fk, add_check, drop_column, drop_index,
    # drop_pk, drop_fk, drop_constraint, drop_check, modify, change, rename_column,
    # rename_index, rename_table, alter_column, drop_partition, truncate_partition,
    # algorithm, lock, keys (DISABLE/ENABLE KEYS), option (anything else: ENGINE=, FORCE, ...)
    line: int
    name: str | None = None  # the column, index or constraint acted on (the old name)
    new_name: str | None = None
    columns: list[ColumnDef] = field(default_factory=list)  # added, modified or changed
    index: IndexDef | None = None
    foreign_key: ForeignKey | None = None
    if_exists: bool = False
    new_table: Name | None = None  # rename_table

    @property
    def column(self) -> ColumnDef | None:
        return self.columns[0] if self.columns else None


@dataclass(slots=True)
class AlterTable:
    name: Name
    clauses: list[Clause] = field(default_factory=list)
    algorithm: str | None = None
    lock: str | None = None


@dataclass(slots=True)
class CreateIndex:
    name: str
    table: Name
    kind: str = "index"  # index | unique | fulltext | spatial
    columns: tuple[str, ...] = ()
    or_replace: bool = False
    algorithm: str | None = None
    lock: str | None = None


@dataclass(slots=True)
class DropIndex:
    name: str
    table: Name
    if_exists: bool = False
    algorithm: str | None = None
    lock: str | None = None


@dataclass(slots=True)
class DropObjects:
    """DROP TABLE/VIEW/TRIGGER/PROCEDURE/FUNCTION/EVENT/DATABASE/SCHEMA ..."""

    object: str  # lower case: table, view, trigger, ...
    names: list[Name]
    if_exists: bool = False
    temporary: bool = False


@dataclass(slots=True)
class RenameTables:
    pairs: list[tuple[Name, Name]]


@dataclass(slots=True)
class CreateObject:
    """CREATE VIEW/TRIGGER/PROCEDURE/FUNCTION/EVENT/DATABASE/SCHEMA/..."""

    object: str  # lower case
    name: Name | None
    or_replace: bool = False
    if_not_exists: bool = False
    table: Name | None = None  # the table of a trigger


@dataclass(slots=True)
class AlterObject:
    object: str
    name: Name | None


@dataclass(slots=True)
class Truncate:
    table: Name


@dataclass(slots=True)
class Dml:
    verb: str  # INSERT | REPLACE | UPDATE | DELETE
    table: Name | None
    multi_table: bool = False  # joins, USING, several tables
    has_where: bool = False
    has_limit: bool = False
    has_order: bool = False
    set_columns: list[Name] = field(default_factory=list)  # UPDATE: table-qualified columns


@dataclass(frozen=True, slots=True)
class Assignment:
    scope: str  # session | global | persist | user
    name: str  # lower case, without @@ and scope
    value: str  # upper-cased words of the value expression
    line: int


@dataclass(slots=True)
class SetVariables:
    assignments: list[Assignment]
    special: str | None = None  # NAMES, CHARACTER SET, TRANSACTION, STATEMENT, PASSWORD, ROLE


@dataclass(slots=True)
class Use:
    database: str


Shape = (
    CreateTable
    | AlterTable
    | CreateIndex
    | DropIndex
    | DropObjects
    | RenameTables
    | CreateObject
    | AlterObject
    | Truncate
    | Dml
    | SetVariables
    | Use
    | None
)


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


# --- reading tokens --------------------------------------------------------------------------


class _Cursor:
    __slots__ = ("i", "t")

    def __init__(self, tokens: Sequence[Tok], start: int = 0) -> None:
        self.t = tokens
        self.i = start

    def peek(self, ahead: int = 0) -> Tok | None:
        index = self.i + ahead
        return self.t[index] if index < len(self.t) else None

    def word(self, ahead: int = 0) -> str:
        tok = self.peek(ahead)
        return tok.up if tok is not None and tok.kind == "w" else ""

    def at(self, *words: str) -> bool:
        return all(self.word(k) == word for k, word in enumerate(words))

    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.i += len(words)
            return True
        return False

    def accept_any(self, *words: str) -> str | None:
        word = self.word()
        if word in words:
            self.i += 1
            return word
        return None

    def symbol(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.kind == "p" and tok.text == text:
            self.i += 1
            return True
        return False

    def name(self) -> Name | None:
        tok = self.peek()
        if tok is None or not tok.is_name:
            return None
        self.i += 1
        after = self.peek()
        if after is not None and after.text == "." and after.kind == "p":
            inner = self.peek(1)
            if inner is not None and inner.is_name:
                self.i += 2
                return Name(inner.text, tok.text)
        return Name(tok.text)

    def option_value(self) -> str:
        """`[=] value` of a table option (ENGINE = InnoDB, CHARSET utf8mb4)."""
        self.symbol("=")
        tok = self.peek()
        if tok is None:
            return ""
        self.i += 1
        return tok.text

    def skip_definer(self) -> None:
        """`DEFINER = user`: a name, string or CURRENT_USER[()], then an optional @host."""
        self.symbol("=")
        self.i += 1
        if self.symbol("("):
            self.symbol(")")
        tok = self.peek()
        if tok is not None and tok.kind == "v":
            self.i += 2 if tok.text == "@" else 1

    def rest(self) -> list[Tok]:
        return list(self.t[self.i :])


def _shape(tokens: list[Tok], verb: str) -> Shape:
    cursor = _Cursor(tokens, 1)
    if verb == "CREATE":
        return _create(cursor)
    if verb == "ALTER":
        return _alter(cursor)
    if verb == "DROP":
        return _drop(cursor)
    if verb == "RENAME" and cursor.accept_any("TABLE", "TABLES"):
        return _rename(cursor)
    if verb == "TRUNCATE":
        cursor.accept("TABLE")
        name = cursor.name()
        return Truncate(name) if name else None
    if verb in ("INSERT", "REPLACE", "UPDATE", "DELETE"):
        return _dml(verb, tokens)
    if verb == "SET":
        return _set(tokens)
    if verb == "USE" and len(tokens) > 1 and tokens[1].is_name:
        return Use(tokens[1].text)
    return None


_OBJECT_WORDS = frozenset(
    [
        "TABLE",
        "INDEX",
        "VIEW",
        "TRIGGER",
        "PROCEDURE",
        "FUNCTION",
        "EVENT",
        "DATABASE",
        "SCHEMA",
        "SEQUENCE",
        "USER",
        "ROLE",
        "SERVER",
        "TABLESPACE",
        "PACKAGE",
        "SYNONYM",
    ]
)


def _create(cursor: _Cursor) -> Shape:
    or_replace = temporary = False
    index_kind = "index"
    while (word := cursor.word()) and word not in _OBJECT_WORDS:
        if cursor.accept("OR", "REPLACE"):
            or_replace = True
        elif cursor.accept("DEFINER"):
            cursor.skip_definer()
        elif cursor.accept("ALGORITHM"):
            cursor.option_value()
        elif cursor.accept("SQL", "SECURITY"):
            cursor.i += 1
        elif word in ("UNIQUE", "FULLTEXT", "SPATIAL"):
            index_kind = word.lower()
            cursor.i += 1
        elif word == "TEMPORARY":
            temporary = True
            cursor.i += 1
        elif word in ("ONLINE", "OFFLINE", "AGGREGATE"):
            cursor.i += 1
        else:
            return None
    word = cursor.accept_any(*_OBJECT_WORDS)
    if word is None:
        return None
    if_not_exists = cursor.accept("IF", "NOT", "EXISTS")
    if word == "TABLE":
        name = cursor.name()
        if name is None:
            return None
        table = CreateTable(name, temporary, or_replace, if_not_exists)
        _create_table_body(cursor, table)
        return table
    if word == "INDEX":
        return _create_index(cursor, index_kind, or_replace)
    name = cursor.name()
    created = CreateObject(word.lower(), name, or_replace, if_not_exists)
    if word == "TRIGGER":
        while cursor.peek() is not None and not cursor.accept("ON"):
            cursor.i += 1
        created.table = cursor.name()
    return created


def _create_table_body(cursor: _Cursor, table: CreateTable) -> None:
    if cursor.accept("LIKE"):
        table.like = cursor.name()
        return
    tok = cursor.peek()
    if tok is not None and tok.kind == "p" and tok.text == "(":
        if cursor.word(1) == "LIKE":
            cursor.i += 2
            table.like = cursor.name()
            return
        if cursor.word(1) in ("SELECT", "WITH"):
            table.select = True
            return
        end = matching_paren(cursor.t, cursor.i)
        for part in split_top(cursor.t[cursor.i + 1 : end]):
            _table_element(part, table)
        cursor.i = end + 1
    _table_options(cursor, table)


def _table_element(part: list[Tok], table: CreateTable) -> None:
    constraint, rest = _constraint_name(part)
    first = rest[0].up if rest and rest[0].kind == "w" else ""
    if first in ("PRIMARY", "UNIQUE", "INDEX", "KEY", "FULLTEXT", "SPATIAL"):
        table.indexes.append(_index_def(rest, constraint))
    elif first == "FOREIGN":
        table.foreign_keys.append(_foreign_key(rest, constraint))
    elif first in ("CHECK", "PERIOD") or constraint is not None:
        return
    elif part and part[0].is_name:
        table.columns.append(_column_def(part))


def _constraint_name(part: list[Tok]) -> tuple[str | None, list[Tok]]:
    """`CONSTRAINT [symbol]` in front of a key definition: the symbol and what follows."""
    if not part or not part[0].is_("CONSTRAINT"):
        return None, part
    if (
        len(part) > 1
        and part[1].is_name
        and not part[1].is_("PRIMARY", "UNIQUE", "FOREIGN", "CHECK")
    ):
        return part[1].text, part[2:]
    return None, part[1:]


def _index_columns(tokens: Sequence[Tok]) -> tuple[tuple[str, ...], int]:
    """The column names of the first `( ... )` in `tokens`, and the index after it."""
    for index, tok in enumerate(tokens):
        if tok.kind == "p" and tok.text == "(":
            end = matching_paren(tokens, index)
            names = tuple(
                part[0].text for part in split_top(tokens[index + 1 : end]) if part[0].is_name
            )
            return names, end + 1
    return (), len(tokens)


def _index_def(rest: list[Tok], constraint: str | None) -> IndexDef:
    cursor = _Cursor(rest)
    kind = "index"
    if cursor.accept("PRIMARY", "KEY"):
        kind = "primary"
    else:
        first = cursor.accept_any("UNIQUE", "FULLTEXT", "SPATIAL", "INDEX", "KEY")
        if first in ("UNIQUE", "FULLTEXT", "SPATIAL"):
            kind = first.lower()
        cursor.accept_any("INDEX", "KEY")
    cursor.accept("IF", "NOT", "EXISTS")
    name = constraint
    tok = cursor.peek()
    if tok is not None and tok.is_name and not tok.is_("USING"):
        name = tok.text if name is None else name
    columns, _ = _index_columns(rest)
    line = rest[0].line if rest else 0
    return IndexDef(kind, None if kind == "primary" else name, columns, line)


def _foreign_key(rest: list[Tok], constraint: str | None) -> ForeignKey:
    # FOREIGN KEY index_name (...) names the index only: MySQL 8.0.16+ generates the
    # constraint's name, so only CONSTRAINT symbol names the foreign key.
    columns, after = _index_columns(rest)
    references = None
    tail = _Cursor(rest, after)
    if tail.accept("REFERENCES"):
        references = tail.name()
    return ForeignKey(constraint, columns, references, rest[0].line if rest else 0)


_TYPE_ALIASES = {
    "INTEGER": "INT",
    "INT4": "INT",
    "MIDDLEINT": "MEDIUMINT",
    "INT3": "MEDIUMINT",
    "INT1": "TINYINT",
    "INT2": "SMALLINT",
    "INT8": "BIGINT",
    "BOOL": "TINYINT",
    "BOOLEAN": "TINYINT",
    "DEC": "DECIMAL",
    "NUMERIC": "DECIMAL",
    "FIXED": "DECIMAL",
    "REAL": "DOUBLE",
    "FLOAT8": "DOUBLE",
    "FLOAT4": "FLOAT",
    "CHARACTER": "CHAR",
    "NCHAR": "CHAR",
    "NVARCHAR": "VARCHAR",
}
_INTEGER_TYPES = ("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT")


def _column_def(part: list[Tok]) -> ColumnDef:
    column = ColumnDef(part[0].text, "", line=part[0].line)
    index = 1
    if index < len(part) and part[index].kind == "w":
        type_name = part[index].up
        index += 1
        if type_name == "DOUBLE" and index < len(part) and part[index].is_("PRECISION"):
            index += 1
        if type_name in ("CHARACTER", "CHAR") and index < len(part) and part[index].is_("VARYING"):
            type_name = "VARCHAR"
            index += 1
        column.type_name = _TYPE_ALIASES.get(type_name, type_name)
        if type_name in ("BOOL", "BOOLEAN"):
            column.type_args = ("1",)
        if index < len(part) and part[index].kind == "p" and part[index].text == "(":
            end = matching_paren(part, index)
            column.type_args = tuple(
                tok.text for tok in part[index + 1 : end] if tok.kind in "sn" or tok.is_name
            )
            index = end + 1
        column.type_args = _normal_args(column.type_name, column.type_args)
    _column_attributes(part[index:], column)
    return column


def _normal_args(type_name: str, args: tuple[str, ...]) -> tuple[str, ...]:
    """Type arguments that mean the same compare the same: INT(11) is INT, DECIMAL is (10,0)."""
    if type_name in _INTEGER_TYPES:
        return ("1",) if type_name == "TINYINT" and args == ("1",) else ()  # display widths
    if type_name == "DECIMAL":
        return (args + ("10", "0")[len(args) :]) if len(args) < 2 else args
    if type_name in ("CHAR", "BINARY") and not args:
        return ("1",)
    return args


def _column_attributes(attrs: list[Tok], column: ColumnDef) -> None:
    previous = ""
    for position, tok in top_level(attrs):
        word = tok.up if tok.kind == "w" else ""
        if not word:
            previous = ""
            continue
        following = attrs[position + 1].up if position + 1 < len(attrs) else ""
        if word in ("UNSIGNED", "ZEROFILL"):
            column.unsigned = True
        elif word == "NOT" and following == "NULL":
            column.nullable = False
        elif word == "NULL" and previous not in ("NOT", "DEFAULT"):
            column.nullable = True
        elif word == "DEFAULT":
            column.has_default = True
        elif word == "AUTO_INCREMENT" or (word == "SERIAL" and following == "DEFAULT"):
            column.auto_increment = True
        elif word == "AS" or (word == "GENERATED" and following == "ALWAYS"):
            column.generated = True
        elif word == "PRIMARY" or (word == "KEY" and previous != "UNIQUE"):
            column.primary_key = True
        elif word == "UNIQUE":
            column.unique = True
        elif word == "REFERENCES" and column.references is None:
            column.references = _Cursor(attrs, position + 1).name()
        previous = word
    if column.type_name == "SERIAL":
        column.auto_increment = column.unique = True
        column.nullable = False


def _table_options(cursor: _Cursor, table: CreateTable) -> None:
    while (tok := cursor.peek()) is not None:
        word = tok.up if tok.kind == "w" else ""
        if word in ("SELECT", "AS", "IGNORE", "REPLACE", "WITH") or (
            tok.kind == "p" and tok.text == "(" and cursor.word(1) in ("SELECT", "WITH")
        ):
            table.select = True
            return
        if word == "PARTITION":
            return
        cursor.i += 1
        if word == "ENGINE" or word == "TYPE":
            table.options["ENGINE"] = cursor.option_value()
        elif word == "CHARSET" or (word == "CHARACTER" and cursor.accept("SET")):
            table.options["CHARSET"] = cursor.option_value()
        elif word == "COLLATE":
            table.options["COLLATE"] = cursor.option_value()


def _create_index(cursor: _Cursor, kind: str, or_replace: bool) -> CreateIndex | None:
    cursor.accept("IF", "NOT", "EXISTS")
    tok = cursor.peek()
    if tok is None or not tok.is_name:
        return None
    name = tok.text
    cursor.i += 1
    while cursor.peek() is not None and not cursor.accept("ON"):
        cursor.i += 1
    table = cursor.name()
    if table is None:
        return None
    rest = cursor.rest()
    columns, _ = _index_columns(rest)
    algorithm, lock = _algorithm_and_lock(rest)
    return CreateIndex(name, table, kind, columns, or_replace, algorithm, lock)


_ALGORITHMS = frozenset({"DEFAULT", "INSTANT", "INPLACE", "COPY", "NOCOPY"})
_LOCKS = frozenset({"DEFAULT", "NONE", "SHARED", "EXCLUSIVE"})


def _algorithm_and_lock(tokens: Sequence[Tok]) -> tuple[str | None, str | None]:
    """`ALGORITHM [=] x` and `LOCK [=] x` anywhere outside parentheses."""
    algorithm = lock = None
    for position, tok in top_level(tokens):
        if not tok.is_("ALGORITHM", "LOCK"):
            continue
        after = position + 1
        if after < len(tokens) and tokens[after].text == "=":
            after += 1
        if after >= len(tokens):
            continue
        value = tokens[after].up or tokens[after].text.upper()
        if tok.up == "ALGORITHM" and value in _ALGORITHMS:
            algorithm = value
        elif tok.up == "LOCK" and value in _LOCKS:
            lock = value
    return algorithm, lock


def _alter(cursor: _Cursor) -> Shape:
    while cursor.accept_any("ONLINE", "OFFLINE", "IGNORE"):
        pass
    if cursor.accept("TABLE"):
        cursor.accept("IF", "EXISTS")
        name = cursor.name()
        if name is None:
            return None
        if cursor.accept("WAIT"):
            cursor.i += 1
        cursor.accept("NOWAIT")
        rest = cursor.rest()
        algorithm, lock = _algorithm_and_lock(rest)
        clauses = [_clause(part) for part in split_top(rest)]
        return AlterTable(name, clauses, algorithm, lock)
    while cursor.word() in ("DEFINER", "ALGORITHM", "SQL"):
        if cursor.accept("DEFINER"):
            cursor.skip_definer()
        elif cursor.accept("ALGORITHM"):
            cursor.option_value()
        else:
            cursor.i += 2
    word = cursor.accept_any(*_OBJECT_WORDS)
    if word is None:
        return None
    return AlterObject(word.lower(), cursor.name())


def _clause(part: list[Tok]) -> Clause:
    cursor = _Cursor(part)
    line = part[0].line
    verb = cursor.word()
    cursor.i += 1
    if verb == "ADD":
        return _add_clause(cursor, line)
    if verb == "DROP":
        return _drop_clause(cursor, line)
    if verb in ("MODIFY", "CHANGE"):
        cursor.accept("COLUMN")
        if_exists = cursor.accept("IF", "EXISTS")
        if verb == "CHANGE":
            old = cursor.peek()
            cursor.i += 1
            column = _column_def(cursor.rest())
            old_name = old.text if old else None
            return Clause("change", line, old_name, column.name, [column], if_exists=if_exists)
        column = _column_def(cursor.rest())
        return Clause("modify", line, column.name, columns=[column], if_exists=if_exists)
    if verb == "RENAME":
        kind = cursor.accept_any("COLUMN", "INDEX", "KEY")
        if kind is not None:
            old = cursor.peek()
            cursor.i += 1
            cursor.accept("TO")
            new = cursor.peek()
            action = "rename_column" if kind == "COLUMN" else "rename_index"
            return Clause(action, line, old.text if old else None, new.text if new else None)
        cursor.accept_any("TO", "AS")
        return Clause("rename_table", line, new_table=cursor.name())
    if verb == "ALTER":
        if cursor.accept_any("INDEX", "KEY", "CHECK", "CONSTRAINT"):
            return Clause("option", line)
        cursor.accept("COLUMN")
        tok = cursor.peek()
        return Clause("alter_column", line, tok.text if tok else None)
    if verb == "TRUNCATE" and cursor.accept("PARTITION"):
        return Clause("truncate_partition", line)
    if verb in ("ALGORITHM", "LOCK"):
        return Clause(verb.lower(), line)
    if verb in ("DISABLE", "ENABLE") and cursor.accept("KEYS"):
        return Clause("keys", line)  # MyISAM only; InnoDB ignores it
    return Clause("option", line)


def _add_clause(cursor: _Cursor, line: int) -> Clause:
    word = cursor.word()
    rest = cursor.rest()
    if word == "PARTITION":
        return Clause("add_partition", line)
    if word in ("PERIOD", "SYSTEM"):
        return Clause("option", line)
    constraint, keyed = _constraint_name(rest)
    first = keyed[0].up if keyed and keyed[0].kind == "w" else ""
    if first == "PRIMARY":
        return Clause("add_pk", line, index=_index_def(keyed, constraint))
    if first in ("UNIQUE", "INDEX", "KEY", "FULLTEXT", "SPATIAL"):
        index = _index_def(keyed, constraint)
        return Clause("add_index", line, index.name, index=index)
    if first == "FOREIGN":
        foreign_key = _foreign_key(keyed, constraint)
        return Clause("add_fk", line, foreign_key.name, foreign_key=foreign_key)
    if first == "CHECK" or constraint is not None or (rest and rest[0].is_("CONSTRAINT")):
        return Clause("add_check", line, constraint)
    cursor.accept("COLUMN")
    cursor.accept("IF", "NOT", "EXISTS")
    tok = cursor.peek()
    if tok is not None and tok.kind == "p" and tok.text == "(":  # ADD (a INT, b INT)
        end = matching_paren(cursor.t, cursor.i)
        columns = [_column_def(p) for p in split_top(cursor.t[cursor.i + 1 : end])]
    else:
        columns = [_column_def(cursor.rest())]
    return Clause("add_column", line, columns[0].name if columns else None, columns=columns)


def _drop_clause(cursor: _Cursor, line: int) -> Clause:
    if cursor.accept("PRIMARY", "KEY"):
        return Clause("drop_pk", line)
    kinds = {
        "INDEX": "drop_index",
        "KEY": "drop_index",
        "CONSTRAINT": "drop_constraint",
        "CHECK": "drop_check",
        "PARTITION": "drop_partition",
    }
    if cursor.accept("FOREIGN", "KEY"):
        action = "drop_fk"
    elif (word := cursor.accept_any(*kinds)) is not None:
        action = kinds[word]
    elif cursor.word() in ("SYSTEM", "PERIOD", "DEFAULT"):
        return Clause("option", line)
    else:
        cursor.accept("COLUMN")
        action = "drop_column"
    if_exists = cursor.accept("IF", "EXISTS")
    tok = cursor.peek()
    return Clause(action, line, tok.text if tok is not None else None, if_exists=if_exists)


def _drop(cursor: _Cursor) -> Shape:
    temporary = bool(cursor.accept("TEMPORARY"))
    word = cursor.accept_any(*_OBJECT_WORDS, "TABLES")
    if word is None:
        return None
    if word == "INDEX":
        cursor.accept_any("ONLINE", "OFFLINE")
        if_exists = cursor.accept("IF", "EXISTS")
        tok = cursor.peek()
        cursor.i += 1
        if tok is None or not cursor.accept("ON"):
            return None
        table = cursor.name()
        if table is None:
            return None
        algorithm, lock = _algorithm_and_lock(cursor.rest())
        return DropIndex(tok.text, table, if_exists, algorithm, lock)
    if_exists = cursor.accept("IF", "EXISTS")
    names = []
    while (name := cursor.name()) is not None:
        names.append(name)
        if not cursor.symbol(","):
            break
    kind = "table" if word == "TABLES" else word.lower()
    return DropObjects(kind, names, if_exists, temporary)


def _rename(cursor: _Cursor) -> Shape:
    pairs = []
    while (old := cursor.name()) is not None:
        if not cursor.accept("TO"):
            break
        new = cursor.name()
        if new is None:
            break
        pairs.append((old, new))
        if not cursor.symbol(","):
            break
    return RenameTables(pairs) if pairs else None


_DML_MODIFIERS = ("LOW_PRIORITY", "HIGH_PRIORITY", "DELAYED", "QUICK", "IGNORE")


def _dml(verb: str, tokens: list[Tok]) -> Dml:
    cursor = _Cursor(tokens, 1)
    while cursor.accept_any(*_DML_MODIFIERS):
        pass
    dml = Dml(verb, None)
    if verb in ("INSERT", "REPLACE"):  # first: a data migration has thousands of them
        cursor.accept("INTO")
        dml.table = cursor.name()
        return dml
    words = {tok.up: index for index, tok in top_level(tokens) if tok.kind == "w"}
    dml.has_where = "WHERE" in words
    dml.has_limit = "LIMIT" in words
    dml.has_order = "ORDER" in words
    dml.multi_table = "JOIN" in words or "USING" in words or "STRAIGHT_JOIN" in words
    if verb == "DELETE":
        if not cursor.accept("FROM"):
            dml.multi_table = True  # DELETE t1, t2 FROM ...
        dml.table = cursor.name()
        if cursor.symbol(","):
            dml.multi_table = True
        return dml
    dml.table = cursor.name()
    top = list(top_level(tokens))
    before_set = [tok for index, tok in top if index < words.get("SET", len(tokens))]
    if any(tok.text == "," and tok.kind == "p" for tok in before_set):
        dml.multi_table = True
    if "SET" in words:
        dml.set_columns = _assigned_columns(tokens[words["SET"] + 1 :])
    return dml


def _assigned_columns(tokens: list[Tok]) -> list[Name]:
    ends = {"WHERE", "ORDER", "LIMIT"}
    columns = []
    for part in split_top(tokens):
        if part[0].is_(*ends):
            break
        cursor = _Cursor(part)
        name = cursor.name()
        if name is not None:
            columns.append(name)
        if any(tok.is_(*ends) for tok in part):
            break
    return columns


_SCOPES = {
    "GLOBAL": "global",
    "PERSIST": "persist",
    "PERSIST_ONLY": "persist",
    "SESSION": "session",
    "LOCAL": "session",
}
_SPECIAL_SET = {"NAMES", "CHARACTER", "CHARSET", "TRANSACTION", "STATEMENT", "PASSWORD", "ROLE"}


def _set(tokens: list[Tok]) -> SetVariables:
    body = tokens[1:]
    special = body and body[0].kind == "w" and body[0].up in _SPECIAL_SET | {"DEFAULT"}
    if special and not (len(body) > 1 and body[1].text in ("=", ":=")):
        return SetVariables([], body[0].up)
    assignments = []
    for part in split_top(body):
        scope = "session"
        cursor = _Cursor(part)
        if (word := cursor.accept_any(*_SCOPES)) is not None:
            scope = _SCOPES[word]
        tok = cursor.peek()
        if tok is None:
            continue
        cursor.i += 1
        if tok.kind == "v":
            scope, name = _variable(tok.text, scope)
        elif tok.is_name:
            name = tok.text.lower()
        else:
            continue
        if not (cursor.symbol("=") or cursor.symbol(":=")):
            continue
        value = " ".join(t.up or t.text.upper() for t in cursor.rest())
        assignments.append(Assignment(scope, name, value, tok.line))
    return SetVariables(assignments)


def _variable(text: str, scope: str) -> tuple[str, str]:
    """`@@global.x` -> (global, x); `@@x` -> (session, x); `@x` -> (user, x)."""
    if not text.startswith("@@"):
        return "user", text[1:].lower()
    name = text[2:].lower()
    prefix, _, rest = name.partition(".")
    if rest and prefix in ("global", "session", "local", "persist", "persist_only"):
        return _SCOPES[prefix.upper()], rest
    return scope, name
