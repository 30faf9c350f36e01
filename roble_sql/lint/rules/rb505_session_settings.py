"""RB505: session settings that weaken checks or leak, without restoring them."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import Assignment, SetVariables
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register

# Variables whose change weakens checks (when set to one of the values) or changes what is
# replicated; None: any value is a change worth restoring.
_WATCHED: dict[str, frozenset[str] | None] = {
    "foreign_key_checks": frozenset({"0", "OFF", "FALSE"}),
    "unique_checks": frozenset({"0", "OFF", "FALSE"}),
    "check_constraint_checks": frozenset({"0", "OFF", "FALSE"}),
    "sql_log_bin": frozenset({"0", "OFF", "FALSE"}),
    "sql_mode": None,
}
_WHY = {
    "foreign_key_checks": "rows that break foreign keys go in unchecked",
    "unique_checks": "duplicate keys may go in unchecked",
    "check_constraint_checks": "CHECK constraints are not enforced",
    "sql_log_bin": "the statements after it are not replicated, so replicas drift",
    "sql_mode": "later statements run with a different SQL mode (strictness, zero dates)",
}


@register
class SessionSettings(Rule):
    """Session settings that weaken checks or leak (FOREIGN_KEY_CHECKS=0, sql_mode, SET GLOBAL).

    A SET lasts for the rest of the connection: every statement after it in the revision
    runs with the checks off (roble resets its session after each revision, but a script
    from `roble upgrade --sql` run by hand carries it into the next revision). Restore it
    right after the statement that needs it, in the same file. `SET GLOBAL` and
    `SET PERSIST` change the server for every connection and outlive the revision: leave
    server settings to the server's configuration.

    **Anti-pattern**

    ```sql
    SET FOREIGN_KEY_CHECKS = 0;
    INSERT INTO furniture (name, id_color, active) VALUES ('Oak desk', 7, TRUE);
    ```

    **Best practice**

    ```sql
    SET @saved_fk_checks = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0;
    INSERT INTO furniture (name, id_color, active) VALUES ('Oak desk', 7, TRUE);
    SET FOREIGN_KEY_CHECKS = @saved_fk_checks;
    ```
    """

    code = "RB505"
    severity = WARNING

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        if not file.readable:
            return
        open_changes: dict[str, Assignment] = {}
        for stmt in file.statements:
            if not isinstance(stmt.shape, SetVariables):
                continue
            for assignment in stmt.shape.assignments:
                if assignment.scope in ("global", "persist"):
                    yield Hit(
                        assignment.line,
                        f"SET {assignment.scope.upper()} {assignment.name} changes the server "
                        "for every connection and outlives the revision; put server settings "
                        "in the server's configuration, not in a migration",
                    )
                    continue
                if assignment.scope != "session" or assignment.name not in _WATCHED:
                    continue
                weakening = _WATCHED[assignment.name]
                if assignment.name in open_changes:
                    del open_changes[assignment.name]  # set again: restored
                    if weakening is None:
                        continue
                if weakening is None or assignment.value in weakening:
                    open_changes[assignment.name] = assignment
        for name, assignment in open_changes.items():
            value = assignment.value or "''"
            yield Hit(
                assignment.line,
                f"SET {name} = {value} is never restored in this file: "
                f"{_WHY[name]} for every statement after it on the connection. Save and "
                f"restore it (SET @saved = @@{name}, {name} = ...; ... SET {name} = @saved;)",
            )
