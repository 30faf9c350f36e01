"""Online schema changes through pt-online-schema-change, on a real server and the real tool."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pymysql
import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import REPO, TEST_PASSWORD, Project, Roble, fresh_database, throwaway_server

TOOL = "pt-online-schema-change"
MARKED_ALTER = "-- roble: online\nALTER TABLE big MODIFY COLUMN n BIGINT NOT NULL;\n"
UNDO = "ALTER TABLE big MODIFY COLUMN n INT NOT NULL;\n"


@pytest.fixture(autouse=True)
def _tool_installed() -> None:
    if shutil.which(TOOL) is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {TOOL} is not installed (apt-get install percona-toolkit)")
        pytest.skip(f"{TOOL} is not installed")


def _make_big(roble: Roble, rows: int) -> None:
    roble.query(
        "CREATE TABLE big (id INT AUTO_INCREMENT PRIMARY KEY, n INT NOT NULL,"
        " s VARCHAR(40) NOT NULL)"
    )
    roble.query(f"INSERT INTO big (n, s) SELECT seq, CONCAT('row ', seq) FROM seq_1_to_{rows}")
    roble.query("ANALYZE TABLE big")


def _checksum(roble: Roble, upto: int) -> tuple:
    return roble.query(
        "SELECT COUNT(*), SUM(CRC32(CONCAT_WS(':', id, n, s))) FROM big WHERE id <= %s", (upto,)
    )[0]


def _column_type(roble: Roble) -> str:
    return roble.query("SHOW CREATE TABLE big")[0][1]


def _leftovers(roble: Roble) -> list[tuple]:
    tables = roble.query(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME LIKE '\\_%big\\_%'"
    )
    triggers = roble.query(
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
    )
    return tables + triggers


def _last_outcome(roble: Roble) -> str:
    return roble.query("SELECT outcome FROM roble_audit ORDER BY id DESC LIMIT 1")[0][0]


def _applied(roble: Roble) -> list[str]:
    return [row[0] for row in roble.query("SELECT migration_id FROM _yoyo_migration")]


class Writer(threading.Thread):
    """Single-row INSERTs and UPDATEs in autocommit, as an application writes; UPDATEs touch
    only its own rows, so the rows that were there keep their checksum."""

    def __init__(self, url: DatabaseURL):
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.writes = 0
        self.worst = 0.0
        self.inserted: list[int] = []

    def run(self) -> None:
        connection = pymysql.connect(**{**self.url.driver_kwargs(), "autocommit": True})
        mine = self.inserted
        try:
            with connection.cursor() as cursor:
                while not self.stop.is_set():
                    started = time.perf_counter()
                    try:
                        if mine and random.random() < 0.5:
                            cursor.execute(
                                "UPDATE big SET n = n + 1 WHERE id = %s", (random.choice(mine),)
                            )
                        else:
                            cursor.execute("INSERT INTO big (n, s) VALUES (1, 'writer')")
                            mine.append(cursor.lastrowid)
                    except pymysql.MySQLError as exc:
                        self.errors.append(str(exc))
                    self.worst = max(self.worst, time.perf_counter() - started)
                    self.writes += 1
        finally:
            connection.close()


@pytest.fixture(scope="module")
def interleaved_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseURL]:
    """A server with innodb_autoinc_lock_mode=2, as Galera requires. With MariaDB's default
    (1), the tool's INSERT ... SELECT holds the new table's AUTO-INC lock for a whole chunk,
    and a writer's INSERT (row lock on the table, then the trigger's AUTO-INC wait)
    deadlocks with it when the copy reaches the rows inserted meanwhile: 1 run in 6 here."""
    root = tmp_path_factory.mktemp("interleaved")
    with throwaway_server(root, ("--innodb-autoinc-lock-mode=2",)) as url:
        yield url


@pytest.mark.slow
def test_a_marked_alter_runs_online_while_an_application_writes(
    project: Project, interleaved_server: DatabaseURL, capsys: pytest.CaptureFixture[str]
):
    with fresh_database(interleaved_server) as db_url:
        _run_online_with_a_writer(project, Roble(capsys, db_url), db_url)


def _run_online_with_a_writer(project: Project, roble: Roble, db_url: DatabaseURL) -> None:
    assert roble.query("SELECT @@innodb_autoinc_lock_mode")[0][0] == 2
    _make_big(roble, 50_000)
    before = _checksum(roble, 50_000)
    project.revision("0001", MARKED_ALTER, UNDO)
    writer = Writer(db_url)
    writer.start()
    time.sleep(0.3)
    try:
        result = roble("upgrade")
    finally:
        writer.stop.set()
        writer.join(10)
    assert result.code == 0, result.output
    assert "online: Successfully altered" in result.err  # the tool's own progress, streamed
    assert "`n` bigint(20) NOT NULL" in _column_type(roble)
    assert _checksum(roble, 50_000) == before
    assert writer.writes > 50 and writer.errors == []
    print(f"writer: {writer.writes} writes, worst {writer.worst * 1000:.0f} ms")
    assert _applied(roble) == ["0001"]
    assert _last_outcome(roble) == "success"
    assert roble.query("SELECT statements FROM roble_audit ORDER BY id DESC LIMIT 1")[0][0] == 1
    assert _leftovers(roble) == []
    rows = roble.query("SELECT COUNT(*) FROM big")[0][0]
    assert rows == 50_000 + len(writer.inserted)  # the writer's INSERTs all kept


@pytest.mark.slow
def test_the_size_threshold_picks_the_tool_unless_the_change_is_instant(
    project: Project, roble: Roble
):
    (project.root / "yoyo.ini").write_text(
        "[DEFAULT]\nsources = %(here)s/sql_migrations\n[roble]\nonline_min_rows = 1000\n"
    )
    _make_big(roble, 5_000)
    project.revision("0001", "ALTER TABLE big MODIFY COLUMN n BIGINT NOT NULL;\n", UNDO)
    result = roble("upgrade")
    assert result.code == 0, result.output
    assert "online: Successfully altered" in result.err
    assert "`n` bigint(20) NOT NULL" in _column_type(roble)
    # big has AUTO_INCREMENT: with lock mode 1 or 0 the deployer is warned of deadlocks.
    ((mode,),) = roble.query("SELECT @@innodb_autoinc_lock_mode")
    warned = "has AUTO_INCREMENT and innodb_autoinc_lock_mode is" in result.err
    assert warned == (int(mode) < 2), result.err
    # Adding a column is INSTANT on MariaDB 10.11: the server does it, no copy.
    project.revision(
        "0002",
        "ALTER TABLE big ADD COLUMN note VARCHAR(10) NULL;\n",
        "ALTER TABLE big DROP COLUMN note;\n",
        depends=("0001",),
    )
    result = roble("upgrade")
    assert result.code == 0, result.output
    assert "online:" not in result.err
    assert "`note` varchar(10)" in _column_type(roble)
    assert sorted(_applied(roble)) == ["0001", "0002"]
    assert _leftovers(roble) == []  # the INSTANT probe's copy too


def test_without_the_tool_nothing_runs(project: Project, roble: Roble, monkeypatch):
    monkeypatch.setenv("ROBLE_ONLINE_TOOL", "/nonexistent/pt-online-schema-change")
    _make_big(roble, 10)
    project.revision(
        "0001",
        "CREATE TABLE first_one (id INT PRIMARY KEY);\n" + MARKED_ALTER,
        UNDO + "DROP TABLE first_one;\n",
    )
    result = roble("upgrade")
    assert result.code == 2, result.output
    assert "apt-get install percona-toolkit" in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert roble.query("SHOW TABLES LIKE 'first_one'") == []
    assert _applied(roble) == []
    assert "`n` int(11) NOT NULL" in _column_type(roble)


def test_sql_shows_the_tool_command_with_the_password_masked(project: Project, roble: Roble):
    project.revision("0001", MARKED_ALTER, UNDO)
    result = roble("upgrade", "--sql")
    assert result.code == 0, result.output
    assert f"{TOOL} --alter 'MODIFY COLUMN n BIGINT NOT NULL' --execute" in result.out
    assert "--chunk-size 1000 --chunk-size-limit 0" in result.out
    assert "--set-vars lock_wait_timeout=" in result.out
    assert "t=big,F=/dev/fd/N" in result.out
    assert 'password="***"' in result.out
    assert TEST_PASSWORD not in result.out
    assert "ALTER TABLE big MODIFY COLUMN n BIGINT NOT NULL;" in result.out


def test_check_runs_the_plain_alter(project: Project, roble: Roble, monkeypatch):
    monkeypatch.setenv("ROBLE_ONLINE_TOOL", "/nonexistent/pt-online-schema-change")
    project.revision(
        "0001",
        "CREATE TABLE big (id INT PRIMARY KEY, n INT NOT NULL);\n" + MARKED_ALTER,
        "DROP TABLE big;\n",
    )
    result = roble("check")
    assert result.code == 0, result.output


def _roble_process(url: DatabaseURL, cwd: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": url.as_url(reveal=True)}
    return subprocess.Popen(
        [sys.executable, "-m", "roble_sql", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _tool_pid(database: str, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if TOOL.encode() in cmdline and f"D={database},".encode() in cmdline:
                return int(entry.name)
        time.sleep(0.05)
    raise AssertionError("the online tool never started")


@pytest.mark.slow
def test_a_killed_tool_leaves_nothing_the_next_upgrade_trips_on(
    project: Project, roble: Roble, db_url: DatabaseURL
):
    _make_big(roble, 20_000)
    project.revision("0001", MARKED_ALTER, UNDO)
    # A load limit no server meets pauses the tool's copy (triggers and _big_new exist by
    # then) until it is killed.
    config = project.root / "yoyo.ini"
    config.write_text(config.read_text() + "[roble]\nonline_max_load = Threads_running=0\n")
    try:
        process = _roble_process(db_url, project.root, "upgrade")
        pid = _tool_pid(db_url.database or "")
        cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes()
        assert b",F=/dev/fd/" in cmdline
        assert TEST_PASSWORD.encode() not in cmdline and b"Pw:7731" not in cmdline
        deadline = time.monotonic() + 30
        while not roble.query(
            "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
        ):
            assert time.monotonic() < deadline, "the tool never made its triggers"
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        _, err = process.communicate(timeout=60)
    finally:
        config.write_text(config.read_text().replace("Threads_running=0", "Threads_running=25"))
    assert process.returncode == 1, err
    assert b"killed by signal 9" in err
    assert _leftovers(roble) != []  # what the killed tool left
    assert _applied(roble) == []
    assert "`n` int(11) NOT NULL" in _column_type(roble)

    result = roble("upgrade")
    assert result.code == 0, result.output
    assert "removed table _big_new" in result.err
    assert _leftovers(roble) == []
    assert "`n` bigint(20) NOT NULL" in _column_type(roble)
    assert roble.query("SELECT COUNT(*) FROM big")[0][0] == 20_000
    assert _applied(roble) == ["0001"]
    assert _last_outcome(roble) == "success"
