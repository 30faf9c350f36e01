"""Cut SQL text into statements the way the ``mariadb``/``mysql`` command-line client does.

The splitter is pure: no database, no output, no state outside one call. It reads in two
steps, each the mirror of a real program:

- :func:`chunks` is the client. It reads the file as ``mariadb db < file.sql`` does
  (quotes, comments, versioned comments, ``DELIMITER`` and ``\\d``, ``\\g``, ``\\G``,
  ``\\c`` and the client's other commands) and yields what the client sends to the
  server as one query. With the default ``;`` delimiter it also keeps the
  ``BEGIN ... END`` body of a stored program whole: the client would cut it at its first
  ``;``, which the server rejects, so roble's reading is the one that works.
- :func:`split` is the server. One query may hold several statements (``DROP PROCEDURE
  IF EXISTS p; CREATE PROCEDURE p() ... END`` between two ``$$``); the server parses
  them one after the other, and so does :func:`split`. What it yields is what the server
  executes, so roble can run, record and report each statement on its own.

A text is what the server receives: no leading or trailing whitespace or comments (the
client strips them too, and a trailing comment would end up in a stored program's body),
no delimiter, and line ends as the client sends them (``\\r\\n`` becomes ``\\n``).
Comments inside a statement are kept: the client strips those as well, but in a stored
program's body they are the author's notes, and roble keeps them.

Client commands: ``delimiter``/``\\d`` (any case, quoted or not, the rest of its line
ignored), ``\\g``, ``\\G`` and ``\\c`` do what they do in the client; commands that only
change what the client shows (``warnings``, ``tee``, ``pager``, ``print``, ``status``,
``help``...) are skipped, as the server receives nothing for them; ``use db`` alone on
its line is a statement of that line. Commands that would run something other than the
file's own SQL (``source``/``\\.``, ``system``/``\\!``, ``connect``, ``charset``, ``edit``)
and ``quit``/``exit`` are refused with a :class:`SplitError` naming the line, as is a NUL
byte (the client refuses it too), before anything runs.

No regex here uses possessive quantifiers or atomic groups, which Python 3.11.2 runs
wrongly. Loops are written "unrolled" (``a*(?:b a*)*``, ``a`` and ``b`` starting with
different characters) or forced to take all they can (``x+(?!x)``), so a failing match
never backtracks exponentially. Comments stop a run of statement text, and the loop
notes where the last significant text ended: trailing comments cost no second pass.

Most statements of a data file are plain: no client command, no stored program, no
comment inside, straight to their ``;``. With the default delimiter the client loop reads
each of them with one match (``_FAST_STATEMENT``, built from the same patterns as the
general reading, which the tests compare with it field by field) and yields it at once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Generator, Iterable, Iterator
from typing import NamedTuple

from roble_sql.errors import SplitError

__all__ = ["Statement", "chunks", "split"]

_BOM = "\ufeff"

# --- Regex building blocks (plain strings so they can be combined) -------------------------
# Possessive where Python runs them right (3.11.5 fixed gh-100061 and gh-106052): they save
# the engine its backtracking state, twice as fast on a dump. Every pattern here is written
# so that it matches the same with or without them, and the tests run both.
_P = "+" if sys.version_info >= (3, 11, 5) else ""
_SINGLE_QUOTED = rf"'[^'\\]*{_P}(?:(?:\\.|''){_P}[^'\\]*{_P})*{_P}'"
_DOUBLE_QUOTED = rf'"[^"\\]*{_P}(?:(?:\\.|""){_P}[^"\\]*{_P})*{_P}"'
_BACKTICKED = rf"`[^`]*{_P}(?:``[^`]*{_P})*{_P}`"
_COMMENT_BODY = rf"[^*]*{_P}\*+{_P}(?:[^/*][^*]*{_P}\*+{_P})*{_P}/"  # after "/*", to "*/"
# /*! ... */, /*M! ... */ and /*+ ... */ are SQL for the server, not comments.
_EXECUTABLE_COMMENT = rf"/\*(?:!|M!|\+){_COMMENT_BODY}"
_PLAIN_COMMENT = rf"/\*(?![!+]|M!){_COMMENT_BODY}"
# "--" starts a comment only when whitespace or the end follows: "1--1" is 1 minus -1.
# (?![^\n]) makes a line comment run to the end of its line, never stopping earlier.
_LINE_COMMENT = rf"(?:\#|--(?=\s|\Z))[^\n]*{_P}(?![^\n])"
# Before a statement the client skips any "--" line: "--x" and "-----" banners too.
_CLIENT_LINE_COMMENT = rf"(?:\#|--)[^\n]*{_P}(?![^\n])"
_SPACES = rf"\s+{_P}(?!\s)"
_GAP = rf"(?:{_SPACES}|{_PLAIN_COMMENT}|{_LINE_COMMENT})*{_P}"
# Statement text that can never end a statement, other than plain words (comments apart:
# they stop a run, so the scan knows where the last significant text ended).
_ATOMS = (
    rf"{_SINGLE_QUOTED}|{_DOUBLE_QUOTED}|{_BACKTICKED}|{_EXECUTABLE_COMMENT}"
    r"|/(?!\*)|-(?!-(?:\s|\Z))"
)
_COMMENT = re.compile(rf"{_PLAIN_COMMENT}|{_LINE_COMMENT}", re.DOTALL)
# Characters where an atom, a comment or a client command may start.
_ATOM_STARTS = "'\"`/#-\\"
_SERVER_ATOM_STARTS = "'\"`/#-"  # the server has no backslash commands
_WORD_END = r"(?![\w$])"
_NAME = rf"(?:[\w$]+{_WORD_END}|{_BACKTICKED}|{_SINGLE_QUOTED}|{_DOUBLE_QUOTED})"
_HOST = rf"(?:[\w$.%-]+(?![\w$.%-])|{_NAME})"
_USER = (
    rf"(?:CURRENT_USER{_WORD_END}(?:{_GAP}\({_GAP}\))?"
    rf"|{_NAME}(?:{_GAP}@{_GAP}{_HOST})?)"
)

_FLAGS = re.DOTALL  # so "\\." also escapes a newline inside quotes

# Whitespace and comments before a statement: dropped from its text.
_CLIENT_LEADING = re.compile(rf"(?:{_SPACES}|{_PLAIN_COMMENT}|{_CLIENT_LINE_COMMENT})*{_P}", _FLAGS)
_CLIENT_SPACES = re.compile(r"\s*")
_CLIENT_COMMENT = re.compile(rf"{_PLAIN_COMMENT}|{_CLIENT_LINE_COMMENT}", _FLAGS)
_SERVER_LEADING = re.compile(_GAP, _FLAGS)

# DELIMITER (any case) or \d, and its argument, read as the client's get_arg does: a quoted
# string ('..', "..", `..`) or the first run of non-blanks; the rest of the line is ignored.
_DIRECTIVE = re.compile(
    r"(?:DELIMITER(?=\s|\Z)|\\d)[^\S\n]*"
    r"(?:'(?P<single>[^'\n]*)'|\"(?P<double>[^\"\n]*)\"|`(?P<back>[^`\n]*)`|(?P<bare>\S*))"
    r"[^\n]*",
    re.IGNORECASE,
)

# The client's own commands, by name at the start of a statement, and what roble does with
# each: skip it (the server receives nothing for it), or refuse the file (``help`` and
# ``use`` are SQL too; ``use db`` alone on its line is a statement of that line).
_SKIPPED_COMMANDS = frozenset(
    [
        "?",
        "help",
        "print",
        "status",
        "warnings",
        "nowarning",
        "pager",
        "nopager",
        "tee",
        "notee",
        "prompt",
        "rehash",
        "go",
        "ego",
        "clear",
    ]
)
_REFUSED_COMMANDS = {
    "source": "source runs another file, which would not be part of the revision",
    "connect": "connect switches to another server or database",
    "charset": "charset changes the connection character set behind roble's back",
    "system": "system runs a shell command",
    "edit": "edit opens an editor",
    "quit": "quit stops the client before the end of the file",
    "exit": "exit stops the client before the end of the file",
}
_REFUSED_HINTS = {
    "source": "copy the other file's statements into the revision",
    "charset": "write SET NAMES <charset>; instead",
}
_PARAMETER_COMMANDS = frozenset(
    ["?", "help", "pager", "tee", "prompt", "source", "connect", "charset", "system", "use"]
)
_COMMAND_NAMES = "|".join(
    re.escape(name)
    for name in sorted({*_SKIPPED_COMMANDS, *_REFUSED_COMMANDS, "use"}, key=len, reverse=True)
)
_COMMAND_NAME_END = r"(?=[ \t\r\n;]|\Z)"
_NAMED_COMMAND = re.compile(rf"(?P<name>{_COMMAND_NAMES}){_COMMAND_NAME_END}", re.IGNORECASE)
# The first characters of DELIMITER, of \d and the other backslash commands, and of the
# named commands, in either case: other statements skip the command checks.
_COMMAND_STARTS = frozenset(
    "\\"
    + "".join(
        f"{n[0].lower()}{n[0].upper()}"
        for n in (*_SKIPPED_COMMANDS, *_REFUSED_COMMANDS, "use", "delimiter")
    )
)
# The same commands under their one-letter names.
_BACKSLASH_NAMES = {
    "?": "?", "h": "help", "p": "print", "s": "status", "W": "warnings", "w": "nowarning",
    "P": "pager", "n": "nopager", "T": "tee", "t": "notee", "R": "prompt", "#": "rehash",
    "g": "go", "G": "ego", "c": "clear", ".": "source", "r": "connect", "C": "charset",
    "!": "system", "e": "edit", "q": "quit", "u": "use", "d": "delimiter",
}  # fmt: skip

# Statements whose body may hold ";" inside BEGIN ... END (compound-statement holders).
# ALTER is here because ALTER EVENT ... DO may carry a new BEGIN ... END body; ALTER
# PROCEDURE/FUNCTION carry none, and without BEGIN/CASE/END they end at their first ";".
_PROGRAM_START = (
    rf"(?:CREATE{_WORD_END}{_GAP}(?:OR{_WORD_END}{_GAP}REPLACE{_WORD_END}{_GAP})?"
    rf"|ALTER{_WORD_END}{_GAP})"
    rf"(?:DEFINER{_GAP}={_GAP}{_USER}{_GAP})?"
    rf"(?:AGGREGATE{_WORD_END}{_GAP})?"
    rf"(?:PROCEDURE|FUNCTION|TRIGGER|EVENT|PACKAGE){_WORD_END}"
    rf"|BEGIN{_WORD_END}{_GAP}NOT{_WORD_END}{_GAP}ATOMIC{_WORD_END}"
)
_LABELED_BLOCK = (
    rf"(?:[\w$]+{_P}{_WORD_END}|{_BACKTICKED}){_GAP}:{_GAP}(?:BEGIN|LOOP|WHILE|REPEAT|FOR)"
    rf"{_WORD_END}"
)
_PROGRAM_HOLDER = rf"{_PROGRAM_START}|{_LABELED_BLOCK}"
_HOLDER = re.compile(_PROGRAM_HOLDER, _FLAGS | re.IGNORECASE)
# Inside one query the server also reads MariaDB's compound statements outside stored
# programs: IF/CASE/LOOP/WHILE/REPEAT/FOR at the start of a statement.
_SERVER_HOLDER = re.compile(
    rf"{_PROGRAM_HOLDER}|(?P<compound>IF|LOOP|WHILE|REPEAT|FOR){_WORD_END}|CASE{_WORD_END}",
    _FLAGS | re.IGNORECASE,
)

# Inside a holder the scan also stops at BEGIN, CASE, END and the words of bare compound
# statements. A word continuing after a letter, ".", "@" or "$" is taken whole, so "t.end",
# "@begin", "my_begin" and "ending" never count.
_BLOCK_WORD = r"(?:BEGIN|CASE|END|IF|LOOP|WHILE|REPEAT|FOR)(?![\w$])"
_BLOCK_LETTERS = "bBcCeEiIlLwWrRfF"
_BLOCK_KEYWORD = re.compile(
    r"(?P<open>BEGIN|CASE)(?![\w$])"
    r"|END(?:\s+(?:(?P<bare>IF|LOOP|REPEAT|WHILE|FOR)|CASE)(?![\w$]))?(?![\w$])"
    r"|(?P<word>IF|LOOP|WHILE|REPEAT|FOR)(?![\w$])",
    re.IGNORECASE,
)
# A bare IF/LOOP/WHILE/REPEAT/FOR outside any BEGIN opens a compound statement only where a
# statement can start; after these words it is a function, a clause or a name instead.
_NOT_A_STATEMENT_BEFORE = frozenset(
    [
        "RETURN",
        "SELECT",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "XOR",
        "WHEN",
        "ON",
        "BY",
        "HAVING",
        "IN",
        "IS",
        "LIKE",
        "BETWEEN",
        "DISTINCT",
        "VALUES",
        "VALUE",
        "SET",
        "CALL",
        "INTERVAL",
        "DIV",
        "MOD",
        "CASE",
        "ELSEIF",
        "UNTIL",
        "AS",
        "ALL",
        "ANY",
        "SOME",
        "INTO",
        "DEFAULT",
        "PROCEDURE",
        "FUNCTION",
        "TRIGGER",
        "EVENT",
        "TABLE",
        "DATABASE",
        "SCHEMA",
        "VIEW",
        "INDEX",
        "USER",
        "ROLE",
        "SEQUENCE",
        "SERVER",
        "PACKAGE",
        "BODY",
        "REPLACE",
        "AGGREGATE",
        "EXISTS",
    ]
)
_WORD_BEFORE = re.compile(r"([\w$]+)\s*\Z")


def _run(stops: str, delimiter: str, *, holder: bool = False) -> re.Pattern[str]:
    """A run of statement text: stops where ``delimiter`` may start, at comments, at
    backslash commands (when ``\\`` is in ``stops``; ``\\N`` is NULL, not a command), at
    unterminated quotes, at the end, and inside a holder at block words and at ``;``."""
    first = delimiter[0]
    all_stops = set(stops) | {first} | (set(_BLOCK_LETTERS + ";") if holder else set())
    plain = re.escape("".join(sorted(all_stops)))
    atoms = _ATOMS + (r"|\\N" if "\\" in stops else "")
    # A first character that no atom takes ("$" of "$$") is plain text when it doesn't start
    # the delimiter; one that an atom takes ("/" of "//") is left to the atoms, so that an
    # unterminated "/*" still stops the run.
    if loose := {first} - set(stops) - ({";"} if holder else set()):
        atoms += f"|[{re.escape(''.join(sorted(loose)))}]"
    words = ""
    if holder:
        words = (
            rf"(?<=[\w$@.])[\w$@.]+(?![\w$@.])"
            rf"|(?!(?i:{_BLOCK_WORD}))[{_BLOCK_LETTERS}][\w$@.]*(?![\w$@.])|"
        )
    # Unrolled: plain text, then any number of (word or atom, plain text). Every word and
    # atom starts with a stop, which plain text never holds: one way to read a run.
    prose = rf"[^{plain}]*{_P}"
    run = rf"{prose}(?:(?:{words}(?!{re.escape(delimiter)})(?:{atoms})){prose})*{_P}"
    return re.compile(run, _FLAGS)


_CLIENT_SEMICOLON_RUN = _run(_ATOM_STARTS, ";")
_CLIENT_HOLDER_RUN = _run(_ATOM_STARTS, ";", holder=True)
_SERVER_RUN = _run(_SERVER_ATOM_STARTS, ";")
_SERVER_HOLDER_RUN = _run(_SERVER_ATOM_STARTS, ";", holder=True)

# The statement bulk files are made of, read with one match from its first character:
# plain SQL running straight to its ";", judged as the client loop judges it, with its
# patterns: not ";" nor a backslash; no DELIMITER or client command (looked for, as there,
# only after one of _COMMAND_STARTS); no stored program: no _PROGRAM_START (looked for
# after its first letters), and no _LABELED_BLOCK, whose first word is followed by ":" (a
# comment in between stops the run; a backtick is left to the loop). Then the run, then
# its ";" (not after a "-", see _rstrip), then group 1: the whitespace and comments up to
# the next statement. Anything else (the end, an empty statement, a comment inside) leaves
# group 1 unset, for the client loop to read. All after the first character is optional:
# the pattern matches at any position, and a statement it refuses costs no backtracking.
# No group opens before the run: the engine then saves no groups at each step of it.
_FAST_STATEMENT = re.compile(
    rf"(?:(?![;\\`])"
    rf"(?!(?=[{re.escape(''.join(sorted(_COMMAND_STARTS)))}])"
    rf"(?i:DELIMITER(?=\s|\Z)|(?:{_COMMAND_NAMES}){_COMMAND_NAME_END}))"
    rf"(?!(?i:(?=[abc])(?:{_PROGRAM_START})|[\w$]+{_P}\s*{_P}:))"
    rf"{_CLIENT_SEMICOLON_RUN.pattern}(?:(?<!-);({_CLIENT_LEADING.pattern}))?)?",
    _FLAGS,
)

# What each opening quote starts, and how to fix it when it never closes.
_UNCLOSED_QUOTES = {
    "'": ("string: the ' quote", "close it; write a ' inside a string as '' or \\'"),
    '"': ('string: the " quote', 'close it; write a " inside a string as "" or \\"'),
    "`": ("identifier: the ` backtick", "close it; write a ` inside a name as ``"),
}


class Statement(NamedTuple):
    """One statement as the server receives it (or, from :func:`chunks`, one query)."""

    text: str  # without delimiter, leading/trailing whitespace and comments; \r\n as \n
    line: int  # 1-based line where ``text`` starts
    end_line: int  # 1-based line of the delimiter, or of the last character when there is none
    offset: int  # index in the input where ``text`` starts
    delimiter: str  # what ended it: the delimiter, "\\g" or "\\G", ";" between the
    # statements of one query; "" when the input ended first
    chunk: int = 0  # which query of the client it belongs to (0-based)


def split(text: str, *, keep_empty: bool = False) -> Iterator[Statement]:
    """Yield the statements the server executes for ``text``, one by one, lazily.

    Each query the client would send (see :func:`chunks`) gives one statement, or several
    when the query holds several, as it may between ``DELIMITER $$`` and ``$$``. With
    ``keep_empty``, queries holding nothing but whitespace and comments between two
    delimiters are yielded with ``text == ""`` (at the offset and line of their
    delimiter). Raises :class:`~roble_sql.errors.SplitError` for an unterminated quote or
    comment, a malformed ``DELIMITER`` line, a NUL byte and a client command roble does
    not run; the statements before the error have been yielded by then.
    """
    return _Client(text).statements(keep_empty, server=True)


def chunks(text: str, *, keep_empty: bool = False) -> Iterator[Statement]:
    """Yield what the client sends to the server for ``text``, one text per query."""
    return _Client(text).statements(keep_empty, server=False)


class _LineCounter:
    """Turns increasing offsets into line numbers, counting each newline only once."""

    __slots__ = ("_text", "line", "pos")

    def __init__(self, text: str, pos: int = 0, line: int = 1) -> None:
        self._text = text
        self.pos = pos  # where the newlines before were last counted
        self.line = line  # the line of ``pos``

    def at(self, pos: int) -> int:
        """The 1-based line of ``pos``; ``pos`` must not be before the previous call's."""
        self.line += self._text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


class _Query(NamedTuple):
    statement: Statement
    mode: str  # the delimiter in force while the client read it
    end: int  # where its text ends in the input


class _Stop(NamedTuple):
    """Where a scan stopped, where the significant text before it ended, and why."""

    pos: int
    text_end: int
    kind: str  # end | delimiter | backslash | unterminated


def _scan(
    text: str,
    pos: int,
    end: int,
    delimiter: str,
    run: re.Pattern[str],
    holder_run: re.Pattern[str] | None = None,
    bare: int = 0,
) -> _Stop:
    """Scan the statement at ``pos`` to its delimiter (or to ``end``).

    With ``holder_run`` the statement is a stored program or compound statement: ``;``
    ends it only outside BEGIN/CASE blocks (``depth``) and outside IF/LOOP/WHILE/REPEAT/
    FOR statements open at depth 0 (``bare``: a body without BEGIN, or one of MariaDB's
    compound statements outside programs). The delimiter is then ``;``.
    """
    depth = 0
    text_end = pos
    active = holder_run or run
    while True:
        stop = _end(active, text, pos, end)
        if stop > pos and (stripped := _rstrip(text, pos, stop)) > pos:
            text_end = stripped
        pos = stop
        if pos >= end:
            return _Stop(pos, text_end, "end")
        char = text[pos]
        if holder_run is not None and char == ";":
            if depth == 0 and bare == 0:
                return _Stop(pos, text_end, "delimiter")
            pos += 1
            text_end = pos
        elif holder_run is None and text.startswith(delimiter, pos):
            return _Stop(pos, text_end, "delimiter")
        elif comment := _COMMENT.match(text, pos, end):
            pos = comment.end()
        elif holder_run is not None and (keyword := _BLOCK_KEYWORD.match(text, pos, end)):
            if keyword.group("open"):
                depth += 1
            elif keyword.group("word"):
                bare += depth == 0 and _starts_statement(text, pos)
            elif keyword.group("bare"):
                bare = max(bare - (depth == 0), 0)
            else:
                depth = max(depth - 1, 0)
            pos = text_end = keyword.end()
        elif char == "\\":
            return _Stop(pos, text_end, "backslash")
        else:
            return _Stop(pos, text_end, "unterminated")


def _rstrip(text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace, and over a ``--`` that ends a statement's text
    (the server reads ``--`` at the end of a query as a comment)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and text.startswith("--", end - 2):
        return _rstrip(text, start, end - 2)
    return end


def _starts_statement(text: str, pos: int) -> bool:
    """Whether the IF/LOOP/WHILE/REPEAT/FOR at ``pos`` (outside any BEGIN) is a statement."""
    before = text[max(0, pos - 64) : pos].rstrip()
    if not before:
        return True
    if before[-1] in "(,=<>+-*/%!&|^~":
        return False  # IF(...) and REPEAT(...) are functions too
    if text[pos : pos + 3].upper() == "FOR":
        following = text[pos + 3 : pos + 40].lstrip().upper()
        if following.startswith(("EACH", "UPDATE", "SHARE", "SYSTEM_TIME", "PORTION")):
            return False  # FOR EACH ROW, SELECT ... FOR UPDATE: not a loop
    word = _WORD_BEFORE.search(before)
    return word is None or word.group(1).upper() not in _NOT_A_STATEMENT_BEFORE


def _client_text(text: str, start: int, end: int) -> str:
    """What the client sends for ``text[start:end]``: its CRLF line ends become LF."""
    body = text[start:end]
    return body.replace("\r\n", "\n") if "\r" in body else body


def _end(pattern: re.Pattern[str], text: str, pos: int, end: int | None = None) -> int:
    """Where ``pattern``, which also matches nothing, stops matching from ``pos``."""
    match = pattern.match(text, pos) if end is None else pattern.match(text, pos, end)
    assert match is not None, "the pattern matches the empty string"
    return match.end()


_new_tuple = tuple.__new__  # builds a Statement without its __new__ written in Python


class _Client:
    """One reading of a file, as the client reads it: the text, the delimiter, the lines."""

    __slots__ = ("_delimiter", "_lines", "_run", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = _LineCounter(text)
        self._delimiter = ";"
        self._run = _CLIENT_SEMICOLON_RUN

    def statements(self, keep_empty: bool, server: bool, fast: bool = True) -> Iterator[Statement]:
        """What the client sends, one text per query, or with ``server`` what the server
        executes. ``fast=False`` reads every statement the general way (the tests compare)."""
        text = self._text
        if (nul := text.find("\0")) >= 0:
            raise self._error(
                nul,
                "the file holds a NUL byte, which the client refuses to send",
                "write it as \\0 inside a string (mysqldump does), or as a hex literal",
            )
        pos = 1 if text.startswith(_BOM) else 0
        index = 0
        while True:
            if fast and self._delimiter == ";":
                pos, index = yield from self._plain_statements(pos, index)
            if (start := self._skip_leading(pos)) >= len(text):
                return
            if text[start] not in _COMMAND_STARTS:
                command = None  # the common case, decided without a regex
            elif directive := _DIRECTIVE.match(text, start):
                pos = self._apply_directive(directive)
                continue
            else:
                command = self._command(start)
            if command:
                pos, is_statement = command
                if is_statement:  # "use db" with no delimiter: its line is the statement
                    stop = _Stop(pos, _rstrip(text, start, pos), "end")
                    yield from _executed(text, self._query(start, stop, index), server)
                    index += 1
            elif text.startswith(self._delimiter, start):
                pos = start + len(self._delimiter)
                if keep_empty:
                    line = self._lines.at(start)
                    yield Statement("", line, line, start, self._delimiter, index)
                    index += 1
            else:
                stop = self._scan(start)
                pos, terminator = self._after(stop)
                if terminator != "\\c":  # \c: the client forgets what it read so far
                    yield from _executed(text, self._query(start, stop, index, terminator), server)
                    index += 1

    def _plain_statements(
        self, pos: int, index: int
    ) -> Generator[Statement, None, tuple[int, int]]:
        """The plain statements from ``pos`` on, one match each: what the loop of
        :meth:`statements` would make of them (the statement as the client sends it, which
        the server runs as it is). Returns where the first other statement starts, and its
        index. The pattern matches at any position, so finditer yields match after match."""
        text = self._text
        lines = self._lines
        pos = _end(_CLIENT_LEADING, text, pos)
        line, counted = lines.line, lines.pos
        for match in _FAST_STATEMENT.finditer(text, pos):
            if match.lastindex is None:  # not a plain statement up to its ";"
                break
            begin = pos
            semicolon, pos = match.span(1)
            semicolon -= 1
            raw = text[begin:semicolon]
            body = raw.rstrip()
            if "\r" in body:
                body = body.replace("\r\n", "\n")  # as the client sends it
            end_line = line + text.count("\n", counted, semicolon)
            line = end_line - raw.count("\n") if "\n" in raw else end_line
            # Statement(...), less a tenth of this loop's time.
            yield _new_tuple(Statement, (body, line, end_line, begin, ";", index))
            line, counted = end_line, semicolon
            index += 1
        lines.line, lines.pos = line, counted
        return pos, index

    def _skip_leading(self, pos: int) -> int:
        """Skip whitespace and comments; an unterminated ``/*`` here is an error."""
        if self._delimiter[0] in "#-/":
            pos = self._skip_leading_slowly(pos)
        else:
            pos = _end(_CLIENT_LEADING, self._text, pos)
        if self._text.startswith("/*", pos) and not _is_executable_comment(self._text, pos):
            raise self._error(pos, "unterminated /* comment: no */ closes it", "add the */")
        return pos

    def _skip_leading_slowly(self, pos: int) -> int:
        """As the client reads it when the delimiter looks like a comment (``DELIMITER #``):
        the delimiter is found before any comment."""
        text = self._text
        while True:
            pos = _end(_CLIENT_SPACES, text, pos)
            if text.startswith(self._delimiter, pos):
                return pos
            comment = _CLIENT_COMMENT.match(text, pos)
            if comment is None:
                return pos
            pos = comment.end()

    def _scan(self, start: int) -> _Stop:
        text = self._text
        if self._delimiter == ";" and _HOLDER.match(text, start):
            return _scan(text, start, len(text), ";", self._run, _CLIENT_HOLDER_RUN)
        # Most statements run straight to their delimiter: no comment, nothing to judge.
        stop = _end(self._run, text, start)
        if text.startswith(self._delimiter, stop) and not text.startswith("-", stop - 1):
            end = stop
            while text[end - 1].isspace():
                end -= 1
            return _Stop(stop, end, "delimiter")
        return _scan(text, start, len(text), self._delimiter, self._run)

    def _after(self, stop: _Stop) -> tuple[int, str]:
        """Where reading goes on after ``stop``, and what ended the statement there."""
        if stop.kind == "end":
            return stop.pos, ""
        if stop.kind == "delimiter":
            return stop.pos + len(self._delimiter), self._delimiter
        if stop.kind == "backslash":
            letter = self._text[stop.pos + 1 : stop.pos + 2]
            if letter in ("g", "G", "c"):
                return stop.pos + 2, "\\" + letter
            raise self._backslash_error(stop.pos, letter)
        raise self._unterminated(stop.pos)

    def _query(self, start: int, stop: _Stop, index: int, terminator: str = "") -> _Query:
        lines = self._lines
        line = lines.at(start)
        body = self._text[start : stop.text_end]
        if "\r" in body:
            body = body.replace("\r\n", "\n")  # as the client sends it
        end_line = lines.at(stop.pos if terminator else max(stop.text_end - 1, start))
        statement = Statement(body, line, end_line, start, terminator, index)
        return _Query(statement, self._delimiter, stop.text_end)

    def _command(self, start: int) -> tuple[int, bool] | None:
        """A client command at the start of a statement: where reading goes on and whether
        the command is a statement of its own (``use db``), or None for plain SQL."""
        text = self._text
        if text[start] == "\\":
            letter = text[start + 1 : start + 2]
            name = _BACKSLASH_NAMES.get(letter)
            if name is None:
                raise self._backslash_error(start, letter)
            args_start = start + 2
        elif (named := _NAMED_COMMAND.match(text, start)) is not None:
            name = named.group("name").lower()
            args_start = named.end()
        else:
            return None
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        cut = text.find(self._delimiter, args_start, line_end)
        args_end = line_end if cut < 0 else cut
        if name not in _PARAMETER_COMMANDS and text[args_start:args_end].strip():
            return None  # "status of ..." is not the status command: it is SQL
        if name in _REFUSED_COMMANDS:
            raise self._error(
                start,
                f"the client command '{text[start:args_end].strip()}' is not run by roble: "
                f"{_REFUSED_COMMANDS[name]}",
                _REFUSED_HINTS.get(name, "remove it from the revision"),
            )
        if name == "use" and text[start] == "\\":
            raise self._error(start, "the client command \\u is not run by roble", "write USE db;")
        if name == "use":  # SQL as well: with a delimiter on its line, read as any statement
            return None if cut >= 0 else (line_end, True)
        return (args_end + len(self._delimiter) if cut >= 0 else line_end), False

    def _apply_directive(self, directive: re.Match[str]) -> int:
        """Switch to the delimiter named by a DELIMITER line; returns where its line ends."""
        word = next(g for g in directive.group("single", "double", "back", "bare") if g is not None)
        start = directive.start()
        if not word:
            raise self._error(start, "DELIMITER needs a delimiter", "write e.g. DELIMITER $$")
        self._check_delimiter(word, start)
        self._delimiter = word
        self._run = _CLIENT_SEMICOLON_RUN if word == ";" else _run(_ATOM_STARTS, word)
        return directive.end()

    def _check_delimiter(self, word: str, pos: int) -> None:
        """Reject delimiters that would be read as a word, a quote or a comment."""
        if re.fullmatch(r"\w+", word):
            problem = "is a word, which can't be told apart from SQL"
        elif any(char in word for char in "'\"`\\"):
            problem = "contains a quote or backslash"
        elif word.startswith("/*"):
            problem = "starts like a /* comment"
        else:
            return  # "#" works as in the client: the delimiter is found before any comment
        raise self._error(pos, f"delimiter {word!r} {problem}", "use e.g. $$, // or ;;")

    def _backslash_error(self, pos: int, letter: str) -> SplitError:
        name = _BACKSLASH_NAMES.get(letter)
        if name is None:
            return self._error(
                pos,
                f"'\\{letter}' is not a command the client knows, so it stops the file here",
                "remove the backslash, or put the text inside quotes",
            )
        return self._error(
            pos,
            f"the client command '\\{letter}' ({name}) inside a statement is not run by roble",
            "put a client command on a line of its own, or remove it",
        )

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


def _executed(text: str, query: _Query, server: bool) -> Iterable[Statement]:
    """The query itself, or with ``server`` the statements the server executes for it."""
    if server and query.mode != ";" and ";" in query.statement.text:
        return _server_statements(text, query)
    return (query.statement,)  # nothing the server could read as two statements


def _server_statements(text: str, query: _Query) -> Iterator[Statement]:
    """The statements the server executes for one query of the client, in order.

    Reads the query's text again with the server's rules: ``;`` ends a statement unless it
    is inside a stored program's or a compound statement's body; ``--`` needs a space to
    start a comment; there are no client commands.
    """
    whole = query.statement
    start, end = whole.offset, query.end
    lines = _LineCounter(text, start, whole.line)
    while (start := _end(_SERVER_LEADING, text, start, end)) < end:
        if text[start] == ";":
            start += 1
            continue
        stop = _server_scan(text, start, end)
        line = lines.at(start)
        body = _client_text(text, start, stop.text_end)
        if stop.pos >= end:
            yield Statement(body, line, whole.end_line, start, whole.delimiter, whole.chunk)
            return
        yield Statement(body, line, lines.at(stop.pos), start, ";", whole.chunk)
        start = stop.pos + 1


def _server_scan(text: str, start: int, end: int) -> _Stop:
    """The server statement at ``start``: up to its ``;`` (or ``end``)."""
    holder = _SERVER_HOLDER.match(text, start, end)
    if holder is None:
        return _scan(text, start, end, ";", _SERVER_RUN)
    if holder.group("compound"):  # a top-level IF ... END IF: its own END closes it
        return _scan(text, holder.end(), end, ";", _SERVER_RUN, _SERVER_HOLDER_RUN, bare=1)
    return _scan(text, start, end, ";", _SERVER_RUN, _SERVER_HOLDER_RUN)


def _is_executable_comment(text: str, pos: int) -> bool:
    """Whether the ``/*`` at ``pos`` opens ``/*!``, ``/*M!`` or ``/*+`` (SQL, not a comment)."""
    return text.startswith(("/*!", "/*M!", "/*+"), pos)
