"""Whether the server is a Galera node, read once when the migration lock is taken.

On Galera, ``GET_LOCK`` is node-local: two runners on two nodes both get it. roble
then also takes a cluster-wide lease (``runner/lease.py``). ``wsrep_OSU_method`` says
how DDL replicates: TOI (the default) runs it on every node in the same order; RSU
runs it on this node only and leaves the nodes' schemas different, so roble refuses it
unless told otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roble_sql.errors import ConfigError

if TYPE_CHECKING:
    from roble_sql.runner.database import Database

RSU = "RSU"


@dataclass(frozen=True)
class ClusterInfo:
    """What the server says about replication: ``wsrep_on`` and friends."""

    wsrep_on: bool
    cluster_size: int
    osu_method: str | None  # this session's: what roble's own DDL would use
    node_name: str | None

    @property
    def is_cluster(self) -> bool:
        return self.wsrep_on

    def describe(self) -> str:
        return (
            f"Galera node {self.node_name or '?'} of a {self.cluster_size}-node cluster,"
            f" wsrep_OSU_method={self.osu_method}"
        )


NOT_A_CLUSTER = ClusterInfo(False, 1, None, None)


def detect(db: Database) -> ClusterInfo:
    """Read the wsrep variables in one round trip; a server without them (MySQL, a
    MariaDB built without wsrep) is no cluster."""
    rows = db.query(
        "SELECT LOWER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES"
        " WHERE VARIABLE_NAME IN ('WSREP_ON', 'WSREP_NODE_NAME')"
        " UNION ALL SELECT LOWER(VARIABLE_NAME), VARIABLE_VALUE"
        " FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'"
    )
    values = {str(name): value for name, value in rows}
    if str(values.get("wsrep_on", "OFF")).upper() != "ON":
        return NOT_A_CLUSTER
    (method,) = db.query("SELECT @@SESSION.wsrep_OSU_method")[0]
    return ClusterInfo(
        True,
        int(values.get("wsrep_cluster_size") or 0),
        str(method).upper() if method is not None else None,
        values.get("wsrep_node_name"),
    )


def refuse_rsu(info: ClusterInfo, where: str, *, allowed: bool) -> None:
    """RSU applies a revision's DDL to this node only: the other nodes never see it."""
    if info.is_cluster and info.osu_method == RSU and not allowed:
        raise ConfigError(
            "wsrep_OSU_method is RSU: DDL would change this Galera node only and leave the"
            " cluster's schemas different",
            where=where,
            hint="set wsrep_OSU_method=TOI, or pass --allow-rsu (ROBLE_ALLOW_RSU=1) if you"
            " roll the change through every node yourself",
        )
