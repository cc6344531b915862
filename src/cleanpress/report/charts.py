"""Small inline SVG charts for the top of the report: no scripts, no external files.

Every label is escaped; the charts are plain markup the browser draws as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

#: Up to this many pages the kept/removed chart has one bar per page; above it, a histogram.
PER_PAGE_BARS = 40

KEPT_COLOUR = "#4c8c4a"
REMOVED_COLOUR = "#c8553d"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">' + "".join(body) + "</svg>"
    )


def hbars(labels: Sequence[str], values: Sequence[int], colours: Sequence[str], label: str, width: int = 380) -> str:
    """A horizontal bar chart, one labelled bar per value.

    >>> svg = hbars(["ad-marker", "<b>"], [3, 1], ["#f00", "#0f0"], "removals per rule")
    >>> svg.count("<rect"), "&lt;b&gt;" in svg, "<b>" in svg
    (2, True, False)
    """
    row, left, right = 18, 150, 40
    height = max(row * len(values) + 8, 30)
    top = max(values, default=0) or 1
    body: list[str] = []
    for i, (name, value, colour) in enumerate(zip(labels, values, colours, strict=True)):
        y = 4 + i * row
        w = (width - left - right) * value / top
        body.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(name)}</text>')
        body.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{escape(colour)}"/>')
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + 12}">{value}</text>')
    return _svg(width, height, body, label)


def kept_removed(page_ids: Sequence[str], kept: Sequence[int], removed: Sequence[int], width: int = 380) -> str:
    """Bytes kept and removed: a stacked bar per page, or for many pages a histogram of the removed share.

    >>> kept_removed(["a", "b"], [80, 10], [20, 90]).count("<rect")  # two bars each, and the key
    6
    >>> "pages by share of bytes removed" in kept_removed([str(i) for i in range(100)], [1] * 100, [1] * 100)
    True
    """
    if len(page_ids) <= PER_PAGE_BARS:
        row, left, right = 14, 150, 10
        height = max(row * len(page_ids) + 24, 40)
        body: list[str] = []
        for i, (pid, k, r) in enumerate(zip(page_ids, kept, removed, strict=True)):
            total = (k + r) or 1
            y = 4 + i * row
            span = width - left - right
            wk = span * k / total
            short = pid if len(pid) <= 22 else pid[:21] + "…"
            body.append(f'<text x="{left - 6}" y="{y + 10}" text-anchor="end">{escape(short)}</text>')
            body.append(
                f'<rect x="{left}" y="{y + 1}" width="{wk:.1f}" height="{row - 3}" fill="{KEPT_COLOUR}">'
                f"<title>{escape(pid)}: {k} bytes kept</title></rect>"
            )
            body.append(
                f'<rect x="{left + wk:.1f}" y="{y + 1}" width="{span - wk:.1f}" height="{row - 3}" '
                f'fill="{REMOVED_COLOUR}"><title>{escape(pid)}: {r} bytes removed</title></rect>'
            )
        body.append(_key(left, height - 8))
        return _svg(width, height, body, "bytes kept and removed per page")
    # many pages: how many pages lost 0-10 %, 10-20 %, ... of their bytes
    bins = [0] * 10
    for k, r in zip(kept, removed, strict=True):
        share = r / (k + r) if k + r else 0.0
        bins[min(int(share * 10), 9)] += 1
    labels = [f"{10 * i}–{10 * (i + 1)} % removed" for i in range(10)]
    return hbars(labels, bins, [REMOVED_COLOUR] * 10, "pages by share of bytes removed", width)


def _key(x: int, y: int) -> str:
    return (
        f'<rect x="{x}" y="{y - 8}" width="10" height="10" fill="{KEPT_COLOUR}"/>'
        f'<text x="{x + 14}" y="{y + 1}">kept</text>'
        f'<rect x="{x + 60}" y="{y - 8}" width="10" height="10" fill="{REMOVED_COLOUR}"/>'
        f'<text x="{x + 74}" y="{y + 1}">removed</text>'
    )


#: Cluster sizes drawn one column each up to this many distinct sizes; above, in bins.
MAX_COLUMNS = 12
_BINS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, None))


def _binned(sizes: Mapping[int, int] | Mapping[str | int, int]) -> dict[str | int, int]:
    """Cluster-size counts gathered into bins: 1, 2, 3, 4, 5–9, 10–19, 20–49, 50–99, 100+.

    >>> _binned({1: 5, 2: 1, 7: 2, 8: 1, 250: 1})
    {1: 5, 2: 1, '5–9': 3, '100+': 1}
    """
    out: dict[str | int, int] = {}
    for lo, hi in _BINS:
        n = sum(c for s, c in sizes.items() if _lower_bound(s) >= lo and (hi is None or _lower_bound(s) <= hi))
        if n:
            out[lo if lo == hi else f"{lo}+" if hi is None else f"{lo}–{hi}"] = n
    return out


def _lower_bound(key: str | int) -> int:
    return key if isinstance(key, int) else int(key.replace("+", "").split("–")[0])


def cluster_sizes(sizes: Mapping[int, int] | Mapping[str | int, int], width: int = 300) -> str:
    """A column chart: how many clusters have 1, 2, 3, ... stories.

    >>> svg = cluster_sizes({1: 5, 2: 3, 4: 1})
    >>> svg.count("<rect")
    3
    >>> cluster_sizes({size: 1 for size in range(1, 40)}).count("<rect")  # binned
    7
    """
    if not sizes:
        return _svg(width, 40, ['<text x="8" y="24">no stories were deduplicated</text>'], "cluster sizes")
    columns: dict[str | int, int] = _binned(sizes) if len(sizes) > MAX_COLUMNS else dict(sizes.items())
    keys = sorted(columns, key=_lower_bound)
    height, bottom, top_pad = 160, 30, 16
    col = min(40, (width - 20) // max(len(keys), 1))
    peak = max(columns.values())
    body: list[str] = []
    for i, size in enumerate(keys):
        n = columns[size]
        h = (height - bottom - top_pad) * n / peak
        x = 10 + i * col
        y = height - bottom - h
        body.append(f'<rect x="{x}" y="{y:.1f}" width="{col - 6}" height="{h:.1f}" fill="#3d6fc8"/>')
        body.append(f'<text x="{x + (col - 6) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{n}</text>')
        body.append(f'<text x="{x + (col - 6) / 2:.1f}" y="{height - bottom + 13}" text-anchor="middle">{size}</text>')
    body.append(f'<text x="10" y="{height - 4}">stories per cluster</text>')
    return _svg(width, height, body, "cluster size distribution")
