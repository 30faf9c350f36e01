"""roble audit: is what ran what was reviewed? Findings as lines or JSON, and an HTML page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roble_sql import api, render
from roble_sql.cli import fleet_views
from roble_sql.cli.common import Options, note, pass_options
from roble_sql.cli.integrity import parse_heads
from roble_sql.cli.scratch import scratch_server, scratch_url_option
from roble_sql.errors import EXIT_FAILURE, UsageError

if TYPE_CHECKING:
    from roble_sql.api.audit_evidence import AuditRequest

REVIEWED_BRANCH_KEY = "reviewed_branch"  # yoyo.ini [roble]


@click.command()
@click.option(
    "--reviewed-branch",
    metavar="BRANCH",
    envvar="ROBLE_REVIEWED_BRANCH",
    help="The branch changes are merged into after review (else $ROBLE_REVIEWED_BRANCH, "
    f"yoyo.ini [roble] {REVIEWED_BRANCH_KEY}, else main).",
)
@click.option("--since", type=click.DateTime(), help="Only events from this UTC date/time on.")
@click.option("--until", type=click.DateTime(), help="Only events before this UTC date/time.")
@click.option(
    "--chain-head",
    "heads",
    metavar="ID:HASH|FILE",
    multiple=True,
    help="An audit chain head the deploys recorded (or a file of them): it must still hold.",
)
@scratch_url_option
@click.option("--no-drift", is_flag=True, help="Do not compare the live schema (reported).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--html",
    "html_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as one self-contained HTML page (printable to PDF).",
)
@pass_options
@fleet_views.fleet_option(fleet_views.audit)
def audit(
    options: Options,
    reviewed_branch: str | None,
    since: datetime | None,
    until: datetime | None,
    heads: tuple[str, ...],
    scratch_url: str | None,
    no_drift: bool,
    as_json: bool,
    html_file: Path | None,
) -> None:
    """Check that every change that ran was reviewed, and is byte for byte what was.

    Read-only (SELECT is enough). For each event of the period that ran or recorded a
    file: its checksum against the file at the commit the deploy recorded (read from
    git), that commit against --reviewed-branch, and the change's git author beside its
    deployer. For the database: the audit chain (with the audit key and each
    --chain-head), yoyo's table against the log, applied files edited on the branch
    since, and drift from what the branch's revisions build (on --scratch-url). Every
    failure, resolve and --yes-i-know override is listed. One line per finding; exit 1
    on any.
    """
    settings = options.settings()
    request = audit_request(options, reviewed_branch, since, until, heads, scratch_url, no_drift)
    report = api.audit(settings, request)
    if html_file is not None:
        from roble_sql.cli.audit_page import page

        try:
            html_file.write_text(page(report), encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"can't write the report: {exc.strerror}", where=str(html_file)
            ) from None
    if as_json:
        click.echo(render.to_json(report.as_dict()))
    else:
        for finding in report.findings:
            click.echo(finding.line())
        for text in report.notes:
            note(text)
        click.echo(summary(report))
    if report.findings:
        raise click.exceptions.Exit(EXIT_FAILURE)


def audit_request(
    options: Options,
    reviewed_branch: str | None,
    since: datetime | None,
    until: datetime | None,
    heads: tuple[str, ...],
    scratch_url: str | None,
    no_drift: bool,
) -> AuditRequest:
    """The options of ``roble audit``, checked, as the api takes them."""
    from roble_sql.api.audit_evidence import AuditRequest

    if since is not None and until is not None and since >= until:
        raise UsageError(
            "--since must be before --until", hint="e.g. --since 2026-07-01 --until 2026-10-01"
        )
    settings = options.settings()
    return AuditRequest(
        reviewed_branch or settings.roble_options.get(REVIEWED_BRANCH_KEY) or "main",
        since,
        until,
        [head for value in heads for head in parse_heads(value)],
        scratch_server(options, settings, scratch_url),
        not no_drift,
    )


def summary(report: api.AuditReport) -> str:
    counts = report.summary()
    verdict = f"{counts['findings']} finding(s)" if report.findings else "ok"
    return (
        f"audit: {verdict}: {counts['events']} event(s), {counts['revisions_applied']} apply(s) "
        "checked against "
        f"{report.reviewed_branch} ({report.reviewed_commit[:12]}); drift "
        f"{'checked' if report.drift.checked else 'not checked'}"
    )
