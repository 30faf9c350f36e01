"""The rule base: what a rule declares, what it is handed, what it hands back.

A rule is a class in its own module under `roble_sql/lint/rules/` with an explicit
`code` and `severity`, registered with :func:`roble_sql.lint.registry.register`. Its
docstring is its documentation: a one-line summary, why it matters, an **Anti-pattern**
and a **Best practice** SQL block (docs/lint-rules.md is generated from them).

A rule overrides one or more of the three hooks; each yields :class:`Hit` (a line and a
message) and never prints. The engine adds the code, the severity and the file.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from roble_sql.lint.analysis import Stmt
    from roble_sql.lint.model import LintContext, LintFile, RevisionUnit, StatementContext

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

UP = "up"
ROLLBACK = "rollback"
BOTH = frozenset({UP, ROLLBACK})
UP_ONLY = frozenset({UP})


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found: the interface of `roble lint --format json`. ``file`` is the
    name as shown (relative to where lint ran); ``path`` the file itself."""

    code: str
    severity: str
    file: str
    line: int
    message: str
    path: Path | None = field(default=None, compare=False)

    def __str__(self) -> str:
        """The one text form of a finding, wherever it is shown."""
        return f"{self.file}:{self.line}: {self.code} {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports. `file` defaults to the file being checked. An error rule that
    can't be sure this will fail or destroy data says `unsure`: it is shown as a warning."""

    line: int
    message: str
    file: LintFile | None = None
    unsure: bool = False


class Rule:
    """Base of every rule. Subclasses set `code` and `severity` and override hooks."""

    code: ClassVar[str] = ""
    severity: ClassVar[str] = WARNING
    roles: ClassVar[frozenset[str]] = BOTH  # which files: up files, rollback files or both
    # Statement shapes check_statement looks at; empty means every statement. Lets the
    # engine skip rules that can't apply (a data migration's INSERTs meet few rules).
    shapes: ClassVar[tuple[type, ...]] = ()

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterable[Hit]:
        """Once per file of a role in `roles` (also files that could not be read)."""
        return ()

    def check_statement(self, stmt: Stmt, ctx: StatementContext) -> Iterable[Hit]:
        """Once per statement of a readable file of a role in `roles`, in file order."""
        return ()

    def finish_file(self, ctx: StatementContext) -> Iterable[Hit]:
        """Once per readable file, after its last statement: for a statement rule whose
        verdict depends on statements after it (it keeps what it needs in ``ctx``; the
        engine streams the statements and keeps few of them)."""
        return ()

    def check_revision(self, revision: RevisionUnit, ctx: LintContext) -> Iterable[Hit]:
        """Once per revision (up file with its rollback file), after its statements."""
        return ()

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def overrides(cls, hook: str) -> bool:
        return getattr(cls, hook) is not getattr(Rule, hook)
