"""Running the MariaDB/MySQL client tools (mariadb-dump, mariadb, pt-online-schema-change)
with the URL's credentials: an option file with no name on disk, never the command line;
a child that dies with roble and is ended before roble moves on."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable

from roble_sql.dsn import DatabaseURL

PR_SET_PDEATHSIG = 1  # linux/prctl.h
END_GRACE_SECONDS = 5.0  # how long a tool asked to stop (SIGTERM) may take before SIGKILL


def option_file(url: DatabaseURL) -> int:
    """A descriptor of the client options, password included, with no name on disk: a
    memfd, else a temp file unlinked at once. 0600: the tools ignore a world-writable one."""
    data = client_options(url).encode()
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("roble-client-options", 0)  # not inherited but through pass_fds
        os.fchmod(fd, 0o600)
    else:
        fd, name = tempfile.mkstemp(prefix="roble-", suffix=".cnf")  # 0600
        os.unlink(name)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def dies_with_parent() -> Callable[[], None] | None:
    """On Linux, the child is killed when roble dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # roble died before the prctl took hold
            os._exit(1)

    return die_with_parent


def end_child(child: subprocess.Popen[bytes]) -> None:
    """The tool gone before roble moves on: asked (SIGTERM), then killed."""
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            child.terminate()
        try:
            child.wait(END_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if child.stderr is not None:
        child.stderr.close()


def client_options(url: DatabaseURL) -> str:
    lines = ["[client]"]
    for key, value in (
        ("user", url.user),
        ("password", url.password),
        ("host", url.host),
        ("port", url.port),
        ("socket", url.unix_socket),
        # PyMySQL goes over TCP to a host named localhost; the client tools would take
        # the default socket, maybe another server's.
        ("protocol", None if url.unix_socket else "tcp"),
        *_tls_options(url),
    ):
        if value is not None:
            lines.append(_option_line(key, value))
    return "\n".join(lines) + "\n"


def _option_line(key: str, value: object) -> str:
    if value is True:
        return key
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}="{text}"'


def _tls_options(url: DatabaseURL) -> list[tuple[str, object]]:
    """The URL's TLS as the client tools take it: the MariaDB tools' ssl, ssl-ca...,
    ssl-verify-server-cert, and MySQL's ssl-mode. ``loose-`` where one of the two
    doesn't know the option (the other ignores it instead of failing)."""
    mode = url.ssl_mode
    found: list[tuple[str, object]] = []
    if mode == "DISABLED":
        return [("loose-skip-ssl", True), ("loose-ssl-mode", "DISABLED")]
    if mode in ("REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"):
        found += [("ssl", True), ("loose-ssl-mode", mode)]
    if mode in ("VERIFY_CA", "VERIFY_IDENTITY"):
        # The MariaDB tools check the host name with the chain: no CA-only check there.
        found.append(("loose-ssl-verify-server-cert", True))
    for option in ("ssl_ca", "ssl_cert", "ssl_key"):
        path = url.option(option)
        if path is not None:
            found.append((option.replace("_", "-"), path))
    return found
