"""Tests for roble_sql.errors: the one-line rendering and the exit-code mapping."""

from __future__ import annotations

import pytest

from roble_sql.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    AccessDenied,
    CheckFailed,
    ConfigError,
    DatabaseError,
    IntegrityError,
    LockTimeout,
    MigrationFailed,
    RevisionFileError,
    RobleError,
    SandboxError,
    SplitError,
    UnknownDatabase,
    UsageError,
    exit_code_for,
)


def test_exit_code_constants() -> None:
    assert (EXIT_OK, EXIT_FAILURE, EXIT_USAGE) == (0, 1, 2)


@pytest.mark.parametrize(
    ("message", "where", "hint", "expected"),
    [
        ("bad thing", "f.sql:3", "do x", "f.sql:3: bad thing. Do x."),
        # trailing periods are not doubled, the hint is capitalised
        ("bad thing.", "f.sql:3", "do x.", "f.sql:3: bad thing. Do x."),
        ("bad thing", None, "run 'roble status'", "bad thing. Run 'roble status'."),
        ("bad thing", "abc123", None, "abc123: bad thing."),
        ("bad thing", None, None, "bad thing."),
        # empty where/hint count as absent
        ("bad thing", "", "", "bad thing."),
        # an already capitalised hint stays as it is
        ("x", None, "Use --force", "x. Use --force."),
        # newlines and runs of spaces collapse: it is one line
        (
            "bad\n  thing",
            "f.sql:1",
            "first\nsecond  part",
            "f.sql:1: bad thing. First second part.",
        ),
    ],
)
def test_one_line(message: str, where: str | None, hint: str | None, expected: str) -> None:
    error = RobleError(message, where=where, hint=hint)
    assert error.one_line() == expected
    assert "\n" not in error.one_line()


def test_attributes_are_kept() -> None:
    error = ConfigError("no database", where="yoyo.ini", hint="set one")
    assert (error.message, error.where, error.hint) == ("no database", "yoyo.ini", "set one")
    assert str(error) == "no database"


def test_split_error_carries_its_line() -> None:
    error = SplitError("unterminated string", line=7, where="a.sql:7")
    assert error.line == 7
    assert isinstance(error, RevisionFileError)
    assert error.one_line() == "a.sql:7: unterminated string."


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (UsageError("x"), 2),
        (ConfigError("x"), 2),
        (AccessDenied("x"), 2),
        (UnknownDatabase("x"), 2),
        (MigrationFailed("x"), 1),
        (RevisionFileError("x"), 1),
        (SplitError("x", line=1), 1),
        (IntegrityError("x"), 1),
        (LockTimeout("x"), 1),
        (DatabaseError("x"), 1),
        (SandboxError("x"), 1),
        (CheckFailed("x"), 1),
        (RobleError("x"), 1),
        (Exception("x"), 1),
        (ValueError("x"), 1),
        (KeyboardInterrupt(), 1),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else str(value),
)
def test_exit_code_for(error: BaseException, code: int) -> None:
    assert exit_code_for(error) == code


def test_subclass_inherits_its_parents_exit_code() -> None:
    class CustomAccess(AccessDenied):
        pass

    class CustomLock(LockTimeout):
        pass

    assert exit_code_for(CustomAccess("x")) == 2
    assert exit_code_for(CustomLock("x")) == 1


@pytest.mark.parametrize("cls", [AccessDenied, UnknownDatabase])
def test_config_like_database_errors_are_still_database_errors(cls: type[RobleError]) -> None:
    assert issubclass(cls, DatabaseError)
