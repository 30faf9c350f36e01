"""The command line: parses options, calls ``api``, renders what comes back.

Errors end as one line on stderr (what, where, what to do) and an exit code
from ``errors.exit_code_for``: 1 when the work failed, 2 for usage/configuration.

The commands live in one module per group (files, reading, integrity, changing,
review, linting, sandboxes) and are imported when used: ``roble status`` does not
load what ``roble upgrade`` needs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from importlib import import_module

import click

from roble_sql import __version__
from roble_sql.cli.common import CONTEXT, Options
from roble_sql.dsn import redact
from roble_sql.errors import (
    EXIT_FAILURE,
    EXIT_USAGE,
    RobleError,
    exit_code_for,
)

# command name -> (module in roble_sql.cli, attribute)
COMMANDS = {
    "init": ("files", "init"),
    "new": ("files", "new"),
    "merge": ("files", "merge"),
    "heads": ("files", "heads"),
    "graph": ("files", "graph"),
    "adopt": ("changing", "adopt"),
    "status": ("reading", "status"),
    "current": ("reading", "current"),
    "history": ("reading", "history"),
    "show": ("reading", "show"),
    "verify": ("integrity", "verify"),
    "audit": ("auditing", "audit"),
    "rehash": ("integrity", "rehash"),
    "resolve": ("integrity", "resolve"),
    "seal": ("integrity", "seal"),
    "upgrade": ("changing", "upgrade"),
    "downgrade": ("changing", "downgrade"),
    "stamp": ("changing", "stamp"),
    "restore": ("changing", "restore"),
    "check": ("review", "check"),
    "diff": ("review", "diff_schema"),
    "schema": ("review", "schema"),
    "lint": ("linting", "lint"),
    "rules": ("linting", "rules"),
    "sandbox": ("sandboxes", "sandbox"),
}


class LazyGroup(click.Group):
    """The root group: a command's module is imported only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command: click.Command = getattr(import_module(f"roble_sql.cli.{module}"), attribute)
        return command


@click.group(cls=LazyGroup, context_settings=CONTEXT)
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
@click.option(
    "--allow-rsu",
    is_flag=True,
    envvar="ROBLE_ALLOW_RSU",
    help="On Galera, run even when wsrep_OSU_method=RSU (DDL changes this node only).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    database: str | None,
    migrations: str | None,
    config: str | None,
    defaults_file: str | None,
    sandbox: str,
    allow_rsu: bool,
) -> None:
    """roble: plain-SQL schema migrations for MySQL and MariaDB.

    Revisions are <id>.sql (up) and <id>.rollback.sql (down) in sql_migrations/,
    ordered by their '-- depends:' header. Every apply, rollback and stamp is recorded
    in the roble_audit table with the file's sha256, who ran it, where and when.

    Exit codes: 0 success, 1 the work failed, 2 usage or configuration error.
    """
    ctx.obj = Options(database, migrations, config, sandbox, defaults_file, allow_rsu)


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
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):  # a replaced stream
            # A file's bytes that are not UTF-8 print as \udcNN instead of crashing.
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    sys.exit(run(sys.argv[1:]))
