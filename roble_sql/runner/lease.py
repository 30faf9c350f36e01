"""The cluster-wide migration lease, held beside ``GET_LOCK`` on a Galera node.

``GET_LOCK`` is node-local on Galera: runners on two nodes both get it. The lease is a
row of ``roble_lease`` (InnoDB, so replicated): taking it is an INSERT of the row, and
certification lets exactly one of racing INSERTs commit, cluster-wide (the others get
``1062 Duplicate entry``, or ``1213`` when certification fails them).

A background thread with its own connection renews ``expires_at`` every third of the
lease while the run holds it. Renewing between revisions would not do: one revision (a
long ALTER, a big UPDATE) can outlast any lease, and during a statement the run's
connection is busy. A killed runner's thread dies with it, its renewals stop, and after
``expires_at`` another runner takes the row over with a conditional UPDATE on the
expired row's token: one winner again. Before that, the taker makes sure the dead
runner's last batch is not still running on its node (the server finishes a batch
whose client died): on the holder's node (``wsrep_node_incoming_address``) its
connection must be gone.

Take, takeover and release are audited (``lease-take``, ``lease-takeover``,
``lease-release``), written on the lease connection while the lease is held, so the
audit chain stays one chain.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from roble_sql import audit
from roble_sql.audit import AUDIT_TABLE, CREATE_TABLE, LEASE_TABLE
from roble_sql.dsn import DatabaseURL
from roble_sql.errors import DatabaseError, LockTimeout
from roble_sql.runner.cluster import ClusterInfo
from roble_sql.runner.records import LockHolder

if TYPE_CHECKING:
    from roble_sql.runner.database import Database

DEFAULT_LEASE_SECONDS = 30.0
MIN_LEASE_SECONDS = 2.0
_POLL_SECONDS = 0.5
_DUPLICATE, _DEADLOCK, _LOCK_WAIT = 1062, 1213, 1205

CREATE_LEASE_TABLE = f"""CREATE TABLE IF NOT EXISTS `{LEASE_TABLE}` (
  `name` VARCHAR(64) NOT NULL,
  `token` CHAR(32) NOT NULL COMMENT 'one holding of the lease',
  `host` VARCHAR(255) NOT NULL,
  `pid` INT NOT NULL,
  `os_user` VARCHAR(128) NOT NULL,
  `connection_id` BIGINT UNSIGNED NOT NULL COMMENT 'the run''s connection, on its node',
  `node` VARCHAR(255) NULL COMMENT 'wsrep_node_name',
  `node_address` VARCHAR(255) NULL COMMENT 'wsrep_node_incoming_address',
  `acquired_at` DATETIME(6) NOT NULL COMMENT 'UTC',
  `heartbeat_at` DATETIME(6) NOT NULL COMMENT 'UTC',
  `expires_at` DATETIME(6) NOT NULL COMMENT 'UTC',
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='roble: the cluster-wide migration lease'"""


@dataclass(frozen=True)
class LeaseRow:
    token: str
    host: str
    pid: int
    os_user: str
    connection_id: int
    node: str | None
    node_address: str | None
    acquired_at: datetime
    expires_at: datetime
    expired: bool

    def describe(self) -> str:
        return (
            f"host {self.host}, pid {self.pid}, user {self.os_user}, connection"
            f" {self.connection_id} on node {self.node or '?'}, expires {self.expires_at} UTC"
        )


class Lease:
    """One run's hold on the lease: ``take`` (waiting up to a timeout), ``release``."""

    def __init__(self, db: Database, cluster: ClusterInfo, seconds: float):
        self.db = db
        self.cluster = cluster
        self.seconds = max(float(seconds), MIN_LEASE_SECONDS)
        self.name = db.lock_name()
        self.token = secrets.token_hex(16)
        self.lost = False  # set by the heartbeat when the row is no longer ours
        self._conn: Database | None = None
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._address: str | None = None

    # -- taking ----------------------------------------------------------------------------

    def take(self, timeout: float, on_wait: Callable[[LockHolder], None] | None) -> None:
        conn = self._connection()
        conn.execute(CREATE_LEASE_TABLE)
        deadline = time.monotonic() + timeout
        reported = False
        while True:
            if self._insert():
                self._audit("lease-take", f"{self._mine()}; lease {self.seconds:g} s")
                break
            row = self._row()
            if row is not None and row.expired and self._holder_gone(row):
                if self._take_over(row):
                    self._audit("lease-takeover", f"{self._mine()}; from expired {row.describe()}")
                    break
                continue
            if row is not None and not reported and on_wait is not None:
                on_wait(
                    LockHolder(row.connection_id, row.host, row.pid, row.os_user, row.acquired_at)
                )
                reported = True
            if time.monotonic() >= deadline:
                raise self._timeout(timeout, row)
            time.sleep(min(_POLL_SECONDS, max(deadline - time.monotonic(), 0.01)))
        self._beat = threading.Thread(target=self._heartbeat, name="roble-lease", daemon=True)
        self._beat.start()

    def _insert(self) -> bool:
        try:
            self._connection().execute(
                f"INSERT INTO {self._table()} (name, token, {_HOLDER_COLUMNS}, acquired_at,"
                " heartbeat_at, expires_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s,"
                f" UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), {_EXPIRY})",
                (self.name, self.token, *self._holder_values(), self.seconds),
            )
        except Exception as exc:
            if _code(exc) in (_DUPLICATE, _DEADLOCK, _LOCK_WAIT):
                return False  # another runner's row, here or certified first elsewhere
            raise
        return True

    def _take_over(self, row: LeaseRow) -> bool:
        """Replace the expired row, if it is still the same holding: one winner."""
        try:
            changed = self._connection().execute(
                f"UPDATE {self._table()} SET token = %s, host = %s, pid = %s, os_user = %s,"
                " connection_id = %s, node = %s, node_address = %s,"
                " acquired_at = UTC_TIMESTAMP(6), heartbeat_at = UTC_TIMESTAMP(6),"
                f" expires_at = {_EXPIRY}"
                " WHERE name = %s AND token = %s AND expires_at < UTC_TIMESTAMP(6)",
                (self.token, *self._holder_values(), self.seconds, self.name, row.token),
            )
        except Exception as exc:
            if _code(exc) in (_DEADLOCK, _LOCK_WAIT):
                return False  # another taker's UPDATE was certified first
            raise
        return changed == 1

    def _row(self) -> LeaseRow | None:
        rows = self._connection().query(
            f"SELECT token, host, pid, os_user, connection_id, node, node_address, acquired_at,"
            f" expires_at, expires_at < UTC_TIMESTAMP(6) FROM {self._table()} WHERE name = %s",
            (self.name,),
        )
        if not rows:
            return None
        row = rows[0]
        return LeaseRow(
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], bool(row[9])
        )

    def _holder_gone(self, row: LeaseRow) -> bool:
        """Whether the expired holder's connection has ended on its node: the server
        finishes a batch whose client was killed, and its records would then race ours."""
        from roble_sql.runner.database import connect

        if not row.node_address or row.node_address.upper() == "AUTO":
            return True  # nowhere to look: the expiry alone has to do
        if row.node == self.cluster.node_name:
            return not self._connection().thread_alive(row.connection_id)
        try:
            with connect(self._node_url(row.node_address), connect_timeout=3) as there:
                return not there.thread_alive(row.connection_id)
        except Exception:
            return True  # the node is down or unreachable: out of the cluster, it can't commit

    def _node_url(self, address: str) -> DatabaseURL:
        """This run's URL (user, password, TLS) pointed at another node's client address."""
        host, colon, port = address.rpartition(":")
        if not colon or "]" in port:  # no port given (an IPv6 address ends in ]) or none at all
            host, port = address, "3306"
        options = tuple((k, v) for k, v in self.db.url.options if k != "unix_socket")
        return replace(self.db.url, host=host.strip("[]"), port=int(port), options=options)

    # -- holding ---------------------------------------------------------------------------

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            try:
                renewed = self._connection().execute(
                    f"UPDATE {self._table()} SET heartbeat_at = UTC_TIMESTAMP(6),"
                    f" expires_at = {_EXPIRY} WHERE name = %s AND token = %s",
                    (self.seconds, self.name, self.token),
                )
            except Exception:
                self._drop_connection()  # try again on a new connection next beat
                continue
            if renewed != 1:
                self.lost = True  # taken over: our renewals stopped for longer than the lease
                return

    def release(self, *, check: bool = True) -> None:
        """Stop renewing, delete our row (only ours) and audit it; then, with ``check``,
        raise if the lease was taken over while this run held it."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=10)
        try:
            if not self.lost:
                deleted = self._connection().execute(
                    f"DELETE FROM {self._table()} WHERE name = %s AND token = %s",
                    (self.name, self.token),
                )
                self.lost = deleted != 1
            if not self.lost:
                self._audit("lease-release", self._mine())
        finally:
            self._drop_connection()
        if self.lost and check:
            raise DatabaseError(
                "the cluster migration lease was taken over by another runner while this"
                " run held it (its renewals stopped for longer than the lease)",
                where=self.db.database,
                hint="check 'roble history' and the audit log for both runs; raise"
                " lease_seconds ([roble] in yoyo.ini or ROBLE_LEASE_SECONDS)",
            )

    # -- plumbing --------------------------------------------------------------------------

    def _connection(self) -> Database:
        """The lease's own connection: the run's is busy with a revision's statements
        while the heartbeat renews."""
        from roble_sql.runner.database import connect

        if self._conn is None:
            conn = connect(self.db.url)
            conn.chain_key = self.db.chain_key
            self._conn = conn
        return self._conn

    def _drop_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _table(self) -> str:
        return self.db.table(LEASE_TABLE)

    def _holder_values(self) -> tuple[Any, ...]:
        who = self.db.who
        return (
            who.host,
            who.pid,
            who.os_user,
            self.db.connection_id,
            self.cluster.node_name,
            self._node_address(),
        )

    def _node_address(self) -> str | None:
        if self._address is None:
            (value,) = self._connection().query("SELECT @@GLOBAL.wsrep_node_incoming_address")[0]
            self._address = str(value) if value else ""
        return self._address or None

    def _mine(self) -> str:
        return (
            f"{self.db.who.host} pid {self.db.who.pid} connection {self.db.connection_id}"
            f" on node {self.cluster.node_name or '?'}"
        )

    def _audit(self, action: str, detail: str) -> None:
        """A database-wide audit event, chained after the log's current last row."""
        conn = self._connection()
        conn.execute(CREATE_TABLE[AUDIT_TABLE])
        conn.execute(audit.chain_start_sql(conn.table(AUDIT_TABLE)))
        conn.runner.record_event(action, detail[:1024])

    def _timeout(self, timeout: float, row: LeaseRow | None) -> LockTimeout:
        who = row.describe() if row is not None else "another runner"
        if row is not None and row.expired:  # its connection still runs on its node
            who += "; expired, but its connection is still running there"
        return LockTimeout(
            f"the cluster migration lease was held ({who}) for longer than {timeout:g} s",
            where=self.db.database,
            hint="wait for that run to finish, or raise --lock-timeout; a dead runner's"
            " lease is taken over once it expires",
        )


_HOLDER_COLUMNS = "host, pid, os_user, connection_id, node, node_address"
_EXPIRY = "UTC_TIMESTAMP(6) + INTERVAL %s SECOND"


def _code(exc: Exception) -> int | None:
    code = exc.args[0] if exc.args else None
    return code if isinstance(code, int) else None


@contextlib.contextmanager
def cluster_lease(
    db: Database,
    cluster: ClusterInfo,
    seconds: float,
    timeout: float,
    on_wait: Callable[[LockHolder], None] | None = None,
) -> Iterator[None]:
    """Hold the lease on a cluster (nothing to do on a single server)."""
    if not cluster.is_cluster:
        yield
        return
    lease = Lease(db, cluster, seconds)
    lease.take(timeout, on_wait)
    try:
        yield
    except BaseException:
        lease.release(check=False)  # the run's own error is the one to report
        raise
    lease.release()
