"""The line model's features: computed for a whole page at once, they are each line's own, value for value.

:func:`~cleanpress.clean.article.features.own_matrix` counts a page's lines
together (ASCII lines, and lines whose only other characters are symbols, in
numpy); :func:`~cleanpress.clean.article.features.line_features` is the
definition, one line at a time. Any difference, in the last bit of a float,
would change scores the line model was fitted on.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.clean.article.features import (
    CONTEXT_WINDOWS,
    FEATURE_NAMES,
    OWN_FEATURES,
    _own_columns,
    _unicode_columns,
    _window_means,
    line_features,
    own_matrix,
    page_features,
    page_matrix,
)
from cleanpress.clean.rules import Page
from cleanpress.clean.segment import segment

#: pieces of lines: words (function words of several languages among them), digits, separators,
#: bullets, quotes and dashes, letters that lower() or NFKC change, CJK, odd white space
PIECES = [
    "The", "the", "council", "said", "and", "of", "für", "über", "été", "más", "è", "Straße", "İstanbul",
    "ΣΟΦΟΣ", "Ǆemal", "2024", "٣٤", "x²", "½", "A.", "ok!", "why?", "“quoted.”", "’s", "—", "–", "-", "*", "•",
    "·", "»", "›", "|", "/", ">", ",", "©", "@", "http://x.org", "www.", "…", "中文字符测试", "\u00a0", "\u200b",
    "\x1c", "\t", "  ", "_", "e\u0301", "ﬁ", "Ⅻ", "(c)", "[ad_1]", "」", "。",
    # characters outside ASCII that lower() changes though they are no capital letter, or into ASCII
    "Ⓐnd", "\u212ahe", "ǅe", "ÀND", "THE", "©2024", "x@y",
    # ASCII line ends and openings: a colon, a semicolon, closers after a sentence mark or not, an address
    "dates:", "so;", "end.)", "(note)", 'said "yes."', "'ok'", "it's", "x!", "me@x.org", "\"", "]",
]
line_text = st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join) | st.text(max_size=30)
page_text = st.lists(line_text, max_size=25).map("\n".join)


def _plain_matrix(page: Page) -> np.ndarray:
    """The own features of each non-blank line by the definition, one line at a time."""
    blocks, counts, removed, last = page.blocks, page.line_counts, page.removed, len(page.blocks) - 1
    rows = [
        line_features(
            b.norm,
            counts[b.norm] > 1,
            removed[b.index] is not None,
            b.index > 0 and not blocks[b.index - 1].norm,
            b.index < last and not blocks[b.index + 1].norm,
        )
        for b in blocks
        if b.norm
    ]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(OWN_FEATURES))


@settings(max_examples=300, deadline=None)
@given(page_text, st.lists(st.booleans(), max_size=25))
def test_page_features_are_each_lines_own(text, gone):
    page = Page(text, segment(text))
    for block, flag in zip(page.blocks, gone, strict=False):
        if flag and block.norm:
            page.removed[block.index] = "some-rule"
    lines, own = own_matrix(page)
    assert [b.index for b in lines] == [b.index for b in page.blocks if b.norm]
    expected = _plain_matrix(page)
    assert own.shape == expected.shape
    assert np.array_equal(own, expected), [
        (lines[k].norm, [OWN_FEATURES[j] for j in np.flatnonzero(own[k] != expected[k])])
        for k in np.flatnonzero((own != expected).any(axis=1))[:3]
    ]


def test_a_symbol_line_and_an_ascii_line_count_alike():
    text = "The council said “yes” — again » more\nThe council said yes again more\nFür die Straße ist es."
    page = Page(text, segment(text))
    lines, own = own_matrix(page)
    assert np.array_equal(own, _plain_matrix(page))
    assert _unicode_columns([b.norm for b in lines])[1] == []  # every line counted together, in numpy
    for name in ("function_share", "capital_share"):
        assert own[0, OWN_FEATURES.index(name)] == own[1, OWN_FEATURES.index(name)]
    assert own[0, OWN_FEATURES.index("separator")] == 1.0 and own[1, OWN_FEATURES.index("separator")] == 0.0


def test_a_line_whose_lower_case_is_longer_is_counted_alone():
    norms = ["İstanbul'da bugün yağmur var.", "The council said so.", "ΟΔΟΣ ΣΟΦΟΣ"]
    own, odd = _unicode_columns(norms)
    assert odd == [0]  # 'İ'.lower() is two characters
    assert np.array_equal(_own_columns(norms)[0], line_features(norms[0], False, False, False, False))
    assert np.array_equal(own[1:], _own_columns(norms)[1:])


def test_a_line_in_a_script_without_spaces_counts_its_characters():
    norms = ["東京都は月曜日に新しい計画を発表した", "中文 字符测试很长的一行文字", "Short line"]
    own = _own_columns(norms)
    assert own[0, OWN_FEATURES.index("log_words")] > own[2, OWN_FEATURES.index("log_words")]
    assert np.array_equal(own, np.asarray([line_features(t, False, False, False, False) for t in norms]))


#: any character, lone surrogates and odd white space among them (lines need not be normalised here)
raw_line = st.text(st.characters(blacklist_categories=()), min_size=1, max_size=30).filter(
    lambda t: "\n" not in t
) | st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(raw_line, min_size=1, max_size=20))
def test_lines_counted_together_are_each_lines_own(norms):
    own = _own_columns(norms)
    expected = np.asarray([line_features(t, False, False, False, False) for t in norms], dtype=np.float64)
    assert np.array_equal(own, expected), [
        (norms[k], [OWN_FEATURES[j] for j in np.flatnonzero(own[k] != expected[k])])
        for k in np.flatnonzero((own != expected).any(axis=1))[:3]
    ]


def test_page_matrix_is_own_features_with_context():
    text = "Menu\n\nThe mayor said on Monday that the plan would go ahead.\nFooter\n\nSecond story line, long enough."
    page = Page(text, segment(text))
    lines, matrix = page_matrix(page, [0, 4])
    assert matrix.shape == (len(lines), len(FEATURE_NAMES))
    assert np.array_equal(matrix[:, : len(OWN_FEATURES)], _plain_matrix(page))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.floats(-5, 5) | st.sampled_from([0.0, 1.0]), min_size=16, max_size=16), max_size=30))
def test_context_columns_are_window_means(rows):
    own = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(OWN_FEATURES))
    out = page_features(own)
    column = len(OWN_FEATURES)
    for width in CONTEXT_WINDOWS:
        for name in ("log_words", "ends_sentence", "function_share", "removed"):
            assert FEATURE_NAMES[column] == f"ctx{width}_{name}"
            assert np.array_equal(out[:, column], _window_means(own[:, OWN_FEATURES.index(name)], width))
            column += 1


#: function words, their prefixes and extensions, words one letter off, and characters too high to pack
#: ("a\uc86e": 'a' then 110 + 512 x 100, whose bits packed unclipped would read as "and")
_NEAR_FUNCTION = sorted(
    {w[:k] for w in ("también", "werden", "się", "że", "über", "the", "été") for k in range(1, len(w) + 1)}
    | {"tambiénx", "themselves", "theǿ", "ǿ", "sięx", "xże", "a", "aa", "ae", "Ǆe", "中文", "the\u0301", "ţhe"}
    | {"a\uc86e"}
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NEAR_FUNCTION), min_size=1, max_size=8).map(" ".join), min_size=1,
                max_size=6))
def test_function_words_are_counted_as_the_set_says(norms):
    from cleanpress.clean.article.features import FUNCTION_WORDS

    own = _own_columns(norms)
    for k, norm in enumerate(norms):
        words = __import__("regex").findall(r"\w+", norm.lower())
        expected = sum(w in FUNCTION_WORDS for w in words) / len(words) if words else 0.0
        assert own[k, OWN_FEATURES.index("function_share")] == expected, norm
