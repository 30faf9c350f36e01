"""RB401: an up file that changes the schema without a rollback."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.base import ERROR, UP_ONLY, Hit, Rule
from roble_sql.lint.model import LintContext, RevisionUnit
from roble_sql.lint.registry import register


@register
class RollbackMissing(Rule):
    """Up file changes the schema but its `.rollback.sql` is missing or empty.

    `roble downgrade` refuses a revision without a rollback file, so a bad deploy can
    then only be fixed forward, by hand, under pressure. Write the rollback when the
    change is written and reviewed: the exact reverse of each statement, in reverse order.
    Data-only revisions are not checked (their undo depends on the data).

    **Anti-pattern**

    ```sql
    -- file: 0007_add_sku.sql
    ALTER TABLE furniture ADD COLUMN sku VARCHAR(32) NULL, ALGORITHM=INSTANT;
    -- file: 0007_add_sku.rollback.sql
    -- (nothing yet)
    ```

    **Best practice**

    ```sql
    -- file: 0007_add_sku.sql
    ALTER TABLE furniture ADD COLUMN sku VARCHAR(32) NULL, ALGORITHM=INSTANT;
    -- file: 0007_add_sku.rollback.sql
    ALTER TABLE furniture DROP COLUMN sku, ALGORITHM=INPLACE, LOCK=NONE;
    ```
    """

    code = "RB401"
    severity = ERROR
    roles = UP_ONLY

    def check_revision(self, revision: RevisionUnit, ctx: LintContext) -> Iterator[Hit]:
        up = revision.up
        if up is None or not up.readable:
            return
        ddl = next((stmt for stmt in up.statements if stmt.changes_schema), None)
        if ddl is None:
            return
        rollback = revision.rollback
        name = revision.rollback_path.name
        if rollback is None:
            yield Hit(
                ddl.line,
                f"this revision changes the schema but has no rollback file ({name}), so "
                "'roble downgrade' refuses to undo it and a bad deploy can only be fixed "
                "forward by hand; write the rollback: the reverse of each statement, in "
                "reverse order",
            )
        elif rollback.readable and not rollback.statement_count and rollback.split_error is None:
            yield Hit(
                ddl.line,
                f"this revision changes the schema but its rollback file ({name}) has no "
                "statements, so 'roble downgrade' refuses to undo it; write the reverse of "
                "each statement, in reverse order",
            )
