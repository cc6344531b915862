"""The ASCII sentence scan finds sentence ends with ``str.find``: the same positions as its pattern, so the
same sentences (and fingerprints) as scanning with the pattern."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

sentences = importlib.import_module("cleanpress.dedup.sentences")

#: ASCII text rich in what the scan looks at: ends, closers, spaces, line breaks
TEXT = st.lists(st.sampled_from([*"ab .!?\n\"')]x\t", "word", "Mr. ", "...", "?!"]), max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_end_positions_are_the_patterns_matches(text: str) -> None:
    assert sentences._end_positions(text) == [m.start() for m in sentences._ENDS_ASCII.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_ascii_sentences_are_those_of_the_general_scan(parts: list[str]) -> None:
    """Where the general (Unicode) pattern and the ASCII scan agree on ends (no ellipsis character, ASCII),
    they give the same runs of text."""
    text = "".join(parts)
    assert sentences._sentences_ascii(text) == sentences._sentences(text, sentences._ENDS)


def test_a_long_sentence_is_no_sentence() -> None:
    long = "word " * 300 + "end."
    assert sentences._sentences_ascii(long + " Short one here.") == [" Short one here."]
