"""Shortcuts the rule stage takes for speed give what the plain definitions give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import WholeLineLimit
from cleanpress.clean.rules.shape import sentence_count

_SENTENCE_TEXT = st.text(alphabet=st.sampled_from("ab .!?。！？\"'”’»)]é"), max_size=40)


@given(_SENTENCE_TEXT, st.integers(0, 50), st.integers(0, 6))
def test_the_whole_line_limit_is_its_definition(norm: str, chars: int, sentences: int):
    """WholeLineLimit.allows counts the full stops before it counts sentences: the same answer."""
    limit = WholeLineLimit(chars=chars, sentences=sentences)
    assert limit.allows(norm) == (len(norm) <= chars and sentence_count(norm) <= sentences)


@given(
    st.text(alphabet=st.sampled_from("ab \n\t"), max_size=30),
    st.lists(st.tuples(st.integers(-3, 35), st.integers(-3, 35)), max_size=6),
)
def test_removals_over_the_whole_text_are_applied_as_cut_to_it(text: str, spans: list[tuple[int, int]]):
    """apply_removals takes a whole text's spans as they are; the same output as spans cut to the text."""
    from cleanpress.clean.apply import apply_removals
    from cleanpress.types import Removal

    removals = [Removal(s, e, "rule", "reason") for s, e in spans]
    assert apply_removals(text, removals) == apply_removals(text, removals, 0, len(text))
    assert apply_removals(text, iter(removals)) == apply_removals(text, removals, 0, len(text))


_AD_PAGE_LINES = [
    "Advertisement", "ADVERTISEMENT", "Story continues below", "[ad_1]", "Text before [ad_2] and after.",
    "spot_img", "{{ widget }}", "A [bracketed] aside in a sentence.",
    "Media requires JavaScript and Adobe Flash to play.", "This video requires JavaScript.",
    "The council approved the budget on Tuesday.", "Flash floods closed the road.",
    "", "Advertisement [ad_3]",
]


@given(st.lists(st.sampled_from(_AD_PAGE_LINES), max_size=12), st.lists(st.booleans(), max_size=12))
def test_ad_markers_with_the_scan_remove_what_they_remove_asking_every_line(lines: list[str], removed: list[bool]):
    """AdMarkers, with the page's hint masks, skips lines holding neither its patterns' words nor a placeholder's
    opening: the same removals as asking every kept line (a page made without the scan)."""
    from cleanpress import Cleaner
    from cleanpress.clean.rules import Page
    from cleanpress.clean.rules.markers import AdMarkers
    from cleanpress.clean.segment import segment

    text = "\n".join(lines)
    scanned, plain = Page(text, segment(text), Cleaner()._hint_memory), Page(text, segment(text))
    assert scanned.hint_bit(vocab.AD_LINE) and scanned.hint_bit(vocab.WIDGET_NOTICE)
    for page in (scanned, plain):
        for i, gone in enumerate(removed[: len(page.blocks)]):
            page.removed[i] = "earlier-rule" if gone else None
    assert list(AdMarkers().find(scanned)) == list(AdMarkers().find(plain))
