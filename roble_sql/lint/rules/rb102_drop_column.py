"""RB102: DROP COLUMN in an up file."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, Stmt
from roble_sql.lint.base import ERROR, UP_ONLY, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class DropColumn(Rule):
    """DROP COLUMN in an up file.

    The column's data is gone for good once the ALTER runs, and the application that is
    still running reads and writes it: every query naming it fails with "Unknown column"
    until new code is deployed. Stop using the column in a release first, then drop it in
    a later revision (expand, then contract). Columns added earlier in the same revision
    and rollback files are not checked.

    **Anti-pattern**

    ```sql
    ALTER TABLE furniture DROP COLUMN price, ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Best practice**

    ```sql
    -- Release 4.1 stopped reading and writing furniture.price, and revision 0031 archived
    -- its values in furniture_price_archive. Only now does the column go, with the reason:
    -- roble: ignore RB102 unused since release 4.1, values archived by revision 0031
    ALTER TABLE furniture DROP COLUMN price, ALGORITHM=INPLACE, LOCK=NONE;
    ```
    """

    code = "RB102"
    severity = ERROR
    roles = UP_ONLY
    shapes = (AlterTable,)  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if not isinstance(shape, AlterTable) or ctx.is_new_table(shape.name):
            return
        for clause in shape.clauses:
            if clause.action != "drop_column" or not clause.name:
                continue
            if (shape.name.key, clause.name.lower()) in ctx.added_columns:
                continue
            known = ctx.catalog is not None and ctx.catalog.column(shape.name, clause.name)
            yield Hit(
                clause.line,
                f"DROP COLUMN {shape.name}.{clause.name} deletes its data for good, and the "
                f"running application fails on every query that still names '{clause.name}'. "
                "Ship code that stops using it first, then drop it in a later revision",
                # IF EXISTS of a column no revision made may drop nothing at all
                unsure=clause.if_exists and not known,
            )
