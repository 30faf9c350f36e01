"""RB305: ENUM/SET changed other than by appending values."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, Stmt
from roble_sql.lint.base import UP_ONLY, WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class EnumChange(Rule):
    """ENUM/SET changed other than by appending values.

    MySQL stores ENUM and SET values by their position in the list. Appending values at
    the end changes only metadata; removing a value turns rows holding it into `''` (or
    fails in strict mode), and inserting or reordering values renumbers what is stored,
    which forces a full table copy and changes ORDER BY. Compared with the definition
    from the earlier revisions being linted; a column lint hasn't seen is not reported.

    **Anti-pattern**

    ```sql
    -- file: 0001_add_finish.sql
    ALTER TABLE furniture ADD COLUMN finish ENUM('matte', 'gloss') NULL, ALGORITHM=INSTANT;
    -- file: 0002_add_satin.sql
    -- depends: 0001_add_finish
    ALTER TABLE furniture MODIFY finish ENUM('satin', 'matte', 'gloss') NULL;
    ```

    **Best practice**

    ```sql
    -- file: 0001_add_finish.sql
    ALTER TABLE furniture ADD COLUMN finish ENUM('matte', 'gloss') NULL, ALGORITHM=INSTANT;
    -- file: 0002_add_satin.sql
    -- depends: 0001_add_finish
    ALTER TABLE furniture MODIFY finish ENUM('matte', 'gloss', 'satin') NULL, ALGORITHM=INSTANT;
    ```
    """

    code = "RB305"
    severity = WARNING
    roles = UP_ONLY
    shapes = (AlterTable,)  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if not isinstance(shape, AlterTable):
            return
        for clause, new, known in ctx.redefined_columns(shape):
            old = known.column
            if old.type_name != new.type_name or old.type_name not in ("ENUM", "SET"):
                continue
            before, after = old.type_args, new.type_args
            if after[: len(before)] == before:
                continue
            removed = [v for v in before if v not in after]
            if removed:
                what = "removes " + ", ".join(f"'{v}'" for v in removed)
                effect = "rows holding them become '' (or the ALTER fails in strict mode)"
            else:
                what = "reorders or inserts values"
                effect = "the stored positions are renumbered, which copies the whole table"
            yield Hit(
                clause.line,
                f"{old.type_name} {shape.name}.{clause.name} {what} (was {old.type_text} at "
                f"{known.origin}, now {new.type_text}): {effect}. Only append new values at "
                "the end of the list",
            )
