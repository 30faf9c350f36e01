"""Reading revisions the way the commands do (the folder model), for assertions."""

from __future__ import annotations

from pathlib import Path

from roble_sql.folder import Folder, Revision


def read_revisions(directory: Path) -> list[Revision]:
    """Every revision of ``directory``, headers read (as a command loads them)."""
    folder = Folder.open(directory)
    folder.read_headers()
    return folder.revisions


def read_revision(path: Path) -> Revision:
    """The revision whose up file is ``path``, its header read."""
    found = next(r for r in Folder.open(path.parent).revisions if r.path.name == path.name)
    found.up.header  # noqa: B018 - reads it
    return found
