"""The lint engine, its configuration, suppressions and output formats, and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from roble_sql.cli import run
from roble_sql.errors import ConfigError, UsageError
from roble_sql.lint import config as lint_config
from roble_sql.lint.analysis import analyse
from roble_sql.lint.base import Finding
from roble_sql.lint.engine import LintReport, lint_paths
from roble_sql.lint.report import format_report
from roble_sql.splitter import split
from tests.conftest import SHIPPED, Project

REPO = Path(__file__).resolve().parents[2]
SOUND = Path(__file__).with_name("sound")
DOCS = REPO / "docs" / "lint-rules.md"


def lint_folder(folder: Path, **kwargs: object) -> LintReport:
    return lint_paths([folder], relative_to=folder.parent, **kwargs)  # type: ignore[arg-type]


def codes(report: LintReport) -> list[tuple[str, str, int]]:
    return [(f.code, Path(f.file).name, f.line) for f in report.findings]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the shipped history and real, sound migrations ----------------------------------------------


def test_shipped_migrations_have_no_errors() -> None:
    report = lint_folder(SHIPPED)
    assert report.errors == 0, codes(report)
    # The foreign key revision asks for ALGORITHM=COPY (needed to add a foreign key with
    # foreign_key_checks=1) and says so with a suppression and its reason: nothing is left.
    assert codes(report) == []


def test_sound_migrations_have_no_errors() -> None:
    report = lint_folder(SOUND)
    assert report.errors == 0, codes(report)
    assert report.files == 16 and report.revisions == 8
    assert {code for code, _, _ in codes(report)} <= {"RB202", "RB203"}


# --- reading files -------------------------------------------------------------------------------


def test_invalid_utf8_is_a_finding_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "0001_latin1.sql").write_bytes(b"-- ok\nSELECT 'caf\xe9';\n")
    (folder / "0002_bom.sql").write_bytes(b"\xef\xbb\xbf-- depends: 0001_latin1\nSELECT 1;\n")
    (folder / "0003_named.sql").write_bytes(b"-- ok\nSET NAMES latin1;\nSELECT 'caf\xe9';\n")
    report = lint_folder(folder)
    assert codes(report) == [
        ("RB005", "0001_latin1.sql", 2),
        ("RB002", "0002_bom.sql", 1),
        ("RB005", "0002_bom.sql", 1),
    ]
    assert "0xe9" in report.findings[0].message
    assert [f.severity for f in report.findings] == ["warning", "error", "warning"]


def test_a_single_up_file_brings_its_rollback_and_depends_are_checked_in_its_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "0001_a.sql").write_text("CREATE TABLE a (id INT PRIMARY KEY) ENGINE=InnoDB;\n")
    up = folder / "0002_b.sql"
    up.write_text("-- depends: 0001_a\nALTER TABLE a ADD COLUMN b INT NULL, ALGORITHM=INSTANT;\n")
    (folder / "0002_b.rollback.sql").write_text("DELETE FROM a;\n")
    report = lint_paths([up], relative_to=tmp_path)
    assert report.files == 2 and report.revisions == 1
    assert codes(report) == [
        ("RB103", "0002_b.rollback.sql", 1),
        ("RB402", "0002_b.sql", 2),
    ]


def test_paths_that_are_not_sql_files_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError):
        lint_paths([tmp_path / "notes.txt"])
    with pytest.raises(UsageError):
        lint_paths([tmp_path / "missing"])


def test_only_the_head_of_a_big_insert_is_analysed() -> None:
    rows = ",\n".join(f"({i}, 'name {i}; with -- and # inside', NULL)" for i in range(20000))
    text = f"INSERT INTO colors (id_color, name, hex_code) VALUES\n{rows};\n"
    (statement,) = list(split(text))
    stmt = analyse(statement, 0)
    assert stmt.truncated
    assert [t.text for t in stmt.tokens][:3] == ["INSERT", "INTO", "colors"]
    assert len(stmt.tokens) < 20


def test_big_insert_with_a_missing_semicolon_is_still_caught(tmp_path: Path) -> None:
    rows = ",\n".join(f"({i}, 'x')" for i in range(5000))
    folder = tmp_path / "m"
    folder.mkdir()
    text = f"INSERT INTO t (a, b) VALUES\n{rows}\nINSERT INTO t (a, b) VALUES (1, 'y');\n"
    (folder / "0001_data.sql").write_text(text)
    assert codes(lint_folder(folder)) == [("RB001", "0001_data.sql", 5002)]


# --- suppressions and configuration --------------------------------------------------------------


def test_suppression_of_a_finding_outside_statements(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "0001_a.sql").write_text(
        "-- roble: ignore RB002 the base revision is in another repository (MR-12)\n"
        "-- depends: elsewhere_base\nSELECT 1;\n"
    )
    assert codes(lint_folder(folder)) == []


def _project(tmp_path: Path, ini: str = "", pyproject: str = "") -> Path:
    (tmp_path / "yoyo.ini").write_text(f"[DEFAULT]\nsources = %(here)s/m\n{ini}")
    if pyproject:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "0001_a.sql").write_text("CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n")
    (folder / "0001_a.rollback.sql").write_text("DROP TABLE b;\nDROP TABLE a;\n")
    return folder


def _load(tmp_path: Path) -> lint_config.LintConfig:
    from roble_sql.config import load_settings

    settings = load_settings(cwd=tmp_path, environ={})
    return lint_config.load(settings.project_dir, settings.roble_options, settings.config_path)


def test_yoyo_ini_disables_and_changes_severities(tmp_path: Path) -> None:
    folder = _project(
        tmp_path, "[roble]\nlint.disable = RB202, rb502\nlint.severity.RB501 = warning\n"
    )
    report = lint_folder(folder, config=_load(tmp_path))
    assert {(f.code, f.severity) for f in report.findings} == {("RB501", "warning")}


def test_pyproject_configures_and_yoyo_ini_wins_on_severity(tmp_path: Path) -> None:
    folder = _project(
        tmp_path,
        "[roble]\nlint.severity.RB202 = error\n",
        '[tool.roble.lint]\ndisable = ["RB502"]\nseverity = { RB202 = "warning", RB501 = "off" }\n',
    )
    report = lint_folder(folder, config=_load(tmp_path))
    assert {(f.code, f.severity) for f in report.findings} == {("RB202", "error")}


def test_errors_only_runs_just_the_rules_configured_as_errors(tmp_path: Path) -> None:
    """The gate before upgrade: the same errors as a full lint, nothing else computed."""
    folder = _project(
        tmp_path, "[roble]\nlint.severity.RB502 = error\nlint.severity.RB501 = warning\n"
    )
    full = lint_folder(folder, config=_load(tmp_path))
    gate = lint_folder(folder, config=_load(tmp_path), errors_only=True)
    assert {f.code for f in full.findings} >= {"RB501", "RB502"}
    assert gate.findings == [f for f in full.findings if f.severity == "error"]
    assert {f.code for f in gate.findings} == {"RB502"}


@pytest.mark.parametrize(
    ("ini", "pyproject", "message"),
    [
        ("[roble]\nlint.disable = RB999\n", "", "RB999"),
        ("[roble]\nlint.severity.RB101 = fatal\n", "", "not a severity"),
        ("[roble]\nlint.disabled = RB101\n", "", "unknown lint setting"),
        ("", "[tool.roble.lint]\nignore = ['RB101']\n", "unknown or malformed"),
        ("", "[tool.roble.lint\n", "malformed pyproject.toml"),
    ],
)
def test_bad_configuration_is_a_configuration_error(
    tmp_path: Path, ini: str, pyproject: str, message: str
) -> None:
    _project(tmp_path, ini, pyproject)
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path)


# --- output formats ------------------------------------------------------------------------------


REPORT = LintReport(
    [
        Finding("RB101", "error", "m/0001_a.sql", 3, "DROP TABLE a deletes; 100% gone\nnow"),
        Finding("RB202", "warning", "m/0001_a.sql", 5, "two DDL, one file"),
    ],
    files=2,
    revisions=1,
)


def test_text_format() -> None:
    assert format_report(REPORT, "text").splitlines() == [
        "m/0001_a.sql:3: RB101 error: DROP TABLE a deletes; 100% gone",
        "now",
        "m/0001_a.sql:5: RB202 warning: two DDL, one file",
        "1 error, 1 warning in 2 files",
    ]
    assert format_report(LintReport([], 1, 1), "text") == "no problems found in 1 file\n"


def test_json_format() -> None:
    assert json.loads(format_report(REPORT, "json")) == [f.as_dict() for f in REPORT.findings]
    assert set(json.loads(format_report(REPORT, "json"))[0]) == {
        "code",
        "severity",
        "file",
        "line",
        "message",
    }


def test_github_format_escapes_workflow_command_data() -> None:
    assert format_report(REPORT, "github").splitlines() == [
        "::error file=m/0001_a.sql,line=3,title=RB101::DROP TABLE a deletes; 100%25 gone%0Anow",
        "::warning file=m/0001_a.sql,line=5,title=RB202::two DDL, one file",
    ]


# --- the CLI -------------------------------------------------------------------------------------


def test_lint_command_defaults_to_the_migrations_folder(
    shipped: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "lint")
    assert (code, out.splitlines()) == (0, ["no problems found in 18 files"])
    shipped.revision(
        "zz_no_engine",
        "CREATE TABLE t (id INT PRIMARY KEY);\n",
        "DROP TABLE t;\n",
        ("f08e1d3c5b72_seed_base_colors",),
    )
    code, out, _ = cli(capsys, "lint")
    assert code == 0
    assert out.splitlines()[0].startswith("sql_migrations/zz_no_engine.sql:4: RB502 warning: ")
    assert out.splitlines()[-1] == "0 errors, 1 warning in 20 files"
    code, _, _ = cli(capsys, "lint", "--strict")
    assert code == 1


def test_lint_command_exit_codes_and_formats(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB;\n")
    code, out, _ = cli(capsys, "lint", "--format", "json")
    assert code == 1
    assert [(f["code"], f["line"]) for f in json.loads(out)] == [("RB401", 3), ("RB502", 3)]
    code, out, _ = cli(capsys, "lint", "--format", "github", "sql_migrations/0001_t.sql")
    assert code == 1
    assert out.startswith("::error file=sql_migrations/0001_t.sql,line=3,title=RB401::")
    code, _, err = cli(capsys, "lint", "no/such/path")
    assert code == 2 and "does not exist" in err


def test_lint_command_reads_the_project_configuration(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.revision("0001_t", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB;\n")
    ini = project.root / "yoyo.ini"
    ini.write_text(ini.read_text() + "[roble]\nlint.severity.RB401 = warning\n")
    assert cli(capsys, "lint")[0] == 0
    ini.write_text(ini.read_text() + "lint.disable = RB999\n")
    code, _, err = cli(capsys, "lint")
    assert code == 2 and "RB999" in err


def test_rules_command(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    ini = project.root / "yoyo.ini"
    ini.write_text(ini.read_text() + "[roble]\nlint.disable = RB202\n")
    code, out, _ = cli(capsys, "rules")
    assert code == 0
    rows = [re.split(r"\s{2,}", line) for line in out.splitlines()]
    assert rows[0] == ["code", "severity", "checks", "summary"]
    listed = {row[0]: row[1:3] for row in rows[2:]}
    assert len(listed) == 27
    assert listed["RB202"] == ["off", "revision"]
    assert listed["RB101"] == ["error", "up files"]
    assert listed["RB203"] == ["warning", "all files"]
    code, out, _ = cli(capsys, "rules", "--markdown")
    assert code == 0 and out == DOCS.read_text(encoding="utf-8")


def test_lint_of_a_copied_folder_reports_paths_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SOUND, tmp_path / "sound")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "lint", "sound", "--format", "json")
    assert code == 0
    assert all(f["file"].startswith("sound/") for f in json.loads(out))
