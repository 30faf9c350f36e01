"""Fleet targets: the databases one run migrates, from a file, a catalog query or a glob.

A target is written as a full database URL (``mysql://user@host:port/db``), as
``host[:port]/database`` or as a bare database name. The short forms take the user,
password and options of the configured database (``--database``, ``DATABASE_URL``,
yoyo.ini), so a list file never has to hold a password. A full URL without a password
takes it from the same places as a single database: ``ROBLE_DB_PASSWORD``, then
``~/.my.cnf``, then the configured database's password when the user is the same.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roble_sql.config import Settings
from roble_sql.dsn import DatabaseURL, redact
from roble_sql.errors import ConfigError, RobleError, UsageError

# Databases that are never migration targets, whatever the glob says.
SYSTEM_DATABASES = frozenset({"information_schema", "performance_schema", "mysql", "sys"})


@dataclass(frozen=True)
class FleetTarget:
    """One database of a fleet."""

    url: DatabaseURL  # password resolved as for a single database
    label: str  # what is shown: host:port/database (or socket path/database), never a password

    @property
    def server(self) -> str:
        """Which server the target lives on, to spread a rollout across servers."""
        return self.url.location()


def read_targets(
    settings: Settings,
    *,
    file: str | None = None,
    query: str | None = None,
    glob: str | None = None,
) -> list[FleetTarget]:
    """--targets FILE / --targets-query SQL (on settings' database) / --targets-glob PATTERN
    (databases on settings' server). Exactly one of the three."""
    given = [
        name
        for name, value in (
            ("--targets", file),
            ("--targets-query", query),
            ("--targets-glob", glob),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise UsageError(
            f"give exactly one of --targets, --targets-query, --targets-glob (got {len(given)})",
            hint="--targets FILE lists the databases; the other two ask the server",
        )
    if file is not None:
        targets = _from_file(settings, file)
    elif query is not None:
        targets = _from_query(settings, query)
    else:
        targets = _from_glob(settings, glob or "")
    return _without_duplicates(targets, given[0])


def target_settings(settings: Settings, target: FleetTarget) -> Settings:
    """settings for one target: same project/folder/options, the target's database URL."""
    return dataclasses.replace(settings, database_url=target.url, database_source=target.label)


def label_for(url: DatabaseURL) -> str:
    """``host:port/database``, or ``unix:<socket>/database``: never user or password."""
    server = f"unix:{url.unix_socket}" if url.unix_socket else url.location()
    return f"{server}/{url.database or ''}"


def target_from_line(settings: Settings, line: str, where: str) -> FleetTarget:
    """One target as written in a list: a URL, ``host[:port]/database`` or a database name."""
    text = line.strip()
    try:
        if "://" in text:
            url = _with_password(DatabaseURL.parse(text), settings.database_url)
        else:
            url = _short_form(settings, text, where)
    except RobleError as exc:
        exc.where = where
        raise
    if not url.database:
        raise ConfigError(
            f"target {redact(text)!r} names no database",
            where=where,
            hint="write mysql://user@host:port/database, host/database or a database name",
        )
    return FleetTarget(url=url, label=label_for(url))


def _short_form(settings: Settings, text: str, where: str) -> DatabaseURL:
    base = _base_url(settings, where)
    if "/" not in text:
        return base.with_database(text)
    server, _, database = text.partition("/")
    host, _, port = server.partition(":")
    if not host or "/" in database or (port and not port.isdigit()):
        raise ConfigError(
            f"target {redact(text)!r} is not host[:port]/database",
            hint="write e.g. db1.internal:3306/shop_eu",
        )
    # A host of its own: the configured server's socket would win over it, so drop it.
    options = tuple((k, v) for k, v in base.options if k != "unix_socket")
    return dataclasses.replace(
        base, host=host, port=int(port) if port else None, database=database, options=options
    )


def _base_url(settings: Settings, where: str) -> DatabaseURL:
    if settings.database_url is None:
        raise ConfigError(
            "a target without a URL needs a configured database for its user and password",
            where=where,
            hint="pass --database mysql://user@host/any_db (or DATABASE_URL), or write full "
            "URLs in the list",
        )
    return settings.database_url


def _with_password(url: DatabaseURL, base: DatabaseURL | None) -> DatabaseURL:
    """A URL's missing password, from the places a single database takes it from."""
    url = url.with_password_from_env()
    home = os.environ.get("HOME")
    if home:
        url = url.with_password_from_option_file(Path(home) / ".my.cnf")
    if url.password is None and base is not None and base.user == url.user:
        url = url.with_password(base.password)
    return url


def _from_file(settings: Settings, file: str) -> list[FleetTarget]:
    path = Path(file).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"targets file could not be read ({type(exc).__name__})",
            where=file,
            hint="--targets takes a text file with one database URL or host/database per line",
        ) from None
    targets = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = _uncomment(line)
        if content:
            targets.append(target_from_line(settings, content, f"{file}:{number}"))
    if not targets:
        raise ConfigError(
            "targets file lists no database",
            where=file,
            hint="write one database URL or host/database per line (# starts a comment)",
        )
    return targets


def _uncomment(line: str) -> str:
    """A line without its comment: ``#`` starting the line or after whitespace (a ``#``
    inside a URL's percent-encoded password is never a comment)."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return ""
    for index, char in enumerate(stripped):
        if char == "#" and stripped[index - 1].isspace():
            return stripped[:index].strip()
    return stripped


def _from_query(settings: Settings, sql: str) -> list[FleetTarget]:
    from roble_sql.api.common import open_database

    with open_database(settings) as db:
        rows = db.query(sql)
    values = [str(row[0]) for row in rows if row and row[0] is not None and str(row[0]).strip()]
    if not values:
        raise ConfigError(
            "--targets-query returned no database",
            where=settings.database_url.location() if settings.database_url else None,
            hint="the query's first column must give a URL, host/database or database name",
        )
    return [
        target_from_line(settings, value, f"--targets-query row {i}")
        for i, value in enumerate(values, start=1)
    ]


def _from_glob(settings: Settings, pattern: str) -> list[FleetTarget]:
    from roble_sql.api.common import open_database

    if not pattern.strip():
        raise UsageError(
            "--targets-glob needs a pattern", hint="write e.g. --targets-glob 'shop_*'"
        )
    base = _base_url(settings, "--targets-glob")
    with open_database(settings) as db:
        names = sorted(str(row[0]) for row in db.query("SHOW DATABASES"))
    matching = [n for n in names if fnmatch.fnmatchcase(n, pattern) and n not in SYSTEM_DATABASES]
    if not matching:
        raise ConfigError(
            f"no database on {base.location()} matches {pattern!r}",
            where="--targets-glob",
            hint="check the pattern (shell-style: * ? [abc]); SHOW DATABASES lists them",
        )
    return [
        FleetTarget(url=base.with_database(n), label=label_for(base.with_database(n)))
        for n in matching
    ]


def _without_duplicates(targets: Iterable[FleetTarget], option: str) -> list[FleetTarget]:
    """A database listed twice would be migrated twice at once: refuse it."""
    seen: set[str] = set()
    kept = []
    for target in targets:
        if target.label in seen:
            raise ConfigError(
                f"target {target.label} is listed twice",
                where=option,
                hint="list each database once",
            )
        seen.add(target.label)
        kept.append(target)
    return kept
