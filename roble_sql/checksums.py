"""``roble.sum``: the integrity file committed next to the revisions.

One line per revision file, ``<file> h1:<hash>`` (base64 sha256 of its bytes, as Atlas
writes them), under a fixed comment header. The file is the reviewed state of the folder:

- only ``roble rehash`` (an explicit, reviewed act) takes every file as it is now;
  ``new``, ``merge`` and autogenerate add the lines of the files they write and leave
  every other line as it was, so an edited file stays flagged;
- there is no total line: two branches that each add a revision add different lines,
  and the ``.gitattributes`` beside it (``roble.sum merge=union``) has git keep both,
  with no conflict. The whole folder is still checked: a file with no line is *added*,
  a line with no file *removed*, two lines for one file (both branches edited it) a
  *conflict*.

The first format (a ``h1:`` total as line one) is still read; its total is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roble_sql.folder import Folder
from roble_sql.sources import SUM_FILE

PREFIX = "h1:"
HEADER = (
    "# roble.sum: the sha256 of every revision file as reviewed. 'roble rehash' accepts\n"
    "# edited files; 'roble new' and 'roble merge' only add the files they write.\n"
)
GITATTRIBUTES = ".gitattributes"
UNION_MERGE = f"{SUM_FILE} merge=union"


@dataclass(frozen=True)
class SumProblem:
    file: str
    reason: str  # added | edited | removed | conflict | missing-sum | malformed


def compute(folder: Folder) -> dict[str, str]:
    """Each revision file's hash, as the folder is now (each file read once)."""
    return {name: folder.file(name).h1 for name in folder.sum_names}


def sum_text(hashes: dict[str, str]) -> str:
    return HEADER + "".join(f"{name} {hashes[name]}\n" for name in sorted(hashes))


def parse(text: str) -> tuple[dict[str, str], list[str]]:
    """The recorded hash of each file, and the files recorded more than once (with
    different hashes: a union merge of two edits). Raises ValueError naming the line."""
    hashes: dict[str, str] = {}
    conflicts: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if number == 1 and line.startswith(PREFIX) and " " not in line:
            continue  # the first format's total line
        name, _, digest = line.rpartition(" ")
        if not name or not digest.startswith(PREFIX):
            raise ValueError(f"line {number} is not '<file> h1:<hash>'")
        if name in hashes and hashes[name] != digest:
            conflicts.append(name)
        hashes[name] = digest
    return hashes, conflicts


def rehash(folder: Folder) -> Path:
    """Take every file as it is now (a reviewed change): the whole sum rewritten."""
    return _write(folder.path, compute(folder))


def add(folder: Folder, names: Iterable[str]) -> Path:
    """Record the files ``names`` (just written by roble) and leave every other line as
    it was. Without a roble.sum yet, every file is recorded (the folder's first sum)."""
    path = folder.path / SUM_FILE
    if not path.is_file():
        return rehash(folder)
    recorded, _ = parse(path.read_text(encoding="utf-8"))
    for name in names:
        recorded[name] = folder.file(name).h1
    return _write(folder.path, recorded)


def _write(directory: Path, hashes: dict[str, str]) -> Path:
    path = directory / SUM_FILE
    path.write_text(sum_text(hashes))
    _ensure_union_merge(directory)
    return path


def _ensure_union_merge(directory: Path) -> None:
    """git keeps both sides' lines of roble.sum instead of reporting a conflict."""
    attributes = directory / GITATTRIBUTES
    text = attributes.read_text(encoding="utf-8") if attributes.is_file() else ""
    if UNION_MERGE not in text.splitlines():
        attributes.write_text(
            text + ("" if not text or text.endswith("\n") else "\n") + UNION_MERGE + "\n"
        )


def compare(folder: Folder) -> list[SumProblem]:
    """Differences between ``roble.sum`` and the files; empty when they agree."""
    path = folder.path / SUM_FILE
    if not path.is_file():
        return [SumProblem(SUM_FILE, "missing-sum")]
    try:
        recorded, conflicts = parse(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return [SumProblem(f"{SUM_FILE}: {exc}", "malformed")]
    actual = compute(folder)
    problems = [SumProblem(name, "conflict") for name in sorted(set(conflicts))]
    problems += [SumProblem(name, "added") for name in sorted(set(actual) - set(recorded))]
    problems += [SumProblem(name, "removed") for name in sorted(set(recorded) - set(actual))]
    problems += [
        SumProblem(name, "edited")
        for name in sorted(set(actual) & set(recorded) - set(conflicts))
        if actual[name] != recorded[name]
    ]
    return problems
