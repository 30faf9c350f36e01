"""Commands that change the database: upgrade, downgrade, stamp, adopt, restore."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from roble_sql import api
from roble_sql.cli.common import (
    Options,
    chain_head_option,
    lock_timeout_option,
    pass_options,
    progress_printer,
    wait_option,
    yes_option,
)
from roble_sql.cli.fleet import fleet_options
from roble_sql.sources import encode

# "-1" and "+1" are targets (Alembic's relative forms), not options.
TARGET_CONTEXT = {"ignore_unknown_options": True}


def _target(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A target that looks like an option and is not -N/+N was a mistyped option."""
    if value is not None and value.startswith("-") and not value[1:].isdigit():
        raise click.UsageError(f"No such option: {value}", ctx=ctx)
    return value


allow_missing_option = click.option(
    "--allow-missing",
    is_flag=True,
    help="Run even though the database has applied revisions this folder lacks.",
)


def ddl_lock_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--ddl-lock-wait and --ddl-retries (see runner/ddl_wait.py); unset: the settings'."""
    command = click.option(
        "--ddl-retries",
        type=click.IntRange(min=0),
        metavar="N",
        help="Times a DDL statement that timed out on its metadata lock is tried again, "
        "after a pause [default: ROBLE_DDL_RETRIES, yoyo.ini ddl_retries, or 3].",
    )(command)
    return click.option(
        "--ddl-lock-wait",
        type=click.IntRange(min=0, max=31536000),
        metavar="SECONDS",
        help="Longest a DDL statement (and the queries queued behind it) waits for its "
        "table's metadata lock [default: ROBLE_DDL_LOCK_WAIT, yoyo.ini ddl_lock_wait, or 5].",
    )(command)


@click.command(context_settings=TARGET_CONTEXT)
@click.argument("target", required=False, callback=_target)
@click.option(
    "--sql", "sql_only", is_flag=True, help="Print the SQL that would run; change nothing."
)
@click.option("--allow-modified", is_flag=True, help="Run even if an applied file was edited.")
@allow_missing_option
@click.option(
    "--backup",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Dump the database (mariadb-dump --single-transaction) to FILE, a new file (0600), "
    "before applying.",
)
@click.option(
    "--backup-dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Like --backup, to a new DIR/<database>-<UTC time>.sql (DIR created if missing).",
)
@click.option(
    "--no-lint", is_flag=True, help="Apply even if 'roble lint' finds errors in pending revisions."
)
@yes_option
@lock_timeout_option
@wait_option
@ddl_lock_options
@chain_head_option
@fleet_options
@pass_options
def upgrade(
    options: Options,
    target: str | None,
    sql_only: bool,
    allow_modified: bool,
    backup: Path | None,
    backup_dir: Path | None,
    no_lint: bool,
    lock_timeout: float,
    wait: float,
    allow_missing: bool,
    ddl_lock_wait: int | None,
    ddl_retries: int | None,
    confirmed: bool,
) -> None:
    """Apply pending revisions: all (or 'heads'), TARGET and its ancestors ('head', an id, a
    prefix of 4 characters or more), or the next N ('+N'). In production, files git has
    uncommitted changes in need --yes-i-know (recorded in each event)."""
    if sql_only:
        settings = options.settings(needs_database=options.database is not None)
        echo_sql(api.upgrade_sql(settings, target))
        return
    if backup is not None and backup_dir is not None:
        raise click.UsageError("--backup and --backup-dir can't be used together: give one")
    with _exits_like_a_stop_signal():
        result = api.upgrade(
            options.settings(),
            target,
            allow_modified=allow_modified,
            allow_missing=allow_missing,
            backup=backup,
            backup_dir=backup_dir,
            lint=not no_lint,
            lock_timeout=lock_timeout,
            wait=wait,
            on_event=progress_printer("applied"),
            ddl_lock_wait=ddl_lock_wait,
            ddl_retries=ddl_retries,
            confirmed=confirmed,
        )
    if not result.outcomes:
        click.echo("nothing to apply: the database is up to date")
    else:
        click.echo(f"applied {len(result.outcomes)} revision(s)")


@click.command(context_settings=TARGET_CONTEXT)
@click.argument("target", required=False, callback=_target)
@click.option("--sql", "sql_only", is_flag=True, help="Print the rollback SQL; change nothing.")
@click.option(
    "--allow-modified", is_flag=True, help="Run even if a rollback file was edited since apply."
)
@allow_missing_option
@yes_option
@lock_timeout_option
@wait_option
@ddl_lock_options
@chain_head_option
@fleet_options
@pass_options
def downgrade(
    options: Options,
    target: str | None,
    sql_only: bool,
    allow_modified: bool,
    allow_missing: bool,
    confirmed: bool,
    lock_timeout: float,
    wait: float,
    ddl_lock_wait: int | None,
    ddl_retries: int | None,
) -> None:
    """Roll back: the last applied revision (or the last N: '-N'), everything after TARGET,
    or everything with 'base'. In production every downgrade needs --yes-i-know."""
    if sql_only:
        echo_sql(api.downgrade_sql(options.settings(), target))
        return
    result = api.downgrade(
        options.settings(),
        target,
        confirmed=confirmed,
        allow_missing=allow_missing,
        allow_modified=allow_modified,
        lock_timeout=lock_timeout,
        wait=wait,
        on_event=progress_printer("rolled back"),
        ddl_lock_wait=ddl_lock_wait,
        ddl_retries=ddl_retries,
    )
    if not result.outcomes:
        click.echo("nothing to roll back")
    else:
        click.echo(f"rolled back {len(result.outcomes)} revision(s)")


@click.command()
@click.argument("target")
@lock_timeout_option
@yes_option
@chain_head_option
@pass_options
def stamp(options: Options, target: str, lock_timeout: float, confirmed: bool) -> None:
    """Mark TARGET and its ancestors as applied without running them (baselining); 'heads'
    marks every revision, 'base' marks every revision not applied."""
    stamped = api.stamp(options.settings(), target, confirmed=confirmed, lock_timeout=lock_timeout)
    verb = "unstamped" if target == "base" else "stamped"
    for rid in stamped:
        click.echo(f"{verb} {rid}")
    if not stamped:
        click.echo(
            "nothing to unstamp" if target == "base" else "nothing to stamp: already applied"
        )


@click.command()
@click.argument("target", required=False)
@lock_timeout_option
@yes_option
@chain_head_option
@pass_options
def adopt(options: Options, target: str | None, lock_timeout: float, confirmed: bool) -> None:
    """Bring an existing database under roble without running anything: the revision it is
    at comes from Flask-Migrate's alembic_version (or TARGET); its schema must match what
    the revisions up to there build, or nothing is stamped."""
    try:
        adopted = api.adopt(
            options.settings(), target, confirmed=confirmed, lock_timeout=lock_timeout
        )
    except api.AdoptionRefused as refused:
        click.echo("the live schema (+) against what the revisions build (-):")
        for change in refused.adoption.differences:
            click.echo(f"  {change.line()}")
        raise
    for rid in adopted.revisions:
        click.echo(f"adopted {rid}")
    click.echo(f"adopted {len(adopted.revisions)} revision(s) from {adopted.source}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@yes_option
@lock_timeout_option
@wait_option
@chain_head_option
@pass_options
def restore(
    options: Options, file: Path, confirmed: bool, lock_timeout: float, wait: float
) -> None:
    """Put back a backup written by 'upgrade --backup' or '--backup-dir': the schema, data
    and yoyo's tables become the backup's (objects created since are dropped), under the
    migration lock. roble's own tables stay: the audit log keeps every event since and
    records the restore. In production it needs --yes-i-know."""
    with _exits_like_a_stop_signal():
        restored = api.restore(
            options.settings(),
            file,
            confirmed=confirmed,
            lock_timeout=lock_timeout,
            wait=wait,
            on_event=progress_printer("restored"),
        )
    backup = restored.backup
    click.echo(f"restored {backup.path} (database {backup.database}, taken {backup.taken_at})")
    for name in restored.removed:
        click.echo(f"  dropped {name}: not in the backup")
    for rid in restored.unapplied:
        click.echo(f"  {rid}: pending again (applied after the backup)")
    for rid in restored.reapplied:
        click.echo(f"  {rid}: applied again (in the backup, rolled back after it)")
    click.echo(
        f"recorded as audit event {restored.event.id}; the audit log keeps every event since "
        "the backup"
    )


@contextlib.contextmanager
def _exits_like_a_stop_signal() -> Iterator[None]:
    """A run stopped by SIGTERM, SIGINT or SIGHUP (its tool ended, its files removed)
    says so in one line, then exits as that signal would have, so a supervisor sees it.
    That happens when the command's context closes: after --chain-head is written."""
    try:
        yield
    except api.StoppedBySignal as stopped:
        click.get_current_context().call_on_close(functools.partial(_die_by, stopped))
        raise


def _die_by(stopped: api.StoppedBySignal) -> None:
    click.echo(f"roble: error: {stopped.one_line()}", err=True)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    signal.signal(stopped.signal_number, signal.SIG_DFL)
    os.kill(os.getpid(), stopped.signal_number)
    os._exit(128 + stopped.signal_number)  # the signal is blocked: its exit code all the same


def echo_sql(script: str) -> None:
    """The script as bytes, exactly as the files hold them, so that piping it to the
    mariadb client sends what roble would (a latin1 file stays latin1)."""
    click.echo(encode(script), nl=False)
