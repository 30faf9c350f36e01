"""A fleet for the tests: two throwaway MariaDB servers and databases spread across them.

``fleet`` (session-scoped) starts the two servers once; ``fleet.databases(n)`` creates
``n`` empty databases, alternating between the servers, and drops them afterwards::

    with fleet.databases(20) as urls:
        fleet.write_targets(tmp_path / "targets.txt", urls)
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL

# tests.conftest imports this module to register ``fleet``: its helpers are imported late.


@dataclass
class Fleet:
    """Two servers (URLs of the password-protected test user, without a database)."""

    servers: list[DatabaseURL]

    @contextlib.contextmanager
    def databases(self, count: int, prefix: str = "roble_f") -> Iterator[list[DatabaseURL]]:
        """``count`` new, empty databases, round-robin over the servers, dropped after.
        Their names share ``<prefix>_<run>_`` so a glob can select exactly them."""
        from tests.conftest import admin_query

        run = uuid.uuid4().hex[:6]
        urls = [
            self.servers[i % len(self.servers)].with_database(f"{prefix}_{run}_{i:03d}")
            for i in range(count)
        ]
        try:
            for url in urls:
                admin_query(url.with_database(None), f"CREATE DATABASE `{url.database}`")
            yield urls
        finally:
            for url in urls:
                admin_query(url.with_database(None), f"DROP DATABASE IF EXISTS `{url.database}`")

    @staticmethod
    def write_targets(path: Path, urls: list[DatabaseURL], *, reveal: bool = False) -> Path:
        """A --targets file, one URL a line; without ``reveal`` the passwords are left
        out (roble takes them from --database for the same user)."""
        lines = ["# fleet targets written by the test"]
        for url in urls:
            lines.append(url.as_url(reveal=True) if reveal else url.with_password(None).as_url())
        path.write_text("\n".join(lines) + "\n")
        return path


@pytest.fixture(scope="session")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    """Two throwaway MariaDB servers, started once for the session."""
    from tests.conftest import throwaway_server

    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(throwaway_server(tmp_path_factory.mktemp(f"fleet{i}")))
            for i in range(2)
        ]
        yield Fleet(servers)
