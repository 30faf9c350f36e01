"""Reading a schema: the information_schema queries, and the model built from their rows.

Nothing here holds a connection. :func:`read_schema` runs the queries through a
``query(sql, args)`` callable (``runner.Database.query``); :func:`build_schema` turns
the rows into a :class:`Schema` and is pure, so it is tested without a server.

The set-based queries (tables, columns, keys, constraints) cover the whole database in
one round trip each. Views, triggers and routines are read with ``SHOW CREATE``, one per
object, because only it gives their source text as the server stores it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from roble_sql.errors import AccessDenied
from roble_sql.schema.ddl import quote, split_definer
from roble_sql.schema.model import (
    MARIADB,
    MYSQL,
    Check,
    Column,
    ForeignKey,
    Index,
    IndexPart,
    Routine,
    Schema,
    Table,
    TableOptions,
    Trigger,
    View,
)

Query = Callable[[str, Any], list[tuple[Any, ...]]]
Rows = Sequence[Sequence[Any]]

# roble's and yoyo's bookkeeping: never part of the application's schema.
BOOKKEEPING = re.compile(r"^(?:_yoyo_|yoyo_lock$|roble_)")

SCHEMA_DEFAULTS = (
    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
    " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s"
)
TABLES = (
    "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT"
    " FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s"
)
COLUMNS = (
    "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,"
    " COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT,"
    " GENERATION_EXPRESSION"
    " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s"
    " ORDER BY TABLE_NAME, ORDINAL_POSITION"
)
# No ORDER BY: the server lists each table's keys in its own key order (which SHOW
# CREATE TABLE follows), and that order is kept as Index.position.
INDEXES = (
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART,"
    " COLLATION, INDEX_TYPE, INDEX_COMMENT, {ignored}, {expression}"
    " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s"
)
FOREIGN_KEYS = (
    "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION,"
    " k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,"
    " r.DELETE_RULE, r.UPDATE_RULE"
    " FROM information_schema.KEY_COLUMN_USAGE k"
    " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
    " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME"
    " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
    " WHERE k.TABLE_SCHEMA = %s AND k.REFERENCED_TABLE_NAME IS NOT NULL"
    " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
)
# No ORDER BY: rows come in definition order, which SHOW CREATE TABLE follows.
MARIADB_CHECKS = (
    "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, {level}"
    " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %s"
)
MYSQL_CHECKS = (
    "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, 'Table'"
    " FROM information_schema.TABLE_CONSTRAINTS tc"
    " JOIN information_schema.CHECK_CONSTRAINTS cc"
    " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
    " WHERE tc.CONSTRAINT_SCHEMA = %s AND tc.CONSTRAINT_TYPE = 'CHECK'"
)
VIEWS = "SELECT TABLE_NAME, CHECK_OPTION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s"
TRIGGERS = (
    "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER,"
    " ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s"
)
ROUTINES = (
    "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s"
)
EVENTS = "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %s"
# The statement column of each SHOW CREATE result, by object kind.
SHOW_CREATE = {
    "VIEW": ("SHOW CREATE VIEW {}", 1),
    "TRIGGER": ("SHOW CREATE TRIGGER {}", 2),
    "PROCEDURE": ("SHOW CREATE PROCEDURE {}", 2),
    "FUNCTION": ("SHOW CREATE FUNCTION {}", 2),
}

_TIMINGS = {"BEFORE": 0, "AFTER": 1}
_EVENTS = {"INSERT": 0, "UPDATE": 1, "DELETE": 2}
_VIEW = re.compile(
    r"^CREATE\s+ALGORITHM\s*=\s*(?P<algorithm>\w+)\s+SQL\s+SECURITY\s+(?P<security>\w+)\s+"
    r"VIEW\s+(?:`(?:[^`]|``)*`\.)?`(?:[^`]|``)*`(?:\s*\([^)]*\))?\s+AS\s+(?P<select>.*)$",
    re.DOTALL | re.IGNORECASE,
)
_ON_UPDATE = re.compile(r"on update (\S+)", re.IGNORECASE)
_NUMERIC = {
    "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric",
    "float", "double", "real", "bit", "year",
}  # fmt: skip


@dataclass(frozen=True)
class Dialect:
    """Which server it is, for the few queries and values that differ."""

    flavor: str = MARIADB
    version: tuple[int, ...] = (10, 11)

    @classmethod
    def from_version(cls, server_version: str) -> Dialect:
        numbers = tuple(int(n) for n in re.findall(r"\d+", server_version.split("-", 1)[0])[:3])
        flavor = MARIADB if "mariadb" in server_version.lower() else MYSQL
        return cls(flavor, numbers or (0,))

    def queries(self) -> dict[str, str]:
        """The set-based queries, by name; each takes the database name as its one argument."""
        if self.flavor == MARIADB:
            ignored = "IGNORED" if self.version >= (10, 6) else "'NO'"
            expression = "NULL"
        else:
            ignored = "IF(IS_VISIBLE = 'NO', 'YES', 'NO')" if self.version >= (8,) else "'NO'"
            expression = "EXPRESSION" if self.version >= (8, 0, 13) else "NULL"
        queries = {
            "defaults": SCHEMA_DEFAULTS,
            "tables": TABLES,
            "columns": COLUMNS,
            "indexes": INDEXES.format(ignored=ignored, expression=expression),
            "foreign_keys": FOREIGN_KEYS,
            "views": VIEWS,
            "triggers": TRIGGERS,
            "routines": ROUTINES,
            "events": EVENTS,
        }
        if self.flavor == MARIADB and self.version >= (10, 2, 22):
            level = "LEVEL" if self.version >= (10, 5, 10) else "'Table'"
            queries["checks"] = MARIADB_CHECKS.format(level=level)
        elif self.flavor == MYSQL and self.version >= (8, 0, 16):
            queries["checks"] = MYSQL_CHECKS
        return queries


def read_schema(
    query: Query, database: str, *, server_version: str = "", ignore: Iterable[str] = ()
) -> Schema:
    """The schema of ``database``, read through ``query`` (e.g. ``runner.Database.query``).

    ``ignore`` names tables to leave out besides the bookkeeping ones (a custom yoyo
    migration table).
    """
    dialect = Dialect.from_version(server_version)
    rows = {name: query(sql, (database,)) for name, sql in dialect.queries().items()}
    statements: dict[tuple[str, str], str] = {}
    objects = [("VIEW", name) for name, _ in rows["views"]]
    objects += [("TRIGGER", row[0]) for row in rows["triggers"]]
    objects += [(kind.upper(), name) for kind, name in rows["routines"]]
    skip = set(ignore)
    kept_triggers = {row[0] for row in rows["triggers"] if not _ignored(row[1], skip)}
    for kind, name in objects:
        if kind not in SHOW_CREATE or (kind == "TRIGGER" and name not in kept_triggers):
            continue
        sql, column = SHOW_CREATE[kind]
        found = query(sql.format(f"{quote(database)}.{quote(name)}"), None)
        text = found[0][column] if found and len(found[0]) > column else None
        if text is None:
            raise AccessDenied(
                f"the server did not show the definition of {kind.lower()} {name}",
                where=database,
                hint="the database user needs SHOW VIEW, TRIGGER, or SHOW CREATE ROUTINE "
                "(or to be the definer) to read stored objects",
            )
        statements[(kind, name)] = text
    return build_schema(rows, statements, database=database, dialect=dialect, ignore=skip)


def _ignored(table: str, ignore: set[str]) -> bool:
    return bool(BOOKKEEPING.match(table)) or table in ignore


def build_schema(
    rows: Mapping[str, Rows],
    statements: Mapping[tuple[str, str], str],
    *,
    database: str | None = None,
    dialect: Dialect | None = None,
    ignore: Iterable[str] = (),
) -> Schema:
    """The model from the rows of :meth:`Dialect.queries` and the SHOW CREATE texts.

    ``statements`` maps ``(kind, name)`` (kind VIEW, TRIGGER, PROCEDURE or FUNCTION) to
    the statement SHOW CREATE printed; ``database`` is the schema read, so foreign keys
    to its own tables carry no schema name.
    """
    dialect = dialect or Dialect()
    skip = set(ignore)
    skipped: list[str] = []
    options: dict[str, TableOptions] = {}
    for name, kind, engine, collation, create_options, comment in rows.get("tables", ()):
        if _ignored(name, skip) or kind == "VIEW" or kind == "SYSTEM VIEW":
            continue
        if kind != "BASE TABLE":
            label = "system-versioned table" if kind == "SYSTEM VERSIONED" else kind.lower()
            skipped.append(f"{label} {name}")
            continue
        extra = tuple(o for o in (create_options or "").split() if o.lower() != "partitioned")
        if "partitioned" in (create_options or "").lower().split():
            skipped.append(f"partitioning of table {name}")
        options[name] = TableOptions(
            engine=engine,
            charset=_charset_of(collation),
            collation=collation,
            comment=comment or "",
            extra=extra,
        )
    columns = _columns(rows.get("columns", ()), options, dialect)
    indexes = _indexes(rows.get("indexes", ()), options)
    foreign_keys = _foreign_keys(rows.get("foreign_keys", ()), options, database)
    checks = _checks(rows.get("checks", ()), options)
    tables = tuple(
        Table(
            name,
            tuple(columns.get(name, ())),
            tuple(indexes.get(name, ())),
            tuple(foreign_keys.get(name, ())),
            tuple(checks.get(name, ())),
            options[name],
        )
        for name in sorted(options)
    )
    defaults = list(rows.get("defaults", ()))
    charset, collation = defaults[0] if defaults else (None, None)
    skipped += [f"event {name}" for (name,) in rows.get("events", ())]
    skipped += [
        f"{kind.lower()} {name}"
        for kind, name in rows.get("routines", ())
        if kind.upper() not in SHOW_CREATE
    ]
    return Schema(
        tables=tables,
        views=_views(rows.get("views", ()), statements),
        triggers=_triggers(rows.get("triggers", ()), statements, skip),
        routines=_routines(rows.get("routines", ()), statements),
        charset=charset,
        collation=collation,
        flavor=dialect.flavor,
        skipped=tuple(sorted(skipped)),
    )


def _charset_of(collation: str | None) -> str | None:
    if not collation:
        return None
    return collation if collation == "binary" else collation.split("_", 1)[0]


def _columns(
    rows: Rows, tables: Mapping[str, TableOptions], dialect: Dialect
) -> dict[str, list[Column]]:
    found: dict[str, list[Column]] = {}
    for row in rows:
        (table, name, position, default, nullable, data_type, column_type, charset, collation,
         extra, comment, expression) = row  # fmt: skip
        if table not in tables:
            continue
        extra = extra or ""
        words = extra.upper().split()
        generated = expression if expression and "GENERATED" in words else None
        storage = None
        if generated is not None:
            storage = "VIRTUAL" if "VIRTUAL" in words else "STORED"
        on_update = _ON_UPDATE.search(extra)
        is_nullable = nullable == "YES"
        if dialect.flavor == MYSQL:
            default = _mysql_default(default, data_type, is_nullable, words)
        found.setdefault(table, []).append(
            Column(
                name=name,
                type=column_type,
                nullable=is_nullable,
                default=None if generated is not None else default,
                auto_increment="AUTO_INCREMENT" in words,
                on_update=on_update.group(1) if on_update else None,
                charset=charset,
                collation=collation,
                comment=comment or "",
                generated=generated,
                storage=storage,
                invisible="INVISIBLE" in words,
                position=int(position),
            )
        )
    return found


def _mysql_default(
    value: str | None, data_type: str, nullable: bool, extra: list[str]
) -> str | None:
    """MySQL lists defaults unquoted; write them as SQL, as MariaDB does."""
    if value is None:
        blob = data_type.lower().endswith(("blob", "text")) or data_type.lower() == "json"
        return "NULL" if nullable and not blob else None
    if "DEFAULT_GENERATED" in extra:
        return value if value.upper().startswith("CURRENT_TIMESTAMP") else f"({value})"
    if data_type.lower() in _NUMERIC:
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _indexes(rows: Rows, tables: Mapping[str, TableOptions]) -> dict[str, list[Index]]:
    parts: dict[tuple[str, str], list[tuple[int, IndexPart]]] = {}
    heads: dict[tuple[str, str], tuple[Any, ...]] = {}
    for row in rows:
        (table, name, non_unique, seq, column, sub_part, collation, index_type, comment,
         ignored, expression) = row  # fmt: skip
        if table not in tables:
            continue
        key = (table, name)
        heads.setdefault(key, (non_unique, index_type, comment, ignored))
        part = IndexPart(
            column=column,
            length=int(sub_part) if sub_part is not None else None,
            descending=collation == "D",
            expression=expression if column is None else None,
        )
        parts.setdefault(key, []).append((int(seq), part))
    found: dict[str, list[Index]] = {}
    for (table, name), (non_unique, index_type, comment, ignored) in heads.items():
        kind = "unique" if int(non_unique) == 0 else "index"
        if name == "PRIMARY":
            kind = "primary"
        elif (index_type or "").upper() in ("FULLTEXT", "SPATIAL"):
            kind = index_type.lower()
        indexes = found.setdefault(table, [])
        indexes.append(
            Index(
                name=name,
                kind=kind,
                parts=tuple(part for _, part in sorted(parts[(table, name)], key=lambda p: p[0])),
                method=(index_type or "BTREE").upper(),
                comment=comment or "",
                ignored=(ignored or "NO").upper() == "YES",
                position=len(indexes) + 1,
            )
        )
    return found


def _foreign_keys(
    rows: Rows, tables: Mapping[str, TableOptions], database: str | None
) -> dict[str, list[ForeignKey]]:
    grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        if row[0] in tables:
            grouped.setdefault((row[0], row[1]), []).append(tuple(row))
    found: dict[str, list[ForeignKey]] = {}
    for (table, name), members in sorted(grouped.items()):
        members.sort(key=lambda r: int(r[3]))
        first = members[0]
        found.setdefault(table, []).append(
            ForeignKey(
                name=name,
                columns=tuple(r[2] for r in members),
                ref_table=first[5],
                ref_columns=tuple(r[6] for r in members),
                on_delete=first[7] or "RESTRICT",
                on_update=first[8] or "RESTRICT",
                ref_schema=first[4] if first[4] and first[4] != database else None,
            )
        )
    return found


def _checks(rows: Rows, tables: Mapping[str, TableOptions]) -> dict[str, list[Check]]:
    found: dict[str, list[Check]] = {}
    for table, name, clause, level in rows:
        if table not in tables:
            continue
        checks = found.setdefault(table, [])
        column = name if (level or "").lower() == "column" else None
        checks.append(Check(name, clause, column, len(checks) + 1))
    return found


def _views(rows: Rows, statements: Mapping[tuple[str, str], str]) -> tuple[View, ...]:
    views = []
    for name, check_option in rows:
        text = statements.get(("VIEW", name))
        if text is None:
            continue
        definition, definer = split_definer(text)
        match = _VIEW.match(definition)
        select, algorithm, security = definition, "UNDEFINED", "DEFINER"
        if match:
            select = match.group("select")
            algorithm = match.group("algorithm").upper()
            security = match.group("security").upper()
        option = (check_option or "NONE").upper()
        suffix = f" WITH {option} CHECK OPTION"
        if option != "NONE" and select.upper().endswith(suffix):
            select = select[: -len(suffix)]
        views.append(View(name, definition, select, algorithm, security, option, definer))
    return tuple(sorted(views, key=lambda v: v.name))


def _triggers(
    rows: Rows, statements: Mapping[tuple[str, str], str], ignore: set[str]
) -> tuple[Trigger, ...]:
    triggers = []
    for name, table, timing, event, order, body in rows:
        text = statements.get(("TRIGGER", name))
        if text is None or _ignored(table, ignore):
            continue
        definition, definer = split_definer(text)
        triggers.append(
            Trigger(
                name=name,
                table=table,
                timing=timing.upper(),
                event=event.upper(),
                body=body,
                definition=definition,
                order=int(order or 1),
                definer=definer,
            )
        )
    return tuple(
        sorted(
            triggers,
            key=lambda t: (t.table, _EVENTS.get(t.event, 9), _TIMINGS.get(t.timing, 9), t.order),
        )
    )


def _routines(rows: Rows, statements: Mapping[tuple[str, str], str]) -> tuple[Routine, ...]:
    routines = []
    for kind, name in rows:
        text = statements.get((kind.upper(), name))
        if text is None:
            continue
        definition, definer = split_definer(text)
        routines.append(Routine(name, kind.upper(), definition, definer))
    return tuple(sorted(routines, key=lambda r: (r.name, r.kind)))
