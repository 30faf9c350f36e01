"""Integrity: verify, rehash, resolve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from roble_sql import api, render
from roble_sql.cli import fleet_views
from roble_sql.cli.common import (
    Options,
    chain_head_option,
    lock_timeout_option,
    pass_options,
    yes_option,
)
from roble_sql.errors import EXIT_FAILURE, UsageError

if TYPE_CHECKING:
    from roble_sql.api.state import ChainReport
    from roble_sql.audit import ChainHead


@click.command()
@click.option("--offline", is_flag=True, help="Check files against roble.sum and the graph only.")
@click.option(
    "--chain-head",
    "heads",
    metavar="ID:HASH|FILE",
    multiple=True,
    help="An audit chain head recorded earlier (or a file of them, as --chain-head writes).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: a list of {kind, where, message}."
)
@pass_options
@fleet_views.fleet_option(fleet_views.verify)
def verify(options: Options, offline: bool, heads: tuple[str, ...], as_json: bool) -> None:
    """Check that applied revisions match their files, and the files match roble.sum.

    Exit 1 naming every applied revision that was edited (modified: its up or its
    rollback file) or deleted (missing), every failed revision, every '-- depends:' that
    names nothing, every file that differs from roble.sum, a history with more than one
    head, every disagreement between yoyo's table and the audit log, and every break in
    the audit chain (checked with the audit key when one is given, and against each
    --chain-head). With --offline no database is needed: run it in CI on every pull
    request. With --targets FILE, --targets-query SQL or --targets-glob PATTERN: each
    target's result; exit 1 if any target has a problem.
    """
    anchors = [head for value in heads for head in parse_heads(value)]
    found = api.verify(options.settings(needs_database=not offline), offline=offline, heads=anchors)
    problems = found.problems
    if as_json:
        click.echo(render.to_json([p.as_dict() for p in problems]))
    else:
        for problem in problems:
            click.echo(f"{problem.kind}: {problem.where}: {problem.message}")
        if found.chain is not None:
            click.echo(chain_summary(found.chain, anchors))
        click.echo(f"verify: {len(problems)} problem(s)" if problems else "verify: ok")
    if problems:
        raise click.exceptions.Exit(EXIT_FAILURE)


def parse_heads(value: str) -> list[ChainHead]:
    """``ID:HASH``, or a file of lines ending in one (as --chain-head writes them)."""
    from roble_sql.audit import parse_head

    head = parse_head(value)
    if head is not None:
        return [head]
    path = Path(value)
    try:
        lines = [line for line in path.read_text(encoding="ascii").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        raise UsageError(
            f"--chain-head {value!r} is neither ID:HASH nor a readable file of them",
            hint="pass what 'roble upgrade --chain-head FILE' wrote (the file, or a line's "
            "last field)",
        ) from None
    found = [parse_head(line) for line in lines]
    if not found or None in found:
        bad = next((n for n, h in enumerate(found, start=1) if h is None), 1)
        raise UsageError(
            "the chain head file holds a line that is not '... ID:HASH'",
            where=f"{path}:{bad}",
            hint="pass the file 'roble upgrade --chain-head FILE' wrote, unedited",
        )
    return [head for head in found if head is not None]


def chain_summary(report: ChainReport, anchors: list[ChainHead]) -> str:
    """One line on the audit chain: rows, keyed or not, the head, anchors checked."""
    head = f", head {report.head}" if report.head else ""
    if report.unkeyed:
        kind = (
            "unkeyed (anyone who can write roble_audit can rewrite it unnoticed; give an "
            "audit key, ROBLE_AUDIT_KEY, and keep the head outside the database)"
        )
    else:
        kind = f"{report.keyed_rows} of them keyed"
    anchored = f", {len(anchors)} anchored head(s) checked" if anchors else ""
    return f"audit chain: {report.rows} row(s), {kind}{anchored}{head}"


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
@chain_head_option
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


@click.command()
@lock_timeout_option
@chain_head_option
@pass_options
def seal(options: Options, lock_timeout: float) -> None:
    """Sign the audit log as it is now with the audit key (ROBLE_AUDIT_KEY or a key file).

    Once a key is given, every run signs the rows it writes, and each row's signature
    covers all rows before it. A log written before the key was given is signed by the
    first signed row after it; seal writes one now, for a log whose revisions are all
    applied already. Check the log first (verify --chain-head with a head you kept).
    """
    event = api.seal(options.settings(), lock_timeout=lock_timeout)
    click.echo(f"sealed the audit log at row {event.id} with audit key {event.chain_key}")
