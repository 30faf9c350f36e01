"""RB002: a header directive yoyo would ignore or roble refuses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roble_sql.errors import RevisionFileError
from roble_sql.lint.base import ERROR, UP, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register
from roble_sql.sources import short_id

_DEPENDS_LINE = re.compile(r"^\s*--\s*depends\s*:(?P<ids>.*)$", re.IGNORECASE)


@register
class HeaderDirective(Rule):
    """Header directive problem: misplaced, malformed or naming an unknown revision.

    yoyo reads `-- depends:` and `-- transactional:` only from the leading block of
    `--` comments, only in lower case, with ids separated by spaces; anywhere else it
    silently ignores them and the revision runs in the wrong order or mode. roble refuses
    such a file when it runs it; lint says so at review time, and also checks that every
    id in `-- depends:` names a revision in the folder (a typo there breaks the graph
    for everyone).

    **Anti-pattern**

    ```sql
    -- file: 0003_add_hex_code_to_colors.sql
    -- Add hex_code field to colors table
    -- Depends: 0001_create_colors, 0002_add_index_idx_colors_name

    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ```

    **Best practice**

    ```sql
    -- file: 0003_add_hex_code_to_colors.sql
    -- Add hex_code field to colors table
    -- depends: 0001_create_colors 0002_add_index_idx_colors_name

    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    -- file: 0001_create_colors.sql
    CREATE TABLE colors (id_color INT NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    -- file: 0002_add_index_idx_colors_name.sql
    CREATE INDEX idx_colors_name ON colors (name) ALGORITHM=INPLACE LOCK=NONE;
    ```
    """

    code = "RB002"
    severity = ERROR

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        error = file.header_error
        if error is not None:
            yield Hit(_line_of(error), _describe(error))
        if file.role != UP or file.header is None or file.text is None:
            return
        known = ctx.ids_beside(file)
        for dep in file.header.depends:
            if dep in known:
                continue
            matches = sorted(rid for rid in known if short_id(rid) == dep or rid.startswith(dep))
            hint = (
                f"; write the full id '{matches[0]}'"
                if len(matches) == 1
                else "; write the full id of an existing revision (its file name without .sql)"
            )
            yield Hit(
                _depends_line(file.text, dep, file.header.body_line),
                f"'-- depends: {dep}' names no revision in {file.path.parent.name}/, so roble "
                f"can't place this revision in the graph and refuses to run any{hint}",
            )


def _line_of(error: RevisionFileError) -> int:
    where = error.where or ""
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 1


def _describe(error: RevisionFileError) -> str:
    text = error.message.rstrip(".")
    if error.hint:
        text += f"; {error.hint.rstrip('.')}"
    return f"{text} (roble refuses to run the file)"


def _depends_line(text: str, dep: str, body_line: int) -> int:
    for number, line in enumerate(text.splitlines()[: max(body_line - 1, 1)], start=1):
        match = _DEPENDS_LINE.match(line)
        if match and dep in match.group("ids").split():
            return number
    return 1
