"""Which statements roble sends to the server, per revision, counted at the driver.

Runs roble in-process with PyMySQL's ``Connection._execute_command`` wrapped, so every
command that goes over the wire (COM_QUERY, COM_INIT_DB, COM_PING, ...) is recorded in
order, and ``Connection.__init__`` wrapped to count connections. Then:

- upgrade of N=5 and N=10 one-table revisions: round trips per revision (the difference
  divided by 5), the fixed cost of a run, and the steady-state sequence of one revision
  (from its CREATE TABLE up to the next revision's CREATE TABLE);
- ``downgrade base`` of the 10: the same for a rollback;
- ``status`` and ``current`` with 10 applied: every statement they send.

    python -m bench.roundtrips --database mysql://root@localhost/?unix_socket=/path [--json]

The URL needs rights to create and drop the database ``bench_trace``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.workloads import table_revisions
from roble_sql.dsn import DatabaseURL

TRACE_DB = "bench_trace"
_COMMANDS = {2: "COM_INIT_DB", 3: "COM_QUERY", 14: "COM_PING", 22: "COM_STMT_PREPARE"}


@dataclass
class Wire:
    """What crossed the wire while the spy was on."""

    sent: list[str] = field(default_factory=list)
    connections: int = 0


@contextlib.contextmanager
def spy() -> Iterator[Wire]:
    """Record every command PyMySQL sends, and every connection it opens, in this process."""
    from pymysql import connections

    wire = Wire()
    original_execute = connections.Connection._execute_command
    original_init = connections.Connection.__init__

    def execute(self, command, sql):  # type: ignore[no-untyped-def]
        text = sql.decode("utf-8", "replace") if isinstance(sql, bytes | bytearray) else sql
        name = _COMMANDS.get(command, f"COM_{command}")
        wire.sent.append(text if command == 3 else f"{name} {text}")
        return original_execute(self, command, sql)

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        wire.connections += 1
        return original_init(self, *args, **kwargs)

    connections.Connection._execute_command = execute
    connections.Connection.__init__ = init
    try:
        yield wire
    finally:
        connections.Connection._execute_command = original_execute
        connections.Connection.__init__ = original_init


def shape(sql: str, width: int = 140) -> str:
    """A round trip with its literals blanked, each statement of a batch cut to ``width``."""
    text = " ".join(sql.split())
    text = re.sub(r"'(?:[^'\\]|\\.|'')*'", "?", text)
    text = re.sub(r"(?<![\w@.])-?\d+(?:\.\d+)?\b", "?", text)
    text = re.sub(r"\((?:\?, )+\?\)", "(?, ...)", text)
    parts = [p.strip() for p in text.split(";") if p.strip()]  # literals are blanked already
    cut = [p if len(p) <= width else p[: width - 3] + "..." for p in parts]
    return "\n    + ".join(cut)


def roble(url: str, project: Path, *args: str) -> Wire:
    """Run ``roble --database url ARGS`` in-process inside ``project``, under the spy."""
    from roble_sql.cli import run

    here = Path.cwd()
    os.chdir(project)
    out = io.StringIO()
    try:
        with spy() as wire, contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = run(["--database", url, *args])
    finally:
        os.chdir(here)
    if code != 0:
        raise SystemExit(f"roble {' '.join(args)} failed with exit code {code}: {out.getvalue()}")
    return wire


def _between(sent: list[str], start: str, end: str) -> list[str]:
    """The round trips from the one that sends ``start`` up to (not including) ``end``.

    A round trip may carry several statements (a multi-statement batch), so this
    searches inside each one.
    """

    def index(statement: str) -> int:
        pattern = re.compile(rf"(?:^|;\s*){re.escape(statement)}(?![\w$])")
        return next(i for i, s in enumerate(sent) if pattern.search(s))

    return sent[index(start) : index(end)]


def trace(server_url: str) -> dict[str, object]:
    import pymysql

    server = DatabaseURL.parse(server_url).with_database(None)
    url = server.with_database(TRACE_DB).as_url(reveal=True)

    def recreate() -> None:
        connection = pymysql.connect(**server.driver_kwargs())
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{TRACE_DB}`")
            cursor.execute(f"CREATE DATABASE `{TRACE_DB}` CHARACTER SET utf8mb4")
        connection.close()

    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="roble-trace-") as tmp:
        counts = {}
        for n in (5, 10):
            project = Path(tmp) / f"p{n}"
            table_revisions(project, f"trace{n}", n)
            recreate()
            wire = roble(url, project, "upgrade")
            counts[n] = (len(wire.sent), wire.connections)
        per = (counts[10][0] - counts[5][0]) / 5
        result["upgrade"] = {
            "round_trips_n5": counts[5][0],
            "round_trips_n10": counts[10][0],
            "per_revision": per,
            "fixed": counts[5][0] - 5 * per,
            "connections": counts[10][1],
            "sequence": [
                shape(s) for s in _between(wire.sent, "CREATE TABLE t_6", "CREATE TABLE t_7")
            ],
            "kinds": Counter(shape(s).split(" ")[0].upper() for s in wire.sent),
        }
        for command in ("status", "current"):
            wire = roble(url, project, command)
            result[command] = {
                "round_trips": len(wire.sent),
                "connections": wire.connections,
                "sequence": [shape(s) for s in wire.sent],
            }
        wire = roble(url, project, "downgrade", "base")
        result["downgrade"] = {
            "round_trips_n10": len(wire.sent),
            "connections": wire.connections,
            "sequence": [shape(s) for s in _between(wire.sent, "DROP TABLE t_6", "DROP TABLE t_5")],
        }
    connection = pymysql.connect(**server.driver_kwargs())
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{TRACE_DB}`")
    connection.close()
    return result


def render(result: dict[str, object]) -> str:
    up = result["upgrade"]
    down = result["downgrade"]
    assert isinstance(up, dict) and isinstance(down, dict)
    lines = [
        f"upgrade: {up['per_revision']:g} round trips per revision, {up['fixed']:g} fixed per run, "
        f"{up['connections']} connection(s) (N=5: {up['round_trips_n5']}, N=10: {up['round_trips_n10']})",
        "",
        "one revision's round trips in order (its statement, then bookkeeping up to the next):",
    ]
    lines += [f"  {i:2d}. {s}" for i, s in enumerate(up["sequence"], start=1)]
    lines += ["", f"downgrade base of 10: {down['round_trips_n10']} round trips; one revision:"]
    lines += [f"  {i:2d}. {s}" for i, s in enumerate(down["sequence"], start=1)]
    for command in ("status", "current"):
        info = result[command]
        assert isinstance(info, dict)
        lines += ["", f"{command} with 10 applied: {info['round_trips']} round trips:"]
        lines += [f"  {i:2d}. {s}" for i, s in enumerate(info["sequence"], start=1)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="server URL (its database is ignored)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    options = parser.parse_args(argv)
    result = trace(options.database)
    print(json.dumps(result, indent=1) if options.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
