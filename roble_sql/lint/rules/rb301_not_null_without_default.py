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
    `''`, the first ENUM value, and for DATE/DATETIME the zero date, which a strict SQL
    mode with NO_ZERO_DATE (MySQL 8's default) refuses: there the ALTER fails as soon as
    the table has rows. That failure is reported as an error when the file itself sets
    such an `sql_mode`; with the server's default mode, and for the other types (where
    the rows get a value nobody chose, but nothing fails), as a warning. Not reported:
    AUTO_INCREMENT and generated columns, and tables created earlier in the same file.

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
                fails = column.type_name in _DATES and _refuses_zero_dates(stmt.session.sql_mode)
                yield Hit(
                    column.line,
                    f"ADD COLUMN {column.name} {column.type_text} NOT NULL without DEFAULT on "
                    f"existing table {shape.name}: MySQL silently fills the existing rows with "
                    "0, '', the first ENUM value or a zero date (which a strict sql_mode with "
                    "NO_ZERO_DATE refuses, failing the ALTER). Add a DEFAULT, or add the "
                    "column NULL, backfill it, and make it NOT NULL in a later revision",
                    unsure=not fails,
                )


_DATES = frozenset({"DATE", "DATETIME", "TIMESTAMP"})


def _refuses_zero_dates(sql_mode: str | None) -> bool:
    """Whether an ``sql_mode`` the file set makes a zero date an error (None, "": unknown)."""
    modes = set((sql_mode or "").replace(" ", "").split(","))
    strict = bool(modes & {"STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "TRADITIONAL"})
    return strict and bool(modes & {"NO_ZERO_DATE", "TRADITIONAL"})
