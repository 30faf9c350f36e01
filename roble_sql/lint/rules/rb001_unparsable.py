"""RB001: a statement that can't be split or parsed cleanly."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roble_sql.lint.analysis import KNOWN_VERBS, Stmt
from roble_sql.lint.base import ERROR, UP, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile, StatementContext
from roble_sql.lint.registry import register
from roble_sql.lint.sql import is_outside

# A line that starts a statement of its own: only words that can't continue the statement
# before them (CREATE, INSERT INTO, DELETE FROM, UPDATE t SET ... at the start of a line).
_NEW_STATEMENT = re.compile(
    r"\n[ \t]*(?P<verb>"
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMPORARY\s+)?(?:TABLE|(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?"
    r"INDEX|VIEW|TRIGGER|PROCEDURE|FUNCTION|DATABASE|SCHEMA|EVENT|DEFINER|ALGORITHM)"
    r"|ALTER\s+(?:ONLINE\s+|IGNORE\s+)?TABLE|ALTER\s+(?:DATABASE|SCHEMA)"
    r"|DROP\s+(?:TEMPORARY\s+)?(?:TABLE|DATABASE|SCHEMA|TRIGGER|PROCEDURE)"
    r"|INSERT\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*INTO"
    r"|REPLACE\s+(?:(?:LOW_PRIORITY|DELAYED)\s+)*INTO"
    r"|DELETE\s+(?:(?:LOW_PRIORITY|QUICK|IGNORE)\s+)*FROM"
    r"|UPDATE\s+(?:(?:LOW_PRIORITY|IGNORE)\s+)*[\w$`.]+\s+SET"
    r"|TRUNCATE\s+TABLE|RENAME\s+TABLE)(?![\w$])",
    re.IGNORECASE,
)
_SKIP_MERGE_CHECK = frozenset({"GRANT", "REVOKE"})
# Blocks that hold statements of their own, and words that only exist inside such bodies.
_BLOCKS = frozenset({"IF", "CASE", "LOOP", "WHILE", "REPEAT"})
_INSIDE_BODIES = frozenset(
    [
        "DECLARE",
        "END",
        "ELSE",
        "ELSEIF",
        "UNTIL",
        "RETURN",
        "ITERATE",
        "LEAVE",
        "OPEN",
        "CLOSE",
        "FETCH",
    ]
)


@register
class StatementUnparsable(Rule):
    """Statement that can't be split or parsed cleanly.

    roble cuts each file into statements exactly as the `mariadb` client does. An
    unterminated quote or comment, a malformed `DELIMITER` line, a statement that
    starts with a word MySQL does not know (a typo, stray text, `--comment` without a
    space) or a missing `;` that merges two statements into one all make the server
    reject the revision halfway, after the statements before it ran and committed.

    **Anti-pattern**

    ```sql
    CREATE TABLE colors (id_color INT NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    CREATE TABLE roles (id_role INT NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    ```

    **Best practice**

    ```sql
    CREATE TABLE colors (id_color INT NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    CREATE TABLE roles (id_role INT NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    ```
    """

    code = "RB001"
    severity = ERROR

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        if file.problem is not None:
            yield Hit(1, f"{file.problem.message}, so roble can't run it")
            return
        error = file.split_error
        if error is None and not file.statement_count and file.role == UP:
            yield Hit(
                1,
                "the file has no statements, so 'roble upgrade' refuses it; write the change "
                "(a revision with nothing to do can say DO 0;)",
            )
        if error is not None:
            hint = f"; {error.hint}" if error.hint else ""
            yield Hit(
                error.line,
                f"{error.message}: from here on the file can't be cut into statements, "
                f"so the server would receive the rest as one broken statement{hint}",
            )

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        tokens = stmt.words_tokens
        first = tokens[0] if tokens else None
        if first is None:
            return
        if first.text == "--":
            rest = tokens[1].text if len(tokens) > 1 else ""
            yield Hit(
                stmt.line,
                f"the statement starts with '--{rest}', which MySQL does not read as a "
                "comment ('--' needs a space after it), so the server rejects the statement; "
                f"write '-- {rest}'",
            )
            return
        if not _known_start(stmt):
            word = first.text if first.kind == "w" else stmt.text.split(None, 1)[0]
            if stmt.verb in _BLOCKS:
                message = (
                    f"'{word}' opens a block whose ';' end the statement here (outside "
                    "BEGIN ... END the client cuts at the first one), so the server receives "
                    "it unfinished; put it in a stored program, or in BEGIN NOT ATOMIC ... "
                    "END (MariaDB)"
                )
            elif stmt.verb in _INSIDE_BODIES:
                message = (
                    f"'{word}' belongs inside a BEGIN ... END body, but here it starts a "
                    "statement of its own, so the server rejects it: the statement before "
                    "it was cut at a ';' inside its body. Put the stored program between "
                    "DELIMITER $$ and $$ (or give it a BEGIN ... END)"
                )
            else:
                message = (
                    f"'{word[:40]}' does not start any MySQL statement, so the server rejects "
                    "it and the revision stops here; fix the typo or remove the stray text"
                )
            yield Hit(stmt.line, message)
            return
        if stmt.is_program or stmt.verb in _SKIP_MERGE_CHECK:
            return
        yield from _merged(stmt)


def _known_start(stmt: Stmt) -> bool:
    if stmt.verb in KNOWN_VERBS:
        return True
    tokens = stmt.words_tokens
    if tokens[0].kind == "p" and tokens[0].text == "(":
        return True  # (SELECT ...) UNION ...
    return len(tokens) > 1 and tokens[0].is_name and tokens[1].text == ":"  # label: BEGIN


def _merged(stmt: Stmt) -> Iterator[Hit]:
    text = stmt.text
    outside_from = 0
    for match in _NEW_STATEMENT.finditer(text):
        start = match.start("verb")
        if stmt.verb == "WITH" and text[start].upper() in "UD":
            continue  # WITH cte AS (...) UPDATE/DELETE ...: one statement
        if not is_outside(text, start, outside_from):
            continue
        line = stmt.line + text.count("\n", 0, start)
        words = match.group("verb").upper().split()
        verb = (
            words[0]
            if words[0] in ("INSERT", "REPLACE", "DELETE", "UPDATE")
            else " ".join(words[:2])
        )
        yield Hit(
            line,
            f"line {line} starts a new {verb} statement inside the one that begins on line "
            f"{stmt.line}: a ';' is missing before it, so MySQL receives both as one "
            f"statement and rejects it; end the statement before line {line} with ';'",
        )
        return
