"""Quality metrics used by the benchmarks, defined here so the project stands alone.

``shingle_f1`` is the ScrapingHub article-extraction benchmark's metric: per
page, 4-gram word shingles of the prediction against the true body, counted
TP/FP/FN (with multiplicity) and normalised per page; precision and recall are
averaged over pages and F1 is taken of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def page_scores(true: str, pred: str) -> tuple[float, float, float]:
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def shingle_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """(f1, precision, recall) over ``(true_body, predicted_body)`` pairs."""
    ps: list[float] = []
    rs: list[float] = []
    for true, pred in pairs:
        tp, fp, fn = page_scores(true, pred)
        if fp == fn == 0:
            ps.append(1.0)
            rs.append(1.0)
            continue
        if tp + fp > 0:
            ps.append(tp / (tp + fp))
        if tp + fn > 0:
            rs.append(tp / (tp + fn))
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def pairwise_f1(predicted: dict[str, object], truth: dict[str, object]) -> tuple[float, float, float]:
    """(f1, precision, recall) of the same-cluster pairs implied by two labelings."""
    from itertools import combinations

    def pairs(labels: dict[str, object]) -> set[tuple[str, str]]:
        groups: dict[object, list[str]] = {}
        for key, label in labels.items():
            groups.setdefault(label, []).append(key)
        return {tuple(sorted(p)) for g in groups.values() for p in combinations(g, 2)}  # type: ignore[misc]

    pp, tp_ = pairs(predicted), pairs(truth)
    hit = len(pp & tp_)
    precision = hit / len(pp) if pp else 1.0
    recall = hit / len(tp_) if tp_ else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall
