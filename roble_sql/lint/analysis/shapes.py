"""The shapes of the statements rules look at: what a CREATE TABLE, ALTER, DROP or DML says."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Name:
    """A possibly database-qualified object name, without quotes."""

    name: str
    schema: str | None = None

    @property
    def key(self) -> str:
        """For comparing names: MySQL table names may be case-insensitive, so compare lower."""
        return self.name.lower()

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(slots=True)
class ColumnDef:
    name: str
    type_name: str  # upper case: VARCHAR, INT, ENUM, ...
    type_args: tuple[str, ...] = ()  # lengths, or the values of an ENUM/SET
    unsigned: bool = False
    nullable: bool | None = None  # None: not stated
    has_default: bool = False
    auto_increment: bool = False
    generated: bool = False
    primary_key: bool = False
    unique: bool = False
    references: Name | None = None
    line: int = 0

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def accepts_null(self) -> bool:
        """Whether the column takes NULL: stated NULL, or nothing stated and not a key."""
        if self.nullable is not None:
            return self.nullable
        return not (self.primary_key or self.type_name == "SERIAL")

    @property
    def type_text(self) -> str:
        if self.type_name in ("ENUM", "SET"):
            args = ", ".join("'" + value.replace("'", "''") + "'" for value in self.type_args)
        else:
            args = ", ".join(self.type_args)
        text = f"{self.type_name}({args})" if self.type_args else self.type_name
        return text + (" UNSIGNED" if self.unsigned else "")


@dataclass(frozen=True, slots=True)
class IndexDef:
    kind: str  # primary | unique | index | fulltext | spatial
    name: str | None
    columns: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ForeignKey:
    name: str | None  # the CONSTRAINT name; None when the server generates it (t_ibfk_1)
    columns: tuple[str, ...]
    references: Name | None
    line: int


@dataclass(slots=True)
class CreateTable:
    name: Name
    temporary: bool = False
    or_replace: bool = False
    if_not_exists: bool = False
    like: Name | None = None
    select: bool = False
    columns: list[ColumnDef] = field(default_factory=list)
    indexes: list[IndexDef] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)  # ENGINE, CHARSET, COLLATE

    @property
    def has_primary_key(self) -> bool:
        return any(c.primary_key for c in self.columns) or any(
            i.kind == "primary" for i in self.indexes
        )


@dataclass(slots=True)
class Clause:
    """One comma-separated operation of an ALTER TABLE."""

    action: str  # add_column, add_index, add_pk, add_fk, add_check, drop_column, drop_index,
    # drop_pk, drop_fk, drop_constraint, drop_check, modify, change, rename_column,
    # rename_index, rename_table, alter_column, drop_partition, truncate_partition,
    # algorithm, lock, keys (DISABLE/ENABLE KEYS), option (anything else: ENGINE=, FORCE, ...)
    line: int
    name: str | None = None  # the column, index or constraint acted on (the old name)
    new_name: str | None = None
    columns: list[ColumnDef] = field(default_factory=list)  # added, modified or changed
    index: IndexDef | None = None
    foreign_key: ForeignKey | None = None
    if_exists: bool = False
    new_table: Name | None = None  # rename_table

    @property
    def column(self) -> ColumnDef | None:
        return self.columns[0] if self.columns else None


@dataclass(slots=True)
class AlterTable:
    name: Name
    clauses: list[Clause] = field(default_factory=list)
    algorithm: str | None = None
    lock: str | None = None


@dataclass(slots=True)
class CreateIndex:
    name: str
    table: Name
    kind: str = "index"  # index | unique | fulltext | spatial
    columns: tuple[str, ...] = ()
    or_replace: bool = False
    algorithm: str | None = None
    lock: str | None = None


@dataclass(slots=True)
class DropIndex:
    name: str
    table: Name
    if_exists: bool = False
    algorithm: str | None = None
    lock: str | None = None


@dataclass(slots=True)
class DropObjects:
    """DROP TABLE/VIEW/TRIGGER/PROCEDURE/FUNCTION/EVENT/DATABASE/SCHEMA ..."""

    object: str  # lower case: table, view, trigger, ...
    names: list[Name]
    if_exists: bool = False
    temporary: bool = False


@dataclass(slots=True)
class RenameTables:
    pairs: list[tuple[Name, Name]]


@dataclass(slots=True)
class CreateObject:
    """CREATE VIEW/TRIGGER/PROCEDURE/FUNCTION/EVENT/DATABASE/SCHEMA/..."""

    object: str  # lower case
    name: Name | None
    or_replace: bool = False
    if_not_exists: bool = False
    table: Name | None = None  # the table of a trigger


@dataclass(slots=True)
class AlterObject:
    object: str
    name: Name | None


@dataclass(slots=True)
class Truncate:
    table: Name


@dataclass(frozen=True, slots=True)  # frozen: data statements with one head share theirs
class Dml:
    verb: str  # INSERT | REPLACE | UPDATE | DELETE
    table: Name | None
    multi_table: bool = False  # joins, USING, several tables
    has_where: bool = False
    has_limit: bool = False
    has_order: bool = False
    set_columns: list[Name] = field(default_factory=list)  # UPDATE: table-qualified columns


@dataclass(frozen=True, slots=True)
class Assignment:
    scope: str  # session | global | persist | user
    name: str  # lower case, without @@ and scope
    value: str  # upper-cased words of the value expression
    line: int


@dataclass(slots=True)
class SetVariables:
    assignments: list[Assignment]
    special: str | None = None  # NAMES, CHARACTER SET, TRANSACTION, STATEMENT, PASSWORD, ROLE


@dataclass(slots=True)
class Use:
    database: str


Shape = (
    CreateTable
    | AlterTable
    | CreateIndex
    | DropIndex
    | DropObjects
    | RenameTables
    | CreateObject
    | AlterObject
    | Truncate
    | Dml
    | SetVariables
    | Use
    | None
)
