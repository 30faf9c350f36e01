"""``roble audit --html FILE`` opened in a real browser (headless chromium): the page shows
exactly the findings ``--json`` reports, the SQL as git has it at the deployed commit, one
timeline row per audit event; it loads nothing from elsewhere, renders and prints."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.browser import PNG_MAGIC, Browser, Element, find_chromium, parse_dom, png_rows
from tests.conftest import REPO, Project, Roble, admin_query
from tests.git_repo import DBA, GitRepo

# Characters the page must escape (and a first blank line a <pre> must keep), in the SQL
# shown and in a drift finding's message.
ORDERS = (
    '\n-- Orders & lines: qty < 100, note "as <typed>" (not a <script>alert(1)</script>)\n'
    "CREATE TABLE orders (\n"
    "  id INT PRIMARY KEY,\n"
    "  qty INT NOT NULL CHECK (qty > 0 AND qty < 100),\n"
    "  note VARCHAR(40) NOT NULL DEFAULT '<none> & \"n/a\"'\n"
    ");\n"
)
LINES = (
    "-- depends: 0001_orders\n\n"
    "CREATE TABLE order_lines (id INT PRIMARY KEY, order_id INT NOT NULL,\n"
    "  sku VARCHAR(20) NOT NULL DEFAULT 'a&b', FOREIGN KEY (order_id) REFERENCES orders (id));\n"
)
REFUNDS = (
    "-- depends: 0002_lines\n"
    "-- hotfix — straight from a branch\n\n"
    "CREATE TABLE refunds (id INT PRIMARY KEY, amount DECIMAL(9,2) NOT NULL DEFAULT 0.00);\n"
)
FAIL_BANNER = (252, 232, 230)  # .verdict.fail background, #fce8e6
PASS_BANNER = (230, 244, 234)  # .verdict.pass background, #e6f4ea


@pytest.fixture
def browser(tmp_path: Path) -> Browser:
    """Headless chromium (first in each test: a missing one skips, or fails under CI=true)."""
    return Browser(find_chromium(), tmp_path / "chromium")


def _write(project: Project, name: str, up: str, down: str) -> None:
    (project.migrations / f"{name}.sql").write_text(up, encoding="utf-8")
    (project.migrations / f"{name}.rollback.sql").write_text(down, encoding="utf-8")


def _reviewed_deploy(project: Project, git_project: GitRepo, roble: Roble) -> None:
    """A DBA's branch, merged after review, deployed from main (test_audit_evidence's flow)."""
    git_project.checkout("add-orders", new=True)
    _write(project, "0001_orders", ORDERS, "DROP TABLE orders;\n")
    _write(project, "0002_lines", LINES, "DROP TABLE order_lines;\n")
    git_project.commit("orders and their lines", DBA)
    git_project.checkout("main")
    git_project.merge("add-orders")
    assert roble("upgrade").code == 0


def _findings_scenario(project: Project, git_project: GitRepo, roble: Roble) -> None:
    """The reviewed deploy, then a change made outside roble and a deploy never merged."""
    _reviewed_deploy(project, git_project, roble)
    admin_query(
        roble.url, "ALTER TABLE orders ADD COLUMN memo VARCHAR(20) NOT NULL DEFAULT '<b>&amp;'"
    )
    git_project.checkout("hotfix", new=True)
    _write(project, "0003_refunds", REFUNDS, "DROP TABLE refunds;\n")
    git_project.commit("refunds, straight to production")
    assert roble("upgrade").code == 0
    git_project.checkout("main")


def _report_and_page(roble: Roble, tmp_path: Path, code: int) -> tuple[dict[str, Any], Path]:
    done = roble("audit", "--json")
    assert done.code == code, done.output
    report = json.loads(done.out)
    page = tmp_path / "report.html"
    done = roble("audit", "--html", str(page))
    assert done.code == code, done.output
    return report, page


def _file_at(git_project: GitRepo, commit: str, path: str) -> str:
    """The file's text at ``commit``, byte for byte (GitRepo.git strips its output)."""
    done = subprocess.run(
        ["git", "-C", str(git_project.root), "show", f"{commit}:{path}"],
        capture_output=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    )
    return done.stdout.decode("utf-8")


def _shown_findings(dom: Element) -> list[tuple[str, str, str]]:
    items = dom.by_id("findings").find_all("li", "finding")
    shown = [
        (li.one("span", "kind").text, li.one("span", "where").text, li.one("span", "message").text)
        for li in items
    ]
    assert [(li.attrs["data-kind"], li.attrs["data-where"]) for li in items] == [
        (kind, where) for kind, where, _ in shown
    ]
    assert [li.text for li in items] == [": ".join(f) for f in shown]  # Finding.line()
    return shown


def _summary(dom: Element) -> dict[str, str]:
    return {tr.one("th").text: tr.one("td").text for tr in dom.by_id("summary").find_all("tr")}


def _timeline(dom: Element) -> list[list[str]]:
    rows = dom.by_id("timeline").find_all("tr")
    assert [th.text for th in rows[0].find_all("th")][:2] == ["When (UTC)", "Event"]
    return [[td.text for td in row.find_all("td")] for row in rows[1:]]


def _assert_self_contained(page: Path, dom: Element) -> None:
    """Nothing fetched from the network or another file; every link an anchor in the page."""
    source = page.read_text(encoding="utf-8")
    lowered = source.lower()
    for needle in ("<script", "<link", "<iframe", "<img", "<object", "<embed", "@import", "url("):
        assert needle not in lowered, f"{needle} in the page"
    targets = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", source, re.IGNORECASE)
    assert targets and all(t.startswith("#") for t in targets), targets
    assert not [e.tag for e in dom.iter() if e.tag in ("script", "link", "img", "iframe")]
    ids = {e.attrs["id"] for e in dom.iter() if "id" in e.attrs}
    for element in dom.iter():
        assert "src" not in element.attrs, element.attrs
        if "href" in element.attrs:
            assert element.attrs["href"].startswith("#"), element.attrs
            assert element.attrs["href"][1:] in ids, f"broken anchor {element.attrs['href']}"


def _keep(path: Path, name: str, record_property: Any) -> Path:
    """Copies ``path`` to the test artifacts (ROBLE_TEST_ARTIFACTS, else build/test-artifacts)."""
    folder = Path(os.environ.get("ROBLE_TEST_ARTIFACTS") or REPO / "build" / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / name
    shutil.copyfile(path, kept)
    print(f"artifact: {kept}")
    record_property(name, str(kept))
    return kept


def test_the_page_shows_the_findings_json_reports(
    browser: Browser, project: Project, git_project: GitRepo, roble: Roble, tmp_path: Path
):
    _findings_scenario(project, git_project, roble)
    report, page = _report_and_page(roble, tmp_path, code=1)
    findings = [(f["kind"], f["where"], f["message"]) for f in report["findings"]]
    kinds = {kind for kind, _, _ in findings}
    assert {"drift", "missing-from-branch"} <= kinds, findings  # the scenario did its part
    assert any("<b>&amp;" in message for _, _, message in findings), findings

    dom = parse_dom(browser.dump_dom(page))

    assert _shown_findings(dom) == findings
    assert dom.by_id("finding-count").text == str(len(findings))
    verdict = dom.by_id("verdict")
    assert "fail" in verdict.classes and verdict.text == f"{len(findings)} finding(s) to explain."
    summary = _summary(dom)
    assert summary["Findings"] == str(len(findings))
    assert summary["Events in the period"] == str(report["summary"]["events"])
    notes = dom.by_id("notes").find_all("li") if report["notes"] else []
    assert [li.text for li in notes] == report["notes"]
    assert [li.text for li in dom.find_all("li", "mono")] == report["drift"]["differences"]
    assert report["drift"]["differences"]

    # One timeline row per audit event, in the log's order.
    events = admin_query(roble.url, "SELECT id, revision_id, action FROM roble_audit ORDER BY id")
    rows = _timeline(dom)
    assert len(rows) == len(events) == report["summary"]["events"]
    assert [(int(r[1]), r[4], r[2]) for r in rows] == [
        (i, rid or "(database)", a) for i, rid, a in events
    ]

    # Each applied revision: its section shows the file as git has it at the deployed commit.
    applied = admin_query(
        roble.url,
        "SELECT revision_id, vcs_commit, vcs_path FROM roble_audit"
        " WHERE action = 'apply' AND outcome = 'success' ORDER BY id",
    )
    assert [a[0] for a in applied] == ["0001_orders", "0002_lines", "0003_refunds"]
    for revision_id, commit, path in applied:
        section = dom.by_id(f"rev-{revision_id}")
        assert section.tag == "section" and "revision" in section.classes
        pre = section.one("pre", "sql")
        assert pre.text == _file_at(git_project, commit, path), revision_id
        assert "CREATE" in [s.text for s in pre.find_all("span", "k")]  # highlighted
        assert f"{path} as reviewed (commit {commit[:12]})" in [
            h.text for h in section.find_all("h3")
        ]
    assert dom.by_id("rev-0001_orders").one("pre", "sql").text == ORDERS

    _assert_self_contained(page, dom)


def test_a_clean_merged_deploy_page_says_no_findings(
    browser: Browser, project: Project, git_project: GitRepo, roble: Roble, tmp_path: Path
):
    _reviewed_deploy(project, git_project, roble)
    report, page = _report_and_page(roble, tmp_path, code=0)
    assert report["findings"] == [] and report["drift"]["checked"]

    dom = parse_dom(browser.dump_dom(page))

    verdict = dom.by_id("verdict")
    assert "pass" in verdict.classes and verdict.text.startswith("No findings: ")
    assert _shown_findings(dom) == [] and dom.by_id("findings").text == "None."
    assert dom.by_id("finding-count").text == "0"
    assert len(_timeline(dom)) == report["summary"]["events"] == 2
    for revision_id, text in (("0001_orders", ORDERS), ("0002_lines", LINES)):
        assert dom.by_id(f"rev-{revision_id}").one("pre", "sql").text == text
    _assert_self_contained(page, dom)


def test_the_page_renders_and_prints(
    browser: Browser,
    project: Project,
    git_project: GitRepo,
    roble: Roble,
    tmp_path: Path,
    record_property: Any,
):
    _findings_scenario(project, git_project, roble)
    _, page = _report_and_page(roble, tmp_path, code=1)
    _keep(page, "audit-report.html", record_property)

    shot = browser.screenshot(page, tmp_path / "report.png", (1200, 2000))
    png = shot.read_bytes()
    _keep(shot, "audit-report.png", record_property)
    assert png.startswith(PNG_MAGIC) and len(png) > 20_000, len(png)
    rows = list(png_rows(png))
    assert len(rows) == 2000 and len(rows[0]) == 1200 * 3
    pixels = Counter(row[i : i + 3] for row in rows for i in range(0, len(row), 3))
    assert len(pixels) > 50, pixels.most_common(5)  # text, tables, highlighting: not blank
    # The style was applied: the failing verdict's banner is painted, the passing one is not.
    assert pixels[bytes(FAIL_BANNER)] > 10_000 and pixels[bytes(PASS_BANNER)] == 0

    pdf = browser.print_to_pdf(page, tmp_path / "report.pdf").read_bytes()
    _keep(tmp_path / "report.pdf", "audit-report.pdf", record_property)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000, pdf[:20]
    assert b"/Title (roble audit: " in pdf  # this page's <title>
    pages = [int(n) for n in re.findall(rb"/Count (\d+)", pdf)]
    assert pages and max(pages) >= 2, pages  # the whole report, across pages
