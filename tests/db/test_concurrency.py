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
        [sys.executable, "-m", "roble_sql", "--database", url.render(reveal=True), *args],
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


def test_sigkilled_deploy_is_finished_by_the_next_run(project: Project, db_url: DatabaseURL):
    project.revision(
        "0001_slow",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nDO SLEEP(3);\nCREATE TABLE k2 (id INT PRIMARY KEY);",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, db_url, "upgrade")
    wait_until(lambda: "k1" in app_tables(db_url))
    time.sleep(0.3)  # well inside DO SLEEP(3)
    victim.send_signal(signal.SIGKILL)
    finish(victim)
    progress = admin_query(db_url, "SELECT state FROM roble_progress")
    assert progress == [("running",)]  # the database says a run died part-way

    code, _, err = finish(start_roble(project, db_url, "upgrade"))
    assert code == 0, err
    assert "waiting for the migration lock" in err  # the dead run's SLEEP still held it
    assert "resuming 0001_slow at statement 3" in err  # the server recorded the SLEEP's end
    assert app_tables(db_url) == ["k1", "k2"]
    assert [r["action"] + "/" + r["outcome"] for r in audit_rows(db_url)] == ["apply/success"]
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress") == [(0,)]


def test_slow_ddl_of_a_killed_run_is_recorded_by_the_server(project: Project, db_url: DatabaseURL):
    project.revision(
        "0001_ddl",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nCREATE TABLE slow_copy AS SELECT SLEEP(2) AS s;",
        "DROP TABLE slow_copy;\nDROP TABLE k1;",
    )
    victim = start_roble(project, db_url, "upgrade")
    wait_until(lambda: "k1" in app_tables(db_url))
    time.sleep(0.3)
    victim.send_signal(signal.SIGKILL)
    finish(victim)
    # The CREATE ... SELECT SLEEP(2) finishes on the server after the client died, and the
    # record sent with it runs right after: the revision is fully applied and recorded.
    wait_until(lambda: admin_query(db_url, "SELECT COUNT(*) FROM _yoyo_migration") == [(1,)])
    assert app_tables(db_url) == ["k1", "slow_copy"]
    assert [(r["revision_id"], r["outcome"], r["statements"]) for r in audit_rows(db_url)] == [
        ("0001_ddl", "success", 2)
    ]
    code, out, _ = finish(start_roble(project, db_url, "upgrade"))
    assert (code, out.strip()) == (0, "nothing to apply: the database is up to date")


def test_after_a_server_restart_an_unrecorded_ddl_is_a_persons_call(
    project: Project, db_url: DatabaseURL
):
    project.revision(
        "0001_ddl",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nDO SLEEP(3);\nCREATE TABLE k2 (id INT PRIMARY KEY);",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, db_url, "upgrade")
    wait_until(lambda: admin_query(db_url, "SHOW TABLES LIKE 'roble_progress_statement'") != [])
    wait_until(
        lambda: admin_query(db_url, "SELECT COUNT(*) FROM roble_progress_statement") == [(1,)]
    )
    time.sleep(0.3)  # inside DO SLEEP(3): the server records it when it ends, then stops
    victim.send_signal(signal.SIGKILL)
    finish(victim)
    # Pretend the server restarted after the run's last record: its progress is older than uptime.
    admin_query(db_url, "UPDATE roble_progress SET updated_at = updated_at - INTERVAL 20 YEAR")
    code, _, err = finish(start_roble(project, db_url, "upgrade"))
    if "k2" in app_tables(db_url):  # the whole revision finished before the kill landed
        pytest.skip("the revision finished before the kill")
    assert code == 1
    assert "interrupted during statement 3 and the server restarted since" in err
    assert "roble resolve 0001_ddl" in err
    status = finish(start_roble(project, db_url, "status"))[1]
    assert "failed" in status and "interrupted during statement 3" in status
    roble_resolve = finish(start_roble(project, db_url, "resolve", "0001_ddl", "--rolled-back"))
    assert roble_resolve[0] == 0
    assert applied_ids(db_url) == set()
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress") == [(0,)]
