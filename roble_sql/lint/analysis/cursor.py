"""A cursor over a statement's tokens: the reading primitives the shape readers share."""

from __future__ import annotations

from collections.abc import Sequence

from roble_sql.lint.analysis.shapes import (
    Name,
)
from roble_sql.lint.sql import Tok


class Cursor:
    __slots__ = ("i", "t")

    def __init__(self, tokens: Sequence[Tok], start: int = 0) -> None:
        self.t = tokens
        self.i = start

    def peek(self, ahead: int = 0) -> Tok | None:
        index = self.i + ahead
        return self.t[index] if index < len(self.t) else None

    def word(self, ahead: int = 0) -> str:
        tok = self.peek(ahead)
        return tok.up if tok is not None and tok.kind == "w" else ""

    def at(self, *words: str) -> bool:
        return all(self.word(k) == word for k, word in enumerate(words))

    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.i += len(words)
            return True
        return False

    def accept_any(self, *words: str) -> str | None:
        word = self.word()
        if word in words:
            self.i += 1
            return word
        return None

    def symbol(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.kind == "p" and tok.text == text:
            self.i += 1
            return True
        return False

    def name(self) -> Name | None:
        tok = self.peek()
        if tok is None or not tok.is_name:
            return None
        self.i += 1
        after = self.peek()
        if after is not None and after.text == "." and after.kind == "p":
            inner = self.peek(1)
            if inner is not None and inner.is_name:
                self.i += 2
                return Name(inner.text, tok.text)
        return Name(tok.text)

    def option_value(self) -> str:
        """`[=] value` of a table option (ENGINE = InnoDB, CHARSET utf8mb4)."""
        self.symbol("=")
        tok = self.peek()
        if tok is None:
            return ""
        self.i += 1
        return tok.text

    def skip_definer(self) -> None:
        """`DEFINER = user`: a name, string or CURRENT_USER[()], then an optional @host."""
        self.symbol("=")
        self.i += 1
        if self.symbol("("):
            self.symbol(")")
        tok = self.peek()
        if tok is not None and tok.kind == "v":
            self.i += 2 if tok.text == "@" else 1

    def rest(self) -> list[Tok]:
        return list(self.t[self.i :])
