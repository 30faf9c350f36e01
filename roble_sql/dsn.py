"""Database URLs: parsing, typed driver options, and masking of secrets.

A URL is ``mysql://user:password@host:port/database?option=value``; a unix
socket is given as ``?unix_socket=/path`` (or ``mysql://user@/db?unix_socket=...``).
SQLAlchemy's ``mysql+pymysql://`` (the Flask app's ``DATABASE_URL``) is the same URL.
TLS is ``?ssl_mode=`` as the mysql client's ``--ssl-mode``, with ssl_ca, ssl_cert, ssl_key.
The password never reaches ``repr``/``str``: both print ``***`` in its place.
"""

from __future__ import annotations

import configparser
import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from roble_sql.errors import ConfigError

SCHEMES = ("mysql", "mariadb")
MASK = "***"
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
PASSWORD_ENV = "ROBLE_DB_PASSWORD"

_INT_OPTIONS = {"connect_timeout", "read_timeout", "write_timeout", "port"}
_BOOL_OPTIONS = {"ssl_disabled", "ssl_verify_cert", "ssl_verify_identity", "autocommit"}
_STR_OPTIONS = {
    "unix_socket",
    "charset",
    "init_command",
    "ssl_ca",
    "ssl_cert",
    "ssl_key",
    "read_default_file",
    "read_default_group",
}
# TLS as the mysql client's --ssl-mode: roble's own option, turned into PyMySQL's below.
SSL_MODES = ("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY")
VERIFYING_MODES = {"VERIFY_CA", "VERIFY_IDENTITY"}
TLS_REQUIRING_MODES = {"REQUIRED", *VERIFYING_MODES}
TLS_OPTIONS = ("ssl_mode", "ssl_ca", "ssl_cert", "ssl_key")
_TLS_FILES = ("ssl_ca", "ssl_cert", "ssl_key")
_DRIVER_TLS_SWITCHES = ("ssl_disabled", "ssl_verify_cert", "ssl_verify_identity")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed database URL; ``password`` is masked in every printed form."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    host: str | None = None
    port: int | None = None
    database: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    scheme: str = "mysql"

    @classmethod
    def parse(cls, url: str) -> DatabaseURL:
        """Parse ``url``; raise ConfigError (without echoing the password) if malformed."""
        try:
            parts = urlsplit(url.strip())
            parts.hostname  # noqa: B018 - urlsplit checks brackets lazily, here
        except ValueError:
            raise ConfigError(
                f"database URL {shown(url)!r} is malformed",
                hint="write it as mysql://user:password@host:port/database; "
                "percent-encode special characters in the password",
            ) from None
        # mysql+pymysql:// and the like: SQLAlchemy's (Flask-Migrate's) form of the same URL
        if parts.scheme.lower().split("+", 1)[0] not in SCHEMES:
            raise ConfigError(
                f"database URL {shown(url)!r} does not start with mysql://",
                hint="write it as mysql://user:password@host:port/database "
                "(mysql+pymysql://, as SQLAlchemy writes it, works too)",
            )
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(
                f"database URL {shown(url)!r} has a bad port",
                hint="the port must be a number, e.g. mysql://user@127.0.0.1:3306/db; a password "
                "with / # ? or @ must be percent-encoded",
            ) from None
        options = tuple(parse_qsl(parts.query, keep_blank_values=True))
        for key, value in options:
            _convert_option(key, value)  # reject bad options early, with a clear message
        database = unquote(parts.path.lstrip("/")) or None
        return cls(
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
            host=parts.hostname,
            port=port,
            database=database,
            options=options,
            scheme=parts.scheme.lower(),
        )

    def option(self, key: str) -> str | None:
        for name, value in self.options:
            if name == key:
                return value
        return None

    @property
    def unix_socket(self) -> str | None:
        return self.option("unix_socket")

    @property
    def ssl_mode(self) -> str | None:
        """The TLS mode (DISABLED ... VERIFY_IDENTITY) when one is given, upper case."""
        mode = self.option("ssl_mode")
        return _convert_option("ssl_mode", mode) if mode is not None else None

    def with_database(self, database: str | None) -> DatabaseURL:
        return dataclasses.replace(self, database=database)

    def with_option(self, key: str, value: str) -> DatabaseURL:
        """The URL with ``?key=value`` (replacing an earlier value of ``key``)."""
        _convert_option(key, value)
        options = (*tuple((k, v) for k, v in self.options if k != key), (key, value))
        return dataclasses.replace(self, options=options)

    def with_password(self, password: str | None) -> DatabaseURL:
        return dataclasses.replace(self, password=password)

    def with_password_from_env(self, environ: Mapping[str, str] | None = None) -> DatabaseURL:
        """Take the password from ROBLE_DB_PASSWORD when the URL has none."""
        env = os.environ if environ is None else environ
        if self.password is None and env.get(PASSWORD_ENV):
            return self.with_password(env[PASSWORD_ENV])
        return self

    def with_password_from_option_file(self, path: Path) -> DatabaseURL:
        """Take the password from a MySQL option file ([client] password=...) when the URL has none."""
        if self.password is not None or not path.is_file():
            return self
        password = read_option_file_password(path)
        return self.with_password(password) if password is not None else self

    def as_url(self, *, reveal: bool = False) -> str:
        """The URL as text; the password is ``***`` unless ``reveal`` (for the driver only)."""
        netloc = ""
        if self.user is not None:
            netloc = quote(self.user, safe="")
            if self.password is not None:
                secret = quote(self.password, safe="") if reveal else MASK
                netloc += f":{secret}"
            netloc += "@"
        netloc += self.host or ""
        if self.port is not None:
            netloc += f":{self.port}"
        query = "&".join(f"{k}={quote(v, safe='/:.@-_')}" for k, v in self.options)
        url = f"{self.scheme}://{netloc}/{quote(self.database or '', safe='')}"
        return f"{url}?{query}" if query else url

    def __str__(self) -> str:
        return self.as_url()

    def __repr__(self) -> str:
        return f"DatabaseURL({self.as_url()!r})"

    def location(self) -> str:
        """Where the server is, for messages: ``host:port`` or the socket path."""
        if self.unix_socket:
            return f"socket {self.unix_socket}"
        return f"{self.host or 'localhost'}:{self.port or 3306}"

    def driver_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``pymysql.connect`` with properly typed values."""
        kwargs: dict[str, Any] = {"charset": "utf8mb4", "autocommit": True}
        if self.user is not None:
            kwargs["user"] = self.user
        if self.password is not None:
            kwargs["password"] = self.password
        if self.host:
            kwargs["host"] = self.host
        if self.port is not None:
            kwargs["port"] = self.port
        if self.database:
            kwargs["database"] = self.database
        for key, value in self.options:
            kwargs[key] = _convert_option(key, value)
        if self.ssl_mode is not None:
            for key in ("ssl_mode", *_TLS_FILES):
                kwargs.pop(key, None)
            kwargs.update(self._tls_kwargs(self.ssl_mode))
        elif self.is_local() and not any(key.startswith("ssl") for key, _ in self.options):
            # TLS over a socket or loopback protects nothing, and PyMySQL builds a TLS
            # context (~25 ms) for every connection unless told not to.
            kwargs["ssl_disabled"] = True
        return kwargs

    def _tls_kwargs(self, mode: str) -> dict[str, Any]:
        """PyMySQL's TLS arguments for ``mode``, as the mysql client's --ssl-mode means it."""
        self._check_tls_combination(mode)
        if mode == "DISABLED":  # the TLS files are ignored, as the mysql client does
            return {"ssl_disabled": True}
        if mode == "PREFERRED":  # PyMySQL (>= 1.2) tries TLS, unverified, and falls back
            return {"ssl_disabled": False}
        files = {key: self.option(key) for key in ("ssl_cert", "ssl_key") if self.option(key)}
        if mode == "REQUIRED":
            # The only way to make PyMySQL insist on TLS without checking the certificate
            # is its ``ssl`` dict; it refuses a server that offers no TLS.
            ssl: dict[str, Any] = {"check_hostname": False, "verify_mode": False}
            ssl.update({key.removeprefix("ssl_"): path for key, path in files.items()})
            return {"ssl_disabled": False, "ssl": ssl}
        return {
            "ssl_disabled": False,
            "ssl_ca": self.option("ssl_ca"),
            "ssl_verify_cert": True,
            "ssl_verify_identity": mode == "VERIFY_IDENTITY",
            **files,
        }

    def _check_tls_combination(self, mode: str) -> None:
        """Refuse TLS settings that would be ignored while seeming to protect something."""
        mixed = [key for key in _DRIVER_TLS_SWITCHES if self.option(key) is not None]
        if mixed:
            raise ConfigError(
                f"the database URL gives both ssl_mode and {', '.join(mixed)}",
                hint=f"drop {', '.join(mixed)}: ssl_mode sets all of TLS",
            )
        if mode in VERIFYING_MODES and not self.option("ssl_ca"):
            raise ConfigError(
                f"ssl_mode={mode} needs ssl_ca, the CA certificate to check the server against",
                hint="add ssl_ca=/path/to/ca.pem (URL or yoyo.ini [roble])",
            )
        if mode == "REQUIRED" and self.option("ssl_ca"):
            raise ConfigError(
                "ssl_mode=REQUIRED does not check the server's certificate, so ssl_ca would be "
                "ignored",
                hint="use ssl_mode=VERIFY_IDENTITY (or VERIFY_CA) to check it against ssl_ca, "
                "or drop ssl_ca",
            )
        given = [key for key in _TLS_FILES if self.option(key)]
        if mode == "PREFERRED" and given:
            raise ConfigError(
                f"ssl_mode=PREFERRED can't use {', '.join(given)}: it may fall back to no TLS",
                hint="use ssl_mode=REQUIRED, VERIFY_CA or VERIFY_IDENTITY with TLS files",
            )
        if mode != "DISABLED" and self.option("ssl_key") and not self.option("ssl_cert"):
            raise ConfigError(
                "the database URL gives ssl_key without ssl_cert",
                hint="give the client certificate as ssl_cert along with its key",
            )

    def is_local(self) -> bool:
        """A unix socket or a loopback address: traffic that never leaves the machine."""
        return bool(self.unix_socket) or (self.host or "localhost") in LOOPBACK


_OPTION_GROUPS = ("client", "mariadb-client", "mysql", "client-mariadb")


def read_option_file_password(path: Path) -> str | None:
    """The password in a MySQL option file (as ~/.my.cnf), from the client groups."""
    parser = configparser.ConfigParser(allow_no_value=True, strict=False, interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"option file could not be read ({type(exc).__name__})",
            where=str(path),
            hint="check the file: it must have a [client] section with password=...",
        ) from None
    for group in _OPTION_GROUPS:
        if parser.has_option(group, "password"):
            value = parser.get(group, "password")
            if value is None:  # a bare 'password' line means "prompt": no password here
                return None
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            return value
    return None


def _convert_option(key: str, value: str) -> Any:
    if key in _INT_OPTIONS:
        if not value.isdigit():
            raise ConfigError(
                f"database URL option {key}={value!r} is not a whole number",
                hint=f"write it as ?{key}=10",
            )
        return int(value)
    if key in _BOOL_OPTIONS:
        lowered = value.lower()
        if lowered not in _TRUE | _FALSE:
            raise ConfigError(
                f"database URL option {key}={value!r} is not true or false",
                hint=f"write it as ?{key}=1 or ?{key}=0",
            )
        return lowered in _TRUE
    if key in _STR_OPTIONS:
        return value
    if key == "ssl_mode":
        if value.upper() not in SSL_MODES:
            raise ConfigError(
                f"database URL option ssl_mode={value!r} is not a TLS mode",
                hint=f"write one of {', '.join(SSL_MODES)}, e.g. ?ssl_mode=VERIFY_IDENTITY",
            )
        return value.upper()
    known = ", ".join(sorted(_INT_OPTIONS | _BOOL_OPTIONS | _STR_OPTIONS | {"ssl_mode"}))
    raise ConfigError(
        f"database URL option {key!r} is not supported",
        hint=f"supported options: {known}",
    )


# user:password@ inside a URL's authority; the password runs to the LAST @ (as urlsplit reads it).
_URL_PASSWORD = re.compile(
    r"(?P<head>(?:[a-z][a-z0-9+.-]*://)?[^:/@\s]*:)(?P<secret>(?!//)[^\s]*)(?=@)", re.I
)


def redact(text: str, secrets: tuple[str | None, ...] = ()) -> str:
    """Mask passwords in ``text``: those written in URLs, and each of ``secrets`` where it
    stands as a value of its own. Inside a longer word it is left alone: a password
    ``ro`` must not turn ``roble_progress`` into ``***ble_p***gress``, which shows it."""
    masked = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    for secret in secrets:
        if secret:
            for form in dict.fromkeys((secret, quote(secret, safe=""))):
                masked = re.sub(rf"(?<![\w]){re.escape(form)}(?![\w])", MASK, masked)
    return masked


def shown(url: str) -> str:
    """A URL as a message may show it when it may not parse: whatever comes between
    ``://`` and the last ``@`` (the credentials, however mangled) is masked."""
    head, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return redact(url)
    return f"{head}://{MASK}@{rest.rsplit('@', 1)[1]}"
