"""Tests for roble_sql.sandbox: these start real (throwaway) MariaDB servers in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pymysql
import pytest

from roble_sql import sandbox as sandbox_module
from roble_sql.errors import ConfigError, SandboxError
from roble_sql.sandbox import Sandbox, socket_path_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]

MakeSandbox = Callable[..., Sandbox]


@pytest.fixture
def require_mariadb() -> None:
    """Skip without a MariaDB server binary; on CI (CI=true) a missing binary is a failure."""
    try:
        sandbox_module._find_binary(sandbox_module._SERVER_NAMES)
        sandbox_module._find_binary(sandbox_module._INSTALLER_NAMES)
    except SandboxError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but MariaDB is not installed: {exc.one_line()}")
        pytest.skip("MariaDB server binaries are not installed")


@pytest.fixture
def make_sandbox(require_mariadb: None) -> Iterator[MakeSandbox]:
    """Build sandboxes that are always stopped at the end, whatever the test did."""
    created: list[Sandbox] = []

    def make(root: Path, **kwargs: str) -> Sandbox:
        box = Sandbox(root, **kwargs)
        created.append(box)
        return box

    try:
        yield make
    finally:
        for box in created:
            box.stop()


def _query(box: Sandbox, sql: str) -> tuple[object, ...]:
    connection = pymysql.connect(
        unix_socket=str(box.socket), user="root", password="", database=box.database
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()
    finally:
        connection.close()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


# -- no server needed ----------------------------------------------------------------------


def test_url_names_root_database_and_socket(tmp_path: Path) -> None:
    box = Sandbox(tmp_path, database="app_test")
    expected = f"mysql://root@localhost/app_test?unix_socket={tmp_path.resolve()}/mariadbd.sock"
    assert box.url() == expected


def test_layout_under_root(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    status = box.status()
    assert status.datadir == tmp_path.resolve() / "data"
    assert status.log_file == tmp_path.resolve() / "mariadbd.log"
    assert box.pid_file == tmp_path.resolve() / "mariadbd.pid"
    assert status.socket == tmp_path.resolve() / "mariadbd.sock"


def test_url_is_understood_by_yoyo(tmp_path: Path) -> None:
    from yoyo.connections import parse_uri

    uri = parse_uri(Sandbox(tmp_path).url())
    assert (uri.scheme, uri.username, uri.password, uri.database) == (
        "mysql",
        "root",
        None,
        "roble",
    )
    assert uri.args == {"unix_socket": str(tmp_path.resolve() / "mariadbd.sock")}


def test_long_root_gets_a_short_deterministic_socket(tmp_path: Path) -> None:
    root = tmp_path / ("deep" * 30)
    socket = socket_path_for(root)
    assert str(socket).startswith("/tmp/roble-")
    assert len(os.fsencode(socket)) < 100
    assert Sandbox(root).socket == socket == socket_path_for(root)
    assert socket_path_for(tmp_path / ("other" * 30)) != socket


def test_status_of_an_empty_root_is_not_running(tmp_path: Path) -> None:
    status = Sandbox(tmp_path / "never-started").status()
    assert not status.running
    assert status.pid is None


def test_stop_when_not_running_returns_false(tmp_path: Path) -> None:
    assert Sandbox(tmp_path).stop() is False


def test_invalid_database_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        Sandbox(tmp_path, database="bad`name")


def test_missing_binaries_raise_with_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setattr(sandbox_module, "_SEARCH_DIRS", ())
    with pytest.raises(SandboxError) as caught:
        Sandbox(tmp_path / "sbx").start()
    assert "mariadbd" in caught.value.message
    assert caught.value.hint is not None
    assert "apt-get install mariadb-server" in caught.value.hint


def _fake_binaries(bin_dir: Path, *, installer: str, server: str) -> None:
    """Shell scripts standing in for mariadb-install-db and mariadbd."""
    bin_dir.mkdir()
    for name, body in (("mariadb-install-db", installer), ("mariadbd", server)):
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)


def _use_only(bin_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setattr(sandbox_module, "_SEARCH_DIRS", ())
    monkeypatch.setattr(sandbox_module, "_SERVER_NAMES", ("mariadbd",))
    monkeypatch.setattr(sandbox_module, "_INSTALLER_NAMES", ("mariadb-install-db",))


def test_failed_initialisation_reports_output_and_leaves_no_datadir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    _fake_binaries(bin_dir, installer="echo 'cannot create system tables'; exit 3", server="exit 1")
    _use_only(bin_dir, monkeypatch)
    box = Sandbox(tmp_path / "sbx")
    with pytest.raises(SandboxError) as caught:
        box.start(timeout=10)
    assert "exit code 3" in caught.value.message
    assert "cannot create system tables" in caught.value.message
    assert not box.datadir.exists()
    assert not (box.root / "data.init").exists()


def test_server_that_exits_early_reports_log_tail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    _fake_binaries(bin_dir, installer="exit 0", server="echo '[ERROR] Aborting' >&2; exit 1")
    _use_only(bin_dir, monkeypatch)
    box = Sandbox(tmp_path / "sbx")
    (box.datadir / "mysql").mkdir(parents=True)  # looks initialised: go straight to launch
    with pytest.raises(SandboxError) as caught:
        box.start(timeout=10)
    assert "exited during startup" in caught.value.message
    assert "[ERROR] Aborting" in caught.value.message
    assert not box.status().running


# -- real servers --------------------------------------------------------------------------


def test_start_serves_the_database_over_the_socket_only(
    tmp_path: Path, make_sandbox: MakeSandbox
) -> None:
    box = make_sandbox(tmp_path / "sbx")
    status = box.start()
    assert status.running
    assert status.pid is not None
    assert box.pid_file.read_text().strip() == str(status.pid)
    skip_networking, database, charset = _query(
        box, "SELECT @@skip_networking, DATABASE(), @@character_set_server"
    )
    assert (skip_networking, database, charset) == (1, "roble", "utf8mb4")
    assert box.status() == status


def test_start_is_idempotent(tmp_path: Path, make_sandbox: MakeSandbox) -> None:
    box = make_sandbox(tmp_path / "sbx")
    first = box.start()
    again = box.start()
    assert again.running
    assert again.pid == first.pid


def test_reuse_creates_another_database(tmp_path: Path, make_sandbox: MakeSandbox) -> None:
    first = make_sandbox(tmp_path / "sbx").start()
    other = make_sandbox(tmp_path / "sbx", database="second")
    assert other.start().pid == first.pid
    assert _query(other, "SELECT DATABASE()") == ("second",)


def test_stop_ends_the_server_and_start_reuses_the_datadir(
    tmp_path: Path, make_sandbox: MakeSandbox
) -> None:
    box = make_sandbox(tmp_path / "sbx")
    pid = box.start().pid
    _query(box, "CREATE TABLE kept (id INT PRIMARY KEY)")

    assert box.stop() is True
    status = box.status()
    assert not status.running
    assert status.pid is None
    assert not box.pid_file.exists()
    assert not box.socket.exists()
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert box.stop() is False

    assert box.start().running
    assert _query(box, "SELECT COUNT(*) FROM kept") == (0,)


def test_stale_pid_file_reads_as_stopped_and_start_recovers(
    tmp_path: Path, make_sandbox: MakeSandbox
) -> None:
    box = make_sandbox(tmp_path / "sbx")
    box.start()
    box.stop()
    dead = _dead_pid()
    box.pid_file.write_text(f"{dead}\n")
    box.socket.write_text("")  # a crash leaves the socket file behind too

    assert not box.status().running
    status = box.start()
    assert status.running
    assert status.pid != dead
    assert _query(box, "SELECT 1") == (1,)


def test_pid_file_naming_an_unrelated_process_reads_as_stopped(
    tmp_path: Path, make_sandbox: MakeSandbox
) -> None:
    box = make_sandbox(tmp_path / "sbx")
    box.root.mkdir(parents=True)
    box.pid_file.write_text(f"{os.getpid()}\n")  # alive, but not a mariadbd on our datadir
    assert box.status().pid is None
    assert box.stop() is False  # and above all, must not signal that process
    assert box.start().running


def test_long_root_path_serves_on_a_tmp_socket(tmp_path: Path, make_sandbox: MakeSandbox) -> None:
    box = make_sandbox(tmp_path / ("long-directory-name-" * 5) / "sandbox")
    assert str(box.socket).startswith("/tmp/roble-")
    assert box.start().running
    assert _query(box, "SELECT DATABASE()") == ("roble",)
    box.stop()
    assert not box.socket.parent.exists()  # the private socket directory is cleaned up


def test_server_outlives_the_process_that_started_it(
    tmp_path: Path, make_sandbox: MakeSandbox
) -> None:
    root = tmp_path / "sbx"
    box = make_sandbox(root)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from roble_sql.sandbox import Sandbox
        print(Sandbox(Path({str(root)!r})).start().pid)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    status = box.status()
    assert status.running
    assert status.pid == int(result.stdout.strip())
    assert box.stop() is True  # not our child: stop must still see it exit
    assert not box.status().running
