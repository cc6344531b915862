"""``python -m cleanpress``: argument parsing only; each command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cleanpress import __version__
from cleanpress.parallel import WorkerCrashed

#: The commands, each a module of :mod:`cleanpress.commands`.
COMMANDS = ("clean", "report", "dedup", "run", "learn")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cleanpress",
        description="Clean scraped news pages into stories, and find near-duplicate stories.",
    )
    parser.add_argument("--version", action="version", version=f"cleanpress {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"cleanpress.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except WorkerCrashed as err:  # the output file was not written (the atomic writer removed it)
        print(f"cleanpress: {err}; no output was written", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `... | head`
        return 0
    except OSError as err:  # an output that cannot be written: say which, without a traceback
        print(f"cleanpress: {err.strerror or err}", file=sys.stderr)
        return 2
