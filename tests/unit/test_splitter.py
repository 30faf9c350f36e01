"""Tests for roble_sql.splitter: data-driven cases from splitter_cases.yaml plus API details."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
import yaml

from roble_sql.errors import RevisionFileError, SplitError
from roble_sql.splitter import Statement, split

CASES_FILE = Path(__file__).with_name("splitter_cases.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
STATEMENT_KEYS = {"text", "line", "end_line", "delimiter"}


def _collect(sql: str, keep_empty: bool) -> tuple[list[Statement], SplitError | None]:
    """The statements yielded before the end or before an error, and that error."""
    statements: list[Statement] = []
    try:
        for statement in split(sql, keep_empty=keep_empty):
            statements.append(statement)
    except SplitError as error:
        return statements, error
    return statements, None


def _as_expected(statement: Statement, keys: set[str]) -> dict[str, Any]:
    """The statement's fields that the case names, so cases only spell out what they check."""
    return {key: getattr(statement, key) for key in keys}


def test_case_file_is_well_formed() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert {"name", "sql", "statements"} <= case.keys(), case["name"]
        for expected in case["statements"]:
            assert {"text", "line"} <= expected.keys() <= STATEMENT_KEYS, case["name"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    statements, error = _collect(case["sql"], case.get("keep_empty", False))
    expected = case["statements"]
    # Unexpected extra statements show up in the diff with their text and line.
    keys = [set(want) for want in expected] + [{"text", "line"}] * len(statements)
    got = [_as_expected(statement, keys[index]) for index, statement in enumerate(statements)]
    assert got == expected
    if "error_line" in case:
        assert error is not None, "expected a SplitError"
        assert error.line == case["error_line"]
        assert case.get("error", "") in error.message
    else:
        assert error is None, error and error.one_line()


def test_split_is_a_lazy_generator() -> None:
    statements = split("SELECT 1;\nSELECT 'never closed;\n")
    assert inspect.isgenerator(statements)
    # The first statement arrives before the splitter has looked at the broken second one.
    assert next(statements).text == "SELECT 1"
    with pytest.raises(SplitError):
        next(statements)


def test_statement_is_frozen() -> None:
    statement = next(split("SELECT 1;"))
    with pytest.raises(AttributeError):
        statement.text = "SELECT 2"  # type: ignore[misc]


def test_offsets_point_at_the_text() -> None:
    sql = "-- head\nSELECT 1;  /* c */ SELECT 'x;y'\n;\nDELIMITER $$\n  CALL p()$$\nSELECT 3"
    statements = list(split(sql))
    assert [s.offset for s in statements] == [8, 27, 57, 68]
    for statement in statements:
        assert sql[statement.offset : statement.offset + len(statement.text)] == statement.text


def test_offset_counts_the_byte_order_mark() -> None:
    assert next(split("\ufeffSELECT 1;")).offset == 1


def test_line_end_line_and_delimiter() -> None:
    sql = "SELECT\n  1\n;\nDELIMITER $$\nSELECT\n2 $$\nSELECT 3\n\n"
    assert [(s.text, s.line, s.end_line, s.delimiter) for s in split(sql)] == [
        ("SELECT\n  1", 1, 3, ";"),
        ("SELECT\n2", 5, 6, "$$"),
        ("SELECT 3", 7, 7, ""),
    ]


def test_keep_empty_yields_empty_statements_at_their_delimiter() -> None:
    sql = "SELECT 1;;\n ; -- c\n;SELECT 2"
    statements = list(split(sql, keep_empty=True))
    assert [(s.text, s.line, s.end_line, s.offset, s.delimiter) for s in statements] == [
        ("SELECT 1", 1, 1, 0, ";"),
        ("", 1, 1, 9, ";"),
        ("", 2, 2, 12, ";"),
        ("", 3, 3, 19, ";"),
        ("SELECT 2", 3, 3, 20, ""),
    ]
    assert [s.text for s in split(sql)] == ["SELECT 1", "SELECT 2"]


def test_keep_empty_with_a_custom_delimiter() -> None:
    sql = "DELIMITER ;;\nSELECT 1;;;;\nDELIMITER ;\n"
    statements = list(split(sql, keep_empty=True))
    assert [(s.text, s.delimiter) for s in statements] == [("SELECT 1", ";;"), ("", ";;")]


def test_versioned_comment_alone_is_not_empty() -> None:
    statements = list(split("/*!40101 SET NAMES utf8 */;\n/* plain */;", keep_empty=True))
    assert [s.text for s in statements] == ["/*!40101 SET NAMES utf8 */", ""]


def test_trailing_comments_are_never_a_statement() -> None:
    statements = list(split("SELECT 1; -- bye\n/* end */\n", keep_empty=True))
    assert [s.text for s in statements] == ["SELECT 1"]


def test_error_carries_line_and_location() -> None:
    with pytest.raises(SplitError) as caught:
        list(split("SELECT 1;\n\nSELECT `a;\nb;\n"))
    error = caught.value
    assert isinstance(error, RevisionFileError)
    assert error.line == 3
    assert error.where == "line 3"
    assert "`" in error.message
    assert error.hint


def test_long_values_do_not_hit_recursion_limits() -> None:
    row = "(1,'a; b','it''s \\'q\\'',\"x -- y\")"
    sql = f"INSERT INTO t VALUES {','.join([row] * 20_000)};\nSELECT '{'x' * 200_000}';"
    statements = list(split(sql))
    assert len(statements) == 2
    assert statements[1].line == 2
    assert len(statements[1].text) == 200_009
