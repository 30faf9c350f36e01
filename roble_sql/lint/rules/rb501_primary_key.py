"""RB501: CREATE TABLE without a PRIMARY KEY."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, CreateTable, IndexDef
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register


@register
class PrimaryKey(Rule):
    """CREATE TABLE without a PRIMARY KEY (or a UNIQUE key on NOT NULL columns).

    InnoDB clusters the rows on the primary key, or else on the first UNIQUE key whose
    columns are all NOT NULL; with neither, on a hidden row id nobody can use. Replicas
    applying row-based changes then have no key to find each changed row by, and online
    schema tools (gh-ost, pt-online-schema-change) refuse the table, so every later
    change to it locks. Nothing fails today, so this is a warning. A key added by an
    ALTER TABLE later in the same file counts. Temporary tables and CREATE TABLE ... LIKE
    are not checked.

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
    severity = WARNING

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        later_keys = set()
        for stmt in file.statements:
            shape = stmt.shape
            if isinstance(shape, AlterTable) and any(
                c.action == "add_pk" or (c.action == "add_index" and _unique(c.index))
                for c in shape.clauses
            ):
                later_keys.add(shape.name.key)
        for stmt in file.statements:
            shape = stmt.shape
            if not isinstance(shape, CreateTable) or shape.temporary or shape.like is not None:
                continue
            if _has_cluster_key(shape) or shape.name.key in later_keys:
                continue
            yield Hit(
                stmt.line,
                f"CREATE TABLE {shape.name} has no PRIMARY KEY and no UNIQUE key on NOT NULL "
                "columns: InnoDB clusters it on a hidden row id, replicas have no key to find "
                "changed rows by, and online schema tools refuse it. Add PRIMARY KEY (...) on "
                "the natural key, or an id INT AUTO_INCREMENT",
            )


def _has_cluster_key(shape: CreateTable) -> bool:
    """A primary key, or a UNIQUE key whose columns are all NOT NULL (InnoDB's choice)."""
    if shape.has_primary_key:
        return True
    columns = {c.key: c for c in shape.columns}
    if any((c.unique or c.type_name == "SERIAL") and not c.accepts_null for c in shape.columns):
        return True
    return any(
        index.kind == "unique"
        and index.columns
        and all(
            (column := columns.get(name.lower())) is not None and not column.accepts_null
            for name in index.columns
        )
        for index in shape.indexes
    )


def _unique(index: IndexDef | None) -> bool:
    return index is not None and index.kind == "unique"
