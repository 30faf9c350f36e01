"""`-- roble: online` on the line before an ALTER TABLE: run it through the online schema
change tool (runner/online.py). Pure text: read by the runner, `--sql` and lint."""

from __future__ import annotations

import re

MARK = "-- roble: online"
# Any case of roble, as suppressions are written; the whole line is the comment.
_MARK = re.compile(r"^[ \t]*--[ \t]+roble[ \t]*:[ \t]*online[ \t]*$", re.M | re.I)


def marked_lines(text: str) -> frozenset[int]:
    """Lines right after a `-- roble: online` line: where a marked statement starts."""
    if "online" not in text and "ONLINE" not in text and "Online" not in text:
        return frozenset()  # the usual case, found by a fast literal scan
    found = set()
    counted, line = 0, 1
    for match in _MARK.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.add(line + 1)
    return frozenset(found)
