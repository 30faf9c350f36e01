"""Tests for roble_sql.dsn: parsing database URLs, typed driver options, masking secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roble_sql.dsn import MASK, PASSWORD_ENV, DatabaseURL, read_option_file_password, redact
from roble_sql.errors import ConfigError, exit_code_for

SECRET = "S3cr3t-pw"


def _config_error(url: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        DatabaseURL.parse(url)
    return info.value


def _everything_shown(error: ConfigError) -> str:
    return " ".join(str(part) for part in (error.one_line(), error.message, error.where, error))


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"mysql://app:{SECRET}@db.example.com:3307/shop",
            ("app", SECRET, "db.example.com", 3307, "shop", None, "mysql"),
        ),
        (
            "mysql://app@127.0.0.1/shop",
            ("app", None, "127.0.0.1", None, "shop", None, "mysql"),
        ),
        (
            "MariaDB://root:x@localhost",
            ("root", "x", "localhost", None, None, None, "mariadb"),
        ),
        (
            "mysql://app@/shop?unix_socket=/run/mysqld/mysqld.sock",
            ("app", None, None, None, "shop", "/run/mysqld/mysqld.sock", "mysql"),
        ),
        (
            "mysql://u:p%40ss@h/db",
            ("u", "p@ss", "h", None, "db", None, "mysql"),
        ),
        (
            "mysql://us%3Aer:a%2Fb%23c@h/my%20db",
            ("us:er", "a/b#c", "h", None, "my db", None, "mysql"),
        ),
        (
            "  mysql://u:@h:3306/db  ",
            ("u", "", "h", 3306, "db", None, "mysql"),
        ),
    ],
)
def test_parse(url: str, expected: tuple[Any, ...]) -> None:
    parsed = DatabaseURL.parse(url)
    assert (
        parsed.user,
        parsed.password,
        parsed.host,
        parsed.port,
        parsed.database,
        parsed.unix_socket,
        parsed.scheme,
    ) == expected


def test_parse_keeps_options_in_order() -> None:
    parsed = DatabaseURL.parse("mysql://u@h/db?connect_timeout=5&charset=latin1&ssl_disabled=1")
    assert parsed.options == (
        ("connect_timeout", "5"),
        ("charset", "latin1"),
        ("ssl_disabled", "1"),
    )
    assert parsed.option("charset") == "latin1"
    assert parsed.option("ssl_ca") is None
    assert parsed.unix_socket is None


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("mysql://u@db.example.com:3307/x", "db.example.com:3307"),
        ("mysql://u@db.example.com/x", "db.example.com:3306"),
        ("mysql://u@/x", "localhost:3306"),
        ("mysql://u@/x?unix_socket=/tmp/my.sock", "socket /tmp/my.sock"),
    ],
)
def test_location(url: str, location: str) -> None:
    assert DatabaseURL.parse(url).location() == location


# --- the password never shows -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"mysql://app:{SECRET}@db.example.com:3306/shop",
        f"mysql://app:{SECRET}@db.example.com/shop?connect_timeout=5",
        f"mysql://app:{SECRET}@/shop?unix_socket=/run/mysqld.sock",
    ],
)
def test_printed_forms_mask_the_password(url: str) -> None:
    parsed = DatabaseURL.parse(url)
    for shown in (repr(parsed), str(parsed), parsed.as_url(), f"{parsed}", f"{parsed!r}"):
        assert SECRET not in shown
        assert f"app:{MASK}@" in shown
    assert SECRET in parsed.as_url(reveal=True)


def test_render_exact() -> None:
    parsed = DatabaseURL.parse(f"mysql://app:{SECRET}@db.example.com:3307/shop?connect_timeout=5")
    assert parsed.as_url() == "mysql://app:***@db.example.com:3307/shop?connect_timeout=5"
    assert str(parsed) == parsed.as_url()
    assert (
        repr(parsed) == "DatabaseURL('mysql://app:***@db.example.com:3307/shop?connect_timeout=5')"
    )
    assert parsed.as_url(reveal=True) == (
        f"mysql://app:{SECRET}@db.example.com:3307/shop?connect_timeout=5"
    )


def test_render_reveal_round_trips_encoded_password() -> None:
    parsed = DatabaseURL.parse("mysql://u:p%40ss%2Fx@h/db")
    assert parsed.as_url(reveal=True) == "mysql://u:p%40ss%2Fx@h/db"
    assert DatabaseURL.parse(parsed.as_url(reveal=True)) == parsed


def test_render_without_password_or_user() -> None:
    assert DatabaseURL.parse("mysql://u@h/db").as_url() == "mysql://u@h/db"
    assert DatabaseURL(host="h").as_url() == "mysql://h/"


def test_with_helpers_return_new_urls() -> None:
    parsed = DatabaseURL.parse("mysql://u@h/db")
    assert parsed.with_database("other").database == "other"
    assert parsed.with_password("pw").password == "pw"
    assert parsed.database == "db"
    assert parsed.password is None


# --- driver options ---------------------------------------------------------------------------


def test_driver_kwargs_full() -> None:
    parsed = DatabaseURL.parse(
        f"mysql://app:{SECRET}@db:3307/shop?connect_timeout=10&read_timeout=30"
        "&ssl_ca=/etc/ca.pem&ssl_verify_cert=true&charset=latin1"
    )
    assert parsed.driver_kwargs() == {
        "charset": "latin1",
        "autocommit": True,
        "user": "app",
        "password": SECRET,
        "host": "db",
        "port": 3307,
        "database": "shop",
        "connect_timeout": 10,
        "read_timeout": 30,
        "ssl_ca": "/etc/ca.pem",
        "ssl_verify_cert": True,
    }


def test_driver_kwargs_defaults() -> None:
    assert DatabaseURL.parse("mysql://u@h").driver_kwargs() == {
        "charset": "utf8mb4",
        "autocommit": True,
        "user": "u",
        "host": "h",
    }


@pytest.mark.parametrize(
    ("query", "key", "value"),
    [
        ("connect_timeout=5", "connect_timeout", 5),
        ("write_timeout=0", "write_timeout", 0),
        ("ssl_disabled=0", "ssl_disabled", False),
        ("ssl_disabled=1", "ssl_disabled", True),
        ("ssl_disabled=TRUE", "ssl_disabled", True),
        ("ssl_disabled=off", "ssl_disabled", False),
        ("ssl_verify_identity=yes", "ssl_verify_identity", True),
        ("autocommit=false", "autocommit", False),
        ("init_command=SET%20sql_mode%3D''", "init_command", "SET sql_mode=''"),
        ("read_default_file=~/.my.cnf", "read_default_file", "~/.my.cnf"),
    ],
)
def test_driver_kwargs_types(query: str, key: str, value: Any) -> None:
    kwargs = DatabaseURL.parse(f"mysql://u@h/db?{query}").driver_kwargs()
    assert kwargs[key] == value
    assert type(kwargs[key]) is type(value)


@pytest.mark.parametrize(
    ("query", "ssl_disabled"),
    [
        ("unix_socket=/run/mysqld.sock", True),
        ("unix_socket=/run/mysqld.sock&ssl_disabled=0", False),
        ("ssl_disabled=0&unix_socket=/run/mysqld.sock", False),
    ],
)
def test_unix_socket_disables_tls_by_default(query: str, ssl_disabled: bool) -> None:
    kwargs = DatabaseURL.parse(f"mysql://u@/db?{query}").driver_kwargs()
    assert kwargs["unix_socket"] == "/run/mysqld.sock"
    assert kwargs["ssl_disabled"] is ssl_disabled
    assert "host" not in kwargs


def test_tcp_does_not_touch_tls() -> None:
    assert "ssl_disabled" not in DatabaseURL.parse("mysql://u@h/db").driver_kwargs()


_TLS_KEYS = {"ssl", "ssl_ca", "ssl_cert", "ssl_key", "ssl_disabled", "ssl_verify_cert"}


@pytest.mark.parametrize(
    ("query", "tls"),
    [
        ("ssl_mode=DISABLED", {"ssl_disabled": True}),
        ("ssl_mode=disabled&ssl_ca=/ca.pem", {"ssl_disabled": True}),  # files ignored
        ("ssl_mode=Preferred", {"ssl_disabled": False}),
        (
            "ssl_mode=REQUIRED",
            {"ssl_disabled": False, "ssl": {"check_hostname": False, "verify_mode": False}},
        ),
        (
            "ssl_mode=REQUIRED&ssl_cert=/c.pem&ssl_key=/k.pem",
            {
                "ssl_disabled": False,
                "ssl": {
                    "check_hostname": False,
                    "verify_mode": False,
                    "cert": "/c.pem",
                    "key": "/k.pem",
                },
            },
        ),
        (
            "ssl_mode=VERIFY_CA&ssl_ca=/ca.pem",
            {
                "ssl_disabled": False,
                "ssl_ca": "/ca.pem",
                "ssl_verify_cert": True,
                "ssl_verify_identity": False,
            },
        ),
        (
            "ssl_mode=verify_identity&ssl_ca=/ca.pem&ssl_cert=/c.pem",
            {
                "ssl_disabled": False,
                "ssl_ca": "/ca.pem",
                "ssl_cert": "/c.pem",
                "ssl_verify_cert": True,
                "ssl_verify_identity": True,
            },
        ),
    ],
)
@pytest.mark.parametrize("host", ["db.example.com", "127.0.0.1"])
def test_ssl_mode_becomes_pymysql_options(query: str, tls: dict[str, Any], host: str) -> None:
    url = DatabaseURL.parse(f"mysql://u@{host}/db?{query}")
    kwargs = url.driver_kwargs()
    assert "ssl_mode" not in kwargs  # roble's option, not PyMySQL's
    assert {k: v for k, v in kwargs.items() if k in _TLS_KEYS | {"ssl_verify_identity"}} == tls
    assert url.ssl_mode == url.option("ssl_mode").upper()


def _tls_error(url: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        DatabaseURL.parse(url).driver_kwargs()
    assert exit_code_for(info.value) == 2
    assert SECRET not in _everything_shown(info.value)
    return info.value


@pytest.mark.parametrize(
    ("query", "line"),
    [
        (
            "ssl_mode=VERIFY_CA",
            "ssl_mode=VERIFY_CA needs ssl_ca, the CA certificate to check the server against. "
            "Add ssl_ca=/path/to/ca.pem (URL or yoyo.ini [roble]).",
        ),
        ("ssl_mode=VERIFY_IDENTITY&ssl_cert=/c.pem", "ssl_mode=VERIFY_IDENTITY needs ssl_ca"),
        ("ssl_mode=REQUIRED&ssl_ca=/ca.pem", "so ssl_ca would be ignored. Use ssl_mode=VERIFY"),
        ("ssl_mode=PREFERRED&ssl_cert=/c.pem", "PREFERRED can't use ssl_cert"),
        ("ssl_mode=REQUIRED&ssl_key=/k.pem", "gives ssl_key without ssl_cert"),
        (
            "ssl_disabled=1&ssl_mode=REQUIRED",
            "the database URL gives both ssl_mode and ssl_disabled. Drop ssl_disabled",
        ),
    ],
)
def test_ssl_mode_combinations_that_would_mislead(query: str, line: str) -> None:
    assert line in _tls_error(f"mysql://app:{SECRET}@h/db?{query}").one_line()


@pytest.mark.parametrize("mode", ["verify-full", "require", "", "TRUE"])
def test_bad_ssl_mode_names_the_allowed_values(mode: str) -> None:
    error = _config_error(f"mysql://app:{SECRET}@h/db?ssl_mode={mode}")
    assert error.one_line() == (
        f"database URL option ssl_mode={mode!r} is not a TLS mode. Write one of DISABLED, "
        "PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY, e.g. ?ssl_mode=VERIFY_IDENTITY."
    )
    assert SECRET not in _everything_shown(error)


@pytest.mark.parametrize(
    ("query", "in_message"),
    [
        ("sslmode=require", "'sslmode' is not supported"),
        ("connect_timeout=ten", "connect_timeout='ten' is not a whole number"),
        ("connect_timeout=-1", "connect_timeout='-1' is not a whole number"),
        ("ssl_disabled=maybe", "ssl_disabled='maybe' is not true or false"),
        ("ssl_disabled", "ssl_disabled='' is not true or false"),
    ],
)
def test_bad_option(query: str, in_message: str) -> None:
    error = _config_error(f"mysql://app:{SECRET}@h/db?{query}")
    assert in_message in error.message
    assert exit_code_for(error) == 2
    assert SECRET not in _everything_shown(error)


def test_unknown_option_hint_lists_supported_options() -> None:
    error = _config_error("mysql://u@h/db?sslmode=require")
    assert error.hint is not None
    assert "connect_timeout" in error.hint
    assert "unix_socket" in error.hint


# --- malformed URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"postgres://app:{SECRET}@h/db",
        f"http://app:{SECRET}@h/db",
        "",
    ],
)
def test_bad_scheme(url: str) -> None:
    error = _config_error(url)
    assert "does not start with mysql://" in error.message
    assert exit_code_for(error) == 2
    assert SECRET not in _everything_shown(error)


@pytest.mark.parametrize(
    ("url", "in_message"),
    [
        (f"mysql://app:{SECRET}@h:abc/db", "bad port"),
        (f"mysql://app:{SECRET}@h:99999/db", "bad port"),
    ],
)
def test_bad_port(url: str, in_message: str) -> None:
    error = _config_error(url)
    assert in_message in error.message
    assert "mysql://***@h:" in error.message
    assert exit_code_for(error) == 2
    assert SECRET not in _everything_shown(error)


@pytest.mark.parametrize("separator", ["/", "#", "?"])
def test_bad_port_message_never_quotes_part_of_the_password(separator: str) -> None:
    error = _config_error(f"mysql://app:S3cr3t{separator}pw@db.example.com/shop")
    assert "S3cr3t" not in _everything_shown(error)


def test_missing_scheme_does_not_echo_the_password() -> None:
    error = _config_error(f"app:{SECRET}@db.example.com/shop")
    assert SECRET not in _everything_shown(error)


@pytest.mark.parametrize("host", ["[::1", "[not-an-ip]"])
def test_malformed_host_is_a_config_error(host: str) -> None:
    error = _config_error(f"mysql://app:{SECRET}@{host}/shop")
    assert exit_code_for(error) == 2


# --- the password from the environment ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "environ", "password"),
    [
        ("mysql://u@h/db", {PASSWORD_ENV: "from-env"}, "from-env"),
        ("mysql://u:in-url@h/db", {PASSWORD_ENV: "from-env"}, "in-url"),
        ("mysql://u@h/db", {}, None),
        ("mysql://u@h/db", {PASSWORD_ENV: ""}, None),
    ],
)
def test_with_password_from_env(url: str, environ: dict[str, str], password: str | None) -> None:
    assert DatabaseURL.parse(url).with_password_from_env(environ).password == password


def test_with_password_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, SECRET)
    resolved = DatabaseURL.parse("mysql://u@h/db").with_password_from_env()
    assert resolved.password == SECRET
    assert SECRET not in repr(resolved)
    assert resolved.driver_kwargs()["password"] == SECRET


# --- redact -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        (
            "connect to mysql://u:pw@h/db failed",
            (),
            "connect to mysql://u:***@h/db failed",
        ),
        (
            "a mysql://u:one@h/db and mariadb://v:two@k:3306/x",
            (),
            "a mysql://u:***@h/db and mariadb://v:***@k:3306/x",
        ),
        ("mysql://u@h/db has no password", (), "mysql://u@h/db has no password"),
        (
            f"Access denied (using password {SECRET})",
            (SECRET,),
            "Access denied (using password ***)",
        ),
        ("pw is p%40ss here", ("p@ss",), "pw is *** here"),
        ("nothing to hide", (None, ""), "nothing to hide"),
        (
            f"postgres://u:{SECRET}@h/db and again {SECRET}",
            (SECRET,),
            "postgres://u:***@h/db and again ***",
        ),
    ],
)
def test_redact(text: str, secrets: tuple[str | None, ...], expected: str) -> None:
    assert redact(text, secrets) == expected


def test_redact_masks_a_password_containing_at_sign() -> None:
    url = "mysql://u:S3cr3t@pw@h/db"
    assert DatabaseURL.parse(url).password == "S3cr3t@pw"
    assert redact(f"failed: {url}") == "failed: mysql://u:***@h/db"


# --- the password from a MySQL option file -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "password"),
    [
        (f"[client]\npassword={SECRET}\n", SECRET),
        (f"[client]\nuser = app\npassword = {SECRET}  \n", SECRET),
        ("[client]\npassword = 'two words'\n", "two words"),
        ('[client]\npassword = "p#ss;x"\n', "p#ss;x"),
        (f"[mysql]\npassword={SECRET}\n", SECRET),
        (f"[mariadb-client]\npassword={SECRET}\n", SECRET),
        # [client] is read first
        ("[mysql]\npassword=second\n[client]\npassword=first\n", "first"),
        ("[client]\npassword=\n", ""),
        ("[client]\nuser=app\n", None),
        (f"[mysqld]\npassword={SECRET}\n", None),
        ("", None),
    ],
)
def test_read_option_file_password(tmp_path: Path, text: str, password: str | None) -> None:
    path = tmp_path / "my.cnf"
    path.write_text(text, encoding="utf-8")
    assert read_option_file_password(path) == password


@pytest.mark.parametrize(
    "data",
    [f"password={SECRET}\n".encode(), b"[client]\npassword=caf\xe9\n", b"[client\npassword=x\n"],
)
def test_unreadable_option_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "my.cnf"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as info:
        read_option_file_password(path)
    assert info.value.where == str(path)
    assert info.value.message.startswith("option file could not be read")
    assert SECRET not in info.value.one_line()
    assert exit_code_for(info.value) == 2


@pytest.mark.parametrize(
    ("url", "file_text", "password"),
    [
        ("mysql://app@h/db", f"[client]\npassword={SECRET}\n", SECRET),
        ("mysql://app:in-url@h/db", f"[client]\npassword={SECRET}\n", "in-url"),
        ("mysql://app@h/db", None, None),
        ("mysql://app@h/db", "[client]\nuser=app\n", None),
        # a malformed file is not even read when the URL has its password
        ("mysql://app:in-url@h/db", "not an option file", "in-url"),
    ],
)
def test_with_password_from_option_file(
    tmp_path: Path, url: str, file_text: str | None, password: str | None
) -> None:
    path = tmp_path / "my.cnf"
    if file_text is not None:
        path.write_text(file_text, encoding="utf-8")
    resolved = DatabaseURL.parse(url).with_password_from_option_file(path)
    assert resolved.password == password
    assert SECRET not in repr(resolved)


@pytest.mark.parametrize("scheme", ["mysql+pymysql", "mariadb+pymysql", "mysql+mysqldb"])
def test_sqlalchemy_urls_of_the_flask_app_are_accepted(scheme: str) -> None:
    url = DatabaseURL.parse(
        f"{scheme}://app:s3cr%2Ft@db.example.com:3307/muebles?charset=utf8mb4"
        "&unix_socket=/run/mysqld/mysqld.sock"
    )
    assert (url.user, url.password, url.database) == ("app", "s3cr/t", "muebles")
    kwargs = url.driver_kwargs()
    assert kwargs["charset"] == "utf8mb4"
    assert kwargs["unix_socket"] == "/run/mysqld/mysqld.sock"
    assert "s3cr" not in str(url) and "s3cr" not in repr(url)


def test_other_sqlalchemy_dialects_are_refused() -> None:
    with pytest.raises(ConfigError) as info:
        DatabaseURL.parse("postgresql+psycopg2://u:pw@h/db")
    assert "pw" not in info.value.one_line()
