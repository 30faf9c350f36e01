"""Tests for roble_sql.classify: what a statement does, judged from its leading keywords."""

from __future__ import annotations

import pytest

from roble_sql.classify import (
    REPLAY,
    causes_implicit_commit,
    first_keyword,
    is_read_only,
    is_set_global,
    is_set_statement,
    is_transaction_control,
    keywords,
    may_commit_implicitly,
    session_change,
)

# --- keywords ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("create table t (a int)", ["CREATE", "TABLE", "T"]),
        ("  \n\tALTER TABLE t ADD b int", ["ALTER", "TABLE", "T"]),
        ("-- add a table\nCREATE TABLE t (a int)", ["CREATE", "TABLE", "T"]),
        ("--\nDROP TABLE t", ["DROP", "TABLE", "T"]),
        ("--\tnote\nDROP TABLE t", ["DROP", "TABLE", "T"]),
        ("# mysql comment\nRENAME TABLE a TO b", ["RENAME", "TABLE", "A"]),
        ("/* block\n comment */ TRUNCATE TABLE t", ["TRUNCATE", "TABLE", "T"]),
        ("-- one\r\n# two\n/* three */\n  INSERT INTO t VALUES (1)", ["INSERT", "INTO", "T"]),
        # versioned comments hold SQL: read inside them
        ("/*!40101 SET NAMES utf8mb4 */", ["SET", "NAMES", "UTF"]),
        ("/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */", ["SET", "OLD_SQL_MODE", "SQL_MODE"]),
        ("/*!*/ SELECT 1", ["SELECT"]),
        ("/*M!100100 CREATE TABLE x (a int) */", ["CREATE", "TABLE", "X"]),
        ("-- note\n/*!50003 CREATE TRIGGER tr */", ["CREATE", "TRIGGER", "TR"]),
        # punctuation and digits are not words
        ("SET @@session.autocommit = 0", ["SET", "SESSION", "AUTOCOMMIT"]),
        ("", []),
        ("   -- only a comment", []),
        ("/* only */ # comments\n", []),
    ],
)
def test_keywords(sql: str, words: list[str]) -> None:
    assert keywords(sql) == words


@pytest.mark.parametrize(
    ("sql", "count", "words"),
    [
        ("select a, b from t", 1, ["SELECT"]),
        ("select a, b from t", 5, ["SELECT", "A", "B", "FROM", "T"]),
        ("START TRANSACTION", 4, ["START", "TRANSACTION"]),
    ],
)
def test_keywords_count(sql: str, count: int, words: list[str]) -> None:
    assert keywords(sql, count) == words


@pytest.mark.parametrize(
    ("sql", "word"),
    [("  update t set a = 1", "UPDATE"), ("-- x\n", ""), ("/*!40014 SET x=1 */", "SET")],
)
def test_first_keyword(sql: str, word: str) -> None:
    assert first_keyword(sql) == word


def test_a_dash_dash_without_space_is_not_a_comment() -> None:
    # MySQL needs whitespace after '--'; '--x' is an expression, not a comment
    assert keywords("--x\nSELECT 1", 2) == ["X", "SELECT"]


# --- implicit commit -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "commits"),
    [
        ("CREATE TABLE t (a int)", True),
        ("create index i on t (a)", True),
        ("CREATE VIEW v AS SELECT 1", True),
        ("ALTER TABLE t ADD COLUMN b int", True),
        ("DROP TABLE t", True),
        ("DROP VIEW IF EXISTS v", True),
        ("RENAME TABLE a TO b", True),
        ("TRUNCATE TABLE t", True),
        ("TRUNCATE t", True),
        ("LOCK TABLES t WRITE", True),
        ("UNLOCK TABLES", True),
        ("GRANT SELECT ON db.* TO 'u'@'%'", True),
        ("ANALYZE TABLE t", True),
        ("OPTIMIZE TABLE t", True),
        ("FLUSH PRIVILEGES", True),
        ("-- comment first\nALTER TABLE t DROP b", True),
        ("/* block */ CREATE TABLE t (a int)", True),
        ("/*!40101 CREATE DATABASE IF NOT EXISTS x */", True),
        ("START TRANSACTION", True),
        ("BEGIN", True),
        ("CREATE TEMPORARY TABLE t (a int)", False),
        ("create temporary table t as select 1", False),
        ("DROP TEMPORARY TABLE IF EXISTS t", False),
        ("LOAD DATA INFILE '/tmp/x' INTO TABLE t", False),
        ("INSERT INTO t VALUES (1)", False),
        ("UPDATE t SET a = 1", False),
        ("DELETE FROM t", False),
        ("REPLACE INTO t VALUES (1)", False),
        ("SELECT * FROM t", False),
        ("SET @x = 1", False),
        ("DO SLEEP(1)", False),
        ("", False),
        ("-- only a comment", False),
    ],
)
def test_causes_implicit_commit(sql: str, commits: bool) -> None:
    assert causes_implicit_commit(sql) is commits


# --- transaction control --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "control"),
    [
        ("START TRANSACTION", True),
        ("start transaction read only", True),
        ("BEGIN", True),
        ("BEGIN WORK", True),
        ("COMMIT", True),
        ("commit work", True),
        ("ROLLBACK", True),
        ("ROLLBACK TO SAVEPOINT s1", True),
        ("SAVEPOINT s1", True),
        ("RELEASE SAVEPOINT s1", True),
        ("XA START 'x'", True),
        ("SET autocommit=0", True),
        ("SET autocommit = 1", True),
        ("SET SESSION autocommit=0", True),
        ("SET @@autocommit := 0", True),
        ("SET @@session.autocommit = 0", True),
        ("/*!40101 SET autocommit=0 */", True),
        ("-- c\nCOMMIT", True),
        ("START SLAVE", False),
        ("SET @x = 1", False),
        ("SET @my_autocommit_flag = 0", False),
        ("SET NAMES utf8mb4", False),
        ("SELECT 'COMMIT'", False),
        ("INSERT INTO t VALUES (1)", False),
        ("CREATE TABLE t (a int)", False),
        ("", False),
    ],
)
def test_is_transaction_control(sql: str, control: bool) -> None:
    assert is_transaction_control(sql) is control


# --- read-only, SET, DML ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "read_only"),
    [
        ("SELECT 1", True),
        ("select * from t where a = 1", True),
        ("DO RELEASE_LOCK('x')", True),
        ("SHOW TABLES", True),
        ("EXPLAIN SELECT 1", True),
        ("DESCRIBE t", True),
        ("WITH x AS (SELECT 1) SELECT * FROM x", True),
        ("SET @x = 1", True),
        ("SET NAMES utf8mb4", True),
        ("SET SESSION sql_mode = ''", True),
        ("SET foreign_key_checks = 0", True),
        ("/*!40101 SET NAMES utf8mb4 */", True),
        ("-- c\nSELECT 1", True),
        ("SET GLOBAL max_connections = 10", False),
        ("set global max_connections = 10", False),
        ("SET @@GLOBAL.max_connections = 10", False),
        ("SET PERSIST max_connections = 10", False),
        ("INSERT INTO t VALUES (1)", False),
        ("UPDATE t SET a = a + 1", False),
        ("DELETE FROM t", False),
        ("CREATE TABLE t (a int)", False),
        ("ALTER TABLE t ADD b int", False),
        ("DROP TABLE t", False),
        ("CALL p()", False),
        ("", False),
    ],
)
def test_is_read_only(sql: str, read_only: bool) -> None:
    assert is_read_only(sql) is read_only


@pytest.mark.parametrize(
    "sql",
    [
        "WITH c AS (SELECT id FROM t) UPDATE t SET n = n + 1 WHERE id IN (SELECT id FROM c)",
        "WITH c AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM c)",
    ],
)
def test_with_update_or_delete_is_not_read_only(sql: str) -> None:
    assert is_read_only(sql) is False


@pytest.mark.parametrize(
    "sql", ["SET PERSIST_ONLY max_connections = 10", "SET @@PERSIST_ONLY.max_connections = 10"]
)
def test_set_persist_only_is_global(sql: str) -> None:
    assert is_set_global(sql) is True
    assert is_read_only(sql) is False


@pytest.mark.parametrize(
    ("sql", "is_set", "is_global"),
    [
        ("SET @x = 1", True, False),
        ("set session wait_timeout = 10", True, False),
        ("SET GLOBAL wait_timeout = 10", True, True),
        ("SET PERSIST wait_timeout = 10", True, True),
        ("SET @@global.wait_timeout = 10", True, True),
        ("SELECT 1", False, False),
        ("SETTINGS", False, False),
    ],
)
def test_set_statements(sql: str, is_set: bool, is_global: bool) -> None:
    assert is_set_statement(sql) is is_set
    assert is_set_global(sql) is is_global


# --- what may commit, and what a resume replays ------------------------------------------


@pytest.mark.parametrize(
    ("sql", "may_commit"),
    [
        ("EXECUTE IMMEDIATE 'CREATE TABLE z (id INT)'", True),
        ("EXECUTE make_z", True),
        ("CALL make_z()", True),
        ("SET STATEMENT lock_wait_timeout = 5 FOR CREATE TABLE z (id INT)", True),
        ("SET PASSWORD FOR app = PASSWORD('x')", True),
        ("BEGIN NOT ATOMIC CREATE TABLE z (id INT); END", True),
        ("IF 1 THEN CREATE TABLE z (id INT); END IF", True),
        ("INSERT INTO t VALUES (1)", False),
        ("SET @a = 1", False),
        ("PREPARE s FROM 'CREATE TABLE z (id INT)'", False),  # parses only
        ("SELECT 1", False),
    ],
)
def test_may_commit_implicitly(sql: str, may_commit: bool) -> None:
    assert may_commit_implicitly(sql) is may_commit


@pytest.mark.parametrize(
    ("sql", "change"),
    [
        ("SET @label := 'count-before'", REPLAY),
        ("SET SESSION lock_wait_timeout = 7", REPLAY),
        ("SET @@session.sql_mode = 'STRICT_ALL_TABLES'", REPLAY),
        ("SET NAMES utf8mb4 COLLATE utf8mb4_bin", REPLAY),
        ("SET @s = 'SELECT 1'", REPLAY),  # a word in a string reads nothing
        ("SET @n = @n + 1", REPLAY),
        ("USE other", REPLAY),
        ("PREPARE s FROM @sql", REPLAY),
        ("DEALLOCATE PREPARE s", REPLAY),
        ("DROP PREPARE s", REPLAY),
        ("SET GLOBAL max_connections = 500", None),
        ("SET STATEMENT max_statement_time = 1 FOR SELECT 1", None),
        ("SET PASSWORD = PASSWORD('x')", None),
        ("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", None),
        ("INSERT INTO t VALUES (1)", None),
        ("SELECT 1", None),
        ("CREATE TABLE t (id INT)", None),
        ("SET @n := (SELECT COUNT(*) FROM trace)", "from the data"),
        ("SET @id = LAST_INSERT_ID()", "last results"),
        ("SELECT COUNT(*) INTO @n FROM t", "from the data"),
        ("SELECT @n := COUNT(*) FROM t", "from the data"),
        ("CREATE TEMPORARY TABLE tmp (id INT)", "temporary table"),
        ("LOCK TABLES t WRITE", "locked tables"),
    ],
)
def test_session_change(sql: str, change: str | None) -> None:
    found = session_change(sql)
    if change in (None, REPLAY):
        assert found == change
    else:
        assert found is not None and found != REPLAY and change in found
