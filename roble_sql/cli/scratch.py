"""--scratch-url: the server the scratch tools (check, diff, new --autogenerate) work on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from roble_sql.cli.common import SANDBOX_DIR, Options, note
from roble_sql.config import Settings, load_settings
from roble_sql.errors import ConfigError

if TYPE_CHECKING:
    from roble_sql.dsn import DatabaseURL

ENV_SCRATCH_URL = "ROBLE_SCRATCH_URL"
CONFIG_KEY = "scratch_url"  # in yoyo.ini [roble]
SANDBOX = "sandbox"
ENVIRONMENT = click.core.ParameterSource.ENVIRONMENT

scratch_url_option = click.option(
    "--scratch-url",
    metavar="URL|sandbox",
    envvar=ENV_SCRATCH_URL,
    help="Make the scratch databases on this server (mysql://user@host:port; 'sandbox': the "
    "local sandbox MariaDB) instead of the configured one, which is then only read. Else "
    f"${ENV_SCRATCH_URL}, else yoyo.ini [roble] {CONFIG_KEY}.",
)


def scratch_server(options: Options, settings: Settings, value: str | None) -> DatabaseURL | None:
    """The scratch server asked for (option, environment, then yoyo.ini), or None: the
    configured server. A URL's password is found as --database's is (ROBLE_DB_PASSWORD,
    --defaults-file, ~/.my.cnf); its database part, if any, is not used."""
    source = "--scratch-url"
    context = click.get_current_context(silent=True)
    if context is not None and context.get_parameter_source("scratch_url") == ENVIRONMENT:
        source = ENV_SCRATCH_URL
    if not value:
        value = settings.roble_options.get(CONFIG_KEY) or None
        source = f"{settings.config_path} [roble] {CONFIG_KEY}"
    if value is None:
        return None
    if value == SANDBOX:
        return _sandbox_server(settings)
    try:
        url = load_settings(
            database=value,
            migrations=options.migrations,
            config=options.config,
            defaults_file=options.defaults_file,
        ).database_url
    except ConfigError as exc:
        exc.where = source
        raise
    assert url is not None
    return url.with_database(None)


def _sandbox_server(settings: Settings) -> DatabaseURL:
    """The local sandbox MariaDB under .roble/, started if it is not running. Allowed in
    production too: it only receives the revisions, never production's data."""
    from roble_sql.dsn import DatabaseURL
    from roble_sql.sandbox import Sandbox

    sandbox = Sandbox(settings.project_dir / SANDBOX_DIR)
    status = sandbox.start()
    note(f"scratch databases on the local sandbox MariaDB ({status.socket})")
    return DatabaseURL.parse(sandbox.url()).with_database(None)
