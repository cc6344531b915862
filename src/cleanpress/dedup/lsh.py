"""LSH over MinHash signatures: bands and rows chosen for a threshold, candidate lookup.

The band/row choice is datasketch's (``MinHashLSH``'s ``_optimal_param``):
the pair ``(b, r)`` with ``b * r <= num_perm`` that minimises the sum of the
false-positive and false-negative probability mass around the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _false_positive(threshold: float, b: int, r: int) -> float:
    from scipy.integrate import quad

    return float(quad(lambda s: 1 - (1 - s ** float(r)) ** float(b), 0.0, threshold)[0])


def _false_negative(threshold: float, b: int, r: int) -> float:
    from scipy.integrate import quad

    return float(quad(lambda s: 1 - (1 - (1 - s ** float(r)) ** float(b)), threshold, 1.0)[0])


def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """Bands and rows per band for ``threshold``, as ``datasketch.MinHashLSH`` picks them.

    >>> from datasketch import MinHashLSH
    >>> lsh = MinHashLSH(threshold=0.5, num_perm=64)
    >>> optimal_bands(0.5, 64) == (lsh.b, lsh.r)
    True
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    best, best_error = (0, 0), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            error = (_false_positive(threshold, b, r) * fp_weight
                     + _false_negative(threshold, b, r) * fn_weight)
            if error < best_error:
                best, best_error = (b, r), error
    if best[0] < 2:
        raise ValueError(f"threshold {threshold} with num_perm {num_perm} gives fewer than 2 bands; lower it")
    return best


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
