"""Reading inputs and writing outputs.

- :mod:`cleanpress.io.readers`: files, folders and stdin, as :class:`~cleanpress.types.Document`
  values or :class:`InputError` values naming file, line and field;
- :mod:`cleanpress.io.formats`: the input formats (text, HTML, JSON Lines, JSON, Parquet, WARC;
  gzip/zstd/bzip2/xz), found by content as well as name, for both engines;
- :mod:`cleanpress.io.records`: :class:`ReadOptions` (id/text/html fields, pass-through fields);
- :mod:`cleanpress.io.decode`: bytes to text;
- :mod:`cleanpress.io.writers`: atomic output files and the JSON Lines encoding of a record;
- :mod:`cleanpress.io.profiles`: site profile files (imported on use: ``cleanpress.io.profiles``).
"""

from __future__ import annotations

from cleanpress.io.decode import MAX_HTML_BYTES, decode_bytes, decode_html, gunzip_limited, scrub
from cleanpress.io.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    InputError,
    Located,
    iter_input_files,
    parse_record,
    read_file,
    read_inputs,
    read_jsonl,
    read_located_inputs,
    read_stream,
    split_location,
)
from cleanpress.io.records import ReadOptions, document_from_mapping, with_fields
from cleanpress.io.writers import AtomicWriter, dumps

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_HTML_BYTES",
    "TEXT_SUFFIXES",
    "AtomicWriter",
    "InputError",
    "Located",
    "ReadOptions",
    "decode_bytes",
    "decode_html",
    "document_from_mapping",
    "dumps",
    "gunzip_limited",
    "iter_input_files",
    "parse_record",
    "read_file",
    "read_inputs",
    "read_jsonl",
    "read_located_inputs",
    "read_stream",
    "scrub",
    "split_location",
    "with_fields",
]
