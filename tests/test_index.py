"""The persistent index: what is stored comes back, schemes are not mixed, interrupted runs resume."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from cleanpress.cli import main
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


def test_a_bit_flip_in_a_stored_signature_is_detected(tmp_path: Path) -> None:
    path = str(tmp_path / "idx.sqlite")
    dedup(corpus(10), index=path)
    db = sqlite3.connect(path)
    seq, signature = db.execute("SELECT seq, signature FROM stories WHERE seq = 4").fetchone()
    flipped = bytearray(signature)
    flipped[37] ^= 0x08
    db.execute("UPDATE stories SET signature = ? WHERE seq = ?", (bytes(flipped), seq))
    db.commit()
    db.close()
    with pytest.raises(ValueError, match=r"damaged: what is stored for story 4 .* fails its checksum"):
        Deduplicator(index=path)


def test_a_sqlite_file_that_is_not_a_cleanpress_index_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    db.execute("INSERT INTO invoices VALUES (1, 9.5)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(ValueError, match=r"is not a cleanpress index: it holds the tables invoices; .*untouched"):
        Deduplicator(index=str(path))
    assert path.read_bytes() == before  # no tables added, journal mode not switched to WAL
    assert not (tmp_path / "other.sqlite-wal").exists()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100)
    with pytest.raises(ValueError, match="not a readable cleanpress index"):
        Deduplicator(index=str(path))
    assert path.read_text() == "not a database\n" * 100


def test_index_failures_are_one_line_messages_with_status_2(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:

    stories = tmp_path / "in.jsonl"
    stories.write_text('{"id": "a", "text": "one two three four five six seven"}\n')
    foreign = tmp_path / "other.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    unopenable = tmp_path / "wal-blocked.sqlite"
    (tmp_path / "wal-blocked.sqlite-wal").mkdir()  # SQLite cannot create its write-ahead log here
    for index in (foreign, unopenable, tmp_path / "missing-dir" / "idx.sqlite"):
        code = main(["dedup", str(stories), "-o", str(tmp_path / "out.jsonl"), "--index", str(index), "-q"])
        err = capsys.readouterr().err
        assert code == 2, err
        assert err.startswith("cleanpress: ") and err.count("\n") == 1 and "Traceback" not in err, err
        assert str(index) in err


@pytest.mark.skipif(getattr(__import__("os"), "geteuid", lambda: 0)() == 0,
                    reason="root writes to read-only files: the permission cannot be tested as root")
def test_a_read_only_index_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "idx.sqlite"
    dedup(corpus(4), index=str(path))
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ValueError, match=r"read-only|could not be written|not a readable"):
            dedup(corpus(8, seed=1), index=str(path))
    finally:
        tmp_path.chmod(0o755)
