"""Tests for roble_sql.config: precedence, yoyo.ini discovery and interpolation, [roble] keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from roble_sql.config import (
    DEFAULT_MIGRATION_TABLE,
    Settings,
    find_config,
    load_settings,
)
from roble_sql.errors import ConfigError, exit_code_for

SECRET = "S3cr3t-pw"


def _write_ini(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "yoyo.ini"
    path.write_text(text, encoding="utf-8")
    return path


def _config_error(**kwargs: object) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_settings(**kwargs)  # type: ignore[arg-type]
    return info.value


# --- which database -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "env_url", "ini_url", "host", "source"),
    [
        (
            "mysql://u@from-option/db",
            "mysql://u@from-env/db",
            "mysql://u@from-ini/db",
            "from-option",
            "--database",
        ),
        (None, "mysql://u@from-env/db", "mysql://u@from-ini/db", "from-env", "DATABASE_URL"),
        (None, None, "mysql://u@from-ini/db", "from-ini", "INI"),
        ("mysql://u@from-option/db", None, "mysql://u@from-ini/db", "from-option", "--database"),
        ("mysql://u@from-option/db", None, None, "from-option", "--database"),
        # empty values count as unset
        ("", "mysql://u@from-env/db", None, "from-env", "DATABASE_URL"),
        (None, "", "mysql://u@from-ini/db", "from-ini", "INI"),
    ],
)
def test_database_precedence(
    tmp_path: Path,
    option: str | None,
    env_url: str | None,
    ini_url: str | None,
    host: str,
    source: str,
) -> None:
    ini = _write_ini(tmp_path, f"[DEFAULT]\ndatabase = {ini_url}\n" if ini_url else "[DEFAULT]\n")
    environ = {"DATABASE_URL": env_url} if env_url is not None else {}
    settings = load_settings(database=option, cwd=tmp_path, environ=environ)
    assert settings.database_url is not None
    assert settings.database_url.host == host
    assert settings.database_source == (str(ini) if source == "INI" else source)


def test_no_database_anywhere(tmp_path: Path) -> None:
    settings = load_settings(cwd=tmp_path, environ={})
    assert settings.database_url is None
    assert settings.database_source is None
    with pytest.raises(ConfigError) as info:
        settings.require_database()
    assert info.value.message == "no database configured"
    assert "DATABASE_URL" in (info.value.hint or "")
    assert exit_code_for(info.value) == 2


def test_require_database_returns_the_url(tmp_path: Path) -> None:
    settings = load_settings(database="mysql://u@h/db", cwd=tmp_path, environ={})
    assert settings.require_database() is settings.database_url
    assert settings.require_database().database == "db"


def test_database_url_from_process_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://deploy@env-host:3307/shop")
    monkeypatch.setenv("ROBLE_DB_PASSWORD", SECRET)
    monkeypatch.delenv("ROBLE_ENV", raising=False)
    settings = load_settings(cwd=tmp_path)
    assert settings.database_source == "DATABASE_URL"
    assert settings.database_url is not None
    assert (settings.database_url.host, settings.database_url.port) == ("env-host", 3307)
    assert settings.database_url.password == SECRET


@pytest.mark.parametrize(
    ("url", "env_password", "password"),
    [
        ("mysql://u@h/db", SECRET, SECRET),
        (f"mysql://u:{SECRET}@h/db", "other", SECRET),
        ("mysql://u@h/db", None, None),
    ],
)
def test_password_from_environment(
    tmp_path: Path, url: str, env_password: str | None, password: str | None
) -> None:
    environ = {"ROBLE_DB_PASSWORD": env_password} if env_password else {}
    settings = load_settings(database=url, cwd=tmp_path, environ=environ)
    assert settings.require_database().password == password


@pytest.mark.parametrize(
    ("env_password", "defaults_file", "home_file", "password"),
    [
        # ROBLE_DB_PASSWORD, then --defaults-file, then ~/.my.cnf
        ("from-env", "[client]\npassword=from-defaults\n", "[client]\npassword=home\n", "from-env"),
        (None, "[client]\npassword=from-defaults\n", "[client]\npassword=home\n", "from-defaults"),
        (None, None, "[client]\npassword=home\n", "home"),
        # an explicit option file without a password does not fall back to ~/.my.cnf
        (None, "[client]\nuser=app\n", "[client]\npassword=home\n", None),
        (None, None, None, None),
    ],
)
def test_password_sources_in_order(
    tmp_path: Path,
    env_password: str | None,
    defaults_file: str | None,
    home_file: str | None,
    password: str | None,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    if home_file is not None:
        (home / ".my.cnf").write_text(home_file, encoding="utf-8")
    if defaults_file is not None:
        (tmp_path / "deploy.cnf").write_text(defaults_file, encoding="utf-8")
    environ = {"HOME": str(home)}
    if env_password:
        environ["ROBLE_DB_PASSWORD"] = env_password
    settings = load_settings(
        database="mysql://app@h/db",
        defaults_file="deploy.cnf" if defaults_file is not None else None,
        cwd=tmp_path,
        environ=environ,
    )
    assert settings.require_database().password == password


def test_password_in_url_beats_option_files(tmp_path: Path) -> None:
    (tmp_path / ".my.cnf").write_text("[client]\npassword=home\n", encoding="utf-8")
    settings = load_settings(
        database=f"mysql://app:{SECRET}@h/db", cwd=tmp_path, environ={"HOME": str(tmp_path)}
    )
    assert settings.require_database().password == SECRET


def test_missing_defaults_file(tmp_path: Path) -> None:
    error = _config_error(
        database="mysql://app@h/db", defaults_file="nope.cnf", cwd=tmp_path, environ={}
    )
    assert error.message == "option file nope.cnf does not exist"
    assert exit_code_for(error) == 2


@pytest.mark.parametrize(
    ("where_from", "expected_where"),
    [("option", "--database"), ("env", "DATABASE_URL"), ("ini", "INI")],
)
def test_bad_url_error_says_where_it_came_from(
    tmp_path: Path, where_from: str, expected_where: str
) -> None:
    bad = f"postgres://u:{SECRET}@h/db"
    ini = _write_ini(tmp_path, f"[DEFAULT]\ndatabase = {bad}\n" if where_from == "ini" else "")
    error = _config_error(
        database=bad if where_from == "option" else None,
        cwd=tmp_path,
        environ={"DATABASE_URL": bad} if where_from == "env" else {},
    )
    assert error.where == (str(ini) if expected_where == "INI" else expected_where)
    assert "does not start with mysql://" in error.message
    assert SECRET not in error.one_line()


def test_repr_never_shows_the_password(tmp_path: Path) -> None:
    _write_ini(tmp_path, f"[DEFAULT]\ndatabase = mysql://app:{SECRET}@h/db\n")
    settings = load_settings(cwd=tmp_path, environ={})
    assert settings.require_database().password == SECRET
    assert SECRET not in repr(settings)
    assert "mysql://app:***@h/db" in repr(settings)


def test_repr_hides_password_from_environment(tmp_path: Path) -> None:
    settings = load_settings(
        database="mysql://app@h/db", cwd=tmp_path, environ={"ROBLE_DB_PASSWORD": SECRET}
    )
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)


# --- finding yoyo.ini -----------------------------------------------------------------------------


def test_config_found_upward_from_a_subfolder(tmp_path: Path) -> None:
    ini = _write_ini(tmp_path / "project", "[DEFAULT]\ndatabase = mysql://u@ini-host/db\n")
    deep = tmp_path / "project" / "src" / "deeper"
    deep.mkdir(parents=True)
    assert find_config(deep) == ini
    settings = load_settings(cwd=deep, environ={})
    assert settings.config_path == ini
    assert settings.project_dir == ini.parent
    assert settings.migrations_dir == ini.parent / "sql_migrations"
    assert settings.require_database().host == "ini-host"


def test_nearest_config_wins(tmp_path: Path) -> None:
    _write_ini(tmp_path, "[DEFAULT]\n")
    inner = _write_ini(tmp_path / "inner", "[DEFAULT]\n")
    assert find_config(tmp_path / "inner") == inner


def test_without_config_the_project_is_the_cwd(tmp_path: Path) -> None:
    settings = load_settings(cwd=tmp_path, environ={})
    assert settings.config_path is None
    assert settings.project_dir == tmp_path.resolve()
    assert settings.migrations_dir == tmp_path.resolve() / "sql_migrations"
    assert settings.migration_table == DEFAULT_MIGRATION_TABLE == "_yoyo_migration"
    assert settings.environment is None
    assert dict(settings.roble_options) == {}


def test_explicit_config_relative_to_cwd(tmp_path: Path) -> None:
    ini = _write_ini(tmp_path / "conf", "[DEFAULT]\nsources = %(here)s/migs\n")
    settings = load_settings(config="conf/yoyo.ini", cwd=tmp_path, environ={})
    assert settings.config_path == ini
    assert settings.migrations_dir == tmp_path / "conf" / "migs"


def test_explicit_config_missing(tmp_path: Path) -> None:
    _write_ini(tmp_path, "[DEFAULT]\n")  # a discoverable file must not be used instead
    error = _config_error(config="nope.ini", cwd=tmp_path, environ={})
    assert error.message == "config file nope.ini does not exist"
    assert exit_code_for(error) == 2


# --- interpolation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "environ", "key", "expected"),
    [
        ("note = %(here)s/x", {}, "note", "HERE/x"),
        ("note = %(TEAM)s-db", {"TEAM": "roble"}, "note", "roble-db"),
        ("note = 100%%", {}, "note", "100%"),
        ("note = %%(here)s", {}, "note", "%(here)s"),
        ("note = %(A)s%(B)s", {"A": "1", "B": "2"}, "note", "12"),
        ("note = plain 50% value", {}, "note", "plain 50% value"),
    ],
)
def test_interpolation_in_roble_section(
    tmp_path: Path, line: str, environ: dict[str, str], key: str, expected: str
) -> None:
    _write_ini(tmp_path, f"[roble]\n{line}\n")
    settings = load_settings(cwd=tmp_path, environ=environ)
    assert settings.roble_options[key] == expected.replace("HERE", str(tmp_path.resolve()))


def test_interpolation_in_database_and_sources(tmp_path: Path) -> None:
    _write_ini(
        tmp_path,
        "[DEFAULT]\n"
        "sources = %(here)s/db/migrations\n"
        "database = mysql://app:p%%40ss@%(DB_HOST)s:%(DB_PORT)s/shop\n",
    )
    settings = load_settings(cwd=tmp_path, environ={"DB_HOST": "db.internal", "DB_PORT": "3310"})
    url = settings.require_database()
    assert (url.host, url.port, url.password) == ("db.internal", 3310, "p@ss")
    assert settings.migrations_dir == tmp_path.resolve() / "db" / "migrations"


def test_unset_variable_names_it(tmp_path: Path) -> None:
    ini = _write_ini(tmp_path, "[DEFAULT]\ndatabase = mysql://u@%(DB_HOST_UNSET)s/db\n")
    error = _config_error(cwd=tmp_path, environ={})
    assert "DB_HOST_UNSET" in error.message
    assert "'database'" in error.message
    assert error.where == str(ini)
    assert exit_code_for(error) == 2


# --- malformed files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"database = mysql://u:{SECRET}@h/db\n",  # no section header
        "[DEFAULT\nsources = x\n",
        "[DEFAULT]\nsources = a\nsources = b\n",
        f"[DEFAULT]\na line without equals {SECRET}\n",
        "[roble]\n[roble]\n",
    ],
)
def test_malformed_ini(tmp_path: Path, text: str) -> None:
    ini = _write_ini(tmp_path, text)
    error = _config_error(cwd=tmp_path, environ={})
    assert error.message.startswith("malformed config: ")
    assert error.where == str(ini)
    assert exit_code_for(error) == 2
    assert SECRET not in error.one_line()
    assert "\n" not in error.message


def test_non_utf8_ini(tmp_path: Path) -> None:
    tmp_path.joinpath("yoyo.ini").write_bytes(b"[DEFAULT]\nnote = caf\xe9\n")
    error = _config_error(cwd=tmp_path, environ={})
    assert error.message.startswith("malformed config: ")
    assert error.where == str(tmp_path / "yoyo.ini")


# --- folders and other keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ini", "option", "expected"),
    [
        ("[DEFAULT]\n", None, "ROOT/sql_migrations"),
        ("[DEFAULT]\nsources = migs\n", None, "ROOT/migs"),
        ("[DEFAULT]\nsources = %(here)s/migs\n", None, "ROOT/migs"),
        ("[DEFAULT]\nsources = migs\n", "other", "CWD/other"),
    ],
)
def test_migrations_dir(tmp_path: Path, ini: str, option: str | None, expected: str) -> None:
    _write_ini(tmp_path, ini)
    cwd = tmp_path / "sub"
    cwd.mkdir()
    settings = load_settings(migrations=option, cwd=cwd, environ={})
    root = str(tmp_path.resolve())
    assert settings.migrations_dir == Path(
        expected.replace("ROOT", root).replace("CWD", str(cwd.resolve()))
    )


def test_two_source_folders_are_refused(tmp_path: Path) -> None:
    _write_ini(tmp_path, "[DEFAULT]\nsources = migs other\n")
    error = _config_error(cwd=tmp_path, environ={})
    assert error.message == "yoyo.ini 'sources' lists 2 folders"
    assert exit_code_for(error) == 2


def test_migration_table_from_ini(tmp_path: Path) -> None:
    _write_ini(tmp_path, "[DEFAULT]\nmigration_table = custom_log\n")
    assert load_settings(cwd=tmp_path, environ={}).migration_table == "custom_log"


def test_default_section_does_not_leak_into_roble(tmp_path: Path) -> None:
    _write_ini(
        tmp_path,
        "[DEFAULT]\nsources = migs\nbatch_mode = on\n\n[roble]\nenv = staging\nlint = strict\n",
    )
    settings = load_settings(cwd=tmp_path, environ={})
    assert dict(settings.roble_options) == {"env": "staging", "lint": "strict"}


@pytest.mark.parametrize(
    ("ini_env", "roble_env", "environment", "production"),
    [
        ("production", None, "production", True),
        ("prod", None, "prod", True),
        ("Production", None, "Production", True),
        ("staging", None, "staging", False),
        (None, None, None, False),
        ("staging", "production", "production", True),
        ("production", "dev", "dev", False),
        ("production", "", "production", True),
        (None, "PROD", "PROD", True),
    ],
)
def test_environment(
    tmp_path: Path,
    ini_env: str | None,
    roble_env: str | None,
    environment: str | None,
    production: bool,
) -> None:
    _write_ini(tmp_path, f"[roble]\nenv = {ini_env}\n" if ini_env else "[roble]\n")
    environ = {"ROBLE_ENV": roble_env} if roble_env is not None else {}
    settings = load_settings(cwd=tmp_path, environ=environ)
    assert settings.environment == environment
    assert settings.is_production is production


def test_settings_is_production_without_loading() -> None:
    base = Settings(project_dir=Path("/p"), migrations_dir=Path("/p/m"))
    assert base.is_production is False
    assert Settings(Path("/p"), Path("/p/m"), environment="PRODUCTION").is_production is True


def test_connection_charset_from_yoyo_ini_unless_the_url_names_one(tmp_path: Path) -> None:
    (tmp_path / "yoyo.ini").write_text("[DEFAULT]\nsources = m\n[roble]\ncharset = latin1\n")
    plain = load_settings(database="mysql://u@h/db", cwd=tmp_path, environ={})
    assert plain.database_url is not None
    assert plain.database_url.option("charset") == "latin1"
    assert plain.database_url.driver_kwargs()["charset"] == "latin1"
    named = load_settings(database="mysql://u@h/db?charset=utf8", cwd=tmp_path, environ={})
    assert named.database_url is not None and named.database_url.option("charset") == "utf8"
    default = load_settings(database="mysql://u@h/db", cwd=tmp_path / "..", environ={})
    assert default.database_url is not None
    assert default.database_url.driver_kwargs()["charset"] == "utf8mb4"
