"""What the DDL lock bound applies to, read from a statement's text (runner/ddl_wait.py)."""

from __future__ import annotations

import pytest

from roble_sql.runner.ddl_wait import (
    DdlLockWait,
    chooses_own_wait,
    sets_own_lock_wait,
    tables_of,
    waits_on_metadata_lock,
)


@pytest.mark.parametrize(
    ("text", "ddl"),
    [
        ("ALTER TABLE t ADD COLUMN c INT", True),
        ("/* why */ alter table t add c int", True),
        ("CREATE INDEX i ON t (c)", True),
        ("DROP TABLE IF EXISTS t", True),
        ("RENAME TABLE a TO b", True),
        ("TRUNCATE t", True),
        ("SET STATEMENT max_statement_time = 5 FOR ALTER TABLE t ADD c INT", True),
        ("SET STATEMENT max_statement_time = 5 FOR SELECT 'FOR ALTER'", False),
        ("INSERT INTO t VALUES (1)", False),
        ("SET SESSION lock_wait_timeout = 3", False),
        ("", False),
    ],
)
def test_which_statements_wait_on_a_metadata_lock(text: str, ddl: bool) -> None:
    assert waits_on_metadata_lock(text) is ddl


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("SET SESSION lock_wait_timeout = 7", True),
        ("SET lock_wait_timeout = 7, foreign_key_checks = 0", True),
        ("SET @@lock_wait_timeout = 7", True),
        ("SET @@SESSION.lock_wait_timeout = 7", True),
        ("SET LOCAL lock_wait_timeout = 7", True),
        ("SET innodb_lock_wait_timeout = 7", False),
        ("SET GLOBAL lock_wait_timeout = 7", False),
        ("SET @@GLOBAL.lock_wait_timeout = 7", False),
        ("SET @lock_wait_timeout = 7", False),
        ("SET @note = 'lock_wait_timeout'", False),
        ("SET STATEMENT lock_wait_timeout = 7 FOR SELECT 1", False),  # one statement's
    ],
)
def test_which_sets_choose_the_sessions_own_wait(text: str, own: bool) -> None:
    assert sets_own_lock_wait(text) is own


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("SET STATEMENT lock_wait_timeout = 3 FOR ALTER TABLE t ADD c INT", True),
        ("SET STATEMENT max_statement_time = 3 FOR ALTER TABLE t ADD c INT", False),
        ("ALTER TABLE t WAIT 10 ADD c INT", True),
        ("ALTER TABLE t NOWAIT ADD c INT", True),
        ("CREATE INDEX i ON t (c) WAIT 2", True),
        ("ALTER TABLE t ADD COLUMN wait INT", False),
        ("ALTER TABLE t COMMENT 'WAIT 5'", False),
    ],
)
def test_which_statements_carry_their_own_wait(text: str, own: bool) -> None:
    assert chooses_own_wait(text) is own


@pytest.mark.parametrize(
    ("text", "tables"),
    [
        ("ALTER TABLE t ADD c INT", [(None, "t")]),
        ("ALTER ONLINE IGNORE TABLE IF EXISTS `s`.`my``t` ADD c INT", [("s", "my`t")]),
        ("DROP INDEX i ON orders", [(None, "orders")]),
        ("CREATE UNIQUE INDEX i ON shop.orders (c)", [("shop", "orders")]),
        ("TRUNCATE TABLE t", [(None, "t")]),
        ("SET STATEMENT max_statement_time = 5 FOR ALTER TABLE z ADD c INT", [(None, "z")]),
        ("CREATE TABLE n (id INT)", []),
    ],
)
def test_the_table_a_ddl_statement_changes(text: str, tables: list) -> None:
    assert tables_of(text) == tables


def test_the_longest_a_ddl_takes_to_give_up() -> None:
    assert DdlLockWait(5, 3).worst_case() == 5 * 4 + 0.5 + 1 + 2
    assert DdlLockWait(1, 0).worst_case() == 1
    assert DdlLockWait(5, 10).backoff(9) == 8.0
