"""roble on a 3-node Galera cluster: the cluster-wide lease beside GET_LOCK (node-local
there), its takeover after a killed runner, and the refusal of RSU.

Every run is a real ``roble`` process against one node's TCP port; the password travels
in ROBLE_DB_PASSWORD, never on the command line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import OUTPUTS, REPO, TEST_PASSWORD, TEST_USER, admin_query
from tests.topology import GaleraCluster, GaleraNode

pytestmark = pytest.mark.slow

ROBLE = REPO / ".venv" / "bin" / "roble"
LEASE_SECONDS = 4


@pytest.fixture
def database(galera: GaleraCluster) -> Iterator[str]:
    """A new database on the cluster (created on node 1, replicated), dropped after."""
    name = f"roble_g_{uuid.uuid4().hex[:10]}"
    admin_query(galera.nodes[0].admin_url(), f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield name
    finally:
        admin_query(galera.nodes[0].admin_url(), f"DROP DATABASE IF EXISTS `{name}`")


def folder(root: Path, revisions: dict[str, str]) -> Path:
    """A project folder: yoyo.ini and one revision per entry, each depending on the last
    (schema revisions come with a rollback, so the default lint passes)."""
    (root / "sql_migrations").mkdir(parents=True)
    (root / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/sql_migrations\n")
    previous = None
    for rid, up in revisions.items():
        header = f"-- {rid}\n" + (f"-- depends: {previous}\n" if previous else "")
        (root / "sql_migrations" / f"{rid}.sql").write_text(header + up)
        previous = rid
    return root


def start(node: GaleraNode, database: str, cwd: Path, *args: str) -> subprocess.Popen[str]:
    url = f"mysql://{TEST_USER}@127.0.0.1:{node.port}/{database}"
    command = [str(ROBLE)] if ROBLE.exists() else [sys.executable, "-m", "roble_sql"]
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ROBLE_DB_PASSWORD": TEST_PASSWORD,
        "ROBLE_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [*command, "--database", url, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    OUTPUTS.append(out + err)
    return process.returncode, out + err


def query(node: GaleraNode, database: str, sql: str) -> list[tuple]:
    return admin_query(node.admin_url().with_database(database), sql)


def wait_for_sync(galera: GaleraCluster, database: str, sql: str, expected: object) -> None:
    """Replication is virtually synchronous: a node applies a commit shortly after."""
    deadline = time.monotonic() + 10
    while True:
        seen = [query(node, database, sql) for node in galera.nodes]
        if all(rows == expected for rows in seen) or time.monotonic() > deadline:
            assert seen == [expected] * len(galera.nodes)
            return
        time.sleep(0.2)


def audit_actions(node: GaleraNode, database: str) -> list[tuple]:
    return query(node, database, "SELECT revision_id, action, outcome FROM roble_audit ORDER BY id")


REVISIONS = {
    "0001": "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20));\n",
    "0002": "INSERT INTO item VALUES (1, 'chair'), (2, 'table');\n",
    "0003": "CREATE TABLE price (item_id INT PRIMARY KEY, cents INT);\n",
    "0004": "INSERT INTO price VALUES (1, 4500), (2, 12000);\n",
}


def test_two_runners_on_two_nodes_apply_each_revision_once(
    galera: GaleraCluster, database: str, tmp_path: Path
):
    root = folder(tmp_path / "project", REVISIONS)
    for rid in ("0001", "0003"):
        table = "item" if rid == "0001" else "price"
        (root / "sql_migrations" / f"{rid}.rollback.sql").write_text(f"DROP TABLE {table};\n")
    one, two = galera.nodes[0], galera.nodes[1]
    runners = [start(node, database, root, "upgrade") for node in (one, two)]
    results = [finish(runner) for runner in runners]
    assert [code for code, _ in results] == [0, 0], [text for _, text in results]

    applied = [("0001",), ("0002",), ("0003",), ("0004",)]
    sql = "SELECT migration_id FROM _yoyo_migration ORDER BY migration_id"
    wait_for_sync(galera, database, sql, applied)
    wait_for_sync(galera, database, "SELECT * FROM item ORDER BY id", [(1, "chair"), (2, "table")])
    wait_for_sync(galera, database, "SELECT * FROM price ORDER BY item_id", [(1, 4500), (2, 12000)])
    for node in galera.nodes:
        events = audit_actions(node, database)
        applies = [rid for rid, action, outcome in events if action == "apply"]
        assert applies == ["0001", "0002", "0003", "0004"]  # once each, in order
        assert all(outcome == "success" for _, _, outcome in events)
        leases = [action for _, action, _ in events if action.startswith("lease-")]
        assert leases == ["lease-take", "lease-release"] * 2  # one run after the other
        assert query(node, database, "SELECT COUNT(*) FROM roble_lease") == [(0,)]
    code, text = finish(start(galera.nodes[2], database, root, "verify"))
    assert code == 0 and "verify: ok" in text, text


def test_killed_runner_lease_is_taken_over_after_expiry(
    galera: GaleraCluster, database: str, tmp_path: Path
):
    slow = {
        **REVISIONS,
        "0005": "INSERT INTO item VALUES (3, 'stool');\nDO SLEEP(30);\n"
        "INSERT INTO item VALUES (4, 'bench');\n",
        "0006": "INSERT INTO price VALUES (3, 2500);\n",
    }
    root = folder(tmp_path / "project", slow)
    one, two = galera.nodes[0], galera.nodes[1]
    victim = start(one, database, root, "upgrade", "--no-lint")
    deadline = time.monotonic() + 60
    while not sleeping_in(one, database):  # the runner is inside revision 0005
        assert victim.poll() is None, finish(victim)
        assert time.monotonic() < deadline, "the runner never reached DO SLEEP"
        time.sleep(0.1)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    killed_at = time.monotonic()

    code, text = finish(start(two, database, root, "upgrade", "--no-lint"))
    waited = time.monotonic() - killed_at
    assert code == 0, text
    assert waited >= LEASE_SECONDS - 1.5, f"took over after {waited:.1f} s, before expiry"

    applied = [(rid,) for rid in sorted(slow)]
    wait_for_sync(galera, database, "SELECT migration_id FROM _yoyo_migration ORDER BY 1", applied)
    items = [(1, "chair"), (2, "table"), (3, "stool"), (4, "bench")]
    wait_for_sync(galera, database, "SELECT * FROM item ORDER BY id", items)
    wait_for_sync(galera, database, "SELECT cents FROM price WHERE item_id = 3", [(2500,)])
    for node in galera.nodes:
        events = audit_actions(node, database)
        applies = [rid for rid, action, outcome in events if action == "apply"]
        assert applies == sorted(slow)  # each exactly once, though a runner died in 0005
        actions = [action for _, action, _ in events if action.startswith("lease-")]
        # the killed run took and never released; the next took over and released
        assert actions == ["lease-take", "lease-takeover", "lease-release"]
        assert query(node, database, "SELECT COUNT(*) FROM roble_lease") == [(0,)]
        assert query(node, database, "SELECT COUNT(*) FROM roble_progress") == [(0,)]
    takeover = query(
        two, database, "SELECT detail FROM roble_audit WHERE action = 'lease-takeover'"
    )[0][0]
    assert f"pid {victim.pid}," in takeover  # names the dead holder
    code, text = finish(start(galera.nodes[2], database, root, "verify"))
    assert code == 0 and "verify: ok" in text, text


def sleeping_in(node: GaleraNode, database: str) -> bool:
    rows = admin_query(
        node.admin_url(),
        "SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = %s AND STATE = 'User sleep'",
        (database,),
    )
    return bool(rows)


def test_rsu_is_refused_unless_allowed(galera: GaleraCluster, database: str, tmp_path: Path):
    root = folder(tmp_path / "project", {"0001": "CREATE TABLE item (id INT PRIMARY KEY);\n"})
    (root / "sql_migrations" / "0001.rollback.sql").write_text("DROP TABLE item;\n")
    three = galera.nodes[2]
    admin_query(three.admin_url(), "SET GLOBAL wsrep_OSU_method = 'RSU'")
    try:
        code, text = finish(start(three, database, root, "upgrade"))
    finally:
        admin_query(three.admin_url(), "SET GLOBAL wsrep_OSU_method = 'TOI'")
    assert code == 2, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and "wsrep_OSU_method is RSU" in lines[0] and "--allow-rsu" in lines[0]
    for node in galera.nodes:  # nothing was written, not even roble's own tables
        tables = admin_query(
            node.admin_url(),
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
            (database,),
        )
        assert tables == []


def test_takeover_waits_for_the_dead_runners_last_batch(
    galera: GaleraCluster, database: str, tmp_path: Path
):
    """The server finishes a batch whose client was killed. A runner killed while its
    revision waits on a row lock leaves that batch behind on its node: the lease expires,
    but the next runner must not take over until the batch has ended there."""
    import pymysql

    root = folder(tmp_path / "project", {k: REVISIONS[k] for k in ("0001", "0002")})
    (root / "sql_migrations" / "0001.rollback.sql").write_text("DROP TABLE item;\n")
    one, two = galera.nodes[0], galera.nodes[1]
    code, text = finish(start(one, database, root, "upgrade"))
    assert code == 0, text
    (root / "sql_migrations" / "0003.sql").write_text(
        "-- 0003\n-- depends: 0002\nUPDATE item SET name = 'held' WHERE id = 1;\n"
        "INSERT INTO item VALUES (5, 'late');\n"
    )
    holder = pymysql.connect(**one.admin_url().with_database(database).driver_kwargs())
    try:
        holder.cursor().execute("BEGIN")
        holder.cursor().execute("SELECT * FROM item WHERE id = 1 FOR UPDATE")
        victim = start(one, database, root, "upgrade")
        deadline = time.monotonic() + 60
        while not query(
            one,
            database,
            "SELECT 1 FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'",
        ):
            assert victim.poll() is None, finish(victim)
            assert time.monotonic() < deadline, "the runner never waited on the row lock"
            time.sleep(0.1)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_at = time.monotonic()
        successor = start(two, database, root, "upgrade")
        time.sleep(LEASE_SECONDS + 3)  # the lease has expired; the dead run's batch waits on
        assert successor.poll() is None, finish(successor)  # so does the successor
    finally:
        with contextlib.suppress(pymysql.MySQLError):
            holder.rollback()
        holder.close()
    code, text = finish(successor)
    assert code == 0, text
    assert time.monotonic() - killed_at >= LEASE_SECONDS + 3

    wait_for_sync(
        galera,
        database,
        "SELECT migration_id FROM _yoyo_migration ORDER BY 1",
        [("0001",), ("0002",), ("0003",)],
    )
    items = [(1, "held"), (2, "table"), (5, "late")]
    wait_for_sync(galera, database, "SELECT * FROM item ORDER BY id", items)
    for node in galera.nodes:
        events = audit_actions(node, database)
        assert [rid for rid, action, _ in events if action == "apply"] == ["0001", "0002", "0003"]
        leases = [action for _, action, _ in events if action.startswith("lease-")]
        assert leases == [
            "lease-take",
            "lease-release",
            "lease-take",
            "lease-takeover",
            "lease-release",
        ]
    code, text = finish(start(galera.nodes[2], database, root, "verify"))
    assert code == 0 and "verify: ok" in text, text


def test_heartbeat_keeps_the_lease_through_a_revision_longer_than_it(
    galera: GaleraCluster, database: str, tmp_path: Path
):
    """A revision may outlast the lease: the holder's renewals keep ``expires_at`` ahead,
    and a runner on another node waits instead of taking over."""
    long = {
        "0001": REVISIONS["0001"],
        "0002": f"DO SLEEP({LEASE_SECONDS * 3});\nINSERT INTO item VALUES (9, 'slow');\n",
    }
    root = folder(tmp_path / "project", long)
    (root / "sql_migrations" / "0001.rollback.sql").write_text("DROP TABLE item;\n")
    one, two = galera.nodes[0], galera.nodes[1]
    first = start(one, database, root, "upgrade")
    deadline = time.monotonic() + 60
    while not sleeping_in(one, database):
        assert first.poll() is None, finish(first)
        assert time.monotonic() < deadline, "the runner never reached DO SLEEP"
        time.sleep(0.1)
    second = start(two, database, root, "upgrade")
    code, text = finish(start(galera.nodes[2], database, root, "upgrade", "--lock-timeout", "1"))
    assert code == 1 and "the cluster migration lease was held (host" in text, text
    renewals = set()
    while first.poll() is None:  # seen from a third node: always ahead, renewed
        rows = query(
            galera.nodes[2],
            database,
            "SELECT heartbeat_at, expires_at > UTC_TIMESTAMP(6) FROM roble_lease",
        )
        if rows:
            beat, ahead = rows[0]
            renewals.add(beat)
            assert ahead == 1, "the lease expired while its holder was running"
        time.sleep(0.3)
    results = [finish(first), finish(second)]
    assert [code for code, _ in results] == [0, 0], results
    assert len(renewals) >= 3  # taken, then renewed every third of the lease
    for node in galera.nodes:
        events = audit_actions(node, database)
        assert [rid for rid, action, _ in events if action == "apply"] == ["0001", "0002"]
        leases = [action for _, action, _ in events if action.startswith("lease-")]
        assert leases == ["lease-take", "lease-release"] * 2
    wait_for_sync(galera, database, "SELECT * FROM item", [(9, "slow")])
