"""What lint's per-statement analysis costs: µs per statement and bytes per kept Stmt.

    python -m bench.lint_speed [--count 600000] [--only single,extended,...]

Each workload's text is split untimed (``roble_sql.splitter.split``); only
``roble_sql.lint.analysis.analyse`` is timed, keeping every Stmt as the engine does, with
the garbage collector on. Bytes per Stmt: what tracemalloc sees allocated by analysing a
sample of the statements and keeping their Stmts (the statement texts, which the
splitter made, are not counted). Run it from another checkout's folder to compare
(``cd /old/tree && python -m bench.lint_speed``): it imports the tree it runs in.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable, Iterator
from itertools import islice

from bench.workloads import ITEMS_TABLE, _rows, dump_chunks, single_row_inserts
from roble_sql.lint.analysis import analyse
from roble_sql.splitter import Statement, split

_MEMORY_SAMPLE = 20_000
_ROUNDS = 3


def _each(count: int, make: Callable[[str], str], seed: int = 7) -> Iterator[str]:
    for row in islice(_rows(seed), count):
        yield make(row) + ";\n"


def _columns(count: int) -> Iterator[str]:
    columns = "id, name, qty, price, created_at, note"
    return _each(count, lambda row: f"INSERT INTO items ({columns}) VALUES {row}")


def _ignore(count: int) -> Iterator[str]:
    return _each(count, lambda row: f"INSERT IGNORE INTO items VALUES {row}")


def _replace(count: int) -> Iterator[str]:
    return _each(count, lambda row: f"REPLACE INTO items VALUES {row}")


def _on_duplicate(count: int) -> Iterator[str]:
    update = "ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty), price = VALUES(price)"
    return _each(count, lambda row: f"INSERT INTO items VALUES {row} {update}")


def _insert_select(count: int) -> Iterator[str]:
    for i in range(count):
        yield (
            f"INSERT INTO items_archive (id, name) SELECT id, name FROM items "
            f"WHERE id BETWEEN {i * 100} AND {i * 100 + 99} ORDER BY id;\n"
        )


def _updates(count: int) -> Iterator[str]:
    for i in range(count):
        yield f"UPDATE items SET qty = qty + 1, note = 'restocked' WHERE id = {i};\n"


def _ddl(count: int) -> Iterator[str]:
    for i in range(count):
        yield ITEMS_TABLE.replace("items", f"items_{i}") + ";\n"
        yield f"ALTER TABLE items_{i} ADD COLUMN sku VARCHAR(20) NULL, ALGORITHM=INSTANT;\n"


def _extended(count: int) -> Iterator[str]:
    # mariadb-dump's extended INSERTs (~1 MB each) holding about `count` rows in all.
    return dump_chunks(count * 80)


WORKLOADS: dict[str, Callable[[int], Iterator[str]]] = {
    "single": single_row_inserts,  # INSERT INTO items VALUES (...)
    "columns": _columns,
    "ignore": _ignore,
    "replace": _replace,
    "extended": _extended,
    "on-duplicate": _on_duplicate,
    "insert-select": _insert_select,
    "update": _updates,
    "ddl": _ddl,
}
# Statements that cost more each: fewer of them make a measure as good.
_SCALE = {"insert-select": 10, "update": 10, "ddl": 100}


def _analyse_all(statements: list[Statement]) -> list[object]:
    return [analyse(statement, index) for index, statement in enumerate(statements)]


def _seconds(statements: list[Statement]) -> float:
    best = float("inf")
    for _ in range(_ROUNDS):
        gc.collect()
        start = time.perf_counter()
        kept = _analyse_all(statements)
        best = min(best, time.perf_counter() - start)
        del kept
    return best


def _bytes_per_stmt(statements: list[Statement]) -> float:
    sample = statements[:_MEMORY_SAMPLE]
    _analyse_all(sample[:100])  # warm caches, so they are not counted as the Stmts' cost
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = _analyse_all(sample)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return (after - before) / len(sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=600_000, help="rows of each data workload")
    parser.add_argument("--only", default="", help="comma-separated workload names")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(WORKLOADS)
    print(f"{'workload':<14} {'statements':>10} {'total s':>8} {'us/stmt':>8} {'B/Stmt':>8}")
    for name in names:
        count = max(args.count // _SCALE.get(name, 1), 1)
        statements = [s for s in split("".join(WORKLOADS[name](count))) if s.text]
        seconds = _seconds(statements)
        size = _bytes_per_stmt(statements)
        per = seconds / len(statements) * 1e6
        print(f"{name:<14} {len(statements):>10} {seconds:>8.2f} {per:>8.2f} {size:>8.0f}")


if __name__ == "__main__":
    main()
