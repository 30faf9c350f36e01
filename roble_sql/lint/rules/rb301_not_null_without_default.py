"""RB301: ADD COLUMN ... NOT NULL without DEFAULT on an existing table."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, Stmt
from roble_sql.lint.base import ERROR, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class NotNullWithoutDefault(Rule):
    """ADD COLUMN ... NOT NULL without DEFAULT on an existing table.

    MySQL fills the existing rows with the type's implicit default without a word: 0,
    `''`, the first ENUM value, and for DATE/DATETIME the zero date, which MySQL 8's
    default SQL mode (NO_ZERO_DATE, strict) refuses, so there the ALTER fails as soon as
    the table has rows. Either way the rows get a value nobody chose. Not reported: AUTO_INCREMENT and generated columns, and tables
    created earlier in the same file.

    **Anti-pattern**

    ```sql
    ALTER TABLE furniture ADD COLUMN sku VARCHAR(32) NOT NULL, ALGORITHM=INSTANT;
    ```

    **Best practice**

    ```sql
    ALTER TABLE furniture ADD COLUMN sku VARCHAR(32) NOT NULL DEFAULT '', ALGORITHM=INSTANT;
    ```
    """

    code = "RB301"
    severity = ERROR
    shapes = (AlterTable,)  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if not isinstance(shape, AlterTable) or ctx.is_new_table(shape.name):
            return
        for clause in shape.clauses:
            if clause.action != "add_column":
                continue
            for column in clause.columns:
                if column.nullable is not False or column.has_default:
                    continue
                if column.auto_increment or column.generated:
                    continue
                yield Hit(
                    column.line,
                    f"ADD COLUMN {column.name} {column.type_text} NOT NULL without DEFAULT on "
                    f"existing table {shape.name}: MySQL silently fills the existing rows with "
                    "0, '', the first ENUM value or a zero date (which MySQL 8's strict mode "
                    "refuses, failing the ALTER). Add a DEFAULT, or add the column NULL, "
                    "backfill it, and make it NOT NULL in a later revision",
                )
