"""``python -m cleanpress clean``: pages in, one JSON record per story out."""

from __future__ import annotations

import argparse
import sys

from cleanpress.clean.result import CleanStats
from cleanpress.commands.common import (
    BadInput,
    add_io_arguments,
    add_profile_argument,
    clean_stats_dict,
    run_options,
    write_stats_json,
)
from cleanpress.commands.jobs import OrderedBadInput, add_jobs_argument, cleaned
from cleanpress.io import dumps, with_fields
from cleanpress.parallel import clean_task
from cleanpress.pipeline import prepare_task
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
    add_jobs_argument(parser)
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    options = run_options(args)  # a UsageError is reported by the CLI (rc 2)
    cleaner = options.cleaner()
    bad = OrderedBadInput(options.rejects, options.quiet)
    stats = CleanStats()
    progress = Progress("clean", enabled=not args.quiet)
    # pages that fail are reported by `bad` and left out; without --explain the workers encode the records
    task = clean_task if args.explain else prepare_task
    results = cleaned(bad, cleaner, options.inputs, jobs=options.jobs, task=task, read=options.read)
    try:
        with bad.output(options.output) as out:
            for doc, page in results:
                if args.explain:
                    stats.add(page)
                    for record in with_fields(page.records(), doc.meta, source_id=doc.json_id):
                        out.write(dumps(record))
                    print(page.explain(), file=sys.stderr)
                else:
                    stats = stats + page.stats
                    for record in page.records:
                        out.write(record.line)
                progress.update()
            bad.finish()  # every report in the rejects, committed with the output when the block ends
    except ImportError as err:  # Parquet output without pyarrow
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    finally:
        results.close()
        progress.close()
        bad.close()
    if not args.quiet:
        print(summary(stats, bad), file=sys.stderr)
    write_stats_json(options.stats_json, {"command": "clean", **bad.counts(), "clean": clean_stats_dict(stats)})
    return bad.exit_code(args.strict)


def summary(stats: CleanStats, bad: BadInput) -> str:
    kept = 100.0 * stats.chars_kept / stats.chars_in if stats.chars_in else 0.0
    top = ", ".join(f"{rule} {n}" for rule, n in stats.removed.most_common(6))
    return (f"cleanpress clean: {stats.pages} pages -> {stats.stories} stories ({stats.no_article} pages without "
            f"an article), kept {kept:.0f}% of characters; "
            f"{bad.summary()}; removals: {top or 'none'}")
