"""roble.sum under git: two branches that each add a revision merge with no conflict, and
verify --offline then names the two heads and the fix."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from roble_sql.cli import run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=dba", "-c", "user.email=dba@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _roble(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run(["--migrations", str(root / "sql_migrations"), *args])
    return code, capsys.readouterr().out


def test_two_branches_that_each_add_a_revision_merge_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    _git(tmp_path, "init", "-q", "-b", "main")
    assert _roble(tmp_path, capsys, "init")[0] == 0
    assert _roble(tmp_path, capsys, "new", "-m", "create colors")[0] == 0
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    for branch in ("left", "right"):
        _git(tmp_path, "checkout", "-q", "-b", branch, "main")
        assert _roble(tmp_path, capsys, "new", "-m", f"add {branch} column")[0] == 0
        _git(tmp_path, "add", "-A")
        _git(tmp_path, "commit", "-q", "-m", branch)
    _git(tmp_path, "checkout", "-q", "left")
    _git(tmp_path, "merge", "-q", "--no-edit", "right")  # exits 0: no conflict
    text = (tmp_path / "sql_migrations" / "roble.sum").read_text()
    assert "<<<<<<<" not in text and text.count("h1:") == 6  # 3 revisions x 2 files

    code, out = _roble(tmp_path, capsys, "verify", "--offline", "--json")
    assert code == 1
    problems = json.loads(out)
    assert [p["kind"] for p in problems] == ["heads"]
    assert "roble merge" in problems[0]["message"]
    assert _roble(tmp_path, capsys, "merge", "-m", "join left and right")[0] == 0
    assert _roble(tmp_path, capsys, "verify", "--offline") == (0, "verify: ok\n")


def test_both_branches_editing_one_file_is_a_conflict_to_settle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    assert _roble(tmp_path, capsys, "init")[0] == 0
    assert _roble(tmp_path, capsys, "new", "-m", "create colors")[0] == 0
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    (up,) = (tmp_path / "sql_migrations").glob("*_create_colors.sql")
    for branch in ("left", "right"):
        _git(tmp_path, "checkout", "-q", "-b", branch, "main")
        (tmp_path / "sql_migrations" / f"{branch}.txt").write_text(branch)
        up.write_text(up.read_text() + f"-- edited on {branch}\n")
        assert _roble(tmp_path, capsys, "rehash")[0] == 0
        _git(tmp_path, "add", "-A")
        _git(tmp_path, "commit", "-q", "-m", branch)
    _git(tmp_path, "checkout", "-q", "left")
    merged = subprocess.run(["git", "merge", "-q", "--no-edit", "right"], cwd=tmp_path)
    assert merged.returncode != 0  # the .sql file itself conflicts: git stops
    up.write_text(up.read_text().split("<<<<<<<")[0] + "-- edited on both\n")
    _git(tmp_path, "add", "-A")
    code, out = _roble(tmp_path, capsys, "verify", "--offline", "--json")
    assert code == 1
    assert [(p["kind"], p["where"]) for p in json.loads(out)] == [("sum-conflict", up.name)]
