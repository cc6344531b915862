"""Blocks and removals made field by field (segmentation, the rules) are the objects their constructors make."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanpress.clean.rules.base import line_removal, new_removal
from cleanpress.clean.segment import normalise_line, segment
from cleanpress.types import Block, Removal


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


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(["footer", "a"]), st.text(max_size=5),
       st.none() | st.text(max_size=5))
def test_removals_are_the_constructors(start, end, rule, reason, detail):
    made, expected = new_removal(start, end, rule, reason, detail), Removal(start, end, rule, reason, detail)
    assert (made, made.detail, hash(made), type(made)) == (expected, expected.detail, hash(expected), Removal)
    block = Block(3, start, end, "x", "x")
    line = line_removal(block, rule, reason)
    assert (line, line.detail) == (Removal(start, end, rule, reason), None)
