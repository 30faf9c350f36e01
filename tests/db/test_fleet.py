"""Fleets: upgrade/downgrade --targets on many databases across two real servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pymysql
import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import OUTPUTS, TEST_PASSWORD, Project, Result, admin_query
from tests.fleet_servers import Fleet

REVISIONS = {
    "0001_customers": "CREATE TABLE customers (id INT PRIMARY KEY);\n",
    "0002_orders": "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT);\n",
}


def _revisions(project: Project, revisions: dict[str, str] = REVISIONS) -> None:
    previous: tuple[str, ...] = ()
    for rid, up in revisions.items():
        project.revision(rid, up, down=f"DROP TABLE {rid.split('_', 1)[1]};\n", depends=previous)
        previous = (rid,)


def _roble(capsys: pytest.CaptureFixture[str], base: DatabaseURL, *args: str) -> Result:
    """roble in-process, with --database giving the user and password the list leaves out."""
    from roble_sql.cli import run

    capsys.readouterr()
    code = run(["--database", base.as_url(reveal=True), *args])
    captured = capsys.readouterr()
    OUTPUTS.append(captured.out + captured.err)
    return Result(code, captured.out, captured.err)


def _applied(url: DatabaseURL) -> list[str]:
    tables = admin_query(
        url, "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND "
        "table_name = '_yoyo_migration'", (url.database,),
    )  # fmt: skip
    if not tables:
        return []
    rows = admin_query(url, "SELECT migration_id FROM _yoyo_migration ORDER BY migration_id")
    return [row[0] for row in rows]


def _finished_now(url: DatabaseURL) -> bool:
    """While a run works on ``url``: both revisions recorded (yoyo's table may be
    half-built at that moment: not finished)."""
    try:
        return len(_applied(url)) == 2
    except pymysql.MySQLError:
        return False


def _sleeping(url: DatabaseURL) -> bool:
    """A statement of a revision is sleeping in ``url``'s database right now."""
    rows = admin_query(
        url, "SELECT 1 FROM information_schema.processlist WHERE db = %s AND info LIKE "
        "'%%SLEEP(%%' AND info NOT LIKE '%%processlist%%'", (url.database,),
    )  # fmt: skip
    return bool(rows)


def _tables(url: DatabaseURL) -> set[str]:
    rows = admin_query(
        url, "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (url.database,),
    )  # fmt: skip
    return {row[0] for row in rows}


def _fleet_upgrade(first: DatabaseURL, targets: Path, **streams: Any) -> subprocess.Popen:
    """``roble upgrade --targets`` in a process of its own, two targets at a time; the
    password comes from the environment, as a deploy job would give it."""
    return subprocess.Popen(
        [sys.executable, "-m", "roble_sql", "--database", first.with_password(None).as_url(),
         "upgrade", "--targets", str(targets), "--concurrency", "2"],
        env={**os.environ, "ROBLE_DB_PASSWORD": TEST_PASSWORD},
        **streams,
    )  # fmt: skip


def _label(url: DatabaseURL) -> str:
    return f"unix:{url.unix_socket}/{url.database}" if url.unix_socket else url.location()


@pytest.mark.slow
def test_clean_rollout_migrates_every_database_on_both_servers(
    fleet: Fleet, project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _revisions(project)
    with fleet.databases(20) as urls:
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        result = _roble(capsys, urls[0], "upgrade", "--targets", str(targets))
        assert result.code == 0, result.output
        for url in urls:
            assert _applied(url) == list(REVISIONS), url.database
            assert {"customers", "orders"} <= _tables(url)
        ended = [line for line in result.out.splitlines() if line.startswith("applied")]
        assert len(ended) == 20
        assert "20 target(s): 20 applied, 0 up-to-date, 0 failed, 0 skipped" in result.out
        assert {u.unix_socket for u in urls} == {s.unix_socket for s in fleet.servers}
        assert TEST_PASSWORD not in result.output and "Pw%3A7731" not in result.output

        again = _roble(capsys, urls[0], "upgrade", "--targets", str(targets))
        assert again.code == 0, again.output
        assert "20 target(s): 0 applied, 20 up-to-date" in again.out


@pytest.mark.slow
@pytest.mark.parametrize("keep_going", [False, True])
def test_a_broken_target_stops_new_ones_unless_continue_on_error(
    fleet: Fleet,
    project: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    keep_going: bool,
) -> None:
    _revisions(project)
    with fleet.databases(6) as urls:
        broken = urls[2]
        admin_query(broken, "CREATE TABLE orders (x INT)")  # 0002 will collide with it
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        args = ["upgrade", "--targets", str(targets), "--concurrency", "1", "--json"]
        result = _roble(capsys, urls[0], *args, *(["--continue-on-error"] if keep_going else []))
        assert result.code == 1, result.output
        outcomes = {entry["target"]: entry["outcome"] for entry in json.loads(result.out)}
        assert outcomes[_label(broken)] == "failed"
        assert _applied(broken) == ["0001_customers"]  # what ran before the failure stays
        for url in urls[:2]:
            assert outcomes[_label(url)] == "applied"
            assert _applied(url) == list(REVISIONS)
        for url in urls[3:]:
            assert outcomes[_label(url)] == ("applied" if keep_going else "skipped")
            assert _applied(url) == (list(REVISIONS) if keep_going else [])


@pytest.mark.slow
def test_a_failing_canary_stops_the_rollout(
    fleet: Fleet, project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _revisions(project)
    with fleet.databases(8) as urls:
        admin_query(urls[1], "CREATE TABLE customers (x INT)")
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        args = ["upgrade", "--targets", str(targets), "--canary", "2", "--continue-on-error"]
        result = _roble(capsys, urls[0], *args, "--json")
        assert result.code == 1, result.output
        outcomes = [entry["outcome"] for entry in json.loads(result.out)]
        assert outcomes == ["applied", "failed"] + ["skipped"] * 6
        assert [_applied(url) for url in urls[2:]] == [[]] * 6


@pytest.mark.slow
def test_killed_mid_rollout_then_rerun_finishes_only_what_is_left(
    fleet: Fleet, project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _revisions(
        project,
        {
            "0001_customers": "CREATE TABLE customers (id INT PRIMARY KEY);\n",
            "0002_slow": "DO SLEEP(2);\nCREATE TABLE slow (id INT);\n",
        },
    )
    with fleet.databases(8) as urls:
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        process = _fleet_upgrade(urls[0], targets, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not any(_finished_now(url) for url in urls):
                time.sleep(0.1)
            time.sleep(0.5)  # into the next targets' slow revision
            os.kill(process.pid, signal.SIGKILL)
        finally:
            output = process.communicate(timeout=30)[0].decode()
            OUTPUTS.append(output)
        assert process.returncode == -signal.SIGKILL
        # A batch the server had already received runs to its end without its client.
        time.sleep(3)
        finished = [url for url in urls if len(_applied(url)) == 2]
        assert 0 < len(finished) < len(urls), "the kill must land mid-rollout"

        result = _roble(capsys, urls[0], "upgrade", "--targets", str(targets), "--json")
        assert result.code == 0, result.output
        by_target = {entry["target"]: entry for entry in json.loads(result.out)}
        for url in urls:
            assert _applied(url) == ["0001_customers", "0002_slow"]
            entry = by_target[_label(url)]
            if url in finished:
                assert entry["outcome"] == "up-to-date" and entry["applied"] == []
            else:
                assert entry["outcome"] == "applied" and entry["applied"]
            applied_once = admin_query(
                url, "SELECT revision_id, COUNT(*) FROM roble_audit WHERE action = 'apply' "
                "AND outcome = 'success' GROUP BY revision_id ORDER BY revision_id",
            )  # fmt: skip
            assert applied_once == [("0001_customers", 1), ("0002_slow", 1)], url.database


@pytest.mark.slow
def test_json_and_junit_reports(
    fleet: Fleet, project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _revisions(project)
    with fleet.databases(4) as urls:
        admin_query(urls[3], "CREATE TABLE customers (x INT)")
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        junit = tmp_path / "fleet.xml"
        args = ["upgrade", "--targets", str(targets), "--json", "--junit", str(junit)]
        result = _roble(capsys, urls[0], *args, "--continue-on-error")
        assert result.code == 1, result.output
        report = json.loads(result.out)
        assert [entry["target"] for entry in report] == [_label(url) for url in urls]
        assert set(report[0]) == {"target", "outcome", "applied", "error", "duration_ms"}
        assert report[0]["applied"] == list(REVISIONS) and report[0]["error"] is None
        assert report[3]["outcome"] == "failed" and "customers" in report[3]["error"]
        assert all(isinstance(entry["duration_ms"], int) for entry in report)

        suite = ElementTree.parse(junit).getroot()
        assert suite.tag == "testsuite" and suite.get("tests") == "4"
        assert suite.get("failures") == "1"
        cases = suite.findall("testcase")
        assert [case.get("name") for case in cases] == [_label(url) for url in urls]
        assert cases[3].find("failure") is not None and cases[0].find("failure") is None
        for text in (result.output, junit.read_text()):
            assert TEST_PASSWORD not in text and "Pw%3A7731" not in text


@pytest.mark.slow
def test_glob_and_query_select_the_targets(
    fleet: Fleet, project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _revisions(project)
    with fleet.databases(6, prefix="roble_g") as urls:
        on_first = [url for url in urls if url.unix_socket == fleet.servers[0].unix_socket]
        pattern = urls[0].database[:-3] + "*"  # roble_g_<run>_*: this test's databases
        result = _roble(capsys, urls[0], "upgrade", "--targets-glob", pattern, "--json")
        assert result.code == 0, result.output
        assert [e["target"] for e in json.loads(result.out)] == [_label(u) for u in on_first]
        assert all(_applied(url) == list(REVISIONS) for url in on_first)

        catalog = on_first[0]
        admin_query(catalog, "CREATE TABLE shards (url VARCHAR(500))")
        for url in urls:
            admin_query(
                catalog, "INSERT INTO shards VALUES (%s)", (url.with_password(None).as_url(),)
            )
        query = "SELECT url FROM shards"
        result = _roble(capsys, catalog, "upgrade", "--targets-query", query, "--json")
        assert result.code == 0, result.output
        outcomes = {e["target"]: e["outcome"] for e in json.loads(result.out)}
        assert len(outcomes) == 6
        assert all(_applied(url) == list(REVISIONS) for url in urls)
        assert {outcomes[_label(u)] for u in on_first} == {"up-to-date"}


@pytest.mark.slow
def test_downgrade_of_a_fleet_needs_a_revision_and_in_production_yes_i_know(
    fleet: Fleet,
    project: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _revisions(project)
    with fleet.databases(4) as urls:
        targets = str(fleet.write_targets(tmp_path / "targets.txt", urls))
        assert _roble(capsys, urls[0], "upgrade", "--targets", targets).code == 0
        bare = _roble(capsys, urls[0], "downgrade", "--targets", targets)
        assert bare.code == 2 and "needs the revision to roll back to" in bare.err
        assert all(_applied(url) == list(REVISIONS) for url in urls)

        monkeypatch.setenv("ROBLE_ENV", "production")
        refused = _roble(capsys, urls[0], "downgrade", "0001_customers", "--targets", targets)
        assert refused.code == 2 and "--yes-i-know" in refused.err
        assert all(_applied(url) == list(REVISIONS) for url in urls)

        args = ["downgrade", "0001_customers", "--targets", targets, "--yes-i-know"]
        done = _roble(capsys, urls[0], *args)
        assert done.code == 0, done.output
        for url in urls:
            assert _applied(url) == ["0001_customers"]
            assert "orders" not in _tables(url)


def test_fleet_options_without_a_target_list_are_refused(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from roble_sql.cli import run

    code = run(["upgrade", "--concurrency", "3"])
    assert code == 2
    assert "need a target list" in capsys.readouterr().err


def _settings(base: DatabaseURL):
    from roble_sql.config import load_settings

    return load_settings(database=base.as_url(reveal=True))


@pytest.mark.slow
def test_the_lint_gate_runs_once_for_the_whole_fleet(
    fleet: Fleet, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roble_sql.api import linting, runs
    from roble_sql.api.fleet import Rollout, upgrade_fleet
    from roble_sql.api.fleet_targets import read_targets

    gate_runs: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> None:  # the real gate, counted
        gate_runs.append(1)
        real(*args, **kwargs)

    real = linting.lint_pending
    monkeypatch.setattr(linting, "lint_pending", counted)
    monkeypatch.setattr(runs, "lint_pending", counted)
    _revisions(project)
    with fleet.databases(6) as urls:
        settings = _settings(urls[0])
        targets = read_targets(settings, file=str(fleet.write_targets(tmp_path / "t", urls)))
        clean = upgrade_fleet(settings, targets, rollout=Rollout(concurrency=3))
        assert clean.ok and clean.lint_runs == 1 and len(gate_runs) == 1

        # No rollback file: RB401, an error of the gate.
        project.revision(
            "0003_email", "ALTER TABLE customers ADD COLUMN email TEXT;\n", depends=("0002_orders",)
        )
        rollout = Rollout(concurrency=3, continue_on_error=True)
        refused = upgrade_fleet(settings, targets, rollout=rollout)
        assert refused.lint_runs == 1 and len(gate_runs) == 2
        assert [r.outcome for r in refused.results] == ["failed"] * 6
        assert all("lint found 1 error" in (r.error or "") for r in refused.results)
        assert all(_applied(url) == list(REVISIONS) for url in urls)


@pytest.mark.slow
def test_a_stop_request_lets_running_targets_finish_their_revision(
    fleet: Fleet, project: Project, tmp_path: Path
) -> None:
    import threading

    from roble_sql.api.fleet import FleetEvent, Rollout, upgrade_fleet
    from roble_sql.api.fleet_targets import read_targets

    _revisions(project)
    with fleet.databases(4) as urls:
        settings = _settings(urls[0])
        targets = read_targets(settings, file=str(fleet.write_targets(tmp_path / "t", urls)))
        stop = threading.Event()

        def press_ctrl_c(event: FleetEvent) -> None:  # as the first revision starts
            if event.event is not None and event.event.kind == "start":
                stop.set()

        result = upgrade_fleet(
            settings, targets, rollout=Rollout(concurrency=1), on_event=press_ctrl_c, stop=stop
        )
        assert result.interrupted and not result.ok
        first = result.results[0]
        assert first.outcome == "failed" and first.applied == ("0001_customers",)
        assert "stop was requested" in (first.error or "")
        assert [r.outcome for r in result.results[1:]] == ["skipped"] * 3
        assert _applied(urls[0]) == ["0001_customers"]
        assert [_applied(url) for url in urls[1:]] == [[]] * 3


@pytest.mark.slow
def test_ctrl_c_starts_nothing_new_and_lets_running_targets_finish_their_revision(
    fleet: Fleet, project: Project, tmp_path: Path
) -> None:
    _revisions(
        project,
        {
            "0001_slow": "DO SLEEP(3);\nCREATE TABLE slow (id INT);\n",
            "0002_orders": "CREATE TABLE orders (id INT);\n",
        },
    )
    with fleet.databases(6) as urls:
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        process = _fleet_upgrade(urls[0], targets, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(_sleeping(url) for url in urls[:2]):
            time.sleep(0.05)  # until both threads are inside 0001_slow
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[0].decode()
        OUTPUTS.append(output)
        assert process.returncode == 1, output
        assert "stopped by Ctrl-C" in output
        states = [_applied(url) for url in urls]
        # The two running targets finished 0001_slow (recorded) and did not start 0002.
        assert states[:2] == [["0001_slow"]] * 2, (states, output)
        assert states[2:] == [[]] * 4, output
        assert output.count("skipped ") >= 4 and TEST_PASSWORD not in output


@pytest.mark.slow
def test_on_a_terminal_running_targets_show_live_and_each_ends_with_its_line(
    fleet: Fleet, project: Project, tmp_path: Path
) -> None:
    """stdout a pseudo-terminal: a board of running targets (their current revision)
    rewritten in place, each target's final line above it, then the summary."""
    import pty

    _revisions(project)
    with fleet.databases(4) as urls:
        targets = fleet.write_targets(tmp_path / "targets.txt", urls)
        leader, follower = pty.openpty()
        process = _fleet_upgrade(urls[0], targets, stdout=follower, stderr=subprocess.DEVNULL)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=60) == 0
        screen = b"".join(chunks).decode()
        OUTPUTS.append(screen)
        for url in urls:
            assert _applied(url) == ["0001_customers", "0002_orders"]
            assert f"running    {_label(url)}: 000" in screen  # shown while it ran
            assert f"{_label(url)}: 0001_customers, 0002_orders" in screen  # its end line
        assert "\x1b[1F\x1b[2K" in screen  # the board was rewritten in place
        assert TEST_PASSWORD not in screen
