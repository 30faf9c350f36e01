"""Lint: the review rules over files, and the gate before upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Read-only commands must start fast: what only writing commands use is imported lazily.
from roble_sql.api.common import Event, EventSink, ignore_event
from roble_sql.config import Settings

if TYPE_CHECKING:
    from roble_sql.api.common import Project
    from roble_sql.folder import Revision
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
    settings: Settings,
    project: Project,
    revisions: list[Revision],
    on_event: EventSink = ignore_event,
) -> None:
    """Lint before applying ``revisions`` (up and rollback files): errors refuse the run
    (CheckFailed, exit 1), each one reported first to ``on_event`` as a ``lint`` event.
    The revisions they depend on are read too (so a backfill of a column added by the
    revision before is known as one), but only findings in ``revisions`` count. Only the
    rules that report errors run: the gate shows nothing else. The files are the
    project's: what the gate reads through, the runner need not read again."""
    from roble_sql.errors import CheckFailed
    from roble_sql.lint.engine import lint_revisions

    pending = {r.id for r in revisions}
    parents = [
        project.revisions[dep]
        for r in revisions
        for dep in r.depends
        if dep not in pending and dep in project.revisions
    ]
    report = lint_revisions(
        revisions,
        list(dict.fromkeys(parents)),
        config=lint_config(settings),
        errors_only=True,
        folder_ids=project.revisions,
    )
    errors = [f for f in report.findings if f.severity == "error"]
    for error in errors:
        on_event(Event("lint", detail=str(error)))
    if errors:
        raise CheckFailed(
            f"lint found {len(errors)} error(s) in the pending revisions, so nothing was applied",
            where=f"{errors[0].file}:{errors[0].line}",
            hint="fix them ('roble lint' lists them), suppress one with "
            "'-- roble: ignore CODE <reason>', or pass --no-lint",
        )
