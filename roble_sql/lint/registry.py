"""The rule registry: every rule once, by code. Registering a code twice is an error."""

from __future__ import annotations

import importlib
import pkgutil
import re

from roble_sql.lint.base import SEVERITIES, Rule

_CODE = re.compile(r"^RB\d{3}$")
_RULES: dict[str, type[Rule]] = {}
_loaded = False


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (checked: code format, severity, docs)."""
    if not _CODE.match(cls.code):
        raise ValueError(f"{cls.__name__}: rule code {cls.code!r} is not RB followed by 3 digits")
    if cls.severity not in SEVERITIES:
        raise ValueError(f"{cls.code}: severity {cls.severity!r} is not one of {SEVERITIES}")
    if not cls.summary():
        raise ValueError(f"{cls.code}: a rule needs a docstring with a one-line summary")
    existing = _RULES.get(cls.code)
    if existing is not None and existing is not cls:
        raise ValueError(f"rule code {cls.code} is registered twice: {existing} and {cls}")
    _RULES[cls.code] = cls
    return cls


def _load() -> None:
    """Import every module of `roble_sql.lint.rules` once; each registers its rule."""
    global _loaded
    from roble_sql.lint import rules

    for module in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{module.name}")
    _loaded = True


def all_rules() -> list[type[Rule]]:
    """Every rule, ordered by code."""
    if not _loaded:
        _load()
    return [_RULES[code] for code in sorted(_RULES)]


def codes() -> frozenset[str]:
    return frozenset(rule.code for rule in all_rules())


def get(code: str) -> type[Rule]:
    all_rules()
    return _RULES[code]
