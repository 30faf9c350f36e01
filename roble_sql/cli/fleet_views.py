"""status, verify and diff over a fleet: ``--targets FILE|--targets-query SQL|--targets-glob``.

``fleet_option(handler)`` adds the three options to a single-database command; when one
is given the command's fleet handler here runs instead of the command itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from roble_sql import render
from roble_sql.cli.common import Options, note
from roble_sql.errors import EXIT_FAILURE, UsageError

Handler = Callable[..., None]


def fleet_option(
    handler: Handler, *, json_flag: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The --targets options on a command; given one, ``handler(options, selection, **the
    command's other options)`` runs instead of the command. ``json_flag`` adds --json for
    the fleet view of a command that has none of its own."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @click.option(
            "--targets",
            "targets_file",
            metavar="FILE",
            help="Every database listed in FILE (one URL, host/database or name a line).",
        )
        @click.option(
            "--targets-query",
            metavar="SQL",
            help="Every database the query (on the configured database) returns.",
        )
        @click.option(
            "--targets-glob",
            metavar="PATTERN",
            help="Every database on the configured server whose name matches PATTERN.",
        )
        @functools.wraps(command)
        def wrapper(
            options: Options,
            *args: Any,
            targets_file: str | None,
            targets_query: str | None,
            targets_glob: str | None,
            **kwargs: Any,
        ) -> Any:
            if targets_file is None and targets_query is None and targets_glob is None:
                if json_flag and kwargs.pop("as_json"):
                    raise UsageError(
                        "--json here is for the fleet view",
                        hint="add --targets FILE, --targets-query SQL or --targets-glob PATTERN",
                    )
                return command(options, *args, **kwargs)
            from roble_sql.api.fleet_views import TargetSelection

            selection = TargetSelection(targets_file, targets_query, targets_glob)
            return handler(options, selection, **kwargs)

        if json_flag:
            wrapper = click.option(
                "--json",
                "as_json",
                is_flag=True,
                help="With --targets...: print JSON, one object per target.",
            )(wrapper)
        return wrapper

    return decorate


def _fail_if(failed: bool) -> None:
    if failed:
        raise click.exceptions.Exit(EXIT_FAILURE)


def _show_targets(
    results: list[Any],
    as_json: bool,
    describe: Callable[[Any], tuple[str, list[str]]],
    verdict: str,
) -> None:
    """Each target's results (as JSON: one object each): a line with what ``describe``
    says of it, its lines indented below; then ``verdict``."""
    if as_json:
        click.echo(render.to_json([result.as_dict() for result in results]))
        return
    for result in results:
        if result.error:
            click.echo(f"{result.label}: could not be read: {result.error}")
            continue
        head, lines = describe(result)
        click.echo(f"{result.label}: {head}")
        for line in lines:
            click.echo(f"    {line}")
    click.echo(verdict)


def _key(labels: list[str]) -> str:
    return "\n".join(f"  #{n} {label}" for n, label in enumerate(labels, start=1))


# -- status ------------------------------------------------------------------------------


def status(options: Options, selection: Any, *, as_json: bool) -> None:
    """The matrix revision x target; exit 1 on version skew, a failed or missing
    revision, or a target that can't be read."""
    from roble_sql.api.fleet_views import fleet_status

    found = fleet_status(options.settings(), selection)
    if as_json:
        click.echo(render.to_json(found.as_dict()))
        _fail_if(not found.ok)
        return
    headers = ["revision", *(f"#{n}" for n in range(1, len(found.targets) + 1))]
    rows = [(rid, *(target.state_of(rid) for target in found.targets)) for rid in found.revisions]
    click.echo(render.table(headers, rows))
    click.echo("targets:\n" + _key([target.label for target in found.targets]))
    for target in found.unreadable:
        click.echo(f"{target.label}: could not be read: {target.error}")
    click.echo(_status_summary(found))
    _fail_if(not found.ok)


def _status_summary(found: Any) -> str:
    total = len(found.targets)
    if found.ok:
        return f"status: {total} target(s), all at the same revisions"
    parts = []
    if found.skewed:
        parts.append(f"version skew on {len(found.skewed)} revision(s): {', '.join(found.skewed)}")
    if found.not_settled:
        parts.append(f"{len(found.not_settled)} target(s) with a failed or missing revision")
    if found.unreadable:
        parts.append(f"{len(found.unreadable)} target(s) could not be read")
    return f"status: {total} target(s); " + "; ".join(parts)


# -- verify ------------------------------------------------------------------------------


def verify(
    options: Options, selection: Any, *, offline: bool, heads: tuple[str, ...], as_json: bool
) -> None:
    """verify on each target; exit 1 if any target has a problem or can't be read."""
    from roble_sql.api.fleet_views import fleet_verify

    if offline:
        raise UsageError(
            "--offline reads no database, so it takes no --targets",
            hint="run 'roble verify --offline' once; the targets' checks need the databases",
        )
    if heads:
        raise UsageError(
            "--chain-head anchors one database's audit log, not a fleet's",
            hint="verify each anchored database on its own with --database and --chain-head",
        )
    results = fleet_verify(options.settings(), selection)
    failed = [result for result in results if not result.ok]

    def describe(result: Any) -> tuple[str, list[str]]:
        problems = result.verification.problems if result.verification else []
        lines = [f"{p.kind}: {p.where}: {p.message}" for p in problems]
        return (f"{len(problems)} problem(s)" if problems else "ok"), lines

    _show_targets(
        results,
        as_json,
        describe,
        f"verify: {len(failed)} of {len(results)} target(s) failed"
        if failed
        else f"verify: ok on all {len(results)} target(s)",
    )
    _fail_if(bool(failed))


# -- diff --------------------------------------------------------------------------------


def diff(
    options: Options,
    selection: Any,
    *,
    sql_only: bool,
    scratch_url: str | None,
    confirmed: bool,
    as_json: bool = False,
) -> None:
    """Each target's drift from what its applied revisions build; exit 1 on any drift."""
    from roble_sql.api.fleet_views import fleet_diff
    from roble_sql.cli.scratch import scratch_server

    if sql_only:
        raise UsageError(
            "--sql writes one database's statements, so it takes no --targets",
            hint="run 'roble --database URL diff --sql' for the drifted target",
        )
    settings = options.settings()
    server = scratch_server(options, settings, scratch_url)
    results = fleet_diff(settings, selection, confirmed=confirmed, scratch_server=server)
    drifted = [result for result in results if result.drifted]
    if as_json:
        click.echo(render.to_json([result.as_dict() for result in results]))
        _fail_if(bool(drifted))
        return
    for result in results:
        if result.error:
            click.echo(f"{result.label}: could not be read: {result.error}")
            continue
        lines = result.diff.lines() if result.diff else []
        click.echo(
            f"{result.label}: {len(lines)} difference(s)" if lines else f"{result.label}: no drift"
        )
        for line in lines:
            click.echo(f"    {line}")
        if result.skipped:
            note(
                f"{result.label}: not compared (roble does not model them): {', '.join(result.skipped)}"
            )
    click.echo(
        f"diff: {len(drifted)} of {len(results)} target(s) drifted from what their revisions build"
        if drifted
        else f"diff: no drift on all {len(results)} target(s)"
    )
    _fail_if(bool(drifted))


# -- audit -------------------------------------------------------------------------------


def audit(
    options: Options,
    selection: Any,
    *,
    reviewed_branch: str | None,
    since: Any,
    until: Any,
    heads: tuple[str, ...],
    scratch_url: str | None,
    no_drift: bool,
    as_json: bool,
    html_file: Any,
) -> None:
    """audit on each target against one branch; exit 1 if any target has a finding or
    can't be read."""
    from roble_sql.api.fleet_views import fleet_audit
    from roble_sql.cli.auditing import audit_request, summary

    if heads or html_file is not None:
        raise UsageError(
            f"{'--chain-head' if heads else '--html'} is about one database, not a fleet's",
            hint="audit that database on its own with --database (the --json report of a "
            "fleet has every target's)",
        )
    request = audit_request(options, reviewed_branch, since, until, heads, scratch_url, no_drift)
    results = fleet_audit(options.settings(), selection, request)
    failed = [result for result in results if not result.ok]
    _show_targets(
        results,
        as_json,
        lambda result: (summary(result.report), [f.line() for f in result.report.findings]),
        f"audit: {len(failed)} of {len(results)} target(s) have findings"
        if failed
        else f"audit: ok on all {len(results)} target(s)",
    )
    _fail_if(bool(failed))
