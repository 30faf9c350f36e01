"""RB104: DROP INDEX / DROP PRIMARY KEY / DROP FOREIGN KEY in an up file."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, DropIndex, Stmt
from roble_sql.lint.base import UP_ONLY, WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class DropIndexOrKey(Rule):
    """DROP INDEX, DROP PRIMARY KEY or DROP FOREIGN KEY in an up file.

    Dropping an index can turn the queries that used it into full table scans the moment
    it commits (and a UNIQUE index stops guarding against duplicates); dropping a foreign
    key stops MySQL checking references; dropping the primary key rebuilds the table
    around a hidden row id, blocking writes while it copies. Make an index invisible first
    (MySQL 8 `ALTER INDEX ... INVISIBLE`, MariaDB `IGNORED`) and drop it a release
    later; replace a primary key in the same ALTER.

    **Anti-pattern**

    ```sql
    ALTER TABLE colors DROP INDEX idx_colors_name, ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Best practice**

    ```sql
    -- MySQL 8: the index stays maintained but unused; drop it a release later if nothing slowed down.
    ALTER TABLE colors ALTER INDEX idx_colors_name INVISIBLE, ALGORITHM=INSTANT;
    ```
    """

    code = "RB104"
    severity = WARNING
    roles = UP_ONLY
    shapes = (
        AlterTable,
        DropIndex,
    )  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, DropIndex) and not ctx.is_new_table(shape.table):
            yield Hit(stmt.line, _index_message(shape.name, str(shape.table)))
            return
        if not isinstance(shape, AlterTable) or ctx.is_new_table(shape.name):
            return
        table = str(shape.name)
        actions = {clause.action for clause in shape.clauses}
        for clause in shape.clauses:
            if clause.action == "drop_index":
                yield Hit(clause.line, _index_message(clause.name or "?", table))
            elif clause.action == "drop_pk" and "add_pk" not in actions:
                yield Hit(
                    clause.line,
                    f"DROP PRIMARY KEY on {table} rebuilds the table around a hidden row id "
                    "(a full copy that blocks writes), and replicas and online schema tools "
                    "lose the key they find rows by; replace it in the same ALTER "
                    "(DROP PRIMARY KEY, ADD PRIMARY KEY (...))",
                )
            elif clause.action in ("drop_fk", "drop_constraint"):
                kind = "foreign key" if clause.action == "drop_fk" else "constraint"
                yield Hit(
                    clause.line,
                    f"dropping {kind} {clause.name} on {table} stops MySQL enforcing it: rows "
                    "that break it can appear from the moment it commits; make sure the "
                    "application enforces it, or keep it",
                )


def _index_message(name: str, table: str) -> str:
    return (
        f"dropping index {name} on {table} can turn the queries that use it into full table "
        "scans as soon as it commits (and a UNIQUE index stops rejecting duplicates); make "
        f"it invisible first (ALTER TABLE {table} ALTER INDEX {name} INVISIBLE) and drop it "
        "in a later revision"
    )
