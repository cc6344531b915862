"""Quality metrics used by the benchmarks, defined here so the project stands alone.

``shingle_f1`` is the ScrapingHub article-extraction benchmark's metric: per
page, 4-gram word shingles of the prediction against the true body, counted
TP/FP/FN (with multiplicity) and normalised per page; precision and recall are
averaged over pages and F1 is taken of the two averages.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

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


def check_gate(path: str, corpus: str, f1s: Mapping[str, float], *extra: tuple[str, float, str]) -> list[str]:
    """What falls short of a gate file's stored minimum scores (which only apply to the corpus they were measured on).

    ``f1s`` are the measured F1 by method name, checked against the gate's ``minimum f1``; each
    ``(gate key, value, message)`` of ``extra`` fails with ``message`` (formatted with the value) below the gate's.
    """
    gate = json.loads(Path(path).read_text(encoding="utf-8"))
    if gate["corpus sha256"] != corpus:
        return [f"the gate was measured on another corpus (sha256 {gate['corpus sha256'][:12]}…)"]
    failed = [f"{name} F1 {f1s[name]:.4f} < stored minimum {minimum}"
              for name, minimum in gate["minimum f1"].items() if f1s[name] < minimum]
    failed.extend(message.format(value) for key, value, message in extra if value < gate[key])
    return failed


def components(keys: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each key's connected component under ``edges``, labelled by one member (the union of the recipes' query hits).

    >>> labels = components("abcd", [("a", "b"), ("c", "b")])
    >>> labels["a"] == labels["c"] != labels["d"]
    True
    """
    parent = {k: k for k in keys}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    return {k: find(k) for k in parent}
