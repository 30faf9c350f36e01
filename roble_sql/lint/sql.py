"""Statement text into a flat token list, read the way MySQL reads it. Pure and cheap.

sqlparse's lexer gives the token stream (no grouping: `sqlparse.parse` is slow and stops
at 10,000 tokens), set up for MySQL (:func:`_mysql_lexer`). sqlparse was written for many
dialects, so three MySQL facts are settled first by :func:`scrub`, which keeps every
newline so token lines stay exact:

- `'...'` and `"..."` are strings with backslash escapes: each becomes a placeholder
  whose decoded value is kept aside (sqlparse would end `'C:\\\\'` at the wrong quote);
- `#` and `-- ` (with whitespace after) start comments, `/* */` too: they become spaces
  (`--x` is *not* a comment to MySQL, and stays);
- `/*!40101 ... */` and `/*M!100100 ... */` are SQL the server runs: their markers go.

Only the head of a statement is analysed: up to `VALUES` for INSERT/REPLACE and at most
:data:`MAX_ANALYSED` characters otherwise, so lint cost does not grow with data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from sqlparse import keywords
from sqlparse import tokens as T
from sqlparse.lexer import Lexer

MAX_ANALYSED = 256 * 1024  # characters of one statement that are tokenized
_INSERT_HEAD_SEARCH = 64 * 1024  # where to look for the VALUES that ends an INSERT's head

# No possessive quantifiers (Python 3.11.2 runs them wrongly): each loop is "unrolled",
# its parts starting with different characters, so a failing match never backtracks far.
_COMMENT_REST = r"[^*]*(?:\*+[^*/][^*]*)*(?:\*+/|\*+\Z|\Z)"  # after "/*": to "*/" or the end
_SCRUB = re.compile(
    r"(?P<str>'[^'\\]*(?:(?:\\.|'')[^'\\]*)*(?:'|\Z)|\"[^\"\\]*(?:(?:\\.|\"\")[^\"\\]*)*(?:\"|\Z))"
    r"|(?P<name>`[^`]*(?:``[^`]*)*(?:`|\Z))"
    # A version no server has (mariadb-dump's /*M!999999\- enable the sandbox mode */) is a
    # comment to every server.
    rf"|(?P<never>/\*M?!999999{_COMMENT_REST})"
    r"|(?P<open>/\*M?!\d*)"
    r"|(?P<close>\*/)"
    rf"|(?P<comment>/\*{_COMMENT_REST}|(?:\#|--(?=\s|\Z))[^\n]*)",
    re.DOTALL,
)
_NEEDS_SCRUB = re.compile(r"['\"#]|--|/\*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "Z": "\x1a"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_PLACEHOLDER = re.compile(r"'(\d+)'")
_WORDS = re.compile(r"[A-Za-z_][\w$]*(?:\s+[A-Za-z_][\w$]*)*")  # NOT LIKE, an operator

# Text MySQL reads as ordinary SQL, strings and comments, never stopping inside a string or a
# comment: matching it up to `endpos` tells whether `endpos` is outside both.
_OUTSIDE = re.compile(
    r"(?:[^'\"`/#-]+|'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'|\"[^\"\\]*(?:(?:\\.|\"\")[^\"\\]*)*\""
    r"|`[^`]*(?:``[^`]*)*`|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|(?:\#|--(?=\s))[^\n]*|/(?!\*)|-)*",
    re.DOTALL,
)
_INSERT_HEAD_END = re.compile(
    r"(?<![`.])\b(?:VALUES?\b\s*(?:\(|ROW\b)|SELECT\b|SET\b)(?!`)", re.IGNORECASE
)
# The head of a plain data statement, `INSERT|REPLACE [IGNORE|...] [INTO] [db.]t [(a, b)]
# VALUES (`, in one match (ASCII rules: several times faster; other text is read the slow
# way). It ends at a place where `_INSERT_HEAD_END` matches, before the `(` of the first
# row, so everything :func:`head` and the analysis make of the statement follows from
# this text alone: data migrations repeat it by the thousand.
_NAME = r"(?:[\w$]+|`[^`]*(?:``[^`]*)*`)"
_DATA_HEAD = re.compile(
    r"(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?"
    rf"{_NAME}(?:\.{_NAME})?\s*(?:\([^()]*\)\s*)?(?<=[\s)])(?P<values>VALUES?)\s*\((?!`)",
    re.IGNORECASE | re.ASCII,
)
_DATA_HEAD_MAX = 4096  # longer heads are read in full: too rare to share


class Tok(NamedTuple):
    """One token. `kind`: w word, q `quoted` name, s string, n number, v @variable, p symbol."""

    kind: str
    text: str  # words as written; names unquoted; strings decoded; symbols as written
    up: str  # upper-case text for words and symbols, "" for names, strings and numbers
    line: int  # 1-based line in the file

    def is_(self, *words: str) -> bool:
        """Whether this is an unquoted word (or symbol) among `words` (upper case)."""
        return self.up in words and self.kind in "wp"

    @property
    def is_name(self) -> bool:
        return self.kind in "wq"


def is_outside(text: str, pos: int, start: int = 0) -> bool:
    """Whether `pos` in `text` is outside strings, quoted names and comments."""
    outside = _OUTSIDE.match(text, start, pos)
    return outside is not None and outside.end() == pos


def head(text: str, verb: str) -> tuple[str, bool]:
    """The part of a statement worth analysing, and whether the rest was left out."""
    if verb in ("INSERT", "REPLACE"):
        match = _INSERT_HEAD_END.search(text, 0, _INSERT_HEAD_SEARCH)
        if match and match.group().upper().startswith("VALUE"):
            return text[: match.start()] + "VALUES", match.start() + 6 < len(text)
        if match is None and len(text) > _INSERT_HEAD_SEARCH:
            return text[:_INSERT_HEAD_SEARCH], True
    if len(text) > MAX_ANALYSED:
        return text[:MAX_ANALYSED], True
    return text, False


def data_head(text: str) -> str | None:
    """The head of a plain data statement through `VALUES (`; None for any other text.

    The tokens and shape of such a statement depend on this text only (and on the line it
    starts on), so statements with the same one can share them."""
    match = _DATA_HEAD.match(text)
    if match is None or match.end() > _DATA_HEAD_MAX:
        return None
    return match.group()


def data_head_values(data_head: str) -> int:
    """Where the VALUES of a :func:`data_head` starts."""
    match = _DATA_HEAD.match(data_head)
    return match.start("values") if match is not None else -1


def scrub(text: str) -> tuple[str, list[str]]:
    """`text` with comments blanked and strings replaced by `'<n>'`; and the strings."""
    strings: list[str] = []
    executable = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal executable
        kind = match.lastgroup
        value = match.group()
        if kind == "name":
            return value
        newlines = "\n" * value.count("\n")
        if kind == "str":
            strings.append(_decode_string(value))
            return f"'{len(strings) - 1}'{newlines}"
        if kind == "open":
            executable += 1
            return " "
        if kind == "close":
            if executable:
                executable -= 1
                return " "
            return value
        return " " + newlines  # a comment (or a versioned one no server runs)

    if _NEEDS_SCRUB.search(text):
        text = _SCRUB.sub(replace, text)
    return _SPACES.sub(" ", text), strings


def _decode_string(literal: str) -> str:
    quote = literal[0]
    inner = literal[1:-1] if len(literal) > 1 and literal.endswith(quote) else literal[1:]
    inner = inner.replace(quote * 2, quote)
    if "\\" in inner:
        inner = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), inner)
    return inner


def _mysql_lexer() -> Lexer:
    """A sqlparse lexer for MySQL text that :func:`scrub` has cleaned (its own instance: the
    shared default lexer stays untouched). sqlparse's rules, behind a few first rules for the
    forms scrubbed text is made of (lone spaces and newlines, plain words, placeholders), so
    most tokens match on the first tries; keywords from sqlparse's common and MySQL lists."""
    lexer = Lexer()
    lexer.clear()
    lexer.set_SQL_REGEX(
        [
            (r"\n", T.Newline),
            (r" ", T.Whitespace),
            (r"[A-Za-z_][\w$]*", keywords.PROCESS_AS_KEYWORD),
            (r"'\d+'", T.String.Single),
            (r"[(),;]", T.Punctuation),
            *keywords.SQL_REGEX,
        ]
    )
    for table in (keywords.KEYWORDS_COMMON, keywords.KEYWORDS_MYSQL, keywords.KEYWORDS):
        lexer.add_keywords(table)
    return lexer


_LEXER = _mysql_lexer()


def tokenize(text: str, first_line: int = 1) -> list[Tok]:
    """The tokens of statement `text` (already cut to its head), with file line numbers."""
    return shifted(head_tokens(text), first_line)


def shifted(tokens: Sequence[Tok], first_line: int) -> list[Tok]:
    """`tokens` of a text whose lines are counted from 1, for that text at `first_line`."""
    if first_line == 1:
        return list(tokens)
    shift = first_line - 1
    return [Tok(t.kind, t.text, t.up, t.line + shift) for t in tokens]


@functools.lru_cache(maxsize=1024)
def head_tokens(text: str) -> tuple[Tok, ...]:
    """Tokens with lines counted from 1; cached, since data migrations repeat their heads."""
    clean, strings = scrub(text)
    out: list[Tok] = []
    line = 1
    for ttype, value in _LEXER.get_tokens(clean):
        category = _CATEGORY.get(ttype) or _categorize(ttype)
        if category == "space":
            if value == "\n":
                line += 1
            elif "\n" in value:
                line += value.count("\n")
            continue
        if category == "string" and (placeholder := _PLACEHOLDER.fullmatch(value)):
            out.append(Tok("s", strings[int(placeholder.group(1))], "", line))
        elif category == "comment":  # only "--x", which MySQL does not read as a comment
            out.append(Tok("p", "--", "--", line))
            rest = value[2:].strip()
            if rest:
                out.append(Tok("w", rest, rest.upper(), line))
        elif category == "number":
            out.append(Tok("n", value, "", line))
        elif value.startswith("`"):
            out.append(Tok("q", value[1:-1].replace("``", "`"), "", line))
        elif value.startswith("@"):
            out.append(Tok("v", value, "", line))
        elif category == "word" or _WORDS.fullmatch(value):
            if out and out[-1].text in ("@", "@@"):  # "@@" then "sql_mode": one variable
                out[-1] = Tok("v", out[-1].text + value, "", out[-1].line)
            else:
                out.extend(Tok("w", word, word.upper(), line) for word in value.split())
        else:
            out.append(Tok("p", value, value.upper(), line))
        line += value.count("\n")
    return tuple(_join_variable_parts(out))


_CATEGORY: dict[object, str] = {}


def _categorize(ttype: object) -> str:
    """What a sqlparse token type is to lint (cached: `in` on token types is slow)."""
    for category, parent in (
        ("space", T.Whitespace),
        ("string", T.Literal.String.Single),
        ("comment", T.Comment),
        ("number", T.Number),
        ("word", T.Keyword),
        ("word", T.Name),
    ):
        if ttype in parent:
            _CATEGORY[ttype] = category
            return category
    _CATEGORY[ttype] = "other"
    return "other"


def _join_variable_parts(tokens: list[Tok]) -> list[Tok]:
    """`@@session` `.` `sql_mode` into one variable token `@@session.sql_mode`."""
    if not any(t.kind == "v" and t.text.startswith("@@") for t in tokens):
        return tokens
    out: list[Tok] = []
    index = 0
    while index < len(tokens):
        tok = tokens[index]
        if (
            tok.kind == "v"
            and tok.text.startswith("@@")
            and index + 2 < len(tokens)
            and tokens[index + 1].text == "."
            and tokens[index + 2].kind in "wq"
        ):
            out.append(Tok("v", f"{tok.text}.{tokens[index + 2].text}", "", tok.line))
            index += 3
            continue
        out.append(tok)
        index += 1
    return out


# --- walking a token list ------------------------------------------------------------------


def matching_paren(tokens: Sequence[Tok], index: int) -> int:
    """The index of the `)` closing the `(` at `index` (or the last index)."""
    depth = 0
    for position in range(index, len(tokens)):
        text = tokens[position].text
        if tokens[position].kind != "p":
            continue
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return position
    return len(tokens) - 1


def top_level(tokens: Sequence[Tok]) -> Iterator[tuple[int, Tok]]:
    """`(index, token)` for tokens outside any parentheses."""
    depth = 0
    for index, tok in enumerate(tokens):
        if tok.kind == "p":
            if tok.text == "(":
                depth += 1
                continue
            if tok.text == ")":
                depth = max(depth - 1, 0)
                continue
        if depth == 0:
            yield index, tok


def split_top(tokens: Sequence[Tok], separator: str = ",") -> list[list[Tok]]:
    """`tokens` cut at `separator` outside parentheses (empty parts dropped)."""
    parts: list[list[Tok]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.kind == "p":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth = max(depth - 1, 0)
            elif tok.text == separator and depth == 0:
                parts.append([])
                continue
        parts[-1].append(tok)
    return [part for part in parts if part]


def top_words(tokens: Sequence[Tok]) -> set[str]:
    """The unquoted words outside parentheses, upper case."""
    return {tok.up for _, tok in top_level(tokens) if tok.kind == "w"}


def join_words(tokens: Sequence[Tok]) -> str:
    """A compact rendering of tokens, for messages: `VARCHAR(50)`, `ENUM('a', 'b')`."""
    text = ""
    previous = ""
    for tok in tokens:
        if tok.kind == "s":
            piece = "'" + tok.text.replace("'", "''") + "'"
        elif tok.kind == "q":
            piece = f"`{tok.text}`"
        else:
            piece = tok.text
        if text and piece not in ("(", ")", ",", ".") and previous not in ("(", "."):
            text += " "
        text += piece
        previous = piece
    return text
