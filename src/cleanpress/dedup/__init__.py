"""The dedup stage: MinHash near-duplicate detection over cleaned stories.

Shingles (:mod:`.shingle`) -> datasketch-compatible signatures (:mod:`.minhash`)
-> LSH candidates (:mod:`.lsh`) -> verified pairs, union-find clusters and
representatives (:mod:`.cluster`), kept in a persistent index (:mod:`.index`)
by a :class:`Deduplicator` (:mod:`.deduplicator`).
"""

from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import (
    Assignment,
    Cluster,
    Deduplicator,
    DedupResult,
    DedupStats,
    Match,
    dedup,
)
from cleanpress.dedup.minhash import Signatures, Signer, shingle_hash, to_datasketch
from cleanpress.dedup.shingle import Shingler

__all__ = [
    "Assignment",
    "Cluster",
    "DedupConfig",
    "DedupResult",
    "DedupStats",
    "Deduplicator",
    "Match",
    "Shingler",
    "Signatures",
    "Signer",
    "dedup",
    "shingle_hash",
    "to_datasketch",
]
