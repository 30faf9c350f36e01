"""RB005: a file that is not valid UTF-8, or starts with a byte order mark."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.base import ERROR, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register


@register
class FileEncoding(Rule):
    """File is not valid UTF-8, or has a byte order mark before the header.

    roble sends revision text to the server as UTF-8 and checksums its bytes. A latin1
    file would store mangled names and comments, so roble refuses it; a UTF-8 byte order
    mark hides the `-- depends:` header from yoyo, so the revision would run out of
    order. Save revision files as UTF-8 without BOM.

    **Anti-pattern**

    ```sql
    -- (the file starts with the bytes EF BB BF, invisible in most editors)
    -- Add hex_code field to colors table
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ```

    **Best practice**

    ```sql
    -- Add hex_code field to colors table
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ```
    """

    code = "RB005"
    severity = ERROR

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        problem = file.problem
        if problem is None:
            return
        where = problem.where or ""
        tail = where.rsplit(":", 1)[-1]
        text = problem.message.rstrip(".")
        if problem.hint:
            text += f"; {problem.hint.rstrip('.')}"
        yield Hit(int(tail) if tail.isdigit() else 1, f"{text} (roble refuses to run the file)")
