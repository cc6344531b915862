"""``python -m cleanpress``: argument parsing only; each command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from cleanpress import __version__
from cleanpress.commands.common import UsageError
from cleanpress.parallel import WorkerCrashed

#: The commands, each a module of :mod:`cleanpress.commands`.
COMMANDS = ("clean", "report", "dedup", "run", "learn")


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The parser of ``commands`` (each command's module is imported to add its own)."""
    parser = argparse.ArgumentParser(
        prog="python -m cleanpress",
        description="Clean scraped news pages into stories, and find near-duplicate stories.",
    )
    parser.add_argument("--version", action="version", version=f"cleanpress {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in commands:
        module = importlib.import_module(f"cleanpress.commands.{name}")
        module.add_parser(sub)
    return parser


def _commands_needed(argv: Sequence[str]) -> Sequence[str]:
    """The command ``argv`` runs when it names one first, so only its module is imported; else all of them.

    ``dedup`` then never imports the clean stage. Top-level help, ``--version``
    and a mistyped command get the full parser (and its list of commands).
    """
    first = argv[0] if argv else None
    return (first,) if first in COMMANDS else COMMANDS


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so no output is committed and no temporary file is left."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While the command runs, SIGTERM raises :class:`Terminated` (restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one exit status per way a run ends
    if sys.stderr is None:  # started with stderr closed: messages go nowhere rather than into stdout
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_commands_needed(argv))
    args = parser.parse_args(argv)
    try:
        with _sigterm_unwinds():
            return int(args.handler(args))
    except KeyboardInterrupt:
        print("cleanpress: interrupted (Ctrl-C); no output file was replaced", file=sys.stderr)
        return 130
    except Terminated:
        print("cleanpress: terminated (SIGTERM); no output file was replaced", file=sys.stderr)
        return 128 + signal.SIGTERM
    except UsageError as err:  # options that cannot be used (a bad threshold, an unusable profile): say why
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    except WorkerCrashed as err:  # the output file was not written (the atomic writer removed it)
        print(f"cleanpress: {err}; no output was written", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `... | head`
        _silence_stdout()
        return 0
    except OSError as err:  # an input or output that cannot be used: say which, without a traceback
        print(f"cleanpress: {err.strerror or err}", file=sys.stderr)
        return 2
    except MemoryError:
        print("cleanpress: out of memory; split the input (very large single pages need several times "
              "their size)", file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass
