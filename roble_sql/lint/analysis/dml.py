"""Reading INSERT, UPDATE, DELETE and SET statements into shapes."""

from __future__ import annotations

from roble_sql.lint.analysis.cursor import Cursor
from roble_sql.lint.analysis.shapes import (
    Assignment,
    Dml,
    Name,
    SetVariables,
)
from roble_sql.lint.sql import Tok, split_top, top_level

_DML_MODIFIERS = ("LOW_PRIORITY", "HIGH_PRIORITY", "DELAYED", "QUICK", "IGNORE")


def read_dml(verb: str, tokens: list[Tok]) -> Dml:
    cursor = Cursor(tokens, 1)
    while cursor.accept_any(*_DML_MODIFIERS):
        pass
    if verb in ("INSERT", "REPLACE"):  # first: a data migration has thousands of them
        cursor.accept("INTO")
        return Dml(verb, cursor.name())
    words = {tok.up: index for index, tok in top_level(tokens) if tok.kind == "w"}
    where, limit, order = "WHERE" in words, "LIMIT" in words, "ORDER" in words
    multi_table = "JOIN" in words or "USING" in words or "STRAIGHT_JOIN" in words
    if verb == "DELETE":
        if not cursor.accept("FROM"):
            multi_table = True  # DELETE t1, t2 FROM ...
        table = cursor.name()
        if cursor.symbol(","):
            multi_table = True
        return Dml(verb, table, multi_table, where, limit, order)
    table = cursor.name()
    top = list(top_level(tokens))
    before_set = [tok for index, tok in top if index < words.get("SET", len(tokens))]
    if any(tok.text == "," and tok.kind == "p" for tok in before_set):
        multi_table = True
    columns = _assigned_columns(tokens[words["SET"] + 1 :]) if "SET" in words else []
    return Dml(verb, table, multi_table, where, limit, order, columns)


def _assigned_columns(tokens: list[Tok]) -> list[Name]:
    ends = {"WHERE", "ORDER", "LIMIT"}
    columns = []
    for part in split_top(tokens):
        if part[0].is_(*ends):
            break
        cursor = Cursor(part)
        name = cursor.name()
        if name is not None:
            columns.append(name)
        if any(tok.is_(*ends) for tok in part):
            break
    return columns


_SCOPES = {
    "GLOBAL": "global",
    "PERSIST": "persist",
    "PERSIST_ONLY": "persist",
    "SESSION": "session",
    "LOCAL": "session",
}
_SPECIAL_SET = {"NAMES", "CHARACTER", "CHARSET", "TRANSACTION", "STATEMENT", "PASSWORD", "ROLE"}


def read_set(tokens: list[Tok]) -> SetVariables:
    body = tokens[1:]
    special = body and body[0].kind == "w" and body[0].up in _SPECIAL_SET | {"DEFAULT"}
    if special and not (len(body) > 1 and body[1].text in ("=", ":=")):
        return SetVariables([], body[0].up)
    assignments = []
    for part in split_top(body):
        scope = "session"
        cursor = Cursor(part)
        if (word := cursor.accept_any(*_SCOPES)) is not None:
            scope = _SCOPES[word]
        tok = cursor.peek()
        if tok is None:
            continue
        cursor.i += 1
        if tok.kind == "v":
            scope, name = _variable(tok.text, scope)
        elif tok.is_name:
            name = tok.text.lower()
        else:
            continue
        if not (cursor.symbol("=") or cursor.symbol(":=")):
            continue
        value = " ".join(t.up or t.text.upper() for t in cursor.rest())
        assignments.append(Assignment(scope, name, value, tok.line))
    return SetVariables(assignments)


def _variable(text: str, scope: str) -> tuple[str, str]:
    """`@@global.x` -> (global, x); `@@x` -> (session, x); `@x` -> (user, x)."""
    if not text.startswith("@@"):
        return "user", text[1:].lower()
    name = text[2:].lower()
    prefix, _, rest = name.partition(".")
    if rest and prefix in ("global", "session", "local", "persist", "persist_only"):
        return _SCOPES[prefix.upper()], rest
    return scope, name
