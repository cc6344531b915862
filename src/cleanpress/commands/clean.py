"""``python -m cleanpress clean``: pages in, one JSON record per story out."""

from __future__ import annotations

import argparse
import sys

from cleanpress.clean.result import CleanStats
from cleanpress.commands.common import BadInput, UsageError, add_io_arguments, add_profile_argument, run_options
from cleanpress.commands.jobs import OrderedBadInput, add_jobs_argument, cleaned
from cleanpress.io import AtomicWriter, dumps
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
    try:
        options = run_options(args)
    except UsageError as err:
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    cleaner = options.cleaner()
    bad = OrderedBadInput(options.rejects, options.quiet)
    stats = CleanStats()
    progress = Progress("clean", enabled=not args.quiet)
    # pages that fail are reported by `bad` and left out; without --explain the workers encode the records
    results = cleaned(bad, cleaner, options.inputs, options.jobs, task=clean_task if args.explain else prepare_task)
    try:
        with AtomicWriter(options.output) as out:
            for page in results:
                if args.explain:
                    stats.add(page)
                    for record in page.records():
                        out.write(dumps(record))
                    print(page.explain(), file=sys.stderr)
                else:
                    stats = stats + page.stats
                    out.writelines(record.line for record in page.records)
                progress.update()
    finally:
        results.close()
        progress.close()
        bad.close()
    if not args.quiet:
        print(summary(stats, bad), file=sys.stderr)
    return bad.exit_code(args.strict)


def summary(stats: CleanStats, bad: BadInput) -> str:
    kept = 100.0 * stats.chars_kept / stats.chars_in if stats.chars_in else 0.0
    top = ", ".join(f"{rule} {n}" for rule, n in stats.removed.most_common(6))
    return (f"cleanpress clean: {stats.pages} pages -> {stats.stories} stories, kept {kept:.0f}% of characters; "
            f"rejected {bad.rejected}, warnings {bad.warnings}; removals: {top or 'none'}")
