"""Inline suppression, in one place: `-- roble: ignore RB302 <reason>`.

A suppression comment (`roble`, `Roble` or `ROBLE`; `--` or `#` comments) on the first
line of a statement, on any of its lines, or on the
line just before it silences the named codes for that statement. For findings outside
any statement (a header problem, an unreadable file) it must be on the finding's line or
the line before. Several codes may be listed (`RB203, RB202`); the rest of the line is
the reason, and it is required: a suppression without a reason, or naming an unknown
code, suppresses nothing and is itself reported (RB006).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roble_sql.lint.sql import is_outside

if TYPE_CHECKING:
    from roble_sql.lint.model import LintFile

# "roble" in the usual three spellings keeps the search a fast literal scan on big files.
_MARK = re.compile(r"(?:roble|Roble|ROBLE)[ \t]*:[ \t]*(?i:ignore)\b(?P<rest>[^\n]*)")
_OPENER = re.compile(r"(?:--[ \t]+|\#[ \t]*)$")  # the comment the mark must open
_CODES = re.compile(r"\s*(?P<codes>RB\d{3}(?:\s*,?\s*RB\d{3})*)(?P<reason>.*)", re.IGNORECASE)
_REASON_LEAD = " \t:-\u2013\u2014"  # what may separate the codes from the reason


@dataclass(frozen=True, slots=True)
class Suppression:
    line: int
    codes: frozenset[str]
    reason: str
    text: str  # the comment as written, for messages

    def silences(self, code: str) -> bool:
        return code in self.codes and bool(self.reason)


def find(text: str) -> list[Suppression]:
    """Every `roble: ignore` comment in `text` (not inside strings), with its line."""
    found = []
    line = 1
    counted = 0
    outside_from = 0
    for match in _MARK.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        opener = _OPENER.search(text, line_start, match.start())
        if opener is None or not is_outside(text, opener.start(), outside_from):
            continue
        outside_from = match.end()
        line += text.count("\n", counted, line_start)
        counted = line_start
        codes, reason = _parse(match.group("rest"))
        comment = text[opener.start() : match.end()].strip()
        found.append(Suppression(line, codes, reason, comment))
    return found


def for_file(file: LintFile) -> list[Suppression]:
    """The suppressions of ``file``, found once."""
    if file.suppressions is None:
        file.suppressions = find(file.text or "")
    return file.suppressions


def _parse(rest: str) -> tuple[frozenset[str], str]:
    match = _CODES.match(rest)
    if match is None:
        return frozenset(), rest.strip()
    codes = frozenset(code.upper() for code in re.findall(r"RB\d{3}", match.group("codes"), re.I))
    return codes, match.group("reason").strip(_REASON_LEAD).strip()


def by_line(suppressions: Iterable[Suppression]) -> dict[int, list[Suppression]]:
    lines: dict[int, list[Suppression]] = {}
    for suppression in suppressions:
        lines.setdefault(suppression.line, []).append(suppression)
    return lines


def is_silenced(code: str, lines: Iterable[int], table: dict[int, list[Suppression]]) -> bool:
    """Whether a suppression on one of `lines` silences `code`."""
    return any(s.silences(code) for line in lines for s in table.get(line, ()))
