"""What the command modules share: the global options, repeated options, notes, progress."""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from roble_sql import api
from roble_sql.config import Settings, load_settings
from roble_sql.errors import ConfigError

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
        allow_rsu: bool = False,
    ):
        self.database = database
        self.migrations = migrations
        self.config = config
        self.sandbox = sandbox
        self.defaults_file = defaults_file
        self.allow_rsu = allow_rsu
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
            if self.allow_rsu:
                from dataclasses import replace

                settings = replace(settings, allow_rsu=True)
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
    note(f"using the local sandbox MariaDB ({status.socket}); no database is configured")
    return replace(
        settings, database_url=DatabaseURL.parse(sandbox.url()), database_source="sandbox"
    )


def note(text: str) -> None:
    click.echo(f"roble: {text}", err=True)


pass_options = click.make_pass_decorator(Options)


yes_option = click.option("--yes-i-know", "confirmed", is_flag=True, help="Required in production.")

lock_timeout_option = click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=api.DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another runner's lock.",
)
wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    help="Seconds to wait for the server to come up.",
)


def chain_head_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--chain-head FILE`` (or $ROBLE_CHAIN_HEAD) on a command that writes the audit log:
    afterwards, failed or not, the log's last row (id:hash) is appended to FILE, or
    printed with ``-``, to anchor the log outside the database ('roble verify
    --chain-head FILE' checks it later)."""

    @click.option(
        "--chain-head",
        "chain_head",
        metavar="FILE",
        envvar="ROBLE_CHAIN_HEAD",
        help="Afterwards, append the audit log's head (id:hash) to FILE ('-': print it).",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, chain_head: str | None, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        finally:
            if chain_head:
                _anchor(chain_head, click.get_current_context())

    return wrapper


def _anchor(target: str, ctx: click.Context) -> None:
    options = ctx.find_object(Options)
    try:
        head = api.chain_head(options.settings()) if options else None
    except Exception:  # the command's own error (server down...) is the one to report
        note("could not read the audit chain head")
        return
    if head is None:
        note("the audit log is empty: no chain head to record")
        return
    if target == "-":
        note(f"audit chain head {head}")
        return
    line = f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} {ctx.info_name} {head}\n"
    try:
        with open(target, "a", encoding="ascii") as out:
            out.write(line)
    except OSError as exc:
        note(f"could not append the audit chain head to {target}: {exc.strerror}")


output_option = click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)


def live_terminal() -> bool:
    """A live status line only on a real terminal; plain lines in logs, pipes and NO_COLOR."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def progress_printer(verb: str) -> Any:
    started = time.monotonic()
    live = live_terminal()

    def show(event: api.Event) -> None:
        elapsed = time.monotonic() - started
        if live and event.kind in ("start", "done"):
            click.echo("\r\033[K", nl=False)  # clear the live line
        if event.kind == "start" and live:
            click.echo(
                f"[{event.index}/{event.total}] {event.revision_id}  {elapsed:.1f} s", nl=False
            )
        elif event.kind == "lock-wait":
            note(f"waiting for the migration lock held by {event.detail}")
        elif event.kind == "ddl-wait":
            note(event.detail)
        elif event.kind == "wait-thread":
            note(f"waiting for server thread {event.detail} of an interrupted run to finish")
        elif event.kind == "backup":
            note(f"writing a backup to {event.detail} before applying")
        elif event.kind == "backup-done":
            note(f"backup written: {event.detail} (readable by its owner only)")
        elif event.kind == "resume":
            note(f"resuming {event.revision_id} at {event.detail}")
        elif event.kind == "lint":
            note(f"lint: {event.detail}")
        elif event.kind == "vcs-warning":
            note(event.detail)
        elif event.kind == "online":  # the online schema change tool's own lines
            note(f"{event.revision_id}: online: {event.detail}")
        elif event.kind == "done":
            click.echo(
                f"{verb} {event.revision_id} ({event.index}/{event.total}, {event.detail}, "
                f"{elapsed:.1f} s elapsed)"
            )

    return show
