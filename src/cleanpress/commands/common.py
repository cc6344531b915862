"""What every command shares: input arguments, bad-input reporting, the summary line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from cleanpress.io import AtomicWriter, InputError, dumps, read_inputs
from cleanpress.types import Document


def add_io_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="a .txt or .html file, a folder of them, a .jsonl/.jsonl.gz file of records, or - for stdin",
    )
    parser.add_argument("-o", "--output", default="-", help="output JSON Lines file (.gz to compress); default stdout")
    parser.add_argument("--strict", action="store_true", help="exit non-zero if any input record was rejected")
    parser.add_argument("--rejects", metavar="FILE", help="also write rejected records' locations and reasons here (JSONL)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary on stderr")


class BadInput:
    """Reports unusable input on stderr (and to a rejects file), and counts it."""

    def __init__(self, rejects_path: str | None, quiet: bool = False) -> None:
        self.rejected = 0
        self.warnings = 0
        self.quiet = quiet
        self._rejects: AtomicWriter | None = AtomicWriter(rejects_path) if rejects_path else None
        self._fh: IO[str] | None = self._rejects.__enter__() if self._rejects else None

    def reject(self, error: InputError) -> None:
        self.rejected += 1
        print(f"cleanpress: rejected {error}", file=sys.stderr)
        if self._fh is not None:
            self._fh.write(dumps({"kind": "rejected", **error.to_dict()}))

    def reject_error(self, doc_id: str, err: BaseException) -> None:
        """A document that was read but could not be processed."""
        self.reject(InputError(f"record {doc_id!r}", None, f"{type(err).__name__}: {err}"))

    def warn(self, error: InputError) -> None:
        self.warnings += 1
        print(f"cleanpress: warning: {error}", file=sys.stderr)
        if self._fh is not None:
            self._fh.write(dumps({"kind": "warning", **error.to_dict()}))

    def documents(self, inputs: Iterable[str]) -> Iterator[Document]:
        """The readable documents of ``inputs``; the rest reported as they are met."""
        for item in read_inputs(inputs, warn=self.warn):
            if isinstance(item, InputError):
                self.reject(item)
            else:
                yield item

    def close(self) -> None:
        if self._rejects is not None:
            self._rejects.__exit__(None, None, None)

    def exit_code(self, strict: bool) -> int:
        return 1 if strict and self.rejected else 0
