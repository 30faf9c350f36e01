"""A fleet upgrade: a shell loop of ``roble upgrade`` per database against ``--targets``.

    python -m bench.fleet            # 100 databases x 10 revisions on 2 servers
    python -m bench.fleet --quick    # 20 databases x 5 revisions

Two throwaway MariaDB servers (roble's sandbox, unix sockets in temp dirs) hold the
databases, alternating. Every database is recreated empty, untimed, before each way is
timed: a sequential ``sh`` loop running ``roble --database URL upgrade`` once per
database, then ``roble upgrade --targets FILE --concurrency N`` for N = 1, 4 and 8.
The wall time is that of the whole loop or process; each database is checked afterwards
(all revisions' tables there, all recorded in yoyo's table).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.tools import Server, _clean_env
from roble_sql.dsn import DatabaseURL

CONCURRENCIES = (1, 4, 8)
GOAL_RATIO = 2.0  # --concurrency 4 at least twice as fast as the loop
PREFIX = "bench_fleet"
Log = Callable[[str], None]


@dataclass(frozen=True)
class Size:
    databases: int
    revisions: int


FULL, QUICK = Size(100, 10), Size(20, 5)


@dataclass
class Timing:
    how: str
    seconds: float | None = None
    failure: str | None = None


@dataclass(frozen=True)
class Fleet:
    servers: list[Server]
    databases: list[tuple[Server, str]]  # (server, database name), alternating servers
    project: Path
    revisions: int

    def recreate(self) -> None:
        for server in self.servers:
            names = [name for s, name in self.databases if s is server]
            server.admin(
                "".join(
                    f"DROP DATABASE IF EXISTS `{n}`; CREATE DATABASE `{n}` CHARACTER SET utf8mb4;"
                    for n in names
                )
            )

    def drop(self) -> None:
        for server, name in self.databases:
            server.drop(name)

    def urls(self) -> list[str]:
        return [server.url_for(name) for server, name in self.databases]

    def wrong(self) -> str | None:
        """Why the run did not do the work (a database short of tables or records), or None."""
        for server in self.servers:
            names = [name for s, name in self.databases if s is server]
            listed = ", ".join(f"'{n}'" for n in names)
            rows = server.admin(
                "SELECT TABLE_SCHEMA, COUNT(*) FROM information_schema.TABLES"
                f" WHERE TABLE_SCHEMA IN ({listed}) AND TABLE_NAME LIKE 't\\_%'"
                " GROUP BY TABLE_SCHEMA"
            )
            found = {name: count for name, count in rows}
            for name in names:
                if found.get(name) != self.revisions:
                    return f"{name}: {found.get(name, 0)} tables, not {self.revisions}"
                (records,) = server.admin("SELECT COUNT(*) FROM _yoyo_migration", name)[0]
                if records != self.revisions:
                    return f"{name}: {records} rows in _yoyo_migration, not {self.revisions}"
        return None


def write_project(root: Path, revisions: int) -> Path:
    """A project of ``revisions`` one-table revisions, chained by ``-- depends:``."""
    migrations = root / "sql_migrations"
    migrations.mkdir(parents=True)
    (root / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/sql_migrations\n")
    previous = ""
    for i in range(1, revisions + 1):
        rid = f"{i:04d}_t_{i}"
        depends = f"-- depends: {previous}\n" if previous else ""
        (migrations / f"{rid}.sql").write_text(
            f"-- {rid}\n{depends}\n"
            f"CREATE TABLE t_{i} (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
        )
        (migrations / f"{rid}.rollback.sql").write_text(f"DROP TABLE t_{i};\n")
        previous = rid
    return root


@contextmanager
def servers(count: int, log: Log) -> Iterator[list[Server]]:
    from roble_sql.sandbox import Sandbox

    with ExitStack() as stack:
        found = []
        for i in range(count):
            root = Path(tempfile.mkdtemp(prefix=f"roble-bench-fleet{i}-"))
            stack.callback(shutil.rmtree, root, ignore_errors=True)
            sandbox = Sandbox(root, database="bench")
            log(f"starting throwaway MariaDB {i + 1} of {count} under {root} ...")
            sandbox.start(timeout=120)
            stack.callback(sandbox.stop)
            found.append(Server(DatabaseURL.parse(sandbox.url()).with_database(None)))
        yield found


def roble_argv() -> list[str]:
    script = Path(sys.executable).parent / "roble"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "roble_sql"]


def timed(how: str, argv: list[str], fleet: Fleet, env: dict[str, str], log: Log) -> Timing:
    fleet.recreate()
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=fleet.project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        log(f"  {how}: FAILED (exit {done.returncode}): {tail[0][:300]}")
        return Timing(how, failure=f"exit {done.returncode}: {tail[0][:200]}")
    wrong = fleet.wrong()
    if wrong:
        log(f"  {how}: wrong result: {wrong}")
        return Timing(how, failure=f"wrong result: {wrong}")
    log(f"  {how}: {seconds:.2f} s")
    return Timing(how, seconds)


def run_all(size: Size, log: Log) -> list[Timing]:
    with servers(2, log) as found, tempfile.TemporaryDirectory(prefix="roble-bench-") as tmp:
        project = write_project(Path(tmp) / "project", size.revisions)
        databases = [(found[i % 2], f"{PREFIX}_{i:03d}") for i in range(size.databases)]
        fleet = Fleet(found, databases, project, size.revisions)
        targets = Path(tmp) / "targets.txt"
        targets.write_text("\n".join(fleet.urls()) + "\n")
        env = _clean_env(found[0].url)
        roble = roble_argv()
        try:
            # Untimed: one upgrade, so Python's bytecode cache exists for every way alike.
            fleet.recreate()
            warm = [*roble, "--database", fleet.urls()[0], "upgrade"]
            subprocess.run(warm, cwd=project, env=env, capture_output=True, check=True)
            loop = (
                f'while read -r url; do {shlex.join(roble)} --database "$url" upgrade'
                " >/dev/null || exit 1; done < " + shlex.quote(str(targets))
            )
            results = [timed("shell loop", ["sh", "-c", loop], fleet, env, log)]
            for n in CONCURRENCIES:
                argv = [*roble, "--database", fleet.urls()[0], "upgrade", "--targets"]
                argv += [str(targets), "--concurrency", str(n)]
                results.append(timed(f"--targets, --concurrency {n}", argv, fleet, env, log))
        finally:
            fleet.drop()
    return results


def title(size: Size) -> str:
    return f"Fleet upgrade ({size.databases} databases x {size.revisions} revisions)"


def table(results: list[Timing]) -> str:
    loop = results[0].seconds if results and results[0].seconds else None
    lines = ["| how | wall time | vs the loop |", "|---|---|---|"]
    for result in results:
        if result.seconds is None:
            lines.append(f"| {result.how} | FAILED: {result.failure} | - |")
            continue
        ratio = (
            f"{loop / result.seconds:.2f}x faster" if loop and result is not results[0] else "1x"
        )
        lines.append(f"| {result.how} | {result.seconds:.2f} s | {ratio} |")
    return "\n".join(lines)


def verdict(results: list[Timing]) -> str:
    by_how = {result.how: result.seconds for result in results}
    loop, four = by_how.get("shell loop"), by_how.get("--targets, --concurrency 4")
    if not loop or not four:
        return f"Goal (--concurrency 4 at least {GOAL_RATIO:g}x faster than the loop): not measured"
    ratio = loop / four
    passed = "pass" if ratio >= GOAL_RATIO else "FAIL"
    return (
        f"Goal: `--concurrency 4` at least {GOAL_RATIO:g}x faster than the loop: "
        f"{ratio:.2f}x, {passed}."
    )


def explanation(size: Size) -> str:
    return (
        f"{size.databases} databases, alternating between 2 throwaway MariaDB servers (roble's "
        f"sandbox, unix sockets) on this machine, each given {size.revisions} one-table "
        "revisions (`CREATE TABLE t_i ...`, chained by `-- depends:`). The loop is "
        '`while read url; do roble --database "$url" upgrade; done < targets.txt` in `sh`; '
        "the fleet is one `roble upgrade --targets targets.txt --concurrency N` process. "
        "Every database is recreated empty, untimed, before each way, and checked after it "
        "(its tables and its rows in `_yoyo_migration`). One run each "
        "(`python -m bench.fleet`): on 2 cores the servers and roble share the CPUs, so the "
        "gain from more than a few threads is bounded by them."
    )


def section(size: Size, results: list[Timing]) -> str:
    return table(results) + "\n\n" + verdict(results) + "\n\n" + explanation(size)


def from_bench(quick: bool, log: Log) -> tuple[str, str]:
    """bench/run.py's step: (the section title, its Markdown) for docs/benchmarks.md."""
    size = QUICK if quick else FULL
    return title(size), section(size, run_all(size, log))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 databases x 5 revisions")
    options = parser.parse_args(argv)
    size = QUICK if options.quick else FULL
    log: Log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    results = run_all(size, log)
    print(f"## {title(size)}\n\n{section(size, results)}")
    return 0 if all(result.seconds is not None for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
