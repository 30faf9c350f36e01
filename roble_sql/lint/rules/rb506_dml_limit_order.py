"""RB506: UPDATE/DELETE with LIMIT or ORDER BY."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import Dml, Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class DmlLimitOrder(Rule):
    """UPDATE/DELETE with LIMIT or ORDER BY.

    Which rows `UPDATE ... LIMIT n` touches depends on the execution plan, so a replica
    can change different rows than the primary: MySQL marks the statement unsafe for
    statement-based replication. A revision also runs once, so a LIMIT means "some of the
    rows", usually not what was reviewed. Select the rows by key in the WHERE instead.

    **Anti-pattern**

    ```sql
    DELETE FROM colors WHERE active = FALSE ORDER BY created_at LIMIT 100;
    ```

    **Best practice**

    ```sql
    DELETE FROM colors WHERE active = FALSE AND created_at < '2025-01-01';
    ```
    """

    code = "RB506"
    severity = WARNING
    shapes = (Dml,)  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if not isinstance(shape, Dml) or shape.verb not in ("UPDATE", "DELETE"):
            return
        parts = [p for p, on in (("ORDER BY", shape.has_order), ("LIMIT", shape.has_limit)) if on]
        if parts:
            yield Hit(
                stmt.line,
                f"{shape.verb} with {' and '.join(parts)}: which rows it touches depends on the "
                "execution plan, and MySQL marks it unsafe for statement-based replication, so "
                "replicas may change other rows; select the rows by key in the WHERE instead",
            )
