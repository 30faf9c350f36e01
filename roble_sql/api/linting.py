"""Lint: the review rules over files, and the gate before upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import Event, EventSink, ignore_event
from roble_sql.config import Settings
from roble_sql.sources import Revision

if TYPE_CHECKING:
    from roble_sql.lint.base import Rule
    from roble_sql.lint.config import LintConfig
    from roble_sql.lint.engine import LintReport


def lint(settings: Settings, paths: list[Path] | None = None) -> LintReport:
    """Lint revision files: ``paths`` (folders or .sql files), else the migrations folder."""
    from roble_sql.errors import ConfigError
    from roble_sql.lint.engine import lint_paths

    if not paths and not settings.migrations_dir.is_dir():
        raise ConfigError(
            f"migrations folder {settings.migrations_dir} does not exist",
            hint="run 'roble init', or point --migrations (or yoyo.ini 'sources') at it",
        )
    return lint_paths(paths or [settings.migrations_dir], config=lint_config(settings))


def lint_config(settings: Settings) -> LintConfig:
    """The lint settings of yoyo.ini's [roble] and pyproject.toml's [tool.roble.lint]."""
    from roble_sql.lint import config

    return config.load(settings.project_dir, settings.roble_options, settings.config_path)


def lint_rules(settings: Settings) -> list[tuple[type[Rule], str | None]]:
    """Every lint rule, with the severity it reports with here (None: disabled)."""
    from roble_sql.lint import registry

    configured = lint_config(settings)
    return [(rule, configured.severity(rule)) for rule in registry.all_rules()]


def lint_pending(
    settings: Settings, revisions: list[Revision], on_event: EventSink = ignore_event
) -> frozenset[Path]:
    """Lint before applying ``revisions`` (up and rollback files): errors refuse the run
    (CheckFailed, exit 1), each one reported first to ``on_event`` as a ``lint`` event.
    The revisions they depend on are read too (so a backfill of a column added by the
    revision before is known as one), but only findings in ``revisions`` count. Only the
    rules that report errors run: the gate shows nothing else. Returns the files it read
    through without a split error (resolved paths)."""
    from roble_sql.errors import CheckFailed
    from roble_sql.lint.engine import lint_paths
    from roble_sql.sources import resolve_in_folders

    pending = {r.id for r in revisions}
    parents = [
        r.path.with_name(f"{dep}.sql") for r in revisions for dep in r.depends if dep not in pending
    ]
    paths = [r.path for r in revisions] + [p for p in dict.fromkeys(parents) if p.is_file()]
    report = lint_paths(paths, config=lint_config(settings), errors_only=True)
    named = [p for r in revisions for p in (r.path, r.rollback_path) if p is not None]
    files = set(resolve_in_folders(named).values())
    errors = [
        f for f in report.findings if f.severity == "error" and Path(f.file).resolve() in files
    ]
    for error in errors:
        on_event(Event("lint", detail=f"{error.file}:{error.line}: {error.code}: {error.message}"))
    if errors:
        raise CheckFailed(
            f"lint found {len(errors)} error(s) in the pending revisions, so nothing was applied",
            where=f"{errors[0].file}:{errors[0].line}",
            hint="fix them ('roble lint' lists them), suppress one with "
            "'-- roble: ignore CODE <reason>', or pass --no-lint",
        )
    return report.splittable
