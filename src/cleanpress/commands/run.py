"""``python -m cleanpress run``: the main job, pages in, clean de-duplicated stories out."""

from __future__ import annotations

import argparse
import importlib
import sys

from cleanpress.commands.common import (
    add_dedup_arguments,
    add_drop_duplicates_argument,
    add_index_argument,
    add_io_arguments,
    add_profile_argument,
    run_options,
    write_deduplicated,
)
from cleanpress.commands.jobs import OrderedBadInput, add_jobs_argument, cleaned
from cleanpress.options import RunOptions
from cleanpress.pipeline import PrepareAndSign, RunStats, prepared_records


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "run", help="clean pages, then find near-duplicate stories (the main job)",
        description="Clean scraped pages into stories, then find near-duplicate stories; write one record "
                    "per story with the clean fields plus cluster, duplicate_of and similarity.",
    )
    add_io_arguments(parser)
    add_dedup_arguments(parser)
    add_index_argument(parser)
    add_drop_duplicates_argument(parser)
    add_profile_argument(parser)
    add_jobs_argument(parser)
    parser.add_argument("--engine", choices=("local", "spark"), default="local",
                        help="run here (default) or on Apache Spark")
    parser.add_argument("--master", metavar="URL", help="Spark master URL (with --engine spark), e.g. local[2]")
    parser.add_argument("--conf", metavar="KEY=VALUE", action="append", default=[],
                        help="a Spark configuration setting (with --engine spark); repeatable")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    if args.engine == "local" and (args.master or args.conf):
        print("cleanpress: --master and --conf apply only with --engine spark", file=sys.stderr)
        return 2
    options = run_options(args)  # a UsageError is reported by the CLI (rc 2)
    if args.engine == "spark":
        return run_on_spark(options, args.master, args.conf)
    bad = OrderedBadInput(options.rejects, options.quiet)
    stats = RunStats()
    # the workers clean, encode and sign each story: this process only indexes, clusters and writes
    pages = cleaned(bad, options.cleaner(), options.inputs, jobs=options.jobs, task=PrepareAndSign(options.dedup),
                    read=options.read)
    try:
        return write_deduplicated(options, "run", prepared_records((page for _, page in pages), stats=stats),
                                  bad, stats)
    finally:
        pages.close()


def run_on_spark(options: RunOptions, master: str | None, conf: list[str]) -> int:
    """Hand the job to :mod:`cleanpress.spark`, imported only now (it needs pyspark)."""
    try:
        spark = importlib.import_module("cleanpress.spark")
        settings = spark.parse_conf(conf)
    except (ImportError, AttributeError) as err:
        print(f"cleanpress: --engine spark is not available ({err}); install pyspark and Java, "
              "or use --engine local", file=sys.stderr)
        return 2
    except ValueError as err:
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    return int(spark.run_command(options, master=master, conf=settings))
