"""RB203: ALTER of an existing table without ALGORITHM=/LOCK=, or with COPY/EXCLUSIVE."""

from __future__ import annotations

from collections.abc import Iterator

from roble_sql.lint.analysis import AlterTable, CreateIndex, DropIndex, Name, Stmt
from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import Kept, StatementContext
from roble_sql.lint.registry import register
from roble_sql.online_mark import marked_lines

_MARKED: Kept[frozenset[int]] = Kept("RB203.online")  # lines of `-- roble: online` ALTERs
_METADATA_ONLY = frozenset({"rename_table", "rename_index", "algorithm", "lock", "keys"})


@register
class OnlineDdl(Rule):
    """ALTER of an existing table without ALGORITHM=/LOCK=, or with COPY/EXCLUSIVE.

    Without `ALGORITHM=` or `LOCK=` MySQL picks the method itself, and when a change
    can't be done in place it silently copies the whole table while blocking writes; on a
    big table that is an outage. Stating `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE,
    LOCK=NONE` makes the server refuse a change it can't do online instead.
    An ALTER TABLE after a `-- roble: online` line is run by pt-online-schema-change
    (copied in chunks while writes go on), so it is not reported.
    `ALGORITHM=COPY` or `LOCK=EXCLUSIVE` asks for the blocking copy outright. Also
    checked: CREATE/DROP INDEX, which are ALTER TABLE in disguise. Tables created earlier
    in the same file are not checked.

    **Anti-pattern**

    ```sql
    ALTER TABLE furniture ADD INDEX idx_furniture_name (name);
    ```

    **Best practice**

    ```sql
    ALTER TABLE furniture ADD INDEX idx_furniture_name (name), ALGORITHM=INPLACE, LOCK=NONE;
    ```
    """

    code = "RB203"
    severity = WARNING
    shapes = (
        AlterTable,
        CreateIndex,
        DropIndex,
    )  # the statement shapes it looks at; the engine skips the rest

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterator[Hit]:
        shape = stmt.shape
        if isinstance(shape, AlterTable):
            if {c.action for c in shape.clauses} <= _METADATA_ONLY:
                return  # renames (or DISABLE/ENABLE KEYS) alone: nothing to copy
            verb = f"ALTER TABLE {shape.name}"
            table = shape.name
        elif isinstance(shape, CreateIndex | DropIndex):
            verb = ("CREATE INDEX" if isinstance(shape, CreateIndex) else "DROP INDEX") + (
                f" {shape.name} ON {shape.table}"
            )
            table = shape.table
        else:
            return
        if ctx.is_new_table(table) or _runs_online(stmt, ctx):
            return
        yield from _check(stmt, verb, table, shape.algorithm, shape.lock)


def _runs_online(stmt: Stmt, ctx: StatementContext) -> bool:
    """After `-- roble: online`: the online tool copies the table while writes go on."""
    if not isinstance(stmt.shape, AlterTable):
        return False
    if not ctx.kept(_MARKED):
        ctx.keep(_MARKED, marked_lines(ctx.file.text or ""))
    return stmt.line in ctx.kept(_MARKED)[0]


def _check(
    stmt: Stmt, verb: str, table: Name, algorithm: str | None, lock: str | None
) -> Iterator[Hit]:
    if algorithm == "COPY" or lock == "EXCLUSIVE":
        asked = ", ".join(
            part
            for part in (
                f"ALGORITHM={algorithm}" if algorithm else "",
                f"LOCK={lock}" if lock else "",
            )
            if part
        )
        if algorithm == "COPY":
            effect = f"MySQL copies {table} row by row and blocks writes for the whole copy"
            if lock == "EXCLUSIVE":
                effect = effect.replace("blocks writes", "blocks reads and writes")
        else:
            effect = f"{table} is locked against reads and writes for the whole ALTER"
        yield Hit(
            stmt.line,
            f"{verb} asks for {asked}: {effect}. Use ALGORITHM=INPLACE/INSTANT with "
            "LOCK=NONE, or an online tool (gh-ost, pt-online-schema-change); if this is "
            "unavoidable here, say why: '-- roble: ignore RB203 <why>'",
        )
    elif algorithm in (None, "DEFAULT") and lock in (None, "DEFAULT"):
        yield Hit(
            stmt.line,
            f"{verb} states no ALGORITHM= or LOCK=: if MySQL can't make this change in place "
            f"it silently copies {table} and blocks writes while it does. Add ALGORITHM=INSTANT, "
            "or ALGORITHM=INPLACE, LOCK=NONE, so the server refuses instead of locking",
        )
