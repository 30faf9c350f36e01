"""Lint findings as text, JSON or GitHub workflow commands. No I/O here."""

from __future__ import annotations

import json

from roble_sql.lint.engine import LintReport


def format_report(report: LintReport, fmt: str) -> str:
    """The report in ``fmt`` (text, json or github), ending with a newline."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in report.findings], indent=2) + "\n"
    if fmt == "github":
        return "".join(
            _github(f.severity, f.file, f.line, f.code, f.message) for f in report.findings
        )
    lines = [str(f) for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: LintReport) -> str:
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    if not report.findings:
        return f"no problems found in {files}"
    errors = f"{report.errors} error{'s' if report.errors != 1 else ''}"
    warnings = f"{report.warnings} warning{'s' if report.warnings != 1 else ''}"
    return f"{errors}, {warnings} in {files}"


def _github(severity: str, file: str, line: int, code: str, message: str) -> str:
    """A workflow command: ``::error file=x,line=3,title=RB101::message``."""
    level = "error" if severity == "error" else "warning"
    return (
        f"::{level} file={_property(file)},line={line},title={_property(code)}::{_data(message)}\n"
    )


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
