"""A line's content keys (headline against article) are the same on the fast paths: ASCII text, lines joined."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.clean.article.headline import (
    _FUNCTION_WORDS,
    _body_keys,
    _in_capitals,
    _short_numbers,
    content_keys,
    title_key,
)
from cleanpress.clean.rules.shape import is_prose, word_count
from cleanpress.clean.segment import normalise_line, segment

_WORD = regex.compile(r"\w+")
_HAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]")


def _definition(text: str) -> set[str]:
    keys: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        if _HAN.search(word):
            keys.update(word[i : i + 2] for i in range(len(word) - 1))
        elif (len(word) >= 4 and word not in _FUNCTION_WORDS) or (len(word) >= 2 and any(c.isdigit() for c in word)):
            keys.add(word[:5])
    return keys


PIECES = ["The", "council", "said", "that", "With", "x2", "2024", "a1", "_id", "B52s", "over", "Straße", "ﬁnal",
          "K", "中文字", "über", "²", "٣٤", "-", ",", ".", "'s", "#1", "MAKES",
          # characters of those scripts that are no word characters, next to words
          "ab⺀cd", "x๏yz", "東京⺀", "ไทยx",
          # typographic marks in otherwise ASCII text (the ASCII path), next to words and digits
          "’s", "“Quoted”", "it’s", "—", "–x", "…", "«Oui»", "•", "©2024", "€12", "a\u00a0b", "9°C", "1·2",
          "‘K’", "ab1", "1ab", "a_1", "_1", "x9y", "abc1", "a1b2"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join) | st.text(max_size=40))
def test_content_keys_are_the_definitions(text):
    assert content_keys(text) == _definition(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join) | st.text(max_size=40), max_size=6))
def test_joined_lines_have_the_union_of_their_keys(lines):
    union: set[str] = set()
    for line in lines:
        union |= _definition(line)
    assert content_keys("\n".join(lines)) == union


def _plain_body_keys(segment, region_start, region_end=None):
    """The article's first prose lines' keys, a line at a time (what ``_body_keys`` gives in one call)."""
    keys: set[str] = set()
    words = 0
    for block in segment[region_start:region_end]:
        if is_prose(block.norm):
            own = _definition(block.norm)
            keys |= own
            keys.update(k[:4] for k in own if len(k) > 4)
            words += word_count(block.norm)
            if words >= 300:
                break
    return keys


_PROSE = st.lists(st.sampled_from([*PIECES, "council", "approved", "budget", "Tuesday."]), min_size=6, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PROSE.map(" ".join), max_size=30), st.integers(0, 5), st.none() | st.integers(0, 30))
def test_body_keys_are_each_prose_lines_keys(lines, start, end):
    text = "\n".join(lines)
    segment_ = [b for b in segment(text) if b.norm]
    assert _body_keys(segment_, start, end) == _plain_body_keys(segment_, start, end)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=40) | st.lists(st.sampled_from(PIECES), max_size=8).map(
    " ".join
))
def test_title_keys_are_the_definition(text):
    assert title_key(text) == " ".join(_WORD.findall(normalise_line(text).casefold()))


def test_any_character_between_ascii_words_gives_the_definitions_keys():
    # a character that the ASCII path would wrongly take for a mark (a letter, a digit, a mark that
    # case-folding changes) shows here: each one between ASCII words, after a digit, in a short word
    for code in [*range(0x80, 0x3000), *range(0xFB00, 0xFB50), *range(0xFF00, 0xFFF0)]:
        char = chr(code)
        text = f"Council{char}approves budget{char} 12{char}3 x{char}y {char}Over"
        assert content_keys(text) == _definition(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab_19 .-’"), max_size=30))
def test_short_numbers_are_the_short_words_holding_a_digit(text):
    words = _WORD.findall(text.casefold())
    expected = {w for w in words if 2 <= len(w) < 4 and any(c.isdigit() for c in w)}
    assert set(_short_numbers(text.casefold())) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ABCXYZabcz ÄÉäé中1-’ΣσǅⅫ"), max_size=20) | st.text(max_size=20))
def test_a_line_in_capitals_is_the_definitions(norm):
    letters = [c for c in norm if c.isalpha()]
    expected = len(letters) >= 8 and all(c.isupper() for c in letters) and any(c.lower() != c for c in letters)
    assert _in_capitals(norm) == expected
