"""Everything about one database as plain, comparable, JSON-serialisable data.

``snapshot(url)`` reads a database from information_schema (MariaDB 10.11), plus SHOW
CREATE where information_schema is not enough, into nested dicts, lists and scalars;
``diff(a, b)`` lists the differences as readable lines such as
``table colors: column name: COLUMN_TYPE varchar(50) != varchar(40)``.

What a snapshot holds (the keys are the information_schema column names):

- ``tables``: per base table (or sequence) its options, ``columns``, ``indexes``,
  ``constraints`` (primary/unique/foreign keys with their columns and rules, CHECKs with
  their clause), ``partitioning``, ``data`` (row count and checksum) and, as a catch-all,
  ``SHOW CREATE TABLE`` (without ``AUTO_INCREMENT=n``). ``diff`` reports that text only
  when nothing else about the table differs, so one change gives one readable line.
- ``views``, ``routines`` (keyed ``"PROCEDURE name"`` / ``"FUNCTION name"``, with their
  ``parameters`` in order), ``triggers`` and ``events``.

Never recorded: AUTO_INCREMENT counters, row estimates, sizes, CREATED/LAST_ALTERED and
other timestamps, and the database's own name. A reference to the database itself
(`` `db`.`t` `` in a view definition, a `` nextval(`db`.`seq`) `` default, the same in
SHOW CREATE TABLE) becomes `` `t` ``; a foreign key to a table of the same database
records ``REFERENCED_TABLE_SCHEMA`` as ``None``. An event's ``STARTS`` is ``None``
unless it was given: when it is omitted MariaDB stores the creation (or ALTER) time, so
a STARTS equal to CREATED or LAST_ALTERED is read as "not given".

The definer, CHARACTER_SET_CLIENT, COLLATION_CONNECTION and DATABASE_COLLATION of views,
routines, triggers and events are kept under a ``session`` key that ``diff`` compares only
with ``session_charsets=True``.

Routine, trigger and event bodies are compared after ``normalise_body`` (see there), which
drops SQL comments: the mariadb client strips them from what it sends, roble keeps them.

Data checksum: each row is hashed as ``SHA2(CONCAT_WS(',', cell, ...), 256)`` where a
cell is ``HEX(CAST(col AS BINARY))`` (FLOAT columns go through ``CAST(col AS DOUBLE)``
first, since a FLOAT's text form is rounded) and ``N`` for NULL. String values are their
stored bytes, so the result does not depend on the session character set; TIMESTAMPs are
read with the session time zone set to ``+00:00``. The row hashes are sorted and hashed
again (SHA-256 over the hex digests joined by newlines), so the checksum is independent of
physical order and of any collation and needs no primary key, and counts duplicate rows.

Names are compared case-sensitively (they are dict keys).
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import fnmatch
import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pymysql
import pymysql.cursors
from pymysql.connections import Connection

from roble_sql.dsn import DatabaseURL

Snapshot = dict[str, Any]
Row = dict[str, Any]

# roble's and yoyo's bookkeeping tables (fnmatch patterns, case-sensitive).
BOOKKEEPING: tuple[str, ...] = (
    "_yoyo_migration",
    "_yoyo_log",
    "_yoyo_version",
    "yoyo_lock",
    "roble_*",
)
KINDS = ("tables", "views", "routines", "triggers", "events")
SESSION = "session"
SESSION_FIELDS = ("DEFINER", "CHARACTER_SET_CLIENT", "COLLATION_CONNECTION", "DATABASE_COLLATION")
BODY_FIELDS = frozenset({"ROUTINE_DEFINITION", "ACTION_STATEMENT", "EVENT_DEFINITION"})
FALLBACK_FIELDS = frozenset({"SHOW CREATE TABLE"})

_TABLE_FIELDS = (
    "TABLE_TYPE",
    "ENGINE",
    "ROW_FORMAT",
    "TABLE_COLLATION",
    "CREATE_OPTIONS",
    "TABLE_COMMENT",
)
_COLUMN_FIELDS = (
    "ORDINAL_POSITION",
    "COLUMN_TYPE",
    "IS_NULLABLE",
    "COLUMN_DEFAULT",
    "EXTRA",
    "IS_GENERATED",
    "GENERATION_EXPRESSION",
    "CHARACTER_SET_NAME",
    "COLLATION_NAME",
    "COLUMN_COMMENT",
)
_INDEX_FIELDS = ("NON_UNIQUE", "INDEX_TYPE", "COMMENT", "INDEX_COMMENT", "IGNORED")
_INDEX_COLUMN_FIELDS = ("COLUMN_NAME", "SUB_PART", "COLLATION")
_KEY_COLUMN_FIELDS = (
    "COLUMN_NAME",
    "REFERENCED_TABLE_SCHEMA",
    "REFERENCED_TABLE_NAME",
    "REFERENCED_COLUMN_NAME",
)
_FOREIGN_KEY_FIELDS = (
    "UNIQUE_CONSTRAINT_NAME",
    "MATCH_OPTION",
    "UPDATE_RULE",
    "DELETE_RULE",
    "REFERENCED_TABLE_NAME",
)
_PARTITIONING_FIELDS = (
    "PARTITION_METHOD",
    "PARTITION_EXPRESSION",
    "SUBPARTITION_METHOD",
    "SUBPARTITION_EXPRESSION",
)
_PARTITION_FIELDS = ("PARTITION_NAME", "PARTITION_DESCRIPTION", "PARTITION_COMMENT")
_VIEW_FIELDS = ("VIEW_DEFINITION", "CHECK_OPTION", "IS_UPDATABLE", "SECURITY_TYPE")
_ROUTINE_FIELDS = (
    "ROUTINE_TYPE",
    "DTD_IDENTIFIER",
    "CHARACTER_SET_NAME",
    "COLLATION_NAME",
    "ROUTINE_BODY",
    "ROUTINE_DEFINITION",
    "IS_DETERMINISTIC",
    "SQL_DATA_ACCESS",
    "SECURITY_TYPE",
    "SQL_MODE",
    "ROUTINE_COMMENT",
)
_PARAMETER_FIELDS = (
    "PARAMETER_MODE",
    "PARAMETER_NAME",
    "DTD_IDENTIFIER",
    "CHARACTER_SET_NAME",
    "COLLATION_NAME",
)
_TRIGGER_FIELDS = (
    "EVENT_MANIPULATION",
    "EVENT_OBJECT_TABLE",
    "ACTION_TIMING",
    "ACTION_ORDER",
    "ACTION_ORIENTATION",
    "ACTION_STATEMENT",
    "SQL_MODE",
)
_EVENT_FIELDS = (
    "EVENT_BODY",
    "EVENT_DEFINITION",
    "EVENT_TYPE",
    "EXECUTE_AT",
    "INTERVAL_VALUE",
    "INTERVAL_FIELD",
    "STARTS",
    "ENDS",
    "TIME_ZONE",
    "ON_COMPLETION",
    "STATUS",
    "SQL_MODE",
    "EVENT_COMMENT",
)
# Server-generated SQL text that may name the database itself.
_SCHEMA_BEARING = frozenset(
    {
        "COLUMN_DEFAULT",
        "GENERATION_EXPRESSION",
        "CHECK_CLAUSE",
        "PARTITION_EXPRESSION",
        "SUBPARTITION_EXPRESSION",
        "PARTITION_DESCRIPTION",
        "VIEW_DEFINITION",
    }
)


# ---------------------------------------------------------------- public API


def snapshot(url: DatabaseURL, *, exclude: Iterable[str] = BOOKKEEPING) -> Snapshot:
    """Snapshot the database ``url`` names, on a connection of its own."""
    if not url.database:
        raise ValueError("the URL names no database")
    connection = pymysql.connect(**url.driver_kwargs())
    try:
        return take(connection, url.database, exclude=exclude)
    finally:
        connection.close()


def take(connection: Connection, schema: str, *, exclude: Iterable[str] = BOOKKEEPING) -> Snapshot:
    """Snapshot ``schema`` through an open connection (its session is restored after)."""
    patterns = tuple(exclude)
    with connection.cursor(pymysql.cursors.DictCursor) as cursor, _neutral_session(cursor):
        reader = _Reader(cursor, schema, patterns)
        return {kind: getattr(reader, kind)() for kind in KINDS}


def diff(a: Snapshot, b: Snapshot, *, session_charsets: bool = False) -> list[str]:
    """The differences between two snapshots, one readable line each; [] when equal."""
    out: list[str] = []
    _compare(a, b, (), out, session_charsets)
    return out


def is_empty(snap: Snapshot, *, exclude: Iterable[str] = BOOKKEEPING) -> bool:
    """No tables (other than excluded ones), views, routines, triggers or events."""
    patterns = tuple(exclude)
    if any(not is_excluded(name, patterns) for name in snap["tables"]):
        return False
    return not any(snap[kind] for kind in KINDS if kind != "tables")


def is_excluded(name: str, exclude: Iterable[str]) -> bool:
    """Whether table ``name`` matches one of the (case-sensitive fnmatch) patterns."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in exclude)


def normalise_body(text: str | None) -> str | None:
    """A stored-program body without comments, for comparison.

    Outside '...', "..." and `...` (backslash escapes and doubled quotes honoured):
    ``# ...`` and ``-- ...`` (two dashes then whitespace or the end) are removed up to,
    not including, the end of the line; ``/* ... */`` is replaced by one space, except
    ``/*! ... */`` and ``/*M! ... */``, which are kept. Then every run of spaces, tabs and
    newlines outside literals becomes one newline if it holds a newline, else one space,
    and the ends are stripped. So the blank lines, trailing blanks and doubled spaces
    that removal leaves go away. The client's copy keeps no trace of where a comment
    was, so this whitespace rule cannot be limited to those places: the amount of
    whitespace between tokens is never compared anywhere, but where line breaks fall,
    carriage returns, letter case and everything inside literals still are, exactly.
    Backslash escapes are assumed (NO_BACKSLASH_ESCAPES is not honoured).
    """
    if text is None:
        return None
    pieces = _without_comments(text)
    return "".join(piece if literal else _squeeze(piece) for literal, piece in pieces).strip(
        " \t\n"
    )


def strip_schema(text: str | None, schema: str) -> str | None:
    """``text`` with every `schema`. qualifier (outside string literals) removed."""
    if text is None:
        return None
    own = _quote(schema) + "."
    return _QUALIFIER.sub(lambda m: "" if m.group(0) == own else m.group(0), text)


# ---------------------------------------------------------------- reading


class _Reader:
    """Reads one kind of object at a time for one schema."""

    def __init__(self, cursor: pymysql.cursors.DictCursor, schema: str, exclude: tuple[str, ...]):
        self.cursor = cursor
        self.schema = schema
        self.exclude = exclude

    def rows(self, sql: str) -> list[Row]:
        """Rows of ``sql`` (one %s: the schema) as plain values."""
        self.cursor.execute(sql, (self.schema,))
        return [self.plain_row(row) for row in self.cursor.fetchall()]

    def plain_row(self, row: Row) -> Row:
        plain = {key: _plain(value) for key, value in row.items()}
        for key in _SCHEMA_BEARING.intersection(plain):
            plain[key] = strip_schema(plain[key], self.schema)
        return plain

    def kept(self, table: str) -> bool:
        return not is_excluded(table, self.exclude)

    # -- tables

    def tables(self) -> dict[str, Any]:
        rows = self.rows(
            "SELECT TABLE_NAME, " + ", ".join(_TABLE_FIELDS) + " FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = %s AND TABLE_TYPE <> 'VIEW' AND COALESCE(TEMPORARY, 'N') <> 'Y'"
        )
        names = sorted(row["TABLE_NAME"] for row in rows if self.kept(row["TABLE_NAME"]))
        tables = {row["TABLE_NAME"]: _pick(row, _TABLE_FIELDS) for row in rows}
        parts = {
            "columns": self.columns(),
            "indexes": self.indexes(),
            "constraints": self.constraints(),
            "partitioning": self.partitioning(),
        }
        for name in names:
            for key, by_table in parts.items():
                tables[name][key] = by_table.get(name, None if key == "partitioning" else {})
            tables[name]["data"] = self.data(name, tables[name]["columns"])
            tables[name]["SHOW CREATE TABLE"] = self.show_create_table(name)
        return {name: tables[name] for name in names}

    def columns(self) -> dict[str, dict[str, Row]]:
        rows = self.rows(
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, " + ", ".join(_COLUMN_FIELDS) + " FROM"
            " information_schema.COLUMNS WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME, ORDINAL_POSITION"
        )
        out: dict[str, dict[str, Row]] = {}
        for row in rows:
            column = _pick(row, _COLUMN_FIELDS)
            column["DATA_TYPE"] = row["DATA_TYPE"]
            out.setdefault(row["TABLE_NAME"], {})[row["COLUMN_NAME"]] = column
        return out

    def indexes(self) -> dict[str, dict[str, Row]]:
        rows = self.rows(
            "SELECT TABLE_NAME, INDEX_NAME, "
            + ", ".join((*_INDEX_FIELDS, *_INDEX_COLUMN_FIELDS))
            + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s"
            " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
        )
        out: dict[str, dict[str, Row]] = {}
        for row in rows:
            indexes = out.setdefault(row["TABLE_NAME"], {})
            index = indexes.setdefault(
                row["INDEX_NAME"], {**_pick(row, _INDEX_FIELDS), "columns": []}
            )
            index["columns"].append(_pick(row, _INDEX_COLUMN_FIELDS))
        return out

    def constraints(self) -> dict[str, dict[str, Row]]:
        rows = self.rows(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM"
            " information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %s"
        )
        key_columns = self.key_columns()
        foreign_keys = self.foreign_keys()
        checks = self.checks()
        out: dict[str, dict[str, Row]] = {}
        for row in rows:
            ident = (row["TABLE_NAME"], row["CONSTRAINT_NAME"])
            kind = row["CONSTRAINT_TYPE"]
            found: Row = {"CONSTRAINT_TYPE": kind}
            if kind == "CHECK":
                found.update(checks.get(ident, {}))
            else:
                found["columns"] = key_columns.get((*ident, kind == "FOREIGN KEY"), [])
            if kind == "FOREIGN KEY":
                found.update(foreign_keys.get(ident, {}))
            out.setdefault(row["TABLE_NAME"], {})[f"{kind} {row['CONSTRAINT_NAME']}"] = found
        return {table: dict(sorted(found.items())) for table, found in out.items()}

    def key_columns(self) -> dict[tuple[str, str, bool], list[Row]]:
        """Columns of each key, keyed (table, constraint, is it a foreign key)."""
        rows = self.rows(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, " + ", ".join(_KEY_COLUMN_FIELDS) + " FROM"
            " information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = %s"
            " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION"
        )
        out: dict[tuple[str, str, bool], list[Row]] = {}
        for row in rows:
            if row["REFERENCED_TABLE_SCHEMA"] == self.schema:
                row["REFERENCED_TABLE_SCHEMA"] = None
            ident = (
                row["TABLE_NAME"],
                row["CONSTRAINT_NAME"],
                row["REFERENCED_TABLE_NAME"] is not None,
            )
            out.setdefault(ident, []).append(_pick(row, _KEY_COLUMN_FIELDS))
        return out

    def foreign_keys(self) -> dict[tuple[str, str], Row]:
        rows = self.rows(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, " + ", ".join(_FOREIGN_KEY_FIELDS) + " FROM"
            " information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %s"
        )
        return {
            (r["TABLE_NAME"], r["CONSTRAINT_NAME"]): _pick(r, _FOREIGN_KEY_FIELDS) for r in rows
        }

    def checks(self) -> dict[tuple[str, str], Row]:
        rows = self.rows(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE FROM"
            " information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %s"
        )
        return {
            (r["TABLE_NAME"], r["CONSTRAINT_NAME"]): _pick(r, ("LEVEL", "CHECK_CLAUSE"))
            for r in rows
        }

    def partitioning(self) -> dict[str, Row]:
        rows = self.rows(
            "SELECT TABLE_NAME, SUBPARTITION_NAME, "
            + ", ".join((*_PARTITIONING_FIELDS, *_PARTITION_FIELDS))
            + " FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = %s"
            " AND PARTITION_NAME IS NOT NULL"
            " ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION"
        )
        out: dict[str, Row] = {}
        for row in rows:
            table = out.setdefault(
                row["TABLE_NAME"], {**_pick(row, _PARTITIONING_FIELDS), "partitions": []}
            )
            partitions = table["partitions"]
            if not partitions or partitions[-1]["PARTITION_NAME"] != row["PARTITION_NAME"]:
                partitions.append({**_pick(row, _PARTITION_FIELDS), "subpartitions": []})
            if row["SUBPARTITION_NAME"] is not None:
                partitions[-1]["subpartitions"].append(row["SUBPARTITION_NAME"])
        return out

    def data(self, table: str, columns: dict[str, Row]) -> Row:
        cells = ", ".join(_cell(name, column["DATA_TYPE"]) for name, column in columns.items())
        self.cursor.execute(
            f"SELECT SHA2(CAST(CONCAT_WS(',', {cells}) AS CHAR CHARACTER SET ascii), 256) AS h"
            f" FROM {_quote(table)}"
        )
        hashes = sorted(row["h"] for row in self.cursor.fetchall())
        checksum = hashlib.sha256("\n".join(hashes).encode("ascii")).hexdigest()
        return {"rows": len(hashes), "checksum": checksum}

    def show_create_table(self, table: str) -> str | None:
        self.cursor.execute(f"SHOW CREATE TABLE {_quote(self.schema)}.{_quote(table)}")
        text = list(self.cursor.fetchone().values())[1]
        return strip_schema(
            re.sub(r"^(\).*?) AUTO_INCREMENT=\d+", r"\1", text, flags=re.M), self.schema
        )

    # -- stored objects

    def views(self) -> dict[str, Row]:
        rows = self.rows(
            "SELECT TABLE_NAME, DEFINER, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, "
            + ", ".join(_VIEW_FIELDS)
            + " FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME"
        )
        return {
            row["TABLE_NAME"]: {
                **_pick(row, _VIEW_FIELDS),
                "ALGORITHM": self.view_algorithm(row["TABLE_NAME"]),
                SESSION: _session(row),
            }
            for row in rows
        }

    def view_algorithm(self, view: str) -> str | None:
        self.cursor.execute(f"SHOW CREATE VIEW {_quote(self.schema)}.{_quote(view)}")
        found = re.match(r"CREATE ALGORITHM=(\w+)", self.cursor.fetchone()["Create View"])
        return found.group(1) if found else None

    def routines(self) -> dict[str, Row]:
        rows = self.rows(
            "SELECT ROUTINE_NAME, SPECIFIC_NAME, "
            + ", ".join((*_ROUTINE_FIELDS, *SESSION_FIELDS))
            + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s"
        )
        parameters = self.parameters()
        out = {
            f"{row['ROUTINE_TYPE']} {row['ROUTINE_NAME']}": {
                **_pick(row, _ROUTINE_FIELDS),
                "parameters": parameters.get((row["ROUTINE_TYPE"], row["SPECIFIC_NAME"]), []),
                SESSION: _session(row),
            }
            for row in rows
        }
        return dict(sorted(out.items()))

    def parameters(self) -> dict[tuple[str, str], list[Row]]:
        rows = self.rows(
            "SELECT ROUTINE_TYPE, SPECIFIC_NAME, " + ", ".join(_PARAMETER_FIELDS) + " FROM"
            " information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = %s"
            " ORDER BY ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION"
        )
        out: dict[tuple[str, str], list[Row]] = {}
        for row in rows:
            out.setdefault((row["ROUTINE_TYPE"], row["SPECIFIC_NAME"]), []).append(
                _pick(row, _PARAMETER_FIELDS)
            )
        return out

    def triggers(self) -> dict[str, Row]:
        rows = self.rows(
            "SELECT TRIGGER_NAME, "
            + ", ".join((*_TRIGGER_FIELDS, *SESSION_FIELDS))
            + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s ORDER BY TRIGGER_NAME"
        )
        return {
            row["TRIGGER_NAME"]: {**_pick(row, _TRIGGER_FIELDS), SESSION: _session(row)}
            for row in rows
            if self.kept(row["EVENT_OBJECT_TABLE"])
        }

    def events(self) -> dict[str, Row]:
        fields = ", ".join(f for f in (*_EVENT_FIELDS, *SESSION_FIELDS) if f != "STARTS")
        rows = self.rows(
            f"SELECT EVENT_NAME, {fields}, IF(CONVERT_TZ(STARTS, TIME_ZONE, @@session.time_zone)"
            " IN (CREATED, LAST_ALTERED), NULL, STARTS) AS STARTS"
            " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %s ORDER BY EVENT_NAME"
        )
        return {
            row["EVENT_NAME"]: {**_pick(row, _EVENT_FIELDS), SESSION: _session(row)} for row in rows
        }


@contextlib.contextmanager
def _neutral_session(cursor: pymysql.cursors.DictCursor) -> Iterator[None]:
    """UTC and a plain sql_mode while reading; the caller's settings afterwards."""
    cursor.execute("SELECT @@session.time_zone AS tz, @@session.sql_mode AS mode")
    saved = cursor.fetchone()
    cursor.execute("SET SESSION time_zone = '+00:00', SESSION sql_mode = ''")
    try:
        yield
    finally:
        cursor.execute(
            "SET SESSION time_zone = %s, SESSION sql_mode = %s", (saved["tz"], saved["mode"])
        )


def _cell(column: str, data_type: str) -> str:
    """SQL for one column's value as hex of its bytes; N for NULL."""
    value = f"CAST({_quote(column)} AS DOUBLE)" if data_type == "float" else _quote(column)
    return f"COALESCE(HEX(CAST({value} AS BINARY)), 'N')"


def _session(row: Row) -> Row:
    return {field: row[field] for field in SESSION_FIELDS if field in row}


def _pick(row: Row, fields: Iterable[str]) -> Row:
    return {field: row[field] for field in fields}


def _plain(value: object) -> object:
    """A JSON-friendly form of a driver value."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return (
            value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
        )
    if isinstance(value, decimal.Decimal | datetime.timedelta):
        return str(value)
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return "0x" + bytes(value).hex()
    return value


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


# ---------------------------------------------------------------- SQL text

_QUALIFIER = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.|\"\")*\"|`(?:[^`]|``)*`\.?", re.S)
_BLANKS = re.compile(r"[ \t\n]+")


def _without_comments(text: str) -> list[tuple[bool, str]]:
    """``text`` as (is it a literal, piece) pairs, comments dropped."""
    pieces: list[tuple[bool, str]] = []
    i = 0
    while i < len(text):
        if text[i] in "'\"`":
            end = _literal_end(text, i)
            pieces.append((True, text[i:end]))
        elif _line_comment_at(text, i):
            end = _line_end(text, i)
        elif text.startswith("/*", i) and not text.startswith(("/*!", "/*M!"), i):
            close = text.find("*/", i + 2)
            end = len(text) if close < 0 else close + 2
            pieces.append((False, " "))
        else:
            end = i + 1
            pieces.append((False, text[i]))
        i = end
    return _merge(pieces)


def _literal_end(text: str, start: int) -> int:
    """Index just past the quoted literal or identifier starting at ``start``."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == quote and not text.startswith(quote * 2, i):
            return i + 1
        escaped = text[i] == "\\" and quote != "`"
        i += 2 if escaped or text[i] == quote else 1
    return len(text)


def _line_comment_at(text: str, i: int) -> bool:
    if text[i] == "#":
        return True
    return text.startswith("--", i) and (i + 2 == len(text) or text[i + 2].isspace())


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _merge(pieces: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Join neighbouring non-literal pieces."""
    merged: list[tuple[bool, str]] = []
    for literal, piece in pieces:
        if merged and not literal and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + piece)
        else:
            merged.append((literal, piece))
    return merged


def _squeeze(code: str) -> str:
    return _BLANKS.sub(lambda m: "\n" if "\n" in m.group(0) else " ", code)


# ---------------------------------------------------------------- comparing

_CONTAINERS = {
    "tables": "table",
    "columns": "column",
    "indexes": "index",
    "constraints": "constraint",
    "views": "view",
    "routines": "routine",
    "triggers": "trigger",
    "events": "event",
}
_ITEM_NAMES = ("PARTITION_NAME", "PARAMETER_NAME", "COLUMN_NAME")
_PLAIN_TEXT = re.compile(r"[^\s'\"]{1,80}")
_EXCERPT = 30


def _compare(a: object, b: object, path: tuple[str, ...], out: list[str], sessions: bool) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        _compare_dicts(a, b, path, out, sessions)
    elif _dict_list(a) and _dict_list(b):
        _compare_lists(a, b, path, out, sessions)  # type: ignore[arg-type]
    elif a != b:
        out.append(_changed(path, a, b))


def _compare_dicts(a: dict, b: dict, path: tuple[str, ...], out: list[str], sessions: bool) -> None:
    keys = [key for key in {**a, **b} if sessions or key != SESSION]
    before = len(out)
    for key in (key for key in keys if key not in FALLBACK_FIELDS):
        _compare_key(a, b, key, path, out, sessions)
    if len(out) == before:
        for key in (key for key in keys if key in FALLBACK_FIELDS):
            _compare_key(a, b, key, path, out, sessions)


def _compare_key(
    a: dict, b: dict, key: str, path: tuple[str, ...], out: list[str], sessions: bool
) -> None:
    here = (*path, key)
    if key not in b:
        out.append(f"{_where(here)}: only in a")
    elif key not in a:
        out.append(f"{_where(here)}: only in b")
    elif key in BODY_FIELDS:
        _compare(normalise_body(a[key]), normalise_body(b[key]), here, out, sessions)
    else:
        _compare(a[key], b[key], here, out, sessions)


def _compare_lists(
    a: list[dict], b: list[dict], path: tuple[str, ...], out: list[str], sessions: bool
) -> None:
    if len(a) != len(b):
        out.append(f"{_where(path)}: {len(a)} items != {len(b)} items")
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        name = next((x[k] for k in _ITEM_NAMES if x.get(k) is not None), None)
        label = f"{path[-1]}[{i}]" + ("" if name is None else f" {name}")
        _compare(x, y, (*path[:-1], label), out, sessions)


def _dict_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _where(path: tuple[str, ...]) -> str:
    """``("tables", "t", "columns", "c")`` -> ``"table t: column c"``."""
    parts: list[str] = []
    i = 0
    while i < len(path):
        if path[i] in _CONTAINERS and i + 1 < len(path):
            parts.append(f"{_CONTAINERS[path[i]]} {path[i + 1]}")
            i += 2
        else:
            parts.append(path[i])
            i += 1
    return ": ".join(parts)


def _changed(path: tuple[str, ...], a: object, b: object) -> str:
    prefix = _where(path[:-1])
    lead = f"{prefix}: {path[-1]}" if prefix else path[-1]
    if isinstance(a, str) and isinstance(b, str) and not (_short(a) and _short(b)):
        pairs = enumerate(zip(a, b, strict=False))
        at = next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))
        window = slice(max(0, at - _EXCERPT), at + _EXCERPT)
        return f"{lead} differs at character {at}: {a[window]!r} != {b[window]!r}"
    return f"{lead} {_show(a)} != {_show(b)}"


def _short(text: str) -> bool:
    return len(text) <= 80 and "\n" not in text


def _show(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str) and _PLAIN_TEXT.fullmatch(value):
        return value
    shown = repr(value)
    return shown if len(shown) <= 200 else shown[:197] + "..."
