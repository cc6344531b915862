"""``python -m cleanpress report``: pages or ``clean``/``run`` output in, one HTML file out."""

from __future__ import annotations

import argparse
import sys

from cleanpress.commands.common import (
    INPUTS_HELP,
    add_dedup_arguments,
    add_profile_argument,
    run_options,
)
from cleanpress.commands.jobs import OrderedBadInput, add_jobs_argument
from cleanpress.io import AtomicWriter
from cleanpress.parallel import map_documents
from cleanpress.progress import Progress
from cleanpress.report import ReportBuilder, is_story_record
from cleanpress.report.html import DEFAULT_TITLE, PER_SCREEN


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "report", help="write an HTML report of what was removed and what was merged",
        description="Write one self-contained HTML file showing every page with its removed text struck "
                    "through by rule, and the duplicate clusters side by side. INPUT is pages (cleaned "
                    "here) or the JSONL output of 'clean' or 'run' (records with 'removed').",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help=INPUTS_HELP + "; or the JSONL output of clean or run",
    )
    parser.add_argument("-o", "--output", default="report.html", help="the HTML file to write (default report.html)")
    parser.add_argument("--title", default=DEFAULT_TITLE, help=f"the report's title (default {DEFAULT_TITLE!r})")
    parser.add_argument("--per-screen", type=int, default=PER_SCREEN, metavar="N",
                        help=f"pages drawn at a time in the browser (default {PER_SCREEN})")
    parser.add_argument("--no-dedup", action="store_true",
                        help="do not look for duplicates among the pages cleaned here (records keep their own)")
    parser.add_argument("--strict", action="store_true", help="exit non-zero if any input record was rejected")
    parser.add_argument("--rejects", metavar="FILE",
                        help="also write rejected records' locations and reasons here (JSONL)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary on stderr")
    add_dedup_arguments(parser)
    add_profile_argument(parser)
    add_jobs_argument(parser)
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    if args.per_screen < 1:
        print(f"cleanpress report: --per-screen must be at least 1, got {args.per_screen}", file=sys.stderr)
        return 2
    options = run_options(args)  # a UsageError is reported by the CLI (rc 2)
    bad = OrderedBadInput(options.rejects, options.quiet)
    builder = ReportBuilder(options, dedup=not args.no_dedup, on_error=bad.reject_now)
    progress = Progress("report", enabled=not args.quiet)
    # pages are cleaned by the workers; story records (clean/run output) pass through and are read here, in order
    items = (((tag, doc), None if is_story_record(doc) else doc) for tag, doc in bad.located_documents(args.inputs))
    outcomes = map_documents(builder.cleaner, items, jobs=options.jobs)
    output = AtomicWriter(args.output, compress=False)
    try:
        with bad.committing(output):  # the report and the rejects replace their files together, or neither
            out = output.open()
            for (tag, doc), _, outcome in outcomes:
                bad.before(tag)
                if outcome is None:
                    builder.add_document(doc, bad.location)
                else:
                    builder.add_cleaned(doc, outcome, bad.location)
                progress.update()
            progress.close()
            html = builder.html(title=args.title, per_screen=args.per_screen)
            out.write(html)
            bad.finish()
    finally:
        outcomes.close()
        progress.close()
        bad.close()
    if not args.quiet:
        stories = sum(len(p.stories) for p in builder.pages.values())
        print(f"cleanpress report: {len(builder.pages)} pages, {stories} stories -> {args.output} "
              f"({len(html.encode('utf-8')):,} bytes); {bad.summary()}", file=sys.stderr)
    return bad.exit_code(args.strict)
