"""Shared fixtures: a real MariaDB server and a fresh database per test.

The server is ``ROBLE_TEST_DATABASE_URL`` when set; otherwise a throwaway
mariadbd started in a temp dir on a unix socket. Under ``CI=true`` a missing
server fails the run instead of skipping.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pymysql
import pytest

from roble_sql.dsn import DatabaseURL
from roble_sql.errors import SandboxError
from roble_sql.sandbox import Sandbox
from tests.fleet_servers import fleet  # noqa: F401 - the fleet fixture (two servers)
from tests.git_repo import git_project  # noqa: F401 - a git repository around the project

if TYPE_CHECKING:
    from tests.topology import GaleraCluster

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "sql_migrations"
TEST_SERVER_ENV = "ROBLE_TEST_DATABASE_URL"
# Every test talks to the server as this user, so the suite can prove the password is
# never printed: its characters (: @ / %) also exercise URL encoding and masking.
TEST_USER = "roble_tester"
TEST_PASSWORD = "Pw:7731@r/oble%x"
OUTPUTS: list[str] = []  # everything roble printed during the session


def _no_server(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and no MariaDB server for the tests: {reason}", pytrace=False)
    pytest.skip(f"no MariaDB server: {reason}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseURL]:
    """Admin URL of the test server (no database part)."""
    given = os.environ.get(TEST_SERVER_ENV)
    if given:
        url = DatabaseURL.parse(given).with_database(None)
        try:
            pymysql.connect(**url.driver_kwargs()).close()
        except pymysql.MySQLError as exc:
            _no_server(f"{TEST_SERVER_ENV} is set but unreachable: {exc}")
        yield _test_user(url)
        return
    with throwaway_server(tmp_path_factory.mktemp("mariadb")) as url:
        yield url


@contextlib.contextmanager
def throwaway_server(root: Path, settings: tuple[str, ...] = ()) -> Iterator[DatabaseURL]:
    """A mariadbd of the suite's own under ``root`` (more server options in ``settings``):
    the URL of its password-protected test user, without a database. Stopped after."""
    sandbox = Sandbox(root, database="roble_admin", settings=settings)
    try:
        sandbox.start(timeout=90)
    except SandboxError as exc:
        _no_server(exc.one_line())
    try:
        yield _test_user(DatabaseURL.parse(sandbox.url()).with_database(None))
    finally:
        sandbox.stop()


@pytest.fixture(scope="session")
def galera() -> Iterator[GaleraCluster]:
    """A 3-node Galera cluster on loopback (tests/topology.py), with the test user on
    every node; stopped, with all its processes, at the end of the session."""
    from tests.topology import GaleraCluster

    cluster = GaleraCluster()
    try:
        cluster.start()
    except (SandboxError, OSError, pymysql.MySQLError) as exc:
        cluster.remove()
        reason = exc.one_line() if isinstance(exc, SandboxError) else str(exc)
        _no_server(f"the Galera cluster did not start: {reason}")
    try:
        _test_user(cluster.nodes[0].admin_url())  # CREATE USER and GRANT replicate
        yield cluster
    finally:
        cluster.stop()
        cluster.remove()


def client_command(server: DatabaseURL, folder: Path) -> list[str]:
    """The raw mariadb client's command line for ``server``: the password in a 0600 option
    file under ``folder``, never on the command line."""
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.fail("the mariadb client is not installed (apt-get install mariadb-client)")
    options = folder / "client.cnf"
    lines = ["[client]", f"user={server.user}", f"password={server.password}"]
    if server.unix_socket:
        lines.append(f"socket={server.unix_socket}")
    else:
        lines += [f"host={server.host}", f"port={server.port or 3306}", "protocol=tcp"]
    options.write_text("\n".join(lines) + "\n")
    options.chmod(0o600)
    return [client, f"--defaults-file={options}", "--default-character-set=utf8mb4"]


def _test_user(admin: DatabaseURL) -> DatabaseURL:
    """A password-protected user with every privilege, as deploy users have."""
    for host in ("localhost", "%"):
        account = (TEST_USER, host)
        admin_query(
            admin, "CREATE USER IF NOT EXISTS %s@%s IDENTIFIED BY %s", (*account, TEST_PASSWORD)
        )
        admin_query(admin, "GRANT ALL PRIVILEGES ON *.* TO %s@%s WITH GRANT OPTION", account)
    return DatabaseURL(**{**admin.__dict__, "user": TEST_USER, "password": TEST_PASSWORD})


@pytest.fixture(scope="session", autouse=True)
def password_never_printed() -> Iterator[None]:
    """After the whole suite: nothing roble printed contains the test password."""
    yield
    leaks = [text for text in OUTPUTS if TEST_PASSWORD in text or "Pw%3A7731" in text]
    assert not leaks, f"the test password was printed: {leaks[0][:300]!r}"


def admin_query(url: DatabaseURL, sql: str, args: object = None) -> list[tuple]:
    connection = pymysql.connect(**url.driver_kwargs())
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())
    finally:
        connection.close()


def run_sql(url: DatabaseURL, script: str) -> None:
    """Run a script's statements, cut by roble's splitter (DELIMITER and all)."""
    from roble_sql.splitter import split

    connection = pymysql.connect(**url.driver_kwargs())
    try:
        with connection.cursor() as cursor:
            for statement in split(script):
                cursor.execute(statement.text)
    finally:
        connection.close()


@contextlib.contextmanager
def fresh_database(server: DatabaseURL) -> Iterator[DatabaseURL]:
    """A new, empty database on the test server, dropped afterwards."""
    name = f"roble_t_{uuid.uuid4().hex[:10]}"
    admin_query(server, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield server.with_database(name)
    finally:
        admin_query(server, f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture
def db_url(server: DatabaseURL) -> Iterator[DatabaseURL]:
    """A fresh, empty database for one test, dropped afterwards."""
    with fresh_database(server) as url:
        yield url


@dataclass
class Project:
    """A temporary project folder with yoyo.ini and sql_migrations/."""

    root: Path

    @property
    def migrations(self) -> Path:
        return self.root / "sql_migrations"

    def revision(
        self, revision_id: str, up: str, down: str | None = None, depends: tuple[str, ...] = ()
    ) -> Path:
        header = f"-- {revision_id}\n"
        if depends:
            header += f"-- depends: {' '.join(depends)}\n"
        path = self.migrations / f"{revision_id}.sql"
        path.write_text(header + "\n" + up)
        if down is not None:
            (self.migrations / f"{revision_id}.rollback.sql").write_text(down)
        return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An empty project; the working directory is its root."""
    (tmp_path / "sql_migrations").mkdir()
    (tmp_path / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/sql_migrations\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ROBLE_ENV", raising=False)
    monkeypatch.delenv("ROBLE_SANDBOX", raising=False)
    return Project(tmp_path)


@pytest.fixture
def shipped(project: Project) -> Project:
    """A project holding a copy of the Muebles Roble revisions shipped in sql_migrations/."""
    for path in SHIPPED.glob("*.sql"):
        if path.name != "schema.sql":
            shutil.copy(path, project.migrations / path.name)
    return project


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


class Roble:
    """Runs the roble CLI in-process against one database and captures what it prints."""

    def __init__(self, capsys: pytest.CaptureFixture[str], url: DatabaseURL):
        self.capsys = capsys
        self.url = url

    def __call__(self, *args: str, database: bool = True) -> Result:
        from roble_sql.cli import run

        argv = ["--database", self.url.as_url(reveal=True), *args] if database else list(args)
        self.capsys.readouterr()
        code = run(argv)
        captured = self.capsys.readouterr()
        OUTPUTS.append(captured.out + captured.err)
        return Result(code, captured.out, captured.err)

    def query(self, sql: str, args: object = None) -> list[tuple]:
        return admin_query(self.url, sql, args)


@pytest.fixture
def roble(capsys: pytest.CaptureFixture[str], db_url: DatabaseURL, project: Project) -> Roble:
    return Roble(capsys, db_url)
