"""resolve, production guards, non-transactional DML, backups."""

from __future__ import annotations

import json
import os

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows
from tests.db.test_failures import THREE_DDL, THREE_DDL_DOWN


def test_resolve_applied_and_rolled_back_are_audited(project: Project, roble: Roble):
    project.revision("0001_abc", THREE_DDL, THREE_DDL_DOWN)
    assert roble("upgrade").code == 1  # fails at statement 3
    roble.query("CREATE TABLE c (id INT PRIMARY KEY)")  # the DBA finishes it by hand
    result = roble("resolve", "0001", "--applied")
    assert result.code == 0, result.err
    assert applied_ids(roble.url) == {"0001_abc"}
    assert roble.query("SELECT COUNT(*) FROM roble_progress") == [(0,)]
    last = audit_rows(roble.url)[-1]
    assert (last["revision_id"], last["action"], last["outcome"]) == (
        "0001_abc",
        "resolve-applied",
        "success",
    )
    assert json.loads(roble("status", "--json").out)[0]["state"] == "applied"

    healthy = roble("resolve", "0001_abc", "--rolled-back")  # applied, nothing to settle
    assert healthy.code == 2
    assert "nothing to settle" in healthy.err
    assert applied_ids(roble.url) == {"0001_abc"}
    assert audit_rows(roble.url)[-1]["action"] == "resolve-applied"

    broken = "CREATE TABLE d (id INT PRIMARY KEY);\nCREATE TABLE e (x NOT_A_TYPE);\n"
    project.revision("0002_abc", broken, "DROP TABLE e;\nDROP TABLE d;\n")
    assert roble("upgrade").code == 1
    assert json.loads(roble("status", "--json").out)[1]["state"] == "failed"
    assert roble("resolve", "0002_abc").code == 2  # must say which
    assert roble("resolve", "0002_abc", "--rolled-back").code == 0
    assert applied_ids(roble.url) == {"0001_abc"}
    assert audit_rows(roble.url)[-1]["action"] == "resolve-rolled-back"


def test_production_requires_yes_i_know(project: Project, roble: Roble, monkeypatch):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    assert roble("upgrade").code == 0
    monkeypatch.setenv("ROBLE_ENV", "production")
    for args in (
        ("downgrade", "base"),
        ("downgrade",),  # every downgrade, not only base
        ("downgrade", "-1"),
        ("downgrade", "0001_t"),
        ("stamp", "0001_t"),
        ("stamp", "base"),
        ("resolve", "0001_t", "--rolled-back"),
        ("adopt",),
        ("check",),
        ("diff",),
    ):
        refused = roble(*args)
        assert refused.code == 2, args
        assert "--yes-i-know" in refused.err
    assert app_tables(roble.url) == ["t"]
    assert applied_ids(roble.url) == {"0001_t"}
    assert roble("downgrade", "--yes-i-know").code == 0
    assert roble("upgrade").code == 0
    assert roble("downgrade", "base", "--yes-i-know").code == 0
    assert app_tables(roble.url) == []


def test_non_transactional_revision_commits_its_dml(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision(
        "0002_rows",
        "-- transactional: false\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n",
        "DELETE FROM t WHERE id IN (1, 2);",
        ("0001_t",),
    )
    assert roble("upgrade").code == 0
    assert roble.query("SELECT id FROM t ORDER BY id") == [(1,), (2,)]


def test_dump_with_its_own_transaction_statements_keeps_its_rows(project: Project, roble: Roble):
    dump = """/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;
LOCK TABLES `items` WRITE;
/*!40000 ALTER TABLE `items` DISABLE KEYS */;
SET autocommit=0;
INSERT INTO `items` VALUES (1,'a'),(2,'b;c');
/*!40000 ALTER TABLE `items` ENABLE KEYS */;
UNLOCK TABLES;
INSERT INTO items VALUES (3, 'left open');
"""
    project.revision("0001_items", dump, "DROP TABLE items;")
    project.revision(
        "0002_more",
        "INSERT INTO items VALUES (4, 'next');",
        "DELETE FROM items WHERE id = 4;",
        ("0001_items",),
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert roble.query("SELECT id FROM items ORDER BY id") == [(1,), (2,), (3,), (4,)]
    # the dump's FOREIGN_KEY_CHECKS=0 and autocommit=0 did not leak into 0002 or the audit
    assert [r["outcome"] for r in audit_rows(roble.url)] == ["success", "success"]


def test_backup_before_upgrade(project: Project, roble: Roble, tmp_path):
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20));\nINSERT INTO t VALUES (7, 'kept');",
        "DROP TABLE t;",
    )
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))
    assert roble("upgrade", "0001_t").code == 0
    backup = tmp_path / "before.sql"
    result = roble("upgrade", "--backup", str(backup))
    assert result.code == 0, result.err
    dump = backup.read_text()
    assert "CREATE TABLE `t`" in dump and "(7,'kept')" in dump
    assert "CREATE TABLE `u`" not in dump  # taken before anything was applied
    last = roble.query("SELECT detail FROM roble_audit ORDER BY id DESC LIMIT 1")[0][0]
    assert last == f"backup {backup}"


def test_backup_without_dump_tool_is_a_clear_error(
    project: Project, roble: Roble, tmp_path, monkeypatch
):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin") + os.pathsep + "/nonexistent")
    result = roble("upgrade", "--backup", str(tmp_path / "b.sql"))
    assert result.code == 2
    assert "needs mariadb-dump or mysqldump" in result.err
    assert app_tables(roble.url) == []
