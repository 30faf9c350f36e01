"""`roble lint`: review revision files before they reach a server.

- :mod:`~roble_sql.lint.engine` reads each file once (decode, header, split) and hands its
  statements to the rules; it returns findings, never prints.
- :mod:`~roble_sql.lint.sql` and :mod:`~roble_sql.lint.analysis` read a statement's tokens
  (sqlparse's lexer) into the shapes rules look at.
- :mod:`~roble_sql.lint.base` is the rule base; :mod:`~roble_sql.lint.registry` holds every
  rule once; `rules/` has one module per code.
- :mod:`~roble_sql.lint.suppress` (inline `-- roble: ignore`), :mod:`~roble_sql.lint.config`
  (yoyo.ini / pyproject.toml), :mod:`~roble_sql.lint.report` (text, JSON, GitHub) and
  :mod:`~roble_sql.lint.docs` (docs/lint-rules.md) complete it.
"""

from roble_sql.lint.base import ERROR, WARNING, Finding
from roble_sql.lint.config import LintConfig
from roble_sql.lint.engine import LintReport, lint_paths

__all__ = ["ERROR", "WARNING", "Finding", "LintConfig", "LintReport", "lint_paths"]
