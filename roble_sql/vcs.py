"""git, read only: where a migrations folder's files come from. The only code that runs git.

A deploy records the commit it ran from, whether each file it ran is byte for byte that
commit's, and the commit that last changed the file (``Provenance``); ``roble audit``
reads files back at a recorded commit and asks whether that commit was merged
(``Repository``). Outside a repository, or without git, there is nothing to record:
None. git runs with hooks and fsmonitor off: reading a repository never runs its code.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from roble_sql.errors import ConfigError

GIT_TIMEOUT = 60.0
_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "-c", "core.hooksPath=/dev/null")
_COMMIT_MARK = "\x01"
NOT_A_REPOSITORY = "not a git repository"
NO_GIT = "git could not run"


class GitFailed(ConfigError):
    """git could not answer (not installed, a refused repository, a broken object)."""


class Commit(NamedTuple):
    """One commit as ``git show`` has it: who wrote the change and who committed it."""

    hash: str
    author_name: str
    author_email: str
    authored_at: str  # ISO 8601, with the author's offset
    committer_name: str
    committer_email: str
    committed_at: str
    subject: str

    def as_dict(self) -> dict[str, str]:
        return self._asdict()


class FileOrigin(NamedTuple):
    """One file as a deploy found it."""

    path: str  # in the repository, '/'-separated
    clean: bool  # its bytes are the commit's (False: edited, staged, untracked or ignored)
    last_commit: str | None  # the commit that last changed it (None: never committed)


class Repository:
    """A git work tree, read with git's plumbing commands."""

    def __init__(self, top: Path, object_format: str = "sha1"):
        self.top = top
        self.object_format = object_format

    @classmethod
    def of(cls, folder: Path) -> Repository | None:
        """The repository ``folder`` is in, or None outside one. The folder need not exist:
        a branch checked out may not have it yet. A repository git can't read (one it
        refuses as of dubious ownership, or with no git installed) raises GitFailed."""
        existing = next((p for p in (folder, *folder.parents) if p.is_dir()), Path("/"))
        try:
            _, out = _git(existing, "rev-parse", "--show-toplevel", "--show-object-format")
        except GitFailed as exc:
            if NOT_A_REPOSITORY in exc.message:
                return None
            if exc.message.startswith(NO_GIT) and not _has_dot_git(existing):
                return None  # no git, and nothing that looks like a repository
            raise
        top, _, object_format = out.decode("utf-8", "surrogateescape").strip().partition("\n")
        return cls(Path(top), object_format.strip() or "sha1")

    def git(self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        return _git(self.top, *args, stdin=stdin, ok=ok)[1]

    def relative(self, path: Path) -> str:
        """``path`` as git names it: relative to the top, '/'-separated."""
        return Path(os.path.relpath(path.resolve(), self.top.resolve())).as_posix()

    def resolve(self, ref: str) -> str | None:
        """The commit ``ref`` (a branch, tag or hash) names, or None."""
        out = self.git(
            "rev-parse", "-q", "--verify", "--end-of-options", f"{ref}^{{commit}}", ok=(0, 1)
        )
        return out.decode().strip() or None

    def head(self) -> str | None:
        return self.resolve("HEAD")

    def branches(self) -> list[str]:
        """Local and remote-tracking branches, by their short names."""
        out = self.git("for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes")
        return [
            name for name in out.decode("utf-8", "replace").split() if not name.endswith("/HEAD")
        ]

    def blob_ids(self, commit: str, under: str) -> dict[str, str]:
        """Each file under ``under`` at ``commit``: its path and blob id."""
        out = self.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", under or ".")
        found = {}
        for entry in out.split(b"\0"):
            info, _, name = entry.partition(b"\t")
            fields = info.split()
            if len(fields) == 3 and fields[1] == b"blob":
                found[name.decode("utf-8", "surrogateescape")] = fields[2].decode()
        return found

    def blob_id(self, data: bytes) -> str:
        """The id git gives a blob of ``data`` (what ls-tree lists for a clean file)."""
        digest = hashlib.sha256 if self.object_format == "sha256" else hashlib.sha1
        return digest(b"blob %d\0" % len(data) + data).hexdigest()

    def last_commits(self, commit: str, under: str, wanted: Iterable[str]) -> dict[str, str]:
        """The commit (from ``commit`` back) that last changed each of ``wanted``, found
        in one walk of the history under ``under`` that stops once all are found."""
        missing = set(wanted)
        found: dict[str, str] = {}
        if not missing:
            return found
        args = (
            "log",
            f"--format={_COMMIT_MARK}%H",
            "--name-only",
            "-z",
            commit,
            "--",
            under or ".",
        )
        current = ""
        for token in _streamed(self.top, args, until=lambda: not missing):
            name = token.lstrip("\n")
            if name.startswith(_COMMIT_MARK):
                current = name[1:]
                continue
            if name in missing:
                missing.discard(name)
                found[name] = current
        return found

    def read(self, items: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
        """The bytes of each ``(commit, path)`` (None: no such file at that commit), in one
        ``git cat-file --batch``."""
        keys = list(dict.fromkeys(items))
        if not keys:
            return {}
        request = "".join(f"{commit}:{path}\n" for commit, path in keys)
        out = self.git("cat-file", "--batch", stdin=request.encode("utf-8", "surrogateescape"))
        found: dict[tuple[str, str], bytes | None] = {}
        at = 0
        for key in keys:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[key] = out[at : at + size]
                at += size + 1
            else:
                found[key] = None
        return found

    def known(self, commits: Iterable[str]) -> set[str]:
        """Those of ``commits`` that are commits of this repository."""
        keys = list(dict.fromkeys(commits))
        if not keys:
            return set()
        request = "".join(f"{commit}^{{commit}}\n" for commit in keys).encode()
        lines = self.git("cat-file", "--batch-check", stdin=request).decode().splitlines()
        return {
            key for key, line in zip(keys, lines, strict=False) if line.split()[1:2] == ["commit"]
        }

    def is_ancestor(self, commit: str, of: str) -> bool:
        """``commit`` is ``of`` or in its history (it was merged into it)."""
        code, _ = _git(self.top, "merge-base", "--is-ancestor", commit, of, ok=(0, 1))
        return code == 0

    def commit(self, commit: str) -> Commit:
        fields = "%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s"
        out = self.git("show", "-s", f"--format={fields}", "--end-of-options", commit)
        return Commit(*out.decode("utf-8", "replace").rstrip("\n").split("\0", 7))

    def first_parents(self, tip: str) -> list[str]:
        """The commits on ``tip``'s first-parent line, newest first: a branch's own history
        (its merges and direct commits), not the commits its merges brought in."""
        return self.git("rev-list", "--first-parent", tip).decode().split()

    def merged_in(self, commit: str, tip: str, line: set[str]) -> str | None:
        """The commit of ``tip``'s first-parent ``line`` that brought ``commit`` in: itself
        when it was committed there, else the oldest merge descending from it."""
        if commit in line:
            return commit
        out = self.git("rev-list", "--ancestry-path", f"{commit}..{tip}")
        descendants = out.decode().split()
        on_line = [c for c in descendants if c in line]
        return on_line[-1] if on_line else None

    def export(self, commit: str, under: str, destination: Path) -> None:
        """Write the files under ``under`` at ``commit`` into ``destination`` (flat)."""
        blobs = self.blob_ids(commit, under)
        prefix = f"{under}/" if under and under != "." else ""
        contents = self.read((commit, path) for path in blobs)
        for path, data in ((p, contents[(commit, p)]) for p in blobs):
            if data is None or not path.startswith(prefix) or "/" in path[len(prefix) :]:
                continue
            (destination / path[len(prefix) :]).write_bytes(data)


class Provenance:
    """Where a deploy's files come from, read from git once, when first asked."""

    def __init__(self, folder: Path):
        self._folder = folder
        self._read = False
        self._repository: Repository | None = None
        self._commit: str | None = None
        self._blobs: dict[str, str] = {}
        self._last: dict[str, str] | None = None
        self._origins: dict[Path, FileOrigin | None] = {}
        self.warning: str | None = None  # why git could not be read, when it could not

    @property
    def commit(self) -> str | None:
        self._load()
        return self._commit

    def origin(self, path: Path) -> FileOrigin | None:
        """``path``'s origin at the deploy's commit (None outside git), read once: as the
        run found the file before it started, not as it is when the event is written."""
        if path not in self._origins:
            self._origins[path] = self._origin(path)
        return self._origins[path]

    def _origin(self, path: Path) -> FileOrigin | None:
        self._load()
        repository = self._repository
        if repository is None or self._commit is None:
            return None
        name = repository.relative(path)
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        blob = self._blobs.get(name)
        if data is None and blob is None:
            return None  # neither here nor in the commit (a revision without a rollback)
        clean = data is not None and blob == repository.blob_id(data)
        return FileOrigin(name, clean, self._last_commits().get(name))

    def columns(self, paths: Iterable[Path]) -> dict[str, object]:
        """The audit columns of an event about ``paths`` (the first is the file it ran):
        the commit, whether every file is clean, and the first file's last commit."""
        commit = self.commit
        origins = [self.origin(path) for path in paths]
        known = [origin for origin in origins if origin is not None]
        if commit is None:
            return {}
        if not known:
            return {"vcs_commit": commit}
        return {
            "vcs_commit": commit,
            "vcs_clean": int(all(origin.clean for origin in known)),
            "vcs_file_commit": known[0].last_commit,
            "vcs_path": known[0].path,
        }

    def _load(self) -> None:
        if self._read:
            return
        self._read = True
        try:
            repository = Repository.of(self._folder)
            if repository is None:
                return
            commit = repository.head()
            if commit is not None:
                self._blobs = repository.blob_ids(commit, repository.relative(self._folder))
            self._repository, self._commit = repository, commit
        except GitFailed as exc:
            self.warning = exc.message

    def _last_commits(self) -> dict[str, str]:
        if self._last is None:
            repository, commit = self._repository, self._commit
            self._last = {}
            if repository is not None and commit is not None:
                try:
                    self._last = repository.last_commits(
                        commit, repository.relative(self._folder), self._blobs
                    )
                except GitFailed as exc:
                    self.warning = exc.message
        return self._last


def _git(
    where: Path, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[int, bytes]:
    """git's exit code and output; another exit code than ``ok``'s raises GitFailed."""
    try:
        done = subprocess.run(
            ["git", *_SAFE, "-C", str(where), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=_environment(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitFailed(f"{NO_GIT}: {exc}", hint="install git, or run outside git") from None
    if done.returncode not in ok:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(
            f"git {args[0]} failed: {message[0] if message else f'exit {done.returncode}'}",
            where=str(where),
        )
    return done.returncode, done.stdout


def _streamed(where: Path, args: tuple[str, ...], until: Callable[[], bool]) -> Iterator[str]:
    """The NUL-separated tokens git prints, read as they come; git is stopped once
    ``until()`` is true."""
    process = subprocess.Popen(
        ["git", *_SAFE, "-C", str(where), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=_environment(),
    )
    assert process.stdout is not None
    rest = b""
    try:
        while chunk := os.read(process.stdout.fileno(), 65536):
            *tokens, rest = (rest + chunk).split(b"\0")
            for token in tokens:
                yield token.decode("utf-8", "surrogateescape")
            if until():
                return
        if rest:
            yield rest.decode("utf-8", "surrogateescape")
    finally:
        process.kill()
        process.wait()


def _has_dot_git(folder: Path) -> bool:
    return any((p / ".git").exists() for p in (folder, *folder.parents))


def _environment() -> dict[str, str]:
    """The caller's environment without what would point git at another repository."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env
