"""Tests for roble_sql.sources and roble_sql.folder: headers, file rules, pairing, checksums."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest

from roble_sql.errors import ConfigError, RevisionFileError, exit_code_for
from roble_sql.folder import Folder
from roble_sql.sources import (
    Header,
    decode,
    encode,
    first_non_utf8,
    parse_header,
    printable,
    sha256_text,
    short_id,
)
from tests.folder_helpers import read_revision, read_revisions


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _header_error(text: str) -> RevisionFileError:
    with pytest.raises(RevisionFileError) as info:
        parse_header(text, "rev.sql")
    return info.value


# --- headers that parse ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CREATE TABLE t (a int);\n", Header((), None, "", 1)),
        ("", Header((), None, "", 1)),
        (
            "-- Add colors\n-- depends: a b\n\nCREATE TABLE c (id int);\n",
            Header(("a", "b"), None, "Add colors", 4),
        ),
        (
            "-- depends: a\n-- depends: b c\n-- transactional: false\nSELECT 1;\n",
            Header(("a", "b", "c"), False, "", 4),
        ),
        ("-- transactional: true\nSELECT 1;\n", Header((), True, "", 2)),
        ("-- transactional: FALSE\nSELECT 1;\n", Header((), False, "", 2)),
        # repeated ids collapse, in first-seen order
        ("-- depends: b a\n-- depends: a c\n", Header(("b", "a", "c"), None, "", 3)),
        # the message is the first non-empty comment line that is not a directive
        (
            "--\n-- depends: x\n--   Add hex_code to colors  \n-- Revision ID: r1\nSELECT 1;\n",
            Header(("x",), None, "Add hex_code to colors", 5),
        ),
        # spacing is free; the header may hold blank lines
        (
            "--depends:a   b\n\n   --  transactional :  false\n\nDO 1;",
            Header(("a", "b"), False, "", 5),
        ),
        # Windows line endings
        ("-- Msg\r\n-- depends: a b\r\nSELECT 1;\r\n", Header(("a", "b"), None, "Msg", 3)),
        # ids may hold letters, digits, _ . -
        (
            "-- depends: 5aa5020316c5_create-colors.v2\n",
            Header(("5aa5020316c5_create-colors.v2",), None, "", 2),
        ),
        # other '-- key: value' lines are plain comments
        ("-- Author: Ana\n-- Revises: (base)\n", Header((), None, "Author: Ana", 3)),
        # a directive-looking line inside SQL is fine once it is not a known directive
        ("-- m\nSELECT 1; -- note: fine\n", Header((), None, "m", 2)),
    ],
)
def test_parse_header(text: str, expected: Header) -> None:
    assert parse_header(text, "rev.sql") == expected


# --- headers that are refused ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "in_message"),
    [
        # a /* */ comment ends the header: yoyo reads no directive after it
        ("-- m\n/* note */\n-- depends: a\nSELECT 1;\n", 3, "not in the leading comment block"),
        ("/*\n  block\n*/\n-- transactional: false\n", 4, "not in the leading comment block"),
        # so does a '#' comment
        ("-- m\n# note\n-- depends: a\n", 3, "not in the leading comment block"),
        # and any SQL
        ("-- m\nCREATE TABLE t (a int);\n\n-- depends: a\n", 4, "not in the leading comment block"),
        ("SELECT 1;\n-- transactional: false\n", 2, "not in the leading comment block"),
        ("-- m\nSELECT 1;\n-- Depends: a\n", 3, "not in the leading comment block"),
        # malformed directives in the header
        ("-- m\n-- depends: a, b\n", 2, "separated by spaces, not commas"),
        ("-- m\n-- depends: a,b\n", 2, "separated by spaces, not commas"),
        ("-- Depends: a\n", 1, "'-- Depends:' must be written in lower case"),
        ("-- m\n\n-- DEPENDS: a\n", 3, "'-- DEPENDS:' must be written in lower case"),
        ("-- Transactional: false\n", 1, "'-- Transactional:' must be written in lower case"),
        ("-- transactional: no\n", 1, "'-- transactional: no' must be true or false"),
        ("-- transactional: 0\n", 1, "'-- transactional: 0' must be true or false"),
        ("-- transactional:\n", 1, "'-- transactional: ' must be true or false"),
        ("-- depends: a;b\n", 1, "'a;b' is not a revision id"),
        ("-- depends: a/b\n", 1, "'a/b' is not a revision id"),
    ],
)
def test_header_errors(text: str, line: int, in_message: str) -> None:
    error = _header_error(text)
    assert error.where == f"rev.sql:{line}"
    assert in_message in error.message
    assert exit_code_for(error) == 1


@pytest.mark.parametrize("ending", ["\n", "\n-- no newline after this line"])
def test_header_parsing_copies_no_body(ending: str) -> None:
    """A 20 MB data migration's header costs kilobytes, not a copy of the file (the peak
    memory of applying a 50 MB file doubled when the header parser sliced the rest)."""
    body = "INSERT INTO t VALUES (1, 'x');\n" * 700_000
    text = f"-- load t\n-- depends: a0_base\n\n{body}-- the end{ending}"
    tracemalloc.start()
    try:
        header = parse_header(text, "big.sql")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert header.depends == ("a0_base",)
    assert peak < 1_000_000


def test_comma_hint_shows_the_fixed_line() -> None:
    assert _header_error("-- depends: a, b,c\n").hint == "write '-- depends: a b c'"


def test_directive_line_number_ignores_unicode_line_separators() -> None:
    error = _header_error("-- m\nSELECT 'a\u2028b';\n-- depends: a\n")
    assert error.where == "rev.sql:3"


# --- decoding ---------------------------------------------------------------------------------


def test_bom_hiding_a_header_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "r1_x.sql", b"\xef\xbb\xbf-- depends: r0\nSELECT 1;\n")
    with pytest.raises(RevisionFileError) as info:
        read_revision(path)
    assert info.value.where == f"{path}:1"
    assert "byte order mark" in info.value.message


def test_bom_without_a_header_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "r1_x.sql", b"\xef\xbb\xbf-- a message\nSELECT 1;\n")
    assert read_revision(path).depends == ()


@pytest.mark.parametrize(
    ("data", "line", "byte"),
    [
        (b"-- caf\xe9\nSELECT 1;\n", 1, 0xE9),
        (b"-- m\n\nINSERT INTO t VALUES ('caf\xe9');\n", 3, 0xE9),
        (b"-- m\nSELECT 1;\nSELECT 2;\nSELECT '\xff';", 4, 0xFF),
    ],
)
def test_non_utf8_bytes_survive_and_are_located(data: bytes, line: int, byte: int) -> None:
    text = decode(data)
    assert encode(text) == data
    assert first_non_utf8(text) == (line, byte)
    assert "\\x" in printable(text)
    assert sha256_text(text) == hashlib.sha256(data).hexdigest()


def test_decode_valid_utf8() -> None:
    assert decode("-- añadir\n".encode()) == "-- añadir\n"
    assert first_non_utf8(decode("-- añadir\n".encode())) is None


# --- reading files ----------------------------------------------------------------------------


def test_read_revision_with_rollback(tmp_path: Path) -> None:
    up_text = "-- Create colors\n-- depends: r0_base\n\nCREATE TABLE colors (id int);\n"
    up = _write(tmp_path, "r1_create_colors.sql", up_text)
    down = _write(tmp_path, "r1_create_colors.rollback.sql", "DROP TABLE colors;\n")
    revision = read_revision(up)
    assert revision.id == "r1_create_colors"
    assert revision.short_id == "r1"
    assert revision.path == up
    assert revision.rollback_path == down
    assert revision.depends == ("r0_base",)
    assert revision.transactional is None
    assert revision.message == "Create colors"
    assert revision.checksum == hashlib.sha256(up_text.encode()).hexdigest()
    assert revision.rollback_checksum == hashlib.sha256(b"DROP TABLE colors;\n").hexdigest()


def test_read_revision_without_rollback(tmp_path: Path) -> None:
    up = _write(tmp_path, "r2.sql", "-- transactional: false\nCREATE INDEX i ON t (a);\n")
    revision = read_revision(up)
    assert revision.id == "r2"
    assert revision.rollback_path is None
    assert revision.rollback_checksum is None
    assert revision.transactional is False


def test_checksum_is_of_the_raw_bytes(tmp_path: Path) -> None:
    data = b"-- m\r\nSELECT 'a\xc3\xb1o';\r\n"
    revision = read_revision(_write(tmp_path, "r1.sql", data))
    assert revision.checksum == hashlib.sha256(data).hexdigest()
    assert revision.checksum == hashlib.sha256((tmp_path / "r1.sql").read_bytes()).hexdigest()
    _write(tmp_path, "r1.sql", data + b" ")
    assert read_revision(tmp_path / "r1.sql").checksum != revision.checksum


def test_read_revisions_sorted_and_filtered(tmp_path: Path) -> None:
    _write(tmp_path, "b2_second.sql", "-- depends: a1_first\nSELECT 2;\n")
    _write(tmp_path, "a1_first.sql", "SELECT 1;\n")
    _write(tmp_path, "a1_first.rollback.sql", "SELECT 0;\n")
    _write(tmp_path, "schema.sql", "-- depends: nonsense, here\n")
    _write(tmp_path, "roble.sum", "whatever\n")
    _write(tmp_path, "README.md", "notes\n")
    _write(tmp_path, "orphan.rollback.sql", "SELECT 0;\n")
    (tmp_path / "dir.sql").mkdir()
    revisions = read_revisions(tmp_path)
    assert [r.id for r in revisions] == ["a1_first", "b2_second"]
    assert [r.rollback_path is not None for r in revisions] == [True, False]
    assert [r.path for r in Folder.open(tmp_path).revisions] == [
        tmp_path / "a1_first.sql",
        tmp_path / "b2_second.sql",
    ]


def test_empty_folder(tmp_path: Path) -> None:
    assert read_revisions(tmp_path) == []


def test_python_migration_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a1.sql", "SELECT 1;\n")
    py = _write(tmp_path, "b2_step.py", "steps = []\n")
    with pytest.raises(RevisionFileError) as info:
        read_revisions(tmp_path)
    assert info.value.where == str(py)
    assert "Python migrations" in info.value.message


def test_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ConfigError) as info:
        read_revisions(missing)
    assert info.value.message == f"migrations folder {missing} does not exist"
    assert exit_code_for(info.value) == 2


@pytest.mark.parametrize(
    "names",
    [
        ("abc_one.sql", "abc_two.sql"),
        ("abc.sql", "abc_two.sql"),
        ("0002_left.sql", "0002_right.sql"),
        ("20261201_01_gonsK-create-colors-table.sql", "20261201_02_Hk3aP-create-roles-table.sql"),
    ],
)
def test_ids_may_share_any_prefix_as_in_yoyo(tmp_path: Path, names: tuple[str, str]) -> None:
    for name in names:
        _write(tmp_path, name, "SELECT 1;\n")
    assert [r.id for r in read_revisions(tmp_path)] == [n[:-4] for n in names]


def test_post_apply_hooks_are_not_revisions(tmp_path: Path) -> None:
    _write(tmp_path, "0001_a.sql", "SELECT 1;\n")
    _write(tmp_path, "post-apply.sql", "SELECT 2;\n")
    _write(tmp_path, "post-apply-grants.sql", "SELECT 3;\n")
    assert [r.id for r in read_revisions(tmp_path)] == ["0001_a"]
    assert [hook.name for hook in Folder.open(tmp_path).hooks] == [
        "post-apply-grants.sql",
        "post-apply.sql",
    ]


def test_header_errors_carry_the_file_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "r1.sql", "-- m\nSELECT 1;\n-- depends: r0\n")
    with pytest.raises(RevisionFileError) as info:
        read_revisions(tmp_path)
    assert info.value.where == f"{path}:3"


@pytest.mark.parametrize(
    ("revision_id", "short"),
    [
        ("5aa5020316c5_create_colors", "5aa5020316c5"),
        ("5aa5020316c5", "5aa5020316c5"),
        ("a_b_c", "a"),
        ("0001-init", "0001-init"),
    ],
)
def test_short_id(revision_id: str, short: str) -> None:
    assert short_id(revision_id) == short
