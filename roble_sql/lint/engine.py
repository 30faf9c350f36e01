"""The lint engine: read each file once, split it once, hand statements to the rules.

Findings are data (:class:`~roble_sql.lint.base.Finding`); nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roble_sql.errors import ConfigError, RevisionFileError, SplitError, UsageError
from roble_sql.graph import RevisionGraph
from roble_sql.lint import registry, suppress
from roble_sql.lint.analysis import DEFAULT_SESSION, analyse, session_after
from roble_sql.lint.base import ERROR, ROLLBACK, UP, WARNING, Finding, Hit, Rule
from roble_sql.lint.config import LintConfig
from roble_sql.lint.model import Catalog, LintContext, LintFile, RevisionUnit, StatementContext
from roble_sql.sources import (
    RESERVED,
    ROLLBACK_SUFFIX,
    UP_SUFFIX,
    check_file_name,
    decode,
    is_post_apply,
    parse_header,
    read_bytes,
    resolve_in_folders,
)
from roble_sql.splitter import split


@dataclass(frozen=True)
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    revisions: int = 0
    # Files read to their end without a split error and holding statements (resolved
    # paths): the runner need not read them through once more before running them.
    splittable: frozenset[Path] = frozenset()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def failed(self, strict: bool = False) -> bool:
        """Whether the lint fails: errors, or with `strict` any finding."""
        return bool(self.findings) if strict else self.errors > 0


def lint_paths(
    paths: Sequence[Path],
    *,
    config: LintConfig | None = None,
    relative_to: Path | None = None,
    errors_only: bool = False,
) -> LintReport:
    """Lint folders of revisions and single `.sql` files; findings sorted by file and line.

    ``errors_only`` runs only the rules that report errors (the gate before upgrade,
    which shows nothing else)."""
    config = config or LintConfig()
    base = (relative_to or Path.cwd()).resolve()
    units = _units(paths, base)
    context = LintContext({folder: _revision_ids(folder) for folder in {u.folder for u in units}})
    rules = _Rules(config, errors_only)
    findings: list[Finding] = []
    catalogs: dict[Path, Catalog] = {}  # what each folder's revisions built so far
    for unit in _ordered(units):
        catalog = catalogs.setdefault(unit.folder, Catalog())
        findings.extend(_lint_unit(unit, rules, context, catalog))
    findings.sort(key=lambda f: (f.file, f.line, f.code))
    files = sum(len(unit.files()) for unit in units)
    splittable = frozenset(
        file.path
        for unit in units
        for file in unit.files()
        if file.readable and file.split_error is None and file.statements
    )
    return LintReport(findings, files, sum(1 for u in units if u.up is not None), splittable)


# --- finding and reading files ------------------------------------------------------------------


def _units(paths: Sequence[Path], base: Path) -> list[RevisionUnit]:
    """Revisions to lint, by folder and id; an up file named alone brings its rollback."""
    files: dict[tuple[Path, str], Path] = {}  # (resolved folder, file name) -> folder as named
    singles: list[Path] = []  # files named one by one (with the rollbacks they bring)
    for path in paths:
        if path.is_dir():
            folder = path.resolve()
            with os.scandir(folder) as entries:  # no stat per file
                names = sorted(e.name for e in entries if e.is_file())
            for name in names:
                if name.endswith(UP_SUFFIX) and name not in RESERVED:
                    check_file_name(folder, name)
                    files.setdefault((folder, name), path)
        elif path.is_file():
            if not path.name.endswith(UP_SUFFIX):
                raise UsageError(f"{path} is not a .sql file", hint="lint folders or .sql files")
            singles.append(path)
            if not path.name.endswith(ROLLBACK_SUFFIX):
                rollback = path.with_name(path.name[: -len(UP_SUFFIX)] + ROLLBACK_SUFFIX)
                if rollback.is_file():
                    singles.append(rollback)
        else:
            raise UsageError(f"{path} does not exist", hint="name a folder or a .sql file")
    for named, resolved in resolve_in_folders(singles).items():
        files.setdefault((resolved.parent, resolved.name), named.parent)
    units: dict[tuple[Path, str], RevisionUnit] = {}
    shown: dict[Path, str] = {}  # folder -> how it is shown in findings
    for (folder, file_name), named_folder in files.items():
        if folder not in shown:
            shown[folder] = _display(folder, named_folder, base)
        is_rollback = file_name.endswith(ROLLBACK_SUFFIX)
        revision_id = file_name[: -len(ROLLBACK_SUFFIX if is_rollback else UP_SUFFIX)]
        unit = units.get((folder, revision_id))
        if unit is None:
            rollback_path = folder / (revision_id + ROLLBACK_SUFFIX)
            unit = RevisionUnit(revision_id, folder, None, None, rollback_path)
            units[(folder, revision_id)] = unit
        name = os.path.join(shown[folder], file_name) if shown[folder] else file_name
        role = ROLLBACK if is_rollback else UP
        file = _read(folder / file_name, name, role, revision_id)
        if is_rollback:
            unit.rollback = file
        else:
            unit.up = file
    return list(units.values())


def _display(folder: Path, named: Path, base: Path) -> str:
    """A folder as findings show it: relative to ``base`` when inside it, else as named."""
    if folder.is_relative_to(base):
        relative = os.path.relpath(folder, base)
        return "" if relative == "." else relative
    return str(named)


def _revision_ids(folder: Path) -> frozenset[str]:
    return frozenset(
        name[: -len(UP_SUFFIX)]
        for name in os.listdir(folder)
        if name.endswith(UP_SUFFIX)
        and not name.endswith(ROLLBACK_SUFFIX)
        and name not in RESERVED
        and not is_post_apply(name)
    )


def _read(path: Path, name: str, role: str, revision_id: str) -> LintFile:
    """Read, decode, parse the header and split `path`, once; problems become data."""
    file = LintFile(path, name, role, revision_id)
    try:
        data = read_bytes(path)
    except ConfigError as exc:
        file.problem = RevisionFileError(exc.message, where=f"{path}:1")
        return file
    file.text = decode(data)
    del data  # a big file's bytes need not live while it is split
    try:
        file.header = parse_header(file.text, path)
    except RevisionFileError as exc:
        file.header_error = exc
    try:
        session = DEFAULT_SESSION
        for statement in split(file.text, keep_empty=True):
            if statement.text:
                stmt = analyse(statement, len(file.statements))
                stmt.session = session
                session = session_after(session, stmt)
                file.statements.append(stmt)
            else:
                file.empty_statements.append(statement)
    except SplitError as exc:
        file.split_error = exc
    return file


def _ordered(units: list[RevisionUnit]) -> list[RevisionUnit]:
    """Revisions in dependency order (folder by folder), so earlier schema is known first."""
    by_folder: dict[Path, list[RevisionUnit]] = {}
    for unit in sorted(units, key=lambda u: u.id):
        by_folder.setdefault(unit.folder, []).append(unit)
    ordered: list[RevisionUnit] = []
    for group in by_folder.values():
        ids = {u.id for u in group}
        pairs = [(u.id, _depends(u, ids)) for u in group]
        try:
            order = RevisionGraph.from_pairs(pairs).order()
        except RevisionFileError:  # a cycle: the header rules report it; keep file order
            order = [u.id for u in group]
        position = {rid: index for index, rid in enumerate(order)}
        ordered.extend(sorted(group, key=lambda u: position[u.id]))
    return ordered


def _depends(unit: RevisionUnit, ids: set[str]) -> tuple[str, ...]:
    header = unit.up.header if unit.up is not None else None
    if header is None:
        return ()
    return tuple(dep for dep in header.depends if dep in ids and dep != unit.id)


# --- running the rules --------------------------------------------------------------------------


class _Rules:
    """The enabled rules with their severities, sorted by the hooks they implement."""

    def __init__(self, config: LintConfig, errors_only: bool = False) -> None:
        enabled = [
            (rule(), severity)
            for rule in registry.all_rules()
            if (severity := config.severity(rule)) is not None
            and (severity == ERROR or not errors_only)
        ]
        self.revision = [(r, s) for r, s in enabled if r.overrides("check_revision")]
        self.file: dict[str, list[tuple[Rule, str]]] = {}
        self.statement: dict[str, list[tuple[Rule, str]]] = {}
        for role in (UP, ROLLBACK):
            active = [(r, s) for r, s in enabled if role in r.roles]
            self.file[role] = [(r, s) for r, s in active if r.overrides("check_file")]
            self.statement[role] = [(r, s) for r, s in active if r.overrides("check_statement")]
        self._by_shape: dict[tuple[str, type], list[tuple[Rule, str]]] = {}

    def for_statement(self, role: str, shape: object) -> list[tuple[Rule, str]]:
        """The statement rules that look at a statement of this shape (decided once per type)."""
        key = (role, type(shape))
        found = self._by_shape.get(key)
        if found is None:
            found = [
                (rule, severity)
                for rule, severity in self.statement[role]
                if not rule.shapes or isinstance(shape, rule.shapes)
            ]
            self._by_shape[key] = found
        return found


def _lint_unit(
    unit: RevisionUnit, rules: _Rules, context: LintContext, catalog: Catalog
) -> list[Finding]:
    hits: list[tuple[Rule, str, LintFile, Hit]] = []

    def collect(rule: Rule, severity: str, file: LintFile, found: Iterable[Hit]) -> None:
        hits.extend((rule, severity, hit.file or file, hit) for hit in found)

    for file in unit.files():
        for rule, severity in rules.file[file.role]:
            collect(rule, severity, file, rule.check_file(file, context))
        if not file.readable:
            continue
        ctx = StatementContext(file, unit, context, catalog)
        for stmt in file.statements:
            for rule, severity in rules.for_statement(file.role, stmt.shape):
                collect(rule, severity, file, rule.check_statement(stmt, ctx))
            ctx.note(stmt)
            if file.role == UP:
                catalog.apply(stmt, file.name, unit.id)
    anchor = unit.up or unit.rollback
    # yoyo's post-apply hooks run on every upgrade and are never rolled back: no revision rules.
    if anchor is not None and not is_post_apply(unit.id):
        for rule, severity in rules.revision:
            collect(rule, severity, anchor, rule.check_revision(unit, context))
    return _unsuppressed(hits)


def _unsuppressed(hits: list[tuple[Rule, str, LintFile, Hit]]) -> list[Finding]:
    tables: dict[int, dict[int, list[suppress.Suppression]]] = {}
    findings = []
    for rule, severity, file, hit in hits:
        if id(file) not in tables:
            tables[id(file)] = suppress.by_line(suppress.for_file(file))
        table = tables[id(file)]
        stmt = file.statement_at(hit.line) if table else None
        lines = range(stmt.line - 1, stmt.end_line + 1) if stmt else (hit.line - 1, hit.line)
        if table and suppress.is_silenced(rule.code, lines, table):
            continue
        shown = WARNING if hit.unsure and severity == ERROR else severity
        findings.append(Finding(rule.code, shown, file.name, hit.line, hit.message))
    return findings
