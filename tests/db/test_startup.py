"""Read-only commands start fast by not importing what they don't use (not a timed test).

Each command runs in a fresh interpreter, as a person runs it, and reports the modules it
loaded; the writing side (yoyo, the lint engine with sqlparse, the schema tools, the other
command groups) must not be among them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import Project, Roble

# Run the CLI, then print the loaded module names as JSON on the last line.
PROBE = """
import json, sys
from roble_sql.cli import run
code = run(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

NOT_FOR_READING = (
    "yoyo",
    "sqlparse",
    "roble_sql.lint",
    "roble_sql.schema",
    "roble_sql.splitter",
    "roble_sql.sandbox",
    "roble_sql.runner.backup",
    "roble_sql.cli.changing",
    "roble_sql.cli.files",
    "roble_sql.cli.review",
    "roble_sql.cli.linting",
)


def _loaded(project: Project, roble: Roble, *args: str) -> tuple[int, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROBLE_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--database", roble.url.as_url(reveal=True), *args],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["code"], report["modules"]


@pytest.mark.parametrize("command", ["status", "current", "history"])
def test_read_only_commands_load_nothing_of_the_writing_side(
    shipped: Project, roble: Roble, command: str
) -> None:
    assert roble("upgrade").code == 0  # something to read, written with everything loaded
    code, modules = _loaded(shipped, roble, command)
    assert code == 0
    assert "roble_sql.cli.reading" in modules  # the probe did run the command
    loaded = [m for m in modules if m.startswith(NOT_FOR_READING)]
    assert loaded == []


def test_upgrade_loads_what_it_needs(shipped: Project, roble: Roble) -> None:
    """The other side of the same probe: it sees the modules a writing command uses."""
    code, modules = _loaded(shipped, roble, "upgrade")
    assert code == 0
    assert {"yoyo", "sqlparse", "roble_sql.lint.engine", "roble_sql.cli.changing"} <= set(modules)
