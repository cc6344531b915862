"""What keeps a million stories' dedup state and final clustering small gives the answers it gave before:
the pairs of stories sharing a long sentence kept as arrays while stories arrive (per-story sets only when
an answer about single stories, ``Deduplicator.add``, needs them), the stories sharing an LSH bucket or a
sentence paired one range of keys at a time, and the final candidates verified a slice of pairs at a time."""

from __future__ import annotations

import importlib
import itertools
from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cleanpress.dedup import lsh
from cleanpress.dedup.deduplicator import Deduplicator
from tests.test_dedup_copies import PROPERTY, corpus

dd = importlib.import_module("cleanpress.dedup.deduplicator")  # (the package's `dedup` function hides the module)

SENTENCES = [
    "The regional water board approved a plan on Monday to rebuild the old reservoir north of the town.",
    "Engineers said the work would take three years and cost far more than the first estimate suggested.",
    "Residents who live along the river asked the board to publish the full survey before any digging starts.",
    "A spokesman for the mayor said the council would hold two public meetings about the project in March.",
    "Farmers in the valley have complained for a decade that the reservoir loses water through old cracks.",
]
OTHER = ("Storms closed the coastal airport for a second day as crews worked to clear fallen trees "
         "from the runways and the only road that leads to the terminal buildings from the city.")


def test_related_pairs_reach_the_single_story_answers(monkeypatch):
    seen: list[set[tuple[int, int]]] = []
    bridges = dd.frame_bridges

    def spy(a, b, related_a, related_b, kinds=None):
        seen.append({tuple(sorted(p)) for p in zip(related_a.tolist(), related_b.tolist(), strict=True)})
        return bridges(a, b, related_a, related_b, kinds)

    monkeypatch.setattr(dd, "frame_bridges", spy)
    d = Deduplicator()
    d.add({"id": "a", "text": " ".join(SENTENCES)})
    d.add({"id": "x", "text": OTHER})
    match = d.add({"id": "b", "text": " ".join(SENTENCES[:4])})  # a trimmed copy: shares four long sentences
    assert match.duplicate_of == "a" or match.cluster == "b"
    assert seen and (0, 1) in seen[-1]  # positions of a and b among their component's members
    # kept as arrays as stories arrive; the per-story sets hold the same pairs, both ways
    codes = np.concatenate(d._related_codes)
    pairs = {(int(c >> 32), int(c & 0xFFFFFFFF)) for c in codes.tolist()}
    assert (d.sequence("b"), d.sequence("a")) in pairs
    related = d._relate()
    assert related[d.sequence("a")] == {d.sequence("b")} and related[d.sequence("b")] == {d.sequence("a")}
    assert d.sequence("x") not in related


def test_a_batch_run_builds_no_per_story_sets():
    d = Deduplicator()
    d.extend([{"id": f"s{i}", "text": " ".join(SENTENCES[: 3 + i % 3])} for i in range(20)])
    assert d._related_codes and not d._related  # arrays only ...
    reps, _, _, _ = d.assign_arrays()
    assert not d._related  # ... and the clusters of everything do not need the sets
    assert len(set(reps.tolist())) == 1


@PROPERTY
@given(seed=st.integers(0, 10_000), stories=st.integers(2, 6), copies=st.integers(2, 8),
       chunk=st.integers(1, 40), batch=st.integers(1, 30))
def test_final_pairs_verified_in_slices_are_those_verified_at_once(seed, stories, copies, chunk, batch):
    items = corpus(seed, stories, copies)
    d = Deduplicator()
    for start in range(0, len(items), batch):
        d.extend(items[start : start + batch])
    whole = d._final_arrays(chunk=10**9)
    sliced = d._final_arrays(chunk=chunk)
    assert len(whole[0]) > 0  # copies: there are pairs to verify
    for got, want in zip(sliced, whole, strict=True):
        assert (got.tolist() if isinstance(got, np.ndarray) else got) == \
            (want.tolist() if isinstance(want, np.ndarray) else want)


@PROPERTY
@given(owners=st.lists(st.integers(0, 6), min_size=1, max_size=40).map(sorted),
       keys=st.data(), batch=st.integers(1, 15), most=st.integers(2, 70), slice_entries=st.integers(1, 12))
def test_pairs_listed_a_range_of_keys_at_a_time_are_those_listed_at_once(owners, keys, batch, most, slice_entries):
    """Buckets of few or many stories (keys drawn from a few values, some near the ends of the key space),
    added in batches (several sorted runs): each range of keys gives whole buckets, and the ranges together
    the pairs of one listing."""
    values = [0, 1, 7, 2**40, 2**63, 2**64 - 2, 2**64 - 1]
    flat = np.array(keys.draw(st.lists(st.sampled_from(values), min_size=len(owners), max_size=len(owners))),
                    dtype=np.uint64)
    index = lsh.BandIndex()
    for start in range(0, len(owners), batch):
        index.add_flat(np.array(owners[start : start + batch], dtype=np.int64), flat[start : start + batch])
    assert index.shared_pairs(most, slice_entries).tolist() == index.shared_pairs(most, 10**9).tolist()
    sliced = sorted(zip(*(x.tolist() for x in index.shared_keys(most, slice_entries)), strict=True))
    whole = sorted(zip(*(x.tolist() for x in index.shared_keys(most, 10**9)), strict=True))
    assert sliced == whole


def test_ranges_of_keys_cover_every_entry_once():
    rng = np.random.default_rng(5)
    index = lsh.BandIndex()
    for first in range(0, 5000, 700):  # several runs of different sizes
        index.add_flat(np.arange(first, first + 700), rng.integers(0, 2**64, 700, dtype=np.uint64))
    slices = index._key_slices(500)
    assert len(slices) >= 8
    assert slices[0][0] == 0 and slices[-1][1] == 2**64
    assert all(a[1] == b[0] for a, b in itertools.pairwise(slices))
    sizes = [len(index._groups(bounds)[0]) for bounds in slices]
    assert sum(sizes) == len(index)
    assert max(sizes) < 3 * 500  # about the size asked for


@PROPERTY
@given(seed=st.integers(0, 10_000), stories=st.integers(2, 6), copies=st.integers(2, 8),
       slice_entries=st.integers(1, 400))
def test_clusters_are_the_same_whatever_the_ranges_of_keys(seed, stories, copies, slice_entries):
    items = corpus(seed, stories, copies)
    d = Deduplicator()
    d.extend(items)
    whole_pairs, whole = d._final_arrays(), d.assign_arrays()
    with mock.patch.object(lsh, "SLICE_ENTRIES", slice_entries):
        assert len(d._buckets._key_slices(None)) > 1 or len(d._buckets) <= slice_entries
        sliced_pairs, sliced = d._final_arrays(), d.assign_arrays()
    for got, want in zip((*sliced_pairs, *sliced), (*whole_pairs, *whole), strict=True):
        assert (got.tolist() if isinstance(got, np.ndarray) else got) == \
            (want.tolist() if isinstance(want, np.ndarray) else want)
