"""``BandIndex.shared_keys`` sorts its runs by key with a stable sort (not a lexsort by key and story): the
pairs must be those of the reference order, however the stories were added (in batches of any size)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.dedup.lsh import BandIndex


def reference(index: BandIndex, most: int) -> Counter[tuple[int, int, int]]:
    """Every (newer, older, key) pair of entries sharing a key held by 2..most entries (a story holding a key
    twice is its own "older" story once), from first principles."""
    holders: dict[int, list[int]] = {}
    for keys, seqs in index._runs:
        for k, s in zip(keys.tolist(), seqs.tolist(), strict=True):
            holders.setdefault(k, []).append(s)
    out: Counter[tuple[int, int, int]] = Counter()
    for k, stories in holders.items():
        if 2 <= len(stories) <= most:
            ordered = sorted(stories)
            out.update((ordered[j], ordered[i], k) for j in range(len(ordered)) for i in range(j))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.lists(st.integers(0, 12), min_size=0, max_size=4), min_size=1, max_size=6),
                min_size=1, max_size=8),
       st.integers(2, 6))
def test_shared_keys_are_every_pair_in_story_order(batches: list[list[list[int]]], most: int) -> None:
    index = BandIndex()
    seq = 0
    for batch in batches:  # each batch: stories, each with its keys
        owners = np.array([seq + i for i, keys in enumerate(batch) for _ in keys], dtype=np.int64)
        flat = np.array([k for keys in batch for k in keys], dtype=np.uint64)
        index.add_flat(owners, flat)
        seq += len(batch)
    new, old, key = index.shared_keys(most)
    got = list(zip(new.tolist(), old.tolist(), key.tolist(), strict=True))
    assert Counter(got) == reference(index, most)
    assert all(n >= o for n, o, _ in got)
