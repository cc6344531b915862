"""What the commands that clean share to use several processes: ``-j N`` and reports kept in input order.

With ``-j N`` pages are read ahead of the one whose result is being written
(they are out with the workers). :class:`OrderedBadInput` holds what the
reader reports (a malformed line, an empty page) until the pages read before
it have been written, so standard error, the rejects file and the summary are
the same with any ``-j`` as with ``-j 1``.
"""

from __future__ import annotations

import argparse
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cleanpress.commands.common import BadInput
from cleanpress.io import InputError
from cleanpress.io.records import ReadOptions
from cleanpress.parallel import Task, clean_task, map_documents, usable_cores
from cleanpress.types import Document

if TYPE_CHECKING:  # `dedup -j N` uses this module without the clean stage
    from cleanpress.clean.cleaner import Cleaner

#: where a document was read: its number among the documents read, and ``file:line``
Tag = tuple[int, str | None]


def jobs_type(value: str) -> int:
    """``-j`` values: a positive number of processes, or 0 for every usable core."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of processes (0: every core), got {jobs}")
    return jobs


def add_jobs_argument(parser: argparse.ArgumentParser, *, default: int = 0, work: str = "clean") -> None:
    parser.add_argument(
        "-j", "--jobs", type=jobs_type, default=default, metavar="N",
        help=f"{work} on N processes (default {default}; 0: every usable core, {usable_cores()} here; "
             "1: in this process). The output is the same for any N",
    )


class OrderedBadInput(BadInput):
    """A :class:`BadInput` whose reader reports wait until the pages read before them are done.

    Use :meth:`located_documents` to read and call :meth:`before` with a
    document's tag just before handling its result.
    """

    def __init__(self, rejects_path: str | None, quiet: bool = False) -> None:
        super().__init__(rejects_path, quiet)
        self._held: deque[tuple[int, str, InputError]] = deque()
        self._read = 0
        self._holding = True

    def located_documents(
        self, inputs: Iterable[str], options: ReadOptions | None = None
    ) -> Iterator[tuple[Tag, Document]]:
        """The readable documents, each tagged with its number and where it was read."""
        for doc in self.documents(inputs, options):
            yield (self._read, self.location), doc
            self._read += 1

    def reject(self, error: InputError) -> None:
        if self._holding:
            self._held.append((self._read, "reject", error))
        else:
            super().reject(error)

    def warn(self, error: InputError) -> None:
        if self._holding:
            self._held.append((self._read, "warn", error))
        else:
            super().warn(error)

    def reject_error(self, doc_id: str | int, err: BaseException) -> None:
        self._holding = False
        try:
            super().reject_error(doc_id, err)
        finally:
            self._holding = True

    def reject_now(self, error: InputError) -> None:
        """A problem found while handling the current document's result: reported at once."""
        self._holding = False
        try:
            super().reject(error)
        finally:
            self._holding = True

    def before(self, tag: Tag) -> None:
        """The document tagged ``tag`` is next: report what was read before it, and point at it."""
        number, location = tag
        self._release(number)
        self.location = location

    def _release(self, upto: int | None) -> None:
        self._holding = False
        try:
            while self._held and (upto is None or self._held[0][0] <= upto):
                _, kind, error = self._held.popleft()
                if kind == "reject":
                    super().reject(error)
                else:
                    super().warn(error)
        finally:
            self._holding = True

    def finish(self) -> None:
        self._release(None)
        super().finish()

    def close(self) -> None:
        self._release(None)
        super().close()


def cleaned(
    bad: OrderedBadInput,
    cleaner: Cleaner,
    inputs: Iterable[str],
    *,
    jobs: int | None,
    task: Task = clean_task,
    read: ReadOptions | None = None,
) -> Generator[tuple[Document, Any], None, None]:
    """Every readable page of ``inputs`` with its outcome, cleaned on ``jobs`` processes, in input order.

    Each page comes as a :class:`CleanResult` (``task=clean_task``) or as a
    :class:`~cleanpress.pipeline.PreparedPage` (``task=prepare_task``: its
    records encoded by the worker, which leaves this process less to do).
    Pages that fail are reported to ``bad`` and left out.
    """
    outcomes = map_documents(cleaner, bad.located_documents(inputs, read), jobs=jobs, task=task)
    try:
        for tag, doc, outcome in outcomes:
            bad.before(tag)
            assert doc is not None
            if isinstance(outcome, BaseException):
                bad.reject_error(doc.json_id, outcome)
                continue
            no_article = getattr(outcome, "no_article", None)  # a cleaned page (learn's outcomes are line counts)
            if no_article is not None:
                bad.no_story(doc.json_id, no_article)
            yield doc, outcome
    finally:
        outcomes.close()  # stops the workers at once when the caller stops early (Ctrl-C, an error)
