"""``python -m cleanpress clean``: pages in, one JSON record per story out."""

from __future__ import annotations

import argparse
import sys

from cleanpress.clean.result import CleanStats
from cleanpress.commands.common import (
    BadInput,
    UsageError,
    add_io_arguments,
    add_profile_argument,
    clean_stats_dict,
    run_options,
    write_stats_json,
)
from cleanpress.io import dumps, with_fields
from cleanpress.io.parquet import open_output
from cleanpress.progress import Progress


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "clean", help="remove boilerplate and split pages into stories",
        description="Remove boilerplate from scraped pages; write one JSON record per story.",
    )
    add_io_arguments(parser)
    parser.add_argument("--explain", action="store_true",
                        help="print a readable account of every removal to stderr")
    add_profile_argument(parser)
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    try:
        options = run_options(args)
    except UsageError as err:
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    cleaner = options.cleaner()
    bad = BadInput(options.rejects, options.quiet)
    stats = CleanStats()
    progress = Progress("clean", enabled=not args.quiet)
    try:
        with open_output(options.output) as out:
            for doc in bad.documents(options.inputs, options.read):
                try:
                    result = cleaner.clean(doc)
                except Exception as err:  # one broken page never stops the others
                    bad.reject_error(doc.id, err)
                    continue
                stats.add(result)
                for record in with_fields(result.records(), doc.meta):
                    out.write(dumps(record))
                if args.explain:
                    print(result.explain(), file=sys.stderr)
                progress.update()
    except ImportError as err:  # Parquet output without pyarrow
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    finally:
        progress.close()
        bad.close()
    if not args.quiet:
        print(summary(stats, bad), file=sys.stderr)
    write_stats_json(options.stats_json, {"command": "clean", **bad.counts(), "clean": clean_stats_dict(stats)})
    return bad.exit_code(args.strict)


def summary(stats: CleanStats, bad: BadInput) -> str:
    kept = 100.0 * stats.chars_kept / stats.chars_in if stats.chars_in else 0.0
    top = ", ".join(f"{rule} {n}" for rule, n in stats.removed.most_common(6))
    return (f"cleanpress clean: {stats.pages} pages -> {stats.stories} stories, kept {kept:.0f}% of characters; "
            f"{bad.summary()}; removals: {top or 'none'}")
