"""Segmentation: blocks made field by field are the blocks ``Block(...)`` makes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanpress.clean.segment import normalise_line, segment
from cleanpress.types import Block


@given(st.lists(st.text(alphabet=st.sampled_from("ab \t\u00a0\u200bé\r中"), max_size=12), max_size=8).map("\n".join))
def test_blocks_are_the_constructors(text):
    blocks = segment(text)
    expected, pos = [], 0
    for index, line in enumerate(text.split("\n")):
        expected.append(Block(index, pos, pos + len(line), line, normalise_line(line)))
        pos += len(line) + 1
    assert blocks == expected
    assert [hash(b) for b in blocks] == [hash(b) for b in expected]
    assert all(type(b) is Block for b in blocks)
