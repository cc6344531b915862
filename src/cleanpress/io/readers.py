"""Readers: text files and folders, HTML files, JSON Lines (optionally gzipped), stdin.

Readers yield :class:`~cleanpress.types.Document` objects and, for input they
cannot use, :class:`InputError` values that name the file, line and field, so
one broken record never stops the others.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleanpress.io.decode import decode_bytes, decode_html, gunzip_limited, scrub
from cleanpress.types import Document

#: File endings read as plain text (one page per file) and as HTML.
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json.gz", ".jsonl.gzip")


@dataclass(frozen=True, slots=True)
class InputError:
    """A record or file that could not be read, and where it was."""

    path: str
    line: int | None
    reason: str
    field: str | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        where = self.location + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "field": self.field, "reason": self.reason}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (*JSONL_SUFFIXES, *TEXT_SUFFIXES, *HTML_SUFFIXES):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def iter_input_files(path: Path) -> Iterator[Path]:
    """The files a path stands for: itself, or a folder's readable files in name order.

    Hidden files (such as the temporary files of an interrupted atomic write)
    are skipped in folders.
    """
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.name.startswith("."):
                continue
            if child.is_file() and _suffix(child) in (*TEXT_SUFFIXES, *HTML_SUFFIXES, *JSONL_SUFFIXES):
                yield child
    else:
        yield path


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


def read_inputs(inputs: Iterable[str], *, warn: Any = None) -> Iterator[Document | InputError]:
    """Documents from every input: ``-`` (stdin), files and folders, in order.

    ``warn`` is called with an :class:`InputError` for inputs that were read
    but needed repair (such as bytes that were not UTF-8).
    """
    for _, item in read_located_inputs(inputs, warn=warn):
        yield item


def read_located_inputs(inputs: Iterable[str], *, warn: Any = None) -> Iterator[Located]:
    """Like :func:`read_inputs`, each item paired with where it was read (``file:line``).

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "pages.jsonl"), "w") as fh:
    ...     _ = fh.write('{"id": "a", "text": "One."}\\n{"id": "b"}\\n')
    >>> for where, item in read_located_inputs([folder]):
    ...     print(where.replace(folder, "DIR"), type(item).__name__)
    DIR/pages.jsonl:1 Document
    DIR/pages.jsonl:2 InputError
    """
    for name in inputs:
        if name == "-":
            yield from _located_stream(sys.stdin.buffer, "<stdin>", warn=warn)
            continue
        path = Path(name)
        if not path.exists():
            yield name, InputError(name, None, "no such file or folder")
            continue
        for file in iter_input_files(path):
            yield from _located_file(file, warn=warn)


def read_file(path: Path, *, warn: Any = None) -> Iterator[Document | InputError]:
    """Documents from one file, by its ending: JSON Lines, HTML or text."""
    for _, item in _located_file(path, warn=warn):
        yield item


def _located_file(path: Path, *, warn: Any = None) -> Iterator[Located]:
    suffix = _suffix(path)
    name = str(path)
    if suffix in JSONL_SUFFIXES:
        try:
            fh: IO[bytes] = (
                gzip.open(path, "rb") if suffix.endswith((".gz", ".gzip")) else open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
            )
        except OSError as err:
            yield name, InputError(name, None, f"cannot read: {err.strerror or err}")
            return
        with fh:
            yield from _located_jsonl(fh, name)
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield name, InputError(name, None, f"cannot read: {err.strerror or err}")
        return
    doc_id = path.name[: -len(suffix)] if suffix and path.name.lower().endswith(suffix) else path.stem
    if suffix in HTML_SUFFIXES:
        if data[:2] == b"\x1f\x8b":  # gzip-compressed, whatever the name says
            try:
                data = gunzip_limited(data)
            except (OSError, EOFError, zlib.error) as err:
                yield name, InputError(name, None, f"corrupt or truncated gzip data: {err}")
                return
            except ValueError as err:
                yield name, InputError(name, None, str(err))
                return
        yield name, Document(id=doc_id, html=decode_html(data))
        return
    text, note = decode_bytes(data)
    if note and warn is not None:
        warn(InputError(name, None, note))
    yield name, Document(id=doc_id, text=text)


def read_stream(stream: IO[bytes], name: str, *, warn: Any = None) -> Iterator[Document | InputError]:
    """Standard input: JSON Lines when it starts with ``{``, otherwise one text page.

    Only the first bytes are examined (gzip data is decompressed on the fly),
    so JSON Lines on standard input stream in bounded memory as a file does.
    A plain-text page is one document and is read whole.

    >>> [d.id for d in read_stream(io.BytesIO(b'\\n {"id": "x", "text": "t"}\\n'), "<stdin>")]
    ['x']
    >>> [d.text for d in read_stream(io.BytesIO(b"Just a page."), "<stdin>")]
    ['Just a page.']
    """
    for _, item in _located_stream(stream, name, warn=warn):
        yield item


_GZIP_MAGIC = b"\x1f\x8b"


def _located_stream(stream: IO[bytes], name: str, *, warn: Any = None) -> Iterator[Located]:
    try:
        head, stream = _peek(stream, 2)
        if head.startswith(_GZIP_MAGIC):
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
        first, stream = _peek_nonblank(stream)
        if first == b"{":
            yield from _located_jsonl(stream, name)
            return
        data = stream.read()
    except (OSError, EOFError) as err:  # e.g. a truncated gzip stream
        yield name, InputError(name, None, f"cannot read: {err}")
        return
    text, note = decode_bytes(data)
    if note and warn is not None:
        warn(InputError(name, None, note))
    yield name, Document(id="stdin", text=text)


class _Prefixed(io.RawIOBase):
    """A byte stream with the bytes already read from it put back in front."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        read1 = getattr(self._rest, "read1", None)
        data = read1(len(view)) if read1 is not None else self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def _peek(stream: IO[bytes], n: int) -> tuple[bytes, IO[bytes]]:
    """The first ``n`` bytes of ``stream`` (fewer at its end), and a stream that still has them."""
    head = b""
    while len(head) < n:
        chunk = stream.read(n - len(head))
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)


def _peek_nonblank(stream: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first non-blank byte of ``stream`` (``b""`` if none), and a stream that still has everything.

    Reads a few bytes at a time, so a short (or truncated) stream is not asked
    for more than it holds before the first record is seen.
    """
    consumed = b""
    first = b""
    while True:
        chunk = stream.read(1 if len(consumed) < 64 else 1 << 12)
        if not chunk:
            break
        consumed += chunk
        stripped = chunk.lstrip()
        if stripped:
            first = stripped[:1]
            break
    return first, io.BufferedReader(_Prefixed(consumed, stream), buffer_size=1 << 16)


def read_jsonl(fh: IO[bytes], name: str) -> Iterator[Document | InputError]:
    """Documents from JSON Lines: ``id`` and ``text`` (or ``html``), optional ``url``/``source``.

    Records are read one line at a time, so memory holds one record, not the file.

    >>> data = b'{"id": "a", "text": "Fine."}\\nnot json\\n{"id": "c", "text": 3}\\n'
    >>> for item in read_jsonl(io.BytesIO(data), "pages.jsonl"):
    ...     print(item if isinstance(item, InputError) else item.id)
    a
    pages.jsonl:2: malformed JSON: Expecting value at column 1
    pages.jsonl:3 [text]: must be a string, got int
    """
    for _, item in _located_jsonl(fh, name):
        yield item


def _located_jsonl(fh: IO[bytes], name: str) -> Iterator[Located]:
    lineno = 0
    while True:
        try:
            raw = fh.readline()
        except (OSError, EOFError) as err:  # a truncated or corrupt gzip member
            yield f"{name}:{lineno + 1}", InputError(
                name, lineno + 1, f"cannot read further ({type(err).__name__}: {err}); records after line {lineno} lost"
            )
            return
        if not raw:
            return
        lineno += 1
        if not raw.strip():
            continue
        yield f"{name}:{lineno}", parse_record(raw, name, lineno)


def parse_record(raw: bytes | str, name: str, lineno: int) -> Document | InputError:  # noqa: PLR0911 - one return per reason
    """One JSON Lines record as a Document, or the reason it is not one.

    >>> print(parse_record(b'{"id": "a"}', "x.jsonl", 7))
    x.jsonl:7 [text]: missing field: a record needs 'text' or 'html'
    """
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as err:
        return InputError(name, lineno, f"not UTF-8 (byte {err.start} of the line)")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(name, lineno, f"malformed JSON: {err.msg} at column {err.colno}")
    except RecursionError:
        return InputError(name, lineno, "malformed JSON: nested too deeply")
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        return InputError(name, lineno, f"unreadable JSON value: {err}")
    if not isinstance(obj, dict):
        return InputError(name, lineno, f"expected a JSON object, got {type(obj).__name__}")
    doc_id = obj.get("id")
    if doc_id is None:
        return InputError(name, lineno, "missing field", field="id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return InputError(name, lineno, f"must be a string or integer, got {type(doc_id).__name__}", field="id")
    if doc_id == "":
        return InputError(name, lineno, "must not be empty", field="id")
    text, html = obj.get("text"), obj.get("html")
    for fname, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputError(name, lineno, f"must be a string, got {type(value).__name__}", field=fname)
    if text is None and html is None:
        return InputError(name, lineno, "missing field: a record needs 'text' or 'html'", field="text")
    text, html = scrub(text), scrub(html)
    url, source = obj.get("url"), obj.get("source")
    meta = {k: v for k, v in obj.items() if k not in ("id", "text", "html", "url", "source")}
    return Document(
        id=scrub(str(doc_id)) or "",
        text=text,
        html=html,
        url=scrub(url) if isinstance(url, str) else None,
        source=scrub(source) if isinstance(source, str) else None,
        meta=meta,
    )
