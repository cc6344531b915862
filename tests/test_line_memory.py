"""The line memory: what a cleaner remembers by line text changes no result.

A cleaner remembers, by a line's text, what it worked out from the line alone
(the hint scan, the line rules' verdicts, the structural rules' line facts) and
looks it up on the next page that prints the line. ``CleanConfig(line_memory=False)``
works every page out from scratch; both must give the same results on pages
that share lines (a site's template), in any order, with the memory emptied
as often as it likes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanpress import Cleaner
from cleanpress.clean import cleaner as cleaner_module
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.rules import RULE_TYPES
from cleanpress.clean.segment import segment

CASES = Path(__file__).parent / "cases" / "clean_cases.json"


def _pool(seeds: dict[str, str]) -> list[str]:
    """Lines to build pages of: the seed pages', the written-down cases' and the rules' examples."""
    texts = list(seeds.values())
    texts += ["\n".join(case["page"]) for case in json.loads(CASES.read_text(encoding="utf-8"))]
    texts += [t.example for t in RULE_TYPES]
    return sorted({b.text.strip() for text in texts for b in segment(text) if b.norm})


@st.composite
def _sites(draw: st.DrawFn, pool: list[str]) -> list[str]:
    """Pages of one site: a template (menu, share row, footer) around each page's own lines, some lines
    printed twice, each copy spaced its own way (the same normalised line from different raw text)."""
    whole = st.sampled_from(pool)
    # a line cut short, as teasers and menus print one ('The council approved the…'): lines that open alike
    cut = st.tuples(whole, st.integers(1, 60), st.sampled_from(["", "…", "...", ":", " (2)", " says:"]))
    line = st.one_of(whole, whole, cut.map(lambda c: c[0][: c[1]].rstrip() + c[2]))
    head = draw(st.lists(line, max_size=6))
    foot = draw(st.lists(line, max_size=6))
    pages = []
    for _ in range(draw(st.integers(1, 4))):
        body = draw(st.lists(line, min_size=1, max_size=12))
        body += draw(st.lists(st.sampled_from(body), max_size=3))  # lines the page prints again
        body = draw(st.permutations(body))
        lines = [*head, *body, *foot]
        spaced = [draw(st.sampled_from(["", " ", "\u00a0", "\t"])) + text + draw(st.sampled_from(["", " "]))
                  for text in lines]
        gaps = [draw(st.sampled_from(["\n", "\n", "\n\n", "\n\n\n"])) for _ in spaced]
        pages.append("".join(text + gap for text, gap in zip(spaced, gaps, strict=True)))
    return pages


def _outputs(cleaner: Cleaner, pages: list[str]) -> list[tuple[object, ...]]:
    """Each page's text, removals and stories; or the error cleaning it raised (the same with the memory or without)."""
    out: list[tuple[object, ...]] = []
    for page in pages:
        try:
            result = cleaner.clean(page)
        except Exception as error:
            out.append(("error", type(error).__name__, str(error)))
        else:
            out.append((result.text, result.removals, result.stories))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_line_memory_changes_no_result(seeds: dict[str, str], data: st.DataObject) -> None:
    pool = _pool(seeds)
    sites = data.draw(st.lists(_sites(pool), min_size=1, max_size=3))
    pages = [page for site in sites for page in site]
    pages += data.draw(st.lists(st.sampled_from(pages), max_size=3))  # pages seen again, the memory warm
    scratch = _outputs(Cleaner(CleanConfig(line_memory=False)), pages)
    assert _outputs(Cleaner(), pages) == scratch
    # the memory warm from other pages first, and in another order
    warm = Cleaner()
    _outputs(warm, pages[::-1])
    assert _outputs(warm, pages) == scratch


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_line_facts_are_the_functions_values(seeds: dict[str, str], data: st.DataObject) -> None:
    """What the structural rules ask of each line (:meth:`Page.per_line`): the function's value on the line."""
    from cleanpress.clean.rules.base import LineFacts
    from cleanpress.clean.rules.comments import comment_marker, signed_line
    from cleanpress.clean.rules.sidebars import _teaser_marks

    pool = _pool(seeds)
    norms = [b.norm for b in segment("\n".join(data.draw(st.lists(_sites(pool), min_size=1, max_size=2))[0]))]
    facts = LineFacts(data.draw(st.sampled_from([3, 50, 32_768])))
    for fn in (_teaser_marks, comment_marker, signed_line, len):
        for page in (norms, norms[::-1], norms):
            assert facts.of(fn, page) == [fn(n) for n in page]


def test_a_small_memory_emptied_often_changes_no_result(seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    pages = list(seeds.values())
    pages += [pages[0].replace("\n", "\n\n"), pages[1]]
    scratch = _outputs(Cleaner(CleanConfig(line_memory=False)), pages)
    monkeypatch.setattr(cleaner_module, "VERDICTS_KEPT", 5)
    small = Cleaner()
    assert _outputs(small, pages) == scratch
    assert len(small._line_verdicts.memory) <= 5


def test_without_the_memory_nothing_is_kept_between_pages(seeds: dict[str, str]):
    cleaner = Cleaner(CleanConfig(line_memory=False))
    for text in seeds.values():
        cleaner.clean(text)
    assert not cleaner._line_facts._tables and not cleaner._heads
    assert len(cleaner._line_verdicts.memory) <= max(len(segment(t)) for t in seeds.values())
    remembered = Cleaner()
    for text in seeds.values():
        remembered.clean(text)
    assert remembered._line_facts._tables and remembered._line_verdicts.memory
