"""The session settings a statement runs under, as far as a file's own SETs tell. Pure.

Some verdicts depend on them: with ``FOREIGN_KEY_CHECKS=0`` tables may be dropped in any
order; ``sql_mode`` decides what strict mode refuses; ``SET NAMES`` how bytes are read.
The engine gives every statement the settings in force before it (:attr:`Stmt.session`),
starting from the server's defaults. A value lint can't read (``@saved``) is ``None``:
rules then can't be sure, and say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from roble_sql.lint.analysis.shapes import SetVariables

if TYPE_CHECKING:
    from roble_sql.lint.analysis.statement import Stmt

_ON = {"1", "ON", "TRUE"}
_OFF = {"0", "OFF", "FALSE"}


class Session(NamedTuple):
    foreign_key_checks: bool | None = True  # the server's default
    sql_mode: str | None = ""  # "": the server's default; None: set to what lint can't read
    names: str | None = ""  # "": the connection's character set


DEFAULT_SESSION = Session()


def session_after(session: Session, stmt: Stmt) -> Session:
    """The settings after ``stmt`` ran in ``session``."""
    shape = stmt.shape
    if not isinstance(shape, SetVariables):
        return session
    if shape.special in ("NAMES", "CHARACTER", "CHARSET"):
        skip = {"SET", "NAMES", "CHARACTER", "CHARSET"}
        charset = next((t.text for t in stmt.tokens if t.up not in skip), None)
        return session._replace(names=charset.lower() if charset else None)
    for assignment in shape.assignments:
        if assignment.scope != "session":
            continue
        value = assignment.value.strip("'\"").strip()
        if assignment.name == "foreign_key_checks":
            checks = True if value in _ON else False if value in _OFF else None
            session = session._replace(foreign_key_checks=checks)
        elif assignment.name == "sql_mode":
            readable = value and not value.startswith("@")
            session = session._replace(sql_mode=value if readable else None)
    return session
