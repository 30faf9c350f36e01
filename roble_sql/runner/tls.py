"""TLS on the connection: the clear-text password guard and TLS failures as one line.

A server may ask, by an auth switch, for the password in clear text
(``mysql_clear_password``, or ``dialog`` with a "Password: " prompt). PyMySQL
answers either one over any connection, so a hostile server (say, one a cloned
project's yoyo.ini points at) would collect the password. roble answers only over TLS
or a unix socket; otherwise it refuses before a byte of the password is written.
"""

from __future__ import annotations

from typing import Any

from roble_sql.dsn import TLS_REQUIRING_MODES, DatabaseURL, redact
from roble_sql.errors import AccessDenied, ConfigError, DatabaseError

_SSL_CONNECTION_ERROR = 2026  # CR_SSL_CONNECTION_ERROR: REQUIRED, but the server has no TLS
_CONNECTION_ERROR = 2003  # CR_CONN_HOST_ERROR: PyMySQL wraps a failed TLS handshake in it
_LOGIN_REFUSED = 1045
_NAME_MISMATCH = {62, 64}  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH


class _ClearTextGuard:
    """PyMySQL's handler for a clear-text plugin: its own answer on a secure connection,
    a refusal on any other. PyMySQL builds one per connection, given the connection."""

    plugin = b""

    def __init__(self, connection: Any):
        self.connection = connection

    def authenticate(self, packet: Any) -> Any:
        conn = self.connection
        if getattr(conn, "_secure", False):  # TLS is up, or this is a unix socket
            return conn._process_auth(self.plugin, packet)  # PyMySQL's own answer
        raise ConfigError(
            f"the server at {conn.host}:{conn.port} asked for the password in clear text "
            f"(plugin {self.plugin.decode()}) over an unencrypted connection; roble refused "
            "to send it",
            hint="use TLS (ssl_mode=REQUIRED, or VERIFY_IDENTITY with ssl_ca) or a unix "
            "socket, or check that the server is the one you mean",
        )


class _ClearPasswordGuard(_ClearTextGuard):
    plugin = b"mysql_clear_password"


class _DialogGuard(_ClearTextGuard):
    plugin = b"dialog"


def clear_text_guards() -> dict[str, type[_ClearTextGuard]]:
    """PyMySQL's ``auth_plugin_map`` that keeps clear-text passwords off plain connections."""
    return {"mysql_clear_password": _ClearPasswordGuard, "dialog": _DialogGuard}


def tls_failure(exc: Exception, url: DatabaseURL) -> ConfigError | None:
    """A connection error that TLS caused, as one line (None for any other error)."""
    args = exc.args
    code = args[0] if args else None
    mode = url.ssl_mode or "the URL's TLS options"
    if code == _SSL_CONNECTION_ERROR:
        return ConfigError(
            f"the server offers no TLS, and ssl_mode={mode} requires it",
            where=url.location(),
            hint="enable TLS on the server (ssl_cert, ssl_key), or check that the server is "
            "the one you mean",
        )
    import ssl  # as pymysql does; not at import time, which read-only commands pay

    cause = getattr(exc, "original_exception", None)
    if code != _CONNECTION_ERROR or not isinstance(cause, ssl.SSLError):
        return None
    reason = getattr(cause, "verify_message", None) or getattr(cause, "reason", None) or cause
    text = redact(" ".join(str(reason).split()), (url.password,))
    if isinstance(cause, ssl.SSLCertVerificationError):
        if cause.verify_code in _NAME_MISMATCH:
            hint = (
                f"connect by a name the certificate holds, not {url.host or 'localhost'}, "
                "or check that the server is the one you mean"
            )
        else:
            hint = (
                "check that ssl_ca is the CA that signed the server's certificate, "
                "or that the server is the one you mean"
            )
        return ConfigError(
            f"the server's TLS certificate failed the check of ssl_mode={mode}: {text}",
            where=url.location(),
            hint=hint,
        )
    return ConfigError(
        f"the TLS handshake failed: {text}",
        where=url.location(),
        hint="check the server's TLS setup and the ssl_cert/ssl_key the account requires",
    )


def with_tls_hint(error: DatabaseError, exc: Exception, url: DatabaseURL) -> DatabaseError:
    """A refused login on a connection without required TLS: the account may need it."""
    args = exc.args
    refused = isinstance(error, AccessDenied) and bool(args) and args[0] == _LOGIN_REFUSED
    if refused and url.ssl_mode not in TLS_REQUIRING_MODES:
        error.hint = (
            f"{error.hint}; if the account REQUIREs SSL or X509, connect with "
            "ssl_mode=REQUIRED or VERIFY_IDENTITY (with ssl_ca, ssl_cert, ssl_key)"
        )
    elif refused and not url.option("ssl_cert"):
        error.hint = f"{error.hint}; if the account REQUIREs X509, give ssl_cert and ssl_key"
    return error


def check_tls_in_use(connection: Any, url: DatabaseURL) -> None:
    """Insist on TLS where ssl_mode requires it, whatever the PyMySQL version did."""
    import ssl

    if url.ssl_mode in TLS_REQUIRING_MODES and not isinstance(
        getattr(connection, "_sock", None), ssl.SSLSocket
    ):
        connection.close()
        raise ConfigError(
            f"the connection is not encrypted, and ssl_mode={url.ssl_mode} requires TLS",
            where=url.location(),
            hint="enable TLS on the server, or upgrade PyMySQL to 1.2 or later",
        )
