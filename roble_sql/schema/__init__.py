"""roble's schema model: read a database's schema, compare two, render them as SQL or Mermaid.

Pure: nothing here opens a connection. ``read_schema`` runs its information_schema
queries through the ``query(sql, args)`` callable it is given (``runner.Database.query``).

- ``model``: the frozen records (Schema, Table, Column, Index, IndexPart, ForeignKey,
  Check, TableOptions, View, Trigger, Routine).
- ``introspect``: the queries (constants) and the model built from their rows.
- ``compare``: ``compare(old, new) -> SchemaDiff`` of ``Change`` records, and their lines.
- ``ddl``: SQL fragments of the model (column, key, constraint definitions, CREATE ...).
- ``dump``: the whole schema as a deterministic SQL script; ``erd``: as a Mermaid diagram.
"""

from roble_sql.schema.compare import ADD, ALTER, DROP, Change, SchemaDiff, compare
from roble_sql.schema.dump import dump
from roble_sql.schema.erd import markdown, mermaid
from roble_sql.schema.introspect import BOOKKEEPING, Dialect, build_schema, read_schema
from roble_sql.schema.model import (
    Check,
    Column,
    ForeignKey,
    Index,
    IndexPart,
    Routine,
    Schema,
    Table,
    TableOptions,
    Trigger,
    View,
)

__all__ = [
    "ADD",
    "ALTER",
    "BOOKKEEPING",
    "DROP",
    "Change",
    "Check",
    "Column",
    "Dialect",
    "ForeignKey",
    "Index",
    "IndexPart",
    "Routine",
    "Schema",
    "SchemaDiff",
    "Table",
    "TableOptions",
    "Trigger",
    "View",
    "build_schema",
    "compare",
    "dump",
    "markdown",
    "mermaid",
    "read_schema",
]
