"""roble check, diff, schema dump and schema erd on a real MariaDB."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import SHIPPED, Project, Roble, admin_query, fresh_database, run_sql
from tests.db.schema_helpers import app_tables, schema_snapshot

FURNITURE_FK = 'colors |o--o{ furniture : "fk_furniture_color"'


def scratch_databases(url: DatabaseURL) -> list[str]:
    rows = admin_query(
        url,
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
        " WHERE SCHEMA_NAME LIKE 'roble\\_check\\_%' OR SCHEMA_NAME LIKE 'roble\\_diff\\_%'",
    )
    return [name for (name,) in rows]


@pytest.fixture
def empty_db(server: DatabaseURL) -> Iterator[DatabaseURL]:
    """A second empty database on the test server, to load a dump into."""
    with fresh_database(server) as url:
        yield url


def load_with_client(url: DatabaseURL, script: str) -> None:
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("no mariadb/mysql client installed")
    args = [client, f"--user={url.user}", url.database or ""]
    if url.unix_socket:
        args.insert(1, f"--socket={url.unix_socket}")
    else:
        args[1:1] = [f"--host={url.host}", f"--port={url.port or 3306}", "--protocol=TCP"]
    env = {**os.environ, "MYSQL_PWD": url.password or ""}
    done = subprocess.run(args, input=script.encode(), capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr.decode()


def views(url: DatabaseURL) -> dict[str, str]:
    names = admin_query(
        url,
        "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s ORDER BY 1",
        (url.database,),
    )
    return {name: admin_query(url, f"SHOW CREATE VIEW `{name}`")[0][1] for (name,) in names}


# -- check ----------------------------------------------------------------------------------


def test_check_passes_for_the_shipped_revisions_and_leaves_the_target_alone(
    shipped: Project, roble: Roble
):
    result = roble("check")
    assert result.code == 0, result.output
    assert "check: ok: all 9 rollback(s) restore the schema exactly" in result.out
    assert "checked f08e1d3c5b72_seed_base_colors (9/9, ok" in result.out
    # The configured database was never migrated, and the scratch database is gone.
    assert roble.query(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    ) == [(0,)]
    assert scratch_databases(roble.url) == []


def test_check_names_the_revision_whose_rollback_forgets_a_column(project: Project, roble: Roble):
    project.revision(
        "0001_sizes",
        "CREATE TABLE sizes (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL);\n",
        "DROP TABLE sizes;\n",
    )
    project.revision(
        "0002_add_width_and_depth",
        "ALTER TABLE sizes ADD COLUMN width INT NULL, ADD COLUMN depth INT NULL;\n",
        "ALTER TABLE sizes DROP COLUMN width;\n",  # forgets depth
        depends=("0001_sizes",),
    )
    project.revision(
        "0003_index_label",
        "CREATE INDEX idx_sizes_label ON sizes (label);\n",
        "DROP INDEX idx_sizes_label ON sizes;\n",
        depends=("0002_add_width_and_depth",),
    )
    result = roble("check")
    assert result.code == 1, result.output
    assert "FAILED 0002_add_width_and_depth: the rollback does not restore the schema" in result.out
    assert "    + column sizes.depth INT(11) NULL" in result.out
    # Checking went on after the broken revision, on a rebuilt scratch database.
    assert "checked 0003_index_label (3/3, ok" in result.out
    assert "check: 1 of 3 revision(s) failed: 0002_add_width_and_depth" in result.out
    assert scratch_databases(roble.url) == []
    assert app_tables(roble.url) == []


def test_check_finds_a_rollback_that_puts_a_column_back_in_another_place(
    project: Project, roble: Roble
):
    project.revision(
        "0001_items",
        "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NULL, code CHAR(3) NULL);\n",
        "DROP TABLE items;\n",
    )
    project.revision(
        "0002_drop_name",
        "ALTER TABLE items DROP COLUMN name;\n",
        "ALTER TABLE items ADD COLUMN name VARCHAR(20) NULL;\n",  # lands after code
        depends=("0001_items",),
    )
    project.revision("0003_no_rollback", "CREATE TABLE t3 (id INT);\n", depends=("0002_drop_name",))
    result = roble("check")
    assert result.code == 1
    assert "FAILED 0002_drop_name: the rollback does not restore the schema" in result.out
    assert "~ column items." in result.out and ": position " in result.out
    assert "FAILED 0003_no_rollback: has no rollback file" in result.out
    assert "check: 2 of 3 revision(s) failed: 0002_drop_name, 0003_no_rollback" in result.out


def test_check_stops_at_a_revision_that_can_not_be_applied_and_drops_the_scratch_database(
    project: Project, roble: Roble
):
    project.revision("0001_a", "CREATE TABLE a (id INT);\n", "DROP TABLE a;\n")
    project.revision(
        "0002_broken", "ALTER TABLE nowhere ADD COLUMN x INT;\n", "DO 0;\n", depends=("0001_a",)
    )
    project.revision(
        "0003_b", "CREATE TABLE b (id INT);\n", "DROP TABLE b;\n", depends=("0002_broken",)
    )
    result = roble("check")
    assert result.code == 1
    assert "FAILED 0002_broken: could not be applied" in result.out
    assert "nowhere" in result.out
    assert "0003_b" not in result.out.split("FAILED", 1)[0]  # never checked
    assert scratch_databases(roble.url) == []


def test_check_round_trips_stored_programs_and_views(project: Project, roble: Roble):
    project.revision("0001_counters", COUNTERS, "DROP TABLE counters;\n")
    project.revision("0002_programs", PROGRAMS, PROGRAMS_ROLLBACK, depends=("0001_counters",))
    project.revision(
        "0003_views",
        VIEWS,
        "DROP VIEW long_labels;\n",  # forgets label_summary
        depends=("0002_programs",),
    )
    result = roble("check")
    assert result.code == 1, result.output
    assert "checked 0002_programs (2/3, ok" in result.out
    assert "FAILED 0003_views" in result.out
    assert "    + view label_summary" in result.out


# -- schema dump ----------------------------------------------------------------------------

COUNTERS = """CREATE TABLE counters (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    label VARCHAR(50) NOT NULL COMMENT 'what it counts; it''s shown',
    code CHAR(3) CHARACTER SET latin1 NOT NULL DEFAULT 'abc',
    label_length INT NULL,
    amount DECIMAL(10,2) UNSIGNED NULL CHECK (amount >= 0),
    doubled DECIMAL(12,2) AS (amount * 2) PERSISTENT,
    changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    hidden_note VARCHAR(10) INVISIBLE,
    kind ENUM('a','b') NOT NULL DEFAULT 'a',
    UNIQUE KEY uq_code_label (code, label(10)),
    KEY idx_amount (amount DESC),
    FULLTEXT KEY ft_label (label),
    CONSTRAINT chk_label CHECK (label <> '')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='counted things';

CREATE TABLE counter_tags (
    id INT NOT NULL PRIMARY KEY,
    counter_id INT NOT NULL,
    parent_id INT NULL,
    CONSTRAINT fk_tags_counter FOREIGN KEY (counter_id) REFERENCES counters (id) ON DELETE CASCADE,
    CONSTRAINT fk_tags_parent FOREIGN KEY (parent_id) REFERENCES counter_tags (id),
    KEY idx_ignored (parent_id, counter_id) IGNORED
) ENGINE=InnoDB;
"""

PROGRAMS = """
DELIMITER $$
CREATE TRIGGER trg_counters_length BEFORE INSERT ON counters
FOR EACH ROW
BEGIN
    -- a comment with a ; inside
    SET NEW.label_length = CHAR_LENGTH(NEW.label);
END$$

CREATE TRIGGER trg_counters_first BEFORE INSERT ON counters FOR EACH ROW
PRECEDES trg_counters_length SET NEW.kind = 'b'$$

CREATE PROCEDURE fill_counters(IN how_many INT)
    COMMENT 'fills; the table'
BEGIN
    DECLARE i INT DEFAULT 0;
    REPEAT
        INSERT INTO counters (label) VALUES (CONCAT('row;', i));
        SET i = i + 1;
    UNTIL i >= how_many END REPEAT;
END$$

CREATE FUNCTION label_kind(label VARCHAR(50)) RETURNS VARCHAR(10) DETERMINISTIC
BEGIN
    RETURN CASE WHEN label LIKE 'row;%' THEN 'generated' ELSE 'long' END;
END$$
DELIMITER ;
"""

PROGRAMS_ROLLBACK = """DROP FUNCTION label_kind;
DROP PROCEDURE fill_counters;
DROP TRIGGER trg_counters_first;
DROP TRIGGER trg_counters_length;
"""

VIEWS = """CREATE VIEW long_labels AS SELECT id, label, label_kind(label) AS kind FROM counters
WHERE label_length > 5 WITH CHECK OPTION;
CREATE VIEW label_summary AS SELECT kind, COUNT(*) AS n FROM long_labels GROUP BY kind;
"""


def test_schema_dump_loaded_into_an_empty_database_recreates_the_schema(
    project: Project, roble: Roble, empty_db: DatabaseURL, tmp_path: Path
):
    project.revision("0001_counters", COUNTERS, "DROP TABLE counter_tags;\nDROP TABLE counters;\n")
    project.revision("0002_programs", PROGRAMS, PROGRAMS_ROLLBACK, depends=("0001_counters",))
    project.revision("0003_views", VIEWS, "DROP VIEW label_summary;\nDROP VIEW long_labels;\n",
                     depends=("0002_programs",))  # fmt: skip
    assert roble("upgrade", "--no-lint").code == 0
    roble.query("CALL fill_counters(3)")  # so AUTO_INCREMENT counters are not 1

    out = tmp_path / "schema.sql"
    result = roble("schema", "dump", "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == f"wrote {out}\n"
    script = out.read_text()
    assert "AUTO_INCREMENT=" not in script
    assert "DEFINER=" not in script
    assert "_yoyo" not in script and "roble_audit" not in script
    assert "DELIMITER $$\nCREATE PROCEDURE `fill_counters`" in script
    # Views after the function they call, and each view after the views it reads.
    assert script.index("CREATE FUNCTION") < script.index("VIEW `long_labels`")
    assert script.index("VIEW `long_labels`") < script.index("VIEW `label_summary`")

    run_sql(empty_db, script)
    assert schema_snapshot(empty_db) == schema_snapshot(roble.url)
    assert views(empty_db) == views(roble.url)
    triggers = (
        "SELECT TRIGGER_NAME, ACTION_ORDER FROM information_schema.TRIGGERS"
        " WHERE TRIGGER_SCHEMA = %s ORDER BY 2"
    )
    assert admin_query(empty_db, triggers, (empty_db.database,)) == [
        ("trg_counters_first", 1),
        ("trg_counters_length", 2),
    ]
    # And the copy dumps to the same bytes: the dump is deterministic.
    again = Roble(roble.capsys, empty_db)("schema", "dump")
    assert again.out == script


def test_schema_dump_of_the_shipped_revisions_loads_with_the_mariadb_client(
    shipped: Project, roble: Roble, empty_db: DatabaseURL
):
    assert roble("upgrade").code == 0
    script = roble("schema", "dump").out
    load_with_client(empty_db, script)
    assert schema_snapshot(empty_db) == schema_snapshot(roble.url)
    assert app_tables(empty_db) == ["colors", "furniture", "materials", "roles"]


def test_committed_schema_sql_is_the_dump_of_the_shipped_revisions(shipped: Project, roble: Roble):
    assert roble("upgrade").code == 0
    script = roble("schema", "dump").out
    assert script == (SHIPPED / "schema.sql").read_text(), (
        "sql_migrations/schema.sql is stale: run 'make migrate' (or 'roble schema dump "
        "-o sql_migrations/schema.sql' on a freshly migrated database) and commit it"
    )


def test_schema_dump_keeps_definers_only_when_asked(project: Project, roble: Roble):
    project.revision("0001_counters", COUNTERS, "DROP TABLE counter_tags;\nDROP TABLE counters;\n")
    project.revision("0002_programs", PROGRAMS, PROGRAMS_ROLLBACK, depends=("0001_counters",))
    assert roble("upgrade", "--no-lint").code == 0
    plain = roble("schema", "dump").out
    with_definers = roble("schema", "dump", "--definers").out
    assert "DEFINER=" not in plain
    assert "CREATE DEFINER=`roble_tester`@" in with_definers
    assert "CREATE TRIGGER trg_counters_length" in plain


# -- diff ----------------------------------------------------------------------------------------


def test_diff_is_clean_after_upgrade_and_reports_a_column_added_by_hand(
    shipped: Project, roble: Roble
):
    assert roble("upgrade").code == 0
    clean = roble("diff")
    assert clean.code == 0, clean.output
    assert clean.out == "diff: no drift: the schema is what the revisions build\n"

    roble.query("ALTER TABLE colors ADD COLUMN notes VARCHAR(20) NULL AFTER name")
    roble.query("ALTER TABLE furniture MODIFY price DECIMAL(12,2) NULL")
    drift = roble("diff")
    assert drift.code == 1
    assert drift.out.splitlines() == [
        "+ column colors.notes VARCHAR(20) NULL",
        "~ column furniture.price: type DECIMAL(10,2) -> DECIMAL(12,2)",
        "diff: 2 difference(s) from what the revisions build",
    ]
    assert scratch_databases(roble.url) == []


def test_diff_says_which_revisions_are_pending(shipped: Project, roble: Roble):
    assert roble("upgrade", "6e0a3b5c8d17").code == 0
    result = roble("diff")
    assert result.code == 1
    assert "3 revision(s) are not applied to this database" in result.err
    assert "- column colors.hex_code VARCHAR(7) NULL" in result.out


# -- erd -------------------------------------------------------------------------------------------


def test_erd_draws_the_foreign_key(shipped: Project, roble: Roble, tmp_path: Path):
    assert roble("upgrade").code == 0
    result = roble("schema", "erd")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "erDiagram"
    assert f"    {FURNITURE_FK}" in lines
    assert "        int(11) id_color FK" in lines
    assert "        int(11) id_color PK" in lines
    assert "        varchar(50) name UK" in lines
    assert not any("roble_audit" in line or "_yoyo" in line for line in lines)

    page = tmp_path / "erd.md"
    assert roble("schema", "erd", "--markdown", "-o", str(page)).code == 0
    text = page.read_text()
    assert text.startswith("# Entity-relationship diagram\n") and "```mermaid\nerDiagram\n" in text
    assert FURNITURE_FK in text


def test_committed_erd_is_the_diagram_of_the_shipped_revisions(shipped: Project, roble: Roble):
    assert roble("upgrade").code == 0
    page = roble("schema", "erd", "--markdown").out
    docs = SHIPPED.parent / "docs" / "schema-erd.md"
    assert page == docs.read_text(), (
        "docs/schema-erd.md is stale: regenerate it with roble schema erd"
    )
    diagram = roble("schema", "erd").out
    readme = (SHIPPED.parent / "README.md").read_text()
    assert f"```mermaid\n{diagram}```\n" in readme, "README.md's Schema diagram is stale"
