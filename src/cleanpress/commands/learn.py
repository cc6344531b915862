"""``python -m cleanpress learn``: pages in, a site profile (plain JSON) out."""

from __future__ import annotations

import argparse
import sys

from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.profile import DEFAULT_SITE, Profile, ProfileConfig, ProfileError, site_of
from cleanpress.commands.common import (
    INPUTS_HELP,
    add_record_arguments,
    read_options,
    refuse_shared_paths,
    write_stats_json,
)
from cleanpress.commands.jobs import OrderedBadInput, add_jobs_argument
from cleanpress.io.profiles import dumps_profile, load_profile
from cleanpress.io.writers import AtomicWriter
from cleanpress.parallel import lines_task, map_documents
from cleanpress.progress import Progress


def add_parser(sub: argparse._SubParsersAction) -> None:
    defaults = ProfileConfig()
    parser = sub.add_parser(
        "learn", help="learn the lines a site repeats on its pages (a profile for clean --profile)",
        description=(
            "Learn each site's template lines from its pages: lines that recur on many pages of the same "
            "site (grouped by the record's 'source', else its URL's host, else --site). Writes a JSON "
            "profile that `clean --profile` uses to remove them with the rule site-profile."
        ),
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help=INPUTS_HELP)
    parser.add_argument("-o", "--output", required=True, help="the profile file to write (JSON)")
    parser.add_argument("--merge", action="append", default=[], metavar="PROFILE",
                        help="add the counts of an existing profile (e.g. one learned on another shard); repeatable")
    parser.add_argument("--site", default=DEFAULT_SITE,
                        help=f"group name for pages with neither 'source' nor 'url' (default {DEFAULT_SITE!r})")
    parser.add_argument("--min-pages", type=int, default=defaults.min_pages,
                        help=f"a template line stands on at least this many pages (default {defaults.min_pages})")
    parser.add_argument("--min-share", type=float, default=defaults.min_share,
                        help=f"... and on at least this share of its site's pages (default {defaults.min_share})")
    parser.add_argument("--sample", type=int, default=defaults.sample,
                        help=f"readable template lines kept per site, for people (default {defaults.sample}; 0 none)")
    parser.add_argument("--strict", action="store_true", help="exit non-zero if any input record was rejected")
    parser.add_argument("--rejects", metavar="FILE", help="also write rejected records' locations and reasons here")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary on stderr")
    add_record_arguments(parser)
    add_jobs_argument(parser)
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    try:
        config = ProfileConfig(min_pages=args.min_pages, min_share=args.min_share, sample=args.sample,
                               keep_min_pages=min(ProfileConfig().keep_min_pages, args.min_pages))
        shards = [load_profile(path) for path in args.merge]
        reading = read_options(args)
        refuse_shared_paths([("-o", args.output), ("--rejects", args.rejects)], args.inputs)
    except (ValueError, TypeError, ProfileError) as err:
        print(f"cleanpress learn: {err}", file=sys.stderr)
        return 2
    if not args.inputs and not shards:
        print("cleanpress learn: nothing to learn from: give INPUT files or --merge profiles", file=sys.stderr)
        return 2
    bad = OrderedBadInput(args.rejects, args.quiet)
    progress = Progress("learn", enabled=not args.quiet)
    profile = Profile(config)
    cleaner = Cleaner()  # the text it sees of an HTML page is the text counted
    # the workers find each page's lines (extraction, segmentation, region); this process counts them in order
    outcomes = map_documents(cleaner, bad.located_documents(args.inputs, reading), jobs=args.jobs, task=lines_task)
    output = AtomicWriter(args.output, compress=False)
    try:
        with bad.committing(output):  # the profile and the rejects replace their files together, or neither
            out = output.open()
            for tag, doc, outcome in outcomes:
                bad.before(tag)
                assert doc is not None
                if isinstance(outcome, BaseException):  # one broken page never stops the others
                    bad.reject_error(doc.json_id, outcome)
                else:
                    profile.add_lines(outcome, site_of(doc, args.site))
                progress.update()
            for shard in shards:
                profile = profile.merge(shard)
            out.write(dumps_profile(profile))
            bad.finish()
    finally:
        outcomes.close()
        progress.close()
        bad.close()
    if not args.quiet:
        sites = ", ".join(
            f"{name} ({lines.pages} pages, {len(profile.template(name))} template lines)"
            for name, lines in sorted(profile.sites.items(), key=lambda kv: -kv[1].pages)[:5]
        )
        more = f" and {len(profile.sites) - 5} more" if len(profile.sites) > 5 else ""
        print(f"cleanpress learn: {len(profile.sites)} sites: {sites or 'none'}{more}; "
              f"{bad.summary()}; wrote {args.output}", file=sys.stderr)
    write_stats_json(args.stats_json, {
        "command": "learn", **bad.counts(), "pages": sum(lines.pages for lines in profile.sites.values()),
        "sites": {name: {"pages": lines.pages, "template_lines": len(profile.template(name))}
                  for name, lines in sorted(profile.sites.items())},
    })
    return bad.exit_code(args.strict)
