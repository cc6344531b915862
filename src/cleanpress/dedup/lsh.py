"""LSH over MinHash signatures: bands and rows chosen for a threshold, candidate lookup.

The band/row choice is datasketch's (``MinHashLSH``'s ``_optimal_param``):
the pair ``(b, r)`` with ``b * r <= num_perm`` that minimises the sum of the
false-positive and false-negative probability mass around the threshold.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np

from cleanpress.dedup.arrays import isin, unique, unique_rows

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
    cells = values[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        # all bands at once, row by row; the band number seeds the key, so bands never share keys
        keys = np.tile((np.arange(1, bands + 1, dtype=np.uint64) * _GOLDEN)[None, :], (n, 1))
        for row in range(rows):
            keys = (keys ^ cells[:, :, row]) * _GOLDEN
            keys ^= keys >> np.uint64(29)
    return keys


#: at most this many stories of one bucket are proposed for each new story (see :class:`BandIndex`)
BUCKET_CAP = 64
#: entries of an index grouped at a time when the stories sharing each key are paired (:meth:`BandIndex.shared_pairs`,
#: :meth:`BandIndex.shared_keys`): ~40 bytes each while their range is grouped (~85 MB), however large the index
SLICE_ENTRIES = 1 << 21


def _expand(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indices ``starts[i] .. starts[i] + counts[i] - 1`` for every i, concatenated."""
    total = int(counts.sum())
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + (np.arange(total) - offsets)


#: a run of more than FENCED keys is searched through its fence: every FENCE-th key of the run, copied apart
#: (1/128 of its keys, small enough to stay in the processor's caches while a run of millions does not), then
#: the FENCE keys between two of them: a lookup reads the large run at one place, not ~20 places far apart
FENCE = 128
FENCED = 1 << 15


def _fence(keys: np.ndarray) -> np.ndarray | None:
    """The fence of a sorted run (None for a short run: searched directly)."""
    return keys[::FENCE].copy() if len(keys) > FENCED else None


def search(keys: np.ndarray, fence: np.ndarray | None, x: np.ndarray, side: str = "left",
           every: int = FENCE) -> np.ndarray:
    """``np.searchsorted(keys, x, side)``, through ``fence`` (``keys[::every]``) when given.

    The fence places each ``x`` between two fence keys, ``every`` keys of the run apart; the position
    among those is found by binary lifting (steps of a power of two, halved down to 1), every ``x`` at once.
    The same positions as ``np.searchsorted``, at a cost that grows far less with the run's size.

    >>> keys = np.array([1, 3, 3, 3, 5, 8, 8, 9], dtype=np.uint64)
    >>> x = np.array([0, 3, 4, 8, 9, 10], dtype=np.uint64)
    >>> [search(keys, keys[::2].copy(), x, side, every=2).tolist() == np.searchsorted(keys, x, side).tolist()
    ...  for side in ("left", "right")]
    [True, True]
    """
    if fence is None:
        return np.searchsorted(keys, x, side=side)  # type: ignore[call-overload]
    before = np.less if side == "left" else np.less_equal  # which keys come before x's position
    n = len(keys)
    # x's position is in (block - 1) * every + 1 .. block * every, or 0 when block is 0
    pos = np.maximum(np.searchsorted(fence, x, side=side) - 1, 0) * every  # type: ignore[call-overload]
    step = 1 << max(0, every - 1).bit_length()  # a power of two, at least every
    while step:
        probe = pos + (step - 1)
        ok = before(keys[np.minimum(probe, n - 1)], x)
        ok &= probe < n
        pos += ok * step
        step >>= 1
    return pos


def _merge(k1: np.ndarray, s1: np.ndarray, k2: np.ndarray, s2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two sorted runs as one; equal keys keep the first run's entries first (a stable merge).

    Linear, and without sorting the concatenation: the second run's entries go after the
    first run's entries with keys up to theirs.

    >>> _merge(np.array([1, 3, 3], dtype=np.uint64), np.array([0, 1, 2], dtype=np.int32),
    ...        np.array([2, 3], dtype=np.uint64), np.array([3, 4], dtype=np.int32))[1].tolist()
    [0, 3, 1, 2, 4]
    """
    at = np.searchsorted(k1, k2, side="right")
    at += np.arange(len(k2))
    first = np.ones(len(k1) + len(k2), dtype=bool)
    first[at] = False
    keys = np.empty(len(first), dtype=k1.dtype)
    seqs = np.empty(len(first), dtype=s1.dtype)
    keys[at], seqs[at] = k2, s2
    keys[first], seqs[first] = k1, s1
    return keys, seqs


class BandIndex:
    """LSH buckets: band keys and the stories (sequence numbers) holding them, as sorted numpy runs.

    Keys of each added batch become a sorted run; runs of similar size are
    merged (as in a log-structured merge tree), so adding stays cheap one
    story at a time and in batches, lookups are binary searches, and memory
    is 12 bytes per (story, band) (a 64-bit key, a 32-bit story number). Band keys include their band, so one key
    space serves all bands.

    A bucket shared by very many stories (copies of one text) proposes at
    most :data:`BUCKET_CAP` of them from each run for each new story: enough
    to join their cluster, without comparing against every copy.

    >>> index = BandIndex()
    >>> index.add(0, np.array([[11, 22]], dtype=np.uint64))
    (array([], dtype=int64), array([], dtype=int64))
    >>> index.add(1, np.array([[11, 33], [44, 33]], dtype=np.uint64))
    (array([1, 2]), array([0, 1]))
    """

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []
        #: each run's fence (see :func:`search`), or None for a short run
        self._fences: list[np.ndarray | None] = []

    def __len__(self) -> int:
        return sum(len(keys) for keys, _ in self._runs)

    @property
    def nbytes(self) -> int:
        return sum(keys.nbytes + seqs.nbytes for keys, seqs in self._runs)

    def shared_pairs(self, most: int, slice_entries: int | None = None) -> np.ndarray:
        """The distinct pairs of :meth:`shared_keys` as sorted codes ``newer << 32 | older``.

        Buckets holding the same stories (copies of one text share every band) give their pairs once,
        so memory holds the distinct pairs, not one row per bucket and pair. The buckets are listed one
        range of keys at a time (:meth:`_key_slices`, about ``slice_entries`` entries each, by default
        :data:`SLICE_ENTRIES`): what is held besides the index and the pairs found is bounded, however many
        stories the index holds.

        >>> index = BandIndex()
        >>> _ = index.add_flat(np.array([0, 0, 1, 1, 2]), np.array([5, 6, 5, 6, 5], dtype=np.uint64))
        >>> [(int(c) >> 32, int(c) & 0xFFFFFFFF) for c in index.shared_pairs(3)]
        [(1, 0), (2, 0), (2, 1)]
        >>> index.shared_pairs(3, slice_entries=1).tolist() == index.shared_pairs(3).tolist()
        True
        """
        found = np.zeros(0, dtype=np.int64)
        for bounds in self._key_slices(slice_entries) if self._runs else []:
            _, seqs, starts, sizes = self._groups(bounds)
            codes: list[np.ndarray] = []
            for size in unique(sizes[(sizes >= 2) & (sizes <= most)]).tolist():
                members = seqs[starts[sizes == size][:, None] + np.arange(size)[None, :]]
                members = members[unique_rows(members)[0]]  # each distinct set of holders once
                i, j = np.triu_indices(size, 1)
                codes.append(unique(((members[:, j] << np.int64(32)) | members[:, i]).ravel()))
            del seqs, starts, sizes
            if codes:
                # a pair meets in several bands, so in several ranges: kept once, merged in linear time
                fresh = unique(np.concatenate(codes)) if len(codes) > 1 else codes[0]
                fresh = fresh[~isin(fresh, found)]
                found = np.insert(found, np.searchsorted(found, fresh), fresh)
        return found

    def _key_slices(self, slice_entries: int | None) -> list[tuple[int, int] | None]:
        """Ranges ``[low, high)`` of keys holding about ``slice_entries`` entries each, together every key
        (``[None]``: one range, every key). All entries of a key are in its key's range, so each range's
        buckets are whole. The bounds are quantiles of a sample of every run.

        >>> index = BandIndex()
        >>> index.insert(np.arange(8), np.array([9, 1, 7, 3, 5, 3, 2, 8], dtype=np.uint64))
        >>> index._key_slices(100), index._key_slices(3)
        ([None], [(0, 3), (3, 7), (7, 18446744073709551616)])
        """
        total = len(self)
        parts = -(-total // max(1, SLICE_ENTRIES if slice_entries is None else slice_entries))
        if parts <= 1:
            return [None]
        step = max(1, total // (64 * parts))  # about 64 sampled keys a range
        sample = np.sort(np.concatenate([keys[::step] for keys, _ in self._runs]))
        cuts = [int(c) for c in unique(sample[(np.arange(1, parts) * len(sample)) // parts]).tolist() if int(c) > 0]
        return list(itertools.pairwise([0, *cuts, 1 << 64]))

    def _groups(self, bounds: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                       np.ndarray]:
        """Every entry by key, then story (``keys``, ``seqs``), with where each key's group starts and its size
        (with ``bounds`` ``(low, high)``, the entries with ``low <= key < high`` only)."""
        runs = self._runs
        if bounds is not None:
            low, high = bounds
            runs = []
            for k, s in self._runs:
                first = int(np.searchsorted(k, np.uint64(low), side="left"))
                last = len(k) if high > int(np.iinfo(np.uint64).max) else int(np.searchsorted(k, np.uint64(high),
                                                                                              side="left"))
                runs.append((k[first:last], s[first:last]))
        keys = np.concatenate([k for k, _ in runs])
        seqs = np.concatenate([s for _, s in runs]).astype(np.int64)
        del runs
        # by key, then story: the runs are sorted runs in the order they were added (older stories first, each
        # run's equal keys in story order), so a stable sort by key alone gives that order, and sorting a few
        # sorted runs is ~20x faster than lexsort; checked, with lexsort where a run broke the rule
        order = np.argsort(keys, kind="stable")
        keys, seqs = keys[order], seqs[order]
        del order
        if not ((keys[1:] != keys[:-1]) | (seqs[1:] >= seqs[:-1])).all():
            order = np.lexsort((seqs, keys))
            keys, seqs = keys[order], seqs[order]
        start = np.ones(len(keys), dtype=bool)
        start[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(start)
        return keys, seqs, starts, np.diff(np.append(starts, len(keys)))

    def shared_keys(self, most: int, slice_entries: int | None = None) -> tuple[np.ndarray, np.ndarray,
                                                                                   np.ndarray]:
        """Every pair of stories holding a key that at most ``most`` stories hold: ``(newer, older, key)``, one
        range of keys at a time (as :meth:`shared_pairs`; the rows of a range follow those of the range before).

        >>> index = BandIndex()
        >>> _ = index.add_flat(np.array([0, 0, 1, 2]), np.array([5, 6, 5, 5], dtype=np.uint64))
        >>> [x.tolist() for x in index.shared_keys(3)]
        [[1, 2, 2], [0, 0, 1], [5, 5, 5]]
        """
        new: list[np.ndarray] = []
        old: list[np.ndarray] = []
        held: list[np.ndarray] = []
        for bounds in self._key_slices(slice_entries) if self._runs else []:
            keys, seqs, starts, sizes = self._groups(bounds)
            for size in unique(sizes[(sizes >= 2) & (sizes <= most)]).tolist():
                groups = starts[sizes == size]
                i, j = np.triu_indices(size, 1)  # every pair of positions in a group, the later one newer
                new.append(seqs[groups[:, None] + j[None, :]].ravel())
                old.append(seqs[groups[:, None] + i[None, :]].ravel())
                held.append(np.repeat(keys[groups], len(i)))
            del keys, seqs, starts, sizes
        if not new:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.uint64)
        return np.concatenate(new), np.concatenate(old), np.concatenate(held)

    def query(self, keys: np.ndarray) -> np.ndarray:
        """The stories sharing at least one key with ``keys`` (one story's band keys), sorted."""
        _, found = self._lookup(np.sort(keys.ravel()), np.zeros(keys.size, dtype=np.int64))
        return unique(found)

    def _lookup(self, flat: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (owner of a key, story in the runs with the same key); ``flat`` sorted (for cache locality)."""
        entries, theirs, _ = self._lookup_entries(flat)
        return owners[entries], theirs

    def holders(self, flat: np.ndarray) -> np.ndarray:
        """How many stories hold each of ``flat`` (sorted): at most :data:`BUCKET_CAP` counted per run, as
        :meth:`add_flat` counts them; without listing the stories.

        >>> index = BandIndex()
        >>> _ = index.add_flat(np.array([0, 1, 1]), np.array([5, 5, 6], dtype=np.uint64))
        >>> index.holders(np.array([4, 5, 6], dtype=np.uint64)).tolist()
        [0, 2, 1]
        """
        found = np.zeros(len(flat), dtype=np.int64)
        for (keys, _), fence in zip(self._runs, self._fences, strict=True):
            _, at, counts = self._held(keys, fence, flat, BUCKET_CAP)
            found[at] += counts
        return found

    @staticmethod
    def _held(keys: np.ndarray, fence: np.ndarray | None, flat: np.ndarray,
              cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where each of ``flat`` would go in the run ``keys`` (``left``), and for those the run holds (``at``,
        positions in ``flat``) how many entries hold it, at most ``cap``. Most keys looked up are in no run or
        few runs: the end of a key's entries is searched for only where the run holds it."""
        left = search(keys, fence, flat, "left")
        inside = np.flatnonzero(left < len(keys))
        at = inside[keys[left[inside]] == flat[inside]]
        if len(at) == 0:
            return left, at, np.zeros(0, dtype=np.int64)
        right = search(keys, fence, flat[at], "right")
        return left, at, np.minimum(right - left[at], cap)

    def _lookup_entries(self, flat: np.ndarray, cap: int = BUCKET_CAP) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs (position in ``flat``, story in the runs with that key), and per position the stories found
        (at most ``cap`` of each run)."""
        mine: list[np.ndarray] = []
        theirs: list[np.ndarray] = []
        found = np.zeros(len(flat), dtype=np.int64)
        positions = np.arange(len(flat))
        for (keys, seqs), fence in zip(self._runs, self._fences, strict=True):
            left, at, counts = self._held(keys, fence, flat, cap)
            if len(at):
                found[at] += counts
                mine.append(np.repeat(positions[at], counts))
                theirs.append(seqs[_expand(left[at], counts)])
        if not mine:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), found
        return np.concatenate(mine), np.concatenate(theirs).astype(np.int64), found

    def add(self, first_seq: int, keys: np.ndarray, skip: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Add stories ``first_seq, first_seq + 1, ...`` with band keys ``keys`` (one row each).

        Rows where ``skip`` is true are not added. Returns the candidate pairs
        ``(new, earlier)``: each new story with every story added before it
        (earlier in this batch included) that shares a band key, once per pair.
        """
        n, bands = keys.shape
        rows = np.arange(n) if skip is None else np.flatnonzero(~skip)
        flat = keys[rows].ravel()
        owners = np.repeat(rows + first_seq, bands).astype(np.int64)
        new, old, _, _ = self.add_flat(owners, flat)
        distinct = new != old  # two bands of one story with the same key (a 2**-64 event)
        new, old = new[distinct], old[distinct]
        if len(new) == 0:
            return new, old
        pairs = unique((new << np.int64(32)) | old)
        return pairs >> np.int64(32), pairs & np.int64(0xFFFFFFFF)

    def insert(self, owners: np.ndarray, flat: np.ndarray) -> None:
        """Add keys ``flat`` held by stories ``owners`` as :meth:`add_flat` does, without looking for the
        stories holding them already (the index is the same afterwards).

        >>> a, b = BandIndex(), BandIndex()
        >>> _ = a.add_flat(np.array([0, 1]), np.array([7, 3], dtype=np.uint64)); b.insert(np.array([0, 1]),
        ...                                                                            np.array([7, 3], np.uint64))
        >>> [k.tolist() for k, _ in a._runs] == [k.tolist() for k, _ in b._runs]
        True
        """
        if len(flat) == 0:
            return
        order = np.argsort(flat, kind="stable")
        self._push(flat[order], owners[order].astype(np.int32))

    def _push(self, sorted_keys: np.ndarray, sorted_owners: np.ndarray) -> None:
        """A new sorted run, merged with the runs before it while they are at most twice its size."""
        self._runs.append((sorted_keys, sorted_owners))
        self._fences.append(_fence(sorted_keys))
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (k1, s1), (k2, s2) = self._runs[-2], self._runs.pop()
            self._fences.pop()
            self._runs[-1] = _merge(k1, s1, k2, s2)
            self._fences[-1] = _fence(self._runs[-1][0])
            del k1, s1, k2, s2

    def add_flat(self, owners: np.ndarray, flat: np.ndarray,
                 cap: int = BUCKET_CAP) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Add keys ``flat`` held by stories ``owners`` (non-decreasing, all newer than the stories added before).

        Returns one row per (new story, key, earlier story holding the key):
        the new story, the earlier one, how many earlier stories hold that
        key, and the key (at most ``cap``, :data:`BUCKET_CAP` by default, per run
        are found and counted). A story
        holding a key twice is its own "earlier" story once; callers drop such pairs.
        A caller that only wants the keys held by at most ``m`` earlier stories may pass
        ``cap=m + 1``: those keys' rows and counts are the same as with any larger cap.
        """
        if len(flat) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, np.zeros(0, dtype=flat.dtype)
        # stable: equal keys keep their story order, which the pairs below rely on
        order = np.argsort(flat, kind="stable")
        sorted_keys, sorted_owners = flat[order], owners[order].astype(np.int64)
        entries, old, found = self._lookup_entries(sorted_keys, cap)
        # within the batch: stories sharing a key, each with the earlier ones (at most BUCKET_CAP)
        group_start = np.ones(len(flat), dtype=bool)
        group_start[1:] = sorted_keys[1:] != sorted_keys[:-1]
        starts = np.flatnonzero(group_start)
        lengths = np.diff(np.append(starts, len(flat)))
        rank = np.arange(len(flat)) - np.repeat(starts, lengths)
        counts = np.minimum(rank, cap)
        found += counts
        later = counts > 0
        if later.any():
            first_of_group = np.repeat(starts, lengths)
            entries = np.concatenate((entries, np.repeat(np.flatnonzero(later), counts[later])))
            old = np.concatenate((old, sorted_owners[_expand(first_of_group[later], counts[later])]))
        matched = sorted_keys[entries]
        self._push(sorted_keys, sorted_owners.astype(np.int32))
        del order, sorted_keys
        return sorted_owners[entries], old, found[entries], matched
