"""Server restarts, however fast, are noticed: a server the test starts and kills itself.

The progress of a revision names the run of the server it was written in (a token kept
in a MEMORY table, which every restart empties). An unrecorded statement that changes
something is never re-run silently after a restart, and waiting for the thread of an
interrupted run is bounded and never fooled by a connection id handed out again.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pymysql
import pytest

from roble_sql.dsn import DatabaseURL
from roble_sql.sandbox import _CHILDREN, Sandbox
from tests.conftest import Project, _test_user, admin_query
from tests.db.schema_helpers import app_tables, applied_ids
from tests.db.test_concurrency import finish, start_roble, wait_until


class Restartable:
    """A throwaway mariadbd the test may SIGKILL and start again on the same data."""

    def __init__(self, root: Path):
        self.sandbox = Sandbox(root, database="roble_restart")
        self.sandbox.start(timeout=90)
        admin = DatabaseURL.parse(self.sandbox.url())
        self.url = _test_user(admin.with_database(None)).with_database("roble_restart")

    def crash_and_restart(self) -> float:
        """SIGKILL the server (no shutdown at all) and start it again; seconds it was away."""
        pid = self.sandbox.status().pid
        assert pid is not None
        started = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        # Our child: wait() returns once every thread is gone (a zombie leader may still
        # have threads holding ibdata1's lock, and a new server would fail on it).
        _CHILDREN[pid].wait(timeout=30)
        self.sandbox.start(timeout=90)
        return time.monotonic() - started


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restartable]:
    restartable = Restartable(tmp_path_factory.mktemp("restart"))
    try:
        yield restartable
    finally:
        restartable.sandbox.stop()


def _running(url: DatabaseURL, fragment: str) -> list[tuple]:
    return admin_query(
        url,
        "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE %s AND ID <> CONNECTION_ID()",
        (f"%{fragment}%",),
    )


def _hold_connection_with_id(url: DatabaseURL, wanted: int) -> list[pymysql.Connection]:
    """Open connections until the server hands out id ``wanted`` again; keep them open."""
    held = []
    for _ in range(wanted + 50):
        connection = pymysql.connect(**url.driver_kwargs())
        held.append(connection)
        if connection.thread_id() == wanted:
            return held
    raise AssertionError(f"the restarted server never handed out connection id {wanted}")


def test_a_fast_restart_is_noticed_and_a_reused_thread_id_does_not_fool_the_wait(
    project: Project, server: Restartable
):
    project.revision(
        "0001_ddl",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nCREATE TABLE k2 AS SELECT SLEEP(30) AS s;\n",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, server.url, "upgrade", "--no-lint")
    wait_until(lambda: bool(_running(server.url, "SLEEP(30)")))
    old_thread = admin_query(server.url, "SELECT connection_id FROM roble_progress")[0][0]
    server.crash_and_restart()
    assert finish(victim)[0] == 1
    # As after a restart within the same second as the run's last record (Uptime and
    # the record's age then agree to the second; mariadbd can't restart that fast here).
    admin_query(server.url, "UPDATE roble_progress SET updated_at = UTC_TIMESTAMP(6)")
    held = _hold_connection_with_id(server.url, old_thread)
    try:
        started = time.monotonic()
        code, _, err = finish(
            start_roble(project, server.url, "upgrade", "--no-lint", "--lock-timeout", "5"),
            timeout=30,
        )
        assert time.monotonic() - started < 20
    finally:
        for connection in held:
            connection.close()
    assert code == 1
    assert "interrupted during statement 2 and the server restarted since" in err
    assert "waiting for server thread" not in err
    assert app_tables(server.url) == ["k1"]
    assert admin_query(server.url, "SELECT state FROM roble_progress") == [("running",)]


def test_after_a_real_restart_a_read_only_statement_resumes_and_ddl_waits_for_a_person(
    project: Project, server: Restartable
):
    project.revision(
        "0001_ddl",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nDO SLEEP(30);\nCREATE TABLE k2 (id INT PRIMARY KEY);",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, server.url, "upgrade", "--no-lint")
    wait_until(lambda: bool(_running(server.url, "SLEEP(30)")))
    server.crash_and_restart()
    assert finish(victim)[0] == 1
    tokens = admin_query(server.url, "SELECT server_incarnation FROM roble_progress")
    code, _, err = finish(start_roble(project, server.url, "upgrade", "--no-lint"))
    assert code == 0, err  # DO SLEEP changes nothing: running it again is harmless
    assert "resuming 0001_ddl at statement 2" in err
    assert app_tables(server.url) == ["k1", "k2"]
    assert applied_ids(server.url) == {"0001_ddl"}
    assert tokens[0][0] is not None
    now = admin_query(server.url, "SELECT token FROM roble_server")
    assert now[0][0] != tokens[0][0]  # the restart brought a new token


def test_the_wait_for_an_interrupted_runs_thread_is_bounded(project: Project, server: Restartable):
    project.revision(
        "0001_slow",
        "CREATE TABLE k1 (id INT PRIMARY KEY);\nDO SLEEP(30);\nCREATE TABLE k2 (id INT PRIMARY KEY);",
        "DROP TABLE k2;\nDROP TABLE k1;",
    )
    victim = start_roble(project, server.url, "upgrade", "--no-lint")
    wait_until(lambda: bool(_running(server.url, "SLEEP(30)")))
    admin_query(server.url, f"KILL {_running(server.url, 'SLEEP(30)')[0][0]}")
    assert finish(victim)[0] == 1
    # The interrupted run's thread still works on the server (as when its statement
    # outlives the connection's lock): here another connection stands in for it.
    busy = pymysql.connect(**server.url.driver_kwargs())
    worker = threading.Thread(target=lambda: busy.query("SELECT SLEEP(6)"))
    worker.start()
    try:
        wait_until(lambda: bool(_running(server.url, "SLEEP(6)")))
        admin_query(server.url, "UPDATE roble_progress SET connection_id = %s", (busy.thread_id(),))
        started = time.monotonic()
        code, _, err = finish(
            start_roble(project, server.url, "upgrade", "--no-lint", "--lock-timeout", "1")
        )
        waited = time.monotonic() - started
    finally:
        worker.join()
        busy.close()
    assert waited < 5.5  # not the 6 s the thread runs
    assert code == 1
    assert (
        f"server thread {busy.thread_id()} of the interrupted run of 0001_slow is still running after 1 s"
        in err
    )
    assert "KILL" in err
    assert app_tables(server.url) == ["k1"]
    code, _, err = finish(start_roble(project, server.url, "upgrade", "--no-lint"))
    assert code == 0, err  # the thread is done, the lock was let go: it resumes
    assert "resuming 0001_slow at statement 2" in err
    assert app_tables(server.url) == ["k1", "k2"]
