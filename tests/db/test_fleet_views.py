"""status, verify and diff over a fleet (--targets ...) on two real MariaDB servers.

The databases are brought to their states with the single-database ``roble upgrade``,
so these tests depend only on the views, not on the fleet upgrade.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import Project, Roble, admin_query
from tests.fleet_servers import Fleet
from tests.git_repo import GitRepo

pytestmark = pytest.mark.slow

REVISIONS = ("0001_sizes", "0002_colors", "0003_index_label")


@pytest.fixture
def three(fleet: Fleet) -> Iterator[list[DatabaseURL]]:
    """Three empty databases, on both servers."""
    with fleet.databases(3, prefix="roble_fv") as urls:
        yield urls


@pytest.fixture
def folder(project: Project) -> Project:
    project.revision(
        REVISIONS[0],
        "CREATE TABLE sizes (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL);\n",
        "DROP TABLE sizes;\n",
    )
    project.revision(
        REVISIONS[1],
        "CREATE TABLE colors (id INT NOT NULL PRIMARY KEY, name VARCHAR(30) NOT NULL);\n",
        "DROP TABLE colors;\n",
        depends=(REVISIONS[0],),
    )
    project.revision(
        REVISIONS[2],
        "CREATE INDEX idx_sizes_label ON sizes (label);\n",
        "DROP INDEX idx_sizes_label ON sizes;\n",
        depends=(REVISIONS[1],),
    )
    return project


def upgrade(capsys: pytest.CaptureFixture[str], url: DatabaseURL, target: str = "head") -> None:
    result = Roble(capsys, url)("upgrade", target)
    assert result.code == 0, result.output


def applied(url: DatabaseURL) -> list[str]:
    rows = admin_query(url, "SELECT migration_id FROM _yoyo_migration ORDER BY migration_id")
    return [rid for (rid,) in rows]


def targets_file(tmp_path: Path, urls: list[DatabaseURL]) -> str:
    return str(Fleet.write_targets(tmp_path / "targets.txt", urls))


def test_status_shows_version_skew_and_clears_when_the_targets_agree(
    capsys: pytest.CaptureFixture[str], folder: Project, three: list[DatabaseURL], tmp_path: Path
):
    first, behind, last = three
    upgrade(capsys, first)
    upgrade(capsys, behind, REVISIONS[1])
    upgrade(capsys, last)
    assert applied(behind) == list(REVISIONS[:2])  # the skew is real, in the database
    fleet_roble = Roble(capsys, first)
    listed = targets_file(tmp_path, three)

    result = fleet_roble("status", "--targets", listed)
    assert result.code == 1, result.output
    assert f"version skew on 1 revision(s): {REVISIONS[2]}" in result.out
    line = next(row for row in result.out.splitlines() if row.startswith(REVISIONS[2]))
    assert line.split()[1:] == ["applied", "pending", "applied"]
    assert behind.database and behind.database in result.out
    assert "Pw:7731" not in result.output

    as_json = fleet_roble("status", "--targets", listed, "--json")
    assert as_json.code == 1
    found = json.loads(as_json.out)
    assert found["skewed"] == [REVISIONS[2]]
    states = [target["revisions"] for target in found["targets"]]
    assert [s[REVISIONS[2]] for s in states] == ["applied", "pending", "applied"]
    assert all(s[REVISIONS[0]] == "applied" for s in states)

    upgrade(capsys, behind)
    agreed = fleet_roble("status", "--targets", listed)
    assert agreed.code == 0, agreed.output
    assert "status: 3 target(s), all at the same revisions" in agreed.out


def test_status_by_glob_reads_the_databases_on_the_server(
    capsys: pytest.CaptureFixture[str], folder: Project, fleet: Fleet
):
    with fleet.databases(4, prefix="roble_fg") as urls:
        on_first = [url for url in urls if url.unix_socket == urls[0].unix_socket]
        for url in on_first:
            upgrade(capsys, url)
        pattern = (urls[0].database or "")[:-3] + "*"
        result = Roble(capsys, urls[0])("status", "--targets-glob", pattern, "--json")
    assert result.code == 0, result.output
    found = json.loads(result.out)
    assert len(found["targets"]) == len(on_first) == 2  # the glob stays on its own server
    assert found["skewed"] == []


def test_an_unreachable_target_is_reported_and_fails_the_run(
    capsys: pytest.CaptureFixture[str], folder: Project, three: list[DatabaseURL], tmp_path: Path
):
    for url in three:
        upgrade(capsys, url)
    gone = three[0].with_database("roble_fv_no_such_database")
    result = Roble(capsys, three[0])("status", "--targets", targets_file(tmp_path, [*three, gone]))
    assert result.code == 1, result.output
    assert "roble_fv_no_such_database: could not be read" in result.out
    assert "1 target(s) could not be read" in result.out


def test_verify_names_the_one_target_whose_applied_file_was_edited(
    capsys: pytest.CaptureFixture[str], folder: Project, three: list[DatabaseURL], tmp_path: Path
):
    edited, *others = three
    upgrade(capsys, edited)
    for url in others:
        upgrade(capsys, url, REVISIONS[1])
    path = folder.migrations / f"{REVISIONS[2]}.sql"
    path.write_text(path.read_text() + "-- an edit after it was applied\n")
    fleet_roble = Roble(capsys, edited)
    listed = targets_file(tmp_path, three)

    result = fleet_roble("verify", "--targets", listed, "--json")
    assert result.code == 1, result.output
    found = json.loads(result.out)
    assert [target["ok"] for target in found] == [False, True, True]
    kinds = {(p["kind"], p["where"]) for p in found[0]["problems"]}
    assert ("modified", REVISIONS[2]) in kinds

    text = fleet_roble("verify", "--targets", listed)
    assert text.code == 1
    assert f"modified: {REVISIONS[2]}:" in text.out
    assert "verify: 1 of 3 target(s) failed" in text.out


def test_diff_finds_a_column_added_by_hand_on_one_target_and_skew_is_not_drift(
    capsys: pytest.CaptureFixture[str], folder: Project, three: list[DatabaseURL], tmp_path: Path
):
    first, drifted, behind = three
    upgrade(capsys, first)
    upgrade(capsys, drifted)
    upgrade(capsys, behind, REVISIONS[1])
    admin_query(drifted, "ALTER TABLE colors ADD COLUMN extra INT NULL")
    fleet_roble = Roble(capsys, first)
    listed = targets_file(tmp_path, three)

    result = fleet_roble("diff", "--targets", listed, "--json")
    assert result.code == 1, result.output
    found = json.loads(result.out)
    assert found[0]["drift"] == []
    assert found[1]["drift"] == ["+ column colors.extra INT(11) NULL"]
    assert found[2]["drift"] == []  # behind, but as its revisions build it
    assert found[2]["pending"] == [REVISIONS[2]]

    text = fleet_roble("diff", "--targets", listed)
    assert text.code == 1
    assert "diff: 1 of 3 target(s) drifted" in text.out
    # The scratch databases are gone, and the targets were only read.
    for url in three:
        left = admin_query(url, "SHOW DATABASES LIKE 'roble\\_diff\\_%'")
        assert left == []
    assert [row[0] for row in admin_query(drifted, "SHOW COLUMNS FROM colors")][-1] == "extra"

    admin_query(drifted, "ALTER TABLE colors DROP COLUMN extra")
    assert fleet_roble("diff", "--targets", listed).code == 0


def test_json_on_a_single_database_diff_asks_for_targets(roble: Roble, folder: Project):
    result = roble("diff", "--json")
    assert result.code == 2
    assert "--json here is for the fleet view" in result.err


def test_audit_names_the_one_target_changed_outside_roble(
    capsys: pytest.CaptureFixture[str],
    folder: Project,
    git_project: GitRepo,
    three: list[DatabaseURL],
    tmp_path: Path,
):
    # git_project comes after folder: its first commit holds the three revisions
    for url in three:
        upgrade(capsys, url)
    admin_query(three[1], "ALTER TABLE colors ADD COLUMN hex CHAR(7) NULL")
    fleet_roble = Roble(capsys, three[0])
    listed = targets_file(tmp_path, three)

    result = fleet_roble("audit", "--targets", listed, "--json")
    assert result.code == 1, result.output
    found = json.loads(result.out)
    assert [target["ok"] for target in found] == [True, False, True]
    assert [f["message"] for f in found[1]["report"]["findings"]] == [
        "+ column colors.hex CHAR(7) NULL (made outside roble?)"
    ]
    assert all(t["report"]["reviewed_commit"] == git_project.head() for t in found)
    assert [len(t["report"]["evidence"]) for t in found] == [3, 3, 3]

    text = fleet_roble("audit", "--targets", listed)
    assert text.code == 1
    assert "    drift: schema: + column colors.hex CHAR(7) NULL (made outside roble?)" in text.out
    assert text.out.rstrip().endswith("audit: 1 of 3 target(s) have findings")
    refused = fleet_roble("audit", "--targets", listed, "--html", str(tmp_path / "r.html"))
    assert refused.code == 2 and "--html is about one database" in refused.err
