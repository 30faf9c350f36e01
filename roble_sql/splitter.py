"""Cut SQL text into statements the way the ``mysql``/``mariadb`` command-line client does.

The splitter is pure: no database, no output, no state outside one call of :func:`split`.
It understands what the client understands: quotes, comments, versioned comments,
``DELIMITER`` directives and, with the default ``;`` delimiter, the ``BEGIN ... END`` bodies
of stored programs, so ``;`` inside them does not end the statement.

Speed comes from regexes that swallow whole runs of ordinary text, quoted strings and
comments in one call; Python code only runs where a statement may end (a delimiter, the end
of the input, an unterminated quote or comment) and, inside stored programs, at the words
``BEGIN``, ``CASE`` and ``END``. Lines are counted with ``str.count`` over spans already
consumed, so every character is looked at a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from roble_sql.errors import SplitError

__all__ = ["Statement", "split"]

_BOM = "\ufeff"

# --- Regex building blocks (plain strings so they can be combined) -------------------------
# Possessive quantifiers (*+, ++) never backtrack, which keeps failures on huge unterminated
# strings linear instead of exponential.
_SINGLE_QUOTED = r"'(?:[^'\\]++|\\.|'')*+'"
_DOUBLE_QUOTED = r'"(?:[^"\\]++|\\.|"")*+"'
_BACKTICKED = r"`(?:[^`]++|``)*+`"
# /*! ... */, /*M! ... */ and /*+ ... */ are SQL for the server, not comments.
_EXECUTABLE_COMMENT = r"/\*(?:!|M!|\+)(?:[^*]++|\*(?!/))*+\*/"
_PLAIN_COMMENT = r"/\*(?!!|M!|\+)(?:[^*]++|\*(?!/))*+\*/"
# "--" starts a comment only when whitespace or the end follows: "1--1" is 1 minus -1.
_LINE_COMMENT = r"(?:\#|--(?=\s|\Z))[^\n]*+"
_GAP = rf"(?:\s++|{_PLAIN_COMMENT}|{_LINE_COMMENT})*+"
# Everything that can appear inside a statement and can never end it, except plain words.
_ATOMS = (
    rf"{_SINGLE_QUOTED}|{_DOUBLE_QUOTED}|{_BACKTICKED}|{_EXECUTABLE_COMMENT}|{_PLAIN_COMMENT}"
    rf"|{_LINE_COMMENT}|/(?!\*)|-(?!-(?:\s|\Z))"
)
# Characters where an atom may start; runs of all other characters are taken in one step.
_ATOM_STARTS = "'\"`/#-"
_WORD_END = r"(?![\w$])"
_NAME = rf"(?:[\w$]++|{_BACKTICKED}|{_SINGLE_QUOTED}|{_DOUBLE_QUOTED})"
_HOST = rf"(?:[\w$.%-]++|{_NAME})"
_USER = (
    rf"(?:CURRENT_USER{_WORD_END}(?:{_GAP}\({_GAP}\))?"
    rf"|{_NAME}(?:{_GAP}@{_GAP}{_HOST})?)"
)

_FLAGS = re.DOTALL  # so "\\." also escapes a newline inside quotes

# Whitespace and plain comments before a statement: dropped from its text.
_LEADING = re.compile(_GAP, _FLAGS)

# A client directive: the delimiter word, then the rest of its line (which must be empty).
_DIRECTIVE = re.compile(r"DELIMITER(?=\s|\Z)[^\S\n]*+(\S*+)([^\n]*+)", re.IGNORECASE)

# Statements whose body may hold ";" inside BEGIN ... END (compound-statement holders).
# ALTER is here because ALTER EVENT ... DO may carry a new BEGIN ... END body; ALTER
# PROCEDURE/FUNCTION carry none, and without BEGIN/CASE/END they end at their first ";".
_HOLDER = re.compile(
    rf"(?:CREATE{_WORD_END}{_GAP}(?:OR{_WORD_END}{_GAP}REPLACE{_WORD_END}{_GAP})?"
    rf"|ALTER{_WORD_END}{_GAP})"
    rf"(?:DEFINER{_GAP}={_GAP}{_USER}{_GAP})?"
    rf"(?:AGGREGATE{_WORD_END}{_GAP})?"
    rf"(?:PROCEDURE|FUNCTION|TRIGGER|EVENT|PACKAGE){_WORD_END}"
    rf"|BEGIN{_WORD_END}{_GAP}NOT{_WORD_END}{_GAP}ATOMIC{_WORD_END}"
    rf"|(?:[\w$]++|{_BACKTICKED}){_GAP}:{_GAP}BEGIN{_WORD_END}",
    _FLAGS | re.IGNORECASE,
)

# Inside a holder, also stop at BEGIN/CASE/END. Text without b/c/e is taken in one step; a
# word continuing after a letter, ".", "@" or "$" is taken whole, so "t.end", "@begin",
# "my_begin" and "ending" never count as keywords.
_BLOCK_WORD = r"(?:BEGIN|CASE|END)(?![\w$])"
_HOLDER_RUN = re.compile(
    rf"(?:[^{re.escape(_ATOM_STARTS)};bBcCeE]++"
    rf"|(?<=[\w$@.])[\w$@.]++"
    rf"|(?!(?i:{_BLOCK_WORD}))[bBcCeE][\w$@.]*+|{_ATOMS})*+",
    _FLAGS,
)
# BEGIN and CASE open a block; END closes one; END IF/LOOP/REPEAT/WHILE close nothing
# counted, because IF/LOOP/REPEAT/WHILE are not counted (IF() and REPEAT() are functions too).
_BLOCK_KEYWORD = re.compile(
    r"(BEGIN|CASE)|END(?:\s++(?:(IF|LOOP|REPEAT|WHILE)|CASE)(?![\w$]))?",
    re.IGNORECASE,
)


def _run_pattern(delimiter: str) -> re.Pattern[str]:
    """The pattern for a run of statement text that stops only where ``delimiter`` may start.

    Also stops at unterminated quotes and comments (no atom matches there) and at the end.
    """
    first = {delimiter[0].lower(), delimiter[0].upper()}
    stops = re.escape("".join(sorted(set(_ATOM_STARTS) | first)))
    # The client compares the delimiter case-insensitively; the guard keeps an atom (such as
    # "/" for the "//" delimiter) from swallowing the start of the delimiter.
    guard = rf"(?!(?i:{re.escape(delimiter)}))"
    atoms = _ATOMS
    # A first character that no atom takes ("$" of "$$") is plain text when it doesn't start
    # the delimiter; one that an atom takes ("/" of "//") is left to the atoms, so that an
    # unterminated "/*" still stops the run.
    if plain := first - set(_ATOM_STARTS):
        atoms += f"|[{re.escape(''.join(sorted(plain)))}]"
    return re.compile(rf"(?:[^{stops}]++|{guard}(?:{atoms}))*+", _FLAGS)


_SEMICOLON_RUN = _run_pattern(";")

# What each opening quote starts, and how to fix it when it never closes.
_UNCLOSED_QUOTES = {
    "'": ("string: the ' quote", "close it; write a ' inside a string as '' or \\'"),
    '"': ('string: the " quote', 'close it; write a " inside a string as "" or \\"'),
    "`": ("identifier: the ` backtick", "close it; write a ` inside a name as ``"),
}


class Statement(NamedTuple):
    """One statement as the client would send it to the server."""

    text: str  # without delimiter, leading whitespace/comments and trailing whitespace
    line: int  # 1-based line where ``text`` starts
    end_line: int  # 1-based line of the delimiter, or of the last character when there is none
    offset: int  # index in the input where ``text`` starts
    delimiter: str  # the delimiter that ended it; "" when the input ended first


def split(text: str, *, keep_empty: bool = False) -> Iterator[Statement]:
    """Yield the statements of ``text`` one by one, as the mysql client would cut them.

    ``DELIMITER`` directives are obeyed and not yielded. With ``keep_empty``, statements
    holding nothing but whitespace and comments between two delimiters are yielded with
    ``text == ""`` (at the offset and line of their delimiter). Raises
    :class:`~roble_sql.errors.SplitError` for an unterminated quote or comment and for a
    malformed ``DELIMITER`` line; statements before the error have been yielded by then.
    """
    yield from _Splitter(text).statements(keep_empty)


class _LineCounter:
    """Turns increasing offsets into line numbers, counting each newline only once."""

    __slots__ = ("_line", "_pos", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1

    def at(self, pos: int) -> int:
        """The 1-based line of ``pos``; ``pos`` must not be before the previous call's."""
        self._line += self._text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line


class _Splitter:
    """The state of one :func:`split` call: the text, the current delimiter, the line count."""

    __slots__ = ("_delimiter", "_delimiter_at", "_lines", "_run", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = _LineCounter(text)
        self._delimiter = ";"
        self._delimiter_at = re.compile(";")
        self._run = _SEMICOLON_RUN

    def statements(self, keep_empty: bool) -> Iterator[Statement]:
        text = self._text
        pos = 1 if text.startswith(_BOM) else 0
        while (start := self._skip_leading(pos)) < len(text):
            if directive := _DIRECTIVE.match(text, start):
                pos = self._apply_directive(directive)
            elif self._delimiter_at.match(text, start):
                pos = start + len(self._delimiter)
                if keep_empty:
                    line = self._lines.at(start)
                    yield Statement("", line, line, start, self._delimiter)
            else:
                end = self._scan(start)
                yield self._statement(start, end)
                pos = end + len(self._delimiter) if end < len(text) else end

    def _skip_leading(self, pos: int) -> int:
        """Skip whitespace and plain comments; an unterminated ``/*`` here is an error."""
        pos = _LEADING.match(self._text, pos).end()
        if self._text.startswith("/*", pos) and not _is_executable_comment(self._text, pos):
            raise self._error(pos, "unterminated /* comment: no */ closes it", "add the */")
        return pos

    def _statement(self, start: int, end: int) -> Statement:
        body = self._text[start:end].rstrip()
        line = self._lines.at(start)
        if end < len(self._text):
            return Statement(body, line, self._lines.at(end), start, self._delimiter)
        return Statement(body, line, self._lines.at(start + len(body) - 1), start, "")

    def _scan(self, pos: int) -> int:
        """The offset of the delimiter ending the statement at ``pos`` (or the text's end)."""
        if self._delimiter == ";" and _HOLDER.match(self._text, pos):
            return self._scan_holder(pos)
        pos = self._run.match(self._text, pos).end()
        if pos < len(self._text) and not self._delimiter_at.match(self._text, pos):
            raise self._unterminated(pos)
        return pos

    def _scan_holder(self, pos: int) -> int:
        """Like :meth:`_scan`, but ``;`` inside BEGIN ... END (or CASE ... END) does not end it."""
        text = self._text
        depth = 0
        while (pos := _HOLDER_RUN.match(text, pos).end()) < len(text):
            if text[pos] == ";":
                if depth == 0:
                    return pos
                pos += 1
            elif keyword := _BLOCK_KEYWORD.match(text, pos):
                depth = max(depth + _depth_change(keyword), 0)
                pos = keyword.end()
            else:
                raise self._unterminated(pos)
        # Ending inside a body is the server's syntax error to report, not ours.
        return pos

    def _apply_directive(self, directive: re.Match[str]) -> int:
        """Switch to the delimiter named by a DELIMITER line; returns where its line ends."""
        word, rest = directive.group(1, 2)
        start = directive.start()
        if not word:
            raise self._error(start, "DELIMITER needs a delimiter", "write e.g. DELIMITER $$")
        if not _LEADING.fullmatch(rest):
            raise self._error(
                start,
                f"unexpected text after DELIMITER {word}: {rest.strip()!r}",
                "put nothing but the delimiter on a DELIMITER line",
            )
        self._check_delimiter(word, start)
        self._delimiter = word
        self._delimiter_at = re.compile(re.escape(word), re.IGNORECASE)
        self._run = _SEMICOLON_RUN if word == ";" else _run_pattern(word)
        return directive.end()

    def _check_delimiter(self, word: str, pos: int) -> None:
        """Reject delimiters that would be read as a word, a quote or a comment."""
        if re.fullmatch(r"\w+", word):
            problem = "is a word, which can't be told apart from SQL"
        elif any(char in word for char in "'\"`\\"):
            problem = "contains a quote or backslash"
        elif word.startswith(("#", "--", "/*")):
            problem = "starts like a comment"
        else:
            return
        raise self._error(pos, f"delimiter {word!r} {problem}", "use e.g. $$, // or ;;")

    def _unterminated(self, pos: int) -> SplitError:
        """The error for the quote or comment opening at ``pos`` that never closes."""
        if quote := _UNCLOSED_QUOTES.get(self._text[pos]):
            described, hint = quote
            return self._error(pos, f"unterminated {described} opened here never closes", hint)
        kind = "versioned comment" if _is_executable_comment(self._text, pos) else "/* comment"
        return self._error(pos, f"unterminated {kind}: no */ closes it", "add the */")

    def _error(self, pos: int, message: str, hint: str | None) -> SplitError:
        line = self._lines.at(pos)
        return SplitError(message, line=line, where=f"line {line}", hint=hint)


def _is_executable_comment(text: str, pos: int) -> bool:
    """Whether the ``/*`` at ``pos`` opens ``/*!``, ``/*M!`` or ``/*+`` (SQL, not a comment)."""
    return text.startswith(("/*!", "/*M!", "/*+"), pos)


def _depth_change(keyword: re.Match[str]) -> int:
    """+1 for BEGIN/CASE, 0 for END IF/LOOP/REPEAT/WHILE, -1 for END and END CASE."""
    if keyword.group(1):
        return 1
    return 0 if keyword.group(2) else -1
