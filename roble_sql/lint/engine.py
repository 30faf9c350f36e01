"""The lint engine: each file's statements stream through the rules once.

Files come from the folder model (:mod:`roble_sql.folder`), so a file the runner will run
is read once for both. Each statement is analysed, shown to the statement rules, noted
in what later statements know, and let go unless a file-level rule may need it (see
``LintFile.take``): a data revision of 600k rows is never held as 600k objects.
Findings are data (:class:`~roble_sql.lint.base.Finding`); nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roble_sql.errors import ConfigError, RevisionFileError, SplitError, UsageError
from roble_sql.folder import Folder, Revision, SqlFile
from roble_sql.graph import RevisionGraph
from roble_sql.lint import registry, suppress
from roble_sql.lint.analysis import DEFAULT_SESSION, Stmt, analyse, session_after
from roble_sql.lint.base import ERROR, ROLLBACK, UP, WARNING, Finding, Hit, Rule
from roble_sql.lint.config import LintConfig
from roble_sql.lint.model import Catalog, LintContext, LintFile, RevisionUnit, StatementContext
from roble_sql.sources import ROLLBACK_SUFFIX, UP_SUFFIX, is_post_apply


@dataclass(frozen=True)
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    revisions: int = 0

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
    """Lint folders of revisions and single `.sql` files (an up file named alone brings
    its rollback); findings sorted by file and line. ``errors_only`` runs only the rules
    that report errors."""
    base = (relative_to or Path.cwd()).resolve()
    revisions: dict[tuple[Path, str], _Named] = {}
    for path in paths:
        if path.is_dir():
            _add_folder(revisions, path, base)
        elif path.is_file():
            _add_single(revisions, path, base)
        else:
            raise UsageError(f"{path} does not exist", hint="name a folder or a .sql file")
    return _lint(list(revisions.values()), config or LintConfig(), errors_only)


def lint_revisions(
    revisions: Sequence[Revision],
    context: Sequence[Revision] = (),
    *,
    config: LintConfig | None = None,
    relative_to: Path | None = None,
    errors_only: bool = False,
    folder_ids: Iterable[str] | None = None,
) -> LintReport:
    """Lint ``revisions`` of one folder (their up and rollback files), after reading the
    up files of ``context`` (what they depend on: their schema is then known); findings
    only for ``revisions``. ``folder_ids``: every revision id of the folder (what a
    ``-- depends:`` may name). The files are the folder model's: read once, shared with
    whoever runs them next."""
    base = (relative_to or Path.cwd()).resolve()
    ids = (
        frozenset(folder_ids)
        if folder_ids is not None
        else frozenset(r.id for r in (*revisions, *context))
    )
    named = [_named_revision(r, base, ids, lint_rollback=True) for r in revisions]
    known = [_named_revision(r, base, ids, lint_rollback=False) for r in context]
    report = _lint(known + named, config or LintConfig(), errors_only)
    wanted = {f.path for n in named for f in (n.up, n.rollback) if f is not None}
    findings = [f for f in report.findings if f.path in wanted]
    return LintReport(findings, sum(n.file_count for n in named), len(named))


# --- what is linted, and how it is shown --------------------------------------------------------


@dataclass
class _Named:
    """A revision's files as lint names them in findings."""

    id: str
    folder: Path
    up: SqlFile | None = None
    rollback: SqlFile | None = None
    shown_folder: str = ""
    ids_beside: frozenset[str] = frozenset()

    @property
    def file_count(self) -> int:
        return sum(1 for f in (self.up, self.rollback) if f is not None)


def _add_folder(revisions: dict[tuple[Path, str], _Named], path: Path, base: Path) -> None:
    resolved = path.resolve()
    folder = Folder.open(resolved)
    shown = _display(resolved, path, base)
    ids = frozenset(r.id for r in folder.revisions)
    for revision in folder.revisions:
        named = revisions.setdefault(
            (resolved, revision.id), _Named(revision.id, resolved, shown_folder=shown)
        )
        named.up, named.rollback, named.ids_beside = revision.up, revision.rollback, ids
    for orphan in folder.orphan_rollbacks:
        orphan_id = orphan.name[: -len(ROLLBACK_SUFFIX)]
        named = revisions.setdefault(
            (resolved, orphan_id), _Named(orphan_id, resolved, shown_folder=shown)
        )
        named.rollback, named.ids_beside = orphan, ids
    for hook in folder.hooks:  # yoyo's post-apply hooks: statement and file rules only
        hook_id = hook.name[: -len(UP_SUFFIX)]
        named = revisions.setdefault(
            (resolved, hook_id), _Named(hook_id, resolved, shown_folder=shown)
        )
        named.up, named.ids_beside = hook, ids


def _add_single(revisions: dict[tuple[Path, str], _Named], path: Path, base: Path) -> None:
    if not path.name.endswith(UP_SUFFIX):
        raise UsageError(f"{path} is not a .sql file", hint="lint folders or .sql files")
    folder = path.parent.resolve()
    shown = _display(folder, path.parent, base)
    is_rollback = path.name.endswith(ROLLBACK_SUFFIX)
    revision_id = path.name[: -len(ROLLBACK_SUFFIX if is_rollback else UP_SUFFIX)]
    named = revisions.setdefault((folder, revision_id), _Named(revision_id, folder))
    named.shown_folder = named.shown_folder or shown
    named.ids_beside = named.ids_beside or _revision_ids(folder)
    if is_rollback:
        named.rollback = named.rollback or SqlFile(folder / path.name)
        return
    named.up = named.up or SqlFile(folder / path.name)
    rollback = folder / (revision_id + ROLLBACK_SUFFIX)
    if named.rollback is None and rollback.is_file():
        named.rollback = SqlFile(rollback)


def _named_revision(
    revision: Revision, base: Path, ids: frozenset[str], *, lint_rollback: bool
) -> _Named:
    folder = revision.path.parent
    return _Named(
        revision.id,
        folder,
        revision.up,
        revision.rollback if lint_rollback else None,
        _display(folder.resolve(), folder, base),
        ids,
    )


def _display(folder: Path, named: Path, base: Path) -> str:
    """A folder as findings show it: relative to ``base`` when inside it, else as named."""
    if folder.is_relative_to(base):
        relative = os.path.relpath(folder, base)
        return "" if relative == "." else relative
    return str(named)


def _revision_ids(folder: Path) -> frozenset[str]:
    """The revision ids of the folder of a file linted alone (names only: nothing read)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return frozenset()
    return frozenset(
        name[: -len(UP_SUFFIX)]
        for name in names
        if name.endswith(UP_SUFFIX)
        and not name.endswith(ROLLBACK_SUFFIX)
        and not is_post_apply(name)
    )


# --- reading, in dependency order ---------------------------------------------------------------


def _lint(named: list[_Named], config: LintConfig, errors_only: bool) -> LintReport:
    units = [_unit(n) for n in named]
    context = LintContext({n.folder: n.ids_beside for n in named})
    rules = _Rules(config, errors_only)
    findings: list[Finding] = []
    catalogs: dict[Path, Catalog] = {}  # what each folder's revisions built so far
    for unit in _ordered(units):
        catalog = catalogs.setdefault(unit.folder, Catalog())
        findings.extend(_lint_unit(unit, rules, context, catalog))
    findings.sort(key=lambda f: (f.file, f.line, f.code))
    files = sum(len(unit.files()) for unit in units)
    return LintReport(findings, files, sum(1 for u in units if u.up is not None))


def _unit(named: _Named) -> RevisionUnit:
    def lint_file(source: SqlFile | None, role: str) -> LintFile | None:
        if source is None:
            return None
        shown = os.path.join(named.shown_folder, source.name) if named.shown_folder else source.name
        return _read(LintFile(source, shown, role, named.id))

    rollback_path = named.folder / (named.id + ROLLBACK_SUFFIX)
    return RevisionUnit(
        named.id,
        named.folder,
        lint_file(named.up, UP),
        lint_file(named.rollback, ROLLBACK),
        rollback_path,
    )


def _read(file: LintFile) -> LintFile:
    """The file's text and header (its statements stream later); problems become data."""
    try:
        file.text = file.source.text
    except ConfigError as exc:
        file.problem = RevisionFileError(exc.message, where=f"{file.path}:1")
        return file
    try:
        file.header = file.source.header
    except RevisionFileError as exc:
        file.header_error = exc
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
        self.finish: dict[str, list[tuple[Rule, str]]] = {}
        for role in (UP, ROLLBACK):
            active = [(r, s) for r, s in enabled if role in r.roles]
            self.file[role] = [(r, s) for r, s in active if r.overrides("check_file")]
            self.statement[role] = [(r, s) for r, s in active if r.overrides("check_statement")]
            self.finish[role] = [(r, s) for r, s in active if r.overrides("finish_file")]
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


class _Hits:
    """Hits as they come, turned into findings unless a suppression silences them."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._tables: dict[int, dict[int, list[suppress.Suppression]]] = {}

    def add(
        self,
        rule: Rule,
        severity: str,
        file: LintFile,
        found: Iterable[Hit],
        stmt: Stmt | None = None,
    ) -> None:
        for hit in found:
            target = hit.file or file
            table = self._table(target)
            if table:
                at = stmt if stmt is not None and target is file else target.statement_at(hit.line)
                lines = range(at.line - 1, at.end_line + 1) if at else (hit.line - 1, hit.line)
                if suppress.is_silenced(rule.code, lines, table):
                    continue
            shown = WARNING if hit.unsure and severity == ERROR else severity
            self.findings.append(
                Finding(rule.code, shown, target.name, hit.line, hit.message, target.path)
            )

    def _table(self, file: LintFile) -> dict[int, list[suppress.Suppression]]:
        table = self._tables.get(id(file))
        if table is None:
            table = self._tables[id(file)] = suppress.by_line(suppress.for_file(file))
        return table


def _lint_unit(
    unit: RevisionUnit, rules: _Rules, context: LintContext, catalog: Catalog
) -> list[Finding]:
    hits = _Hits()
    for file in unit.files():
        if file.readable:
            _stream(file, unit, rules, context, catalog, hits)
        for rule, severity in rules.file[file.role]:
            hits.add(rule, severity, file, rule.check_file(file, context))
    anchor = unit.up or unit.rollback
    # yoyo's post-apply hooks run on every upgrade and are never rolled back: no revision rules.
    if anchor is not None and not is_post_apply(unit.id):
        for rule, severity in rules.revision:
            hits.add(rule, severity, anchor, rule.check_revision(unit, context))
    return hits.findings


def _stream(
    file: LintFile,
    unit: RevisionUnit,
    rules: _Rules,
    context: LintContext,
    catalog: Catalog,
    hits: _Hits,
) -> None:
    """Each statement once, in order: analysed, checked, noted, kept only if needed."""
    ctx = StatementContext(file, unit, context, catalog)
    session = DEFAULT_SESSION
    try:
        for statement in file.source.statements(keep_empty=True):
            if not statement.text:
                file.empty_statements.append(statement)
                continue
            stmt = analyse(statement, file.statement_count)
            stmt.session = session
            session = session_after(session, stmt)
            file.take(stmt)
            for rule, severity in rules.for_statement(file.role, stmt.shape):
                hits.add(rule, severity, file, rule.check_statement(stmt, ctx), stmt)
            ctx.note(stmt)
            if file.role == UP:
                catalog.apply(stmt, file.name, unit.id)
    except SplitError as exc:
        file.split_error = exc
    for rule, severity in rules.finish[file.role]:
        hits.add(rule, severity, file, rule.finish_file(ctx))
    if file.split_error is None and file.statement_count:
        file.source.read_through = True  # the runner need not read it through again
