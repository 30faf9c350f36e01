"""Stored programs run exactly as the mariadb client would run the file."""

from __future__ import annotations

import pytest

from tests.conftest import Project, Roble
from tests.db.schema_helpers import audit_rows

TABLE = """CREATE TABLE counters (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    label VARCHAR(50) NOT NULL,
    label_length INT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

WITH_DELIMITER = """
DELIMITER $$
CREATE TRIGGER trg_counters_length BEFORE INSERT ON counters
FOR EACH ROW
BEGIN
    -- a comment with a ; inside
    SET NEW.label_length = CHAR_LENGTH(NEW.label);
END$$

CREATE PROCEDURE fill_counters(IN how_many INT)
BEGIN
    DECLARE i INT DEFAULT 0;
    REPEAT
        INSERT INTO counters (label) VALUES (CONCAT('row;', i));
        SET i = i + 1;
    UNTIL i >= how_many END REPEAT;
END$$
DELIMITER ;

DELIMITER //
CREATE FUNCTION label_kind(label VARCHAR(50)) RETURNS VARCHAR(10) DETERMINISTIC
BEGIN
    IF CHAR_LENGTH(label) > 5 THEN
        RETURN CASE WHEN label LIKE 'row;%' THEN 'generated' ELSE 'long' END;
    END IF;
    RETURN 'short';
END //
DELIMITER ;
"""

WITHOUT_DELIMITER = """
CREATE TRIGGER trg_counters_length BEFORE INSERT ON counters
FOR EACH ROW
BEGIN
    SET NEW.label_length = CHAR_LENGTH(NEW.label);
END;

CREATE PROCEDURE fill_counters(IN how_many INT)
BEGIN
    DECLARE i INT DEFAULT 0;
    REPEAT
        INSERT INTO counters (label) VALUES (CONCAT('row;', i));
        SET i = i + 1;
    UNTIL i >= how_many END REPEAT;
END;

CREATE FUNCTION label_kind(label VARCHAR(50)) RETURNS VARCHAR(10) DETERMINISTIC
BEGIN
    IF CHAR_LENGTH(label) > 5 THEN
        RETURN CASE WHEN label LIKE 'row;%' THEN 'generated' ELSE 'long' END;
    END IF;
    RETURN 'short';
END;
"""

ROLLBACK = """DROP FUNCTION label_kind;
DROP PROCEDURE fill_counters;
DROP TRIGGER trg_counters_length;
"""


@pytest.mark.parametrize("body", [WITH_DELIMITER, WITHOUT_DELIMITER], ids=["delimiter", "bare"])
def test_trigger_procedure_with_repeat_and_function(project: Project, roble: Roble, body: str):
    project.revision("0001_counters", TABLE, "DROP TABLE counters;\n")
    project.revision("0002_programs", body, ROLLBACK, depends=("0001_counters",))
    result = roble("upgrade")
    assert result.code == 0, result.err

    routines = roble.query(
        "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
        " WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1"
    )
    assert routines == [("FUNCTION", "label_kind"), ("PROCEDURE", "fill_counters")]
    triggers = roble.query(
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
    )
    assert triggers == [("trg_counters_length",)]

    roble.query("CALL fill_counters(3)")  # the REPEAT loop ran whole: three rows
    rows = roble.query("SELECT label, label_length, label_kind(label) FROM counters ORDER BY id")
    assert rows == [
        ("row;0", 5, "short"),
        ("row;1", 5, "short"),
        ("row;2", 5, "short"),
    ]
    assert roble.query("SELECT label_kind('row;12345'), label_kind('abcdefgh')") == [
        ("generated", "long")
    ]
    assert audit_rows(roble.url)[-1]["statements"] == 3

    assert roble("downgrade").code == 0
    assert roble.query(
        "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"
    ) == [(0,)]
    assert roble.query(
        "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
    ) == [(0,)]


def test_quotes_comments_and_versioned_comments(project: Project, roble: Roble):
    body = """/*!40101 SET @saved_cs_client = @@character_set_client */;
CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100), `semi;colon` INT) ENGINE=InnoDB;
# a hash comment; with a semicolon
INSERT INTO notes VALUES (1, 'it''s; fine', 1), (2, "double \\"; quoted", 2);
-- a dash comment; with a semicolon
INSERT INTO notes VALUES (3, 'x', 3--1);
"""
    project.revision("0001_notes", body, "DROP TABLE notes;\n")
    result = roble("upgrade")
    assert result.code == 0, result.err
    rows = roble.query("SELECT id, body, `semi;colon` FROM notes ORDER BY id")
    assert rows == [(1, "it's; fine", 1), (2, 'double "; quoted', 2), (3, "x", 4)]


def test_upgrade_sql_output_is_accepted_by_the_client_format(project: Project, roble: Roble):
    project.revision("0001_counters", TABLE, "DROP TABLE counters;\n")
    project.revision("0002_programs", WITHOUT_DELIMITER, ROLLBACK, depends=("0001_counters",))
    script = roble("upgrade", "--sql").out
    assert "DELIMITER $$\nCREATE PROCEDURE fill_counters" in script
    assert "END$$\nDELIMITER ;" in script
    assert roble.query(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    ) == [(0,)]
