"""The batching invariant, as a property over generated files (no database here; the same
files against the real server are in tests/db/test_batching_property.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roble_sql.errors import SplitError
from roble_sql.splitter import split
from tests.batching import Generated, files


@settings(max_examples=400, deadline=None)
@given(files())
def test_the_splitter_yields_exactly_the_statements(generated: Generated) -> None:
    assert [s.text for s in split(generated.text)] == generated.expected


@settings(max_examples=400, deadline=None)
@given(files())
def test_what_follows_a_statement_is_a_statement_of_its_own(generated: Generated) -> None:
    """Whatever ended a statement in the file, roble's next part (joined with ";\\n", as
    the runner sends it) is read by the server as the next statement: nothing of the text
    (a trailing comment, an open quote) can swallow the separator."""
    for statement in split(generated.text):
        packet = f"DELIMITER $$\n{statement.text};\nDO 'roble'$$\n"
        assert [s.text for s in split(packet)] == [statement.text, "DO 'roble'"]


_PIECES = [
    "SELECT 1", ";", ";;", "$$", "//", "'", '"', "`", "--", "-- c\n", "#", "/*", "*/", "/*!",
    "\\", "\\g", "\\G", "\\c", "\\x", "\n", "\r\n", " ", "DELIMITER $$\n", "DELIMITER ;\n",
    "delimiter '//'\n", "BEGIN", "END", "IF", "END IF", "CASE", "CREATE PROCEDURE p() ",
    "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW ", "use db\n", "source f\n", "\0",
    "\ufeff", "é", "\udce9",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join) | st.text(max_size=200))
def test_any_input_is_read_or_refused_with_a_line(text: str) -> None:
    """Whatever the file holds, the splitter yields statements or raises a SplitError that
    names a line of the file: never another exception (an 'unexpected' error)."""
    lines = text.count("\n") + 1
    try:
        for statement in split(text, keep_empty=True):
            assert 1 <= statement.line <= statement.end_line <= lines
    except SplitError as error:
        assert 1 <= error.line <= lines
