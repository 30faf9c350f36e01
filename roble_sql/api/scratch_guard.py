"""The scratch tools' guard: what they run never reaches outside their scratch database.

``check``, ``diff``, ``new --autogenerate`` (and ``adopt``) run revisions, post-apply
hooks and schema files on a scratch database of their own. A statement that names
another database (``INSERT INTO live.colors``), switches to one (``USE``), creates or
drops one, or runs SQL that can't be read beforehand (``PREPARE s FROM @sql``) would
change that database instead, while its status still says pending. Every statement of
every file a tool will run is read before the tool runs anything, with lint's reading
of statements (:func:`roble_sql.lint.analysis.analyse`, RB504's names), and the first
such statement is refused (:func:`refuse_escapes`). Pure: the files and the names of the
server's databases come in, an :class:`Escape` or an error goes out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import NamedTuple

from roble_sql.errors import RevisionFileError, SplitError
from roble_sql.folder import SqlFile
from roble_sql.lint.analysis import Name, Stmt, analyse
from roble_sql.lint.rules.rb504_qualified_names import (  # RB504 reads table positions
    SYSTEM_SCHEMAS,
    names_after_from_join,
    shape_names,
)
from roble_sql.lint.sql import Tok, join_words, tokenize
from roble_sql.splitter import split

NAME_HINT = (
    "remove the database prefix: check, diff and new --autogenerate run revisions in a "
    "scratch database of their own and never let them reach another database"
)
DATABASE_HINT = (
    "create, drop and choose databases outside the revisions: check, diff and new "
    "--autogenerate run revisions in a scratch database of their own"
)
DYNAMIC_HINT = (
    "write the statement out (or PREPARE it from a string literal): check, diff and new "
    "--autogenerate read every statement before running any, and can't read SQL built "
    "while it runs"
)

# Words after which a dotted name is a table, view or program: `db.t`, never `t.column`.
_TARGET_WORDS = frozenset(
    {
        "CALL",
        "DELETE",
        "EVENT",
        "FOR",  # NEXT VALUE FOR db.sequence
        "FUNCTION",
        "HANDLER",
        "INSERT",
        "INTO",
        "PROCEDURE",
        "REFERENCES",
        "REPLACE",
        "SEQUENCE",
        "TABLE",
        "TABLES",
        "TO",
        "TRIGGER",
        "TRUNCATE",
        "UPDATE",
        "VIEW",
    }
)
_SEQUENCE_CALLS = frozenset({"NEXTVAL", "SETVAL", "LASTVAL"})
# Between a target word and its name: DROP TABLE IF EXISTS db.t, UPDATE LOW_PRIORITY db.t.
_MODIFIERS = frozenset(
    {
        "IF",
        "NOT",
        "EXISTS",
        "LOW_PRIORITY",
        "DELAYED",
        "HIGH_PRIORITY",
        "IGNORE",
        "QUICK",
        "ONLY",
        "CONCURRENT",
        "LOCAL",
    }
)
# ON DUPLICATE KEY UPDATE t.c = ..., ON UPDATE CASCADE, FOR UPDATE: no table follows.
_NOT_BEFORE_UPDATE = ("KEY", "ON", "FOR")
_PRIVILEGE_OBJECTS = ("TABLE", "FUNCTION", "PROCEDURE", "PACKAGE", "BODY")
_ROW_QUALIFIERS = frozenset({"new", "old"})  # NEW.col and OLD.col in a trigger body
# ALTER DATABASE followed by one of these changes the current (the scratch) database.
_DATABASE_OPTIONS = ("DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "COMMENT", "READ")

# Only the head of a big INSERT (or of any statement over 256 KB) is tokenized by lint. A
# dotted name or one of these words in the rest, outside strings and comments (read as
# lint reads them), means the rest must be read too; plain data never has them.
_REST_NEEDS_READING = re.compile(
    r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*(?:'|\Z)|\"[^\"\\]*(?:(?:\\.|\"\")[^\"\\]*)*(?:\"|\Z)"
    r"|/\*(?![!+]|M!)[^*]*(?:\*+[^*/][^*]*)*(?:\*+/|\Z)|(?:\#|--(?=\s))[^\n]*"
    r"|(?P<hit>(?:`|\b[A-Za-z_$][\w$]*)\s*\.\s*[`A-Za-z_$*]"
    r"|\b(?:PREPARE|EXECUTE|DATABASE|SCHEMA|USE)\b)",
    re.IGNORECASE | re.DOTALL,
)


_OPENING_WIDTH = 60  # characters of the statement shown in the message


class Escape(NamedTuple):
    """A statement that would leave the scratch database."""

    line: int
    opening: str  # the statement's first words
    problem: str  # what it does: "names the database live (live.colors)"
    hint: str = NAME_HINT


class _Chain(NamedTuple):
    """A dotted name in the token list: `db.t`, `t.col`, `db.t.col`, `t.*`, `*.*`."""

    start: int  # index of its first token
    end: int  # index after its last token
    parts: tuple[str, ...]
    line: int

    def __str__(self) -> str:
        return ".".join(self.parts)


def refuse_escapes(
    files: Iterable[tuple[SqlFile, str]], *, databases: Collection[str] = ()
) -> None:
    """Refuse the first statement of ``files`` (path, what it is: "revision", "schema
    file"...) that would reach outside the scratch database, naming its file and line.

    Refused (a :class:`RevisionFileError`: bad input in a file, exit 1, like the other
    refusals of a revision's contents before it runs):

    - a database-qualified name anywhere, stored program bodies included: `live.colors`
      after FROM/JOIN/INTO/UPDATE/TABLE/CALL/TO/REFERENCES..., a call `live.f()`, a
      three-part `live.t.c`, a `db.x` named in a GRANT; and, in any other place, `q.x`
      whose `q` is one of ``databases`` (the configured database's name, whatever the
      server holds) or is no table, alias or row (NEW, OLD) of the statement. No
      qualifier is trusted, the configured database's own name included: a revision
      can't know the scratch database's name, so any qualifier points elsewhere;
    - USE; CREATE, DROP and ALTER of a named DATABASE/SCHEMA (`ALTER DATABASE` with no
      name changes the scratch database's own defaults and is allowed);
    - SQL built while it runs: EXECUTE IMMEDIATE, PREPARE ... FROM anything but a string
      literal (a literal is read like any statement).

    Allowed, as provably harmless: reading the system schemas information_schema,
    performance_schema, mysql and sys (a table in FROM/JOIN or a column of one). Writing
    to them, calling their routines or granting on them is refused like any database.
    A file that can't be split is left to the runner, which refuses it before running
    any of it.
    """
    for file, kind in files:
        escape = first_escape(file.text, databases=databases)
        if escape is not None:
            raise RevisionFileError(
                f"the {kind} changes or names databases: '{escape.opening}' {escape.problem}",
                where=f"{file.path}:{escape.line}",
                hint=escape.hint,
            )


def first_escape(
    text: str, *, databases: Collection[str] = (), first_line: int = 1
) -> Escape | None:
    """The first statement of ``text`` that would leave the scratch database, if any."""
    known = frozenset(name.lower() for name in databases)
    try:
        for index, statement in enumerate(split(text)):
            if first_line != 1:
                statement = statement._replace(line=statement.line + first_line - 1)
            escape = _statement_escape(analyse(statement, index), known)
            if escape is not None:
                return escape
    except SplitError:
        return None
    return None


def _statement_escape(stmt: Stmt, databases: frozenset[str]) -> Escape | None:
    tokens = _all_tokens(stmt)
    opening = _opening(tokens)
    if stmt.verb == "USE":
        target = tokens[1].text if len(tokens) > 1 else "?"
        return Escape(stmt.line, opening, f"switches to the database {target}", DATABASE_HINT)
    found = _database_statement(tokens) or _dynamic_sql(tokens, databases)
    if found is not None:
        return found._replace(opening=opening)
    return _named_database(stmt, tokens, opening, databases)


def _all_tokens(stmt: Stmt) -> list[Tok]:
    """The statement's tokens, all of them: lint's head, and the rest when it may matter."""
    if not stmt.truncated:
        return stmt.tokens
    for match in _REST_NEEDS_READING.finditer(stmt.text):
        if match.lastgroup == "hit" and match.end() > stmt.head_end:
            return tokenize(stmt.text, stmt.line)
    return stmt.tokens


def _opening(tokens: list[Tok]) -> str:
    """The first few words, for the message: `INSERT INTO live.colors ...`."""
    starts = {chain.start: chain.end for chain in _chains(tokens[:12])}
    words = end = 0
    while end < len(tokens) and words < 4 and not tokens[end].is_("(", ";"):
        end = starts.get(end, end + 1)
        words += 1
    shown = join_words(tokens[:end])
    if len(shown) > _OPENING_WIDTH:
        return shown[: _OPENING_WIDTH - 3] + "..."
    return shown if end == len(tokens) else f"{shown} ..."


def _database_statement(tokens: list[Tok]) -> Escape | None:
    """CREATE/DROP/ALTER DATABASE or SCHEMA, in the statement or a stored program's body."""
    verbs = {"CREATE": "creates", "DROP": "drops", "ALTER": "changes"}
    for index, tok in enumerate(tokens):
        if not tok.is_(*verbs) or (index and tokens[index - 1].is_("SHOW")):
            continue
        at = index + 1
        if _words(tokens, at, "OR", "REPLACE"):
            at += 2
        if at >= len(tokens) or not tokens[at].is_("DATABASE", "SCHEMA"):
            continue
        at += 1
        while at < len(tokens) and tokens[at].is_("IF", "NOT", "EXISTS"):
            at += 1
        named = at < len(tokens) and tokens[at].is_name and not tokens[at].is_(*_DATABASE_OPTIONS)
        if tok.up == "ALTER" and not named:
            continue  # the scratch database's own defaults
        target = tokens[at].text if named else "?"
        return Escape(tok.line, "", f"{verbs[tok.up]} the database {target}", DATABASE_HINT)
    return None


def _dynamic_sql(tokens: list[Tok], databases: frozenset[str]) -> Escape | None:
    """EXECUTE IMMEDIATE and PREPARE ... FROM: a string literal is read as SQL, anything
    else (a variable, an expression) can't be read before it runs."""
    for index, tok in enumerate(tokens):
        if tok.is_("EXECUTE") and _words(tokens, index + 1, "IMMEDIATE"):
            source = index + 2
        elif (
            tok.is_("PREPARE")
            and index + 2 < len(tokens)
            and tokens[index + 1].is_name
            and tokens[index + 2].is_("FROM")
        ):
            source = index + 3
        else:
            continue
        literal = tokens[source] if source < len(tokens) else None
        after = tokens[source + 1] if source + 1 < len(tokens) else None
        if literal is None or literal.kind != "s" or not (after is None or after.is_(";", "USING")):
            return Escape(tok.line, "", "runs SQL built while it runs", DYNAMIC_HINT)
        inner = first_escape(literal.text, databases=databases, first_line=literal.line)
        if inner is not None:
            return inner._replace(problem=f"{inner.problem}, in the SQL it runs")
    return None


def _named_database(
    stmt: Stmt, tokens: list[Tok], opening: str, databases: frozenset[str]
) -> Escape | None:
    """A name qualified by another database: certain ones first, then the doubtful."""
    chains = _chains(tokens)
    for name in _shape_names(stmt):
        line = next((c.line for c in chains if c.parts == (name.schema, name.name)), stmt.line)
        return Escape(line, opening, f"names the database {name.schema} ({name})")
    targets, grants = _target_starts(tokens)
    reads = {(n.schema.lower(), n.name.lower()) for n in names_after_from_join(tokens) if n.schema}
    plain = {
        tok.text.lower()
        for index, tok in enumerate(tokens)
        if tok.is_name and not _is_dot(tokens, index + 1)
    }
    doubtful: _Chain | None = None
    for chain in chains:
        qualifier = chain.parts[0].lower()
        called = chain.end < len(tokens) and tokens[chain.end].is_("(")
        target = chain.start in grants or (chain.start in targets and chain.parts[-1] != "*")
        if qualifier in SYSTEM_SCHEMAS:
            if target or called:
                problem = f"names the system database {chain.parts[0]} other than to read it"
                return Escape(chain.line, opening, f"{problem} ({chain})")
            continue  # reading a system schema
        pair = tuple(part.lower() for part in chain.parts)
        if (
            target
            or called
            or len(chain.parts) > 2
            or pair in reads
            or qualifier in databases
            or chain.parts[0] == "*"
        ):
            what = "every database" if chain.parts[0] == "*" else f"the database {chain.parts[0]}"
            return Escape(chain.line, opening, f"names {what} ({chain})")
        if doubtful is None and qualifier not in plain and qualifier not in _ROW_QUALIFIERS:
            doubtful = chain
    if doubtful is not None:
        return Escape(
            doubtful.line,
            opening,
            f"names {doubtful}, and {doubtful.parts[0]} is no table or alias of the "
            "statement: another database?",
        )
    return None


def _shape_names(stmt: Stmt) -> Iterator[Name]:
    """Qualified names in the table positions lint reads from the statement's shape (RB504:
    CREATE/ALTER/DROP/RENAME/TRUNCATE targets, LIKE, REFERENCES, a trigger's table, the
    table of INSERT/UPDATE/DELETE); FROM/JOIN reads are looked at apart, with the tokens."""
    return (name for name in shape_names(stmt.shape) if name.schema is not None)


def _chains(tokens: list[Tok]) -> list[_Chain]:
    chains = []
    index = 0
    while index < len(tokens):
        end = index + 1
        while _is_part(tokens, index) and _is_dot(tokens, end) and _is_part(tokens, end + 1):
            end += 2
        if end > index + 1:
            parts = tuple(tokens[at].text for at in range(index, end, 2))
            chains.append(_Chain(index, end, parts, tokens[index].line))
        index = end
    return chains


def _target_starts(tokens: list[Tok]) -> tuple[set[int], set[int]]:
    """Where a table or program name starts: after the target words, and after the ON
    of a GRANT or REVOKE (where `db.*` names a database's tables)."""
    targets: set[int] = set()
    grants: set[int] = set()
    for index, tok in enumerate(tokens):
        if tok.kind != "w":
            continue
        if tok.up in _TARGET_WORDS:
            if tok.up == "UPDATE" and index and tokens[index - 1].is_(*_NOT_BEFORE_UPDATE):
                continue
            targets.add(_skip(tokens, index + 1, _MODIFIERS))
        elif tok.up in _SEQUENCE_CALLS and index + 1 < len(tokens) and tokens[index + 1].is_("("):
            targets.add(index + 2)
        elif tok.up in ("GRANT", "REVOKE"):
            at = index + 1
            while at < len(tokens) and not tokens[at].is_("ON", ";"):
                at += 1
            if at < len(tokens) and tokens[at].is_("ON"):
                grants.add(_skip(tokens, at + 1, _PRIVILEGE_OBJECTS))
    return targets, grants


def _skip(tokens: list[Tok], at: int, words: Collection[str]) -> int:
    while at < len(tokens) and tokens[at].kind == "w" and tokens[at].up in words:
        at += 1
    return at


def _words(tokens: list[Tok], at: int, *words: str) -> bool:
    return all(at + k < len(tokens) and tokens[at + k].is_(word) for k, word in enumerate(words))


def _is_dot(tokens: list[Tok], at: int) -> bool:
    return at < len(tokens) and tokens[at].kind == "p" and tokens[at].text == "."


def _is_part(tokens: list[Tok], at: int) -> bool:
    """A part of a dotted name: a name, or the `*` of `t.*` and `*.*`."""
    return at < len(tokens) and (
        tokens[at].is_name or (tokens[at].kind == "p" and tokens[at].text == "*")
    )
