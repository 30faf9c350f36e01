"""Bad input ends as one clear line with exit 1 or 2; secrets come from env and option files."""

from __future__ import annotations

import json
import time

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import TEST_PASSWORD, Project, Roble, admin_query
from tests.db.schema_helpers import app_tables


def _one_line(result) -> str:
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("roble: error: ")
    assert "Traceback" not in result.err
    return result.err


@pytest.mark.parametrize(
    ("files", "code", "needle"),
    [
        (
            {"0001_a.sql": b"CREATE TABLE a (id INT PRIMARY KEY);\nSELECT '\x00';\n"},
            1,
            "0001_a.sql:2: the file holds a NUL byte",
        ),
        (
            {
                "0001_a.sql": b"-- depends: 0002_b\nDO 1;",
                "0002_b.sql": b"-- depends: 0001_a\nDO 1;",
            },
            1,
            "cycle: 0001_a -> 0002_b -> 0001_a",
        ),
        (
            {"0001_a.sql": b"-- depends: 0000_nothing\nDO 1;"},
            1,
            "0001_a: '-- depends: 0000_nothing' names no revision",
        ),
        (
            {"0001_a.sql": b"/* intro */\n-- depends: 0000_x\nDO 1;"},
            1,
            "0001_a.sql:2: '-- depends:' is not in the leading comment block",
        ),
        (
            {"0001_a.sql": b"-- depends: x, y\nDO 1;"},
            1,
            "0001_a.sql:1: '-- depends:' ids are separated by spaces",
        ),
        (
            {"0001_a.sql": b"-- transactional: no\nDO 1;"},
            1,
            "'-- transactional: no' must be true or false",
        ),
        ({"0001_a.py": b"step('x')"}, 1, "yoyo's Python migrations; roble runs SQL files only"),
    ],
    ids=[
        "nul-byte",
        "cycle",
        "dangling",
        "late-depends",
        "commas",
        "transactional",
        "python",
    ],
)
def test_bad_revision_files(
    project: Project, roble: Roble, files: dict[str, bytes], code: int, needle: str
):
    for name, content in files.items():
        (project.migrations / name).write_bytes(content)
    # The lint gate lists a NUL byte as a finding first; the runner's own refusal is one line.
    result = roble("upgrade", "--no-lint")
    assert result.code == code
    assert needle in _one_line(result)
    assert app_tables(roble.url) == []


def test_malformed_config_and_missing_folder(project: Project, roble: Roble):
    (project.root / "yoyo.ini").write_text("[DEFAULT\nsources = x\n")
    assert "yoyo.ini: malformed config" in _one_line(result := roble("status"))
    assert result.code == 2
    (project.root / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/nowhere\n")
    result = roble("status")
    assert result.code == 2
    assert "nowhere does not exist" in _one_line(result)
    (project.root / "yoyo.ini").write_text("[DEFAULT]\ndatabase = %(NOT_SET_ANYWHERE)s\n")
    result = roble("status", database=False)
    assert result.code == 2 and "NOT_SET_ANYWHERE is not set" in _one_line(result)


def test_wait_retries_an_unreachable_server_then_fails(project: Project, roble: Roble):
    started = time.monotonic()
    result = roble(
        "--database", "mysql://nobody@127.0.0.1:9/x", "upgrade", "--wait", "1.5", database=False
    )
    elapsed = time.monotonic() - started
    assert result.code == 1
    assert "cannot reach the database server" in _one_line(result)
    assert 1.4 <= elapsed < 20


def test_password_from_environment_and_option_file(
    project: Project, roble: Roble, monkeypatch, tmp_path
):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    no_password = roble.url.with_password(None).as_url()
    monkeypatch.setenv("ROBLE_DB_PASSWORD", TEST_PASSWORD)
    assert roble("--database", no_password, "upgrade", database=False).code == 0
    monkeypatch.delenv("ROBLE_DB_PASSWORD")
    denied = roble("--database", no_password, "status", database=False)
    assert denied.code == 2 and "refused the login" in denied.err
    option_file = tmp_path / "deploy.cnf"
    option_file.write_text(f'[client]\npassword="{TEST_PASSWORD}"\n')
    ok = roble(
        "--database",
        no_password,
        "--defaults-file",
        str(option_file),
        "status",
        "--json",
        database=False,
    )
    assert ok.code == 0, ok.err
    assert json.loads(ok.out)[0]["state"] == "applied"
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".my.cnf").write_text(f"[client]\npassword={TEST_PASSWORD}\n")
    assert roble("--database", no_password, "current", database=False).code == 0


def test_read_only_commands_need_only_select(project: Project, roble: Roble, server: DatabaseURL):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    assert roble("upgrade").code == 0
    for host in ("localhost", "%"):
        admin_query(
            server,
            "CREATE USER IF NOT EXISTS 'roble_reader'@%s IDENTIFIED BY 'Reader-pw-1'",
            (host,),
        )
        admin_query(
            server, f"GRANT SELECT ON `{roble.url.database}`.* TO 'roble_reader'@%s", (host,)
        )
    reader = DatabaseURL(
        **{**roble.url.__dict__, "user": "roble_reader", "password": "Reader-pw-1"}
    )
    for command in (["status"], ["current"], ["history"], ["verify"]):
        result = roble("--database", reader.as_url(reveal=True), *command, database=False)
        assert result.code == 0, (command, result.err)
    refused = roble("--database", reader.as_url(reveal=True), "downgrade", database=False)
    assert refused.code == 2 and "the database user may not do this" in refused.err
    assert app_tables(roble.url) == ["t"]


def test_audit_rows_never_hold_the_password(project: Project, roble: Roble):
    project.revision(
        "0001_bad",
        "CREATE TABLE t (id INT PRIMARY KEY);\nSELECT no_such_column FROM t;",
        "DROP TABLE t;",
    )
    assert roble("upgrade").code == 1
    rows = roble.query("SELECT * FROM roble_audit")
    assert rows and TEST_PASSWORD not in repr(rows)
