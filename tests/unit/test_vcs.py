"""vcs.py against real git repositories: sha1 and sha256 object formats, merges, binary
files, files that are staged, untracked or ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from roble_sql.folder import revision_files
from roble_sql.vcs import Provenance, Repository
from tests.git_repo import DBA, REVIEWER, GitRepo


def _repo(tmp_path: Path, object_format: str = "sha1") -> tuple[GitRepo, Path]:
    repo = GitRepo(tmp_path)
    repo.git("init", "-q", "-b", "main", f"--object-format={object_format}")
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    return repo, folder


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_clean_files_and_their_last_commits(tmp_path: Path, object_format: str):
    repo, folder = _repo(tmp_path, object_format)
    (folder / "0001_a.sql").write_bytes(
        b"CREATE TABLE a (b BLOB);\nINSERT INTO a VALUES (X'00ff');\n"
    )
    (folder / "0001_a.rollback.sql").write_text("DROP TABLE a;\n")
    first = repo.commit("a")
    (folder / "0002_b.sql").write_bytes(b"-- \xe9t\xe9 latin1\r\nSELECT 1;\r\n")
    second = repo.commit("b")
    provenance = Provenance(folder)
    assert provenance.commit == second
    origin = provenance.origin(folder / "0001_a.sql")
    assert origin is not None and origin.clean and origin.last_commit == first
    assert origin.path == "db/migrations/0001_a.sql"
    assert provenance.origin(folder / "0002_b.rollback.sql") is None  # neither here nor committed
    columns = provenance.columns(revision_files(folder / "0002_b.sql"))
    assert columns == {
        "vcs_commit": second,
        "vcs_clean": 1,
        "vcs_file_commit": second,
        "vcs_path": "db/migrations/0002_b.sql",
    }
    repository = Repository.of(folder)
    assert repository is not None and repository.object_format == object_format
    data = repository.read(
        [(first, "db/migrations/0001_a.sql"), (first, "db/migrations/0002_b.sql")]
    )
    assert data[(first, "db/migrations/0001_a.sql")] == (folder / "0001_a.sql").read_bytes()
    assert data[(first, "db/migrations/0002_b.sql")] is None


def test_staged_untracked_and_ignored_files_are_not_clean(tmp_path: Path):
    repo, folder = _repo(tmp_path)
    (folder / "0001_a.sql").write_text("SELECT 1;\n")
    (tmp_path / ".gitignore").write_text("db/migrations/*.local.sql\n")
    repo.commit("a")
    (folder / "0001_a.sql").write_text("SELECT 2;\n")
    repo.git("add", "-A")  # staged, not committed
    (folder / "0002_new.sql").write_text("SELECT 3;\n")  # untracked
    (folder / "0003_x.local.sql").write_text("SELECT 4;\n")  # ignored
    provenance = Provenance(folder)
    for name in ("0001_a.sql", "0002_new.sql", "0003_x.local.sql"):
        origin = provenance.origin(folder / name)
        assert origin is not None and not origin.clean, name
    assert provenance.origin(folder / "0002_new.sql").last_commit is None  # type: ignore[union-attr]


def test_merged_in_names_the_merge_that_brought_a_branch_commit(tmp_path: Path):
    repo, folder = _repo(tmp_path)
    (folder / "base.sql").write_text("SELECT 0;\n")
    repo.commit("base")
    repo.checkout("feature", new=True)
    (folder / "0001_a.sql").write_text("SELECT 1;\n")
    change = repo.commit("a", DBA)
    repo.checkout("main")
    (folder / "other.sql").write_text("SELECT 9;\n")
    direct = repo.commit("direct", REVIEWER)
    merge = repo.merge("feature")
    repository = Repository.of(folder)
    assert repository is not None
    line = set(repository.first_parents(merge))
    assert repository.merged_in(change, merge, line) == merge
    assert repository.merged_in(direct, merge, line) == direct
    assert repository.is_ancestor(change, merge) and not repository.is_ancestor(merge, change)
    assert repository.last_commits(merge, "db/migrations", ["db/migrations/0001_a.sql"]) == {
        "db/migrations/0001_a.sql": change
    }
    assert repository.commit(change).author_name == DBA[0]


def test_outside_a_repository_there_is_no_provenance(tmp_path: Path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "0001_a.sql").write_text("SELECT 1;\n")
    assert Repository.of(folder) is None
    provenance = Provenance(folder)
    assert provenance.commit is None and provenance.columns([folder / "0001_a.sql"]) == {}
