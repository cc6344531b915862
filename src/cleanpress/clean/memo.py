"""A cleaner's memory of what is a function of a line's text alone, across its pages.

A site's template lines (menus, footers, share rows, the site's name) recur
on page after page: on the dev streams 19-67 % of the lines were seen before
in the same stream, and real crawls of many pages per site repeat more. What
the article step asks of such a line that depends on its text alone (whether
it may be a headline, is a label, its content words: see
:class:`~cleanpress.clean.article.headline.HeadlineFacts`) is worked out once
and looked up after.

A memo belongs to one :class:`~cleanpress.clean.cleaner.Cleaner` (a worker
process has its own cleaner, hence its own memo): there is no process-wide
state. It holds at most ``kept`` lines and is emptied when full, so its
memory is bounded. It only saves work: every value it keeps is what the
function it stands for gives on the line's text, so a cleaner gives the same
output with it (``CleanConfig(line_memory=True)``, the default) as without it,
in any order of pages.

The line model's own features are not remembered: the lines a stream repeats
are short (3-45 % of its characters), and the features of a page's new lines
are counted together in numpy at a cost set mostly per page, so a look-up per
line cost as much as it saved on the dev streams.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

#: distinct lines a table keeps; past this many it is emptied and refilled
LINES_KEPT = 32_768

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class ValueMemo(Generic[_K, _V]):
    """Values by key (a line's text, or its text and a setting), bounded: emptied when full."""

    def __init__(self, fn: Callable[[_K], _V], kept: int = LINES_KEPT) -> None:
        if kept < 1:
            raise ValueError(f"a memo keeps at least one line, got kept={kept}")
        self.fn = fn
        self.kept = kept
        self.values: dict[_K, _V] = {}

    def __call__(self, key: _K) -> _V:
        values = self.values
        try:
            return values[key]
        except KeyError:
            pass
        value = self.fn(key)
        if len(values) >= self.kept:
            values.clear()
        values[key] = value
        return value
