"""LSH bands and rows are datasketch's; band keys and buckets find what they should."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH

from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.lsh import BandIndex, band_keys, optimal_bands


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
    index = BandIndex(3)
    assert index.add(0, [1, 2, 3]) == set()
    assert index.add(1, [9, 2, 9]) == {0}
    assert index.add(2, [1, 2, 8]) == {0, 1}
    assert index.query([7, 7, 8]) == {2}
    assert len(index) == 6  # distinct (band, key) buckets
