"""LSH bands and rows are datasketch's; band keys and buckets find what they should."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH

from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.lsh import BUCKET_CAP, BandIndex, band_keys, optimal_bands


@pytest.mark.parametrize(("threshold", "num_perm"), [
    (0.5, 128), (0.8, 128), (0.3, 128), (0.3, 64), (0.9, 256), (0.1, 128), (0.24, 128), (0.65, 200), (0.9, 64)])
def test_bands_and_rows_are_datasketchs(threshold: float, num_perm: int) -> None:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert optimal_bands(threshold, num_perm) == (lsh.b, lsh.r)


def test_lsh_threshold_is_lowered_for_trimmed_copies() -> None:
    assert DedupConfig(threshold=0.7, containment_ratio=0.5).lsh_threshold == 0.3
    assert DedupConfig(threshold=0.7, candidate_threshold=0.6).lsh_threshold == 0.6
    assert DedupConfig(threshold=0.4).lsh_threshold == 0.24


def test_band_keys_equal_exactly_when_bands_equal() -> None:
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2**32, size=(50, 20), dtype=np.uint32)
    sigs[1, :5] = sigs[0, :5]  # same first band
    keys = band_keys(sigs, 4, 5)
    assert keys.shape == (50, 4)
    assert keys[0, 0] == keys[1, 0]
    assert len({int(k) for k in keys[:, 0]}) == 49
    assert len({int(k) for k in keys[:, 1:].ravel()}) == 150


def test_band_index_returns_earlier_stories_sharing_a_bucket() -> None:
    index = BandIndex()
    keys = np.array([[1, 2, 3], [9, 2, 9], [1, 2, 8]], dtype=np.uint64)
    new, old = index.add(0, keys[:1])
    assert len(new) == 0
    new, old = index.add(1, keys[1:])
    assert sorted(zip(new.tolist(), old.tolist(), strict=True)) == [(1, 0), (2, 0), (2, 1)]
    assert index.query(np.array([7, 7, 8], dtype=np.uint64)).tolist() == [2]
    assert len(index) == 9


def test_band_index_one_at_a_time_equals_one_batch() -> None:
    rng = np.random.default_rng(1)
    keys = rng.integers(0, 40, size=(300, 4)).astype(np.uint64) + np.arange(4, dtype=np.uint64) * 1000  # per band
    skip = rng.random(300) < 0.1
    batch = BandIndex()
    a, b = batch.add(0, keys, skip=skip)
    single = BandIndex()
    pairs: set[tuple[int, int]] = set()
    for i in range(300):
        x, y = single.add(i, keys[i : i + 1], skip=skip[i : i + 1])
        pairs.update(zip(x.tolist(), y.tolist(), strict=True))
    capped = set(zip(a.tolist(), b.tolist(), strict=True))
    assert capped <= pairs  # the batch caps a bucket at BUCKET_CAP earlier stories per run; so may a run
    assert all(not skip[x] and not skip[y] and x > y for x, y in pairs)
    exact = {(i, j) for i in range(300) for j in range(i) if not skip[i] and not skip[j] and any(keys[i] == keys[j])}
    assert pairs == exact  # one at a time, no bucket reaches the cap here


def test_band_index_caps_huge_buckets() -> None:
    index = BandIndex()
    same = np.tile(np.array([[1, 2]], dtype=np.uint64), (500, 1))
    new, _ = index.add(0, same)
    assert len(new) == sum(min(i, BUCKET_CAP) for i in range(500))
    new, _old = index.add(500, same[:1])
    assert 0 < len(new) <= BUCKET_CAP
