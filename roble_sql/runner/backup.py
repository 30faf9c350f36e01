"""A consistent dump of the database before applying (mariadb-dump/mysqldump)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from roble_sql.dsn import DatabaseURL, redact
from roble_sql.errors import (
    ConfigError,
    DatabaseError,
)

DUMP_TOOLS = ("mariadb-dump", "mysqldump")


def dump_database(url: DatabaseURL, path: Path) -> Path:
    """Run mariadb-dump/mysqldump with --single-transaction; the password goes in a 0600 file."""
    tool = next((found for name in DUMP_TOOLS if (found := shutil.which(name))), None)
    if tool is None:
        raise ConfigError(
            "--backup needs mariadb-dump or mysqldump, and neither is installed",
            hint="install the client tools (apt-get install mariadb-client) or drop --backup",
        )
    target = path.resolve()
    partial = target.with_name(target.name + ".partial")
    with tempfile.NamedTemporaryFile("w", prefix="roble-", suffix=".cnf", delete=False) as options:
        os.chmod(options.name, 0o600)
        options.write(_client_options(url))
    try:
        with partial.open("wb") as out:
            done = subprocess.run(
                [
                    tool,
                    f"--defaults-extra-file={options.name}",
                    "--single-transaction",
                    "--routines",
                    "--triggers",
                    "--hex-blob",
                    "--no-tablespaces",
                    "--databases",
                    url.database or "",
                ],
                stdout=out,
                stderr=subprocess.PIPE,
                check=False,
            )
    finally:
        os.unlink(options.name)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        message = redact(
            done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
            if done.stderr.strip()
            else f"exit {done.returncode}",
            (url.password,),
        )
        raise DatabaseError(
            f"the backup failed, so nothing was applied: {message}",
            where=str(target),
            hint="fix the dump problem (privileges: SELECT, SHOW VIEW, TRIGGER, LOCK TABLES) and run again",
        )
    partial.rename(target)
    return target


def _client_options(url: DatabaseURL) -> str:
    lines = ["[client]"]
    for key, value in (
        ("user", url.user),
        ("password", url.password),
        ("host", url.host),
        ("port", url.port),
        ("socket", url.unix_socket),
    ):
        if value is not None:
            lines.append(
                f'{key}="{str(value).replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
            )
    return "\n".join(lines) + "\n"
