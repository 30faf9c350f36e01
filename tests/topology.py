"""A 3-node Galera cluster on loopback, for tests and benchmarks.

Each node is a ``Sandbox`` (its own datadir, socket, pid file and log under one root)
with the wsrep settings on top: its own client, gmcast, IST and SST ports on 127.0.0.1.
State transfer is rsync, which fails when mariadbd runs as root (``Permission denied``
on ``ibdata1``), so the nodes run as ``mysql`` and their directories belong to it.
The first node bootstraps the cluster (``--wsrep-new-cluster``); the others join it
and are waited for until they report ``wsrep_local_state_comment = Synced``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pymysql

from roble_sql.dsn import DatabaseURL
from roble_sql.errors import SandboxError
from roble_sql.sandbox import Sandbox

PROVIDER = "/usr/lib/galera/libgalera_smm.so"
NODE_USER = "mysql"
_INSTALLERS = ("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db")


class NodeSandbox(Sandbox):
    """A sandbox whose server runs as ``mysql``: mariadbd keeps the first ``--user`` it
    is given, and the plain sandbox's is the current user (root here)."""

    def _server_user(self) -> list[str]:
        return [f"--user={NODE_USER}"]


@dataclass
class GaleraNode:
    index: int
    sandbox: Sandbox
    port: int  # client port on 127.0.0.1
    gmcast_port: int
    ist_port: int
    sst_port: int

    @property
    def name(self) -> str:
        return f"node{self.index + 1}"

    def admin_url(self) -> DatabaseURL:
        """root over the node's socket, without a database."""
        return DatabaseURL.parse(self.sandbox.url()).with_database(None)

    def tcp_url(self, user: str, password: str, database: str | None = None) -> DatabaseURL:
        return DatabaseURL(
            user=user, password=password, host="127.0.0.1", port=self.port, database=database
        )

    def status(self, name: str) -> str | None:
        rows = _query(self.admin_url(), "SHOW GLOBAL STATUS LIKE %s", (name,))
        return str(rows[0][1]) if rows else None


class GaleraCluster:
    """Three mariadbd nodes forming one Galera cluster under ``root`` (a new temp dir
    when None). ``start()`` returns once every node is Synced; ``stop()`` stops them all."""

    def __init__(self, root: Path | None = None, size: int = 3, name: str = "roble_test"):
        self.root = Path(root or tempfile.mkdtemp(prefix="roble-galera-")).resolve()
        self.size = size
        self.name = name
        ports = _free_ports(4 * size)
        self.nodes = [
            GaleraNode(i, NodeSandbox(self.root / f"node{i + 1}"), *ports[4 * i : 4 * i + 4])
            for i in range(size)
        ]

    def start(self, timeout: float = 180.0) -> GaleraCluster:
        _check_installed()
        _make_traversable(self.root)
        deadline = time.monotonic() + timeout
        try:
            for node in self.nodes:
                self._start_node(node, bootstrap=node.index == 0, deadline=deadline)
                self._wait_synced(node, deadline)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Joiners first, the bootstrap node last, each with SIGTERM then SIGKILL; the
        SST helpers (rsync daemons) are the nodes' children and go with them."""
        for node in reversed(self.nodes):
            with contextlib.suppress(SandboxError):
                node.sandbox.stop(timeout=30)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> GaleraCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.remove()

    # -- one node -------------------------------------------------------------------------

    def _cluster_address(self) -> str:
        return "gcomm://" + ",".join(f"127.0.0.1:{n.gmcast_port}" for n in self.nodes)

    def _settings(self, node: GaleraNode, bootstrap: bool) -> tuple[str, ...]:
        provider_options = (
            f"gmcast.listen_addr=tcp://127.0.0.1:{node.gmcast_port};"
            f"ist.recv_addr=127.0.0.1:{node.ist_port};"
            "gcache.size=32M;evs.suspect_timeout=PT5S;evs.inactive_timeout=PT10S"
        )
        settings = [
            "--skip-networking=0",
            "--bind-address=127.0.0.1",
            f"--port={node.port}",
            "--wsrep-on=ON",
            f"--wsrep-provider={PROVIDER}",
            f"--wsrep-provider-options={provider_options}",
            f"--wsrep-cluster-address={self._cluster_address()}",
            f"--wsrep-cluster-name={self.name}",
            f"--wsrep-node-name={node.name}",
            f"--wsrep-node-address=127.0.0.1:{node.gmcast_port}",
            f"--wsrep-sst-receive-address=127.0.0.1:{node.sst_port}",
            # where clients reach this node: a lease taker checks a dead holder's thread there
            f"--wsrep-node-incoming-address=127.0.0.1:{node.port}",
            "--wsrep-sst-method=rsync",
            "--binlog-format=ROW",
            "--innodb-autoinc-lock-mode=2",
            "--default-storage-engine=InnoDB",
        ]
        if bootstrap:
            settings.append("--wsrep-new-cluster")
        return tuple(settings)

    def _start_node(self, node: GaleraNode, *, bootstrap: bool, deadline: float) -> None:
        box = node.sandbox
        box.root.mkdir(parents=True, exist_ok=True)
        if not (box.datadir / "mysql").is_dir():
            _install_datadir(box.datadir, box.root / "tmp")
        for path in (box.root / "tmp", box.log_file):
            if path == box.log_file:
                path.touch()
            else:
                path.mkdir(exist_ok=True)
        _chown_tree(box.root)
        box.settings = self._settings(node, bootstrap)
        box.start(timeout=max(deadline - time.monotonic(), 1.0))

    def _wait_synced(self, node: GaleraNode, deadline: float) -> None:
        state = None
        while time.monotonic() < deadline:
            try:
                state = node.status("wsrep_local_state_comment")
            except pymysql.MySQLError:
                state = None
            if state == "Synced":
                return
            time.sleep(0.2)
        raise SandboxError(
            f"galera {node.name} did not reach Synced in time (state {state})",
            where=str(node.sandbox.log_file),
        )


def _check_installed() -> None:
    if not Path(PROVIDER).exists():
        raise SandboxError(
            f"the Galera provider {PROVIDER} is missing", hint="apt-get install galera-4"
        )
    for tool in ("rsync",):
        if shutil.which(tool) is None:
            raise SandboxError(f"{tool} is not installed", hint=f"apt-get install {tool}")
    try:
        pwd.getpwnam(NODE_USER)
    except KeyError:
        raise SandboxError(f"no {NODE_USER} user", hint="apt-get install mariadb-server") from None


def _install_datadir(datadir: Path, tmpdir: Path) -> None:
    installer = next((p for p in _INSTALLERS if Path(p).exists()), None)
    if installer is None:
        raise SandboxError("mariadb-install-db not found", hint="apt-get install mariadb-server")
    tmpdir.mkdir(parents=True, exist_ok=True)
    staging = datadir.with_name("data.init")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        [
            installer,
            "--no-defaults",
            f"--datadir={staging}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            f"--tmpdir={tmpdir}",
            "--user=root",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        tail = (
            result.stdout.decode(errors="replace")[-500:]
            + result.stderr.decode(errors="replace")[-500:]
        )
        raise SandboxError(f"mariadb-install-db failed: {tail}", where=str(datadir))
    staging.rename(datadir)


def _chown_tree(root: Path) -> None:
    entry = pwd.getpwnam(NODE_USER)
    for folder, _dirs, files in os.walk(root):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.lchown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)
    os.chmod(root, 0o755)


def _make_traversable(root: Path) -> None:
    """The mysql user must reach the datadirs: every parent directory needs o+x."""
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    for parent in root.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


def _free_ports(count: int) -> list[int]:
    """Ports the kernel hands out now: held open together so none repeats."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _query(url: DatabaseURL, sql: str, args: object = None) -> list[tuple]:
    connection = pymysql.connect(**url.driver_kwargs(), connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())
    finally:
        connection.close()


if __name__ == "__main__":  # python -m tests.topology: start, report, stop
    began = time.monotonic()
    with GaleraCluster() as cluster:
        print(f"synced in {time.monotonic() - began:.1f} s under {cluster.root}")
        for n in cluster.nodes:
            print(
                n.name,
                n.port,
                n.status("wsrep_cluster_size"),
                n.status("wsrep_local_state_comment"),
            )
