"""Per-project lint configuration: disable a rule, change a severity.

In `yoyo.ini`, section `[roble]`::

    lint.disable = RB202, RB203
    lint.severity.RB201 = error

In `pyproject.toml` (beside yoyo.ini, or in the project folder)::

    [tool.roble.lint]
    disable = ["RB202", "RB203"]
    severity = { RB201 = "error" }

Severities are `error`, `warning` or `off` (same as disabling). Both files may be
used: yoyo.ini's severities win over pyproject.toml's, and a disabled rule stays disabled.
Unknown keys, codes or severities are configuration errors (exit 2), never ignored.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from roble_sql.errors import ConfigError
from roble_sql.lint import registry
from roble_sql.lint.base import SEVERITIES, Rule

OFF = "off"
PYPROJECT = "pyproject.toml"
_INI_PREFIX = "lint."


@dataclass(frozen=True)
class LintConfig:
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, str] = field(default_factory=dict)

    def severity(self, rule: type[Rule]) -> str | None:
        """The severity `rule` reports with, or None when it is disabled."""
        if rule.code in self.disabled:
            return None
        return self.severities.get(rule.code, rule.severity)


def load(project_dir: Path, roble_options: Mapping[str, str], ini_path: Path | None) -> LintConfig:
    """The configuration from `pyproject.toml` in `project_dir` and yoyo.ini's [roble]."""
    disabled: set[str] = set()
    severities: dict[str, str] = {}
    pyproject = project_dir / PYPROJECT
    if pyproject.is_file():
        _read_pyproject(pyproject, disabled, severities)
    _read_ini(roble_options, str(ini_path or "yoyo.ini"), disabled, severities)
    for code, severity in list(severities.items()):
        if severity == OFF:
            disabled.add(code)
            del severities[code]
    return LintConfig(frozenset(disabled), severities)


def _read_ini(
    options: Mapping[str, str], where: str, disabled: set[str], severities: dict[str, str]
) -> None:
    for key, value in options.items():
        lowered = key.lower()
        if not lowered.startswith(_INI_PREFIX):
            continue
        if lowered == "lint.disable":
            disabled.update(_code(code, where, key) for code in re.split(r"[\s,]+", value) if code)
        elif lowered.startswith("lint.severity."):
            code = _code(key[len("lint.severity.") :], where, key)
            severities[code] = _severity(value, where, key)
        else:
            raise ConfigError(
                f"unknown lint setting '{key}' in [roble]",
                where=where,
                hint="use 'lint.disable = RB202, RB203' or 'lint.severity.RB201 = error'",
            )


def _read_pyproject(path: Path, disabled: set[str], severities: dict[str, str]) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"malformed {PYPROJECT}: {exc}", where=str(path)) from None
    section = data.get("tool", {}).get("roble", {}).get("lint", {})
    if not isinstance(section, dict):
        raise ConfigError("[tool.roble.lint] must be a table", where=str(path))
    where = str(path)
    for key, value in section.items():
        if key == "disable" and isinstance(value, list):
            disabled.update(_code(str(code), where, "disable") for code in value)
        elif key == "severity" and isinstance(value, dict):
            for code, severity in value.items():
                severities[_code(code, where, "severity")] = _severity(
                    str(severity), where, f"severity.{code}"
                )
        else:
            raise ConfigError(
                f"unknown or malformed lint setting '{key}' in [tool.roble.lint]",
                where=where,
                hint='use disable = ["RB202"] and severity = { RB201 = "error" }',
            )


def _code(text: str, where: str, key: str) -> str:
    code = text.strip().upper()
    if code not in registry.codes():
        raise ConfigError(
            f"'{key}' names '{text.strip()}', which is not a lint rule",
            where=where,
            hint="'roble rules' lists every code",
        )
    return code


def _severity(text: str, where: str, key: str) -> str:
    value = text.strip().lower()
    if value not in (*SEVERITIES, OFF):
        raise ConfigError(
            f"'{key}' is '{text.strip()}', which is not a severity",
            where=where,
            hint="write error, warning or off",
        )
    return value
