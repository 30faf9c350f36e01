"""One exception hierarchy for roble, and the one place that maps it to exit codes.

Every error carries three parts that the CLI renders as one line:
what went wrong (``message``), where (``where``: ``file:line`` or a revision id)
and what to do about it (``hint``).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # the work failed: a migration error, a check that found problems
EXIT_USAGE = 2  # usage or configuration error: fix the invocation or the settings


class RobleError(Exception):
    """Base of every error roble reports to its user."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def one_line(self) -> str:
        """The error as a single line: ``where: message; hint``, safe to print (bytes of a
        file that were not UTF-8 shown as ``\\xNN``)."""
        from roble_sql.sources import printable  # sources imports this module

        text = printable(self.message).rstrip(".")
        if self.where:
            text = f"{printable(self.where)}: {text}"
        if self.hint:
            hint = printable(self.hint).rstrip(".")
            text = f"{text}. {hint[:1].upper()}{hint[1:]}."
        else:
            text = f"{text}."
        return " ".join(text.split())


class UsageError(RobleError):
    """The command line asked for something that makes no sense (unknown revision, bad option)."""


class ConfigError(RobleError):
    """Settings are missing or malformed: yoyo.ini, environment, database URL, folders."""


class RevisionFileError(RobleError):
    """A revision file can't be used: unreadable, empty, bad header, unknown dependency, cycle."""


class SplitError(RevisionFileError):
    """SQL text can't be cut into statements (an unterminated string or comment)."""

    def __init__(
        self, message: str, *, line: int, where: str | None = None, hint: str | None = None
    ):
        super().__init__(message, where=where, hint=hint)
        self.line = line


class DatabaseError(RobleError):
    """The database could not be reached or refused roble's own bookkeeping."""


class AccessDenied(DatabaseError):
    """Wrong user or password, or not enough privileges: a configuration problem."""


class UnknownDatabase(DatabaseError):
    """The database named in the URL does not exist: a configuration problem."""


class MigrationFailed(RobleError):
    """A revision's SQL failed on the server; the message names the file, line and server error."""


class IntegrityError(RobleError):
    """Applied revisions do not match their files (modified, missing) or the sum file."""


class LockTimeout(RobleError):
    """Another runner held the migration lock for longer than --lock-timeout."""


class SandboxError(RobleError):
    """The local sandbox MariaDB could not be started, stopped or found."""


class CheckFailed(RobleError):
    """A check ran and found problems (lint findings, round-trip differences, drift)."""


# The one mapping from error class to exit code; subclasses inherit their parent's code.
_EXIT_CODES: dict[type[RobleError], int] = {
    UsageError: EXIT_USAGE,
    ConfigError: EXIT_USAGE,
    AccessDenied: EXIT_USAGE,
    UnknownDatabase: EXIT_USAGE,
    RobleError: EXIT_FAILURE,
}


def exit_code_for(error: BaseException) -> int:
    """The process exit code for ``error``: 2 for usage/configuration, 1 otherwise."""
    for cls in type(error).__mro__:
        if cls in _EXIT_CODES:
            return _EXIT_CODES[cls]
    return EXIT_FAILURE
