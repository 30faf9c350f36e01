"""New files: a project's yoyo.ini and folder, and revision pairs with their header."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from roble_sql.errors import UsageError
from roble_sql.sources import ROLLBACK_SUFFIX, UP_SUFFIX

YOYO_INI = """\
# roble / yoyo settings. Never write a password here: use DATABASE_URL,
# ROBLE_DB_PASSWORD or a MySQL option file (?read_default_file=~/.my.cnf).
[DEFAULT]
sources = %(here)s/{folder}
migration_table = _yoyo_migration
batch_mode = on
verbosity = 0
# database = mysql://deploy@db.example.com:3306/muebles_roble

[roble]
# env = production
"""


@dataclass(frozen=True)
class NewRevision:
    id: str
    path: Path
    rollback_path: Path
    depends: tuple[str, ...]


def slugify(message: str) -> str:
    """``Add hex_code field to colors`` -> ``add_hex_code_field_to_colors`` (at most 48 chars)."""
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    return slug[:48].rstrip("_") or "revision"


def new_revision_id() -> str:
    return uuid.uuid4().hex[:12]


def write_revision(
    directory: Path,
    message: str,
    depends: tuple[str, ...],
    *,
    author: str,
    now: datetime,
    up_body: str = "",
    rollback_body: str = "",
    revision_id: str | None = None,
) -> NewRevision:
    """Write ``<id>_<slug>.sql`` and its ``.rollback.sql`` with a reviewable header."""
    message = " ".join(message.split())  # one header line, whatever was typed
    if not message:
        raise UsageError("the revision needs a message", hint='pass -m "what this revision does"')
    full_id = f"{revision_id or new_revision_id()}_{slugify(message)}"
    up = directory / f"{full_id}{UP_SUFFIX}"
    down = directory / f"{full_id}{ROLLBACK_SUFFIX}"
    if up.exists() or down.exists():
        raise UsageError(f"{up.name} already exists", hint="choose another message")
    header = _header(message, full_id, depends, author, now)
    up.write_text(
        header + (up_body or "-- Write the schema change here, one statement per ;\n"),
        encoding="utf-8",
    )
    down.write_text(
        f"-- Roll back: {message}\n-- Revision ID: {full_id}\n\n"
        + (rollback_body or "-- Write the exact reverse of the up file here, in reverse order\n"),
        encoding="utf-8",
    )
    return NewRevision(full_id, up, down, depends)


def _header(
    message: str, full_id: str, depends: tuple[str, ...], author: str, now: datetime
) -> str:
    lines = [
        f"-- {message.strip()}",
        "--",
        f"-- Revision ID: {full_id}",
        f"-- Revises: {', '.join(depends) if depends else '(base)'}",
        f"-- Create Date: {now.strftime('%Y-%m-%d %H:%M:%S')} UTC",
        f"-- Author: {author}",
    ]
    if depends:
        lines.append(f"-- depends: {' '.join(depends)}")
    return "\n".join(lines) + "\n\n"


def init_project(project_dir: Path, folder: str = "sql_migrations") -> list[Path]:
    """Create the migrations folder and a yoyo.ini without any password; return what was made."""
    created = []
    migrations = project_dir / folder
    if not migrations.exists():
        migrations.mkdir(parents=True)
        created.append(migrations)
    config = project_dir / "yoyo.ini"
    if not config.exists():
        config.write_text(YOYO_INI.format(folder=folder), encoding="utf-8")
        created.append(config)
    return created
