"""Hugging Face ``datasets``: clean a batch of rows into a batch of stories.

:func:`clean_batch` takes the column dict ``Dataset.map(batched=True)`` passes
and returns one row per story: the clean stage's columns (``id``,
``source_id``, ``story``, ``title``, ``text``, ``removed``) and every other
input column, copied from the story's page. A page gives zero, one or
several stories, so the number of rows changes: map with
``remove_columns=dataset.column_names``::

    from datasets import load_dataset
    from cleanpress.integrations.hf import clean_batch

    pages = load_dataset("json", data_files="pages.jsonl.gz", split="train")
    stories = pages.map(clean_batch, batched=True, remove_columns=pages.column_names)

``fn_kwargs`` passes options (``text_field``, ``html_field``, ``id_field``,
``config``, ``profile``). A row without an id gets a hash of its content
(``sha1:…``, the same in every batch); a row that is not a page (no text, or
text that is not a string) gives no story and a :class:`PageWarning`.
Deduplicate the result with :func:`cleanpress.dedup` or the ``dedup`` command.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile
from cleanpress.io.records import PRODUCED_FIELDS, ReadOptions, RecordError, document_from_mapping, with_fields

#: The clean stage's columns, first in every output batch.
STORY_COLUMNS = ("id", "source_id", "story", "title", "text", "removed")


class PageWarning(UserWarning):
    """A row that is not a page (it gives no story): which row, and why."""


def clean_batch(
    batch: Mapping[str, Sequence[Any]],
    *,
    text_field: str = "text",
    html_field: str = "html",
    id_field: str = "id",
    config: CleanConfig | None = None,
    profile: Profile | None = None,
) -> dict[str, list[Any]]:
    """One output row per story of the batch's pages, with the pages' other columns.

    >>> story = "The mayor opened the new bridge on Monday morning, two years after work began, officials said."
    >>> out = clean_batch({"id": ["p1", "p2"], "text": ["Advertisement\\n" + story, story], "lang": ["en", "de"]})
    >>> out["id"], out["lang"], out["text"][0] == story
    (['p1#0', 'p2#0'], ['en', 'de'], True)
    """
    read = ReadOptions(id_field=id_field, text_field=text_field, html_field=html_field)
    columns = list(batch.keys())
    passed = [c for c in columns if read.passes(c) and c not in PRODUCED_FIELDS]
    out: dict[str, list[Any]] = {name: [] for name in (*STORY_COLUMNS, *passed)}
    if not columns:
        return out
    cleaner = Cleaner(config, profile=profile)
    rows = len(batch[columns[0]])
    for i in range(rows):
        row = {c: batch[c][i] for c in columns}
        try:
            page = document_from_mapping(row, read, "batch", None)
        except RecordError as err:
            where = f"row {row.get(id_field)!r}" if row.get(id_field) is not None else f"row {i} of the batch"
            warnings.warn(PageWarning(f"cleanpress: {where} [{err.field}]: {err.reason}; no story"), stacklevel=2)
            continue
        for record in with_fields(cleaner.clean(page).records(), {}, source_id=page.json_id):  # an int id stays one
            for name in STORY_COLUMNS:
                out[name].append(record[name])
            for name in passed:
                out[name].append(row[name])
    return out
