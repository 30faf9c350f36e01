"""The floor: the least any tool built like roble (Python, click, PyMySQL) can cost.

    python bench/floor.py --socket PATH --user root DB FILE...

It imports what roble must import (click and PyMySQL), connects once the way roble does
(no TLS on a socket or loopback), and sends each file as one multi-statement query, reading
every result. No lock, no lint, no checksums, no bookkeeping, no audit: the cost of the
interpreter, the libraries and the driver, nothing else. A ratio target that this floor
already misses can't be met by roble on that machine. Password: ``$MYSQL_PWD``, as the
raw client reads it.

Run as a file: it must not import roble (or the bench package), which would add its cost.
"""

from __future__ import annotations

import os

import click
import pymysql
from pymysql.constants import CLIENT


@click.command()
@click.option("--socket", "unix_socket", help="unix socket of the server")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=3306, show_default=True)
@click.option("--user", default="root", show_default=True)
@click.argument("database")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def main(
    unix_socket: str | None, host: str, port: int, user: str, database: str, files: tuple[str]
) -> None:
    """Send each FILE to DATABASE as one multi-statement query."""
    connection = pymysql.connect(
        unix_socket=unix_socket,
        host=host,
        port=port,
        user=user,
        password=os.environ.get("MYSQL_PWD", ""),
        database=database,
        autocommit=True,
        client_flag=CLIENT.MULTI_STATEMENTS,
        ssl_disabled=True,
    )
    try:
        with connection.cursor() as cursor:
            for path in files:
                with open(path, encoding="utf-8") as handle:
                    cursor.execute(handle.read())
                while cursor.nextset():
                    pass
    finally:
        connection.close()


if __name__ == "__main__":
    main()
