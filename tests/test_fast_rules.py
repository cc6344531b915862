"""Shortcuts the rule stage takes for speed give what the plain definitions give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
