"""The report as one self-contained HTML file.

The static parts (summary, charts, legend) are written here with every
value escaped. The pages and clusters go in as JSON inside a
``<script type="application/json">`` element, with ``<``, ``>`` and ``&``
written as ``\\u`` escapes so no input can close the element; a small inline
script (``assets/report.js``) draws one screen of them at a time with
``textContent``, never as markup. A Content-Security-Policy allows that one
script (by its hash) and nothing from the network, so even markup that slipped
through could neither run nor fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE, RULE_TYPES
from cleanpress.report import charts
from cleanpress.report.model import (
    WHITE_SPACE,
    PageView,
    StoryView,
    Tables,
    diff_ranges,
    kept_text,
    rule_counts,
    words,
)

#: The report's title when none is given.
DEFAULT_TITLE = "cleanpress report"
#: Pages drawn at a time in the browser: a screen draws in under 100 ms at 10,000 pages (docs/report.md).
PER_SCREEN = 20
#: Input problems listed in the report; the rest are only counted.
MAX_PROBLEMS_LISTED = 1000

#: What the two removals made by the story step (not by a line rule) mean.
STEP_DESCRIPTIONS = {
    HEADLINE: "The story's headline, moved from the body to the title (repeats of it are removed).",
    OUTSIDE_ARTICLE: "Lines before or after the article's region: navigation, teasers, footers.",
}


def rule_descriptions() -> dict[str, str]:
    """One sentence per rule name: what it removes."""
    out = {rule.name: rule.description for rule in RULE_TYPES}
    out.update(STEP_DESCRIPTIONS)
    return out


def colour(index: int) -> str:
    """A distinct hue per rule index (golden-angle steps round the colour wheel).

    >>> colour(0), colour(1)
    ('hsl(0, 70%, 45%)', 'hsl(138, 70%, 45%)')
    """
    return f"hsl({round(index * 137.508) % 360}, 70%, 45%)"


@dataclass(frozen=True, slots=True)
class ClusterView:
    """A cluster as the report shows it: representative first, then duplicates by similarity.

    ``representative`` is ``None`` when the representative is not in the input
    (a story of an earlier run, found through a persistent index); ``id`` is
    the representative's id either way.
    """

    id: str
    representative: StoryView | None
    members: tuple[StoryView, ...]


def clusters_of(pages: Sequence[PageView]) -> tuple[list[ClusterView], Counter[int]]:
    """Clusters of two or more stories, and how many clusters there are of each size.

    Stories without a ``cluster`` field were not deduplicated and count in
    neither. A story whose representative is not in the input (an earlier
    run's, found through a persistent index) is shown in a cluster of its own
    with the representative's id, even alone.
    """
    groups: dict[str, list[StoryView]] = {}
    for page in pages:
        for story in page.stories:
            if story.cluster is not None:
                groups.setdefault(story.cluster, []).append(story)
    sizes: Counter[int] = Counter(len(g) for g in groups.values())
    out: list[ClusterView] = []
    for cluster_id, group in groups.items():
        rep = next((s for s in group if s.id == cluster_id), None)
        if rep is not None and len(group) < 2:
            continue
        members = sorted((s for s in group if s is not rep), key=lambda s: -(s.similarity or 0.0))
        out.append(ClusterView(cluster_id, rep, tuple(members)))
    out.sort(key=lambda c: -len(c.members))
    return out, sizes


def _cluster_data(cluster: ClusterView, where: dict[int, list[int]]) -> dict[str, Any]:
    """A cluster for the script: stories by ``[page, story]`` position, differences as word ranges.

    The members' texts are not repeated: the script takes them from the
    stories' kept segments and highlights the words in ``members[k][2]``.
    """
    rep = cluster.representative
    base = words(kept_text(rep.segments)) if rep is not None else []
    return {
        "rep": where[id(rep)] if rep is not None else None,
        "rep_id": cluster.id,
        "members": [
            [where[id(m)], m.similarity if m.similarity is not None else 0.0,
             diff_ranges(base, words(kept_text(m.segments))) if rep is not None else [], m.evidence]
            for m in cluster.members
        ],
    }


def _json_for_script(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` characters.

    >>> _json_for_script({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return (resources.files("cleanpress.report") / "assets" / name).read_text(encoding="utf-8")


def render(
    pages: Sequence[PageView],
    tables: Tables,
    *,
    title: str = DEFAULT_TITLE,
    per_screen: int = PER_SCREEN,
    problems: Sequence[str] = (),
) -> str:
    """The whole report for ``pages`` as an HTML string; ``problems`` are listed under the summary."""
    if per_screen < 1:
        raise ValueError(f"per_screen must be at least 1 (pages drawn at a time), got {per_screen}")
    clusters, sizes = clusters_of(pages)
    cluster_index: dict[int, int] = {}  # id(story) -> its cluster's index
    for k, c in enumerate(clusters):
        for story in (c.representative, *c.members) if c.representative else c.members:
            cluster_index[id(story)] = k
    where = {id(s): [i, j] for i, p in enumerate(pages) for j, s in enumerate(p.stories)}
    counts = rule_counts(pages, tables)
    headline = None
    if HEADLINE in tables.rules and "title" in tables.reasons:
        headline = [tables.rules.index(HEADLINE), tables.reasons.index("title")]
    data = {
        "white_space": WHITE_SPACE,
        "rules": tables.rules,
        "reasons": tables.reasons,
        "headline": headline,
        "per_screen": per_screen,
        "pages": [
            {
                "id": p.id,
                "in": p.bytes_in,
                "kept": p.bytes_kept,
                "stories": [
                    {"id": s.id, "title": s.title, "seg": s.segments, "cl": cluster_index.get(id(s), -1)}
                    for s in p.stories
                ],
            }
            for p in pages
        ],
        "clusters": [_cluster_data(c, where) for c in clusters],
    }
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"

    n_stories = sum(len(p.stories) for p in pages)
    b_in = sum(p.bytes_in for p in pages)
    b_kept = sum(p.bytes_kept for p in pages)
    kept_share = 100.0 * b_kept / b_in if b_in else 0.0
    n_removals = sum(counts)
    descriptions = rule_descriptions()
    order = sorted(range(len(tables.rules)), key=lambda i: (-counts[i], tables.rules[i]))
    colours = [colour(i) for i in range(len(tables.rules))]

    legend = "".join(
        f'<li class="legend-item" data-rule-index="{i}" title="{escape(descriptions.get(tables.rules[i], ""))}">'
        f'<span class="swatch" style="background:{colours[i]}"></span>{escape(tables.rules[i])}'
        f'<span class="count">{counts[i]}</span></li>'
        for i in order
    )
    options = '<option value="-1">all rules</option>' + "".join(
        f'<option value="{i}">{escape(tables.rules[i])} ({counts[i]})</option>' for i in order
    )
    rule_css = "".join(
        f".r{i}{{background:hsla({round(i * 137.508) % 360},70%,45%,.16);text-decoration-color:{colours[i]}}}"
        f'body[data-only="r{i}"] del.rm:not(.r{i}){{opacity:.3}}'
        for i in range(len(tables.rules))
    )
    chart_rules = charts.hbars([tables.rules[i] for i in order], [counts[i] for i in order],
                               [colours[i] for i in order], "removals per rule")
    chart_bytes = charts.kept_removed([p.id for p in pages], [p.bytes_kept for p in pages],
                                      [p.bytes_in - p.bytes_kept for p in pages])
    chart_clusters = charts.cluster_sizes(dict(sizes))
    n_dupes = sum(len(c.members) for c in clusters)
    if not sizes:
        dedup_line = "Stories were not deduplicated (no cluster fields)."
    elif not clusters:
        dedup_line = f"No near-duplicates among the {sum(sizes.values())} deduplicated stories."
    else:
        dedup_line = (f"{len(clusters)} clusters of near-duplicates hold {n_dupes + len(clusters)} stories; "
                      f"{n_dupes} are duplicates of a representative.")
    problem_list = (
        f'<details class="problems"><summary>{len(problems)} input records could not be used</summary><ul>'
        + "".join(f"<li>{escape(p)}</li>" for p in problems[:MAX_PROBLEMS_LISTED])
        + "</ul></details>"
        if problems else ""
    )
    cluster_section = (
        '<section id="clusters-view"><h2>Duplicate clusters</h2>'
        '<div class="controls"><button id="cprev" type="button">previous</button>'
        '<button id="cnext" type="button">next</button><span class="status" id="clusters-status"></span></div>'
        '<div id="clusters"></div></section>'
        if clusters else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<style>{_asset("report.css")}{rule_css}</style>
</head>
<body data-only="">
<header class="top">
<h1>{escape(title)}</h1>
<p class="summary" id="summary"><span id="n-pages">{len(pages)}</span> pages, <span id="n-stories">{n_stories}</span>
stories, <span id="n-removals">{n_removals}</span> removals; kept {b_kept:,} of {b_in:,} bytes
({kept_share:.0f}%). {escape(dedup_line)}</p>
{problem_list}
</header>
<main>
<div class="charts">
<div class="chart"><h3>Removals per rule</h3>{chart_rules}</div>
<div class="chart"><h3>Bytes kept and removed per page</h3>{chart_bytes}</div>
<div class="chart"><h3>Cluster sizes</h3>{chart_clusters}</div>
</div>
<h2>Rules</h2>
<p class="summary">Removed text is struck through in its rule's colour; click a rule to show only the pages it
touched. The headline is marked where it stood; a double line marks where a page splits into another story.</p>
<ul class="legend" id="legend">{legend}</ul>
{cluster_section}
<section id="pages-view"><h2>Pages</h2>
<div class="controls">
<label>rule <select id="rule-filter">{options}</select></label>
<label>page id <input id="page-search" type="search" placeholder="filter by id"></label>
<button id="prev" type="button">previous</button><button id="next" type="button">next</button>
<span class="status" id="pages-status"></span>
</div>
<div id="pages"></div>
</section>
</main>
<script type="application/json" id="report-data">{_json_for_script(data)}</script>
<script>{script}</script>
</body>
</html>
"""
