"""RB202: more than one DDL statement in one revision."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.base import UP_ONLY, WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, RevisionUnit
from roble_sql.lint.registry import register


@register
class ManyDdl(Rule):
    """More than one DDL statement in one revision.

    Each DDL statement commits on its own on MySQL, so a revision of several is not
    atomic: if the third fails, the first two stay applied and the schema is half changed
    until someone fixes the file (roble records where it stopped and resumes there). Give
    each change its own revision, or fold changes to one table into one ALTER TABLE (or the
    CREATE TABLE itself). Checked on up files.

    **Anti-pattern**

    ```sql
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ALTER TABLE colors ADD COLUMN description VARCHAR(255) NULL, ALGORITHM=INSTANT;
    ```

    **Best practice**

    ```sql
    ALTER TABLE colors
        ADD COLUMN hex_code VARCHAR(7) NULL,
        ADD COLUMN description VARCHAR(255) NULL,
        ALGORITHM=INSTANT;
    ```
    """

    code = "RB202"
    severity = WARNING
    roles = UP_ONLY

    def check_revision(self, revision: RevisionUnit, ctx: LintContext) -> Iterator[Hit]:
        up = revision.up
        if up is None or not up.readable:
            return
        ddl = [stmt for stmt in up.statements if stmt.is_ddl]
        if len(ddl) < 2:
            return
        lines = ", ".join(str(stmt.line) for stmt in ddl[:6]) + (", ..." if len(ddl) > 6 else "")
        yield Hit(
            ddl[1].line,
            f"this revision runs {len(ddl)} DDL statements (lines {lines}); MySQL commits each "
            "on its own, so a failure here leaves the ones before it applied and the revision "
            "half done. Give each change its own revision, or combine changes to one table "
            "into one statement",
        )
