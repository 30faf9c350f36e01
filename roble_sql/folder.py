"""The migrations folder, as one model: which files are revisions, each file read once.

A :class:`Folder` lists its directory once and knows its revisions (``<id>.sql`` with
an optional ``<id>.rollback.sql``), yoyo's post-apply hooks and the files ``roble.sum``
covers. A :class:`SqlFile` reads its bytes once, on first use, and gives from that one
read its sha256, its text, its header and its statements (split on demand; a small
file's are kept, so the lint gate and the runner split it once between them). Lint,
the upgrade gate, the runner, ``roble.sum``, ``status``, ``show`` and the scratch tools
all take these objects (Atlas's ``migrate.Dir`` and ``File`` are the model).
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql.errors import ConfigError, RevisionFileError, SplitError
from roble_sql.sources import (
    RESERVED,
    ROLLBACK_SUFFIX,
    UP_SUFFIX,
    Header,
    check_file_name,
    decode,
    is_post_apply,
    parse_header,
    read_bytes,
    short_id,
)

if TYPE_CHECKING:  # the splitter compiles its patterns on import
    from roble_sql.splitter import Statement

# Characters: a smaller file's statements are split once and kept (copies of at most a few
# MB, as dumps are); a bigger one's are streamed, split again by each reader, never held.
KEEP_STATEMENTS_BELOW = 8 << 20


class SqlFile:
    """One ``.sql`` file, read once: sha256, text, header and statements of those bytes.

    Reading is deferred to first use, so listing a folder reads nothing. A file that
    can't be read raises ConfigError (exit 2) naming it, at that first use.
    """

    __slots__ = ("_checksum", "_digest", "_header", "_statements", "_text", "path", "read_through")

    def __init__(self, path: Path):
        self.path = path
        self._text: str | None = None
        self._digest: bytes | None = None
        self._checksum: str | None = None
        self._header: Header | None = None
        self._statements: list[Statement] | None = None  # every one, empty ones too
        # Split to its end with statements and no split error (by the lint gate or
        # read_all): the runner need not check it again before running it.
        self.read_through = False

    def __repr__(self) -> str:
        return f"SqlFile({str(self.path)!r})"

    @property
    def name(self) -> str:
        return self.path.name

    def _load(self) -> str:
        data = read_bytes(self.path)
        digest = hashlib.sha256(data)
        self._digest = digest.digest()
        self._checksum = digest.hexdigest()
        self._text = decode(data)
        return self._text

    @property
    def text(self) -> str:
        """The file's text; a byte that is not UTF-8 kept as a lone surrogate (decode)."""
        return self._text if self._text is not None else self._load()

    @property
    def checksum(self) -> str:
        """sha256 of the file's bytes, hex."""
        if self._checksum is None:
            self._load()
        assert self._checksum is not None
        return self._checksum

    @property
    def h1(self) -> str:
        """roble.sum's form of the sha256: ``h1:`` and base64, as Atlas writes it."""
        if self._digest is None:
            self._load()
        assert self._digest is not None
        return "h1:" + base64.b64encode(self._digest).decode("ascii")

    @property
    def header(self) -> Header:
        """yoyo's header (``-- depends:``, ``-- transactional:``); RevisionFileError when
        it is malformed."""
        if self._header is None:
            self._header = parse_header(self.text, self.path)
        return self._header

    def statements(self, *, keep_empty: bool = False) -> Iterator[Statement]:
        """The statements, as the server receives them, in order (``keep_empty``: the
        empty ones too, e.g. ``;;``). A small file's are split once and kept; a big
        one's are split again each time, never held."""
        from roble_sql.splitter import split

        if self._statements is not None:
            kept = self._statements
            return iter(kept) if keep_empty else (s for s in kept if s.text)
        text = self.text
        if len(text) >= KEEP_STATEMENTS_BELOW:
            return split(text, keep_empty=keep_empty)
        return self._split_and_keep(text, keep_empty)

    def _split_and_keep(self, text: str, keep_empty: bool) -> Iterator[Statement]:
        from roble_sql.splitter import split

        kept = []
        for statement in split(text, keep_empty=True):
            kept.append(statement)
            if keep_empty or statement.text:
                yield statement
        self._statements = kept  # only once the whole file split without an error

    def check_readable_through(self) -> None:
        """Refuse a file that can't be read to its end (an unterminated quote, a client
        command roble doesn't run) or has no statement, keeping nothing of a big one, so
        that it happens before anything of a plan runs."""
        if self.read_through:
            return
        count = 0
        try:
            for _ in self.statements():
                count += 1
        except SplitError as exc:
            raise RevisionFileError(
                exc.message, where=f"{self.path}:{exc.line}", hint=exc.hint
            ) from None
        if count == 0:
            raise RevisionFileError(
                "file has no SQL statements",
                where=str(self.path),
                hint="write the statements (a revision with nothing to do can say DO 0;)",
            )
        self.read_through = True


class Revision:
    """A revision: its up file and, when it has one, its rollback file."""

    __slots__ = ("id", "rollback", "up")

    def __init__(self, revision_id: str, up: SqlFile, rollback: SqlFile | None):
        self.id = revision_id
        self.up = up
        self.rollback = rollback

    def __repr__(self) -> str:
        return f"Revision({self.id!r})"

    @property
    def path(self) -> Path:
        return self.up.path

    @property
    def rollback_path(self) -> Path | None:
        return self.rollback.path if self.rollback is not None else None

    @property
    def expected_rollback_path(self) -> Path:
        """Where the rollback file is, or would be."""
        return self.path.with_name(self.id + ROLLBACK_SUFFIX)

    @property
    def checksum(self) -> str:
        return self.up.checksum

    @property
    def rollback_checksum(self) -> str | None:
        return self.rollback.checksum if self.rollback is not None else None

    @property
    def depends(self) -> tuple[str, ...]:
        return self.up.header.depends

    @property
    def transactional(self) -> bool | None:
        return self.up.header.transactional

    @property
    def message(self) -> str:
        return self.up.header.message

    @property
    def short_id(self) -> str:
        return short_id(self.id)


class Folder:
    """A migrations folder, listed once: its revisions (sorted by file name, as yoyo: a
    revision's id is its file name without ``.sql``, and ids may share any prefix), yoyo's
    post-apply hooks, and every file ``roble.sum`` covers. Each file is one SqlFile."""

    def __init__(self, path: Path, names: set[str]):
        self.path = path
        self._files: dict[str, SqlFile] = {}
        self.revisions: list[Revision] = [
            Revision(
                name[: -len(UP_SUFFIX)],
                self.file(name),
                self.file(rollback) if (rollback := _rollback_name(name)) in names else None,
            )
            for name in _up_file_names(path, names)
        ]
        self.hooks: list[SqlFile] = [
            self.file(name)
            for name in sorted(names)
            if is_post_apply(name)
            and name.endswith(UP_SUFFIX)
            and not name.endswith(ROLLBACK_SUFFIX)
        ]
        # Rollback files without their up file: never run, but linted and summed.
        paired = {f"{r.id}{ROLLBACK_SUFFIX}" for r in self.revisions}
        self.orphan_rollbacks: list[SqlFile] = [
            self.file(name)
            for name in sorted(names)
            if name.endswith(ROLLBACK_SUFFIX) and name not in paired and not is_post_apply(name)
        ]
        # What roble.sum covers: every .sql file but the schema snapshot, by name.
        self.sum_names = sorted(n for n in names if n.endswith(UP_SUFFIX) and n not in RESERVED)

    @classmethod
    def open(cls, path: Path) -> Folder:
        """The folder at ``path``, listed (one scandir: no stat per file); nothing read."""
        if not path.is_dir():
            raise ConfigError(
                f"migrations folder {path} does not exist",
                hint="run 'roble init', or point --migrations (or yoyo.ini 'sources') at it",
            )
        with os.scandir(path) as entries:
            return cls(path, {entry.name for entry in entries if entry.is_file()})

    def file(self, name: str) -> SqlFile:
        """The one SqlFile of ``name`` in this folder."""
        found = self._files.get(name)
        if found is None:
            found = self._files[name] = SqlFile(self.path / name)
        return found

    def read_headers(self) -> None:
        """Read every revision's up file and header now: the graph needs them all, and a
        malformed one is refused before anything else happens."""
        for revision in self.revisions:
            revision.up.header  # noqa: B018 - reads the file, parses the header


def revision_files(path: Path | None) -> list[Path]:
    """``path`` (a revision's up or rollback file) first, then its other file: what an
    event about it vouches for."""
    if path is None:
        return []
    name = path.name
    if name.endswith(ROLLBACK_SUFFIX):
        return [path, path.with_name(name[: -len(ROLLBACK_SUFFIX)] + UP_SUFFIX)]
    if name.endswith(UP_SUFFIX):
        return [path, path.with_name(_rollback_name(name))]
    return [path]


def _rollback_name(up_name: str) -> str:
    return up_name[: -len(UP_SUFFIX)] + ROLLBACK_SUFFIX


def _up_file_names(directory: Path, names: set[str]) -> list[str]:
    """The up files among ``names``, sorted; refuses what roble can't run."""
    up = []
    for name in sorted(names):
        if name.endswith(UP_SUFFIX):
            check_file_name(directory, name)
        if name in RESERVED or name.endswith(ROLLBACK_SUFFIX) or is_post_apply(name):
            continue
        if name.endswith(".py"):
            raise RevisionFileError(
                "this is one of yoyo's Python migrations; roble runs SQL files only",
                where=str(directory / name),
                hint="write it as plain SQL (<id>.sql + <id>.rollback.sql, the same id keeps "
                "yoyo's record of it), or keep running this folder with yoyo",
            )
        if name.endswith(UP_SUFFIX):
            up.append(name)
    return up
