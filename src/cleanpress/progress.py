"""A progress line on standard error, for long inputs only."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts items and, once a run takes longer than ``delay`` seconds, reports.

    On a terminal the line is redrawn in place a few times a second; otherwise
    (a log file, CI) a plain line is printed every ``every`` seconds. Nothing is
    printed for runs that finish quickly, nor when ``enabled`` is false.
    """

    def __init__(self, label: str, *, unit: str = "pages", enabled: bool = True, stream: TextIO | None = None,
                 delay: float = 2.0, every: float = 10.0) -> None:
        self.label = label
        self.unit = unit
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.delay = delay
        self.every = every if not self.stream.isatty() else 0.25
        self.count = 0
        self.start = time.monotonic()
        self._last = self.start
        self._shown = False

    def update(self, n: int = 1) -> None:
        self.count += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start >= self.delay and now - self._last >= self.every:
            self._last = now
            self._show(now)

    def _show(self, now: float, final: bool = False) -> None:
        rate = self.count / max(now - self.start, 1e-9)
        line = f"{self.label}: {self.count} {self.unit} ({rate:.0f}/s)"
        if self.stream.isatty():
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self._show(time.monotonic(), final=True)
            self._shown = False
