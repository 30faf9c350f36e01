"""Reporting: the results table, the targets, the machine, and docs/benchmarks.md."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from dataclasses import dataclass
from importlib import metadata

from bench.timing import Measurement

TOOL_TITLES = {
    "raw": "raw `mariadb`",
    "roble": "roble",
    "floor": "floor [a]",
    "replay": "roble's SQL via raw [b]",
    "yoyo": "yoyo 9.0",
    "dbmate": "dbmate",
}

Results = dict[str, dict[str, Measurement]]  # scenario key -> tool -> measurement


@dataclass(frozen=True)
class Target:
    text: str
    scenario: str
    limit: float
    kind: str  # "ratio" (roble / raw), "seconds" (roble median), "rss" (roble peak MB)

    def measure(self, results: Results) -> float | None:
        row = results.get(self.scenario, {})
        roble = row.get("roble")
        if roble is None or not roble.ok:
            return None
        if self.kind == "seconds":
            return roble.median
        if self.kind == "rss":
            return roble.peak_rss_mb
        raw = row.get("raw")
        return roble.median / raw.median if raw is not None and raw.ok else None

    def verdict(self, results: Results) -> str:
        roble = results.get(self.scenario, {}).get("roble")
        if roble is None:
            return "not run"
        if roble.error:
            return "FAIL (roble failed)"
        value = self.measure(results)
        if value is None:
            return "n/a"
        return "pass" if value <= self.limit else "FAIL"

    def shown(self, results: Results) -> str:
        value = self.measure(results)
        if value is None:
            return "-"
        return {"ratio": f"{value:.2f}x", "seconds": f"{value:.3f} s", "rss": f"{value:.0f} MB"}[
            self.kind
        ]


def _cell(row: dict[str, Measurement], tool: str, notes: list[str]) -> str:
    m = row.get(tool)
    if m is None:
        return "-"
    if m.error:
        notes.append(f"{tool}: {m.error}")
        return f"FAILED [{len(notes)}]"
    if not m.samples:
        return "-"
    text = f"{m.median:.3f} s"
    raw = row.get("raw")
    if tool != "raw" and raw is not None and raw.ok:
        text += f" ({m.median / raw.median:.2f}x)"
    if m.note:
        notes.append(f"{tool}: {m.note}")
        text += f" [{len(notes)}]"
    return text


def results_table(titles: dict[str, str], results: Results, tools: tuple[str, ...]) -> str:
    """Markdown: one row per scenario, medians with the ratio to the raw client."""
    header = ["scenario", *(TOOL_TITLES[t] for t in tools), "peak RSS roble / raw", "runs per tool"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    notes: list[str] = []
    for key, title in titles.items():
        row = results.get(key, {})
        cells = [_cell(row, tool, notes) for tool in tools]
        rss = " / ".join(
            f"{row[t].peak_rss_mb:.0f}" if row[t].ok else "-"
            for t in ("roble", "raw")
            if t in row and t in tools
        )
        rss = f"{rss} MB" if rss else "-"
        runs = "/".join(str(len(row[t].samples)) for t in tools if t in row) or "-"
        lines.append("| " + " | ".join([title, *cells, rss, runs]) + " |")
    if notes:
        lines.append("")
        lines += [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
    return "\n".join(lines)


def targets_table(targets: list[Target], results: Results) -> str:
    """The verdicts, with the floor's ratio and roble's-SQL-via-raw ratio beside each ratio
    target: a floor above the limit means no tool built like roble meets it on this
    machine; a replay above it, that roble's records alone cost more than the limit."""
    lines = [
        "| target | limit | measured | verdict | floor [a] | roble's SQL via raw [b] |",
        "|---|---|---|---|---|---|",
    ]
    for target in targets:
        limit = {"ratio": f"{target.limit:g}x raw", "seconds": f"{target.limit:g} s"}.get(
            target.kind, f"{target.limit:g} MB"
        )
        row = results.get(target.scenario, {})
        floor, replay = (
            (_ratio(row, "floor"), _ratio(row, "replay")) if target.kind == "ratio" else ("-", "-")
        )
        lines.append(
            f"| {target.text} | {limit} | {target.shown(results)} | {target.verdict(results)}"
            f" | {floor} | {replay} |"
        )
    return "\n".join(lines)


FLOOR_NOTE = (
    "[a] floor: `bench/floor.py`, the least a tool built like roble can cost: Python "
    "importing click and PyMySQL, one connection, the raw client's script sent as one "
    "multi-statement query; no lock, lint, checksums or bookkeeping.\n"
    "[b] roble's SQL via raw: the raw client running exactly what roble sent the server "
    "(captured once from the general log: the revisions plus roble's lock, yoyo rows, "
    "audit rows and commits; `bench/replay.py`). What roble's records cost the server, "
    "with no Python at all."
)


def _ratio(row: dict[str, Measurement], tool: str) -> str:
    measured, raw = row.get(tool), row.get("raw")
    if measured is None or raw is None or not (measured.ok and raw.ok):
        return "-"
    return f"{measured.median / raw.median:.2f}x"


def machine(server_settings: dict[str, str], transport: str, versions: dict[str, str]) -> str:
    """A Markdown list describing where the numbers come from."""
    memory = _meminfo_gb()
    items = [
        ("date (UTC)", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")),
        ("CPU", f"{_cpu_model()}, {os.cpu_count()} cores"),
        ("memory", f"{memory:.1f} GiB" if memory else "unknown"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("MariaDB server", server_settings.get("version", "?")),
        ("transport", transport),
        (
            "server settings",
            ", ".join(f"{k}={v}" for k, v in server_settings.items() if k != "version"),
        ),
        *versions.items(),
    ]
    return "\n".join(f"- **{name}**: {value}" for name, value in items)


def tool_versions(mariadb: str | None, dbmate: str | None) -> dict[str, str]:
    def output(argv: list[str]) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    versions = {}
    for package in ("yoyo-migrations", "PyMySQL", "click", "sqlparse"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["mariadb client"] = output([mariadb, "--version"]) if mariadb else "not found"
    versions["dbmate"] = output([dbmate, "--version"]) if dbmate else "not installed"
    return versions


def _proc_field(path: str, name: str) -> str | None:
    """The value of ``name: value`` in a /proc file such as /proc/cpuinfo, if any."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(name):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    return _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"


def _meminfo_gb() -> float | None:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "24683996 kB"
    return int(total.split()[0]) / 1024 / 1024 if total else None


def document(sections: list[tuple[str, str]], intro: str) -> str:
    parts = ["# Benchmarks", "", intro]
    for title, body in sections:
        parts += ["", f"## {title}", "", body]
    return "\n".join(parts) + "\n"


def replace_section(document_text: str, title: str, body: str, *, before: str) -> str:
    """``document_text`` with the section whose title starts like ``title`` (up to its
    first parenthesis) replaced by ``title`` and ``body``; without one, the section is
    inserted before the section titled ``before`` (else at the end)."""
    stem = title.split("(")[0].strip()
    lines = document_text.rstrip("\n").split("\n")
    heads = [i for i, line in enumerate(lines) if line.startswith("## ")]
    new = [f"## {title}", "", body, ""]
    for start in heads:
        if lines[start][3:].startswith(stem):
            end = next((i for i in heads if i > start), len(lines))
            return "\n".join([*lines[:start], *new, *lines[end:]]).rstrip("\n") + "\n"
    at = next((i for i in heads if lines[i][3:].startswith(before)), len(lines))
    return "\n".join([*lines[:at], *new, *lines[at:]]).rstrip("\n") + "\n"
