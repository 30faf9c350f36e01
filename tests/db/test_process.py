"""roble as a real process: entry points, exit codes, one-line errors, the sandbox, yoyo's hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import OUTPUTS, REPO, Project, admin_query
from tests.db.schema_helpers import app_tables


def run_roble(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("DATABASE_URL", None) if env is None or "DATABASE_URL" not in env else None
    done = subprocess.run(
        [sys.executable, "-m", "roble_sql", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    OUTPUTS.append(done.stdout + done.stderr)
    return done


def test_python_m_and_help(project: Project):
    result = run_roble("--help", cwd=project.root)
    assert result.returncode == 0
    for command in (
        "init",
        "new",
        "upgrade",
        "downgrade",
        "current",
        "status",
        "history",
        "heads",
        "merge",
        "stamp",
    ):
        assert f"  {command}" in result.stdout
    sub = run_roble("upgrade", "--help", cwd=project.root)
    assert "--sql" in sub.stdout and "TARGET" in sub.stdout


def test_bad_option_is_exit_2(project: Project):
    result = run_roble("upgrade", "--no-such-flag", cwd=project.root)
    assert result.returncode == 2
    assert "No such option" in result.stderr


@pytest.mark.parametrize(
    ("url", "code", "needle"),
    [
        ("mysql://roble:Wr0ngPassw0rd@127.0.0.1:1/x", 1, "cannot reach the database server"),
        ("postgres://roble:Wr0ngPassw0rd@127.0.0.1/x", 2, "does not start with mysql://"),
        (
            "mysql://roble:Wr0ngPassw0rd@127.0.0.1/x?connect_timeout=soon",
            2,
            "is not a whole number",
        ),
    ],
)
def test_connection_problems_are_one_line_without_password(
    project: Project, url: str, code: int, needle: str
):
    result = run_roble("--database", url, "status", cwd=project.root)
    assert result.returncode == code
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "Wr0ngPassw0rd" not in result.stderr + result.stdout


def test_wrong_password_and_unknown_database(
    project: Project, server: DatabaseURL, db_url: DatabaseURL
):
    admin_query(server, "CREATE USER IF NOT EXISTS 'roble_pw'@'%' IDENTIFIED BY 'Real-Pa55'")
    admin_query(
        server, "CREATE USER IF NOT EXISTS 'roble_pw'@'localhost' IDENTIFIED BY 'Real-Pa55'"
    )
    wrong = db_url.with_password("Wr0ngPassw0rd")
    wrong = DatabaseURL(**{**wrong.__dict__, "user": "roble_pw"})
    result = run_roble("--database", wrong.as_url(reveal=True), "status", cwd=project.root)
    assert result.returncode == 2
    assert "the server refused the login" in result.stderr
    assert "Wr0ngPassw0rd" not in result.stderr
    missing = db_url.with_database("roble_no_such_db")
    result = run_roble("--database", missing.as_url(reveal=True), "status", cwd=project.root)
    assert result.returncode == 2
    assert "database 'roble_no_such_db' does not exist" in result.stderr


def test_upgrade_through_a_process_with_database_url_env(project: Project, db_url: DatabaseURL):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    result = run_roble(
        "upgrade", cwd=project.root, env={"DATABASE_URL": db_url.as_url(reveal=True)}
    )
    assert result.returncode == 0, result.stderr
    assert app_tables(db_url) == ["t"]


def test_sandbox_commands_and_auto_sandbox(project: Project):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    try:
        result = run_roble("--sandbox", "auto", "upgrade", cwd=project.root)
        assert result.returncode == 0, result.stderr
        assert "using the local sandbox MariaDB" in result.stderr
        status = run_roble("sandbox", "status", cwd=project.root)
        assert status.returncode == 0 and "running" in status.stdout
        url = DatabaseURL.parse(status.stdout.split(": ", 1)[1].strip())
        assert (project.root / ".roble" / "sandbox" / "data").is_dir()
        assert app_tables(url) == ["t"]
        again = run_roble("--sandbox", "auto", "upgrade", cwd=project.root)  # reuses the server
        assert "nothing to apply" in again.stdout
    finally:
        stopped = run_roble("sandbox", "stop", cwd=project.root)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert run_roble("sandbox", "status", cwd=project.root).returncode == 1


def test_sandbox_is_refused_in_production(project: Project):
    result = run_roble(
        "--sandbox", "auto", "status", cwd=project.root, env={"ROBLE_ENV": "production"}
    )
    assert result.returncode == 2
    assert "not allowed when the environment is production" in result.stderr
    assert not (project.root / ".roble").exists()


def test_yoyo_reads_what_roble_applied(shipped: Project, db_url: DatabaseURL):
    """yoyo's own tables stay the source of truth: yoyo sees roble's revisions as applied."""
    from yoyo import get_backend, read_migrations

    from roble_sql import api
    from roble_sql.config import load_settings

    settings = load_settings(database=db_url.as_url(reveal=True))
    api.upgrade(settings, "3f1c9a7d2b84")
    backend = get_backend(db_url.as_url(reveal=True))
    try:
        migrations = read_migrations(str(shipped.migrations))
        applied = {m.id for m in migrations if backend.is_applied(m)}
    finally:
        backend.connection.close()
    assert applied == {
        "5aa5020316c5_create_colors_table",
        "e57af1e0a8f8_create_roles_table",
        "3f1c9a7d2b84_create_materials_table",
    }
