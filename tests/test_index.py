"""The persistent index: what is stored comes back, schemes are not mixed, interrupted runs resume."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from cleanpress.dedup import DedupConfig, Deduplicator, dedup
from cleanpress.dedup.index import Batch, SQLiteStore

_rng = random.Random(11)
VOCAB = [f"w{_rng.randrange(10**9)}" for _ in range(5000)]


def corpus(n_stories: int = 60, seed: int = 0) -> list[tuple[str, str]]:
    """Stories with copies: every third one is an edited or trimmed copy of an earlier one."""
    rnd = random.Random(seed)
    stories: list[tuple[str, str]] = []
    bases: list[list[str]] = []
    for i in range(n_stories):
        if bases and i % 3 == 2:
            base = rnd.choice(bases)
            words = base[: int(len(base) * 0.7)] if i % 2 else [*base[:5], "edited", *base[6:]]
        else:
            words = rnd.choices(VOCAB, k=rnd.randint(80, 200))
            bases.append(words)
        stories.append((f"story-{i}", " ".join(words)))
    return stories


def test_an_index_keeps_stories_across_runs(tmp_path: Path) -> None:
    path = str(tmp_path / "idx.sqlite")
    stories = corpus()
    dedup(stories[:30], index=path)  # yesterday's crawl
    today = dedup(stories[30:], index=path)  # today's, checked against yesterday's
    everything = dedup(stories)
    expected = {a.id: a for a in everything.assignments}
    assert [(a.id, a.cluster, a.duplicate_of) for a in today.assignments] == [
        (expected[a.id].id, expected[a.id].cluster, expected[a.id].duplicate_of) for a in today.assignments]
    with Deduplicator(index=path) as d:
        assert len(d) == 60


def test_rerunning_the_same_input_adds_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "idx.sqlite")
    stories = corpus()
    first = dedup(stories, index=path)
    again = dedup(stories, index=path)
    assert again.stats.added == 0 and again.stats.known == 60
    # the same input again: its own stories are not "seen before"
    assert again.assignments == first.assignments
    rows = sqlite3.connect(path).execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM stories").fetchone()
    assert rows == (60, 60)


class CrashingStore(SQLiteStore):
    """A store whose process dies (an exception here) before the ``crash_at``-th batch is committed."""

    def __init__(self, path: str, crash_at: int) -> None:
        super().__init__(path)
        self.crash_at = crash_at
        self.batches = 0

    def append(self, batch: Batch) -> None:
        self.batches += 1
        if self.batches == self.crash_at:
            raise KeyboardInterrupt("killed")
        super().append(batch)


@pytest.mark.parametrize("crash_at", [1, 2, 4])
def test_an_interrupted_run_resumes_without_losing_or_double_counting(tmp_path: Path, crash_at: int) -> None:
    path = str(tmp_path / "idx.sqlite")
    stories = corpus(90)
    config = DedupConfig(batch_size=16)
    with pytest.raises(KeyboardInterrupt):
        dedup(stories, config, index=CrashingStore(path, crash_at))
    stored = sqlite3.connect(path).execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    assert stored == 16 * (crash_at - 1)  # whole batches only
    resumed = dedup(stories, config, index=path)
    assert resumed.stats.known == stored and resumed.stats.added == 90 - stored
    assert resumed.assignments == dedup(stories, config).assignments
    rows = sqlite3.connect(path).execute("SELECT COUNT(*), COUNT(DISTINCT id), MAX(seq) FROM stories").fetchone()
    assert rows == (90, 90, 89)


def test_an_index_built_with_another_scheme_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "idx.sqlite")
    dedup(corpus(6), DedupConfig(scheme="legacy"), index=path)
    with pytest.raises(ValueError, match=r"scheme='legacy' \(asked for 'affine32'\).*cannot be compared"):
        Deduplicator(DedupConfig(), index=path)
    with pytest.raises(ValueError, match=r"ngram=5 \(asked for 3\)"):
        Deduplicator(DedupConfig(scheme="legacy", ngram=3), index=path)
    # thresholds (and so LSH bands) may change between runs: buckets are rebuilt from the signatures
    with Deduplicator(DedupConfig(scheme="legacy", threshold=0.8, containment=0.9), index=path) as d:
        assert len(d) == 6


def test_legacy_signatures_round_trip(tmp_path: Path) -> None:
    path = str(tmp_path / "idx.sqlite")
    stories = corpus(9)
    config = DedupConfig(scheme="legacy")
    with Deduplicator(config, index=path) as d:
        d.add_many(stories)
        before = d._sigs[:9].copy()
    with Deduplicator(config, index=path) as d:
        assert d._sigs.dtype == np.uint64
        np.testing.assert_array_equal(d._sigs[:9], before)
