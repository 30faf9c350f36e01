"""How driver errors become roble's errors: connection, bookkeeping, statements."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql.dsn import DatabaseURL, redact
from roble_sql.errors import (
    AccessDenied,
    DatabaseError,
    MigrationFailed,
    UnknownDatabase,
)
from roble_sql.runner.ddl_wait import MetadataLockTimeout
from roble_sql.runner.records import RevisionRun
from roble_sql.sources import printable

if TYPE_CHECKING:  # the splitter compiles its patterns on import
    from roble_sql.splitter import Statement

UNREACHABLE = {2002, 2003, 2005, 2006, 2013}


ACCESS_DENIED = {1044, 1045, 1142, 1143, 1227, 1698}


UNKNOWN_DATABASE = 1049


LOST_CONNECTION = {2006, 2013, 2014}


def bookkeeping_error(exc: BaseException, url: DatabaseURL) -> DatabaseError:
    """A driver error outside a revision's own statements: privileges, a lost server."""
    code = exc.args[0] if exc.args else None
    text = redact(" ".join(str(exc.args[1] if len(exc.args) > 1 else exc).split()), (url.password,))
    if code in ACCESS_DENIED:
        return AccessDenied(
            f"the database user may not do this: {text}",
            where=url.location(),
            hint="read-only commands need SELECT; migrating needs CREATE, ALTER, DROP, INDEX, "
            "INSERT, UPDATE, DELETE and SELECT on the database",
        )
    return DatabaseError(
        f"the database failed roble's bookkeeping: ({code}) {text}",
        where=url.location(),
        hint="run 'roble status' to see what is recorded, then run the command again",
    )


def connect_error(exc: Exception, url: DatabaseURL) -> DatabaseError:
    code = exc.args[0] if exc.args else None
    text = redact(str(exc.args[1] if len(exc.args) > 1 else exc), (url.password,))
    where = f"{url.location()} as {url.user or 'the current user'}"
    if code in ACCESS_DENIED:
        return AccessDenied(
            f"the server refused the login: {text}",
            where=where,
            hint="check the user and password (DATABASE_URL, ROBLE_DB_PASSWORD or ~/.my.cnf)",
        )
    if code == UNKNOWN_DATABASE:
        return UnknownDatabase(
            f"database '{url.database}' does not exist",
            where=url.location(),
            hint=f"create it first: CREATE DATABASE `{url.database}` CHARACTER SET utf8mb4",
        )
    return DatabaseError(
        f"cannot reach the database server: {text}",
        where=url.location(),
        hint="check that the server runs and the host/port/socket are right, or pass --wait",
    )


class PartError(Exception):
    """Part ``part`` of a multi-statement round trip failed (the parts before it ran)."""

    def __init__(self, part: int, cause: Exception):
        super().__init__(str(cause))
        self.part = part
        self.cause = cause


class StatementError(Exception):
    def __init__(self, index: int, statement: Statement, cause: Exception):
        super().__init__(str(cause))
        self.index = index
        self.statement = statement
        self.cause = cause

    @property
    def code(self) -> int | None:
        args = self.cause.args
        return args[0] if args and isinstance(args[0], int) else None

    @property
    def lost_connection(self) -> bool:
        return self.code in LOST_CONNECTION

    def server_message(self, url: DatabaseURL) -> str:
        """The server's error in the file's terms: what it quotes of roble's own SQL after
        the statement is cut off, and its line (counted from the statement) is the file's."""
        args = self.cause.args
        if len(args) >= 2:
            text = f"({args[0]}) {in_file_terms(str(args[1]), self.statement)}"
        else:
            text = f"{type(self.cause).__name__}: {self.cause}"
        return redact(" ".join(printable(text).split()), (url.password,))


# MariaDB's and MySQL's syntax errors: "... near '<what follows, up to 80 characters>'
# at line <n>", the line counted from the start of the statement.
_NEAR = re.compile(r"(?P<head>.* near ')(?P<near>.*)' at line (?P<line>\d+)\Z", re.DOTALL)


def in_file_terms(message: str, statement: Statement) -> str:
    match = _NEAR.match(message)
    if match is None:
        return message
    near = _within(match.group("near"), statement.text)
    line = statement.line + int(match.group("line")) - 1
    return f"{match.group('head')}{near}' at line {line}"


def _within(near: str, text: str) -> str:
    """The part of ``near`` (what the server quotes from the error on) that is ``text``'s."""
    if near in text or (near.endswith("...") and near[:-3] in text):
        return near
    for length in range(len(near), 0, -1):
        if text.endswith(near[:length]):
            return near[:length]
    return ""


def first_line(text: str, width: int = 80) -> str:
    """A statement's first line, to quote in a message."""
    line = printable(text).split("\n", 1)[0].strip()
    return line if len(line) <= width else line[: width - 3] + "..."


def failure_error(
    run: RevisionRun, failure: StatementError, error: str, in_tx: bool, path: Path
) -> MigrationFailed:
    number = failure.index + 1
    verb = "apply" if run.direction == "apply" else "roll back"
    command = "upgrade" if run.direction == "apply" else "downgrade"
    if isinstance(failure.cause, MetadataLockTimeout):  # nothing wrong with the file
        hint = failure.cause.hint(command, number, run.revision_id)
    elif in_tx:
        hint = (
            "nothing was changed: the revision ran as one transaction and was rolled back; "
            f"fix the file and run 'roble {command}' again"
        )
    elif run.committed_by is not None:
        hint = _committed_hint(run, number, command)
    elif number > 1:
        done = "statement 1 is" if number == 2 else f"statements 1-{number - 1} are"
        hint = (
            f"{done} applied and recorded; fix statement {number} and run 'roble {command}' "
            f"again to resume there, or settle it by hand with 'roble resolve {run.revision_id}'"
        )
    else:
        hint = "nothing was changed; fix the statement and run the command again"
    return MigrationFailed(
        f"could not {verb} {run.revision_id}: statement {number} "
        f"({first_line(failure.statement.text)!r}) failed: {error}",
        where=f"{path}:{failure.statement.line}",
        hint=hint,
    )


def _committed_hint(run: RevisionRun, number: int, command: str) -> str:
    """A transactional revision whose transaction a statement committed implicitly."""
    by = run.committed_by + 1 if run.committed_by is not None else number
    done = len(run.done)
    kept = (
        "nothing before it"
        if done == 0
        else ("statement 1" if done == 1 else f"statements 1-{done}")
    )
    if by == number:
        what = (
            f"statement {number} committed the revision's transaction before it failed, so "
            f"{kept} stayed applied (recorded), and statement {number} may have partly "
            "taken effect; check it"
        )
    else:
        what = (
            f"statement {by} committed the revision's transaction implicitly, so {kept} "
            "stayed applied (recorded)"
        )
    return (
        f"{what}; fix statement {number} and run 'roble {command}' again to resume there, "
        f"or settle it by hand with 'roble resolve {run.revision_id}'"
    )
