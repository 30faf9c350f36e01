"""Write latency during a column-type change: a plain ALTER against roble's online path.

    python -m bench.online_latency                 # 1M rows, single server and Galera
    python -m bench.online_latency --quick         # 100k rows
    python -m bench.online_latency --rows 300000 --database URL   # your server, no Galera

A table ``big`` of ``--rows`` rows is loaded from MariaDB's sequence engine, then a writer
on its own connection runs single-row autocommit INSERTs (explicit ids, so no
AUTO_INCREMENT lock is involved) and UPDATEs on it, timing each, while
``roble upgrade`` runs ``ALTER TABLE big MODIFY COLUMN n BIGINT NOT NULL``: once as is,
once under ``-- roble: online`` (pt-online-schema-change). On Galera roble runs on node 1
and the writer on node 2. The table is recreated before every run; roble runs as a
process in a temp project, so its records are real, and they are checked afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymysql

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.tools import Server, _clean_env
from roble_sql.dsn import DatabaseURL

DB = "bench_online"
CHANGE = "ALTER TABLE big MODIFY COLUMN n BIGINT NOT NULL"
GOAL_MS = 200.0
PLAIN_STALL_MS = 1000.0  # "plain stalls for seconds": at least a second, to be a contrast
PAD_BYTES = 100  # a row of ~120 bytes: a table of ~150 MB at 1M rows
LOAD_CHUNK = 100_000  # rows per INSERT ... SELECT: Galera replicates each as one writeset
WRITER_KIND = "writer: single-row autocommit INSERT (explicit ids, no AUTO_INCREMENT) / UPDATE"
SETUPS = ("single", "galera")
HOWS = ("plain", "online")


@dataclass
class LatencyRun:
    setup: str  # single | galera
    how: str  # plain | online
    rows: int = 0
    writes: int = 0
    worst_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    first_errors: list[str] = field(default_factory=list)
    change_seconds: float | None = None
    failure: str | None = None  # why there are no figures (the run or its setup failed)

    @property
    def ok(self) -> bool:
        return self.failure is None and self.worst_ms is not None


# -- the writer ---------------------------------------------------------------------------------


class Writer(threading.Thread):
    """Alternates an INSERT of a new id and an UPDATE of an existing row, each timed."""

    def __init__(self, url: DatabaseURL, rows: int):
        super().__init__(daemon=True)
        self.url = url
        self.rows = rows
        self.latencies: list[float] = []
        self.errors: list[tuple[float, str]] = []  # (perf_counter when it failed, message)
        self.stopping = threading.Event()
        self.crashed: str | None = None

    def _connect(self) -> pymysql.connections.Connection:
        kwargs = self.url.driver_kwargs()
        kwargs.update(autocommit=True, connect_timeout=10)
        return pymysql.connect(**kwargs)

    def run(self) -> None:
        try:
            self._write()
        except Exception as exc:  # e.g. could not reconnect: the run reports it
            self.crashed = f"the writer stopped: {type(exc).__name__}: {exc}"

    def _write(self) -> None:
        connection = self._connect()
        next_id, step = self.rows + 1, 0
        args: tuple[int, ...]
        while not self.stopping.is_set():
            step += 1
            if step % 2:
                sql, args = "INSERT INTO big (id, n, pad) VALUES (%s, %s, 'w')", (next_id, step)
                next_id += 1
            else:
                sql, args = (
                    "UPDATE big SET n = n + 1 WHERE id = %s",
                    ((step * 7919) % self.rows + 1,),
                )
            began = time.perf_counter()
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql, args)
                self.latencies.append(time.perf_counter() - began)
            except pymysql.MySQLError as exc:
                self.latencies.append(time.perf_counter() - began)
                self.errors.append((time.perf_counter(), f"{sql.split()[0]}: {exc}"))
                if not connection.open:
                    connection = self._connect()
        connection.close()


def _percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


# -- one run -------------------------------------------------------------------------------------


def load_table(server: Server, rows: int) -> None:
    server.recreate(DB)
    server.admin(
        "CREATE TABLE big (id INT NOT NULL PRIMARY KEY, n INT NOT NULL,"
        " pad VARCHAR(200) NOT NULL) ENGINE=InnoDB",
        DB,
    )
    for start in range(0, rows, LOAD_CHUNK):
        end = min(rows, start + LOAD_CHUNK)
        server.admin(
            f"INSERT INTO big (id, n, pad) SELECT seq, seq % 1000, REPEAT('p', {PAD_BYTES})"
            f" FROM seq_{start + 1}_to_{end}",
            DB,
        )


def write_project(root: Path, online: bool) -> Path:
    """A roble project with one revision (the change) and its rollback file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/sql_migrations\n")
    migrations = root / "sql_migrations"
    migrations.mkdir(exist_ok=True)
    marker = "-- roble: online\n" if online else ""
    (migrations / "0001_big_n_bigint.sql").write_text(f"{marker}{CHANGE};\n")
    (migrations / "0001_big_n_bigint.rollback.sql").write_text(
        "ALTER TABLE big MODIFY COLUMN n INT NOT NULL;\n"
    )
    return root


def roble_command(url: DatabaseURL) -> tuple[list[str], dict[str, str]]:
    """``roble --database URL upgrade`` as its users run it (the console script), and its
    environment. A URL with a password goes in $DATABASE_URL: a command line is public."""
    script = Path(sys.executable).parent / "roble"
    argv = [str(script)] if script.is_file() else [sys.executable, "-m", "roble_sql"]
    env = _clean_env(url)
    if url.password:
        env["DATABASE_URL"] = url.as_url(reveal=True)
    else:
        argv += ["--database", url.as_url(reveal=True)]
    return [*argv, "upgrade"], env


def check_applied(server: Server) -> str | None:
    (column_type,) = server.admin(
        "SELECT DATA_TYPE FROM information_schema.COLUMNS"
        f" WHERE TABLE_SCHEMA = '{DB}' AND TABLE_NAME = 'big' AND COLUMN_NAME = 'n'"
    )[0]
    (recorded,) = server.admin(
        "SELECT COUNT(*) FROM _yoyo_migration WHERE migration_id = '0001_big_n_bigint'", DB
    )[0]
    if column_type != "bigint":
        return f"roble exited 0 but big.n is {column_type}, not bigint"
    if recorded != 1:
        return "roble exited 0 but _yoyo_migration has no row for the revision"
    return None


def measure(
    setup: str,
    how: str,
    roble_server: Server,
    writer_server: Server,
    rows: int,
    work: Path,
    log: Callable[[str], None],
) -> LatencyRun:
    result = LatencyRun(setup, how, rows)
    log(f"  {setup}/{how}: loading {rows} rows ...")
    load_table(roble_server, rows)
    if writer_server is not roble_server:
        _wait_replicated(writer_server, rows)
    project = write_project(work / f"{setup}-{how}", online=how == "online")
    writer = Writer(writer_server.url.with_database(DB), rows)
    writer.start()
    time.sleep(1.0)  # a baseline of ordinary writes before the change starts
    argv, env = roble_command(roble_server.url.with_database(DB))
    began = time.perf_counter()
    process = subprocess.run(
        argv,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    result.change_seconds = time.perf_counter() - began
    time.sleep(0.5)
    writer.stopping.set()
    writer.join()
    for line in (process.stdout + process.stderr).strip().splitlines()[-4:]:
        log(f"    roble: {line}")
    if process.returncode != 0:
        tail = (process.stderr or process.stdout).strip().splitlines()[-3:]
        result.failure = f"roble upgrade exited {process.returncode}: {' | '.join(tail)}"
    else:
        result.failure = check_applied(roble_server) or writer.crashed
    if writer.latencies:
        ordered = sorted(writer.latencies)
        result.writes = len(ordered)
        result.worst_ms = ordered[-1] * 1000
        result.p99_ms = _percentile(ordered, 0.99) * 1000
    result.errors = len(writer.errors)
    # When, from the start of roble, says which step hit the writer (triggers, copy, swap).
    result.first_errors = [f"{message} at +{at - began:.2f} s" for at, message in writer.errors[:3]]
    log(f"  {setup}/{how}: {describe(result)}")
    roble_server.drop(DB)
    return result


def _wait_replicated(server: Server, rows: int, timeout: float = 120.0) -> None:
    """Galera applies writesets asynchronously on the other nodes: wait for all rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if server.admin("SELECT COUNT(*) FROM big", DB)[0][0] >= rows:
                return
        except pymysql.MySQLError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"node 2 did not see {rows} rows within {timeout:g} s")


def describe(run: LatencyRun) -> str:
    if not run.ok:
        return f"FAILED: {run.failure}"
    return (
        f"worst {run.worst_ms:.0f} ms, p99 {run.p99_ms:.1f} ms over {run.writes} writes,"
        f" {run.errors} errors, change {run.change_seconds:.2f} s"
    )


# -- the servers ---------------------------------------------------------------------------------


def run_single(
    rows: int, work: Path, log: Callable[[str], None], server: Server | None = None
) -> list[LatencyRun]:
    """Both runs on one server: the one given, or a throwaway sandbox."""
    from roble_sql.sandbox import Sandbox

    sandbox = None
    root = Path(tempfile.mkdtemp(prefix="roble-online-bench-"))
    try:
        if server is None:
            sandbox = Sandbox(
                root,
                database="bench",
                # the table (~150 MB at 1M rows) in memory, as on a server sized for it
                settings=("--innodb-buffer-pool-size=256M",),
            )
            log(f"starting a throwaway MariaDB under {root} ...")
            sandbox.start(timeout=120)
            server = Server(DatabaseURL.parse(sandbox.url()).with_database(None))
        return [measure("single", how, server, server, rows, work, log) for how in HOWS]
    except Exception as exc:  # the server did not start: the rows say why
        return [
            LatencyRun("single", how, rows, failure=f"{type(exc).__name__}: {exc}") for how in HOWS
        ]
    finally:
        if sandbox is not None:
            sandbox.stop()
        shutil.rmtree(root, ignore_errors=True)


def run_galera(rows: int, work: Path, log: Callable[[str], None]) -> list[LatencyRun]:
    """roble on node 1, the writer on node 2, of a 3-node loopback cluster."""
    try:
        from tests.topology import GaleraCluster

        cluster = GaleraCluster(name="roble_bench")
        log(f"starting a 3-node Galera cluster under {cluster.root} ...")
        cluster.start()
    except Exception as exc:  # not installed, or it did not sync: the rows say why
        why = f"the Galera cluster did not start: {type(exc).__name__}: {exc}"
        log(f"  galera: {why}")
        return [LatencyRun("galera", how, rows, failure=why) for how in HOWS]
    try:
        node1 = Server(cluster.nodes[0].admin_url())
        node2 = Server(cluster.nodes[1].admin_url())
        runs = []
        for how in HOWS:
            try:
                runs.append(measure("galera", how, node1, node2, rows, work, log))
            except Exception as exc:
                runs.append(LatencyRun("galera", how, rows, failure=f"{type(exc).__name__}: {exc}"))
        return runs
    finally:
        cluster.stop()
        cluster.remove()


def run_all(
    rows: int,
    log: Callable[[str], None],
    server: Server | None = None,
    galera: bool = True,
) -> list[LatencyRun]:
    work = Path(tempfile.mkdtemp(prefix="roble-online-projects-"))
    try:
        runs = run_single(rows, work, log, server)
        if galera:
            runs += run_galera(rows, work, log)
        else:
            runs += [LatencyRun("galera", h, rows, failure="not run (--no-galera)") for h in HOWS]
        return runs
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- the table -----------------------------------------------------------------------------------


def verdict(run: LatencyRun, runs: list[LatencyRun]) -> str:
    if not run.ok:
        return "n/a"
    assert run.worst_ms is not None
    if run.how == "plain":
        if run.worst_ms >= PLAIN_STALL_MS:
            return f"stalls writes {run.worst_ms / 1000:.1f} s"
        return f"no stall of {PLAIN_STALL_MS / 1000:g} s or more"
    if run.worst_ms > GOAL_MS:
        return "FAIL"
    plain = next((r for r in runs if r.setup == run.setup and r.how == "plain"), None)
    text = "pass"
    if run.errors:
        text += f", but {run.errors} write(s) failed"
    if plain is not None and plain.ok and (plain.worst_ms or 0) < PLAIN_STALL_MS:
        text += " (plain did not stall here)"
    return text


def table(runs: list[LatencyRun]) -> str:
    lines = [
        "| setup | change | worst write | p99 write | writes | writer errors | change took | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    for run in runs:
        how = "plain `roble upgrade`" if run.how == "plain" else "`-- roble: online`"
        setup = "single server" if run.setup == "single" else "Galera (roble node 1, writer node 2)"
        if not run.ok:
            notes.append(f"{run.setup}/{run.how}: {run.failure}")
            cells = [f"not measured [{len(notes)}]"] + ["-"] * 4
        else:
            errors = str(run.errors)
            if run.errors:
                first = "; ".join(run.first_errors)
                notes.append(f"{run.setup}/{run.how}: {run.errors} write(s) failed; first: {first}")
                errors += f" [{len(notes)}]"
            cells = [
                f"{run.worst_ms:.0f} ms",
                f"{run.p99_ms:.1f} ms",
                str(run.writes),
                errors,
                f"{run.change_seconds:.1f} s",
            ]
        lines.append("| " + " | ".join([setup, how, *cells, verdict(run, runs)]) + " |")
    if notes:
        lines.append("")
        lines += [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
    return "\n".join(lines)


def explanation(rows: int) -> str:
    return (
        f"Goal: with `-- roble: online` the worst write latency stays at or under "
        f"{GOAL_MS:g} ms, where the plain ALTER stalls writes for seconds. `{CHANGE}` on "
        f"a {rows:,}-row table (`id INT PRIMARY KEY, n INT, pad VARCHAR(200)` holding "
        f"{PAD_BYTES} bytes, loaded from the sequence engine, recreated before every run). "
        f"The {WRITER_KIND} on its own connection, the whole time roble runs (plus 1 s "
        "before, 0.5 s after): on the single server on the same server (a sandbox with "
        "`innodb_buffer_pool_size=256M`), on Galera on node 2 while roble runs against "
        "node 1 (3 nodes on loopback, `tests/topology.py`, 64M buffer pool each). The "
        "writer inserts explicit ids, so `innodb_autoinc_lock_mode` plays no part. "
        '"change took" is the wall time of the `roble upgrade` process (start-up '
        'included). A plain run "stalls" when its worst write is at least '
        f"{PLAIN_STALL_MS / 1000:g} s. One run each (`python -m bench.online_latency`): "
        "the online worst case varies from run to run."
    )


def title(rows: int) -> str:
    size = f"{rows // 1_000_000}M" if rows % 1_000_000 == 0 else f"{rows:,}"
    return f"Write latency during a column-type change ({size} rows)"


def from_bench(database: str | None, quick: bool, log: Callable[[str], None]) -> tuple[str, str]:
    """bench/run.py's step: (the section title, its Markdown) for docs/benchmarks.md.
    A server given to bench/run.py hosts the single-server runs; else a sandbox does."""
    rows = 100_000 if quick else 1_000_000
    server = Server(DatabaseURL.parse(database).with_database(None)) if database else None
    runs = run_all(rows, log, server)
    return title(rows), table(runs) + "\n\n" + explanation(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="rows in the table (default 1000000)")
    parser.add_argument("--quick", action="store_true", help="100k rows")
    parser.add_argument("--database", metavar="URL", help="single-server runs on this server")
    parser.add_argument("--no-galera", action="store_true", help="skip the Galera runs")
    options = parser.parse_args(argv)
    rows = options.rows or (100_000 if options.quick else 1_000_000)
    server = (
        Server(DatabaseURL.parse(options.database).with_database(None))
        if options.database
        else None
    )
    log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    runs = run_all(rows, log, server, galera=not options.no_galera)
    print(f"## {title(rows)}\n\n" + table(runs) + "\n\n" + explanation(rows))
    return 0 if all(r.ok for r in runs if r.setup == "single") else 1


if __name__ == "__main__":
    sys.exit(main())
