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
4. **verify**: per partition, :class:`cleanpress.dedup.cluster.Verifier` keeps
   the pairs whose estimated Jaccard similarity or containment is high enough.
5. **components**: :func:`cleanpress.spark.components.connected_components`
   (large-star / small-star, or a union-find on the driver for small edge lists).
6. **representative**: per cluster (grouped with its members' signatures),
   :func:`cleanpress.dedup.cluster.representatives` applies the local policy
   and :func:`cleanpress.dedup.cluster.pair_similarity` gives each member's
   similarity to it. Stories in no verified pair are their own cluster.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from cleanpress.dedup.cluster import Verifier, pair_similarity, representatives
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.lsh import band_keys
from cleanpress.dedup.minhash import Signer
from cleanpress.spark.components import DRIVER_EDGE_LIMIT, connected_components

#: The columns ``dedup_dataframe`` adds.
DEDUP_COLUMNS = ("cluster", "duplicate_of", "is_duplicate", "similarity")


def make_verifier(config: DedupConfig) -> Verifier:
    """The verifier the local :class:`~cleanpress.dedup.deduplicator.Deduplicator` builds from ``config``."""
    from cleanpress.dedup.deduplicator import Deduplicator

    return Deduplicator(config).verifier


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
                    "_seq long, size long, length long, sig binary, keys array<long>")
        .localCheckpoint()
    )
    # a story without shingles is never a candidate, as in the local band index
    buckets = signed.where(F.col("size") > 0).select("_seq", F.posexplode("keys").alias("band", "key"))
    pairs = (
        buckets.alias("a").join(buckets.alias("b").hint("merge"), ["band", "key"])
        .where(F.col("a._seq") < F.col("b._seq"))
        .select(F.col("a._seq").alias("a"), F.col("b._seq").alias("b"))
        .distinct()
    )
    # joins are sort-merge joins (hinted): size estimates of mapInArrow outputs are guesses, and a
    # broadcast of signatures chosen on a wrong guess exhausts the driver
    sigs = signed.select("_seq", "size", "sig")
    with_sigs = (
        pairs.join(sigs.withColumnsRenamed({"_seq": "a", "size": "size_a", "sig": "sig_a"}).hint("merge"), "a")
        .join(sigs.withColumnsRenamed({"_seq": "b", "size": "size_b", "sig": "sig_b"}).hint("merge"), "b")
    )
    edges = with_sigs.mapInArrow(functools.partial(_verify_batches, config=cfg), "src long, dst long")
    components = connected_components(edges, driver_limit=driver_edge_limit)

    members = components.join(
        signed.select("_seq", "size", "length", "sig").hint("merge"), F.col("node") == F.col("_seq")
    ).join(numbered.select("_seq", F.col(id_col).cast("string").alias("_id")).hint("merge"), "_seq")
    groups = members.groupBy("component").agg(
        F.collect_list(F.struct("_seq", "_id", "size", "length", "sig")).alias("members")
    )
    labels = groups.mapInArrow(
        functools.partial(_cluster_batches, config=cfg),
        "_seq long, cluster string, is_duplicate boolean, similarity double",
    )
    # stories in no verified pair are clusters of their own
    own_id = F.col(id_col).cast("string")
    return (
        numbered.join(labels.hint("merge"), "_seq", "left")
        .withColumn("cluster", F.coalesce("cluster", own_id))
        .withColumn("is_duplicate", F.coalesce("is_duplicate", F.lit(False)))
        .withColumn("similarity", F.coalesce("similarity", F.lit(1.0)))
        .withColumn("duplicate_of", F.when(F.col("is_duplicate"), F.col("cluster")))
        .select(*df.columns, "cluster", "duplicate_of", "is_duplicate", "similarity")
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
    for batch in batches:
        texts = [t or "" for t in batch.column("_text").to_pylist()]
        signed = signer.sign(texts)
        keys = band_keys(signed.values, bands, rows).view(np.int64)
        flat = pa.array(keys.reshape(-1), type=pa.int64())
        offsets = pa.array(np.arange(0, (len(texts) + 1) * bands, bands, dtype=np.int32))
        yield pa.RecordBatch.from_arrays(
            [
                batch.column("_seq"),
                pa.array(signed.sizes.astype(np.int64)),
                pa.array([len(t) for t in texts], type=pa.int64()),
                pa.array([row.tobytes() for row in signed.values], type=pa.binary()),
                pa.ListArray.from_arrays(offsets, flat),
            ],
            names=["_seq", "size", "length", "sig", "keys"],
        )


def _matrix(column: Any, dtype: Any) -> np.ndarray:
    """A binary column of equal-length signatures as a 2-D array."""
    values = column.to_pylist()
    if not values:
        return np.zeros((0, 0), dtype=dtype)
    return np.frombuffer(b"".join(values), dtype=dtype).reshape(len(values), -1)


def _dtype(config: DedupConfig) -> Any:
    return np.uint64 if config.scheme == "legacy" else np.uint32


def _verify_batches(batches: Iterator[Any], *, config: DedupConfig) -> Iterator[Any]:
    """``mapInArrow`` body: the candidate pairs the local verifier accepts, as edges."""
    import pyarrow as pa

    from cleanpress.dedup.cluster import jaccard

    verifier = make_verifier(config)
    dtype = _dtype(config)
    for batch in batches:
        if batch.num_rows == 0:
            continue
        j = jaccard(_matrix(batch.column("sig_a"), dtype), _matrix(batch.column("sig_b"), dtype))
        size_a = batch.column("size_a").to_numpy()
        size_b = batch.column("size_b").to_numpy()
        _, _, ok = verifier.verify(j, size_a, size_b)
        keep = pa.array(ok)
        yield pa.RecordBatch.from_arrays([batch.column("a").filter(keep), batch.column("b").filter(keep)],
                                         names=["src", "dst"])


def _cluster_batches(batches: Iterator[Any], *, config: DedupConfig) -> Iterator[Any]:
    """``mapInArrow`` body: per cluster, the local representative policy and each member's similarity to it.

    Members are taken in sequence order, so the local tie-break (the earliest)
    is the same; the similarity is the local :func:`pair_similarity`.
    """
    import pyarrow as pa

    verifier = make_verifier(config)
    dtype = _dtype(config)
    schema = pa.schema([("_seq", pa.int64()), ("cluster", pa.string()), ("is_duplicate", pa.bool_()),
                        ("similarity", pa.float64())])
    for batch in batches:
        out: dict[str, list[Any]] = {"_seq": [], "cluster": [], "is_duplicate": [], "similarity": []}
        for members in batch.column("members").to_pylist():
            members.sort(key=lambda m: m["_seq"])
            sizes = np.array([m["size"] for m in members], dtype=np.int64)
            lengths = np.array([m["length"] for m in members], dtype=np.int64)
            sigs = np.frombuffer(b"".join(m["sig"] for m in members), dtype=dtype).reshape(len(members), -1)
            reps = representatives(np.zeros(len(members), dtype=np.int64), config.representative, sizes, lengths)
            sims = pair_similarity(verifier, sigs, sizes, np.arange(len(members)), reps)
            for i, (rep, sim) in enumerate(zip(reps.tolist(), sims.tolist(), strict=True)):
                out["_seq"].append(members[i]["_seq"])
                out["cluster"].append(members[rep]["_id"])
                out["is_duplicate"].append(rep != i)
                out["similarity"].append(1.0 if rep == i else sim)
        yield pa.RecordBatch.from_pydict(out, schema=schema)
