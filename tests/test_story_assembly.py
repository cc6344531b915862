"""A page's stories each take their removals as one slice of the page's sorted removals: the same as the
definition, every removal whose start lies in the story's region."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.clean.apply import apply_removals
from cleanpress.clean.cleaner import _stories
from cleanpress.clean.rules import HEADLINE
from cleanpress.types import Removal

TEXT = "Headline here\nSome prose line.\n\nMenu | Home\nSecond headline\nMore prose here.\nFooter\n"


@st.composite
def page_cuts(draw):
    n = len(TEXT)
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, 12)), max_size=12))
    rules = draw(st.lists(st.sampled_from([(HEADLINE, "title"), ("footer", "copyright"), ("menu", "links")]),
                          min_size=len(spans), max_size=len(spans)))
    removals = sorted({Removal(s, min(n, s + k), r, why) for (s, k), (r, why) in zip(spans, rules, strict=True)})
    offsets = sorted({0, *draw(st.lists(st.integers(1, n - 1), max_size=3))})
    return removals, offsets


@settings(max_examples=300, deadline=None)
@given(page_cuts())
def test_each_story_takes_the_removals_starting_in_it(cut):
    removals, offsets = cut
    cleaned = apply_removals(TEXT, removals)
    stories = _stories("p", TEXT, offsets, removals, cleaned)
    ends = [*offsets[1:], len(TEXT)]
    assert [s.removals for s in stories] == [
        tuple(r for r in removals if start <= r.start < end) for start, end in zip(offsets, ends, strict=True)
    ]
    assert [(s.start, s.end) for s in stories] == list(zip(offsets, ends, strict=True))
