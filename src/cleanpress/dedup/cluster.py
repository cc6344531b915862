"""Verification of candidate pairs, union-find clusters, and the representative policy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: what decided that two stories are duplicates
JACCARD = "jaccard"
CONTAINMENT = "containment"


class UnionFind:
    """Disjoint sets over story sequence numbers 0, 1, 2, ... (path halving, union by size).

    >>> uf = UnionFind()
    >>> uf.grow(4)
    >>> uf.union(0, 2); uf.union(3, 2)
    >>> uf.find(3) == uf.find(0), uf.find(1) == uf.find(0)
    (True, False)
    """

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.size: list[int] = []

    def grow(self, n: int) -> None:
        """Make room for elements up to ``n - 1`` (new ones are singletons)."""
        start = len(self.parent)
        self.parent.extend(range(start, n))
        self.size.extend([1] * (n - start))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def roots(self) -> np.ndarray:
        """The root of every element."""
        return np.array([self.find(x) for x in range(len(self.parent))], dtype=np.int64)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows (the fraction of equal values), pairwise.

    >>> jaccard(np.array([[1, 2, 3, 4]]), np.array([[1, 2, 0, 4]]))
    array([0.75])
    """
    return (sig_a == sig_b).mean(axis=1)


def containment(j: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """Estimated containment of the smaller set in the larger from Jaccard and the set sizes.

    ``|A & B| = J (|A| + |B|) / (1 + J)``, divided by ``min(|A|, |B|)``, at most 1.

    >>> containment(np.array([0.6]), np.array([60]), np.array([100]))
    array([1.])
    """
    a = size_a.astype(np.float64)
    b = size_b.astype(np.float64)
    smaller = np.maximum(np.minimum(a, b), 1.0)
    return np.minimum(j * (a + b) / (1.0 + j) / smaller, 1.0)


class Verifier:
    """Decides candidate pairs: estimated Jaccard >= ``threshold``, or containment >= ``containment``.

    Containment is estimated from the Jaccard estimate and the set sizes, and
    that estimate is noisy when the Jaccard estimate is small, so it decides
    only when the Jaccard estimate is at least ``min_jaccard``.

    >>> v = Verifier(0.5, 0.8, 0.4)
    >>> sim, kind, ok = v.verify(np.array([0.42]), np.array([60]), np.array([140]))
    >>> round(float(sim[0]), 2), kind[0], bool(ok[0])
    (0.99, 'containment', True)
    """

    def __init__(self, threshold: float, containment: float, min_jaccard: float) -> None:
        self.threshold = threshold
        self.containment = containment
        self.min_jaccard = min_jaccard

    def verify(self, j: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        """Per pair: the similarity that decided, what kind it is, and whether it is a duplicate."""
        c = containment(j, size_a, size_b)
        by_jaccard = j >= self.threshold
        by_containment = ~by_jaccard & (c >= self.containment) & (j >= self.min_jaccard)
        sim = np.where(by_containment, c, j)
        kinds = [CONTAINMENT if x else JACCARD for x in by_containment.tolist()]
        return sim, kinds, by_jaccard | by_containment


def representatives(roots: np.ndarray, policy: str, sizes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """For every story, the sequence number of its cluster's representative.

    ``most-complete``: most shingles; ``longest``: most characters; ``first``:
    earliest; ties go to the earliest story.

    >>> roots = np.array([0, 0, 2, 0])
    >>> representatives(roots, "most-complete", np.array([5, 9, 3, 9]), np.array([50, 80, 30, 95])).tolist()
    [1, 1, 2, 1]
    >>> representatives(roots, "longest", np.array([5, 9, 3, 9]), np.array([50, 80, 30, 95])).tolist()
    [3, 3, 2, 3]
    >>> representatives(roots, "first", np.array([5, 9, 3, 9]), np.array([50, 80, 30, 95])).tolist()
    [0, 0, 2, 0]
    """
    n = len(roots)
    seq = np.arange(n)
    if policy == "first":
        score = np.zeros(n, dtype=np.int64)
    elif policy == "longest":
        score = lengths.astype(np.int64)
    elif policy == "most-complete":
        score = sizes.astype(np.int64)
    else:
        raise ValueError(f"unknown representative policy {policy!r}")
    # best first: cluster, then highest score, then earliest
    order = np.lexsort((seq, -score, roots))
    sorted_roots = roots[order]
    first_of_group = np.r_[True, sorted_roots[1:] != sorted_roots[:-1]]
    best_for_root = dict(zip(sorted_roots[first_of_group].tolist(), order[first_of_group].tolist(), strict=True))
    return np.array([best_for_root[r] for r in roots.tolist()], dtype=np.int64) if n else np.zeros(0, np.int64)


def pair_similarity(verifier: Verifier, sigs: np.ndarray, sizes: np.ndarray, a: Sequence[int] | np.ndarray,
                    b: Sequence[int] | np.ndarray) -> np.ndarray:
    """The similarity :class:`Verifier` reports for pairs ``(a[i], b[i])`` (1.0 where a == b)."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if len(a) == 0:
        return np.zeros(0)
    j = jaccard(sigs[a], sigs[b])
    sim, _, ok = verifier.verify(j, sizes[a], sizes[b])
    sim = np.where(ok, sim, j)
    return np.where(a == b, 1.0, sim)
