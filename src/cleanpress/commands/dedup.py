"""``python -m cleanpress dedup``: stories in (JSONL with ``id`` and ``text``), cluster fields added."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

from cleanpress.commands.common import (
    BadInput,
    add_dedup_arguments,
    add_drop_duplicates_argument,
    add_index_argument,
    add_io_arguments,
    run_options,
    write_deduplicated,
)
from cleanpress.io import InputError
from cleanpress.pipeline import RunStats
from cleanpress.types import Document


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "dedup", help="find near-duplicate stories (JSONL with id and text, e.g. the output of clean)",
        description="Find near-duplicate stories with MinHash LSH; write each record back with "
                    "cluster, duplicate_of and similarity added.",
    )
    add_io_arguments(parser)
    add_dedup_arguments(parser)
    add_index_argument(parser)
    add_drop_duplicates_argument(parser)
    parser.set_defaults(handler=main)


def record_of(doc: Document) -> dict[str, Any]:
    """A story record as read (``id``, the clean stage's fields, ``text``, then any others)."""
    record: dict[str, Any] = {"id": doc.json_id}
    for key in ("source_id", "story", "title"):
        if key in doc.meta:
            record[key] = doc.meta[key]
    record["text"] = doc.text
    for key, value in (("url", doc.url), ("source", doc.source)):
        if value is not None:
            record[key] = value
    record.update((k, v) for k, v in doc.meta.items() if k not in record)
    return record


def story_records(documents: Iterable[Document], bad: BadInput) -> Iterator[dict[str, Any]]:
    for doc in documents:
        if doc.text is None:
            bad.reject(InputError(f"record {doc.id!r}", None, "dedup needs 'text' (run clean on HTML first)",
                                  field="text", record_id=doc.json_id))
            continue
        yield record_of(doc)


def main(args: argparse.Namespace) -> int:
    options = run_options(args)  # a UsageError is reported by the CLI (rc 2)
    bad = BadInput(options.rejects, options.quiet)
    stats = RunStats()
    records = story_records(bad.documents(options.inputs, options.read), bad)
    return write_deduplicated(options, "dedup", records, bad, stats)
