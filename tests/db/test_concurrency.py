"""Several runners at once, and runners killed mid-revision (real processes, bounded waits)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import OUTPUTS, REPO, Project, admin_query
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows

pytestmark = pytest.mark.slow


def start_roble(project: Project, url: DatabaseURL, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "roble_sql", "--database", url.as_url(reveal=True), *args],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 60) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    OUTPUTS.append(out + err)
    return process.returncode, out, err


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def test_four_runners_at_once_apply_each_revision_exactly_once(
    project: Project, db_url: DatabaseURL
):
    previous: tuple[str, ...] = ()
    for i in range(1, 6):
        rid = f"000{i}_t{i}"
        project.revision(
            rid,
            f"CREATE TABLE t{i} (id INT PRIMARY KEY);\nDO SLEEP(0.1);",
            f"DROP TABLE t{i};",
            previous,
        )
        previous = (rid,)
    runners = [start_roble(project, db_url, "upgrade") for _ in range(4)]
    results = [finish(runner) for runner in runners]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
    applies = Counter(r["revision_id"] for r in audit_rows(db_url) if r["action"] == "apply")
    assert applies == {f"000{i}_t{i}": 1 for i in range(1, 6)}
    assert all(r["outcome"] == "success" for r in audit_rows(db_url))
    assert app_tables(db_url) == [f"t{i}" for i in range(1, 6)]
    assert sum("nothing to apply" in out for _, out, _ in results) == 3


def test_waiting_runner_says_who_holds_the_lock_and_times_out(
    project: Project, db_url: DatabaseURL
):
    project.revision("0001_slow", "DO SLEEP(4);", "DO 0;")
    holder = start_roble(project, db_url, "upgrade")
    wait_until(
        lambda: admin_query(db_url, "SELECT IS_USED_LOCK(%s)", (f"roble:{db_url.database}",))[0][0]
    )
    code, _, err = finish(start_roble(project, db_url, "upgrade", "--lock-timeout", "1"))
    assert code == 1
    assert "waiting for the migration lock held by" in err and f"pid {holder.pid}" in err
    assert "held the migration lock for longer than 1 s" in err
    assert finish(holder)[0] == 0
    assert applied_ids(db_url) == {"0001_slow"}


def test_sigkilled_deploy_leaves_a_complete_record(project: Project, db_url: DatabaseURL):
    project.revision(
        "0001_slow",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nDO SLEEP(3);\nCREATE TABLE k2 (id INT PRIMARY KEY);",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, db_url, "upgrade", "--no-lint")
    wait_until(lambda: "k1" in app_tables(db_url))
    time.sleep(0.3)  # well inside DO SLEEP(3)
    victim.send_signal(signal.SIGKILL)
    finish(victim)
    # The revision and its record went to the server in one batch: it finishes both even
    # though roble is gone, and the lock frees itself when that connection ends.
    code, out, err = finish(start_roble(project, db_url, "upgrade", "--no-lint"))
    assert code == 0, err
    assert out.strip() == "nothing to apply: the database is up to date"
    assert app_tables(db_url) == ["k1", "k2"]
    assert [r["action"] + "/" + r["outcome"] for r in audit_rows(db_url)] == ["apply/success"]
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress") == [(0,)]


def _kill_roble_thread_during(db_url: DatabaseURL, info_fragment: str) -> None:
    """Kill roble's server thread while it runs a statement (a DBA's KILL, a server timeout)."""

    def running() -> list[tuple]:
        return admin_query(
            db_url,
            "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE %s AND ID <> CONNECTION_ID()",
            (f"%{info_fragment}%",),
        )

    wait_until(lambda: bool(running()))
    time.sleep(0.3)
    admin_query(db_url, f"KILL {running()[0][0]}")


def test_killed_connection_resumes_at_the_interrupted_statement(
    project: Project, db_url: DatabaseURL
):
    project.revision(
        "0001_slow",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nDO SLEEP(5);\nCREATE TABLE k2 (id INT PRIMARY KEY);",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, db_url, "upgrade", "--no-lint")
    _kill_roble_thread_during(db_url, "SLEEP(5)")
    code, _, err = finish(victim)
    assert code == 1
    assert "lost the connection to the server during statement 2" in err
    assert admin_query(db_url, "SELECT state, statements_done FROM roble_progress") == [
        ("running", 1)
    ]
    assert app_tables(db_url) == ["k1"]

    code, _, err = finish(start_roble(project, db_url, "upgrade", "--no-lint"))
    assert code == 0, err
    assert "resuming 0001_slow at statement 2" in err
    assert app_tables(db_url) == ["k1", "k2"]
    assert [r["action"] + "/" + r["outcome"] for r in audit_rows(db_url)] == ["apply/success"]
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress") == [(0,)]


def test_after_a_server_restart_an_unrecorded_ddl_is_a_persons_call(
    project: Project, db_url: DatabaseURL
):
    project.revision(
        "0001_ddl",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nCREATE TABLE slow_copy AS SELECT SLEEP(5) AS s;",
        "DROP TABLE slow_copy;\nDROP TABLE k1;",
    )
    victim = start_roble(project, db_url, "upgrade", "--no-lint")
    _kill_roble_thread_during(db_url, "SLEEP(5)")
    assert finish(victim)[0] == 1
    # Pretend the server restarted after the run's last record: the progress names another
    # run of the server (tests/db/test_restarts.py restarts a real one).
    admin_query(db_url, "UPDATE roble_progress SET server_incarnation = 'an earlier run'")
    code, _, err = finish(start_roble(project, db_url, "upgrade", "--no-lint"))
    assert code == 1
    assert "interrupted during statement 2 and the server restarted since" in err
    assert "roble resolve 0001_ddl" in err
    status = finish(start_roble(project, db_url, "status"))[1]
    assert "failed" in status and "interrupted during statement 2" in status
    admin_query(db_url, "DROP TABLE k1")  # the DBA undoes statement 1 by hand
    assert finish(start_roble(project, db_url, "resolve", "0001_ddl", "--rolled-back"))[0] == 0
    assert applied_ids(db_url) == set()
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress") == [(0,)]
    assert audit_rows(db_url)[-1]["action"] == "resolve-rolled-back"


def test_a_resumed_run_that_dies_is_resumed_again(project: Project, db_url: DatabaseURL):
    broken = "CREATE TABLE k1 (id INT PRIMARY KEY);\nCREATE TABLE k2 (id NOT_A_TYPE);\n"
    fixed = "CREATE TABLE k1 (id INT PRIMARY KEY);\nCREATE TABLE k2 (id INT PRIMARY KEY);\n"
    slow = "DO SLEEP(5);\nCREATE TABLE k3 (id INT PRIMARY KEY);\n"
    path = project.revision(
        "0001_abc", broken + slow, "DROP TABLE k3;\nDROP TABLE k2;\nDROP TABLE k1;"
    )
    assert finish(start_roble(project, db_url, "upgrade", "--no-lint"))[0] == 1
    assert admin_query(db_url, "SELECT state, failed_statement FROM roble_progress") == [
        ("failed", 1)
    ]

    path.write_text(path.read_text().replace(broken, fixed))
    resumed = start_roble(project, db_url, "upgrade", "--no-lint")
    _kill_roble_thread_during(db_url, "SLEEP(5)")
    assert finish(resumed)[0] == 1
    # The resumed run took the revision over: running, no stale error, progress moved on.
    row = admin_query(db_url, "SELECT state, failed_statement, error FROM roble_progress")
    assert row == [("running", None, None)]
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress_statement") == [(2,)]

    code, _, err = finish(start_roble(project, db_url, "upgrade", "--no-lint"))
    assert code == 0, err
    assert "resuming 0001_abc at statement 3" in err
    assert app_tables(db_url) == ["k1", "k2", "k3"]


def test_a_sigkill_during_a_call_leaves_it_to_a_person(project: Project, db_url: DatabaseURL):
    """A CALL answers with results while it runs: killed meanwhile, the server fails to
    write them and stops the batch, the CALL's own changes made but its record not (measured
    here). roble says so instead of running the CALL a second time."""
    project.revision(
        "0001_call",
        "CREATE TABLE c (id INT PRIMARY KEY);\n"
        "DELIMITER $$\n"
        "CREATE PROCEDURE fill() BEGIN DO SLEEP(2); INSERT INTO c VALUES (1); SELECT 1; END$$\n"
        "DELIMITER ;\n"
        "CALL fill();\n"
        "INSERT INTO c VALUES (2);\n",
        "DROP PROCEDURE fill;\nDROP TABLE c;\n",
    )
    victim = start_roble(project, db_url, "upgrade", "--no-lint")
    wait_until(lambda: "c" in app_tables(db_url))
    time.sleep(0.5)  # inside the CALL's SLEEP(2)
    victim.send_signal(signal.SIGKILL)
    finish(victim)
    code, _, err = finish(start_roble(project, db_url, "upgrade", "--no-lint"))
    assert code == 1
    assert "0001_call.sql:7:" in err and "can't tell how much of it took effect" in err
    assert admin_query(db_url, "SELECT id FROM c") == [(1,)]  # the CALL ran once, not twice
    assert applied_ids(db_url) == set()
