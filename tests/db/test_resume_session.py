"""A resumed revision runs in the session its file describes: the statements skipped on
resume that set session state (SET of session and user variables, SET NAMES, USE,
PREPARE) run again first, and a session that can't be rebuilt refuses to resume."""

from __future__ import annotations

import json

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids

HEAD = "CREATE TABLE trace (id INT NOT NULL AUTO_INCREMENT, note VARCHAR(64) NULL, PRIMARY KEY (id));\n"
BROKEN = "CREATE TABLE later (id NOT_A_TYPE);\n"
FIXED = "CREATE TABLE later (id INT NOT NULL, PRIMARY KEY (id));\n"


def _notes(roble: Roble) -> list[str | None]:
    return [note for (note,) in roble.query("SELECT note FROM trace ORDER BY id")]


def test_resume_replays_session_and_user_variables(project: Project, roble: Roble):
    body = (
        HEAD
        + "SET @label := 'count-before';\n"
        + "SET SESSION lock_wait_timeout = 7;\n"
        + "SET NAMES utf8mb4 COLLATE utf8mb4_bin;\n"
        + "PREPARE add_note FROM 'INSERT INTO trace (note) VALUES (?)';\n"
        + "INSERT INTO trace (note) VALUES ('first');\n"
        + BROKEN
        + "INSERT INTO trace (note) VALUES (CONCAT(@label, '=', @@SESSION.lock_wait_timeout));\n"
        + "INSERT INTO trace (note) VALUES (COLLATION('x'));\n"
        + "SET @n := 'prepared';\n"
        + "EXECUTE add_note USING @n;\n"
    )
    path = project.revision("0001_notes", body, "DROP TABLE later;\nDROP TABLE trace;")
    assert roble("upgrade", "--no-lint").code == 1
    assert _notes(roble) == ["first"]
    path.write_text(path.read_text().replace(BROKEN, FIXED))
    resumed = roble("upgrade", "--no-lint")
    assert resumed.code == 0, resumed.err
    assert "resuming 0001_notes at statement 7" in resumed.err
    assert _notes(roble) == ["first", "count-before=7", "utf8mb4_bin", "prepared"]
    assert applied_ids(roble.url) == {"0001_notes"}


def test_a_variable_set_from_the_data_refuses_to_resume(project: Project, roble: Roble):
    body = (
        HEAD
        + "INSERT INTO trace (note) VALUES ('a'), ('b');\n"
        + "SET @n := (SELECT COUNT(*) FROM trace);\n"
        + "INSERT INTO trace (note) VALUES ('c');\n"
        + BROKEN
        + "INSERT INTO trace (note) VALUES (CONCAT('count-before=', @n));\n"
    )
    path = project.revision("0001_notes", body, "DROP TABLE later;\nDROP TABLE trace;")
    assert roble("upgrade", "--no-lint").code == 1
    path.write_text(path.read_text().replace(BROKEN, FIXED))
    refused = roble("upgrade", "--no-lint")
    assert refused.code == 1
    assert "can't resume at statement 5: statement 3 set up the session" in refused.err
    assert "0001_notes.sql:5" in refused.err  # where that statement is (after the header)
    assert _notes(roble) == ["a", "b", "c"]  # nothing more ran
    assert app_tables(roble.url) == ["trace"]
    assert json.loads(roble("status", "--json").out)[0]["state"] == "failed"
