"""Audit evidence: every recorded step says which git commit it ran from and whether its
files were that commit's; ``roble audit`` checks the log against a real git repository
(merged into the reviewed branch, byte for byte, no drift, chain intact)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import Project, Roble, admin_query
from tests.db.schema_helpers import app_tables, applied_ids
from tests.git_repo import DBA, GitRepo

KEY = "k3y-0f-the-deploy-user-6d1f0a9b2c"
# DDL, then a failing statement: the revision stops halfway, for 'resolve' to settle.
BAD = "CREATE TABLE z (id INT);\nINSERT INTO nowhere VALUES (1);"
VCS = "vcs_commit, vcs_clean, vcs_file_commit, vcs_path, override"


def _two(project: Project) -> None:
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))


def _rows(url: DatabaseURL, where: str = "1=1") -> list[tuple]:
    return admin_query(
        url,
        f"SELECT revision_id, action, outcome, {VCS} FROM roble_audit WHERE {where} ORDER BY id",
    )


def _audit(roble: Roble, *args: str) -> tuple[int, dict]:
    done = roble("audit", "--json", *args)
    return done.code, json.loads(done.out)


def _kinds(report: dict) -> list[tuple[str, str]]:
    return [(f["kind"], f["where"].split(" ")[0]) for f in report["findings"]]


# -- provenance on every recorded step --------------------------------------------------------


def test_every_event_records_the_commit_its_files_come_from(
    project: Project, git_project: GitRepo, roble: Roble
):
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    first = git_project.commit("t")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))
    second = git_project.commit("u")
    assert roble("upgrade").code == 0
    assert roble("downgrade").code == 0
    assert roble("stamp", "head").code == 0
    rows = _rows(roble.url)
    assert rows == [
        ("0001_t", "apply", "success", second, 1, first, "sql_migrations/0001_t.sql", None),
        ("0002_u", "apply", "success", second, 1, second, "sql_migrations/0002_u.sql", None),
        (
            "0002_u",
            "rollback",
            "success",
            second,
            1,
            second,
            "sql_migrations/0002_u.rollback.sql",
            None,
        ),
        ("0002_u", "stamp", "success", second, 1, second, "sql_migrations/0002_u.sql", None),
    ]
    history = json.loads(roble("history", "--json").out)
    assert [(e["vcs_commit"], e["vcs_file_commit"], e["vcs_clean"]) for e in history] == [
        (second, first, 1),
        (second, second, 1),
        (second, second, 1),
        (second, second, 1),
    ]
    table = list(csv.DictReader(io.StringIO(roble("history", "--format", "csv").out)))
    assert next((r["vcs_commit"], r["vcs_path"]) for r in table) == (
        second,
        "sql_migrations/0001_t.sql",
    )
    assert roble("verify").code == 0  # the chain covers the new fields


def test_adopt_and_resolve_events_record_provenance_too(
    project: Project, git_project: GitRepo, roble: Roble
):
    _two(project)
    project.revision("0003_bad", BAD, "DROP TABLE IF EXISTS z;", ("0002_u",))
    commit = git_project.commit("three")
    admin_query(roble.url, "CREATE TABLE t (id INT PRIMARY KEY)")
    assert roble("adopt", "0001_t").code == 0
    assert roble("upgrade").code == 1  # 0003_bad fails
    assert roble("resolve", "0003_bad", "--rolled-back").code == 0
    rows = _rows(roble.url)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("0001_t", "adopt", "success", commit, 1),
        ("0002_u", "apply", "success", commit, 1),
        ("0003_bad", "apply", "failure", commit, 1),
        ("0003_bad", "resolve-rolled-back", "success", commit, 1),
    ]


def test_outside_git_the_provenance_is_null(project: Project, roble: Roble):
    _two(project)
    assert roble("upgrade").code == 0
    assert {r[3:] for r in _rows(roble.url)} == {(None, None, None, None, None)}
    event = json.loads(roble("history", "--json").out)[0]
    assert {k: event[k] for k in ("vcs_commit", "vcs_clean", "vcs_file_commit")} == {
        "vcs_commit": None,
        "vcs_clean": None,
        "vcs_file_commit": None,
    }


def test_a_file_edited_after_the_commit_is_recorded_as_not_clean(
    project: Project, git_project: GitRepo, roble: Roble
):
    _two(project)
    commit = git_project.commit("two")
    (project.migrations / "0002_u.sql").write_text("CREATE TABLE u (id BIGINT PRIMARY KEY);")
    project.revision("0003_new", "CREATE TABLE n (id INT);", "DROP TABLE n;", ("0002_u",))
    assert roble("upgrade").code == 0  # outside production: applied, and recorded as such
    assert [(r[0], r[3], r[4], r[5]) for r in _rows(roble.url)] == [
        ("0001_t", commit, 1, commit),
        ("0002_u", commit, 0, commit),
        ("0003_new", commit, 0, None),  # never committed: no commit changed it
    ]
    lines = roble("history").out.splitlines()
    assert lines[0].split()[-6:-4] == ["git", "commit"]
    assert [line.split()[-2] for line in lines[2:]] == [
        commit[:12],
        f"{commit[:12]}+",
        f"{commit[:12]}+",
    ]


def test_in_production_uncommitted_files_need_yes_i_know_which_is_recorded(
    project: Project, git_project: GitRepo, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    _two(project)
    git_project.commit("two")
    monkeypatch.setenv("ROBLE_ENV", "production")
    assert roble("upgrade", "0001_t").code == 0  # committed files need no confirmation
    (project.migrations / "0002_u.rollback.sql").write_text("DROP TABLE IF EXISTS u;")
    refused = roble("upgrade")
    assert refused.code == 2
    assert "sql_migrations/0002_u.rollback.sql differs from commit" in refused.err
    assert "--yes-i-know" in refused.err and "Traceback" not in refused.output
    assert applied_ids(roble.url) == {"0001_t"} and "u" not in app_tables(roble.url)
    assert len(_rows(roble.url)) == 1  # nothing recorded: nothing ran
    assert roble("upgrade", "--yes-i-know").code == 0
    (override,) = [r[7] for r in _rows(roble.url, "revision_id = '0002_u'")]
    assert override == (
        "--yes-i-know in production: applied uncommitted sql_migrations/0002_u.rollback.sql"
    )
    code, report = _audit(roble)
    assert code == 1
    assert [f["message"] for f in report["findings"] if f["kind"] == "not-reviewed-content"] == [
        f"sql_migrations/0002_u.rollback.sql at commit {git_project.head()[:12]} is not what "
        f"was recorded (sha256 {report['evidence'][1]['event']['checksum'][:12]} ran): what "
        "ran is not what was committed"
    ]
    assert ("override", "0002_u") in _kinds(report) and ("uncommitted", "0002_u") in _kinds(report)
    assert roble("downgrade", "--yes-i-know").code == 0
    (override,) = [r[7] for r in _rows(roble.url, "action = 'rollback'")]
    assert override.startswith("--yes-i-know in production: 'downgrade' rolls back")


def test_provenance_is_covered_by_the_chain(
    project: Project, git_project: GitRepo, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)
    _two(project)
    git_project.checkout("feature", new=True)
    git_project.commit("two")
    assert roble("upgrade").code == 0
    git_project.checkout("main")
    git_project.merge("feature")
    # The forger points the deploy at the merged commit, to pass for reviewed.
    admin_query(roble.url, f"UPDATE roble_audit SET vcs_commit = '{git_project.head()}'")
    code, report = _audit(roble)
    assert code == 1
    assert ("audit-chain", "roble_audit") in _kinds(report)


# -- roble audit --------------------------------------------------------------------------------


@contextlib.contextmanager
def _auditor(url: DatabaseURL) -> Iterator[DatabaseURL]:
    """A user who may only SELECT in the database: audit must need nothing more."""
    name = f"aud{abs(hash(url.database)) % 10**8}"
    for host in ("localhost", "127.0.0.1"):
        admin_query(url, f"CREATE USER '{name}'@'{host}' IDENTIFIED BY 'auditor-pw'")
        admin_query(url, f"GRANT SELECT ON `{url.database}`.* TO '{name}'@'{host}'")
    try:
        yield replace(url, user=name, password="auditor-pw")
    finally:
        for host in ("localhost", "127.0.0.1"):
            admin_query(url, f"DROP USER '{name}'@'{host}'")


def _reviewed_deploy(project: Project, git_project: GitRepo, roble: Roble) -> str:
    """The team's flow: a DBA's branch, merged after review, deployed from main."""
    git_project.checkout("add-tables", new=True)
    _two(project)
    git_project.commit("add t and u", DBA)
    git_project.checkout("main")
    merge = git_project.merge("add-tables")
    assert roble("upgrade").code == 0
    return merge


def test_a_reviewed_merged_deploy_passes_with_only_select(
    project: Project,
    git_project: GitRepo,
    roble: Roble,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)
    merge = _reviewed_deploy(project, git_project, roble)
    branch_commit = git_project.git("rev-parse", "add-tables")
    with _auditor(roble.url) as auditor:
        reader = Roble(capsys, auditor)
        scratch = roble.url.with_database(None).as_url(reveal=True)
        done = reader("audit", "--scratch-url", scratch)
        assert done.code == 0, done.output
        assert done.out.startswith("audit: ok: 2 event(s), 2 apply(s) checked against main")
        code, report = _audit(reader, "--scratch-url", scratch)
    assert code == 0 and report["findings"] == []
    assert report["drift"]["checked"] and report["drift"]["differences"] == []
    assert report["chain"]["keyed_rows"] == 2
    first = report["evidence"][0]
    assert first["commit"]["hash"] == merge and first["matches"] and first["reviewed"]
    assert first["change"]["hash"] == branch_commit
    assert first["change"]["author_name"] == "Dana DBA"  # who wrote it
    assert first["merged_in"]["hash"] == merge  # the reviewed merge that brought it in
    assert first["merged_in"]["author_name"] == "Rui Reviewer"
    assert first["event"]["os_user"] and first["event"]["db_user"]  # who deployed it
    assert first["same_person"] is False


def test_a_deploy_from_a_branch_never_merged_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble
):
    git_project.checkout("hotfix", new=True)
    _two(project)
    git_project.commit("straight to production")
    assert roble("upgrade").code == 0
    git_project.checkout("main")
    done = roble("audit")
    assert done.code == 1
    lines = [line for line in done.out.splitlines() if line.startswith("unmerged:")]
    assert (
        len(lines) == 2
        and "is not in main: deployed from a change that was never merged" in lines[0]
    )
    assert lines[0].startswith("unmerged: 0001_t (event 1): commit ")
    code, report = _audit(roble)
    assert ("missing-from-branch", "0001_t") in _kinds(report)
    # the same history checked against the branch it came from passes those checks
    code, report = _audit(roble, "--reviewed-branch", "hotfix")
    assert code == 0, report["findings"]


def test_a_deploy_from_uncommitted_files_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble
):
    _two(project)
    git_project.commit("two")
    (project.migrations / "0002_u.sql").write_text("CREATE TABLE u (id BIGINT PRIMARY KEY);")
    assert roble("upgrade").code == 0
    git_project.git("checkout", "--", ".")  # the auditor's clone has the committed file
    code, report = _audit(roble)
    assert code == 1
    kinds = _kinds(report)
    assert ("uncommitted", "0002_u") in kinds and ("not-reviewed-content", "0002_u") in kinds
    assert ("edited-after-apply", "0002_u") in kinds  # main's file is not what ran
    assert ("drift", "schema") in kinds  # u.id is INT as reviewed, BIGINT live
    assert not [k for k in kinds if k[1] == "0001_t"]


def test_a_revision_edited_after_it_was_applied_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble
):
    _reviewed_deploy(project, git_project, roble)
    assert roble("audit").code == 0
    (project.migrations / "0001_t.rollback.sql").write_text("DROP TABLE IF EXISTS t;")
    git_project.commit("tidy the rollback")
    done = roble("audit")
    assert done.code == 1
    assert [
        line for line in done.out.splitlines() if ":" in line and not line.startswith("audit")
    ] == [
        "edited-after-apply: 0001_t: sql_migrations/0001_t.rollback.sql on the reviewed branch "
        f"({git_project.head()[:12]}) differs from what was applied: the file changed after it ran"
    ]


def test_a_forged_audit_row_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)
    _reviewed_deploy(project, git_project, roble)
    (last,) = admin_query(
        roble.url,
        "SELECT row_hash, vcs_commit, vcs_path, checksum FROM roble_audit ORDER BY id DESC LIMIT 1",
    )
    # Someone with INSERT on roble_audit, but not the key, adds a deploy that never ran.
    admin_query(
        roble.url,
        "INSERT INTO roble_audit (revision_id, action, outcome, checksum, db_user, os_user, host,"
        " pid, started_at, duration_ms, statements, roble_version, prev_hash, row_hash,"
        " vcs_commit, vcs_clean, vcs_file_commit, vcs_path)"
        " VALUES ('0003_ghost', 'apply', 'success', %s, 'deploy@%%', 'deploy', 'ci', 1,"
        " UTC_TIMESTAMP(6), 1, 1, '1.0', %s, SHA2('forged', 256), %s, 1, %s, %s)",
        (last[3], last[0], last[1], last[1], last[2]),
    )
    code, report = _audit(roble)
    assert code == 1
    chain = [f for f in report["findings"] if f["kind"] == "audit-chain"]
    assert chain and chain[0]["where"] == f"roble_audit id {chain[0]['event_id']}"
    assert "written without the key" in chain[0]["message"] or "edited" in chain[0]["message"]


def test_a_schema_change_made_outside_roble_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble
):
    _reviewed_deploy(project, git_project, roble)
    admin_query(roble.url, "ALTER TABLE u ADD COLUMN note VARCHAR(20) NULL")
    code, report = _audit(roble)
    assert code == 1
    assert [f["message"] for f in report["findings"]] == [
        "+ column u.note VARCHAR(20) NULL (made outside roble?)"
    ]
    assert report["drift"]["differences"] == ["+ column u.note VARCHAR(20) NULL"]
    skipped = roble("audit", "--no-drift")
    assert skipped.code == 0 and "drift not checked" in skipped.out


def test_failures_resolves_and_overrides_are_listed(
    project: Project, git_project: GitRepo, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    _two(project)
    project.revision("0003_bad", BAD, "DROP TABLE IF EXISTS z;", ("0002_u",))
    git_project.commit("three")
    assert roble("upgrade").code == 1
    admin_query(roble.url, "DROP TABLE z")  # the DBA undoes what ran, then settles it
    monkeypatch.setenv("ROBLE_ENV", "production")
    assert roble("resolve", "0003_bad", "--rolled-back", "--yes-i-know").code == 0
    monkeypatch.delenv("ROBLE_ENV")
    code, report = _audit(roble)
    assert code == 1
    assert [(f["kind"], f["where"]) for f in report["findings"]] == [
        ("failure", "0003_bad (event 3)"),
        ("resolve", "0003_bad (event 4)"),
        ("override", "0003_bad (event 4)"),
    ]
    assert (
        "line 5" in report["findings"][0]["message"]
        and "nowhere" in report["findings"][0]["message"]
    )


def test_the_period_filter_checks_only_its_events(
    project: Project, git_project: GitRepo, roble: Roble
):
    project.revision(
        "0001_t",
        "CREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1, 2);",
        "DROP TABLE t;",
    )
    git_project.commit("t, with a typo")
    assert roble("upgrade").code == 1  # the second quarter's failure
    time.sleep(1.1)  # --since is to the second
    ((boundary,),) = admin_query(roble.url, "SELECT UTC_TIMESTAMP()")
    time.sleep(1.1)
    project.revision(
        "0001_t", "CREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);", "DROP TABLE t;"
    )
    git_project.commit("t, fixed")
    assert roble("resolve", "0001_t", "--rolled-back").code == 0
    admin_query(roble.url, "DROP TABLE t")
    assert roble("upgrade").code == 0
    at = boundary.strftime("%Y-%m-%dT%H:%M:%S")
    code, whole = _audit(roble)
    assert code == 1 and [k for k, _ in _kinds(whole)] == ["failure", "resolve"]
    code, before = _audit(roble, "--until", at)
    assert code == 1 and [k for k, _ in _kinds(before)] == ["failure"]
    assert before["period"]["until"].startswith(boundary.strftime("%Y-%m-%dT%H:%M:%S"))
    code, after = _audit(roble, "--since", at)
    assert [k for k, _ in _kinds(after)] == ["resolve"]
    assert [e["event"]["action"] for e in after["evidence"]] == ["resolve-rolled-back", "apply"]
    refused = roble("audit", "--since", at, "--until", at)
    assert refused.code == 2 and "--since must be before --until" in refused.err


def test_audit_outside_git_or_without_the_branch_is_a_usage_error(
    project: Project, roble: Roble, tmp_path
):
    _two(project)
    assert roble("upgrade").code == 0
    outside = roble("audit")
    assert outside.code == 2 and "is not in a git repository" in outside.err
    assert len(outside.err.strip().splitlines()) <= 2 and "Traceback" not in outside.output
    GitRepo(project.root).git("init", "-q", "-b", "trunk")
    GitRepo(project.root).commit("all")
    missing = roble("audit")
    assert (
        missing.code == 2 and "the reviewed branch 'main' is not in this repository" in missing.err
    )
    assert "--reviewed-branch trunk." in missing.err  # the branch it does have
    code, report = _audit(roble, "--reviewed-branch", "trunk")
    assert code == 1 and {k for k, _ in _kinds(report)} == {"no-provenance"}


def test_a_deploy_commit_the_repository_no_longer_has_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble
):
    git_project.checkout("local-only", new=True)
    _two(project)
    local = git_project.commit("never pushed")
    assert roble("upgrade").code == 0
    git_project.checkout("main")
    git_project.git("branch", "-D", "local-only")
    git_project.git("reflog", "expire", "--expire=now", "--all")
    git_project.git("gc", "-q", "--prune=now")
    with pytest.raises(subprocess.CalledProcessError):
        git_project.git("cat-file", "-e", local)
    code, report = _audit(roble)
    assert code == 1
    unknown = [f for f in report["findings"] if f["kind"] == "unknown-commit"]
    assert len(unknown) == 2 and local[:12] in unknown[0]["message"]


def test_a_log_cut_after_a_recorded_head_is_a_finding(
    project: Project, git_project: GitRepo, roble: Roble, tmp_path
):
    heads = tmp_path / "heads.log"
    _reviewed_deploy(project, git_project, roble)
    assert roble("seal", "--chain-head", str(heads)).code == 2  # no key: seal refuses
    project.revision("0003_v", "CREATE TABLE v (id INT PRIMARY KEY);", "DROP TABLE v;", ("0002_u",))
    git_project.commit("v")
    assert roble("upgrade", "--chain-head", str(heads)).code == 0
    assert roble("audit", "--no-drift", "--chain-head", str(heads)).code == 0
    admin_query(roble.url, "DELETE FROM roble_audit WHERE revision_id = '0003_v'")
    admin_query(roble.url, "DELETE FROM _yoyo_migration WHERE migration_id = '0003_v'")
    admin_query(roble.url, "DROP TABLE v")
    done = roble("audit", "--no-drift", "--chain-head", str(heads))
    assert done.code == 1
    assert "audit-chain: roble_audit id 3: anchored head 3 is gone: the log was cut" in done.out


def test_in_production_an_uncommitted_post_apply_hook_is_refused_too(
    project: Project, git_project: GitRepo, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    _two(project)
    (project.migrations / "post-apply.sql").write_text("CREATE TABLE IF NOT EXISTS h (id INT);")
    git_project.commit("two and a hook")
    (project.migrations / "post-apply.sql").write_text("DROP TABLE IF EXISTS t;")
    monkeypatch.setenv("ROBLE_ENV", "production")
    refused = roble("upgrade")
    assert refused.code == 2 and "sql_migrations/post-apply.sql differs from commit" in refused.err
    assert applied_ids(roble.url) == set() and "t" not in app_tables(roble.url)


def test_a_repository_git_cannot_read_is_said_and_refused_in_production(
    project: Project, git_project: GitRepo, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    _two(project)
    git_project.commit("two")
    config = project.root / ".git" / "config"
    config.write_text(config.read_text() + "[broken\n")  # git refuses to read the repository
    monkeypatch.setenv("ROBLE_ENV", "production")
    refused = roble("upgrade")
    assert refused.code == 2 and "bad config line" in refused.err
    assert "in production every event records the git commit it ran from" in refused.err
    assert applied_ids(roble.url) == set() and not app_tables(roble.url)
    assert roble("upgrade", "0001_t", "--yes-i-know").code == 0
    assert [r[3:] for r in _rows(roble.url)] == [
        (None, None, None, None, "--yes-i-know in production: deployed without git provenance")
    ]
    monkeypatch.delenv("ROBLE_ENV")
    warned = roble("upgrade")
    assert warned.code == 0 and "the events record no git commit" in warned.err
    audit = roble("audit")
    assert audit.code == 2 and "bad config line" in audit.err and "Traceback" not in audit.output
