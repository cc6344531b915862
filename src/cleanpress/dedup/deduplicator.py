"""Deduplicator: stories in, near-duplicates found, clusters with one representative out.

Streaming: :meth:`Deduplicator.add` answers, for each story, whether it
duplicates one already seen (and which). Batch: :func:`dedup` adds a whole
collection and returns every story's cluster. With ``index=PATH`` (SQLite) or
``index="redis://..."`` what was added is kept, so a later run checks new
stories against everything seen before, and an interrupted run resumes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cleanpress.dedup.cluster import UnionFind, Verifier, jaccard, pair_similarity, representatives
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.index import Batch, Store, open_store
from cleanpress.dedup.lsh import BandIndex, band_keys
from cleanpress.dedup.minhash import Signer

#: stories whose similarity to their representative is computed together (two 4 MB signature copies)
_ASSIGN_BLOCK = 8192


@dataclass(frozen=True, slots=True)
class Match:
    """What :meth:`Deduplicator.add` found for one story.

    ``duplicate_of`` is the most similar story seen before that this one
    duplicates (``None`` if none), ``similarity`` the similarity that decided
    it (estimated Jaccard, or containment when ``kind`` is ``"containment"``;
    0.0 when there is no match). ``known`` is true when a story with this id
    was already in the index: it is then not added again, and its place is
    given by :meth:`Deduplicator.assign` (``duplicate_of`` is ``None``).
    """

    id: str
    duplicate_of: str | None
    similarity: float
    kind: str | None = None
    known: bool = False

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None


@dataclass(frozen=True, slots=True)
class Assignment:
    """A story's place in the clusters: ``cluster`` is its representative's id.

    ``duplicate_of`` is the representative's id, or ``None`` for the
    representative itself; ``similarity`` is this story's similarity to the
    representative (1.0 for the representative).
    """

    id: str
    cluster: str
    duplicate_of: str | None
    similarity: float

    def fields(self) -> dict[str, Any]:
        """The fields the CLI adds to a story's record."""
        return {"cluster": self.cluster, "duplicate_of": self.duplicate_of, "similarity": round(self.similarity, 4)}


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


class Deduplicator:
    """Finds near-duplicate stories, one story or one batch at a time.

    >>> d = Deduplicator()
    >>> text = ("The city council voted on Tuesday to approve the new budget for schools, "
    ...         "parks and roads after a debate that lasted more than six hours.")
    >>> d.add({"id": "a", "text": text}).duplicate_of is None
    True
    >>> m = d.add({"id": "b", "text": text.replace("six", "seven")})
    >>> m.duplicate_of, m.kind
    ('a', 'jaccard')
    >>> d.add({"id": "c", "text": "Storms closed the airport for the second day in a row."}).duplicate_of is None
    True
    >>> [(c.representative, c.members) for c in d.clusters()]
    [('a', ('a', 'b')), ('c', ('c',))]
    """

    def __init__(self, config: DedupConfig | None = None, *, index: str | Store | None = None) -> None:
        self.config = config or DedupConfig()
        c = self.config
        self.signer = Signer(c)
        self.bands, self.rows = c.bands_rows()
        # containment is estimated from the Jaccard estimate, too noisy below the similarity LSH is tuned for
        self.verifier = Verifier(c.threshold, c.containment, c.lsh_threshold)
        self.stats = DedupStats()
        self._ids: list[str] = []
        self._seq: dict[str, int] = {}
        self._sigs = np.zeros((0, c.num_perm), dtype=self.signer.dtype)
        self._sizes = np.zeros(0, dtype=np.int64)
        self._lengths = np.zeros(0, dtype=np.int64)
        self._buckets = BandIndex()
        self._uf = UnionFind()
        self._store: Store | None = open_store(index) if isinstance(index, str) else index
        if self._store is not None:
            self._load(self._store)

    # -- state ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._seq

    def _append(self, ids: list[str], sigs: np.ndarray, sizes: np.ndarray, lengths: np.ndarray) -> int:
        first = len(self._ids)
        n = first + len(ids)
        if n > len(self._sigs):  # grow by doubling, so appending one story at a time stays cheap
            cap = max(n, 2 * len(self._sigs), 1024)
            for name in ("_sigs", "_sizes", "_lengths"):
                old = getattr(self, name)
                new = np.zeros((cap, *old.shape[1:]), dtype=old.dtype)
                new[:first] = old[:first]
                setattr(self, name, new)
        self._sigs[first:n] = sigs
        self._sizes[first:n] = sizes
        self._lengths[first:n] = lengths
        for i, story_id in enumerate(ids):
            self._seq[story_id] = first + i
        self._ids.extend(ids)
        self._uf.grow(n)
        return first

    def _load(self, store: Store) -> None:
        contents = store.open(self.config.fingerprint(), self.signer.dtype, self.config.num_perm)
        first = self._append(contents.ids, contents.signatures, contents.sizes, contents.lengths)
        self._index_buckets(first, contents.signatures, contents.sizes)
        for a, b, _, _ in contents.edges:
            self._uf.union(a, b)

    def _index_buckets(self, first: int, sigs: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Insert stories into the LSH buckets; the candidate pairs (new, earlier) met on the way.

        Stories without shingles are not inserted: nothing to compare, never a duplicate.
        """
        if len(sigs) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return self._buckets.add(first, band_keys(sigs, self.bands, self.rows), skip=sizes == 0)

    # -- adding --------------------------------------------------------------------------------------

    def add(self, story: Any) -> Match:
        """Add one story (a Story, a mapping with ``id`` and ``text``, or an ``(id, text)`` pair).

        Returns whether it duplicates a story added before, and which.
        """
        return self.add_many([story])[0]

    def add_many(self, stories: Iterable[Any]) -> list[Match]:
        """Add a batch of stories (signed together, stored in one transaction); one :class:`Match` each."""
        items = [story_id_text(s) for s in stories]
        new_pos: dict[str, int] = {}
        for pos, (sid, _) in enumerate(items):
            if sid not in self._seq and sid not in new_pos:
                new_pos[sid] = pos
        self.stats.stories += len(items)
        self.stats.known += len(items) - len(new_pos)
        new_ids = list(new_pos)
        texts = [items[p][1] for p in new_pos.values()]
        sigs = self.signer.sign(texts)
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        first = self._append(new_ids, sigs.values, sigs.sizes, lengths)
        self.stats.added += len(new_ids)
        self.stats.empty += int((sigs.sizes == 0).sum())
        a, b = self._index_buckets(first, sigs.values, sigs.sizes)
        best: dict[int, tuple[float, int, str]] = {}
        edges: list[tuple[int, int, float, str]] = []
        if len(a):
            sim, kinds, ok = self.verifier.verify(jaccard(self._sigs[a], self._sigs[b]), self._sizes[a], self._sizes[b])
            self.stats.candidate_pairs += len(a)
            for i in np.flatnonzero(ok).tolist():
                x, y, s = int(a[i]), int(b[i]), float(sim[i])
                edges.append((x, y, s, kinds[i]))
                self._uf.union(x, y)
                # the most similar earlier story; ties to the earliest
                if x not in best or (s, -y) > (best[x][0], -best[x][1]):
                    best[x] = (s, y, kinds[i])
            self.stats.duplicate_pairs += len(edges)
        if self._store is not None and new_ids:
            self._store.append(Batch(first, new_ids, sigs.values, sigs.sizes, lengths, edges))
        results: list[Match] = []
        for sid, _ in items:
            seq = self._seq[sid]
            if seq < first:
                results.append(Match(sid, None, 0.0, None, known=True))
            elif seq in best:
                s, other, kind = best[seq]
                results.append(Match(sid, self._ids[other], s, kind))
            else:
                results.append(Match(sid, None, 0.0))
        return results

    # -- querying ------------------------------------------------------------------------------------

    def query(self, story: Any) -> Match:
        """Like :meth:`add` without adding. ``story`` may also be a ``datasketch.MinHash``.

        A MinHash must have this deduplicator's scheme, seed and number of
        permutations; its set size is unknown, so only Jaccard similarity
        decides.
        """
        if hasattr(story, "hashvalues") and hasattr(story, "seed"):
            sig = self._check_minhash(story)
            sid, size = "<minhash>", 0
        else:
            sid, text = story_id_text(story)
            signed = self.signer.sign([text])
            sig, size = signed.values[0], int(signed.sizes[0])
            if size == 0:
                return Match(sid, None, 0.0)
        cands = self._buckets.query(band_keys(sig[None, :], self.bands, self.rows)[0])
        if len(cands) == 0:
            return Match(sid, None, 0.0)
        j = jaccard(np.broadcast_to(sig, (len(cands), len(sig))), self._sigs[cands])
        if size:
            sim, kinds, ok = self.verifier.verify(j, np.full(len(cands), size), self._sizes[cands])
        else:
            sim, kinds, ok = j, ["jaccard"] * len(cands), j >= self.config.threshold
        if not ok.any():
            return Match(sid, None, 0.0)
        masked = np.where(ok, sim, -1.0)
        i = int(np.argmax(masked))  # the earliest of the most similar
        return Match(sid, self._ids[int(cands[i])], float(sim[i]), kinds[i])

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
        reps, sims = self.assign_arrays()
        ids = self._ids
        return [
            Assignment(ids[i], ids[r], None if r == i else ids[r], 1.0 if r == i else s)
            for i, (r, s) in enumerate(zip(reps.tolist(), sims.tolist(), strict=True))
        ]

    def assign_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """What :meth:`assign` says, as two arrays over sequence numbers (no object per story).

        ``reps[i]`` is the sequence number of story ``i``'s representative (``i`` for a
        representative) and ``sims[i]`` its similarity to it (1.0 for a representative).
        """
        n = len(self._ids)
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        roots = self._uf.roots()
        reps = representatives(roots, self.config.representative, self._sizes[:n], self._lengths[:n])
        del roots
        # in blocks: pair_similarity copies both signatures of every pair it is given
        sims = np.empty(n)
        for lo in range(0, n, _ASSIGN_BLOCK):
            hi = min(n, lo + _ASSIGN_BLOCK)
            sims[lo:hi] = pair_similarity(self.verifier, self._sigs[:n], self._sizes[:n], np.arange(lo, hi),
                                          reps[lo:hi])
        return reps, sims

    def story_id(self, seq: int) -> str:
        """The id of the story with sequence number ``seq``."""
        return self._ids[seq]

    def sequence(self, story_id: str) -> int:
        """The sequence number of an added story."""
        return self._seq[story_id]

    def assignments(self, ids: Iterable[str]) -> Iterator[Assignment]:
        """The assignments of the given story ids (each must have been added)."""
        everything = self.assign()
        for sid in ids:
            yield everything[self._seq[sid]]

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
                deduplicator.add_many(batch)
                batch = []
        if batch:
            deduplicator.add_many(batch)
        everything = deduplicator.assign()
        seq = deduplicator._seq
        assignments = [everything[seq[sid]] for sid in order]
        return DedupResult(assignments, deduplicator.clusters(), deduplicator.stats)
