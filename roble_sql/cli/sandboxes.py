"""The local sandbox MariaDB: start, stop, status."""

from __future__ import annotations

from typing import Any

import click

from roble_sql.cli.common import (
    SANDBOX_DIR,
    Options,
    pass_options,
)
from roble_sql.errors import EXIT_FAILURE


@click.group()
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
