"""``python -m cleanpress dedup``: stories in (JSONL with ``id`` and ``text``), cluster fields added."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.signing import sign_stories
from cleanpress.io import InputError, dumps
from cleanpress.pipeline import PreparedRecord, RunStats
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
    from cleanpress.commands.jobs import add_jobs_argument

    # 1 by default: most of dedup's work per story is small next to starting workers and shipping text to them
    add_jobs_argument(parser, default=1, work="read, encode and sign the stories")
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


def _no_text(doc: Document) -> InputError:
    return InputError(f"record {doc.id!r}", None, "dedup needs 'text' (run clean on HTML first)",
                      field="text", record_id=doc.json_id)


def story_records(documents: Iterable[Document], bad: BadInput) -> Iterator[dict[str, Any]]:
    for doc in documents:
        if doc.text is None:
            bad.reject(_no_text(doc))
            continue
        yield record_of(doc)


@dataclass(frozen=True, slots=True)
class EncodeAndSign:
    """A worker task of ``dedup -j N``: the story record encoded (as :func:`record_of` gives it, by ``dumps``:
    the line the one-process path writes), then every story of the chunk signed together with ``config``
    (:func:`~cleanpress.dedup.signing.sign_stories`). The main process reads, indexes, clusters and writes.

    A record without text comes back as the :class:`InputError` to report (not raised: it is no failure).
    """

    config: DedupConfig

    def __call__(self, cleaner: object, document: Document) -> PreparedRecord | InputError:
        if document.text is None:
            return _no_text(document)
        # the id as the input gave it (text or integer): the deduplicator remembers which
        return PreparedRecord(document.json_id, document.text, dumps(record_of(document)))  # type: ignore[arg-type]

    def finish_chunk(self, outcomes: list[Any]) -> list[Any]:
        """The chunk's records again, each with its row of the chunk's keys."""
        rows = [i for i, outcome in enumerate(outcomes) if isinstance(outcome, PreparedRecord)]
        if not rows:
            return outcomes
        keys = sign_stories([outcomes[i].text for i in rows], self.config)
        outcomes = list(outcomes)
        for row, i in enumerate(rows):
            outcomes[i] = outcomes[i]._replace(keys=keys, row=row)
        return outcomes


def _signed_records(options: Any, bad: Any) -> tuple[Iterator[PreparedRecord], Any]:
    """The stories of ``options.inputs`` encoded and signed on ``options.jobs`` processes, in input order (and the
    map, to close); reports to ``bad`` (an :class:`~cleanpress.commands.jobs.OrderedBadInput`) in input order."""
    from cleanpress.parallel import map_documents

    outcomes = map_documents(None, bad.located_documents(options.inputs, options.read), jobs=options.jobs,
                             task=EncodeAndSign(options.dedup))

    def records() -> Iterator[PreparedRecord]:
        for tag, doc, outcome in outcomes:
            bad.before(tag)
            if isinstance(outcome, InputError):
                bad.reject_now(outcome)
            elif isinstance(outcome, BaseException):
                assert doc is not None  # only a document gets an outcome
                bad.reject_error(doc.json_id, outcome)
            else:
                yield outcome

    return records(), outcomes


def main(args: argparse.Namespace) -> int:
    options = run_options(args)  # a UsageError is reported by the CLI (rc 2)
    stats = RunStats()
    if options.jobs == 1:
        bad = BadInput(options.rejects, options.quiet)
        records = story_records(bad.documents(options.inputs, options.read), bad)
        return write_deduplicated(options, "dedup", records, bad, stats)
    from cleanpress.commands.jobs import OrderedBadInput

    ordered = OrderedBadInput(options.rejects, options.quiet)
    signed, outcomes = _signed_records(options, ordered)
    try:
        return write_deduplicated(options, "dedup", signed, ordered, stats)
    finally:
        outcomes.close()
