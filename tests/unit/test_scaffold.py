"""Tests for roble_sql.scaffold: slugs, new revision pairs and their header, project init."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roble_sql import scaffold
from roble_sql.config import load_settings
from roble_sql.errors import UsageError, exit_code_for
from tests.folder_helpers import read_revision, read_revisions

NOW = datetime(2024, 3, 9, 14, 5, 7, tzinfo=UTC)
PROJECT_ROOT = Path(scaffold.__file__).resolve().parent.parent


def _new(folder: Path, message: str, depends: tuple[str, ...] = (), **kwargs: str):
    return scaffold.write_revision(
        folder, message, depends, author="Ana <ana@example.com>", now=NOW, **kwargs
    )


# --- slugify ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "slug"),
    [
        ("Add hex_code field to colors", "add_hex_code_field_to_colors"),
        ("  Create   colors table!  ", "create_colors_table"),
        ("Drop FK: orders -> customers", "drop_fk_orders_customers"),
        ("v2.1 release", "v2_1_release"),
        ("__already__snake__", "already_snake"),
        ("!!!", "revision"),
        ("", "revision"),
        ("x" * 60, "x" * 48),
        # cut at 48 characters, then no trailing underscore
        ("a" * 47 + " bcd", "a" * 47),
        ("Añadir año", "a_adir_a_o"),
    ],
)
def test_slugify(message: str, slug: str) -> None:
    assert scaffold.slugify(message) == slug
    assert len(scaffold.slugify(message)) <= 48


def test_new_revision_id() -> None:
    first, second = scaffold.new_revision_id(), scaffold.new_revision_id()
    assert len(first) == 12
    assert int(first, 16) >= 0  # hexadecimal
    assert first != second


# --- write_revision --------------------------------------------------------------------------


def test_write_revision_files_and_header(tmp_path: Path) -> None:
    new = _new(tmp_path, "Add sizes table", ("a1_init", "b2_colors"), revision_id="c3d4e5f6a7b8")
    assert new.id == "c3d4e5f6a7b8_add_sizes_table"
    assert new.path == tmp_path / "c3d4e5f6a7b8_add_sizes_table.sql"
    assert new.rollback_path == tmp_path / "c3d4e5f6a7b8_add_sizes_table.rollback.sql"
    assert new.depends == ("a1_init", "b2_colors")
    assert new.path.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        -- Add sizes table
        --
        -- Revision ID: c3d4e5f6a7b8_add_sizes_table
        -- Revises: a1_init, b2_colors
        -- Create Date: 2024-03-09 14:05:07 UTC
        -- Author: Ana <ana@example.com>
        -- depends: a1_init b2_colors

        -- Write the schema change here, one statement per ;
        """
    )
    assert new.rollback_path.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        -- Roll back: Add sizes table
        -- Revision ID: c3d4e5f6a7b8_add_sizes_table

        -- Write the exact reverse of the up file here, in reverse order
        """
    )


def test_write_revision_without_depends(tmp_path: Path) -> None:
    new = _new(tmp_path, "  Init  ", revision_id="a1")
    text = new.path.read_text(encoding="utf-8")
    assert text.splitlines()[:6] == [
        "-- Init",
        "--",
        "-- Revision ID: a1_init",
        "-- Revises: (base)",
        "-- Create Date: 2024-03-09 14:05:07 UTC",
        "-- Author: Ana <ana@example.com>",
    ]
    assert "depends" not in text


def test_write_revision_with_bodies(tmp_path: Path) -> None:
    new = _new(
        tmp_path,
        "Colors",
        revision_id="a1",
        up_body="CREATE TABLE colors (id int);\n",
        rollback_body="DROP TABLE colors;\n",
    )
    assert new.path.read_text(encoding="utf-8").endswith("\n\nCREATE TABLE colors (id int);\n")
    assert new.rollback_path.read_text(encoding="utf-8").endswith("\n\nDROP TABLE colors;\n")


def test_generated_id_is_random_hex(tmp_path: Path) -> None:
    new = _new(tmp_path, "Colors")
    prefix, slug = new.id.split("_", 1)
    assert slug == "colors"
    assert len(prefix) == 12
    int(prefix, 16)


@pytest.mark.parametrize("depends", [(), ("a1_init",), ("a1_init", "b2_colors")])
def test_written_revision_parses_back(tmp_path: Path, depends: tuple[str, ...]) -> None:
    new = _new(tmp_path, "Add hex_code to colors", depends, revision_id="ff00")
    revision = read_revision(new.path)
    assert revision.id == new.id
    assert revision.depends == depends
    assert revision.message == "Add hex_code to colors"
    assert revision.transactional is None
    assert revision.rollback_path == new.rollback_path


def test_written_pair_is_one_revision_in_its_folder(tmp_path: Path) -> None:
    first = _new(tmp_path, "Init", revision_id="a1")
    second = _new(tmp_path, "Colors", (first.id,), revision_id="b2")
    revisions = read_revisions(tmp_path)
    assert [r.id for r in revisions] == [first.id, second.id]
    assert revisions[1].depends == (first.id,)


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_empty_message_is_refused(tmp_path: Path, message: str) -> None:
    with pytest.raises(UsageError) as info:
        _new(tmp_path, message)
    assert info.value.message == "the revision needs a message"
    assert exit_code_for(info.value) == 2
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    new = _new(tmp_path, "Colors", revision_id="a1", up_body="SELECT 1;\n")
    with pytest.raises(UsageError) as info:
        _new(tmp_path, "Colors", revision_id="a1", up_body="SELECT 2;\n")
    assert info.value.message == "a1_colors.sql already exists"
    assert new.path.read_text(encoding="utf-8").endswith("SELECT 1;\n")


def test_multi_line_message_still_parses_back(tmp_path: Path) -> None:
    try:
        new = _new(tmp_path, "Add colors\nand sizes", ("a1_init",), revision_id="b2")
    except UsageError:
        return  # refusing such a message up front is a fine fix too
    assert read_revision(new.path).depends == ("a1_init",)


def test_files_are_utf8_whatever_the_locale(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""\
        import locale
        from datetime import UTC, datetime
        from pathlib import Path
        from roble_sql import scaffold
        print(locale.getpreferredencoding(False))
        scaffold.write_revision(
            Path({str(tmp_path)!r}), "A\\u00f1adir a\\u00f1o", (),
            author="Zo\\u00eb", now=datetime(2024, 1, 2, tzinfo=UTC), revision_id="a1",
        )
        """
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONUTF8": "0",
    }
    env.pop("PYTHONIOENCODING", None)
    result = subprocess.run(
        [sys.executable, "-X", "utf8=0", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if not result.stdout.strip():  # the script broke before reaching write_revision
        raise RuntimeError(result.stderr)
    if result.stdout.strip().lower().replace("-", "") == "utf8":
        pytest.skip("cannot get a non-UTF-8 locale encoding on this platform")
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1:]
    revision = read_revision(tmp_path / "a1_a_adir_a_o.sql")
    assert revision.message == "Añadir año"


# --- init_project ----------------------------------------------------------------------------


def test_init_project_creates_folder_and_config(tmp_path: Path) -> None:
    created = scaffold.init_project(tmp_path)
    assert created == [tmp_path / "sql_migrations", tmp_path / "yoyo.ini"]
    assert (tmp_path / "sql_migrations").is_dir()
    text = (tmp_path / "yoyo.ini").read_text(encoding="utf-8")
    assert "sources = %(here)s/sql_migrations" in text
    # no database line is active, so no password can be in it
    active = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any(line.startswith("database") for line in active)
    assert not any(":" in line and "@" in line for line in active)


def test_init_project_config_loads(tmp_path: Path) -> None:
    scaffold.init_project(tmp_path, folder="db/migrations")
    settings = load_settings(cwd=tmp_path, environ={})
    assert settings.config_path == tmp_path.resolve() / "yoyo.ini"
    assert settings.migrations_dir == tmp_path.resolve() / "db" / "migrations"
    assert settings.migrations_dir.is_dir()
    assert settings.migration_table == "_yoyo_migration"
    assert settings.database_url is None
    assert settings.environment is None
    assert read_revisions(settings.migrations_dir) == []


def test_init_project_is_idempotent(tmp_path: Path) -> None:
    scaffold.init_project(tmp_path)
    config = tmp_path / "yoyo.ini"
    config.write_text("[DEFAULT]\nsources = %(here)s/sql_migrations\n# edited\n", encoding="utf-8")
    (tmp_path / "sql_migrations" / "keep.sql").write_text("SELECT 1;\n", encoding="utf-8")
    assert scaffold.init_project(tmp_path) == []
    assert config.read_text(encoding="utf-8").endswith("# edited\n")
    assert (tmp_path / "sql_migrations" / "keep.sql").is_file()


def test_init_project_creates_only_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "yoyo.ini").write_text("[DEFAULT]\n", encoding="utf-8")
    assert scaffold.init_project(tmp_path) == [tmp_path / "sql_migrations"]
    assert (tmp_path / "yoyo.ini").read_text(encoding="utf-8") == "[DEFAULT]\n"


def test_init_project_makes_missing_parents(tmp_path: Path) -> None:
    project = tmp_path / "new" / "project"
    created = scaffold.init_project(project, folder="migs")
    assert created == [project / "migs", project / "yoyo.ini"]
    assert (project / "yoyo.ini").is_file()
