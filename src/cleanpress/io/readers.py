"""Readers: files, folders and stdin in every input format, as documents or errors naming the input.

Readers yield :class:`~cleanpress.types.Document` objects and, for input they
cannot use, :class:`InputError` values that name the file, line and field, so
one broken record never stops the others. What a file holds is decided by
:mod:`cleanpress.io.formats` (its content checked against its name), the
registry both engines read with; which record fields are the id, text and
HTML, and which pass through to the stories, by a
:class:`~cleanpress.io.records.ReadOptions`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cleanpress.io.formats import FORMATS, InputError, Source, known_name, parse_record, read_source
from cleanpress.io.records import ReadOptions
from cleanpress.types import Document

#: File endings of each format (each may also end in .gz, .zst, .bz2 or .xz).
TEXT_SUFFIXES = FORMATS["text"].suffixes
HTML_SUFFIXES = FORMATS["html"].suffixes
JSONL_SUFFIXES = (*FORMATS["jsonl"].suffixes, *FORMATS["json"].suffixes)

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "InputError",
    "Located",
    "iter_input_files",
    "parse_record",
    "read_file",
    "read_inputs",
    "read_jsonl",
    "read_located_inputs",
    "read_stream",
    "split_location",
]


def iter_input_files(path: Path) -> Iterator[Path]:
    """The files a path stands for: itself, or a folder's readable files in name order.

    Hidden files (such as the temporary files of an interrupted atomic write)
    and files of no known format are skipped in folders.
    """
    for _, file in _input_files(path):
        yield file


def _input_files(path: Path) -> Iterator[tuple[Source, Path]]:
    if path.is_dir():
        for child in sorted(path.rglob("*"), key=lambda p: p.relative_to(path).parts):
            rel = child.relative_to(path)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if child.is_file() and known_name(child.name):
                yield Source(str(child), rel.as_posix()), child
    else:
        yield Source(str(path), path.name), path


#: An item a reader yields, with where it was read (``file:line`` or ``file``).
Located = tuple[str, "Document | InputError"]


def split_location(where: str | None) -> tuple[str, int | None]:
    """A :data:`Located` place as (file, line): ``"file:12"`` gives ``("file", 12)``, anything else ``(where, None)``.

    >>> split_location("pages.jsonl:12"), split_location("C:/pages/a.txt"), split_location(None)
    (('pages.jsonl', 12), ('C:/pages/a.txt', None), ('', None))
    """
    if not where:
        return "", None
    path, _, line = where.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return where, None


def read_inputs(
    inputs: Iterable[str], *, warn: Any = None, options: ReadOptions | None = None
) -> Iterator[Document | InputError]:
    """Documents from every input: ``-`` (stdin), files and folders, in order.

    ``warn`` is called with an :class:`InputError` for inputs that were read
    but needed repair (such as bytes that were not UTF-8).
    """
    for _, item in read_located_inputs(inputs, warn=warn, options=options):
        yield item


def read_located_inputs(
    inputs: Iterable[str], *, warn: Any = None, options: ReadOptions | None = None
) -> Iterator[Located]:
    """Like :func:`read_inputs`, each item paired with where it was read (``file:line``).

    Pages of a folder are named by their path in it (``site-a/story``), so two
    folders' ``story.txt`` stay apart.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "pages.jsonl"), "w") as fh:
    ...     _ = fh.write('{"id": "a", "text": "One."}\\n{"id": "b"}\\n')
    >>> os.mkdir(os.path.join(folder, "site-a"))
    >>> with open(os.path.join(folder, "site-a", "story.txt"), "w") as fh:
    ...     _ = fh.write("A page.")
    >>> for where, item in read_located_inputs([folder]):
    ...     print(where.replace(folder, "DIR"), getattr(item, "id", "error"))
    DIR/pages.jsonl:1 a
    DIR/pages.jsonl:2 error
    DIR/site-a/story.txt site-a/story
    """
    for name in inputs:
        if name == "-":
            yield from _located_stream(sys.stdin.buffer, "<stdin>", warn=warn, options=options)
            continue
        path = Path(name)
        if not path.exists():
            yield name, InputError(name, None, "no such file or folder")
            continue
        for source, file in _input_files(path):
            yield from _located_file(file, source, warn=warn, options=options)


def read_file(path: Path, *, warn: Any = None, options: ReadOptions | None = None) -> Iterator[Document | InputError]:
    """Documents from one file, by its content checked against its name."""
    for _, item in _located_file(path, Source(str(path), path.name), warn=warn, options=options):
        yield item


def _located_file(
    path: Path, source: Source, *, warn: Any = None, options: ReadOptions | None = None
) -> Iterator[Located]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as err:
        yield source.name, InputError(source.name, None, f"cannot read: {err.strerror or err}")
        return
    with fh:
        yield from read_source(fh, source, options, warn)


def read_stream(
    stream: IO[bytes], name: str, *, warn: Any = None, options: ReadOptions | None = None
) -> Iterator[Document | InputError]:
    """Standard input, by its content: JSON Lines (or a JSON array), Parquet, WARC, else one text page.

    Only the first bytes are examined (compressed data is decompressed on the
    fly), so records on standard input stream in bounded memory as a file's
    do. A plain-text page is one document and is read whole.

    >>> [d.id for d in read_stream(io.BytesIO(b'\\n {"id": "x", "text": "t"}\\n'), "<stdin>")]
    ['x']
    >>> [d.text for d in read_stream(io.BytesIO(b"Just a page."), "<stdin>")]
    ['Just a page.']
    """
    for _, item in _located_stream(stream, name, warn=warn, options=options):
        yield item


def _located_stream(
    stream: IO[bytes], name: str, *, warn: Any = None, options: ReadOptions | None = None
) -> Iterator[Located]:
    if not stream.seekable():
        stream = io.BufferedReader(stream, buffer_size=1 << 16) if isinstance(stream, io.RawIOBase) else stream
    yield from read_source(stream, Source(name, "stdin"), options, warn)


def read_jsonl(fh: IO[bytes], name: str, *, options: ReadOptions | None = None) -> Iterator[Document | InputError]:
    """Documents from JSON Lines: ``id`` and ``text`` (or ``html``); other fields kept in ``meta``.

    Records are read one line at a time, so memory holds one record, not the file.

    >>> data = b'{"id": "a", "text": "Fine."}\\nnot json\\n{"id": "c", "text": 3}\\n'
    >>> for item in read_jsonl(io.BytesIO(data), "pages.jsonl"):
    ...     print(item if isinstance(item, InputError) else item.id)
    a
    pages.jsonl:2: malformed JSON: Expecting value at column 1
    pages.jsonl:3 [text]: must be a string, got int
    """
    for _, item in FORMATS["jsonl"].read(fh, Source(name, name), options or ReadOptions(), None):
        yield item
