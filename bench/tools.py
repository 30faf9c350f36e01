"""The server and the tools under test: how each one is invoked on a workload.

Each tool gets its own database per run, recreated untimed. Everything a tool needs
before the timed command (an empty table, revisions already applied) is done untimed,
with the tool itself where the state is the tool's own bookkeeping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pymysql

from bench.replay import CAPTURE_DB, capture
from bench.timing import Command, CommandFailed
from bench.workloads import Workload
from roble_sql.dsn import DatabaseURL

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("raw", "roble", "floor", "replay", "yoyo", "dbmate")
FLOOR = REPO / "bench" / "floor.py"


@dataclass(frozen=True)
class Server:
    """A MariaDB server reachable as ``url`` (no database part), with admin rights."""

    url: DatabaseURL

    def admin(self, sql: str, database: str | None = None) -> list[tuple[Any, ...]]:
        kwargs = self.url.with_database(database).driver_kwargs()
        kwargs["client_flag"] = pymysql.constants.CLIENT.MULTI_STATEMENTS
        connection = pymysql.connect(**kwargs)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                rows = list(cursor.fetchall())
                while cursor.nextset():
                    pass
                return rows
        finally:
            connection.close()

    def recreate(self, database: str, setup: str = "") -> None:
        self.admin(
            f"DROP DATABASE IF EXISTS `{database}`; "
            f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4"
        )
        if setup:
            self.admin(setup, database)

    def drop(self, database: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS `{database}`")

    def url_for(self, database: str) -> str:
        return self.url.with_database(database).as_url(reveal=True)

    def settings(self) -> dict[str, str]:
        names = (
            "version",
            "innodb_flush_log_at_trx_commit",
            "innodb_buffer_pool_size",
            "innodb_log_file_size",
            "log_bin",
            "sync_binlog",
            "general_log",
        )
        row = self.admin("SELECT " + ", ".join(f"@@GLOBAL.{n}" for n in names))[0]
        return {n: str(v) for n, v in zip(names, row, strict=True)}

    @property
    def transport(self) -> str:
        if self.url.unix_socket:
            return "unix socket"
        return f"TCP {self.url.host or 'localhost'}:{self.url.port or 3306}"


class Tools:
    """Builds each tool's commands; knows where the binaries are and which are missing."""

    def __init__(self, server: Server, work: Path):
        self.server = server
        self.python = sys.executable
        # roble as its users run it: the console script pip installs (no runpy, unlike -m).
        script = Path(sys.executable).parent / "roble"
        self.roble_argv = [str(script)] if script.is_file() else [self.python, "-m", "roble_sql"]
        self.yoyo = _sibling_or_path("yoyo")
        self.mariadb = shutil.which("mariadb") or shutil.which("mysql")
        self.dbmate, self.dbmate_note = _install_dbmate(work)
        self.env = _clean_env(server.url)
        self._replays: dict[str, Path] = {}

    def available(self) -> dict[str, str | None]:
        """tool -> None when usable, else why it is skipped."""
        return {
            "raw": None if self.mariadb else "no mariadb/mysql client on PATH",
            "roble": None,
            "floor": None,
            "replay": None,
            "yoyo": None if self.yoyo else "no yoyo script next to python or on PATH",
            "dbmate": None if self.dbmate else self.dbmate_note,
        }

    def has_lint(self) -> bool:
        result = subprocess.run(
            [self.python, "-m", "roble_sql", "lint", "--help"],
            env=self.env,
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    # -- roble ------------------------------------------------------------------------------

    def roble(self, db: str, wl: Workload, *args: str) -> Command:
        return Command(
            [*self.roble_argv, "--database", self.server.url_for(db), *args],
            wl.root,
        )

    # -- the floor: Python + click + PyMySQL sending the raw client's script -------------------

    def floor(self, db: str, wl: Workload, script: Path) -> Command:
        url = self.server.url
        argv = [self.python, str(FLOOR), f"--user={url.user or 'root'}"]
        if url.unix_socket:
            argv.append(f"--socket={url.unix_socket}")
        else:
            argv += [f"--host={url.host or '127.0.0.1'}", f"--port={url.port or 3306}"]
        return Command([*argv, db, str(script)], wl.root)

    def replay(self, db: str, wl: Workload) -> Command:
        """The raw client running the SQL roble sent for ``wl`` (captured once, untimed)."""
        script = self._replays.get(wl.key)
        if script is None:  # captured afresh by each bench run: roble's SQL changes with it
            roble = self.roble(CAPTURE_DB, wl, "upgrade")
            try:
                script = capture(
                    self.server, roble, self.env, wl.setup, wl.root / "roble-replay.sql"
                )
            except pymysql.MySQLError as exc:  # e.g. no right to switch the general log on
                raise CommandFailed(f"capturing roble's SQL failed: {exc}") from None
            self._replays[wl.key] = script
        return self.raw(db, wl, script)

    # -- bare yoyo --------------------------------------------------------------------------

    def yoyo_cmd(self, db: str, wl: Workload, verb: str, *args: str) -> Command:
        assert self.yoyo
        return Command(
            [
                self.yoyo,
                verb,
                "--no-config-file",
                "--batch",
                "--database",
                self.server.url_for(db),
                *args,
                str(wl.migrations),
            ],
            wl.root,
        )

    # -- the raw client ---------------------------------------------------------------------

    def raw(self, db: str, wl: Workload, script: Path | None, *args: str) -> Command:
        assert self.mariadb
        url = self.server.url
        argv = [self.mariadb, "--no-defaults", f"--user={url.user or 'root'}"]
        if url.unix_socket:
            argv.append(f"--socket={url.unix_socket}")
        else:
            argv += ["--protocol=TCP", f"--host={url.host or '127.0.0.1'}"]
            argv.append(f"--port={url.port or 3306}")
        return Command([*argv, *args, db], wl.root, stdin=script)

    # -- dbmate -----------------------------------------------------------------------------

    def dbmate_cmd(self, db: str, wl: Workload, verb: str) -> Command:
        assert self.dbmate
        url = self.server.url
        auth = quote(url.user or "root", safe="")
        if url.password:
            auth += ":" + quote(url.password, safe="")
        if url.unix_socket:
            dsn = f"mysql://{auth}@/{db}?socket={quote(url.unix_socket, safe='/')}"
        else:
            dsn = f"mysql://{auth}@{url.host or '127.0.0.1'}:{url.port or 3306}/{db}"
        argv = [self.dbmate, "--url", dsn, "--migrations-dir", str(wl.dbmate_dir)]
        return Command([*argv, "--no-dump-schema", verb], wl.root)

    # -- what each tool runs per operation ---------------------------------------------------

    def apply(self, tool: str, db: str, wl: Workload) -> list[Command]:
        if tool == "roble":
            return [self.roble(db, wl, "upgrade")]
        if tool == "yoyo":
            return [self.yoyo_cmd(db, wl, "apply")]
        if tool == "raw":
            return [self.raw(db, wl, wl.up_sql)]
        if tool == "floor":
            return [self.floor(db, wl, wl.up_sql)]
        if tool == "replay":
            return [self.replay(db, wl)]
        return [self.dbmate_cmd(db, wl, "migrate")]

    def rollback_all(self, tool: str, db: str, wl: Workload) -> list[Command]:
        if tool == "roble":
            return [self.roble(db, wl, "downgrade", "base")]
        if tool == "yoyo":
            return [self.yoyo_cmd(db, wl, "rollback", "--all")]
        if tool == "raw":
            return [self.raw(db, wl, wl.down_sql)]
        if tool == "floor":
            return [self.floor(db, wl, wl.down_sql)]
        # dbmate rolls back one migration per process and has no "all".
        return [self.dbmate_cmd(db, wl, "rollback")] * wl.revisions

    def status(self, tool: str, db: str, wl: Workload) -> list[Command]:
        if tool == "roble":
            return [self.roble(db, wl, "status")]
        if tool == "yoyo":
            return [self.yoyo_cmd(db, wl, "list")]
        if tool == "raw":
            return [self.raw(db, wl, None, "-e", "SHOW TABLES")]
        return [self.dbmate_cmd(db, wl, "status")]


def _sibling_or_path(name: str) -> str | None:
    sibling = Path(sys.executable).parent / name
    return str(sibling) if sibling.is_file() else shutil.which(name)


def _clean_env(url: DatabaseURL) -> dict[str, str]:
    """The harness's environment without anything that would point a tool elsewhere."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ROBLE_", "DBMATE_", "MYSQL_"))
        and key not in {"DATABASE_URL", "PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE"}
    }
    # Bytecode is cached, as in any installed package (roble_sql/__pycache__ is git-ignored);
    # otherwise every roble process would compile its modules from source (~40 ms).
    env["PYTHONPATH"] = str(REPO)
    if url.password:
        env["MYSQL_PWD"] = url.password  # the raw client's way; never on a command line
    return env


def _install_dbmate(work: Path) -> tuple[str | None, str]:
    """dbmate's Go binary from the npm package, installed once under the work folder."""
    found = list((work / "node_modules" / "@dbmate").glob("*/bin/dbmate"))
    if not found and shutil.which("npm"):
        result = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(work), "dbmate"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        found = list((work / "node_modules" / "@dbmate").glob("*/bin/dbmate"))
        if not found:
            tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            return None, f"npm install dbmate failed: {tail[0][:200]}"
    if not found:
        return None, "npm is not installed, so dbmate could not be installed"
    # The Go binary itself: the npm bin/ entry is a node wrapper that adds ~50 ms per call.
    return str(found[0]), ""
