"""A server of the fidelity suite's own, whose clock the two runs of a file can share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import throwaway_server

# SYSDATE() as NOW(), so that both runs, each with SET timestamp, see the same time; no
# event may fire while the two databases are compared.
FIDELITY_SETTINGS = ("--sysdate-is-now", "--event-scheduler=OFF")


@pytest.fixture(scope="session")
def fidelity_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseURL]:
    """Admin URL (no database) of a throwaway server started for the fidelity suite."""
    with throwaway_server(tmp_path_factory.mktemp("fidelity"), FIDELITY_SETTINGS) as url:
        yield url
