"""RB103: UPDATE or DELETE without WHERE."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from roble_sql.lint.analysis import Dml, DropObjects, Name, Stmt
from roble_sql.lint.base import ERROR, Hit, Rule
from roble_sql.lint.model import Kept, StatementContext
from roble_sql.lint.registry import register


@register
class UnboundedDml(Rule):
    """UPDATE or DELETE without WHERE.

    It changes or deletes every row of the table, locks all of them while it runs, and on
    a big table it holds the revision's transaction (and replication) for a long time.
    Usually the WHERE was forgotten. Not reported: multi-table statements restricted by a
    join; tables created earlier in the same file or dropped later in it; and a backfill,
    an UPDATE that only sets columns added (ADD COLUMN) earlier in the same revision or by
    a revision it depends on directly.

    **Anti-pattern**

    ```sql
    UPDATE colors SET active = FALSE;
    ```

    **Best practice**

    ```sql
    UPDATE colors SET active = FALSE WHERE deleted_at IS NOT NULL;
    ```
    """

    code = "RB103"
    severity = ERROR
    # DML is what it checks; DROP TABLE is noted (rows deleted before the table is
    # dropped, a rollback's cleanup, are no loss). The engine skips the other shapes.
    shapes = (Dml, DropObjects)

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterable[Hit]:
        shape = stmt.shape
        if isinstance(shape, DropObjects) and shape.object == "table":
            ctx.keep(_DROPS, (stmt.index, frozenset(n.key for n in shape.names)))
        elif isinstance(shape, Dml) and shape.table and (hit := self._unbounded(stmt, ctx)):
            # reported at the end unless the table is dropped later
            ctx.keep(_UNBOUNDED, (stmt.index, shape.table.key, hit))
        return ()

    def finish_file(self, ctx: StatementContext) -> Iterator[Hit]:
        drops = ctx.kept(_DROPS)
        for at, table, hit in ctx.kept(_UNBOUNDED):
            if not any(index > at and table in names for index, names in drops):
                yield hit

    def _unbounded(self, stmt: Stmt, ctx: StatementContext) -> Hit | None:
        shape = stmt.shape
        if not isinstance(shape, Dml) or shape.verb not in ("UPDATE", "DELETE"):
            return None
        if shape.has_where or shape.multi_table or shape.table is None:
            return None
        table = shape.table
        if ctx.is_new_table(table):
            return None
        if shape.verb == "UPDATE":
            if _is_backfill(table, shape.set_columns, ctx):
                return None
            return Hit(
                stmt.line,
                f"UPDATE {table} without WHERE changes every row and locks them all while "
                "it runs; add the WHERE that selects the rows to change (if every row is "
                "meant, say so: '-- roble: ignore RB103 <why>')",
            )
        return Hit(
            stmt.line,
            f"DELETE FROM {table} without WHERE deletes every row; add the WHERE that "
            "selects the rows to delete (if every row is meant, say so: "
            "'-- roble: ignore RB103 <why>')",
        )


# DROP TABLE statements of the file: (index, table keys)
_DROPS: Kept[tuple[int, frozenset[str]]] = Kept("RB103.drops")
# Unbounded UPDATE/DELETE: reported at the file's end unless the table is dropped later.
_UNBOUNDED: Kept[tuple[int, str, Hit]] = Kept("RB103.unbounded")  # (index, table key, hit)


def _is_backfill(table: Name, columns: list[Name], ctx: StatementContext) -> bool:
    """Every column set was added by this revision, or by a revision it depends on."""
    up = ctx.revision.up
    parents = set(up.header.depends) if up is not None and up.header is not None else set()
    for column in columns:
        if (table.key, column.key) in ctx.added_columns:
            continue
        known = ctx.catalog.column(table, column.name) if ctx.catalog is not None else None
        if known is None or known.added_in not in parents:
            return False
    return bool(columns)
