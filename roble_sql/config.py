"""Settings: command-line options, environment and yoyo.ini, resolved in one place.

Precedence for the database: ``--database`` > ``DATABASE_URL`` > yoyo.ini ``database``.
Precedence for the folder: ``--migrations`` > yoyo.ini ``sources`` > ``sql_migrations``.
yoyo.ini keeps yoyo's own keys in ``[DEFAULT]``; roble's extra keys live in ``[roble]``.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from roble_sql.audit_keys import load_audit_keys
from roble_sql.dsn import TLS_OPTIONS, DatabaseURL
from roble_sql.errors import ConfigError

CONFIG_NAME = "yoyo.ini"
DEFAULT_MIGRATIONS = "sql_migrations"
DEFAULT_MIGRATION_TABLE = "_yoyo_migration"
ENV_DATABASE = "DATABASE_URL"
ENV_ENVIRONMENT = "ROBLE_ENV"
ENV_LEASE_SECONDS = "ROBLE_LEASE_SECONDS"
DEFAULT_LEASE_SECONDS = 30.0
# How long one DDL statement may queue for its metadata lock, and how often it tries again
# (--ddl-lock-wait / --ddl-retries > ROBLE_DDL_LOCK_WAIT / ROBLE_DDL_RETRIES > yoyo.ini
# [roble] ddl_lock_wait / ddl_retries > these defaults).
DEFAULT_DDL_LOCK_WAIT = 5
DEFAULT_DDL_RETRIES = 3

_VARIABLE = re.compile(r"%\((?P<name>[^)]+)\)s|%%")


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where things are."""

    project_dir: Path
    migrations_dir: Path
    config_path: Path | None = None
    database_url: DatabaseURL | None = None
    database_source: str | None = None  # which setting supplied the URL, for messages
    environment: str | None = None
    migration_table: str = DEFAULT_MIGRATION_TABLE
    roble_options: Mapping[str, str] = field(default_factory=dict)
    # Audit keys (outside the database), the signing one first; never shown.
    audit_keys: tuple[bytes, ...] = field(default=(), repr=False)
    # Galera: the cluster lease's duration, and whether wsrep_OSU_method=RSU is accepted.
    lease_seconds: float = DEFAULT_LEASE_SECONDS
    allow_rsu: bool = False
    ddl_lock_wait: int = DEFAULT_DDL_LOCK_WAIT  # seconds (see runner/ddl_wait.py)
    ddl_retries: int = DEFAULT_DDL_RETRIES

    def __repr__(self) -> str:  # the URL's own repr masks the password
        return (
            f"Settings(migrations_dir={str(self.migrations_dir)!r}, "
            f"database_url={self.database_url!r}, environment={self.environment!r})"
        )

    @property
    def is_production(self) -> bool:
        return (self.environment or "").lower() in {"production", "prod"}

    def require_database(self) -> DatabaseURL:
        if self.database_url is None:
            raise ConfigError(
                "no database configured",
                hint=(
                    "pass --database mysql://user@host/db, set DATABASE_URL, "
                    "or add 'database = ...' to yoyo.ini; for the local sandbox MariaDB "
                    "(what 'make migrate' starts), run roble --sandbox auto <command>"
                ),
            )
        return self.database_url


def find_config(start: Path) -> Path | None:
    """yoyo.ini in ``start`` or its nearest parent, as yoyo looks for it."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    *,
    database: str | None = None,
    migrations: str | None = None,
    config: str | None = None,
    defaults_file: str | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings from options (highest), environment, then yoyo.ini."""
    env = dict(os.environ if environ is None else environ)
    here = (cwd or Path.cwd()).resolve()
    config_path = _config_path(config, here)
    defaults, roble = _read_config(config_path, env) if config_path else ({}, {})
    project_dir = config_path.parent if config_path else here
    url, source = _database(database, env, defaults, config_path)
    if url is not None and roble.get("charset") and url.option("charset") is None:
        url = url.with_option("charset", roble["charset"])  # the URL's own charset wins
    if url is not None and config_path is not None:
        url = _with_tls_options(url, roble, config_path)
    return Settings(
        project_dir=project_dir,
        migrations_dir=_migrations_dir(migrations, defaults, project_dir, here),
        config_path=config_path,
        database_url=_with_password(url, env, defaults_file, here) if url else None,
        database_source=source,
        environment=env.get(ENV_ENVIRONMENT) or roble.get("env") or None,
        migration_table=defaults.get("migration_table", DEFAULT_MIGRATION_TABLE),
        roble_options=roble,
        audit_keys=load_audit_keys(env, roble, project_dir),
        ddl_lock_wait=_whole_number(
            env, roble, config_path, "ddl_lock_wait", DEFAULT_DDL_LOCK_WAIT
        ),
        ddl_retries=_whole_number(env, roble, config_path, "ddl_retries", DEFAULT_DDL_RETRIES),
        lease_seconds=_lease_seconds(env, roble, config_path),
        allow_rsu=_is_true(env.get("ROBLE_ALLOW_RSU") or roble.get("allow_rsu")),
    )


def _lease_seconds(env: Mapping[str, str], roble: Mapping[str, str], path: Path | None) -> float:
    """ROBLE_LEASE_SECONDS, else yoyo.ini [roble] lease_seconds: 2 to 86400 seconds."""
    sources = (
        (env.get(ENV_LEASE_SECONDS), ENV_LEASE_SECONDS),
        (roble.get("lease_seconds"), f"{path} [roble] lease_seconds"),
    )
    for value, where in sources:
        if value:
            try:
                seconds = float(value)
            except ValueError:
                seconds = -1.0
            if not 2 <= seconds <= 86400:
                raise ConfigError(
                    f"lease_seconds {value!r} is not a number of seconds from 2 to 86400",
                    where=where,
                    hint="write e.g. lease_seconds = 30",
                )
            return seconds
    return DEFAULT_LEASE_SECONDS


def _is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _whole_number(
    env: Mapping[str, str],
    roble: Mapping[str, str],
    path: Path | None,
    key: str,
    default: int,
) -> int:
    """A count or number of seconds from ROBLE_<KEY>, else yoyo.ini's [roble] key."""
    name = f"ROBLE_{key.upper()}"
    value, where = env.get(name), name
    if not value:
        value, where = roble.get(key), f"{path} [roble] {key}"
    if not value:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if not 0 <= number <= 31536000:
        raise ConfigError(
            f"{key} must be a whole number from 0 up, not {value!r}",
            where=where,
            hint=f"write e.g. {key} = {default}",
        )
    return number


def _with_tls_options(url: DatabaseURL, roble: Mapping[str, str], path: Path) -> DatabaseURL:
    """yoyo.ini's [roble] ssl_mode/ssl_ca/ssl_cert/ssl_key, as one group: a URL with TLS
    settings of its own keeps them all. Relative file paths are from yoyo.ini's folder."""
    if any(key.startswith("ssl") for key, _ in url.options):
        return url
    for key in TLS_OPTIONS:
        value = roble.get(key, "").strip()
        if not value:
            continue
        if key != "ssl_mode":
            value = str(path.parent / Path(value).expanduser())  # an absolute path stays
        try:
            url = url.with_option(key, value)
        except ConfigError as exc:
            exc.where = f"{path} [roble] {key}"
            raise
    return url


def _with_password(
    url: DatabaseURL, env: Mapping[str, str], defaults_file: str | None, here: Path
) -> DatabaseURL:
    """Fill a missing password: ROBLE_DB_PASSWORD, then --defaults-file, then ~/.my.cnf."""
    url = url.with_password_from_env(env)
    if defaults_file is not None:
        path = here / Path(defaults_file).expanduser()  # an absolute path replaces ``here``
        if not path.is_file():
            raise ConfigError(
                f"option file {defaults_file} does not exist", hint="check --defaults-file"
            )
        return url.with_password_from_option_file(path)
    home = env.get("HOME")
    return url.with_password_from_option_file(Path(home) / ".my.cnf") if home else url


def _config_path(config: str | None, here: Path) -> Path | None:
    if config is None:
        return find_config(here)
    path = (here / config).resolve()
    if not path.is_file():
        raise ConfigError(f"config file {config} does not exist", hint="check --config")
    return path


def _database(
    option: str | None, env: Mapping[str, str], defaults: Mapping[str, str], path: Path | None
) -> tuple[DatabaseURL | None, str | None]:
    for value, source in (
        (option, "--database"),
        (env.get(ENV_DATABASE), ENV_DATABASE),
        (defaults.get("database"), str(path)),
    ):
        if value:
            try:
                return DatabaseURL.parse(value), source
            except ConfigError as exc:
                exc.where = source
                raise
    return None, None


def _migrations_dir(
    option: str | None, defaults: Mapping[str, str], project_dir: Path, here: Path
) -> Path:
    if option:
        return (here / option).resolve()
    sources = defaults.get("sources", DEFAULT_MIGRATIONS).split()
    if len(sources) != 1:
        raise ConfigError(
            f"yoyo.ini 'sources' lists {len(sources)} folders",
            hint="roble reads one migrations folder: keep one entry in 'sources'",
        )
    return (project_dir / sources[0]).resolve()


def _read_config(path: Path, env: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    # No default section: [DEFAULT] is read as yoyo's own section and never leaks into [roble].
    parser = configparser.ConfigParser(interpolation=None, default_section="\0")
    try:
        parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    except (configparser.Error, UnicodeDecodeError) as exc:
        first_line = str(exc).splitlines()[0]
        raise ConfigError(
            f"malformed config: {first_line}",
            where=str(path),
            hint="fix the file: keys go under [DEFAULT] (yoyo's) or [roble], as key = value",
        ) from None
    variables = {**env, "here": str(path.parent)}
    sections = []
    for name in ("DEFAULT", "roble"):
        items = parser.items(name) if parser.has_section(name) else []
        sections.append({k: _expand(v, variables, path, k) for k, v in items})
    return sections[0], sections[1]


def _expand(value: str, variables: Mapping[str, str], path: Path, key: str) -> str:
    """yoyo-style interpolation: %(here)s and %(ENV_VAR)s; %% is a literal %."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group("name")
        if name is None:
            return "%"
        if name not in variables:
            raise ConfigError(
                f"'{key}' uses %({name})s but {name} is not set",
                where=str(path),
                hint=f"export {name}, or write a literal % as %%",
            )
        return variables[name]

    return _VARIABLE.sub(substitute, value)
