"""DDL waits for its metadata lock for a bounded time (--ddl-lock-wait), is retried
(--ddl-retries), names the sessions that held the table when it gives up, and resumes
at the statement that did not run. Against a real server: a second connection holds
the table in an idle open transaction, a third one queries it while roble waits."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pymysql
import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import TEST_USER, Project, Roble, admin_query, throwaway_server

ALTER = "ALTER TABLE t ADD COLUMN extra INT NULL;\n"
HOLD_AT_MOST = 12.0  # the blocker lets go by itself after this: code without a bound finishes


def _make_table(url: DatabaseURL) -> None:
    admin_query(url, "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT) ENGINE=InnoDB")
    admin_query(url, "INSERT INTO t VALUES (1, 10), (2, 20)")


@contextlib.contextmanager
def idle_transaction(url: DatabaseURL, table: str = "t") -> Iterator[pymysql.Connection]:
    """Another session that read ``table`` in a transaction it leaves open (an application
    connection parked in a pool, say); it commits by itself after HOLD_AT_MOST seconds."""
    connection = pymysql.connect(**url.driver_kwargs())
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute(f"SELECT * FROM {table}")
        cursor.fetchall()
    released = threading.Event()

    def let_go_later() -> None:
        if not released.wait(HOLD_AT_MOST):
            with contextlib.suppress(Exception):
                connection.commit()

    timer = threading.Thread(target=let_go_later, daemon=True)
    timer.start()
    try:
        yield connection
    finally:
        released.set()
        timer.join()
        with contextlib.suppress(Exception):
            connection.commit()
        connection.close()


def thread_id(connection: pymysql.Connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        return int(cursor.fetchone()[0])


def _columns(roble: Roble) -> str:
    return roble.query("SHOW CREATE TABLE t")[0][1]


def _timed_upgrade(roble: Roble, *args: str) -> tuple[float, object]:
    started = time.monotonic()
    result = roble("upgrade", "--no-lint", *args)
    return time.monotonic() - started, result


@pytest.mark.slow
def test_a_blocked_ddl_gives_up_in_bounded_time_names_the_blocker_and_resumes_later(
    project: Project, roble: Roble
) -> None:
    _make_table(roble.url)
    project.revision("0001_extra", ALTER)
    with idle_transaction(roble.url) as blocker:
        blocker_id = thread_id(blocker)
        elapsed, result = _timed_upgrade(roble, "--ddl-lock-wait", "1", "--ddl-retries", "2")
        assert result.code == 1, result.output
        # Three waits of 1 s, pauses of 0.5 and 1 s between them.
        assert 4.4 <= elapsed < 4.5 + 3.0, elapsed
        message = result.err
        assert f"connection {blocker_id} ({TEST_USER}@" in message, message
        assert "Lock wait timeout exceeded" in message and "3 times" in message, message
        assert "statement 1 did not run" in message.lower() and f"KILL {blocker_id}" in message
        # Before each retry, the person watching is told who holds the table.
        retries = [line for line in message.splitlines() if "trying again in" in line]
        assert len(retries) == 2 and f"held by connection {blocker_id} " in retries[0], retries
        assert "(1/2)" in retries[0] and "trying again in 1 s (2/2)" in retries[1], retries
        # Nothing changed, and the records say the revision failed at statement 1.
        assert "extra" not in _columns(roble)
        progress = roble.query(
            "SELECT state, statements_done, failed_statement, error FROM roble_progress"
            " WHERE revision_id = '0001_extra'"
        )
        assert progress[0][:3] == ("failed", 0, 0), progress
        assert f"connection {blocker_id}" in progress[0][3]
        status = json.loads(roble("status", "--json").out)
        assert status[0]["state"] == "failed" and "statement 1" in status[0]["detail"]
        assert not roble.query("SELECT * FROM _yoyo_migration")
    # The session let go: the next upgrade resumes at the statement and applies it.
    result = roble("upgrade", "--no-lint", "--ddl-lock-wait", "1")
    assert result.code == 0, result.output
    assert "`extra` int(11) DEFAULT NULL" in _columns(roble)
    assert not roble.query("SELECT * FROM roble_progress")
    events = roble.query(
        "SELECT action, outcome, statements FROM roble_audit WHERE revision_id = '0001_extra'"
        " ORDER BY id"
    )
    assert events == [("apply", "failure", 0), ("apply", "success", 1)], events
    assert [r[0] for r in roble.query("SELECT migration_id FROM _yoyo_migration")] == ["0001_extra"]


@pytest.mark.slow
def test_an_application_query_waits_behind_roble_no_longer_than_the_bound(
    project: Project, roble: Roble
) -> None:
    _make_table(roble.url)
    project.revision("0001_extra", ALTER)
    bound = 2
    waited: list[float] = []

    def application_query() -> None:
        """Once roble's ALTER queues for the lock, a plain SELECT queues behind it."""
        connection = pymysql.connect(**roble.url.driver_kwargs())
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not _ddl_waiting(connection):
                time.sleep(0.02)
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM t")
                cursor.fetchall()
            waited.append(time.monotonic() - started)
        finally:
            connection.close()

    with idle_transaction(roble.url):
        query = threading.Thread(target=application_query)
        query.start()
        result = roble("upgrade", "--no-lint", "--ddl-lock-wait", str(bound), "--ddl-retries", "0")
        query.join()
    assert result.code == 1, result.output
    assert waited, "the application query did not run"
    # It really queued behind the ALTER, and no longer than the bound (and a margin).
    print(f"the application query waited {waited[0]:.2f} s behind a {bound} s bound")
    assert 0.3 < waited[0] < bound + 1.0, waited


def _ddl_waiting(connection: pymysql.Connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
            " WHERE STATE = 'Waiting for table metadata lock' AND INFO LIKE 'ALTER TABLE t %%'"
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.slow
def test_ddl_retries_zero_tries_once(project: Project, roble: Roble) -> None:
    _make_table(roble.url)
    project.revision("0001_extra", ALTER)
    with idle_transaction(roble.url):
        elapsed, result = _timed_upgrade(roble, "--ddl-lock-wait", "1", "--ddl-retries", "0")
    assert result.code == 1, result.output
    assert 0.9 <= elapsed < 2.2, elapsed  # one wait of 1 s; a retry would add 1.5 s
    assert "1 time;" in result.err, result.err
    assert "extra" not in _columns(roble)


@pytest.mark.slow
def test_a_revision_that_sets_its_own_lock_wait_timeout_keeps_it(
    project: Project, roble: Roble
) -> None:
    _make_table(roble.url)
    project.revision("0001_extra", "SET SESSION lock_wait_timeout = 3;\n" + ALTER)
    with idle_transaction(roble.url) as blocker:
        blocker_id = thread_id(blocker)
        elapsed, result = _timed_upgrade(roble, "--ddl-lock-wait", "1", "--ddl-retries", "2")
    assert result.code == 1, result.output
    # Its own 3 s, tried once (roble's bound would give up after 1 s, retrying).
    assert 2.9 <= elapsed < 3.0 + 2.0, elapsed
    assert f"connection {blocker_id} ({TEST_USER}@" in result.err, result.err
    assert "waited" not in result.err  # roble did not bound (nor retry) it
    progress = roble.query("SELECT state, statements_done, failed_statement FROM roble_progress")
    assert progress == [("failed", 1, 1)], progress


def test_the_bound_holds_during_ddl_and_the_sessions_value_is_back_after(
    project: Project, roble: Roble
) -> None:
    """What the session's lock_wait_timeout is while each statement runs, seen from the
    statements themselves: a CREATE ... SELECT is DDL, an INSERT is not."""
    project.revision(
        "0001_seen",
        "CREATE TABLE seen AS SELECT 'ddl' AS what, @@SESSION.lock_wait_timeout AS v;\n"
        "INSERT INTO seen VALUES ('dml', @@SESSION.lock_wait_timeout);\n",
    )
    project.revision(
        "0002_own",
        "SET SESSION lock_wait_timeout = 42;\n"
        "CREATE TABLE own AS SELECT @@SESSION.lock_wait_timeout AS v;\n"
        "CREATE TABLE own_statement AS SELECT 1 AS v;\n"
        "SET STATEMENT lock_wait_timeout = 17 FOR "
        "CREATE TABLE by_statement AS SELECT @@SESSION.lock_wait_timeout AS v;\n",
        depends=("0001_seen",),
    )
    project.revision(
        "0003_after",
        "CREATE TABLE after_it AS SELECT @@SESSION.lock_wait_timeout AS v;\n",
        depends=("0002_own",),
    )
    (session_default,) = roble.query("SELECT @@SESSION.lock_wait_timeout")[0]
    result = roble("upgrade", "--no-lint", "--ddl-lock-wait", "7")
    assert result.code == 0, result.output
    assert roble.query("SELECT what, v FROM seen ORDER BY what") == [
        ("ddl", 7),
        ("dml", session_default),
    ]
    assert roble.query("SELECT v FROM own") == [(42,)]
    assert roble.query("SELECT v FROM by_statement") == [(17,)]
    assert roble.query("SELECT v FROM after_it") == [(7,)]  # 42 did not leak into 0003


def test_a_downgrade_bounds_its_ddl_too(project: Project, roble: Roble) -> None:
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY);\n",
        "CREATE TABLE seen AS SELECT @@SESSION.lock_wait_timeout AS v;\nDROP TABLE t;\n",
    )
    assert roble("upgrade", "--no-lint").code == 0
    result = roble("downgrade", "--ddl-lock-wait", "4", "--ddl-retries", "1")
    assert result.code == 0, result.output
    assert roble.query("SELECT v FROM seen") == [(4,)]
    assert not roble.query("SHOW TABLES LIKE 't'")


def test_the_bound_comes_from_the_environment_or_yoyo_ini(
    project: Project, roble: Roble, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = project.root / "yoyo.ini"
    ini.write_text(ini.read_text() + "\n[roble]\nddl_lock_wait = 9\n")
    project.revision("0001_a", "CREATE TABLE a AS SELECT @@SESSION.lock_wait_timeout AS v;\n")
    assert roble("upgrade", "--no-lint").code == 0
    assert roble.query("SELECT v FROM a") == [(9,)]
    monkeypatch.setenv("ROBLE_DDL_LOCK_WAIT", "11")
    project.revision(
        "0002_b",
        "CREATE TABLE b AS SELECT @@SESSION.lock_wait_timeout AS v;\n",
        depends=("0001_a",),
    )
    assert roble("upgrade", "--no-lint").code == 0
    assert roble.query("SELECT v FROM b") == [(11,)]
    monkeypatch.setenv("ROBLE_DDL_LOCK_WAIT", "soon")
    result = roble("upgrade", "--no-lint")
    assert result.code == 2 and "ddl_lock_wait must be a whole number" in result.err
    assert "ROBLE_DDL_LOCK_WAIT" in result.err


def test_a_one_table_revision_is_still_one_round_trip(project: Project, roble: Roble) -> None:
    """The bound rides in the statement's batch, and the session's value is put back in
    it too: no round trip of their own."""
    from bench.roundtrips import spy

    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);\n")
    assert roble("upgrade", "--no-lint").code == 0  # the bookkeeping tables exist from here on
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);\n", depends=("0001_t",))
    with spy() as wire:
        assert roble("upgrade", "--no-lint", "--ddl-lock-wait", "6").code == 0
    carrying = [sql for sql in wire.sent if "CREATE TABLE u" in sql]
    assert len(carrying) == 1
    batch = carrying[0]
    bound, create, back = (
        batch.index("SESSION lock_wait_timeout = 6"),
        batch.index("CREATE TABLE u"),
        batch.index("SET SESSION lock_wait_timeout = @roble_lock_wait"),
    )
    assert bound < create < back and "INSERT INTO `_yoyo_migration`" in batch[back:]
    assert not any("SESSION lock_wait_timeout =" in sql for sql in wire.sent if sql != batch)


@pytest.mark.slow
def test_with_metadata_lock_info_the_holder_and_its_lock_are_named(
    tmp_path: Path, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where the metadata_lock_info plugin is installed, only the sessions holding the
    table are named, with the lock they hold; an open transaction elsewhere is not."""
    with throwaway_server(tmp_path / "server", ("--plugin-load-add=metadata_lock_info",)) as server:
        admin_query(server, "CREATE DATABASE mdl CHARACTER SET utf8mb4")
        url = server.with_database("mdl")
        _make_table(url)
        admin_query(url, "CREATE TABLE other (id INT PRIMARY KEY)")
        project.revision("0001_extra", ALTER)
        roble = Roble(capsys, url)
        with idle_transaction(url, "other") as bystander, idle_transaction(url) as blocker:
            result = roble("upgrade", "--no-lint", "--ddl-lock-wait", "1", "--ddl-retries", "0")
            blocker_id, bystander_id = thread_id(blocker), thread_id(bystander)
        assert result.code == 1, result.output
        assert f"connection {blocker_id} ({TEST_USER}@" in result.err, result.err
        assert "MDL_SHARED_READ on mdl.t" in result.err, result.err
        assert f"connection {bystander_id} " not in result.err
