"""RB504: database-qualified names, or USE."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from roble_sql.lint.analysis import (
    AlterObject,
    AlterTable,
    CreateIndex,
    CreateObject,
    CreateTable,
    Dml,
    DropIndex,
    DropObjects,
    Name,
    RenameTables,
    Shape,
    Stmt,
    Truncate,
    Use,
)
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import StatementContext
from roble_sql.lint.registry import register
from roble_sql.lint.sql import Tok

SYSTEM_SCHEMAS = frozenset({"information_schema", "performance_schema", "mysql", "sys"})


@register
class QualifiedNames(Rule):
    """Database-qualified names or USE (the revision must target the configured database).

    roble runs every revision in the database it is configured for; the same files build
    the developer's sandbox, staging and production. `USE other_db` or a name like
    `shop.colors` makes the revision change that database wherever it runs, so a staging
    run can alter production's schema when they share a server, and the history no longer
    describes one database. Names in the system schemas (information_schema, mysql,
    performance_schema, sys) are allowed.

    **Anti-pattern**

    ```sql
    ALTER TABLE muebles_roble.colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ```

    **Best practice**

    ```sql
    ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
    ```
    """

    code = "RB504"
    severity = WARNING

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, Use):
            yield Hit(
                stmt.line,
                f"USE {shape.database} switches the connection to another database for the rest "
                "of the revision, whatever database roble is configured for; remove it",
            )
            return
        if isinstance(shape, CreateObject | AlterObject) and shape.object in ("database", "schema"):
            if shape.name is not None:
                verb = "CREATE" if isinstance(shape, CreateObject) else "ALTER"
                yield Hit(
                    stmt.line,
                    f"{verb} {shape.object.upper()} {shape.name} changes a database other than "
                    "the one roble migrates; create and configure databases outside the "
                    "revision history",
                )
            return
        names = self._foreign_names(stmt)
        if names:
            schemas = sorted({n.split(".", 1)[0] for n in names})
            yield Hit(
                stmt.line,
                f"{', '.join(names)} names the database {', '.join(schemas)} explicitly, so the "
                "revision changes that database wherever it runs, not the one roble is "
                f"configured for; drop the '{schemas[0]}.' prefix",
            )

    _last: tuple[object, list[str]] = (None, [])

    def _foreign_names(self, stmt: Stmt) -> list[str]:
        """Statements sharing a head's reading (a data file's) share its answer."""
        reading = stmt.reading
        if reading.shared_tokens and self._last[0] is reading:
            return self._last[1]
        names = sorted({str(n) for n in named_objects(stmt) if _foreign(n)})
        if reading.shared_tokens:
            self._last = (reading, names)
        return names


def _foreign(name: Name) -> bool:
    return name.schema is not None and name.schema.lower() not in SYSTEM_SCHEMAS


def named_objects(stmt: Stmt) -> Iterator[Name]:
    """Table and object names in the statement's table positions."""
    yield from shape_names(stmt.shape)
    yield from names_after_from_join(stmt.words_tokens)


def shape_names(shape: Shape) -> Iterator[Name]:
    """The names a statement's shape holds: CREATE/ALTER/DROP/RENAME/TRUNCATE targets,
    LIKE, REFERENCES, a trigger's table, the table of INSERT/UPDATE/DELETE."""
    if isinstance(shape, CreateTable):
        yield shape.name
        if shape.like:
            yield shape.like
        yield from (fk.references for fk in shape.foreign_keys if fk.references)
        yield from (c.references for c in shape.columns if c.references)
    elif isinstance(shape, AlterTable):
        yield shape.name
        for clause in shape.clauses:
            if clause.new_table is not None:
                yield clause.new_table
            if clause.foreign_key is not None and clause.foreign_key.references:
                yield clause.foreign_key.references
    elif isinstance(shape, CreateIndex | DropIndex):
        yield shape.table
    elif isinstance(shape, DropObjects) and shape.object not in ("database", "schema"):
        yield from shape.names
    elif isinstance(shape, RenameTables):
        for old, new in shape.pairs:
            yield old
            yield new
    elif isinstance(shape, CreateObject | AlterObject):
        if shape.name is not None:
            yield shape.name
        if isinstance(shape, CreateObject) and shape.table is not None:
            yield shape.table
    elif isinstance(shape, Truncate | Dml) and shape.table is not None:
        yield shape.table


def names_after_from_join(tokens: Sequence[Tok]) -> Iterator[Name]:
    """`db.t` after FROM or JOIN, at the top level or in a `(SELECT ...)`."""
    select_depth: list[bool] = []
    for index, tok in enumerate(tokens):
        if tok.kind == "p" and tok.text == "(":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            select_depth.append(following is not None and following.is_("SELECT", "WITH"))
            continue
        if tok.kind == "p" and tok.text == ")":
            if select_depth:
                select_depth.pop()
            continue
        if not tok.is_("FROM", "JOIN") or (select_depth and not select_depth[-1]):
            continue
        window = tokens[index + 1 : index + 4]
        if (
            len(window) == 3
            and window[0].is_name
            and window[1].kind == "p"
            and window[1].text == "."
            and window[2].is_name
        ):
            yield Name(window[2].text, window[0].text)
