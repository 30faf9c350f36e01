"""Scratch databases: made, reset and dropped on one connection, and schema files run in
them. Every statement roble itself sends for the scratch tools is here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roble_sql.errors import AccessDenied, DatabaseError, MigrationFailed, UsageError
from roble_sql.runner.database import Database, connect
from roble_sql.runner.failures import ACCESS_DENIED

if TYPE_CHECKING:
    from roble_sql.dsn import DatabaseURL
    from roble_sql.folder import SqlFile

PREFIX = "roble_"  # every scratch database's name starts so; nothing else is ever dropped


class ScratchDatabase:
    """A throwaway database on ``server``: created on entry, dropped on exit, worked in
    through one connection (``db``) for its whole life, resets included. Its default
    character set and collation are ``defaults`` (``CHARACTER SET x COLLATE y``)."""

    def __init__(self, server: DatabaseURL, name: str, *, keep_away_from: str | None = None):
        if not name.startswith(PREFIX) or name == keep_away_from:
            raise UsageError(f"refusing to use {name} as a scratch database")
        self.name = name
        self._server = server.with_database("information_schema")
        self.defaults = ""
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        assert self._db is not None, "use the scratch database inside its with block"
        return self._db

    def connect(self) -> Database:
        """The connection to the scratch server (before the database exists)."""
        if self._db is None:
            self._db = connect(self._server)
        return self._db

    def __enter__(self) -> ScratchDatabase:
        self.connect()
        self._create()
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        try:
            self._drop()
        except DatabaseError:
            if exc is None:
                raise
        finally:
            self.db.close()

    def reset(self) -> None:
        """Start again from an empty database."""
        self._drop()
        self._create()

    def databases(self) -> set[str]:
        """The names of every database on the scratch server."""
        return {str(name) for (name,) in self.connect().query("SHOW DATABASES")}

    def _create(self) -> None:
        try:
            self.db.execute(f"CREATE DATABASE `{self.name}`{self.defaults}")
        except Exception as exc:  # PyMySQL's errors, as one line
            raise _failed(
                exc, f"could not create the scratch database {self.name}", self.db
            ) from None
        self.db.use(self.name)

    def _drop(self) -> None:
        try:
            self.db.execute(f"DROP DATABASE IF EXISTS `{self.name}`")
        except Exception as exc:
            raise DatabaseError(
                f"could not drop the scratch database {self.name}: {_text(exc, self.db)}",
                where=self.db.url.location(),
                hint=f"drop it by hand: DROP DATABASE `{self.name}`",
            ) from None

    def run_file(self, file: SqlFile) -> int:
        """Run a schema file's statements one by one, as the client would; how many ran.
        A failing statement is MigrationFailed naming the file's line."""
        count = 0
        for statement in file.statements():
            try:
                self.db.execute(statement.text)
            except Exception as exc:
                raise MigrationFailed(
                    f"loading the schema file failed: {_text(exc, self.db)}",
                    where=f"{file.path}:{statement.line}",
                    hint="fix the file: it is run statement by statement on an empty "
                    "scratch database, as the mariadb client would run it",
                ) from None
            count += 1
        return count


def database_defaults(db: Database, database: str) -> str:
    """`` CHARACTER SET x COLLATE y`` of ``database`` (read, never changed), or ''."""
    defaults = db.query(
        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
        " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
        (database,),
    )
    if defaults and all(defaults[0]):
        return f" CHARACTER SET {defaults[0][0]} COLLATE {defaults[0][1]}"
    return ""


def server_identity(db: Database) -> tuple[object, ...]:
    """What tells one server from another (two URLs may name the same one)."""
    return tuple(db.query("SELECT @@hostname, @@port, @@datadir")[0])


def _text(exc: Exception, db: Database) -> str:
    from roble_sql.dsn import redact

    args = exc.args
    if len(args) >= 2:
        return redact(f"({args[0]}) {' '.join(str(args[1]).split())}", (db.url.password,))
    return redact(str(exc), (db.url.password,))


def _failed(exc: Exception, what: str, db: Database) -> DatabaseError:
    code = exc.args[0] if getattr(exc, "args", None) else None
    kind = AccessDenied if code in ACCESS_DENIED else DatabaseError  # privileges: exit 2
    return kind(
        f"{what}: {_text(exc, db)}",
        where=db.url.location(),
        hint="the database user needs CREATE and DROP on roble_* databases "
        "(GRANT CREATE, DROP ON `roble\\_%`.* ...), or make them on another server "
        "with --scratch-url URL (--scratch-url sandbox: the local sandbox)",
    )
