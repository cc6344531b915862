"""The clean stage on a Spark DataFrame: the local :class:`~cleanpress.Cleaner`, per partition.

Each partition's pages go through ``mapInArrow`` to the very ``Cleaner`` the
local engine uses, so a story cleaned on Spark is the story cleaned on one
machine, character for character. Nothing is tokenised in Spark SQL.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile
from cleanpress.types import Document

#: The columns of the clean stage's record, as Spark SQL types (plus ``error``).
CLEAN_FIELDS = (
    "id string, source_id string, story int, title string, text string, "
    "removed array<struct<start:int,end:int,rule:string,reason:string,text:string,detail:string>>, error string"
)

CLEAN_COLUMNS = ("id", "source_id", "story", "title", "text", "removed", "error")


def clean_dataframe(
    df: Any,
    text_col: str | None = "text",
    id_col: str = "id",
    html_col: str | None = None,
    *,
    config: CleanConfig | None = None,
    profile: Profile | None = None,
    url_col: str | None = None,
    source_col: str | None = None,
    keep: Sequence[str] = (),
) -> Any:
    """One row per story: the clean stage's record for every page of ``df``.

    Columns: ``id`` (``source_id#story``), ``source_id``, ``story``, ``title``,
    ``text``, ``removed`` (an array of ``start, end, rule, reason, text, detail``
    structs; ``detail`` null where the local record has none) and ``error``,
    then the ``keep`` columns copied from the page's row.
    A page is read from ``text_col``, or from ``html_col`` when its text is
    null, exactly as :class:`cleanpress.Document` does. A page that cannot be
    cleaned does not stop the job: it gives one row with its ``id`` as
    ``source_id``, null ``story``/``text`` and the reason in ``error``;
    good stories have a null ``error``. ``profile`` is a learned site profile
    (as ``Cleaner(config, profile=...)``); its sites are found by the pages'
    ``source_col`` and ``url_col`` columns, as locally by ``source`` and ``url``.
    """
    names = set(df.columns)
    roles = (("id_col", id_col), ("text_col", text_col), ("html_col", html_col), ("url_col", url_col),
             ("source_col", source_col), *(("keep", k) for k in keep))
    for role, col in roles:
        if col is not None and col not in names:
            raise ValueError(f"{role}={col!r} is not a column of the DataFrame (it has {sorted(names)})")
    if text_col is None and html_col is None:
        raise ValueError("clean_dataframe needs text_col or html_col")
    for col in keep:
        if col in CLEAN_COLUMNS:
            raise ValueError(f"keep column {col!r} clashes with a column of the clean record; rename it first")
    from pyspark.sql import functions as F

    wanted = [F.col(id_col).cast("string").alias("_id")]
    wanted.append((F.col(text_col) if text_col else F.lit(None)).cast("string").alias("_text"))
    wanted.append((F.col(html_col) if html_col else F.lit(None)).cast("string").alias("_html"))
    wanted.append((F.col(url_col) if url_col else F.lit(None)).cast("string").alias("_url"))
    wanted.append((F.col(source_col) if source_col else F.lit(None)).cast("string").alias("_source"))
    pages = df.select(*wanted, *[F.col(k) for k in keep])
    keep_schema = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in df.select(*keep).schema.fields)
    schema = CLEAN_FIELDS + (", " + keep_schema if keep else "")
    return pages.mapInArrow(functools.partial(_clean_batches, config=config, profile=profile, keep=tuple(keep)), schema)


def _clean_batches(
    batches: Iterator[Any], *, config: CleanConfig | None, profile: Profile | None, keep: tuple[str, ...]
) -> Iterator[Any]:
    """``mapInArrow`` body: pages in, story rows out (runs on the executors)."""
    import pyarrow as pa

    cleaner = Cleaner(config, profile=profile)
    for batch in batches:
        ids = batch.column("_id").to_pylist()
        texts = batch.column("_text").to_pylist()
        htmls = batch.column("_html").to_pylist()
        urls = batch.column("_url").to_pylist()
        sources = batch.column("_source").to_pylist()
        rows: list[dict[str, Any]] = []
        source_rows: list[int] = []
        for i, (doc_id, text, html, url, source) in enumerate(zip(ids, texts, htmls, urls, sources, strict=True)):
            for record in clean_page(cleaner, doc_id, text, html, url=url, source=source):
                rows.append(record)
                source_rows.append(i)
        columns = {name: [r[name] for r in rows] for name in CLEAN_COLUMNS}
        out = pa.RecordBatch.from_pydict(columns, schema=_arrow_schema())
        if keep:
            take = pa.array(source_rows, type=pa.int64())
            arrays = [*out.columns, *(batch.column(k).take(take) for k in keep)]
            out = pa.RecordBatch.from_arrays(arrays, names=[*out.schema.names, *keep])
        yield out


def clean_page(
    cleaner: Cleaner, doc_id: str | None, text: str | None, html: str | None, *,
    url: str | None = None, source: str | None = None,
) -> list[dict[str, Any]]:
    """The clean records of one page, or one error record saying why there are none.

    >>> page = "Advertisement\\nThe mayor opened the new bridge on Monday, officials said."
    >>> records = clean_page(Cleaner(), "p1", page, None)
    >>> [(r["id"], r["text"], r["error"]) for r in records]
    [('p1#0', 'The mayor opened the new bridge on Monday, officials said.', None)]
    >>> clean_page(Cleaner(), None, "text", None)[0]["error"]
    'missing field: id is null'
    """
    if doc_id is None:
        return [_error_record(doc_id, "missing field: id is null")]
    try:
        result = cleaner.clean(Document(id=doc_id, text=text, html=html, url=url, source=source))
    except Exception as err:  # one broken page never stops the others
        return [_error_record(doc_id, f"{type(err).__name__}: {err}")]
    return [{**record, "removed": [{"detail": None, **r.to_dict(result.input)} for r in story.removals], "error": None}
            for story, record in zip(result.stories, result.records(), strict=True)]


def _error_record(doc_id: str | None, reason: str) -> dict[str, Any]:
    return {"id": doc_id, "source_id": doc_id, "story": None, "title": None, "text": None, "removed": None,
            "error": reason}


@functools.cache
def _arrow_schema() -> Any:
    import pyarrow as pa

    removal = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("rule", pa.string()), ("reason", pa.string()),
                         ("text", pa.string()), ("detail", pa.string())])
    return pa.schema([("id", pa.string()), ("source_id", pa.string()), ("story", pa.int32()), ("title", pa.string()),
                      ("text", pa.string()), ("removed", pa.list_(removal)), ("error", pa.string())])
