"""``python -m cleanpress dedup``: stories in (JSONL with ``id`` and ``text``), cluster fields added."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from cleanpress.commands.common import BadInput, add_io_arguments
from cleanpress.dedup.config import REPRESENTATIVES, DedupConfig
from cleanpress.dedup.deduplicator import Deduplicator
from cleanpress.io import AtomicWriter, InputError
from cleanpress.pipeline import RunStats, dedup_lines
from cleanpress.progress import Progress
from cleanpress.types import Document


def add_dedup_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``dedup`` and ``run`` share."""
    defaults = DedupConfig()
    parser.add_argument("--threshold", type=float, default=defaults.threshold,
                        help=f"estimated Jaccard similarity at which stories are duplicates (default "
                             f"{defaults.threshold})")
    parser.add_argument("--containment", type=float, default=defaults.containment,
                        help="containment of the shorter story in the longer at which they are duplicates, e.g. "
                             f"a trimmed copy or a copy inside other text (default {defaults.containment})")
    parser.add_argument("--representative", choices=REPRESENTATIVES, default=defaults.representative,
                        help=f"which story represents a cluster (default: {defaults.representative})")
    parser.add_argument("--drop-duplicates", action="store_true",
                        help="write each cluster's representative only (duplicates are counted, not written)")
    parser.add_argument("--index", metavar="PATH|URL",
                        help="persistent index: a SQLite file, or redis://host:port/db; stories already in it "
                             "are not added again (an interrupted run resumes)")


def dedup_config(args: argparse.Namespace) -> DedupConfig:
    try:
        return DedupConfig(threshold=args.threshold, containment=args.containment,
                           representative=args.representative)
    except ValueError as err:
        raise SystemExit(f"cleanpress: {err}") from err


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "dedup", help="find near-duplicate stories (JSONL with id and text, e.g. the output of clean)",
        description="Find near-duplicate stories with MinHash LSH; write each record back with "
                    "cluster, duplicate_of and similarity added.",
    )
    add_io_arguments(parser)
    add_dedup_arguments(parser)
    parser.set_defaults(handler=main)


def record_of(doc: Document) -> dict[str, Any]:
    """A story record as read (``id``, the clean stage's fields, ``text``, then any others)."""
    record: dict[str, Any] = {"id": doc.id}
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
                                  field="text"))
            continue
        yield record_of(doc)


def main(args: argparse.Namespace) -> int:
    bad = BadInput(args.rejects, args.quiet)
    stats = RunStats()
    return write_deduplicated(args, "dedup", story_records(bad.documents(args.inputs), bad), bad, stats)


def write_deduplicated(
    args: argparse.Namespace, command: str, records: Iterable[dict[str, Any]], bad: BadInput, stats: RunStats
) -> int:
    """Deduplicate ``records`` into ``args.output``: the part ``dedup`` and ``run`` share.

    ``records`` is consumed lazily inside the index and output context, so a refused index or an
    unwritable output stops before any record is read; ``bad`` is closed and the summary printed here.
    """
    config = dedup_config(args)
    progress = Progress(command, unit="stories", enabled=not args.quiet)
    try:
        with Deduplicator(config, index=args.index) as deduplicator, AtomicWriter(args.output) as out:
            for line in dedup_lines(records, deduplicator, stats=stats, on_error=bad.reject_error,
                                    drop_duplicates=args.drop_duplicates):
                out.write(line)
                progress.update()
    except (ValueError, ImportError, OSError) as err:  # a refused index, a missing redis package, ...
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    finally:
        progress.close()
        bad.close()
    if not args.quiet:
        pages = f"; {stats.clean.pages} pages" if command == "run" else ""
        print(summary(command, stats, bad, dropped=args.drop_duplicates) + pages, file=sys.stderr)
    return bad.exit_code(args.strict)


def summary(command: str, stats: RunStats, bad: BadInput, *, dropped: bool = False) -> str:
    d = stats.dedup
    return (f"cleanpress {command}: {stats.records} stories -> {stats.records - stats.duplicates} distinct, "
            f"{stats.duplicates} duplicates{' (not written)' if dropped else ''}; "
            f"added {d.added} to the index ({d.known} already there); "
            f"rejected {bad.rejected}, warnings {bad.warnings}")
