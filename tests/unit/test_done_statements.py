"""The packed record of what ran in a revision: same checksums and lines as before."""

from __future__ import annotations

import hashlib

from roble_sql.runner.records import DoneStatements


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def test_statements_added_come_back_with_their_checksum_and_line():
    done = DoneStatements()
    texts = ["CREATE TABLE t (id INT)", "INSERT INTO t VALUES ('é')", "SELECT '\udc89'"]
    for line, text in enumerate(texts, start=3):
        done.add(text, line)
    assert len(done) == 3
    assert list(done.since(0)) == [(_hex(t), n) for n, t in enumerate(texts, start=3)]
    assert list(done.since(2)) == [(_hex(texts[2]), 5)]
    assert list(done.since(3)) == []


def test_keep_first_forgets_the_rest_and_adding_goes_on_from_there():
    done = DoneStatements()
    for index in range(5):
        done.add(f"DO {index}", index + 1)
    done.keep_first(2)
    assert len(done) == 2
    done.add("DO 9", 40)
    assert list(done.since(1)) == [(_hex("DO 1"), 2), (_hex("DO 9"), 40)]
    done.keep_first(0)
    assert len(done) == 0 and list(done.since(0)) == []


def test_checksums_recorded_by_an_earlier_run_are_kept_as_they_were():
    earlier = [_hex("DO 1"), _hex("DO 2")]
    done = DoneStatements(earlier)
    done.add("DO 3", 7)
    assert [c for c, _ in done.since(0)] == [*earlier, _hex("DO 3")]
