"""Data-driven rule cases: tests/lint/cases/RBxxx.yaml, one file per rule, run by one test.

Each case writes a small migrations folder and lints it:

- ``up``: the case revision's up file (``0100_case.sql``); ``rollback``: its rollback file
  (absent key: no rollback file); ``files``: more files for the folder, by name (earlier
  revisions for history, other revisions for ``-- depends:``);
- ``expect``: the findings, as ``{code, line}`` with optional ``file`` (``up``,
  ``rollback`` or a name from ``files``; default ``up``), ``message`` (a substring) and
  ``severity`` (``warning`` where an error rule can't be sure).
  Only the file's rule, the codes named in ``expect`` and those listed in ``also`` are
  compared, so a case checks its rule and nothing else. An empty list is a good case:
  the rule must stay silent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from roble_sql.lint import registry
from roble_sql.lint.engine import lint_paths

CASES_DIR = Path(__file__).with_name("cases")
CASE_KEYS = {"name", "up", "rollback", "files", "expect", "also"}
EXPECT_KEYS = {"code", "line", "file", "message", "severity"}
UP_NAME = "0100_case.sql"
ROLLBACK_NAME = "0100_case.rollback.sql"


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append((path.stem, case))
    return cases


CASES = _load()


def write_case(folder: Path, case: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (case.get("files") or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    if "up" in case:
        (folder / UP_NAME).write_text(case["up"], encoding="utf-8")
    if "rollback" in case:
        (folder / ROLLBACK_NAME).write_text(case["rollback"] or "", encoding="utf-8")


def _label(file: str) -> str:
    name = Path(file).name
    return {UP_NAME: "up", ROLLBACK_NAME: "rollback"}.get(name, name)


def test_case_files_are_well_formed() -> None:
    codes = registry.codes()
    names = [f"{rule}:{case['name']}" for rule, case in CASES]
    assert len(names) == len(set(names)), "case names must be unique per rule"
    for rule, case in CASES:
        assert rule in codes, f"{rule}.yaml names no rule"
        assert {"name", "expect"} <= case.keys() <= CASE_KEYS, case["name"]
        for expected in case["expect"]:
            assert {"code", "line"} <= expected.keys() <= EXPECT_KEYS, case["name"]
            assert expected["code"] in codes, case["name"]


@pytest.mark.parametrize(
    ("rule", "case"), CASES, ids=[f"{rule}-{case['name']}" for rule, case in CASES]
)
def test_case(rule: str, case: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "sql_migrations"
    write_case(folder, case)
    report = lint_paths([folder], relative_to=tmp_path)
    compared = {rule} | {e["code"] for e in case["expect"]} | set(case.get("also", []))
    got = sorted((f.code, _label(f.file), f.line) for f in report.findings if f.code in compared)
    want = sorted((e["code"], e.get("file", "up"), e["line"]) for e in case["expect"])
    details = [f"{f.file}:{f.line}: {f.code}: {f.message}" for f in report.findings]
    assert got == want, "\n".join(details)
    for expected in case["expect"]:
        if "message" in expected:
            messages = [
                f.message
                for f in report.findings
                if f.code == expected["code"] and f.line == expected["line"]
            ]
            assert any(expected["message"] in m for m in messages), messages
        if "severity" in expected:
            severities = {
                f.severity
                for f in report.findings
                if f.code == expected["code"] and f.line == expected["line"]
            }
            assert severities == {expected["severity"]}, severities
