"""Autogeneration: the statements that turn one schema into another, and back. Pure.

``generate(old, new)`` compares two schemas and writes the statements that turn ``old``
into ``new`` (a revision's up file) and those that turn ``new`` back into ``old`` (its
rollback file), each in an order the server accepts with foreign key checks on:

1. ``DROP TRIGGER``: triggers dropped or changed;
2. ``DROP VIEW``: views dropped, each before the views it reads;
3. ``DROP PROCEDURE`` / ``DROP FUNCTION``: routines dropped or changed;
4. ``ALTER TABLE ... DROP FOREIGN KEY``: foreign keys dropped or changed, those whose
   columns change type (the server refuses to retype a column a foreign key uses), and
   those that make dropped tables reference each other in a cycle;
5. ``DROP TABLE``: each before the tables it references;
6. ``ALTER TABLE``: one per changed table: options, checks, keys and columns, with
   ``FIRST``/``AFTER`` where a column's place changes;
7. ``CREATE TABLE``: each after the tables it references, foreign keys inline;
8. ``ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY``: the rest of step 4, added back;
9. ``CREATE PROCEDURE`` / ``CREATE FUNCTION`` (in ``DELIMITER`` blocks);
10. ``CREATE VIEW`` (``CREATE OR REPLACE`` for a changed one), each after the views it reads;
11. ``CREATE TRIGGER``, placed in firing order with ``FOLLOWS``/``PRECEDES``.

The rollback is computed the same way from the other side, so it recreates a dropped
table with its full definition. What a comparison cannot know is said in comments: a
column (or table) that disappeared while a similar one appeared is written as a drop and
an add, with a comment suggesting ``RENAME``. The same schemas always give the same text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from roble_sql.schema.compare import (
    ADD,
    ALTER,
    DROP,
    Change,
    SchemaDiff,
    compare,
    longest_common_subsequence,
)
from roble_sql.schema.ddl import (
    check_sql,
    column_sql,
    create_routine_sql,
    create_table_sql,
    create_trigger_sql,
    create_view_sql,
    foreign_key_sql,
    index_sql,
    literal,
    quote,
)
from roble_sql.schema.dump import ordered_views
from roble_sql.schema.model import (
    MYSQL,
    Column,
    ForeignKey,
    Index,
    Schema,
    Table,
    TableOptions,
    Trigger,
    View,
)

# Attributes whose change makes the server refuse to alter a column a foreign key uses.
_RETYPING = frozenset({"type", "charset", "collation"})
_DELIMITERS = ("$$", "//", ";;", "$$$")
_FOR_EACH_ROW = re.compile(
    r"(\bFOR\s+EACH\s+ROW\b)(\s+(?:FOLLOWS|PRECEDES)\s+(?:`(?:[^`]|``)*`|[\w$]+))?",
    re.IGNORECASE,
)
_CREATE = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?", re.IGNORECASE)
_CREATE_VIEW = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM|VIEW|SQL)", re.I)
# Two columns whose names are at least this alike may be one column renamed.
_SIMILAR_NAMES = 0.6


@dataclass(frozen=True)
class Step:
    """One statement of a generated file."""

    sql: str  # without its terminator
    comments: tuple[str, ...] = ()  # lines written above it (without the leading "-- ")
    program: bool = False  # a stored program: written inside a DELIMITER block


@dataclass(frozen=True)
class GeneratedChanges:
    """What ``generate`` wrote: the statements both ways and what the reviewer must decide."""

    changes: SchemaDiff  # old -> new
    up: tuple[Step, ...]
    rollback: tuple[Step, ...]
    notes: tuple[str, ...] = ()  # rename hints and objects roble does not model
    rollback_notes: tuple[str, ...] = ()  # the same, seen from the rollback's side

    def __bool__(self) -> bool:
        return bool(self.changes)

    @property
    def up_sql(self) -> str:
        return steps_sql(self.up)

    @property
    def rollback_sql(self) -> str:
        return steps_sql(self.rollback)


def generate(old: Schema, new: Schema) -> GeneratedChanges:
    """The statements turning ``old`` into ``new`` (up) and ``new`` into ``old`` (rollback)."""
    forward = compare(old, new)
    backward = compare(new, old)
    # Decided once for both directions, so the rollback recreates exactly what the up
    # file recreates (a longest common subsequence has ties that depend on direction).
    triggers = _triggers_out_of_order(old, new, forward)
    up = _Planner(old, new, forward, triggers)
    down = _Planner(new, old, backward, triggers)
    up_steps, down_steps = tuple(up.steps()), tuple(down.steps())
    unmodelled = _unmodelled(old, new)
    return GeneratedChanges(
        forward, up_steps, down_steps, up.notes + unmodelled, down.notes + unmodelled
    )


def plan(old: Schema, new: Schema, diff: SchemaDiff | None = None) -> list[Step]:
    """The statements turning ``old`` into ``new`` (``diff``: ``compare(old, new)``)."""
    diff = compare(old, new) if diff is None else diff
    return _Planner(old, new, diff, _triggers_out_of_order(old, new, diff)).steps()


def steps_sql(steps: Sequence[Step]) -> str:
    """The statements as a file: one per paragraph, stored programs in DELIMITER blocks."""
    out: list[str] = []
    index = 0
    while index < len(steps):
        step = steps[index]
        if not step.program:
            out.append(_comments(step) + step.sql + ";\n")
            index += 1
            continue
        block = [step]
        while index + len(block) < len(steps) and steps[index + len(block)].program:
            block.append(steps[index + len(block)])
        delimiter = next(d for d in _DELIMITERS if not any(d in s.sql for s in block))
        body = "\n".join(_comments(s) + s.sql + delimiter + "\n" for s in block)
        out.append(f"DELIMITER {delimiter}\n{body}DELIMITER ;\n")
        index += len(block)
    return "\n".join(out)


def _comments(step: Step) -> str:
    return "".join(f"-- {line}\n" if line else "--\n" for line in step.comments)


def _unmodelled(old: Schema, new: Schema) -> tuple[str, ...]:
    skipped = sorted(set(old.skipped) | set(new.skipped))
    if not skipped:
        return ()
    return (f"not compared (roble does not model them): {', '.join(skipped)}",)


# -- the plan ---------------------------------------------------------------------------------


class _Planner:
    """The statements for one direction; ``notes`` collects what only a person can decide."""

    def __init__(
        self, old: Schema, new: Schema, diff: SchemaDiff, triggers_to_rebuild: frozenset[str]
    ):
        self.old, self.new = old, new
        self.flavor = new.flavor
        self.changes = list(diff)
        self.rebuild_triggers = triggers_to_rebuild
        self.notes: tuple[str, ...] = ()
        self.created = [c.new for c in self._of("table") if c.action == ADD]
        self.dropped = [c.old for c in self._of("table") if c.action == DROP]
        self.by_table: dict[str, list[Change]] = {}
        for change in self.changes:
            if change.kind in ("column", "index", "foreign key", "check"):
                self.by_table.setdefault(change.table or "", []).append(change)
            elif change.kind == "table" and change.action == ALTER:
                self.by_table.setdefault(change.name, []).append(change)

    def _of(self, *kinds: str) -> list[Change]:
        return [change for change in self.changes if change.kind in kinds]

    def steps(self) -> list[Step]:
        notes: list[str] = []
        create_order, deferred_creates = _creation_order(self.created)
        drop_order, deferred_drops = _creation_order(self.dropped)
        fk_drops, fk_adds, rebuilt = self._foreign_keys()
        fk_drops += deferred_drops
        fk_adds += deferred_creates
        steps: list[Step] = []
        steps += self._drop_triggers()
        steps += self._drop_views()
        steps += self._drop_routines()
        steps += _foreign_key_drops(fk_drops, rebuilt)
        renamed = _renamed_tables(self.dropped, self.created)
        for table in reversed(drop_order):
            comments: tuple[str, ...] = ()
            if table.name in renamed:
                target = renamed[table.name]
                comments = _rename_table_hint(table.name, target)
                notes.append(
                    f"table {table.name} was dropped and table {target} created with the same "
                    "columns: if it was renamed, write RENAME TABLE instead"
                )
            steps.append(Step(f"DROP TABLE {quote(table.name)}", comments))
        for name in sorted(self.by_table):
            before, after = self.old.table(name), self.new.table(name)
            if before is None or after is None:
                continue
            step, hints = self._alter_table(before, after, self.by_table[name])
            notes += hints
            if step is not None:
                steps.append(step)
        deferred = {(table, fk.name) for table, fk in deferred_creates}
        for table in create_order:
            inline = tuple(fk for fk in table.foreign_keys if (table.name, fk.name) not in deferred)
            steps.append(Step(create_table_sql(replace(table, foreign_keys=inline), self.flavor)))
        steps += _foreign_key_adds(fk_adds)
        steps += self._create_routines()
        steps += self._create_views()
        steps += self._create_triggers()
        self.notes = tuple(notes)
        return steps

    # -- foreign keys ------------------------------------------------------------------------

    def _foreign_keys(
        self,
    ) -> tuple[list[tuple[str, ForeignKey]], list[tuple[str, ForeignKey]], set[tuple[str, str]]]:
        """(to drop first, to add last, rebuilt around a column retype) of kept tables."""
        drops: list[tuple[str, ForeignKey]] = []
        adds: list[tuple[str, ForeignKey]] = []
        for change in self._of("foreign key"):
            table_name = change.table or ""
            if change.action in (DROP, ALTER):
                drops.append((table_name, change.old))
            if change.action in (ADD, ALTER):
                adds.append((table_name, change.new))
        retyped = {
            (change.table, change.name)
            for change in self._of("column")
            if change.action == ALTER and _RETYPING & set(change.changed)
        }
        rebuilt: set[tuple[str, str]] = set()
        for table in self.new.tables:
            before = self.old.table(table.name)
            if before is None:
                continue
            for fk in table.foreign_keys:
                if fk not in before.foreign_keys:
                    continue  # added or changed: already dropped and added above
                touched = any((table.name, c) in retyped for c in fk.columns) or (
                    fk.ref_schema is None
                    and any((fk.ref_table, c) in retyped for c in fk.ref_columns)
                )
                if touched:
                    drops.append((table.name, fk))
                    adds.append((table.name, fk))
                    rebuilt.add((table.name, fk.name))
        return drops, adds, rebuilt

    # -- one ALTER TABLE per changed table -----------------------------------------------------

    def _alter_table(
        self, old: Table, new: Table, changes: list[Change]
    ) -> tuple[Step | None, list[str]]:
        # A column in the table's collation need not name it, unless that collation changes
        # in the same statement: then each column says its own.
        options = new.options if old.options.collation == new.options.collation else None
        clauses: list[str] = []
        for change in changes:
            if change.kind == "table":
                options_clause = _options_clause(change.old.options, change.new.options)
                clauses += [options_clause] if options_clause else []
        checks = [c for c in changes if c.kind == "check"]
        indexes = [c for c in changes if c.kind == "index"]
        columns = {c.name: c for c in changes if c.kind == "column"}
        for change in checks:
            if change.old is not None and change.old.column is None:
                clauses.append(f"DROP CONSTRAINT {quote(change.name)}")
        for change in indexes:
            if change.action != ADD and not _only_ignored(change):
                clauses.append(_drop_index(change.old))
        dropped = [c.old for c in columns.values() if c.action == DROP]
        dropped.sort(key=lambda column: column.position)
        clauses += [f"DROP COLUMN {quote(column.name)}" for column in dropped]
        # Column-level checks (MariaDB) live in their column's definition.
        inline_changed = {
            check.column
            for change in checks
            for check in (change.old, change.new)
            if check is not None and check.column
        }
        clauses += self._column_clauses(new, columns, inline_changed, options)
        added_indexes = [
            change.new for change in indexes if change.action != DROP and not _only_ignored(change)
        ]
        added_indexes.sort(key=lambda index: (index.kind != "primary", index.position))
        clauses += [f"ADD {index_sql(i, new.options.engine, self.flavor)}" for i in added_indexes]
        for change in indexes:
            if _only_ignored(change):
                clauses.append(_ignore_index(change.new, self.flavor))
        for change in checks:
            if change.new is not None and change.new.column is None:
                clauses.append(f"ADD {check_sql(change.new)}")
        if not clauses:
            return None, []
        comments, notes = _rename_column_hints(new.name, dropped, columns, new)
        body = ",\n".join(f"  {clause}" for clause in clauses)
        return Step(f"ALTER TABLE {quote(new.name)}\n{body}", comments), notes

    def _column_clauses(
        self,
        table: Table,
        changes: dict[str, Change],
        inline_changed: set[str],
        options: TableOptions | None,
    ) -> list[str]:
        """ADD and MODIFY in the new table's column order: each placed after its new
        predecessor, which is in place by then (kept, or added or moved just before)."""
        names = [column.name for column in table.columns]
        trailing = len(names)  # columns from here on are all added: appended, no AFTER
        while trailing > 0 and _action(changes, names[trailing - 1]) == ADD:
            trailing -= 1
        clauses = []
        for index, column in enumerate(table.columns):
            change = changes.get(column.name)
            action = change.action if change is not None else None
            place = "FIRST" if index == 0 else f"AFTER {quote(names[index - 1])}"
            checks = tuple(c for c in table.checks if c.column == column.name)
            definition = column_sql(column, options, checks)
            if action == ADD:
                where = "" if index >= trailing else f" {place}"
                clauses.append(f"ADD COLUMN {definition}{where}")
            elif change is not None and "position" in change.changed:
                clauses.append(f"MODIFY COLUMN {definition} {place}")
            elif action == ALTER or column.name in inline_changed:
                clauses.append(f"MODIFY COLUMN {definition}")
        return clauses

    # -- views, routines, triggers -------------------------------------------------------------

    def _drop_views(self) -> list[Step]:
        gone = {c.name for c in self._of("view") if c.action == DROP}
        order = [v for v in reversed(ordered_views(self.old.views)) if v.name in gone]
        return [Step(f"DROP VIEW {quote(view.name)}") for view in order]

    def _create_views(self) -> list[Step]:
        wanted = {c.name: c.action for c in self._of("view") if c.action != DROP}
        steps = []
        for view in ordered_views(self.new.views):
            if view.name in wanted:
                steps.append(Step(_view_sql(view, replace_it=wanted[view.name] == ALTER)))
        return steps

    def _drop_routines(self) -> list[Step]:
        return [
            Step(f"DROP {change.old.kind} {quote(change.name)}")
            for change in self._of("procedure", "function")
            if change.action in (DROP, ALTER)
        ]

    def _create_routines(self) -> list[Step]:
        return [
            Step(create_routine_sql(change.new), program=True)
            for change in self._of("procedure", "function")
            if change.action in (ADD, ALTER)
        ]

    def _trigger_sets(self) -> tuple[set[str], set[str]]:
        """(to drop, to create): dropped, added, changed (other than their place), and
        those whose place can't be kept without recreating them."""
        drop, create = set(self.rebuild_triggers), set(self.rebuild_triggers)
        for change in self._of("trigger"):
            if change.action == ALTER and set(change.changed) == {"order"}:
                continue
            if change.action != ADD:
                drop.add(change.name)
            if change.action != DROP:
                create.add(change.name)
        drop &= {t.name for t in self.old.triggers}
        create &= {t.name for t in self.new.triggers}
        return drop, create

    def _drop_triggers(self) -> list[Step]:
        drop, _ = self._trigger_sets()
        return [Step(f"DROP TRIGGER {quote(t.name)}") for t in self.old.triggers if t.name in drop]

    def _create_triggers(self) -> list[Step]:
        _, create = self._trigger_sets()
        steps = []
        for group in _trigger_groups(self.new.triggers).values():
            present = [t.name for t in group if t.name not in create]  # in firing order
            for index, trigger in enumerate(group):
                if trigger.name not in create:
                    continue
                if index == 0:
                    clause = f"PRECEDES {quote(present[0])}" if present else None
                    present.insert(0, trigger.name)
                else:
                    before = group[index - 1].name
                    at = present.index(before) + 1
                    clause = f"FOLLOWS {quote(before)}" if at < len(present) else None
                    present.insert(at, trigger.name)
                steps.append(Step(_trigger_sql(trigger, clause), program=True))
        return steps


def _action(changes: dict[str, Change], name: str) -> str | None:
    change = changes.get(name)
    return change.action if change is not None else None


# -- tables: order, options, keys ------------------------------------------------------------


def _creation_order(tables: Sequence[Table]) -> tuple[list[Table], list[tuple[str, ForeignKey]]]:
    """Tables each after the tables it references (ties by name), and the foreign keys that
    close a cycle among them: those are added after all the tables exist (and dropped
    before any of them goes). Dropping happens in the reverse order."""
    by_name = {table.name: table for table in tables}

    def references(table: Table) -> list[ForeignKey]:
        return [
            fk
            for fk in table.foreign_keys
            if fk.ref_schema is None and fk.ref_table in by_name and fk.ref_table != table.name
        ]

    waiting = {name: {fk.ref_table for fk in references(t)} for name, t in by_name.items()}
    remaining = set(by_name)
    order: list[Table] = []
    deferred: list[tuple[str, ForeignKey]] = []
    while remaining:
        ready = sorted(name for name in remaining if not waiting[name] & remaining)
        if ready:
            name = ready[0]
        else:  # a cycle: the first table by name goes first, its references added later
            name = min(remaining)
            deferred += [
                (name, fk) for fk in references(by_name[name]) if fk.ref_table in remaining
            ]
        order.append(by_name[name])
        remaining.discard(name)
    return order, deferred


def _foreign_key_drops(
    drops: list[tuple[str, ForeignKey]], rebuilt: set[tuple[str, str]]
) -> list[Step]:
    steps = []
    for table, fks in _by_table(drops):
        again = [fk.name for fk in fks if (table, fk.name) in rebuilt]
        comments: tuple[str, ...] = ()
        if again:
            names = ", ".join(again)
            comments = (
                f"Foreign key {names} is dropped here and added again below: the type of the",
                "columns it links changes, which the server refuses while the key exists.",
            )
        body = ",\n".join(f"  DROP FOREIGN KEY {quote(fk.name)}" for fk in fks)
        steps.append(Step(f"ALTER TABLE {quote(table)}\n{body}", comments))
    return steps


def _foreign_key_adds(adds: list[tuple[str, ForeignKey]]) -> list[Step]:
    steps = []
    for table, fks in _by_table(adds):
        body = ",\n".join(f"  ADD {foreign_key_sql(fk)}" for fk in fks)
        steps.append(Step(f"ALTER TABLE {quote(table)}\n{body}"))
    return steps


def _by_table(pairs: Iterable[tuple[str, ForeignKey]]) -> list[tuple[str, list[ForeignKey]]]:
    grouped: dict[str, dict[str, ForeignKey]] = {}
    for table, fk in pairs:
        grouped.setdefault(table, {})[fk.name] = fk
    return [(table, [fks[name] for name in sorted(fks)]) for table, fks in sorted(grouped.items())]


def _options_clause(old: TableOptions, new: TableOptions) -> str:
    words = []
    if old.engine != new.engine and new.engine:
        words.append(f"ENGINE={new.engine}")
    if (old.charset, old.collation) != (new.charset, new.collation):
        if new.charset:
            words.append(f"DEFAULT CHARSET={new.charset}")
        if new.collation:
            words.append(f"COLLATE={new.collation}")
    if old.extra != new.extra:
        before = {_option_key(option): option for option in old.extra}
        after = {_option_key(option): option for option in new.extra}
        for key in sorted(set(before) | set(after)):
            if key not in after:
                words.append(f"{key}=DEFAULT")
            elif before.get(key) != after[key]:
                _, _, value = after[key].partition("=")
                words.append(f"{key}={value}" if value else key)
    if old.comment != new.comment:
        words.append(f"COMMENT={literal(new.comment)}")
    return " ".join(words)


def _option_key(option: str) -> str:
    key = option.partition("=")[0]
    return key if key.startswith("`") else key.upper()


def _only_ignored(change: Change) -> bool:
    return change.action == ALTER and set(change.changed) == {"ignored"}


def _drop_index(index: Index) -> str:
    return "DROP PRIMARY KEY" if index.kind == "primary" else f"DROP INDEX {quote(index.name)}"


def _ignore_index(index: Index, flavor: str) -> str:
    if flavor == MYSQL:
        state = "INVISIBLE" if index.ignored else "VISIBLE"
    else:
        state = "IGNORED" if index.ignored else "NOT IGNORED"
    return f"ALTER INDEX {quote(index.name)} {state}"


# -- what a comparison can't know: renames -----------------------------------------------------


def _rename_column_hints(
    table: str, dropped: list[Column], changes: dict[str, Change], new: Table
) -> tuple[tuple[str, ...], list[str]]:
    """A dropped column and an added one that look alike: maybe one column, renamed."""
    added = [column for column in new.columns if _action(changes, column.name) == ADD]
    comments: list[str] = []
    notes: list[str] = []
    taken: set[str] = set()
    for gone in dropped:
        candidates = [
            (column.type == gone.type, _likeness(gone.name, column.name), -column.position, column)
            for column in added
            if column.name not in taken
        ]
        candidates = [c for c in candidates if c[0] or c[1] >= _SIMILAR_NAMES]
        if not candidates:
            continue
        *_, best = max(candidates, key=lambda c: c[:3])
        taken.add(best.name)
        same = f"both {best.type}" if best.type == gone.type else f"{gone.type} -> {best.type}"
        if comments:
            comments.append("")
        comments += [
            f"Column {table}.{gone.name} disappears and {table}.{best.name} appears ({same}).",
            "If it is the same column renamed, replace its DROP COLUMN and ADD COLUMN below with",
            f"  RENAME COLUMN {quote(gone.name)} TO {quote(best.name)}",
            f"(and MODIFY it if its definition changes too): as generated, the values in "
            f"{gone.name} are lost.",
        ]
        notes.append(
            f"column {table}.{gone.name} was dropped and {table}.{best.name} added: if it was "
            "renamed, write RENAME COLUMN instead (the comment in the file says how)"
        )
    return tuple(comments), notes


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _renamed_tables(dropped: Sequence[Table], created: Sequence[Table]) -> dict[str, str]:
    """Dropped table -> created table with the same columns (names and types)."""
    found: dict[str, str] = {}
    for gone in sorted(dropped, key=lambda t: t.name):
        shape = [(c.name, c.type) for c in gone.columns]
        for table in sorted(created, key=lambda t: t.name):
            if (
                table.name not in found.values()
                and [(c.name, c.type) for c in table.columns] == shape
            ):
                found[gone.name] = table.name
                break
    return found


def _rename_table_hint(old: str, new: str) -> tuple[str, ...]:
    return (
        f"Table {old} disappears and table {new} (created below) has the same columns.",
        f"If it is the same table renamed, replace this DROP TABLE and the CREATE TABLE {new}",
        f"below with RENAME TABLE {quote(old)} TO {quote(new)}: as generated, its rows are lost.",
    )


# -- views and triggers ----------------------------------------------------------------------


def _view_sql(view: View, *, replace_it: bool) -> str:
    text = create_view_sql(view)
    if not replace_it:
        return text
    return _CREATE.sub("CREATE OR REPLACE ", text, count=1)


def _trigger_sql(trigger: Trigger, clause: str | None) -> str:
    """The trigger as written, placed with FOLLOWS/PRECEDES (the server does not keep
    that clause in the text it shows, so the definition compares equal)."""
    text = create_trigger_sql(trigger)
    return _FOR_EACH_ROW.sub(lambda m: m.group(1) + (f" {clause}" if clause else ""), text, count=1)


def _trigger_groups(triggers: Iterable[Trigger]) -> dict[tuple[str, str, str], list[Trigger]]:
    """Triggers by (table, event, timing), each group in firing order."""
    groups: dict[tuple[str, str, str], list[Trigger]] = {}
    for trigger in sorted(triggers, key=lambda t: (t.table, t.event, t.timing, t.order, t.name)):
        groups.setdefault((trigger.table, trigger.event, trigger.timing), []).append(trigger)
    return groups


def _triggers_out_of_order(old: Schema, new: Schema, diff: SchemaDiff) -> frozenset[str]:
    """Triggers only renumbered by the change whose firing order among the other kept
    triggers is not the same on both sides: they are dropped and created again."""
    changed = {c.name: c for c in diff if c.kind == "trigger"}

    def kept(name: str) -> bool:
        change = changed.get(name)
        return change is None or (change.action == ALTER and set(change.changed) == {"order"})

    before, after = _trigger_groups(old.triggers), _trigger_groups(new.triggers)
    out: set[str] = set()
    for key in sorted(set(before) & set(after)):
        first = [t.name for t in before[key] if kept(t.name)]
        second = [t.name for t in after[key] if kept(t.name)]
        both = set(first) & set(second)
        first = [n for n in first if n in both]
        second = [n for n in second if n in both]
        out |= set(second) - set(longest_common_subsequence(first, second))
    return frozenset(out)


# -- whole files -----------------------------------------------------------------------------


def up_file(migration: GeneratedChanges, source: str) -> str:
    """The up file's body (after the revision header): a notice, then the statements."""
    lines = [
        f"Generated by `roble new --autogenerate` from {source}:",
        "the statements that turn the schema the earlier revisions build into that schema.",
        *_REVIEW,
    ]
    return _notice(lines, migration.up, migration.notes) + "\n" + migration.up_sql


def rollback_file(migration: GeneratedChanges, source: str) -> str:
    """The rollback file's body: a notice, then the statements that turn it back."""
    lines = [
        f"Generated by `roble new --autogenerate` from {source}:",
        "the statements that turn that schema back into the one the earlier revisions build.",
        *_REVIEW,
    ]
    notice = _notice(lines, migration.rollback, migration.rollback_notes)
    return notice + "\n" + migration.rollback_sql


def script(migration: GeneratedChanges, heading: Sequence[str]) -> str:
    """The up statements under ``heading`` comment lines (``roble diff --sql``)."""
    return _notice(list(heading), migration.up, migration.notes) + "\n" + migration.up_sql


_REVIEW = (
    "REVIEW IT BEFORE APPLYING: roble compares schemas, not intentions. It can't tell a",
    "rename from a drop and an add, it moves no data, and it picks no ALGORITHM/LOCK.",
)


def _notice(lines: list[str], steps: Sequence[Step], notes: Sequence[str]) -> str:
    if any(step.program or _CREATE_VIEW.match(step.sql) for step in steps):
        lines.append("Views, triggers and routines are written without DEFINER: they get the")
        lines.append("user who applies the revision.")
    lines += [f"Note: {note}." for note in notes]
    return "".join(f"-- {line}\n" for line in lines)
