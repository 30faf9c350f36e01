"""``roble.sum``: the integrity file committed next to the revisions, like atlas.sum.

Line one is ``h1:<hash>`` over every file's name and hash, in name order, so two
branches that each add a revision both change it: git reports a conflict instead
of silently merging two histories. Each further line is ``<file> h1:<hash>``.
Hashes are base64 sha256, as Atlas writes them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from roble_sql.sources import RESERVED, ROLLBACK_SUFFIX, SUM_FILE, UP_SUFFIX

PREFIX = "h1:"


@dataclass(frozen=True)
class SumProblem:
    file: str
    reason: str  # added | edited | removed | total | missing-sum | malformed


def _h1(data: bytes) -> str:
    return PREFIX + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def tracked_files(directory: Path) -> list[Path]:
    """The revision files a sum covers: up and rollback files, by name."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_file()
        and path.name not in RESERVED
        and (path.name.endswith(UP_SUFFIX) or path.name.endswith(ROLLBACK_SUFFIX))
    )


def compute(directory: Path) -> tuple[str, dict[str, str]]:
    """The total hash and each file's hash for ``directory`` as it is now."""
    hashes = {path.name: _h1(path.read_bytes()) for path in tracked_files(directory)}
    return total_of(hashes), hashes


def total_of(hashes: dict[str, str]) -> str:
    chain = hashlib.sha256()
    for name in sorted(hashes):
        chain.update(name.encode("utf-8") + b"\0" + hashes[name].encode("ascii") + b"\n")
    return PREFIX + base64.b64encode(chain.digest()).decode("ascii")


def render(total: str, hashes: dict[str, str]) -> str:
    return total + "\n" + "".join(f"{name} {hashes[name]}\n" for name in sorted(hashes))


def write(directory: Path) -> Path:
    """(Re)write ``roble.sum`` for the folder as it is now."""
    total, hashes = compute(directory)
    path = directory / SUM_FILE
    path.write_text(render(total, hashes))
    return path


def parse(text: str) -> tuple[str, dict[str, str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith(PREFIX):
        raise ValueError("the first line must be the total, h1:<hash>")
    hashes: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        name, _, digest = line.rpartition(" ")
        if not name or not digest.startswith(PREFIX):
            raise ValueError(f"line {number} is not '<file> h1:<hash>'")
        hashes[name] = digest
    return lines[0], hashes


def check(directory: Path) -> list[SumProblem]:
    """Differences between ``roble.sum`` and the files; empty when they agree."""
    path = directory / SUM_FILE
    if not path.is_file():
        return [SumProblem(SUM_FILE, "missing-sum")]
    try:
        recorded_total, recorded = parse(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return [SumProblem(f"{SUM_FILE}: {exc}", "malformed")]
    _, actual = compute(directory)
    problems = [SumProblem(name, "added") for name in sorted(set(actual) - set(recorded))]
    problems += [SumProblem(name, "removed") for name in sorted(set(recorded) - set(actual))]
    problems += [
        SumProblem(name, "edited")
        for name in sorted(set(actual) & set(recorded))
        if actual[name] != recorded[name]
    ]
    if not problems and total_of(recorded) != recorded_total:
        problems.append(SumProblem(SUM_FILE, "total"))
    return problems
