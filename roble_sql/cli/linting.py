"""Lint commands: lint, rules."""

from __future__ import annotations

from pathlib import Path

import click

from roble_sql import api, render
from roble_sql.cli.common import (
    Options,
    pass_options,
)
from roble_sql.errors import EXIT_FAILURE


@click.command()
@click.argument(
    "paths", nargs=-1, metavar="[PATH]...", type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="json: a list of {code, severity, file, line, message}; github: workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only errors.")
@pass_options
def lint(options: Options, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Review revision files before they reach a server (default: the migrations folder).

    PATH may be folders or single .sql files. Exit 1 when errors are found (or any
    finding with --strict). 'roble rules' lists the rules; docs/lint-rules.md explains them.
    """
    from roble_sql.lint.report import format_report

    report = api.lint(options.settings(needs_database=False), list(paths))
    click.echo(format_report(report, fmt), nl=False)
    if report.failed(strict):
        raise click.exceptions.Exit(EXIT_FAILURE)


@click.command()
@click.option("--markdown", is_flag=True, help="Print docs/lint-rules.md (rules and their docs).")
@pass_options
def rules(options: Options, markdown: bool) -> None:
    """List every lint rule: code, severity (as configured here), what it checks."""
    from roble_sql.lint.docs import render_markdown, scope

    if markdown:
        click.echo(render_markdown(), nl=False)
        return
    listed = api.lint_rules(options.settings(needs_database=False))
    click.echo(
        render.table(
            ["code", "severity", "checks", "summary"],
            [
                (rule.code, severity or "off", scope(rule), rule.summary())
                for rule, severity in listed
            ],
        )
    )
