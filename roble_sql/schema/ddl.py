"""The model's parts as SQL: column definitions, keys, constraints, CREATE statements.

Pure text. What these functions write is what ``SHOW CREATE TABLE`` prints (the server
normalises the rest), so loading it recreates the same definition. Autogeneration builds
its ALTER statements from the same fragments (``column_sql``, ``index_sql``, ...).
"""

from __future__ import annotations

import re

from roble_sql.schema.model import (
    MYSQL,
    Check,
    Column,
    ForeignKey,
    Index,
    IndexPart,
    Routine,
    Table,
    TableOptions,
    Trigger,
    View,
)

# Engines whose keys are HASH unless USING says otherwise; for the rest BTREE is implied.
_HASH_ENGINES = {"MEMORY", "HEAP"}

_DEFINER_NAME = r"(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[\w$.%-]+)"
# Where the DEFINER clause sits: right after CREATE [OR REPLACE] [ALGORITHM=...].
_DEFINER_AT = re.compile(
    rf"^(CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?)(DEFINER\s*=\s*"
    rf"{_DEFINER_NAME}(?:\s*@\s*{_DEFINER_NAME})?)\s+",
    re.IGNORECASE,
)


def quote(name: str) -> str:
    """An identifier in backticks."""
    return "`" + name.replace("`", "``") + "`"


def literal(text: str) -> str:
    """A string literal as SHOW CREATE writes it (backslash and quote escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def split_definer(statement: str) -> tuple[str, str | None]:
    """``CREATE DEFINER=`u`@`h` TRIGGER ...`` -> (``CREATE TRIGGER ...``, ```u`@`h```)."""
    match = _DEFINER_AT.match(statement)
    if match is None:
        return statement, None
    definer = match.group(2).split("=", 1)[1].strip()
    return match.group(1) + statement[match.end() :], definer


def with_definer(statement: str, definer: str | None) -> str:
    """Put a DEFINER clause back where the server prints it."""
    if not definer:
        return statement
    head = re.match(r"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?", statement, re.I)
    if head is None:
        return statement
    return f"{head.group(0)}DEFINER={definer} {statement[head.end() :]}"


# -- tables -------------------------------------------------------------------------------------


def column_sql(
    column: Column, options: TableOptions | None = None, checks: tuple[Check, ...] = ()
) -> str:
    """The column's definition: `name` type [CHARACTER SET ...] [NOT NULL] [DEFAULT ...] ...

    ``options`` are the table's: a charset/collation equal to the table's is implied and
    left out. ``checks`` are column-level checks written inline (MariaDB).
    """
    words = [quote(column.name), column.type]
    words += _charset_words(column, options)
    if column.generated is not None:
        words.append(f"GENERATED ALWAYS AS ({column.generated}) {column.storage or 'VIRTUAL'}")
        if not column.nullable:
            words.append("NOT NULL")
    else:
        if not column.nullable:
            words.append("NOT NULL")
        elif column.data_type == "timestamp":
            words.append("NULL")  # a TIMESTAMP may otherwise default to NOT NULL
        if column.default is not None:
            words.append(f"DEFAULT {column.default}")
        if column.on_update:
            words.append(f"ON UPDATE {column.on_update}")
        if column.auto_increment:
            words.append("AUTO_INCREMENT")
    if column.invisible:
        words.append("INVISIBLE")
    if column.comment:
        words.append(f"COMMENT {literal(column.comment)}")
    words += [f"CHECK ({check.clause})" for check in checks]
    return " ".join(words)


def _charset_words(column: Column, options: TableOptions | None) -> list[str]:
    if column.collation is None and column.charset is None:
        return []
    if options is not None and column.collation == options.collation:
        return []
    words = []
    if column.charset:
        words.append(f"CHARACTER SET {column.charset}")
    if column.collation:
        words.append(f"COLLATE {column.collation}")
    return words


def index_sql(index: Index, engine: str | None = None, flavor: str = "mariadb") -> str:
    """``PRIMARY KEY (`id`)``, ``UNIQUE KEY `name` (`name`)``, ``KEY `i` (`a`(10),`b` DESC)``."""
    parts = ",".join(_part_sql(part) for part in index.parts)
    if index.kind == "primary":
        head = "PRIMARY KEY"
    else:
        prefix = {"unique": "UNIQUE KEY", "fulltext": "FULLTEXT KEY", "spatial": "SPATIAL KEY"}
        head = f"{prefix.get(index.kind, 'KEY')} {quote(index.name)}"
    text = f"{head} ({parts})"
    method = _using(index, engine)
    if method:
        text += f" USING {method}"
    if index.comment:
        text += f" COMMENT {literal(index.comment)}"
    if index.ignored:
        text += " INVISIBLE" if flavor == MYSQL else " IGNORED"
    return text


def _part_sql(part: IndexPart) -> str:
    text = f"({part.expression})" if part.column is None else quote(part.column)
    if part.length is not None:
        text += f"({part.length})"
    if part.descending:
        text += " DESC"
    return text


def _using(index: Index, engine: str | None) -> str | None:
    if index.kind in ("fulltext", "spatial"):
        return None
    hash_default = (engine or "").upper() in _HASH_ENGINES
    method = (index.method or "BTREE").upper()
    if method == "HASH" and not hash_default:
        return "HASH"
    if method == "BTREE" and hash_default:
        return "BTREE"
    return None


def foreign_key_sql(fk: ForeignKey) -> str:
    """``CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `t` (`id`) [ON DELETE ...]``."""
    table = quote(fk.ref_table)
    if fk.ref_schema:
        table = f"{quote(fk.ref_schema)}.{table}"
    text = (
        f"CONSTRAINT {quote(fk.name)} FOREIGN KEY ({', '.join(map(quote, fk.columns))})"
        f" REFERENCES {table} ({', '.join(map(quote, fk.ref_columns))})"
    )
    if fk.on_delete and fk.on_delete != "RESTRICT":
        text += f" ON DELETE {fk.on_delete}"
    if fk.on_update and fk.on_update != "RESTRICT":
        text += f" ON UPDATE {fk.on_update}"
    return text


def check_sql(check: Check) -> str:
    return f"CONSTRAINT {quote(check.name)} CHECK ({check.clause})"


def table_options_sql(options: TableOptions) -> str:
    """``ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=... ROW_FORMAT=DYNAMIC COMMENT='...'``."""
    words = []
    if options.engine:
        words.append(f"ENGINE={options.engine}")
    if options.charset:
        words.append(f"DEFAULT CHARSET={options.charset}")
    if options.collation:
        words.append(f"COLLATE={options.collation}")
    for option in options.extra:
        key, _, value = option.partition("=")
        key = key if key.startswith("`") else key.upper()
        words.append(f"{key}={value}" if value else key)
    if options.comment:
        words.append(f"COMMENT={literal(options.comment)}")
    return " ".join(words)


def create_table_sql(table: Table, flavor: str = "mariadb") -> str:
    """The CREATE TABLE statement (no trailing ``;``), without AUTO_INCREMENT counters."""
    inline: dict[str, list[Check]] = {c.column: [] for c in table.checks if c.column}
    for check in table.checks:
        if check.column:
            inline[check.column].append(check)
    lines = [
        column_sql(column, table.options, tuple(inline.get(column.name, ())))
        for column in table.columns
    ]
    lines += [index_sql(index, table.options.engine, flavor) for index in table.indexes]
    lines += [foreign_key_sql(fk) for fk in table.foreign_keys]
    lines += [check_sql(check) for check in table.checks if not check.column]
    body = ",\n".join(f"  {line}" for line in lines)
    return f"CREATE TABLE {quote(table.name)} (\n{body}\n) {table_options_sql(table.options)}"


# -- views, triggers, routines -----------------------------------------------------------------


def create_view_sql(view: View, *, definers: bool = False) -> str:
    return with_definer(view.definition, view.definer if definers else None)


def create_trigger_sql(trigger: Trigger, *, definers: bool = False) -> str:
    return with_definer(trigger.definition, trigger.definer if definers else None)


def create_routine_sql(routine: Routine, *, definers: bool = False) -> str:
    return with_definer(routine.definition, routine.definer if definers else None)


# -- short forms for people (diff lines, ERD) ----------------------------------------------------


def type_label(column_type: str) -> str:
    """``varchar(7)`` -> ``VARCHAR(7)``, ``enum('a','b')`` -> ``ENUM('a','b')``: keywords only."""
    head, paren, rest = column_type.partition("(")
    if not paren:
        return column_type.upper()
    depth, end = 1, 0
    quoted = False
    for index, char in enumerate(rest):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth == 0:
                end = index
                break
    return f"{head.upper()}({rest[:end]}){rest[end + 1 :].upper()}"


def column_summary(column: Column, options: TableOptions | None = None) -> str:
    """``VARCHAR(7) NULL``, ``INT(11) NOT NULL AUTO_INCREMENT``: a column in one short line."""
    words = [type_label(column.type)]
    words += _charset_words(column, options)
    if column.generated is not None:
        words.append(f"AS ({column.generated}) {column.storage or 'VIRTUAL'}")
    words.append("NULL" if column.nullable else "NOT NULL")
    if column.default is not None and not (column.nullable and column.default == "NULL"):
        words.append(f"DEFAULT {column.default}")
    if column.on_update:
        words.append(f"ON UPDATE {column.on_update}")
    if column.auto_increment:
        words.append("AUTO_INCREMENT")
    if column.invisible:
        words.append("INVISIBLE")
    if column.comment:
        words.append(f"COMMENT {literal(column.comment)}")
    return " ".join(words)


def index_summary(index: Index) -> str:
    """``(name, active)``, ``UNIQUE (code)``, ``PRIMARY KEY (id)``, ``FULLTEXT (body)``."""
    columns = f"({', '.join(part_label(p) for p in index.parts)})"
    prefix = {"primary": "PRIMARY KEY ", "unique": "UNIQUE ", "fulltext": "FULLTEXT "}
    text = prefix.get(index.kind, "SPATIAL " if index.kind == "spatial" else "") + columns
    if index.ignored:
        text += " IGNORED"
    return text


def part_label(part: IndexPart) -> str:
    text = part.column if part.column is not None else f"({part.expression})"
    if part.length is not None:
        text += f"({part.length})"
    if part.descending:
        text += " DESC"
    return text


def foreign_key_summary(fk: ForeignKey) -> str:
    """``(id_color) -> colors (id_color) ON DELETE CASCADE``."""
    table = f"{fk.ref_schema}.{fk.ref_table}" if fk.ref_schema else fk.ref_table
    text = f"({', '.join(fk.columns)}) -> {table} ({', '.join(fk.ref_columns)})"
    if fk.on_delete != "RESTRICT":
        text += f" ON DELETE {fk.on_delete}"
    if fk.on_update != "RESTRICT":
        text += f" ON UPDATE {fk.on_update}"
    return text
