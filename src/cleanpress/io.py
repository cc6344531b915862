"""Readers and writers: text files and folders, JSON Lines (optionally gzipped), stdin.

Readers yield :class:`~cleanpress.types.Document` objects and, for input they
cannot use, :class:`InputError` values that name the file, line and field, so
one broken record never stops the others. Writers replace their output file
atomically: a killed run never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleanpress.types import Document

#: File endings read as plain text (one page per file) and as HTML.
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
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


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode page bytes: UTF-8 (BOM dropped), else a best guess, with a warning.

    Returns the text and ``None``, or the text and a note saying how it was
    decoded when the bytes were not valid UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        first_bad = err.start
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8",):
            return str(best), f"not UTF-8 (first bad byte at offset {first_bad}); decoded as {best.encoding}"
    except ImportError:  # pragma: no cover - charset_normalizer comes with trafilatura
        pass
    return (
        data.decode("utf-8", errors="replace"),
        f"not UTF-8 (first bad byte at offset {first_bad}); undecodable bytes replaced with U+FFFD",
    )


def iter_input_files(path: Path) -> Iterator[Path]:
    """The files a path stands for: itself, or a folder's readable files in name order."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and _suffix(child) in (*TEXT_SUFFIXES, *HTML_SUFFIXES, *JSONL_SUFFIXES):
                yield child
    else:
        yield path


def read_inputs(inputs: Iterable[str], *, warn: Any = None) -> Iterator[Document | InputError]:
    """Documents from every input: ``-`` (stdin), files and folders, in order.

    ``warn`` is called with an :class:`InputError` for inputs that were read
    but needed repair (such as bytes that were not UTF-8).
    """
    for name in inputs:
        if name == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>", warn=warn)
            continue
        path = Path(name)
        if not path.exists():
            yield InputError(name, None, "no such file or folder")
            continue
        for file in iter_input_files(path):
            yield from read_file(file, warn=warn)


def read_file(path: Path, *, warn: Any = None) -> Iterator[Document | InputError]:
    """Documents from one file, by its ending: JSON Lines, HTML or text."""
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            opener = gzip.open if suffix.endswith((".gz", ".gzip")) else open
            with opener(path, "rb") as fh:
                yield from read_jsonl(fh, str(path))
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(str(path), None, f"cannot read: {err.strerror or err}")
        return
    except EOFError as err:  # a truncated gzip file
        yield InputError(str(path), None, f"truncated compressed file: {err}")
        return
    doc_id = path.name[: -len(suffix)] if suffix and path.name.lower().endswith(suffix) else path.stem
    if suffix in HTML_SUFFIXES:
        yield Document(id=doc_id, html=_html_text(data))
        return
    text, note = decode_bytes(data)
    if note and warn is not None:
        warn(InputError(str(path), None, note))
    yield Document(id=doc_id, text=text)


def _html_text(data: bytes) -> str:
    """HTML bytes decoded with the page's own declared or detected charset."""
    try:
        from trafilatura.utils import decode_file

        decoded = decode_file(data)
        return decoded if isinstance(decoded, str) else decoded.decode("utf-8", errors="replace")
    except ImportError:  # pragma: no cover
        return decode_bytes(data)[0]


def read_stream(stream: IO[bytes], name: str, *, warn: Any = None) -> Iterator[Document | InputError]:
    """Standard input: JSON Lines when it starts with ``{``, otherwise one text page."""
    data = stream.read()
    head = data.lstrip()[:1]
    if head == b"{":
        yield from read_jsonl(io.BytesIO(data), name)
        return
    text, note = decode_bytes(data)
    if note and warn is not None:
        warn(InputError(name, None, note))
    yield Document(id="stdin", text=text)


def read_jsonl(fh: IO[bytes], name: str) -> Iterator[Document | InputError]:
    """Documents from JSON Lines: ``id`` and ``text`` (or ``html``), optional ``url``/``source``."""
    lineno = 0
    while True:
        try:
            raw = fh.readline()
        except (OSError, EOFError) as err:
            yield InputError(name, lineno + 1, f"cannot read further: {err}")
            return
        if not raw:
            return
        lineno += 1
        if not raw.strip():
            continue
        yield parse_record(raw, name, lineno)


def parse_record(raw: bytes | str, name: str, lineno: int) -> Document | InputError:
    """One JSON Lines record as a Document, or the reason it is not one."""
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
    if not isinstance(obj, dict):
        return InputError(name, lineno, f"expected a JSON object, got {type(obj).__name__}")
    doc_id = obj.get("id")
    if doc_id is None:
        return InputError(name, lineno, "missing field", field="id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return InputError(name, lineno, f"must be a string or integer, got {type(doc_id).__name__}", field="id")
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
        id=str(doc_id),
        text=text,
        html=html,
        url=url if isinstance(url, str) else None,
        source=source if isinstance(source, str) else None,
        meta=meta,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: str | None) -> str | None:
    """Replace lone surrogates (from JSON escapes of badly decoded text) with U+FFFD.

    >>> scrub("ok " + chr(0xD800) + " ok")
    'ok \ufffd ok'
    """
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


class AtomicWriter:
    """A text file written under a temporary name and renamed into place on success.

    ``path`` ``-`` writes to standard output instead. If the ``with`` block
    raises, the temporary file is deleted and the destination left untouched.
    """

    def __init__(self, path: str, *, compress: bool | None = None) -> None:
        self.path = path
        self.compress = path.endswith(".gz") if compress is None else compress
        self._tmp: str | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path == "-":
            self._fh = sys.stdout
            return sys.stdout
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.basename(self.path), dir=directory)
        raw = os.fdopen(fd, "wb")
        if self.compress:
            self._fh = io.TextIOWrapper(gzip.GzipFile(fileobj=raw, mode="wb", mtime=0), encoding="utf-8", newline="\n")
            self._raw = raw
        else:
            self._fh = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            self._raw = None
        return self._fh

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.path == "-":
            sys.stdout.flush()
            return
        assert self._fh is not None and self._tmp is not None
        try:
            self._fh.flush()
            self._fh.close()
            if self._raw is not None:
                self._raw.close()
            if exc_type is None:
                os.replace(self._tmp, self.path)
                self._tmp = None
        finally:
            if self._tmp is not None and os.path.exists(self._tmp):
                os.unlink(self._tmp)


def dumps(record: dict[str, Any]) -> str:
    """One JSON Lines line: UTF-8 text as is, keys in a fixed order, no trailing spaces."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
