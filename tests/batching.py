"""Generated files for the batching property: statements, how each ends, how they are grouped.

A generated file holds known statements; around them, whatever a real file may put
between a statement and what ends it: comments of every kind, versioned comments, blanks,
``;`` before a custom delimiter, ``\\g``, CRLF line ends. Shared by the pure property
(tests/unit) and the one against the real server (tests/db).
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import strategies as st

# What may come after a statement's last word and before its delimiter: never sent.
TRAILERS = ["", " ", "\t", " -- note", " # note", " /* note; */", "\n-- note\n", "\n#\n", " --"]
# Versioned comments are SQL: they stay in the statement (and so in its expected text).
VERSIONED = ["", " /*!40101 */", " /*M!100100 */"]
DELIMITERS = [";", "$$", "//", ";;", "\\g"]


class Generated(NamedTuple):
    text: str  # the file
    expected: list[str]  # the statements the server must execute, in order
    values: list[int]  # the rows the statements insert


def _statement(value: int, kind: int) -> str:
    """A statement inserting ``value``, in one of a few shapes that each end differently."""
    shapes = [
        f"INSERT INTO p (v) VALUES ({value})",
        f"INSERT INTO p (v, note) VALUES ({value}, 'a;b -- # /* ''q'' */')",
        f'INSERT INTO p (v, note)\nVALUES ({value}, "multi\nline; \\" quote")',
        f"INSERT INTO p (v) SELECT {value} FROM DUAL WHERE 1 = 1",
    ]
    return shapes[kind % len(shapes)]


def _ends_in_line_comment(text: str) -> bool:
    last = text.splitlines()[-1] if text.strip() else ""
    return "#" in last or "-- " in last or last.endswith(" --")


@st.composite
def files(draw: st.DrawFn, max_statements: int = 6) -> Generated:
    count = draw(st.integers(1, max_statements))
    parts: list[str] = []
    expected: list[str] = []
    in_force = ";"
    while len(expected) < count:
        delimiter = draw(st.sampled_from(DELIMITERS))
        custom = delimiter not in (";", "\\g")
        wanted = delimiter if custom else ";"
        if wanted != in_force:
            parts.append(f"DELIMITER {wanted}\n")
            in_force = wanted
        size = min(draw(st.integers(1, 3)) if custom else 1, count - len(expected))
        pieces = []
        for _ in range(size):
            text = _statement(len(expected), draw(st.integers(0, 3)))
            text += draw(st.sampled_from(VERSIONED))
            expected.append(text)
            pieces.append(text + draw(st.sampled_from(TRAILERS)))
        # Inside one query the statements are cut by ";" (a line comment ends its line first).
        query = ";\n".join(p + "\n" if _ends_in_line_comment(p) else p for p in pieces[:-1])
        last = pieces[-1] + ("\n" if _ends_in_line_comment(pieces[-1]) else "")
        if query:
            query += ";\n"
        semicolon = draw(st.sampled_from(["", ";"])) if custom and delimiter[0] != ";" else ""
        # "*/" then "//" reads as "*" and "//" to the client, inside the versioned comment.
        gap = " " if (last + semicolon).endswith("*/") and delimiter[0] == "/" else ""
        parts.append(query + last + semicolon + gap + delimiter + "\n")
    if in_force != ";":
        parts.append("DELIMITER ;\n")
    text = "-- generated\n" + "".join(parts)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return Generated(text, expected, list(range(count)))
