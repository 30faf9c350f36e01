"""The Galera lease settings: lease_seconds and allow_rsu from yoyo.ini and environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from roble_sql.config import DEFAULT_LEASE_SECONDS, load_settings
from roble_sql.errors import ConfigError, exit_code_for


def settings_in(tmp_path: Path, roble: str = "", **env: str):
    (tmp_path / "yoyo.ini").write_text(f"[DEFAULT]\nsources = sql\n[roble]\n{roble}")
    return load_settings(cwd=tmp_path, environ=env)


def test_defaults(tmp_path: Path):
    settings = settings_in(tmp_path)
    assert settings.lease_seconds == DEFAULT_LEASE_SECONDS == 30.0
    assert settings.allow_rsu is False


def test_yoyo_ini_and_environment_which_wins(tmp_path: Path):
    assert settings_in(tmp_path, "lease_seconds = 12\n").lease_seconds == 12.0
    chosen = settings_in(tmp_path, "lease_seconds = 12\n", ROBLE_LEASE_SECONDS="7.5")
    assert chosen.lease_seconds == 7.5
    assert settings_in(tmp_path, "allow_rsu = true\n").allow_rsu is True
    assert settings_in(tmp_path, ROBLE_ALLOW_RSU="1").allow_rsu is True


@pytest.mark.parametrize("value", ["soon", "0", "1.5", "-3", "100000"])
def test_bad_lease_is_one_config_error(tmp_path: Path, value: str):
    with pytest.raises(ConfigError) as caught:
        settings_in(tmp_path, f"lease_seconds = {value}\n")
    assert exit_code_for(caught.value) == 2
    assert "[roble] lease_seconds" in caught.value.one_line()
