"""The schema model: what a MySQL/MariaDB database holds, as plain frozen records.

Pure: no connection, no SQL runs here. ``introspect`` builds a :class:`Schema` from
information_schema rows, ``compare`` diffs two of them, ``ddl`` renders the parts as
SQL, and ``dump``/``erd`` render a whole schema.

Values are kept as the server shows them (``COLUMN_TYPE`` ``varchar(50)``, defaults as
SQL text such as ``'abc'`` or ``current_timestamp()``), so rendering them back gives the
server the same definition, and two schemas read from the same server compare exactly.
Views, triggers and routines keep their ``CREATE`` statement as the server prints it
(without the ``DEFINER`` clause, kept apart), because their source text is what the
server stores: rebuilding it from parts would not round-trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MARIADB = "mariadb"
MYSQL = "mysql"


@dataclass(frozen=True)
class Column:
    """One column, in table order (``position`` is 1-based)."""

    name: str
    type: str  # COLUMN_TYPE as the server shows it: "int(11)", "decimal(10,2) unsigned"
    nullable: bool = True
    # The DEFAULT clause as SQL text ("NULL", "'abc'", "0", "current_timestamp()");
    # None when the column has no DEFAULT clause.
    default: str | None = None
    auto_increment: bool = False
    on_update: str | None = None  # "current_timestamp()"
    charset: str | None = None  # None for non-character types
    collation: str | None = None
    comment: str = ""
    generated: str | None = None  # expression of a generated column
    storage: str | None = None  # VIRTUAL | STORED, for generated columns
    invisible: bool = False
    position: int = 0

    @property
    def data_type(self) -> str:
        """The bare type name: ``varchar`` for ``varchar(50)``."""
        return self.type.split("(", 1)[0].split(" ", 1)[0].lower()


@dataclass(frozen=True)
class IndexPart:
    """One key part: a column (with an optional prefix length) or an expression (MySQL)."""

    column: str | None
    length: int | None = None  # prefix length (SUB_PART)
    descending: bool = False
    expression: str | None = None  # MySQL functional key part; column is None then


@dataclass(frozen=True)
class Index:
    """A key. ``kind``: primary | unique | index | fulltext | spatial."""

    name: str
    kind: str
    parts: tuple[IndexPart, ...]
    method: str = "BTREE"  # INDEX_TYPE: BTREE | HASH | RTREE | FULLTEXT | SPATIAL
    comment: str = ""
    ignored: bool = False  # MariaDB IGNORED / MySQL INVISIBLE
    position: int = 0  # order among the table's keys, as the server keeps them

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(part.column or f"({part.expression})" for part in self.parts)

    @property
    def unique(self) -> bool:
        return self.kind in ("primary", "unique")


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str = "RESTRICT"  # RESTRICT | CASCADE | SET NULL | NO ACTION | SET DEFAULT
    on_update: str = "RESTRICT"
    ref_schema: str | None = None  # None: the same database


@dataclass(frozen=True)
class Check:
    """A CHECK constraint. MariaDB's column-level checks carry their column's name."""

    name: str
    clause: str  # as the server shows it: "`price` > 0"
    column: str | None = None  # set for a column-level check (written with the column)
    position: int = 0


@dataclass(frozen=True)
class TableOptions:
    engine: str | None = "InnoDB"
    charset: str | None = None
    collation: str | None = None
    comment: str = ""
    # Options given explicitly at CREATE time, as the server lists them (CREATE_OPTIONS):
    # "row_format=DYNAMIC", "stats_persistent=1". Never AUTO_INCREMENT counters.
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    indexes: tuple[Index, ...] = ()  # in the server's key order (PRIMARY first)
    foreign_keys: tuple[ForeignKey, ...] = ()  # by name
    checks: tuple[Check, ...] = ()  # in definition order
    options: TableOptions = field(default_factory=TableOptions)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def index(self, name: str) -> Index | None:
        return next((i for i in self.indexes if i.name == name), None)

    @property
    def primary_key(self) -> Index | None:
        return next((i for i in self.indexes if i.kind == "primary"), None)


@dataclass(frozen=True)
class View:
    name: str
    definition: str  # the CREATE VIEW statement as the server prints it, without DEFINER
    select: str = ""  # the SELECT after AS (without WITH ... CHECK OPTION)
    algorithm: str = "UNDEFINED"
    security: str = "DEFINER"
    check_option: str = "NONE"  # NONE | CASCADED | LOCAL
    definer: str | None = None  # "`user`@`host`"


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    timing: str  # BEFORE | AFTER
    event: str  # INSERT | UPDATE | DELETE
    body: str  # what follows FOR EACH ROW, as written
    definition: str  # the CREATE TRIGGER statement as written, without DEFINER
    order: int = 1  # ACTION_ORDER among the table's triggers for the same timing and event
    definer: str | None = None


@dataclass(frozen=True)
class Routine:
    name: str
    kind: str  # PROCEDURE | FUNCTION
    definition: str  # the CREATE statement as the server prints it, without DEFINER
    definer: str | None = None


@dataclass(frozen=True)
class Schema:
    """Everything roble models in one database; roble's and yoyo's own tables left out."""

    tables: tuple[Table, ...] = ()  # by name
    views: tuple[View, ...] = ()  # by name
    triggers: tuple[Trigger, ...] = ()  # by table, event, timing, order
    routines: tuple[Routine, ...] = ()  # by name, then kind
    charset: str | None = None  # the database's defaults (informational, not compared)
    collation: str | None = None
    flavor: str = MARIADB  # mariadb | mysql: decides a few spellings when rendering
    skipped: tuple[str, ...] = ()  # objects roble does not model: "sequence s", "event e"

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def view(self, name: str) -> View | None:
        return next((v for v in self.views if v.name == name), None)
