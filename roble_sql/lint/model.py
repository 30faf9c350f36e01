"""What the engine hands to rules: files read once, revisions, and what is known so far."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from roble_sql.errors import RevisionFileError, SplitError
from roble_sql.folder import SqlFile
from roble_sql.lint.analysis import (
    AlterTable,
    Clause,
    ColumnDef,
    CreateTable,
    DropObjects,
    Name,
    RenameTables,
    Stmt,
)
from roble_sql.lint.suppress import Suppression
from roble_sql.sources import Header, first_non_utf8
from roble_sql.splitter import Statement

# Statements a file-level rule never needs: a data revision's rows. They are analysed
# and shown to the statement rules as they stream by, then let go (600k of them).
UNKEPT_VERBS = frozenset({"INSERT", "REPLACE"})


@dataclass(eq=False)
class LintFile:
    """One `.sql` file (a :class:`~roble_sql.folder.SqlFile`, read once) as lint sees it.

    Its statements stream through the rules once; ``statements`` keeps those a rule of
    the whole file or revision may read (all but INSERT and REPLACE, whose rows no such
    rule needs), and the counts and landmarks below stand for the rest.
    """

    source: SqlFile
    name: str  # as shown in findings
    role: str  # up | rollback
    revision_id: str
    text: str | None = None  # None when it could not be read (see `problem`)
    problem: RevisionFileError | None = None  # unreadable: an I/O error
    header: Header | None = None
    header_error: RevisionFileError | None = None
    split_error: SplitError | None = None
    statements: list[Stmt] = field(default_factory=list)  # kept: every one but UNKEPT_VERBS
    statement_count: int = 0  # every statement, kept or not
    first: Stmt | None = None
    last: Stmt | None = None
    first_dml: Stmt | None = None
    empty_statements: list[Statement] = field(default_factory=list)
    suppressions: list[Suppression] | None = None  # found on first use (lint.suppress)
    _starts: list[int] = field(default_factory=list, repr=False)

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def readable(self) -> bool:
        return self.text is not None

    @functools.cached_property
    def non_utf8(self) -> tuple[int, int] | None:
        """Line and value of the first byte that is not UTF-8 (found when a rule asks: it
        is a search of the whole text)."""
        return first_non_utf8(self.text) if self.text is not None else None

    def take(self, stmt: Stmt) -> None:
        """Note a statement as it streams by, keeping it when a file-level rule may need it."""
        self.statement_count += 1
        if self.first is None:
            self.first = stmt
        if self.first_dml is None and stmt.is_dml:
            self.first_dml = stmt
        self.last = stmt
        if stmt.verb not in UNKEPT_VERBS:
            self.statements.append(stmt)

    def statement_at(self, line: int) -> Stmt | None:
        """The kept statement whose lines include `line`."""
        if len(self._starts) != len(self.statements):
            self._starts = [stmt.line for stmt in self.statements]
        index = bisect.bisect_right(self._starts, line) - 1
        if index >= 0 and self.statements[index].end_line >= line:
            return self.statements[index]
        return None


@dataclass(eq=False)
class RevisionUnit:
    """A revision: its up file and its rollback file (either may be absent)."""

    id: str
    folder: Path
    up: LintFile | None
    rollback: LintFile | None
    rollback_path: Path  # where the rollback file is (or would be)

    def files(self) -> list[LintFile]:
        return [f for f in (self.up, self.rollback) if f is not None]


@dataclass(frozen=True, slots=True)
class KnownColumn:
    column: ColumnDef
    origin: str  # file:line where this definition was written
    added_in: str | None = None  # the revision whose ALTER TABLE ... ADD COLUMN added it


class Catalog:
    """Columns of the tables built by the revisions linted so far, in revision order.

    Only what the linted files say is known: a column defined before them (or by a
    statement the analysis does not read) is unknown, and rules comparing with the
    current definition stay silent about it.
    """

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, KnownColumn]] = {}

    def has_table(self, table: Name) -> bool:
        """Whether the revisions linted so far created (or altered) ``table``."""
        return table.key in self._tables

    def column(self, table: Name, column: str) -> KnownColumn | None:
        known = self._tables.get(table.key)
        return known.get(column.lower()) if known is not None else None

    def apply(self, stmt: Stmt, file_name: str, revision_id: str | None = None) -> None:
        shape = stmt.shape
        if isinstance(shape, CreateTable) and not shape.temporary:
            if shape.if_not_exists and shape.name.key in self._tables:
                return
            if shape.like is not None:
                self._tables[shape.name.key] = dict(self._tables.get(shape.like.key, {}))
                return
            self._tables[shape.name.key] = {
                c.key: KnownColumn(c, f"{file_name}:{c.line}") for c in shape.columns
            }
        elif isinstance(shape, AlterTable):
            self._alter(shape, file_name, revision_id)
        elif isinstance(shape, DropObjects) and shape.object == "table":
            for name in shape.names:
                self._tables.pop(name.key, None)
        elif isinstance(shape, RenameTables):
            for old, new in shape.pairs:
                self._rename(old.key, new.key)

    def _rename(self, old: str, new: str) -> None:
        moved = self._tables.pop(old, None)
        if moved is not None:
            self._tables[new] = moved
        else:
            self._tables.pop(new, None)

    def _alter(self, shape: AlterTable, file_name: str, revision_id: str | None) -> None:
        # A table created before the linted revisions: what they add to it is still known.
        columns = self._tables.setdefault(shape.name.key, {})
        for clause in shape.clauses:
            if clause.action in ("add_column", "modify", "change"):
                before = columns.get((clause.name or "").lower())
                if clause.action == "change" and clause.name:
                    columns.pop(clause.name.lower(), None)
                added_in = revision_id if clause.action == "add_column" else None
                if before is not None and added_in is None:
                    added_in = before.added_in
                for column in clause.columns:
                    where = f"{file_name}:{column.line}"
                    columns[column.key] = KnownColumn(column, where, added_in)
            elif clause.action == "drop_column" and clause.name:
                columns.pop(clause.name.lower(), None)
            elif clause.action == "rename_column" and clause.name and clause.new_name:
                known = columns.pop(clause.name.lower(), None)
                if known is not None:
                    columns[clause.new_name.lower()] = known
            elif clause.action == "rename_table" and clause.new_table is not None:
                self._rename(shape.name.key, clause.new_table.key)
                columns = self._tables.get(clause.new_table.key, {})


@dataclass
class LintContext:
    """What every hook may consult: the revision ids of each folder being linted."""

    revision_ids: dict[Path, frozenset[str]] = field(default_factory=dict)

    def ids_beside(self, file: LintFile) -> frozenset[str]:
        return self.revision_ids.get(file.path.parent, frozenset())


T = TypeVar("T")


class Kept(Generic[T]):
    """A key for what a rule keeps across a file's statements, typed by what it holds."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Kept({self.name!r})"


@dataclass
class StatementContext:
    """What a statement rule knows besides the statement: the file and what came before."""

    file: LintFile
    revision: RevisionUnit
    lint: LintContext
    # The columns known before this statement (for a rollback file: after its up file ran;
    # only up files change it). None when nothing is known.
    catalog: Catalog | None
    created_tables: set[str] = field(default_factory=set)  # created earlier in this file
    added_columns: dict[tuple[str, str], ColumnDef] = field(default_factory=dict)
    # What rules keep until the file's end (Rule.finish_file), by key.
    _kept: dict[Kept[Any], list[Any]] = field(default_factory=dict)

    def keep(self, key: Kept[T], item: T) -> None:
        self._kept.setdefault(key, []).append(item)

    def kept(self, key: Kept[T]) -> list[T]:
        """What was kept under ``key`` so far, oldest first."""
        return self._kept.get(key, [])

    @property
    def role(self) -> str:
        return self.file.role

    def redefined_columns(
        self, shape: AlterTable
    ) -> Iterator[tuple[Clause, ColumnDef, KnownColumn]]:
        """Each MODIFY/CHANGE of ``shape`` with its new definition and the column as known
        before it; columns nothing earlier defined are skipped (never guess at history)."""
        if self.catalog is None:
            return
        for clause in shape.clauses:
            new = clause.column
            if clause.action not in ("modify", "change") or new is None:
                continue
            known = self.catalog.column(shape.name, clause.name or new.name)
            if known is not None:
                yield clause, new, known

    def is_new_table(self, name: Name) -> bool:
        """Whether `name` was created earlier in this same file (so it holds no old rows)."""
        return name.key in self.created_tables

    def note(self, stmt: Stmt) -> None:
        """Remember what `stmt` created, for the statements after it."""
        shape = stmt.shape
        if isinstance(shape, CreateTable) and not shape.temporary:
            self.created_tables.add(shape.name.key)
        elif isinstance(shape, RenameTables):
            for old, new in shape.pairs:
                if old.key in self.created_tables:
                    self.created_tables.add(new.key)
        elif isinstance(shape, AlterTable):
            for clause in shape.clauses:
                if clause.action == "add_column":
                    for column in clause.columns:
                        self.added_columns[(shape.name.key, column.key)] = column
                elif (
                    clause.action == "rename_table"
                    and clause.new_table is not None
                    and shape.name.key in self.created_tables
                ):
                    self.created_tables.add(clause.new_table.key)
