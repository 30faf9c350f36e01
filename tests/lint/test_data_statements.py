"""Plain data statements share the reading of their head: never a different answer."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

from roble_sql.lint.analysis import DEFAULT_SESSION, Dml, Name, Stmt, analyse
from roble_sql.lint.analysis.statement import _read_alone
from roble_sql.lint.engine import lint_paths
from roble_sql.splitter import Statement, split

_VERBS = ("INSERT", "REPLACE", "insert", "Replace")
_MODIFIERS = (
    "",
    "IGNORE ",
    "LOW_PRIORITY ",
    "DELAYED IGNORE ",
    "HIGH_PRIORITY ",
    "/* why */ ",
    "/*!40000 IGNORE */ ",
    "-- a note\n",
    "# a note\n",
)
_INTO = ("INTO ", "", "into\n", "INTO  ")
_TABLES = (
    "items",
    "`items`",
    "db.items",
    "`db`.`items`",
    "db . items",
    "`we``ird`",
    "`a b; VALUES (`",
    "`values`",
    "db.`values`",
    "values",
    "`select`",
    "$t",
    "information_schema.t",
    "`t`/* c */",
    "t /*!VALUES*/",
)
_GAPS = (" ", "", "\n", "\t")
_COLUMNS = (
    "",
    "(id, name) ",
    "(`id`,`name`)",
    "( id ,\n name ) ",
    "(set, a) ",
    "(a, (b)) ",
    "(`select`) ",
    "(`a)`) ",
)
_VALUES = (
    "VALUES ",
    "VALUE",
    "values\n",
    "Values  ",
    "VALUES ROW",
    "SELECT 1, 2 FROM db.u WHERE 1 ",
    "SELECT * FROM (SELECT a FROM other.t) x ",
    "SET a = 1, b = ",
    "VALUES`v`",
    "PARTITION (p0) VALUES ",
)
_ROWS = ("(1, 'a')", "(1,'x; y'),\n(2,'y')", "((1))", "(NULL)", "(`x`)", "")
_TAILS = ("", " ON DUPLICATE KEY UPDATE name = VALUES(name)", " ON DUPLICATE KEY UPDATE a = 1")
_PARTS = (_VERBS, _MODIFIERS, _INTO, _TABLES, _GAPS, _COLUMNS, _VALUES, _ROWS, _TAILS)


def _data_statements(count: int, seed: int = 14) -> list[str]:
    """Every part at least once (the brief's forms), then random mixes of the parts."""
    rng = random.Random(seed)
    plain = ("INSERT", "", "INTO ", "items", " ", "", "VALUES ", "(1, 'a')", "")
    texts = []
    for position, choices in enumerate(_PARTS):
        for choice in choices:
            parts = list(plain)
            parts[position] = choice
            texts.append("".join(parts[:1]) + " " + "".join(parts[1:]))
    while len(texts) < count:
        parts = [rng.choice(choices) for choices in _PARTS]
        texts.append(parts[0] + " " + "".join(parts[1:]))
    return texts


def _statements(texts: list[str]) -> list[Statement]:
    # Blank lines and comments between them, so the same heads start on many lines.
    file_text = "".join(f"{text};\n" + "\n" * (index % 3) for index, text in enumerate(texts))
    return list(split(file_text))


def _read_in_full(statement: Statement, index: int) -> Stmt:
    line, end, offset = statement.line, statement.end_line, statement.offset
    reading = _read_alone(statement)
    return Stmt(
        index, line, end, offset, statement.text, statement.delimiter, DEFAULT_SESSION, reading
    )


def _observed(stmt: Stmt) -> tuple[object, ...]:
    return (
        stmt.index,
        stmt.line,
        stmt.end_line,
        stmt.offset,
        stmt.text,
        stmt.delimiter,
        stmt.session,
        stmt.verb,
        stmt.words,
        stmt.shape,
        stmt.head_end,
        stmt.truncated,
        stmt.head,
        stmt.tokens,
        stmt.is_ddl,
        stmt.changes_schema,
        stmt.is_dml,
        stmt.is_program,
    )


def test_a_shared_head_reads_as_the_statement_read_alone() -> None:
    statements = _statements(_data_statements(3000))
    shared = 0
    # Twice, the second time backwards: the head found last is tried first.
    for order in (statements, statements[::-1]):
        for statement in order:
            index = statement.line  # any index: it is carried, not read
            stmt = analyse(statement, index)
            assert _observed(stmt) == _observed(_read_in_full(statement, index)), statement.text
            shared += bool(stmt.reading.shared_tokens)
    assert shared > len(statements) // 10  # the set does exercise the shared reading


def test_plain_inserts_share_one_reading_and_keep_their_lines() -> None:
    text = "-- data\n\nINSERT INTO shop.items VALUES (1, 'a');\n\nINSERT INTO shop.items VALUES (2, 'b');"
    first, second = (analyse(s, i) for i, s in enumerate(split(text)))
    assert first.reading is second.reading
    assert first.shape == Dml("INSERT", Name("items", "shop"))
    assert [(t.text, t.line) for t in first.tokens] == [
        ("INSERT", 3),
        ("INTO", 3),
        ("shop", 3),
        (".", 3),
        ("items", 3),
        ("VALUES", 3),
    ]
    assert {t.line for t in second.tokens} == {5}
    assert second.head == "INSERT INTO shop.items VALUES" and second.truncated


def test_a_data_statement_costs_little_memory() -> None:
    text = "".join(f"INSERT INTO items VALUES ({i}, 'name {i}', NULL);\n" for i in range(5000))
    statements = list(split(text))
    analyse(statements[0], 0)  # the shared reading is made once, not counted
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [analyse(statement, index) for index, statement in enumerate(statements)]
        per_statement = (tracemalloc.get_traced_memory()[0] - before) / len(kept)
    finally:
        tracemalloc.stop()
    assert per_statement < 300  # no tokens held: ~130 bytes (the text is the splitter's)


def test_findings_on_shared_heads_name_each_statement_line(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    rows = "".join(f"INSERT INTO shop.items VALUES ({i}, 'x');\n" for i in range(3))
    text = (
        "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(9) NOT NULL) "
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n" + rows + "INSERT INTO items VALUES (9, 'y');\n"
    )
    (folder / "0001_items.sql").write_text(text)
    report = lint_paths([folder], relative_to=tmp_path)
    assert [(f.code, f.line) for f in report.findings if f.code == "RB504"] == [
        ("RB504", 2),
        ("RB504", 3),
        ("RB504", 4),
    ]
    assert "RB201" in {f.code for f in report.findings}  # DDL and DML in one revision
