"""The article's region: the densest run of prose in a story's lines.

Whatever page chrome the named rules did not recognise (menus, section labels,
site names, link lists) is short and unpunctuated; article text is long and
ends sentences. Scoring each kept line (prose earns its words, anything else
costs a fixed penalty plus its words) and taking the maximum-sum run of
lines finds the article without a vocabulary, in any language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cleanpress.clean.rules.shape import is_prose, word_count
from cleanpress.types import Block


@dataclass(frozen=True, slots=True)
class RegionScoring:
    """How lines are scored when looking for the article's region."""

    prose_min_words: int = 8
    line_penalty: float = 4.0
    word_penalty: float = 1.0
    #: score lines with the shipped line model (:mod:`~cleanpress.clean.article.line_model`);
    #: ``False`` falls back to the prose heuristic above
    model: bool = True
    #: keep the best run after the article's too when it scores at least this share of it (0: never)
    resume_ratio: float = 0.25
    #: most a removed line costs the run (model scores only) when the kept lines on both sides of
    #: its group of removed lines score as article text: an ad block between two paragraphs
    #: must not cut the article there
    between_cost: float = 0.5


def line_score(norm: str, scoring: RegionScoring) -> float:
    words = word_count(norm)
    if is_prose(norm, scoring.prose_min_words):
        return float(words)
    return -(scoring.line_penalty + scoring.word_penalty * words)


def densest_run(
    blocks: Sequence[Block],
    scoring: RegionScoring,
    removed: Sequence[bool] | None = None,
    scores: Sequence[float] | None = None,
) -> tuple[int, int] | None:
    """``(first, last)`` positions in ``blocks`` of the maximum-sum run, or None.

    ``removed`` flags blocks a rule already removed: they still cost their
    penalty (boilerplate between two islands of prose keeps them apart) but
    can never be the end of the run. ``scores``, when given (the line
    model's), replace the heuristic score of every block, and a removed
    block whose nearest kept neighbours on both sides score above zero
    (boilerplate a rule found between two paragraphs) costs at most
    ``scoring.between_cost``.

    Returns None when no line scores above zero (nothing reads as prose).

    >>> from cleanpress.clean.segment import segment
    >>> lines = ["Menu", "Home", "This is a sentence with enough words to count as prose.",
    ...          "A second sentence that is long enough to count as prose too.", "Footer"]
    >>> densest_run([b for b in segment("\\n".join(lines))], RegionScoring())
    (2, 3)
    """
    cheap = _between_prose(removed, scores) if scores is not None and removed is not None else None
    best: tuple[float, int, int] | None = None
    run_sum = 0.0
    run_start = 0
    for pos, block in enumerate(blocks):
        gone = removed is not None and removed[pos]
        if scores is not None:
            score = scores[pos]
            if cheap is not None and cheap[pos]:
                score = max(score, -scoring.between_cost)
        elif gone:
            score = -(scoring.line_penalty + scoring.word_penalty * word_count(block.norm) / 2)
        else:
            score = line_score(block.norm, scoring)
        if run_sum <= 0:
            if gone:
                continue
            run_sum, run_start = score, pos
        else:
            run_sum += score
        if not gone and run_sum > 0 and (best is None or run_sum > best[0]):
            best = (run_sum, run_start, pos)
    if best is None:
        return None
    return best[1], best[2]


def _between_prose(removed: Sequence[bool], scores: Sequence[float]) -> list[bool]:
    """Flags the removed blocks whose nearest kept blocks before and after both score above zero."""
    n = len(scores)
    cheap = [False] * n
    pos = 0
    while pos < n:
        if not removed[pos]:
            pos += 1
            continue
        end = pos
        while end < n and removed[end]:
            end += 1
        if pos > 0 and end < n and scores[pos - 1] > 0 and scores[end] > 0:
            cheap[pos:end] = [True] * (end - pos)
        pos = end
    return cheap


def best_run(values: list[float]) -> tuple[float, int, int]:
    """(sum, first, last) of the maximum-sum run of ``values`` (Kadane); (0, 0, -1) when none is positive."""
    best = (0.0, 0, -1)
    total, start = 0.0, 0
    for i, v in enumerate(values):
        if total <= 0:
            total, start = v, i
        else:
            total += v
        if total > best[0]:
            best = (total, start, i)
    return best


def resumed_positions(kept: list[Block], scores: Mapping[int, float], first: int, last: int, ratio: float) -> set[int]:
    """Positions of the article's other part across an interruption (an ad block, a gallery).

    The best-scoring run before and the one after the article's run are kept
    too when they score at least ``ratio`` times the article's run.
    """
    main = sum(scores[b.index] for b in kept[first : last + 1])
    out: set[int] = set()
    total, lo, hi = best_run([scores[b.index] for b in kept[last + 1 :]])
    if hi >= lo and total >= ratio * main:
        out.update(range(last + 1 + lo, last + 2 + hi))
    total, lo, hi = best_run([scores[b.index] for b in kept[:first]])
    if hi >= lo and total >= ratio * main:
        out.update(range(lo, hi + 1))
    return out
