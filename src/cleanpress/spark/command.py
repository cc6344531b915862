"""``python -m cleanpress run --engine spark``: read, clean, dedup and write on Apache Spark.

The ``run`` command builds the job's :class:`~cleanpress.options.RunOptions`
(the same value the local engine runs with) and hands it here; this module
wires the Spark stages to inputs and outputs and prints one progress line per
stage. It imports pyspark only after checking that pyspark and Java are there.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

from cleanpress.options import RunOptions
from cleanpress.spark.session import SparkUnavailable, require_spark

#: The clean stage's fields of a ``run`` record, in the order the local engine writes them.
CLEAN_FIELDS = ("id", "source_id", "story", "title", "text", "removed")
#: Rejected records printed on stderr at most (all are counted, and all go to ``--rejects``).
SHOWN_REJECTS = 20


def parse_conf(pairs: Sequence[str] | None) -> dict[str, str]:
    """``--conf key=value`` arguments as a dict.

    >>> parse_conf(["spark.executor.memory=4g", "spark.sql.shuffle.partitions=64"])
    {'spark.executor.memory': '4g', 'spark.sql.shuffle.partitions': '64'}
    >>> parse_conf(["oops"])
    Traceback (most recent call last):
    ...
    ValueError: --conf takes key=value, got 'oops'
    """
    conf: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--conf takes key=value, got {pair!r}")
        conf[key.strip()] = value.strip()
    return conf


class _Stages:
    """One progress line per stage on stderr: what it produced and how long it took."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.monotonic()
        self.last = self.start

    def done(self, line: str) -> None:
        now = time.monotonic()
        if not self.quiet:
            print(f"cleanpress spark: {line} ({now - self.last:.1f}s)", file=sys.stderr, flush=True)
        self.last = now


def run_command(options: RunOptions, *, master: str | None = None, conf: Mapping[str, str] | None = None) -> int:
    """Run clean and dedup on Spark with ``options``; the exit status.

    Reads ``options.inputs`` and writes ``options.output`` (JSON Lines, ``.gz``
    to compress, or Parquet when it ends in ``.parquet``), cleaning with
    ``options.clean`` and ``options.profile`` and deduplicating with
    ``options.dedup``, as the local engine does. ``master`` defaults to
    ``spark-submit``'s master, else ``local[*]``; ``conf`` holds Spark settings.
    """
    try:
        require_spark()
        if options.index:
            raise ValueError("--index (a persistent index) is not supported with --engine spark; "
                             "use --engine local, or run without --index")
    except (SparkUnavailable, ValueError) as err:
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    from cleanpress.spark.session import spark_session

    stages = _Stages(options.quiet)
    spark = spark_session(master, dict(conf or {}))
    stages.done(f"session {spark.version} on {spark.conf.get('spark.master', '?')}")
    try:
        rejected = _run(spark, options, stages)
    except (FileNotFoundError, ValueError) as err:
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    if not options.quiet:
        print(f"cleanpress spark: done in {time.monotonic() - stages.start:.1f}s; rejected {rejected}", file=sys.stderr)
    return 1 if options.strict and rejected else 0


def _run(spark: Any, options: RunOptions, stages: _Stages) -> int:
    from pyspark.sql import functions as F

    from cleanpress.io.writers import AtomicWriter
    from cleanpress.spark.clean import clean_dataframe
    from cleanpress.spark.dedup import dedup_dataframe
    from cleanpress.spark.io import read_inputs

    output = options.output
    docs = read_inputs(spark, list(options.inputs), options.read).localCheckpoint()
    no_id = F.lit(None).cast("string").alias("_id")
    bad_reads = docs.where(F.col("error").isNotNull()).select("_where", "error", no_id, F.lit(False).alias("_int_id"))
    n_docs = docs.count()
    n_bad_reads = bad_reads.count()
    n_generated = docs.where(F.col("_generated")).count()
    generated = f", ids generated {n_generated}" if n_generated else ""
    stages.done(f"read {n_docs - n_bad_reads} pages, rejected {n_bad_reads}{generated}")

    partitions = int(spark.conf.get("spark.sql.shuffle.partitions"))
    pages = docs.where(F.col("error").isNull()).repartition(partitions)
    stories = clean_dataframe(pages, "text", "id", "html", config=options.clean, profile=options.profile,
                              url_col="url", source_col="source",
                              keep=["_order", "_fields", "_int_id"]).localCheckpoint()
    bad_pages = stories.where(F.col("error").isNotNull()).select(F.col("source_id").alias("_where"), "error",
                                                                 F.col("source_id").alias("_id"), "_int_id")
    good = stories.where(F.col("error").isNull()).drop("error")
    n_stories = good.count()
    n_bad_pages = bad_pages.count()
    stages.done(f"clean: {n_stories} stories, {n_bad_pages} pages failed")

    result = dedup_dataframe(good, order_col=["_order", "story"], config=options.dedup).localCheckpoint()
    n_dups = result.where("is_duplicate").count()
    stages.done(f"dedup: {n_stories - n_dups} clusters, {n_dups} duplicates")

    if options.drop_duplicates:  # representatives only, as the local engine writes them
        result = result.where(~F.col("is_duplicate"))
    rejected = _write_output(spark, options, result, docs, bad_reads.unionByName(bad_pages))
    stages.done(f"wrote {n_stories} records to {output}")
    if options.stats_json:
        stats = {"command": "run", "engine": "spark", "rejected": rejected, "warnings": 0, "ids_generated": n_generated,
                 "clean": {"pages": n_docs - n_bad_reads - n_bad_pages, "stories": n_stories},
                 "dedup": {"records": n_stories, "distinct": n_stories - n_dups, "duplicates": n_dups,
                           "clusters": n_stories - n_dups}}
        with AtomicWriter(options.stats_json) as fh:
            fh.write(json.dumps(stats, indent=2) + "\n")
    return rejected


def _with_passed_fields(spark: Any, result: Any, columns: Sequence[str]) -> Any:
    """``columns`` of ``result``, then the pass-through fields as columns (types inferred from their JSON)."""
    from pyspark.sql import functions as F

    from cleanpress.io.records import PRODUCED_FIELDS

    passed = result.where(F.col("_fields").isNotNull()).select("_fields")
    if passed.isEmpty():
        return result.select(*columns)
    schema = spark.read.json(passed.rdd.map(lambda row: row[0])).schema
    extra = [f.name for f in schema.fields if f.name not in PRODUCED_FIELDS and f.name not in columns]
    parsed = result.select(*columns, F.from_json("_fields", schema).alias("_passed"))
    return parsed.select(*columns, *[F.col("_passed").getField(name).alias(name) for name in extra])


def run_lines(result: Any) -> Any:
    """The ``run`` records of ``dedup_dataframe(clean_dataframe(...))`` as JSON lines, with their sort keys.

    Each line is what the local engine writes for the record: the local
    ``dumps``, the clean fields, then the dedup fields as the local
    :meth:`~cleanpress.dedup.deduplicator.Assignment.fields` gives them.
    """
    from pyspark.sql import functions as F

    columns = (*CLEAN_FIELDS, "cluster", "duplicate_of", "similarity", "evidence", "seen_before", "_order", "_fields",
               "_int_id")
    return result.select(*columns).mapInArrow(_run_line_batches, "line string, _order long, story int").select(
        "line", "_order", F.col("story"))


def _run_line_batches(batches: Any) -> Any:
    """``mapInArrow`` body: run records to JSON lines (runs on the executors)."""
    import pyarrow as pa

    from cleanpress.dedup.deduplicator import Assignment
    from cleanpress.io import dumps, with_fields

    schema = pa.schema([("line", pa.string()), ("_order", pa.int64()), ("story", pa.int32())])
    for batch in batches:
        lines = []
        for row in batch.to_pylist():
            record = {c: row[c] for c in CLEAN_FIELDS}
            # a removal's detail is written only where it has one, as the local record does
            record["removed"] = [{k: v for k, v in r.items() if k != "detail" or v is not None}
                                 for r in record["removed"] or ()]
            # the page's pass-through fields, as the local engine appends them, and its id with its JSON type
            source_id = int(record["source_id"]) if row["_int_id"] else None
            record = next(with_fields([record], json.loads(row["_fields"]) if row["_fields"] else {},
                                      source_id=source_id))
            record.update(Assignment(row["id"], row["cluster"], row["duplicate_of"], row["similarity"], row["evidence"],
                                     row["seen_before"]).fields())
            lines.append(dumps(record).rstrip("\n"))
        yield pa.RecordBatch.from_arrays([pa.array(lines, pa.string()), batch.column("_order"), batch.column("story")],
                                         schema=schema)


def _write_output(spark: Any, options: RunOptions, result: Any, docs: Any, bad: Any) -> int:
    """Write the records to ``options.output`` and the rejected ones (``bad``) to ``options.rejects``, committed
    together or neither (as the local engine does); the number rejected.

    JSON Lines stream through the driver into an atomic file; Parquet on this
    machine's disk is written by Spark into a hidden folder swapped into place
    (:class:`~cleanpress.io.writers.AtomicFolder`); Parquet on a distributed
    store is Spark's own overwrite, and is not committed with the rejects.
    """
    from cleanpress.io.writers import AtomicFolder, AtomicWriter, committed_together
    from cleanpress.spark.io import is_parquet

    output = options.output
    rejects = AtomicWriter(options.rejects) if options.rejects else None
    out: AtomicWriter | AtomicFolder | None = None
    if not is_parquet(output):
        out = AtomicWriter(output)  # streamed through the driver
    elif _on_local_disk(spark, output):
        out = AtomicFolder(output[len("file:"):] if output.startswith("file:") else output)
    with committed_together([out, rejects]):
        rejected = _report_rejects(bad, rejects)
        if is_parquet(output):
            columns = (*CLEAN_FIELDS, "cluster", "duplicate_of", "is_duplicate", "similarity", "evidence",
                       "seen_before")
            ordered = _typed_source_id(result, docs).orderBy("_order", "story")
            frame = _with_passed_fields(spark, ordered, columns).write
            if isinstance(out, AtomicFolder):
                frame.parquet("file://" + out.open())
            else:  # a distributed store: Spark's own overwrite, not committed with the rejects
                frame.mode("overwrite").parquet(output)
        else:
            assert isinstance(out, AtomicWriter)
            _write_jsonl(run_lines(result), out)
    return rejected


def _on_local_disk(spark: Any, output: str) -> bool:
    """Whether Spark writes ``output`` to this machine's disk (a ``file:`` path, or a plain path while the
    default file system is the local one), where the driver can swap the finished folder into place."""
    if output.startswith("file:"):
        return True
    if "://" in output:
        return False
    default = spark.sparkContext._jsc.hadoopConfiguration().get("fs.defaultFS") or "file:///"
    return str(default).startswith("file:")


def _typed_source_id(result: Any, docs: Any) -> Any:
    """``result`` with ``source_id`` a long column when every page's id was a JSON integer, as the local
    Parquet writer types a column whose values are all integers (mixed ids stay text there too)."""
    from pyspark.sql import functions as F

    pages = docs.where(F.col("error").isNull())
    if pages.isEmpty() or not pages.where(~F.col("_int_id")).isEmpty():
        return result
    return result.withColumn("source_id", F.col("source_id").cast("long"))


def _write_jsonl(lines: Any, writer: Any) -> None:
    """The records in input order, streamed through the driver into ``writer`` (an open-able AtomicWriter)."""
    out = writer.open()
    for row in lines.orderBy("_order", "story").select("line").toLocalIterator():
        out.write(row.line + "\n")


def _report_rejects(rejects: Any, writer: Any) -> int:
    """Print the first rejected records, write all of them to ``writer`` (an AtomicWriter, or None); their number.

    A page's reject carries its ``id`` (an integer where the input gave one).
    """
    from cleanpress.io import dumps

    count = 0
    fh = writer.open() if writer is not None else None
    for row in rejects.orderBy("_where").toLocalIterator():
        count += 1
        if count <= SHOWN_REJECTS:
            print(f"cleanpress: rejected {row.error}", file=sys.stderr)
        if fh is not None:
            entry = {"kind": "rejected", "where": row._where, "reason": row.error}
            if row._id is not None:
                entry["id"] = int(row._id) if row._int_id else row._id
            fh.write(dumps(entry))
    if count > SHOWN_REJECTS:
        print(f"cleanpress: ... and {count - SHOWN_REJECTS} more rejected records", file=sys.stderr)
    return count
