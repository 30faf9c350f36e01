"""How fast roble's splitter cuts bulk SQL: MB/s and µs per statement, per workload.

    python bench/splitter_speed.py [--work DIR] [--runs N] [--module PATH] [--quick]

Writes three workloads under ``--work`` (default ``/tmp/splitbench``) once, then times
``sum(1 for _ in split(text))`` on each, best of ``--runs``:

- ``single-row``: 600k one-line ``INSERT INTO items VALUES (...);`` (~62 MB);
- ``dump``: a 50 MB mariadb-dump with extended INSERTs (``--skip-add-locks``);
- ``programs``: 2000 stored programs (procedures, functions, triggers, events) between
  ``DELIMITER $$`` lines, with BEGIN ... END bodies, IF/LOOP/CASE, comments and strings.

``--module`` times another copy of ``splitter.py`` (e.g. the one before a change) instead
of ``roble_sql.splitter``, so two versions can be compared on the same machine.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.workloads import dump_chunks, single_row_inserts


def stored_programs(count: int) -> Iterator[str]:
    """``count`` stored programs in ``DELIMITER $$`` blocks, as a schema dump holds them."""
    yield "-- Stored programs\n\nDELIMITER $$\n\n"
    for i in range(count):
        kind = i % 4
        if kind == 0:
            yield (
                f"DROP PROCEDURE IF EXISTS p_{i}$$\n"
                f"CREATE DEFINER=`app`@`%` PROCEDURE p_{i}(IN n INT, OUT total INT)\n"
                "BEGIN\n"
                "  DECLARE i INT DEFAULT 0; -- loop counter\n"
                "  SET total = 0;\n"
                "  counting: LOOP\n"
                "    IF i >= n THEN LEAVE counting; END IF;\n"
                "    SET total = total + i, i = i + 1;\n"
                "  END LOOP counting;\n"
                f"  SELECT 'done; p_{i}' AS msg, `total` FROM dual;\n"
                "END$$\n\n"
            )
        elif kind == 1:
            yield (
                f"CREATE FUNCTION f_{i}(x DECIMAL(10,2)) RETURNS VARCHAR(20) DETERMINISTIC\n"
                "BEGIN\n"
                "  /* grade the amount */\n"
                "  CASE\n"
                "    WHEN x > 100 THEN RETURN 'high';\n"
                "    WHEN x > 10 THEN RETURN 'mid';\n"
                "    ELSE RETURN IF(x > 0, 'low', 'none');\n"
                "  END CASE;\n"
                "END$$\n\n"
            )
        elif kind == 2:
            yield (
                f"CREATE TRIGGER t_{i} BEFORE INSERT ON items FOR EACH ROW\n"
                "BEGIN\n"
                "  IF NEW.qty < 0 THEN\n"
                "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'qty < 0; refused';\n"
                "  ELSEIF NEW.qty = 0 THEN\n"
                '    SET NEW.note = CONCAT("empty ", NEW.name); # flagged\n'
                "  END IF;\n"
                "  WHILE NEW.price > 1000 DO SET NEW.price = NEW.price / 10; END WHILE;\n"
                "END$$\n\n"
            )
        else:
            yield (
                f"CREATE EVENT e_{i} ON SCHEDULE EVERY 1 DAY DO\n"
                "BEGIN\n"
                f"  DELETE FROM items WHERE note = 'expired {i}';\n"
                "  REPEAT SET @n = @n - 1; UNTIL @n <= 0 END REPEAT;\n"
                "END$$\n\n"
            )
    yield "DELIMITER ;\n"


WORKLOADS: dict[str, Callable[[bool], Iterable[str]]] = {
    "single-row": lambda quick: single_row_inserts(60_000 if quick else 600_000),
    "dump": lambda quick: dump_chunks((5 if quick else 50) * 1024 * 1024, lock_tables=False),
    "programs": lambda quick: stored_programs(200 if quick else 2000),
}


def _write(work: Path, quick: bool) -> dict[str, Path]:
    work.mkdir(parents=True, exist_ok=True)
    files = {}
    for key, make in WORKLOADS.items():
        path = work / f"{key}{'-quick' if quick else ''}.sql"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as handle:
                handle.writelines(make(quick))
            tmp.rename(path)
        files[key] = path
    return files


def _load(module_path: str | None) -> ModuleType:
    if module_path is None:
        import roble_sql.splitter

        return roble_sql.splitter
    spec = importlib.util.spec_from_file_location("splitter_under_test", module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _best(split: Callable[[str], Iterable[object]], text: str, runs: int) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        count = sum(1 for _ in split(text))
        best = min(best, time.perf_counter() - started)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/splitbench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--module", help="path of another splitter.py to time instead")
    parser.add_argument("--quick", action="store_true", help="workloads a tenth the size")
    parser.add_argument("--only", choices=sorted(WORKLOADS), action="append")
    args = parser.parse_args()
    splitter = _load(args.module)
    files = _write(args.work, args.quick)
    print(f"splitter: {splitter.__file__}  python {sys.version.split()[0]}  best of {args.runs}")
    print(f"{'workload':<12}{'MB':>8}{'statements':>12}{'seconds':>10}{'MB/s':>9}{'µs/stmt':>10}")
    for key, path in files.items():
        if args.only and key not in args.only:
            continue
        text = path.read_text(encoding="utf-8")
        megabytes = len(text.encode()) / 1e6
        seconds, count = _best(splitter.split, text, args.runs)
        print(
            f"{key:<12}{megabytes:>8.1f}{count:>12}{seconds:>10.3f}"
            f"{megabytes / seconds:>9.1f}{seconds / count * 1e6:>10.2f}"
        )


if __name__ == "__main__":
    main()
