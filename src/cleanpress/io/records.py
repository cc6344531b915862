"""Input records as documents: which fields are the id, text and HTML, and which pass through.

Every reader of records (JSON Lines, JSON arrays, Parquet rows, mappings given
to the API, Hugging Face batches) turns one record into a
:class:`~cleanpress.types.Document` here, with one :class:`ReadOptions`:

- ``id_field``, ``text_field``, ``html_field`` name the record's fields;
- every other field is kept in ``Document.meta`` and copied onto each story
  record of the page (:func:`with_fields`), unless ``drop_fields`` names it
  or ``keep_fields`` does not;
- a record without an id gets a stable one, ``fallback_id`` (its file and line,
  or a content hash), and the document says so (``id_generated``).
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cleanpress.io.decode import scrub
from cleanpress.types import Document

#: Fields every story record gets from cleanpress; an input field of the same name is not copied over them.
PRODUCED_FIELDS = frozenset(
    {"id", "source_id", "story", "title", "text", "removed",
     "cluster", "duplicate_of", "is_duplicate", "similarity", "evidence", "seen_before"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How input records map to pages, and which of their fields the stories keep.

    >>> opts = ReadOptions(text_field="content", drop_fields=("raw",))
    >>> doc = document_from_mapping({"id": 7, "content": "Body.", "lang": "en", "raw": "x"}, opts, "r.jsonl", 1)
    >>> doc.id, doc.json_id, doc.text, doc.meta
    ('7', 7, 'Body.', {'lang': 'en'})
    >>> ReadOptions(keep_fields=("url",), drop_fields=("lang",))
    Traceback (most recent call last):
    ...
    ValueError: keep_fields and drop_fields cannot be used together
    """

    id_field: str = "id"
    text_field: str = "text"
    html_field: str = "html"
    #: only these input fields pass through to the stories (``None``: all of them)
    keep_fields: tuple[str, ...] | None = None
    #: input fields that do not pass through
    drop_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("id_field", "text_field", "html_field"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty field name, got {value!r}")
        if self.keep_fields is not None and self.drop_fields:
            raise ValueError("keep_fields and drop_fields cannot be used together")
        for name in ("keep_fields", "drop_fields"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                raise TypeError(f"ReadOptions.{name} must be a tuple of field names, got {type(value).__name__}")

    @property
    def content_fields(self) -> tuple[str, str, str]:
        """The fields a page is made of (never passed through)."""
        return self.id_field, self.text_field, self.html_field

    def passes(self, name: str) -> bool:
        """Whether input field ``name`` is kept with the page (``Document.meta``).

        The fields of cleanpress's own records (``source_id``, ``story``, ``title``, ...)
        are always kept, so ``dedup`` reads stories whole; they are never copied
        over a story's own (:func:`with_fields`).
        """
        if name in self.content_fields:
            return False
        if name in PRODUCED_FIELDS:
            return True
        if self.keep_fields is not None:
            return name in self.keep_fields
        return name not in self.drop_fields


#: The default: fields ``id``, ``text``, ``html``; every other field passes through.
DEFAULT_READ = ReadOptions()


class RecordError(ValueError):
    """A record that is not a page: ``field`` names the field at fault (or ``None``)."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def content_id(text: str | None, html: str | None) -> str:
    """A stable id for a record without one: a hash of its content.

    >>> content_id("Body.", None)
    'sha1:9f7664d62c415259'
    """
    data = (text if text is not None else "\x00" + (html or "")).encode("utf-8", "surrogatepass")
    return "sha1:" + hashlib.sha1(data).hexdigest()[:16]


def document_from_mapping(
    obj: Mapping[str, Any], options: ReadOptions | None, where: str, number: int | None, *,
    fallback_id: str | None = None,
) -> Document:
    """One record as a :class:`Document`; :class:`RecordError` when it cannot be a page.

    A missing (or null) id becomes ``fallback_id`` (by default ``where:number``,
    or a content hash when there is no number) and ``id_generated`` is set.

    >>> document_from_mapping({"text": "Body.", "url": "https://a.example/1"}, None, "c4.json.gz", 12).id
    'c4.json.gz:12'
    >>> document_from_mapping({"id": "a", "text": 3}, None, "x", 1)
    Traceback (most recent call last):
    ...
    cleanpress.io.records.RecordError: must be a string, got int
    """
    opts = options or DEFAULT_READ
    doc_id = obj.get(opts.id_field)
    generated = doc_id is None
    if isinstance(doc_id, bool) or not (doc_id is None or isinstance(doc_id, (str, int))):
        raise RecordError(f"must be a string or integer, got {type(doc_id).__name__}", opts.id_field)
    if doc_id == "":
        raise RecordError("must not be empty", opts.id_field)
    text, html = obj.get(opts.text_field), obj.get(opts.html_field)
    for fname, value in ((opts.text_field, text), (opts.html_field, html)):
        if value is not None and not isinstance(value, str):
            raise RecordError(f"must be a string, got {type(value).__name__}", fname)
    if text is None and html is None:
        raise RecordError(f"missing field: a record needs {opts.text_field!r} or {opts.html_field!r}",
                          opts.text_field)
    text, html = scrub(text), scrub(html)
    if generated:
        if fallback_id is not None:
            doc_id = fallback_id
        elif number is not None:
            doc_id = f"{where}:{number}"
        else:
            doc_id = content_id(text, html)
    meta = {key: value for key, value in obj.items() if opts.passes(key)}
    url, source = meta.get("url"), meta.get("source")
    return Document(
        id=scrub(str(doc_id)) or "",
        text=text,
        html=html,
        url=scrub(url) if isinstance(url, str) else None,
        source=scrub(source) if isinstance(source, str) else None,
        meta=meta,
        id_generated=generated,
        id_is_int=isinstance(doc_id, int),
    )


def with_fields(
    records: Iterable[dict[str, Any]], fields: Mapping[str, Any], *, source_id: str | int | None = None,
) -> Iterator[dict[str, Any]]:
    """Story records with the page's pass-through ``fields`` appended.

    Fields cleanpress produces (:data:`PRODUCED_FIELDS`, such as ``text`` or
    ``cluster``) are never copied from the input: a story's are its own.
    ``source_id``, the page's id as the input gave it (:attr:`Document.json_id
    <cleanpress.types.Document.json_id>`), replaces the text of it in each
    record's ``source_id``, so an integer id stays an integer.

    >>> list(with_fields([{"id": "p#0", "text": "Body."}], {"url": "u", "text": "raw", "cluster": "old"}))
    [{'id': 'p#0', 'text': 'Body.', 'url': 'u'}]
    >>> list(with_fields([{"id": "7#0", "source_id": "7"}], {}, source_id=7))
    [{'id': '7#0', 'source_id': 7}]
    """
    for record in records:
        if source_id is not None and "source_id" in record and record["source_id"] == str(source_id):
            record["source_id"] = source_id
        if fields:
            record.update((k, v) for k, v in fields.items() if k not in record and k not in PRODUCED_FIELDS)
        yield record


def jsonable(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    """A value from Parquet or Arrow as JSON can hold it (dates as ISO text, bytes as base64, NaN as null).

    >>> jsonable({"when": datetime.date(2024, 5, 1), "raw": b"hi", "x": float("nan"), "n": [decimal.Decimal("1.5")]})
    {'when': '2024-05-01', 'raw': 'aGk=', 'x': None, 'n': [1.5]}
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        # Arrow maps come back as lists of (key, value) pairs
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def parse_field_list(value: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """``"url,date"`` (a command-line value) as ``("url", "date")``.

    >>> parse_field_list("url, date,,lang"), parse_field_list(None)
    (('url', 'date', 'lang'), None)
    """
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(item.strip() for item in items if item.strip())
