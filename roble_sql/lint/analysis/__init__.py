"""What a statement does, read from its tokens: the shapes the rules look at. Pure.

:func:`analyse` turns one split statement into a :class:`Stmt`: its first words, its tokens
(only the head of big INSERTs, see :mod:`roble_sql.lint.sql`) and a *shape* for the
statements rules care about (:class:`CreateTable`, :class:`AlterTable`, :class:`Dml`, ...).
Reading is forgiving: what it does not recognise gets no shape, never an exception.

The package: :mod:`.shapes` (what rules see), :mod:`.statement` (:func:`analyse`),
:mod:`.cursor` (reading tokens), :mod:`.ddl` and :mod:`.dml` (the shape readers).
"""

from roble_sql.lint.analysis.session import DEFAULT_SESSION, Session, session_after
from roble_sql.lint.analysis.shapes import (
    AlterObject,
    AlterTable,
    Assignment,
    Clause,
    ColumnDef,
    CreateIndex,
    CreateObject,
    CreateTable,
    Dml,
    DropIndex,
    DropObjects,
    ForeignKey,
    IndexDef,
    Name,
    RenameTables,
    SetVariables,
    Shape,
    Truncate,
    Use,
)
from roble_sql.lint.analysis.statement import KNOWN_VERBS, Stmt, analyse

__all__ = [
    "DEFAULT_SESSION",
    "KNOWN_VERBS",
    "AlterObject",
    "AlterTable",
    "Assignment",
    "Clause",
    "ColumnDef",
    "CreateIndex",
    "CreateObject",
    "CreateTable",
    "Dml",
    "DropIndex",
    "DropObjects",
    "ForeignKey",
    "IndexDef",
    "Name",
    "RenameTables",
    "Session",
    "SetVariables",
    "Shape",
    "Stmt",
    "Truncate",
    "Use",
    "analyse",
    "session_after",
]
