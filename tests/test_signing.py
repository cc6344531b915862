"""Story keys (signatures, sentence fingerprints) computed where a page is cleaned give what dedup computes itself."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.dedup import DedupConfig, Deduplicator
from cleanpress.dedup.signing import StoryKeys, sign_stories
from cleanpress.pipeline import PrepareAndSign, dedup_lines, prepared_records

WORDS = ["council", "budget", "bridge", "storm", "mayor", "school", "river", "police", "market", "train",
         "the", "a", "on", "after", "Zürich", "東京"]

texts = st.lists(st.sampled_from(WORDS), max_size=60).map(
    lambda ws: ". ".join(" ".join(ws[i : i + 9]) for i in range(0, len(ws), 9)) + ("." if ws else ""))


def assert_keys_equal(a: StoryKeys, b: StoryKeys) -> None:
    assert a.config == b.config
    for name in ("values", "sizes", "lengths", "sentence_keys", "sentence_counts", "leads", "prose_keys",
                 "prose_counts"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@settings(max_examples=40, deadline=None)
@given(st.lists(texts, min_size=1, max_size=12), st.data())
def test_keys_do_not_depend_on_the_batch(batch: list[str], data: st.DataObject) -> None:
    """A story's keys are the same signed alone or with others, and taking/gathering rows keeps them."""
    together = sign_stories(batch)
    for i, text in enumerate(batch):
        assert_keys_equal(sign_stories([text]), together.take([i]))
    rows = data.draw(st.lists(st.integers(0, len(batch) - 1), max_size=20))
    if rows:
        split = data.draw(st.integers(0, len(batch)))
        first, second = sign_stories(batch[:split]), sign_stories(batch[split:])
        parts = [(first, r) if r < split else (second, r - split) for r in rows]
        assert_keys_equal(StoryKeys.gather(parts), together.take(rows))


def test_deduplicator_given_keys_finds_the_same_clusters() -> None:
    body = ("The city council approved the new budget on Tuesday after a long debate about taxes. "
            "Schools and parks will get more money next year, the mayor said after the vote. ")
    stories = [("a", body), ("b", "Breaking: " + body), ("c", "Storms closed the airport for a second day."),
               ("d", body + " More follows.")]
    plain, keyed = Deduplicator(), Deduplicator()
    plain.extend(stories)
    keyed.extend(stories, keys=sign_stories([t for _, t in stories]))
    assert [a.cluster for a in keyed.assign()] == [a.cluster for a in plain.assign()]
    assert len({a.cluster for a in plain.assign()}) == 2


def test_keys_of_another_config_or_count_are_refused() -> None:
    keys = sign_stories(["one two three four five six"], DedupConfig(num_perm=64))
    with pytest.raises(ValueError, match="dedup config"):
        Deduplicator().extend([("a", "one two three four five six")], keys=keys)
    with pytest.raises(ValueError, match="1 story keys for 2 stories"):
        Deduplicator(DedupConfig(num_perm=64)).extend([("a", "x y"), ("b", "y z")], keys=keys)


def test_known_stories_take_only_the_new_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With an index, stories already stored are not added again: their rows of the keys are skipped."""
    index = str(tmp_path / "index.sqlite")
    first = [("a", "The river rose over the old bridge in the night and the police closed the road.")]
    with Deduplicator(index=index) as d:
        d.extend(first)
    both = [*first, ("b", "The river rose over the old bridge in the night and the police closed the road again.")]
    with Deduplicator(index=index) as d:
        d.extend(both, keys=sign_stories([t for _, t in both]))
        assert d.stats.known == 1 and d.stats.added == 1
        assert {a.cluster for a in d.assign()} == {d.assign()[0].cluster}


def test_run_hands_the_deduplicator_keys_signed_with_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """run() signs in the clean step's chunks (the workers with jobs > 1): the deduplicator never signs."""
    calls: list[bool] = []
    original = Deduplicator._extend

    def spy(self, items, keys=None, int_ids=None):  # type: ignore[no-untyped-def]
        calls.append(keys is not None)
        return original(self, items, keys, int_ids)

    monkeypatch.setattr(Deduplicator, "_extend", spy)
    story = ("The city council approved the new budget on Tuesday after a long debate about taxes, schools "
             "and the repair of the old harbour bridge.")
    records = list(cleanpress.run([story, "Advertisement\n" + story, "Menu\n" + story + " Officials agreed."]))
    assert calls == [True]
    assert [r["duplicate_of"] for r in records].count(None) == 1


def test_records_without_keys_are_signed_by_the_deduplicator() -> None:
    """Records that come without keys (a page prepared without the batch step) are signed by dedup_lines."""
    task = PrepareAndSign(DedupConfig())
    cleaner = cleanpress.Cleaner()
    doc = cleanpress.Document(id="p", text="The mayor opened the new bridge on Monday morning, officials said.")
    signed = task.finish_chunk([task(cleaner, doc), ValueError("a broken page")])
    unsigned = [task(cleaner, doc)]
    assert isinstance(signed[1], ValueError)
    assert signed[0].records[0].keys is not None and unsigned[0].records[0].keys is None
    out_signed = list(dedup_lines(prepared_records(signed[:1]), Deduplicator()))
    out_unsigned = list(dedup_lines(prepared_records(unsigned), Deduplicator()))
    assert out_signed == out_unsigned
