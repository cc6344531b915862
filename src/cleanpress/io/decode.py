"""Bytes to text: UTF-8 first, the page's own charset for HTML, a best guess otherwise; bounded gunzip."""

from __future__ import annotations

import gzip  # noqa: F401 - used by the doctests
import re
import zlib


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


#: The most an HTML page may decompress to (a gzip bomb is refused, not expanded).
MAX_HTML_BYTES = 64 * 1024 * 1024


def gunzip_limited(data: bytes, limit: int = MAX_HTML_BYTES) -> bytes:
    """Decompress gzip ``data``, refusing output larger than ``limit`` bytes.

    >>> gunzip_limited(gzip.compress(b"<p>hi</p>"))
    b'<p>hi</p>'
    >>> gunzip_limited(gzip.compress(b"x" * 100), limit=10)
    Traceback (most recent call last):
    ...
    ValueError: decompresses to more than 10 bytes; refused
    """
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit or inflater.unconsumed_tail:
        raise ValueError(f"decompresses to more than {limit} bytes; refused")
    if not inflater.eof:
        raise EOFError("compressed data ends early")
    return out


def decode_html(data: bytes) -> str:
    """HTML bytes as text, decoded with the page's own declared or detected charset.

    >>> decode_html('<meta charset="windows-1251"><p>Мост</p>'.encode("cp1251"))
    '<meta charset="windows-1251"><p>Мост</p>'
    """
    try:
        from trafilatura.utils import decode_file

        decoded = decode_file(data)
        text = decoded if isinstance(decoded, str) else decoded.decode("utf-8", errors="replace")
    except ImportError:  # pragma: no cover
        text = decode_bytes(data)[0]
    return scrub(text) or ""


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
