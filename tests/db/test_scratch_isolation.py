"""Scratch tools never reach outside their scratch database, on a real MariaDB.

``check``, ``diff`` and ``new --autogenerate --from-schema`` run revisions (and a schema
file) on a scratch database. A statement naming another database, switching to one,
creating or dropping one, or running SQL built while it runs must be refused before
anything runs, naming its file and line; the live database (rows, tables, routines) and
the server's list of databases stay as they were. With ``--scratch-url`` the scratch
databases are made on another server, and the configured one is only read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import TEST_PASSWORD, Project, Result, Roble, admin_query, run_sql

LIVE_SETUP = """
CREATE TABLE colors (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL);
INSERT INTO colors (name) VALUES ('Natural'), ('Walnut'), ('Oak');
DELIMITER $$
CREATE PROCEDURE add_color(IN p_name VARCHAR(50))
BEGIN
  INSERT INTO colors (name) VALUES (p_name);
END$$
DELIMITER ;
"""

NAME_HINT = "Remove the database prefix: check, diff and new --autogenerate run revisions"
DATABASE_HINT = "Create, drop and choose databases outside the revisions"
DYNAMIC_HINT = "Write the statement out (or PREPARE it from a string literal)"


@dataclass(frozen=True)
class Shape:
    """A way out of the scratch database. In ``sql``, {live} is the configured database,
    {other} a database that does not exist, {data} a data file on the server's disk."""

    id: str
    sql: str
    line: int  # of the refused statement, counted from the first line of ``sql``
    problem: str
    hint: str = NAME_HINT
    in_rollback: bool = False  # ``sql`` is the rollback file (the up file is harmless)


NAMES_LIVE_COLORS = "names the database {live} ({live}.colors)"
SHAPES = [
    Shape("insert", "INSERT INTO {live}.colors (name) VALUES ('escaped');\n", 1, NAMES_LIVE_COLORS),
    Shape("delete", "DELETE FROM {live}.colors;\n", 1, NAMES_LIVE_COLORS),
    Shape(
        "create-table",
        "CREATE TABLE {live}.leaked (id INT PRIMARY KEY);\n",
        1,
        "names the database {live} ({live}.leaked)",
    ),
    Shape(
        "drop-table",
        "CREATE TABLE kept (id INT PRIMARY KEY);\nDROP TABLE {live}.colors;\n",
        2,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "alter-table",
        "ALTER TABLE {live}.colors ADD COLUMN leaked INT NULL;\n",
        1,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "call",
        "CALL {live}.add_color('escaped');\n",
        1,
        "names the database {live} ({live}.add_color)",
    ),
    Shape(
        "use",
        "USE {live};\nCREATE TABLE leaked (id INT PRIMARY KEY);\n",
        1,
        "switches to the database {live}",
        DATABASE_HINT,
    ),
    Shape(
        "create-database",
        "CREATE DATABASE {other};\n",
        1,
        "creates the database {other}",
        DATABASE_HINT,
    ),
    Shape(
        "drop-database", "DROP DATABASE {live};\n", 1, "drops the database {live}", DATABASE_HINT
    ),
    Shape(
        "view-body",
        "CREATE VIEW leaked_names AS SELECT name FROM {live}.colors;\n",
        1,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "trigger-body",
        "CREATE TABLE t (id INT PRIMARY KEY);\n"
        "DELIMITER $$\n"
        "CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW\n"
        "BEGIN\n"
        "  INSERT INTO {live}.colors (name) VALUES ('from a trigger');\n"
        "END$$\n"
        "DELIMITER ;\n"
        "INSERT INTO t VALUES (1);\n",
        5,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "routine-body",
        "DELIMITER $$\n"
        "CREATE PROCEDURE wipe_colors()\n"
        "BEGIN\n"
        "  DELETE FROM {live}.colors;\n"
        "END$$\n"
        "DELIMITER ;\n"
        "CALL wipe_colors();\n",
        4,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "rename",
        "CREATE TABLE moved (id INT PRIMARY KEY);\nRENAME TABLE moved TO {live}.moved;\n",
        2,
        "names the database {live} ({live}.moved)",
    ),
    Shape(
        "insert-select",
        "CREATE TABLE copied (id INT PRIMARY KEY, name VARCHAR(50));\n"
        "INSERT INTO copied SELECT id, name FROM {live}.colors;\n",
        2,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "load-data",
        "LOAD DATA INFILE '{data}' INTO TABLE {live}.colors (name);\n",
        1,
        NAMES_LIVE_COLORS,
    ),
    Shape(
        "execute-immediate",
        "EXECUTE IMMEDIATE 'INSERT INTO {live}.colors (name) VALUES (''escaped'')';\n",
        1,
        "names the database {live} ({live}.colors), in the SQL it runs",
    ),
    Shape(
        "prepare-from-variable",
        "SET @wipe = CONCAT('DELETE FROM ', '{live}', '.colors');\n"
        "PREPARE wipe FROM @wipe;\n"
        "EXECUTE wipe;\n",
        2,
        "runs SQL built while it runs",
        DYNAMIC_HINT,
    ),
]
ROLLBACK_SHAPE = Shape(
    "rollback",
    "DROP TABLE t;\nDELETE FROM {live}.colors;\n",
    2,
    NAMES_LIVE_COLORS,
    in_rollback=True,
)


@dataclass
class Live:
    """The configured database, with rows and a procedure, and what to fill the shapes with."""

    url: DatabaseURL
    server: DatabaseURL
    data_file: Path
    other: str  # a database name nobody has

    @property
    def name(self) -> str:
        assert self.url.database
        return self.url.database

    def fill(self, text: str) -> str:
        return text.format(live=self.name, other=self.other, data=self.data_file)

    def state(self) -> dict[str, object]:
        """Everything an escape could change: rows, tables and views, columns, routines,
        triggers, and the server's databases (a scratch database left behind, one created)."""
        schema = (self.name,)
        tables = admin_query(
            self.server,
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = %s ORDER BY 1",
            schema,
        )
        rows = None
        if ("colors", "BASE TABLE") in tables:
            rows = admin_query(
                self.server, f"SELECT id, name FROM `{self.name}`.colors ORDER BY id"
            )
        return {
            "rows": rows,
            "tables": tables,
            "columns": admin_query(
                self.server,
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = %s ORDER BY 1, 2",
                schema,
            ),
            "routines": admin_query(
                self.server,
                "SELECT ROUTINE_NAME FROM information_schema.ROUTINES"
                " WHERE ROUTINE_SCHEMA = %s ORDER BY 1",
                schema,
            ),
            "triggers": admin_query(
                self.server,
                "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
                " WHERE TRIGGER_SCHEMA = %s ORDER BY 1",
                schema,
            ),
            "databases": sorted(name for (name,) in admin_query(self.server, "SHOW DATABASES")),
        }


@pytest.fixture
def live(roble: Roble, server: DatabaseURL, tmp_path: Path) -> Iterator[Live]:
    run_sql(roble.url, LIVE_SETUP)
    data = tmp_path / "colors.tsv"
    data.write_text("escaped\n")
    found = Live(roble.url, server, data, f"roble_t_other_{uuid.uuid4().hex[:8]}")
    yield found
    admin_query(server, f"DROP DATABASE IF EXISTS `{found.other}`")


def write_escape(project: Project, live: Live, shape: Shape) -> Path:
    """The shape as revision 0001 (or as its rollback); the path of the file refused."""
    if shape.in_rollback:
        project.revision(
            "0001_escape", "CREATE TABLE t (id INT PRIMARY KEY);\n", live.fill(shape.sql)
        )
        return project.migrations / "0001_escape.rollback.sql"
    return project.revision("0001_escape", live.fill(shape.sql), "DO 0;\n")


def assert_refused(
    result: Result, path: Path, line: int, kind: str, shape: Shape, live: Live
) -> None:
    """Exit 1, nothing on stdout, one line naming the file and line, the statement's
    first words, the other database and the hint."""
    assert result.code == 1, result.output
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    start = f"roble: error: {path}:{line}: the {kind} changes or names databases: '"
    assert lines[0].startswith(start), lines[0]
    assert f"' {live.fill(shape.problem)}. {shape.hint}" in lines[0]


def revision_line(shape: Shape) -> int:
    """The file line of the shape's statement: a revision file starts with its header line
    and a blank line; a rollback file is the SQL alone."""
    return shape.line if shape.in_rollback else shape.line + 2


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [*SHAPES, ROLLBACK_SHAPE], ids=lambda s: s.id)
def test_check_refuses_a_revision_that_reaches_another_database(
    project: Project, roble: Roble, live: Live, shape: Shape
):
    path = write_escape(project, live, shape)
    before = live.state()
    result = roble("check")
    assert live.state() == before
    assert_refused(result, path.resolve(), revision_line(shape), _kind(shape), shape, live)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_diff_refuses_a_revision_that_reaches_another_database(
    project: Project, roble: Roble, live: Live, shape: Shape
):
    path = write_escape(project, live, shape)
    before = live.state()
    result = roble("diff")
    assert live.state() == before
    assert_refused(result, path.resolve(), revision_line(shape), "revision", shape, live)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_autogenerate_refuses_a_schema_file_that_reaches_another_database(
    project: Project, roble: Roble, live: Live, shape: Shape
):
    project.revision(
        "0001_sizes", "CREATE TABLE sizes (id INT PRIMARY KEY);\n", "DROP TABLE sizes;\n"
    )
    wanted = project.root / "wanted.sql"
    wanted.write_text("CREATE TABLE sizes (id INT PRIMARY KEY);\n" + live.fill(shape.sql))
    files = sorted(path.name for path in project.migrations.iterdir())
    before = live.state()
    result = roble("new", "--autogenerate", "-m", "wanted", "--from-schema", str(wanted))
    assert live.state() == before
    assert sorted(path.name for path in project.migrations.iterdir()) == files
    assert_refused(result, wanted, shape.line + 1, "schema file", shape, live)


@pytest.mark.parametrize("shape", [SHAPES[0], SHAPES[11]], ids=lambda s: s.id)
def test_autogenerate_refuses_a_revision_that_reaches_another_database(
    project: Project, roble: Roble, live: Live, shape: Shape
):
    path = write_escape(project, live, shape)
    wanted = project.root / "wanted.sql"
    wanted.write_text("CREATE TABLE sizes (id INT PRIMARY KEY);\n")
    before = live.state()
    result = roble("new", "--autogenerate", "-m", "wanted", "--from-schema", str(wanted))
    assert live.state() == before
    assert_refused(result, path.resolve(), revision_line(shape), "revision", shape, live)
    assert sorted(p.name for p in project.migrations.iterdir()) == [
        "0001_escape.rollback.sql",
        "0001_escape.sql",
    ]


def test_check_refuses_a_post_apply_hook_that_reaches_another_database(
    project: Project, roble: Roble, live: Live
):
    project.revision(
        "0001_sizes", "CREATE TABLE sizes (id INT PRIMARY KEY);\n", "DROP TABLE sizes;\n"
    )
    hook = project.migrations / "post-apply.sql"
    hook.write_text(live.fill("DELETE FROM {live}.colors;\n"))
    before = live.state()
    result = roble("check")
    assert live.state() == before
    shape = SHAPES[1]
    assert_refused(result, hook.resolve(), 1, "post-apply hook", shape, live)


def _kind(shape: Shape) -> str:
    return "rollback" if shape.in_rollback else "revision"


# -- what stays allowed ---------------------------------------------------------------------

ALLOWED = """
CREATE TABLE sizes (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL, n INT NULL);
INSERT INTO sizes (id, label) VALUES (1, 'S');
INSERT INTO sizes (id, label) VALUES (2, 'M') ON DUPLICATE KEY UPDATE sizes.label = VALUES(sizes.label);
UPDATE sizes s JOIN (SELECT 1 AS id) AS one ON one.id = s.id SET s.n = 1;
SELECT s.* FROM sizes AS s WHERE EXTRACT(YEAR FROM NOW()) > 2000;
SET @has_n = (SELECT COUNT(*) FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sizes' AND COLUMN_NAME = 'n');
PREPARE counted FROM 'SELECT COUNT(*) FROM sizes';
EXECUTE counted;
DEALLOCATE PREPARE counted;
ALTER DATABASE CHARACTER SET utf8mb4;
DELIMITER $$
CREATE TRIGGER sizes_bi BEFORE INSERT ON sizes FOR EACH ROW
BEGIN
  SET NEW.label = UPPER(NEW.label);
END$$
DELIMITER ;
"""


def test_check_still_runs_table_qualified_names_and_system_schema_reads(
    project: Project, roble: Roble, live: Live
):
    """Aliases, NEW/OLD, row aliases, `t.*`, information_schema reads, a PREPARE of a literal
    and ALTER DATABASE of the scratch database itself name no other database."""
    from roble_sql.api.scratch_guard import first_escape

    assert first_escape(ALLOWED, databases={live.name}) is None
    project.revision("0001_sizes", ALLOWED, "DROP TRIGGER sizes_bi;\nDROP TABLE sizes;\n")
    before = live.state()
    result = roble("check")
    assert result.code == 0, result.output
    assert "check: ok: all 1 rollback(s) restore the schema exactly" in result.out
    assert live.state() == before


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("SELECT NEXTVAL(live.seq)", "names the database live (live.seq)"),
        ("SELECT live.next_id()", "names the database live (live.next_id)"),
        ("SELECT live.colors.name FROM colors", "names the database live (live.colors.name)"),
        ("GRANT SELECT ON live.* TO app", "names the database live (live.*)"),
        ("GRANT SELECT ON *.* TO app", "names every database (*.*)"),
        ("INSERT INTO mysql.user VALUES (1)", "names the database mysql (mysql.user)"),
        ("TRUNCATE live.colors", "names the database live (live.colors)"),
        ("CREATE TABLE t LIKE live.colors", "names the database live (live.colors)"),
        ("/*!50001 DELETE FROM live.colors */", "names the database live (live.colors)"),
        ("ALTER DATABASE live CHARACTER SET utf8mb4", "changes the database live"),
        (
            "SELECT x.id FROM colors",
            "names x.id, and x is no table or alias of the statement: another database?",
        ),
        (
            "INSERT INTO t (a) VALUES " + "(1)," * 1_000 + "((SELECT id FROM live.colors))",
            "names the database live (live.colors)",
        ),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else None,
)
def test_the_guard_reads_every_place_a_database_can_be_named(statement: str, problem: str):
    from roble_sql.api.scratch_guard import first_escape

    escape = first_escape(statement, databases={"live"})
    assert escape is not None and escape.problem == problem


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT c.name FROM colors c",
        "UPDATE furniture f JOIN colors c ON c.id = f.color_id SET f.name = c.name",
        "DELETE t1.* FROM t1 JOIN t2 ON t1.a = t2.a",
        "SELECT SUBSTRING(t.c FROM 2) FROM t",
        "WITH r AS (SELECT 1 AS n) SELECT r.n FROM r",
        "SELECT * FROM performance_schema.threads JOIN mysql.user",
        "SELECT * FROM t FOR UPDATE",
        "SHOW CREATE DATABASE live",
        "INSERT INTO t (a) VALUES " + "('a.b', 1.5)," * 1_000 + "('www.example.com', 2)",
    ],
    ids=lambda value: value[:30],
)
def test_the_guard_lets_statements_that_stay_home_through(statement: str):
    from roble_sql.api.scratch_guard import first_escape

    assert first_escape(statement, databases={"live"}) is None


# -- another server for the scratch databases -----------------------------------------------


@pytest.fixture(scope="module")
def scratch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseURL]:
    """A second throwaway MariaDB: where --scratch-url sends the scratch databases."""
    from tests.conftest import throwaway_server

    with throwaway_server(tmp_path_factory.mktemp("scratch-mariadb")) as url:
        yield url


def databases_created(url: DatabaseURL) -> int:
    """CREATE DATABASE statements the server ran since it started."""
    return int(admin_query(url, "SHOW GLOBAL STATUS LIKE 'Com_create_db'")[0][1])


def scratch_databases(url: DatabaseURL) -> list[str]:
    rows = admin_query(url, "SHOW DATABASES LIKE 'roble\\_%'")
    return sorted(name for (name,) in rows if not name.startswith(("roble_t_", "roble_admin")))


@pytest.fixture
def reader(
    roble: Roble, server: DatabaseURL, capsys: pytest.CaptureFixture[str]
) -> Iterator[Roble]:
    """roble on the live database as a user who may read it and nothing more: no scratch
    database can be made with it on the live server."""
    name = f"roble_r_{uuid.uuid4().hex[:8]}"
    password = f"Rd:{uuid.uuid4().hex[:12]}"
    database = roble.url.database
    for host in ("localhost", "%"):
        admin_query(server, "CREATE USER %s@%s IDENTIFIED BY %s", (name, host, password))
        admin_query(server, f"GRANT SELECT, SHOW VIEW ON `{database}`.* TO %s@%s", (name, host))
    yield Roble(capsys, DatabaseURL(**{**roble.url.__dict__, "user": name, "password": password}))
    for host in ("localhost", "%"):
        admin_query(server, "DROP USER IF EXISTS %s@%s", (name, host))


def _sizes(project: Project) -> None:
    project.revision(
        "0001_sizes",
        "CREATE TABLE sizes (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL);\n",
        "DROP TABLE sizes;\n",
    )


def test_check_with_a_scratch_url_makes_its_database_there_and_only_reads_the_live_one(
    project: Project, roble: Roble, reader: Roble, scratch_server: DatabaseURL, server: DatabaseURL
):
    _sizes(project)
    live_databases = admin_query(server, "SHOW DATABASES")
    refused = reader("check")  # the live server won't let this user make a scratch database
    assert refused.code == 2, refused.output
    assert "could not create the scratch database roble_check_" in refused.err
    assert "--scratch-url" in refused.err
    created = databases_created(scratch_server)
    result = reader("check", "--scratch-url", scratch_server.as_url(reveal=True))
    assert result.code == 0, result.output
    assert "check: ok: all 1 rollback(s) restore the schema exactly" in result.out
    assert databases_created(scratch_server) == created + 1
    assert scratch_databases(scratch_server) == []
    assert admin_query(server, "SHOW DATABASES") == live_databases
    assert roble.query(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    ) == [(0,)]


def test_diff_with_a_scratch_url_reads_the_live_schema_and_builds_the_revisions_there(
    project: Project, roble: Roble, reader: Roble, scratch_server: DatabaseURL
):
    _sizes(project)
    assert roble("upgrade", "--no-lint").code == 0
    scratch = scratch_server.as_url(reveal=True)
    created = databases_created(scratch_server)
    same = reader("diff", "--scratch-url", scratch)
    assert same.code == 0, same.output
    assert "diff: no drift: the schema is what the revisions build" in same.out
    roble.query("ALTER TABLE sizes ADD COLUMN notes VARCHAR(20) NULL")
    drifted = reader("diff", "--scratch-url", scratch)
    assert drifted.code == 1, drifted.output
    assert "+ column sizes.notes" in drifted.out
    assert databases_created(scratch_server) == created + 2
    assert scratch_databases(scratch_server) == []


def test_autogenerate_with_a_scratch_url_loads_the_schema_file_there(
    project: Project, reader: Roble, scratch_server: DatabaseURL
):
    _sizes(project)
    wanted = project.root / "wanted.sql"
    wanted.write_text(
        "CREATE TABLE sizes (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL,"
        " notes VARCHAR(40) NULL);\n"
    )
    created = databases_created(scratch_server)
    result = reader(
        "new",
        "--autogenerate",
        "-m",
        "notes",
        "--from-schema",
        str(wanted),
        "--scratch-url",
        scratch_server.as_url(reveal=True),
    )
    assert result.code == 0, result.output
    assert databases_created(scratch_server) == created + 2  # roble_wanted_*, roble_autogen_*
    assert scratch_databases(scratch_server) == []
    (generated,) = [
        path for path in project.migrations.glob("*_notes.sql") if "rollback" not in path.name
    ]
    assert "ADD COLUMN `notes` varchar(40)" in generated.read_text()


def test_production_needs_no_confirmation_for_scratch_databases_on_another_server(
    project: Project,
    roble: Roble,
    scratch_server: DatabaseURL,
    server: DatabaseURL,
    monkeypatch: pytest.MonkeyPatch,
):
    _sizes(project)
    monkeypatch.setenv("ROBLE_ENV", "production")
    elsewhere = roble("check", "--scratch-url", scratch_server.as_url(reveal=True))
    assert elsewhere.code == 0, elsewhere.output
    # The production server itself, named by --scratch-url: the servers are compared.
    here = roble("check", "--scratch-url", server.as_url(reveal=True))
    assert here.code == 2, here.output
    assert "'check' creates and drops scratch databases on the production server" in here.err
    assert "--yes-i-know" in here.err
    assert scratch_databases(server) == []
    # Confirmed, the production server works too: rolling back on the scratch database
    # is not rolling back production, and asks for no second confirmation.
    confirmed = roble("check", "--yes-i-know")
    assert confirmed.code == 0, confirmed.output
    assert scratch_databases(server) == []


def test_the_scratch_server_comes_from_the_environment_or_yoyo_ini(
    project: Project, reader: Roble, scratch_server: DatabaseURL, monkeypatch: pytest.MonkeyPatch
):
    _sizes(project)
    created = databases_created(scratch_server)
    monkeypatch.setenv("ROBLE_SCRATCH_URL", scratch_server.as_url(reveal=True))
    from_env = reader("check")
    assert from_env.code == 0, from_env.output
    monkeypatch.delenv("ROBLE_SCRATCH_URL")
    # No password in yoyo.ini: it comes from ROBLE_DB_PASSWORD, as for the database.
    monkeypatch.setenv("ROBLE_DB_PASSWORD", TEST_PASSWORD)
    (project.root / "yoyo.ini").write_text(
        "[DEFAULT]\nsources = %(here)s/sql_migrations\n\n[roble]\n"
        f"scratch_url = {scratch_server.with_password(None).as_url()}\n"
    )
    from_ini = reader("check")
    assert from_ini.code == 0, from_ini.output
    assert databases_created(scratch_server) == created + 2


@pytest.mark.slow
def test_scratch_url_sandbox_uses_the_local_sandbox(project: Project, reader: Roble):
    from roble_sql.cli.common import SANDBOX_DIR
    from roble_sql.sandbox import Sandbox

    _sizes(project)
    try:
        result = reader("check", "--scratch-url", "sandbox")
        assert result.code == 0, result.output
        assert "scratch databases on the local sandbox MariaDB" in result.err
    finally:
        Sandbox(project.root / SANDBOX_DIR).stop()
