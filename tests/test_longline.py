"""Very long lines are handled piece by piece (bounded memory) and give exactly what the
plain code gives: normalisation, word counts, capital share and line features."""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import patch

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress import Cleaner
from cleanpress.clean import segment
from cleanpress.clean.article import features
from cleanpress.clean.rules import longline, shape

#: characters that make the piece boundaries interesting: every kind of white space the
#: normalisers and str.split() treat differently, invisible and combining characters, Greek
#: final sigma, characters that NFKC turns into spaces or several characters
TRICKY = [" ", "  ", "\t", "\x0b", "\x0c", "\r", "\x1c", "\x1f", "\x85", "\u00a0", "\u2003", "\u3000", "\u200b",
          "\u2060", "\ufeff", "\u0301", "\u00a8", "\u00b4", "\ufb01", "Σ", "ς", "σ", "İ", "ß", "東京", "Мост", "x",
          "The", "council", "APPROVED", "3", "٣", "_", ",", ".", "—", "🙂", "e\u0301", "\ue000"]


def plain_normalise(line: str) -> str:
    """normalise_line's short-line path, whatever the length."""
    if line.isascii():
        return " ".join(line.split())
    import unicodedata

    line = unicodedata.normalize("NFKC", line)
    line = segment._INVISIBLE.sub("", line)
    return segment._SPACE.sub(" ", line).strip()


def small_pieces() -> Any:
    """Pieces of a few characters, so that short test lines cross many boundaries."""
    return patch.object(longline, "PIECE", 3)


def piecewise_everywhere() -> Any:
    """Every line, however short, takes the piecewise path of the shape and feature functions."""
    return patch.multiple(shape, LONG_LINE=-1), patch.multiple(features, LONG_LINE=-1)


lines = st.lists(st.sampled_from(TRICKY), min_size=0, max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(line=lines)
def test_long_normalisation_is_the_plain_one(line):
    expected = plain_normalise(line)
    with small_pieces():
        got = longline.normalise_long_line(line, segment._INVISIBLE, segment._SPACE, segment._SPACE_RUN_START)
    assert got == expected


@settings(max_examples=400, deadline=None)
@given(line=lines)
def test_piecewise_counts_are_the_plain_ones(line):
    words = features._WORDS.findall(line.lower())
    with small_pieces():
        assert longline.count_words(line) == len(line.split())
        for pattern in (features._WORDS, features._ASCII_WORDS, features._DIGIT, features._ASCII_DIGIT):
            assert longline.count_matches(pattern, line) == len(pattern.findall(line))
        assert longline.word_stats(features._WORDS, line, features._IS_FUNCTION_WORD) == (
            len(words), sum(map(features._IS_FUNCTION_WORD, words)))


@settings(max_examples=300, deadline=None)
@given(line=lines)
def test_long_line_features_are_the_plain_ones(line):
    norm = plain_normalise(line)
    plain = features.line_features(norm, False, False, False, False)
    plain_share = shape.capitalised_share(norm)
    plain_words = shape.word_count(norm)
    in_shape, in_features = piecewise_everywhere()
    with small_pieces(), in_shape, in_features:
        assert shape.capitalised_share(norm) == plain_share
        assert features.line_features(norm, False, False, False, False) == plain
        assert shape.word_count(norm) == plain_words


def test_the_pieces_cut_only_at_the_start_of_white_space():
    text = "word " * 50_000 + "x" * 200_000 + " tail  end"
    parts = list(longline.pieces(text))
    assert "".join(parts) == text and len(parts) > 3
    assert all(p[0].isspace() for p in parts[1:])
    assert all(not p[-1].isspace() for p in parts[:-1])
    ascii_run = re.compile(r"\s+")
    assert [len(ascii_run.split(p.strip())) for p in parts[:1]] == [len(parts[0].split())]


def test_a_page_flattened_to_one_line_cleans_as_before():
    """Over LONG_LINE the piecewise path runs; the result equals the plain path's on the same page."""
    sentence = ("The council approved the new budget on Tuesday after a long debate,\tand critics said "
                "it would raise taxes \u00a0for most residents next year. ")
    page = sentence * (longline.LONG_LINE // len(sentence) + 10)
    assert len(page) > longline.LONG_LINE
    long_result = Cleaner().clean(page)
    plain = Cleaner()
    # the same page through the plain code: raise the limit everywhere it is read
    import importlib

    modules = [importlib.import_module(m) for m in ("cleanpress.clean.segment", "cleanpress.clean.rules.shape",
                                                     "cleanpress.clean.article.features")]
    saved = [m.LONG_LINE for m in modules]
    try:
        for m in modules:
            m.LONG_LINE = 10**12
        plain_result = plain.clean(page)
    finally:
        for m, value in zip(modules, saved, strict=True):
            m.LONG_LINE = value
    assert long_result.text == plain_result.text
    assert long_result.removals == plain_result.removals
    assert regex.sub(r"\s+", " ", long_result.text).strip()  # the prose is kept, not emptied
