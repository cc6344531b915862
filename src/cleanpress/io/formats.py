"""Input formats, found by content as well as by name: one registry for the local and Spark engines.

A file is opened as bytes; its compression is found by its first bytes
(gzip, zstd, bzip2, xz; a name ending in ``.gz`` must hold gzip data, but
a compressed file needs no such ending), then what it holds is
sniffed from the first decompressed bytes and checked against its name:

======== ============================== =====================================================
format   names                          read as
======== ============================== =====================================================
text     ``.txt``                       one page of plain text
html     ``.html``, ``.htm``            one HTML page (its own charset)
jsonl    ``.jsonl``, ``.ndjson``        one record per line
json     ``.json``                      a JSON array of records, or JSON Lines
parquet  ``.parquet``, ``.pq``          one record per row, in record batches (``parquet`` extra)
warc     ``.warc``, ``.wet``            HTML responses and WET text conversions (``warc`` extra)
======== ============================== =====================================================

each also compressed (``.jsonl.gz``, ``.jsonl.zst``, ``.txt.gz``, ``.warc.gz``, ...).
A file whose content is not what its name says (a ``.parquet`` that is JSON,
a ``.txt`` that is binary) is an :class:`~cleanpress.io.readers.InputError`
naming the file, never read as text; so is a file of unknown name that is
not text. Readers yield ``(where, Document | InputError)`` pairs: one broken
record never stops the others, and a file that breaks off (a truncated
compressed stream or WARC record) keeps every record before the break.
"""

from __future__ import annotations

import bz2
import io
import json
import lzma
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from cleanpress.io.decode import MAX_HTML_BYTES, decode_bytes, decode_html
from cleanpress.io.records import ReadOptions, RecordError, document_from_mapping, jsonable
from cleanpress.types import Document

#: Compressions by name suffix, found by their magic bytes.
COMPRESSION_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bzip2", ".xz": "xz"}
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"))

#: How many decompressed bytes are examined to tell what a file holds.
SNIFF_BYTES = 4096
#: Errors a decompressing stream raises on truncated or corrupt data.
READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


@dataclass(frozen=True, slots=True)
class Source:
    """An input file: ``name`` as shown in messages, ``rel`` its path within the input folder (or its file name).

    ``rel`` makes ids: a page's id is ``rel`` without its endings (``site-a/story``),
    a record without an id gets ``rel:line`` (``part-0.jsonl.gz:12``).
    """

    name: str
    rel: str

    @property
    def page_id(self) -> str:
        """``site-a/story.html.gz`` -> ``site-a/story``.

        >>> Source("/data/site-a/story.html.gz", "site-a/story.html.gz").page_id, Source("-", "notes").page_id
        ('site-a/story', 'notes')
        """
        head, _, base = self.rel.rpartition("/")
        stem = split_name(base)[2]
        return f"{head}/{stem}" if head else stem


Item = tuple[str, "Document | InputError"]
Warn = Callable[["InputError"], None] | None


# InputError lives here (not in readers) so that the registry has no import cycle; readers re-exports it.
@dataclass(frozen=True, slots=True)
class InputError:
    """A record or file that could not be read, and where it was (``line``: line, row or record number)."""

    path: str
    line: int | None
    reason: str
    field: str | None = None
    #: the id of the record at fault, as the input gave it (text or an integer), when it is known
    record_id: str | int | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        where = self.location + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """The rejects file's fields; ``id`` (with its JSON type) only when the record's id is known."""
        out: dict[str, Any] = {"path": self.path, "line": self.line, "field": self.field, "reason": self.reason}
        if self.record_id is not None:
            out["id"] = self.record_id
        return out


# ---------------------------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class Format:
    """One input format: its name endings, what its content starts with, and its reader."""

    name: str
    suffixes: tuple[str, ...]
    #: kinds of sniffed content (see :func:`sniff`) this format accepts
    accepts: tuple[str, ...]
    read: Callable[[IO[bytes], Source, ReadOptions, Warn], Iterator[Item]]
    #: the pip extra its reader needs, if any
    extra: str | None = None


def split_name(filename: str) -> tuple[str | None, str | None, str]:
    """A file name's format and compression by its endings, and the name without them.

    >>> split_name("p.txt.gz"), split_name("cc.warc.wet.gz"), split_name("x.JSONL.zst"), split_name("notes")
    (('text', 'gzip', 'p'), ('warc', 'gzip', 'cc'), ('jsonl', 'zstd', 'x'), (None, None, 'notes'))
    """
    lower = filename.lower()
    compression = None
    for suffix, kind in COMPRESSION_SUFFIXES.items():
        if lower.endswith(suffix) and len(lower) > len(suffix):
            compression = kind
            lower, filename = lower[: -len(suffix)], filename[: -len(suffix)]
            break
    for fmt in FORMATS.values():
        for suffix in fmt.suffixes:
            if lower.endswith(suffix) and len(lower) > len(suffix):
                return fmt.name, compression, filename[: -len(suffix)]
    if compression is None and "." in filename.strip("."):
        return None, None, filename.rsplit(".", 1)[0]
    return None, compression, filename


def known_name(filename: str) -> bool:
    """Whether a file in a folder is read (its name ends in a format's ending, compressed or not).

    >>> known_name("a.jsonl.zst"), known_name("notes.md"), known_name(".a.jsonl.1234.tmp")
    (True, False, False)
    """
    return not filename.startswith(".") and split_name(filename)[0] is not None


# ---------------------------------------------------------------------------------------------- content


def sniff(head: bytes) -> str:  # noqa: PLR0911 - one return per kind
    """What the first bytes of a (decompressed) file look like.

    One of ``parquet``, ``warc``, ``json`` (starts with ``{`` or ``[``), ``empty``,
    ``binary`` (NUL or many control bytes) or ``text``.

    >>> [sniff(b) for b in (b"PAR1\\x15", b"WARC/1.0\\r\\n", b' \\n{"id"', b"", b"\\x00\\x01\\x02abc", b"Just a page.")]
    ['parquet', 'warc', 'json', 'empty', 'binary', 'text']
    """
    if head.startswith(b"PAR1"):
        return "parquet"
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if not stripped:
        return "empty" if not head.strip(b" \t\r\n\x00") else "binary"
    if b"\x00" in head:
        return "binary"
    control = sum(1 for b in head if (b < 32 and b not in b"\t\n\r\f\v\x1b") or b == 127)
    if control * 10 > len(head):
        return "binary"
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "text"


_DESCRIBE = {"parquet": "Parquet data", "warc": "a WARC file", "json": "JSON", "binary": "binary data",
             "text": "text", "empty": "empty"}


class _Prefixed(io.RawIOBase):
    """A byte stream with the bytes already read from it put back in front."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest
        self._error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        if self._error is not None:
            raise self._error
        read1 = getattr(self._rest, "read1", None)
        try:
            data = read1(len(view)) if read1 is not None else self._rest.read(len(view))
        except READ_ERRORS as err:  # a short read first, so a buffered read keeps the bytes before the error
            self._error = err
            return 0
        view[: len(data)] = data
        return len(data)


class _Guarded(io.RawIOBase):
    """A decompressing stream whose error (truncated or corrupt data) comes after every byte before it.

    A buffered ``read(n)`` that meets the error would otherwise lose the bytes it
    had already gathered; here the read ends short (as at end of file) and the
    next read raises the error.
    """

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self._read = getattr(inner, "read1", inner.read)
        self._error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._error is not None:
            raise self._error
        view = memoryview(buffer).cast("B")
        try:
            data = self._read(len(view))
        except READ_ERRORS as err:
            self._error = err
            return 0
        view[: len(data)] = data
        return len(data)


def peek(stream: IO[bytes], n: int) -> tuple[bytes, IO[bytes]]:
    """The first ``n`` bytes of ``stream`` (fewer at its end), and a stream that still has them."""
    head = b""
    while len(head) < n:
        try:
            chunk = stream.read(n - len(head))
        except READ_ERRORS:
            if not head:
                raise
            break  # a guarded stream raises it again at its next read, after the bytes read so far
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)


class _ZstdReader(io.RawIOBase):
    """zstd frames decompressed as they are read; a stream that ends inside a frame raises :class:`EOFError`.

    (``zstandard``'s own stream reader ends quietly on truncated data.)
    """

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._zstd = zstandard
        self._raw = raw
        self._obj = zstandard.ZstdDecompressor().decompressobj()
        self._pending = b""
        self._in_frame = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._pending:
            chunk = self._raw.read(1 << 14)  # bounded output per call, even at a compression ratio of 100
            if not chunk:
                if self._in_frame:
                    raise EOFError("zstd data ends early (truncated file)")
                return 0
            self._in_frame = True
            while chunk:
                try:
                    self._pending += self._obj.decompress(chunk)
                except self._zstd.ZstdError as err:
                    raise OSError(f"corrupt zstd data: {err}") from err
                if not self._obj.eof:
                    break
                chunk = self._obj.unused_data
                self._obj = self._zstd.ZstdDecompressor().decompressobj()
                self._in_frame = bool(chunk)
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _decompressed(stream: IO[bytes], compression: str) -> IO[bytes]:
    if compression == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if compression == "zstd":
        try:
            return io.BufferedReader(_ZstdReader(stream), buffer_size=1 << 16)
        except ImportError as err:
            raise ImportError("zstd-compressed input needs the zstandard package: "
                              "pip install 'cleanpress[zstd]'") from err
    if compression == "bzip2":
        return bz2.BZ2File(stream)
    return lzma.LZMAFile(stream)


def read_source(  # noqa: PLR0911 - one return per refusal
    stream: IO[bytes], source: Source, options: ReadOptions | None = None, warn: Warn = None
) -> Iterator[Item]:
    """Every record of one input file (or stream), by its content checked against its name.

    ``stream`` is the file's bytes as stored (compressed or not); a seekable
    stream is needed only for Parquet, which is read where it is.
    """
    options = options or ReadOptions()
    name = source.name
    fmt_name, named_compression, _ = split_name(source.rel.rpartition("/")[2])
    try:
        if stream.seekable():
            raw_head = stream.read(8)
            stream.seek(0)
        else:
            raw_head, stream = peek(stream, 8)
    except OSError as err:
        yield name, InputError(name, None, f"cannot read: {err.strerror or err}")
        return
    if raw_head.startswith(b"PAR1"):
        if fmt_name not in (None, "parquet"):
            yield name, InputError(name, None, f"named as {fmt_name} but is Parquet data; rename it .parquet")
            return
        yield from FORMATS["parquet"].read(stream, source, options, warn)
        return
    compression = next((kind for magic, kind in _MAGIC if raw_head.startswith(magic)), None)
    if named_compression is not None and compression != named_compression:
        actual = f"{compression}-compressed" if compression else "not compressed"
        yield name, InputError(name, None, f"named as {named_compression}-compressed but is {actual}")
        return
    try:
        data = (io.BufferedReader(_Guarded(_decompressed(stream, compression)), buffer_size=1 << 16)
                if compression else stream)
        head, data = peek(data, SNIFF_BYTES)
    except ImportError as err:
        yield name, InputError(name, None, str(err))
        return
    except READ_ERRORS as err:
        yield name, InputError(name, None, f"cannot read ({compression or 'uncompressed'}): {err}")
        return
    kind = sniff(head)
    fmt = _choose(fmt_name, kind)
    if fmt is None:
        what = f"{compression}-compressed " if compression else ""
        if fmt_name is None:
            reason = f"unknown format: {what}{_DESCRIBE[kind]}, not text, HTML, JSON Lines, Parquet or WARC"
        else:
            reason = f"named as {fmt_name} but the {what}content is {_DESCRIBE[kind]}"
            if kind == "parquet":
                reason += " (compressed Parquet is not read; Parquet compresses inside the file)"
        yield name, InputError(name, None, reason)
        return
    yield from FORMATS[fmt].read(data, source, options, warn)


def _choose(fmt_name: str | None, kind: str) -> str | None:
    """The format to read a file as, from its name's format and its content's kind; ``None``: refused."""
    if fmt_name is None:
        return {"json": "jsonl", "text": "text", "empty": "text", "warc": "warc"}.get(kind)
    fmt = FORMATS[fmt_name]
    return fmt.name if kind in fmt.accepts else None


# ---------------------------------------------------------------------------------------------- readers


def _read_whole(data: IO[bytes], name: str) -> bytes | InputError:
    try:
        content = data.read(MAX_HTML_BYTES + 1)
        if len(content) <= MAX_HTML_BYTES:
            data.read(1)  # a guarded stream's error comes at the read after its short one
    except READ_ERRORS as err:
        return InputError(name, None, f"corrupt or truncated compressed data: {err}")
    if len(content) > MAX_HTML_BYTES:
        return InputError(name, None, f"a page of more than {MAX_HTML_BYTES} bytes; refused")
    return content


def _read_text(data: IO[bytes], source: Source, options: ReadOptions, warn: Warn) -> Iterator[Item]:
    content = _read_whole(data, source.name)
    if isinstance(content, InputError):
        yield source.name, content
        return
    text, note = decode_bytes(content)
    if note and warn is not None:
        warn(InputError(source.name, None, note))
    yield source.name, Document(id=source.page_id, text=text)


def _read_html(data: IO[bytes], source: Source, options: ReadOptions, warn: Warn) -> Iterator[Item]:
    content = _read_whole(data, source.name)
    if isinstance(content, InputError):
        yield source.name, content
        return
    yield source.name, Document(id=source.page_id, html=decode_html(content))


def parse_record(
    raw: bytes | str, name: str, lineno: int, options: ReadOptions | None = None, *, base: str | None = None
) -> Document | InputError:
    """One JSON Lines record as a Document, or the reason it is not one.

    A record without an id is given ``base:lineno`` (``base`` defaults to ``name``).

    >>> print(parse_record(b'{"id": "a"}', "x.jsonl", 7))
    x.jsonl:7 [text]: missing field: a record needs 'text' or 'html'
    >>> parse_record(b'{"text": "t", "lang": "en"}', "/data/x.jsonl", 7, base="x.jsonl").id
    'x.jsonl:7'
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
    return record_document(obj, name, lineno, options, base=base)


def record_document(
    obj: Any, name: str, number: int, options: ReadOptions | None, *, base: str | None = None
) -> Document | InputError:
    """A decoded record (a JSON object, a Parquet row) as a Document, or the reason it is not one."""
    if not isinstance(obj, dict):
        return InputError(name, number, f"expected a JSON object, got {type(obj).__name__}")
    try:
        return document_from_mapping(obj, options, base if base is not None else name, number)
    except RecordError as err:
        return InputError(name, number, err.reason, field=err.field)


def _read_jsonl(data: IO[bytes], source: Source, options: ReadOptions, warn: Warn) -> Iterator[Item]:
    name = source.name
    lineno = 0
    while True:
        try:
            raw = data.readline()
        except READ_ERRORS as err:  # a truncated or corrupt compressed stream
            yield f"{name}:{lineno + 1}", InputError(
                name, lineno + 1, f"cannot read further ({type(err).__name__}: {err}); records after line {lineno} lost"
            )
            return
        if not raw:
            return
        lineno += 1
        if not raw.endswith(b"\n"):  # the last line, or one cut short by a truncated file: which?
            try:
                if not data.read(1):
                    data.read(1)  # a guarded stream's error comes at the read after the short one
            except READ_ERRORS as err:
                yield f"{name}:{lineno}", InputError(
                    name, lineno, f"cannot read further ({type(err).__name__}: {err}); line {lineno} is cut short "
                                  "and the records after it lost")
                return
        if not raw.strip():
            continue
        yield f"{name}:{lineno}", parse_record(raw, name, lineno, options, base=source.rel)


def _read_json(data: IO[bytes], source: Source, options: ReadOptions, warn: Warn) -> Iterator[Item]:
    """``.json``: a JSON array of records (read element by element), or JSON Lines."""
    head, data = peek(data, SNIFF_BYTES)
    if not head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"["):
        yield from _read_jsonl(data, source, options, warn)
        return
    yield from _read_json_array(data, source, options)


def _read_json_array(data: IO[bytes], source: Source, options: ReadOptions) -> Iterator[Item]:
    """The records of a JSON array, decoded one element at a time (memory holds one record and a read buffer)."""
    name = source.name
    decoder = json.JSONDecoder()
    reader = io.TextIOWrapper(data, encoding="utf-8-sig", errors="strict")
    buf, pos, number, eof = "", 0, 0, False

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = reader.read(1 << 16)
        buf, pos = buf[pos:] + chunk, 0
        eof = not chunk
        return bool(chunk)

    def skip_space() -> None:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf) or not more():
                return

    try:
        more()
        skip_space()
        pos += 1  # the opening bracket
        while True:
            skip_space()
            if pos >= len(buf):
                yield name, InputError(name, number + 1, "the JSON array ends early (truncated file); "
                                                          f"records after record {number} lost")
                return
            if buf[pos] == "]":
                return
            if number and buf[pos] == ",":
                pos += 1
                skip_space()
            elif number:
                yield name, InputError(name, number + 1, "malformed JSON array: expected ',' or ']', "
                                                          f"found {buf[pos]!r}; records after record {number} lost")
                return
            number += 1
            while True:
                try:
                    obj, end = decoder.raw_decode(buf, pos)
                    break
                except json.JSONDecodeError as err:
                    if eof or not more():
                        reason = (f"malformed JSON ({err.msg}): the array is cut short or broken; "
                                  f"records after record {number - 1} lost")
                        yield f"{name}:{number}", InputError(name, number, reason)
                        return
            pos = end
            yield f"{name}:{number}", record_document(obj, name, number, options, base=source.rel)
    except (UnicodeDecodeError, *READ_ERRORS) as err:
        yield name, InputError(name, number + 1, f"cannot read further ({type(err).__name__}: {err}); "
                                                  f"records after record {number} lost")


#: Rows per Parquet record batch (memory holds one batch of pages).
PARQUET_BATCH_ROWS = 256


def _read_parquet(data: IO[bytes], source: Source, options: ReadOptions, warn: Warn) -> Iterator[Item]:
    """Parquet rows as records, streamed in record batches of :data:`PARQUET_BATCH_ROWS` rows."""
    name = source.name
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield name, InputError(name, None, "Parquet input needs pyarrow: pip install 'cleanpress[parquet]'")
        return
    if not data.seekable():  # standard input: Parquet is read from its end
        data = io.BytesIO(data.read())
    try:
        pfile = pq.ParquetFile(data)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError, ... for a broken footer
        yield name, InputError(name, None, f"not a readable Parquet file: {err}")
        return
    columns = pfile.schema_arrow.names
    if options.text_field not in columns and options.html_field not in columns:
        yield name, InputError(name, None, f"no {options.text_field!r} or {options.html_field!r} column "
                                           f"(columns: {', '.join(columns)}); see --text-field/--html-field",
                               field=options.text_field)
        return
    row = 0
    try:
        for batch in pfile.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for record in batch.to_pylist():
                row += 1
                obj = {key: jsonable(value) for key, value in record.items()}
                yield f"{name}:{row}", record_document(obj, name, row, options, base=source.rel)
    except Exception as err:  # a corrupt row group: the rows before it are kept
        yield name, InputError(name, row + 1, f"cannot read further ({type(err).__name__}: {err}); "
                                              f"rows after row {row} lost")


def _warc_fields(headers: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, header in (("url", "WARC-Target-URI"), ("date", "WARC-Date"), ("warc_record_id", "WARC-Record-ID"),
                        ("warc_refers_to", "WARC-Refers-To"), ("warc_type", "WARC-Type"),
                        ("language", "WARC-Identified-Content-Language")):
        value = headers.get_header(header)
        if value is not None:
            fields[key] = value.strip("<>") if key in ("warc_record_id", "warc_refers_to") else value
    return fields


_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _read_warc(data: IO[bytes], source: Source, options: ReadOptions, warn: Warn) -> Iterator[Item]:
    """WARC ``response`` records of HTML pages (the HTML path) and WET ``conversion`` records (the text path).

    Other records (requests, metadata, images, ...) are not pages and are
    passed over. The WARC headers become fields (``url``, ``date``,
    ``warc_record_id``, ...) and the record id the page id. A record that breaks
    off is an error; the records before it are kept.
    """
    name = source.name
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield name, InputError(name, None, "WARC input needs warcio: pip install 'cleanpress[warc]'")
        return
    number, done = 0, True
    try:
        for record in ArchiveIterator(data, arc2warc=True):
            number, done = number + 1, False
            rec_type = record.rec_type
            if rec_type not in ("response", "conversion", "resource"):
                done = True
                continue
            fields = _warc_fields(record.rec_headers)
            if rec_type == "response":
                ctype = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            else:
                ctype = record.rec_headers.get_header("Content-Type", "")
            body = record.content_stream().read()
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                yield f"{name}:{number}", InputError(
                    name, number, f"WARC record {fields.get('warc_record_id', '?')} is truncated ({missing} bytes "
                                  f"missing); records after record {number - 1} lost")
                return
            mime = ctype.split(";")[0].strip().lower()
            if ctype:
                fields["content_type"] = mime
            doc_id = fields.get("warc_record_id") or f"{source.rel}:{number}"
            meta = {k: v for k, v in fields.items() if options.passes(k)}
            url = fields.get("url")
            if rec_type == "conversion" or (rec_type == "resource" and mime.startswith("text/plain")):
                text, _ = decode_bytes(body)
                yield f"{name}:{number}", Document(id=doc_id, text=text, url=url, meta=meta)
            elif mime in _HTML_TYPES or (not mime and body.lstrip()[:1] == b"<"):
                yield f"{name}:{number}", Document(id=doc_id, html=decode_html(body), url=url, meta=meta)
            done = True
    except Exception as err:  # warcio raises its own errors, and AttributeError on a header cut short
        broken = number + 1 if done else number
        yield name, InputError(name, broken, f"cannot read WARC record {broken} ({type(err).__name__}: {err}); "
                                             f"records after record {broken - 1} lost")


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("text", (".txt",), ("text", "json", "empty"), _read_text),
        Format("html", (".html", ".htm"), ("text", "json", "empty"), _read_html),
        Format("jsonl", (".jsonl", ".ndjson"), ("json", "text", "empty"), _read_jsonl),
        Format("json", (".json",), ("json", "text", "empty"), _read_json),
        Format("parquet", (".parquet", ".pq"), ("parquet",), _read_parquet, extra="parquet"),
        Format("warc", (".warc.wet", ".warc", ".wet"), ("warc", "empty"), _read_warc, extra="warc"),
    )
}
