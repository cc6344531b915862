"""The dedup stage on a Spark DataFrame, from the local stage's own functions.

The steps, and who does the work:

1. **order**: every story gets its sequence number in input order (``order_col``,
   then ``id``), as the local engine numbers stories as it reads them. Computed
   with a range partitioning, per-partition counts and offsets: no single
   partition ever holds all rows, and no ``monotonically_increasing_id``.
2. **sign**: per partition (``mapInArrow``), :class:`cleanpress.dedup.minhash.Signer`
   computes the MinHash signatures and :func:`cleanpress.dedup.lsh.band_keys`
   the band keys, with the permutations and bands chosen once on the driver
   from the :class:`~cleanpress.dedup.config.DedupConfig`.
3. **candidates**: the band keys are exploded and grouped by (band, key); every
   pair of stories sharing a bucket is a candidate, the same pairs the local
   band index proposes.
   Sentence fingerprints are exploded too: a sentence held by more than
   ``boilerplate_stories + 1`` stories in all is boilerplate, as in the local
   :meth:`~cleanpress.dedup.deduplicator.Deduplicator.final_edges`; the others
   pair up their stories, counted per pair (with the lead sentences among them).
   Prose samples are exploded and counted the same way: a story's own prose is
   its sampled keys that at most ``boilerplate_stories + 1`` stories hold.
4. **verify**: per partition, the local verifier
   (:func:`cleanpress.dedup.deduplicator.verifier_for`) keeps the pairs with
   enough evidence, with its kind and strength.
5. **components**: :func:`cleanpress.spark.components.connected_components`
   (large-star / small-star, or a union-find on the driver for small edge lists).
6. **clusters**: per component (its members' signatures, its verified pairs and its pairs sharing a
   long sentence), :func:`cleanpress.dedup.cluster.frame_bridges` drops the pairs that join two
   different stories, and :func:`cleanpress.dedup.cluster.rank_order` and
   :func:`cleanpress.dedup.cluster.assign_clusters` choose representatives and
   members exactly as locally. Stories in no verified pair are their own cluster.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from cleanpress.dedup.cluster import (
    PROSE_PAD,
    assign_clusters,
    content_keys,
    frame_bridges,
    prose_containment,
    rank_order,
)
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import verifier_for
from cleanpress.dedup.lsh import band_keys
from cleanpress.dedup.minhash import Signer
from cleanpress.dedup.sentences import LEAD, SentenceFingerprints, prose_cutoffs
from cleanpress.dedup.signing import fingerprint_texts
from cleanpress.spark.components import DRIVER_EDGE_LIMIT, connected_components

#: The columns ``dedup_dataframe`` adds.
DEDUP_COLUMNS = ("cluster", "duplicate_of", "is_duplicate", "similarity", "evidence", "seen_before")


def dedup_dataframe(
    df: Any,
    id_col: str = "id",
    text_col: str = "text",
    order_col: str | Sequence[str] | None = None,
    *,
    config: DedupConfig | None = None,
    driver_edge_limit: int = DRIVER_EDGE_LIMIT,
) -> Any:
    """``df`` with ``cluster``, ``duplicate_of``, ``is_duplicate`` and ``similarity`` added.

    ``cluster`` is the id of the cluster's representative (a story's own id
    when it has no duplicate), ``duplicate_of`` the same id for the other
    members and null for the representative, ``similarity`` the member's
    estimated Jaccard similarity (or containment, where that decided) to the
    representative, 1.0 for the representative itself. Stories are taken in
    the order of ``order_col`` (one column or several), then ``id``; without
    ``order_col``, in the order of ``id``. ``id`` must be unique.

    The result is exactly the local stage's for the same stories in the same
    order: same signatures, same candidate pairs, same clusters, same
    representatives. Edge lists of at most ``driver_edge_limit`` verified
    pairs are joined into clusters on the driver; larger ones on the cluster.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    cfg = config or DedupConfig()
    orders = [order_col] if isinstance(order_col, str) else list(order_col or ())
    for role, col in (("id_col", id_col), ("text_col", text_col), *(("order_col", c) for c in orders)):
        if col not in df.columns:
            raise ValueError(f"{role}={col!r} is not a column of the DataFrame (it has {sorted(df.columns)})")
    clash = [c for c in (*DEDUP_COLUMNS, "_seq") if c in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has column(s) {clash}; drop or rename them first")
    bands, rows = cfg.bands_rows()  # chosen once, on the driver

    numbered = sequence_numbers(df, [*orders, id_col])
    signed = (
        numbered.select("_seq", F.col(text_col).alias("_text"))
        .mapInArrow(functools.partial(_sign_batches, config=cfg, bands=bands, rows=rows),
                    "_seq long, size long, length long, sig binary, keys array<long>, nsent long, "
                    "sents array<long>, leads array<long>, prose array<long>, cut long")
        .localCheckpoint()
    )
    # a story without shingles is never a candidate, as in the local band index
    buckets = signed.where(F.col("size") > 0).select("_seq", F.posexplode("keys").alias("band", "key"))
    band_pairs = (
        buckets.alias("a").join(buckets.alias("b").hint("merge"), ["band", "key"])
        .where(F.col("a._seq") < F.col("b._seq"))
        .select(F.col("a._seq").alias("a"), F.col("b._seq").alias("b"))
        .distinct()
    )
    # sentences: held by more than `boilerplate_stories` + 1 stories in all, one is no evidence
    exploded = signed.select("_seq", F.explode("sents").alias("sent"),
                             F.col("leads"))
    held = (exploded.withColumn("holders", F.count("*").over(Window.partitionBy("sent")))
            .where(F.col("holders") <= cfg.boilerplate_stories + 1)
            .select("_seq", "sent",
                    F.array_contains(F.slice("leads", 1, LEAD), F.col("sent")).cast("long").alias("in_lead"),
                    F.array_contains(F.slice("leads", LEAD + 1, LEAD), F.col("sent")).cast("long").alias("in_tail")))
    sentence_pairs = (
        held.alias("a").join(held.alias("b").hint("merge"), "sent")
        .where(F.col("a._seq") < F.col("b._seq"))
        .groupBy(F.col("a._seq").alias("a"), F.col("b._seq").alias("b"))
        .agg(F.count("*").alias("shared"),
             F.greatest(F.sum("a.in_lead"), F.sum("b.in_lead")).alias("lead"),
             F.least(F.sum("a.in_tail"), F.sum("b.in_tail")).alias("tail"))
    )
    pairs = band_pairs.join(sentence_pairs, ["a", "b"], "full").fillna(0, ["shared", "lead", "tail"])
    # prose: a story's own keys are those at most `boilerplate_stories` + 1 stories hold in all
    own = (signed.select("_seq", F.explode("prose").alias("pkey"))
           .withColumn("holders", F.count("*").over(Window.partitionBy("pkey")))
           .where(F.col("holders") <= cfg.boilerplate_stories + 1)
           .groupBy("_seq").agg(F.collect_list("pkey").alias("own")))
    # joins are sort-merge joins (hinted): size estimates of mapInArrow outputs are guesses, and a
    # broadcast of signatures chosen on a wrong guess exhausts the driver
    sigs = (signed.select("_seq", "size", "nsent", "sig", "cut").join(own.hint("merge"), "_seq", "left")
            .withColumn("own", F.coalesce("own", F.array().cast("array<long>"))))
    with_sigs = (
        pairs.join(sigs.withColumnsRenamed({"_seq": "a", "size": "size_a", "nsent": "nsent_a", "sig": "sig_a",
                                            "cut": "cut_a", "own": "own_a"}).hint("merge"), "a")
        .join(sigs.withColumnsRenamed({"_seq": "b", "size": "size_b", "nsent": "nsent_b", "sig": "sig_b",
                                       "cut": "cut_b", "own": "own_b"}).hint("merge"), "b")
    )
    edges = with_sigs.mapInArrow(functools.partial(_verify_batches, config=cfg),
                                 "src long, dst long, sim double, kind string").localCheckpoint()
    components = connected_components(edges.select("src", "dst"), driver_limit=driver_edge_limit)

    members = components.join(
        signed.select("_seq", "size", "length", "sig").hint("merge"), F.col("node") == F.col("_seq")
    ).join(numbered.select("_seq", F.col(id_col).cast("string").alias("_id")).hint("merge"), "_seq")
    groups = members.groupBy("component").agg(
        F.collect_list(F.struct("_seq", "_id", "size", "length", "sig")).alias("members")
    )
    component_edges = (edges.join(components.hint("merge"), F.col("src") == F.col("node"))
                       .groupBy("component").agg(F.collect_list(F.struct("src", "dst", "sim", "kind")).alias("edges")))
    # the pairs sharing a long sentence (not boilerplate) within a component: what tells a bridge between two
    # stories from a chain of copies (frame_bridges)
    node_of = components.select(F.col("node"), F.col("component"))
    component_related = (
        sentence_pairs.select("a", "b")
        .join(node_of.withColumnsRenamed({"node": "a"}).hint("merge"), "a")
        .join(node_of.withColumnsRenamed({"node": "b", "component": "component_b"}).hint("merge"), "b")
        .where(F.col("component") == F.col("component_b"))
        .groupBy("component").agg(F.collect_list(F.struct("a", "b")).alias("related"))
    )
    labels = groups.join(component_edges, "component").join(component_related, "component", "left").mapInArrow(
        functools.partial(_cluster_batches, config=cfg),
        "_seq long, cluster string, is_duplicate boolean, similarity double, evidence string",
    )
    # stories in no verified pair are clusters of their own
    own_id = F.col(id_col).cast("string")
    return (
        numbered.join(labels.hint("merge"), "_seq", "left")
        .withColumn("cluster", F.coalesce("cluster", own_id))
        .withColumn("is_duplicate", F.coalesce("is_duplicate", F.lit(False)))
        .withColumn("similarity", F.coalesce("similarity", F.lit(1.0)))
        .withColumn("duplicate_of", F.when(F.col("is_duplicate"), F.col("cluster")))
        .withColumn("seen_before", F.lit(False))
        .select(*df.columns, *DEDUP_COLUMNS)
    )


def sequence_numbers(df: Any, order: Sequence[str]) -> Any:
    """``df`` with ``_seq``: 0, 1, 2, ... in the order of the ``order`` columns (ties broken arbitrarily).

    Rows are range-partitioned and sorted on ``order``, materialised once, and
    each partition's rows are numbered from the count of the partitions before it.
    """
    from pyspark.sql import functions as F

    partitions = max(1, int(df.sparkSession.conf.get("spark.sql.shuffle.partitions") or "1"))
    ranged = (
        df.repartitionByRange(partitions, *order)
        .sortWithinPartitions(*order)
        .withColumn("_part", F.spark_partition_id())
        .localCheckpoint()
    )
    counts = dict(ranged.groupBy("_part").count().collect())
    offsets, total = {}, 0
    for part in sorted(counts):
        offsets[part] = total
        total += counts[part]
    schema = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in ranged.schema.fields) + ", _seq long"
    return ranged.mapInArrow(functools.partial(_number_batches, offsets=offsets), schema).drop("_part")


def _number_batches(batches: Iterator[Any], *, offsets: dict[int, int]) -> Iterator[Any]:
    """``mapInArrow`` body: append the running sequence number (a partition's rows arrive in order)."""
    import pyarrow as pa

    seen = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        start = offsets[batch.column("_part")[0].as_py()] + seen
        seen += batch.num_rows
        yield batch.append_column("_seq", pa.array(np.arange(start, start + batch.num_rows, dtype=np.int64)))


def _sign_batches(batches: Iterator[Any], *, config: DedupConfig, bands: int, rows: int) -> Iterator[Any]:
    """``mapInArrow`` body: signatures, shingle counts and band keys of a batch of stories."""
    import pyarrow as pa

    signer = Signer(config)
    fingerprints = SentenceFingerprints(config.sentence_words, config.sentence_sketch)
    for batch in batches:
        texts = [t or "" for t in batch.column("_text").to_pylist()]
        signed = signer.sign(texts)
        keys = band_keys(signed.values, bands, rows).view(np.int64)
        flat = pa.array(keys.reshape(-1), type=pa.int64())
        offsets = pa.array(np.arange(0, (len(texts) + 1) * bands, bands, dtype=np.int32))
        sents, counts, leads, prose, prose_counts = fingerprint_texts(fingerprints, signer, texts,
                                                                      config.prose_sample)
        cuts = prose_cutoffs(prose, prose_counts, config.prose_sample)
        prose_offsets = pa.array(np.concatenate(([0], np.cumsum(prose_counts))).astype(np.int32))
        sent_offsets = pa.array(np.concatenate(([0], np.cumsum(counts))).astype(np.int32))
        lead_offsets = pa.array(np.arange(0, (len(texts) + 1) * 2 * LEAD, 2 * LEAD, dtype=np.int32))
        yield pa.RecordBatch.from_arrays(
            [
                batch.column("_seq"),
                pa.array(signed.sizes.astype(np.int64)),
                pa.array([len(t) for t in texts], type=pa.int64()),
                pa.array([row.tobytes() for row in signed.values], type=pa.binary()),
                pa.ListArray.from_arrays(offsets, flat),
                pa.array(counts.astype(np.int64)),
                pa.ListArray.from_arrays(sent_offsets, pa.array(sents.view(np.int64), type=pa.int64())),
                pa.ListArray.from_arrays(lead_offsets, pa.array(leads.reshape(-1).view(np.int64), type=pa.int64())),
                pa.ListArray.from_arrays(prose_offsets, pa.array(prose.astype(np.int64), type=pa.int64())),
                pa.array(cuts.astype(np.int64), type=pa.int64()),
            ],
            names=["_seq", "size", "length", "sig", "keys", "nsent", "sents", "leads", "prose", "cut"],
        )


def _matrix(column: Any, dtype: Any) -> np.ndarray:
    """A binary column of equal-length signatures as a 2-D array."""
    values = column.to_pylist()
    if not values:
        return np.zeros((0, 0), dtype=dtype)
    return np.frombuffer(b"".join(values), dtype=dtype).reshape(len(values), -1)


def _prose_rows(column: Any, width: int) -> np.ndarray:
    """A list column of prose keys as rows padded with :data:`PROSE_PAD` (``width`` columns)."""
    lists = column.to_pylist()
    out = np.full((len(lists), width), PROSE_PAD, dtype=np.uint64)
    for i, keys in enumerate(lists):
        out[i, : len(keys)] = keys
    return out


def _dtype(config: DedupConfig) -> Any:
    return np.uint64 if config.scheme == "legacy" else np.uint32


def _verify_batches(batches: Iterator[Any], *, config: DedupConfig) -> Iterator[Any]:
    """``mapInArrow`` body: the candidate pairs the local verifier accepts, as edges (newer story first)."""
    import pyarrow as pa

    from cleanpress.dedup.cluster import jaccard

    verifier = verifier_for(config)
    dtype = _dtype(config)
    for batch in batches:
        if batch.num_rows == 0:
            continue
        j = jaccard(_matrix(batch.column("sig_b"), dtype), _matrix(batch.column("sig_a"), dtype))
        prose = prose_containment(_prose_rows(batch.column("own_b"), config.prose_sample),
                                  _prose_rows(batch.column("own_a"), config.prose_sample),
                                  batch.column("cut_b").to_numpy().astype(np.uint64),
                                  batch.column("cut_a").to_numpy().astype(np.uint64), config.prose_min)
        sim, kinds, ok = verifier.verify(j, batch.column("size_b").to_numpy(), batch.column("size_a").to_numpy(),
                                         shared=batch.column("shared").to_numpy(),
                                         sentences_a=batch.column("nsent_b").to_numpy(),
                                         sentences_b=batch.column("nsent_a").to_numpy(),
                                         lead=batch.column("lead").to_numpy(), tail=batch.column("tail").to_numpy(),
                                         prose=prose)
        keep = pa.array(ok)
        yield pa.RecordBatch.from_arrays(
            [batch.column("b").filter(keep), batch.column("a").filter(keep), pa.array(sim).filter(keep),
             pa.array(kinds, pa.string()).filter(keep)], names=["src", "dst", "sim", "kind"])


def _cluster_batches(batches: Iterator[Any], *, config: DedupConfig) -> Iterator[Any]:
    """``mapInArrow`` body: per component, the local representatives and each member's place.

    The local :func:`rank_order` and :func:`assign_clusters` over the component's
    members and verified pairs: the same result as over all stories locally.
    """
    import pyarrow as pa

    dtype = _dtype(config)
    schema = pa.schema([("_seq", pa.int64()), ("cluster", pa.string()), ("is_duplicate", pa.bool_()),
                        ("similarity", pa.float64()), ("evidence", pa.string())])
    for batch in batches:
        out: dict[str, list[Any]] = {"_seq": [], "cluster": [], "is_duplicate": [], "similarity": [], "evidence": []}
        for members, verified, related in zip(batch.column("members").to_pylist(), batch.column("edges").to_pylist(),
                                              batch.column("related").to_pylist(), strict=True):
            members.sort(key=lambda m: m["_seq"])
            local = {m["_seq"]: i for i, m in enumerate(members)}
            verified.sort(key=lambda e: (e["src"], e["dst"]))
            a = np.array([local[e["src"]] for e in verified], dtype=np.int64)
            b = np.array([local[e["dst"]] for e in verified], dtype=np.int64)
            keep = ~frame_bridges(a, b, np.array([local[r["a"]] for r in related or ()], dtype=np.int64),
                                  np.array([local[r["b"]] for r in related or ()], dtype=np.int64),
                                  [e["kind"] for e in verified])
            edges = [e for e, k in zip(verified, keep.tolist(), strict=True) if k]
            a, b = a[keep], b[keep]
            sizes = np.array([m["size"] for m in members], dtype=np.int64)
            lengths = np.array([m["length"] for m in members], dtype=np.int64)
            sigs = np.frombuffer(b"".join(m["sig"] for m in members), dtype=dtype).reshape(len(members), -1)
            degrees = np.bincount(np.concatenate((a, b)), minlength=len(members))
            order = rank_order(config.representative, sizes, lengths, content_keys(sigs),
                               [m["_id"] for m in members], degrees)
            reps, sims, kinds = assign_clusters(order, a, b, np.array([e["sim"] for e in edges]),
                                                [e["kind"] for e in edges])
            for i, (rep, sim, kind) in enumerate(zip(reps.tolist(), sims.tolist(), kinds, strict=True)):
                out["_seq"].append(members[i]["_seq"])
                out["cluster"].append(members[rep]["_id"])
                out["is_duplicate"].append(rep != i)
                out["similarity"].append(sim)
                out["evidence"].append(kind)
        yield pa.RecordBatch.from_pydict(out, schema=schema)
