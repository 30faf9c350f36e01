"""Every rule: registered once, documented, with examples that behave, and with cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from roble_sql.lint import registry
from roble_sql.lint.base import BOTH, SEVERITIES, UP_ONLY, Rule
from roble_sql.lint.docs import render_markdown
from roble_sql.lint.engine import lint_paths
from tests.lint.test_cases import CASES_DIR

REPO = Path(__file__).resolve().parents[2]
RULES_DIR = REPO / "roble_sql" / "lint" / "rules"
DOCS = REPO / "docs" / "lint-rules.md"
RULES = registry.all_rules()
IDS = [rule.code for rule in RULES]
_BLOCK = re.compile(r"\*\*(Anti-pattern|Best practice)\*\*\s*```sql\n(.*?)```", re.DOTALL)
_FILE_MARKER = re.compile(r"^-- file: (\S+\.sql)\n", re.MULTILINE)
# Anti-patterns that plain text can't carry (a byte order mark); tests/lint/test_engine.py
# covers them with real bytes.
NOT_IN_TEXT = {"RB005"}


def examples(rule: type[Rule]) -> dict[str, str]:
    return {kind: body for kind, body in _BLOCK.findall(rule.doc())}


def write_example(folder: Path, sql: str) -> None:
    """An example block: one up file, or several files after '-- file: NAME' lines."""
    folder.mkdir(parents=True)
    parts = _FILE_MARKER.split(sql)
    if len(parts) == 1:
        (folder / "0100_example.sql").write_text(sql, encoding="utf-8")
        return
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        (folder / name).write_text(body, encoding="utf-8")


def test_the_expected_rules_are_registered() -> None:
    expected = {
        *("RB001", "RB002", "RB003", "RB004", "RB005", "RB006"),
        *("RB101", "RB102", "RB103", "RB104", "RB201", "RB202", "RB203", "RB204"),
        *("RB301", "RB302", "RB303", "RB304", "RB305", "RB401", "RB402"),
        *("RB501", "RB502", "RB503", "RB504", "RB505", "RB506"),
    }
    assert set(IDS) == expected
    errors = {r.code for r in RULES if r.severity == "error"}
    # An error means "this will fail or destroy data"; RB005 (bytes) and RB501 (no key)
    # never do by themselves.
    assert errors == {
        *("RB001", "RB002", "RB101", "RB102", "RB103"),
        *("RB301", "RB401", "RB402"),
    }


def test_one_module_per_rule_named_after_its_code() -> None:
    modules = sorted(p.stem for p in RULES_DIR.glob("rb*.py"))
    assert [m[:5].upper() for m in modules] == IDS
    for rule in RULES:
        assert rule.__module__.rsplit(".", 1)[-1].upper().startswith(rule.code)


def test_registering_a_code_twice_is_an_error() -> None:
    class Copy(Rule):
        """A copy."""

        code = "RB101"

    with pytest.raises(ValueError, match="registered twice"):
        registry.register(Copy)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_is_documented(rule: type[Rule]) -> None:
    assert rule.severity in SEVERITIES
    assert rule.roles in (BOTH, UP_ONLY)
    summary = rule.summary()
    assert summary.endswith(".") and len(summary) < 100, summary
    body = rule.doc().split("\n", 1)[1]
    why = body.split("**Anti-pattern**")[0].strip()
    assert len(why) > 120, "the docstring says why it matters"
    assert set(examples(rule)) == {"Anti-pattern", "Best practice"}


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_examples_behave(rule: type[Rule], tmp_path: Path) -> None:
    blocks = examples(rule)
    for kind, sql in blocks.items():
        folder = tmp_path / kind.replace(" ", "_")
        write_example(folder, sql)
        codes = [f.code for f in lint_paths([folder], relative_to=tmp_path).findings]
        if kind == "Best practice":
            assert rule.code not in codes, f"the best practice triggers {rule.code}"
        elif rule.code not in NOT_IN_TEXT:
            assert rule.code in codes, f"the anti-pattern does not trigger {rule.code}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_has_bad_and_good_cases(rule: type[Rule]) -> None:
    path = CASES_DIR / f"{rule.code}.yaml"
    assert path.is_file(), f"{path} is missing"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = [{e["code"] for e in case["expect"]} for case in cases]
    assert any(rule.code in codes for codes in expected), "no case where the rule fires"
    assert any(rule.code not in codes for codes in expected), "no case where it stays silent"


def test_committed_rule_docs_are_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/lint-rules.md is stale: run 'roble rules --markdown > docs/lint-rules.md'"
    )
