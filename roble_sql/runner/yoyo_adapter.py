"""yoyo's MySQL backend and migration classes, adapted to roble's connection."""

from __future__ import annotations

import contextlib
import functools
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roble_sql import __version__
from roble_sql.dsn import DatabaseURL
from roble_sql.runner.literals import sql_literal
from roble_sql.runner.records import Who, utc_now


def pyformat(sql: str) -> str:
    """yoyo's ``:name`` placeholders as ``%(name)s``, with literal % doubled."""
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


ROBLE_LOG_COMMENT = f"roble {__version__}"


def _with_comment(log_sql: str) -> str:
    """yoyo's log INSERT with its ``comment`` column filled too (yoyo leaves it NULL)."""
    columns, values = log_sql.rsplit(") VALUES (", 1)
    return f"{columns}, `comment`) VALUES ({values.rstrip().removesuffix(')')}, %(comment)s)"


@functools.cache
def _node() -> int:
    return uuid.getnode()


@functools.cache
def yoyo_classes() -> tuple[type, type]:
    """yoyo's backend and migration classes, adapted; built on first use (yoyo imports slowly)."""
    import pymysql
    from yoyo import internalmigrations
    from yoyo.backends.core.mysql import MySQLBackend
    from yoyo.migrations import Migration, get_migration_hash

    class RobleBackend(MySQLBackend):
        """yoyo's MySQL backend on roble's connection, without yoyo's per-call overheads."""

        _internal_schema_updated: bool  # set by yoyo

        def __init__(self, connection: Any, url: DatabaseURL, migration_table: str, who: Who):
            # Not calling super().__init__: it opens a connection of its own.
            self.uri = url
            self.DatabaseError = pymysql.DatabaseError
            self._connection = connection
            self.migration_table = migration_table
            self.has_transactional_ddl = False  # MySQL commits DDL implicitly
            self._who = who

        def quote_identifier(self, identifier: str) -> str:
            # yoyo asks the server for sql_mode on every call; backticks work in every mode.
            return "`" + identifier.replace("`", "``") + "`"

        @contextlib.contextmanager
        def lock(self, timeout: int = 10) -> Iterator[None]:
            yield  # roble holds GET_LOCK for the whole run; yoyo's lock table is not used

        def ensure_internal_schema_updated(self) -> None:
            if not self._internal_schema_updated:
                if internalmigrations.needs_upgrading(self):
                    internalmigrations.upgrade(self)
                self._internal_schema_updated = True

        @functools.cached_property
        def _templates(self) -> dict[str, str]:
            """yoyo's own mark/unmark/log SQL, in the driver's style, prepared once per run."""
            named = {
                "mark": self.mark_migration_sql,
                "unmark": self.unmark_migration_sql,
                "log": self.log_migration_sql,
            }
            templates = {key: pyformat(self.format_sql(sql)) for key, sql in named.items()}
            templates["log"] = _with_comment(templates["log"])
            return templates

        def bookkeeping_sql(
            self, migration: Any, operation: str, *, log_only: bool = False
        ) -> list[str]:
            """The rows yoyo writes for ``operation`` (apply/rollback/mark/unmark), as SQL to batch.

            Same tables, columns and values as yoyo's mark_one/unmark_one/log_migration, so
            yoyo reads them as its own; rendered here so they ride in roble's round trip.
            """
            escape = sql_literal  # the session may be the revision's (SET NAMES, sql_mode)
            log = self.get_log_data(migration, operation)
            sql = [self._templates["log"] % {k: escape(v) for k, v in log.items()}]
            if log_only:  # a post-apply hook: yoyo logs its run and never marks it
                return sql
            if operation in ("apply", "mark"):
                values = {
                    "migration_hash": migration.hash,
                    "migration_id": migration.id,
                    "when": log["created_at_utc"],
                }
                sql.append(self._templates["mark"] % {k: escape(v) for k, v in values.items()})
            else:
                values = {"migration_hash": migration.hash}
                sql.append(self._templates["unmark"] % {k: escape(v) for k, v in values.items()})
            return sql

        def get_log_data(self, migration: Any = None, operation: str = "apply") -> dict[str, Any]:
            # yoyo calls socket.getfqdn() (a DNS lookup) for every log row.
            return {
                # The node given: uuid1() would ask libuuid for it on every call (~4x slower).
                "id": str(uuid.uuid1(node=_node())),
                "migration_id": migration.id if migration else None,
                "migration_hash": migration.hash if migration else None,
                "username": self._who.os_user,
                "hostname": self._who.host,
                "created_at_utc": utc_now(),
                "operation": operation,
                "comment": ROBLE_LOG_COMMENT,  # says roble wrote here (see Database.state)
            }

    class RobleMigration(Migration):
        """A yoyo migration as roble records it: its id and yoyo's hash of the id. roble
        runs the SQL itself; yoyo never loads it."""

        def __init__(self, revision_id: str, path: Path | None):
            where = path or Path(revision_id + ".sql")
            super().__init__(revision_id, str(where), str(where.parent))
            self.hash = get_migration_hash(revision_id)

    return RobleBackend, RobleMigration
