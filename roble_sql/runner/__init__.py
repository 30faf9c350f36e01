"""The one part of roble that talks to yoyo and the database.

One connection serves a whole run: it holds the migration lock (``GET_LOCK``,
released by the server when the connection dies, so a killed deploy leaves no
stale lock), runs the revisions' statements as the ``mariadb`` client would, and
writes the bookkeeping: yoyo's tables (with yoyo's own SQL) and roble's audit and
progress tables (see ``audit.py``). pymysql and yoyo are imported lazily so
read-only commands start fast.

- ``database``: connecting, reading state (SELECT only), the lock, the schema
- ``executing``: running a revision's statements with their bookkeeping, marking
- ``batch``: statements queued for one multi-statement round trip
- ``failures``: driver errors turned into roble's errors
- ``ddl_wait``: the bound on a DDL's metadata-lock wait, its retries, who blocked it
- ``records``: the data the runner reads and keeps
- ``yoyo_adapter``: yoyo's backend and migration classes on roble's connection
- ``backup``: mariadb-dump before applying, and ``roble restore``'s load
- ``tls``: the clear-text password guard, TLS failures as one line
- ``literals``: ASCII-safe SQL literals for the bookkeeping
- ``cluster``: whether the server is a Galera node (wsrep variables), RSU refused
- ``lease``: on Galera, the cluster-wide lease held beside ``GET_LOCK``
"""

from roble_sql.runner.database import Database, connect
from roble_sql.runner.records import (
    Applied,
    DatabaseState,
    LockHolder,
    Progress,
    RevisionOutcome,
    Who,
    utc_now,
)
from roble_sql.runner.yoyo_adapter import yoyo_classes
from roble_sql.sources import sha256_text

__all__ = [
    "Applied",
    "Database",
    "DatabaseState",
    "LockHolder",
    "Progress",
    "RevisionOutcome",
    "Who",
    "connect",
    "sha256_text",
    "utc_now",
    "yoyo_classes",
]
