"""RB402: a rollback that does not undo its up file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from roble_sql.lint.analysis import (
    AlterObject,
    AlterTable,
    CreateIndex,
    CreateObject,
    CreateTable,
    DropIndex,
    DropObjects,
    Name,
    RenameTables,
    Stmt,
)
from roble_sql.lint.base import ERROR, UP_ONLY, Hit, Rule
from roble_sql.lint.model import LintContext, RevisionUnit
from roble_sql.lint.registry import register

_OBJECTS = ("view", "trigger", "procedure", "function", "event")


@dataclass(frozen=True, slots=True)
class _Change:
    """One object-level change: what an up file did, or what a rollback statement does."""

    kind: str  # create_table, add_column, add_index, add_pk, add_fk, add_check, create_view...,
    # drop_table, drop_column, drop_index, drop_pk, drop_fk, drop_check, drop_constraint,
    # drop_view..., rename_table, rename_column, rename_index
    table: str | None = None  # lower case
    name: str | None = None  # lower case
    new: str | None = None  # renames: the new name
    line: int = 0
    shown: tuple[str, ...] = ()  # names as written, for messages: (table, name, new)
    or_replace: bool = False
    columns: tuple[str, ...] = ()  # lower case: the columns of a key
    provides: frozenset[str] = frozenset()  # objects this change makes: "col:t.c", "table:t"
    uses: frozenset[str] = frozenset()  # objects it needs: a key's columns, a referenced table
    if_exists: bool = False  # DROP ... IF EXISTS: a change only if the object is there


@register
class RollbackMismatch(Rule):
    """Rollback does not undo the up file, object by object, in reverse order.

    The rollback file must undo exactly what the up file did: every CREATE TABLE, INDEX,
    VIEW, TRIGGER, PROCEDURE or FUNCTION needs its DROP, every ADD COLUMN its DROP COLUMN,
    every ADD CONSTRAINT/FOREIGN KEY/INDEX its DROP, every RENAME its reverse rename, and
    every object dropped must be created again. Changes that depend on each other (a key
    and its columns, a foreign key and the table it references, a trigger and its table)
    must be undone in reverse order, or the rollback fails halfway: a column can't be
    dropped while a foreign key still uses it. Reported on the up file's statement. Data
    changes and MODIFY are not compared; what the up file adds to a table it creates goes
    with the table.

    **Anti-pattern**

    ```sql
    -- file: 0004_add_color_to_furniture.sql
    -- roble: ignore RB203 adding a foreign key with foreign_key_checks=1 needs ALGORITHM=COPY
    ALTER TABLE furniture
        ADD COLUMN id_color INT NULL,
        ADD CONSTRAINT fk_furniture_color FOREIGN KEY (id_color) REFERENCES colors (id_color),
        ALGORITHM=COPY, LOCK=SHARED;
    -- file: 0004_add_color_to_furniture.rollback.sql
    ALTER TABLE furniture DROP COLUMN id_color, ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Best practice**

    ```sql
    -- file: 0004_add_color_to_furniture.sql
    -- roble: ignore RB203 adding a foreign key with foreign_key_checks=1 needs ALGORITHM=COPY
    ALTER TABLE furniture
        ADD COLUMN id_color INT NULL,
        ADD CONSTRAINT fk_furniture_color FOREIGN KEY (id_color) REFERENCES colors (id_color),
        ALGORITHM=COPY, LOCK=SHARED;
    -- file: 0004_add_color_to_furniture.rollback.sql
    ALTER TABLE furniture DROP FOREIGN KEY fk_furniture_color, ALGORITHM=INPLACE, LOCK=NONE;
    ALTER TABLE furniture DROP INDEX fk_furniture_color, ALGORITHM=INPLACE, LOCK=NONE;
    ALTER TABLE furniture DROP COLUMN id_color, ALGORITHM=INPLACE, LOCK=NONE;
    ```
    """

    code = "RB402"
    severity = ERROR
    roles = UP_ONLY

    def check_revision(self, revision: RevisionUnit, ctx: LintContext) -> Iterator[Hit]:
        up, rollback = revision.up, revision.rollback
        if up is None or rollback is None or not up.readable or not rollback.readable:
            return
        if up.split_error or rollback.split_error or not rollback.statement_count:
            return  # RB001 / RB401 speak for these
        undo = [(stmt, list(_changes(stmt))) for stmt in rollback.statements]
        placed: list[tuple[_Change, Stmt]] = []
        for effect in _net_effects(up.statements):
            match = _undone_by(effect, undo)
            if match is None:
                what, fix = _describe(effect)
                yield Hit(
                    effect.line,
                    f"the rollback does not {what}, so 'roble downgrade' would leave the "
                    f"schema changed; add '{fix}' to {rollback.path.name}",
                )
            else:
                placed.append((effect, match))
        yield from _order(placed)


def _undone_by(effect: _Change, undo: list[tuple[Stmt, list[_Change]]]) -> Stmt | None:
    """The first rollback statement that undoes ``effect``."""
    for stmt, changes in undo:
        if any(_undoes(change, effect) for change in changes):
            return stmt
    if effect.kind == "add_index" and effect.columns:
        # An index goes with its columns: MySQL drops it with the last one dropped.
        dropped = set()
        for stmt, changes in undo:
            dropped |= {
                c.name for c in changes if c.kind == "drop_column" and c.table == effect.table
            }
            if set(effect.columns) <= dropped:
                return stmt
    return None


def _order(placed: list[tuple[_Change, Stmt]]) -> Iterator[Hit]:
    """Dependent changes undone in the order they were made make the rollback fail halfway.

    A foreign key's need for the table it references is the one the server lets go when
    the rollback runs with FOREIGN_KEY_CHECKS=0 (as every dump-style rollback does).
    """
    for later_index, (later, later_undo) in enumerate(placed):
        for earlier, earlier_undo in placed[:later_index]:
            if earlier_undo.index >= later_undo.index:
                continue
            shared = earlier.provides & later.uses | later.provides & earlier.uses
            if not shared:
                continue
            checks = earlier_undo.session.foreign_key_checks
            only_references = all(item.startswith("ref:") for item in shared)
            if only_references and checks is False:
                continue
            what, _ = _describe(later)
            before, _ = _describe(earlier)
            yield Hit(
                later.line,
                f"the rollback undoes this change ({what}) on its line {later_undo.line}, "
                f"after undoing an earlier one it depends on ({before}) on its line "
                f"{earlier_undo.line}, so it fails there; undo in reverse order: move "
                f"rollback line {later_undo.line} before line {earlier_undo.line}"
                + (", or run it with SET FOREIGN_KEY_CHECKS=0" if only_references else ""),
                unsure=only_references and checks is None,
            )
            break


# --- what an up file did ---------------------------------------------------------------------

_UNDO_OF_DROP = {
    "drop_table": "create_table",
    "drop_column": "add_column",
    "drop_index": "add_index",
    "drop_pk": "add_pk",
    "drop_fk": "add_fk",
    "drop_check": "add_check",
    **{f"drop_{obj}": f"create_{obj}" for obj in _OBJECTS},
}
_CREATE_OF = {value: key for key, value in _UNDO_OF_DROP.items()}
_SUB_OBJECTS = frozenset(
    {"add_column", "add_index", "add_pk", "add_fk", "add_check", "create_trigger"}
)


def _net_effects(statements: list[Stmt]) -> list[_Change]:
    """What the up file leaves changed: creating and dropping one object cancel out, and
    whatever changes a table created in the same file goes with that table."""
    effects: list[_Change] = []
    created_tables: set[str] = set()
    for stmt in statements:
        for change in _changes(stmt, up=True):
            if change.table is not None and change.table in created_tables:
                continue
            if change.if_exists and not _made_here(change, effects, created_tables):
                continue  # whether it dropped anything is unknown
            if change.kind == "drop_table" and change.name in created_tables:
                created_tables.discard(change.name)
                effects = [e for e in effects if e.name != change.name or e.kind != "create_table"]
                continue
            if change.kind == "create_table" and change.name:
                created_tables.add(change.name)
            creation = _UNDO_OF_DROP.get(change.kind)
            cancelled = next(
                (e for e in effects if e.kind == creation and _same_object(e, change)),
                None,
            )
            if cancelled is not None:
                effects.remove(cancelled)
                continue
            effects.append(change)
    return effects


def _made_here(drop: _Change, effects: list[_Change], created_tables: set[str]) -> bool:
    """Whether an IF EXISTS drop meets an object the up file itself made before it (the
    dump's placeholder table dropped before the view of that name is created)."""
    if drop.kind == "drop_table":
        return drop.name in created_tables
    creation = _UNDO_OF_DROP.get(drop.kind)
    return any(e.kind == creation and _same_object(e, drop) for e in effects)


def _changes(stmt: Stmt, up: bool = False) -> Iterator[_Change]:
    """The object-level changes of one statement. Temporary tables are left out; `IF
    EXISTS` drops in up files are marked (they change something only if the object is
    there)."""
    shape = stmt.shape
    line = stmt.line
    if isinstance(shape, CreateTable) and not shape.temporary:
        references = {fk.references.key for fk in shape.foreign_keys if fk.references} | {
            c.references.key for c in shape.columns if c.references
        }
        yield _Change(
            "create_table",
            name=shape.name.key,
            line=line,
            shown=(str(shape.name),),
            # "ref:": what a foreign key needs, which FOREIGN_KEY_CHECKS=0 lets go
            provides=frozenset({f"table:{shape.name.key}", f"ref:{shape.name.key}"}),
            uses=frozenset(f"ref:{ref}" for ref in references),
        )
    elif isinstance(shape, CreateIndex):
        yield _key_change("add_index", shape.table, shape.name, line, shape.columns)
    elif isinstance(shape, DropIndex):
        drop = _key_change("drop_index", shape.table, shape.name, line)
        yield dataclasses.replace(drop, if_exists=up and shape.if_exists)
    elif isinstance(shape, CreateObject) and shape.object in _OBJECTS and shape.name:
        table = shape.table.key if shape.table is not None else None
        yield _Change(
            f"create_{shape.object}",
            table=table,
            name=shape.name.key,
            line=line,
            shown=(str(shape.table or ""), str(shape.name)),
            or_replace=shape.or_replace,
            provides=frozenset({f"{shape.object}:{shape.name.key}"}),
            uses=frozenset({f"table:{table}"} if table else ()),
        )
    elif isinstance(shape, DropObjects) and not shape.temporary:
        if shape.object == "table" or shape.object in _OBJECTS:
            for name in shape.names:
                yield _Change(
                    f"drop_{shape.object}",
                    name=name.key,
                    line=line,
                    shown=("", str(name)),
                    if_exists=up and shape.if_exists,
                )
    elif isinstance(shape, RenameTables):
        for old, new in shape.pairs:
            yield _rename("rename_table", None, old.name, new.name, line)
    elif isinstance(shape, AlterObject) and shape.object == "view" and shape.name and not up:
        # ALTER VIEW in a rollback restores the definition a CREATE OR REPLACE VIEW replaced
        yield _Change("create_view", name=shape.name.key, line=line, or_replace=True)
    elif isinstance(shape, AlterTable):
        yield from _alter_changes(shape, up)


def _alter_changes(shape: AlterTable, up: bool) -> Iterator[_Change]:
    table = shape.name
    for clause in shape.clauses:
        action, line = clause.action, clause.line
        if action == "add_column":
            for column in clause.columns:
                yield _Change(
                    "add_column",
                    table=table.key,
                    name=column.key,
                    line=line,
                    shown=(str(table), column.name),
                    provides=frozenset({f"col:{table.key}.{column.key}"}),
                    uses=frozenset({f"table:{table.key}"}),
                )
        elif action in ("add_index", "add_pk") and clause.index is not None:
            index = clause.index
            yield _key_change(action, table, index.name, line, index.columns)
        elif action == "add_fk" and clause.foreign_key is not None:
            fk = clause.foreign_key
            ref = {f"ref:{fk.references.key}"} if fk.references else set()
            yield _key_change("add_fk", table, fk.name, line, fk.columns, ref)
        elif action == "add_check":
            yield _key_change("add_check", table, clause.name, line)
        elif action.startswith("drop_") and action != "drop_partition":
            drop = _key_change(action, table, clause.name, line)
            yield dataclasses.replace(drop, if_exists=up and clause.if_exists)
        elif action in ("rename_column", "change") and clause.name and clause.new_name:
            if clause.name.lower() != clause.new_name.lower():
                yield _rename("rename_column", table, clause.name, clause.new_name, line)
        elif action == "rename_index" and clause.name and clause.new_name:
            yield _rename("rename_index", table, clause.name, clause.new_name, line)
        elif action == "rename_table" and clause.new_table is not None:
            yield _rename("rename_table", None, table.name, clause.new_table.name, line)


def _key_change(
    kind: str,
    table: Name,
    name: str | None,
    line: int,
    columns: tuple[str, ...] = (),
    uses: set[str] | None = None,
) -> _Change:
    """A change to a table's columns, indexes or constraints."""
    lowered = tuple(c.lower() for c in columns)
    key = name.lower() if name else None
    return _Change(
        kind,
        table=table.key,
        name=key,
        line=line,
        shown=(str(table), name or ""),
        columns=lowered,
        provides=frozenset({f"{kind.split('_', 1)[1]}:{table.key}.{key}"}),  # index:t.i
        uses=frozenset({f"col:{table.key}.{c}" for c in lowered} | (uses or set())),
    )


def _rename(kind: str, table: Name | None, old: str, new: str, line: int) -> _Change:
    what = kind.removeprefix("rename_")
    prefix = "table:" if table is None else f"{'col' if what == 'column' else what}:{table.key}."
    return _Change(
        kind,
        table=table.key if table is not None else None,
        name=old.lower(),
        new=new.lower(),
        line=line,
        shown=(str(table) if table is not None else "", old, new),
        provides=frozenset({prefix + new.lower()}),
        uses=frozenset({prefix + old.lower()}),
    )


# --- what undoes what -------------------------------------------------------------------------


def _same_object(one: _Change, other: _Change) -> bool:
    """Same name, and same table where the statement says it: DROP TRIGGER names no table."""
    if one.name != other.name:
        return False
    program = one.kind.split("_", 1)[1] in _OBJECTS
    return program or one.table == other.table


def _undoes(undo: _Change, effect: _Change) -> bool:
    kind = effect.kind
    if undo.kind == "drop_table" and undo.name == effect.table and effect.table is not None:
        return kind in _SUB_OBJECTS  # dropping the table takes its columns, keys, triggers
    if kind.startswith("rename_"):
        return (
            undo.kind == kind
            and undo.name == effect.new
            and undo.new == effect.name
            and (kind == "rename_table" or undo.table == effect.table)
        )
    if kind.startswith("create_") and kind != "create_table":  # views and stored programs
        if undo.kind == f"drop_{kind[7:]}" and undo.name == effect.name:
            return True
        return effect.or_replace and undo.kind == kind and undo.name == effect.name
    if kind in _CREATE_OF:  # the up file created something: the rollback must drop it
        if undo.table != effect.table:
            return False
        if undo.kind == "drop_constraint" and kind in ("add_fk", "add_check", "add_index"):
            return effect.name is None or undo.name == effect.name
        if undo.kind != _CREATE_OF[kind]:
            return False
        return effect.name is None or undo.name == effect.name or kind == "add_pk"
    if kind in _UNDO_OF_DROP:  # the up file dropped something: the rollback must re-create it
        if not _same_object(undo, effect):
            return False
        # a foreign key re-created with ADD CONSTRAINT also re-creates its index by that name
        return undo.kind == _UNDO_OF_DROP[kind] or (kind == "drop_index" and undo.kind == "add_fk")
    if kind == "drop_constraint":
        return (
            undo.kind in ("add_fk", "add_check", "add_index", "add_pk")
            and undo.table == effect.table
            and undo.name == effect.name
        )
    return False


def _describe(effect: _Change) -> tuple[str, str]:
    """(what the rollback should do, the statement that does it) for `effect`."""
    table, name, *rest = (*effect.shown, "", "")
    new = rest[0] if rest else ""
    kind = effect.kind
    if kind == "create_table":
        return f"drop table {table} created here", f"DROP TABLE {table};"
    if kind == "add_column":
        return (
            f"drop column {table}.{name} added here",
            f"ALTER TABLE {table} DROP COLUMN {name};",
        )
    if kind == "add_index":
        shown = name or "(the index)"
        return (
            f"drop index {shown} added here on {table}",
            f"ALTER TABLE {table} DROP INDEX {shown};",
        )
    if kind == "add_pk":
        return (
            f"drop the primary key added here to {table}",
            f"ALTER TABLE {table} DROP PRIMARY KEY;",
        )
    if kind == "add_fk":
        shown = name or "<its name>"
        return (
            f"drop foreign key {shown} added here to {table}",
            f"ALTER TABLE {table} DROP FOREIGN KEY {shown};",
        )
    if kind == "add_check":
        shown = name or "<its name>"
        return (
            f"drop check constraint {shown} added here to {table}",
            f"ALTER TABLE {table} DROP CONSTRAINT {shown};",
        )
    if kind.startswith("create_"):
        obj = kind[7:]
        verb = "drop (or restore)" if effect.or_replace else "drop"
        return f"{verb} {obj} {name} created here", f"DROP {obj.upper()} {name};"
    if kind.startswith("rename_"):
        obj = kind[7:]
        if obj == "table":
            return (
                f"rename table {new} back to {name}",
                f"RENAME TABLE {new} TO {name};",
            )
        return (
            f"rename {obj} {table}.{new} back to {name}",
            f"ALTER TABLE {table} RENAME {obj.upper()} {new} TO {name};",
        )
    if kind == "drop_table":
        return f"re-create table {name} dropped here", f"CREATE TABLE {name} (...);"
    if kind == "drop_column":
        return (
            f"re-add column {table}.{name} dropped here",
            f"ALTER TABLE {table} ADD COLUMN {name} ...;",
        )
    if kind == "drop_index":
        return (
            f"re-create index {name} dropped here from {table}",
            f"ALTER TABLE {table} ADD INDEX {name} (...);",
        )
    if kind == "drop_pk":
        return (
            f"re-add the primary key dropped here from {table}",
            f"ALTER TABLE {table} ADD PRIMARY KEY (...);",
        )
    if kind in ("drop_fk", "drop_constraint", "drop_check"):
        what = "foreign key" if kind == "drop_fk" else "constraint"
        return (
            f"re-add {what} {name} dropped here from {table}",
            f"ALTER TABLE {table} ADD CONSTRAINT {name} ...;",
        )
    obj = kind[5:]
    return f"re-create {obj} {name} dropped here", f"CREATE {obj.upper()} {name} ...;"
