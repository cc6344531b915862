"""A line's content keys (headline against article) are the same on the fast path for ASCII text."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.clean.article.headline import _FUNCTION_WORDS, content_keys

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
          "K", "中文字", "über", "²", "٣٤", "-", ",", ".", "'s", "#1", "MAKES"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join) | st.text(max_size=40))
def test_content_keys_are_the_definitions(text):
    assert content_keys(text) == _definition(text)
