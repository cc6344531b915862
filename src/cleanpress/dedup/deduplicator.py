"""Deduplicator: stories in, near-duplicates found, clusters with one representative out.

Streaming: :meth:`Deduplicator.add` answers, for each story, whether it
duplicates one already seen (and which). Batch: :func:`dedup` adds a whole
collection and returns every story's cluster. With ``index=PATH`` (SQLite) or
``index="redis://..."`` what was added is kept, so a later run checks new
stories against everything seen before, and an interrupted run resumes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cleanpress.dedup.arrays import isin, union, unique, unique_rows
from cleanpress.dedup.cluster import (
    PROSE_PAD,
    UnionFind,
    Verifier,
    assign_clusters,
    content_keys,
    frame_bridges,
    jaccard,
    prose_containment,
    rank_order,
)
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.index import Batch, Store, open_store
from cleanpress.dedup.lsh import BUCKET_CAP, BandIndex, band_keys
from cleanpress.dedup.minhash import Signer
from cleanpress.dedup.sentences import LEAD, SentenceFingerprints, prose_cutoffs
from cleanpress.dedup.signing import StoryKeys, fingerprint_texts, sign_stories


@dataclass(frozen=True, slots=True)
class Assignment:
    """A story's place in the clusters, the same everywhere dedup runs (CLI record, API, index, Spark).

    ``cluster`` is the id of the cluster's representative; ``duplicate_of`` the
    same id for every other member and ``None`` for the representative itself
    (``is_duplicate`` says which); ``similarity`` is this story's similarity to
    the representative (1.0 for the representative), ``evidence`` what decided
    that pair (``"prose-containment"``, ``"jaccard"``, ``"containment"``,
    ``"shared-sentences"``, ``"shared-lead"``; ``None`` for the representative).
    Every member is a verified pair with its representative: clusters never chain. ``seen_before`` is true when the
    cluster holds a story of an earlier run (one already in the index when it
    was opened, that this run's input does not give again).
    """

    id: str
    cluster: str
    duplicate_of: str | None
    similarity: float
    evidence: str | None = None
    seen_before: bool = False

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None

    def fields(self) -> dict[str, Any]:
        """The fields the CLI adds to a story's record."""
        return {"cluster": self.cluster, "duplicate_of": self.duplicate_of, "is_duplicate": self.is_duplicate,
                "similarity": round(self.similarity, 4), "evidence": self.evidence, "seen_before": self.seen_before}


@dataclass(frozen=True, slots=True)
class Match(Assignment):
    """What :meth:`Deduplicator.add` says of one story: its :class:`Assignment` as of now.

    Fields mean what they mean in :class:`Assignment`. The answer is the one the
    stories added so far support, and it can change as stories arrive: a story
    arriving later may become its cluster's representative, and a match can be
    withdrawn. Text counts as evidence only while few stories hold it, and a
    match made on text that later stories turn out to share (a site's frame or
    footer seen again and again) is not one: :meth:`Deduplicator.assign` (and
    the CLI, and the Spark engine) verify every pair again with everything
    counted, so the clusters do not depend on the order stories came in. Take
    :meth:`Deduplicator.assign` after the last story for the settled answer.
    ``known`` is true when a story with this id was already in the index from
    an earlier run: it is not added again.
    """

    known: bool = False

    @property
    def kind(self) -> str | None:
        """The evidence that decided (an older name of :attr:`evidence`)."""
        return self.evidence


@dataclass(frozen=True, slots=True)
class Cluster:
    """Stories that are near-duplicates of each other, with the one that represents them."""

    representative: str
    members: tuple[str, ...]
    similarities: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.members)


@dataclass(slots=True)
class DedupStats:
    """Counts for a run, summable across shards: ``a + b``."""

    stories: int = 0
    added: int = 0
    known: int = 0
    empty: int = 0
    candidate_pairs: int = 0
    duplicate_pairs: int = 0

    def __add__(self, other: DedupStats) -> DedupStats:
        return DedupStats(*(getattr(self, f) + getattr(other, f) for f in self.__slots__))


@dataclass(frozen=True, slots=True)
class DedupResult:
    """What :func:`dedup` returns: one assignment per input story (in input order), the clusters, counts."""

    assignments: list[Assignment]
    clusters: list[Cluster]
    stats: DedupStats = field(default_factory=DedupStats)


def story_id_text(story: Any) -> tuple[str, str]:
    """The id and text of a story: a :class:`~cleanpress.types.Story`, a mapping, or an ``(id, text)`` pair.

    >>> story_id_text({"id": "a#0", "text": "Body."})
    ('a#0', 'Body.')
    >>> story_id_text({"text": "Body."})
    Traceback (most recent call last):
    ...
    ValueError: a story needs an 'id' (got a mapping with keys ['text'])
    """
    if isinstance(story, Mapping):
        if "id" not in story:
            raise ValueError(f"a story needs an 'id' (got a mapping with keys {sorted(story)})")
        sid, text = story["id"], story.get("text")
    elif isinstance(story, tuple) and len(story) == 2:
        sid, text = story
    elif hasattr(story, "id") and hasattr(story, "text"):
        sid, text = story.id, story.text
    else:
        raise TypeError(f"a story is a Story, a mapping with 'id' and 'text', or an (id, text) pair, "
                        f"not {type(story).__name__}")
    if not isinstance(text, str):
        raise ValueError(f"story {sid!r}: 'text' must be a string, got {type(text).__name__}")
    if isinstance(sid, bool) or not isinstance(sid, (str, int)):
        raise ValueError(f"story id must be a string or integer, got {type(sid).__name__}")
    return str(sid), text


def story_id_is_int(story: Any) -> bool:
    """Whether a story's id (see :func:`story_id_text`) was given as an integer (a JSON integer).

    >>> story_id_is_int({"id": 12345, "text": "x"}), story_id_is_int(("12345", "x")), story_id_is_int((True, "x"))
    (True, False, False)
    """
    if isinstance(story, Mapping):
        sid = story.get("id")
    elif isinstance(story, tuple) and len(story) == 2:
        sid = story[0]
    else:
        return bool(getattr(story, "id_is_int", False)) or isinstance(getattr(story, "id", None), int)
    return isinstance(sid, int) and not isinstance(sid, bool)


#: candidate pairs verified at a time at the end of a run (the pairs' signatures and prose samples, ~4 KB a
#: pair, are gathered for each slice: ~130 MB, however many stories)
FINAL_CHUNK = 32_768


class Deduplicator:
    """Finds near-duplicate stories, one story or one batch at a time.

    >>> d = Deduplicator()
    >>> text = ("The city council voted on Tuesday to approve the new budget for schools, "
    ...         "parks and roads after a debate that lasted more than six hours.")
    >>> d.add({"id": "a", "text": text}).duplicate_of is None
    True
    >>> m = d.add({"id": "b", "text": text.replace("six", "seven")})
    >>> m.cluster == d.assign()[0].cluster, round(m.similarity, 2) > 0.5  # one cluster; its representative
    (True, True)
    >>> [(a.id, a.is_duplicate, a.evidence) for a in d.assign()]  # ties: the content's hash decides
    [('a', True, 'jaccard'), ('b', False, None)]
    >>> d.add({"id": "c", "text": "Storms closed the airport for the second day in a row."}).duplicate_of is None
    True
    >>> [c.members for c in d.clusters()]
    [('a', 'b'), ('c',)]
    """

    def __init__(self, config: DedupConfig | None = None, *, index: str | Store | None = None) -> None:
        self.config = config or DedupConfig()
        c = self.config
        self.signer = Signer(c)
        self.fingerprints = SentenceFingerprints(c.sentence_words, c.sentence_sketch)
        self.bands, self.rows = c.bands_rows()
        # containment is estimated from the Jaccard estimate, too noisy below the similarity LSH is tuned for
        self.verifier = verifier_for(c)
        self.stats = DedupStats()
        self._ids: list[str] = []
        self._seq: dict[str, int] = {}
        self._sigs = np.zeros((0, c.num_perm), dtype=self.signer.dtype)
        self._sizes = np.zeros(0, dtype=np.int64)
        self._lengths = np.zeros(0, dtype=np.int64)
        #: per story, whether its id was given as an integer (ids are compared as text; records give it back)
        self._int_ids = np.zeros(0, dtype=bool)
        self._sentence_counts = np.zeros(0, dtype=np.int64)
        #: every story's lead and tail sentences (``2 x LEAD`` columns, the lead's first)
        self._leads = np.zeros((0, 2 * LEAD), dtype=np.uint64)
        #: every story's prose sample, concatenated (8 bytes a key), and where each story's starts and ends
        self._prose = np.zeros(0, dtype=np.uint64)
        self._prose_start = np.zeros(0, dtype=np.int64)
        self._prose_count = np.zeros(0, dtype=np.int64)
        self._prose_cut = np.zeros(0, dtype=np.uint64)
        self._buckets = BandIndex()
        self._sentences = BandIndex()
        self._prose_index = BandIndex()
        self._uf = UnionFind()
        #: the pairs verified as stories arrived (and those of the index), in that order
        self._edges = EdgeLog()
        self._neighbours: dict[int, list[int]] = {}
        #: the verified pairs of ``_edges`` already in ``_uf`` and ``_neighbours`` (brought up to date when asked)
        self._linked = 0
        #: per story, its content class: stories with equal keys (a function of the text) share one, so a
        #: verification is done once per class pair (see :meth:`_verify`)
        self._class = np.zeros(0, dtype=np.int64)
        self._classes: dict[bytes, int] = {}
        #: the pairs of stories that shared a long sentence (not boilerplate) when the newer one was added
        #: (``newer << 32 | older``), one array per batch: 8 bytes a pair, not two set entries
        self._related_codes: list[np.ndarray] = []
        #: the same per story, built from ``_related_codes`` (up to ``_related_linked`` arrays) only when an
        #: answer about single stories needs it (:meth:`_relate`)
        self._related: dict[int, set[int]] = {}
        self._related_linked = 0
        #: stories numbered below this came from the index; those of them given again in this run's input
        self._earlier = 0
        self._presented: set[int] = set()
        self._store: Store | None = open_store(index) if isinstance(index, str) else index
        if self._store is not None:
            self._load(self._store)

    # -- state ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._seq

    def added_in_this_run(self, story_id: str) -> bool:
        """Whether ``story_id`` was given since this deduplicator opened (added, or found in the index)."""
        seq = self._seq.get(story_id)
        return seq is not None and (seq >= self._earlier or seq in self._presented)

    def _append(self, ids: list[str], sigs: np.ndarray, sizes: np.ndarray, lengths: np.ndarray,  # noqa: PLR0917
                sentence_counts: np.ndarray, leads: np.ndarray, prose_keys: np.ndarray,
                prose_counts: np.ndarray, int_ids: np.ndarray) -> int:
        first = len(self._ids)
        n = first + len(ids)
        if n > len(self._sigs):  # grow by doubling, so appending one story at a time stays cheap
            cap = max(n, 2 * len(self._sigs), 1024)
            for name in ("_sigs", "_sizes", "_lengths", "_int_ids", "_sentence_counts", "_leads", "_prose_start",
                         "_prose_count", "_prose_cut", "_class"):
                old = getattr(self, name)
                new = np.zeros((cap, *old.shape[1:]), dtype=old.dtype)
                new[:first] = old[:first]
                setattr(self, name, new)
        used = int(self._prose_start[first - 1] + self._prose_count[first - 1]) if first else 0
        if used + len(prose_keys) > len(self._prose):
            grown = np.zeros(max(used + len(prose_keys), 2 * len(self._prose), 1024), dtype=np.uint64)
            grown[:used] = self._prose[:used]
            self._prose = grown
        self._prose[used : used + len(prose_keys)] = prose_keys
        self._prose_start[first:n] = used + np.cumsum(prose_counts) - prose_counts
        self._prose_count[first:n] = prose_counts
        self._prose_cut[first:n] = prose_cutoffs(prose_keys, prose_counts, self.config.prose_sample)
        self._sigs[first:n] = sigs
        self._sizes[first:n] = sizes
        self._lengths[first:n] = lengths
        self._int_ids[first:n] = int_ids
        self._sentence_counts[first:n] = sentence_counts
        self._leads[first:n] = leads
        self._class[first:n] = self._content_classes(sigs, sizes, lengths, sentence_counts, leads, prose_keys,
                                                     prose_counts)
        for i, story_id in enumerate(ids):
            self._seq[story_id] = first + i
        self._ids.extend(ids)
        self._uf.grow(n)
        return first

    def _content_classes(self, sigs: np.ndarray, sizes: np.ndarray, lengths: np.ndarray,  # noqa: PLR0917
                         sentence_counts: np.ndarray, leads: np.ndarray, prose_keys: np.ndarray,
                         prose_counts: np.ndarray) -> list[int]:
        """Each story's content class: equal for stories whose keys that verification reads are equal
        (signature, set size, length, sentence count, lead and tail, prose sample)."""
        ends = np.cumsum(prose_counts).tolist()
        starts = [0, *ends[:-1]]
        prose = prose_keys.tobytes()
        out = []
        for i, (sig, size, length, count, lead) in enumerate(zip(sigs, sizes.tolist(), lengths.tolist(),
                                                                 sentence_counts.tolist(), leads, strict=True)):
            digest = hashlib.blake2b(sig.tobytes(), digest_size=16)
            digest.update(lead.tobytes())
            digest.update(prose[8 * starts[i] : 8 * ends[i]])
            digest.update(f"{size},{length},{count},{ends[i] - starts[i]}".encode())
            out.append(self._classes.setdefault(digest.digest(), len(self._classes)))
        return out

    def _load(self, store: Store) -> None:
        contents = store.open(self.config.fingerprint(), self.signer.dtype, self.config.num_perm)
        first = self._append(contents.ids, contents.signatures, contents.sizes, contents.lengths,
                             contents.sentence_counts, contents.leads, contents.prose_keys, contents.prose_counts,
                             contents.int_ids)
        self._index(first, contents.signatures, contents.sizes, contents.sentence_keys, contents.sentence_counts,
                    contents.prose_keys, contents.prose_counts)
        self._edges.extend_tuples(contents.edges)
        self._earlier = len(self._ids)

    def _link(self) -> None:
        """Bring the components (``_uf``) and each story's verified pairs (``_neighbours``) up to date with
        ``_edges``: only answers about single stories need them, so a batch run never builds them."""
        uf, neighbours = self._uf, self._neighbours
        a_new, b_new, _, _ = self._edges.since(self._linked)
        for e, (a, b) in enumerate(zip(a_new.tolist(), b_new.tolist(), strict=True), start=self._linked):
            uf.union(a, b)
            neighbours.setdefault(a, []).append(e)
            neighbours.setdefault(b, []).append(e)
        self._linked = len(self._edges)

    def _relate(self) -> dict[int, set[int]]:
        """Each story's related stories (:attr:`_related`), brought up to date with ``_related_codes``."""
        related = self._related
        for codes in self._related_codes[self._related_linked :]:
            for x, y in zip((codes >> np.int64(32)).tolist(), (codes & np.int64(0xFFFFFFFF)).tolist(), strict=True):
                related.setdefault(x, set()).add(y)
                related.setdefault(y, set()).add(x)
        self._related_linked = len(self._related_codes)
        return related

    def _index(self, first: int, sigs: np.ndarray, sizes: np.ndarray, sentence_keys: np.ndarray,  # noqa: PLR0917
               sentence_counts: np.ndarray, prose_keys: np.ndarray,
               prose_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Put stories ``first, first + 1, ...`` in the LSH buckets and the sentence index.

        Returns the candidate pairs met on the way ``(newer, older)`` with the
        number of long sentences (not boilerplate) they share, the most of
        either one's lead among them, and the fewest of either one's tail.
        Stories without shingles are not
        inserted: nothing to compare, never a duplicate.
        """
        empty = np.zeros(0, dtype=np.int64)
        if len(sigs) == 0:
            return empty, empty, empty, empty, empty
        self._prose_index.insert(np.repeat(np.arange(first, first + len(sigs), dtype=np.int64), prose_counts),
                                 prose_keys)
        band_new, band_old = self._buckets.add(first, band_keys(sigs, self.bands, self.rows), skip=sizes == 0)
        owners = np.repeat(np.arange(first, first + len(sigs), dtype=np.int64), sentence_counts)
        # only sentences held by few earlier stories count: looking for more holders than that is not needed
        new, old, holders, keys = self._sentences.add_flat(owners, sentence_keys,
                                                           cap=self.config.boilerplate_stories + 1)
        # a sentence already held by more than `boilerplate_stories` earlier stories is boilerplate
        evidence = (new != old) & (holders <= self.config.boilerplate_stories)
        new, old, keys = new[evidence], old[evidence], keys[evidence]
        codes, shared, lead, tail = self._pair_counts(new, old, keys)
        if len(codes):
            self._related_codes.append(codes)
        band_codes = (band_new << np.int64(32)) | band_old
        every = union(band_codes, codes)
        counts = np.zeros(len(every), dtype=np.int64)
        leads = np.zeros(len(every), dtype=np.int64)
        tails = np.zeros(len(every), dtype=np.int64)
        at = np.searchsorted(every, codes)
        counts[at], leads[at], tails[at] = shared, lead, tail
        return every >> np.int64(32), every & np.int64(0xFFFFFFFF), counts, leads, tails

    def _pair_counts(self, new: np.ndarray, old: np.ndarray,
                     keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """From (story, story, shared sentence) rows: the pairs (``new << 32 | old``), the sentences each
        shares, the most of either story's lead among them, and the fewest of either story's tail."""
        codes, inverse, shared = unique((new << np.int64(32)) | old, return_inverse=True, return_counts=True)

        def among(stories: np.ndarray, columns: slice) -> np.ndarray:
            held = (self._leads[stories][:, columns] == keys[:, None]).any(axis=1)
            return np.bincount(inverse, held, minlength=len(codes)).astype(np.int64)

        lead = np.maximum(among(new, slice(0, LEAD)), among(old, slice(0, LEAD)))
        tail = np.minimum(among(new, slice(LEAD, 2 * LEAD)), among(old, slice(LEAD, 2 * LEAD)))
        return codes, shared, lead, tail

    def _verify(self, a: np.ndarray, b: np.ndarray, shared: np.ndarray,
                lead: np.ndarray, tail: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        """Verify pairs ``(a[i], b[i])``: once per distinct (content class of a, of b, shared, lead, tail).

        What verification reads of a pair is those five and the counts of the prose keys' holders, which are
        the same for every pair of one call; so pairs of copies (a story given many times) are verified
        once and the answer is given to each, the same as verifying each.
        """
        if len(a) < 2:
            return self._verify_pairs(a, b, shared, lead, tail)
        rows = np.stack((self._class[a], self._class[b], shared, lead, tail), axis=1)
        first, inverse = unique_rows(rows)
        if len(first) == len(a):
            return self._verify_pairs(a, b, shared, lead, tail)
        sim, kinds, ok = self._verify_pairs(a[first], b[first], shared[first], lead[first], tail[first])
        return sim[inverse], [kinds[i] for i in inverse.tolist()], ok[inverse]

    def _verify_pairs(self, a: np.ndarray, b: np.ndarray, shared: np.ndarray,
                      lead: np.ndarray, tail: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        return self.verifier.verify(jaccard(self._sigs[a], self._sigs[b]), self._sizes[a], self._sizes[b],
                                    shared=shared, sentences_a=self._sentence_counts[a],
                                    sentences_b=self._sentence_counts[b], lead=lead, tail=tail,
                                    prose=self._prose_of(a, b))

    def _own_prose(self, rows: np.ndarray, extra: int = 0) -> np.ndarray:
        """The prose sample rows ``rows`` with every key held by more than ``boilerplate_stories + 1`` stories
        (counted over everything added so far, plus ``extra``) replaced by :data:`PROSE_PAD`."""
        return own_prose(self._prose_rows(rows), self._prose_holders, self.config.boilerplate_stories + 1, extra)

    def _prose_rows(self, stories: np.ndarray) -> np.ndarray:
        """The prose samples of ``stories`` as rows, padded with :data:`PROSE_PAD`."""
        counts = self._prose_count[stories]
        rows = np.full((len(stories), max(1, int(counts.max(initial=0)))), PROSE_PAD, dtype=np.uint64)
        at = np.repeat(np.arange(len(stories)), counts)
        columns = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        rows[at, columns] = self._prose[np.repeat(self._prose_start[stories], counts) + columns]
        return rows

    def _prose_holders(self, keys: np.ndarray) -> np.ndarray:
        """How many stories added so far hold each of ``keys`` (sorted, distinct)."""
        return self._prose_index.holders(keys)

    def _prose_of(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Per pair, :func:`prose_containment` of the pair's own prose (NaN where it cannot tell)."""
        if len(a) == 0:
            return np.zeros(0)
        stories, inverse = unique(np.concatenate((a, b)), return_inverse=True)
        own = self._own_prose(stories)
        return prose_containment(own[inverse[: len(a)]], own[inverse[len(a) :]], self._prose_cut[a],
                                 self._prose_cut[b], self.config.prose_min)

    # -- adding --------------------------------------------------------------------------------------

    def add(self, story: Any) -> Match:
        """Add one story (a Story, a mapping with ``id`` and ``text``, or an ``(id, text)`` pair).

        Returns its place in the clusters as of now (see :class:`Match`).
        """
        return self.add_many([story])[0]

    def add_many(self, stories: Iterable[Any]) -> list[Match]:
        """Add a batch of stories (signed together, stored in one transaction); one :class:`Match` each.

        An id already added in this run (compared as a string: ``12345`` and
        ``"12345"`` are one id) is refused with a ValueError, and nothing of the
        batch is added; an id already in the index from an earlier run is not
        added again (``known``), which is how an interrupted run resumes.
        """
        stories = list(stories)
        items = [story_id_text(s) for s in stories]
        first = self._extend(items, int_ids=[story_id_is_int(s) for s in stories])
        places = self._places([self._seq[sid] for sid, _ in items])
        return [Match(*places[self._seq[sid]], known=self._seq[sid] < first) for sid, _ in items]

    def extend(self, stories: Iterable[Any], *, keys: StoryKeys | None = None) -> None:
        """Like :meth:`add_many` without answering for each story (batch use: :meth:`assign` at the end).

        ``keys`` are the stories' keys computed elsewhere (one row per story, in order: see
        :mod:`cleanpress.dedup.signing`), for example in the worker that cleaned them; without
        them the stories are signed here.
        """
        stories = list(stories)
        self._extend([story_id_text(s) for s in stories], keys, [story_id_is_int(s) for s in stories])

    def _extend(self, items: list[tuple[str, str]], keys: StoryKeys | None = None,
                int_ids: list[bool] | None = None) -> int:
        """Add stories (with their keys, when computed elsewhere; ``int_ids``: which ids were given as integers);
        the sequence number of the first new one."""
        ints = int_ids if int_ids is not None else [False] * len(items)
        new_pos: dict[str, int] = {}
        again: dict[str, int] = {}
        for pos, (sid, _) in enumerate(items):
            seq = self._seq.get(sid)
            if (seq is not None and self.added_in_this_run(sid)) or sid in new_pos or sid in again:
                raise ValueError(f"duplicate story id {sid!r}: every story of a run needs its own id "
                                 "(ids are compared as strings)")
            if seq is None:
                new_pos[sid] = pos
            else:
                again[sid] = seq
        self._presented.update(again.values())
        for pos, (sid, _) in enumerate(items):  # a story of an earlier run given again: its id as this run gives it
            if sid in again:
                self._int_ids[again[sid]] = ints[pos]
        self.stats.stories += len(items)
        self.stats.known += len(items) - len(new_pos)
        new_ids = list(new_pos)
        if keys is None:
            texts = [items[p][1] for p in new_pos.values()]
            sigs = sign_stories(texts, self.config, signer=self.signer, fingerprints=self.fingerprints)
        else:
            if len(keys) != len(items):
                raise ValueError(f"{len(keys)} story keys for {len(items)} stories")
            keys.check(self.config)
            sigs = keys.take(list(new_pos.values()))
        sentence_keys, sentence_counts, leads, lengths = (sigs.sentence_keys, sigs.sentence_counts, sigs.leads,
                                                          sigs.lengths)
        prose_keys, prose_counts = sigs.prose_keys, sigs.prose_counts
        new_ints = np.array([ints[p] for p in new_pos.values()], dtype=bool)
        first = self._append(new_ids, sigs.values, sigs.sizes, lengths, sentence_counts, leads, prose_keys,
                             prose_counts, new_ints)
        self.stats.added += len(new_ids)
        self.stats.empty += int((sigs.sizes == 0).sum())
        a, b, shared, lead, tail = self._index(first, sigs.values, sigs.sizes, sentence_keys, sentence_counts,
                                               prose_keys, prose_counts)
        verified = len(self._edges)
        if len(a):
            sim, kinds, ok = self._verify(a, b, shared, lead, tail)
            self.stats.candidate_pairs += len(a)
            keep = np.flatnonzero(ok)
            self._edges.append(a[keep], b[keep], sim[keep], [kinds[i] for i in keep.tolist()])
            self.stats.duplicate_pairs += len(keep)
        if self._store is not None and new_ids:
            edges = self._edges.tuples(verified)
            self._store.append(Batch(first, new_ids, sigs.values, sigs.sizes, lengths, edges,
                                     sentence_keys, sentence_counts, leads, prose_keys, prose_counts, new_ints))
        return first

    def _fingerprint(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Sentence fingerprints, counts and leads of ``texts``, and their prose samples and counts."""
        return fingerprint_texts(self.fingerprints, self.signer, texts, self.config.prose_sample)

    def _places(self, seqs: list[int]) -> dict[int, tuple[str, str, str | None, float, str | None, bool]]:
        """The current assignment of the given stories, computed over their clusters' components only."""
        out: dict[int, tuple[str, str, str | None, float, str | None, bool]] = {}
        done: set[int] = set()
        self._link()
        for seq in seqs:
            if seq in out:
                continue
            if seq not in self._neighbours:
                sid = self._ids[seq]
                out[seq] = (sid, sid, None, 1.0, None, seq < self._earlier)
                continue
            root = self._uf.find(seq)
            if root in done:
                continue
            done.add(root)
            members = np.array(sorted(self._uf.members(root)), dtype=np.int64)
            for m, place in zip(members.tolist(), self._assign_members(members), strict=True):
                out[m] = place
        return out

    def _assign_members(self, members: np.ndarray) -> list[tuple[str, str, str | None, float, str | None, bool]]:
        """The assignment of a set of stories closed under verified pairs (components, or everything)."""
        ids = self._ids
        reps, sims, kinds = self._clusters_of(members)
        seen = self._seen_before(members, reps)
        out = []
        for i, (r, s, k, before) in enumerate(zip(reps.tolist(), sims.tolist(), kinds, seen.tolist(), strict=True)):
            sid, rep = ids[int(members[i])], ids[int(members[r])]
            out.append((sid, rep, None if r == i else rep, s, k, before))
        return out

    def _seen_before(self, members: np.ndarray, reps: np.ndarray) -> np.ndarray:
        """Per story, whether its cluster holds a story of an earlier run: one loaded from the index and not
        in this run's input (a resumed run presents its own stories again: they are not "seen before")."""
        earlier = members < self._earlier
        if earlier.any():
            earlier &= ~np.isin(members, np.fromiter(self._presented, dtype=np.int64, count=len(self._presented)))
        flags = np.zeros(len(members), dtype=bool)
        np.logical_or.at(flags, reps, earlier)
        return flags[reps]

    def _clusters_of(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """Representatives (positions in ``members``), similarities and evidence of stories ``members``."""
        if len(members) == len(self._ids):  # every story: positions are sequence numbers
            a, b, sim, kinds, codes = self._final_arrays()
            related_a, related_b = codes >> np.int64(32), codes & np.int64(0xFFFFFFFF)
            return self._cluster_pairs(members, a, b, sim, kinds, related_a, related_b)
        local = {int(m): i for i, m in enumerate(members.tolist())}
        self._link()
        wanted = sorted({e for m in members.tolist() for e in self._neighbours.get(m, ())})
        edges = self._edges.tuples(rows=wanted)
        related = self._relate()
        pairs = [(local[m], local[o]) for m in members.tolist() for o in related.get(m, ()) if o in local]
        related_a = np.array([p[0] for p in pairs], dtype=np.int64)
        related_b = np.array([p[1] for p in pairs], dtype=np.int64)
        a = np.array([local[e[0]] for e in edges], dtype=np.int64)
        b = np.array([local[e[1]] for e in edges], dtype=np.int64)
        sim = np.array([e[2] for e in edges], dtype=np.float64)
        return self._cluster_pairs(members, a, b, sim, [e[3] for e in edges], related_a, related_b)

    def _cluster_pairs(self, members: np.ndarray, a: np.ndarray, b: np.ndarray,  # noqa: PLR0917
                       sim: np.ndarray, kinds: list[str], related_a: np.ndarray,
                       related_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """Clusters of ``members`` from their verified pairs (positions in ``members``) and related pairs."""
        # a pair joining two different stories through what surrounds them is no evidence (frame_bridges)
        keep = ~frame_bridges(a, b, related_a, related_b, kinds)
        kinds = [k for k, kept in zip(kinds, keep.tolist(), strict=True) if kept]
        a, b, sim = a[keep], b[keep], sim[keep]
        degrees = np.bincount(np.concatenate((a, b)), minlength=len(members))
        order = rank_order(self.config.representative, self._sizes[members], self._lengths[members],
                           content_keys(self._sigs[members]), [self._ids[m] for m in members.tolist()], degrees)
        return assign_clusters(order, a, b, sim, kinds)

    def final_edges(self) -> list[tuple[int, int, float, str]]:
        """The verified pairs with everything added known: a sentence is boilerplate when more than
        ``boilerplate_stories + 1`` stories hold it in all, whatever their order.

        A pair is verified when its newer story arrives, counting the sentences the stories before it hold;
        a sentence found later in many more stories is boilerplate after all. The candidates are the pairs
        verified then and those sharing a sentence held by few stories; they are verified again with the
        final counts (they can only lose evidence), so the clusters do not depend on input order.
        """
        return self._final()[0]

    def _final(self) -> tuple[list[tuple[int, int, float, str]], np.ndarray]:
        """:meth:`final_edges`, and the pairs of stories sharing a long sentence that is not boilerplate
        (``newer << 32 | older``, sorted)."""
        a, b, sim, kinds, codes = self._final_arrays()
        return list(zip(a.tolist(), b.tolist(), sim.tolist(), kinds, strict=True)), codes

    def _final_arrays(self, chunk: int = FINAL_CHUNK) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str],
                                                               np.ndarray]:
        """:meth:`_final` as arrays: the verified pairs' stories, strengths and evidence, and the codes
        (the candidates verified ``chunk`` pairs at a time)."""
        new, old, keys = self._sentences.shared_keys(self.config.boilerplate_stories + 1)
        keep = new != old
        new, old, keys = new[keep], old[keep], keys[keep]
        codes, shared, lead, tail = self._pair_counts(new, old, keys)
        stored_a, stored_b, _, _ = self._edges.arrays()
        stored = (np.maximum(stored_a, stored_b) << np.int64(32)) | np.minimum(stored_a, stored_b)
        # every LSH candidate again (prose evidence is counted over everything too, and can go either way)
        band_codes = self._buckets.shared_pairs(BUCKET_CAP)
        every = union(union(codes, stored), band_codes)
        if len(every) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), [], codes
        counts = np.zeros(len(every), dtype=np.int64)
        leads = np.zeros(len(every), dtype=np.int64)
        tails = np.zeros(len(every), dtype=np.int64)
        at = np.searchsorted(every, codes)
        counts[at], leads[at], tails[at] = shared, lead, tail
        a, b = every >> np.int64(32), every & np.int64(0xFFFFFFFF)
        # verified a slice of pairs at a time: verifying gathers each pair's signatures and prose samples (~4 KB
        # a pair), which for every candidate of a million stories at once would be gigabytes; a pair's answer
        # does not depend on the other pairs verified with it, so the slices give what one call gives
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        kept_kinds: list[str] = []
        for start in range(0, len(a), chunk):
            part = slice(start, start + chunk)
            sim, kinds, ok = self._verify(a[part], b[part], counts[part], leads[part], tails[part])
            keep = np.flatnonzero(ok)
            parts.append((a[part][keep], b[part][keep], sim[keep]))
            kept_kinds += [kinds[i] for i in keep.tolist()]
        return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                np.concatenate([p[2] for p in parts]), kept_kinds, codes)

    # -- querying ------------------------------------------------------------------------------------

    def query(self, story: Any) -> Match:
        """The story added before that ``story`` is most similar to, without adding it.

        ``story`` may also be a ``datasketch.MinHash``: it must have this
        deduplicator's scheme, seed and number of permutations; its set size and
        sentences are unknown, so only Jaccard similarity decides. The match's
        ``duplicate_of`` and ``cluster`` are that story's cluster representative.
        """
        sentence_keys = np.zeros(0, dtype=np.uint64)
        lead_keys = np.zeros((1, 2 * LEAD), dtype=np.uint64)
        prose_keys = np.zeros(0, dtype=np.uint64)
        if hasattr(story, "hashvalues") and hasattr(story, "seed"):
            sig = self._check_minhash(story)
            sid, size = "<minhash>", 0
        else:
            sid, text = story_id_text(story)
            signed = self.signer.sign([text])
            sig, size = signed.values[0], int(signed.sizes[0])
            sentence_keys, _, lead_keys, prose_keys, _ = self._fingerprint([text])
            if size == 0:
                return Match(sid, sid, None, 1.0)
        cands = self._buckets.query(band_keys(sig[None, :], self.bands, self.rows)[0])
        flat = np.sort(sentence_keys)
        entries, holders, found = self._sentences._lookup_entries(flat)
        rare = found[entries] <= self.config.boilerplate_stories
        holders, keys = holders[rare], flat[entries[rare]]
        sentence_cands, inverse, shared_counts = np.unique(holders, return_inverse=True, return_counts=True)
        def among(rows: np.ndarray, columns: slice) -> np.ndarray:
            held = (rows[:, columns] == keys[:, None]).any(axis=1)
            return np.bincount(inverse, held, minlength=len(sentence_cands)).astype(np.int64)

        mine = np.broadcast_to(lead_keys[0], (len(keys), 2 * LEAD))
        in_lead = np.maximum(among(mine, slice(0, LEAD)), among(self._leads[holders], slice(0, LEAD)))
        in_tail = np.minimum(among(mine, slice(LEAD, 2 * LEAD)), among(self._leads[holders], slice(LEAD, 2 * LEAD)))
        cands = np.union1d(cands, sentence_cands)
        if len(cands) == 0:
            return Match(sid, sid, None, 1.0)
        shared = np.zeros(len(cands), dtype=np.int64)
        lead = np.zeros(len(cands), dtype=np.int64)
        tail = np.zeros(len(cands), dtype=np.int64)
        shared[np.searchsorted(cands, sentence_cands)] = shared_counts
        lead[np.searchsorted(cands, sentence_cands)] = in_lead
        tail[np.searchsorted(cands, sentence_cands)] = in_tail
        j = jaccard(np.broadcast_to(sig, (len(cands), len(sig))), self._sigs[cands])
        if size:
            # the story's own prose counted as if it were added (it holds its keys: one more holder)
            row = np.full((1, max(1, len(prose_keys))), PROSE_PAD, dtype=np.uint64)
            row[0, : len(prose_keys)] = prose_keys
            limit = self.config.boilerplate_stories + 1
            mine = own_prose(row, self._prose_holders, limit, extra=1)
            theirs = own_prose(self._prose_rows(cands), lambda k: self._prose_holders(k) + np.isin(k, prose_keys),
                               limit)
            cut = prose_cutoffs(prose_keys, np.array([len(prose_keys)]), self.config.prose_sample)
            prose = prose_containment(np.broadcast_to(mine, (len(cands), mine.shape[1])), theirs,
                                      np.broadcast_to(cut, len(cands)),
                                      self._prose_cut[cands], self.config.prose_min)
            sim, kinds, ok = self.verifier.verify(j, np.full(len(cands), size), self._sizes[cands], shared=shared,
                                                  sentences_a=np.full(len(cands), len(sentence_keys)),
                                                  sentences_b=self._sentence_counts[cands], lead=lead, tail=tail,
                                                  prose=prose)
        else:
            sim, kinds, ok = j, ["jaccard"] * len(cands), j >= self.config.threshold
        if not ok.any():
            return Match(sid, sid, None, 1.0)
        i = int(np.argmax(np.where(ok, sim, -1.0)))  # the earliest of the most similar
        place = self._places([int(cands[i])])[int(cands[i])]
        return Match(sid, place[1], place[1], float(sim[i]), kinds[i], place[5])

    def _check_minhash(self, minhash: Any) -> np.ndarray:
        c = self.config
        scheme = getattr(minhash, "scheme", "legacy")
        if scheme != c.scheme:
            raise ValueError(f"MinHash scheme {scheme!r} does not match this index's scheme {c.scheme!r}: "
                             f"signatures of different schemes cannot be compared; build it with scheme={c.scheme!r}")
        if minhash.seed != c.seed or len(minhash.hashvalues) != c.num_perm:
            raise ValueError(f"MinHash has seed {minhash.seed} and {len(minhash.hashvalues)} permutations; "
                             f"this index uses seed {c.seed} and {c.num_perm}")
        return np.asarray(minhash.hashvalues, dtype=self.signer.dtype)

    # -- results -------------------------------------------------------------------------------------

    def assign(self) -> list[Assignment]:
        """Every story's assignment, in the order the stories were added."""
        return [Assignment(*place) for place in self._assign_members(np.arange(len(self._ids), dtype=np.int64))]

    def assign_arrays(self) -> tuple[np.ndarray, np.ndarray, list[str | None], np.ndarray]:
        """What :meth:`assign` says, as arrays over sequence numbers (no object per story).

        ``reps[i]`` is the sequence number of story ``i``'s representative (``i`` for a
        representative), ``sims[i]`` its similarity to it (1.0 for a representative),
        ``evidence[i]`` what decided, ``seen[i]`` whether its cluster holds a story of an earlier run
        (one from the index that this run's input did not hold again).
        """
        everything = np.arange(len(self._ids), dtype=np.int64)
        reps, sims, kinds = self._clusters_of(everything)
        return reps, sims, kinds, self._seen_before(everything, reps)

    def story_id(self, seq: int) -> str:
        """The id of the story with sequence number ``seq``."""
        return self._ids[seq]

    def json_id(self, seq: int) -> str | int:
        """The id of the story with sequence number ``seq`` as it was given: an integer for an id given as one
        (in this run, or in the earlier run that stored it in the index), else its text.

        >>> d = Deduplicator()
        >>> d.extend([{"id": 12345, "text": "one two three"}, {"id": "7", "text": "four five six"}])
        >>> d.json_id(0), d.json_id(1), d.story_id(0)
        (12345, '7', '12345')
        """
        return int(self._ids[seq]) if self._int_ids[seq] else self._ids[seq]

    def sequence(self, story_id: str) -> int:
        """The sequence number of an added story."""
        return self._seq[story_id]

    def clusters(self) -> list[Cluster]:
        """The clusters, ordered by their first member; members in the order they were added."""
        groups: dict[str, list[Assignment]] = {}
        for a in self.assign():
            groups.setdefault(a.cluster, []).append(a)
        return [Cluster(rep, tuple(a.id for a in members), tuple(a.similarity for a in members))
                for rep, members in groups.items()]

    def close(self) -> None:
        """Close the persistent index, if any (everything added is already stored)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Deduplicator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EdgeLog:
    """Verified pairs ``(a, b, similarity, evidence)`` in the order they were verified, as arrays (24 bytes a
    pair, not a tuple of four objects), appended a batch at a time.

    >>> log = EdgeLog()
    >>> log.append(np.array([2, 3]), np.array([0, 1]), np.array([0.9, 1.0]), ["jaccard", "containment"])
    >>> log.extend_tuples([(4, 2, 0.75, "shared-lead")])
    >>> len(log), log.tuples(1), log.tuples(rows=[2])
    (3, [(3, 1, 1.0, 'containment'), (4, 2, 0.75, 'shared-lead')], [(4, 2, 0.75, 'shared-lead')])
    >>> log.append(np.array([5]), np.array([4]), np.array([0.5]), ["jaccard"])
    >>> [x.tolist() for x in log.since(3)[:3]], log.since(2)[3], log.tuples() == log.tuples(0)
    ([[5], [4], [0.5]], ['shared-lead', 'jaccard'], True)
    """

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._kinds: list[str] = []

    def __len__(self) -> int:
        return len(self._kinds)

    def append(self, a: np.ndarray, b: np.ndarray, sim: np.ndarray, kinds: list[str]) -> None:
        if len(kinds):
            self._parts.append((a.astype(np.int64), b.astype(np.int64), sim.astype(np.float64)))
            self._kinds.extend(kinds)

    def extend_tuples(self, edges: Iterable[tuple[int, int, float, str]]) -> None:
        edges = list(edges)
        if edges:
            self.append(np.array([e[0] for e in edges], dtype=np.int64), np.array([e[1] for e in edges], np.int64),
                        np.array([e[2] for e in edges], dtype=np.float64), [e[3] for e in edges])

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Every pair: the stories ``a`` and ``b``, the similarities, the evidence (one array each)."""
        if not self._parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), []
        if len(self._parts) > 1:  # kept as one part from now on
            a, b, sim = (np.concatenate([part[k] for part in self._parts]) for k in range(3))
            self._parts = [(a, b, sim)]
        a, b, sim = self._parts[0]
        return a, b, sim, self._kinds

    def since(self, start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """The pairs from number ``start`` on, reading only the parts that hold them (appending a batch and
        reading what it added stays cheap however many pairs came before)."""
        parts, end = [], len(self._kinds)
        for part in reversed(self._parts):
            if end <= start:
                break
            parts.append(part)
            end -= len(part[0])
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), []
        a, b, sim = (np.concatenate([part[k] for part in reversed(parts)])[start - end :] for k in range(3))
        return a, b, sim, self._kinds[start:]

    def tuples(self, start: int = 0, rows: list[int] | None = None) -> list[tuple[int, int, float, str]]:
        """The pairs from ``start`` on (or the pairs ``rows``) as tuples ``(a, b, similarity, evidence)``."""
        if rows is None:
            a, b, sim, kinds = self.since(start)
            return list(zip(a.tolist(), b.tolist(), sim.tolist(), kinds, strict=True))
        a, b, sim, kinds = self.arrays()
        picked = np.asarray(rows, dtype=np.int64)
        return list(zip(a[picked].tolist(), b[picked].tolist(), sim[picked].tolist(),
                        [kinds[i] for i in picked.tolist()], strict=True))


def own_prose(rows: np.ndarray, holders: Any, limit: int, extra: int = 0) -> np.ndarray:
    """Prose sample ``rows`` with the keys held by more than ``limit`` stories (``holders(sorted keys)`` of
    them, plus ``extra``) replaced by :data:`PROSE_PAD`: what is left is each story's own prose."""
    keys = unique(rows)
    keys = keys[keys != PROSE_PAD]
    if len(keys) == 0:
        return rows.copy()
    frequent = keys[holders(keys) + extra > limit]
    return np.where(isin(rows, frequent), PROSE_PAD, rows)


def verifier_for(config: DedupConfig) -> Verifier:
    """The :class:`Verifier` a :class:`Deduplicator` with ``config`` uses (the Spark engine uses it too)."""
    return Verifier(config.threshold, config.containment, config.lsh_threshold,
                    shared_sentences=config.shared_sentences, shared_fraction=config.shared_fraction)


def dedup(
    stories: Iterable[Any], config: DedupConfig | None = None, *, index: str | Store | None = None
) -> DedupResult:
    """Find the near-duplicates among ``stories``: one :class:`Assignment` per story, in input order.

    >>> body = "Heavy rain flooded the main road into town on Sunday, and the police closed it until noon."
    >>> result = dedup([("x", body), ("y", "Breaking: " + body), ("z", "The museum reopens next week.")])
    >>> [(a.id, a.duplicate_of) for a in result.assignments]
    [('x', 'y'), ('y', None), ('z', None)]
    """
    config = config or DedupConfig()
    with Deduplicator(config, index=index) as deduplicator:
        order: list[str] = []
        batch: list[tuple[str, str]] = []
        for story in stories:
            batch.append(story_id_text(story))
            order.append(batch[-1][0])
            if len(batch) >= config.batch_size:
                deduplicator.extend(batch)
                batch = []
        if batch:
            deduplicator.extend(batch)
        everything = deduplicator.assign()
        assignments = [everything[deduplicator.sequence(sid)] for sid in order]
        return DedupResult(assignments, deduplicator.clusters(), deduplicator.stats)
