"""RB004: comment forms MySQL reads differently than a reader does."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roble_sql.lint.analysis import Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile, StatementContext
from roble_sql.lint.registry import register
from roble_sql.lint.sql import is_outside

# "--" followed by something other than whitespace, at the start of a line or after a space;
# "#" glued between word characters (size#2): MySQL starts a comment in what reads as a name.
_CANDIDATE = re.compile(
    r"(?:^|(?<=\s))--(?=\S)(?P<dash>[^\n]{0,30})|(?<=[\w$])#(?=[\w$])(?P<hash>[^\n]{0,30})",
    re.MULTILINE,
)
_HASH_DIRECTIVE = re.compile(
    r"^[ \t]*#[ \t]*(?P<name>depends|transactional)[ \t]*:", re.MULTILINE | re.IGNORECASE
)
_HEADER_SCAN = 64 * 1024


@register
class CommentForms(Rule):
    """Comment forms MySQL reads differently (`--x` without a space, `#` edge cases).

    MySQL starts a `--` comment only when whitespace follows the two dashes: `--note`
    is read as two minus signs and the words after them, a syntax error at best. `#`
    starts a comment anywhere outside quotes, even glued to a word: `size#2 INT` is read
    as `size` and the rest of the line is dropped. And `# depends:` is not a header
    directive: yoyo and roble read `-- depends:` only. Of an INSERT only the part before
    VALUES is read, like every statement rule.

    **Anti-pattern**

    ```sql
    CREATE TABLE materials (
        id_material INT NOT NULL AUTO_INCREMENT, --the surrogate key
        PRIMARY KEY (id_material)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    ```

    **Best practice**

    ```sql
    CREATE TABLE materials (
        id_material INT NOT NULL AUTO_INCREMENT, -- the surrogate key
        PRIMARY KEY (id_material)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    ```
    """

    code = "RB004"
    severity = WARNING

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        text = file.text
        if text is None:
            return
        header_end = file.first.offset if file.first is not None else len(text)
        for match in _HASH_DIRECTIVE.finditer(text, 0, min(header_end, _HEADER_SCAN)):
            name = match.group("name").lower()
            yield Hit(
                text.count("\n", 0, match.start()) + 1,
                f"'# {name}:' is not a directive: yoyo and roble read only '-- {name}:' "
                "(dash dash space) in the leading comment block, so this one is ignored; "
                f"write '-- {name}: ...'",
            )

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        text = ctx.file.text
        assert text is not None  # statements come from readable files only
        # A comment after the statement's last word is not part of its text: read on
        # to the end of the line its delimiter is on.
        body = stmt.head if stmt.truncated else _through_last_line(text, stmt)
        if "--" in body or "#" in body:  # most statements have neither: skip the scan
            yield from _in_statement(body, stmt.line)


def _through_last_line(text: str, stmt: Stmt) -> str:
    end = stmt.offset
    for _ in range(stmt.end_line - stmt.line + 1):
        end = text.find("\n", end) + 1 or len(text)
    return text[stmt.offset : end]


def _in_statement(body: str, first_line: int) -> Iterator[Hit]:
    outside_from = 0
    for match in _CANDIDATE.finditer(body):
        start = match.start()
        if start == 0 or not is_outside(body, start, outside_from):
            continue  # at the start of a statement RB001 reports it
        outside_from = start
        line = first_line + body.count("\n", 0, start)
        if match.group("dash") is not None:
            rest = match.group("dash").strip()
            yield Hit(
                line,
                f"'--{rest}' is not a comment to MySQL: '--' starts a comment only when a "
                "space follows, so the server reads minus signs and the words after them; "
                f"write '-- {rest}'",
            )
        else:
            rest = match.group("hash").split()[0]
            word = re.findall(r"[\w$]+$", body[:start])[-1]
            yield Hit(
                line,
                f"'#' glued to '{word}' starts a comment in MySQL: the rest of the line is "
                f"ignored, so '{word}#{rest}' is read as '{word}'; quote a name containing "
                "'#' in backticks, or put a space before a comment",
            )
