"""Verification of candidate pairs, clusters around representatives, and the representative policy."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

#: what decided that two stories are duplicates
JACCARD = "jaccard"
CONTAINMENT = "containment"
SHARED_SENTENCES = "shared-sentences"
SHARED_LEAD = "shared-lead"
PROSE_CONTAINMENT = "prose-containment"

#: what stands for "no key" in a prose sample row (above every sampled hash and every cutoff)
PROSE_PAD = np.uint64(1 << 63)


class UnionFind:
    """Disjoint sets over story sequence numbers 0, 1, 2, ... (path halving, union by size).

    >>> uf = UnionFind()
    >>> uf.grow(4)
    >>> uf.union(0, 2); uf.union(3, 2)
    >>> uf.find(3) == uf.find(0), uf.find(1) == uf.find(0)
    (True, False)
    """

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.size: list[int] = []
        #: the elements of every set of more than one element, by root
        self._members: dict[int, list[int]] = {}

    def grow(self, n: int) -> None:
        """Make room for elements up to ``n - 1`` (new ones are singletons)."""
        start = len(self.parent)
        self.parent.extend(range(start, n))
        self.size.extend([1] * (n - start))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self._members.setdefault(ra, [ra]).extend(self._members.pop(rb, [rb]))

    def members(self, root: int) -> list[int]:
        """The elements of the set whose root is ``root``."""
        return self._members.get(root, [root])

    def components(self) -> list[tuple[int, int]]:
        """Every element of a set of more than one, with the smallest element of its set.

        >>> uf = UnionFind(); uf.grow(5); uf.union(3, 1); uf.union(4, 3)
        >>> sorted(uf.components())
        [(1, 1), (3, 1), (4, 1)]
        """
        out: list[tuple[int, int]] = []
        for members in self._members.values():
            smallest = min(members)
            out.extend((m, smallest) for m in members)
        return out


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows (the fraction of equal values), pairwise.

    >>> jaccard(np.array([[1, 2, 3, 4]]), np.array([[1, 2, 0, 4]]))
    array([0.75])
    """
    return (sig_a == sig_b).mean(axis=1)


def containment(j: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """Estimated containment of the smaller set in the larger from Jaccard and the set sizes.

    ``|A & B| = J (|A| + |B|) / (1 + J)``, divided by ``min(|A|, |B|)``, at most 1.

    >>> containment(np.array([0.6]), np.array([60]), np.array([100]))
    array([1.])
    """
    a = size_a.astype(np.float64)
    b = size_b.astype(np.float64)
    smaller = np.maximum(np.minimum(a, b), 1.0)
    return np.minimum(j * (a + b) / (1.0 + j) / smaller, 1.0)


def prose_containment(keys_a: np.ndarray, keys_b: np.ndarray, cut_a: np.ndarray, cut_b: np.ndarray,
                      min_samples: int) -> np.ndarray:
    """Per pair, the fraction of the smaller side's prose sample found in the other's; NaN where the smaller
    side has fewer than ``min_samples`` keys (too little prose of its own to tell).

    ``keys_a``/``keys_b`` are rows of sampled prose shingle hashes (:func:`cleanpress.dedup.sentences.
    prose_samples`), :data:`PROSE_PAD` where a row has no key, with the keys held by too many stories
    already replaced by it; ``cut_a``/``cut_b`` each row's cutoff (:func:`cleanpress.dedup.sentences.
    prose_cutoffs`). Both rows are compared below the lower cutoff, where both samples are complete.

    >>> pad = int(PROSE_PAD)
    >>> a = np.array([[1, 2, 3, 4, pad]], dtype=np.uint64); b = np.array([[2, 3, 4, 9, 11]], dtype=np.uint64)
    >>> prose_containment(a, b, np.array([100], np.uint64), np.array([100], np.uint64), 2).tolist()
    [0.75]
    >>> prose_containment(a, b, np.array([100], np.uint64), np.array([3], np.uint64), 3).tolist()  # below 3
    [nan]
    """
    n = len(keys_a)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    cut = np.minimum(cut_a, cut_b)[:, None]
    valid_a, valid_b = keys_a < cut, keys_b < cut
    count_a, count_b = valid_a.sum(axis=1), valid_b.sum(axis=1)
    if n and int(cut.max()) > 1 << 32:  # keys wider than the sampled 32-bit hashes: every key with every key
        shared = np.zeros(n, dtype=np.int64)
        step = max(1, (1 << 22) // max(1, keys_a.shape[1] * keys_b.shape[1]))
        for i in range(0, n, step):
            hits = (keys_a[i : i + step, :, None] == keys_b[i : i + step, None, :]).any(axis=2)
            shared[i : i + step] = (hits & valid_a[i : i + step]).sum(axis=1)
    else:
        shared = _shared_below_cut(keys_a, keys_b, valid_a, valid_b)
    smaller = np.minimum(count_a, count_b)
    measurable = smaller >= min_samples
    out[measurable] = np.minimum(shared[measurable] / smaller[measurable], 1.0)
    return out


def _shared_below_cut(keys_a: np.ndarray, keys_b: np.ndarray, valid_a: np.ndarray,
                      valid_b: np.ndarray) -> np.ndarray:
    """Per row, how many of ``keys_a``'s keys below the cut (``valid_a``) are among ``keys_b``'s (keys below
    2**32). A key of a below the cut can only equal one of b's below it, so b's keys below the cut, tagged
    with their row (``row << 32 | key``), are sorted once and a's looked up among them: n log n, not every
    key compared with every key."""
    n = len(keys_a)
    rows = np.arange(n, dtype=np.uint64)[:, None] << np.uint64(32)
    tagged_b = np.sort((rows | keys_b.astype(np.uint64, copy=False))[valid_b])
    tagged_a = (rows | keys_a.astype(np.uint64, copy=False))[valid_a]
    if len(tagged_b) == 0:
        return np.zeros(n, dtype=np.int64)
    at = np.minimum(np.searchsorted(tagged_b, tagged_a), len(tagged_b) - 1)
    found = tagged_b[at] == tagged_a
    return np.bincount(np.flatnonzero(valid_a)[found] // keys_a.shape[1], minlength=n).astype(np.int64)


class Verifier:
    """Decides candidate pairs, and says which evidence decided and how strongly.

    First, where both stories have prose of their own (``prose`` is a number:
    the smaller one's sample of shingles of long sentences, those held by few
    stories, has enough keys):

    ``prose-containment``
        at least ``containment`` of the smaller story's own prose is found in
        the other. Text held by many stories (a site's frame, menus, footers,
        a page that pads many others) is left out of both sides, so it neither
        joins two different stories nor dilutes a copy.

    Such a pair is otherwise decided by its shared sentences only (the
    sentence rules below); the whole-text measures (``jaccard``, containment
    estimated from it), which a shared frame can dominate, decide only pairs
    without prose of their own to compare (short stories, lists, text without
    sentences). In this order, the first that holds decides:

    ``jaccard``
        estimated Jaccard similarity >= ``threshold``;
    ``containment``
        the smaller story's long sentences are at least ``containment`` found in
        the other (at least two of them), or, for stories with too few sentences
        to tell, its shingles are estimated at least ``containment`` contained
        (from the Jaccard estimate and the set sizes, trusted only where the
        Jaccard estimate reaches ``min_jaccard``);
    ``shared-sentences``
        at least ``shared_sentences`` long sentences in common (not boilerplate),
        making at least ``shared_fraction`` of the smaller story's;
    ``shared-lead``
        at least two long sentences in common (not boilerplate), among them at
        least two of the first three of one of the stories: a copy trimmed to its
        first paragraphs (as few as two sentences), whatever text surrounds it.

    The strength is the Jaccard estimate, the containment, or the fraction of
    the smaller story's sentences shared.

    >>> v = Verifier(0.5, 0.8, 0.4)
    >>> sim, kind, ok = v.verify(np.array([0.42]), np.array([60]), np.array([140]))
    >>> round(float(sim[0]), 2), kind[0], bool(ok[0])
    (0.99, 'containment', True)
    >>> sim, kind, ok = v.verify(np.array([0.1]), np.array([60]), np.array([400]),
    ...                          shared=np.array([5]), sentences_a=np.array([5]), sentences_b=np.array([30]))
    >>> float(sim[0]), kind[0], bool(ok[0])
    (1.0, 'containment', True)
    """

    def __init__(self, threshold: float, containment: float, min_jaccard: float, *,
                 shared_sentences: int = 3, shared_fraction: float = 0.25) -> None:
        self.threshold = threshold
        self.containment = containment
        self.min_jaccard = min_jaccard
        self.shared_sentences = shared_sentences
        self.shared_fraction = shared_fraction

    def verify(self, j: np.ndarray, size_a: np.ndarray, size_b: np.ndarray, *,
               shared: np.ndarray | None = None, sentences_a: np.ndarray | None = None,
               sentences_b: np.ndarray | None = None, lead: np.ndarray | None = None,
               tail: np.ndarray | None = None, prose: np.ndarray | None = None,
               ) -> tuple[np.ndarray, list[str], np.ndarray]:
        """Per pair: the strength of the evidence that decided, its kind, and whether it is a duplicate.

        ``shared`` counts the long sentences the pair shares (boilerplate left
        out), ``sentences_a``/``sentences_b`` each story's long sentences, ``lead``
        the most of either story's lead sentences among the shared ones, ``tail`` the
        fewest of either story's last sentences among them (two texts both ending with
        the same sentences share a site's ending: no sentence evidence), ``prose``
        the containment of :func:`prose_containment` (NaN where it cannot tell).
        """
        n = len(j)
        shared = np.zeros(n, dtype=np.int64) if shared is None else shared
        fewer = np.minimum(np.zeros(n, np.int64) if sentences_a is None else sentences_a,
                           np.zeros(n, np.int64) if sentences_b is None else sentences_b)
        fraction = shared / np.maximum(fewer, 1)
        estimated = containment(j, size_a, size_b)
        measured = np.zeros(n, dtype=bool) if prose is None else ~np.isnan(prose)
        prose_value = np.zeros(n) if prose is None else np.nan_to_num(prose)
        by_prose = measured & (prose_value >= self.containment)
        # whole-text measures only for stories without enough prose of their own to compare
        by_jaccard = ~measured & (j >= self.threshold)
        # two texts that both end with the same long sentences share an ending (a site's footer, its
        # comments), not necessarily a story: a copy trimmed differently ends differently, and a whole copy
        # is found by its prose
        shared = np.where((np.zeros(n, np.int64) if tail is None else tail) >= 2, 0, shared)
        by_sentences = ~by_prose & ~by_jaccard & (shared >= 2) & (fraction >= self.containment)
        by_estimate = (~measured & ~by_jaccard & ~by_sentences & (estimated >= self.containment)
                       & (j >= self.min_jaccard))
        enough = ~by_prose & ~by_jaccard & ~by_sentences & ~by_estimate & (shared >= self.shared_sentences)
        by_shared = enough & (fraction >= self.shared_fraction)
        # a copy trimmed to its first two long sentences, inside any text: both of them among a story's lead
        by_lead = (~by_prose & ~by_jaccard & ~by_sentences & ~by_estimate & ~by_shared & (shared >= 2)
                   & ((np.zeros(n, np.int64) if lead is None else lead) >= 2))
        sim = np.where(by_prose, prose_value, np.where(by_jaccard, j, np.where(
            by_estimate, estimated, np.where(by_sentences | by_shared | by_lead, fraction,
                                             np.where(measured, prose_value, j)))))
        kinds = np.where(by_prose, PROSE_CONTAINMENT, np.where(by_jaccard, JACCARD, np.where(
            by_sentences | by_estimate, CONTAINMENT,
            np.where(by_shared, SHARED_SENTENCES, np.where(by_lead, SHARED_LEAD, np.where(
                measured, PROSE_CONTAINMENT, JACCARD)))))).tolist()
        ok = by_prose | by_jaccard | by_sentences | by_estimate | by_shared | by_lead
        return np.minimum(sim, 1.0), kinds, ok


def rank_order(policy: str, sizes: np.ndarray, lengths: np.ndarray, content: np.ndarray,  # noqa: PLR0917
               ids: Sequence[str], degrees: np.ndarray | None = None) -> np.ndarray:
    """Stories best first for representing a cluster: ``central`` (most verified pairs, ``degrees``, then
    most shingles), ``most-complete`` (most shingles), ``longest`` (most characters) or ``first``
    (earliest, i.e. lowest position); ties broken by a key of the content (the signature's hash), then by
    id, so the representative never depends on input order.

    >>> rank_order("most-complete", np.array([5, 9, 9]), np.array([50, 80, 95]), np.array([7, 3, 3]),
    ...            ["a", "c", "b"]).tolist()
    [2, 1, 0]
    """
    n = len(sizes)
    if policy == "central":
        score = sizes.astype(np.int64) + (np.zeros(n, np.int64) if degrees is None else degrees) * (1 << 40)
    elif policy == "first":
        score = -np.arange(n)
    elif policy == "longest":
        score = lengths.astype(np.int64)
    elif policy == "most-complete":
        score = sizes.astype(np.int64)
    else:
        raise ValueError(f"unknown representative policy {policy!r}")
    order = np.lexsort((content, -score))
    # equal score and content (identical shingle sets): the ids decide, compared as strings
    same = (score[order][1:] == score[order][:-1]) & (content[order][1:] == content[order][:-1])
    if same.any():
        group = np.concatenate(([0], np.cumsum(~same)))
        for g in np.unique(group[1:][same]).tolist():
            members = order[group == g]
            order[group == g] = sorted(members.tolist(), key=lambda i: str(ids[i]))
    return order


def content_keys(signatures: np.ndarray) -> np.ndarray:
    """A 64-bit key of every signature row (equal shingle sets, equal keys): the content tie-break.

    >>> sigs = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 1]], dtype=np.uint32)
    >>> k = content_keys(sigs)
    >>> bool(k[0] == k[1]), bool(k[0] == k[2])
    (True, False)
    """
    rows = np.ascontiguousarray(signatures)
    digests = b"".join(hashlib.blake2b(row.tobytes(), digest_size=8).digest() for row in rows)
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def assign_clusters(order: np.ndarray, a: np.ndarray, b: np.ndarray, sim: np.ndarray,
                    evidence: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
    """Clusters from verified pairs, without chains: every member is similar to its representative.

    ``order`` lists the stories best first (:func:`rank_order`); the pairs
    ``(a[i], b[i])`` with strength ``sim[i]`` and kind ``evidence[i]`` are
    positions in it. Going down ``order``, a story that is a verified pair with
    a representative already chosen joins the one it is most similar to (ties:
    the better ranked); otherwise it represents a cluster of its own. Returns
    per story its representative, its similarity to it (1.0 for a
    representative) and the evidence of that pair (``None`` for a
    representative). The result depends on the pairs and the order only.

    >>> reps, sims, ev = assign_clusters(np.array([0, 1, 2]), np.array([0, 1]), np.array([1, 2]),
    ...                                  np.array([0.9, 0.8]), ["jaccard", "jaccard"])
    >>> reps.tolist(), sims.tolist(), ev
    ([0, 0, 2], [1.0, 0.9, 1.0], [None, 'jaccard', None])
    """
    n = len(order)
    reps = np.arange(n)
    sims = np.ones(n)
    kinds: list[str | None] = [None] * n
    if len(a) == 0:
        return reps, sims, kinds
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    neighbours: dict[int, list[tuple[int, float, str]]] = {}
    for x, y, s, k in zip(a.tolist(), b.tolist(), sim.tolist(), evidence, strict=True):
        if x != y:
            neighbours.setdefault(x, []).append((y, s, k))
            neighbours.setdefault(y, []).append((x, s, k))
    is_rep = np.zeros(n, dtype=bool)
    for x in sorted(neighbours, key=lambda v: rank[v]):
        best: tuple[float, int, int, str] | None = None
        for y, s, k in neighbours[x]:
            if rank[y] < rank[x] and is_rep[y]:
                candidate = (s, -int(rank[y]), y, k)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        if best is None:
            is_rep[x] = True
        else:
            reps[x], sims[x], kinds[x] = best[2], best[0], best[3]
    return reps, sims, kinds


def frame_bridges(a: np.ndarray, b: np.ndarray, related_a: np.ndarray, related_b: np.ndarray,
                  kinds: Sequence[str] | None = None) -> np.ndarray:
    """Per verified pair ``(a[i], b[i])``, whether it is a *bridge* between two different stories.

    A pair ``(u, v)`` is a bridge when ``u`` has another verified partner ``u'``
    and ``v`` another ``v'`` (``u' != v'``) such that none of ``(u', v)``,
    ``(u, v')``, ``(u', v')`` is *related*: a verified pair, or a pair sharing a
    long sentence that is not boilerplate (``(related_a[j], related_b[j])``, in
    either order). Then ``u`` is the same story as ``u'`` and ``v`` as ``v'``,
    and those two stories have nothing in common: what ``u`` and ``v`` share is
    text around their stories (one site's frame, footer or sidebar), however few
    stories hold it. Copies of one story are related to each other through the
    story, so a chain of copies is no bridge. A pair decided by whole-text Jaccard similarity
    (``kinds[i] == "jaccard"``: most of both texts is the same) is never a bridge: a large group
    of equal texts is never all compared (LSH proposes a bounded number of a bucket's stories), so
    two of them can look unrelated.

    >>> # 0~1 and 2~3 are two stories; 1 and 2 share a frame; 0 and 3 share nothing with the other side
    >>> frame_bridges(np.array([0, 1, 2]), np.array([1, 2, 3]), np.zeros(0, np.int64), np.zeros(0, np.int64)).tolist()
    [False, True, False]
    >>> # 0 and 2 share a sentence (copies of one story, trimmed differently): no bridge
    >>> frame_bridges(np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0]), np.array([2])).tolist()
    [False, False, False]
    """
    n = len(a)
    out = np.zeros(n, dtype=bool)
    if n < 3:
        return out
    partners: dict[int, set[int]] = {}
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        if x != y:
            partners.setdefault(x, set()).add(y)
            partners.setdefault(y, set()).add(x)
    related: dict[int, set[int]] = {k: set(v) for k, v in partners.items()}
    for x, y in zip(related_a.tolist(), related_b.tolist(), strict=True):
        if x in partners and y in partners:  # only stories in a verified pair can be a bridge's ends or partners
            related[x].add(y)
            related[y].add(x)
    for i, (u, v) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        if u == v or (kinds is not None and kinds[i] == JACCARD):
            continue
        # partners of one end that have nothing to do with the other end
        ours = [w for w in partners[u] if w != v and v not in related[w]]
        if not ours:
            continue
        theirs = [w for w in partners[v] if w != u and u not in related[w]]
        out[i] = any(wu != wv and wv not in related[wu] for wu in ours for wv in theirs)
    return out
