"""No way in through input, and no half-run plans: file names, passwords as values,
statements larger than the server takes, the whole plan checked before anything runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import Project, Roble, admin_query, throwaway_server
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("roble: error: "), err
    assert "Traceback" not in err and "unexpected" not in err
    return err


def test_a_newline_in_a_file_name_never_reaches_sql(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    evil = project.migrations / "0002_x\nDROP TABLE t;\n-- .sql"
    evil.write_text("-- depends: 0001_t\nDO 1;\n")
    for args in (("upgrade", "--sql"), ("upgrade",), ("lint",), ("rehash",), ("status",)):
        result = roble(*args, database=args != ("upgrade", "--sql"))
        assert result.code == 1, (args, result.output)
        line = _one_line(result.err)
        assert "the character U+000A" in line and "0002_x\\nDROP TABLE t;" in line
        assert "DROP TABLE t;\n" not in result.out
    assert not (project.migrations / "roble.sum").exists()  # nothing it can't read again
    assert app_tables(roble.url) == []


def test_a_password_is_masked_as_a_value_not_as_a_substring(
    project: Project, roble: Roble, db_url: DatabaseURL
):
    name = f"ro{abs(hash(db_url.database)) % 10**6}"
    for host in ("localhost", "%"):
        admin_query(db_url, f"CREATE USER '{name}'@'{host}' IDENTIFIED BY 'ro'")
        admin_query(db_url, f"GRANT ALL ON `{db_url.database}`.* TO '{name}'@'{host}'")
    try:
        user = Roble(roble.capsys, replace(db_url, user=name, password="ro"))
        project.revision("0001_t", "SELECT * FROM roble_progressx;", "DO 0;")
        failed = user("upgrade", "--no-lint")
        assert failed.code == 1
        assert "roble_progressx' doesn't exist" in failed.err
        assert "***ble" not in failed.err
    finally:
        for host in ("localhost", "%"):
            admin_query(db_url, f"DROP USER '{name}'@'{host}'")


@pytest.fixture(scope="module")
def small_packets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseURL]:
    """A server of its own that takes packets of 1 MB at most."""
    with throwaway_server(
        tmp_path_factory.mktemp("packets"), settings=("--max-allowed-packet=1M",)
    ) as url:
        admin_query(url, "CREATE DATABASE roble_packets")
        yield url.with_database("roble_packets")


def test_a_statement_larger_than_max_allowed_packet_is_refused_and_recorded(
    project: Project, roble: Roble, small_packets: DatabaseURL
):
    big = "INSERT INTO blobs VALUES ('" + "x" * (2 << 20) + "');"
    project.revision(
        "0001_big",
        f"CREATE TABLE blobs (b LONGTEXT);\n{big}\n",
        "DROP TABLE blobs;",
    )
    packets = Roble(roble.capsys, small_packets)
    failed = packets("upgrade", "--no-lint")
    assert failed.code == 1
    line = _one_line(failed.err)
    assert "0001_big.sql:4" in line  # after the two header lines
    assert (
        f"the statement is {len(big) - 1} bytes and the server's max_allowed_packet is 1048576"
        in line
    )
    assert "gone away" not in line
    assert app_tables(small_packets) == ["blobs"]  # statement 1 ran and is recorded
    progress = admin_query(
        small_packets, "SELECT state, statements_done, failed_statement FROM roble_progress"
    )
    assert progress == [("failed", 1, 1)]
    last = audit_rows(small_packets)[-1]
    assert last["outcome"] == "failure" and "max_allowed_packet is 1048576" in last["error"]


def test_the_whole_plan_is_checked_before_anything_runs(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "-- undone by hand\n")
    empty = project.revision("0002_empty", "-- nothing yet\n", "DO 0;", ("0001_t",))
    for args in (("upgrade",), ("upgrade", "--no-lint")):
        refused = roble(*args)
        assert refused.code == 1, args
        assert "0002_empty" in refused.err
        assert app_tables(roble.url) == []
    empty.write_text(empty.read_text().replace("-- nothing yet", "CREATE TABLE u (id INT);"))
    assert roble("upgrade", "--no-lint").code == 0
    refused = roble("downgrade", "base", "--yes-i-know")  # 0001_t's rollback is empty
    assert refused.code == 1 and "0001_t.rollback.sql" in refused.err
    assert applied_ids(roble.url) == {"0001_t", "0002_empty"}  # 0002 was not rolled back
    assert app_tables(roble.url) == ["t", "u"]


def test_an_unreadable_revision_is_a_configuration_error_naming_it(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    unreadable = project.migrations / "0002_u.sql"
    os.symlink("/proc/self/mem", unreadable)  # a file whose read fails, even for root
    for args in (("upgrade",), ("status",), ("upgrade", "--no-lint")):
        result = roble(*args)
        assert result.code in (1, 2), args
        line = _one_line(result.err)
        assert "0002_u.sql" in line and "can't read the file" in line
    assert app_tables(roble.url) == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("upgrade", "--lock-timeout", "-1"), "--lock-timeout"),
        (("downgrade", "--lock-timeout", "-0.5"), "--lock-timeout"),
        (("upgrade", "--wait", "-3"), "--wait"),
    ],
)
def test_negative_timeouts_are_usage_errors(
    project: Project, roble: Roble, args: tuple[str, ...], needle: str
):
    result = roble(*args)
    assert result.code == 2 and needle in result.err
    assert admin_query(roble.url, "SHOW TABLES") == []


def test_a_missing_tls_file_is_a_configuration_error_naming_it(project: Project, roble: Roble):
    url = roble.url.with_option("ssl_ca", "/missing/ca.pem").with_option("ssl_mode", "VERIFY_CA")
    result = roble("--database", url.as_url(reveal=True), "status", database=False)
    assert result.code == 2
    line = _one_line(result.err)
    assert "/missing/ca.pem" in line
