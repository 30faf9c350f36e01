"""Timing whole processes: wall time, and the peak RSS of each command.

Peak RSS comes from ``/usr/bin/time -f %M`` when it exists. The ``wait4`` rusage of a
child started straight from this (Python) process would not do: Linux carries the
largest RSS over ``exec``, so every child would report at least this harness's own
~30 MB. GNU time is a small C program, so its floor is ~2 MB; it adds ~1 ms to every
tool alike.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Command:
    argv: list[str]
    cwd: Path
    stdin: Path | None = None


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_mb: float


GNU_TIME = "/usr/bin/time" if shutil.which("/usr/bin/time") else None


class CommandFailed(Exception):
    """A command exited non-zero; the message is its exit code and last stderr line."""


def run(commands: list[Command], env: dict[str, str]) -> Sample:
    """Run ``commands`` one after another; wall time of all, largest peak RSS of any.

    The clock covers fork, exec, the whole run and the reaping of each process, so
    interpreter start-up and imports count, as they do for a person typing the command.
    """
    peak_kb = 0
    total = 0.0
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as rss:
        prefix = [GNU_TIME, "-f", "%M", "-o", rss.name] if GNU_TIME else []
        for command in commands:
            stdin = command.stdin.open("rb") if command.stdin else subprocess.DEVNULL
            try:
                errors.seek(0)
                errors.truncate()
                started = time.perf_counter()
                process = subprocess.Popen(
                    [*prefix, *command.argv],
                    cwd=command.cwd,
                    env=env,
                    stdin=stdin,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                )
                _, status, usage = os.wait4(process.pid, 0)
                total += time.perf_counter() - started
            finally:
                if command.stdin:
                    stdin.close()
            process.returncode = os.waitstatus_to_exitcode(status)  # already reaped
            kilobytes = usage.ru_maxrss  # kilobytes on Linux
            if GNU_TIME:
                rss.seek(0)
                last = rss.read().split()
                kilobytes = int(last[-1]) if last and last[-1].isdigit() else kilobytes
            peak_kb = max(peak_kb, kilobytes)
            if process.returncode != 0:
                errors.seek(0)
                lines = errors.read().decode(errors="replace").strip().splitlines()
                last = lines[-1] if lines else "(no output)"
                raise CommandFailed(f"exit {process.returncode}: {last[:300]}")
    return Sample(total, peak_kb / 1024)


@dataclass
class Measurement:
    """Every run of one tool on one workload."""

    samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_rss_mb(self) -> float:
        return max(s.peak_rss_mb for s in self.samples)

    @property
    def spread(self) -> tuple[float, float]:
        times = [s.seconds for s in self.samples]
        return min(times), max(times)
