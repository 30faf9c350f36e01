"""Comparing two schemas: a structured diff, and its rendering as short SQL-ish lines.

``compare(old, new)`` lists what turns ``old`` into ``new``: each :class:`Change` says
what (``kind``, ``name``, ``table``), how (``action``: add, drop, alter), which
attributes changed (``changed``, machine-readable) and carries the model objects on both
sides (``old``, ``new``), so a generator can write the CREATE/ALTER/DROP statements.
``Change.line()`` is the human form::

    + column colors.hex_code VARCHAR(7) NULL
    ~ index colors.idx_colors_name: columns (name) -> (name, active)
    - table legacy_colors

Definers, AUTO_INCREMENT counters and the database's own defaults are not compared.
Pure: no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from roble_sql.schema.ddl import (
    column_summary,
    foreign_key_summary,
    index_summary,
    part_label,
    type_label,
)
from roble_sql.schema.model import (
    Check,
    Column,
    ForeignKey,
    Index,
    Routine,
    Schema,
    Table,
    Trigger,
    View,
)

ADD, DROP, ALTER = "add", "drop", "alter"
_SYMBOLS = {ADD: "+", DROP: "-", ALTER: "~"}


@dataclass(frozen=True)
class Change:
    """One difference. ``old`` is None for an add, ``new`` None for a drop."""

    action: str  # add | drop | alter
    kind: str  # table, column, index, foreign key, check, view, trigger, procedure, function
    name: str
    table: str | None = None  # the owning table of a column, index, foreign key or check
    old: Any = None
    new: Any = None
    changed: tuple[str, ...] = ()  # attributes that differ (alter): "type", "nullable", ...
    details: tuple[str, ...] = ()  # the same for people: "type VARCHAR(50) -> VARCHAR(100)"
    summary: str = ""  # an added or dropped object in short: "VARCHAR(7) NULL"

    @property
    def qualified_name(self) -> str:
        return f"{self.table}.{self.name}" if self.table else self.name

    def line(self) -> str:
        head = f"{_SYMBOLS[self.action]} {self.kind} {self.qualified_name}"
        if self.action == ALTER:
            return f"{head}: {'; '.join(self.details)}"
        return f"{head} {self.summary}" if self.summary else head


@dataclass(frozen=True)
class SchemaDiff:
    """The changes from one schema to another, in a stable order."""

    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def lines(self) -> list[str]:
        return [change.line() for change in self.changes]


def compare(old: Schema, new: Schema) -> SchemaDiff:
    """What changes ``old`` into ``new``: tables (with their parts), views, routines, triggers."""
    changes: list[Change] = []
    for name in _union([t.name for t in old.tables], [t.name for t in new.tables]):
        before, after = old.table(name), new.table(name)
        if before is None:
            changes.append(Change(ADD, "table", name, new=after))
        elif after is None:
            changes.append(Change(DROP, "table", name, old=before))
        else:
            changes += _table_changes(before, after)
    changes += _objects("view", old.views, new.views, _view_details)
    routines_old = {(r.kind, r.name): r for r in old.routines}
    routines_new = {(r.kind, r.name): r for r in new.routines}
    for key in sorted(set(routines_old) | set(routines_new), key=lambda k: (k[1], k[0])):
        kind, name = key
        changes += _pair(kind.lower(), name, routines_old.get(key), routines_new.get(key), None)
    changes += _objects("trigger", old.triggers, new.triggers, _trigger_details)
    return SchemaDiff(tuple(_summarised(change, old, new) for change in changes))


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return sorted(set(first) | set(second))


def _objects(
    kind: str,
    old: Sequence[View] | Sequence[Trigger],
    new: Sequence[View] | Sequence[Trigger],
    details: Callable[[Any, Any], list[tuple[str, str]]],
) -> list[Change]:
    before = {o.name: o for o in old}
    after = {o.name: o for o in new}
    changes = []
    for name in _union(list(before), list(after)):
        changes += _pair(kind, name, before.get(name), after.get(name), details)
    return changes


def _pair(
    kind: str,
    name: str,
    old: Any,
    new: Any,
    details: Callable[[Any, Any], list[tuple[str, str]]] | None,
    table: str | None = None,
) -> list[Change]:
    if old is None:
        return [Change(ADD, kind, name, table, new=new)]
    if new is None:
        return [Change(DROP, kind, name, table, old=old)]
    found = details(old, new) if details else _definition_details(old, new)
    if not found:
        return []
    return [
        Change(
            ALTER,
            kind,
            name,
            table,
            old,
            new,
            tuple(attribute for attribute, _ in found),
            tuple(text for _, text in found),
        )
    ]


def _was(label: str, before: object, after: object) -> str:
    return f"{label} {_show(before)} -> {_show(after)}"


def _show(value: object) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(str, value)) + ")"
    return str(value)


# -- tables ----------------------------------------------------------------------------------


def _table_changes(old: Table, new: Table) -> list[Change]:
    changes = []
    options = _option_details(old, new)
    if options:
        changes.append(
            Change(
                ALTER,
                "table",
                new.name,
                old=old,
                new=new,
                changed=tuple(a for a, _ in options),
                details=tuple(t for _, t in options),
            )
        )
    changes += _column_changes(old, new)
    changes += _keyed(
        "index", old.name, old.indexes, new.indexes, _index_details, order=lambda i: i.position
    )
    changes += _keyed("foreign key", old.name, old.foreign_keys, new.foreign_keys, _fk_details)
    changes += _keyed("check", old.name, old.checks, new.checks, _check_details)
    return changes


def _option_details(old: Table, new: Table) -> list[tuple[str, str]]:
    a, b = old.options, new.options
    found = []
    for attribute in ("engine", "charset", "collation", "comment"):
        if getattr(a, attribute) != getattr(b, attribute):
            found.append((attribute, _was(attribute, getattr(a, attribute), getattr(b, attribute))))
    if a.extra != b.extra:
        found.append(("options", _was("options", " ".join(a.extra), " ".join(b.extra))))
    return found


def _keyed(
    kind: str,
    table: str,
    old: Sequence[Any],
    new: Sequence[Any],
    details: Callable[[Any, Any], list[tuple[str, str]]],
    order: Callable[[Any], Any] | None = None,
) -> list[Change]:
    before = {o.name: o for o in old}
    after = {o.name: o for o in new}
    if order is None:
        names = sorted(set(before) | set(after))
    else:
        names = [o.name for o in sorted(old, key=order)] + [o.name for o in sorted(new, key=order)]
    changes = []
    for name in dict.fromkeys(names):
        changes += _pair(kind, name, before.get(name), after.get(name), details, table)
    return changes


def _column_changes(old: Table, new: Table) -> list[Change]:
    moved = _moved_columns(old, new)
    changes = [
        Change(DROP, "column", c.name, old.name, old=c)
        for c in old.columns
        if new.column(c.name) is None
    ]
    for column in new.columns:
        before = old.column(column.name)
        if before is None:
            changes.append(Change(ADD, "column", column.name, new.name, new=column))
            continue
        found = _column_details(before, column)
        if column.name in moved:
            found.append(
                (
                    "position",
                    f"position {_after(old, column.name)} -> {_after(new, column.name)}",
                )
            )
        if found:
            changes.append(
                Change(
                    ALTER,
                    "column",
                    column.name,
                    new.name,
                    before,
                    column,
                    tuple(a for a, _ in found),
                    tuple(t for _, t in found),
                )
            )
    return changes


def _after(table: Table, name: str) -> str:
    names = [c.name for c in table.columns]
    index = names.index(name)
    return "FIRST" if index == 0 else f"after {names[index - 1]}"


def _moved_columns(old: Table, new: Table) -> set[str]:
    """Columns kept on both sides whose relative order changed (outside the longest
    common subsequence), so adding or dropping a column never counts as moving others."""
    kept_old = [c.name for c in old.columns if new.column(c.name) is not None]
    kept_new = [c.name for c in new.columns if old.column(c.name) is not None]
    stay = set(longest_common_subsequence(kept_old, kept_new))
    return {name for name in kept_new if name not in stay}


def longest_common_subsequence(a: list[str], b: list[str]) -> list[str]:
    """A longest common subsequence of ``a`` and ``b`` (the columns that kept their order)."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = (
                lengths[i + 1][j + 1] + 1
                if a[i] == b[j]
                else max(lengths[i + 1][j], lengths[i][j + 1])
            )
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _column_details(old: Column, new: Column) -> list[tuple[str, str]]:
    found = []
    if old.type != new.type:
        found.append(("type", _was("type", type_label(old.type), type_label(new.type))))
    if old.nullable != new.nullable:
        found.append(
            (
                "nullable",
                f"{'NULL' if old.nullable else 'NOT NULL'} -> {'NULL' if new.nullable else 'NOT NULL'}",
            )
        )
    if old.default != new.default:
        found.append(("default", _was("default", old.default, new.default)))
    if old.auto_increment != new.auto_increment:
        found.append(
            ("auto_increment", _was("AUTO_INCREMENT", old.auto_increment, new.auto_increment))
        )
    if old.on_update != new.on_update:
        found.append(("on_update", _was("on update", old.on_update, new.on_update)))
    if old.charset != new.charset:
        found.append(("charset", _was("charset", old.charset, new.charset)))
    if old.collation != new.collation:
        found.append(("collation", _was("collation", old.collation, new.collation)))
    if (old.generated, old.storage) != (new.generated, new.storage):
        found.append(
            (
                "generated",
                _was(
                    "generated",
                    f"({old.generated}) {old.storage}" if old.generated else None,
                    f"({new.generated}) {new.storage}" if new.generated else None,
                ),
            )
        )
    if old.invisible != new.invisible:
        found.append(("invisible", _was("invisible", old.invisible, new.invisible)))
    if old.comment != new.comment:
        found.append(("comment", _was("comment", repr(old.comment), repr(new.comment))))
    return found


def _index_details(old: Index, new: Index) -> list[tuple[str, str]]:
    found = []
    if old.kind != new.kind:
        found.append(("kind", _was("kind", old.kind, new.kind)))
    if old.parts != new.parts:
        found.append(
            (
                "columns",
                _was(
                    "columns",
                    tuple(part_label(p) for p in old.parts),
                    tuple(part_label(p) for p in new.parts),
                ),
            )
        )
    if old.method != new.method and old.kind == new.kind:
        found.append(("method", _was("using", old.method, new.method)))
    if old.comment != new.comment:
        found.append(("comment", _was("comment", repr(old.comment), repr(new.comment))))
    if old.ignored != new.ignored:
        found.append(("ignored", _was("ignored", old.ignored, new.ignored)))
    return found


def _fk_details(old: ForeignKey, new: ForeignKey) -> list[tuple[str, str]]:
    found = []
    if old.columns != new.columns:
        found.append(("columns", _was("columns", old.columns, new.columns)))
    before = (old.ref_schema, old.ref_table, old.ref_columns)
    after = (new.ref_schema, new.ref_table, new.ref_columns)
    if before != after:
        found.append(("references", _was("references", _ref(old), _ref(new))))
    if old.on_delete != new.on_delete:
        found.append(("on_delete", _was("on delete", old.on_delete, new.on_delete)))
    if old.on_update != new.on_update:
        found.append(("on_update", _was("on update", old.on_update, new.on_update)))
    return found


def _ref(fk: ForeignKey) -> str:
    table = f"{fk.ref_schema}.{fk.ref_table}" if fk.ref_schema else fk.ref_table
    return f"{table} ({', '.join(fk.ref_columns)})"


def _check_details(old: Check, new: Check) -> list[tuple[str, str]]:
    found = []
    if old.clause != new.clause:
        found.append(("clause", _was("clause", old.clause, new.clause)))
    if old.column != new.column:
        found.append(("column", _was("column", old.column, new.column)))
    return found


# -- views, triggers, routines ---------------------------------------------------------------


def _view_details(old: View, new: View) -> list[tuple[str, str]]:
    found = []
    if old.select != new.select:
        found.append(("select", "definition changed"))
    for attribute in ("algorithm", "security", "check_option"):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            found.append((attribute, _was(attribute.replace("_", " "), before, after)))
    if not found and old.definition != new.definition:
        found.append(("definition", "definition changed"))
    return found


def _trigger_details(old: Trigger, new: Trigger) -> list[tuple[str, str]]:
    found = []
    if (old.timing, old.event, old.table) != (new.timing, new.event, new.table):
        found.append(
            (
                "event",
                _was(
                    "event",
                    f"{old.timing} {old.event} ON {old.table}",
                    f"{new.timing} {new.event} ON {new.table}",
                ),
            )
        )
    if old.body != new.body:
        found.append(("body", "body changed"))
    if old.order != new.order:
        found.append(("order", _was("order", old.order, new.order)))
    if not found and old.definition != new.definition:
        found.append(("definition", "definition changed"))
    return found


def _definition_details(old: Routine, new: Routine) -> list[tuple[str, str]]:
    if old.definition == new.definition:
        return []
    return [("definition", "definition changed")]


# -- the short form of an added or dropped object ------------------------------------------


def _summarised(change: Change, old: Schema, new: Schema) -> Change:
    if change.action == ALTER:
        return change
    schema, obj = (new, change.new) if change.action == ADD else (old, change.old)
    table = schema.table(change.table) if change.table else None
    return replace(change, summary=_summary(obj, table))


def _summary(obj: Any, table: Table | None) -> str:
    if isinstance(obj, Column):
        return column_summary(obj, table.options if table else None)
    if isinstance(obj, Index):
        return index_summary(obj)
    if isinstance(obj, ForeignKey):
        return foreign_key_summary(obj)
    if isinstance(obj, Check):
        return f"({obj.clause})"
    if isinstance(obj, Table):
        return f"({len(obj.columns)} column{'s' if len(obj.columns) != 1 else ''})"
    if isinstance(obj, Trigger):
        return f"({obj.timing} {obj.event} ON {obj.table})"
    return ""
