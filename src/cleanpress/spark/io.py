"""Inputs of the Spark engine: every format the local engine reads, through the same registry.

Files are read whole by Spark (``binaryFile``) and each is parsed on the
executors by the local reader of its format (:func:`cleanpress.io.formats.read_source`),
so a record, its id, its pass-through fields and a bad record's file, line and
reason are the local engine's. Inputs named ``*.parquet`` (a file or a Spark
output folder) are read by Spark's own Parquet reader instead, and their rows
made records by the local :func:`~cleanpress.io.formats.record_document`.

Every record keeps its place in the input as ``_order`` (the file's position
among the inputs, then the line or row within it), which is the order the
local engine reads them in; the dedup stage's "first seen" means the same on
both engines. ``_fields`` holds the record's pass-through fields as a JSON
object, ``_generated`` whether its id was made up, ``_int_id`` whether the input
gave it as a JSON integer (``id`` is its text; the output gives it back as an integer).
"""

from __future__ import annotations

import functools
import io
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cleanpress.io.formats import InputError, Source, known_name, read_source, record_document
from cleanpress.io.records import ReadOptions, jsonable

#: The columns of :func:`read_inputs`.
DOCUMENT_FIELDS = ("id string, text string, html string, url string, source string, _fields string, "
                   "_generated boolean, _int_id boolean, _order long, _where string, error string")
#: Bits of ``_order`` for the line or row within a file; the file's index takes the bits above.
LINE_BITS = 40
PARQUET_SUFFIXES = (".parquet", ".pq")


def order_key(file_index: int, line: int) -> int:
    """One sortable long for (file, line).

    >>> order_key(0, 7) < order_key(1, 0)
    True
    """
    if line >= 1 << LINE_BITS:
        raise ValueError(f"line {line} is beyond {1 << LINE_BITS} lines per file")
    return (file_index << LINE_BITS) | line


def is_parquet(name: str) -> bool:
    """Parquet inputs are named ``*.parquet`` / ``*.pq`` (a file or a Spark output folder).

    >>> is_parquet("out/stories.parquet"), is_parquet("pages.jsonl.gz")
    (True, False)
    """
    return name.lower().rstrip("/").endswith(PARQUET_SUFFIXES)


def read_inputs(spark: Any, inputs: Sequence[str], options: ReadOptions | None = None) -> Any:
    """A DataFrame of pages (columns :data:`DOCUMENT_FIELDS`) from the inputs, in any format the local engine reads.

    Each input is a file or a folder of files (text, HTML, JSON Lines, JSON,
    Parquet, WARC/WET, each also compressed), or a Parquet file or folder
    named ``*.parquet``. ``options`` names the records' id, text and HTML
    fields and the fields that pass through. Records that cannot be used are
    rows with ``error`` set and ``_where`` saying ``file:line``; the others
    have a null ``error``.
    """
    opts = options or ReadOptions()
    frames = []
    next_index = 0
    files: list[tuple[str, str]] = []
    for name in inputs:
        if is_parquet(name):
            frame, used = _read_parquet(spark, name, next_index + len(files), opts)
            frames.append(frame)
            next_index += used
            continue
        listed = _list_files(spark, name)
        if not listed:
            raise FileNotFoundError(f"{name}: no readable input files found")
        files.extend(listed)
    if files:
        index = {path: (next_index + i, rel) for i, (path, rel) in enumerate(files)}
        raw = spark.read.format("binaryFile").load([path for path, _ in files]).select("path", "content")
        frames.append(raw.mapInArrow(functools.partial(_parse_files, index=index, options=opts), DOCUMENT_FIELDS))
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def _list_files(spark: Any, name: str) -> list[tuple[str, str]]:
    """The readable files an input stands for, as Spark names them, in name order, with their path in the input."""
    listing = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(name).select("path")
    paths = [row.path for row in listing.collect()]
    if len(paths) <= 1 and not Path(name).is_dir():
        return [(p, Path(_display_name(p)).name) for p in paths]
    root = paths and _root_of(paths, name)
    out = []
    for path in paths:
        rel = path[len(root):].lstrip("/") if root and path.startswith(root) else path.rsplit("/", 1)[-1]
        parts = rel.split("/")
        if known_name(parts[-1]) and not any(part.startswith(".") for part in parts):
            out.append((path, rel))
    # in the local reader's order: path components compared one by one
    return sorted(out, key=lambda item: item[1].split("/"))


def _root_of(paths: list[str], name: str) -> str:
    """The input folder as Spark spells its files' paths (``file:/abs/folder``)."""
    folder = os.path.abspath(name) if "://" not in name and not name.startswith("file:") else name.rstrip("/")
    for path in paths:
        at = path.find(folder)
        if at >= 0:
            return path[: at + len(folder)]
    return ""


def _parse_files(batches: Iterator[Any], *, index: dict[str, tuple[int, str]], options: ReadOptions) -> Iterator[Any]:
    """``mapInArrow`` body: whole files in, one row per record out (runs on the executors)."""
    import pyarrow as pa

    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(), strict=True):
            file_index, rel = index[path]
            rows = list(_records_of_file(path, content, file_index, rel, options))
            yield pa.RecordBatch.from_pylist(rows, schema=_documents_arrow())


def _records_of_file(
    path: str, content: bytes, file_index: int, rel: str, options: ReadOptions
) -> Iterator[dict[str, Any]]:
    """One row per record of a file, read by the local registry (so by content as well as name)."""
    name = _display_name(path)
    for where, item in read_source(io.BytesIO(content), Source(name, rel), options):
        line = item.line if isinstance(item, InputError) else _line_of(where)
        order = order_key(file_index, line or 0)
        if isinstance(item, InputError):
            yield _error_row(item, order)
        else:
            yield _document_row(item, order, where)


def _line_of(where: str) -> int:
    head, _, tail = where.rpartition(":")
    return int(tail) if head and tail.isdigit() else 0


def _document_row(doc: Any, order: int, where: str) -> dict[str, Any]:
    return {"id": doc.id, "text": doc.text, "html": doc.html, "url": doc.url, "source": doc.source,
            "_fields": json.dumps(doc.meta) if doc.meta else None,  # ASCII: a lone surrogate survives
            "_generated": doc.id_generated, "_int_id": doc.id_is_int, "_order": order, "_where": where, "error": None}


def _error_row(error: InputError, order: int) -> dict[str, Any]:
    return {"id": None, "text": None, "html": None, "url": None, "source": None, "_fields": None, "_generated": False,
            "_int_id": False, "_order": order, "_where": error.location, "error": str(error)}


def _display_name(path: str) -> str:
    """A local path as the user typed it would show, a remote URI unchanged."""
    return path[len("file:") :] if path.startswith("file:") else path


@functools.cache
def _documents_arrow() -> Any:
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("text", pa.string()), ("html", pa.string()), ("url", pa.string()),
                      ("source", pa.string()), ("_fields", pa.string()), ("_generated", pa.bool_()),
                      ("_int_id", pa.bool_()), ("_order", pa.int64()), ("_where", pa.string()), ("error", pa.string())])


def _read_parquet(spark: Any, name: str, first_index: int, options: ReadOptions) -> tuple[Any, int]:
    """Pages from Parquet (Spark's reader), ordered by file name then row; the frame and the files used.

    Rows become records by the local reader's own code, so ids, pass-through
    fields and errors are the local engine's.
    """
    from pyspark.sql import functions as F

    df = spark.read.parquet(name)
    columns = list(df.columns)
    files = sorted(r.file_path for r in df.select("_metadata.file_path").distinct().collect())
    if options.text_field not in columns and options.html_field not in columns:
        error = InputError(name, None, f"no {options.text_field!r} or {options.html_field!r} column "
                                       f"(columns: {', '.join(columns)}); see --text-field/--html-field",
                           field=options.text_field)
        return spark.createDataFrame([_error_row(error, order_key(first_index, 0))], DOCUMENT_FIELDS), len(files)
    single = len(files) == 1 and not Path(name).is_dir()
    root = _root_of(files, name) if not single else ""
    index = {}
    for i, path in enumerate(files):
        rel = Path(_display_name(path)).name if single or not root else path[len(root):].lstrip("/")
        index[path] = (first_index + i, rel)
    rows = df.select(*[F.col(f"`{c}`") for c in columns], F.col("_metadata.file_path").alias("__file"),
                     F.col("_metadata.row_index").alias("__row"))
    return rows.mapInArrow(functools.partial(_parquet_rows, index=index, options=options), DOCUMENT_FIELDS), len(files)


def _parquet_rows(batches: Iterator[Any], *, index: dict[str, tuple[int, str]], options: ReadOptions) -> Iterator[Any]:
    """``mapInArrow`` body: Parquet rows in, one document row each out (runs on the executors)."""
    import pyarrow as pa

    for batch in batches:
        rows = []
        for record in batch.to_pylist():
            path, row = record.pop("__file"), record.pop("__row") + 1
            file_index, rel = index[path]
            name = _display_name(path)
            item = record_document({k: jsonable(v) for k, v in record.items()}, name, row, options, base=rel)
            order = order_key(file_index, row)
            rows.append(_error_row(item, order) if isinstance(item, InputError)
                        else _document_row(item, order, f"{name}:{row}"))
        yield pa.RecordBatch.from_pylist(rows, schema=_documents_arrow())
