"""The report in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe``: DevTools messages go
over two pipes (fds 3 and 4) as NUL-terminated JSON, so no websocket library
or browser download is needed. The test skips, saying why, when no Chromium
binary is found or it does not start. Set ``CLEANPRESS_SCREENSHOTS=docs/img``
to refresh the screenshot the documentation shows.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

import cleanpress
from cleanpress.clean.rules import HEADLINE
from cleanpress.report import report

from .conftest import ROOT, seed_paths

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
HOSTILE = (
    "Hostile page with markup in it\n"
    "<script>window.__pwned = 'script'; document.title = 'pwned';</script>\n"
    '<img src="https://example.invalid/pixel.png" onerror="window.__pwned = \'onerror\'">\n'
    "</pre></article><svg onload=\"window.__pwned='svg'\"></svg>\n"
    "The council approved the new budget on Tuesday after a long debate in the town hall.\n"
    "Critics said <script>window.__pwned = 'kept';</script> the plan would raise taxes for most residents "
    "next year, <img src=x onerror=\"window.__pwned = 'kept-img'\"> and they vowed to fight it.\n"
    "[ad_1]\n"
    "Supporters said the plan was the only way to repair the old bridge before the winter storms.\n"
)


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _above(fd: int, lowest: int) -> int:
    """``fd`` moved to a number of at least ``lowest`` (the original is closed)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, lowest)
    os.close(fd)
    return moved


class Browser:
    """Just enough of the DevTools protocol: commands, and the events seen while waiting."""

    def __init__(self, binary: str, width: int = 1280, height: int = 1000) -> None:
        self.profile = tempfile.mkdtemp(prefix="cleanpress-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # above fd 4, so that placing one pipe end at 3 cannot overwrite the other
        to_browser_r, from_browser_w = (_above(to_browser_r, 10), _above(from_browser_w, 10))

        # the browser reads fd 3 and writes fd 4: a tiny Python launcher puts the pipes there and execs it
        launcher = (f"import os, sys; os.dup2({to_browser_r}, 3); os.dup2({from_browser_w}, 4); "
                    "os.execv(sys.argv[1], sys.argv[1:])")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", launcher, binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-pipe",
             f"--window-size={width},{height}", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError(f"Chromium closed the DevTools pipe (exit code {self.proc.poll()})")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, *, timeout: float = 15.0,
             browser_level: bool = False) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session and not browser_level:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 15.0) -> dict[str, Any]:
        for event in self.events:
            if event["method"] == method:
                return event
        deadline = time.monotonic() + timeout
        while True:
            event = self._read_message(deadline)
            if "method" in event:
                self.events.append(event)
                if event["method"] == method:
                    return event

    def open_page(self) -> None:
        # the first answer waits for the browser to start: generous, for a busy machine
        targets = self.send("Target.getTargets", browser_level=True, timeout=60)["targetInfos"]
        pages = [t["targetId"] for t in targets if t["type"] == "page"]
        target = pages[0] if pages else self.send("Target.createTarget", {"url": "about:blank"},
                                                  browser_level=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser_level=True)["sessionId"]

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the browser may already be gone; it is killed below either way
            self.send("Browser.close", browser_level=True, timeout=5)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium binary found (apt-get install chromium); the browser test needs one")
    try:
        b = Browser(binary)
    except OSError as err:
        pytest.skip(f"Chromium at {binary} could not be started: {err}")
    try:
        b.open_page()
    except (OSError, RuntimeError, TimeoutError) as err:
        b.close()
        pytest.skip(f"Chromium at {binary} did not answer on the DevTools pipe: {err}")
    yield b
    b.close()


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    (folder / "zz_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    inputs = [*seed_paths(), folder / "zz_hostile.txt"]
    out = folder / "report.html"
    report(inputs, out)
    results = [cleanpress.clean(p.read_text(encoding="utf-8")) for p in inputs]
    return out, results


def test_report_in_chromium(browser, seeds_report, tmp_path):
    path, results = seeds_report
    browser.send("Page.enable")
    browser.send("Network.enable")
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    browser.events.clear()
    browser.send("Page.navigate", {"url": path.as_uri()})
    browser.wait_for("Page.loadEventFired", timeout=60)
    assert browser.evaluate("document.body.getAttribute('data-ready')") == "1", "the report's script did not finish"

    # visible counts match what cleaning the same pages gives
    n_removals = sum(len(r.removals) for r in results)
    n_stories = sum(len(r.stories) for r in results)
    assert browser.evaluate("document.getElementById('n-pages').textContent") == str(len(results))
    assert browser.evaluate("document.getElementById('n-stories').textContent") == str(n_stories)
    assert browser.evaluate("document.getElementById('n-removals').textContent") == str(n_removals)
    assert browser.evaluate("document.querySelectorAll('#pages article.page').length") == len(results)
    ad_count = sum(1 for r in results for x in r.removals if x.rule == "ad-marker")
    legend = browser.evaluate(
        "document.querySelector('.legend-item[title] .count') && "
        "Array.from(document.querySelectorAll('.legend-item')).map(e => e.textContent)"
    )
    assert f"ad-marker{ad_count}" in legend
    shown_removals = browser.evaluate("document.querySelectorAll('#pages del.rm, #pages mark.headline').length")
    assert shown_removals == n_removals

    # a removed [ad_1] is on screen, struck through
    struck = browser.evaluate(
        "Array.from(document.querySelectorAll('del.rm')).filter(e => e.textContent === '[ad_1]').map(e => {"
        " const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
        " return [s.textDecorationLine, r.width > 0 && r.height > 0, e.dataset.rule]; })"
    )
    assert struck, "no removed [ad_1] in the report"
    assert all(line == "line-through" and visible and rule == "ad-marker" for line, visible, rule in struck)

    # headlines marked, not struck
    titles = {s.title for r in results for s in r.stories if s.title}
    marked = browser.evaluate("Array.from(document.querySelectorAll('mark.headline')).map(e => e.textContent)")
    assert titles and {" ".join(m.split()) for m in marked} >= titles
    rules = browser.evaluate("Array.from(document.querySelectorAll('mark.headline')).map(e => e.dataset.rule)")
    assert set(rules) == {HEADLINE}

    # the hostile page's markup is shown as text and nothing in it ran or was fetched
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.title") == "cleanpress report"
    assert browser.evaluate("document.querySelectorAll('script').length") == 2
    assert browser.evaluate("document.querySelectorAll('img, svg:not(.chart svg), iframe, #pages b').length") == 0
    page_text = browser.evaluate("document.getElementById('pages').textContent")
    assert "<script>window.__pwned = 'script'" in page_text  # in a removed line
    assert "<script>window.__pwned = 'kept';</script> the plan" in page_text  # in kept text
    assert 'onerror="window.__pwned' in page_text  # in the headline
    assert "<img src=x onerror=" in page_text
    requested = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert requested == [path.as_uri()], f"the report made network requests: {requested}"

    # the rule filter narrows the list to pages with that rule
    with_ad = sum(1 for r in results if any(x.rule == "ad-marker" for x in r.removals))
    browser.evaluate(
        "(() => { const s = document.getElementById('rule-filter');"
        " s.value = Array.from(s.options).find(o => o.textContent.startsWith('ad-marker ')).value;"
        " s.dispatchEvent(new Event('change')); })()"
    )
    assert browser.evaluate("document.querySelectorAll('#pages article.page').length") == with_ad
    browser.evaluate("(() => { const s = document.getElementById('rule-filter'); s.value = '-1';"
                     " s.dispatchEvent(new Event('change')); })()")

    shot = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"})["data"])
    assert shot.startswith(b"\x89PNG")
    (tmp_path / "report.png").write_bytes(shot)
    target = os.environ.get("CLEANPRESS_SCREENSHOTS")
    if target:
        folder = Path(target) if Path(target).is_absolute() else ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.png").write_bytes(shot)


def test_clusters_in_chromium(browser, tmp_path):
    """Members side by side, the representative marked, similarity shown, differing words highlighted."""
    base = "The council approved the new budget on Tuesday after a long debate in the town hall."
    records = [
        {"id": "a#0", "source_id": "a", "story": 0, "title": "Budget", "text": base, "removed": [],
         "cluster": "a#0", "duplicate_of": None, "similarity": 1.0},
        {"id": "b#0", "source_id": "b", "story": 0, "title": "Budget", "removed": [],
         "text": base.replace("Tuesday", "Wednesday").replace("town", "<img/src=x/onerror=window.__pwned=1>"),
         "cluster": "a#0", "duplicate_of": "a#0", "similarity": 0.82},
        {"id": "c#0", "source_id": "c", "story": 0, "title": "Other", "text": "Something else entirely.",
         "removed": [], "cluster": "c#0", "duplicate_of": None, "similarity": 1.0},
    ]
    path = tmp_path / "clusters.html"
    report(records, path)
    browser.send("Page.enable")
    browser.events.clear()
    browser.send("Page.navigate", {"url": path.as_uri()})
    browser.wait_for("Page.loadEventFired", timeout=60)
    members = browser.evaluate(
        "Array.from(document.querySelectorAll('#clusters .member')).map(m => ["
        " m.classList.contains('representative'), m.querySelector('code').textContent,"
        " m.querySelector('.similarity').textContent,"
        " Array.from(m.querySelectorAll('ins.differs')).map(i => i.textContent)])"
    )
    assert members == [[True, "a#0", "similarity 1.00", []],
                       [False, "b#0", "similarity 0.82", ["Wednesday", "<img/src=x/onerror=window.__pwned=1>"]]]
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    tops = browser.evaluate(
        "Array.from(document.querySelectorAll('#clusters .member')).map(m => m.getBoundingClientRect().top)")
    assert tops[0] == tops[1], "cluster members are not side by side"
