"""RB003: a last statement without terminator, or an empty statement."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register


@register
class StatementTerminator(Rule):
    """Last statement without terminator, or an empty statement.

    A file whose last statement has no `;` runs, but the next statement someone appends
    merges into it and the revision fails on the server. A stray `;` (`;;`) is an
    empty statement: roble skips it, but it usually marks a deleted or half-edited
    statement, and tools that send it to the server get "Query was empty" (error 1065).

    **Anti-pattern**

    ```sql
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;;
    ALTER TABLE colors ADD COLUMN description VARCHAR(255) NULL, ALGORITHM=INSTANT
    ```

    **Best practice**

    ```sql
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ALTER TABLE colors ADD COLUMN description VARCHAR(255) NULL, ALGORITHM=INSTANT;
    ```
    """

    code = "RB003"
    severity = WARNING

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        if not file.readable:
            return
        for empty in file.empty_statements:
            yield Hit(
                empty.line,
                f"empty statement (a stray '{empty.delimiter}'): roble skips it, but it often "
                "marks a deleted or half-edited statement, and tools that send it to the "
                "server get 'Query was empty' (error 1065); remove it",
            )
        last = file.last
        if last is not None and file.split_error is None and not last.delimiter:
            yield Hit(
                last.end_line,
                "the last statement has no delimiter: it runs, but a statement appended "
                "after it merges into it and fails on the server; end it with ';' "
                "(or the current DELIMITER)",
            )
