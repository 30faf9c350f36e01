"""Records that hold: an audit log that can't be quietly rewritten, yoyo's table and the
audit log cross-checked both ways, rollback files checked against what was applied."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from roble_sql.audit import AUDIT_COLUMNS, AuditEvent, row_hash
from roble_sql.dsn import DatabaseURL
from tests.conftest import Project, Roble, admin_query
from tests.db.schema_helpers import app_tables, applied_ids

KEY = "k3y-0f-the-deploy-user-6d1f0a9b2c"


def _three(project: Project) -> None:
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;")
    project.revision("0002_u", "CREATE TABLE u (id INT PRIMARY KEY);", "DROP TABLE u;", ("0001_t",))
    project.revision(
        "0003_rows",
        "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);",
        "DELETE FROM t WHERE id IN (1, 2);",
        ("0002_u",),
    )


@contextlib.contextmanager
def _auditor_with_update(url: DatabaseURL) -> Iterator[DatabaseURL]:
    """A user who may read and UPDATE roble_audit, and nothing else: no audit key."""
    name = f"m{abs(hash(url.database)) % 10**8}"
    for host in ("localhost", "127.0.0.1"):
        admin_query(url, f"CREATE USER '{name}'@'{host}' IDENTIFIED BY 'mallory-pw'")
        admin_query(
            url, f"GRANT SELECT, UPDATE ON `{url.database}`.roble_audit TO '{name}'@'{host}'"
        )
    try:
        yield replace(url, user=name, password="mallory-pw")
    finally:
        for host in ("localhost", "127.0.0.1"):
            admin_query(url, f"DROP USER '{name}'@'{host}'")


def _rewrite(url: DatabaseURL, *, drop_keys: bool) -> None:
    """The forger's script: rewrite who applied 0001_t, then re-chain every
    row as roble computes an unkeyed chain (the algorithm is public; the key is not)."""
    rows = admin_query(url, f"SELECT id, {', '.join(AUDIT_COLUMNS)} FROM roble_audit ORDER BY id")
    previous = ""
    for row in rows:
        event = AuditEvent(*row[1:], id=row[0])
        if event.revision_id == "0001_t":
            event = replace(event, db_user="someone-else@%", os_user="someone-else")
        if drop_keys:
            event = replace(event, chain_key=None, chain_nonce=None)
        event = replace(event, prev_hash=previous, row_hash="")
        event = replace(event, row_hash=row_hash(replace(event, chain_key=None)) or "")
        previous = event.row_hash
        admin_query(
            url,
            "UPDATE roble_audit SET db_user = %s, os_user = %s, prev_hash = %s, row_hash = %s,"
            " chain_key = %s, chain_nonce = %s WHERE id = %s",
            (
                event.db_user,
                event.os_user,
                event.prev_hash,
                event.row_hash,
                event.chain_key,
                event.chain_nonce,
                event.id,
            ),
        )


def _problems(roble: Roble, *args: str) -> set[tuple[str, str]]:
    result = roble("verify", "--json", *args)
    return {(p["kind"], p["message"]) for p in json.loads(result.out)}


def test_a_keyed_chain_catches_a_rewrite_with_update_privilege(
    project: Project, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)
    _three(project)
    assert roble("upgrade").code == 0
    keys = admin_query(roble.url, "SELECT DISTINCT chain_key FROM roble_audit")
    assert len(keys) == 1 and keys[0][0] is not None  # every row signed, by one key
    clean = roble("verify")
    assert clean.code == 0, clean.out
    assert "audit chain: 3 row(s), 3 of them keyed" in clean.out

    with _auditor_with_update(roble.url) as mallory:
        _rewrite(mallory, drop_keys=False)
    caught = roble("verify")
    assert caught.code == 1
    assert caught.out.count("the row was edited") == 3
    assert roble("history", "--verify-chain").code == 1


def test_a_keyed_chain_catches_a_rewrite_as_an_unkeyed_chain(
    project: Project, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)
    _three(project)
    assert roble("upgrade").code == 0
    with _auditor_with_update(roble.url) as mallory:
        _rewrite(mallory, drop_keys=True)  # as if no key had ever signed it
    caught = roble("verify")
    assert caught.code == 1
    assert "none of the 3 row(s) is signed with the audit key" in caught.out
    monkeypatch.delenv("ROBLE_AUDIT_KEY")
    unkeyed = roble("verify")  # without the key the rewrite is undetectable: and says so
    assert unkeyed.code == 0
    assert "unkeyed (anyone who can write roble_audit can rewrite it unnoticed" in unkeyed.out


def test_rows_signed_with_an_old_key_verify_after_rotation(
    project: Project, roble: Roble, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    key_file = tmp_path / "audit.key"
    key_file.write_text(f"# roble audit keys: the first signs\n{KEY}\n")
    key_file.chmod(0o644)
    monkeypatch.setenv("ROBLE_AUDIT_KEY_FILE", str(key_file))
    _three(project)
    refused = roble("upgrade")
    assert refused.code == 2 and "can be read by other users" in refused.err
    assert admin_query(roble.url, "SHOW TABLES") == []  # refused before anything
    key_file.chmod(0o600)
    assert roble("upgrade", "0002_u").code == 0
    new_key = "a-new-key-after-rotation-77e0c4d9"
    key_file.write_text(f"{new_key}\n{KEY}\n")  # rotated: new key first, old one kept
    assert roble("upgrade").code == 0
    assert len(admin_query(roble.url, "SELECT DISTINCT chain_key FROM roble_audit")) == 2
    assert roble("verify").code == 0
    key_file.write_text(f"{new_key}\n")  # the old key dropped: its rows can't be checked
    dropped = roble("verify")
    assert dropped.code == 1
    assert "2 row(s) signed with audit key" in dropped.out and "was not given" in dropped.out


def test_an_unkeyed_log_is_anchored_by_a_chain_head_kept_outside(
    project: Project, roble: Roble, tmp_path: Path
):
    heads = tmp_path / "deploy-heads.log"
    _three(project)
    assert roble("upgrade", "0002_u", "--chain-head", str(heads)).code == 0
    assert roble("upgrade", "--chain-head", str(heads)).code == 0
    lines = heads.read_text().splitlines()
    assert [line.split()[1] for line in lines] == ["upgrade", "upgrade"]
    last_id, last_hash = admin_query(
        roble.url, "SELECT id, row_hash FROM roble_audit ORDER BY id DESC LIMIT 1"
    )[0]
    assert lines[-1].endswith(f" {last_id}:{last_hash}")
    assert roble("verify", "--chain-head", str(heads)).code == 0

    with _auditor_with_update(roble.url) as mallory:
        _rewrite(mallory, drop_keys=True)
    assert roble("verify").code == 0  # unkeyed: the chain itself adds up again
    anchored = roble("verify", "--chain-head", str(heads))
    assert anchored.code == 1
    assert "no longer has the anchored hash" in anchored.out
    single = roble("verify", "--chain-head", f"{last_id}:{last_hash}")
    assert single.code == 1
    bad = roble("verify", "--chain-head", "not-a-head")
    assert bad.code == 2 and "neither ID:HASH nor a readable file" in bad.err


def test_printed_chain_head_and_seal(project: Project, roble: Roble, monkeypatch):
    _three(project)
    printed = roble("upgrade", "--chain-head", "-")
    assert printed.code == 0
    head = admin_query(roble.url, "SELECT id, row_hash FROM roble_audit ORDER BY id DESC LIMIT 1")
    assert f"roble: audit chain head {head[0][0]}:{head[0][1]}" in printed.err
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)  # a key given to a log written without one
    assert "none of the 3 row(s) is signed" in roble("verify").out
    assert roble("seal").code == 0
    assert roble("verify").code == 0
    last = admin_query(roble.url, "SELECT action, chain_key FROM roble_audit ORDER BY id DESC")
    assert last[0][0] == "seal" and last[0][1] is not None
    admin_query(roble.url, "UPDATE roble_audit SET db_user = 'x' WHERE id = %s", (head[0][0] - 2,))
    assert roble("verify").code == 1  # the seal's signature covers the rows before it


def test_an_emptied_audit_log_fails_verify_and_refuses_upgrade(project: Project, roble: Roble):
    _three(project)
    assert roble("upgrade", "0002_u").code == 0
    admin_query(roble.url, "DELETE FROM roble_audit")
    problems = _problems(roble)
    assert any(kind == "disagree" and "the audit log is empty" in m for kind, m in problems)
    first = project.migrations / "0001_t.sql"
    first.write_text(first.read_text() + "-- edited after apply\n")
    refused = roble("upgrade")
    assert refused.code == 1 and "the audit log is empty" in refused.err
    assert app_tables(roble.url) == ["t", "u"]
    assert admin_query(roble.url, "SELECT COUNT(*) FROM t") == [(0,)]


def test_a_deleted_yoyo_row_is_caught_and_never_run_again(project: Project, roble: Roble):
    _three(project)
    assert roble("upgrade").code == 0
    admin_query(roble.url, "DELETE FROM _yoyo_migration WHERE migration_id = '0003_rows'")
    problems = _problems(roble)
    assert ("disagree", "0003_rows is applied in the audit log") in {
        (k, m.split(" (event")[0]) for k, m in problems
    }
    refused = roble("upgrade")
    assert refused.code == 1 and "0003_rows is applied in the audit log" in refused.err
    assert admin_query(roble.url, "SELECT COUNT(*) FROM t") == [(2,)]  # not doubled
    settled = roble("resolve", "0003_rows", "--applied")
    assert settled.code == 0, settled.err
    assert applied_ids(roble.url) == {"0001_t", "0002_u", "0003_rows"}
    assert roble("verify").code == 0


def test_a_yoyo_row_written_by_hand_is_caught(project: Project, roble: Roble):
    _three(project)
    assert roble("upgrade", "0002_u").code == 0
    admin_query(
        roble.url,
        "INSERT INTO _yoyo_migration (migration_hash, migration_id, applied_at_utc)"
        " VALUES (SHA2('0003_rows', 256), '0003_rows', UTC_TIMESTAMP())",
    )
    problems = _problems(roble)
    assert any(
        k == "disagree" and m.startswith("0003_rows is applied in yoyo's table")
        for k, m in problems
    )
    assert roble("upgrade").code == 1
    assert roble("resolve", "0003_rows", "--rolled-back").code == 0
    assert roble("upgrade").code == 0  # now it runs, once
    assert admin_query(roble.url, "SELECT COUNT(*) FROM t") == [(2,)]
    assert roble("verify").code == 0


def test_an_edited_rollback_of_an_applied_revision_is_flagged(project: Project, roble: Roble):
    _three(project)
    assert roble("upgrade").code == 0
    rollback = project.migrations / "0003_rows.rollback.sql"
    recorded = admin_query(
        roble.url,
        "SELECT rollback_checksum FROM roble_audit WHERE revision_id = '0003_rows'"
        " AND action = 'apply'",
    )
    assert recorded[0][0] is not None
    rollback.write_text(
        rollback.read_text().replace("DELETE FROM t WHERE id IN (1, 2);", "DROP TABLE t;")
    )
    assert roble("rehash").code == 0  # roble.sum blessed the edit
    problems = _problems(roble)
    assert ("modified", "0003_rows") in {(k, "0003_rows") for k, m in problems if "rollback" in m}
    status = json.loads(roble("status", "--json").out)
    assert status[2]["state"] == "modified" and "rollback file" in status[2]["detail"]
    refused = roble("downgrade")
    assert refused.code == 1 and "rollback files of applied revisions were edited" in refused.err
    assert "t" in app_tables(roble.url)
    assert roble("downgrade", "--allow-modified").code == 0
    assert "t" not in app_tables(roble.url)  # what the edited file says, when allowed


def test_no_secret_reaches_the_database_or_the_output(
    project: Project, roble: Roble, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ROBLE_AUDIT_KEY", KEY)
    _three(project)
    result = roble("upgrade")
    rows = admin_query(roble.url, "SELECT * FROM roble_audit")
    assert KEY not in repr(rows) and KEY not in result.output
    assert KEY.encode().hex() not in repr(rows)
    assert os.environ["ROBLE_AUDIT_KEY"] == KEY
