"""A local MariaDB server on a unix socket, for development and for the test suite.

The sandbox keeps everything under one root directory (datadir, pid file, log, socket)
and never reads the machine's MariaDB configuration or opens a TCP port, so it can run
next to a system server on 127.0.0.1:3306 without touching it. The server is launched
detached so that it outlives the roble process that started it; later ``status`` or
``start`` calls find it again through the pid file.

Nothing here prints: functions return data or raise ``SandboxError`` and the CLI renders.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from roble_sql.errors import ConfigError, SandboxError

if TYPE_CHECKING:
    from pymysql.connections import Connection

INSTALL_HINT = "install the MariaDB server: apt-get install mariadb-server"

# Searched after PATH: sbin directories are often missing from a non-root PATH.
_SEARCH_DIRS: tuple[str, ...] = ("/usr/sbin", "/usr/bin", "/usr/local/sbin")
_SERVER_NAMES = ("mariadbd", "mysqld")
_INSTALLER_NAMES = ("mariadb-install-db", "mysql_install_db")

# sun_path holds 108 bytes including the NUL; stay well clear of it.
_MAX_SOCKET_BYTES = 100
_SHORT_SOCKET_BASE = Path("/tmp")

_POLL_SECONDS = 0.1
_LOG_TAIL_LINES = 5
_LOG_TAIL_BYTES = 16 * 1024
_KILL_GRACE_SECONDS = 5.0

_DATABASE_NAME = re.compile(r"[A-Za-z0-9_$]{1,64}")

# Small and fast rather than durable: this is a throwaway dev/test server.
_SERVER_SETTINGS = (
    "--skip-networking",
    "--innodb-buffer-pool-size=64M",
    "--innodb-log-file-size=48M",
    # Flushing the redo log once a second instead of at every commit can lose the last
    # second of commits on an OS crash; acceptable for a sandbox, and much faster.
    "--innodb-flush-log-at-trx-commit=2",
    "--skip-log-bin",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--max-connections=200",
    "--general-log=0",
)

# Servers this process launched. Keeping the Popen alive lets us reap the child when it
# exits (a zombie still answers kill(pid, 0)) and avoids Popen's "still running" warning.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class SandboxStatus:
    """What ``status`` found. ``pid`` is set whenever the server process is alive."""

    running: bool
    pid: int | None
    socket: Path
    datadir: Path
    log_file: Path


class Sandbox:
    """A MariaDB server whose files all live under ``root``."""

    def __init__(
        self, root: Path, *, database: str = "roble", settings: tuple[str, ...] = ()
    ) -> None:
        self.root = Path(root).resolve()
        self.database = _checked_database_name(database)
        self.settings = settings  # more server options, after the sandbox's own
        self.datadir = self.root / "data"
        self.pid_file = self.root / "mariadbd.pid"
        self.log_file = self.root / "mariadbd.log"
        self.lock_file = self.root / "sandbox.lock"
        self.socket = socket_path_for(self.root)

    def url(self) -> str:
        """The connection URL for roble/yoyo: root with no password, over the socket."""
        return f"mysql://root@localhost/{self.database}?unix_socket={quote(str(self.socket))}"

    def status(self) -> SandboxStatus:
        """Running means the pid file names a live server AND its socket accepts connections."""
        pid = self._server_pid()
        running = pid is not None and _socket_accepts(self.socket)
        return SandboxStatus(running, pid, self.socket, self.datadir, self.log_file)

    def start(self, *, timeout: float = 60.0) -> SandboxStatus:
        """Start the server (initialising the datadir the first time) or reuse a running one.

        Either way, wait until it accepts a login and make sure the database exists.
        """
        deadline = time.monotonic() + timeout
        with self._exclusive(deadline):
            pid = self._server_pid()
            if pid is None:
                pid = self._start_fresh(deadline)
            else:
                self._wait_ready(pid, deadline, log_offset=0)
            self._create_database(deadline)
        return self.status()

    def stop(self, *, timeout: float = 30.0) -> bool:
        """Stop the server and wait for it to exit. False if it was not running."""
        deadline = time.monotonic() + timeout
        with self._exclusive(deadline):
            pid = self._server_pid()
            if pid is None:
                self._remove_stale_files()
                return False
            _signal(pid, signal.SIGTERM)
            if not self._wait_exit(pid, deadline):
                # A clean shutdown flushes InnoDB; only kill when it would not finish in time.
                _signal(pid, signal.SIGKILL)
                if not self._wait_exit(pid, time.monotonic() + _KILL_GRACE_SECONDS):
                    raise SandboxError(
                        f"mariadbd (pid {pid}) did not exit after SIGKILL",
                        where=str(self.root),
                        hint="check the process with ps; it may be stuck in the kernel",
                    )
            self._remove_stale_files()
            return True

    # -- starting ---------------------------------------------------------------------------

    def _start_fresh(self, deadline: float) -> int:
        """Launch a new server after clearing what a crashed one left behind; return its pid."""
        server = _find_binary(_SERVER_NAMES)
        installer = _find_binary(_INSTALLER_NAMES)
        self._remove_stale_files()
        if not self._initialised():
            self._initialise(installer, deadline)
        log_offset = _file_size(self.log_file)
        process = self._launch(server)
        try:
            self._wait_ready(process.pid, deadline, log_offset=log_offset)
        except SandboxError:
            # Leave nothing half-started behind: the next start must begin from a clean slate.
            _reap(process)
            self._remove_stale_files()
            raise
        return process.pid

    def _tmpdir(self) -> Path:
        """The server's own temp dir: in the shared /tmp, concurrent servers' temporary
        tables (#sql-temptable-*) were seen to vanish and break mariadb-install-db."""
        path = self.root / "tmp"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _initialised(self) -> bool:
        return (self.datadir / "mysql").is_dir()

    def _initialise(self, installer: str, deadline: float) -> None:
        """Create the system tables in a staging directory, then rename it into place.

        The rename makes initialisation all-or-nothing: an interrupted install can never
        leave a half-built ``data/`` that a later start would mistake for a usable one.
        """
        staging = self.root / "data.init"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            installer,
            "--no-defaults",
            f"--datadir={staging}",
            # root@localhost with an empty password, so PyMySQL can log in over the socket.
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            f"--tmpdir={self._tmpdir()}",
            *_user_option(),
        ]
        try:
            result = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                timeout=_remaining(deadline),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise SandboxError(
                f"{Path(installer).name} did not finish in time",
                where=str(self.root),
                hint="retry with a longer timeout",
            ) from exc
        output = result.stdout.decode(errors="replace")
        _append(self.log_file, output)
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise SandboxError(
                f"{Path(installer).name} failed with exit code {result.returncode}: "
                f"{_tail(output)}",
                where=str(self.log_file),
            )
        staging.rename(self.datadir)

    def _server_user(self) -> list[str]:
        """The ``--user`` mariadbd runs as (it keeps the first one it is given)."""
        return _user_option()

    def _launch(self, server: str) -> subprocess.Popen[bytes]:
        """Start mariadbd in its own session so it survives the roble process that ran it."""
        command = [
            server,
            "--no-defaults",  # must come first: never read /etc/mysql or ~/.my.cnf
            f"--datadir={self.datadir}",
            f"--socket={self.socket}",
            f"--pid-file={self.pid_file}",
            f"--log-error={self.log_file}",
            f"--tmpdir={self._tmpdir()}",
            *self._server_user(),
            *_SERVER_SETTINGS,
            *self.settings,
        ]
        _prepare_socket_dir(self.socket, self.root)
        # Output before --log-error takes effect (e.g. option errors) lands in the same log.
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=self.root,
                start_new_session=True,
            )
        _CHILDREN[process.pid] = process
        return process

    def _wait_ready(self, pid: int, deadline: float, *, log_offset: int) -> None:
        """Poll until root can log in over the socket; fail if the server dies or time runs out."""
        import pymysql

        while True:
            if not self._is_our_server(pid):
                raise SandboxError(
                    f"mariadbd exited during startup: {self._log_tail(log_offset)}",
                    where=str(self.log_file),
                )
            try:
                _connect(self.socket, timeout=_remaining(deadline)).close()
                return
            except pymysql.MySQLError:
                pass  # not listening yet: the socket appears once InnoDB has started
            if time.monotonic() >= deadline:
                raise SandboxError(
                    f"mariadbd did not accept connections in time: {self._log_tail(log_offset)}",
                    where=str(self.log_file),
                    hint="retry with a longer timeout",
                )
            time.sleep(_POLL_SECONDS)

    def _create_database(self, deadline: float) -> None:
        import pymysql

        try:
            connection = _connect(self.socket, timeout=_remaining(deadline))
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"CREATE DATABASE IF NOT EXISTS `{self.database}` CHARACTER SET utf8mb4"
                    )
            finally:
                connection.close()
        except pymysql.MySQLError as exc:
            raise SandboxError(
                f"could not create database {self.database}: {exc}", where=str(self.socket)
            ) from exc

    # -- stopping and bookkeeping -----------------------------------------------------------

    def _wait_exit(self, pid: int, deadline: float) -> bool:
        while self._is_our_server(pid):
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)
        return True

    def _server_pid(self) -> int | None:
        """The pid from the pid file, if that process is alive and is this sandbox's server."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if self._is_our_server(pid) else None

    def _is_our_server(self, pid: int) -> bool:
        """Alive and running on our datadir: after a crash or reboot the pid may be reused."""
        child = _CHILDREN.get(pid)
        if child is not None:
            # Our own child is ours by construction; /proc would still show Python's
            # command line in the instant between fork and exec.
            return _child_alive(child)
        if not _process_alive(pid):
            return False
        arguments = _command_line(pid)
        if arguments is None:
            return True  # no /proc (or not allowed to read it): trust the pid file
        return f"--datadir={self.datadir}" in arguments

    def _remove_stale_files(self) -> None:
        """Remove what a dead server may have left; mariadbd would trip over a stale socket."""
        for path in (self.pid_file, self.socket):
            path.unlink(missing_ok=True)
        if self.socket.parent != self.root:
            with contextlib.suppress(OSError):
                self.socket.parent.rmdir()  # our private /tmp directory, if now empty

    def _log_tail(self, offset: int) -> str:
        """The last few lines the server wrote since ``offset``, on one line."""
        size = _file_size(self.log_file)
        try:
            with self.log_file.open("rb") as log:
                log.seek(max(offset, size - _LOG_TAIL_BYTES))
                text = log.read().decode(errors="replace")
        except OSError:
            return "(no log file)"
        return _tail(text)

    @contextlib.contextmanager
    def _exclusive(self, deadline: float) -> Iterator[None]:
        """Serialise start/stop across processes (e.g. ``make -j``) so two can't race.

        Python opens the lock file close-on-exec, so mariadbd never inherits the lock.
        """
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self.lock_file.open("a") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise SandboxError(
                            "another roble process is starting or stopping this sandbox",
                            where=str(self.root),
                            hint="wait for it to finish and retry",
                        ) from None
                    time.sleep(_POLL_SECONDS)
            yield  # closing the file releases the lock


def socket_path_for(root: Path) -> Path:
    """``root/mariadbd.sock``, or a short deterministic path under /tmp when that is too long.

    The short form is a private directory named from a hash of ``root``, so a later
    ``status`` finds the same socket and other local users can't reach the root login.
    """
    root = Path(root).resolve()
    preferred = root / "mariadbd.sock"
    if len(os.fsencode(preferred)) <= _MAX_SOCKET_BYTES:
        return preferred
    digest = hashlib.sha1(os.fsencode(root), usedforsecurity=False).hexdigest()[:12]
    return _SHORT_SOCKET_BASE / f"roble-{digest}" / "mariadbd.sock"


def _checked_database_name(name: str) -> str:
    # The name goes into SQL and a URL unquoted, so accept only plain identifiers.
    if not _DATABASE_NAME.fullmatch(name):
        raise ConfigError(
            f"invalid sandbox database name {name!r}",
            hint="use letters, digits, _ and $ only (at most 64 characters)",
        )
    return name


def _find_binary(names: tuple[str, ...]) -> str:
    search_path = os.pathsep.join([os.environ.get("PATH", ""), *_SEARCH_DIRS])
    for name in names:
        found = shutil.which(name, path=search_path)
        if found:
            return found
    raise SandboxError(
        f"{' or '.join(names)} not found on PATH or in {', '.join(_SEARCH_DIRS)}",
        hint=INSTALL_HINT,
    )


def _user_option() -> list[str]:
    """``--user=<current user>``: as root, mariadbd refuses to start without ``--user=root``."""
    try:
        return [f"--user={pwd.getpwuid(os.geteuid()).pw_name}"]
    except KeyError:
        return []  # a uid with no passwd entry (some containers): run as whoever we are


def _prepare_socket_dir(socket_path: Path, root: Path) -> None:
    """Create the private /tmp directory for a short socket path, refusing a foreign one."""
    directory = socket_path.parent
    if directory == root:
        return
    with contextlib.suppress(FileExistsError):
        directory.mkdir(mode=0o700)
    info = directory.lstat()  # lstat: a symlink planted by another user must not pass
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise SandboxError(
            "the sandbox socket directory belongs to someone else",
            where=str(directory),
            hint="remove it, or use a shorter sandbox path",
        )


def _connect(socket_path: Path, *, timeout: float) -> Connection:
    import pymysql

    return pymysql.connect(
        unix_socket=str(socket_path),
        user="root",
        password="",
        connect_timeout=max(min(timeout, 5.0), 0.5),
        autocommit=True,
    )


def _socket_accepts(socket_path: Path) -> bool:
    """Whether a server answers on the socket.

    This logs in rather than just connecting: a bare connect that hangs up makes mariadbd
    log an "Aborted connection" warning on every status check. A refused login (root has
    been given a password) still proves the server is up.
    """
    import pymysql

    try:
        _connect(socket_path, timeout=5.0).close()
    except pymysql.MySQLError as exc:
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        # 2000-2999 are client-side codes (can't connect, lost connection): nobody answered.
        return code is not None and not 2000 <= code < 3000
    return True


def _child_alive(child: subprocess.Popen[bytes]) -> bool:
    if child.poll() is None:
        return True
    _CHILDREN.pop(child.pid, None)  # exited, and poll() reaped it
    return False


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, but belongs to another user
    return True


def _command_line(pid: int) -> list[str] | None:
    """The process's arguments from /proc, or None when /proc can't tell us.

    A zombie has an empty command line, so it reads as "not our server" — which matters
    when the server was reparented to an init that doesn't reap its children.
    """
    if not Path("/proc/self").exists():
        return None
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return []
    except OSError:
        return None
    return [os.fsdecode(part) for part in raw.split(b"\0") if part]


def _signal(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _reap(process: subprocess.Popen[bytes]) -> None:
    """Kill a server we launched and collect its exit status."""
    process.kill()
    process.wait()
    _CHILDREN.pop(process.pid, None)


def _remaining(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.1)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as log:
        log.write(text)


def _tail(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-_LOG_TAIL_LINES:]) or "(no output)"
