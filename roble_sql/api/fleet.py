"""Fleets: the single-database upgrade (or downgrade) of today, run on many databases.

Each target is migrated exactly as ``roble upgrade --database URL`` would: its own
connection, its own migration lock, its own records, so a rerun finishes only what is
left. What is shared is read-only: the project (every file read once, before any thread
starts) and the lint gate's verdict.

The rollout: the first ``canary`` targets one at a time (any failure stops everything),
then the rest on ``concurrency`` threads, ordered so that consecutive targets live on
different servers. At the first failure no new target starts (unless
``continue_on_error``); running ones finish. A stop request (Ctrl-C) lets each running
target finish the revision it is in, and starts nothing new.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from roble_sql.api.common import (
    Event,
    Project,
    load_project,
    open_database,
    require_confirmation,
)
from roble_sql.api.fleet_targets import FleetTarget, target_settings
from roble_sql.config import Settings
from roble_sql.dsn import redact
from roble_sql.errors import CheckFailed, RobleError, UsageError
from roble_sql.graph import BASE, parse_target

if TYPE_CHECKING:
    from roble_sql.api.runs import RunRequest
    from roble_sql.folder import Revision

APPLIED, UP_TO_DATE, FAILED, SKIPPED = "applied", "up-to-date", "failed", "skipped"
DEFAULT_CONCURRENCY = 4
FLEET_ROLLS_BACK_WHY = "rolls back revisions of every production database in the list"


@dataclass(frozen=True)
class Rollout:
    """How the targets are worked through."""

    concurrency: int = DEFAULT_CONCURRENCY
    canary: int = 0
    continue_on_error: bool = False


@dataclass(frozen=True)
class TargetResult:
    """How one target ended."""

    target: FleetTarget
    outcome: str  # applied | up-to-date | failed | skipped
    applied: tuple[str, ...] = ()  # revisions this run applied (or rolled back) there
    error: str | None = None
    duration_ms: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.target.label,
            "outcome": self.outcome,
            "applied": list(self.applied),
            "error": self.error,
            "duration_ms": round(self.duration_ms),
        }


@dataclass
class FleetResult:
    """Every target's result, in the order of the list given."""

    direction: str  # apply | rollback
    results: list[TargetResult] = field(default_factory=list)
    interrupted: bool = False  # a stop was requested (Ctrl-C)
    lint_runs: int = 0  # how many times the lint gate actually linted

    @property
    def ok(self) -> bool:
        return all(r.outcome in (APPLIED, UP_TO_DATE) for r in self.results)

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys((APPLIED, UP_TO_DATE, FAILED, SKIPPED), 0)
        for result in self.results:
            counted[result.outcome] += 1
        return counted


@dataclass(frozen=True)
class FleetEvent:
    """What a rollout reports: ``target-start``, ``target-end`` (with ``result``) and
    each target's own events (``revision``, with the single-database ``event``)."""

    kind: str
    target: FleetTarget
    result: TargetResult | None = None
    event: Event | None = None


FleetSink = Callable[[FleetEvent], None]


def _ignore(event: FleetEvent) -> None:
    return None


class _StopRequested(Exception):
    """Raised inside a target's run between two revisions once a stop was requested."""


class SharedLintGate:
    """The fleet's lint gate: the files are linted once and the verdict is reused for
    every target. A target whose pending revisions are among those already linted and
    passed is not linted again; a set with a new revision is linted (once) on its own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._passed: set[str] = set()
        self._refused: dict[frozenset[str], CheckFailed] = {}
        self.runs = 0

    def __call__(
        self,
        settings: Settings,
        project: Project,
        revisions: list[Revision],
        on_event: Callable[[Event], None],
    ) -> None:
        from roble_sql.api.linting import lint_pending

        wanted = frozenset(r.id for r in revisions)
        with self._lock:
            if wanted <= self._passed:
                return
            if wanted not in self._refused:
                self.runs += 1
                try:
                    lint_pending(settings, project, revisions, on_event)
                    self._passed |= wanted
                    return
                except CheckFailed as exc:
                    self._refused[wanted] = exc
            refused = self._refused[wanted]
        # A copy per target: one exception object raised from many threads would share
        # (and mix up) its traceback.
        raise CheckFailed(refused.message, where=refused.where, hint=refused.hint)


def upgrade_fleet(
    settings: Settings,
    targets: list[FleetTarget],
    target: str | None = None,
    *,
    request: RunRequest | None = None,
    rollout: Rollout | None = None,
    wait: float = 0.0,
    on_event: FleetSink = _ignore,
    stop: threading.Event | None = None,
) -> FleetResult:
    """``upgrade`` (to ``target``, default all heads) on every target, each as ``request``
    says (lint gate on unless it says otherwise), the lint gate shared by all of them."""
    from roble_sql.api.runs import RunRequest, apply_on

    project = _loaded(settings, "up")
    wanted = parse_target(project.graph, target, relative="+")
    if wanted.revision == BASE:
        raise UsageError(
            "'upgrade base' applies nothing", hint="to roll back: roble downgrade base"
        )
    gate = SharedLintGate()
    shared = replace(request or RunRequest(lint=True), online=True, lint_gate=gate)

    def run_one(tsettings: Settings, run_request: RunRequest) -> list[str]:
        with open_database(tsettings, wait) as db:
            return apply_on(db, project, tsettings, wanted, run_request).revision_ids

    result = _roll_out(
        "apply", settings, targets, run_one, shared, rollout or Rollout(), on_event, stop
    )
    result.lint_runs = gate.runs
    return result


def downgrade_fleet(
    settings: Settings,
    targets: list[FleetTarget],
    target: str | None,
    *,
    confirmed: bool = False,
    request: RunRequest | None = None,
    rollout: Rollout | None = None,
    wait: float = 0.0,
    on_event: FleetSink = _ignore,
    stop: threading.Event | None = None,
) -> FleetResult:
    """``downgrade`` to ``target`` on every target: a fleet rolls back to a named
    revision (or ``base``), never "the last one", which differs from one database to
    the next; in production it needs ``confirmed``."""
    from roble_sql.api.runs import RunRequest, roll_back_on

    if not target or target.startswith("-"):
        raise UsageError(
            "a fleet downgrade needs the revision to roll back to",
            where="downgrade --targets",
            hint="name it: roble downgrade REVISION --targets FILE (or base); '-1' would "
            "mean a different revision on each database",
        )
    override = require_confirmation(
        settings, "downgrade --targets", FLEET_ROLLS_BACK_WHY, confirmed
    )
    project = _loaded(settings, "rollback")
    wanted = parse_target(project.graph, target, relative="-")
    shared = replace(request or RunRequest(), online=True)

    def run_one(tsettings: Settings, run_request: RunRequest) -> list[str]:
        with open_database(tsettings, wait, override) as db:
            return roll_back_on(db, project, tsettings, wanted, run_request).revision_ids

    return _roll_out(
        "rollback", settings, targets, run_one, shared, rollout or Rollout(), on_event, stop
    )


def _loaded(settings: Settings, files: str) -> Project:
    """The project with every file read before the threads start: they share it, and
    read-only objects need no locks."""
    project = load_project(settings)
    for revision in project.revisions.values():
        chosen = revision.up if files == "up" else revision.rollback
        if chosen is not None:
            chosen.check_readable_through()
    for hook in project.hooks:
        hook.check_readable_through()
    return project


RunOne = Callable[[Settings, "RunRequest"], list[str]]


def _roll_out(
    direction: str,
    settings: Settings,
    targets: list[FleetTarget],
    run_one: RunOne,
    request: RunRequest,
    rollout: Rollout,
    on_event: FleetSink,
    stop: threading.Event | None,
) -> FleetResult:
    if rollout.concurrency < 1 or rollout.canary < 0:
        raise UsageError(
            "--concurrency must be 1 or more and --canary 0 or more",
            hint="e.g. --concurrency 4 --canary 1",
        )
    stop = stop or threading.Event()
    report = _serialised(on_event)
    done: dict[str, TargetResult] = {}
    canaries, rest = targets[: rollout.canary], _spread(targets[rollout.canary :])
    rollout_ok = _run_phase(
        canaries, 1, settings, run_one, request, report, stop, done, stop_on_failure=True
    )
    if rollout_ok:
        _run_phase(
            rest,
            rollout.concurrency,
            settings,
            run_one,
            request,
            report,
            stop,
            done,
            stop_on_failure=not rollout.continue_on_error,
        )
    results = [done.get(t.label) or _skipped(t, report) for t in targets]
    return FleetResult(direction, results, interrupted=stop.is_set())


def _skipped(target: FleetTarget, report: FleetSink) -> TargetResult:
    result = TargetResult(target, SKIPPED)
    report(FleetEvent("target-end", target, result))
    return result


def _run_phase(
    targets: list[FleetTarget],
    concurrency: int,
    settings: Settings,
    run_one: RunOne,
    request: RunRequest,
    report: FleetSink,
    stop: threading.Event,
    done: dict[str, TargetResult],
    *,
    stop_on_failure: bool,
) -> bool:
    """Run ``targets`` on ``concurrency`` threads; False when one failed or a stop came.
    Targets not started are left out of ``done`` (they are skipped)."""
    failed = threading.Event()
    waiting: Iterator[FleetTarget] = iter(targets)
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="roble-fleet") as pool:
        running: set[Future[TargetResult]] = set()

        def start_more() -> None:
            while len(running) < concurrency and not stop.is_set():
                if stop_on_failure and failed.is_set():
                    return
                target = next(waiting, None)
                if target is None:
                    return
                running.add(
                    pool.submit(_run_target, target, settings, run_one, request, report, stop)
                )

        while True:
            try:
                start_more()
                if not running:
                    break
                finished, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:  # recorded before it leaves ``running``
                    result = future.result()
                    done[result.target.label] = result
                    if result.outcome == FAILED:
                        failed.set()
                    running.discard(future)
            except KeyboardInterrupt:  # Ctrl-C: nothing new starts, running ones finish
                stop.set()
    return not failed.is_set() and not stop.is_set()


def _run_target(
    target: FleetTarget,
    settings: Settings,
    run_one: RunOne,
    request: RunRequest,
    report: FleetSink,
    stop: threading.Event,
) -> TargetResult:
    """One target's single-database run; every error becomes its result, never escapes."""
    import dataclasses

    report(FleetEvent("target-start", target))
    finished: list[str] = []

    def forward(event: Event) -> None:
        if event.kind == "done" and event.index > 0:  # index 0: a post-apply hook
            finished.append(event.revision_id)
        elif event.kind == "start" and event.index > 1 and stop.is_set():
            raise _StopRequested  # between two revisions: the one before is recorded
        report(FleetEvent("revision", target, event=event))

    tsettings = target_settings(settings, target)
    secrets = (target.url.password,)
    started = time.monotonic()
    try:
        revisions = run_one(tsettings, dataclasses.replace(request, on_event=forward))
        outcome, error = (APPLIED if revisions else UP_TO_DATE), None
    except _StopRequested:
        outcome, error = FAILED, f"stopped after {len(finished)} revision(s): a stop was requested"
    except RobleError as exc:
        outcome, error = FAILED, redact(exc.one_line(), secrets)
    except Exception as exc:
        outcome, error = FAILED, redact(f"{type(exc).__name__}: {exc}", secrets)
    elapsed = (time.monotonic() - started) * 1000
    result = TargetResult(target, outcome, tuple(finished), error, elapsed)
    report(FleetEvent("target-end", target, result))
    return result


def _spread(targets: list[FleetTarget]) -> list[FleetTarget]:
    """The targets reordered round-robin over their servers, so the threads at work at
    any moment are on as many different servers as there are."""
    by_server: dict[str, list[FleetTarget]] = defaultdict(list)
    for target in targets:
        by_server[target.server].append(target)
    queues = list(by_server.values())
    spread: list[FleetTarget] = []
    for depth in range(max((len(q) for q in queues), default=0)):
        spread.extend(q[depth] for q in queues if depth < len(q))
    return spread


def _serialised(on_event: FleetSink) -> FleetSink:
    """Events come from many threads: one at a time reaches the caller."""
    lock = threading.Lock()

    def report(event: FleetEvent) -> None:
        with lock:
            on_event(event)

    return report
