"""Online schema changes: an ALTER TABLE run through pt-online-schema-change.

A plain ALTER that copies a big table blocks writes on it for the whole copy (0.8-0.93 s
of worst write latency on 300k rows here). The tool copies the rows in small chunks into
``_<table>_new`` while triggers keep it in step, then swaps the two tables in one RENAME.

An ALTER TABLE goes through the tool when the line before it says ``-- roble: online``,
or when its table is at least ``online_min_rows`` rows or ``online_min_bytes`` bytes
(information_schema.TABLES) and the server can't do the change with
``ALGORITHM=INSTANT``. That is asked of the server itself: the ALTER, with
``ALGORITHM=INSTANT``, on an empty ``CREATE TABLE ... LIKE`` copy (a TEMPORARY copy
accepts any ALGORITHM=, so it can't tell).

roble keeps its own lock and records: the statement is recorded as done only when the
tool succeeds. The password travels in an option file with no name on disk (backup.py's
memfd), as the DSN's ``F=/dev/fd/N``; never on the command line.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from roble_sql.dsn import DatabaseURL, redact
from roble_sql.errors import ConfigError, MigrationFailed
from roble_sql.online_mark import marked_lines
from roble_sql.runner.client_tools import (
    client_options,
    dies_with_parent,
    end_child,
    option_file,
)

if TYPE_CHECKING:
    from roble_sql.runner.database import Database
    from roble_sql.splitter import Statement

DEFAULT_TOOL = "pt-online-schema-change"
ENV_TOOL = "ROBLE_ONLINE_TOOL"
INSTALL_LINE = "apt-get install percona-toolkit"
INSTANT_NOT_SUPPORTED = 1846  # ER_ALTER_OPERATION_NOT_SUPPORTED_REASON

_NAME = r"(?:`(?:[^`]|``)+`|[A-Za-z0-9_$]+)"
_ALTER = re.compile(
    r"\A\s*ALTER\s+(?:ONLINE\s+)?(?:IGNORE\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?"
    rf"(?P<name>{_NAME}(?:\s*\.\s*{_NAME})?)\s+(?P<spec>\S.*)\Z",
    re.I | re.S,
)
_PERCENT = re.compile(r"(\d+)% ")

ProgressSink = Callable[[str, str, int], None]  # revision id, the tool's line, percent (or -1)


def _ignore(revision_id: str, line: str, percent: int) -> None:
    return None


@dataclass(frozen=True)
class OnlineSettings:
    """yoyo.ini [roble] online_*: when the tool is used, and the throttles it gets."""

    tool: str = DEFAULT_TOOL
    min_rows: int | None = None
    min_bytes: int | None = None
    max_lag: str = "1"  # seconds of replica lag before the copy pauses
    critical_load: str = "Threads_running=50"  # the tool aborts above it
    max_load: str = "Threads_running=25"  # the copy pauses above it
    lock_wait_timeout: int = 10  # seconds its DDL (triggers, swap) may wait for a table lock
    replica: str | None = None  # a DSN (h=...,P=...) for --check-slave-lag
    chunk_size: int = 1000
    lock_wait_set: bool = False  # online_lock_wait_timeout given: it wins over --ddl-lock-wait

    @classmethod
    def from_options(
        cls, options: Mapping[str, str], environ: Mapping[str, str] | None = None
    ) -> OnlineSettings:
        env = os.environ if environ is None else environ
        return cls(
            tool=env.get(ENV_TOOL) or options.get("online_tool") or DEFAULT_TOOL,
            min_rows=_number(options, "online_min_rows"),
            min_bytes=_number(options, "online_min_bytes"),
            max_lag=options.get("online_max_lag") or cls.max_lag,
            critical_load=options.get("online_critical_load") or cls.critical_load,
            max_load=options.get("online_max_load") or cls.max_load,
            lock_wait_timeout=_number(options, "online_lock_wait_timeout") or cls.lock_wait_timeout,
            replica=options.get("online_replica") or None,
            lock_wait_set=_number(options, "online_lock_wait_timeout") is not None,
        )

    @property
    def has_threshold(self) -> bool:
        return self.min_rows is not None or self.min_bytes is not None


def _number(options: Mapping[str, str], key: str) -> int | None:
    value = options.get(key, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(
            f"{key} = {value} is not a whole number",
            where=f"yoyo.ini [roble] {key}",
            hint=f"write a number, e.g. {key} = 100000",
        )
    return int(value)


@dataclass(frozen=True)
class AlterTarget:
    """An ALTER TABLE as the tool takes it: the table and what follows its name."""

    database: str
    table: str
    spec: str

    @property
    def new_table(self) -> str:
        return f"_{self.table}_new"

    @property
    def old_table(self) -> str:
        return f"_{self.table}_old"

    @property
    def triggers(self) -> list[str]:
        return [f"pt_osc_{self.database}_{self.table}_{kind}" for kind in ("ins", "upd", "del")]


def parse_alter(text: str, database: str) -> AlterTarget | None:
    """The table and clauses of an ALTER TABLE statement; None for anything else."""
    match = _ALTER.match(text)
    if match is None:
        return None
    parts = [_unquote(p) for p in re.findall(_NAME, match.group("name"))]
    schema, table = (parts[0], parts[1]) if len(parts) == 2 else (database, parts[0])
    return AlterTarget(schema, table, match.group("spec").strip())


def _unquote(name: str) -> str:
    return name[1:-1].replace("``", "`") if name.startswith("`") else name


def quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


# -- deciding -----------------------------------------------------------------------------


@dataclass
class OnlineChanges:
    """What ``upgrade``/``downgrade`` run through the tool (the runner asks per statement)."""

    settings: OnlineSettings
    texts: Mapping[Path, Callable[[], str]]  # each revision file's text, read once already
    report: ProgressSink = _ignore
    last_command: list[str] = field(default_factory=list)  # the argv the tool last ran with
    _marks: dict[Path, frozenset[int]] = field(default_factory=dict)

    def marked(self, path: Path, statement: Statement) -> bool:
        if path not in self._marks:
            text = self.texts[path]() if path in self.texts else ""
            self._marks[path] = marked_lines(text)
        return statement.line in self._marks[path]

    def considers(self, path: Path, statement: Statement, database: str) -> bool:
        """Cheap, from the text: whether the statement may go through the tool."""
        if not (self.settings.has_threshold or self.marked(path, statement)):
            return False
        return parse_alter(statement.text, database) is not None

    def target(self, db: Database, path: Path, statement: Statement) -> AlterTarget | None:
        """The ALTER to run through the tool, or None to run it as it is."""
        change = parse_alter(statement.text, db.database)
        if change is None:
            return None
        if self.marked(path, statement):
            return change
        if not self._big(db, change):
            return None
        return None if can_be_instant(db, change) else change

    def _big(self, db: Database, change: AlterTarget) -> bool:
        rows = db.query(
            "SELECT TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s AND TABLE_TYPE = 'BASE TABLE'",
            (change.database, change.table),
        )
        if not rows:
            return False
        count, size = (int(v or 0) for v in rows[0])
        limits = self.settings
        return (limits.min_rows is not None and count >= limits.min_rows) or (
            limits.min_bytes is not None and size >= limits.min_bytes
        )

    def tool_path(self, where: str) -> str:
        """The tool's executable, or a one-line refusal naming the install line."""
        found = shutil.which(self.settings.tool)
        if found is None:
            raise ConfigError(
                f"{where} needs {self.settings.tool} (an online schema change), and it is "
                "not installed",
                where=where,
                hint=f"install it ({INSTALL_LINE}), or set online_tool in yoyo.ini [roble] "
                f"(or {ENV_TOOL}) to its path",
            )
        return found

    def require_tool(
        self, db: Database, files: list[tuple[str, Path, Iterator[Statement]]]
    ) -> None:
        """Before anything runs: a revision that needs the tool refuses if it is missing."""
        if shutil.which(self.settings.tool) is not None:
            return
        for revision_id, path, statements in files:
            for statement in statements:
                if self.considers(path, statement, db.database) and self.target(
                    db, path, statement
                ):
                    self.tool_path(f"{revision_id} ({path.name}:{statement.line})")

    # -- running ----------------------------------------------------------------------------

    def run(
        self, db: Database, revision_id: str, change: AlterTarget, lock_wait: int | None = None
    ) -> None:
        """Clean up what an interrupted run left, then run the tool; OnlineToolFailed if
        it does not succeed. ``lock_wait``: the DDL lock bound (--ddl-lock-wait), which
        wins over online_lock_wait_timeout."""
        tool = self.tool_path(revision_id)
        clean_leftovers(db, change, lambda line: self.report(revision_id, line, -1))
        for risk in write_risks(db, change):
            self.report(revision_id, f"warning: {risk}", -1)
        settings = self.settings
        if lock_wait is not None and not self.settings.lock_wait_set:
            settings = replace(settings, lock_wait_timeout=int(lock_wait))
        options = option_file(db.url)
        command = tool_command(tool, settings, change, f"/dev/fd/{options}")
        self.last_command = command
        try:
            child = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                pass_fds=(options,),
                preexec_fn=dies_with_parent(),
            )
        finally:
            os.close(options)  # the child holds its own copy
        last: list[str] = []
        try:
            assert child.stdout is not None
            for raw in child.stdout:
                line = redact(raw.decode("utf-8", "replace").rstrip(), (db.url.password,))
                if line.strip():
                    last = [*last[-4:], line.strip()]
                    self.report(revision_id, line.strip(), _percent(line))
            child.wait()
        finally:
            _end_tool(child)
        if child.returncode != 0:
            raise OnlineToolFailed(_failure(self.settings.tool, child.returncode, last))


def _end_tool(child: subprocess.Popen[bytes]) -> None:
    if child.stdout is not None:
        child.stdout.close()
    end_child(child)


def _percent(line: str) -> int:
    match = _PERCENT.search(line) if line.lstrip().startswith("Copying") else None
    return int(match.group(1)) if match else -1


def _failure(tool: str, code: int, last: list[str]) -> str:
    errors = [line for line in last if not _PERCENT.search(line)]
    why = " ".join(errors[-2:]) if errors else f"exit {code}"
    how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
    return f"{tool} failed ({how}): {' '.join(why.split())}"


class OnlineToolFailed(Exception):
    """The tool ended without altering the table; its last lines say why."""


def can_be_instant(db: Database, change: AlterTarget) -> bool:
    """Whether the server does this change with ALGORITHM=INSTANT: tried on an empty copy
    of the table (an implicit commit, like the ALTER itself; roble commits before)."""
    probe = "_roble_probe_" + hashlib.sha1(change.table.encode()).hexdigest()[:12]
    name = f"{quoted(change.database)}.{quoted(probe)}"
    db.execute(f"DROP TABLE IF EXISTS {name}")
    db.execute(f"CREATE TABLE {name} LIKE {quoted(change.database)}.{quoted(change.table)}")
    try:
        db.execute(f"ALTER TABLE {name} {change.spec}, ALGORITHM=INSTANT")
    except Exception:  # 1846 (not supported) or anything the copy can't do: not instant
        return False
    finally:
        db.execute(f"DROP TABLE IF EXISTS {name}")
    return True


def write_risks(db: Database, change: AlterTarget) -> list[str]:
    """What may make an application write fail while the tool copies (measured here; see
    the deployment guide): the tool can't avoid these, so the deployer is told first."""
    risks = []
    rows = db.query(
        "SELECT AUTO_INCREMENT, @@innodb_autoinc_lock_mode FROM information_schema.TABLES"
        " WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
        (change.database, change.table),
    )
    if rows and rows[0][0] is not None and int(rows[0][1]) < 2:
        risks.append(
            f"{change.table} has AUTO_INCREMENT and innodb_autoinc_lock_mode is {rows[0][1]}: "
            "an application INSERT may get a 1213 deadlock while the copy runs (let it "
            "retry, or set innodb_autoinc_lock_mode=2)"
        )
    wsrep = db.query("SHOW VARIABLES LIKE 'wsrep_on'")
    if wsrep and str(wsrep[0][1]).upper() == "ON":
        risks.append(
            "on Galera, writes on other nodes may be aborted with 1213 while the copy runs "
            "(send writes to one node, or let the application retry)"
        )
    return risks


def clean_leftovers(db: Database, change: AlterTarget, note: Callable[[str], None]) -> None:
    """Remove what a killed run of the tool left (its triggers, ``_<table>_new``) so it can
    run again; refuse when it had already swapped the tables (``_<table>_old`` exists)."""
    schema = quoted(change.database)
    triggers = db.query(
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s"
        " AND TRIGGER_NAME IN (%s, %s, %s)",
        (change.database, *change.triggers),
    )
    for (trigger,) in triggers:
        db.execute(f"DROP TRIGGER IF EXISTS {schema}.{quoted(trigger)}")
        note(f"removed trigger {trigger} left by an interrupted run of the online tool")
    tables = {
        name
        for (name,) in db.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s"
            " AND TABLE_NAME IN (%s, %s)",
            (change.database, change.new_table, change.old_table),
        )
    }
    if change.old_table in tables:
        raise MigrationFailed(
            f"{change.database}.{change.old_table} exists: an earlier run of the online tool "
            f"swapped the tables before it stopped, so the change may have taken effect",
            where=f"{change.database}.{change.table}",
            hint=f"check SHOW CREATE TABLE {change.table}; drop {change.old_table} once its "
            "rows are not needed, then run again (or settle it with 'roble resolve')",
        )
    if change.new_table in tables:
        db.execute(f"DROP TABLE IF EXISTS {schema}.{quoted(change.new_table)}")
        note(f"removed table {change.new_table} left by an interrupted run of the online tool")


# -- the command ------------------------------------------------------------------------------


def tool_command(
    tool: str, settings: OnlineSettings, change: AlterTarget, options_path: str
) -> list[str]:
    """The tool's argv: no password in it (that is in the option file ``options_path``)."""
    for name in (change.database, change.table):
        if re.search(r"[,=\s]", name):
            raise ConfigError(
                f"the online tool can't name {name!r} in its DSN (a comma, = or space)",
                where=f"{change.database}.{change.table}",
                hint="run this ALTER without '-- roble: online', or rename the table",
            )
    command = [
        tool,
        "--alter",
        change.spec,
        "--execute",
        # Small fixed chunks: with the defaults a concurrent writer got a deadlock per run.
        "--chunk-size",
        str(settings.chunk_size),
        "--chunk-size-limit",
        "0",
        "--max-lag",
        settings.max_lag,
        "--critical-load",
        settings.critical_load,
        "--max-load",
        settings.max_load,
        "--set-vars",
        f"lock_wait_timeout={settings.lock_wait_timeout}",
        "--progress",
        "time,1",
    ]
    if settings.replica:
        command += ["--check-slave-lag", settings.replica]
    command.append(f"D={change.database},t={change.table},F={options_path}")
    return command


def shown_command(url: DatabaseURL | None, settings: OnlineSettings, change: AlterTarget) -> str:
    """The command for ``--sql``: the option file's content shown, its password masked."""
    command = shlex.join(tool_command(settings.tool, settings, change, "/dev/fd/N"))
    if url is None:
        return command
    masked = client_options(url.with_password("***") if url.password else url)
    return f"{command}\n(/dev/fd/N: {' '.join(masked.split())})"
