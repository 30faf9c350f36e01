"""init, new, heads, merge: the file side of the workflow, then applied for real."""

from __future__ import annotations

import json
import re

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids
from tests.folder_helpers import read_revision


def test_init_creates_folder_and_config_without_password(tmp_path, roble: Roble, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "mysql://deploy:Sup3rSecret@db.example/muebles")
    target = tmp_path / "fresh"
    result = roble("init", "--directory", str(target), database=False)
    assert result.code == 0, result.err
    assert (target / "sql_migrations").is_dir()
    config = (target / "yoyo.ini").read_text()
    assert "sources = %(here)s/sql_migrations" in config
    assert "Sup3rSecret" not in config
    assert not re.search(r"^database\s*=", config, re.M)
    again = roble("init", "--directory", str(target), database=False)
    assert "nothing to do" in again.out


def test_new_writes_a_pair_depending_on_the_head(project: Project, roble: Roble):
    first = roble("new", "-m", "Create colors table", "--author", "ana@muebles", database=False)
    assert first.code == 0, first.err
    second = roble("new", "-m", "Add hex_code field to colors table", database=False)
    assert second.code == 0, second.err
    ups = sorted(
        p for p in project.migrations.glob("*.sql") if not p.name.endswith(".rollback.sql")
    )
    assert len(ups) == 2
    by_slug = {p.name.split("_", 1)[1]: p for p in ups}
    colors = by_slug["create_colors_table.sql"]
    hex_code = by_slug["add_hex_code_field_to_colors_table.sql"]
    assert re.fullmatch(r"[0-9a-f]{12}_create_colors_table\.sql", colors.name)
    header = colors.read_text()
    assert header.startswith("-- Create colors table\n--\n-- Revision ID: ")
    assert "-- Author: ana@muebles" in header
    assert "-- Create Date: " in header
    assert "-- depends:" not in header
    assert read_revision(hex_code).depends == (colors.stem,)
    assert colors.with_name(colors.stem + ".rollback.sql").is_file()


def test_heads_merge_and_upgrade_of_two_branches(project: Project, roble: Roble):
    project.revision("aaa_base", "CREATE TABLE base_t (id INT PRIMARY KEY);", "DROP TABLE base_t;")
    project.revision(
        "bbb_left", "CREATE TABLE left_t (id INT PRIMARY KEY);", "DROP TABLE left_t;", ("aaa_base",)
    )
    project.revision(
        "ccc_right",
        "CREATE TABLE right_t (id INT PRIMARY KEY);",
        "DROP TABLE right_t;",
        ("aaa_base",),
    )
    heads = json.loads(roble("heads", "--json", database=False).out)
    assert [h["id"] for h in heads] == ["bbb_left", "ccc_right"]

    merged = roble("merge", "-m", "Merge left and right", database=False)
    assert merged.code == 0, merged.err
    heads = json.loads(roble("heads", "--json", database=False).out)
    assert len(heads) == 1
    merge_id = heads[0]["id"]
    assert merge_id.endswith("_merge_left_and_right")
    assert read_revision(project.migrations / f"{merge_id}.sql").depends == (
        "bbb_left",
        "ccc_right",
    )

    result = roble("upgrade")
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["base_t", "left_t", "right_t"]
    assert applied_ids(roble.url) == {"aaa_base", "bbb_left", "ccc_right", merge_id}
    current = json.loads(roble("current", "--json").out)
    assert [row["id"] for row in current] == [merge_id]


def test_merge_refuses_with_one_head(project: Project, roble: Roble):
    project.revision("aaa_base", "CREATE TABLE base_t (id INT PRIMARY KEY);", "DROP TABLE base_t;")
    result = roble("merge", "-m", "nothing", database=False)
    assert result.code == 2
    assert "nothing to merge" in result.err


def test_downgrade_of_a_branch_keeps_the_other(project: Project, roble: Roble):
    project.revision("aaa_base", "CREATE TABLE base_t (id INT PRIMARY KEY);", "DROP TABLE base_t;")
    project.revision(
        "bbb_left", "CREATE TABLE left_t (id INT PRIMARY KEY);", "DROP TABLE left_t;", ("aaa_base",)
    )
    project.revision(
        "ccc_right",
        "CREATE TABLE right_t (id INT PRIMARY KEY);",
        "DROP TABLE right_t;",
        ("aaa_base",),
    )
    assert roble("upgrade", "bbb_left").code == 0
    assert roble("upgrade", "ccc_right").code == 0
    assert roble("downgrade").code == 0  # the last applied: ccc_right
    assert applied_ids(roble.url) == {"aaa_base", "bbb_left"}
    assert app_tables(roble.url) == ["base_t", "left_t"]
