"""The batching invariant against the real server: generated files (tests/batching.py),
each applied by roble and by the raw mariadb client, must leave the same rows, and
roble's records must say exactly what ran."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from roble_sql.cli import run
from roble_sql.dsn import DatabaseURL
from tests.batching import Generated, files
from tests.conftest import OUTPUTS, admin_query, client_command, fresh_database
from tests.db.schema_helpers import audit_rows

TABLE = "CREATE TABLE p (v INT PRIMARY KEY, note VARCHAR(80) NULL)"


def _client(server: DatabaseURL, database: str, text: str, folder: Path) -> None:
    command = client_command(server, folder)
    done = subprocess.run([*command, database], input=text.encode(), capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def _roble(url: DatabaseURL, folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> int:
    migrations = folder / "sql_migrations"
    migrations.mkdir()
    (migrations / "0001_generated.sql").write_bytes(text.encode())
    (migrations / "0001_generated.rollback.sql").write_text("DELETE FROM p WHERE v >= 0;\n")
    capsys.readouterr()
    code = run(["--database", url.as_url(reveal=True), "--migrations", str(migrations), "upgrade"])
    captured = capsys.readouterr()
    OUTPUTS.append(captured.out + captured.err)
    assert code == 0, captured.err
    return code


class _Target:
    """The test server, kept out of hypothesis's reports (they print every field)."""

    def __init__(self, url: DatabaseURL) -> None:
        self.url = url

    def __repr__(self) -> str:
        return "<test server>"


@pytest.fixture
def target(server: DatabaseURL) -> _Target:
    return _Target(server)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=files())
def test_generated_files_run_as_the_client_runs_them(
    generated: Generated, target: _Target, capsys: pytest.CaptureFixture[str]
) -> None:
    server = target.url
    with (
        tempfile.TemporaryDirectory() as scratch,
        fresh_database(server) as by_client,
        fresh_database(server) as by_roble,
    ):
        for url in (by_client, by_roble):
            admin_query(url, TABLE)
        _client(server, by_client.database or "", generated.text, Path(scratch))
        _roble(by_roble, Path(scratch), generated.text, capsys)
        rows = "SELECT v, note FROM p ORDER BY v"
        assert admin_query(by_roble, rows) == admin_query(by_client, rows)
        assert [v for v, _ in admin_query(by_roble, rows)] == generated.values
        last = audit_rows(by_roble)[-1]
        assert (last["outcome"], last["statements"]) == ("success", len(generated.expected))
        assert admin_query(by_roble, "SELECT COUNT(*) FROM roble_progress") == [(0,)]
