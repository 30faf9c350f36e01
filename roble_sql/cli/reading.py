"""Commands that read the database: status, current, history, show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from roble_sql import api, render
from roble_sql.cli import fleet_views
from roble_sql.cli.common import (
    Options,
    pass_options,
)
from roble_sql.errors import EXIT_FAILURE
from roble_sql.sources import printable


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {id, state, ...}.")
@pass_options
@fleet_views.fleet_option(fleet_views.status)
def status(options: Options, as_json: bool) -> None:
    """Show every revision: applied, pending, failed, modified or missing.

    With --targets FILE, --targets-query SQL or --targets-glob PATTERN: a matrix of every
    revision's state on every target; exit 1 on version skew (targets not at the same
    revisions), a failed or missing revision, or a target that can't be read.
    """
    rows = api.status(options.settings())
    if as_json:
        click.echo(render.to_json([row.as_dict() for row in rows]))
        return
    click.echo(
        render.table(
            ["state", "revision", "applied (UTC)", "checksum", "message / detail"],
            [
                (
                    r.state,
                    r.id,
                    r.applied_at,
                    render.short_hash(r.checksum or r.recorded_checksum),
                    r.detail or r.message,
                )
                for r in rows
            ],
        )
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {id, state, ...}.")
@pass_options
def current(options: Options, as_json: bool) -> None:
    """Show the revision(s) the database is at."""
    rows = api.current(options.settings())
    if as_json:
        click.echo(render.to_json([row.as_dict() for row in rows]))
        return
    if not rows:
        click.echo("(base): no revision is applied")
    for row in rows:
        head = " (head)" if row.head else ""
        click.echo(f"{row.id}{head}  ({row.state}, applied {render._cell(row.applied_at)} UTC)")


HISTORY_COLUMNS = [
    "when (UTC)",
    "action",
    "outcome",
    "revision",
    "db user",
    "os user@host",
    "ms",
    "git commit",
]


@click.command()
@click.option("--revision", "-r", help="Only events of this revision.")
@click.option("--since", type=click.DateTime(), help="Only events from this UTC date/time on.")
@click.option("--until", type=click.DateTime(), help="Only events before this UTC date/time.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of events.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option("--verify-chain", is_flag=True, help="Check the audit hash chain instead.")
@pass_options
def history(
    options: Options,
    revision: str | None,
    since: datetime | None,
    until: datetime | None,
    as_json: bool,
    fmt: str,
    verify_chain: bool,
) -> None:
    """Show every recorded event (apply, rollback, stamp, resolve, failures), oldest first.

    The log is append-only: rolling back adds an event, never removes one. Each row
    carries a hash over the previous row's hash and its own fields; --verify-chain
    recomputes it and exits 1 if a row was edited or deleted.
    """
    if verify_chain:
        from roble_sql.cli.integrity import chain_summary

        report = api.verify_chain(options.settings())
        for problem in report.breaks:
            click.echo(f"audit row {problem.event_id}: {problem.reason}")
        click.echo(f"{chain_summary(report, [])}; {len(report.breaks)} break(s)")
        if report.breaks:
            raise click.exceptions.Exit(EXIT_FAILURE)
        return
    events = api.history(options.settings(), revision, since, until)
    data = [event.as_dict() for event in events]
    if as_json or fmt == "json":
        click.echo(render.to_json(data))
    elif fmt == "csv":
        click.echo(render.to_csv(list(data[0]) if data else ["id"], data), nl=False)
    else:
        rows = [
            (*_history_row(e), render.short_hash(e.checksum), e.error or e.detail or "")
            for e in events
        ]
        click.echo(render.table([*HISTORY_COLUMNS, "checksum", "error / detail"], rows))


def _history_row(e: Any) -> tuple[object, ...]:
    """An audit event in the columns of HISTORY_COLUMNS."""
    return (
        e.started_at,
        e.action,
        e.outcome,
        e.revision_id,
        e.db_user,
        f"{e.os_user}@{e.host}",
        f"{e.duration_ms:.0f}",
        _commit(e),
    )


def _commit(e: Any) -> str:
    """The commit an event ran from; '+' when its files were not that commit's."""
    if e.vcs_commit is None:
        return "-"
    return e.vcs_commit[:12] + ("+" if e.vcs_clean == 0 else "")


@click.command()
@click.argument("revision")
@pass_options
def show(options: Options, revision: str) -> None:
    """Show a REVISION: its SQL, rollback, depends, checksum, state and audit events."""
    settings = options.settings(needs_database=options.database is not None or _configured(options))
    detail = api.show(settings, revision)
    found = detail.revision
    click.echo(f"revision:  {found.id}")
    click.echo(f"message:   {found.message}")
    click.echo(f"depends:   {' '.join(found.depends) or '(base)'}")
    click.echo(f"file:      {found.path}")
    click.echo(f"sha256:    {found.checksum}")
    if detail.state is not None:
        click.echo(f"state:     {detail.state.state} {detail.state.detail}".rstrip())
    # A file's bytes that are not UTF-8 are shown as \xNN: the text as written, safe to print.
    click.echo(f"\n-- {found.path.name}\n{printable(detail.sql).rstrip()}")
    rollback = (
        printable(detail.rollback_sql).rstrip() if detail.rollback_sql is not None else "(missing)"
    )
    click.echo(f"\n-- rollback\n{rollback}")
    if detail.events:
        click.echo("\n-- audit events")
        click.echo(render.table(HISTORY_COLUMNS, [_history_row(e) for e in detail.events]))


def _configured(options: Options) -> bool:
    """Whether a database is configured without starting anything (show works offline too)."""
    return options.settings(needs_database=False).database_url is not None
