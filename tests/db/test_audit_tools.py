"""The auditor's view: history filters and exports, the hash chain, show, progress output."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from datetime import datetime, timedelta

from roble_sql.dsn import DatabaseURL
from tests.conftest import OUTPUTS, REPO, Project, Roble


def _history_fixture(project: Project, roble: Roble) -> None:
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))
    assert roble("upgrade").code == 0
    assert roble("downgrade").code == 0


def test_history_is_append_only_and_exports(project: Project, roble: Roble):
    _history_fixture(project, roble)
    events = json.loads(roble("history", "--format", "json").out)
    assert [(e["id"], e["action"]) for e in events] == [
        ("0001_t", "apply"),
        ("0002_u", "apply"),
        ("0002_u", "rollback"),
    ]
    exported = list(csv.DictReader(io.StringIO(roble("history", "--format", "csv").out)))
    assert [(row["id"], row["action"], row["outcome"]) for row in exported] == [
        (e["id"], e["action"], e["outcome"]) for e in events
    ]
    assert exported[0]["checksum"] == events[0]["checksum"] and len(exported[0]["checksum"]) == 64
    assert {"db_user", "os_user", "host", "started_at", "duration_ms", "row_hash"} <= set(
        exported[0]
    )
    text = roble("history").out.splitlines()
    assert text[0].split()[:3] == ["when", "(UTC)", "action"] and len(text) == 2 + 3


def test_history_filters_by_revision_and_time(project: Project, roble: Roble):
    _history_fixture(project, roble)
    only = json.loads(roble("history", "--json", "-r", "0002").out)
    assert [(e["id"], e["action"]) for e in only] == [("0002_u", "apply"), ("0002_u", "rollback")]
    future = (datetime.utcnow() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    past = (datetime.utcnow() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    assert json.loads(roble("history", "--json", "--since", future).out) == []
    assert len(json.loads(roble("history", "--json", "--since", past).out)) == 3
    assert json.loads(roble("history", "--json", "--until", past).out) == []


def test_chain_detects_edited_and_deleted_rows(project: Project, roble: Roble):
    _history_fixture(project, roble)
    clean = roble("history", "--verify-chain")
    assert clean.code == 0
    assert clean.out.startswith("audit chain: 3 row(s), unkeyed")
    assert clean.out.strip().endswith("; 0 break(s)")
    first_id = roble.query("SELECT MIN(id) FROM roble_audit")[0][0]
    roble.query("UPDATE roble_audit SET db_user = 'mallory@host' WHERE id = %s", (first_id,))
    edited = roble("history", "--verify-chain")
    assert edited.code == 1
    assert f"audit row {first_id}: row_hash does not match its fields" in edited.out
    verify = json.loads(roble("verify", "--json").out)
    assert ("audit-chain", f"roble_audit id {first_id}") in {
        (p["kind"], p["where"]) for p in verify
    }
    roble.query("DELETE FROM roble_audit WHERE id = %s", (first_id,))
    deleted = roble("history", "--verify-chain")
    assert deleted.code == 1 and "a row was deleted" in deleted.out


def test_show_prints_sql_rollback_checksum_and_events(project: Project, roble: Roble):
    _history_fixture(project, roble)
    out = roble("show", "0002").out
    assert "revision:  0002_u" in out and "depends:   0001_t" in out
    assert "state:     pending" in out
    assert "CREATE TABLE u (id INT PRIMARY KEY);" in out and "-- rollback\nDROP TABLE u;" in out
    assert "rollback  success" in out


def _run_in_terminal(args: list[str], cwd, env) -> str:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=follower, stderr=follower, stdin=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_progress_is_live_on_a_terminal_and_plain_in_logs(project: Project, db_url: DatabaseURL):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "roble_sql", "--database", db_url.as_url(reveal=True)]
    on_terminal = _run_in_terminal([*command, "upgrade", "0001_t"], project.root, env)
    OUTPUTS.append(on_terminal)
    assert "\r\x1b[K[1/1] 0001_t" in on_terminal
    logged = subprocess.run(
        [*command, "upgrade"], cwd=project.root, env=env, capture_output=True, text=True
    )
    OUTPUTS.append(logged.stdout + logged.stderr)
    assert "\x1b" not in logged.stdout and "\r" not in logged.stdout
    assert "applied 0002_u (1/1, " in logged.stdout and "s elapsed)" in logged.stdout
