"""RB006: an inline suppression without a reason, or naming no known rule."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint import registry, suppress
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register


@register
class SuppressionComment(Rule):
    """Suppression comment without a reason, or naming no known rule.

    `-- roble: ignore RB302 <reason>` silences a finding for one statement, and the
    reason is what the next reviewer reads instead of the finding. A suppression without
    a reason, or with a code that is not a rule (a typo), silences nothing: the original
    finding is still reported, and so is the comment.

    **Anti-pattern**

    ```sql
    -- roble: ignore RB302
    ALTER TABLE furniture RENAME COLUMN price TO list_price, ALGORITHM=INSTANT;
    ```

    **Best practice**

    ```sql
    -- roble: ignore RB302 the app reads list_price since release 4.2 (ticket MR-311)
    ALTER TABLE furniture RENAME COLUMN price TO list_price, ALGORITHM=INSTANT;
    ```
    """

    code = "RB006"
    severity = WARNING

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        if not file.text:
            return
        known = registry.codes()
        for found in suppress.for_file(file):
            unknown = sorted(found.codes - known)
            if not found.codes:
                yield Hit(
                    found.line,
                    f"'{found.text}' names no rule, so it silences nothing; write "
                    "'-- roble: ignore RB302 <reason>'",
                )
            elif unknown:
                yield Hit(
                    found.line,
                    f"'{found.text}' names {', '.join(unknown)}, which is not a rule "
                    "('roble rules' lists them), so it silences nothing",
                )
            elif not found.reason:
                yield Hit(
                    found.line,
                    f"'{found.text}' gives no reason, so it silences nothing: add why the "
                    "finding is acceptable here, e.g. '-- roble: ignore "
                    f"{min(found.codes)} coordinated with app release 4.2'",
                )
