"""RB503: inline column REFERENCES."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, ColumnDef, CreateTable, Name, Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class InlineReferences(Rule):
    """Inline column REFERENCES (MySQL parses and ignores it).

    `id_color INT REFERENCES colors (id_color)` in a column definition creates no
    foreign key on MySQL: the server parses the clause and drops it without a warning
    (MariaDB 10.5 and later do create one), so the reviewer sees a constraint that may not
    exist. Declare it as a table constraint, which every server honours.

    **Anti-pattern**

    ```sql
    ALTER TABLE furniture
        ADD COLUMN id_material INT NULL REFERENCES materials (id_material),
        ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Best practice**

    ```sql
    -- roble: ignore RB203 adding a foreign key with foreign_key_checks=1 needs ALGORITHM=COPY
    ALTER TABLE furniture
        ADD COLUMN id_material INT NULL,
        ADD CONSTRAINT fk_furniture_material FOREIGN KEY (id_material)
            REFERENCES materials (id_material),
        ALGORITHM=COPY, LOCK=SHARED;
    ```
    """

    code = "RB503"
    severity = WARNING
    shapes = (
        AlterTable,
        CreateTable,
    )  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, CreateTable):
            for column in shape.columns:
                yield from _check(shape.name, column)
        elif isinstance(shape, AlterTable):
            for clause in shape.clauses:
                for column in clause.columns:
                    yield from _check(shape.name, column)


def _check(table: Name, column: ColumnDef) -> Iterator[Hit]:
    if column.references is None:
        return
    ref = column.references
    yield Hit(
        column.line,
        f"column {column.name} declares REFERENCES {ref} inline: MySQL parses and ignores "
        "it, so no foreign key is created (MariaDB 10.5+ does create one). Declare it as a "
        f"table constraint: CONSTRAINT fk_{table.name}_{ref.name} FOREIGN KEY "
        f"({column.name}) REFERENCES {ref} (...)",
    )
