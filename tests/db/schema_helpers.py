"""Reading a database's schema for assertions, straight from the server."""

from __future__ import annotations

import re

from roble_sql.dsn import DatabaseURL
from tests.conftest import admin_query

BOOKKEEPING = re.compile(r"^(_yoyo_|yoyo_|roble_)")


def app_tables(url: DatabaseURL) -> list[str]:
    rows = admin_query(
        url,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s ORDER BY 1",
        (url.database,),
    )
    return [name for (name,) in rows if not BOOKKEEPING.match(name)]


def show_create(url: DatabaseURL, table: str) -> str:
    text = admin_query(url, f"SHOW CREATE TABLE `{table}`")[0][1]
    return re.sub(r" AUTO_INCREMENT=\d+", "", text)


def schema_snapshot(url: DatabaseURL) -> dict[str, str]:
    """SHOW CREATE TABLE of every application table, plus routines and triggers."""
    snapshot = {f"table {t}": show_create(url, t) for t in app_tables(url)}
    for kind, name in admin_query(
        url,
        "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
        " WHERE ROUTINE_SCHEMA = %s ORDER BY 1, 2",
        (url.database,),
    ):
        snapshot[f"{kind.lower()} {name}"] = admin_query(url, f"SHOW CREATE {kind} `{name}`")[0][2]
    for (name,) in admin_query(
        url,
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s ORDER BY 1",
        (url.database,),
    ):
        snapshot[f"trigger {name}"] = admin_query(url, f"SHOW CREATE TRIGGER `{name}`")[0][2]
    return snapshot


def audit_rows(url: DatabaseURL) -> list[dict[str, object]]:
    rows = admin_query(
        url,
        "SELECT revision_id, action, outcome, checksum, db_user, os_user, host, statements,"
        " error, error_line, duration_ms, started_at FROM roble_audit ORDER BY id",
    )
    keys = [
        "revision_id",
        "action",
        "outcome",
        "checksum",
        "db_user",
        "os_user",
        "host",
        "statements",
        "error",
        "error_line",
        "duration_ms",
        "started_at",
    ]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def applied_ids(url: DatabaseURL) -> set[str]:
    return {rid for (rid,) in admin_query(url, "SELECT migration_id FROM _yoyo_migration")}
