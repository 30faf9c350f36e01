"""Each file is read once and connections stay few: counted with Python's audit hooks
(every ``open`` of a file, every socket ``connect``) while a command runs in-process."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import Project, Roble

_COUNTING: list[tuple[Counter[str], list[object]]] = []


def _hook(event: str, args: tuple[object, ...]) -> None:
    if not _COUNTING:
        return
    opens, connects = _COUNTING[-1]
    if event == "open" and isinstance(args[0], str | Path) and str(args[0]).endswith(".sql"):
        opens[Path(args[0]).name] += 1
    elif event == "socket.connect":
        connects.append(args[1])


sys.addaudithook(_hook)  # for the whole session: an audit hook can't be removed


@contextmanager
def counting() -> Iterator[tuple[Counter[str], list[object]]]:
    found: tuple[Counter[str], list[object]] = (Counter(), [])
    _COUNTING.append(found)
    try:
        yield found
    finally:
        _COUNTING.remove(found)


def _history(project: Project, count: int) -> None:
    previous: tuple[str, ...] = ()
    for i in range(1, count + 1):
        rid = f"{i:04d}_t{i}"
        project.revision(
            rid,
            f"CREATE TABLE t{i} (id INT NOT NULL, PRIMARY KEY (id));",
            f"DROP TABLE t{i};",
            previous,
        )
        previous = (rid,)


def test_upgrade_opens_each_file_once_with_the_lint_gate_on(project: Project, roble: Roble):
    _history(project, 12)
    with counting() as (opens, connects):
        assert roble("upgrade").code == 0  # the lint gate reads every pending file
    ups = {f"{i:04d}_t{i}.sql" for i in range(1, 13)}
    assert {name for name in opens if name in ups} == ups
    assert all(count == 1 for count in opens.values()), opens
    assert len(connects) == 1


def test_status_and_downgrade_open_each_file_once(project: Project, roble: Roble):
    _history(project, 6)
    assert roble("upgrade").code == 0
    with counting() as (opens, connects):
        assert roble("status").code == 0
    assert all(count == 1 for count in opens.values()), opens
    assert len(connects) == 1
    with counting() as (opens, connects):
        assert roble("downgrade", "base").code == 0
    assert all(count == 1 for count in opens.values()), opens
    assert len(connects) == 1


def test_check_uses_the_same_connections_however_long_the_history(project: Project, roble: Roble):
    found = []
    for count in (3, 9):
        for old in project.migrations.glob("*.sql"):
            old.unlink()
        _history(project, count)
        with counting() as (opens, connects):
            assert roble("check").code == 0
        assert all(n == 1 for n in opens.values()), opens
        found.append(len(connects))
    assert found[0] == found[1] <= 2, found
