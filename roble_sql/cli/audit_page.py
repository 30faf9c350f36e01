"""The audit report as one self-contained HTML page: no external assets, no script,
printable to PDF from a browser. Built from the AuditReport ``roble audit --json`` prints,
so the two always agree."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING

from roble_sql import render
from roble_sql.api.audit_evidence import deployer

if TYPE_CHECKING:
    from roble_sql.api.audit_evidence import AuditReport, Evidence
    from roble_sql.audit import AuditEvent

SQL_SHOWN = 256 << 10  # characters of a file's SQL shown (a data dump can be megabytes)

STYLE = """
:root { --ok: #1e7a3c; --bad: #b3261e; --muted: #5f6368; --line: #d9dce1; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124;
  margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.muted { color: var(--muted); } code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
.verdict { padding: 10px 14px; border-radius: 6px; font-weight: 600; margin: 14px 0; }
.verdict.pass { background: #e6f4ea; color: var(--ok); } .verdict.fail { background: #fce8e6; color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f7f9; font-weight: 600; } table.facts th { width: 190px; }
ol.findings li { margin: 4px 0; } .kind { font-weight: 600; color: var(--bad); }
tr.failure td { background: #fff4f2; } .yes { color: var(--ok); font-weight: 600; } .no { color: var(--bad); font-weight: 600; }
pre.sql { background: #f8f9fb; border: 1px solid var(--line); border-radius: 4px; padding: 10px;
  white-space: pre-wrap; word-break: break-word; margin: 6px 0 14px; }
.sql .k { color: #0b57d0; font-weight: 600; } .sql .s { color: #b06000; } .sql .n { color: #7b1fa2; }
.sql .c { color: #188038; font-style: italic; } .sql .b { color: #c5221f; }
section.revision { break-inside: avoid-page; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } pre.sql { max-height: none; }
  a { color: inherit; text-decoration: none; } }
"""


def page(report: AuditReport) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>roble audit: {escape(report.database)}</title>",
        f"<style>{STYLE}</style></head><body>",
        _header(report),
        _summary(report),
        _findings(report),
        _timeline(report.events),
        _revisions(report),
        _verdicts(report),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _header(report: AuditReport) -> str:
    count = len(report.findings)
    verdict = (
        '<div class="verdict pass" id="verdict">No findings: every change that ran is the '
        "reviewed, merged file, and nothing changed outside the process.</div>"
        if not count
        else f'<div class="verdict fail" id="verdict">{count} finding(s) to explain.</div>'
    )
    return (
        f"<h1>Migration audit: {escape(report.database)}</h1>"
        f'<div class="muted">generated {escape(_time(report.generated_at))} UTC by roble audit; '
        f"reviewed branch <code>{escape(report.reviewed_branch)}</code> at "
        f"<code>{escape(report.reviewed_commit[:12])}</code></div>{verdict}"
    )


def _period(report: AuditReport) -> str:
    since = _time(report.since) if report.since else "the first event"
    until = _time(report.until) if report.until else "now"
    return f"{since} to {until} (UTC)"


def _summary(report: AuditReport) -> str:
    data = report.summary()
    rows = [
        ("Database", escape(report.database)),
        ("Period", escape(_period(report))),
        ("Events in the period", str(data["events"])),
        ("Revisions applied in the period", str(data["revisions_applied"])),
        ("Revisions applied now", str(data["applied_now"])),
        ("Findings", f'<span id="finding-count">{len(report.findings)}</span>'),
        ("Audit chain", escape(_chain_verdict(report))),
        ("Schema drift", escape(_drift_verdict(report))),
    ]
    body = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f'<h2>Summary</h2><table class="facts" id="summary">{body}</table>'


def _findings(report: AuditReport) -> str:
    if not report.findings:
        items = '<p id="findings" class="muted">None.</p>'
    else:
        items = (
            '<ol class="findings" id="findings">'
            + "".join(
                f'<li class="finding" data-kind="{escape(f.kind)}" data-where="{escape(f.where)}">'
                f'<span class="kind">{escape(f.kind)}</span>: <span class="where">{escape(f.where)}'
                f'</span>: <span class="message">{escape(f.message)}</span></li>'
                for f in report.findings
            )
            + "</ol>"
        )
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    noted = f'<h3>Noted (not findings)</h3><ul id="notes">{notes}</ul>' if notes else ""
    return f"<h2>Findings</h2>{items}{noted}"


def _timeline(events: list[AuditEvent]) -> str:
    head = "".join(
        f"<th>{name}</th>"
        for name in (
            "When (UTC)",
            "Event",
            "Action",
            "Outcome",
            "Revision",
            "Deployed by",
            "Commit",
            "ms",
        )
    )
    rows = "".join(
        f'<tr class="{escape(e.outcome)}"><td class="mono">{escape(_time(e.started_at))}</td>'
        f"<td>{e.id}</td><td>{escape(e.action)}</td><td>{escape(e.outcome)}</td>"
        f"<td>{_revision_link(e.revision_id)}</td><td>{escape(deployer(e))}</td>"
        f'<td class="mono">{escape((e.vcs_commit or "-")[:12])}</td>'
        f"<td>{float(e.duration_ms):.0f}</td></tr>"
        for e in events
    )
    return f'<h2>Timeline</h2><table id="timeline"><tr>{head}</tr>{rows}</table>'


def _revision_link(revision_id: str) -> str:
    if not revision_id:
        return '<span class="muted">(database)</span>'
    return f'<a href="#rev-{escape(revision_id)}">{escape(revision_id)}</a>'


def _revisions(report: AuditReport) -> str:
    by_revision: dict[str, list[Evidence]] = defaultdict(list)
    for item in report.evidence:
        by_revision[item.event.revision_id].append(item)
    sections = [_revision(rid, items) for rid, items in by_revision.items()]
    return "<h2>Revisions</h2>" + ("".join(sections) or '<p class="muted">No revision events.</p>')


def _revision(revision_id: str, items: list[Evidence]) -> str:
    events = "".join(_evidence(item) for item in items)
    shown = next(
        (i for i in reversed(items) if i.sql is not None and i.event.action != "rollback"), None
    )
    shown = shown or next((i for i in reversed(items) if i.sql is not None), None)
    sql = ""
    if shown is not None and shown.sql is not None:
        text = shown.sql
        cut = (
            f'<p class="muted">First {SQL_SHOWN // 1024} KB of {len(text) // 1024} KB shown; the '
            f"whole file is {escape(shown.path or '')} at commit {escape((shown.commit.hash if shown.commit else '')[:12])}.</p>"
            if len(text) > SQL_SHOWN
            else ""
        )
        sql = (
            f"<h3>{escape(shown.path or '')} as reviewed (commit "
            f"{escape((shown.commit.hash if shown.commit else '')[:12])})</h3>"
            # The newline after <pre>: an HTML parser drops one there, not the file's own.
            f'<pre class="sql">\n{highlight(text[:SQL_SHOWN])}</pre>{cut}'
        )
    return (
        f'<section class="revision" id="rev-{escape(revision_id)}"><h3>{escape(revision_id)}</h3>'
        f"{events}{sql}</section>"
    )


def _evidence(item: Evidence) -> str:
    event = item.event
    change = item.change
    author = (
        f"{change.author_name} <{change.author_email}>, {change.authored_at} (commit {change.hash[:12]})"
        if change
        else "unknown"
    )
    merged = (
        f"{item.merged_in.hash[:12]} by {item.merged_in.committer_name}, {item.merged_in.committed_at}"
        if item.merged_in
        else "-"
    )
    rows = [
        ("Event", f"{event.id}: {event.action}, {event.outcome}"),
        ("Checksum (sha256)", f'<span class="mono">{escape(event.checksum or "-")}</span>'),
        ("File", escape(item.path or "-")),
        (
            "Deployed from commit",
            f'<span class="mono">{escape(event.vcs_commit or "none recorded")}</span>',
        ),
        (
            "Files clean at deploy",
            _yes_no(None if event.vcs_clean is None else bool(event.vcs_clean)),
        ),
        ("Same as the file at that commit", _yes_no(item.matches)),
        ("Commit in the reviewed branch", _yes_no(item.reviewed)),
        ("Merged in by", escape(merged)),
        ("Author of the change", escape(author)),
        (
            "Deployed by",
            escape(deployer(event)) + (" (same person as the author)" if item.same_person else ""),
        ),
        ("When (UTC)", escape(_time(event.started_at))),
        ("Took", f"{float(event.duration_ms):.0f} ms, {event.statements} statement(s)"),
    ]
    if event.override:
        rows.append(("Override", escape(event.override)))
    if event.error:
        rows.append(("Error", escape(f"line {event.error_line}: {event.error}")))
    body = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f'<table class="facts evidence" data-event="{event.id}">{body}</table>'


def _verdicts(report: AuditReport) -> str:
    chain = report.chain
    breaks = "".join(f"<li>row {b.event_id}: {escape(b.reason)}</li>" for b in chain.breaks)
    drift = report.drift
    differences = "".join(f'<li class="mono">{escape(line)}</li>' for line in drift.differences)
    return (
        '<h2>Audit chain</h2><p id="chain-verdict">'
        f"{escape(_chain_verdict(report))}</p>"
        + (f"<ul>{breaks}</ul>" if breaks else "")
        + '<h2>Schema drift</h2><p id="drift-verdict">'
        f"{escape(_drift_verdict(report))}</p>" + (f"<ul>{differences}</ul>" if differences else "")
    )


def _chain_verdict(report: AuditReport) -> str:
    chain = report.chain
    if chain.breaks:
        return f"broken: {len(chain.breaks)} break(s) in {chain.rows} row(s)"
    keyed = f"{chain.keyed_rows} signed with the audit key" if chain.keyed_rows else "unkeyed"
    head = f", head {chain.head}" if chain.head else ""
    return f"verifies: {chain.rows} row(s), {keyed}{head}"


def _drift_verdict(report: AuditReport) -> str:
    drift = report.drift
    if not drift.checked:
        return drift.note
    if drift.differences:
        return (
            f"{len(drift.differences)} difference(s) from what the revisions build ({drift.note})"
        )
    return f"none: the live schema is what the revisions build ({drift.note})"


def _yes_no(value: bool | None) -> str:
    if value is None:
        return '<span class="muted">unknown</span>'
    return '<span class="yes">yes</span>' if value else '<span class="no">no</span>'


def _time(moment: object) -> str:
    return str(render._cell(moment))


def highlight(sql: str) -> str:
    """``sql`` as HTML with keywords, strings, numbers and comments marked (sqlparse's lexer)."""
    from sqlparse import tokens
    from sqlparse.lexer import tokenize

    classes = (
        (tokens.Comment, "c"),
        (tokens.Keyword, "k"),
        (tokens.Name.Builtin, "b"),
        (tokens.Literal.String, "s"),
        (tokens.Literal.Number, "n"),
    )
    out = []
    for kind, value in tokenize(sql):
        css = next((name for parent, name in classes if kind in parent), None)
        text = escape(value)
        out.append(f'<span class="{css}">{text}</span>' if css else text)
    return "".join(out)
