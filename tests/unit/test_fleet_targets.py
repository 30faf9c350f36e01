"""Fleet target lists: how a --targets file is read, and the order a rollout takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from roble_sql.api.fleet import _spread
from roble_sql.api.fleet_targets import read_targets
from roble_sql.config import load_settings
from roble_sql.errors import ConfigError, UsageError

SECRET = "s3cr#t:pw"


def _settings(tmp_path: Path, database: str | None = "mysql://deploy:s3cr%23t%3Apw@db0:3306/x"):
    return load_settings(database=database, cwd=tmp_path, environ={"HOME": str(tmp_path)})


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "targets.txt"
    path.write_text(text)
    return str(path)


def test_lines_urls_short_forms_and_comments(tmp_path: Path) -> None:
    listing = _file(
        tmp_path,
        "# the EU shards\n"
        "db1.internal:3307/shop_eu   # primary\n"
        "\n"
        "db2.internal/shop_us\n"
        "mysql://deploy@db3.internal/shop_asia\n"
        "mysql://other:pw2@db4.internal/shop_au\n"
        "shop_local\n",
    )
    targets = read_targets(_settings(tmp_path), file=listing)
    assert [t.label for t in targets] == [
        "db1.internal:3307/shop_eu",
        "db2.internal:3306/shop_us",
        "db3.internal:3306/shop_asia",
        "db4.internal:3306/shop_au",
        "db0:3306/shop_local",
    ]
    # The short forms and a URL of the same user take the configured password.
    assert [t.url.password for t in targets] == [SECRET, SECRET, SECRET, "pw2", SECRET]
    assert all(SECRET not in t.label and SECRET not in repr(t) for t in targets)


def test_password_from_the_environment_for_a_url_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROBLE_DB_PASSWORD", "from-env")
    listing = _file(tmp_path, "mysql://someone@db9/shop\n")
    (target,) = read_targets(_settings(tmp_path, None), file=listing)
    assert target.url.password == "from-env"


def test_bad_lists_are_refused_with_where_and_no_password(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(ConfigError) as listed_twice:
        read_targets(settings, file=_file(tmp_path, "db1/a\ndb1:3306/a\n"))
    assert "listed twice" in listed_twice.value.one_line()
    with pytest.raises(ConfigError) as malformed:
        read_targets(settings, file=_file(tmp_path, "db1/a\nmysql://u:hunter2@db1:xx/b\n"))
    line = malformed.value.one_line()
    assert "targets.txt:2" in line and "hunter2" not in line
    with pytest.raises(ConfigError, match="lists no database"):
        read_targets(settings, file=_file(tmp_path, "# nothing\n"))
    with pytest.raises(UsageError, match="exactly one"):
        read_targets(settings, file="a", glob="b")
    with pytest.raises(ConfigError, match="needs a configured database"):
        read_targets(_settings(tmp_path, None), file=_file(tmp_path, "db1/a\n"))


def test_the_rollout_alternates_between_servers(tmp_path: Path) -> None:
    listing = _file(tmp_path, "a/1\na/2\na/3\nb/1\nb/2\nc/1\n")
    targets = read_targets(_settings(tmp_path), file=listing)
    order = [t.label for t in _spread(targets)]
    assert order == ["a:3306/1", "b:3306/1", "c:3306/1", "a:3306/2", "b:3306/2", "a:3306/3"]
