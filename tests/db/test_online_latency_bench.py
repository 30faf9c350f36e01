"""bench/online_latency.py on a small table: both runs apply for real and are reported."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench import online_latency
from bench.tools import Server
from roble_sql.dsn import DatabaseURL

TOOL = "pt-online-schema-change"


@pytest.fixture(autouse=True)
def _tool_installed() -> None:
    if shutil.which(TOOL) is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {TOOL} is not installed (apt-get install percona-toolkit)")
        pytest.skip(f"{TOOL} is not installed")


@pytest.mark.slow
def test_single_server_runs_apply_the_change_and_fill_every_cell(
    server: DatabaseURL, tmp_path: Path
) -> None:
    bench_server = Server(server)
    runs = online_latency.run_single(5_000, tmp_path, lambda text: None, bench_server)

    assert [(r.setup, r.how) for r in runs] == [("single", "plain"), ("single", "online")]
    for run in runs:
        assert run.failure is None, run.failure  # roble exited 0, big.n is bigint, yoyo row
        assert run.writes > 0 and run.worst_ms is not None and run.p99_ms is not None
        assert run.change_seconds is not None and run.change_seconds > 0
    # each run dropped its database afterwards
    assert not bench_server.admin(f"SHOW DATABASES LIKE '{online_latency.DB}'")
    markdown = online_latency.table(runs)
    assert "| single server | `-- roble: online` |" in markdown
    assert "not measured" not in markdown


def test_a_cluster_that_cannot_start_becomes_rows_saying_why() -> None:
    runs = [
        online_latency.LatencyRun("galera", how, 10, failure="the Galera cluster did not start: X")
        for how in online_latency.HOWS
    ]
    markdown = online_latency.table(runs)
    assert markdown.count("not measured") == 2
    assert "the Galera cluster did not start: X" in markdown
    assert online_latency.title(1_000_000) == (
        "Write latency during a column-type change (1M rows)"
    )
