"""Fleet views: status, verify and diff over many target databases (``--targets ...``).

Each function reads every target (a few at a time, on a small thread pool: the waits are
the network's) and returns one result per target, in the order the targets were given.
A target that can't be read (down, denied, unknown database) gets its error, not an
exception: the other targets are still shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from roble_sql.api.common import Project, StatusRow, load_project, open_database
from roble_sql.api.fleet_targets import FleetTarget, read_targets, target_settings
from roble_sql.api.state import status_rows
from roble_sql.config import Settings
from roble_sql.errors import DatabaseError

if TYPE_CHECKING:
    from roble_sql.api.audit_evidence import AuditReport, AuditRequest
    from roble_sql.api.integrity import Verification
    from roble_sql.dsn import DatabaseURL
    from roble_sql.runner import DatabaseState
    from roble_sql.schema import Schema, SchemaDiff

READERS = 4  # targets read at a time: enough to overlap round trips, light on the servers
APPLIED_STATES = ("applied", "modified")

T = TypeVar("T")


@dataclass(frozen=True)
class TargetSelection:
    """Which targets: exactly one of --targets FILE, --targets-query SQL, --targets-glob."""

    file: str | None = None
    query: str | None = None
    glob: str | None = None

    def read(self, settings: Settings) -> list[FleetTarget]:
        return read_targets(settings, file=self.file, query=self.query, glob=self.glob)


# -- status ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetStatus:
    """One target's status rows, or why it could not be read."""

    label: str
    rows: list[StatusRow] = field(default_factory=list)
    error: str = ""

    def state_of(self, revision_id: str) -> str:
        """The revision's state on this target (absent from its rows: "-")."""
        if self.error:
            return "error"
        return next((row.state for row in self.rows if row.id == revision_id), "-")

    @property
    def applied(self) -> frozenset[str]:
        return frozenset(row.id for row in self.rows if row.state in APPLIED_STATES)

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.label,
            "error": self.error or None,
            "revisions": {row.id: row.state for row in self.rows},
        }


@dataclass(frozen=True)
class FleetStatus:
    """The matrix revision x target, and whether the targets disagree (version skew)."""

    revisions: list[str]  # the folder's in graph order, then those only some target has
    targets: list[TargetStatus]

    @property
    def skewed(self) -> list[str]:
        """The revisions whose state is not the same on every target."""
        return [
            rid
            for rid in self.revisions
            if len({target.state_of(rid) for target in self.targets}) > 1
        ]

    @property
    def unreadable(self) -> list[TargetStatus]:
        return [target for target in self.targets if target.error]

    @property
    def not_settled(self) -> list[TargetStatus]:
        """Targets with a failed (or interrupted) or missing revision."""
        return [
            target
            for target in self.targets
            if any(row.state in ("failed", "missing") for row in target.rows)
        ]

    @property
    def ok(self) -> bool:
        return not (self.skewed or self.unreadable or self.not_settled)

    def as_dict(self) -> dict[str, object]:
        return {
            "revisions": self.revisions,
            "skewed": self.skewed,
            "targets": [target.as_dict() for target in self.targets],
            "ok": self.ok,
        }


def fleet_status(settings: Settings, selection: TargetSelection) -> FleetStatus:
    """Every revision's state on every target."""
    project = load_project(settings)
    targets = selection.read(settings)
    states = _each(targets, lambda target: _state(settings, target))
    found = [
        TargetStatus(target.label, error=state)
        if isinstance(state, str)
        else TargetStatus(target.label, status_rows(project, state))
        for target, state in zip(targets, states, strict=True)
    ]
    return FleetStatus(_revision_ids(project, found), found)


def _state(settings: Settings, target: FleetTarget) -> DatabaseState | str:
    one = target_settings(settings, target)
    try:
        with open_database(one) as db:
            return db.state(one.migration_table)
    except DatabaseError as exc:
        return exc.one_line()


def _revision_ids(project: Project, targets: list[TargetStatus]) -> list[str]:
    ids = list(project.graph.order())
    for target in targets:
        ids += [row.id for row in target.rows if row.id not in ids]
    return ids


# -- verify ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetVerification:
    label: str
    verification: Verification | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and self.verification is not None and not self.verification.problems

    def as_dict(self) -> dict[str, object]:
        problems = self.verification.problems if self.verification else []
        return {
            "target": self.label,
            "error": self.error or None,
            "ok": self.ok,
            "problems": [problem.as_dict() for problem in problems],
        }


def fleet_verify(settings: Settings, selection: TargetSelection) -> list[TargetVerification]:
    """``verify`` on every target: its revisions' files, roble.sum, its yoyo table and
    audit log, and its audit chain."""
    from roble_sql.api.integrity import verify

    load_project(settings)  # an unreadable folder is one error, not one per target
    targets = selection.read(settings)

    def one(target: FleetTarget) -> Verification | str:
        try:
            return verify(target_settings(settings, target))
        except DatabaseError as exc:
            return exc.one_line()

    results = _each(targets, one)
    return [
        TargetVerification(target.label, error=result)
        if isinstance(result, str)
        else TargetVerification(target.label, result)
        for target, result in zip(targets, results, strict=True)
    ]


# -- audit -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetAudit:
    label: str
    report: AuditReport | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and self.report is not None and not self.report.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.label,
            "error": self.error or None,
            "ok": self.ok,
            "report": self.report.as_dict() if self.report else None,
        }


def fleet_audit(
    settings: Settings, selection: TargetSelection, request: AuditRequest
) -> list[TargetAudit]:
    """``audit`` on every target, against one repository and branch; the schema each set
    of applied revisions builds is built once for the fleet."""
    from roble_sql.api.audit_evidence import audit_on, reviewed_git

    git = reviewed_git(settings, request.reviewed_branch)
    targets = selection.read(settings)
    built: dict[frozenset[str], Schema] = {}
    found = []
    for target in targets:
        try:
            report = audit_on(target_settings(settings, target), request, git, built)
        except DatabaseError as exc:
            found.append(TargetAudit(target.label, error=exc.one_line()))
            continue
        found.append(TargetAudit(target.label, report))
    return found


# -- diff --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetDrift:
    """How one target's schema differs from what its applied revisions build."""

    label: str
    diff: SchemaDiff | None = None
    pending: list[str] = field(default_factory=list)
    skipped: tuple[str, ...] = ()
    error: str = ""

    @property
    def drifted(self) -> bool:
        return bool(self.error) or bool(self.diff)

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.label,
            "error": self.error or None,
            "drift": self.diff.lines() if self.diff else [],
            "pending": self.pending,
            "not_compared": list(self.skipped),
        }


@dataclass(frozen=True)
class _Live:
    schema: Schema
    applied: frozenset[str]
    pending: list[str]


def fleet_diff(
    settings: Settings,
    selection: TargetSelection,
    *,
    confirmed: bool = False,
    scratch_server: DatabaseURL | None = None,
) -> list[TargetDrift]:
    """Each target's live schema against what the revisions applied to it build: skew
    (status shows it) is not drift. The revisions are built once per distinct set of
    applied revisions, on a scratch database on ``scratch_server`` (else beside the first
    target with that set); the targets are only read."""
    project = load_project(settings)
    targets = selection.read(settings)
    lives = _each(targets, lambda target: _live(settings, project, target))
    built: dict[frozenset[str], Schema] = {}
    found = []
    for target, live in zip(targets, lives, strict=True):
        if isinstance(live, str):
            found.append(TargetDrift(target.label, error=live))
            continue
        if live.applied not in built:
            one = target_settings(settings, target)
            built[live.applied] = _expected(one, project, live.applied, confirmed, scratch_server)
        found.append(_drift(target, built[live.applied], live))
    return found


def _live(settings: Settings, project: Project, target: FleetTarget) -> _Live | str:
    from roble_sql.api.schema_tools import live_schema

    one = target_settings(settings, target)
    try:
        with open_database(one) as db:
            schema = live_schema(db, one)
            state = db.state(one.migration_table)
    except DatabaseError as exc:
        return exc.one_line()
    order = project.graph.order()
    applied = frozenset(rid for rid in order if rid in state.applied)
    return _Live(schema, applied, [rid for rid in order if rid not in applied])


def _expected(
    settings: Settings,
    project: Project,
    applied: frozenset[str],
    confirmed: bool,
    server: DatabaseURL | None,
) -> Schema:
    from roble_sql.api.schema_tools import built_schema, require_scratch_confirmation
    from roble_sql.schema import Schema

    if not applied:
        return Schema()
    require_scratch_confirmation(settings, server, "diff", confirmed)
    graph = project.graph
    # The applied revisions no other applied one depends on: building them builds the rest.
    tips = [rid for rid in applied if not any(child in applied for child in graph.children(rid))]
    return built_schema(settings, project, "diff", targets=sorted(tips), server=server)


def _drift(target: FleetTarget, expected: Schema, live: _Live) -> TargetDrift:
    from roble_sql.schema import compare

    return TargetDrift(
        target.label, compare(expected, live.schema), live.pending, live.schema.skipped
    )


# -- reading many targets ----------------------------------------------------------------


def _each(targets: Sequence[FleetTarget], read: Callable[[FleetTarget], T]) -> list[T]:
    """``read`` on every target, READERS at a time, results in the targets' order."""
    if len(targets) <= 1:
        return [read(target) for target in targets]
    with ThreadPoolExecutor(max_workers=min(READERS, len(targets))) as pool:
        return list(pool.map(read, targets))
