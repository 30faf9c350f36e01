"""verify, roble.sum and rehash: edited, removed, added and conflicting revisions are caught."""

from __future__ import annotations

import json

from tests.conftest import Project, Roble


def _two(project: Project) -> None:
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))


def test_verify_is_clean_after_upgrade(project: Project, roble: Roble):
    _two(project)
    assert roble("upgrade").code == 0
    result = roble("verify")
    assert result.code == 0
    chain, verdict = result.out.strip().splitlines()
    assert verdict == "verify: ok"
    assert chain.startswith("audit chain: 2 row(s), unkeyed")


def test_verify_names_tampered_and_deleted_applied_revisions(project: Project, roble: Roble):
    _two(project)
    assert roble("upgrade").code == 0
    first = project.migrations / "0001_t.sql"
    first.write_text(first.read_text().replace("id INT", "id BIGINT"))
    (project.migrations / "0002_u.sql").unlink()
    (project.migrations / "0002_u.rollback.sql").unlink()
    result = roble("verify", "--json")
    assert result.code == 1
    problems = {(p["kind"], p["where"]) for p in json.loads(result.out)}
    assert problems == {("modified", "0001_t"), ("missing", "0002_u")}
    text = roble("verify")
    assert "modified: 0001_t: the file changed after it was applied" in text.out
    assert text.out.strip().endswith("verify: 2 problem(s)")


def test_verify_offline_uses_the_sum_file_without_a_database(project: Project, roble: Roble):
    _two(project)
    assert roble("verify", "--offline", database=False).code == 1  # no roble.sum yet
    assert roble("rehash", database=False).code == 0
    sum_text = (project.migrations / "roble.sum").read_text().splitlines()
    entries = [line for line in sum_text if not line.startswith("#")]
    assert len(entries) == 4 and not any(line.startswith("h1:") for line in sum_text)
    assert entries[0].startswith("0001_t.rollback.sql h1:")  # no total line to conflict on
    assert (project.migrations / ".gitattributes").read_text() == "roble.sum merge=union\n"
    clean = roble("verify", "--offline", database=False)
    assert (clean.code, clean.out.strip()) == (0, "verify: ok")

    old = project.migrations / "0001_t.sql"
    old.write_text(old.read_text() + "ALTER TABLE t ADD COLUMN sneaky INT;\n")
    project.revision("0003_v", "CREATE TABLE v (id INT PRIMARY KEY);", "DROP TABLE v;", ("0002_u",))
    result = roble("verify", "--offline", "--json", database=False)
    assert result.code == 1
    kinds = {(p["kind"], p["where"]) for p in json.loads(result.out)}
    assert kinds == {
        ("sum-edited", "0001_t.sql"),
        ("sum-added", "0003_v.sql"),
        ("sum-added", "0003_v.rollback.sql"),
    }


def test_verify_offline_catches_two_histories_and_dangling_depends(project: Project, roble: Roble):
    _two(project)
    project.revision("0003_left", "DO 1;", "DO 1;", ("0002_u",))
    project.revision("0004_right", "DO 1;", "DO 1;", ("0002_u",))
    project.revision("0005_lost", "DO 1;", "DO 1;", ("0002_u", "no_such_revision"))
    roble("rehash", database=False)
    result = roble("verify", "--offline", "--json", database=False)
    problems = json.loads(result.out)
    assert result.code == 1
    assert [(p["kind"], p["where"]) for p in problems] == [("dangling", "0005_lost")]
    (project.migrations / "0005_lost.sql").unlink()
    (project.migrations / "0005_lost.rollback.sql").unlink()
    roble("rehash", database=False)
    heads = json.loads(roble("verify", "--offline", "--json", database=False).out)
    assert [(p["kind"], p["where"]) for p in heads] == [("heads", "0003_left, 0004_right")]


def test_new_and_merge_keep_the_sum_current(project: Project, roble: Roble):
    assert roble("new", "-m", "first", database=False).code == 0
    assert roble("verify", "--offline", database=False).code == 0
    assert roble("new", "-m", "second", database=False).code == 0
    assert roble("verify", "--offline", database=False).code == 0


def test_new_does_not_bless_an_edited_file(project: Project, roble: Roble):
    _two(project)
    assert roble("rehash", database=False).code == 0
    assert roble("upgrade").code == 0
    applied = project.migrations / "0001_t.sql"
    applied.write_text(applied.read_text() + "ALTER TABLE t ADD COLUMN sneaky INT;\n")
    for command in (("new", "-m", "later"), ("new", "-m", "and later")):
        assert roble(*command, database=False).code == 0
        result = roble("verify", "--offline", "--json", database=False)
        assert result.code == 1
        assert [(p["kind"], p["where"]) for p in json.loads(result.out)] == [
            ("sum-edited", "0001_t.sql")
        ]
    assert roble("rehash", database=False).code == 0  # the reviewed, explicit act
    assert roble("verify", "--offline", database=False).code == 0


def test_the_first_format_is_still_read(project: Project, roble: Roble):
    _two(project)
    assert roble("rehash", database=False).code == 0
    path = project.migrations / "roble.sum"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    path.write_text("h1:V3eD/fDmSd4HdVWY05FMIYWwJZQU1lZbG187TRbIfGM=\n" + "\n".join(lines) + "\n")
    assert roble("verify", "--offline", database=False).code == 0


def test_upgrade_refuses_modified_until_allowed(project: Project, roble: Roble):
    _two(project)
    assert roble("upgrade", "0001_t").code == 0
    first = project.migrations / "0001_t.sql"
    first.write_text(first.read_text() + "-- edited\n")
    refused = roble("upgrade")
    assert refused.code == 1
    assert "applied revision files were edited after they ran: 0001_t" in refused.err
    assert roble.query("SELECT COUNT(*) FROM _yoyo_migration") == [(1,)]
    assert roble("upgrade", "--allow-modified").code == 0
    assert roble.query("SELECT COUNT(*) FROM _yoyo_migration") == [(2,)]


def test_shipped_revisions_match_their_committed_sum_file(roble: Roble):
    """CI's gate: the shipped sql_migrations/ matches roble.sum, with one head."""
    from tests.conftest import SHIPPED

    result = roble("--migrations", str(SHIPPED), "verify", "--offline", database=False)
    assert (result.code, result.out.strip()) == (0, "verify: ok"), result.out
