"""Adopting databases and folders that exist today: Flask-Migrate's (Alembic), yoyo's, and
the habits their users bring (Alembic's targets, SQLAlchemy URLs, the wrong project)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import SHIPPED, Project, Roble, admin_query, client_command
from tests.db.schema_helpers import app_tables, applied_ids, audit_rows

SHIPPED_ORDER = [
    "5aa5020316c5_create_colors_table",
    "e57af1e0a8f8_create_roles_table",
    "3f1c9a7d2b84_create_materials_table",
    "8b2e6d4f1a93_create_furniture_table",
    "c41d7e9b0f26_add_color_to_furniture",
    "6e0a3b5c8d17_add_index_idx_colors_name",
    "a9d4f2e61c35_add_hex_code_to_colors",
    "2c7b8e0f4a69_add_description_to_colors",
    "f08e1d3c5b72_seed_base_colors",
]


def _bookkeeping_tables(url: DatabaseURL) -> list[str]:
    rows = admin_query(
        url,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s"
        " AND (TABLE_NAME LIKE 'roble%%' OR TABLE_NAME LIKE '%%yoyo%%') ORDER BY 1",
        (url.database,),
    )
    return [name for (name,) in rows]


def _flask_migrate_database(url: DatabaseURL, tmp_path: Path, upto: str) -> None:
    """What Flask-Migrate left: the schema built by the raw client, and alembic_version."""
    command = client_command(url.with_database(None), tmp_path)
    for rid in SHIPPED_ORDER[: SHIPPED_ORDER.index(upto) + 1]:
        with (SHIPPED / f"{rid}.sql").open("rb") as stdin:
            done = subprocess.run([*command, url.database or ""], stdin=stdin, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
    admin_query(url, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    admin_query(url, "INSERT INTO alembic_version VALUES (%s)", (upto.split("_", 1)[0],))


def test_a_flask_migrate_database_is_adopted_then_up_to_date(
    shipped: Project, roble: Roble, tmp_path: Path
):
    _flask_migrate_database(roble.url, tmp_path, SHIPPED_ORDER[-1])
    refused = roble("upgrade")
    assert refused.code == 2
    assert refused.err.count("\n") == 1
    assert "alembic_version f08e1d3c5b72" in refused.err and "roble adopt" in refused.err
    assert _bookkeeping_tables(roble.url) == []  # nothing was changed, not even roble's tables

    adopted = roble("adopt")
    assert adopted.code == 0, adopted.output
    assert "adopted 9 revision(s) from alembic_version f08e1d3c5b72" in adopted.out
    assert applied_ids(roble.url) == set(SHIPPED_ORDER)
    events = audit_rows(roble.url)
    assert {e["action"] for e in events} == {"adopt"}
    checksums = {e["revision_id"]: e["checksum"] for e in events}
    assert checksums["5aa5020316c5_create_colors_table"] == _sha256(
        shipped.migrations / "5aa5020316c5_create_colors_table.sql"
    )
    assert admin_query(roble.url, "SELECT version_num FROM alembic_version") == [("f08e1d3c5b72",)]
    result = roble("upgrade")
    assert (result.code, result.out.strip()) == (0, "nothing to apply: the database is up to date")
    assert roble("verify").code == 0


def test_adoption_is_refused_when_the_schema_differs(
    shipped: Project, roble: Roble, tmp_path: Path
):
    _flask_migrate_database(roble.url, tmp_path, SHIPPED_ORDER[-1])
    admin_query(roble.url, "ALTER TABLE colors DROP COLUMN hex_code")
    result = roble("adopt")
    assert result.code == 1
    assert "column colors.hex_code" in result.out  # the difference, listed
    assert "nothing was adopted" in result.err
    assert _bookkeeping_tables(roble.url) == []  # nothing stamped, nothing created
    assert "hex_code" not in str(admin_query(roble.url, "SHOW CREATE TABLE colors"))


def test_adopting_part_of_the_history_then_upgrading_the_rest(
    shipped: Project, roble: Roble, tmp_path: Path
):
    _flask_migrate_database(roble.url, tmp_path, "8b2e6d4f1a93_create_furniture_table")
    assert roble("adopt").code == 0
    assert applied_ids(roble.url) == set(SHIPPED_ORDER[:4])
    assert roble("upgrade").code == 0
    assert applied_ids(roble.url) == set(SHIPPED_ORDER)
    assert "hex_code" in str(admin_query(roble.url, "SHOW CREATE TABLE colors"))


def test_a_database_nothing_manages_needs_a_target(shipped: Project, roble: Roble, tmp_path: Path):
    _flask_migrate_database(roble.url, tmp_path, SHIPPED_ORDER[2])
    admin_query(roble.url, "DROP TABLE alembic_version")
    refused = roble("adopt")
    assert refused.code == 2 and "roble adopt <revision>" in refused.err
    assert roble("adopt", "3f1c9a7d2b84").code == 0
    assert applied_ids(roble.url) == set(SHIPPED_ORDER[:3])


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- yoyo's folders and databases ----------------------------------------------------------------

YOYO_FILES = {
    "20261201_01_gonsK-create-colors-table": ("CREATE TABLE colors (id INT PRIMARY KEY);", None),
    "20261201_02_Hk3aP-create-roles-table": (
        "CREATE TABLE roles (id INT PRIMARY KEY);",
        "20261201_01_gonsK-create-colors-table",
    ),
    "20261202_01_QQx1z-create-materials": (
        "CREATE TABLE materials (id INT PRIMARY KEY);",
        "20261201_02_Hk3aP-create-roles-table",
    ),
}


def _yoyo(project: Project, url: DatabaseURL, *args: str) -> str:
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("yoyo")),
            *args,
            "--batch",
            "--no-config-file",
            "--database",
            url.as_url(reveal=True),
            str(project.migrations),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project.root,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_folder_started_with_yoyo_is_finished_by_roble(project: Project, roble: Roble):
    for rid, (up, depends) in YOYO_FILES.items():
        header = f"-- {rid}\n" + (f"-- depends: {depends}\n" if depends else "")
        (project.migrations / f"{rid}.sql").write_text(header + up + "\n")
        table = up.split()[2]
        (project.migrations / f"{rid}.rollback.sql").write_text(f"DROP TABLE {table};\n")
    _yoyo(project, roble.url, "apply", "-r", "20261201_02_Hk3aP")
    assert app_tables(roble.url) == ["colors", "roles"]

    status = {row["id"]: row for row in json.loads(roble("status", "--json").out)}
    assert [status[rid]["state"] for rid in YOYO_FILES] == ["applied", "applied", "pending"]
    assert status["20261201_01_gonsK-create-colors-table"]["recorded_checksum"] is None
    ambiguous = roble("upgrade", "20261201")
    assert ambiguous.code == 2 and "20261201_01_gonsK-create-colors-table," in ambiguous.err

    result = roble("upgrade")
    assert result.code == 0, result.err
    assert app_tables(roble.url) == ["colors", "materials", "roles"]
    listed = _yoyo(project, roble.url, "list")
    for rid in YOYO_FILES:
        assert any(line.startswith("A") and rid in line for line in listed.splitlines()), listed
    # What yoyo applied got its checksum recorded the first time roble ran: edits now show.
    actions = [(e["revision_id"], e["action"]) for e in audit_rows(roble.url)]
    assert actions == [
        ("20261201_01_gonsK-create-colors-table", "adopt"),
        ("20261201_02_Hk3aP-create-roles-table", "adopt"),
        ("20261202_01_QQx1z-create-materials", "apply"),
    ]
    first = project.migrations / "20261201_01_gonsK-create-colors-table.sql"
    first.write_text(first.read_text() + "-- edited later\n")
    assert roble("verify").code == 1


def test_post_apply_hooks_run_after_an_upgrade_as_in_yoyo(project: Project, roble: Roble):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    (project.migrations / "post-apply.sql").write_text(
        "CREATE TABLE IF NOT EXISTS hook_runs (n INT NOT NULL);\nINSERT INTO hook_runs VALUES (1);\n"
    )
    assert roble("upgrade").code == 0
    assert roble.query("SELECT COUNT(*) FROM hook_runs") == [(1,)]
    assert roble("upgrade").code == 0  # nothing applied: the hook does not run
    assert roble.query("SELECT COUNT(*) FROM hook_runs") == [(1,)]
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))
    assert roble("upgrade").code == 0
    assert roble.query("SELECT COUNT(*) FROM hook_runs") == [(2,)]
    assert applied_ids(roble.url) == {"0001_t", "0002_u"}  # never marked applied
    hooks = [e for e in audit_rows(roble.url) if e["revision_id"] == "post-apply"]
    assert [(e["action"], e["outcome"]) for e in hooks] == [("hook", "success")] * 2


# --- two people numbering at once ---------------------------------------------------------------


def test_two_heads_numbered_alike_are_listed_and_merged(project: Project, roble: Roble):
    project.revision("0001_base", "CREATE TABLE b (id INT PRIMARY KEY);", "DROP TABLE b;")
    project.revision(
        "0002_left", "CREATE TABLE l (id INT PRIMARY KEY);", "DROP TABLE l;", ("0001_base",)
    )
    project.revision(
        "0002_right", "CREATE TABLE r (id INT PRIMARY KEY);", "DROP TABLE r;", ("0001_base",)
    )
    heads = roble("heads", "--json", database=False)
    assert [h["id"] for h in json.loads(heads.out)] == ["0002_left", "0002_right"]
    graph = roble("graph", database=False).out.splitlines()
    assert "0001_base -> 0002_left (head), 0002_left" in graph
    assert "<base> -> 0001_base (branchpoint), 0001_base" in graph
    assert roble("upgrade").code == 0  # every head
    assert app_tables(roble.url) == ["b", "l", "r"]
    assert roble("merge", "-m", "join left and right", database=False).code == 0
    assert len(json.loads(roble("heads", "--json", database=False).out)) == 1
    graph = roble("graph", database=False).out
    assert "0002_left, 0002_right -> " in graph and "(head) (mergepoint)" in graph


# --- Alembic's habits -----------------------------------------------------------------------------


def _three(project: Project) -> None:
    project.revision("a1b2c3d4e5f6_a", "CREATE TABLE a (id INT PRIMARY KEY);", "DROP TABLE a;")
    project.revision(
        "b2c3d4e5f6a1_b",
        "CREATE TABLE b (id INT PRIMARY KEY);",
        "DROP TABLE b;",
        ("a1b2c3d4e5f6_a",),
    )
    project.revision(
        "c3d4e5f6a1b2_c",
        "CREATE TABLE c (id INT PRIMARY KEY);",
        "DROP TABLE c;",
        ("b2c3d4e5f6a1_b",),
    )


def test_every_alembic_target_form(project: Project, roble: Roble):
    _three(project)
    assert roble("upgrade", "+1").code == 0
    assert applied_ids(roble.url) == {"a1b2c3d4e5f6_a"}
    assert "(head)" not in roble("current").out
    assert roble("upgrade", "+1").code == 0
    assert app_tables(roble.url) == ["a", "b"]
    assert roble("upgrade", "heads").code == 0
    assert roble("current").out.startswith("c3d4e5f6a1b2_c (head)")
    assert json.loads(roble("current", "--json").out)[0]["head"] is True
    assert roble("downgrade", "-2").code == 0
    assert app_tables(roble.url) == ["a"]
    assert roble("downgrade", "-1").code == 0
    assert app_tables(roble.url) == []
    assert roble("upgrade", "head").code == 0
    assert app_tables(roble.url) == ["a", "b", "c"]
    assert roble("stamp", "base").code == 0  # marks nothing applied, runs nothing
    assert applied_ids(roble.url) == set() and app_tables(roble.url) == ["a", "b", "c"]
    assert [e["action"] for e in audit_rows(roble.url)][-3:] == ["unstamp"] * 3
    assert roble("stamp", "heads").code == 0
    assert len(applied_ids(roble.url)) == 3
    assert roble("downgrade", "base").code == 0
    assert app_tables(roble.url) == []
    wrong_way = roble("downgrade", "+1")
    assert wrong_way.code == 2 and "wrong way" in wrong_way.err


def test_a_target_prefix_needs_four_characters(project: Project, roble: Roble):
    _three(project)
    assert roble("upgrade").code == 0
    short = roble("downgrade", "b2c")
    assert short.code == 2 and "too short" in short.err
    assert len(applied_ids(roble.url)) == 3
    assert roble("downgrade", "b2c3").code == 0  # everything after b2c3d4e5f6a1_b
    assert applied_ids(roble.url) == {"a1b2c3d4e5f6_a", "b2c3d4e5f6a1_b"}


def test_the_flask_apps_sqlalchemy_url_works(project: Project, roble: Roble):
    _three(project)
    url = roble.url.as_url(reveal=True).replace("mysql://", "mysql+pymysql://", 1)
    result = roble("--database", url, "upgrade", database=False)
    assert result.code == 0, result.err
    assert len(applied_ids(roble.url)) == 3


def test_the_wrong_project_is_refused(project: Project, roble: Roble, tmp_path: Path):
    _three(project)
    assert roble("upgrade").code == 0
    other = tmp_path / "other_project"
    other.mkdir()
    (other / "0001_x.sql").write_text("CREATE TABLE x (id INT PRIMARY KEY);\n")
    (other / "0001_x.rollback.sql").write_text("DROP TABLE x;\n")
    for command in ("upgrade", "downgrade"):
        refused = roble("--migrations", str(other), command)
        assert refused.code == 1
        assert "doesn't have: a1b2c3d4e5f6_a, b2c3d4e5f6a1_b, c3d4e5f6a1b2_c" in refused.err
    assert app_tables(roble.url) == ["a", "b", "c"]
    assert roble("--migrations", str(other), "upgrade", "--allow-missing").code == 0
    assert "x" in app_tables(roble.url)


@pytest.mark.parametrize("args", [("stamp", "base"), ("adopt",), ("resolve", "a1b2", "--applied")])
def test_every_state_rewrite_needs_confirmation_in_production(
    project: Project, roble: Roble, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
):
    _three(project)
    monkeypatch.setenv("ROBLE_ENV", "production")
    refused = roble(*args)
    assert refused.code == 2 and "--yes-i-know" in refused.err
