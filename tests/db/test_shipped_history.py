"""The Muebles Roble history, applied and rolled back by the CLI on a real MariaDB."""

from __future__ import annotations

import hashlib
import json

from tests.conftest import SHIPPED, Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows, schema_snapshot

COLORS = "5aa5020316c5_create_colors_table"
ROLES = "e57af1e0a8f8_create_roles_table"
MATERIALS = "3f1c9a7d2b84_create_materials_table"
FURNITURE = "8b2e6d4f1a93_create_furniture_table"
FK = "c41d7e9b0f26_add_color_to_furniture"
INDEX = "6e0a3b5c8d17_add_index_idx_colors_name"
HEX = "a9d4f2e61c35_add_hex_code_to_colors"
DESCRIPTION = "2c7b8e0f4a69_add_description_to_colors"
SEED = "f08e1d3c5b72_seed_base_colors"
ORDER = [COLORS, ROLES, MATERIALS, FURNITURE, FK, INDEX, HEX, DESCRIPTION, SEED]


def test_upgrade_builds_the_four_tables_with_index_and_foreign_key(shipped: Project, roble: Roble):
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["colors", "furniture", "materials", "roles"]
    fk = roble.query(
        "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
        " FROM information_schema.KEY_COLUMN_USAGE"
        " WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'fk_furniture_color'"
    )
    assert fk == [("furniture", "id_color", "colors", "id_color")]
    index = roble.query(
        "SELECT COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'colors' AND INDEX_NAME = 'idx_colors_name'"
    )
    assert index == [("name", 1)]
    columns = roble.query(
        "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'colors' ORDER BY ORDINAL_POSITION"
    )
    assert [c[0] for c in columns] == [
        "id_color", "name", "active", "created_at", "updated_at", "deleted_at",
        "created_by", "updated_by", "deleted_by", "hex_code", "description",
    ]  # fmt: skip
    assert ("name", "varchar(50)", "NO") in columns
    assert ("hex_code", "varchar(7)", "YES") in columns
    engines = roble.query(
        "SELECT DISTINCT ENGINE, TABLE_COLLATION FROM information_schema.TABLES"
        " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('colors','roles','materials','furniture')"
    )
    assert engines == [("InnoDB", "utf8mb4_unicode_ci")]
    seeded = roble.query(
        "SELECT name FROM colors WHERE created_by = 'roble:f08e1d3c5b72' ORDER BY 1"
    )
    assert [name for (name,) in seeded] == ["Black", "Cherry", "Natural Oak", "Walnut", "White"]


def test_every_apply_is_audited_with_content_checksum_and_who(shipped: Project, roble: Roble):
    assert roble("upgrade").code == 0
    rows = audit_rows(roble.url)
    assert [r["revision_id"] for r in rows] == ORDER
    (db_user,) = roble.query("SELECT CURRENT_USER()")[0]
    for row in rows:
        content = (SHIPPED / f"{row['revision_id']}.sql").read_bytes()
        assert row["checksum"] == hashlib.sha256(content).hexdigest()
        assert (row["action"], row["outcome"], row["error"]) == ("apply", "success", None)
        assert row["db_user"] == db_user
        assert row["os_user"] and row["host"]
        assert row["statements"] == 1
        assert row["duration_ms"] > 0
        assert row["started_at"].microsecond or row["started_at"].second >= 0


def test_round_trip_upgrade_downgrade_base_upgrade_gives_identical_schema(
    shipped: Project, roble: Roble
):
    assert roble("upgrade").code == 0
    before = schema_snapshot(roble.url)
    assert set(before) == {"table colors", "table furniture", "table materials", "table roles"}
    down = roble("downgrade", "base")
    assert down.code == 0, down.err
    assert app_tables(roble.url) == []
    assert applied_ids(roble.url) == set()
    assert roble("upgrade").code == 0
    assert schema_snapshot(roble.url) == before
    actions = [(r["revision_id"], r["action"]) for r in audit_rows(roble.url)]
    assert actions == (
        [(rid, "apply") for rid in ORDER]
        + [(rid, "rollback") for rid in reversed(ORDER)]
        + [(rid, "apply") for rid in ORDER]
    )


def test_rollback_of_the_data_migration_restores_previous_rows(shipped: Project, roble: Roble):
    assert roble("upgrade", DESCRIPTION).code == 0
    roble.query("INSERT INTO colors (name, active) VALUES ('Walnut', 1), ('Teal', 1)")
    assert roble("upgrade").code == 0
    rows = roble.query("SELECT name, created_by FROM colors ORDER BY name")
    assert ("Walnut", None) in rows  # an existing colour is not seeded twice
    assert len(rows) == 6
    assert roble("downgrade").code == 0
    assert roble.query("SELECT name FROM colors ORDER BY name") == [("Teal",), ("Walnut",)]


def test_downgrade_without_argument_rolls_back_only_the_last(shipped: Project, roble: Roble):
    assert roble("upgrade").code == 0
    result = roble("downgrade")
    assert result.code == 0
    assert applied_ids(roble.url) == set(ORDER[:-1])
    assert roble.query("SELECT COUNT(*) FROM colors") == [(0,)]
    assert "rolled back f08e1d3c5b72_seed_base_colors" in result.out


def test_downgrade_to_target_rolls_back_everything_after_it(shipped: Project, roble: Roble):
    assert roble("upgrade").code == 0
    assert roble("downgrade", "8b2e6d4f1a93").code == 0
    assert applied_ids(roble.url) == set(ORDER[:4])
    assert app_tables(roble.url) == ["colors", "furniture", "materials", "roles"]
    columns = roble.query(
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME = 'colors' AND COLUMN_NAME IN ('hex_code', 'description')"
    )
    assert columns == []
    assert roble.query(
        "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()"
        " AND CONSTRAINT_NAME = 'fk_furniture_color'"
    ) == [(0,)]


def test_upgrade_to_target_applies_it_and_its_ancestors_only(shipped: Project, roble: Roble):
    assert roble("upgrade", "3f1c9a7d2b84").code == 0
    assert applied_ids(roble.url) == {COLORS, ROLES, MATERIALS}
    assert app_tables(roble.url) == ["colors", "materials", "roles"]
    status = json.loads(roble("status", "--json").out)
    assert [(row["id"], row["state"]) for row in status] == [
        (rid, "applied" if rid in (COLORS, ROLES, MATERIALS) else "pending") for rid in ORDER
    ]


def test_upgrade_sql_prints_the_plan_and_changes_nothing(shipped: Project, roble: Roble):
    result = roble("upgrade", "--sql")
    assert result.code == 0
    assert result.out.index("CREATE TABLE colors") < result.out.index("CREATE TABLE furniture")
    assert "ADD CONSTRAINT fk_furniture_color" in result.out
    tables = roble.query(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    )
    assert tables == [(0,)]  # not even roble's own tables


def test_downgrade_sql_prints_rollbacks_and_changes_nothing(shipped: Project, roble: Roble):
    assert roble("upgrade").code == 0
    events_before = len(audit_rows(roble.url))
    result = roble("downgrade", "--sql", "base")
    assert result.code == 0
    assert result.out.index("DELETE FROM colors") < result.out.index("DROP TABLE colors")
    assert applied_ids(roble.url) == set(ORDER)
    assert len(audit_rows(roble.url)) == events_before


def test_current_heads_and_history_json(shipped: Project, roble: Roble):
    assert json.loads(roble("current", "--json").out) == []
    assert roble("upgrade", INDEX).code == 0
    current = json.loads(roble("current", "--json").out)
    assert [(row["id"], row["state"]) for row in current] == [(INDEX, "applied")]
    heads = json.loads(roble("heads", "--json").out)
    assert [head["id"] for head in heads] == [SEED]
    history = json.loads(roble("history", "--json").out)
    assert len(history) == 6
    first = history[0]
    for key in (
        "id",
        "action",
        "outcome",
        "checksum",
        "db_user",
        "os_user",
        "host",
        "started_at",
        "duration_ms",
    ):
        assert first[key] not in (None, ""), key
    assert (first["id"], first["action"], first["outcome"]) == (COLORS, "apply", "success")
    only_index = json.loads(roble("history", "--json", "--revision", "6e0a3b5c8d17").out)
    assert [e["id"] for e in only_index] == [INDEX]


def test_status_text_lists_every_revision(shipped: Project, roble: Roble):
    assert roble("upgrade", COLORS).code == 0
    lines = roble("status").out.splitlines()
    assert lines[2].startswith("applied  5aa5020316c5_create_colors_table")
    assert all(line.startswith("pending") for line in lines[3:])
    assert len(lines) == 2 + len(ORDER)


def test_stamp_marks_without_running(shipped: Project, roble: Roble):
    result = roble("stamp", "8b2e6d4f1a93")
    assert result.code == 0, result.err
    assert applied_ids(roble.url) == {COLORS, ROLES, MATERIALS, FURNITURE}
    assert app_tables(roble.url) == []  # nothing ran
    rows = audit_rows(roble.url)
    assert [(r["revision_id"], r["action"], r["statements"]) for r in rows] == [
        (rid, "stamp", 0) for rid in (COLORS, ROLES, MATERIALS, FURNITURE)
    ]
    assert roble("stamp", "8b2e6d4f1a93").out.strip() == "nothing to stamp: already applied"
