"""`roble upgrade` lints the pending revisions first (needs the test MariaDB)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Project, Roble
from tests.db.schema_helpers import app_tables, applied_ids

SOUND = Path(__file__).with_name("sound")


def test_sound_migrations_apply_and_roll_back_with_lint_on(project: Project, roble: Roble):
    for path in SOUND.glob("*.sql"):
        shutil.copy(path, project.migrations / path.name)
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert "lint" not in result.err  # warnings (RB202, RB203) don't stop or clutter a deploy
    assert app_tables(roble.url) == ["parts", "stock_moves", "suppliers", "v_part_stock"]
    roble.query("CALL receive_parts((SELECT id_part FROM parts WHERE sku = 'ASH-DOWEL-8'), 3)")
    assert roble.query("SELECT sku, in_stock FROM v_part_stock ORDER BY sku") == [
        ("ASH-DOWEL-8", 3),
        ("OAK-PLANK-2M", 0),
    ]
    assert roble.query("SELECT DISTINCT note FROM stock_moves") == [("move of 1;",)]
    roble.query("DELETE FROM stock_moves")
    assert roble("downgrade", "base").code == 0
    assert app_tables(roble.url) == []


def test_lint_errors_in_pending_revisions_refuse_the_upgrade(project: Project, roble: Roble):
    project.revision(
        "0001_t", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB;\n", "DROP TABLE t;\n"
    )
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);\n", None, ("0001_t",))
    result = roble("upgrade")
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0].startswith("roble: lint: sql_migrations/0002_u.sql:4: RB401 error: ")
    assert len(lines) == 2  # the error, then the refusal; the RB502 warning is for 'roble lint'
    assert lines[-1].startswith("roble: error: sql_migrations/0002_u.sql:4: lint found 1 error(s)")
    assert "--no-lint" in lines[-1]
    assert app_tables(roble.url) == [] and applied_ids(roble.url) == set()

    forced = roble("upgrade", "--no-lint")
    assert forced.code == 0, forced.err
    assert applied_ids(roble.url) == {"0001_t", "0002_u"}


def test_findings_in_applied_revisions_do_not_block_later_ones(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);\n")  # no rollback: RB401
    assert roble("upgrade", "--no-lint").code == 0
    project.revision(
        "0002_u",
        "ALTER TABLE t ADD COLUMN a INT NULL, ALGORITHM=INSTANT;\n",
        "ALTER TABLE t DROP COLUMN a, ALGORITHM=INPLACE, LOCK=NONE;\n",
        ("0001_t",),
    )
    result = roble("upgrade")
    assert result.code == 0, result.err
    assert "lint" not in result.err
    assert applied_ids(roble.url) == {"0001_t", "0002_u"}


def test_a_backfill_of_a_column_added_by_the_applied_revision_before_is_allowed(
    project: Project, roble: Roble
):
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY, a INT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
        "DROP TABLE t;\n",
    )
    project.revision(
        "0002_add_b",
        "ALTER TABLE t ADD COLUMN b INT NULL, ALGORITHM=INSTANT;\n",
        "ALTER TABLE t DROP COLUMN b, ALGORITHM=INPLACE, LOCK=NONE;\n",
        ("0001_t",),
    )
    assert roble("upgrade").code == 0
    project.revision(
        "0003_fill_b", "UPDATE t SET b = a * 2;\n", "UPDATE t SET b = NULL;\n", ("0002_add_b",)
    )
    project.revision("0004_wipe_a", "UPDATE t SET a = 0;\n", "SELECT 1;\n", ("0003_fill_b",))
    result = roble("upgrade")
    assert result.code == 1
    assert "0004_wipe_a.sql:4: RB103" in result.err  # a is no new column: reported
    assert "0003_fill_b" not in result.err  # b was added by the revision before: a backfill
    assert roble("upgrade", "0003_fill_b").code == 0
    assert applied_ids(roble.url) == {"0001_t", "0002_add_b", "0003_fill_b"}
