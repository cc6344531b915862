"""What dedup needs of each story besides its id, computed from its text alone: signed where it was cleaned.

A story's :class:`StoryKeys` row is its MinHash signature and shingle-set
size (:mod:`cleanpress.dedup.minhash`), its length in characters, and its
sentence fingerprints, lead and prose sample (:mod:`cleanpress.dedup.sentences`). Each is a
function of the story's own text and of the :class:`DedupConfig`, so it can
be computed in any process, in any batch, and give the same values:
``run -j N`` computes them in the worker that cleaned the page, and the main
process only inserts them in the LSH index and clusters. A
:class:`~cleanpress.dedup.deduplicator.Deduplicator` given no keys computes
them itself with :func:`sign_stories`, the same function.

>>> keys = sign_stories(["The mayor opened the new bridge on Monday, two years after work began there."])
>>> len(keys), keys.values.shape, keys.sentence_counts.tolist(), keys.lengths.tolist()
(1, (1, 128), [1], [76])
>>> part = keys.take([0, 0])
>>> len(part), bool((part.values[1] == keys.values[0]).all())
(2, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.minhash import Signer
from cleanpress.dedup.sentences import SentenceFingerprints, prose_samples


@dataclass(frozen=True, slots=True)
class StoryKeys:
    """The keys of a batch of stories, one row each (see the module doc).

    ``values`` and ``sizes`` are the signatures and shingle-set sizes (as in
    :class:`~cleanpress.dedup.minhash.Signatures`); ``sentence_keys`` holds
    every story's fingerprints one story after the other, ``sentence_counts``
    how many each has; ``leads`` is ``len x 2 LEAD`` (each story's lead, then its tail); ``prose_keys`` and
    ``prose_counts`` are the prose samples, laid out as the fingerprints are. ``config`` is the
    :meth:`DedupConfig.fingerprint` they were computed with: keys of another
    config are refused where they are used.
    """

    config: dict[str, object]
    values: np.ndarray
    sizes: np.ndarray
    lengths: np.ndarray
    sentence_keys: np.ndarray
    sentence_counts: np.ndarray
    leads: np.ndarray
    prose_keys: np.ndarray
    prose_counts: np.ndarray

    def __len__(self) -> int:
        return len(self.sizes)

    def take(self, rows: Sequence[int] | np.ndarray) -> StoryKeys:
        """The keys of stories ``rows`` (in that order; a row may repeat)."""
        rows = np.asarray(rows, dtype=np.int64)
        sentence_keys, sentence_counts = _take_ragged(self.sentence_keys, self.sentence_counts, rows)
        prose_keys, prose_counts = _take_ragged(self.prose_keys, self.prose_counts, rows)
        return StoryKeys(self.config, self.values[rows], self.sizes[rows], self.lengths[rows], sentence_keys,
                         sentence_counts, self.leads[rows], prose_keys, prose_counts)

    def check(self, config: DedupConfig) -> None:
        """Refuse keys computed with another config than ``config`` (signatures would not compare)."""
        if self.config != config.fingerprint():
            raise ValueError(f"story keys were computed with the dedup config {self.config}, "
                             f"not this deduplicator's {config.fingerprint()}")

    @staticmethod
    def gather(parts: Sequence[tuple[StoryKeys, int]]) -> StoryKeys:
        """One batch of the stories ``(keys, row)``: row ``row`` of each ``keys`` (several parts may share one)."""
        if not parts:
            raise ValueError("no story keys to gather")
        groups: list[tuple[StoryKeys, list[int]]] = []
        for keys, row in parts:  # consecutive rows of one batch are taken together
            if groups and groups[-1][0] is keys:
                groups[-1][1].append(row)
            else:
                groups.append((keys, [row]))
        taken = [keys.take(rows) for keys, rows in groups]
        if len(taken) == 1:
            return taken[0]
        first = taken[0]
        for other in taken[1:]:
            if other.config != first.config:
                raise ValueError("story keys of different dedup configs cannot be gathered into one batch")
        return StoryKeys(first.config, *(np.concatenate([getattr(t, name) for t in taken])
                                         for name in ("values", "sizes", "lengths", "sentence_keys",
                                                      "sentence_counts", "leads", "prose_keys", "prose_counts")))


def sign_stories(
    texts: Sequence[str],
    config: DedupConfig | None = None,
    *,
    signer: Signer | None = None,
    fingerprints: SentenceFingerprints | None = None,
) -> StoryKeys:
    """The keys of ``texts`` (one row each), computed together.

    ``signer`` and ``fingerprints`` may be given to reuse them (they must be
    built from ``config``, as a :class:`Deduplicator` builds its own).
    """
    config = config or DedupConfig()
    signer = signer or Signer(config)
    fingerprints = fingerprints or SentenceFingerprints(config.sentence_words, config.sentence_sketch)
    sigs = signer.sign(texts)
    sentence_keys, sentence_counts, leads, prose_keys, prose_counts = fingerprint_texts(
        fingerprints, signer, texts, config.prose_sample)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return StoryKeys(config.fingerprint(), sigs.values, sigs.sizes, lengths, sentence_keys, sentence_counts,
                     leads, prose_keys, prose_counts)


def fingerprint_texts(fingerprints: SentenceFingerprints, signer: Signer, texts: Sequence[str],
                      cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sentence fingerprints, their counts and the leads of ``texts``, and their prose samples (shingles of
    the long sentences, hashed as the signatures' shingles are; see :func:`prose_samples`) and counts."""
    sentence_keys, sentence_counts, leads, prose = fingerprints.keys_and_prose(texts)
    if any(prose):
        hashes, counts = signer.shingle_hashes(prose)
        prose_keys, prose_counts = prose_samples(hashes, counts, cap)
    else:
        prose_keys, prose_counts = np.zeros(0, dtype=np.uint64), np.zeros(len(texts), dtype=np.int64)
    return sentence_keys, sentence_counts, leads, prose_keys, prose_counts


def _take_ragged(flat: np.ndarray, counts: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``rows`` of a ragged array stored as ``flat`` (row after row) and ``counts`` (its row lengths)."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    taken = counts[rows]
    # the positions of the chosen rows' items, row after row
    starts = np.repeat(offsets[rows] - (np.cumsum(taken) - taken), taken)
    return flat[starts + np.arange(int(taken.sum()), dtype=np.int64)], taken
