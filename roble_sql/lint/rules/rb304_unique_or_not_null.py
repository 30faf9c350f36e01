"""RB304: ADD UNIQUE, or making an existing column NOT NULL."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, CreateIndex, Name, Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class UniqueOrNotNull(Rule):
    """ADD UNIQUE (or PRIMARY KEY), or making an existing column NOT NULL.

    Both depend on data nobody has looked at: a UNIQUE index or primary key fails with
    "Duplicate entry" when the rows already hold duplicates (and old MySQL's ALTER IGNORE
    deleted them silently); a NOT NULL column fails in strict mode on rows holding NULL, or
    turns them into 0 or `''` otherwise. Clean the data in an earlier revision and check
    it. Not reported: keys on tables created earlier in the same file, on new nullable
    columns, and columns whose definition lint hasn't seen.

    **Anti-pattern**

    ```sql
    ALTER TABLE furniture ADD UNIQUE KEY uq_furniture_name (name), ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Best practice**

    ```sql
    -- Checked before: SELECT name FROM furniture GROUP BY name HAVING COUNT(*) > 1 returns nothing,
    -- and the application rejects duplicate names since release 4.1.
    -- roble: ignore RB304 duplicates checked on production 2026-03-09, none (MR-318)
    ALTER TABLE furniture ADD UNIQUE KEY uq_furniture_name (name), ALGORITHM=INPLACE, LOCK=NONE;
    ```
    """

    code = "RB304"
    severity = WARNING
    shapes = (
        AlterTable,
        CreateIndex,
    )  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, CreateIndex) and shape.kind == "unique":
            if not ctx.is_new_table(shape.table) and not _all_new(
                ctx, shape.table, shape.columns, {}
            ):
                yield Hit(stmt.line, _unique_message(shape.name, shape.table, shape.columns))
            return
        if not isinstance(shape, AlterTable) or ctx.is_new_table(shape.name):
            return
        here = {
            column.key: column.accepts_null or column.auto_increment
            for clause in shape.clauses
            if clause.action == "add_column"
            for column in clause.columns
        }
        for clause in shape.clauses:
            index = clause.index
            if index is None or index.kind not in ("unique", "primary"):
                continue
            if not _all_new(ctx, shape.name, index.columns, here):
                name = "PRIMARY KEY" if index.kind == "primary" else (index.name or "")
                yield Hit(clause.line, _unique_message(name, shape.name, index.columns))
        for clause, column, known in ctx.redefined_columns(shape):
            if column.nullable is False and known.column.accepts_null:
                yield Hit(
                    clause.line,
                    f"{shape.name}.{clause.name} becomes NOT NULL (it accepts NULL as "
                    f"defined at {known.origin}): the ALTER fails in strict mode if any "
                    "row holds NULL, or turns those NULLs into 0/'' otherwise. Backfill "
                    f"first (UPDATE {shape.name} SET {clause.name} = ... WHERE "
                    f"{clause.name} IS NULL) in an earlier revision",
                )


def _all_new(
    ctx: StatementContext, table: Name, columns: tuple[str, ...], here: dict[str, bool]
) -> bool:
    """Whether every key column is new in this revision and can't hold duplicates yet."""
    if not columns:
        return False
    for name in columns:
        key = name.lower()
        if key in here:
            if not here[key]:
                return False
            continue
        added = ctx.added_columns.get((table.key, key))
        if added is None or not (added.accepts_null or added.auto_increment):
            return False
    return True


def _unique_message(name: str, table: Name, columns: tuple[str, ...]) -> str:
    cols = ", ".join(columns) or "..."
    if name == "PRIMARY KEY":
        key, problem = name, "duplicates or NULLs"
    else:
        key, problem = f"UNIQUE index {name}".rstrip(), "duplicates"
    return (
        f"adding {key} on existing table {table} ({cols}) fails with 'Duplicate entry' if the "
        f"rows already hold {problem}. Check first: SELECT "
        f"{cols}, COUNT(*) FROM {table} GROUP BY {cols} HAVING COUNT(*) > 1; clean the data "
        "in an earlier revision"
    )
