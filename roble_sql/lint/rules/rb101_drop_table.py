"""RB101: DROP TABLE / DROP DATABASE / DROP SCHEMA / TRUNCATE in an up file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from roble_sql.lint.analysis import AlterTable, CreateTable, DropObjects, Name, Stmt, Truncate
from roble_sql.lint.base import ERROR, UP_ONLY, Hit, Rule
from roble_sql.lint.model import Kept, StatementContext
from roble_sql.lint.registry import register


@register
class DropTable(Rule):
    """DROP TABLE, DROP DATABASE/SCHEMA or TRUNCATE in an up file.

    These destroy data the moment they run, and MySQL commits them at once: no rollback
    file can bring the rows back. `ALTER TABLE ... DROP/TRUNCATE PARTITION` deletes the
    rows of those partitions just the same. Tables created earlier in the same revision
    hold no old data and are not reported; rollback files are meant to drop what their
    up file created and are not checked.

    **Anti-pattern**

    ```sql
    DROP TABLE legacy_finishes;
    ```

    **Best practice**

    ```sql
    -- Keep the rows until nothing reads them: rename now, drop in a later reviewed revision.
    -- roble: ignore RB302 nothing has read legacy_finishes since release 3.0 (MR-260)
    RENAME TABLE legacy_finishes TO zz_retired_legacy_finishes_20260310;
    ```
    """

    code = "RB101"
    severity = ERROR
    roles = UP_ONLY
    shapes = (
        AlterTable,
        CreateTable,  # noted: a dump's DROP TABLE before CREATE TABLE gets other advice
        DropObjects,
        Truncate,
    )  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, DropObjects) and shape.object in ("database", "schema"):
            names = ", ".join(str(n) for n in shape.names) or "?"
            yield Hit(
                stmt.line,
                f"DROP {shape.object.upper()} {names} destroys every table in it at once and "
                "can't be rolled back; a revision must not drop databases: do it by hand, "
                "reviewed and backed up, outside the migration history",
            )
        elif isinstance(shape, DropObjects) and shape.object == "table" and not shape.temporary:
            old = [n for n in shape.names if not ctx.is_new_table(n)]
            if old:  # reported at the file's end: a later CREATE TABLE changes the advice
                known = ctx.catalog is not None and any(ctx.catalog.has_table(n) for n in old)
                ctx.keep(_DROPS, _Drop(stmt, shape, old, known))
        elif isinstance(shape, CreateTable):
            ctx.keep(_CREATES, (stmt.index, shape.name.key))
        elif isinstance(shape, Truncate) and not ctx.is_new_table(shape.table):
            yield Hit(
                stmt.line,
                f"TRUNCATE {shape.table} deletes every row and commits at once, so it can't "
                "be rolled back; if the rows must go, keep a copy first (CREATE TABLE ... "
                "SELECT) or delete the rows you mean with DELETE ... WHERE",
            )
        elif isinstance(shape, AlterTable) and not ctx.is_new_table(shape.name):
            for clause in shape.clauses:
                if clause.action in ("drop_partition", "truncate_partition"):
                    verb = "DROP" if clause.action == "drop_partition" else "TRUNCATE"
                    yield Hit(
                        clause.line,
                        f"ALTER TABLE {shape.name} {verb} PARTITION deletes the rows of those "
                        "partitions at once and can't be rolled back; archive them first "
                        "(EXCHANGE PARTITION into a table you keep)",
                    )

    def finish_file(self, ctx: StatementContext) -> Iterator[Hit]:
        created = ctx.kept(_CREATES)
        for drop in ctx.kept(_DROPS):
            names = {n.key for n in drop.shape.names}
            recreated = any(i > drop.stmt.index and key in names for i, key in created)
            yield _drop_table(drop, recreated)


# CREATE TABLE statements of the file: (index, table key)
_CREATES: Kept[tuple[int, str]] = Kept("RB101.creates")


class _Drop(NamedTuple):
    """A DROP TABLE of tables the file did not create, as known when it was read."""

    stmt: Stmt
    shape: DropObjects
    old: list[Name]
    known: bool  # an earlier revision made one of them


_DROPS: Kept[_Drop] = Kept("RB101.drops")  # reported at the end of the file


def _drop_table(drop: _Drop, recreated: bool) -> Hit:
    """DROP TABLE of tables this file did not create. It destroys data for sure when a
    table is known to exist (an earlier revision made it), and without IF EXISTS (it fails
    when the table is absent); DROP TABLE IF EXISTS of a table the history never made
    (the dump's habit before CREATE TABLE) may drop nothing at all: a warning."""
    stmt, shape, old, known = drop
    shown = ", ".join(str(n) for n in old)
    what = "the table and its rows" if len(old) == 1 else "the tables and their rows"
    advice = (
        f"Rename it away first (RENAME TABLE {old[0]} TO zz_retired_{old[0]}) and "
        "drop it in a later revision once nothing uses it"
    )
    if recreated:
        advice = (
            "Dumps write DROP TABLE IF EXISTS before CREATE TABLE: in a revision, "
            "remove the DROP (mariadb-dump --skip-add-drop-table)"
        )
    if shape.if_exists and not known:
        return Hit(
            stmt.line,
            f"DROP TABLE IF EXISTS {shown}: no earlier revision creates it, so this drops "
            f"nothing on a database the history built, but deletes {what} at once on one "
            f"where it exists. {advice}",
            unsure=True,
        )
    return Hit(
        stmt.line,
        f"DROP TABLE {shown} deletes {what} as soon as it runs; MySQL "
        f"commits it at once and no rollback can restore the data. {advice}",
    )
