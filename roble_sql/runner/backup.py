"""Backups: a consistent dump before applying (mariadb-dump/mysqldump), and putting one
back (``roble restore``) with the mariadb client.

A backup is never written over an existing file and is readable by its owner only
(0600 from its first byte, the ``.partial`` it is written as too). It holds everything
but roble's own tables, so a restore puts the schema, the data and yoyo's tables back
while the audit log keeps every event since.

The client tools get the password through an option file that never has a name on
disk (a memfd, or a temp file unlinked before the tool starts), read as /dev/fd/N.
While a tool runs, SIGTERM, SIGINT and SIGHUP end it and clean up before roble exits;
on Linux the tool also dies with roble on SIGKILL (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, count
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

from roble_sql import __version__
from roble_sql.audit import LEASE_TABLE, PROGRESS_STATEMENT_TABLE, PROGRESS_TABLE, TABLE_NAMES
from roble_sql.dsn import DatabaseURL, redact
from roble_sql.errors import (
    ConfigError,
    DatabaseError,
    RobleError,
    UsageError,
)
from roble_sql.runner.client_tools import dies_with_parent, end_child, option_file

if TYPE_CHECKING:
    from roble_sql.runner.database import Database

DUMP_TOOLS = ("mariadb-dump", "mysqldump")
CLIENT_TOOLS = ("mariadb", "mysql")
HEADER = "-- roble backup: "  # the first line of every backup, then its facts as JSON
DUMP_COMPLETED = b"-- Dump completed"  # mariadb-dump's (and mysqldump's) last line
BACKUP_MODE = 0o600  # a full data dump: its owner's eyes only
FOLDER_MODE = 0o700
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
TIME_FORMAT = "%Y%m%dT%H%M%SZ"
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]")


class StoppedBySignal(RobleError):
    """roble got SIGTERM, SIGINT or SIGHUP while a client tool ran: the tool was ended and
    its files removed. The CLI reports it, then exits as that signal would have."""

    def __init__(self, message: str, signal_number: int, *, where: str, hint: str):
        super().__init__(message, where=where, hint=hint)
        self.signal_number = signal_number


# -- where a backup goes ------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupDestination:
    """Where ``upgrade`` writes its backup: exactly ``file`` (--backup), or a new
    ``<database>-<UTC time>.sql`` in ``folder`` (--backup-dir). Never over a file."""

    file: Path | None = None
    folder: Path | None = None

    @classmethod
    def checked(cls, file: Path | None, folder: Path | None) -> BackupDestination | None:
        """The destination asked for (None: no backup), refused before anything runs if
        it can't work: both options, no dump tool, a file already there, a folder that
        can't be written or created."""
        if file is not None and folder is not None:
            raise UsageError(
                "--backup and --backup-dir can't be used together",
                hint="give --backup FILE for that name, or --backup-dir DIR for a new "
                "timestamped file in DIR",
            )
        if file is None and folder is None:
            return None
        find_tool(DUMP_TOOLS, "--backup" if file else "--backup-dir")
        if file is not None:
            file = file.expanduser().absolute()
            _refuse_existing(file)
            _check_folder(file.parent)
        elif folder is not None:
            folder = folder.expanduser().absolute()
            _check_folder(folder)
        return cls(file, folder)

    def path_for(self, database: str, moment: datetime) -> Path:
        """The file to write: --backup's, or the first free name in --backup-dir."""
        if self.file is not None:
            _refuse_existing(self.file)  # again: time has passed (the lock, the lint)
            return self.file
        assert self.folder is not None
        stem = f"{_UNSAFE_IN_NAME.sub('_', database)}-{moment.strftime(TIME_FORMAT)}"
        names = chain([f"{stem}.sql"], (f"{stem}-{n}.sql" for n in count(2)))
        return next(path for name in names if not os.path.lexists(path := self.folder / name))


def _refuse_existing(file: Path) -> None:
    if file.is_dir():
        raise ConfigError(
            "--backup names a folder",
            where=str(file),
            hint="name a file, or use --backup-dir DIR for a timestamped file in DIR",
        )
    if os.path.lexists(file):
        raise ConfigError(
            "the backup file already exists, and roble never overwrites a backup",
            where=str(file),
            hint="keep it: give a new file name, or --backup-dir DIR for a new timestamped "
            "file; to resume a failed upgrade without another backup, drop --backup",
        )


def _check_folder(folder: Path) -> None:
    """The folder exists and is writable, or its nearest existing parent is (so it can be
    created when the backup is written)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(
            "the backup folder can't be created: a file is in the way",
            where=str(existing),
            hint="choose another backup folder or file name",
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "can't be written" if existing == folder else "can't be created"
        raise ConfigError(
            f"the backup folder {what}: no permission to write in {existing}",
            where=str(folder),
            hint="choose a folder this user can write, or fix its permissions",
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"the backup folder can't be created: {exc.strerror or exc}",
            where=str(folder),
            hint="choose a folder this user can write, or fix its permissions",
        ) from None


# -- dumping ---------------------------------------------------------------------------------


def dump_database(url: DatabaseURL, destination: BackupDestination, database: str) -> Path:
    """Dump everything but roble's own tables (``--single-transaction``: consistent,
    without locking InnoDB tables) under roble's header; returns the file written."""
    tool = find_tool(DUMP_TOOLS, "--backup")
    moment = datetime.now(UTC)
    target = destination.path_for(database, moment)
    _make_folder(target.parent)
    command = [
        tool,
        "--single-transaction",
        "--routines",
        "--triggers",
        "--events",
        "--hex-blob",
        "--no-tablespaces",
        *(f"--ignore-table={database}.{name}" for name in (*TABLE_NAMES, LEASE_TABLE)),
        "--databases",
        database,
    ]
    with (
        _ToolRun(
            url,
            where=str(target),
            stopped="the backup was stopped by {signal} before it was complete, so nothing "
            "was applied; its partial file was removed",
            hint="run the upgrade again",
        ) as tool_run,
        _partial_file(target) as (partial, out),
    ):
        os.write(out, _header(database, moment).encode("ascii"))
        code, error = tool_run.run(command, stdout=out)
        if code != 0:
            raise DatabaseError(
                f"the backup failed, so nothing was applied: {redact(error, (url.password,))}",
                where=str(target),
                hint="fix the dump problem (privileges: SELECT, SHOW VIEW, TRIGGER, EVENT, "
                "LOCK TABLES) and run again",
            )
        os.fsync(out)  # on disk before anything is applied
        _put_in_place(partial, target)
    return target


def _header(database: str, moment: datetime) -> str:
    facts = {
        "database": database,
        "taken_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "roble": __version__,
        "without": list(TABLE_NAMES),
    }
    return (
        f"{HEADER}{json.dumps(facts)}\n"
        "-- Put it back with 'roble restore FILE': roble's own tables are not in it, so the\n"
        "-- audit log keeps every event since.\n"
    )


@contextlib.contextmanager
def _partial_file(target: Path) -> Iterator[tuple[Path, int]]:
    """``target.partial``, 0600, locked while written (one a killed run left is reused),
    and removed on every way out."""
    partial = target.with_name(target.name + ".partial")
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        out = os.open(partial, flags, BACKUP_MODE)  # the umask can only narrow 0600
    except OSError as exc:
        raise ConfigError(
            f"the backup can't be written: {exc.strerror or exc}",
            where=str(partial),
            hint="choose a folder this user can write, or fix its permissions",
        ) from None
    owned = False
    try:
        try:
            fcntl.flock(out, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by mariadb-dump too
        except BlockingIOError:
            raise ConfigError(
                "another roble is writing a backup to this file right now",
                where=str(partial),
                hint="wait for it to finish, or give another file name",
            ) from None
        except OSError:  # a file system without locks (some NFS): written unlocked
            pass
        owned = True
        os.ftruncate(out, 0)  # what a killed run left behind
        os.fchmod(out, BACKUP_MODE)
        yield partial, out
    finally:
        if owned:
            partial.unlink(missing_ok=True)
        os.close(out)


def _put_in_place(partial: Path, target: Path) -> None:
    """Give the finished dump its name; a hard link never replaces a file that appeared
    there meanwhile (a rename would)."""
    appeared = ConfigError(
        "a file appeared at the backup's name while it was written; roble never "
        "overwrites one, so nothing was applied",
        where=str(target),
        hint="run again with another file name",
    )
    try:
        os.link(partial, target)
    except FileExistsError:
        raise appeared from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise appeared from None
        os.rename(partial, target)
    with contextlib.suppress(OSError):  # the new name durable too
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


# -- reading a backup and putting it back ------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    """A roble backup, checked whole: its header's facts and the file's sha256."""

    path: Path
    database: str
    taken_at: str
    sha256: str


def read_backup(path: Path) -> BackupFile:
    """Check that ``path`` is a complete roble backup (its header first, mariadb-dump's
    'Dump completed' last) and hash it; refuse anything else with one line."""
    path = path.expanduser().absolute()
    digest = hashlib.sha256()
    try:
        with path.open("rb") as source:
            first = source.readline(64 << 10)
            digest.update(first)
            tail = first[-4096:]
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
                tail = (tail + block)[-4096:]
    except OSError as exc:
        raise ConfigError(
            f"the backup can't be read: {exc.strerror or exc}",
            where=str(path),
            hint="check the file name and its permissions",
        ) from None
    facts = _header_facts(first)
    if facts is None:
        raise UsageError(
            "this is not a roble backup: its first line is not roble's backup header",
            where=str(path),
            hint="restore a file written by 'roble upgrade --backup' or '--backup-dir'; "
            "load any other dump with the mariadb client",
        )
    last = tail.rstrip().rsplit(b"\n", 1)[-1]
    if not last.startswith(DUMP_COMPLETED):
        raise UsageError(
            "the backup is cut short: it does not end with mariadb-dump's 'Dump completed' line",
            where=str(path),
            hint="restore a complete copy of the backup",
        )
    return BackupFile(path, facts["database"], str(facts.get("taken_at", "")), digest.hexdigest())


def _header_facts(first: bytes) -> dict[str, Any] | None:
    if not first.startswith(HEADER.encode()):
        return None
    try:
        facts = json.loads(first[len(HEADER) :])
    except ValueError:
        return None
    if not isinstance(facts, dict) or not isinstance(facts.get("database"), str):
        return None
    return facts


def restore_database(db: Database, backup: BackupFile) -> list[str]:
    """Put ``backup`` back: every object but roble's tables dropped, the dump loaded (yoyo's
    tables come with it), roble's progress rows cleared (a half-run's progress no longer
    applies). Returns the objects the backup lacked ("table x"), gone now."""
    before = _objects(db)
    _drop(db, before)
    load_backup(db.url, backup)
    for table in (PROGRESS_STATEMENT_TABLE, PROGRESS_TABLE):
        db.execute(f"DELETE FROM {db.table(table)}")
    return [f"{kind.lower()} {name}" for kind, name in sorted(before - _objects(db))]


def _objects(db: Database) -> set[tuple[str, str]]:
    """Every object of the database but roble's own tables: (kind, name)."""
    found = {
        ("VIEW" if kind == "VIEW" else "TABLE", name)
        for name, kind in db.query(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = DATABASE()"
        )
        if name not in TABLE_NAMES and name != LEASE_TABLE  # the lease a restore holds
    }
    found |= set(
        db.query(
            "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
            " WHERE ROUTINE_SCHEMA = DATABASE()"
        )
    )
    found |= {
        ("EVENT", name)
        for (name,) in db.query(
            "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()"
        )
    }
    found |= {
        ("TRIGGER", name)
        for (name,) in db.query(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
        )
    }
    return found


def _drop(db: Database, objects: Iterable[tuple[str, str]]) -> None:
    """Drop the objects (triggers go with their tables; a package body before its
    package), foreign key checks off meanwhile."""
    order = ["VIEW", "TABLE", "PROCEDURE", "FUNCTION", "PACKAGE BODY", "PACKAGE", "EVENT"]
    dropping = sorted((order.index(kind), kind, name) for kind, name in objects if kind in order)
    db.execute("SET @roble_fk = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0")
    try:
        for _, kind, name in dropping:
            db.execute(f"DROP {kind} IF EXISTS {db.table(name)}")
    finally:
        db.execute("SET FOREIGN_KEY_CHECKS = @roble_fk")


def load_backup(url: DatabaseURL, backup: BackupFile) -> None:
    """Run the backup's SQL with the mariadb client; --binary-mode runs no client command
    a tampered file could hold (\\! ...)."""
    tool = find_tool(CLIENT_TOOLS, "restore")
    with (
        _ToolRun(
            url,
            where=str(backup.path),
            stopped="the restore was stopped by {signal}: the database is partly restored",
            hint="run 'roble restore' again: it starts over",
        ) as tool_run,
        backup.path.open("rb") as source,
    ):
        code, error = tool_run.run([tool, "--binary-mode", "--batch"], stdin=source)
    if code != 0:
        raise DatabaseError(
            f"the restore stopped: {redact(error, (url.password,))}; the database is partly "
            "restored",
            where=str(backup.path),
            hint="fix the problem and run 'roble restore' again: it starts over",
        )


# -- running a client tool -------------------------------------------------------------------


def find_tool(names: tuple[str, ...], needed_by: str) -> str:
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found is None:
        raise ConfigError(
            f"{needed_by} needs {' or '.join(names)}, and neither is installed",
            hint="install the client tools (apt-get install mariadb-client)"
            + (" or drop --backup" if needed_by.startswith("--") else ""),
        )
    return found


class _Stop(BaseException):
    """A stop signal arrived while a tool ran (BaseException: no handler swallows it)."""


class _ToolRun:
    """Runs client tools with the URL's password in a nameless option file; SIGTERM,
    SIGINT and SIGHUP meanwhile end the tool, and on leaving (after the files are
    cleaned up) become ``StoppedBySignal``."""

    def __init__(self, url: DatabaseURL, *, where: str, stopped: str, hint: str):
        self.url = url
        self.where = where
        self.stopped = stopped
        self.hint = hint
        self.received: list[int] = []
        self.armed = False  # a signal raises _Stop only while a tool runs
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> _ToolRun:
        if threading.current_thread() is threading.main_thread():  # else signals can't be set
            for number in STOP_SIGNALS:
                if signal.getsignal(number) is not signal.SIG_IGN:  # nohup's stays ignored
                    self.previous[number] = signal.signal(number, self._on_signal)
        return self

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        if self.received:
            name = signal.Signals(self.received[0]).name
            raise StoppedBySignal(
                self.stopped.format(signal=name),
                self.received[0],
                where=self.where,
                hint=self.hint,
            ) from None

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        self.received.append(number)
        if self.armed:  # once: the cleanup that follows must not be interrupted
            self.armed = False
            raise _Stop

    def run(
        self, command: list[str], *, stdin: IO[bytes] | None = None, stdout: int | None = None
    ) -> tuple[int, str]:
        """Run ``command`` (the option file goes first); its exit code and last error line."""
        options = option_file(self.url)
        try:
            child = subprocess.Popen(
                [command[0], f"--defaults-extra-file=/dev/fd/{options}", *command[1:]],
                stdin=stdin,
                stdout=stdout if stdout is not None else subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(options,),
                preexec_fn=dies_with_parent(),
            )
        finally:
            os.close(options)  # the child holds its own copy
        try:
            self.armed = True
            if self.received:  # it came while the tool was starting
                raise _Stop
            _, error = child.communicate()
        except _Stop:
            return -1, ""  # __exit__ reports it
        finally:
            self.armed = False
            end_child(child)
        text = error.decode("utf-8", "replace").strip()
        return child.returncode, (text.splitlines()[-1] if text else f"exit {child.returncode}")
