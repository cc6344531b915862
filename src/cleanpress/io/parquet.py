"""Parquet output: the JSON Lines records of a command written as a real Parquet file.

:func:`open_output` is what commands write records through: JSON Lines (``.gz``
to compress) by :class:`~cleanpress.io.writers.AtomicWriter`, or Parquet when
the path ends in ``.parquet``/``.pq``. Records differ in which pass-through
fields they carry, so the Parquet writer spools the lines to a temporary file,
finds one schema over all of them (a field whose values have different types
in different records is written as JSON text), and then writes record batches
of :data:`BATCH_ROWS`: memory holds one batch, not the output.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, cast

from cleanpress.io.writers import AtomicWriter, Committable, committed_together

#: Records per Parquet record batch (and row group).
BATCH_ROWS = 4096
PARQUET_SUFFIXES = (".parquet", ".pq")


def is_parquet_path(path: str) -> bool:
    """Whether an output path asks for Parquet.

    >>> is_parquet_path("out/stories.parquet"), is_parquet_path("stories.jsonl.gz"), is_parquet_path("-")
    (True, False, False)
    """
    return path.lower().endswith(PARQUET_SUFFIXES)


@contextmanager
def open_output(path: str, *, together: Iterable[Committable | None] = ()) -> Iterator[IO[str]]:
    """A text handle that takes JSON Lines; the file at ``path`` is JSON Lines or Parquet by its name.

    Either way the file appears only complete (atomically) when the block ends
    without an error, committed in one commit with the open writers ``together``
    (such as the rejects file: :func:`~cleanpress.io.writers.committed_together`),
    or none of them when the block raises.
    """
    if not is_parquet_path(path):
        writer = AtomicWriter(path)
        with committed_together([writer, *together]):
            yield writer.open()
        return
    try:
        import pyarrow  # noqa: F401 - checked before any record is read
    except ImportError as err:
        raise ImportError(f"writing {path} needs pyarrow: pip install 'cleanpress[parquet]'") from err
    directory = os.path.dirname(os.path.abspath(path))
    spool_in = directory if os.path.isdir(directory) else None
    writer = AtomicWriter(path, compress=False)
    with committed_together([writer, *together]), tempfile.TemporaryFile("w+", encoding="utf-8", dir=spool_in) as spool:
        yield spool
        spool.flush()
        spool.seek(0)
        _write_parquet(spool, writer)


def _batches(lines: IO[str]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for line in lines:
        batch.append(json.loads(line))
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet_lines(lines: IO[str], path: str) -> int:
    """JSON Lines from ``lines`` (read twice: a seekable file) written to ``path`` as Parquet; the record count."""
    writer = AtomicWriter(path, compress=False)
    with committed_together([writer]):
        return _write_parquet(lines, writer)


def _write_parquet(lines: IO[str], writer: AtomicWriter) -> int:
    """JSON Lines from ``lines`` written as Parquet into ``writer`` (opened here, committed by the caller)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    start = lines.tell()
    # pass 1: the fields in first-seen order, and one Arrow type per field over every batch
    order: dict[str, None] = {}
    types: dict[str, Any] = {}
    as_json: set[str] = set()
    for batch in _batches(lines):
        for record in batch:
            order.update(dict.fromkeys(record))
        for name in order:
            if name in as_json:
                continue
            try:
                column = pa.array([r.get(name) for r in batch])
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                as_json.add(name)
                continue
            if name not in types or pa.types.is_null(types[name]):
                types[name] = column.type
            elif not pa.types.is_null(column.type) and column.type != types[name]:
                try:
                    types[name] = pa.unify_schemas([pa.schema([(name, types[name])]), pa.schema([(name, column.type)])],
                                                   promote_options="permissive").field(name).type
                except (pa.ArrowInvalid, pa.ArrowTypeError):
                    as_json.add(name)
    schema = pa.schema([(name, pa.string() if name in as_json else types.get(name, pa.null())) for name in order])
    # pass 2: the batches, cast to that schema
    lines.seek(start)
    count = 0
    handle = writer.open()
    sink = cast(io.TextIOWrapper, handle).buffer  # the temporary file's bytes
    with pq.ParquetWriter(sink, schema) as out:
        for batch in _batches(lines):
            columns = {}
            for name in order:
                values = [r.get(name) for r in batch]
                if name in as_json:
                    values = [v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                              for v in values]
                columns[name] = pa.array(values, type=schema.field(name).type)
            out.write_batch(pa.RecordBatch.from_pydict(columns, schema=schema))
            count += len(batch)
    sink.flush()
    return count
