"""The dedup stage's configuration: one frozen, keyword-only object."""

from __future__ import annotations

from dataclasses import dataclass

#: Permutation schemes of ``datasketch.MinHash`` that signatures can reproduce.
SCHEMES = ("affine32", "legacy")
#: How a shingle becomes a 32-bit value before the permutations (see :mod:`cleanpress.dedup.minhash`).
HASHES = ("poly", "sha1")
#: Which member of a cluster represents it.
REPRESENTATIVES = ("central", "most-complete", "first", "longest")


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupConfig:
    """Shingles, signatures, LSH and the rules that decide a duplicate.

    Where both stories have prose of their own (at least ``prose_min`` sampled
    shingles of their long sentences that at most ``boilerplate_stories + 1``
    stories hold), they are duplicates when ``containment`` of the smaller
    one's own prose is found in the other, or by the sentence rules below;
    text held by many stories (a site's frame, a footer, a pad) is left out.
    Otherwise, two stories are duplicates when the estimated Jaccard similarity of their
    shingle sets reaches ``threshold``; when the shorter one is at least
    ``containment`` contained in the longer one (its long sentences found in the
    other, or its shingles by the Jaccard estimate), which catches a copy trimmed
    to its first paragraphs or set inside another site's text; or when they share
    ``shared_sentences`` long sentences that are not boilerplate, at least
    ``shared_fraction`` of the smaller one's. Candidate pairs come from
    LSH whose bands and rows are chosen, as ``datasketch.MinHashLSH`` does,
    for :attr:`lsh_threshold`: ``candidate_threshold`` if given, else 0.6 times
    the lower of ``threshold`` and ``containment_ratio`` (the Jaccard
    similarity of a copy trimmed to that fraction of the original), so that
    pairs at the decision threshold are proposed with probability above 99%.

    >>> DedupConfig().lsh_threshold, DedupConfig().bands_rows()
    (0.3, (37, 3))
    >>> DedupConfig(threshold=1.5)
    Traceback (most recent call last):
    ...
    ValueError: threshold must be in (0, 1], got 1.5
    >>> DedupConfig(scheme="affine64")
    Traceback (most recent call last):
    ...
    ValueError: scheme must be one of 'affine32', 'legacy' (datasketch's permutation schemes), got 'affine64'
    """

    #: words per shingle (word n-grams over the normalised text)
    ngram: int = 5
    #: characters per shingle for text written without spaces (CJK, Thai, ...)
    char_ngram: int = 5
    #: MinHash permutations, seed and scheme, as in ``datasketch.MinHash(num_perm, seed, scheme=...)``
    num_perm: int = 128
    seed: int = 1
    scheme: str = "affine32"
    #: shingle -> 32-bit hash: "poly" (vectorised; use ``hashfunc=shingle_hash`` in datasketch)
    #: or "sha1" (datasketch's default hash function, several times slower)
    hash: str = "poly"
    #: estimated Jaccard similarity at or above which two stories are duplicates
    threshold: float = 0.5
    #: estimated containment of the smaller story in the larger one at or above which they are duplicates
    #: (trusted only where the estimated Jaccard similarity reaches :attr:`lsh_threshold`)
    containment: float = 0.7
    #: the shortest trimmed copy, as a fraction of the original, that should still be found
    containment_ratio: float = 0.5
    #: LSH threshold; None derives it from ``threshold`` and ``containment``/``containment_ratio``
    candidate_threshold: float | None = None
    #: a sentence (ending in . ! ? or the like) of at least this many tokens is a fingerprint of its story
    #: (8: the best of 6/8/10/12 on syndication-dev's cleaned stories, see docs/dedup.md)
    sentence_words: int = 8
    #: sentence fingerprints kept per story: all of them, or the ``sentence_sketch`` smallest hashes (a
    #: bottom-k sample, the same sentences in every copy), 8 bytes each
    sentence_sketch: int = 64
    #: prose shingles (word n-grams of the long sentences) sampled per story: one in four, at most this many
    #: (the smallest hashes), 8 bytes each; where both stories of a pair have at least ``prose_min`` sampled
    #: prose shingles held by few stories (text held by more than ``boilerplate_stories + 1`` stories is
    #: a frame, a footer or a pad, not the story), their containment decides ("prose-containment")
    prose_sample: int = 256
    prose_min: int = 5
    #: a sentence already held by more than this many earlier stories is boilerplate, no evidence
    boilerplate_stories: int = 4
    #: two stories sharing at least this many sentences (not boilerplate) ...
    shared_sentences: int = 3
    #: ... that make at least this fraction of the smaller one's sentences are duplicates ("shared-sentences")
    shared_fraction: float = 0.6
    #: which member represents a cluster: "central" (most verified duplicate pairs, then most shingles),
    #: "most-complete" (most shingles), "first" or "longest" (characters). Members must be similar to their
    #: representative, so the central story (the one most copies are similar to) keeps clusters whole: on
    #: syndication-dev, pairwise recall 0.956 against 0.928 for "most-complete" (docs/dedup.md)
    representative: str = "central"
    #: stories signed together (memory during signing: the batch's texts plus at most ~15 MB of temporaries,
    #: since texts are hashed in groups of 256K characters)
    batch_size: int = 1024

    def __post_init__(self) -> None:
        for name in ("threshold", "containment", "containment_ratio", "shared_fraction"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {value}")
        if self.candidate_threshold is not None and not 0.0 < self.candidate_threshold <= 1.0:
            raise ValueError(f"candidate_threshold must be in (0, 1] or None, got {self.candidate_threshold}")
        if self.ngram < 1 or self.char_ngram < 1:
            raise ValueError(f"ngram and char_ngram must be >= 1, got {self.ngram} and {self.char_ngram}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be >= 2 (LSH needs at least two bands), got {self.num_perm}")
        if self.scheme not in SCHEMES:
            raise ValueError(
                f"scheme must be one of {', '.join(map(repr, SCHEMES))} (datasketch's permutation schemes), "
                f"got {self.scheme!r}"
            )
        if self.hash not in HASHES:
            raise ValueError(f"hash must be one of {', '.join(map(repr, HASHES))}, got {self.hash!r}")
        if self.representative not in REPRESENTATIVES:
            raise ValueError(
                f"representative must be one of {', '.join(map(repr, REPRESENTATIVES))}, got {self.representative!r}"
            )
        for name in ("sentence_words", "sentence_sketch", "shared_sentences", "prose_sample", "prose_min"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.boilerplate_stories < 1:
            raise ValueError(f"boilerplate_stories must be >= 1, got {self.boilerplate_stories}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size}")

    @property
    def lsh_threshold(self) -> float:
        """The similarity LSH is tuned for: ``candidate_threshold``, or derived (see the class doc)."""
        if self.candidate_threshold is not None:
            return self.candidate_threshold
        # a copy that is the first `ratio` of a story has Jaccard `ratio` with it; LSH tuned at 0.6 of
        # the similarity to find proposes pairs at it with probability > 0.99 (datasketch's own tuning
        # puts the threshold in the middle of the S-curve, about half of the pairs at it would be lost)
        return round(0.6 * min(self.threshold, self.containment_ratio), 4)

    def bands_rows(self) -> tuple[int, int]:
        """LSH bands and rows per band for :attr:`lsh_threshold`, chosen as datasketch does."""
        from cleanpress.dedup.lsh import optimal_bands  # lsh imports numpy; config stays light

        return optimal_bands(self.lsh_threshold, self.num_perm)

    def fingerprint(self) -> dict[str, object]:
        """What a persisted index must agree on to be reused: shingles and signatures.

        Thresholds and LSH bands may change between runs (buckets are rebuilt
        from the stored signatures); pairs already verified stay verified.
        """
        return {
            "ngram": self.ngram,
            "char_ngram": self.char_ngram,
            "num_perm": self.num_perm,
            "seed": self.seed,
            "scheme": self.scheme,
            "hash": self.hash,
            "sentence_words": self.sentence_words,
            "sentence_sketch": self.sentence_sketch,
            "prose_sample": self.prose_sample,
        }
