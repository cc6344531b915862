"""Removal is one step, done here and nowhere else.

Rules only *find* spans; :func:`apply_removals` turns a text and its removals
into the cleaned text. The same function produces the cleaner's output and
replays an explanation, so an explanation can never drift from behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from cleanpress.types import Removal

#: a removal's span, ``(start, end)``
_span = attrgetter("start", "end")


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or touching ``(start, end)`` spans.

    >>> merge_spans([(5, 8), (0, 2), (2, 3), (7, 10)])
    [(0, 3), (5, 10)]
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _spans(text: str, removals: Iterable[Removal], start: int, end: int | None) -> list[tuple[int, int]]:
    """The merged spans of ``removals`` within ``text[start:end]``."""
    removals = removals if isinstance(removals, (list, tuple)) else list(removals)
    if start == 0 and end is None:
        spans = merge_spans(map(_span, removals))
        if not spans or (spans[0][0] >= 0 and spans[-1][1] <= len(text)):
            return spans  # every span within the text, as removals of it are: nothing to cut to the text
    end = len(text) if end is None else end
    return merge_spans((max(r.start, start), min(r.end, end)) for r in removals)


def apply_removals(
    text: str, removals: Iterable[Removal], start: int = 0, end: int | None = None
) -> str:
    """Delete the removed spans from ``text[start:end]`` and tidy the layout.

    Offsets in ``removals`` index the whole ``text``. Layout rules, applied
    the same way every time: each line is stripped; a line left empty by a
    removal vanishes; a run of originally blank lines becomes one blank line
    between kept lines; the result has no leading or trailing blank lines.
    Every output line is a substring of an input line: nothing is invented.

    >>> page = "Title\\n[ad_1]\\nFirst line.\\n\\n\\nSecond line."
    >>> apply_removals(page, [Removal(6, 12, "ad-marker", "placeholder")])
    'Title\\nFirst line.\\n\\nSecond line.'
    """
    spans = _spans(text, removals, start, end)
    end = len(text) if end is None else end
    out: list[str] = []
    pending_break = False
    pos = start
    span_i = 0
    n_spans = len(spans)
    for raw in text[start:end].split("\n"):
        line_end = pos + len(raw)
        if span_i == n_spans or spans[span_i][0] >= line_end:  # no removal touches this line: the common case
            line = raw.strip()
            if line:
                if pending_break and out:
                    out.append("")
                out.append(line)
                pending_break = False
            else:
                pending_break = True
            pos = line_end + 1
            continue
        # Collect the kept pieces of this line.
        pieces: list[str] = []
        cursor = pos
        removed_any = False
        while span_i < n_spans and spans[span_i][0] < line_end:
            s, e = spans[span_i]
            if e <= pos:
                span_i += 1
                continue
            removed_any = True
            if s > cursor:
                pieces.append(text[cursor:s])
            cursor = max(cursor, e)
            if e <= line_end:
                span_i += 1
            else:
                break
        if cursor < line_end:
            pieces.append(text[cursor:line_end])
        line = "".join(pieces).strip()
        if line:
            if pending_break and out:
                out.append("")
            out.append(line)
            pending_break = False
        elif not removed_any:
            pending_break = True
        pos = line_end + 1
    return "\n".join(out)
