"""roble against the raw ``mariadb`` client, bare yoyo and dbmate: whole processes, side by side.

    python bench/run.py               # full run (~10 min); rewrites docs/benchmarks.md
    python bench/run.py --quick       # small workloads, 2 runs, prints only
    python bench/run.py --tools raw,roble --only apply_large,status
    python bench/run.py --only online_latency --no-doc   # bench/online_latency.py only
    python bench/run.py --only fleet  # bench/fleet.py only; rewrites its section of the doc

By default a throwaway MariaDB is started with roble's sandbox (a unix socket in a temp
dir); ``--database URL`` or ``$ROBLE_BENCH_DATABASE_URL`` uses a server of yours
instead (the URL's user must be able to create and drop databases ``bench_*``).

Each scenario prepares every tool's database untimed (recreated; for rollback and status,
the revisions applied first with that same tool), then times the tools in turn, rotating
their order from run to run, and reports the median. A tool whose runs take over
``SLOW_SECONDS`` stops after 3 runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a file (make bench): make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fleet as fleet_bench
from bench import online_latency, report, workloads
from bench.report import Results, Target
from bench.timing import Command, CommandFailed, Measurement
from bench.timing import run as time_commands
from bench.tools import REPO, TOOLS, Server, Tools
from bench.workloads import Workload
from roble_sql.dsn import DatabaseURL

WORK = REPO / "bench" / ".work"
DOC = REPO / "docs" / "benchmarks.md"
SLOW_SECONDS = 8.0
URL_ENV = "ROBLE_BENCH_DATABASE_URL"
ONLINE_KEY = "online_latency"  # not a Scenario: bench/online_latency.py starts its own servers
FLEET_KEY = "fleet"  # not a Scenario either: bench/fleet.py starts its own two servers


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    workload: Workload
    operation: str  # apply | apply-no-lint | rollback | status | current | lint | memory
    tools: tuple[str, ...]
    runs: int


def scenarios(wl: dict[str, Workload], runs: int, has_lint: bool) -> list[Scenario]:
    small, large = wl["small"], wl["large"]
    everyone = TOOLS
    readers = tuple(t for t in TOOLS if t not in ("floor", "replay"))  # those only send SQL
    rollers = tuple(t for t in TOOLS if t != "replay")  # the capture is of an upgrade
    found = [
        Scenario("apply_small", f"apply {small.revisions}", small, "apply", everyone, runs),
        Scenario("apply_large", f"apply {large.revisions}", large, "apply", everyone, runs),
        Scenario(
            "apply_large_nolint",
            f"apply {large.revisions}, roble without its lint gate (`--no-lint`)",
            large,
            "apply-no-lint",
            ("raw", "roble", "floor"),
            runs,
        ),
        Scenario(
            "rollback_small", f"roll back {small.revisions}", small, "rollback", rollers, runs
        ),
        Scenario("dump", f"apply {wl['dump'].title}", wl["dump"], "apply", everyone, runs),
        Scenario(
            "dump_nolocks",
            f"apply {wl['dump_nolocks'].title}",
            wl["dump_nolocks"],
            "apply",
            everyone,
            runs,
        ),
        Scenario(
            "inserts",
            f"apply {wl['inserts'].title} (one revision)",
            wl["inserts"],
            "apply",
            everyone,
            runs,
        ),
        Scenario(
            "status",
            f"status, {large.revisions} applied (raw: SHOW TABLES; yoyo: list)",
            large,
            "status",
            readers,
            runs,
        ),
        Scenario(
            "current", f"current, {large.revisions} applied", large, "current", ("roble",), runs
        ),
        # yoyo is left out: sqlparse needs minutes and gigabytes for 50 MB.
        Scenario(
            "memory",
            f"apply {wl['bigdump'].title} (peak memory)",
            wl["bigdump"],
            "memory",
            ("raw", "roble"),
            1,
        ),
    ]
    if has_lint:
        found += [
            Scenario("lint_dump", f"lint {wl['dump'].title}", wl["dump"], "lint", ("roble",), runs),
            Scenario(
                "lint_large", f"lint {large.revisions} revisions", large, "lint", ("roble",), runs
            ),
        ]
    return found


def targets(wl: dict[str, Workload]) -> list[Target]:
    large, small = wl["large"].revisions, wl["small"].revisions
    return [
        Target(f"apply {large} revisions", "apply_large", 1.5, "ratio"),
        Target(f"roll back {small} revisions", "rollback_small", 1.8, "ratio"),
        Target(f"apply {wl['dump'].title}", "dump", 1.6, "ratio"),
        Target(f"`roble status`, {large} applied", "status", 0.15, "seconds"),
        Target(f"`roble current`, {large} applied", "current", 0.15, "seconds"),
        Target(f"`roble lint`, {wl['dump'].title}", "lint_dump", 0.5, "seconds"),
        Target(f"`roble lint`, {large} revisions", "lint_large", 1.0, "seconds"),
        Target(f"peak RSS applying {wl['bigdump'].title}", "memory", 200, "rss"),
    ]


# -- running one scenario ------------------------------------------------------------------------


class Bench:
    def __init__(self, server: Server, tools: Tools, log: Callable[[str], None]):
        self.server = server
        self.tools = tools
        self.log = log

    def commands(self, scenario: Scenario, tool: str, db: str) -> list[Command]:
        wl, t = scenario.workload, self.tools
        if scenario.operation in ("apply", "memory"):
            return t.apply(tool, db, wl)
        if scenario.operation == "apply-no-lint":
            return (
                [t.roble(db, wl, "upgrade", "--no-lint")]
                if tool == "roble"
                else t.apply(tool, db, wl)
            )
        if scenario.operation == "rollback":
            return t.rollback_all(tool, db, wl)
        if scenario.operation == "status":
            return t.status(tool, db, wl)
        if scenario.operation == "current":
            return [t.roble(db, wl, "current")]
        return [t.roble(db, wl, "lint")]

    def prepare(self, scenario: Scenario, tool: str, db: str) -> None:
        """Untimed: a fresh database, with the revisions applied first where the op needs it."""
        wl = scenario.workload
        self.server.recreate(db, wl.setup)
        if scenario.operation in ("rollback", "status", "current"):
            time_commands(self.tools.apply(tool, db, wl), self.tools.env)

    def check(self, scenario: Scenario, db: str) -> str | None:
        """Untimed: did the run do the work? A tool that exits 0 having done less is wrong."""
        wl = scenario.workload
        if scenario.operation not in ("apply", "apply-no-lint", "rollback", "memory"):
            return None
        if wl.rows:
            (found,) = self.server.admin("SELECT COUNT(*) FROM items", db)[0]
            expected = wl.rows
        else:
            (found,) = self.server.admin(
                "SELECT COUNT(*) FROM information_schema.TABLES"
                f" WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME LIKE 't\\_%'"
            )[0]
            expected = 0 if scenario.operation == "rollback" else wl.revisions
        return None if found == expected else f"wrong result: {found} rows/tables, not {expected}"

    def run(self, scenario: Scenario) -> dict[str, Measurement]:
        measurements = {tool: Measurement() for tool in scenario.tools}
        once = scenario.operation in ("status", "current", "lint")  # read-only: prepare once
        for index in range(scenario.runs):
            shift = index % len(scenario.tools)
            order = scenario.tools[shift:] + scenario.tools[:shift]
            for tool in order:
                m = measurements[tool]
                if m.error or (m.note and "slow" in m.note):
                    continue
                db = f"bench_{tool}"
                try:
                    if index == 0 or not once:
                        self.prepare(scenario, tool, db)
                except CommandFailed as exc:
                    m.error = f"preparing (untimed apply) failed: {exc}"
                    self.log(f"  {tool:7s} {m.error}")
                    continue
                try:
                    sample = time_commands(self.commands(scenario, tool, db), self.tools.env)
                except CommandFailed as exc:
                    m.error = str(exc)
                    self.log(f"  {tool:7s} run {index + 1}: FAILED {exc}")
                    continue
                m.error = self.check(scenario, db)
                if m.error:
                    self.log(f"  {tool:7s} run {index + 1}: {m.error}")
                    continue
                m.samples.append(sample)
                self.log(
                    f"  {tool:7s} run {index + 1}/{scenario.runs}: {sample.seconds:7.3f} s, "
                    f"{sample.peak_rss_mb:5.0f} MB"
                )
                if len(m.samples) >= 3 and m.median > SLOW_SECONDS and scenario.runs > 3:
                    m.note = f"slow (median over {SLOW_SECONDS:g} s): stopped after 3 runs"
        for tool in scenario.tools:
            self.server.drop(f"bench_{tool}")
        return measurements


# -- the whole run -------------------------------------------------------------------------------


def start_server(options: argparse.Namespace, stack: list[Callable[[], None]]) -> Server:
    given = options.database or os.environ.get(URL_ENV)
    if given:
        return Server(DatabaseURL.parse(given).with_database(None))
    from roble_sql.sandbox import Sandbox

    root = Path(tempfile.mkdtemp(prefix="roble-bench-"))
    sandbox = Sandbox(root, database="bench")
    print(f"starting a throwaway MariaDB under {root} ...", file=sys.stderr)
    sandbox.start(timeout=120)

    def stop() -> None:
        sandbox.stop()
        shutil.rmtree(root, ignore_errors=True)

    stack.append(stop)
    return Server(DatabaseURL.parse(sandbox.url()).with_database(None))


def warm_up(server: Server, tools: Tools, wl: Workload, has_lint: bool) -> None:
    """Run roble's commands once, untimed, so Python's bytecode cache is written first."""
    db = "bench_warm_up"
    server.recreate(db)
    verbs = [("upgrade",), ("status",), ("current",), ("downgrade", "base")]
    commands = [tools.roble(db, wl, *verb) for verb in verbs]
    if has_lint:
        commands.append(tools.roble(db, wl, "lint"))
    try:
        time_commands(commands, tools.env)
    finally:
        server.drop(db)


def round_trips(server: Server) -> str:
    """The driver-level trace of roble's statements (bench/roundtrips.py), as text."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.roundtrips", "--database", server.url.as_url(reveal=True)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"(the trace failed: {result.stderr.strip().splitlines()[-1:]})"
    return result.stdout.rstrip()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time roble against the raw mariadb client, bare yoyo and dbmate."
    )
    parser.add_argument("--database", metavar="URL", help=f"server to use (else ${URL_ENV})")
    parser.add_argument("--runs", type=int, help="runs per tool and scenario (default 5; quick 2)")
    parser.add_argument("--quick", action="store_true", help="small workloads, 2 runs, no doc")
    parser.add_argument("--tools", help=f"comma-separated subset of {','.join(TOOLS)}")
    parser.add_argument(
        "--only",
        help=f"comma-separated scenario keys (see the table), {ONLINE_KEY} or {FLEET_KEY}",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    return parser.parse_args(argv)


def online_step(options: argparse.Namespace) -> tuple[str, str] | None:
    """bench/online_latency.py, on its own servers: (doc section title, Markdown), or None
    when ``--only`` leaves it out."""
    if options.only and ONLINE_KEY not in options.only.split(","):
        return None
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    log(f"{ONLINE_KEY}: write latency during a column-type change")
    given = options.database or os.environ.get(URL_ENV)
    section = online_latency.from_bench(given, options.quick, log)
    print(f"## {section[0]}\n\n{section[1]}")
    return section


def fleet_step(options: argparse.Namespace) -> tuple[str, str] | None:
    """bench/fleet.py, on its own two servers: (doc section title, Markdown), or None when
    ``--only`` leaves it out."""
    if options.only and FLEET_KEY not in options.only.split(","):
        return None
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    log(f"{FLEET_KEY}: a shell loop of 'roble upgrade' against 'roble upgrade --targets'")
    section = fleet_bench.from_bench(options.quick, log)
    print(f"## {section[0]}\n\n{section[1]}")
    return section


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    if options.only == ONLINE_KEY:  # nothing else: no shared server, no workloads
        online_step(options)
        return 0
    if options.only == FLEET_KEY:  # the same, and its own section of the doc is rewritten
        section = fleet_step(options)
        if section and not (options.quick or options.no_doc):
            DOC.write_text(report.replace_section(DOC.read_text(), *section, before="Machine"))
            print(f"rewrote the section '{section[0]}' of {DOC.relative_to(REPO)}", file=sys.stderr)
        return 0
    runs = options.runs or (2 if options.quick else 5)
    log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    cleanup: list[Callable[[], None]] = []
    try:
        server = start_server(options, cleanup)
        WORK.mkdir(parents=True, exist_ok=True)
        tools = Tools(server, WORK)
        log("generating workloads ...")
        wl = workloads.build_all(WORK, quick=options.quick)
        skipped = {t: why for t, why in tools.available().items() if why}
        wanted = tuple(options.tools.split(",")) if options.tools else TOOLS
        chosen = tuple(t for t in TOOLS if t in wanted and t not in skipped)
        has_lint = tools.has_lint()
        warm_up(server, tools, wl["small"], has_lint)
        plan = scenarios(wl, runs, has_lint)
        if options.only:
            keys = set(options.only.split(","))
            plan = [s for s in plan if s.key in keys]
        bench = Bench(server, tools, log)
        results: Results = {}
        for scenario in plan:
            scenario_tools = tuple(t for t in scenario.tools if t in chosen)
            log(f"{scenario.key}: {scenario.title}")
            results[scenario.key] = bench.run(
                Scenario(
                    scenario.key,
                    scenario.title,
                    scenario.workload,
                    scenario.operation,
                    scenario_tools,
                    scenario.runs,
                )
            )
        titles = {s.key: s.title for s in plan}
        table = report.results_table(titles, results, chosen)
        verdicts = report.targets_table(targets(wl), results) + "\n\n" + report.FLOOR_NOTE
        print(table + "\n\n" + verdicts)
        notes = [f"{t}: skipped ({why})" for t, why in skipped.items()]
        if not has_lint:
            notes.append("roble has no `lint` command yet: the lint targets are not measured")
        for note in notes:
            print(note)
        online = online_step(options)
        fleet = fleet_step(options)
        full = not (options.quick or options.tools or options.only or options.no_doc)
        if full:
            trace = round_trips(server)
            write_doc(server, tools, runs, table, verdicts, notes, trace, wl, online, fleet)
            log(f"wrote {DOC.relative_to(REPO)}")
        return 0
    finally:
        for step in reversed(cleanup):
            step()


def server_note(settings: dict[str, str]) -> str:
    text = (
        "Python tools run with their bytecode cached (as after `pip install`); the "
        "harness runs roble once untimed first so its `__pycache__` exists. Peak RSS is "
        "GNU time's maximum resident set size of each process."
    )
    if settings.get("innodb_flush_log_at_trx_commit") != "1":
        text += (
            " The server does not flush the redo log at every commit "
            f"(innodb_flush_log_at_trx_commit={settings.get('innodb_flush_log_at_trx_commit')}, "
            "as roble's sandbox runs): a COMMIT costs a round trip, not an fsync. On a "
            "durable server (=1) every commit also waits for the disk, so each bookkeeping "
            "COMMIT per revision costs more there than it does here."
        )
    return text


def write_doc(
    server: Server,
    tools: Tools,
    runs: int,
    table: str,
    verdicts: str,
    notes: list[str],
    trace: str,
    wl: dict[str, Workload],
    online: tuple[str, str] | None = None,
    fleet: tuple[str, str] | None = None,
) -> None:
    settings = server.settings()
    machine = report.machine(
        settings, server.transport, report.tool_versions(tools.mariadb, tools.dbmate)
    )
    intro = (
        "Generated by `make bench` (`python bench/run.py`); do not edit by hand. Every number "
        "is the wall time of whole processes (start-up and imports included), the median of "
        f"{runs} runs per tool, with the tools taking turns in each round; ratios are to the "
        "raw `mariadb` client running the same SQL. Each database is prepared untimed before "
        "every run: recreated, and for rollback and status the revisions first applied by the "
        "same tool. Run-to-run noise on a 2-core machine is about ±15%: compare ratios "
        "from the same run rather than seconds across runs."
    )
    workloads_text = "\n".join(
        [
            f"- **one-table revisions** ({wl['small'].revisions} and {wl['large'].revisions}): "
            "`CREATE TABLE t_i (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)`, rollback "
            "`DROP TABLE t_i`, chained by `-- depends:`. raw runs the up files concatenated "
            "(`mariadb db < up.sql`) and, for rollback, the rollback files newest first.",
            f"- **dump** ({wl['dump'].size_bytes() / 1e6:.1f} MB): one data revision shaped like "
            "`mariadb-dump --no-create-info --no-autocommit` output: its `/*!40101 SET ...*/` "
            "header, `SET @@AUTOCOMMIT=0`, `LOCK TABLES`, `/*!40000 ALTER TABLE ... DISABLE KEYS */`, "
            "multi-row INSERTs of ~1 MB (one row per line, quotes, `;` and `\\n` inside strings), "
            "`UNLOCK TABLES`, `COMMIT` and the restoring SETs. The `--skip-add-locks` variant is the "
            "same without LOCK/UNLOCK TABLES. The empty `items` table is created untimed.",
            f"- **single-row INSERTs**: one revision of {wl['inserts'].title}; raw runs them "
            "wrapped in `START TRANSACTION` / `COMMIT` (as roble, yoyo and dbmate run a pure-DML "
            "revision: one transaction).",
            f"- **memory**: {wl['bigdump'].size_bytes() / 1e6:.0f} MB of the same dump "
            "(`--skip-add-locks`), one run, for peak RSS (GNU time's maximum resident set).",
            "- **dbmate** runs its own file format (`-- migrate:up` / `-- migrate:down`) with "
            '`--no-dump-schema`; its rollback takes one process per revision (no "all").',
            "- **yoyo** is run bare, as shipped: `yoyo apply|rollback --all|list --batch "
            "--no-config-file --database URL DIR`.",
        ]
    )
    sections = [
        ("Results", table + ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else "")),
        ("Targets (from the performance issue)", verdicts),
        *([online] if online else []),
        *([fleet] if fleet else []),
        ("Machine", machine + "\n\n" + server_note(settings)),
        ("Workloads", workloads_text),
        (
            "Round trips roble sends (driver-level trace, `python -m bench.roundtrips`)",
            "```\n" + trace + "\n```",
        ),
    ]
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(report.document(sections, intro))


if __name__ == "__main__":
    sys.exit(main())
