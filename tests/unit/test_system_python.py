"""The splitter under the system's own python3 (Debian 12: 3.11.2, whose regex engine runs
possessive quantifiers wrongly): every case of splitter_cases.yaml must cut the same.

pyproject.toml admits Python >= 3.11, so a deploy host's /usr/bin/python3 may run roble.
The splitter needs only the standard library, so it runs there without a virtualenv.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from roble_sql.errors import SplitError
from roble_sql.splitter import split
from tests.unit.test_splitter import CASES

SYSTEM_PYTHON = Path("/usr/bin/python3")
REPO = Path(__file__).resolve().parents[2]
_CUT = """
import json, sys
from roble_sql.errors import SplitError
from roble_sql.splitter import split
out = []
for sql in json.load(sys.stdin):
    try:
        out.append([[s.text, s.line, s.end_line, s.delimiter] for s in split(sql)])
    except SplitError as error:
        out.append(["error", error.line])
print(sys.version_info[:3], file=sys.stderr)
json.dump(out, sys.stdout)
"""


def _cut_here(sql: str) -> list[object]:
    try:
        return [[s.text, s.line, s.end_line, s.delimiter] for s in split(sql)]
    except SplitError as error:
        return ["error", error.line]


def test_the_system_python3_cuts_every_case_the_same() -> None:
    if not SYSTEM_PYTHON.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and no /usr/bin/python3 to test the splitter under")
        pytest.skip("no /usr/bin/python3 on this machine")
    sqls = [case["sql"] for case in CASES]
    done = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", _CUT],
        input=json.dumps(sqls),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert json.loads(done.stdout) == [_cut_here(sql) for sql in sqls]
