"""Reading CREATE, ALTER, DROP and RENAME statements into shapes."""

from __future__ import annotations

from collections.abc import Sequence

from roble_sql.lint.analysis.cursor import Cursor
from roble_sql.lint.analysis.shapes import (
    AlterObject,
    AlterTable,
    Clause,
    ColumnDef,
    CreateIndex,
    CreateObject,
    CreateTable,
    DropIndex,
    DropObjects,
    ForeignKey,
    IndexDef,
    RenameTables,
    Shape,
)
from roble_sql.lint.sql import Tok, matching_paren, split_top, top_level

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


def read_create(cursor: Cursor) -> Shape:
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
    kind = cursor.accept_any(*_OBJECT_WORDS)
    if kind is None:
        return None
    if_not_exists = cursor.accept("IF", "NOT", "EXISTS")
    if kind == "TABLE":
        name = cursor.name()
        if name is None:
            return None
        table = CreateTable(name, temporary, or_replace, if_not_exists)
        _create_table_body(cursor, table)
        return table
    if kind == "INDEX":
        return _create_index(cursor, index_kind, or_replace)
    name = cursor.name()
    created = CreateObject(kind.lower(), name, or_replace, if_not_exists)
    if kind == "TRIGGER":
        while cursor.peek() is not None and not cursor.accept("ON"):
            cursor.i += 1
        created.table = cursor.name()
    return created


def _create_table_body(cursor: Cursor, table: CreateTable) -> None:
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
    cursor = Cursor(rest)
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
    tail = Cursor(rest, after)
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
            column.references = Cursor(attrs, position + 1).name()
        previous = word
    if column.type_name == "SERIAL":
        column.auto_increment = column.unique = True
        column.nullable = False


def _table_options(cursor: Cursor, table: CreateTable) -> None:
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


def _create_index(cursor: Cursor, kind: str, or_replace: bool) -> CreateIndex | None:
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


def read_alter(cursor: Cursor) -> Shape:
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
    cursor = Cursor(part)
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


def _add_clause(cursor: Cursor, line: int) -> Clause:
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


def _drop_clause(cursor: Cursor, line: int) -> Clause:
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


def read_drop(cursor: Cursor) -> Shape:
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


def read_rename(cursor: Cursor) -> Shape:
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
