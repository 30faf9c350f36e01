"""What a revision file says: its header, its name, its bytes as text and back (pure).

A revision is ``<id>.sql`` (up) with an optional ``<id>.rollback.sql`` (down).
Its header is yoyo's: ``-- depends: a b`` and ``-- transactional: true|false``,
read only from the leading block of ``--`` comments and blank lines. Where yoyo
silently ignores a misplaced directive, roble refuses the file and says why.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from roble_sql.errors import ConfigError, RevisionFileError

UP_SUFFIX = ".sql"
ROLLBACK_SUFFIX = ".rollback.sql"
SUM_FILE = "roble.sum"
SCHEMA_FILE = "schema.sql"  # the schema snapshot kept beside the revisions; not a revision
RESERVED = {SCHEMA_FILE}
POST_APPLY = "post-apply"  # yoyo's hooks: post-apply*.sql, run after every apply
HOOK = "hook"  # the direction a hook runs in (and its audit action)
BOM = b"\xef\xbb\xbf"

_DIRECTIVE = re.compile(r"^\s*--\s*(?P<name>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_KNOWN_DIRECTIVES = ("depends", "transactional")
_HEADER_LINE = re.compile(r"[^\S\n]*(?:--[^\n]*)?")  # a blank or ``--`` line
_HEADER_BLOCK = re.compile(r"(?:[^\S\n]*(?:--[^\n]*)?\n)*")  # every such line from the top
_LATE_DIRECTIVE = re.compile(r"^[ \t]*--[ \t]*(?P<name>[A-Za-z_]+)[ \t]*:", re.M)
_ID_CHARS = re.compile(r"^[A-Za-z0-9_.\-]+$")


class Header(NamedTuple):
    depends: tuple[str, ...]
    transactional: bool | None  # None: decided from the statements
    message: str
    body_line: int  # first line after the header block (1-based)


def short_id(revision_id: str) -> str:
    """The identifier part of ``<id>_<slug>``: ``5aa5020316c5`` for ``5aa5020316c5_create_colors``."""
    return revision_id.split("_", 1)[0]


def decode(data: bytes) -> str:
    """The text of a revision file, in which every byte survives.

    The file is read as UTF-8; a byte that is not UTF-8 (a latin1 dump, a BLOB dumped
    without --hex-blob) becomes a lone surrogate (``surrogateescape``), so encoding the
    text back gives the file's bytes exactly: roble sends what the file holds, as the
    client does, and the server reads it in the connection's character set.
    """
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    """The bytes of text read by :func:`decode` (or of any other text, as UTF-8)."""
    return text.encode("utf-8", "surrogateescape")


def printable(text: str) -> str:
    """``text`` safe to print: bytes that were not UTF-8 shown as ``\\xNN``."""
    return encode(text).decode("utf-8", "backslashreplace")


def sha256_text(text: str) -> str:
    """sha256 of the bytes of ``text`` (a statement as the server receives it)."""
    return hashlib.sha256(encode(text)).hexdigest()


_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # what decode() made of a byte that is not UTF-8


def first_non_utf8(text: str) -> tuple[int, int] | None:
    """The line and value of the first byte that was not UTF-8 in text read by
    :func:`decode`, or None (a search of the text in place: no copy of a big file)."""
    found = _NOT_UTF8.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, ord(found.group()) - 0xDC00


def parse_header(text: str, path: Path | str) -> Header:
    """Read directives from the leading comment block and reject misplaced ones.

    The block is found by one regex match and only its lines are split out; the rest of
    the file is searched in place, so a 50 MB data migration costs no list of lines.
    """
    if text.startswith("\ufeff"):
        _reject_directives_behind_bom(text, path)
    depends: list[str] = []
    transactional: bool | None = None
    message_lines: list[str] = []
    lines, body_offset = _header_lines(text)
    for number, line in enumerate(lines, 1):
        directive = _DIRECTIVE.match(line)
        if directive and directive.group("name").lower() in _KNOWN_DIRECTIVES:
            where = f"{path}:{number}"
            name, value = _check_directive_name(directive, where)
            if name == "depends":
                depends.extend(_parse_depends(value, where))
            else:
                transactional = _parse_transactional(value, where)
        elif line.strip().startswith("--"):
            message_lines.append(line.strip()[2:].strip())
    body_line = len(lines) + 1
    _reject_late_directives(text, body_offset, body_line, path)
    message = next((m for m in message_lines if m), "")
    return Header(tuple(dict.fromkeys(depends)), transactional, message, body_line)


def _header_lines(text: str) -> tuple[list[str], int]:
    """The leading blank and ``--`` lines (split on \n only, as yoyo and editors count,
    without a trailing \r), and the offset where the body starts."""
    block = _HEADER_BLOCK.match(text)
    end = block.end() if block else 0
    lines = text[:end].split("\n")[:-1]
    # A last header line without a newline; never slice the rest (it may be 50 MB of data).
    if end < len(text) and text.find("\n", end) < 0 and _HEADER_LINE.fullmatch(text, end):
        lines.append(text[end:])
        end = len(text)
    return [line.removesuffix("\r") for line in lines], end


def _reject_directives_behind_bom(text: str, path: Path | str) -> None:
    """A byte order mark is harmless to the server, but yoyo then reads no header."""
    lines, _ = _header_lines(text[1:])
    if any(_is_directive(line) for line in lines):
        raise RevisionFileError(
            "the file starts with a UTF-8 byte order mark, which hides its header from yoyo",
            where=f"{path}:1",
            hint="save the file as UTF-8 without BOM, or yoyo would apply it out of order",
        )


def _is_directive(line: str) -> bool:
    directive = _DIRECTIVE.match(line)
    return directive is not None and directive.group("name").lower() in _KNOWN_DIRECTIVES


def _reject_late_directives(text: str, body_offset: int, body_line: int, path: Path | str) -> None:
    for match in _LATE_DIRECTIVE.finditer(text, body_offset):
        if match.group("name").lower() in _KNOWN_DIRECTIVES:
            number = body_line + text.count("\n", body_offset, match.start())
            raise RevisionFileError(
                f"'-- {match.group('name')}:' is not in the leading comment block, "
                "so yoyo would silently ignore it",
                where=f"{path}:{number}",
                hint="move it to the top of the file, before any SQL or /* */ comment",
            )


def _check_directive_name(match: re.Match[str], where: str) -> tuple[str, str]:
    name = match.group("name")
    if name != name.lower():
        raise RevisionFileError(
            f"directive '-- {name}:' must be written in lower case",
            where=where,
            hint=f"write '-- {name.lower()}:' (yoyo ignores other spellings)",
        )
    return name, match.group("value")


def _parse_depends(value: str, where: str) -> list[str]:
    if "," in value:
        raise RevisionFileError(
            "'-- depends:' ids are separated by spaces, not commas",
            where=where,
            hint=f"write '-- depends: {' '.join(v for v in value.replace(',', ' ').split())}'",
        )
    ids = value.split()
    for revision_id in ids:
        if not _ID_CHARS.match(revision_id):
            raise RevisionFileError(f"'{revision_id}' is not a revision id", where=where)
    return ids


def _parse_transactional(value: str, where: str) -> bool:
    lowered = value.lower()
    if lowered not in {"true", "false"}:
        raise RevisionFileError(
            f"'-- transactional: {value}' must be true or false",
            where=where,
            hint="write '-- transactional: false' (or remove the line)",
        )
    return lowered == "true"


def read_bytes(path: Path) -> bytes:
    """A whole file in one allocation (sized by fstat), without a buffered reader on top:
    status reads hundreds of small files, upgrade a single one of 50 MB. A file that can't
    be read is a configuration error naming it."""
    try:
        with open(path, "rb", buffering=0) as handle:
            return handle.readall()
    except OSError as exc:
        raise ConfigError(
            f"can't read the file: {exc.strerror or exc}",
            where=str(path),
            hint="check that it exists and that this user may read it",
        ) from None


def check_file_name(directory: Path, name: str) -> None:
    """A revision's name appears in SQL comments (``upgrade --sql``), in roble.sum and in
    messages: a control character there (a newline ends a comment, and the rest of the
    name would be SQL) or ``*/`` is refused."""
    bad = next((c for c in name if unicodedata.category(c) in _UNSAFE_CATEGORIES), None)
    if bad is None and "*/" not in name:
        return
    what = f"the character U+{ord(bad):04X}" if bad is not None else "'*/'"
    raise RevisionFileError(
        f"the file name holds {what}, which would end a comment where roble writes the name",
        where=str(directory / printable(name).encode("unicode_escape").decode("ascii")),
        hint="rename the file to letters, digits, '_', '-' and '.' only",
    )


_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def is_post_apply(name: str) -> bool:
    return name.startswith(POST_APPLY)
