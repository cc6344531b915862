"""MkDocs hook: pages generated from the code at build time, so they cannot drift from it.

* ``rules.md``: one section per rule of ``cleanpress.clean.rules.RULE_TYPES`` (name,
  description, the reason keys it gives, its example and what the rule removes from
  that example when it is run on it);
* ``dedup-parameters.md``: the default dedup configuration, the LSH bands and rows
  chosen for it and the S-curve (probability that a pair becomes a candidate against
  its Jaccard similarity), drawn as inline SVG.

A page asks for generated content with a marker line such as ``<!-- generated: rules -->``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from cleanpress.clean.config import CleanConfig
from cleanpress.clean.rules import RULE_TYPES, Page
from cleanpress.clean.segment import segment
from cleanpress.dedup.config import DedupConfig

MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.M)


def _struck(example: str, spans: list[tuple[int, int, str]]) -> str:
    """The example as an HTML block, each removed span struck through with its reason."""
    out: list[str] = []
    pos = 0
    for span_start, end, reason in sorted(spans):
        start = max(span_start, pos)
        if start >= end:
            continue
        out.append(html.escape(example[pos:start]))
        out.append(f'<del title="{html.escape(reason)}">{html.escape(example[start:end])}</del>'
                   f'<sub>{html.escape(reason)}</sub>')
        pos = end
    out.append(html.escape(example[pos:]))
    return '<pre class="rule-example" style="white-space: pre-wrap">' + "".join(out) + "</pre>"


def rule_sections() -> list[dict[str, Any]]:
    """For each rule, in the order the cleaner runs them: name, description, example and its removals."""
    sections = []
    for rule_type in RULE_TYPES:
        rule = rule_type()
        example = rule_type.example
        removals = list(rule.removals(Page(example, segment(example)))) if example else []
        sections.append({
            "name": rule_type.name,
            "description": rule_type.description,
            "example": example,
            "removed": [(r.start, r.end, r.reason) for r in removals],
            "reasons": sorted({r.reason for r in removals}),
            "module": rule_type.__module__,
            "class": rule_type.__name__,
            "limit": rule_type.limit,
            "evidence": rule_type.evidence,
        })
    return sections


def rules_markdown() -> str:
    """The generated part of ``rules.md``."""
    lines: list[str] = []
    sections = rule_sections()
    lines.append("| rule | config field | what it removes |")
    lines.append("|---|---|---|")
    for s in sections:
        lines.append(f"| [`{s['name']}`](#{s['name']}) | `{s['name'].replace('-', '_')}` | "
                     f"{s['description'].replace('|', '&#124;')} |")
    lines.append("")
    defaults = CleanConfig()
    for s in sections:
        field = s["name"].replace("-", "_")
        on = "on" if getattr(defaults, field, False) else "off"
        lines.append(f"## `{s['name']}` {{#{s['name']}}}")
        lines.append("")
        lines.append(s["description"])
        lines.append("")
        lines.append(f"Class `{s['module']}.{s['class']}`; switched {on} by default "
                     f"(`CleanConfig({field}=...)`).")
        lines.append("")
        limit = s["limit"]
        if s["evidence"]:
            lines.append(f"Removes a line whole up to {limit.chars:,} characters and {limit.sentences:,} sentences, "
                         f"above the shared limit, on this evidence: {s['evidence']}.")
        else:
            lines.append(f"Removes a line whole only up to the shared limit ({limit.chars} characters, "
                         f"{limit.sentences} sentences).")
        lines.append("")
        if not s["example"]:
            lines.append("This rule has no example.")
        elif s["removed"]:
            keys = ", ".join(f"`{r}`" for r in s["reasons"])
            lines.append(f"Reason keys seen on its example: {keys}. Run on its example, the rule removes "
                         "the struck text:")
            lines.append("")
            lines.append(_struck(s["example"], s["removed"]))
        else:
            lines.append("Run on its example alone, the rule removes nothing: it judges a line against the "
                         "rest of the page (what repeats, what surrounds it), so it needs a whole page. "
                         "The example:")
            lines.append("")
            lines.append(_struck(s["example"], []))
        lines.append("")
    return "\n".join(lines)


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Probability that two signatures share at least one LSH band: ``1 - (1 - s**r)**b``.

    >>> round(candidate_probability(0.5, 20, 5), 3)
    0.47
    """
    return 1.0 - (1.0 - similarity**rows) ** bands


def s_curve_svg(bands: int, rows: int, marks: dict[str, float], width: int = 560, height: int = 320) -> str:
    """The S-curve as inline SVG, with vertical lines at the similarities in ``marks``."""
    left, right, top, bottom = 50, 20, 16, 40
    w, h = width - left - right, height - top - bottom

    def x(s: float) -> float:
        return left + w * s

    def y(p: float) -> float:
        return top + h * (1 - p)

    points = " ".join(f"{x(i / 200):.1f},{y(candidate_probability(i / 200, bands, rows)):.1f}" for i in range(201))
    parts = [f'<svg class="s-curve" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="probability of becoming a candidate against Jaccard similarity">']
    for k in range(11):
        v = k / 10
        parts.append(f'<line x1="{x(v):.1f}" y1="{y(0):.1f}" x2="{x(v):.1f}" y2="{y(1):.1f}" stroke="#ddd"/>')
        parts.append(f'<line x1="{x(0):.1f}" y1="{y(v):.1f}" x2="{x(1):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{x(v):.1f}" y="{height - bottom + 16}" font-size="11" '
                     f'text-anchor="middle">{v:.1f}</text>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v:.1f}</text>')
    colours = ["#c8553d", "#3d6fc8", "#4c8c4a", "#8a4cc8"]
    for i, (label, value) in enumerate(marks.items()):
        c = colours[i % len(colours)]
        p = candidate_probability(value, bands, rows)
        parts.append(f'<line x1="{x(value):.1f}" y1="{y(0):.1f}" x2="{x(value):.1f}" y2="{y(1):.1f}" '
                     f'stroke="{c}" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x(value) + 4:.1f}" y="{top + 14 + 14 * i}" font-size="11" fill="{c}">'
                     f"{html.escape(label)} {value:g} (p = {p:.3f})</text>")
    parts.append(f'<polyline fill="none" stroke="#1d2330" stroke-width="2" points="{points}"/>')
    parts.append(f'<text x="{left + w / 2:.1f}" y="{height - 6}" font-size="12" text-anchor="middle">'
                 "Jaccard similarity of the two stories' shingle sets</text>")
    parts.append(f'<text x="12" y="{top + h / 2:.1f}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + h / 2:.1f})">P(candidate pair)</text>')
    parts.append("</svg>")
    return "".join(parts)


def dedup_markdown() -> str:
    """The generated part of ``dedup-parameters.md``."""
    cfg = DedupConfig()
    bands, rows = cfg.bands_rows()
    marks = {"LSH tuned at": cfg.lsh_threshold, "decision threshold": cfg.threshold,
             "trimmed copy (containment_ratio)": cfg.containment_ratio}
    lines = [
        "| parameter | default | meaning |",
        "|---|---|---|",
        f"| `threshold` | {cfg.threshold} | estimated Jaccard similarity at or above which two stories "
        "are duplicates |",
        f"| `containment` | {cfg.containment} | estimated containment of the shorter story in the longer one "
        "at or above which they are duplicates |",
        f"| `containment_ratio` | {cfg.containment_ratio} | the shortest trimmed copy (fraction of the original) "
        "that should still be found |",
        f"| `lsh_threshold` | {cfg.lsh_threshold} | the similarity LSH is tuned for (derived) |",
        f"| `num_perm` | {cfg.num_perm} | MinHash permutations |",
        f"| bands × rows | {bands} × {rows} | chosen for `lsh_threshold` as `datasketch.MinHashLSH` does |",
        f"| `ngram` | {cfg.ngram} | words per shingle |",
        "",
        f"With {bands} bands of {rows} rows, a pair of stories with Jaccard similarity *s* becomes a "
        f"candidate with probability 1 − (1 − *s*^{rows})^{bands}:",
        "",
        s_curve_svg(bands, rows, marks),
        "",
        "| Jaccard similarity | 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 0.6 | 0.8 |",
        "|---|---|---|---|---|---|---|---|",
        "| P(candidate) | " + " | ".join(f"{candidate_probability(s, bands, rows):.3f}"
                                        for s in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8)) + " |",
        "",
        "Other thresholds (same `num_perm`; `DedupConfig(threshold=t)` with the default containment settings):",
        "",
        "| threshold | LSH tuned at | bands × rows | P(candidate) at the threshold |",
        "|---|---|---|---|",
    ]
    for t in (0.3, 0.5, 0.7, 0.9):
        other = DedupConfig(threshold=t)
        b, r = other.bands_rows()
        lines.append(f"| {t} | {other.lsh_threshold} | {b} × {r} | {candidate_probability(t, b, r):.3f} |")
    return "\n".join(lines)


GENERATORS: dict[str, Callable[[], str]] = {"rules": rules_markdown, "dedup-parameters": dedup_markdown}


def expand(markdown: str) -> str:
    """``markdown`` with every generated-content marker replaced by its content."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise ValueError(f"unknown generated section {name!r}; known: {', '.join(GENERATORS)}")
        return GENERATORS[name]()

    return MARKER.sub(replace, markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs hook: expand the markers of every page."""
    return expand(markdown)
