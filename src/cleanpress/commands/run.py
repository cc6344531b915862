"""``python -m cleanpress run``: the main job, pages in, clean de-duplicated stories out."""

from __future__ import annotations

import argparse
import importlib
import sys

from cleanpress.commands.common import BadInput, add_io_arguments
from cleanpress.commands.dedup import add_dedup_arguments, write_deduplicated
from cleanpress.commands.learn import add_profile_argument, cleaner_from_args
from cleanpress.pipeline import RunStats, clean_records


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run", help="clean pages, then find near-duplicate stories (the main job)",
        description="Clean scraped pages into stories, then find near-duplicate stories; write one record "
                    "per story with the clean fields plus cluster, duplicate_of and similarity.",
    )
    add_io_arguments(parser)
    add_dedup_arguments(parser)
    add_profile_argument(parser)
    parser.add_argument("--engine", choices=("local", "spark"), default="local",
                        help="run here (default) or on Apache Spark")
    parser.add_argument("--master", metavar="URL", help="Spark master URL (with --engine spark), e.g. local[2]")
    parser.add_argument("--conf", metavar="KEY=VALUE", action="append", default=[],
                        help="a Spark configuration setting (with --engine spark); repeatable")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    if args.engine == "spark":
        return run_on_spark(args)
    if args.master or args.conf:
        print("cleanpress: --master and --conf apply only with --engine spark", file=sys.stderr)
        return 2
    cleaner = cleaner_from_args(args)
    if cleaner is None:
        return 2
    bad = BadInput(args.rejects, args.quiet)
    stats = RunStats()
    stories = clean_records(bad.documents(args.inputs), cleaner, stats=stats, on_error=bad.reject_error)
    return write_deduplicated(args, "run", stories, bad, stats)


def run_on_spark(args: argparse.Namespace) -> int:
    """Hand the whole command to :mod:`cleanpress.spark`, imported only now (it needs pyspark)."""
    try:
        spark = importlib.import_module("cleanpress.spark")
        run_command = spark.run_command
    except (ImportError, AttributeError) as err:
        print(f"cleanpress: --engine spark is not available ({err}); install pyspark and Java, "
              "or use --engine local", file=sys.stderr)
        return 2
    return int(run_command(args))
