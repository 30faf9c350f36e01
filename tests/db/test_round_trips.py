"""Regression guard for speed that does not time anything: server round trips per revision.

Every command PyMySQL sends (COM_QUERY, COM_INIT_DB, COM_PING, ...) goes through
``Connection._execute_command``; wrapping it counts round trips, and wrapping
``Connection.__init__`` counts connections. Upgrading N=10 minus N=5 one-table revisions,
divided by 5, is the cost of one revision with the fixed cost of a run cancelled out.

The budgets are what roble sends today; lower them as optimisations land, never raise
them without a reason in the commit. ``python -m bench.roundtrips`` prints the statements
themselves, in order.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pymysql.connections
import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import Project, Roble, admin_query

# Measured 1 (2026-11-24): one multi-statement round trip carries the revision's statement
# and all its bookkeeping (SET @roble_t0; the statement; BEGIN; INSERT _yoyo_log;
# INSERT _yoyo_migration; SET @roble_ms; SET @roble_h; INSERT roble_audit; COMMIT;
# SET @roble_prev). Before batching it was 12: the statement + 11 bookkeeping round trips.
UPGRADE_ROUND_TRIPS_PER_REVISION = 1
# Measured 1 (2026-11-24): the same batch, with DROP TABLE and DELETE FROM _yoyo_migration.
DOWNGRADE_ROUND_TRIPS_PER_REVISION = 1

CREATE = "CREATE TABLE t_{i} (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
DROP = "DROP TABLE t_{i};\n"


@dataclass
class Wire:
    sent: list[str] = field(default_factory=list)
    connections: int = 0


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:
    """Count what this process sends to any server, and the connections it opens."""
    wire = Wire()
    connection = pymysql.connections.Connection
    original_execute = connection._execute_command
    original_init = connection.__init__

    def execute(self, command, sql):  # type: ignore[no-untyped-def]
        wire.sent.append(sql.decode(errors="replace") if isinstance(sql, bytes) else str(sql))
        return original_execute(self, command, sql)

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        wire.connections += 1
        return original_init(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(connection, "_execute_command", execute)
        patch.setattr(connection, "__init__", init)
        yield wire


def _write_revisions(project: Project, count: int) -> None:
    previous: tuple[str, ...] = ()
    for i in range(1, count + 1):
        rid = f"{i:04d}_create_t_{i}"
        project.revision(rid, CREATE.format(i=i), DROP.format(i=i), previous)
        previous = (rid,)


@pytest.fixture
def second_db(db_url: DatabaseURL) -> Iterator[DatabaseURL]:
    """Another fresh database on the same server, for the N=5 run."""
    server = db_url.with_database(None)
    name = f"roble_t_{uuid.uuid4().hex[:10]}"
    admin_query(server, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield server.with_database(name)
    finally:
        admin_query(server, f"DROP DATABASE IF EXISTS `{name}`")


def _run(roble: Roble, monkeypatch: pytest.MonkeyPatch, *args: str) -> Wire:
    with counting(monkeypatch) as wire:
        result = roble(*args)
    assert result.code == 0, result.output
    return wire


def test_round_trips_per_revision_do_not_grow(
    project: Project,
    roble: Roble,
    second_db: DatabaseURL,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    _write_revisions(project, 10)
    five = Roble(capsys, second_db)
    up5 = _run(five, monkeypatch, "upgrade", "0005")
    up10 = _run(roble, monkeypatch, "upgrade")

    # One connection serves a whole run: no reconnect per revision, no side connection.
    assert (up5.connections, up10.connections) == (1, 1)
    per_revision = (len(up10.sent) - len(up5.sent)) / 5
    assert per_revision <= UPGRADE_ROUND_TRIPS_PER_REVISION, (
        f"upgrade sends {per_revision:g} round trips per revision "
        f"(budget {UPGRADE_ROUND_TRIPS_PER_REVISION}); see python -m bench.roundtrips"
    )

    # Read-only commands cost the same however many revisions are applied.
    for command in ("status", "current"):
        small = _run(five, monkeypatch, command)
        large = _run(roble, monkeypatch, command)
        assert (small.connections, large.connections) == (1, 1)
        assert len(small.sent) == len(large.sent), (command, small.sent, large.sent)

    down5 = _run(five, monkeypatch, "downgrade", "base")
    down10 = _run(roble, monkeypatch, "downgrade", "base")
    assert (down5.connections, down10.connections) == (1, 1)
    per_revision = (len(down10.sent) - len(down5.sent)) / 5
    assert per_revision <= DOWNGRADE_ROUND_TRIPS_PER_REVISION, (
        f"downgrade sends {per_revision:g} round trips per revision "
        f"(budget {DOWNGRADE_ROUND_TRIPS_PER_REVISION}); see python -m bench.roundtrips"
    )
