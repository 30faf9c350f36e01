"""Backups that can't hurt: never overwritten, owner-only, cleaned up on every exit
(signals included), roble's own tables left out, and put back by ``roble restore``."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pymysql
import pytest

from roble_sql.audit import TABLE_NAMES
from roble_sql.dsn import DatabaseURL
from tests.conftest import OUTPUTS, REPO, Project, Roble, admin_query, fresh_database
from tests.db.schema_helpers import app_tables, applied_ids, schema_snapshot

THREE_DDL = """CREATE TABLE a (id INT PRIMARY KEY);
CREATE TABLE b (id INT PRIMARY KEY);
CREATE TABLE c (id INT PRIMARY KEY, broken NOT_A_TYPE);
"""
THREE_DDL_DOWN = "DROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n"
BOOKKEEPING_OF_ROBLE = ("roble_audit", "roble_progress", "roble_progress_statement", "roble_lock")
STAMP = re.compile(r"^(?P<db>roble_t_\w+)-\d{8}T\d{6}Z(-\d+)?\.sql$")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _t_and_u(project: Project) -> None:
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20));\n"
        "INSERT INTO t VALUES (1, 'one'), (2, 'two');",
        "DROP TABLE t;",
    )
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))


def _audit_ids(roble: Roble) -> list[int]:
    return [row[0] for row in roble.query("SELECT id FROM roble_audit ORDER BY id")]


# -- never overwrite ---------------------------------------------------------------------------


def test_an_existing_backup_is_never_overwritten(project: Project, roble: Roble, tmp_path: Path):
    """The retry after a failed deploy must not replace the pre-deploy backup."""
    _t_and_u(project)
    backup = tmp_path / "pre-deploy.sql"
    assert roble("upgrade", "0001_t", "--backup", str(backup)).code == 0
    kept = backup.read_bytes()
    events = _audit_ids(roble)

    retry = roble("upgrade", "--backup", str(backup))
    assert retry.code == 2
    assert str(backup) in retry.err and "never overwrites" in retry.err
    assert "--backup-dir" in retry.err  # what to do
    assert retry.err.count("\n") == 1
    assert backup.read_bytes() == kept
    assert not (tmp_path / "pre-deploy.sql.partial").exists()
    assert app_tables(roble.url) == ["t"]  # nothing applied, nothing recorded
    assert _audit_ids(roble) == events


def test_backup_dir_writes_a_new_timestamped_file_each_time(
    project: Project, roble: Roble, tmp_path: Path
):
    _t_and_u(project)
    folder = tmp_path / "backups" / "nested"  # missing: created
    first = roble("upgrade", "0001_t", "--backup-dir", str(folder))
    assert first.code == 0, first.err
    second = roble("upgrade", "--backup-dir", str(folder))  # maybe within the same second
    assert second.code == 0, second.err
    files = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert len(files) == 2
    for path in files:
        found = STAMP.match(path.name)
        assert found and found["db"] == roble.url.database, path.name
        assert _mode(path) == 0o600
    assert _mode(folder) == 0o700
    assert "CREATE TABLE `t`" not in files[0].read_text()  # taken before 0001 ran
    assert "CREATE TABLE `t`" in files[1].read_text()
    details = [d for (d,) in roble.query("SELECT detail FROM roble_audit ORDER BY id")]
    assert details[-1] == f"backup {files[1]}"
    assert f"backup written: {files[1]}" in second.err


def test_backup_and_backup_dir_are_exclusive(project: Project, roble: Roble, tmp_path: Path):
    _t_and_u(project)
    result = roble("upgrade", "--backup", str(tmp_path / "b.sql"), "--backup-dir", str(tmp_path))
    assert result.code == 2
    assert "can't be used together" in result.err
    assert app_tables(roble.url) == []
    assert list(tmp_path.glob("*.sql")) == []


def test_a_missing_folder_is_created_and_a_blocked_one_refused(
    project: Project, roble: Roble, tmp_path: Path
):
    _t_and_u(project)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n")
    refused = roble("upgrade", "--backup", str(blocker / "sub" / "b.sql"))
    assert refused.code == 2
    assert "a file is in the way" in refused.err and str(blocker) in refused.err
    assert "unexpected" not in refused.err
    assert app_tables(roble.url) == []  # refused before anything ran

    refused_dir = roble("upgrade", "--backup-dir", str(blocker))
    assert refused_dir.code == 2 and str(blocker) in refused_dir.err
    assert app_tables(roble.url) == []

    target = tmp_path / "missing" / "deeper" / "b.sql"
    result = roble("upgrade", "--backup", str(target))
    assert result.code == 0, result.err
    assert _mode(target) == 0o600
    assert "CREATE TABLE `t`" not in target.read_text()  # taken before 0001 ran
    assert app_tables(roble.url) == ["t", "u"]


def test_backup_is_owner_only_whatever_the_umask(project: Project, roble: Roble, tmp_path: Path):
    _t_and_u(project)
    previous = os.umask(0o002)  # a group-writable umask, as some deploy users have
    try:
        result = roble("upgrade", "--backup", str(tmp_path / "b.sql"))
    finally:
        os.umask(previous)
    assert result.code == 0, result.err
    assert _mode(tmp_path / "b.sql") == 0o600


def test_no_backup_when_nothing_is_pending(project: Project, roble: Roble, tmp_path: Path):
    _t_and_u(project)
    assert roble("upgrade").code == 0
    for option, where in (("--backup", tmp_path / "b.sql"), ("--backup-dir", tmp_path / "d")):
        result = roble("upgrade", option, str(where))
        assert result.code == 0, result.err
        assert "nothing to apply" in result.out
        assert not where.exists()  # no dump, no folder


def test_backup_leaves_out_roble_tables_and_keeps_yoyos(
    project: Project, roble: Roble, tmp_path: Path
):
    """A restore must keep the audit log: roble's tables are not in the dump. yoyo's are:
    they say what the backed-up schema had applied."""
    _t_and_u(project)
    assert roble("upgrade", "0001_t").code == 0
    backup = tmp_path / "b.sql"
    assert roble("upgrade", "--backup", str(backup)).code == 0
    text = backup.read_text()
    first = text.splitlines()[0]
    assert first.startswith("-- roble backup: ")
    facts = json.loads(first.removeprefix("-- roble backup: "))
    assert facts["database"] == roble.url.database
    assert set(facts["without"]) == set(TABLE_NAMES) >= set(BOOKKEEPING_OF_ROBLE)
    yoyos = {name for (name,) in roble.query("SHOW TABLES") if name.startswith(("_yoyo", "yoyo"))}
    # yoyo_lock is made only by yoyo's own lock, which roble does not use (GET_LOCK)
    assert {"_yoyo_migration", "_yoyo_log", "_yoyo_version"} <= yoyos
    for name in yoyos:
        assert f"CREATE TABLE `{name}`" in text
    assert "'0001_t'" in text  # yoyo's row for the revision applied at backup time
    for name in TABLE_NAMES:
        assert f"`{name}`" not in text
    assert text.rstrip().splitlines()[-1].startswith("-- Dump completed")


# -- stopped during the dump -----------------------------------------------------------------


def _roble_process(url: DatabaseURL, cwd: Path, tmpdir: Path, *args: str) -> subprocess.Popen:
    """roble as its own process; the URL (password and all) in the environment, so that
    only the dump tool's command line names the database."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmpdir)}
    env["DATABASE_URL"] = url.as_url(reveal=True)
    env.pop("ROBLE_ENV", None)
    return subprocess.Popen(
        [sys.executable, "-m", "roble_sql", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _live_processes(needle: str) -> list[int]:
    """Processes (not zombies) whose command line holds ``needle``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if needle.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _parent_of(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@contextmanager
def _table_locked(url: DatabaseURL, table: str) -> Iterator[None]:
    """A WRITE lock on ``table`` from another connection: the dump waits for it."""
    connection = pymysql.connect(**url.driver_kwargs())
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLES `{table}` WRITE")
        yield
    finally:
        connection.close()


@contextmanager
def _dump_under_way(
    project: Project, roble: Roble, tmp_path: Path, backup: Path
) -> Iterator[tuple[subprocess.Popen, int, Path]]:
    """``roble upgrade --backup`` as a process whose dump is held up by a table lock:
    the process, its mariadb-dump's pid, and its TMPDIR."""
    _t_and_u(project)
    assert roble("upgrade", "0001_t").code == 0
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    database = roble.url.database or ""
    with _table_locked(roble.url, "t"):
        process = _roble_process(
            roble.url, project.root, tmpdir, "upgrade", "--backup", str(backup)
        )
        try:
            assert _wait_for(
                lambda: any(_parent_of(p) == process.pid for p in _live_processes(database))
            ), process.stderr.read() if process.poll() is not None else "no dump started"
            (dump,) = [p for p in _live_processes(database) if _parent_of(p) == process.pid]
            yield process, dump, tmpdir
        finally:
            if process.poll() is None:
                process.kill()
            out, err = process.communicate(timeout=60)
            OUTPUTS.append(out + err)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_backup_leaves_nothing_behind(
    project: Project, roble: Roble, tmp_path: Path, stop: signal.Signals
):
    backup = tmp_path / "b.sql"
    partial = tmp_path / "b.sql.partial"
    with _dump_under_way(project, roble, tmp_path, backup) as (process, dump, tmpdir):
        assert _mode(partial) == 0o600  # owner-only from its first byte
        assert list(tmpdir.iterdir()) == []  # the password's option file has no name
        cmdline = (Path("/proc") / str(dump) / "cmdline").read_bytes()
        assert b"--defaults-extra-file=/dev/fd/" in cmdline
        assert b"Pw:7731" not in cmdline

        process.send_signal(stop)
        process.wait(timeout=30)
        assert process.returncode == -stop  # the usual exit of a process that signal ended
        err = process.stderr.read()
        OUTPUTS.append(err)
        assert f"stopped by {stop.name}" in err and "nothing was applied" in err
        errors = [line for line in err.splitlines() if line.startswith("roble: error:")]
        assert len(errors) == 1 and "Traceback" not in err
        assert _live_processes(roble.url.database or "") == []  # the dump ended with it
        assert not partial.exists() and not backup.exists()
        assert list(tmpdir.iterdir()) == []
    assert app_tables(roble.url) == ["t"]
    assert applied_ids(roble.url) == {"0001_t"}


def test_a_killed_backup_takes_its_dump_and_password_file_with_it(
    project: Project, roble: Roble, tmp_path: Path
):
    """SIGKILL can't be caught: the dump dies with roble, and the option file never had a
    name. The .partial left is reused by the next run."""
    backup = tmp_path / "b.sql"
    with _dump_under_way(project, roble, tmp_path, backup) as (process, dump, tmpdir):
        process.kill()
        process.wait(timeout=30)
        assert _wait_for(lambda: _live_processes(roble.url.database or "") == [], 10)
        assert not (Path("/proc") / str(dump)).exists() or dump not in _live_processes("")
        assert list(tmpdir.iterdir()) == []
        assert not backup.exists()
    assert applied_ids(roble.url) == {"0001_t"}

    retry = roble("upgrade", "--backup", str(backup))
    assert retry.code == 0, retry.err
    assert "CREATE TABLE `t`" in backup.read_text()
    assert backup.read_text().rstrip().splitlines()[-1].startswith("-- Dump completed")
    assert _mode(backup) == 0o600
    assert not (tmp_path / "b.sql.partial").exists()


# -- restore ---------------------------------------------------------------------------------


def _schema_and_data(url: DatabaseURL) -> dict[str, object]:
    events = admin_query(
        url,
        "SELECT EVENT_NAME, EVENT_DEFINITION FROM information_schema.EVENTS"
        " WHERE EVENT_SCHEMA = %s ORDER BY 1",
        (url.database,),
    )
    return {
        **schema_snapshot(url),
        "events": events,
        "t rows": admin_query(url, "SELECT * FROM t ORDER BY id"),
    }


def test_restore_puts_the_backup_back_and_keeps_the_audit_log(
    project: Project, roble: Roble, tmp_path: Path
):
    # No rollback files (lint would ask for them): the restore is the way back here.
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20));\n"
        "INSERT INTO t VALUES (1, 'one'), (2, 'two');\n"
        "CREATE VIEW t_view AS SELECT id FROM t;\n"
        "CREATE TRIGGER t_upper BEFORE INSERT ON t FOR EACH ROW SET NEW.note = UPPER(NEW.note);\n"
        "CREATE PROCEDURE t_count() SELECT COUNT(*) FROM t;\n"
        "CREATE EVENT t_tidy ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t WHERE id < 0;\n",
    )
    assert roble("upgrade", "--no-lint").code == 0
    at_backup = _schema_and_data(roble.url)
    project.revision(
        "0002_u",
        # u refers to t: dropping them needs foreign key checks off
        "CREATE TABLE u (id INT PRIMARY KEY, t_id INT, FOREIGN KEY (t_id) REFERENCES t (id));\n"
        "ALTER TABLE t ADD COLUMN later INT;\n"
        "UPDATE t SET note = 'changed';\nCREATE VIEW u_view AS SELECT id FROM u;\n"
        "CREATE FUNCTION u_one() RETURNS INT DETERMINISTIC RETURN 1;\n"
        "CREATE TRIGGER t_later BEFORE UPDATE ON t FOR EACH ROW SET NEW.later = 1;\n"
        "CREATE EVENT u_tidy ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM u;\n",
        depends=("0001_t",),
    )
    backup = tmp_path / "pre-deploy.sql"
    assert roble("upgrade", "--no-lint", "--backup", str(backup)).code == 0
    project.revision("0003_v", "CREATE TABLE v (id INT PRIMARY KEY);", depends=("0002_u",))
    assert roble("upgrade", "--no-lint").code == 0
    project.revision("0004_abc", THREE_DDL, THREE_DDL_DOWN, depends=("0003_v",))
    assert roble("upgrade", "--no-lint").code == 1  # a and b created, c failed: a half-run
    assert roble.query("SELECT COUNT(*) FROM roble_progress") == [(1,)]
    before = roble.query("SELECT id, action, revision_id, row_hash FROM roble_audit ORDER BY id")

    result = roble("restore", str(backup))
    assert result.code == 0, result.err
    assert str(backup) in result.out

    assert _schema_and_data(roble.url) == at_backup  # schema, routines, triggers, events, data
    assert app_tables(roble.url) == ["t", "t_view"]  # u, u_view, v, a and b are gone
    for name in ("u", "v", "a", "b"):
        assert f"dropped table {name}" in result.out
    assert "dropped function u_one" in result.out and "dropped event u_tidy" in result.out
    assert applied_ids(roble.url) == {"0001_t"}  # yoyo's table came from the backup
    assert roble.query("SELECT COUNT(*) FROM roble_progress") == [(0,)]
    assert roble.query("SELECT COUNT(*) FROM roble_progress_statement") == [(0,)]

    after = roble.query(
        "SELECT id, action, revision_id, row_hash, outcome, checksum, detail"
        " FROM roble_audit ORDER BY id"
    )
    assert [row[:4] for row in after[: len(before)]] == list(before)  # every event kept
    added = after[len(before) :]
    assert {(row[1], row[2]) for row in added[:-1]} == {
        ("unstamp", "0002_u"),
        ("unstamp", "0003_v"),
    }
    last = added[-1]
    sha = hashlib.sha256(backup.read_bytes()).hexdigest()
    assert (last[1], last[2], last[4], last[5]) == ("restore", "", "success", sha)
    assert str(backup) in last[6] and sha in last[6]

    verified = roble("verify")
    assert verified.code == 0, verified.output
    project.revision(
        "0004_abc", THREE_DDL.replace(", broken NOT_A_TYPE", ""), THREE_DDL_DOWN, ("0003_v",)
    )
    again = roble("upgrade", "--no-lint")
    assert again.code == 0, again.err
    assert applied_ids(roble.url) == {"0001_t", "0002_u", "0003_v", "0004_abc"}
    assert set(app_tables(roble.url)) == {"t", "t_view", "u", "u_view", "v", "a", "b", "c"}


def test_restore_brings_back_a_revision_rolled_back_since(
    project: Project, roble: Roble, tmp_path: Path
):
    _t_and_u(project)
    assert roble("upgrade", "0001_t").code == 0
    backup = tmp_path / "b.sql"
    assert roble("upgrade", "--backup", str(backup)).code == 0
    assert roble("downgrade", "base").code == 0
    assert app_tables(roble.url) == []
    result = roble("restore", str(backup))
    assert result.code == 0, result.err
    assert "0001_t: applied again" in result.out
    assert app_tables(roble.url) == ["t"] and applied_ids(roble.url) == {"0001_t"}
    assert roble("verify").code == 0
    assert roble("upgrade").code == 0
    assert applied_ids(roble.url) == {"0001_t", "0002_u"}


def test_restore_refuses_what_is_not_a_roble_backup(
    project: Project, roble: Roble, tmp_path: Path, server: DatabaseURL, capsys
):
    _t_and_u(project)
    backup = tmp_path / "b.sql"
    assert roble("upgrade", "0001_t", "--backup", str(backup)).code == 0
    assert roble("upgrade").code == 0
    events = _audit_ids(roble)

    plain = tmp_path / "plain.sql"
    plain.write_text("\n".join(backup.read_text().splitlines()[3:]) + "\n")  # no header
    cut = tmp_path / "cut.sql"
    cut.write_text("\n".join(backup.read_text().splitlines()[:-3]) + "\n")
    for path, needle in (
        (plain, "not a roble backup"),
        (cut, "cut short"),
        (tmp_path / "nowhere.sql", "can't be read"),
    ):
        result = roble("restore", str(path))
        assert result.code == 2, result.output
        assert needle in result.err and str(path) in result.err
        assert result.err.count("\n") == 1

    with fresh_database(server) as other_url:
        other = Roble(capsys, other_url)
        foreign = other("restore", str(backup))
        assert foreign.code == 2
        assert f"backup of database '{roble.url.database}'" in foreign.err
        assert app_tables(other_url) == []

    assert app_tables(roble.url) == ["t", "u"]  # nothing was touched
    assert _audit_ids(roble) == events


def test_restore_needs_confirmation_in_production_and_the_lock(
    project: Project, roble: Roble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _t_and_u(project)
    backup = tmp_path / "b.sql"
    assert roble("upgrade", "0001_t").code == 0
    assert roble("upgrade", "--backup", str(backup)).code == 0

    monkeypatch.setenv("ROBLE_ENV", "production")
    refused = roble("restore", str(backup))
    assert refused.code == 2 and "--yes-i-know" in refused.err
    assert app_tables(roble.url) == ["t", "u"]

    holder = pymysql.connect(**roble.url.driver_kwargs())  # another runner holds the lock
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT GET_LOCK(CONCAT('roble:', DATABASE()), 0)")
        waited = roble("restore", str(backup), "--yes-i-know", "--lock-timeout", "1")
        assert waited.code == 1 and "migration lock" in waited.err
        assert app_tables(roble.url) == ["t", "u"]
    finally:
        holder.close()
    result = roble("restore", str(backup), "--yes-i-know")
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["t"] and applied_ids(roble.url) == {"0001_t"}


def test_a_restore_that_stops_halfway_is_audited_and_can_be_run_again(
    project: Project, roble: Roble, tmp_path: Path
):
    _t_and_u(project)
    assert roble("upgrade", "0001_t").code == 0
    backup = tmp_path / "b.sql"
    assert roble("upgrade", "--backup", str(backup)).code == 0
    lines = backup.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("CREATE TABLE `t`"))
    broken = tmp_path / "broken.sql"  # a roble backup, complete, with a statement that fails
    broken.write_text("".join([*lines[:at], "THIS IS NOT SQL;\n", *lines[at:]]))

    failed = roble("restore", str(broken))
    assert failed.code == 1
    assert "partly restored" in failed.err and "run 'roble restore' again" in failed.err
    assert failed.err.count("\n") == 1 and "Pw:7731" not in failed.err
    action, outcome, error = roble.query(
        "SELECT action, outcome, error FROM roble_audit ORDER BY id DESC LIMIT 1"
    )[0]
    assert (action, outcome) == ("restore", "failure") and "1064" in error

    again = roble("restore", str(backup))  # starts over
    assert again.code == 0, again.err
    assert app_tables(roble.url) == ["t"] and applied_ids(roble.url) == {"0001_t"}
    assert roble("verify").code == 0
