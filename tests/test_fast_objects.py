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


#: characters that NFKC composes, decomposes or reorders, invisible ones, and every kind of white space
_UNICODE_LINES = st.text(
    alphabet=st.sampled_from(
        "aA e\u0301\u0308\u0327\u0323Å\u212b\ufb01\u2026\uff21\u00bd\u1100\u1161\u11a8\u00a0\u2009\u3000\u200b\u200d"
        "\u00ad\ue000\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\u0130\u00df中"
    )
    | st.characters(codec="utf-8", exclude_characters="\n"),
    max_size=16,
)


#: ASCII lines, most of them already normal (a page of those takes the fastest path)
_ASCII_LINES = st.text(alphabet=st.sampled_from("ab c.") | st.sampled_from(" \t\r\x0b\x0c\x1c\x1f"), max_size=12)


@given(st.lists(_UNICODE_LINES | _ASCII_LINES, max_size=10))
def test_a_page_of_lines_is_normalised_as_each_line_alone(lines):
    """The page-at-once normalisation (the fast path) against the plain one, line by line."""
    from cleanpress.clean.segment import normalise_lines

    assert normalise_lines(lines) == [normalise_line(line) for line in lines]
    text = "\n".join(lines)
    assert [b.norm for b in segment(text)] == [normalise_line(line) for line in text.split("\n")]


def test_a_long_line_is_normalised_as_alone():
    from cleanpress.clean.rules.longline import LONG_LINE
    from cleanpress.clean.segment import normalise_lines

    lines = ["x\u00a0 y", "é\u200b" * (LONG_LINE // 2 + 5) + "  z ", " plain  ascii ", "a\u0301"]
    assert normalise_lines(lines) == [normalise_line(line) for line in lines]


def test_str_split_and_the_normal_form_agree_on_white_space_but_four_separators():
    """normalise_lines collapses white space with str.split(): the same characters as segment._SPACE but these."""
    import sys

    from cleanpress.clean.segment import _SPACE, _SPLIT_ONLY_SPACE

    chars = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    differ = {c for c in chars if c.isspace() != bool(_SPACE.match(c))}
    assert differ == set(_SPLIT_ONLY_SPACE)
