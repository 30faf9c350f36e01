"""Commands that change the database: upgrade, downgrade, stamp."""

from __future__ import annotations

from pathlib import Path

import click

from roble_sql import api
from roble_sql.cli.common import (
    Options,
    lock_timeout_option,
    pass_options,
    progress_printer,
    wait_option,
    yes_option,
)
from roble_sql.sources import encode


@click.command()
@click.argument("target", required=False)
@click.option(
    "--sql", "sql_only", is_flag=True, help="Print the SQL that would run; change nothing."
)
@click.option("--allow-modified", is_flag=True, help="Run even if an applied file was edited.")
@click.option(
    "--backup",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Dump the database (mariadb-dump --single-transaction) to FILE before applying.",
)
@click.option(
    "--no-lint", is_flag=True, help="Apply even if 'roble lint' finds errors in pending revisions."
)
@lock_timeout_option
@wait_option
@pass_options
def upgrade(
    options: Options,
    target: str | None,
    sql_only: bool,
    allow_modified: bool,
    backup: Path | None,
    no_lint: bool,
    lock_timeout: float,
    wait: float,
) -> None:
    """Apply pending revisions: all, or TARGET and its ancestors."""
    if sql_only:
        settings = options.settings(needs_database=options.database is not None)
        echo_sql(api.upgrade_sql(settings, target))
        return
    result = api.upgrade(
        options.settings(),
        target,
        allow_modified=allow_modified,
        backup=backup,
        lint=not no_lint,
        lock_timeout=lock_timeout,
        wait=wait,
        on_event=progress_printer("applied"),
    )
    if not result.outcomes:
        click.echo("nothing to apply: the database is up to date")
    else:
        click.echo(f"applied {len(result.outcomes)} revision(s)")


@click.command()
@click.argument("target", required=False)
@click.option("--sql", "sql_only", is_flag=True, help="Print the rollback SQL; change nothing.")
@yes_option
@lock_timeout_option
@wait_option
@pass_options
def downgrade(
    options: Options,
    target: str | None,
    sql_only: bool,
    confirmed: bool,
    lock_timeout: float,
    wait: float,
) -> None:
    """Roll back: the last applied revision, everything after TARGET, or all with 'base'."""
    if sql_only:
        echo_sql(api.downgrade_sql(options.settings(), target))
        return
    result = api.downgrade(
        options.settings(),
        target,
        confirmed=confirmed,
        lock_timeout=lock_timeout,
        wait=wait,
        on_event=progress_printer("rolled back"),
    )
    if not result.outcomes:
        click.echo("nothing to roll back")
    else:
        click.echo(f"rolled back {len(result.outcomes)} revision(s)")


@click.command()
@click.argument("target")
@lock_timeout_option
@yes_option
@pass_options
def stamp(options: Options, target: str, lock_timeout: float, confirmed: bool) -> None:
    """Mark TARGET and its ancestors as applied without running them (baselining)."""
    stamped = api.stamp(options.settings(), target, confirmed=confirmed, lock_timeout=lock_timeout)
    for rid in stamped:
        click.echo(f"stamped {rid}")
    if not stamped:
        click.echo("nothing to stamp: already applied")


def echo_sql(script: str) -> None:
    """The script as bytes, exactly as the files hold them, so that piping it to the
    mariadb client sends what roble would (a latin1 file stays latin1)."""
    click.echo(encode(script), nl=False)
