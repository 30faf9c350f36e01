"""roble audit: evidence that what ran is what was reviewed. Read-only (SELECT is enough).

For every event of the period that ran or recorded a revision's file: its recorded
checksum against the file at the recorded commit (read from git, not the working tree),
that commit against the reviewed branch, and who wrote the change beside who deployed
it. For the database: the audit chain, yoyo's table against the log, applied files
edited on the branch since, and drift from what the reviewed revisions build.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from roble_sql.api.common import Project, open_database
from roble_sql.api.state import ChainReport, chain_report
from roble_sql.audit import AuditEvent, format_time
from roble_sql.config import Settings
from roble_sql.errors import ConfigError, RobleError
from roble_sql.sources import ROLLBACK_SUFFIX, UP_SUFFIX
from roble_sql.vcs import Commit, Repository

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from roble_sql.audit import ChainHead
    from roble_sql.dsn import DatabaseURL
    from roble_sql.runner import Applied, Database
    from roble_sql.schema.model import Schema

# Events that ran a file, or recorded one as applied or taken back.
FILE_ACTIONS = (
    "apply",
    "rollback",
    "hook",
    "stamp",
    "unstamp",
    "adopt",
    "resolve-applied",
    "resolve-rolled-back",
)


@dataclass(frozen=True)
class Finding:
    """One thing an auditor must see explained. Any finding makes ``roble audit`` exit 1."""

    kind: str
    where: str  # a revision and its event, or a part of the database
    message: str
    event_id: int | None = None

    def line(self) -> str:
        return f"{self.kind}: {self.where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "where": self.where,
            "message": self.message,
            "event_id": self.event_id,
        }


class Evidence(NamedTuple):
    """One event that ran or recorded a file, with what git says about it."""

    event: AuditEvent
    path: str | None  # the file, as the repository names it
    commit: Commit | None  # the commit the deploy ran from (None: unknown here)
    change: Commit | None  # the commit that last changed the file: its author wrote it
    merged_in: Commit | None  # the reviewed branch's commit that brought the change in
    reviewed: bool | None  # the deploy's commit is in the reviewed branch
    matches: bool | None  # the recorded checksums are the files' at that commit
    differs: str | None  # the file (up or rollback) whose content is not the commit's
    sql: str | None  # the file at that commit: what was reviewed
    same_person: bool  # the change's author looks like its deployer (reported, not enforced)

    def as_dict(self) -> dict[str, object]:
        return {
            "event": self.event.as_dict(),
            "path": self.path,
            "commit": self.commit.as_dict() if self.commit else None,
            "change": self.change.as_dict() if self.change else None,
            "merged_in": self.merged_in.as_dict() if self.merged_in else None,
            "reviewed": self.reviewed,
            "matches": self.matches,
            "differs": self.differs,
            "same_person": self.same_person,
        }


@dataclass(frozen=True)
class DriftVerdict:
    checked: bool
    differences: tuple[str, ...] = ()
    note: str = ""  # why it was not checked, or what was compared

    def as_dict(self) -> dict[str, object]:
        return {"checked": self.checked, "differences": list(self.differences), "note": self.note}


@dataclass(frozen=True)
class AuditReport:
    database: str  # the URL, password masked
    since: datetime | None
    until: datetime | None
    reviewed_branch: str
    reviewed_commit: str
    generated_at: datetime
    events: list[AuditEvent]  # of the period, oldest first
    evidence: list[Evidence]
    findings: list[Finding]
    chain: ChainReport
    drift: DriftVerdict
    applied: list[str]  # applied now, oldest first
    notes: list[str] = field(default_factory=list)  # reported, not findings

    def summary(self) -> dict[str, int]:
        """The counts the report opens with."""
        return {
            "events": len(self.events),
            "revisions_applied": sum(1 for e in self.events if _applies(e)),
            "applied_now": len(self.applied),
            "findings": len(self.findings),
        }

    def as_dict(self) -> dict[str, object]:
        chain = self.chain
        return {
            "database": self.database,
            "period": {
                "since": format_time(self.since) if self.since else None,
                "until": format_time(self.until) if self.until else None,
            },
            "reviewed_branch": self.reviewed_branch,
            "reviewed_commit": self.reviewed_commit,
            "generated_at": format_time(self.generated_at),
            "summary": self.summary(),
            "findings": [finding.as_dict() for finding in self.findings],
            "notes": self.notes,
            "chain": {
                "rows": chain.rows,
                "keyed_rows": chain.keyed_rows,
                "head": str(chain.head) if chain.head else None,
                "breaks": [b.reason for b in chain.breaks],
            },
            "drift": self.drift.as_dict(),
            "evidence": [item.as_dict() for item in self.evidence],
        }


@dataclass(frozen=True)
class AuditRequest:
    """What ``roble audit`` checks: against which branch, which period, how."""

    reviewed_branch: str = "main"
    since: datetime | None = None
    until: datetime | None = None
    heads: Sequence[ChainHead] = ()
    scratch_server: DatabaseURL | None = None
    check_drift: bool = True


def audit(settings: Settings, request: AuditRequest) -> AuditReport:
    """Check every event of the period against git and the database as a whole; read-only."""
    return audit_on(settings, request, reviewed_git(settings, request.reviewed_branch), {})


def reviewed_git(settings: Settings, reviewed_branch: str) -> _GitFacts:
    """The repository the migrations folder is in, at the reviewed branch's tip."""
    repository = Repository.of(settings.migrations_dir)
    if repository is None:
        raise ConfigError(
            f"{settings.migrations_dir} is not in a git repository: audit reads the "
            "reviewed files from git",
            hint="run it in a clone of the project's repository (git fetch first)",
        )
    tip = repository.resolve(reviewed_branch)
    if tip is None:
        known = repository.branches()
        likely = [b for b in known if b.split("/")[-1] in ("main", "master", "trunk")] or known
        raise ConfigError(
            f"the reviewed branch '{reviewed_branch}' is not in this repository",
            where=str(repository.top),
            hint=f"fetch it (git fetch origin {reviewed_branch}) or name the branch changes "
            "are merged into: --reviewed-branch "
            + (" or ".join(likely[:3]) if likely else "BRANCH (the repository has none yet)"),
        )
    return _GitFacts(repository, tip, repository.relative(settings.migrations_dir))


def audit_on(
    settings: Settings,
    request: AuditRequest,
    git: _GitFacts,
    built: dict[frozenset[str], Schema],
) -> AuditReport:
    """``audit`` of ``settings``' database; ``built`` keeps the schemas built for drift,
    by set of applied revisions, for the next database of a fleet."""
    with open_database(settings) as db:
        everything = db.events()
        state = db.state(settings.migration_table)
        chain = chain_report(db, settings.audit_keys, request.heads)
        drift = DriftVerdict(False, note="not checked (--no-drift)")
        if request.check_drift:
            drift = _drift(db, settings, git, state.applied, request.scratch_server, built)
    events = [e for e in everything if _in_period(e, request.since, request.until)]
    evidence = git.evidence(events)
    findings = [finding for event in events for finding in _event_findings(event)]
    findings += [
        finding
        for item in evidence
        for finding in _evidence_findings(item, request.reviewed_branch)
    ]
    findings += git.edited_since(state.applied, state.applied_order)
    findings += [
        Finding("disagree", ", ".join(d.revision_ids[:3]) or "roble_audit", d.message)
        for d in state.disagreements
    ]
    findings += [
        Finding("audit-chain", f"roble_audit id {b.event_id}", b.reason, b.event_id)
        for b in chain.breaks
    ]
    findings += _drift_findings(drift, request.check_drift)
    return AuditReport(
        database=str(settings.require_database()),
        since=request.since,
        until=request.until,
        reviewed_branch=request.reviewed_branch,
        reviewed_commit=git.tip,
        generated_at=datetime.now(UTC).replace(tzinfo=None),
        events=events,
        evidence=evidence,
        findings=findings,
        chain=chain,
        drift=drift,
        applied=list(state.applied_order),
        notes=_notes(chain, evidence, settings),
    )


def _in_period(event: AuditEvent, since: datetime | None, until: datetime | None) -> bool:
    return (since is None or event.started_at >= since) and (
        until is None or event.started_at < until
    )


def _applies(event: AuditEvent) -> bool:
    return event.action == "apply" and event.outcome == "success"


def _where(event: AuditEvent) -> str:
    return f"{event.revision_id or '(database)'} (event {event.id})"


def _event_findings(event: AuditEvent) -> list[Finding]:
    """Failures, settlements by hand and overrides: each must be explained."""
    where, found = _where(event), []
    if event.outcome != "success":
        line = f" at line {event.error_line}" if event.error_line else ""
        found.append(
            Finding("failure", where, f"{event.action} failed{line}: {event.error}", event.id)
        )
    if event.action.startswith("resolve"):
        found.append(
            Finding(
                "resolve",
                where,
                f"settled by hand ({event.action}) by {deployer(event)}",
                event.id,
            )
        )
    if event.override:
        found.append(Finding("override", where, event.override, event.id))
    return found


def _evidence_findings(item: Evidence, branch: str) -> list[Finding]:
    event = item.event
    where = _where(event)
    commit = event.vcs_commit
    if commit is None:
        return [
            Finding(
                "no-provenance",
                where,
                "recorded without a git commit (deployed from outside a repository, or "
                "before roble recorded provenance): it can't be tied to a review",
                event.id,
            )
        ]
    if item.commit is None:
        return [
            Finding(
                "unknown-commit",
                where,
                f"deployed from commit {commit[:12]}, which this repository does not have "
                "(never pushed, or the history was rewritten)",
                event.id,
            )
        ]
    found = []
    if event.vcs_clean == 0:
        found.append(
            Finding(
                "uncommitted",
                where,
                f"deployed from files that differ from commit {commit[:12]} (edited, staged "
                "or never committed)",
                event.id,
            )
        )
    if item.matches is False:
        found.append(
            Finding(
                "not-reviewed-content",
                where,
                f"{item.differs} at commit {commit[:12]} is not what was recorded (sha256 "
                f"{(event.checksum or '')[:12]} ran): what ran is not what was committed",
                event.id,
            )
        )
    if item.reviewed is False:
        found.append(
            Finding(
                "unmerged",
                where,
                f"commit {commit[:12]} is not in {branch}: deployed from a change that was "
                "never merged (reviewed)",
                event.id,
            )
        )
    return found


class _GitFacts:
    """What the repository says about the recorded commits and files, asked in batches."""

    def __init__(self, repository: Repository, tip: str, folder: str):
        self.repository, self.tip, self.folder = repository, tip, folder
        self._commits: dict[str, Commit] = {}
        self._line: set[str] | None = None
        self._reviewed: dict[str, bool] = {}  # by commit: in the branch
        self._merged: dict[str, Commit | None] = {}  # by commit: the branch's commit bringing it

    def path_of(self, event: AuditEvent) -> str:
        if event.vcs_path:
            return event.vcs_path
        suffix = ROLLBACK_SUFFIX if event.action == "rollback" else UP_SUFFIX
        return self._in_folder(event.revision_id + suffix)

    def _in_folder(self, name: str) -> str:
        return name if self.folder in ("", ".") else f"{self.folder}/{name}"

    def commit(self, commit: str | None) -> Commit | None:
        if commit is None:
            return None
        if commit not in self._commits:
            self._commits[commit] = self.repository.commit(commit)
        return self._commits[commit]

    def evidence(self, events: Iterable[AuditEvent]) -> list[Evidence]:
        chosen = [e for e in events if e.action in FILE_ACTIONS and e.revision_id]
        known = self.repository.known(
            c for e in chosen for c in (e.vcs_commit, e.vcs_file_commit) if c
        )
        wanted = [(e.vcs_commit, self.path_of(e)) for e in chosen if e.vcs_commit in known]
        wanted += [
            (e.vcs_commit, _rollback_of(self.path_of(e)))
            for e in chosen
            if e.vcs_commit in known and e.rollback_checksum
        ]
        files = self.repository.read((c, p) for c, p in wanted if c)
        return [self._one(e, known, files) for e in chosen]

    def _one(
        self, event: AuditEvent, known: set[str], files: dict[tuple[str, str], bytes | None]
    ) -> Evidence:
        path = self.path_of(event)
        commit = event.vcs_commit
        if commit is None or commit not in known:
            return Evidence(event, path, None, None, None, None, None, None, None, False)
        data = files.get((commit, path))
        differs = None if data is not None and _sha256(data) == event.checksum else path
        if event.checksum is None and data is not None:
            differs = None  # nothing recorded to compare (a stamp of base)
        if event.rollback_checksum and differs is None:
            rollback = files.get((commit, _rollback_of(path)))
            if rollback is None or _sha256(rollback) != event.rollback_checksum:
                differs = _rollback_of(path)
        if commit not in self._reviewed:
            self._reviewed[commit] = self.repository.is_ancestor(commit, self.tip)
        reviewed = self._reviewed[commit]
        change_id = event.vcs_file_commit if event.vcs_file_commit in known else None
        change = self.commit(change_id)
        sql = data.decode("utf-8", "replace") if data is not None else None
        return Evidence(
            event,
            path,
            self.commit(commit),
            change,
            self._merged_in(change_id or commit) if reviewed else None,
            reviewed,
            differs is None,
            differs,
            sql,
            _same_person(change, event),
        )

    def _merged_in(self, commit: str) -> Commit | None:
        if commit not in self._merged:
            if self._line is None:
                self._line = set(self.repository.first_parents(self.tip))
            merge = self.repository.merged_in(commit, self.tip, self._line)
            self._merged[commit] = self.commit(merge)
        return self._merged[commit]

    def edited_since(self, applied: dict[str, Applied], order: list[str]) -> list[Finding]:
        """Applied revisions whose file on the reviewed branch is not what was applied."""
        names = {
            rid: (self._in_folder(rid + UP_SUFFIX), self._in_folder(rid + ROLLBACK_SUFFIX))
            for rid in order
        }
        files = self.repository.read((self.tip, path) for pair in names.values() for path in pair)
        found = []
        for rid in order:
            up, down = names[rid]
            recorded = applied[rid]
            pairs = [(up, recorded.checksum), (down, recorded.rollback_checksum)]
            if files.get((self.tip, up)) is None:
                found.append(
                    Finding(
                        "missing-from-branch",
                        rid,
                        f"is applied, but {up} is not on the reviewed branch "
                        f"({self.tip[:12]}): a change the branch never had, or one removed",
                    )
                )
                continue
            for path, checksum in pairs:
                data = files.get((self.tip, path))
                if checksum is None or (data is not None and _sha256(data) == checksum):
                    continue
                state = "is gone" if data is None else "differs from what was applied"
                found.append(
                    Finding(
                        "edited-after-apply",
                        rid,
                        f"{path} on the reviewed branch ({self.tip[:12]}) {state}: the file "
                        "changed after it ran",
                    )
                )
        return found


def _rollback_of(path: str) -> str:
    """The rollback file beside an up file (a rollback file is its own)."""
    if path.endswith(ROLLBACK_SUFFIX) or not path.endswith(UP_SUFFIX):
        return path
    return path[: -len(UP_SUFFIX)] + ROLLBACK_SUFFIX


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def deployer(event: AuditEvent) -> str:
    """Who deployed an event: OS user, host, database user."""
    return f"{event.os_user}@{event.host} as {event.db_user}"


def _same_person(change: Commit | None, event: AuditEvent) -> bool:
    """The change's git author and its deployer look like one person: the email's local
    part, or the name, is the OS user or the database user. A hint, never proof."""
    if change is None:
        return False
    deployers = {event.os_user.lower(), event.db_user.split("@")[0].lower()}
    author = {change.author_email.split("@")[0].lower(), change.author_name.lower()}
    return bool(deployers & author)


def _notes(chain: ChainReport, evidence: list[Evidence], settings: Settings) -> list[str]:
    notes = []
    if chain.unkeyed and chain.rows:
        notes.append(
            "the audit chain is unkeyed: it shows edits and deletions, but someone who can "
            "write roble_audit could re-chain a forged log; give the deploys an audit key "
            "(docs/auditor-guide.md)"
        )
    same = sorted({item.event.revision_id for item in evidence if item.same_person})
    if same:
        notes.append(
            f"{len(same)} revision(s) were deployed by the person who wrote them (by git "
            f"author and OS or database user): {', '.join(same[:10])}"
        )
    return notes


def _drift(
    db: Database,
    settings: Settings,
    git: _GitFacts,
    applied: dict[str, Applied],
    scratch_server: DatabaseURL | None,
    built: dict[frozenset[str], Schema],
) -> DriftVerdict:
    """The live schema against what the reviewed branch's files of the applied revisions
    build on a scratch database (on ``scratch_server``; in production it must be given)."""
    from roble_sql.api.schema_tools import built_schema, live_schema
    from roble_sql.schema import Schema, compare

    if scratch_server is None and settings.is_production:
        return DriftVerdict(
            False,
            note="not checked: in production the revisions are built on another server; "
            "give --scratch-url URL (or 'sandbox')",
        )
    try:
        live = live_schema(db, settings)
        with tempfile.TemporaryDirectory(prefix="roble-audit-") as where:
            git.repository.export(git.tip, git.folder, Path(where))
            project = Project.load(Path(where))
            targets = [rid for rid in applied if rid in project.revisions]
            key = frozenset(targets)
            if key not in built:
                built[key] = (
                    built_schema(settings, project, "audit", targets=targets, server=scratch_server)
                    if targets
                    else Schema()
                )
    except RobleError as exc:
        return DriftVerdict(False, note=f"not checked: {exc.one_line()}")
    lines = tuple(compare(built[key], live).lines())
    note = f"against {len(targets)} applied revision(s) as on {git.tip[:12]}"
    if live.skipped:
        note += f"; not compared (roble does not model them): {', '.join(live.skipped)}"
    return DriftVerdict(True, lines, note)


def _drift_findings(drift: DriftVerdict, wanted: bool) -> list[Finding]:
    if not wanted:
        return []
    if not drift.checked:
        return [Finding("drift-unchecked", "schema", drift.note)]
    return [
        Finding("drift", "schema", f"{line} (made outside roble?)") for line in drift.differences
    ]
