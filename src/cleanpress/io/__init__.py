"""Reading inputs and writing outputs.

- :mod:`cleanpress.io.readers`: text files and folders, HTML, JSON Lines (gzip), stdin, as
  :class:`~cleanpress.types.Document` values or :class:`InputError` values naming file, line and field;
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
from cleanpress.io.writers import AtomicWriter, dumps

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_HTML_BYTES",
    "TEXT_SUFFIXES",
    "AtomicWriter",
    "InputError",
    "Located",
    "decode_bytes",
    "decode_html",
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
]
