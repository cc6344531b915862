"""Inputs and outputs of the Spark engine: JSON Lines, text and Parquet in; JSON Lines and Parquet out.

Every record keeps its place in the input as ``_order`` (the file's position
among the inputs, then the line or row within it), which is the order the
local engine reads them in; the dedup stage's "first seen" means the same on
both engines. JSON Lines records are parsed on the executors by the local
reader's own :func:`cleanpress.io.parse_record`, so a bad record is reported
with the same file, line and reason.
"""

from __future__ import annotations

import functools
import gzip
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cleanpress.io import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, InputError, decode_bytes, parse_record

#: The columns of :func:`read_inputs`.
DOCUMENT_FIELDS = "id string, text string, html string, url string, source string, _order long, _where string, error string"
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


def _readable(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((*JSONL_SUFFIXES, *TEXT_SUFFIXES, *HTML_SUFFIXES))


def read_inputs(spark: Any, inputs: Sequence[str]) -> Any:
    """A DataFrame of pages (columns :data:`DOCUMENT_FIELDS`) from files Spark can read.

    Each input is a JSON Lines file (``.jsonl``, ``.jsonl.gz``, ...), a text or
    HTML page, a Parquet file or folder (``*.parquet``, with ``id`` and
    ``text`` and/or ``html`` columns), or a folder of such text files. Records
    that cannot be used are rows with ``error`` set and ``_where`` saying
    ``file:line``; the others have a null ``error``.
    """
    frames = []
    next_index = 0
    text_files: list[str] = []
    for name in inputs:
        if is_parquet(name):
            frame, used = _read_parquet(spark, name, next_index)
            frames.append(frame)
            next_index += used
            continue
        files = _list_files(spark, name)
        if not files:
            raise FileNotFoundError(f"{name}: no .jsonl, .jsonl.gz, .txt or .html files found")
        text_files.extend(files)
    if text_files:
        index = {path: next_index + i for i, path in enumerate(text_files)}
        raw = spark.read.format("binaryFile").load(text_files).select("path", "content")
        frames.append(raw.mapInArrow(functools.partial(_parse_files, index=index), DOCUMENT_FIELDS))
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def _list_files(spark: Any, name: str) -> list[str]:
    """The readable files an input stands for, as Spark names them, in name order."""
    listing = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(name).select("path")
    # in the local reader's order: path components compared one by one
    paths = sorted((row.path for row in listing.collect()), key=lambda p: p.split("/"))
    return [p for p in paths if _readable(p)] if len(paths) > 1 or Path(name).is_dir() else paths


def _parse_files(batches: Iterator[Any], *, index: dict[str, int]) -> Iterator[Any]:
    """``mapInArrow`` body: whole files in, one row per record out (runs on the executors)."""
    import pyarrow as pa

    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(), strict=True):
            rows = list(_records_of_file(path, content, index[path]))
            yield pa.RecordBatch.from_pylist(rows, schema=_documents_arrow())


def _records_of_file(path: str, content: bytes, file_index: int) -> Iterator[dict[str, Any]]:
    name = _display_name(path)
    lower = path.lower()
    if lower.endswith(JSONL_SUFFIXES):
        if lower.endswith((".gz", ".gzip")):
            try:
                content = gzip.decompress(content)
            except (OSError, EOFError, zlib.error) as err:
                yield _error_row(InputError(name, None, f"cannot decompress: {err}"), order_key(file_index, 0))
                return
        lineno = 0
        for raw in content.split(b"\n"):
            lineno += 1
            if not raw.strip():
                continue
            item = parse_record(raw, name, lineno)
            if isinstance(item, InputError):
                yield _error_row(item, order_key(file_index, lineno))
            else:
                yield {"id": item.id, "text": item.text, "html": item.html, "url": item.url, "source": item.source,
                       "_order": order_key(file_index, lineno), "_where": f"{name}:{lineno}", "error": None}
        return
    stem = Path(name).name
    for suffix in (*TEXT_SUFFIXES, *HTML_SUFFIXES):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    if lower.endswith(HTML_SUFFIXES):  # decoded by the page's own charset, as the local reader does
        from cleanpress.io import decode_html

        text, html = None, decode_html(content)
    else:
        text, html = decode_bytes(content)[0], None
    yield {"id": stem, "text": text, "html": html, "url": None, "source": None,
           "_order": order_key(file_index, 0), "_where": name, "error": None}


def _error_row(error: InputError, order: int) -> dict[str, Any]:
    return {"id": None, "text": None, "html": None, "url": None, "source": None, "_order": order, "_where": error.location,
            "error": str(error)}


def _display_name(path: str) -> str:
    """A local path as the user typed it would show, a remote URI unchanged."""
    return path[len("file:") :] if path.startswith("file:") else path


@functools.cache
def _documents_arrow() -> Any:
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("text", pa.string()), ("html", pa.string()), ("url", pa.string()),
                      ("source", pa.string()), ("_order", pa.int64()), ("_where", pa.string()), ("error", pa.string())])


def _read_parquet(spark: Any, name: str, first_index: int) -> tuple[Any, int]:
    """Pages from Parquet, ordered by file name then row; returns the frame and the files used."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(name)
    columns = set(df.columns)
    if "id" not in columns or not ({"text", "html"} & columns):
        raise ValueError(
            f"{name}: a Parquet input needs an 'id' column and 'text' and/or 'html' (has {sorted(columns)})"
        )
    files = sorted(r.file_path for r in df.select("_metadata.file_path").distinct().collect())
    index = spark.createDataFrame([(p, i + first_index) for i, p in enumerate(files)], "file_path string, _file long")
    text = F.col("text").cast("string") if "text" in columns else F.lit(None).cast("string")
    html = F.col("html").cast("string") if "html" in columns else F.lit(None).cast("string")
    url = F.col("url").cast("string") if "url" in columns else F.lit(None).cast("string")
    source = F.col("source").cast("string") if "source" in columns else F.lit(None).cast("string")
    rows = df.select(
        F.col("id").cast("string").alias("id"), text.alias("text"), html.alias("html"), url.alias("url"),
        source.alias("source"), F.col("_metadata.file_path").alias("file_path"), F.col("_metadata.row_index").alias("_row"),
    ).join(F.broadcast(index), "file_path")
    where = F.concat(F.col("file_path"), F.lit(":row "), F.col("_row").cast("string"))
    reason = (
        F.when(F.col("id").isNull(), F.concat(where, F.lit(" [id]: missing field")))
        .when(F.col("text").isNull() & F.col("html").isNull(),
              F.concat(where, F.lit(" [text]: missing field: a record needs 'text' or 'html'")))
    )
    return rows.select(
        "id", "text", "html", "url", "source",
        (F.shiftleft(F.col("_file"), LINE_BITS) + F.col("_row")).alias("_order"),
        where.alias("_where"), reason.alias("error"),
    ), len(files)
