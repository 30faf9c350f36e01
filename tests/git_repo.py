"""A real git repository of a test's own, around its project folder: commits by named
authors, branches and merges, as a team's review flow makes them."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.conftest import Project

DBA = ("Dana DBA", "dana@muebles-roble.example")
REVIEWER = ("Rui Reviewer", "rui@muebles-roble.example")


@dataclass
class GitRepo:
    root: Path

    def git(self, *args: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env |= {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, message: str, author: tuple[str, str] = DBA) -> str:
        """Commit everything in the work tree as ``author``; the new commit's hash."""
        name, email = author
        self.git("add", "-A")
        self.git(
            "-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "-q", "-m", message
        )
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def checkout(self, branch: str, *, new: bool = False) -> None:
        self.git("checkout", "-q", *(["-b"] if new else []), branch)

    def merge(self, branch: str, author: tuple[str, str] = REVIEWER) -> str:
        """Merge ``branch`` into the current one with a merge commit (a reviewed pull request)."""
        name, email = author
        self.git(
            "-c", f"user.name={name}", "-c", f"user.email={email}",
            "merge", "-q", "--no-ff", "-m", f"Merge {branch} (reviewed)", branch,
        )  # fmt: skip
        return self.head()


@pytest.fixture
def git_project(project: Project) -> GitRepo:
    """The test's project folder as a git repository on ``main``, yoyo.ini committed."""
    repo = GitRepo(project.root)
    repo.git("init", "-q", "-b", "main")
    repo.commit("project")
    return repo
