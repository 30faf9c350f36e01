"""The differential fidelity suite: real SQL files, run by the raw client and by roble.

Each file of tests/fidelity/corpus/ (written by other people; MANIFEST.yaml says where
from) goes into two fresh databases: once through the stock ``mariadb`` client, once as a
revision through ``roble upgrade`` with its lint gate on. The two databases must hold
the same schema (tables, columns, indexes, constraints, partitions, views, routines with
bodies and parameters, triggers, events) and the same rows, byte for byte; then
``roble downgrade base`` must leave nothing, and ``roble lint`` must find no error.

Differences allowed, and only these (see tests/fidelity/snapshot.py): the session
character set attributes of stored objects, and comments inside stored-program bodies
(the client strips them, roble keeps the author's notes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import OUTPUTS, client_command, fresh_database
from tests.fidelity import snapshot

CORPUS = Path(__file__).with_name("corpus")
FILES = sorted(p for p in CORPUS.glob("*.sql") if not p.name.endswith(".rollback.sql"))
ROBLE = str(Path(sys.executable).with_name("roble"))  # the console script, as users run it


def test_the_corpus_is_big_enough() -> None:
    assert len(FILES) >= 20
    for up in FILES:
        assert up.with_name(up.name[:-4] + ".rollback.sql").is_file(), up.name


# Both runs of a file see the same clock: NOW(), UTC_TIMESTAMP() and (with the server's
# --sysdate-is-now) SYSDATE() return this moment, so rows that record "when" compare equal.
FROZEN = f"SET timestamp = {int(time.time())}"


@pytest.fixture
def client(fidelity_server: DatabaseURL, tmp_path: Path) -> list[str]:
    """The raw client's command line for the fidelity server, on the frozen clock."""
    return [*client_command(fidelity_server, tmp_path), f"--init-command={FROZEN}"]


def _run_client(command: list[str], database: str, file: Path) -> None:
    with file.open("rb") as stdin:
        done = subprocess.run([*command, database], stdin=stdin, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def _roble(project: Path, url: DatabaseURL, *args: str) -> tuple[int, str]:
    """Run the roble CLI in a fresh interpreter, as a deploy would."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("DATABASE_URL", None)
    env.pop("ROBLE_ENV", None)
    done = subprocess.run(
        [ROBLE, "--database", url.as_url(reveal=True), *args],
        cwd=project,
        env=env,
        capture_output=True,
        timeout=300,
    )
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    OUTPUTS.append(output)
    return done.returncode, output


def _project(tmp_path: Path, up: Path) -> Path:
    """A project whose only revision is ``up`` (and its rollback), bytes unchanged."""
    root = tmp_path / "project"
    migrations = root / "sql_migrations"
    migrations.mkdir(parents=True)
    (root / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/sql_migrations\n")
    shutil.copyfile(up, migrations / up.name)
    rollback = up.with_name(up.name[:-4] + ".rollback.sql")
    shutil.copyfile(rollback, migrations / rollback.name)
    return root


@pytest.mark.parametrize("up", FILES, ids=[p.stem for p in FILES])
def test_roble_runs_the_file_as_the_client_does(
    up: Path, fidelity_server: DatabaseURL, client: list[str], tmp_path: Path
) -> None:
    project = _project(tmp_path, up)
    with fresh_database(fidelity_server) as by_client, fresh_database(fidelity_server) as empty:
        by_roble = empty.with_option("init_command", FROZEN)
        _run_client(client, by_client.database or "", up)
        code, output = _roble(project, by_roble, "upgrade")
        assert code == 0, output
        differences = snapshot.diff(snapshot.snapshot(by_client), snapshot.snapshot(by_roble))
        assert differences == [], "\n".join(differences)

        code, output = _roble(project, by_roble, "lint")
        assert code == 0, output  # no error on a sound file (warnings are fine)

        code, output = _roble(project, by_roble, "downgrade", "base")
        assert code == 0, output
        left = snapshot.snapshot(by_roble)
        assert snapshot.is_empty(left), snapshot.diff(left, snapshot.snapshot(by_client))
