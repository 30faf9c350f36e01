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
    assert "resuming 0001_slow at statement 2" in err
    assert app_tables(db_url) == ["k1", "k2"]
    assert [r["action"] + "/" + r["outcome"] for r in audit_rows(db_url)] == ["apply/success"]
    assert admin_query(db_url, "SELECT COUNT(*) FROM roble_progress") == [(0,)]


def test_kill_during_ddl_refuses_to_guess_and_resolve_settles_it(
    project: Project, db_url: DatabaseURL
):
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

    code, _out, err = finish(start_roble(project, db_url, "upgrade"))
    assert code == 1
    assert "interrupted during statement 2" in err and "can't tell" in err
    assert "roble resolve 0001_ddl" in err
    status = finish(start_roble(project, db_url, "status"))[1]
    assert "failed" in status and "interrupted during statement 2" in status
    # the slow CREATE finished on the server after the client died: the DBA checks and says so
    assert "slow_copy" in app_tables(db_url)
    assert finish(start_roble(project, db_url, "resolve", "0001_ddl", "--applied"))[0] == 0
    assert applied_ids(db_url) == {"0001_ddl"}
    assert (
        finish(start_roble(project, db_url, "upgrade"))[1].strip()
        == "nothing to apply: the database is up to date"
    )
