"""RB201: DDL and DML mixed in one revision."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.base import UP_ONLY, WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, RevisionUnit
from roble_sql.lint.registry import register


@register
class MixedDdlDml(Rule):
    """DDL and DML mixed in one revision.

    MySQL commits DDL implicitly: DML before a DDL statement is committed with it, and DML
    after it runs when the schema change is already permanent. If the DML fails, there is
    no transaction to roll the revision back. roble runs a DML-only revision as one
    transaction together with its bookkeeping, so keep data changes in revisions of their
    own. Checked on up files.

    **Anti-pattern**

    ```sql
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    INSERT INTO colors (name, hex_code, active) VALUES ('Walnut', '#5D4037', TRUE);
    ```

    **Best practice**

    ```sql
    -- 0007_add_hex_code.sql: the schema change alone.
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    -- 0008_seed_walnut.sql (its own revision, one transaction):
    -- INSERT INTO colors (name, hex_code, active) VALUES ('Walnut', '#5D4037', TRUE);
    ```
    """

    code = "RB201"
    severity = WARNING
    roles = UP_ONLY

    def check_revision(self, revision: RevisionUnit, ctx: LintContext) -> Iterator[Hit]:
        up = revision.up
        if up is None or not up.readable:
            return
        first_ddl = next((s for s in up.statements if s.is_ddl), None)
        first_dml = up.first_dml  # INSERTs are not kept: the file notes its first DML
        if first_ddl is None or first_dml is None:
            return
        if first_dml.index < first_ddl.index:
            yield Hit(
                first_ddl.line,
                f"the DDL here commits the data change on line {first_dml.line} implicitly "
                "(MySQL commits before DDL), so a failure from here on can't roll the data "
                "back; put the data change in a revision of its own",
            )
        else:
            yield Hit(
                first_dml.line,
                f"this data change runs after DDL (line {first_ddl.line}) that MySQL has "
                "already committed: if it fails, the schema change stays without its data; "
                "put it in a revision of its own (roble runs a DML-only revision as one "
                "transaction)",
            )
