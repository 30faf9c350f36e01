"""RB204: transaction control inside a revision."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import SetVariables, Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class TransactionControl(Rule):
    """Transaction control inside a revision: START TRANSACTION, COMMIT, LOCK TABLES, autocommit.

    roble decides how a revision commits: a DML-only revision runs as one transaction
    together with roble's bookkeeping, so it is applied and recorded, or neither. A COMMIT
    or ROLLBACK in the file ends that transaction halfway; START TRANSACTION commits what
    came before it; LOCK TABLES commits too and then lets the connection use only the
    locked tables, roble's own included; SET autocommit changes how every later statement
    commits. Remove them; write `-- transactional: false` in the header if the revision
    must commit statement by statement.

    **Anti-pattern**

    ```sql
    START TRANSACTION;
    UPDATE furniture SET active = FALSE WHERE deleted_at IS NOT NULL;
    COMMIT;
    ```

    **Best practice**

    ```sql
    UPDATE furniture SET active = FALSE WHERE deleted_at IS NOT NULL;
    ```
    """

    code = "RB204"
    severity = WARNING

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        what = _transaction_control(stmt)
        if what is not None:
            yield Hit(
                stmt.line,
                "roble runs a data revision and its bookkeeping as one transaction, and "
                f"{what} here {_EFFECTS[what]}; remove it (write '-- transactional: false' in "
                "the header if the revision must commit as it goes)",
            )


_SPLITS = "ends or splits it, so the revision is no longer all or nothing"
_COMMITS = "commits what ran before it, so the revision is no longer all or nothing"
_EFFECTS = {
    "COMMIT": _SPLITS,
    "ROLLBACK": _SPLITS,
    "SAVEPOINT": _SPLITS,
    "RELEASE": _SPLITS,
    "XA": _SPLITS,
    "START TRANSACTION": _COMMITS,
    "BEGIN": _COMMITS,
    "LOCK TABLES": "commits what ran before it, and until UNLOCK TABLES the connection can use "
    "no other table (roble's bookkeeping included)",
    "UNLOCK TABLES": _COMMITS,
    "SET autocommit": "changes how every later statement on the connection commits",
}


def _transaction_control(stmt: Stmt) -> str | None:
    verb, words = stmt.verb, stmt.words
    if verb in ("COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA"):
        return verb
    if verb == "START" and words[1:2] == ("TRANSACTION",):
        return "START TRANSACTION"
    if verb == "BEGIN" and words[1:2] in ((), ("WORK",)):
        return "BEGIN"
    if verb in ("LOCK", "UNLOCK") and words[1:2] in (("TABLE",), ("TABLES",)):
        return f"{verb} TABLES"
    if isinstance(stmt.shape, SetVariables) and any(
        a.name == "autocommit" and a.scope != "user" for a in stmt.shape.assignments
    ):
        return "SET autocommit"
    return None
