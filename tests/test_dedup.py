"""The Deduplicator and dedup(): what is a duplicate, clusters, representatives, and their invariants."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.cli import main
from cleanpress.dedup import DedupConfig, Deduplicator, dedup
from cleanpress.dedup.deduplicator import story_id_text
from cleanpress.dedup.minhash import shingle_hash

from .conftest import seed_paths

# a vocabulary large enough that independent stories share no 5-word run
_rng = random.Random(7)
VOCAB = sorted({"".join(_rng.choice("abcdefghijklmnoprstuvwyz") for _ in range(_rng.randint(3, 9)))
                for _ in range(6000)})

# prose: words may repeat, 5-word runs hardly ever do (unique words guarantee it)
words = st.lists(st.sampled_from(VOCAB), min_size=120, max_size=260, unique=True)
# outcomes are deterministic (fixed examples), so a rare LSH miss cannot make the suite flaky
PROPERTY = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def text_of(ws: list[str]) -> str:
    return " ".join(ws)


@PROPERTY
@given(words)
def test_a_story_duplicates_itself(ws: list[str]) -> None:
    d = Deduplicator()
    d.add(("a", text_of(ws)))
    match = d.add(("b", text_of(ws)))
    assert match.duplicate_of == "a"
    assert match.similarity == 1.0


@PROPERTY
@given(words, st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(VOCAB)), min_size=1, max_size=2))
def test_a_copy_with_a_few_words_changed_is_a_duplicate(ws: list[str], edits: list[tuple[int, str]]) -> None:
    copy = list(ws)
    for pos, word in edits:
        copy[pos % len(copy)] = word
    d = Deduplicator()
    d.add(("original", text_of(ws)))
    match = d.add(("copy", text_of(copy)))
    # one cluster; which of the two represents it is the policy's choice (ties: content, then id)
    assert match.cluster in ("original", "copy")
    assert {a.cluster for a in d.assign()} == {match.cluster}
    assert match.is_duplicate == (match.cluster == "original")


@PROPERTY
@given(st.lists(st.sampled_from(VOCAB[:3000]), min_size=120, max_size=260, unique=True),
       st.lists(st.sampled_from(VOCAB[3000:]), min_size=120, max_size=260, unique=True))
def test_unrelated_stories_are_not_merged(a: list[str], b: list[str]) -> None:
    result = dedup([("a", text_of(a)), ("b", text_of(b))])
    assert [x.duplicate_of for x in result.assignments] == [None, None]


@PROPERTY
@given(st.lists(words, min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_input_order(bases: list[list[str]], rnd: random.Random) -> None:
    stories = []
    for i, ws in enumerate(bases):
        stories.append((f"s{i}", text_of(ws)))
        stories.append((f"s{i}-edited", text_of([*ws[:10], "changed", *ws[11:]])))
        stories.append((f"s{i}-trimmed", text_of(ws[: int(len(ws) * 0.6)])))
    shuffled = list(stories)
    rnd.shuffle(shuffled)

    def clusters(items: list[tuple[str, str]]) -> set[frozenset[str]]:
        return {frozenset(c.members) for c in dedup(items).clusters}

    assert clusters(stories) == clusters(shuffled)


def test_a_trimmed_copy_is_found_by_containment() -> None:
    ws = random.Random(1).choices(VOCAB, k=400)
    d = Deduplicator()
    d.add(("full", text_of(ws)))
    match = d.add(("trimmed", text_of(ws[:240])))  # the first 60%
    assert match.duplicate_of == "full"
    assert match.kind in ("jaccard", "containment")
    shorter = d.add(("first-half", text_of(ws[:200])))  # Jaccard 0.5 at most: containment decides
    assert shorter.duplicate_of == "full"


def test_trimmed_copies_with_foreign_boilerplate_are_found() -> None:
    """The first half of a story in another site's header: true Jaccard 0.47, containment 0.91.

    From 128 permutations the containment estimate has a standard deviation of
    about 0.06, so a few such copies in a hundred fall under 0.8; most are found.
    """
    kinds: dict[str | None, int] = {}
    for seed in range(40):
        rnd = random.Random(seed)
        story = rnd.choices(VOCAB, k=400)
        chrome = rnd.choices(VOCAB, k=20)
        d = Deduplicator()
        d.add(("story", text_of(story)))
        match = d.add(("copy", text_of(chrome + story[:200])))
        if match.duplicate_of == "story":
            kinds[match.kind] = kinds.get(match.kind, 0) + 1
    assert sum(kinds.values()) >= 34
    assert kinds["containment"] > kinds.get("jaccard", 0)  # mostly found by containment


def test_containment_decides_only_above_the_lsh_threshold() -> None:
    """A tiny story is "contained" in a huge one by chance alone when few signature values agree."""
    d = Deduplicator()
    sizes = np.array([50]), np.array([2000])
    _, _, ok = d.verifier.verify(np.array([0.05]), *sizes)  # containment estimate 1.0, from 6 of 128 values
    assert not ok[0]
    _, kinds, ok = d.verifier.verify(np.array([0.4]), np.array([100]), np.array([200]))
    assert ok[0] and kinds[0] == "containment"


def test_representative_policies() -> None:
    ws = random.Random(3).choices(VOCAB, k=300)
    stories = [("short", text_of(ws[:200])), ("full", text_of(ws)), ("full-copy", text_of(ws) + " " * 50 + ".")]

    def reps(policy: str) -> list[str | None]:
        result = dedup(stories, DedupConfig(representative=policy))
        assert len({a.cluster for a in result.assignments}) == 1
        return [a.duplicate_of for a in result.assignments]

    assert reps("most-complete") == ["full", None, "full"]  # most shingles; tie to the earlier
    assert reps("first") == [None, "short", "short"]
    assert reps("longest") == ["full-copy", "full-copy", None]  # most characters


def test_assignment_fields() -> None:
    ws = random.Random(4).choices(VOCAB, k=150)
    result = cleanpress.dedup([("a", text_of(ws)), ("b", text_of(ws[:100])), ("c", "A different story.")])
    a, b, c = result.assignments
    assert a.fields() == {"cluster": "a", "duplicate_of": None, "is_duplicate": False, "similarity": 1.0,
                          "evidence": None, "seen_before": False}
    assert b.cluster == "a" and b.duplicate_of == "a" and b.is_duplicate and 0.5 < b.similarity <= 1.0
    assert b.evidence in ("jaccard", "containment")
    assert c.fields() == {"cluster": "c", "duplicate_of": None, "is_duplicate": False, "similarity": 1.0,
                          "evidence": None, "seen_before": False}
    assert result.stats.stories == 3 and result.stats.duplicate_pairs == 1


def test_empty_stories_are_never_duplicates() -> None:
    result = dedup([("a", ""), ("b", "!!!"), ("c", "")])
    assert [x.duplicate_of for x in result.assignments] == [None, None, None]
    assert result.stats.empty == 3  # all three have no shingles, "a" and "c" the same (empty) text


def test_an_id_from_an_earlier_run_is_not_added_twice(tmp_path) -> None:
    index = str(tmp_path / "idx.sqlite")
    with Deduplicator(index=index) as d:
        d.add(("a", "one two three four five six"))
    with Deduplicator(index=index) as d:
        again = d.add(("a", "something else entirely, it is the id that counts"))
        assert again.known
        assert len(d) == 1
        assert d.stats.known == 1


@pytest.mark.parametrize("second", ["a", 12345])
def test_a_duplicate_id_within_one_run_is_an_error_not_a_skip(second) -> None:
    d = Deduplicator()
    d.add((str(second), "one two three four five six"))
    with pytest.raises(ValueError, match="duplicate story id"):
        d.add((second, "a different story under the same id, compared as a string"))
    with pytest.raises(ValueError, match="duplicate story id"):
        d.add_many([("x", "one"), ("x", "two")])
    assert len(d) == 1


def test_query_does_not_add() -> None:
    ws = random.Random(5).choices(VOCAB, k=100)
    d = Deduplicator()
    d.add(("a", text_of(ws)))
    assert d.query(("q", text_of(ws))).duplicate_of == "a"
    assert len(d) == 1


def test_query_with_a_datasketch_minhash_checks_the_scheme() -> None:
    ws = random.Random(6).choices(VOCAB, k=100)
    d = Deduplicator()
    d.add(("a", text_of(ws)))
    m = MinHash(128, hashfunc=shingle_hash)
    m.update_batch(d.signer.shingler.shingles(text_of(ws)))
    assert d.query(m).duplicate_of == "a"
    legacy = MinHash(128, scheme="legacy", hashfunc=shingle_hash)
    legacy.update_batch(d.signer.shingler.shingles(text_of(ws)))
    with pytest.raises(ValueError, match="scheme 'legacy' does not match this index's scheme 'affine32'"):
        d.query(legacy)


def test_bad_stories_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="needs an 'id'"):
        story_id_text({"text": "x"})
    with pytest.raises(ValueError, match="'text' must be a string, got int"):
        story_id_text({"id": "a", "text": 3})
    with pytest.raises(TypeError, match="not list"):
        story_id_text(["a", "b", "c"])


def test_stats_add_up() -> None:
    a = dedup([("a", "x y z"), ("b", "x y z")]).stats
    b = dedup([("c", "p q r")]).stats
    total = a + b
    assert (total.stories, total.added, total.duplicate_pairs) == (3, 3, 1)


def test_config_refuses_bad_values_with_the_fix() -> None:
    with pytest.raises(ValueError, match="threshold must be in"):
        DedupConfig(threshold=0)
    with pytest.raises(ValueError, match="representative must be one of"):
        DedupConfig(representative="best")


def test_the_seeds_are_six_distinct_stories() -> None:
    """Five pages on one topic, six stories (one page holds two): different events, none merged."""
    docs = [cleanpress.Document(id=p.stem, text=p.read_text(encoding="utf-8")) for p in seed_paths()]
    records = list(cleanpress.run(docs))
    assert len(records) == 6
    assert all(r["duplicate_of"] is None for r in records)
    assert len({r["cluster"] for r in records}) == 6


def test_signatures_are_kept_in_order_as_the_index_grows() -> None:
    d = Deduplicator(DedupConfig(batch_size=3))
    texts = [f"story number {i} " + " ".join(VOCAB[i * 7 : i * 7 + 30]) for i in range(2000)]
    for start in range(0, 2000, 500):
        d.add_many([(f"id{i}", texts[i]) for i in range(start, start + 500)])
    np.testing.assert_array_equal(d._sigs[:2000], d.signer.sign(texts).values)


# -- evidence that host text cannot dilute, boilerplate, chains, order --------------------------------------

_prose_rng = random.Random(21)


def prose(n_sentences: int, vocab: list[str]) -> list[str]:
    """Sentences of 12-20 words drawn from ``vocab`` (distinct vocabularies never share a 5-word run)."""
    return [" ".join(_prose_rng.choice(vocab) for _ in range(_prose_rng.randint(12, 20))).capitalize() + "."
            for _ in range(n_sentences)]


def test_a_copy_inside_four_times_its_length_of_host_text_is_found() -> None:
    story = prose(20, VOCAB[:1500])
    host = prose(80, VOCAB[1500:3000])
    padded = " ".join(host[:30]) + "\n" + " ".join(story) + "\n" + " ".join(host[30:])
    trimmed_padded = " ".join(host[40:56]) + "\n" + " ".join(story[:8]) + "\n" + " ".join(host[56:72])
    result = dedup([("story", " ".join(story)), ("padded", padded), ("trimmed", trimmed_padded),
                    ("other", " ".join(prose(20, VOCAB[3000:4500])))])
    by_id = {a.id: a for a in result.assignments}
    assert by_id["padded"].cluster == by_id["story"].cluster == by_id["trimmed"].cluster
    assert by_id["other"].cluster == "other"
    members = [a for a in result.assignments if a.is_duplicate]
    assert {a.evidence for a in members} <= {"prose-containment", "containment", "shared-sentences", "shared-lead"}
    assert all(0 < a.similarity <= 1 for a in members)


def test_different_stories_in_one_site_template_never_merge() -> None:
    header, footer = prose(6, VOCAB[4500:5000]), prose(6, VOCAB[5000:5500])
    pages = [(f"page{i}", " ".join(header) + "\n" + " ".join(prose(14, VOCAB[i * 600:(i + 1) * 600])) + "\n"
              + " ".join(footer)) for i in range(7)]
    result = dedup(pages)
    assert [a.duplicate_of for a in result.assignments] == [None] * 7


def test_a_frame_that_outweighs_its_stories_joins_none_of_them_and_hides_no_copy() -> None:
    # one site's frame (menus and three times a story's length of its own prose) around 8 different stories,
    # two of them also copied into frames of other sites: the frame's text is what the 8 pages have most in
    # common by every whole-text measure (Jaccard above 0.5), but it is held by more stories than a story's
    # copies are, so it is no evidence; what each page holds of its own decides
    menu = "\n".join(" ".join(VOCAB[5500 + 3 * k : 5503 + 3 * k]).title() for k in range(60))
    frame_prose = " ".join(prose(40, VOCAB[4500:5500]))
    stories = [prose(12, VOCAB[i * 450 : (i + 1) * 450]) for i in range(8)]
    pages = [(f"site{i}", menu + "\n" + " ".join(s) + "\n" + frame_prose) for i, s in enumerate(stories)]
    copies = [(f"copy{i}", " ".join(prose(6, VOCAB[3600 + 300 * i : 3900 + 300 * i])) + "\n" + " ".join(stories[i]))
              for i in range(2)]
    d = Deduplicator()
    whole = jaccard_of(d, pages[0][1], pages[1][1])
    assert whole > 0.5  # the frame outweighs the stories
    result = dedup(pages + copies)
    cluster = {a.id: a.cluster for a in result.assignments}
    assert len({cluster[f"site{i}"] for i in range(8)}) == 8
    assert cluster["copy0"] == cluster["site0"] and cluster["copy1"] == cluster["site1"]
    evidence = {a.id: a.evidence for a in result.assignments if a.is_duplicate}
    assert set(evidence.values()) == {"prose-containment"}


def test_two_pages_of_one_site_sharing_its_opening_and_closing_prose_are_not_one_story() -> None:
    # a cookie notice before and a footer after two different stories of one site (held by two pages: not
    # boilerplate by count): they share the lead of both and their endings; a story trimmed into another
    # site's text shares the lead, not the ending
    notice, footer = prose(3, VOCAB[4500:4800]), prose(4, VOCAB[4800:5100])
    stories = [prose(12, VOCAB[i * 600 : (i + 1) * 600]) for i in range(2)]
    pages = [(f"page{i}", " ".join(notice) + "\n" + " ".join(s) + "\n" + " ".join(footer))
             for i, s in enumerate(stories)]
    trimmed = ("trimmed", " ".join(prose(10, VOCAB[3000:3600])) + "\n" + " ".join(stories[0][:5]) + "\n"
               + " ".join(prose(10, VOCAB[3600:4200])))
    result = dedup([*pages, ("story", " ".join(stories[0])), trimmed])
    cluster = {a.id: a.cluster for a in result.assignments}
    assert cluster["page0"] != cluster["page1"]
    assert cluster["trimmed"] == cluster["story"]


def test_a_copy_trimmed_to_its_first_two_sentences_inside_four_times_their_length_is_found() -> None:
    story = prose(10, VOCAB[:1500])
    host = prose(40, VOCAB[1500:3000])
    copy = " ".join(host[:5]) + "\n" + " ".join(story[:2]) + "\n" + " ".join(host[5:9])
    # two sentences shared in the middle of both texts (a quotation, a site's teaser) are no lead
    quoting = " ".join(prose(6, VOCAB[3000:3600])) + "\n" + " ".join(story[4:6]) + "\n" + " ".join(host[20:26])
    result = dedup([("story", " ".join(story)), ("copy", copy), ("quoting", quoting)])
    by_id = {a.id: a for a in result.assignments}
    assert by_id["copy"].cluster == by_id["story"].cluster
    assert by_id["copy"].evidence == "shared-lead" or by_id["story"].evidence == "shared-lead"
    assert by_id["quoting"].cluster == "quoting"


def frame_bridge_pages() -> list[tuple[str, str]]:
    """Two stories, each on a page of one site and copied into another site's text; the site's sidebar (held by
    its two pages only: not boilerplate by count) opens one page and follows the story on the other."""
    sidebar = prose(8, VOCAB[4500:4900])
    stories = [prose(12, VOCAB[i * 600 : (i + 1) * 600]) for i in range(2)]
    other = [prose(6, VOCAB[3000 + 300 * k : 3300 + 300 * k]) for k in range(4)]
    return [
        ("page0", " ".join(sidebar) + "\n" + " ".join(stories[0]) + "\n" + " ".join(other[0])),
        ("page1", " ".join(stories[1]) + "\n" + " ".join(sidebar) + "\n" + " ".join(other[1])),
        ("copy0", " ".join(other[2]) + "\n" + " ".join(stories[0])),
        ("copy1", " ".join(stories[1][:9]) + "\n" + " ".join(other[3])),
    ]


def test_a_pair_joining_two_stories_copied_elsewhere_through_their_frame_is_no_duplicate() -> None:
    pages = frame_bridge_pages()
    d = Deduplicator()
    d.extend(pages)
    verified = {(d.story_id(a), d.story_id(b)): kind for a, b, _, kind in d.final_edges()}
    assert verified.get(("page1", "page0")) == "shared-lead"  # the sidebar opens page0: verified as a pair ...
    assert ("copy0", "page0") in verified and ("copy1", "page1") in verified
    result = dedup(pages)
    cluster = {a.id: a.cluster for a in result.assignments}
    # ... but page0 is copy0's story and page1 copy1's, and those share nothing: the pair is a frame's bridge
    assert cluster["page0"] == cluster["copy0"] != cluster["page1"] == cluster["copy1"]
    # the same clusters streaming (settled), in any order
    s = Deduplicator()
    for story in reversed(pages):
        s.add(story)
    assert {a.id: a.cluster for a in s.assign()} == cluster
    # without the copies nothing tells the sidebar from a story: the pages stay one pair
    alone = {a.id: a.cluster for a in dedup(pages[:2]).assignments}
    assert alone["page0"] == alone["page1"]


def test_a_frame_bridge_is_dropped_the_same_across_runs_of_a_persistent_index(tmp_path) -> None:
    pages = frame_bridge_pages()
    want = dedup(pages).assignments
    path = str(tmp_path / "month.sqlite")
    for part in (pages[:2], pages[2:]):  # the pages of one site today, the copies tomorrow
        dedup(part, DedupConfig(batch_size=1), index=path)
    with Deduplicator(DedupConfig(batch_size=1), index=path) as again:
        got = {a.id: (a.cluster, a.evidence) for a in again.assign()}
    assert got == {a.id: (a.cluster, a.evidence) for a in want}
    assert got["page0"][0] != got["page1"][0]


def test_copies_of_one_story_trimmed_differently_are_no_bridge() -> None:
    # a chain of copies: each end shares story sentences with the other side, so nothing is dropped
    story = prose(24, VOCAB[:1500])
    texts = [("whole", " ".join(story)), ("first", " ".join(story[:14])), ("last", " ".join(story[10:])),
             ("middle", " ".join(prose(20, VOCAB[1500:3000])) + "\n" + " ".join(story[4:20]))]
    result = dedup(texts)
    assert len({a.cluster for a in result.assignments}) == 1


def jaccard_of(d: Deduplicator, a: str, b: str) -> float:
    sigs = d.signer.sign([a, b]).values
    return float((sigs[0] == sigs[1]).mean())


def test_a_chain_never_joins_a_story_to_a_representative_it_is_not_similar_to() -> None:
    ws = random.Random(9).sample(VOCAB, 300)
    a, b, c = text_of(ws[0:200]), text_of(ws[40:240]), text_of(ws[80:280])  # a~b, b~c, a and c are not similar
    result = dedup([("a", a), ("b", b), ("c", c)])
    for x in result.assignments:
        if x.is_duplicate:
            # the similarity reported is to the representative, and keeps the threshold's meaning
            assert x.similarity >= DedupConfig().threshold or x.evidence != "jaccard"
    clusters = {x.id: x.cluster for x in result.assignments}
    assert clusters["a"] == clusters["b"] == clusters["c"] == "b"  # the story both are similar to represents them


def test_shuffled_input_gives_the_same_cluster_ids() -> None:
    rng = random.Random(5)
    stories = []
    for k in range(40):
        body = text_of(rng.sample(VOCAB, 150))
        stories.append((f"s{k}", body))
        if k % 3 == 0:
            stories.append((f"s{k}-copy", body))  # an exact copy: a tie the content cannot break, the id does
        if k % 4 == 0:
            stories.append((f"s{k}-cut", text_of(body.split()[:110])))
    want = {a.id: (a.cluster, a.duplicate_of) for a in dedup(stories).assignments}
    for seed in range(3):
        shuffled = list(stories)
        random.Random(seed).shuffle(shuffled)
        got = {a.id: (a.cluster, a.duplicate_of) for a in dedup(shuffled).assignments}
        assert got == want


def test_the_cli_reports_duplicate_ids_compared_as_strings(tmp_path) -> None:


    text = " ".join(prose(5, VOCAB[:800]))
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (
        {"id": 12345, "text": text}, {"id": "12345", "text": "another story under the same id"},
        {"id": "b", "text": text})))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    assert main(["dedup", str(path), "-o", str(out), "--rejects", str(rejects), "-q"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [str(r["id"]) for r in records] == ["12345", "b"]
    assert records[1]["cluster"] == records[0]["cluster"]
    reported = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert len(reported) == 1 and "duplicate id" in json.dumps(reported[0])
    assert main(["dedup", str(path), "-o", str(out), "--strict", "-q"]) == 1


def test_drop_duplicates_keeps_representatives_only(tmp_path) -> None:


    text = " ".join(prose(6, VOCAB[:800]))
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in
                            enumerate([text, text + " Reuters.", " ".join(prose(6, VOCAB[900:1700]))])))
    out = tmp_path / "out.jsonl"
    assert main(["dedup", str(path), "-o", str(out), "--drop-duplicates", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 2 and not any(r["is_duplicate"] for r in records)
    assert [r["id"] for r in cleanpress.run([text, text, "Something else entirely, said the mayor."],
                                            drop_duplicates=True)] != []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=400, unique=True), st.data(),
       st.integers(1, 64))
def test_prose_samples_are_consistent_so_a_text_inside_another_is_contained(hashes: list[int], data: st.DataObject,
                                                                           cap: int) -> None:
    # whatever the cap, a text's sample below the lower cutoff is the larger text's sample there: containment 1
    from cleanpress.dedup.cluster import PROSE_PAD, prose_containment
    from cleanpress.dedup.sentences import prose_cutoffs, prose_samples

    inner = data.draw(st.lists(st.sampled_from(hashes), min_size=1, unique=True))
    values = np.array(inner + hashes, dtype=np.uint32)
    flat, counts = prose_samples(values, np.array([len(inner), len(hashes)]), cap)
    cuts = prose_cutoffs(flat, counts, cap)
    rows = np.full((2, cap), PROSE_PAD, dtype=np.uint64)
    rows[0, : counts[0]], rows[1, : counts[1]] = flat[: counts[0]], flat[counts[0] :]
    low = min(cuts)
    assert set(rows[0][rows[0] < low].tolist()) <= set(rows[1][rows[1] < low].tolist())
    found = prose_containment(rows[:1], rows[1:], cuts[:1], cuts[1:], 1)[0]
    assert np.isnan(found) or found == 1.0


_pairs = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda p: p[0] != p[1]), max_size=25)


@settings(max_examples=200, deadline=None)
@given(_pairs, _pairs, st.randoms(use_true_random=False))
def test_frame_bridges_depend_on_the_graph_only_and_need_partners_on_both_sides(
        verified: list[tuple[int, int]], related: list[tuple[int, int]], rnd: random.Random) -> None:
    from cleanpress.dedup.cluster import frame_bridges

    def bridges(edges: list[tuple[int, int]], rel: list[tuple[int, int]]) -> set[frozenset[int]]:
        a = np.array([e[0] for e in edges], dtype=np.int64)
        b = np.array([e[1] for e in edges], dtype=np.int64)
        mask = frame_bridges(a, b, np.array([r[0] for r in rel], dtype=np.int64),
                             np.array([r[1] for r in rel], dtype=np.int64))
        return {frozenset(e) for e, m in zip(edges, mask.tolist(), strict=True) if m}

    found = bridges(verified, related)
    # the same pairs, listed in another order and either way round, give the same bridges
    shuffled = [(b, a) if rnd.random() < 0.5 else (a, b) for a, b in verified]
    rnd.shuffle(shuffled)
    assert bridges(shuffled, list(reversed(related))) == found
    degree: dict[int, int] = {}
    for a, b in {frozenset(e) for e in verified}:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    for pair in found:
        # a bridge's two ends each have another partner: nothing else says they are two stories
        assert all(degree[x] >= 2 for x in pair)
    # more relatedness never makes more bridges
    assert bridges(verified, related + verified[:3] + [(0, 1), (2, 3)]) <= found
