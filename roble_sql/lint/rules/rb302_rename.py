"""RB302: RENAME TABLE, RENAME COLUMN or CHANGE old new."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, RenameTables, Stmt
from roble_sql.lint.base import UP_ONLY, WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class Rename(Rule):
    """RENAME TABLE, RENAME COLUMN or CHANGE old new (breaks the running application).

    A rename takes effect for every connection the moment it commits: the application
    that is running still uses the old name and fails on every query until new code is
    deployed, and old code can't run after it (no rolling deploys, no quick rollback of
    the app). Online schema tools (gh-ost, pt-online-schema-change) can't rename either.
    Add the new column or table, write both, switch the code, and drop the old one later;
    or, if the deploy is coordinated, say so in a suppression. Checked on up files; tables
    created earlier in the same revision are not checked.

    **Anti-pattern**

    ```sql
    ALTER TABLE furniture CHANGE price list_price DECIMAL(10, 2) NULL, ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Best practice**

    ```sql
    -- Expand now; the application writes both columns, then reads list_price; drop price later.
    ALTER TABLE furniture ADD COLUMN list_price DECIMAL(10, 2) NULL, ALGORITHM=INSTANT;
    ```
    """

    code = "RB302"
    severity = WARNING
    roles = UP_ONLY
    shapes = (
        AlterTable,
        RenameTables,
    )  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, RenameTables):
            for old, new in shape.pairs:
                if not ctx.is_new_table(old):
                    yield Hit(stmt.line, _table_message(str(old), str(new)))
            return
        if not isinstance(shape, AlterTable) or ctx.is_new_table(shape.name):
            return
        for clause in shape.clauses:
            if clause.action == "rename_table" and clause.new_table is not None:
                yield Hit(clause.line, _table_message(str(shape.name), str(clause.new_table)))
            elif clause.action in ("rename_column", "change"):
                old_column, new_column = clause.name, clause.new_name
                if old_column and new_column and old_column.lower() != new_column.lower():
                    yield Hit(
                        clause.line,
                        f"renaming column {shape.name}.{old_column} to {new_column} breaks the running "
                        f"application at once: every query naming '{old_column}' fails until new "
                        "code is deployed, and the old code can't run after it. Add the new "
                        "column and migrate in steps, or suppress with the coordinated "
                        "release as reason",
                    )


def _table_message(old: str, new: str) -> str:
    return (
        f"renaming table {old} to {new} breaks the running application at once: every query "
        f"naming '{old}' fails until new code is deployed, and the old code can't run after "
        "it. Create the new table and migrate in steps (or a view named like the old "
        "table), or suppress with the coordinated release as reason"
    )
