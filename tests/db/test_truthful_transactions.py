"""A data-only revision runs as one transaction only while the server says it is one:
a statement that commits implicitly (EXECUTE IMMEDIATE of DDL, PREPARE/EXECUTE, SET
STATEMENT ... FOR DDL, a CALL of a routine that commits, SET PASSWORD) is recorded the
moment it does, and a failure after it says exactly what committed."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids

TRACE = "CREATE TABLE trace (rev VARCHAR(8) NOT NULL, PRIMARY KEY (rev));"

COMMITTING = {
    "execute-immediate": "EXECUTE IMMEDIATE 'CREATE TABLE z3 (id INT NOT NULL, PRIMARY KEY (id))';",
    "prepare-execute": (
        "PREPARE make_z3 FROM 'CREATE TABLE z3 (id INT NOT NULL, PRIMARY KEY (id))';\n"
        "EXECUTE make_z3;"
    ),
    "set-statement-for": (
        "SET STATEMENT lock_wait_timeout = 5 FOR CREATE TABLE z3 (id INT NOT NULL, PRIMARY KEY (id));"
    ),
    "call": "CALL make_z3();",
}


def _setup(project: Project, roble: Roble) -> None:
    project.revision("0001_trace", TRACE, "DROP TABLE trace;")
    assert roble("upgrade").code == 0
    roble.query(
        "CREATE PROCEDURE make_z3() BEGIN CREATE TABLE z3 (id INT NOT NULL, PRIMARY KEY (id)); END"
    )


def _traced(roble: Roble) -> list[str]:
    return [rev for (rev,) in roble.query("SELECT rev FROM trace ORDER BY rev")]


@pytest.mark.parametrize("shape", sorted(COMMITTING))
def test_an_implicit_commit_is_recorded_and_reported(project: Project, roble: Roble, shape: str):
    _setup(project, roble)
    body = (
        "INSERT INTO trace (rev) VALUES ('a');\n"
        f"{COMMITTING[shape]}\n"
        "INSERT INTO trace (rev) VALUES ('b');\n"
        "INSERT INTO trace (rev) VALUES ('a');\n"  # duplicate key
    )
    project.revision(
        "0002_rows", body, "DROP TABLE z3;\nDELETE FROM trace WHERE rev = 'a';", ("0001_trace",)
    )
    failed = roble("upgrade", "--no-lint")
    assert failed.code == 1
    assert "Nothing was changed" not in failed.err
    assert "committed the revision's transaction" in failed.err, failed.err
    assert _traced(roble) == ["a", "b"]  # what the server kept
    assert "z3" in app_tables(roble.url)
    status = json.loads(roble("status", "--json").out)[1]
    assert status["state"] == "failed", status
    done = len(body.splitlines()) - 1  # every statement before the duplicate
    assert f"failed at statement {done + 1}" in status["detail"]
    recorded = roble.query(
        "SELECT statements_done, state FROM roble_progress WHERE revision_id = '0002_rows'"
    )
    assert recorded == [(done, "failed")]

    # Fixed and run again: it resumes after what committed, never inserting 'a' twice.
    fixed = body.replace("INSERT INTO trace (rev) VALUES ('a');\n", "", 1)
    fixed = body.rsplit("INSERT INTO trace (rev) VALUES ('a');\n", 1)[0] + (
        "INSERT INTO trace (rev) VALUES ('c');\n"
    )
    (project.migrations / "0002_rows.sql").write_text(
        "-- 0002_rows\n-- depends: 0001_trace\n" + fixed
    )
    again = roble("upgrade", "--no-lint")
    assert again.code == 0, again.err
    assert _traced(roble) == ["a", "b", "c"]
    assert applied_ids(roble.url) == {"0001_trace", "0002_rows"}


def test_a_call_that_commits_and_then_fails_is_not_called_rolled_back(
    project: Project, roble: Roble
):
    _setup(project, roble)
    roble.query(
        "CREATE PROCEDURE half() BEGIN INSERT INTO trace (rev) VALUES ('p'); COMMIT;"
        " INSERT INTO trace (rev) VALUES ('a'); END"
    )
    body = "INSERT INTO trace (rev) VALUES ('a');\nCALL half();\n"
    project.revision(
        "0002_rows", body, "DELETE FROM trace WHERE rev IN ('a', 'p');", ("0001_trace",)
    )
    failed = roble("upgrade", "--no-lint")
    assert failed.code == 1
    assert "Nothing was changed" not in failed.err
    assert "statement 2" in failed.err and "committed the revision's transaction" in failed.err
    assert _traced(roble) == ["a", "p"]
    status = json.loads(roble("status", "--json").out)[1]
    assert status["state"] == "failed"
    assert "after it committed part of its work" in status["detail"]
    again = roble("upgrade", "--no-lint")  # the CALL is never simply run again
    assert again.code == 1 and "can't tell how much of it took effect" in again.err
    assert _traced(roble) == ["a", "p"]
    assert roble("resolve", "0002_rows", "--applied").code == 0
    assert applied_ids(roble.url) == {"0001_trace", "0002_rows"}


def test_a_transaction_that_never_commits_early_still_rolls_back_whole(
    project: Project, roble: Roble
):
    _setup(project, roble)
    roble.query("CREATE PROCEDURE add_p() BEGIN INSERT INTO trace (rev) VALUES ('p'); END")
    body = (
        "INSERT INTO trace (rev) VALUES ('a');\n"
        "CALL add_p();\n"
        "INSERT INTO trace (rev) VALUES ('a');\n"
    )
    project.revision(
        "0002_rows", body, "DELETE FROM trace WHERE rev IN ('a', 'p');", ("0001_trace",)
    )
    failed = roble("upgrade", "--no-lint")
    assert failed.code == 1
    assert "Nothing was changed" in failed.err
    assert _traced(roble) == []
    assert roble.query("SELECT COUNT(*) FROM roble_progress") == [(0,)]
    assert json.loads(roble("status", "--json").out)[1]["state"] == "pending"
