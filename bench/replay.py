"""roble's own SQL, captured once from the server's general log, for the raw client to replay.

Timing the raw client on exactly the statements roble sent (the revision's SQL plus
roble's lock, yoyo rows, audit rows, progress rows and commits) gives what roble's
design costs the server, with no Python at all. The gap between it and the raw client
on the bare SQL is the price of the records; the gap between it and roble is roble's
own client-side work.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from bench.timing import Command
from bench.timing import run as time_commands

if TYPE_CHECKING:
    from bench.tools import Server

# One entry of the general log: optional date/time, the thread id, the command, its text.
_ENTRY = re.compile(r"\n(?:\d{6}\s+\d+:\d\d:\d\d)?\s+(\d+) (Query|Connect|Quit|Init DB)\t")
CAPTURE_DB = "bench_capture"


def capture(server: Server, roble: Command, env: dict[str, str], setup: str, out: Path) -> Path:
    """Run ``roble`` (against ``bench_capture``) with the general log on; write what its
    connection sent to ``out`` as a script for the raw client (unqualified table names).
    Needs the right to set global variables (the bench's own sandbox has it)."""
    log_file = out.with_suffix(".log")
    server.recreate(CAPTURE_DB, setup)
    log_file.unlink(missing_ok=True)
    server.admin(f"SET GLOBAL general_log_file = '{log_file}'")
    server.admin("SET GLOBAL general_log = 1")
    try:
        time_commands([roble], env)
    finally:
        server.admin("SET GLOBAL general_log = 0")
        server.drop(CAPTURE_DB)
    statements = roble_statements(log_file.read_text(encoding="utf-8", errors="replace"))
    script = "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
    out.write_text(script.replace(f"`{CAPTURE_DB}`.", ""), encoding="utf-8")
    log_file.unlink()
    return out


def roble_statements(log: str) -> list[str]:
    """The queries of the connection that took roble's migration lock, in order."""
    parts = _ENTRY.split(log)
    entries = list(zip(parts[1::3], parts[2::3], parts[3::3], strict=True))
    runner = next(t for t, kind, text in entries if kind == "Query" and "GET_LOCK(" in text)
    return [text for t, kind, text in entries if t == runner and kind == "Query"]
