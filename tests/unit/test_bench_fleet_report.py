"""bench/fleet.py's table and verdict, and the doc writer's section replacement."""

from __future__ import annotations

from bench.fleet import Timing, table, verdict
from bench.report import replace_section

DOC = "# Benchmarks\n\nintro\n\n## Results\n\nr\n\n## Machine\n\nm\n"


def test_the_table_gives_each_way_its_ratio_to_the_loop():
    results = [Timing("shell loop", 60.0), Timing("--targets, --concurrency 4", 20.0)]
    assert "| --targets, --concurrency 4 | 20.00 s | 3.00x faster |" in table(results)
    assert verdict(results).endswith("3.00x, pass.")
    slow = [Timing("shell loop", 30.0), Timing("--targets, --concurrency 4", 20.0)]
    assert verdict(slow).endswith("1.50x, FAIL.")
    failed = [Timing("shell loop", 30.0), Timing("--targets, --concurrency 4", failure="exit 1")]
    assert "not measured" in verdict(failed)
    assert "FAILED: exit 1" in table(failed)


def test_a_section_is_inserted_before_machine_then_replaced_in_place():
    once = replace_section(DOC, "Fleet upgrade (100 x 10)", "first", before="Machine")
    assert once.index("## Fleet upgrade (100 x 10)") < once.index("## Machine")
    assert "\n\nfirst\n\n## Machine" in once
    twice = replace_section(once, "Fleet upgrade (20 x 5)", "second", before="Machine")
    assert "first" not in twice and "## Fleet upgrade (100" not in twice
    assert twice.count("## ") == 3 and "\n\nsecond\n\n## Machine" in twice
    assert twice.endswith("m\n")
