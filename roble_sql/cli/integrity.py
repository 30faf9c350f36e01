"""Integrity: verify, rehash, resolve."""

from __future__ import annotations

import click

from roble_sql import api, render
from roble_sql.cli.common import (
    Options,
    pass_options,
    yes_option,
)
from roble_sql.errors import EXIT_FAILURE


@click.command()
@click.option("--offline", is_flag=True, help="Check files against roble.sum and the graph only.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: a list of {kind, where, message}."
)
@pass_options
def verify(options: Options, offline: bool, as_json: bool) -> None:
    """Check that applied revisions match their files, and the files match roble.sum.

    Exit 1 naming every applied revision that was edited (modified) or deleted
    (missing), every failed revision, every '-- depends:' that names nothing, every
    file that differs from roble.sum, and a history with more than one head. With
    --offline no database is needed: run it in CI on every pull request.
    """
    problems = api.verify(options.settings(needs_database=not offline), offline=offline)
    if as_json:
        click.echo(render.to_json([p.as_dict() for p in problems]))
    else:
        for problem in problems:
            click.echo(f"{problem.kind}: {problem.where}: {problem.message}")
        click.echo(f"verify: {len(problems)} problem(s)" if problems else "verify: ok")
    if problems:
        raise click.exceptions.Exit(EXIT_FAILURE)


@click.command()
@pass_options
def rehash(options: Options) -> None:
    """Rewrite sql_migrations/roble.sum for the files as they are (after a reviewed change)."""
    click.echo(f"wrote {api.rehash(options.settings(needs_database=False))}")


@click.command()
@click.argument("revision")
@click.option("--applied", "state", flag_value="applied", help="It is fully applied (by hand).")
@click.option("--rolled-back", "state", flag_value="rolled-back", help="It is not applied.")
@yes_option
@pass_options
def resolve(options: Options, revision: str, state: str | None, confirmed: bool) -> None:
    """Record a person's decision about a failed or interrupted REVISION (audited).

    Like 'flyway repair' or 'migrate force': roble runs nothing; it marks the
    revision applied or rolled back, clears its progress and writes an audit event.
    """
    if state is None:
        raise click.UsageError("say what is true: --applied or --rolled-back")
    applied = state == "applied"
    event = api.resolve(options.settings(), revision, applied=applied, confirmed=confirmed)
    click.echo(f"recorded {event.revision_id} as {state}")
