"""What the commands share: their arguments, the run options built from them, bad-input reporting.

No command module imports another: what two of them use lives here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cleanpress.clean.result import BLANK_PAGE, CleanStats
from cleanpress.dedup.config import REPRESENTATIVES, DedupConfig
from cleanpress.dedup.deduplicator import Deduplicator
from cleanpress.io import AtomicWriter, InputError, dumps, iter_input_files, read_located_inputs, split_location
from cleanpress.io.parquet import open_output
from cleanpress.io.records import ReadOptions, parse_field_list
from cleanpress.io.writers import committed_together, replaced_on_write, same_file
from cleanpress.options import RunOptions
from cleanpress.pipeline import PreparedRecord, RunStats, dedup_lines
from cleanpress.progress import Progress
from cleanpress.types import Document

if TYPE_CHECKING:
    from cleanpress.clean.profile import Profile

#: What an INPUT argument may be, for every command that reads pages.
INPUTS_HELP = ("a file or a folder of files: text (.txt), HTML (.html), JSON Lines (.jsonl), JSON (.json), "
               "Parquet (.parquet), WARC/WET (.warc, .wet), each also .gz/.zst; or - for stdin")


def add_io_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=INPUTS_HELP)
    parser.add_argument("-o", "--output", default="-",
                        help="output JSON Lines file (.gz to compress), or Parquet (.parquet); default stdout")
    parser.add_argument("--strict", action="store_true", help="exit non-zero if any input record was rejected")
    parser.add_argument(
        "--rejects", metavar="FILE", help="also write rejected records' locations and reasons here (JSONL)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary on stderr")
    add_record_arguments(parser)


def add_record_arguments(parser: argparse.ArgumentParser) -> None:
    """Which input fields are the id, text and HTML; which pass through; ``--stats-json``."""
    defaults = ReadOptions()
    group = parser.add_argument_group("input records")
    group.add_argument("--id-field", default=defaults.id_field, metavar="NAME",
                       help=f"the records' id field (default {defaults.id_field!r}); a record without one gets "
                            "FILE:LINE as its id")
    group.add_argument("--text-field", default=defaults.text_field, metavar="NAME",
                       help=f"the records' text field (default {defaults.text_field!r})")
    group.add_argument("--html-field", default=defaults.html_field, metavar="NAME",
                       help=f"the records' HTML field (default {defaults.html_field!r})")
    choose = group.add_mutually_exclusive_group()
    choose.add_argument("--keep-fields", metavar="A,B", help="only these input fields are kept on the stories "
                                                             "(default: every field cleanpress does not produce)")
    choose.add_argument("--drop-fields", metavar="A,B", help="input fields not kept on the stories")
    parser.add_argument("--stats-json", metavar="FILE", help="also write the run's summary counts here (JSON)")


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The :class:`ReadOptions` of a command's arguments (the defaults when it has none)."""
    if not hasattr(args, "id_field"):
        return ReadOptions()
    return ReadOptions(id_field=args.id_field, text_field=args.text_field, html_field=args.html_field,
                       keep_fields=parse_field_list(args.keep_fields),
                       drop_fields=parse_field_list(args.drop_fields) or ())


def write_stats_json(path: str | None, stats: dict[str, Any]) -> None:
    """The run's summary counts as one JSON object in ``path`` (nothing without a path)."""
    if path:
        with AtomicWriter(path) as fh:
            fh.write(json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


class BadInput:
    """Reports unusable input on stderr (and to a rejects file), and counts it.

    Every rejected record and every warning is counted and written to the
    rejects file (JSON Lines: ``kind``, ``path``, ``line``, ``field``,
    ``reason``). Standard error gets the first :attr:`max_messages` of them and
    then a note that the rest are only counted, so a file with a million broken
    lines does not drown the terminal. The rejects file is renamed into place
    together with the command's output (:meth:`committing`), or not at all.

    >>> bad = BadInput(None, quiet=True)
    >>> docs = list(bad.documents([]))
    >>> bad.rejected, bad.warnings, bad.exit_code(strict=True)
    (0, 0, 0)
    """

    #: Messages printed to stderr before the rest are only counted.
    max_messages = 100

    def __init__(self, rejects_path: str | None, quiet: bool = False) -> None:
        self.rejected = 0
        self.warnings = 0
        #: files and folders a folder walk did not read (see :meth:`skip`)
        self.skipped = 0
        #: documents whose input had no id, given one from their file and line
        self.ids_generated = 0
        self.quiet = quiet
        #: where the document being processed was read (``file:line``)
        self.location: str | None = None
        self._printed = 0
        self._rejects: AtomicWriter | None = AtomicWriter(rejects_path) if rejects_path else None
        self._fh: IO[str] | None = self._rejects.__enter__() if self._rejects else None

    def _report(self, kind: str, error: InputError) -> None:
        if self._fh is not None and not self._fh.closed:  # closed: the run failed and the rejects were discarded
            self._fh.write(dumps({"kind": kind, **error.to_dict()}))
        self._printed += 1
        if self._printed <= self.max_messages:
            label = {"rejected": "rejected", "skipped": "skipped"}.get(kind, "warning:")
            print(f"cleanpress: {label} {error}", file=sys.stderr)
        elif self._printed == self.max_messages + 1:
            where = " (all are in the --rejects file)" if self._fh else " (use --rejects FILE to keep them all)"
            print(f"cleanpress: more than {self.max_messages} problems; the rest are only counted{where}",
                  file=sys.stderr)

    def reject(self, error: InputError) -> None:
        """A record that cannot be used: reported, counted, and left out of the output."""
        self.rejected += 1
        self._report("rejected", error)

    def reject_error(self, doc_id: str | int, err: BaseException) -> None:
        """A document that was read but could not be processed (reported where it was read).

        ``doc_id`` is the id as the input gave it: the rejects record's ``id`` keeps its JSON type.
        """
        path, line = split_location(self.location)
        self.reject(InputError(path or f"record {doc_id!r}", line,
                               f"record {doc_id!r} could not be processed: {type(err).__name__}: {err}",
                               record_id=doc_id))

    def warn(self, error: InputError) -> None:
        """Input that was used but needed repair, or is suspicious (such as an empty page)."""
        self.warnings += 1
        self._report("warning", error)

    def no_story(self, doc_id: str | int, reason: str) -> None:
        """A page that gave no story: written to the rejects file (kind ``no-story``) with why, not printed.

        Pages without an article are an ordinary outcome of a crawl; the summary
        counts them. A blank page is not written again here: the reader has
        already warned of it as an empty document.
        """
        if reason == BLANK_PAGE:
            return
        if self._fh is not None and not self._fh.closed:
            path, line = split_location(self.location)
            error = InputError(path or f"record {doc_id!r}", line, f"no story in {doc_id!r}: {reason}",
                               record_id=doc_id)
            self._fh.write(dumps({"kind": "no-story", **error.to_dict()}))

    def skip(self, error: InputError) -> None:
        """A file or folder inside an input folder that is not read (hidden, unknown type, unreadable)."""
        self.skipped += 1
        self._report("skipped", error)

    def documents(self, inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Document]:
        """The readable documents of ``inputs``; the rest reported as they are met."""
        for where, item in read_located_inputs(inputs, warn=self.warn, options=options, skipped=self.skip):
            self.location = where
            if isinstance(item, InputError):
                self.reject(item)
                continue
            self.ids_generated += item.id_generated
            content = item.text if item.text is not None else item.html
            if not content or not content.strip():
                path, line = split_location(where)
                field = ("text" if item.text is not None else "html") if line is not None else None
                self.warn(InputError(path, line, f"empty document {item.id!r}", field=field, record_id=item.json_id))
            yield item

    def committing(self, *outputs: AtomicWriter) -> AbstractContextManager[None]:
        """A block at whose normal end ``outputs`` and the rejects file are committed together (one commit).

        If the block raises (a full disk, Ctrl-C, SIGTERM) none of them replaces its destination.
        Call :meth:`finish` last inside it, so that every report is in the rejects file.
        """
        return committed_together([*outputs, self._rejects])

    def output(self, path: str) -> AbstractContextManager[IO[str]]:
        """The command's output (JSON Lines or Parquet, :func:`open_output`), committed with the rejects file.

        Call :meth:`finish` last inside the block.
        """
        return open_output(path, together=[self._rejects])

    def finish(self) -> None:
        """Write out and flush the rejects file (without renaming it: :meth:`committing` does that)."""
        if self._rejects is not None:
            self._rejects.finish()
            self._fh = None  # anything reported later is printed and counted only

    def close(self) -> None:
        """Discard the rejects file if it was not committed (see :meth:`committing`)."""
        if self._rejects is not None:
            self._rejects.abort()
            self._rejects = None

    def counts(self) -> dict[str, int]:
        """The input counts of the summary."""
        return {"rejected": self.rejected, "warnings": self.warnings, "ids_generated": self.ids_generated,
                "skipped": self.skipped}

    def summary(self) -> str:
        """The input part of a command's summary line (``skipped N files`` when a folder walk left any out)."""
        generated = f", ids generated {self.ids_generated}" if self.ids_generated else ""
        skipped = f", skipped {self.skipped} files" if self.skipped else ""
        return f"rejected {self.rejected}, warnings {self.warnings}{generated}{skipped}"

    def exit_code(self, strict: bool) -> int:
        """1 when ``strict`` and any record was rejected, else 0."""
        return 1 if strict and self.rejected else 0


def add_dedup_arguments(parser: argparse.ArgumentParser) -> None:
    """The dedup options (``dedup``, ``run``, ``report``); defaults are :class:`DedupConfig`'s."""
    defaults = DedupConfig()
    parser.add_argument("--threshold", type=float, default=defaults.threshold,
                        help="estimated Jaccard similarity at which stories are duplicates "
                             f"(default {defaults.threshold})")
    parser.add_argument("--containment", type=float, default=defaults.containment,
                        help="containment of the shorter story in the longer at which they are duplicates, e.g. "
                             f"a trimmed copy or a copy inside other text (default {defaults.containment})")
    parser.add_argument("--representative", choices=REPRESENTATIVES, default=defaults.representative,
                        help=f"which story represents a cluster (default: {defaults.representative})")


def add_drop_duplicates_argument(parser: argparse.ArgumentParser) -> None:
    """``--drop-duplicates`` (``dedup`` and ``run``)."""
    parser.add_argument("--drop-duplicates", action="store_true",
                        help="write each cluster's representative only (duplicates are counted, not written)")


def add_index_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="PATH|URL",
                        help="persistent index: a SQLite file, or redis://host:port/db; stories already in it "
                             "are not added again (an interrupted run resumes)")


def add_profile_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--profile PATH`` option of the commands that clean."""
    parser.add_argument("--profile", metavar="PATH",
                        help="a site profile from `cleanpress learn`: its template lines are removed (site-profile)")


class UsageError(ValueError):
    """Arguments that cannot be used together or at all; the message says which and why."""


def refuse_shared_paths(outputs: Sequence[tuple[str, str | None]], inputs: Iterable[str]) -> None:
    """:class:`UsageError` when two of ``outputs`` (``(option, path)``) name one file, or one names an input.

    Files are compared by inode once links are resolved, so a symbolic link or a
    hard link to an input is caught too. An output inside an input folder is
    refused only when it exists and the folder walk would read it. Devices and
    other paths written through (``/dev/null``, ``/dev/stdout``) may be shared.

    >>> refuse_shared_paths([("-o", "a.jsonl"), ("--rejects", "./a.jsonl")], [])
    Traceback (most recent call last):
    ...
    cleanpress.commands.common.UsageError: -o and --rejects name the same file (a.jsonl); give each its own
    """
    for flag, path in outputs:
        if path == "":
            raise UsageError(f"{flag} names no file (an empty path); give a file, or - for standard output")
    named = [(flag, path) for flag, path in outputs
             if path and path != "-" and "://" not in path and replaced_on_write(path)]
    inputs = [name for name in inputs if name != "-"]
    for i, (flag, path) in enumerate(named):
        for other_flag, other in named[i + 1:]:
            if same_file(path, other):
                raise UsageError(f"{flag} and {other_flag} name the same file ({path}); give each its own")
        for name in inputs:
            if same_file(path, name) or _read_from_folder(name, path):
                raise UsageError(f"{flag} {path} is also an input ({name}); writing it would replace what is read: "
                                 "give another path")


def _read_from_folder(folder: str, path: str) -> bool:
    """Whether the existing file ``path`` lies in the input folder ``folder`` and would be read from it."""
    if not os.path.isdir(folder) or not os.path.isfile(path):
        return False
    real_folder, real_path = os.path.realpath(folder), os.path.realpath(path)
    if os.path.commonpath([real_folder, real_path]) != real_folder:
        return False
    return any(same_file(str(file), path) for file in iter_input_files(Path(folder)))


def run_options(args: argparse.Namespace) -> RunOptions:
    """The :class:`RunOptions` of a command's arguments; :class:`UsageError` when they are unusable."""
    profile: Profile | None = None
    try:
        if profile_path := getattr(args, "profile", None):  # only then the clean stage's profiles are imported
            from cleanpress.io.profiles import load_profile

            profile = load_profile(profile_path)  # a ProfileError is a ValueError
        dedup = DedupConfig(threshold=args.threshold, containment=args.containment,
                            representative=args.representative) if hasattr(args, "threshold") else DedupConfig()
    except ValueError as err:
        raise UsageError(str(err)) from err
    refuse_shared_paths([("-o", getattr(args, "output", None)), ("--rejects", getattr(args, "rejects", None)),
                         ("--index", getattr(args, "index", None))], args.inputs)
    try:
        read = read_options(args)
    except (ValueError, TypeError) as err:
        raise UsageError(str(err)) from err
    return RunOptions(
        read=read,
        stats_json=getattr(args, "stats_json", None),
        profile=profile,
        dedup=dedup,
        inputs=tuple(args.inputs),
        output=getattr(args, "output", "-") or "-",
        rejects=getattr(args, "rejects", None),
        index=getattr(args, "index", None),
        strict=bool(getattr(args, "strict", False)),
        quiet=bool(getattr(args, "quiet", False)),
        jobs=getattr(args, "jobs", 1),
        drop_duplicates=bool(getattr(args, "drop_duplicates", False)),
    )


def write_deduplicated(
    options: RunOptions, command: str, records: Iterable[dict[str, Any] | PreparedRecord], bad: BadInput,
    stats: RunStats,
) -> int:
    """Deduplicate ``records`` into ``options.output``: the part ``dedup`` and ``run`` share.

    ``records`` is consumed lazily inside the index and output context, so a refused index or an
    unwritable output stops before any record is read; ``bad`` is closed and the summary printed here.
    """
    progress = Progress(command, unit="stories", enabled=not options.quiet)
    try:
        with Deduplicator(options.dedup, index=options.index) as deduplicator, bad.output(options.output) as out:
            for line in dedup_lines(records, deduplicator, stats=stats, on_error=bad.reject_error,
                                    drop_duplicates=options.drop_duplicates):
                out.write(line)
                progress.update()
            bad.finish()  # every report in the rejects, committed with the output when the block ends
    except (ValueError, ImportError, OSError) as err:  # a refused index, a missing redis package, ...
        print(f"cleanpress: {err}", file=sys.stderr)
        return 2
    finally:
        progress.close()
        bad.close()
    if not options.quiet:
        pages = (f"; {stats.clean.pages} pages ({stats.clean.no_article} without an article)"
                 if command == "run" else "")
        print(dedup_summary(command, stats, bad, dropped=options.drop_duplicates) + pages, file=sys.stderr)
    write_stats_json(options.stats_json, run_stats_dict(command, stats, bad))
    return bad.exit_code(options.strict)


def clean_stats_dict(stats: CleanStats) -> dict[str, Any]:
    """The clean stage's counts as JSON."""
    return {"pages": stats.pages, "stories": stats.stories, "no_article": stats.no_article, "chars_in": stats.chars_in,
            "chars_kept": stats.chars_kept, "removed": dict(stats.removed.most_common())}


def run_stats_dict(command: str, stats: RunStats, bad: BadInput) -> dict[str, Any]:
    """The summary of ``run`` or ``dedup`` as JSON (what ``--stats-json`` writes)."""
    out: dict[str, Any] = {"command": command, **bad.counts()}
    if command == "run":
        out["clean"] = clean_stats_dict(stats.clean)
    d = stats.dedup
    out["dedup"] = {"records": stats.records, "distinct": stats.records - stats.duplicates,
                    "duplicates": stats.duplicates, "clusters": stats.clusters,
                    **{name: getattr(d, name) for name in d.__slots__}}
    return out


def dedup_summary(command: str, stats: RunStats, bad: BadInput, *, dropped: bool = False) -> str:
    d = stats.dedup
    return (f"cleanpress {command}: {stats.records} stories -> {stats.records - stats.duplicates} distinct, "
            f"{stats.duplicates} duplicates{' (not written)' if dropped else ''}; "
            f"added {d.added} to the index ({d.known} already there); "
            f"{bad.summary()}")
