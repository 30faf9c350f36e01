"""RB303: MODIFY/CHANGE that changes or narrows a column type."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, ColumnDef, Stmt
from roble_sql.lint.base import UP_ONLY, WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register

_RANKS = {
    name: (family, rank)
    for family, names in (
        ("int", ("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT")),
        ("text", ("TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT")),
        ("blob", ("TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB")),
    )
    for rank, name in enumerate(names)
}
# Growing these changes no value (and under ALGORITHM=INPLACE the server refuses a copy).
_GROWABLE = frozenset({"VARCHAR", "VARBINARY"})


@register
class TypeChange(Rule):
    """MODIFY/CHANGE that changes or narrows a column type.

    Changing a column's type makes MySQL rebuild the table with ALGORITHM=COPY, blocking
    writes for the whole copy, and the application may read the values differently.
    Narrowing it (shorter VARCHAR, smaller integer, less precision) also fails in strict
    mode on values that don't fit, or silently truncates them otherwise. Compared with the
    definition from the earlier revisions being linted; a column whose definition lint
    hasn't seen is not reported. Growing a VARCHAR/VARBINARY is not reported either: no
    value changes (whether the server can do it without a copy depends on the length
    bytes; state ALGORITHM=INPLACE and it refuses instead of copying, see RB203). ENUM/SET
    value lists are RB305's.

    **Anti-pattern**

    ```sql
    -- file: 0001_create_colors.sql
    CREATE TABLE colors (id_color INT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)
        ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    -- file: 0002_shorten_color_names.sql
    -- depends: 0001_create_colors
    ALTER TABLE colors MODIFY name VARCHAR(30) NOT NULL;
    ```

    **Best practice**

    ```sql
    -- file: 0001_create_colors.sql
    CREATE TABLE colors (id_color INT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)
        ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    -- file: 0002_widen_color_names.sql
    -- depends: 0001_create_colors
    -- Widen instead; never shorten a column that holds data.
    ALTER TABLE colors MODIFY name VARCHAR(60) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;
    ```
    """

    code = "RB303"
    severity = WARNING
    roles = UP_ONLY
    shapes = (AlterTable,)  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if not isinstance(shape, AlterTable):
            return
        for clause, new, known in ctx.redefined_columns(shape):
            if not new.type_name:
                continue
            old = known.column
            verdict = compare_types(old, new)
            if verdict is None:
                continue
            where = f"{shape.name}.{clause.name}"
            if verdict == "narrows":
                message = (
                    f"{where} narrows from {old.type_text} (as defined at {known.origin}) to "
                    f"{new.type_text}: values that don't fit make the ALTER fail in strict "
                    "mode or are silently truncated, and the table is copied while writes "
                    "wait. Check the data first, or add a new column and migrate in steps"
                )
            else:
                message = (
                    f"{where} changes type from {old.type_text} (as defined at {known.origin}) "
                    f"to {new.type_text}: MySQL copies the whole table (ALGORITHM=COPY) while "
                    "writes wait, and the application may read the values differently. "
                    "Prefer a new column, backfilled, then switched over"
                )
            yield Hit(clause.line, message)


def compare_types(old: ColumnDef, new: ColumnDef) -> str | None:
    """None when the type is the same (or grows in place); else "narrows" or "changes"."""
    if (old.type_name, old.type_args, old.unsigned) == (new.type_name, new.type_args, new.unsigned):
        return None
    if old.type_name == new.type_name and old.type_name in ("ENUM", "SET"):
        return None
    if old.unsigned != new.unsigned:
        return "changes"
    old_rank, new_rank = _RANKS.get(old.type_name), _RANKS.get(new.type_name)
    if old_rank and new_rank and old_rank[0] == new_rank[0]:
        return "narrows" if new_rank[1] < old_rank[1] else "changes"
    if old.type_name == new.type_name:
        old_sizes, new_sizes = _numbers(old.type_args), _numbers(new.type_args)
        if old_sizes is not None and new_sizes is not None and len(old_sizes) == len(new_sizes):
            if any(n < o for o, n in zip(old_sizes, new_sizes, strict=True)):
                return "narrows"
            if old.type_name in _GROWABLE:
                return None
    return "changes"


def _numbers(args: tuple[str, ...]) -> tuple[int, ...] | None:
    return tuple(int(a) for a in args) if all(a.isdigit() for a in args) else None
