"""Files the mariadb client runs, run by roble the same way, with records that say what ran.

Each shape here broke before: the statement and roble's bookkeeping arrived as one broken
statement, a query of several statements was counted as one, bytes that are not UTF-8
were refused, client commands were unknown. Every test checks the database itself.
"""

from __future__ import annotations

import json

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows

PROGRESS = "SELECT COUNT(*) FROM roble_progress"
ROUTINE_BODIES = (
    "SELECT ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"
)


def _finished_cleanly(roble: Roble, revision: str, statements: int) -> None:
    """Applied, audited as one success with every statement counted, no progress left."""
    assert revision in applied_ids(roble.url)
    last = audit_rows(roble.url)[-1]
    assert (last["revision_id"], last["outcome"], last["statements"]) == (
        revision,
        "success",
        statements,
    )
    assert roble.query(PROGRESS) == [(0,)]


# --- 1. bookkeeping never glued onto a statement ------------------------------------------------


def test_trigger_whose_body_ends_in_a_semicolon_before_the_delimiter(
    project: Project, roble: Roble
):
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY, n INT);\n"
        "DELIMITER //\n"
        "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.n = 1;//\n"
        "DELIMITER ;\n"
        "INSERT INTO t (id) VALUES (1);\n",
        "DROP TABLE t;\n",
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert roble.query("SELECT id, n FROM t") == [(1, 1)]
    (body,) = roble.query(
        "SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
    )[0]
    assert body == "SET NEW.n = 1"
    _finished_cleanly(roble, "0001_t", 3)


def test_end_semicolon_with_the_delimiter_on_the_next_line(project: Project, roble: Roble):
    project.revision(
        "0001_p",
        "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END;\n$$\nDELIMITER ;\n",
        "DROP PROCEDURE p;\n",
    )
    assert roble("upgrade").code == 0
    assert roble.query(ROUTINE_BODIES) == [("BEGIN SELECT 1; END",)]
    _finished_cleanly(roble, "0001_p", 1)


def test_comments_between_a_statement_and_its_delimiter(project: Project, roble: Roble):
    project.revision(
        "0001_c",
        "CREATE TABLE t2 (id INT PRIMARY KEY) -- note\n;\n"
        "CREATE TABLE t3 (id INT PRIMARY KEY) # note\n;\n"
        "DELIMITER $$\n"
        "CREATE PROCEDURE p5() BEGIN SELECT 1; END -- end of p5\n$$\n"
        "DELIMITER ;\n",
        "DROP PROCEDURE p5;\nDROP TABLE t3;\nDROP TABLE t2;\n",
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["t2", "t3"]
    # The comment after END is not part of the body, as with the client.
    assert roble.query(ROUTINE_BODIES) == [("BEGIN SELECT 1; END",)]
    _finished_cleanly(roble, "0001_c", 3)


# --- 2. one query of the client, several statements for the server ------------------------------


def test_delimiter_never_reset_runs_and_records_each_statement(project: Project, roble: Roble):
    project.revision(
        "0001_n",
        "DELIMITER //\n"
        "CREATE FUNCTION f() RETURNS INT RETURN 1//\n"
        "CREATE TABLE a (id INT PRIMARY KEY);\n"
        "INSERT INTO a VALUES (f());\n"
        "CREATE TABLE b (id INT PRIMARY KEY);\n",
        "DROP TABLE b;\nDROP TABLE a;\nDROP FUNCTION f;\n",
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["a", "b"]
    assert roble.query("SELECT id FROM a") == [(1,)]
    _finished_cleanly(roble, "0001_n", 4)


def test_failure_inside_a_query_names_the_server_statement_and_keeps_what_committed(
    project: Project, roble: Roble
):
    path = project.revision(
        "0001_q",
        "DELIMITER //\n"
        "CREATE TABLE a (id INT PRIMARY KEY);\n"
        "CREATE TABLE b (id INT PRIMARY KEY);\n"
        "CREATE TABLE a (id INT PRIMARY KEY);\n"  # line 6: a already exists
        "CREATE TABLE c (id INT PRIMARY KEY)//\n",
        "DROP TABLE c;\nDROP TABLE d;\nDROP TABLE b;\nDROP TABLE a;\n",
    )
    result = roble("upgrade")
    assert result.code == 1
    assert result.err.count("\n") == 1 and "unexpected" not in result.err
    assert "0001_q.sql:6:" in result.err and "statement 3" in result.err
    assert "'CREATE TABLE a (id INT PRIMARY KEY)'" in result.err
    assert "statements 1-2 are applied" in result.err.lower()
    assert "roble_progress" not in result.err
    assert app_tables(roble.url) == ["a", "b"]  # exactly what committed
    status = {row["id"]: row for row in json.loads(roble("status", "--json").out)}
    assert status["0001_q"]["state"] == "failed"
    assert roble.query(
        "SELECT statements_done, failed_statement, failed_line FROM roble_progress"
    ) == [(2, 2, 6)]
    # Fixed, it resumes at the failed statement: a and b are not created twice.
    fixed = "CREATE TABLE b (id INT PRIMARY KEY);\nCREATE TABLE d (id INT PRIMARY KEY);\n"
    path.write_text(
        path.read_text().replace(
            "CREATE TABLE b (id INT PRIMARY KEY);\nCREATE TABLE a (id INT PRIMARY KEY);\n", fixed
        )
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert "resum" in result.output
    assert app_tables(roble.url) == ["a", "b", "c", "d"]
    assert roble.query(PROGRESS) == [(0,)]


def test_drop_and_create_procedure_in_one_query(project: Project, roble: Roble):
    body = "CREATE PROCEDURE p4() BEGIN SELECT 1; END$$\n"
    path = project.revision(
        "0001_p",
        "DELIMITER $$\nDROP PROCEDURE IF EXISTS p4;\n"
        + body.replace("SELECT 1", "SELEC 1")
        + "DELIMITER ;\n",
        "DROP PROCEDURE p4;\n",
    )
    result = roble("upgrade", "--no-lint")
    assert result.code == 1
    assert "0001_p.sql:5:" in result.err and "statement 2" in result.err
    assert "near '1; END' at line 5" in result.err  # the file's line, not the batch's
    assert "statement 1 is applied" in result.err.lower()
    assert roble.query("SELECT statements_done, failed_statement FROM roble_progress") == [(1, 1)]
    path.write_text(path.read_text().replace("SELEC 1", "SELECT 1"))
    assert roble("upgrade").code == 0
    assert roble.query(
        "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"
    ) == [("p4",)]


def test_a_call_answering_with_several_results_does_not_shift_the_count(
    project: Project, roble: Roble
):
    project.revision(
        "0001_p",
        "CREATE TABLE t (id INT PRIMARY KEY);\n"
        "DELIMITER $$\n"
        "CREATE PROCEDURE two_results() BEGIN SELECT 1; SELECT 2; SELECT 3; END$$\n"
        "DELIMITER ;\n"
        "CALL two_results();\n"
        "INSERT INTO t VALUES (1);\n"
        "INSERT INTO t VALUES (1);\n",  # line 9 fails
        "DROP PROCEDURE two_results;\nDROP TABLE t;\n",
    )
    result = roble("upgrade", "--no-lint")
    assert result.code == 1
    assert "0001_p.sql:9:" in result.err and "statement 5" in result.err, result.err
    assert "statements 1-4 are applied" in result.err.lower()
    assert roble.query("SELECT statements_done, failed_statement FROM roble_progress") == [(4, 4)]
    assert roble.query("SELECT id FROM t") == [(1,)]


def test_syntax_error_shows_the_file_not_the_batch(project: Project, roble: Roble):
    project.revision(
        "0001_t",
        "CREATE TABLE colors (id INT PRIMARY KEY);\n"
        "ALTER TABLE colors\n  ADD COLUMN COLUMN oops INT NULL, ALGORITHM=INSTANT;\n",
        "ALTER TABLE colors DROP COLUMN oops;\nDROP TABLE colors;\n",
    )
    result = roble("upgrade", "--no-lint")
    assert result.code == 1
    line = result.err
    assert "0001_t.sql:4:" in line and "statement 2 ('ALTER TABLE colors')" in line
    assert "at line 5" in line  # the line of the file the server points at
    assert "INSERT" not in line and "roble_" not in line and "SET @roble" not in line
    assert "statement 1 is applied" in line.lower()


# --- 3. bytes in, bytes out ----------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(0x80, 0x100))


def _escape_like_mysqldump(data: bytes) -> bytes:
    """mysqldump without --hex-blob: only \\0 ' " \\ \\n \\r and ^Z are escaped."""
    out = data.replace(b"\\", b"\\\\").replace(b"'", b"\\'").replace(b'"', b'\\"')
    out = out.replace(b"\0", b"\\0").replace(b"\n", b"\\n").replace(b"\r", b"\\r")
    return out.replace(b"\x1a", b"\\Z")


def test_a_blob_dumped_without_hex_blob_arrives_byte_exact(project: Project, roble: Roble):
    up = (
        b"-- a dump of raw BLOB bytes\n"
        b"CREATE TABLE pictures (id INT PRIMARY KEY, picture BLOB) ENGINE=InnoDB;\n"
        b"INSERT INTO pictures VALUES (1,'" + _escape_like_mysqldump(PNG) + b"');\n"
    )
    (project.migrations / "0001_pictures.sql").write_bytes(up)
    (project.migrations / "0001_pictures.rollback.sql").write_text("DROP TABLE pictures;\n")
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert roble.query("SELECT HEX(picture) FROM pictures") == [(PNG.hex().upper(),)]
    import hashlib

    assert audit_rows(roble.url)[-1]["checksum"] == hashlib.sha256(up).hexdigest()
    shown = roble("show", "0001_pictures")
    assert shown.code == 0 and "\\x89" in shown.out  # rendered safely, not crashed


def test_a_latin1_dump_with_set_names_is_honoured(project: Project, roble: Roble):
    up = (
        b"/*!40101 SET NAMES latin1 */;\n"
        b"CREATE TABLE cities (id INT PRIMARY KEY, name VARCHAR(40)) DEFAULT CHARSET=utf8mb4;\n"
        b"INSERT INTO cities VALUES (1,'S\xe3o Paulo'),(2,'M\xfcnchen');\n"
    )
    (project.migrations / "0001_cities.sql").write_bytes(up)
    (project.migrations / "0001_cities.rollback.sql").write_text("DROP TABLE cities;\n")
    result = roble("upgrade")
    assert result.code == 0, result.err
    rows = roble.query("SELECT id, name, HEX(name) FROM cities ORDER BY id")
    assert rows == [
        (1, "São Paulo", "53C3A36F205061756C6F"),
        (2, "München", "4DC3BC6E6368656E"),
    ]
    _finished_cleanly(roble, "0001_cities", 3)  # the audit row is right after SET NAMES


def test_connection_character_set_is_an_option(project: Project, roble: Roble):
    # UTF-8 bytes read on a latin1 connection: what `mariadb --default-character-set=latin1`
    # stores (each byte as a latin1 character), no more and no less.
    project.revision(
        "0001_c",
        "CREATE TABLE c (id INT PRIMARY KEY, name VARCHAR(20)) DEFAULT CHARSET=utf8mb4;\n"
        "INSERT INTO c VALUES (1, 'é');\n",
        "DROP TABLE c;\n",
    )
    latin1 = Roble(roble.capsys, roble.url.with_option("charset", "latin1"))
    assert latin1("upgrade").code == 0
    assert roble.query("SELECT HEX(name) FROM c") == [("C383C2A9",)]


# --- 4. client commands -------------------------------------------------------------------------


def test_go_ego_and_quoted_delimiters(project: Project, roble: Roble):
    project.revision(
        "0001_g",
        "CREATE TABLE t (id INT PRIMARY KEY)\\g\n"
        "INSERT INTO t VALUES (1)\\G\n"
        'delimiter "$$"\n'
        "CREATE PROCEDURE p() BEGIN INSERT INTO t VALUES (2); END$$\n"
        "Delimiter ;\n"
        "CALL p();\n",
        "DROP PROCEDURE p;\nDROP TABLE t;\n",
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert roble.query("SELECT id FROM t ORDER BY id") == [(1,), (2,)]
    _finished_cleanly(roble, "0001_g", 4)


def test_source_is_refused_before_anything_runs(project: Project, roble: Roble):
    (project.migrations / "included.sql.txt").write_text("CREATE TABLE inc (id INT);\n")
    project.revision(
        "0001_s",
        "CREATE TABLE before_source (id INT PRIMARY KEY);\nsource included.sql.txt\n",
        "DROP TABLE before_source;\n",
    )
    for args in (("upgrade",), ("upgrade", "--no-lint")):
        result = roble(*args)
        assert result.code == 1
        assert "0001_s.sql:4:" in result.err and "source" in result.err
        assert app_tables(roble.url) == []
        assert applied_ids(roble.url) == set()
    lint = roble("lint", database=False)
    assert lint.code == 1 and "RB001" in lint.out and "typo" not in lint.out


# --- 5. sound files the lint gate used to refuse -----------------------------------------------


def test_dump_style_rollback_with_foreign_key_checks_off(project: Project, roble: Roble):
    project.revision(
        "0001_fk",
        "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
        "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,\n"
        "  CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)\n"
        ") ENGINE=InnoDB;\n",
        "SET FOREIGN_KEY_CHECKS=0;\nDROP TABLE parent;\nDROP TABLE child;\n"
        "SET FOREIGN_KEY_CHECKS=1;\n",
    )
    assert roble("lint", database=False).code == 0
    result = roble("upgrade")  # the lint gate is on
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["child", "parent"]
    assert roble("downgrade").code == 0
    assert app_tables(roble.url) == []


def test_unique_not_null_key_table_passes_the_gate(project: Project, roble: Roble):
    project.revision(
        "0001_roles",
        "CREATE TABLE roles (username VARCHAR(50) NOT NULL, role VARCHAR(50) NOT NULL,\n"
        "  UNIQUE KEY uk (username, role)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
        "DROP TABLE roles;\n",
    )
    lint = roble("lint", database=False)
    assert lint.code == 0 and "RB501" not in lint.out
    assert roble("upgrade").code == 0
    assert app_tables(roble.url) == ["roles"]
