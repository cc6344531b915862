"""Shortcuts the cleaner takes for speed give what the plain definitions give."""

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
