"""RB501: CREATE TABLE without a PRIMARY KEY."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, CreateTable
from roble_sql.lint.base import ERROR, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register


@register
class PrimaryKey(Rule):
    """CREATE TABLE without a PRIMARY KEY.

    InnoDB then clusters the rows on a hidden row id nobody can use, replicas applying
    row-based changes have no key to find each changed row by, and online schema tools
    (gh-ost, pt-online-schema-change) refuse the table, so every later change to it locks.
    A primary key added by an ALTER TABLE later in the same file counts. Temporary tables
    and CREATE TABLE ... LIKE are not checked.

    **Anti-pattern**

    ```sql
    CREATE TABLE furniture_materials (
        id_furniture INT NOT NULL,
        id_material INT NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    ```

    **Best practice**

    ```sql
    CREATE TABLE furniture_materials (
        id_furniture INT NOT NULL,
        id_material INT NOT NULL,
        PRIMARY KEY (id_furniture, id_material)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
    ```
    """

    code = "RB501"
    severity = ERROR

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        later_keys = set()
        for stmt in file.statements:
            shape = stmt.shape
            if isinstance(shape, AlterTable) and any(c.action == "add_pk" for c in shape.clauses):
                later_keys.add(shape.name.key)
        for stmt in file.statements:
            shape = stmt.shape
            if not isinstance(shape, CreateTable) or shape.temporary or shape.like is not None:
                continue
            if shape.has_primary_key or shape.name.key in later_keys:
                continue
            yield Hit(
                stmt.line,
                f"CREATE TABLE {shape.name} has no PRIMARY KEY: InnoDB clusters it on a hidden "
                "row id, replicas have no key to find changed rows by, and online schema tools "
                "refuse it. Add PRIMARY KEY (...) on the natural key, or an id INT "
                "AUTO_INCREMENT",
            )
