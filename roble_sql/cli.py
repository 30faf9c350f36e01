"""The command line: parses options, calls ``api``, renders what comes back.

Errors end as one line on stderr (what, where, what to do) and an exit code
from ``errors.exit_code_for``: 1 when the work failed, 2 for usage/configuration.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from roble_sql import __version__, api, render
from roble_sql.config import Settings, load_settings
from roble_sql.dsn import redact
from roble_sql.errors import (
    EXIT_FAILURE,
    EXIT_USAGE,
    ConfigError,
    RobleError,
    exit_code_for,
)

SANDBOX_DIR = Path(".roble") / "sandbox"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Options:
    """Global options, turned into Settings only when a command needs them."""

    def __init__(
        self,
        database: str | None,
        migrations: str | None,
        config: str | None,
        sandbox: str,
        defaults_file: str | None = None,
    ):
        self.database = database
        self.migrations = migrations
        self.config = config
        self.sandbox = sandbox
        self.defaults_file = defaults_file
        self._settings: Settings | None = None

    def settings(self, *, needs_database: bool = True) -> Settings:
        if self._settings is None:
            settings = load_settings(
                database=self.database,
                migrations=self.migrations,
                config=self.config,
                defaults_file=self.defaults_file,
            )
            if needs_database:
                settings = _with_sandbox(settings, self.sandbox)
            self._settings = settings
        return self._settings


def _with_sandbox(settings: Settings, mode: str) -> Settings:
    """Point at the local sandbox when asked (always) or when nothing is configured (auto)."""
    if mode == "never" or (mode == "auto" and settings.database_url is not None):
        return settings
    if settings.is_production:
        raise ConfigError(
            "the local sandbox is not allowed when the environment is production",
            hint="configure the production database with DATABASE_URL",
        )
    from dataclasses import replace

    from roble_sql.dsn import DatabaseURL
    from roble_sql.sandbox import Sandbox

    sandbox = Sandbox(settings.project_dir / SANDBOX_DIR)
    status = sandbox.start()
    _note(f"using the local sandbox MariaDB ({status.socket}); no database is configured")
    return replace(
        settings, database_url=DatabaseURL.parse(sandbox.url()), database_source="sandbox"
    )


def _note(text: str) -> None:
    click.echo(f"roble: {text}", err=True)


pass_options = click.make_pass_decorator(Options)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="roble")
@click.option(
    "--database",
    metavar="URL",
    help="mysql://user:password@host:port/db (else $DATABASE_URL, else yoyo.ini).",
)
@click.option(
    "--migrations",
    metavar="DIR",
    help="Folder of revisions (else yoyo.ini 'sources', else sql_migrations).",
)
@click.option(
    "--config",
    metavar="FILE",
    help="Settings file (else yoyo.ini found from the working directory).",
)
@click.option(
    "--defaults-file",
    metavar="FILE",
    help="MySQL option file with the password ([client] password=...); ~/.my.cnf is read by default.",
)
@click.option(
    "--sandbox",
    type=click.Choice(["never", "auto", "always"]),
    default="never",
    envvar="ROBLE_SANDBOX",
    show_default=True,
    help="Use the local sandbox MariaDB under .roble/: always, or only when no database is configured (auto).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    database: str | None,
    migrations: str | None,
    config: str | None,
    defaults_file: str | None,
    sandbox: str,
) -> None:
    """roble: plain-SQL schema migrations for MySQL and MariaDB.

    Revisions are <id>.sql (up) and <id>.rollback.sql (down) in sql_migrations/,
    ordered by their '-- depends:' header. Every apply, rollback and stamp is recorded
    in the roble_audit table with the file's sha256, who ran it, where and when.

    Exit codes: 0 success, 1 the work failed, 2 usage or configuration error.
    """
    ctx.obj = Options(database, migrations, config, sandbox, defaults_file)


# -- files -----------------------------------------------------------------------------------


@cli.command()
@click.option("--directory", default=".", type=click.Path(file_okay=False), help="Project folder.")
def init(directory: str) -> None:
    """Create sql_migrations/ and a yoyo.ini (never with a password in it)."""
    created = api.init(Path(directory))
    for path in created:
        click.echo(f"created {path}")
    if not created:
        click.echo("nothing to do: sql_migrations/ and yoyo.ini already exist")


@cli.command()
@click.option(
    "-m", "--message", required=True, help="What the revision does, e.g. 'Add hex_code to colors'."
)
@click.option("--author", help="Recorded in the header (default: user@host).")
@click.option(
    "--autogenerate",
    is_flag=True,
    help="Write the statements that turn the schema the revisions build into the schema of "
    "--from-database or --from-schema (and back, in the rollback). Review them.",
)
@click.option(
    "--from-database",
    metavar="URL",
    help="With --autogenerate: the database holding the wanted schema (e.g. a development "
    "database changed by hand); the revisions are built on a scratch database on its server.",
)
@click.option(
    "--from-schema",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --autogenerate: a .sql file declaring the wanted schema, loaded into a scratch "
    "database on the configured server.",
)
@click.option(
    "--yes-i-know", "confirmed", is_flag=True, help="With --autogenerate: required in production."
)
@pass_options
def new(
    options: Options,
    message: str,
    author: str | None,
    autogenerate: bool,
    from_database: str | None,
    from_schema: Path | None,
    confirmed: bool,
) -> None:
    """Write a new revision pair depending on the current head(s).

    With --autogenerate the pair holds the statements that turn the schema the revisions
    build into the wanted one (from a database or a schema file); the new files are linted
    and the findings printed. Scratch databases (roble_autogen_*, roble_wanted_*) are
    dropped afterwards.
    """
    if autogenerate or from_database or from_schema:
        _new_autogenerated(
            options, message, author, autogenerate, from_database, from_schema, confirmed
        )
        return
    revision = api.new(options.settings(needs_database=False), message, author=author)
    click.echo(f"created {revision.path}")
    click.echo(f"created {revision.rollback_path}")


def _new_autogenerated(
    options: Options,
    message: str,
    author: str | None,
    autogenerate: bool,
    from_database: str | None,
    from_schema: Path | None,
    confirmed: bool,
) -> None:
    from roble_sql.errors import UsageError

    if not autogenerate:
        option = "--from-database" if from_database else "--from-schema"
        raise UsageError(f"{option} only works with --autogenerate", hint="add --autogenerate")
    source_url = None
    if from_database:
        # Its password may come from ROBLE_DB_PASSWORD or an option file, as --database's.
        source_url = load_settings(
            database=from_database,
            migrations=options.migrations,
            config=options.config,
            defaults_file=options.defaults_file,
        ).database_url
    # A schema file is loaded on the configured server (or the sandbox); a database is
    # compared on its own server. With both or neither, api refuses before connecting.
    needs_database = from_schema is not None and not from_database
    result = api.autogenerate(
        options.settings(needs_database=needs_database),
        message,
        from_database=source_url,
        from_schema=from_schema,
        author=author,
        confirmed=confirmed,
    )
    if result.revision is None:
        click.echo(
            f"nothing to generate: {result.source} has the schema the revisions build; "
            "no revision written"
        )
        return
    click.echo(f"created {result.revision.path}")
    click.echo(f"created {result.revision.rollback_path}")
    migration = result.migration
    click.echo(
        f"generated from {result.source}: {len(migration.changes)} change(s), "
        f"{len(migration.up)} statement(s) up, {len(migration.rollback)} in the rollback"
    )
    for line in migration.changes.lines():
        click.echo(f"    {line}")
    for note in migration.notes:
        click.echo(f"note: {note}")
    for finding in result.findings:
        click.echo(
            f"{finding.file}:{finding.line}: {finding.code} {finding.severity}: {finding.message}"
        )
    errors = sum(1 for finding in result.findings if finding.severity == "error")
    warnings = len(result.findings) - errors
    verdict = (
        "; 'roble upgrade' refuses lint errors until they are fixed or suppressed" if errors else ""
    )
    click.echo(f"lint: {errors} error(s), {warnings} warning(s) in the new files{verdict}")
    click.echo("review the generated files before applying them")


@cli.command()
@click.option("-m", "--message", required=True, help="Message of the merge revision.")
@pass_options
def merge(options: Options, message: str) -> None:
    """Write a revision that depends on every head, joining diverged histories."""
    revision = api.merge(options.settings(needs_database=False), message)
    click.echo(f"created {revision.path} (merges {', '.join(revision.depends)})")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {id, message, path}.")
@pass_options
def heads(options: Options, as_json: bool) -> None:
    """List the revisions nothing depends on (more than one means the history diverged)."""
    revisions = api.heads(options.settings(needs_database=False))
    if as_json:
        data = [{"id": r.id, "message": r.message, "path": str(r.path)} for r in revisions]
        click.echo(render.to_json(data))
        return
    for revision in revisions:
        click.echo(f"{revision.id}  {revision.message}")


# -- reading the database -------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {id, state, ...}.")
@pass_options
def status(options: Options, as_json: bool) -> None:
    """Show every revision: applied, pending, failed, modified or missing."""
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


@cli.command()
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
        click.echo(f"{row.id}  ({row.state}, applied {render._cell(row.applied_at)} UTC)")


HISTORY_COLUMNS = ["when (UTC)", "action", "outcome", "revision", "db user", "os user@host", "ms"]


@cli.command()
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
        checked, breaks = api.verify_chain(options.settings())
        for problem in breaks:
            click.echo(f"audit row {problem.event_id}: {problem.reason}")
        click.echo(f"audit chain: {checked} row(s), {len(breaks)} break(s)")
        if breaks:
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
    )


@cli.command()
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
    click.echo(f"\n-- {found.path.name}\n{detail.sql.rstrip()}")
    rollback = detail.rollback_sql.rstrip() if detail.rollback_sql is not None else "(missing)"
    click.echo(f"\n-- rollback\n{rollback}")
    if detail.events:
        click.echo("\n-- audit events")
        click.echo(render.table(HISTORY_COLUMNS, [_history_row(e) for e in detail.events]))


def _configured(options: Options) -> bool:
    """Whether a database is configured without starting anything (show works offline too)."""
    return options.settings(needs_database=False).database_url is not None


# -- integrity -------------------------------------------------------------------------------


@cli.command()
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


@cli.command()
@pass_options
def rehash(options: Options) -> None:
    """Rewrite sql_migrations/roble.sum for the files as they are (after a reviewed change)."""
    click.echo(f"wrote {api.rehash(options.settings(needs_database=False))}")


_yes = click.option("--yes-i-know", "confirmed", is_flag=True, help="Required in production.")


@cli.command()
@click.argument("revision")
@click.option("--applied", "state", flag_value="applied", help="It is fully applied (by hand).")
@click.option("--rolled-back", "state", flag_value="rolled-back", help="It is not applied.")
@_yes
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


# -- changing the database ------------------------------------------------------------------


def _live_terminal() -> bool:
    """A live status line only on a real terminal; plain lines in logs, pipes and NO_COLOR."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def _progress_printer(verb: str) -> Any:
    started = time.monotonic()
    live = _live_terminal()

    def show(event: api.Event) -> None:
        elapsed = time.monotonic() - started
        if live and event.kind in ("start", "done"):
            click.echo("\r\033[K", nl=False)  # clear the live line
        if event.kind == "start" and live:
            click.echo(
                f"[{event.index}/{event.total}] {event.revision_id}  {elapsed:.1f} s", nl=False
            )
        elif event.kind == "lock-wait":
            _note(f"waiting for the migration lock held by {event.detail}")
        elif event.kind == "wait-thread":
            _note(f"waiting for server thread {event.detail} of an interrupted run to finish")
        elif event.kind == "backup":
            _note(f"writing a backup to {event.detail} before applying")
        elif event.kind == "resume":
            _note(f"resuming {event.revision_id} at {event.detail}")
        elif event.kind == "lint":
            _note(f"lint: {event.detail}")
        elif event.kind == "done":
            click.echo(
                f"{verb} {event.revision_id} ({event.index}/{event.total}, {event.detail}, "
                f"{elapsed:.1f} s elapsed)"
            )

    return show


_lock_timeout = click.option(
    "--lock-timeout",
    type=float,
    default=api.DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another runner's lock.",
)
_wait = click.option(
    "--wait", type=float, default=0.0, help="Seconds to wait for the server to come up."
)


@cli.command()
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
@_lock_timeout
@_wait
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
        click.echo(api.upgrade_sql(settings, target), nl=False)
        return
    result = api.upgrade(
        options.settings(),
        target,
        allow_modified=allow_modified,
        backup=backup,
        lint=not no_lint,
        lock_timeout=lock_timeout,
        wait=wait,
        on_event=_progress_printer("applied"),
    )
    if not result.outcomes:
        click.echo("nothing to apply: the database is up to date")
    else:
        click.echo(f"applied {len(result.outcomes)} revision(s)")


@cli.command()
@click.argument("target", required=False)
@click.option("--sql", "sql_only", is_flag=True, help="Print the rollback SQL; change nothing.")
@_yes
@_lock_timeout
@_wait
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
        click.echo(api.downgrade_sql(options.settings(), target), nl=False)
        return
    result = api.downgrade(
        options.settings(),
        target,
        confirmed=confirmed,
        lock_timeout=lock_timeout,
        wait=wait,
        on_event=_progress_printer("rolled back"),
    )
    if not result.outcomes:
        click.echo("nothing to roll back")
    else:
        click.echo(f"rolled back {len(result.outcomes)} revision(s)")


@cli.command()
@click.argument("target")
@_lock_timeout
@_yes
@pass_options
def stamp(options: Options, target: str, lock_timeout: float, confirmed: bool) -> None:
    """Mark TARGET and its ancestors as applied without running them (baselining)."""
    stamped = api.stamp(options.settings(), target, confirmed=confirmed, lock_timeout=lock_timeout)
    for rid in stamped:
        click.echo(f"stamped {rid}")
    if not stamped:
        click.echo("nothing to stamp: already applied")


# -- the schema: round-trip check, drift, dump, ERD ---------------------------------------------


@cli.command()
@_yes
@pass_options
def check(options: Options, confirmed: bool) -> None:
    """Round-trip every revision on a scratch database: apply, roll back, compare, apply again.

    The scratch database (roble_check_<random>) is created on the configured server and
    dropped afterwards, also on failure; the configured database is never touched (with
    --sandbox always it runs on the local sandbox). Exit 1 naming each revision whose
    rollback does not restore the schema exactly (tables, columns, keys, foreign keys,
    checks, views, triggers, routines), with the differences: '+' left behind by the
    rollback, '-' missing after it, '~' changed.
    """
    report = api.check(
        options.settings(), confirmed=confirmed, on_event=_progress_printer("checked")
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


@cli.command("diff")
@click.option(
    "--sql",
    "sql_only",
    is_flag=True,
    help="Print the statements that turn what the revisions build into the live schema "
    "(what 'new --autogenerate --from-database' would write) instead of the differences.",
)
@_yes
@pass_options
def diff_schema(options: Options, sql_only: bool, confirmed: bool) -> None:
    """Compare the live schema with what the revisions build; exit 1 on drift.

    Every revision is applied to a scratch database (roble_diff_<random>, dropped
    afterwards) and its schema compared with the live one: '+' is only in the live
    database (added by hand?), '-' is missing from it, '~' differs. With --sql the
    same comparison is printed as SQL; nothing is written or changed.
    """
    report = api.diff(options.settings(), confirmed=confirmed)
    if report.pending:
        _note(
            f"{len(report.pending)} revision(s) are not applied to this database, so their "
            f"changes show as drift: {', '.join(report.pending)}"
        )
    if report.skipped:
        _note(f"not compared (roble does not model them): {', '.join(report.skipped)}")
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


@cli.group()
def schema() -> None:
    """The live schema as plain SQL (dump) or as a Mermaid ER diagram (erd)."""


_output = click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)


def _write_or_echo(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)
    click.echo(f"wrote {output}")


@schema.command("dump")
@_output
@click.option("--definers", is_flag=True, help="Keep the DEFINER clauses of views and programs.")
@pass_options
def schema_dump(options: Options, output: Path | None, definers: bool) -> None:
    """Print the schema as deterministic SQL that recreates it.

    Tables by name with their keys and foreign keys (foreign key checks off while it
    loads), then routines, views and triggers in DELIMITER blocks; no AUTO_INCREMENT
    counters, no DEFINER clauses unless --definers, no data. roble's and yoyo's own
    tables are left out. 'make migrate' keeps sql_migrations/schema.sql up to date.
    """
    _write_or_echo(api.schema_dump(options.settings(), definers=definers), output)


@schema.command("erd")
@_output
@click.option("--markdown", is_flag=True, help="A Markdown page with a ```mermaid block.")
@pass_options
def schema_erd(options: Options, output: Path | None, markdown: bool) -> None:
    """Print a Mermaid erDiagram of the schema: tables, columns (PK/FK/UK), foreign keys."""
    _write_or_echo(api.schema_erd(options.settings(), markdown=markdown), output)


# -- lint --------------------------------------------------------------------------------------


@cli.command()
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
    from roble_sql.lint.report import render as render_lint

    report = api.lint(options.settings(needs_database=False), list(paths))
    click.echo(render_lint(report, fmt), nl=False)
    if report.failed(strict):
        raise click.exceptions.Exit(EXIT_FAILURE)


@cli.command()
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


# -- sandbox -----------------------------------------------------------------------------------


@cli.group()
def sandbox() -> None:
    """Manage the local sandbox MariaDB kept under .roble/ (for development)."""


def _sandbox(options: Options) -> Any:
    from roble_sql.sandbox import Sandbox

    settings = options.settings(needs_database=False)
    return Sandbox(settings.project_dir / SANDBOX_DIR)


@sandbox.command("start")
@pass_options
def sandbox_start(options: Options) -> None:
    """Start it (or reuse the running one) and print its URL."""
    box = _sandbox(options)
    status = box.start()
    click.echo(f"sandbox running (pid {status.pid}): {box.url()}")


@sandbox.command("stop")
@pass_options
def sandbox_stop(options: Options) -> None:
    """Stop it; its data stays under .roble/sandbox."""
    click.echo("sandbox stopped" if _sandbox(options).stop() else "sandbox was not running")


@sandbox.command("status")
@pass_options
def sandbox_status(options: Options) -> None:
    """Say whether it runs, and where."""
    box = _sandbox(options)
    status = box.status()
    if status.running:
        click.echo(f"running (pid {status.pid}): {box.url()}")
    else:
        click.echo(f"not running (data in {status.datadir})")
        raise click.exceptions.Exit(EXIT_FAILURE)


# -- entry point -------------------------------------------------------------------------------


def _known_secrets(argv: list[str] | None) -> tuple[str | None, ...]:
    """Passwords roble may have been given, to mask in messages it did not write itself."""
    from roble_sql.dsn import PASSWORD_ENV, DatabaseURL

    secrets: list[str | None] = [os.environ.get(PASSWORD_ENV)]
    for value in [*(argv if argv is not None else sys.argv), os.environ.get("DATABASE_URL", "")]:
        if "://" in value:
            try:
                secrets.append(DatabaseURL.parse(value.split("=", 1)[-1]).password)
            except RobleError:
                continue
    return tuple(secrets)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code; every failure ends as one line, never a traceback."""
    try:
        # Without standalone mode click hands back an Exit's code as the return value.
        code = cli.main(args=argv, prog_name="roble", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("roble: aborted", err=True)
        return 130
    except RobleError as exc:
        click.echo(f"roble: error: {exc.one_line()}", err=True)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        click.echo("roble: interrupted", err=True)
        return 130
    except Exception as exc:  # a bug or an unexpected driver error: still one line
        if os.environ.get("ROBLE_DEBUG"):
            raise
        text = redact(" ".join(f"{type(exc).__name__}: {exc}".split()), _known_secrets(argv))
        click.echo(
            f"roble: error: unexpected {text}. Run again with ROBLE_DEBUG=1 for details.",
            err=True,
        )
        return EXIT_FAILURE
    return code if isinstance(code, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))
