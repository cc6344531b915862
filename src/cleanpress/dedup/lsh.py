"""LSH over MinHash signatures: bands and rows chosen for a threshold, candidate lookup.

The band/row choice is datasketch's (``MinHashLSH``'s ``_optimal_param``):
the pair ``(b, r)`` with ``b * r <= num_perm`` that minimises the sum of the
false-positive and false-negative probability mass around the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _integrals(threshold: float, num_perm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every (b, r) with b * r <= num_perm: the false-positive and false-negative probability mass.

    ``P(s) = 1 - (1 - s**r)**b`` is a polynomial of degree ``b * r <= num_perm``,
    so Gauss-Legendre quadrature with ``num_perm // 2 + 1`` nodes integrates it
    exactly (datasketch integrates the same functions numerically with scipy).
    """
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=np.float64)
    b, r = pairs[:, 0:1], pairs[:, 1:2]
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integrate(lo: float, hi: float, false_negative: bool) -> np.ndarray:
        s = (hi - lo) / 2 * nodes + (hi + lo) / 2
        p = 1 - (1 - s[None, :] ** r) ** b
        f = 1 - p if false_negative else p
        return (f * weights[None, :]).sum(axis=1) * (hi - lo) / 2

    return pairs[:, 0], pairs[:, 1], integrate(0.0, threshold, False), integrate(threshold, 1.0, True)


@lru_cache(maxsize=64)  # pure, and called once per Deduplicator: remember its answers
def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """Bands and rows per band for ``threshold``, as ``datasketch.MinHashLSH`` picks them.

    The pair minimising the weighted sum of false-positive and false-negative
    probability mass (the first such pair in datasketch's search order).

    >>> from datasketch import MinHashLSH
    >>> lsh = MinHashLSH(threshold=0.5, num_perm=64)
    >>> optimal_bands(0.5, 64) == (lsh.b, lsh.r)
    True
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    bands, rows, fp, fn = _integrals(threshold, num_perm)
    best = int(np.argmin(fp * fp_weight + fn * fn_weight))  # argmin: the first minimum, as datasketch keeps it
    b, r = int(bands[best]), int(rows[best])
    if b < 2:
        raise ValueError(f"threshold {threshold} with num_perm {num_perm} gives fewer than 2 bands; lower it")
    return b, r


def band_keys(values: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band of every signature: ``(n, bands)`` uint64.

    Equal bands give equal keys; different bands collide with probability
    about ``2**-64`` (candidates are verified on their signatures anyway).

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 4]], dtype=np.uint32)
    >>> k = band_keys(sig, 2, 2)
    >>> bool(k[0, 0] == k[1, 0]), bool(k[0, 1] == k[1, 1])
    (True, False)
    """
    n = values.shape[0]
    keys = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            k = np.full(n, np.uint64(band + 1), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                k = (k ^ values[:, col].astype(np.uint64)) * _GOLDEN
                k ^= k >> np.uint64(29)
            keys[:, band] = k
    return keys


class BandIndex:
    """In-memory LSH buckets: for each band, band key -> the stories (sequence numbers) holding it.

    >>> index = BandIndex(2)
    >>> index.add(0, [11, 22])
    set()
    >>> index.add(1, [11, 33])
    {0}
    """

    def __init__(self, bands: int) -> None:
        self.bands = bands
        # a bucket holds one int, or a list once a second story lands in it (most buckets hold one)
        self.tables: list[dict[int, int | list[int]]] = [{} for _ in range(bands)]

    def query(self, keys: Iterable[int]) -> set[int]:
        """The stories sharing at least one band key with ``keys``."""
        found: set[int] = set()
        for table, key in zip(self.tables, keys):
            hit = table.get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        return found

    def insert(self, seq: int, keys: Iterable[int]) -> None:
        for table, key in zip(self.tables, keys):
            hit = table.get(key)
            if hit is None:
                table[key] = seq
            elif isinstance(hit, int):
                table[key] = [hit, seq]
            else:
                hit.append(seq)

    def add(self, seq: int, keys: list[int]) -> set[int]:
        """Insert story ``seq`` and return the stories it shares a bucket with (found before it)."""
        found = self.query(keys)
        self.insert(seq, keys)
        return found

    def __len__(self) -> int:
        return sum(len(t) for t in self.tables)
