"""The line model's explanations, formatted for many lines at once, read as the definition words each line.

:meth:`~cleanpress.clean.article.line_model.LineScores.explain_many` formats a
page's explanations together; ``_one_line`` below is the definition, one line
at a time: the score, then the ``top`` terms (weight x standardised value) that
pull most towards the verdict, each named by its feature's label and shown when
it weighs more than 0.05.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.clean.article.features import FEATURE_LABELS, FEATURE_NAMES
from cleanpress.clean.article.line_model import LineScores

N = len(FEATURE_NAMES)


def _one_line(score: float, z: np.ndarray, weights: np.ndarray, top: int) -> str:
    parts = z * weights
    # the terms in the order numpy sorts them by their pull towards the verdict (equal terms too)
    pull = np.argsort(parts if score < 0 else -parts)[:top].tolist()
    terms = [
        f"{FEATURE_LABELS[k][bool(z[k] > 0)]} {float(parts[k]):+.1f}"
        for k in pull
        if (parts[k] < -0.05 if score < 0 else parts[k] > 0.05)
    ]
    return f"score {score:+.1f}" + ("; " + ", ".join(terms) if terms else "")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.sampled_from([1, 2, 3, 5, 12, N]))
def test_explain_many_words_each_line_as_the_definition(seed, n, top):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, N)) * rng.choice([0.05, 1.0, 3.0], size=(n, N))
    z[rng.random((n, N)) < 0.2] = 0.0  # features at their mean: terms of 0
    weights = rng.normal(size=N)
    scores = (rng.normal(size=n) * 4).tolist()
    scores[0] = 0.0  # a score of 0 reads as article text
    index = list(range(3, 3 + 2 * n, 2))  # block indexes with blank lines between
    lines = LineScores(dict(zip(index, scores, strict=True)), np.asarray(index), z, weights)
    got = lines.explain_many(index, top)
    assert got == [_one_line(scores[k], z[k], weights, top) for k in range(n)]
    # one line at a time, or in another order, a line is worded the same
    assert [lines.explain(i, top) for i in index] == got
    assert lines.explain_many(index[::-1], top) == got[::-1]


def test_a_line_that_was_not_scored_is_refused():
    lines = LineScores({0: 1.0}, np.asarray([0]), np.zeros((1, N)), np.ones(N))
    try:
        lines.explain(1)
    except KeyError:
        return
    raise AssertionError("explained a line that was not scored")
