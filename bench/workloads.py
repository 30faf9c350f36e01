"""Workload generation: the same migrations in each tool's format, written under one folder.

Every workload folder holds:

- ``migrations/``: roble's and yoyo's format (``<id>.sql`` + ``<id>.rollback.sql``,
  chained by ``-- depends:``), plus a ``yoyo.ini`` naming it, so roble's config search
  stops there instead of finding the repository's own ``yoyo.ini``;
- ``dbmate/``: dbmate's format (``-- migrate:up`` / ``-- migrate:down`` in one file);
- ``up.sql`` / ``down.sql``: what the raw ``mariadb`` client runs, the same statements
  concatenated (``down.sql`` is the rollback files, newest first).

Data workloads also carry ``setup`` SQL (the empty table) that the harness runs untimed.
Generation is deterministic: the same arguments always write the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ITEMS_TABLE = """CREATE TABLE items (
  id INT NOT NULL PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  qty INT NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  created_at DATETIME NOT NULL,
  note TEXT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"""

# mariadb-dump's default --net-buffer-length: an extended INSERT is cut before it exceeds it.
DUMP_STATEMENT_BYTES = 1_046_528


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    root: Path
    revisions: int
    setup: str = ""  # SQL run untimed in the fresh database before any tool runs
    rows: int = 0  # rows a data workload leaves in ``items``: checked after every run

    @property
    def migrations(self) -> Path:
        return self.root / "migrations"

    @property
    def dbmate_dir(self) -> Path:
        return self.root / "dbmate"

    @property
    def up_sql(self) -> Path:
        return self.root / "up.sql"

    @property
    def down_sql(self) -> Path:
        return self.root / "down.sql"

    def size_bytes(self) -> int:
        return self.up_sql.stat().st_size


def _prepare_dirs(root: Path) -> None:
    for directory in (root / "migrations", root / "dbmate"):
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.iterdir():
            old.unlink()
    (root / "yoyo.ini").write_text("[DEFAULT]\nsources = %(here)s/migrations\n")


def table_revisions(root: Path, key: str, count: int) -> Workload:
    """``count`` one-table revisions, each depending on the previous one."""
    _prepare_dirs(root)
    ups, downs = [], []
    previous = None
    for i in range(1, count + 1):
        rid = f"{i:04d}_create_t_{i}"
        up = f"CREATE TABLE t_{i} (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
        down = f"DROP TABLE t_{i};\n"
        header = f"-- Create t_{i}\n"
        if previous:
            header += f"-- depends: {previous}\n"
        (root / "migrations" / f"{rid}.sql").write_text(header + "\n" + up)
        (root / "migrations" / f"{rid}.rollback.sql").write_text(down)
        (root / "dbmate" / f"{rid}.sql").write_text(f"-- migrate:up\n{up}\n-- migrate:down\n{down}")
        ups.append(header + "\n" + up)
        downs.append(down)
        previous = rid
    (root / "up.sql").write_text("".join(ups))
    (root / "down.sql").write_text("".join(reversed(downs)))
    return Workload(key, f"{count} one-table revisions", root, count)


def data_revision(
    root: Path, key: str, title: str, chunks: Iterator[str], *, raw_transaction: bool = False
) -> Workload:
    """One data revision into the (pre-created, empty) ``items`` table.

    ``raw_transaction`` wraps the raw client's copy in START TRANSACTION/COMMIT, for files
    that have no transaction control of their own (roble, yoyo and dbmate all run a
    pure-DML revision as one transaction).
    """
    _prepare_dirs(root)
    rid = "0001_load_items"
    up_path = root / "migrations" / f"{rid}.sql"
    with (
        up_path.open("w") as up,
        (root / "up.sql").open("w") as raw,
        (root / "dbmate" / f"{rid}.sql").open("w") as dbmate,
    ):
        dbmate.write("-- migrate:up\n")
        if raw_transaction:
            raw.write("START TRANSACTION;\n")
        rows = 0
        for chunk in chunks:
            # A row starts a line in a dump ("VALUES\n(" and ",\n("), or follows "VALUES ".
            rows += chunk.count("\n(") + chunk.count("VALUES (")
            up.write(chunk)
            raw.write(chunk)
            dbmate.write(chunk)
        if raw_transaction:
            raw.write("COMMIT;\n")
        # The exact reverse, as a reviewed data migration has (ids run from 1 to rows).
        down = f"DELETE FROM items WHERE id BETWEEN 1 AND {rows};\n"
        dbmate.write(f"\n-- migrate:down\n{down}")
    (root / "migrations" / f"{rid}.rollback.sql").write_text(down)
    (root / "down.sql").write_text(down)
    return Workload(key, title, root, 1, setup=ITEMS_TABLE, rows=rows)


# -- row data ---------------------------------------------------------------------------------


def _rows(seed: int = 42) -> Iterator[str]:
    """Endless ``items`` rows as mariadb-dump escapes them, some with quotes, ``;`` and newlines."""
    rng = random.Random(seed)
    words = ("Silla", "Mesa", "Armario", "Cama", "Estante", "Banco", "Cómoda", "Sofá")
    woods = ("roble", "pino", "nogal", "haya", "cerezo")
    i = 0
    while True:
        i += 1
        name = f"{rng.choice(words)} {rng.choice(woods)} {i}"
        if i % 7 == 0:
            name += " \\'edición\\'; limitada"
        note = "NULL"
        if i % 3 == 0:
            note = f"'Lote {rng.randint(1, 999)}\\nrevisado; OK'"
        day = 1 + i % 28
        yield (
            f"({i},'{name}',{rng.randint(0, 500)},{rng.randint(100, 99999) / 100:.2f},"
            f"'2024-03-{day:02d} 10:{i % 60:02d}:00',{note})"
        )


def dump_chunks(target_bytes: int, *, lock_tables: bool = True) -> Iterator[str]:
    """A data-only dump of ``items`` as ``mariadb-dump --no-create-info --no-autocommit`` writes it.

    Multi-row INSERTs one row per line, each statement kept under mariadb-dump's default
    net buffer (~1 MB), wrapped in its SET / LOCK TABLES / DISABLE KEYS / COMMIT statements.
    ``lock_tables=False`` is the ``--skip-add-locks`` shape (no LOCK/UNLOCK TABLES).
    """
    yield (
        "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
        "--\n-- Host: localhost    Database: bench\n"
        "-- ------------------------------------------------------\n"
        "-- Server version\t10.11.19-MariaDB\n\n"
        "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
        "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n"
        "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n"
        "/*!40101 SET NAMES utf8mb4 */;\n"
        "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
        "/*!40103 SET TIME_ZONE='+00:00' */;\n"
        "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
        "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
        "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n\n"
        "--\n-- Dumping data for table `items`\n--\n\n"
        "SET @OLD_AUTOCOMMIT=@@AUTOCOMMIT, @@AUTOCOMMIT=0;\n"
    )
    if lock_tables:
        yield "LOCK TABLES `items` WRITE;\n"
    yield "/*!40000 ALTER TABLE `items` DISABLE KEYS */;\n"
    written = 0
    rows = _rows()
    while written < target_bytes:
        parts = ["INSERT INTO `items` VALUES\n"]
        size = len(parts[0])
        while size < DUMP_STATEMENT_BYTES - 400 and written + size < target_bytes:
            row = next(rows)
            parts.append(row if len(parts) == 1 else ",\n" + row)
            size += len(row) + 2
        parts.append(";\n")
        chunk = "".join(parts)
        written += len(chunk)
        yield chunk
    yield "/*!40000 ALTER TABLE `items` ENABLE KEYS */;\n"
    if lock_tables:
        yield "UNLOCK TABLES;\n"
    yield (
        "COMMIT;\n"
        "SET AUTOCOMMIT=@OLD_AUTOCOMMIT;\n"
        "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n\n"
        "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
        "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n"
        "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n"
        "/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n"
        "/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n"
        "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n"
        "-- Dump completed\n"
    )


def single_row_inserts(count: int) -> Iterator[str]:
    """``count`` single-row INSERT statements, one per line, no transaction control."""
    yield "-- Load items one row at a time\n\n"
    rows = _rows(seed=7)
    for _ in range(count):
        yield f"INSERT INTO items VALUES {next(rows)};\n"


def build_all(work: Path, *, quick: bool) -> dict[str, Workload]:
    """Write every workload under ``work``; quick mode writes smaller ones."""
    small, large = (20, 100) if quick else (100, 500)
    mb = 1024 * 1024
    dump_mb, big_mb, inserts = (1, 10, 2_000) if quick else (3, 50, 20_000)
    workloads = [
        table_revisions(work / f"revisions{small}", "small", small),
        table_revisions(work / f"revisions{large}", "large", large),
        data_revision(
            work / "dump",
            "dump",
            f"{dump_mb} MB mariadb-dump data (LOCK TABLES)",
            dump_chunks(dump_mb * mb),
        ),
        data_revision(
            work / "dump_nolocks",
            "dump_nolocks",
            f"{dump_mb} MB mariadb-dump data (--skip-add-locks)",
            dump_chunks(dump_mb * mb, lock_tables=False),
        ),
        data_revision(
            work / "inserts",
            "inserts",
            f"{inserts // 1000}k single-row INSERTs",
            single_row_inserts(inserts),
            raw_transaction=True,
        ),
        data_revision(
            work / "bigdump",
            "bigdump",
            f"{big_mb} MB mariadb-dump data (--skip-add-locks)",
            dump_chunks(big_mb * mb, lock_tables=False),
        ),
    ]
    return {w.key: w for w in workloads}
