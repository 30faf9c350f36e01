"""The schema: round-trip check, drift, dump, ERD."""

from __future__ import annotations

from pathlib import Path

import click

from roble_sql import api
from roble_sql.cli import fleet_views
from roble_sql.cli.common import (
    Options,
    note,
    output_option,
    pass_options,
    progress_printer,
    yes_option,
)
from roble_sql.cli.scratch import scratch_server, scratch_url_option
from roble_sql.errors import EXIT_FAILURE


@click.command()
@scratch_url_option
@yes_option
@pass_options
def check(options: Options, scratch_url: str | None, confirmed: bool) -> None:
    """Round-trip every revision on a scratch database: apply, roll back, compare, apply again.

    The scratch database (roble_check_<random>) is created on the configured server (or
    the --scratch-url one) and dropped afterwards, also on failure; the configured
    database is never touched: a statement that names another database, USE, CREATE or
    DROP DATABASE, or SQL prepared from a variable is refused before anything runs (exit
    1, naming the file and line). Exit 1 naming each revision whose rollback does not
    restore the schema exactly (tables, columns, keys, foreign keys, checks, views,
    triggers, routines), with the differences: '+' left behind by the rollback, '-'
    missing after it, '~' changed.
    """
    settings = options.settings()
    report = api.check(
        settings,
        confirmed=confirmed,
        on_event=progress_printer("checked"),
        scratch_server=scratch_server(options, settings, scratch_url),
    )
    for result in report.failed:
        click.echo(f"FAILED {result.revision_id}: {result.message}")
        for change in result.changes:
            click.echo(f"    {change.line()}")
        if result.error:
            click.echo(f"    {result.error}")
    if report.failed:
        names = ", ".join(result.revision_id for result in report.failed)
        click.echo(f"check: {len(report.failed)} of {report.total} revision(s) failed: {names}")
        raise click.exceptions.Exit(EXIT_FAILURE)
    click.echo(f"check: ok: all {report.total} rollback(s) restore the schema exactly")


@click.command("diff")
@click.option(
    "--sql",
    "sql_only",
    is_flag=True,
    help="Print the statements that turn what the revisions build into the live schema "
    "(what 'new --autogenerate --from-database' would write) instead of the differences.",
)
@scratch_url_option
@yes_option
@pass_options
@fleet_views.fleet_option(fleet_views.diff, json_flag=True)
def diff_schema(options: Options, sql_only: bool, scratch_url: str | None, confirmed: bool) -> None:
    """Compare the live schema with what the revisions build; exit 1 on drift.

    Every revision is applied to a scratch database (roble_diff_<random>, dropped
    afterwards; on the --scratch-url server when given) and its schema compared with the
    live one: '+' is only in the live database (added by hand?), '-' is missing from it,
    '~' differs. With --sql the same comparison is printed as SQL; nothing is written or
    changed, and a revision that would reach another database is refused, as by check.
    With --targets FILE, --targets-query SQL or --targets-glob PATTERN: each target
    against what the revisions applied to it build (--json: as JSON).
    """
    settings = options.settings()
    server = scratch_server(options, settings, scratch_url)
    report = api.diff(settings, confirmed=confirmed, scratch_server=server)
    if report.pending:
        note(
            f"{len(report.pending)} revision(s) are not applied to this database, so their "
            f"changes show as drift: {', '.join(report.pending)}"
        )
    if report.skipped:
        note(f"not compared (roble does not model them): {', '.join(report.skipped)}")
    if sql_only:
        click.echo(api.diff_sql(options.settings(), report), nl=False)
        if report.diff:
            raise click.exceptions.Exit(EXIT_FAILURE)
        return
    for line in report.diff.lines():
        click.echo(line)
    if report.diff:
        click.echo(f"diff: {len(report.diff)} difference(s) from what the revisions build")
        raise click.exceptions.Exit(EXIT_FAILURE)
    click.echo("diff: no drift: the schema is what the revisions build")


@click.group()
def schema() -> None:
    """The live schema as plain SQL (dump) or as a Mermaid ER diagram (erd)."""


def _write_or_echo(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)
    click.echo(f"wrote {output}")


@schema.command("dump")
@output_option
@click.option("--definers", is_flag=True, help="Keep the DEFINER clauses of views and programs.")
@click.option(
    "--not-in-production",
    is_flag=True,
    help="Do nothing in production (make migrate: a deploy never rewrites tracked files).",
)
@pass_options
def schema_dump(
    options: Options, output: Path | None, definers: bool, not_in_production: bool
) -> None:
    """Print the schema as deterministic SQL that recreates it.

    Tables by name with their keys and foreign keys (foreign key checks off while it
    loads), then routines, views and triggers in DELIMITER blocks; no AUTO_INCREMENT
    counters, no DEFINER clauses unless --definers, no data. roble's and yoyo's own
    tables are left out. 'make migrate' keeps sql_migrations/schema.sql up to date.
    """
    settings = options.settings()
    if not_in_production and settings.is_production:
        note(f"environment {settings.environment}: the schema dump is not written")
        return
    _write_or_echo(api.schema_dump(settings, definers=definers), output)


@schema.command("erd")
@output_option
@click.option("--markdown", is_flag=True, help="A Markdown page with a ```mermaid block.")
@pass_options
def schema_erd(options: Options, output: Path | None, markdown: bool) -> None:
    """Print a Mermaid erDiagram of the schema: tables, columns (PK/FK/UK), foreign keys."""
    _write_or_echo(api.schema_erd(options.settings(), markdown=markdown), output)
