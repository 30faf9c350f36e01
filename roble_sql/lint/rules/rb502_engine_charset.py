"""RB502: CREATE TABLE without explicit ENGINE and CHARSET."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import CreateTable, Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register


@register
class EngineCharset(Rule):
    """CREATE TABLE without explicit ENGINE and CHARSET.

    Without them the table gets whatever the server defaults to (default_storage_engine,
    character_set_server, collation_server), so the same revision builds different tables
    on a laptop, on staging and on production (latin1 on older servers, utf8mb4 on newer
    ones), and joins between them compare differently. A COLLATE names its character set,
    so it counts as one. Temporary tables and CREATE TABLE ... LIKE are not checked.

    **Anti-pattern**

    ```sql
    CREATE TABLE finishes (
        id_finish INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        name VARCHAR(50) NOT NULL
    );
    ```

    **Best practice**

    ```sql
    CREATE TABLE finishes (
        id_finish INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        name VARCHAR(50) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
    ```
    """

    code = "RB502"
    severity = WARNING
    shapes = (CreateTable,)  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if not isinstance(shape, CreateTable) or shape.temporary or shape.like is not None:
            return
        missing = []
        if "ENGINE" not in shape.options:
            missing.append("ENGINE=InnoDB")
        if "CHARSET" not in shape.options and "COLLATE" not in shape.options:
            missing.append("DEFAULT CHARSET=utf8mb4")
        if missing:
            yield Hit(
                stmt.line,
                f"CREATE TABLE {shape.name} states no {' and no '.join(m.split('=')[0] for m in missing)}: "
                "it gets the server's defaults, so the same revision builds different tables on "
                f"different servers; add {' '.join(missing)} after the column list",
            )
