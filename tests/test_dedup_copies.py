"""Corpora with many copies of each story: the shortcuts that keep the main process's work per story flat
(one verification per distinct pair of contents, capped sentence lookups, the prose index without lookups,
band pairs once per distinct bucket, sort-based set operations) give the answers of the plain computation."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanpress.dedup import DedupConfig, Deduplicator
from cleanpress.dedup.arrays import isin, union, unique, unique_rows
from cleanpress.dedup.cluster import PROSE_PAD, prose_containment
from cleanpress.dedup.lsh import FENCED, BandIndex, search

_rng = random.Random(11)
VOCAB = sorted({"".join(_rng.choice("abcdefghijklmnoprstuvwyz") for _ in range(_rng.randint(3, 9)))
                for _ in range(4000)})
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ints = st.lists(st.integers(-5, 40), min_size=0, max_size=60)


@settings(max_examples=200, deadline=None)
@given(ints, ints)
def test_set_operations_are_numpys(xs: list[int], ys: list[int]) -> None:
    x, y = np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64)
    for got, want in zip(unique(x, return_index=True, return_inverse=True, return_counts=True),
                         np.unique(x, return_index=True, return_inverse=True, return_counts=True), strict=True):
        assert got.tolist() == want.ravel().tolist()
    assert unique(x).tolist() == np.unique(x).tolist()
    assert union(x, y).tolist() == np.union1d(x, y).tolist()
    assert isin(x, np.unique(y)).tolist() == np.isin(x, y).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=40))
def test_unique_rows_numbers_rows_as_numpy(rows: list[tuple[int, int, int]]) -> None:
    r = np.array(rows, dtype=np.int64)
    first, inverse = unique_rows(r)
    _, want_first, want_inverse = np.unique(r, axis=0, return_index=True, return_inverse=True)
    assert first.tolist() == want_first.tolist()
    assert inverse.tolist() == want_inverse.ravel().tolist()


batches = st.lists(st.lists(st.lists(st.integers(0, 9), min_size=0, max_size=4), min_size=1, max_size=8),
                   min_size=1, max_size=8)


def _fill(batches: list[list[list[int]]], cap: int | None = None) -> tuple[BandIndex, list[Counter]]:
    index, seq, rows = BandIndex(), 0, []
    for batch in batches:  # each batch: stories, each with its keys
        owners = np.array([seq + i for i, keys in enumerate(batch) for _ in keys], dtype=np.int64)
        flat = np.array([k for keys in batch for k in keys], dtype=np.uint64)
        found = index.add_flat(owners, flat) if cap is None else index.add_flat(owners, flat, cap=cap)
        rows.append(Counter(zip(*(a.tolist() for a in found), strict=True)))
        seq += len(batch)
    return index, rows


@settings(max_examples=200, deadline=None)
@given(batches, st.integers(1, 4))
def test_capped_lookups_keep_the_rows_of_rare_keys(batches: list[list[list[int]]], most: int) -> None:
    """With ``cap=most + 1`` the rows of keys held by at most ``most`` earlier stories are those without a cap;
    the index, the holders' counts and the pairs of shared buckets are the same as without the shortcuts."""
    plain, plain_rows = _fill(batches)
    capped, capped_rows = _fill(batches, cap=most + 1)
    for want, got in zip(plain_rows, capped_rows, strict=True):
        assert Counter({r: n for r, n in want.items() if r[2] <= most}) == Counter(
            {r: n for r, n in got.items() if r[2] <= most})
    inserted, seq = BandIndex(), 0
    for batch in batches:
        inserted.insert(np.array([seq + i for i, keys in enumerate(batch) for _ in keys], dtype=np.int64),
                        np.array([k for keys in batch for k in keys], dtype=np.uint64))
        seq += len(batch)
    for one, other in ((plain, capped), (plain, inserted)):
        assert [(k.tolist(), s.tolist()) for k, s in one._runs] == [(k.tolist(), s.tolist()) for k, s in other._runs]
    keys = np.arange(12, dtype=np.uint64)
    assert plain.holders(keys).tolist() == plain._lookup_entries(keys)[2].tolist()
    new, old, _ = plain.shared_keys(most + 1)
    distinct = new != old
    assert plain.shared_pairs(most + 1).tolist() == np.unique(
        (new[distinct] << np.int64(32)) | old[distinct]).tolist() or not distinct.all()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.sample(VOCAB, rng.randint(9, 16))).capitalize() + "."


def corpus(seed: int, stories: int, copies: int) -> list[tuple[str, str]]:
    """Stories given many times: exact copies, copies inside a site's frame, copies trimmed to their lead,
    and a frame shared by every story of one "site"; in a shuffled order."""
    rng = random.Random(seed)
    frames = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(2)]
    out = []
    for s in range(stories):
        body = [_sentence(rng) for _ in range(rng.randint(3, 12))]
        for c in range(copies):
            kind = rng.random()
            if kind < 0.6:
                text = " ".join(body)
            elif kind < 0.8:
                text = frames[s % 2] + "\n" + " ".join(body) + "\n" + frames[(s + 1) % 2]
            else:
                text = " ".join(body[: rng.randint(2, len(body))])
            out.append((f"s{s}~{c}", text))
    rng.shuffle(out)
    return out


def assignments(stories: list[tuple[str, str]], *, plain: bool) -> list[object]:
    with pytest.MonkeyPatch.context() as m:
        if plain:  # every pair verified on its own
            m.setattr(Deduplicator, "_verify", Deduplicator._verify_pairs)
        d = Deduplicator(DedupConfig(batch_size=23))
        for start in range(0, len(stories), 23):
            d.extend(stories[start : start + 23])
        reps, sims, kinds, seen = d.assign_arrays()
        # the pairs verified as stories arrived (what a persistent index stores), and those verified at the end
        return [reps.tolist(), sims.tolist(), kinds, seen.tolist(), d._edges.tuples(), d.final_edges(),
                [a.fields() for a in d.assign()]]


@PROPERTY
@given(seed=st.integers(0, 10_000), stories=st.integers(2, 6), copies=st.integers(2, 12))
def test_many_copies_give_the_clusters_of_every_pair_verified(seed: int, stories: int, copies: int) -> None:
    texts = corpus(seed, stories, copies)
    assert assignments(texts, plain=False) == assignments(texts, plain=True)


def test_copies_are_verified_once_per_distinct_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is taken: 30 exact copies of one story need a few verifications, not one per pair."""
    verified: list[int] = []
    plain = Deduplicator._verify_pairs

    def counting(self: Deduplicator, a: np.ndarray, *rest: np.ndarray) -> tuple:
        verified.append(len(a))
        return plain(self, a, *rest)

    monkeypatch.setattr(Deduplicator, "_verify_pairs", counting)
    text = " ".join(_sentence(random.Random(3)) for _ in range(8))
    d = Deduplicator()
    d.extend([(f"c{i}", text) for i in range(30)])
    # pairs differ only by the sentences counted as evidence (held by at most 4 earlier stories)
    assert d.stats.candidate_pairs == 435 and len(verified) == 1 and verified[0] <= 5
    assert len({a.cluster for a in d.assign()}) == 1


def _prose_containment_by_every_key(keys_a, keys_b, cut_a, cut_b, min_samples):
    """The definition: each of a's keys below the lower cut compared with every key of b's row."""
    cut = np.minimum(cut_a, cut_b)[:, None]
    valid_a = keys_a < cut
    hits = (keys_a[:, :, None] == keys_b[:, None, :]).any(axis=2)
    shared = (hits & valid_a).sum(axis=1)
    smaller = np.minimum(valid_a.sum(axis=1), (keys_b < cut).sum(axis=1))
    out = np.full(len(keys_a), np.nan)
    ok = smaller >= min_samples
    out[ok] = np.minimum(shared[ok] / smaller[ok], 1.0)
    return out


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(0, 6), st.integers(1, 9), st.integers(1, 9), st.integers(1, 4))
def test_prose_containment_by_sorting_is_every_key_compared(data, n, width_a, width_b, min_samples):
    """Rows of small keys (so rows share some), the pad, repeated keys, cutoffs anywhere: the same fractions."""
    key = st.one_of(st.integers(0, 12), st.just(int(PROSE_PAD)), st.integers(2**31, 2**32 - 1), st.just(2**35))
    keys_a = np.array(data.draw(st.lists(st.lists(key, min_size=width_a, max_size=width_a), min_size=n,
                                         max_size=n)), dtype=np.uint64).reshape(n, width_a)
    keys_b = np.array(data.draw(st.lists(st.lists(key, min_size=width_b, max_size=width_b), min_size=n,
                                         max_size=n)), dtype=np.uint64).reshape(n, width_b)
    cut = st.sampled_from([0, 3, 8, 13, 1 << 29, 1 << 32, 1 << 40])  # (keys over 32 bits: by every key)
    cut_a = np.array(data.draw(st.lists(cut, min_size=n, max_size=n)), dtype=np.uint64)
    cut_b = np.array(data.draw(st.lists(cut, min_size=n, max_size=n)), dtype=np.uint64)
    got = prose_containment(keys_a, keys_b, cut_a, cut_b, min_samples)
    want = _prose_containment_by_every_key(keys_a, keys_b, cut_a, cut_b, min_samples)
    assert np.array_equal(got, want, equal_nan=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=300), st.lists(st.integers(-1, 42), max_size=60),
       st.sampled_from([1, 2, 3, 8, 128]))
def test_fenced_search_is_searchsorted(keys: list[int], xs: list[int], every: int) -> None:
    """Runs with long stretches of one key, keys below, between and above them, fences of any spacing."""
    run = np.sort(np.array(keys, dtype=np.uint64))
    x = np.array([max(v, 0) for v in xs], dtype=np.uint64)
    for side in ("left", "right"):
        assert search(run, run[::every].copy(), x, side, every=every).tolist() == \
            np.searchsorted(run, x, side=side).tolist()


def test_large_runs_are_searched_through_their_fence() -> None:
    """An index whose runs are fenced gives the holders and the rows of one whose runs are not."""
    rng = np.random.default_rng(3)
    fenced, plain = BandIndex(), BandIndex()
    owners = np.arange(3 * FENCED)
    flat = rng.integers(0, 5 * FENCED, len(owners)).astype(np.uint64)  # keys held by several stories
    for index in (fenced, plain):
        index.add_flat(owners, flat)
    plain._fences = [None] * len(plain._runs)
    assert any(f is not None for f in fenced._fences)
    new = rng.integers(0, 5 * FENCED, 5000).astype(np.uint64)
    assert fenced.holders(np.sort(new)).tolist() == plain.holders(np.sort(new)).tolist()
    got = fenced.add_flat(np.full(len(new), len(owners)), new)
    want = plain.add_flat(np.full(len(new), len(owners)), new)
    for g, w in zip(got, want, strict=True):
        assert g.tolist() == w.tolist()
