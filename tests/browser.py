"""A real headless browser for the tests: Debian's chromium, one process per question.

``find_chromium()`` fails under ``CI=true`` when chromium is missing (``.ci/run`` installs
it) and skips otherwise. ``Browser`` loads a file the way an auditor opens it and answers
with the DOM the browser built (``--dump-dom``), a screenshot or a PDF. ``parse_dom`` turns
the dumped DOM into a small tree; ``png_rows`` decodes a screenshot's pixels (stdlib only).
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser")
TIMEOUT = 90  # seconds for one run; a cold start takes about one
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers' /dev/shm is small
)


def find_chromium() -> str:
    """The chromium on PATH; under CI=true its absence fails the test, else skips it."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    reason = f"no headless browser: none of {', '.join(NAMES)} on PATH (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class Browser:
    executable: str
    scratch: Path  # a fresh profile (--user-data-dir) for each run is made in here

    def dump_dom(self, page: Path) -> str:
        """The DOM after chromium parsed and laid out ``page``, serialized."""
        return self._run(page, "--dump-dom").stdout.decode("utf-8")

    def screenshot(self, page: Path, out: Path, size: tuple[int, int] = (1200, 2000)) -> Path:
        self._run(page, f"--screenshot={out}", f"--window-size={size[0]},{size[1]}")
        return out

    def print_to_pdf(self, page: Path, out: Path) -> Path:
        self._run(page, f"--print-to-pdf={out}")
        return out

    def _run(self, page: Path, *flags: str) -> subprocess.CompletedProcess[bytes]:
        self.scratch.mkdir(parents=True, exist_ok=True)
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.scratch)
        argv = [
            self.executable,
            *FLAGS,
            f"--user-data-dir={profile}",
            *flags,
            page.resolve().as_uri(),
        ]
        # Its own process group: on a timeout the renderer and helpers go with it.
        with subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        ) as process:
            try:
                out, err = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                pytest.fail(f"chromium took over {TIMEOUT}s: {' '.join(argv)}", pytrace=False)
        done = subprocess.CompletedProcess(argv, process.returncode, out, err)
        if done.returncode != 0:
            tail = err.decode("utf-8", "replace").strip().splitlines()[-15:]
            pytest.fail(
                f"chromium exited {done.returncode}: {' '.join(argv)}\n" + "\n".join(tail),
                pytrace=False,
            )
        return done


# -- the dumped DOM -----------------------------------------------------------------------------

VOID = frozenset(  # elements without an end tag
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    )
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """textContent: every text below, character references decoded."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]

    def by_id(self, element_id: str) -> Element:
        found = [e for e in self.iter() if e.attrs.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements with id={element_id!r}"
        return found[0]

    def one(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert len(found) == 1, f"{len(found)} <{tag or '*'} class={cls!r}> in <{self.tag}>"
        return found[0]


class _TreeBuilder(HTMLParser):
    """Builds the tree of a serialized DOM (every element closed, as chromium writes it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_dom(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements in the dumped DOM"
    return builder.root


# -- screenshots --------------------------------------------------------------------------------

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_rows(data: bytes, limit: int | None = None) -> Iterator[bytes]:
    """The first ``limit`` rows (all by default) of an 8-bit RGB(A) PNG, unfiltered."""
    assert data.startswith(PNG_MAGIC), "not a PNG"
    at, idat, header = len(PNG_MAGIC), bytearray(), b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
    bpp = 3 if color == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(bytes(idat))
    previous = bytearray(stride)
    for y in range(min(height, limit or height)):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predicted = a if pa <= pb and pa <= pc else b if pb <= pc else c
                row[i] = (row[i] + predicted) & 0xFF
        previous = row
        yield bytes(row) if bpp == 3 else bytes(b for i, b in enumerate(row) if i % 4 != 3)  # RGB
