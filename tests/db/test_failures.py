"""Failures: what is left in the database, what is recorded, what the user is told."""

from __future__ import annotations

import json

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows

THREE_DDL = """CREATE TABLE a (id INT PRIMARY KEY);
CREATE TABLE b (id INT PRIMARY KEY);
CREATE TABLE c (id INT PRIMARY KEY, broken NOT_A_TYPE);
"""
THREE_DDL_FIXED = THREE_DDL.replace(", broken NOT_A_TYPE", "")
THREE_DDL_DOWN = "DROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n"


def _lock_free(roble: Roble) -> bool:
    (used,) = roble.query("SELECT IS_USED_LOCK(CONCAT('roble:', DATABASE()))")[0]
    return used is None


def test_dml_revision_failure_changes_nothing(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision(
        "0002_rows",
        "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\nINSERT INTO t VALUES (1);\n",
        "DELETE FROM t WHERE id IN (1, 2);",
        ("0001_t",),
    )
    result = roble("upgrade")
    assert result.code == 1
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "0002_rows.sql:6" in result.err  # line 6 of the file: the third INSERT
    assert "Duplicate entry '1'" in result.err
    assert "rolled back" in result.err
    assert roble.query("SELECT COUNT(*) FROM t") == [(0,)]  # one transaction: nothing kept
    assert applied_ids(roble.url) == {"0001_t"}
    last = audit_rows(roble.url)[-1]
    assert (last["revision_id"], last["action"], last["outcome"]) == (
        "0002_rows",
        "apply",
        "failure",
    )
    assert last["error_line"] == 6 and "1062" in last["error"]
    assert _lock_free(roble)
    status = {row["id"]: row["state"] for row in json.loads(roble("status", "--json").out)}
    assert status == {"0001_t": "applied", "0002_rows": "pending"}


def test_ddl_failure_at_third_statement_is_recorded_and_resumes(project: Project, roble: Roble):
    path = project.revision("0001_abc", THREE_DDL, THREE_DDL_DOWN)
    result = roble("upgrade")
    assert result.code == 1
    assert "0001_abc.sql:5" in result.err and "statement 3" in result.err
    assert "resume" in result.err
    assert app_tables(roble.url) == ["a", "b"]  # DDL commits: a and b stay
    assert applied_ids(roble.url) == set()
    assert _lock_free(roble)

    status = json.loads(roble("status", "--json").out)
    assert status[0]["state"] == "failed"
    assert "statement 3 (line 5)" in status[0]["detail"] and "4161" in status[0]["detail"]
    failure = audit_rows(roble.url)[-1]
    assert (failure["outcome"], failure["statements"], failure["error_line"]) == ("failure", 2, 5)
    progress = roble.query(
        "SELECT statement_index, line FROM roble_progress_statement ORDER BY statement_index"
    )
    assert progress == [(0, 3), (1, 4)]

    path.write_text(path.read_text().replace(THREE_DDL, THREE_DDL_FIXED))
    resumed = roble("upgrade")
    assert resumed.code == 0, resumed.err
    assert "resuming 0001_abc at statement 3" in resumed.err
    assert app_tables(roble.url) == ["a", "b", "c"]
    assert applied_ids(roble.url) == {"0001_abc"}
    assert roble.query("SELECT COUNT(*) FROM roble_progress") == [(0,)]
    assert audit_rows(roble.url)[-1]["outcome"] == "success"


def test_resume_refuses_when_an_executed_statement_changed(project: Project, roble: Roble):
    path = project.revision("0001_abc", THREE_DDL, THREE_DDL_DOWN)
    assert roble("upgrade").code == 1
    edited = THREE_DDL_FIXED.replace(
        "CREATE TABLE b (id INT PRIMARY KEY)", "CREATE TABLE b (id BIGINT PRIMARY KEY)"
    )
    path.write_text(path.read_text().replace(THREE_DDL, edited))
    result = roble("upgrade")
    assert result.code == 1
    assert "statement 2 of 0001_abc changed after it ran" in result.err
    assert "0001_abc.sql:4" in result.err
    assert app_tables(roble.url) == ["a", "b"]


def test_unknown_target_is_a_usage_error(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    result = roble("upgrade", "nope")
    assert result.code == 2
    assert result.err.strip() == (
        "roble: error: unknown revision 'nope'. Run 'roble status' to list the revisions."
    )


def test_downgrade_refuses_without_rollback_file(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", None, ("0001_t",))
    assert roble("upgrade").code == 1  # lint flags the missing rollback (RB401) first
    assert roble("upgrade", "--no-lint").code == 0
    result = roble("downgrade", "base")
    assert result.code == 1
    assert "0002_u has no rollback file" in result.err
    assert app_tables(roble.url) == ["t", "u"]  # refused before rolling anything back
    assert applied_ids(roble.url) == {"0001_t", "0002_u"}


def test_modified_and_missing_revisions(project: Project, roble: Roble):
    first = project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    second = project.revision(
        "0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",)
    )
    assert roble("upgrade").code == 0
    first.write_text(first.read_text() + "-- an innocent-looking edit\n")
    second.unlink()
    second.with_name("0002_u.rollback.sql").unlink()
    status = {row["id"]: row for row in json.loads(roble("status", "--json").out)}
    assert status["0001_t"]["state"] == "modified"
    assert status["0001_t"]["checksum"] != status["0001_t"]["recorded_checksum"]
    assert status["0002_u"]["state"] == "missing"

    project.revision("0003_v", "CREATE TABLE v (id INT PRIMARY KEY);", "DROP TABLE v;", ("0001_t",))
    refused = roble("upgrade")  # a revision is applied that the folder no longer has
    assert refused.code == 1
    assert "doesn't have: 0002_u" in refused.err and "--allow-missing" in refused.err
    refused = roble("upgrade", "--allow-missing")
    assert refused.code == 1
    assert "0001_t" in refused.err and "--allow-modified" in refused.err
    assert "v" not in app_tables(roble.url)
    assert roble("upgrade", "--allow-missing", "--allow-modified").code == 0
    assert "v" in app_tables(roble.url)


def test_empty_revision_file_is_refused_before_anything_runs(project: Project, roble: Roble):
    project.revision("0001_good", "CREATE TABLE g (id INT PRIMARY KEY);", "DROP TABLE g;")
    project.revision("0002_empty", "-- nothing here yet\n", "", ("0001_good",))
    result = roble("upgrade")  # the lint gate finds it first
    assert result.code == 1
    assert "0002_empty.sql:1: RB001 error: the file has no statements" in result.err
    result = roble("upgrade", "--no-lint")  # the runner checks the whole plan first
    assert result.code == 1
    assert "0002_empty.sql: file has no SQL statements" in result.err
    assert result.err.count("\n") == 1
    assert applied_ids(roble.url) == set()  # not even the good revision before it
    assert app_tables(roble.url) == []
    assert roble.query("SELECT COUNT(*) FROM roble_audit") == [(0,)]


def test_no_database_configured_is_a_configuration_error(project: Project, roble: Roble):
    result = roble("status", database=False)
    assert result.code == 2
    assert "no database configured" in result.err
