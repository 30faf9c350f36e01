"""The splitter's fast path (one match per plain statement) against its general path.

With ``;`` as the delimiter, the client loop reads a plain statement (no client command, no
DELIMITER, no stored program, no comment inside, straight to its ``;``) with one match of
``_FAST_STATEMENT``; anything else goes the general way. ``_Client.statements(...,
fast=False)`` reads everything the general way, so the two can be compared field by field
(text, line, end_line, offset, delimiter, chunk), on generated files that mix both kinds
with near misses of every sort, and on the errors and the statements yielded before them.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench.workloads import dump_chunks, single_row_inserts
from roble_sql import splitter
from roble_sql.errors import SplitError
from roble_sql.splitter import Statement, _Client, chunks, split
from tests.unit.test_splitter import CASES

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fidelity" / "corpus"
SYSTEM_PYTHON = Path("/usr/bin/python3")

# Statements the fast path takes, and near misses that look alike but must not be taken
# (or must be taken and cut the same): quotes holding ";", "--", "#" and "/*"; backslash
# escapes and doubled quotes; versioned comments and hints; "-" before ";"; labels, stored
# programs and client commands at the start; comments inside.
STATEMENTS = [
    "INSERT INTO t VALUES (1,'a;b')",
    "INSERT INTO t VALUES (2,'it''s; -- no comment',\"x # y\",`c#d`)",
    "INSERT INTO t VALUES (3,'\\';still a string;\\\\',NULL,\\N)",
    "insert into `t;x` (`a``b`) values ('/* not a comment */')",
    "UPDATE t SET v = v-1 WHERE id = 1--1",
    "SELECT 1-",
    "SELECT 1 -",
    "SELECT 1--",
    "SELECT 1 -- trailing\n",
    "SELECT 1 # trailing\n",
    "SELECT 1 /* inside */ + 2",
    "SELECT 1 /*! + 2 */",
    "/*!40101 SET NAMES utf8mb4 */",
    "/*M!100100 SET @x = 1 */",
    "SELECT /*+ MAX_EXECUTION_TIME(1) */ 1",
    "SET @a := 'x:y', @b = 2",
    "SELECT 'a\r\nb',\r\n  2",
    "SELECT\n  3\n",
    "SELECT 'é€'",
    "(SELECT 1) UNION (SELECT 2)",
    "DELETE FROM t",
    "DROP TABLE IF EXISTS t",
    "CREATE TABLE c (id INT)",
    "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
    "CREATE DEFINER=`u`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END",
    "create or replace function f() returns int return 1",
    "ALTER EVENT e DO BEGIN SELECT 1; END",
    "BEGIN NOT ATOMIC SELECT 1; END",
    "BEGIN",
    "lbl: BEGIN SELECT 1; END lbl",
    "lbl : LOOP LEAVE lbl; END LOOP",
    "lbl /* c */ : WHILE 1 DO SELECT 1; END WHILE",
    "`lbl`: REPEAT SELECT 1; UNTIL 1 END REPEAT",
    "a:=1",
    "IF 1 THEN SELECT 1; END IF",
    "status",
    "use db",
    "USE db2",
    "help contents",
    "go",
    "select * from tee",
    "delimiter_x",
    "warnings_table",
    "\\g",
    "'unterminated",
    'SELECT "unterminated',
    "/* unterminated",
    "source x.sql",
]
ENDINGS = [";", ";", " ;", "\t;", "\n;", "\r\n;", ";;", "$$", "\\g", "\\G", "\\c", "", "; -- c"]
SEPARATORS = ["\n", "\r\n", " ", "", "\n\n", "\n-- note\n", "\n# note\n", " /* c */ ", "\t"]
DIRECTIVES = ["DELIMITER $$\n", "DELIMITER ;\n", "delimiter //\n", "\\d ;\n", "DELIMITER ;;\n"]


@st.composite
def mixed_files(draw: st.DrawFn) -> str:
    """Statements, endings, separators and DELIMITER lines, in any order."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 7)) == 0:
            parts.append(draw(st.sampled_from(DIRECTIVES)))
        parts.append(draw(st.sampled_from(STATEMENTS)))
        parts.append(draw(st.sampled_from(ENDINGS)))
        parts.append(draw(st.sampled_from(SEPARATORS)))
    prefix = draw(st.sampled_from(["", "\ufeff", "-- head\n", "/*!40101 x */;\n"]))
    return prefix + "".join(parts)


def _read(text: str, *, fast: bool, server: bool, keep_empty: bool) -> tuple[object, ...]:
    """Every field of what one path yields, up to the end or an error, and that error."""
    statements: list[tuple[object, ...]] = []
    try:
        for statement in _Client(text).statements(keep_empty, server, fast):
            assert type(statement) is Statement
            statements.append(tuple(statement))
    except SplitError as error:
        return statements, (error.message, error.line, error.where, error.hint)
    return statements, None


def _assert_same(text: str) -> None:
    for server in (True, False):
        for keep_empty in (False, True):
            fast = _read(text, fast=True, server=server, keep_empty=keep_empty)
            general = _read(text, fast=False, server=server, keep_empty=keep_empty)
            assert fast == general, (server, keep_empty)


@settings(max_examples=1500, deadline=None)
@given(mixed_files())
@example("INSERT INTO t VALUES (1,'a;b');\nlbl: BEGIN SELECT 1; END;\nSELECT 2;")
@example("SELECT 1;\r\nSELECT 'x\r\ny' ;\r\n-- end\r\n")
@example("SELECT 1-;SELECT 2 -- c\n;SELECT 3--;")
@example("SELECT 1;DELIMITER $$\nSELECT 2; SELECT 3$$\nDELIMITER ;\nSELECT 4;")
@example("SELECT 1;;\n; /* c */ ;\\g\nSELECT 2\\G SELECT 3;")
def test_fast_and_general_paths_read_mixed_files_alike(text: str) -> None:
    _assert_same(text)


_PIECES = [
    "SELECT 1", "INSERT INTO t VALUES (1,'a')", ";", ";;", "$$", "'", '"', "`", "--", "-- c\n",
    "#", "/*", "*/", "/*!", "/*M!", "/*+", "\\", "\\g", "\\N", "\n", "\r\n", " ", "-", ":",
    "DELIMITER $$\n", "DELIMITER ;\n", "BEGIN", "END", "IF", "CREATE PROCEDURE p() ", "lbl",
    "use db\n", "status", "\ufeff", "é", "\x85", "\u2028",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join) | st.text(max_size=200))
def test_fast_and_general_paths_read_any_text_alike(text: str) -> None:
    _assert_same(text)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_fast_and_general_paths_read_every_case_alike(case: dict[str, object]) -> None:
    _assert_same(str(case["sql"]))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.sql")), ids=lambda path: path.name)
def test_fast_and_general_paths_read_the_corpus_alike(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    for server in (True, False):
        fast = _read(text, fast=True, server=server, keep_empty=True)
        general = _read(text, fast=False, server=server, keep_empty=True)
        assert fast == general


def test_split_and_chunks_take_the_fast_path() -> None:
    text = "INSERT INTO t VALUES (1,'a;b');\nSELECT 2;"
    assert list(split(text)) == list(_Client(text).statements(False, True, False))
    assert list(chunks(text)) == list(_Client(text).statements(False, False, False))


def _general_scans(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many statements of ``text`` the client loop reads the general way."""
    calls = 0
    general = _Client._scan

    def counting(client: _Client, start: int) -> object:
        nonlocal calls
        calls += 1
        return general(client, start)

    monkeypatch.setattr(_Client, "_scan", counting)
    assert sum(1 for _ in split(text)) > 0
    return calls


def test_bulk_data_statements_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Single-row INSERTs and a mariadb-dump (SET lines, versioned comments, extended
    INSERTs, comments between them) are read without the general scan."""
    assert _general_scans("".join(single_row_inserts(2000)), monkeypatch) == 0
    assert _general_scans("".join(dump_chunks(300_000)), monkeypatch) == 0


@pytest.mark.parametrize(
    "text",
    [
        "CREATE PROCEDURE p() BEGIN SELECT 1; END;",
        "create definer = current_user trigger t before insert on x for each row set @a=1;",
        "BEGIN NOT ATOMIC SELECT 1; END;",
        "lbl : BEGIN SELECT 1; END;",
        "lbl:LOOP LEAVE lbl; END LOOP;",
        "`lbl`: BEGIN SELECT 1; END;",
        "SELECT 1 -- c\n;",
        "SELECT 1 # c\n;",
        "SELECT 1--;",
        "SELECT 1 /* c */;",
        "SELECT 1\\g",
        "status;",
        "use db;",
        "DELIMITER ;;\n",
        ";",
        "'open;",
        "",
    ],
)
def test_near_misses_are_left_to_the_client_loop(text: str) -> None:
    match = splitter._FAST_STATEMENT.match(text)
    assert match is not None and match.lastindex is None


@pytest.mark.parametrize(
    "text",
    [
        "SELECT 1;",
        "SELECT 1-2;",
        "SELECT 1 ;",
        "SELECT '-- ;' ;",
        "SELECT `#`, \"/*\", '\\';' ;",
        "/*!40101 SET NAMES utf8 */;",
        "SET @a := 'x:y';",
        "CREATE TABLE t (id INT);",
        "statuses;",
        "lbl;",
    ],
)
def test_plain_statements_are_read_in_one_match(text: str) -> None:
    match = splitter._FAST_STATEMENT.match(text)
    assert match is not None and match.lastindex == 1 and match.start(1) == len(text)


_REFUSED = """
import sys, time
from roble_sql.splitter import _FAST_STATEMENT
text = "INSERT INTO t VALUES (" + "'a''b'," * 40 + "1) -- no ; here\\n"
started = time.perf_counter()
match = _FAST_STATEMENT.match(text)
print(match.lastindex, time.perf_counter() - started)
"""


def _system_python() -> Path:
    if not SYSTEM_PYTHON.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and no /usr/bin/python3 to test the splitter under")
        pytest.skip("no /usr/bin/python3 on this machine")
    return SYSTEM_PYTHON


@pytest.mark.parametrize("python", ["here", "system"])
def test_a_refused_statement_costs_no_backtracking(python: str) -> None:
    """Doubled quotes read as one string or as two: if a missing ";" sent the engine back
    into the run (as it would on 3.11.2, which has no possessive quantifiers here), each
    one would double the work; 40 of them would take days. The ";" is optional instead, so
    the match just ends there."""
    executable = sys.executable if python == "here" else str(_system_python())
    done = subprocess.run(
        [executable, "-c", _REFUSED],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
        timeout=60,
    )
    lastindex, seconds = done.stdout.split()
    assert lastindex == "None"
    assert float(seconds) < 1


def _random_files(count: int, seed: int = 14) -> list[str]:
    """The mixed files of the property, from a seeded RNG (to hand to another Python)."""
    rng = random.Random(seed)
    files = []
    for _ in range(count):
        parts = [rng.choice(["", "\ufeff", "-- head\n"])]
        for _ in range(rng.randint(0, 12)):
            if rng.randint(0, 7) == 0:
                parts.append(rng.choice(DIRECTIVES))
            parts += [rng.choice(STATEMENTS), rng.choice(ENDINGS), rng.choice(SEPARATORS)]
        files.append("".join(parts))
    return files


_READ = """
from roble_sql.errors import SplitError
from roble_sql.splitter import _Client


def read(text, fast):
    out = []
    try:
        for statement in _Client(text).statements(True, True, fast):
            out.append(list(statement))
    except SplitError as error:
        out.append(["error", error.message, error.line])
    return out
"""
_COMPARE = (
    _READ
    + """
import json, sys
print(sys.version_info[:3], file=sys.stderr)
json.dump([[read(t, True), read(t, False)] for t in json.load(sys.stdin)], sys.stdout)
"""
)


def test_the_system_python3_reads_both_paths_alike() -> None:
    """Under /usr/bin/python3 (3.11.2: the patterns without possessive quantifiers), the
    fast path cuts as the general path does there, and as both do here."""
    files = _random_files(600)
    done = subprocess.run(
        [str(_system_python()), "-c", _COMPARE],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    namespace: dict[str, Any] = {}
    exec(_READ, namespace)
    for text, (fast, general) in zip(files, json.loads(done.stdout), strict=True):
        assert fast == general, text
        assert fast == json.loads(json.dumps(namespace["read"](text, True))), text
