"""Cleaning on several processes, with the results one process would give, in input order.

Pages are sent to worker processes in chunks (:data:`CHUNK_PAGES` pages, or
:data:`CHUNK_CHARS` characters, whichever comes first), so the cost of
shipping a page is small next to cleaning it. Each worker rebuilds the
:class:`~cleanpress.clean.cleaner.Cleaner` once from its config, line model
and profile (a cleaner pickles as those), and cleaning is a pure function of
the page and the cleaner, so a page's result does not depend on which worker
cleaned it or on what else it cleaned. Results come back chunk by chunk in
the order the chunks were sent; at most ``2 * jobs`` chunks are in flight, so
memory holds a few chunks, not the input.

Workers are started with the ``forkserver`` method where the platform has it,
else ``spawn``: they share no state with the parent but what is sent to them.
They ignore SIGINT: on Ctrl-C the parent cancels the chunks not yet
started (the workers finish the one they hold, then exit) and raises
:class:`KeyboardInterrupt` as usual. A worker that dies (killed, out of memory,
a crash in a C extension) ends the map with :class:`WorkerCrashed`; an
exception raised by cleaning one page is not a crash: it is returned for that
page, as the in-process path reports it.

An input of at most one chunk is cleaned in this process: starting workers
would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from cleanpress.types import Document

if TYPE_CHECKING:  # the tasks run a Cleaner handed to them; importing this module does not load the clean stage
    # nor multiprocessing and concurrent.futures (a fifth of `dedup`'s start-up): only a pool imports them
    import multiprocessing.context
    import multiprocessing.process
    from concurrent.futures import Future, ProcessPoolExecutor

    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.profile import PageLines
    from cleanpress.clean.result import CleanResult

T = TypeVar("T")

#: pages per task sent to a worker
CHUNK_PAGES = 64
#: ... or fewer, when they hold this many characters
CHUNK_CHARS = 2_000_000

#: what a worker does with one document of a chunk: a picklable top-level function (module-level, so that
#: a worker process can import it) of the worker's cleaner (None for a task that does not clean, such as
#: ``dedup``'s signing) and the document, or a picklable object with a
#: ``__call__`` of the same kind; its return value is the outcome. A task that also has a method
#: ``finish_chunk(outcomes) -> outcomes`` gets the outcomes of each whole chunk, in the same process,
#: to do together what is cheaper per batch than per page (signing every story of the chunk at once);
#: when it raises, the chunk's outcomes stay as they were
Task = Callable[[Any, Document], Any]

#: the cleaner of this worker process: set once by :func:`_init_worker` in workers only, never in the parent
_worker: dict[str, Cleaner | None] = {}


def clean_task(cleaner: Cleaner, document: Document) -> CleanResult:
    """The default task: the document's :class:`CleanResult`."""
    return cleaner.clean(document)


def lines_task(cleaner: Cleaner, document: Document) -> PageLines:
    """What a site profile counts of the document: :func:`page_lines` of the text the cleaner sees."""
    from cleanpress.clean.profile import page_lines

    return page_lines(cleaner.page_text(document))


class WorkerCrashed(RuntimeError):
    """A worker process ended without returning its pages' results; the run was stopped."""


def usable_cores() -> int:
    """The CPU cores this process may use (its affinity mask where the platform has one)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return int(count() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None) -> int:
    """``jobs`` as a number of processes: ``None`` or ``0`` mean every usable core.

    >>> resolve_jobs(3)
    3
    >>> resolve_jobs(0) == usable_cores()
    True
    >>> resolve_jobs(-1)
    Traceback (most recent call last):
    ...
    ValueError: jobs must be a positive number of processes (or 0 for every core), got -1
    """
    if jobs is None or jobs == 0:
        return usable_cores()
    if not isinstance(jobs, int) or jobs < 0:
        raise ValueError(f"jobs must be a positive number of processes (or 0 for every core), got {jobs}")
    return jobs


#: one page's outcome: a result (CleanResult, or page lines), the exception that stopped it, or None when skipped
Outcome = Any


def map_documents(
    cleaner: Cleaner | None,
    items: Iterable[tuple[T, Document | None]],
    *,
    jobs: int | None,
    task: Task = clean_task,
    chunk_pages: int = CHUNK_PAGES,
) -> Generator[tuple[T, Document | None, Outcome], None, None]:
    """Each ``(tag, document)`` of ``items`` with its outcome, in input order.

    ``task`` is what a worker does with each document (a module-level
    function of the cleaner and the document, such as :func:`clean_task`,
    the default, or :func:`lines_task`); a page whose task raised gives the
    exception instead. A ``None`` document is passed through with the
    outcome ``None`` (the caller handles it itself, in order). ``tag`` is anything the caller wants back with the
    document (where it was read, say); it stays in this process.
    """
    jobs = resolve_jobs(jobs)
    chunks = _chunks(items, chunk_pages)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None) if jobs > 1 else None
    if second is None:  # one process: this one
        for chunk in chain([first], chunks) if jobs == 1 else [first]:
            outcomes = _process(cleaner, task, [doc for _, doc in chunk])
            for (tag, doc), outcome in zip(chunk, outcomes, strict=True):
                yield tag, doc, outcome
        return
    for chunk, outcomes in _pooled(cleaner, task, chain([first, second], chunks), jobs):
        for (tag, doc), outcome in zip(chunk, outcomes, strict=True):
            yield tag, doc, outcome


def clean_many(
    cleaner: Cleaner,
    pages: Iterable[str | Document],
    *,
    jobs: int | None = 1,
    on_error: Callable[[str, BaseException], None] | None = None,
    chunk_pages: int = CHUNK_PAGES,
) -> Iterator[CleanResult]:
    """:meth:`Cleaner.clean` of every page on ``jobs`` processes, in input order (see :meth:`Cleaner.map`)."""
    documents = (
        (None, Document(id=str(n), text=p) if isinstance(p, str) else p) for n, p in enumerate(pages)
    )
    for _, doc, outcome in map_documents(cleaner, documents, jobs=jobs, chunk_pages=chunk_pages):
        if isinstance(outcome, BaseException):
            if on_error is None:
                raise outcome
            assert doc is not None
            on_error(doc.id, outcome)
            continue
        yield outcome


def _chunks(items: Iterable[tuple[T, Document | None]], chunk_pages: int) -> Iterator[list[tuple[T, Document | None]]]:
    chunk: list[tuple[T, Document | None]] = []
    chars = 0
    for tag, doc in items:
        chunk.append((tag, doc))
        if doc is not None:
            chars += len(doc.text or "") + len(doc.html or "")
        if len(chunk) >= chunk_pages or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _process(cleaner: Cleaner | None, task: Task, docs: list[Document | None]) -> list[Outcome]:
    """The outcome of each document of a chunk (in a worker, or in this process for one job)."""
    outcomes: list[Outcome] = []
    for doc in docs:
        if doc is None:
            outcomes.append(None)
            continue
        try:
            outcomes.append(task(cleaner, doc))
        except Exception as err:  # one broken page never stops the others
            outcomes.append(err)
    finish = getattr(task, "finish_chunk", None)
    if finish is not None:
        with contextlib.suppress(Exception):  # the pages are done; what the batch step adds is left to the caller
            outcomes = finish(outcomes)
    return outcomes


def _init_worker(cleaner: Cleaner | None) -> None:
    """Run once in each worker: Ctrl-C is the parent's to handle; keep the rebuilt cleaner.

    A worker also ends when its parent does (killed with SIGKILL, say), instead
    of waiting for work forever.
    """
    import multiprocessing
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker["cleaner"] = cleaner
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="cleanpress-parent-watch").start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent process has ended
    os._exit(1)


def _work(task: Task, docs: list[Document | None]) -> list[Outcome]:
    """A worker's task: one chunk. An exception that cannot be sent back goes back as a RuntimeError naming it."""
    from multiprocessing import reduction

    outcomes = _process(_worker["cleaner"], task, docs)
    for i, outcome in enumerate(outcomes):
        if isinstance(outcome, BaseException):
            try:  # serialised as the executor will send it to the parent
                reduction.ForkingPickler.dumps(outcome)
            except Exception:
                outcomes[i] = RuntimeError(f"{type(outcome).__name__}: {outcome}")
    return outcomes


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _pooled(
    cleaner: Cleaner | None, task: Task, chunks: Iterator[list[tuple[T, Document | None]]], jobs: int
) -> Iterator[tuple[list[tuple[T, Document | None]], list[Outcome]]]:
    """Each chunk with its outcomes, computed on ``jobs`` worker processes, in order."""
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_init_worker, initargs=(cleaner,))
    pending: deque[tuple[list[tuple[T, Document | None]], Future[list[Outcome]]]] = deque()
    finished = False
    try:
        for chunk in chunks:
            pending.append((chunk, executor.submit(_work, task, [doc for _, doc in chunk])))
            if len(pending) >= 2 * jobs:
                yield _collect(pending)
        while pending:
            yield _collect(pending)
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # Ctrl-C, a crashed worker, or the caller stopped reading: start no more chunks
            _stop(executor)


def _collect(
    pending: deque[tuple[list[tuple[T, Document | None]], Future[list[Outcome]]]],
) -> tuple[list[tuple[T, Document | None]], list[Outcome]]:
    from concurrent.futures.process import BrokenProcessPool

    chunk, future = pending[0]
    try:
        outcomes = future.result()
    except BrokenProcessPool as err:
        ids = [doc.id for part, _ in pending for _, doc in part if doc is not None]
        span = f"pages {ids[0]!r} to {ids[-1]!r}" if ids else "the last pages"
        raise WorkerCrashed(
            f"a worker process ended unexpectedly (killed, out of memory, or crashed) while cleaning {span}; "
            "the run was stopped"
        ) from err
    pending.popleft()
    return chunk, outcomes


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel the chunks not yet started; the workers finish the one they hold (a second or so) and exit.

    Workers are not terminated: one killed while sending its result back can
    leave the result pipe half-written, and the executor's thread, which this
    process joins when it exits, would wait on it for ever.
    """
    executor.shutdown(wait=False, cancel_futures=True)
