"""The fleet options of ``upgrade`` and ``downgrade``: many databases in one run.

``--targets FILE``, ``--targets-query SQL`` or ``--targets-glob PATTERN`` turn the
command into a rollout (api/fleet.py); without them the command is the single-database
one, unchanged. One plain line per target as it ends, then a summary table;
``--json`` prints the results as JSON instead, ``--junit FILE`` writes them as JUnit XML.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from roble_sql.cli.common import Options

if TYPE_CHECKING:
    from roble_sql.api.fleet import FleetEvent, FleetResult, TargetResult

# Options of the single-database command a rollout can't honour.
_SINGLE_ONLY = {"sql_only": "--sql", "backup": "--backup", "backup_dir": "--backup-dir"}


@dataclass(frozen=True)
class FleetChoice:
    """The fleet options as given."""

    file: str | None
    query: str | None
    glob: str | None
    concurrency: int | None
    canary: int | None
    continue_on_error: bool
    as_json: bool
    junit: Path | None

    @property
    def targeted(self) -> bool:
        return any(value is not None for value in (self.file, self.query, self.glob))

    def rollout_options_given(self) -> list[str]:
        given = {
            "--concurrency": self.concurrency is not None,
            "--canary": self.canary is not None,
            "--continue-on-error": self.continue_on_error,
            "--json": self.as_json,
            "--junit": self.junit is not None,
        }
        return [name for name, on in given.items() if on]


def fleet_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The fleet options on ``upgrade``/``downgrade``: with a target list the command runs
    on every database of it; without one the command runs as before."""

    @click.option(
        "--junit",
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path),
        help="With --targets...: also write the results as JUnit XML to FILE.",
    )
    @click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="With --targets...: print the results as JSON (target lines go to stderr).",
    )
    @click.option(
        "--continue-on-error",
        is_flag=True,
        help="With --targets...: keep starting targets after one failed.",
    )
    @click.option(
        "--canary",
        type=click.IntRange(min=0),
        metavar="K",
        help="With --targets...: run the first K targets alone, one at a time; any failure "
        "stops the rollout.",
    )
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1, max=256),
        metavar="N",
        help="With --targets...: targets migrated at once, each on its own connection "
        "[default: 4].",
    )
    @click.option(
        "--targets-glob",
        metavar="PATTERN",
        help="Every database on the configured server whose name matches PATTERN (shell-style).",
    )
    @click.option(
        "--targets-query",
        metavar="SQL",
        help="The targets listed by SQL on the configured (catalog) database, one a row.",
    )
    @click.option(
        "--targets",
        "targets_file",
        metavar="FILE",
        help="Migrate every database listed in FILE: a URL, host[:port]/database or a "
        "database name per line, # comments.",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        targets_file: str | None,
        targets_query: str | None,
        targets_glob: str | None,
        concurrency: int | None,
        canary: int | None,
        continue_on_error: bool,
        as_json: bool,
        junit: Path | None,
        **kwargs: Any,
    ) -> Any:
        choice = FleetChoice(
            targets_file,
            targets_query,
            targets_glob,
            concurrency,
            canary,
            continue_on_error,
            as_json,
            junit,
        )
        if not choice.targeted:
            given = choice.rollout_options_given()
            if given:
                raise click.UsageError(
                    f"{', '.join(given)} need a target list: add --targets FILE, "
                    "--targets-query SQL or --targets-glob PATTERN"
                )
            return command(*args, **kwargs)
        ctx = click.get_current_context()
        return run_fleet(ctx.find_object(Options), ctx.info_name or "upgrade", choice, kwargs)

    return wrapper


def run_fleet(
    options: Options | None, command: str, choice: FleetChoice, kwargs: dict[str, Any]
) -> None:
    from roble_sql.api import fleet
    from roble_sql.api.fleet_targets import read_targets
    from roble_sql.api.runs import RunRequest
    from roble_sql.errors import MigrationFailed

    for key, name in _SINGLE_ONLY.items():
        if kwargs.get(key):
            raise click.UsageError(f"{name} works on one database: drop it or the target list")
    assert options is not None
    # A list file may hold full URLs: the sandbox is never guessed for it.
    settings = options.settings(needs_database=choice.file is None)
    targets = read_targets(settings, file=choice.file, query=choice.query, glob=choice.glob)
    rollout = fleet.Rollout(
        concurrency=choice.concurrency or fleet.DEFAULT_CONCURRENCY,
        canary=choice.canary or 0,
        continue_on_error=choice.continue_on_error,
    )
    lines = sys.stderr if choice.as_json else sys.stdout
    request = RunRequest(
        kwargs["allow_modified"],
        kwargs["allow_missing"],
        lint=command == "upgrade" and not kwargs["no_lint"],
        lock_timeout=kwargs["lock_timeout"],
        ddl_lock_wait=kwargs["ddl_lock_wait"],
        ddl_retries=kwargs["ddl_retries"],
        confirmed=kwargs.get("confirmed", False),
    )
    common: dict[str, Any] = {
        "request": request,
        "rollout": rollout,
        "wait": kwargs["wait"],
        "on_event": _live_board(lines) if lines.isatty() else _target_printer(lines),
    }
    if command == "downgrade":
        result = fleet.downgrade_fleet(
            settings, targets, kwargs["target"], confirmed=kwargs["confirmed"], **common
        )
    else:
        result = fleet.upgrade_fleet(settings, targets, kwargs["target"], **common)
    if choice.junit is not None:
        write_junit(choice.junit, command, result)
    if choice.as_json:
        import json

        click.echo(json.dumps([r.as_dict() for r in result.results], indent=2))
    click.echo(summary_table(result), file=lines)
    if not result.ok:
        counts = result.counts()
        raise MigrationFailed(
            f"{counts['failed']} target(s) failed and {counts['skipped']} were skipped, "
            f"of {len(result.results)}" + (" (stopped by Ctrl-C)" if result.interrupted else ""),
            where=f"{command} --targets",
            hint="fix what failed and run the same command again: every target skips the "
            "revisions it already has",
        )


# A target's own events worth showing while it runs: what it waits for, and lint errors.
_WAIT_KINDS = frozenset({"lock-wait", "ddl-wait", "wait-thread", "lint"})


def _target_printer(stream: Any) -> Callable[[FleetEvent], None]:
    """One plain line per target as it ends (a target's own waits as notes)."""

    def show(event: FleetEvent) -> None:
        if event.kind == "target-end" and event.result is not None:
            click.echo(target_line(event.result), file=stream)
        elif event.kind == "revision" and event.event is not None:
            inner = event.event
            if inner.kind in _WAIT_KINDS:
                click.echo(f"roble: {event.target.label}: {inner.kind}: {inner.detail}", err=True)

    return show


class _LiveBoard:
    """On a terminal: a line per running target (its current revision), rewritten in
    place; a target's final line is printed above the board when it ends."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._running: dict[str, str] = {}  # label -> what it is doing, in start order
        self._shown = 0  # board lines on screen now
        self._lock = threading.Lock()  # targets report from their own threads

    def __call__(self, event: FleetEvent) -> None:
        label = event.target.label
        with self._lock:
            done = None
            if event.kind == "target-start":
                self._running[label] = "connecting"
            elif event.kind == "target-end" and event.result is not None:
                self._running.pop(label, None)
                done = target_line(event.result)
            elif event.kind == "revision" and event.event is not None:
                inner = event.event
                if inner.kind == "start":
                    self._running[label] = f"{inner.revision_id} ({inner.index}/{inner.total})"
                elif inner.kind in _WAIT_KINDS:
                    self._running[label] = f"{inner.kind}: {inner.detail}"[:100]
            self._draw(done)

    def _draw(self, done: str | None) -> None:
        out = "\x1b[1F\x1b[2K" * self._shown  # up over the old board, clearing it
        if done is not None:
            out += done + "\n"
        board = [f"running    {label}: {doing}" for label, doing in self._running.items()]
        out += "".join(line + "\n" for line in board)
        self._shown = len(board)
        self._stream.write(out)
        self._stream.flush()


def _live_board(stream: Any) -> Callable[[FleetEvent], None]:
    return _LiveBoard(stream)


def target_line(result: TargetResult) -> str:
    seconds = f"{result.duration_ms / 1000:.1f} s"
    if result.outcome == "applied":
        return (
            f"{result.outcome:<10} {result.target.label}: {', '.join(result.applied)} ({seconds})"
        )
    if result.outcome == "failed":
        done = f" after {', '.join(result.applied)}" if result.applied else ""
        return f"{result.outcome:<10} {result.target.label}{done}: {result.error}"
    if result.outcome == "skipped":
        return f"{result.outcome:<10} {result.target.label}: not started"
    return f"{result.outcome:<10} {result.target.label} ({seconds})"


def summary_table(result: FleetResult) -> str:
    """Every target: its outcome, how many revisions, how long; then the counts."""
    rows = [("TARGET", "OUTCOME", "REVISIONS", "SECONDS")]
    for r in result.results:
        rows.append((r.target.label, r.outcome, str(len(r.applied)), f"{r.duration_ms / 1000:.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    counts = ", ".join(f"{count} {name}" for name, count in result.counts().items())
    lines.append(f"{len(result.results)} target(s): {counts}")
    return "\n".join(lines)


def write_junit(path: Path, command: str, result: FleetResult) -> None:
    """One testcase per target: failed ones a <failure>, skipped ones <skipped>."""
    from xml.etree import ElementTree

    counts = result.counts()
    suite = ElementTree.Element(
        "testsuite",
        name=f"roble {command}",
        tests=str(len(result.results)),
        failures=str(counts["failed"]),
        skipped=str(counts["skipped"]),
        time=f"{sum(r.duration_ms for r in result.results) / 1000:.3f}",
    )
    for r in result.results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=f"roble.{command}",
            name=r.target.label,
            time=f"{r.duration_ms / 1000:.3f}",
        )
        if r.outcome == "failed":
            ElementTree.SubElement(case, "failure", message=r.error or "failed").text = r.error
        elif r.outcome == "skipped":
            ElementTree.SubElement(case, "skipped", message="not started")
        else:
            out = ElementTree.SubElement(case, "system-out")
            out.text = f"{r.outcome}: {', '.join(r.applied)}" if r.applied else r.outcome
    ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
