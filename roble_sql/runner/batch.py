"""Statements queued for one multi-statement round trip."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from roble_sql import classify

if TYPE_CHECKING:  # the splitter compiles its patterns on import
    from roble_sql.splitter import Statement

MAX_BATCH_STATEMENTS = 1000  # statements per round trip; the byte limit comes from the server


MAX_BATCH_BYTES = 8 << 20


class Taken(NamedTuple):
    """A batch as sent: its parts, who owns each, and where its results can be trusted."""

    parts: list[str]
    owners: list[tuple[int, Statement] | None]  # None: roble's own SQL
    done_before: int  # statements of the revision done before this batch
    several_at: int | None  # the statement that may answer with any number of results


class Batch:
    """Statements (with their bookkeeping) waiting to go to the server in one round trip."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.owners: list[tuple[int, Statement] | None] = []  # None: roble's own SQL
        self.size = 0
        self.statements = 0
        self.done_before = 0
        self.ends_early = False  # its last statement may return several results
        self.several_at: int | None = None

    def add_bookkeeping(self, sqls: list[str]) -> None:
        for sql in sqls:
            self.parts.append(sql)
            self.owners.append(None)
            self.size += len(sql)

    def add_statement(
        self, index: int, statement: Statement, done_before: int, *, ends_batch: bool = False
    ) -> None:
        """Queue a statement; with ``ends_batch`` it is the batch's last statement (a CALL,
        say, answers with one result per SELECT it runs: only roble's own parts may follow
        it)."""
        if not self.statements:
            self.done_before = done_before
        self.parts.append(statement.text)
        self.owners.append((index, statement))
        self.size += len(statement.text)
        self.statements += 1
        self.ends_early = ends_batch
        if ends_batch:
            self.several_at = len(self.parts) - 1

    def full(self, limit: int) -> bool:
        return self.size >= limit or self.statements >= MAX_BATCH_STATEMENTS

    def take(self) -> Taken:
        taken = Taken(self.parts, self.owners, self.done_before, self.several_at)
        self.__init__()  # type: ignore[misc]
        return taken


def with_last(items: Iterable[Statement]) -> Iterator[tuple[Statement, bool]]:
    """Each statement with whether it is the last: the record rides with the last one."""
    iterator = iter(items)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following is None
        current = following


def table_locks_after(locked: bool, text: str, in_tx: bool) -> bool:
    """Whether LOCK TABLES is in force after ``text`` (while it is, only locked tables can be written)."""
    first = classify.first_keyword(text)
    if first == "LOCK":
        return True
    if first == "UNLOCK" or (first in ("START", "BEGIN") and not in_tx):
        return False  # UNLOCK TABLES and a new transaction release table locks
    return locked
