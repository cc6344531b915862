"""A self-contained HTML report of what cleaning removed and what dedup merged.

:func:`report` takes pages (cleaned here, exactly) or the story records that
``cleanpress clean`` / ``cleanpress run`` write (rebuilt from their removals'
offsets, see :mod:`cleanpress.report.model`), and returns one HTML file with
no external resources: summary charts, a legend with counts per rule, a filter
by rule, every page with its removed text struck through, and the duplicate
clusters side by side.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Union

from cleanpress.clean.config import CleanConfig
from cleanpress.clean.result import CleanResult
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import dedup as find_duplicates
from cleanpress.io import AtomicWriter, InputError, read_located_inputs, split_location
from cleanpress.options import RunOptions
from cleanpress.report.html import DEFAULT_TITLE, PER_SCREEN, render
from cleanpress.report.model import PageView, RecordError, StoryView, Tables, add_record, pages_from_result
from cleanpress.types import Document

#: What :func:`report` accepts as one input item.
ReportItem = Union[str, "os.PathLike[str]", Document, CleanResult, Mapping[str, Any]]


def is_story_record(document: Document) -> bool:
    """True for a story already processed, not a page to clean.

    That is a record written by ``clean`` or ``run`` (it has ``removed``) or
    by ``dedup`` (it has ``cluster``): its text is shown as it is.

    >>> is_story_record(Document(id="a#0", text="t", meta={"removed": []}))
    True
    >>> is_story_record(Document(id="a", text="Advertisement\\nA page."))
    False
    """
    return "removed" in document.meta or "cluster" in document.meta


class ReportBuilder:
    """Collects pages for one report, one input at a time; :meth:`html` renders it.

    A record that cannot be used is passed to ``on_error`` as an
    :class:`~cleanpress.io.InputError` (file, line, field, reason), listed in
    the report, and never stops the others. Pages are cleaned and their
    stories deduplicated with ``options`` (clean config, profile, dedup
    config), as ``cleanpress run`` does with the same options; ``dedup=False``
    shows no clusters for them.
    """

    def __init__(self, options: RunOptions | None = None, *, dedup: bool = True,
                 on_error: Callable[[InputError], None] | None = None) -> None:
        options = options or RunOptions()
        self.cleaner = options.cleaner()
        self.dedup_config: DedupConfig | None = options.dedup if dedup else None
        self.tables = Tables()
        self.pages: dict[str, PageView] = {}
        self.problems: list[str] = []
        self._on_error = on_error
        self._cleaned: list[StoryView] = []  # stories of pages cleaned here, to deduplicate

    def error(self, problem: InputError) -> None:
        self.problems.append(str(problem))
        if self._on_error is not None:
            self._on_error(problem)

    def add_result(self, result: CleanResult) -> None:
        """A page cleaned by the caller (exact segments)."""
        page = pages_from_result(result, self.tables)
        key = page.id if page.id not in self.pages else f"{page.id} ({len(self.pages)})"
        self.pages[key] = page
        self._cleaned.extend(page.stories)

    def find_duplicates(self) -> None:
        """Deduplicate the stories of the pages cleaned here (records bring their own clusters).

        This is the dedup half of ``cleanpress run``, on the same stories, so
        the clusters shown are the ones ``run`` would write.
        """
        if self.dedup_config is None or not self._cleaned:
            return
        stories, self._cleaned = self._cleaned, []
        try:
            result = find_duplicates(((s.id, s.text) for s in stories), self.dedup_config)
        except Exception as err:  # the pages are still worth showing without clusters
            self.error(InputError("dedup", None, f"could not deduplicate: {type(err).__name__}: {err}"))
            return
        for story, assignment in zip(stories, result.assignments, strict=True):
            story.cluster, story.duplicate_of = assignment.cluster, assignment.duplicate_of
            story.similarity, story.evidence = assignment.similarity, assignment.evidence

    def add_record(self, record: Mapping[str, Any], where: str) -> None:
        """A story record from ``clean``/``run`` output; ``where`` is ``file:line`` or a label."""
        try:
            add_record(self.pages, record, where, self.tables)
        except RecordError as err:
            self.error(InputError(*split_location(err.where), err.reason, err.field))

    def add_document(self, document: Document, where: str | None = None) -> None:
        """A page to clean, or a story record read by :mod:`cleanpress.io`."""
        if is_story_record(document):
            record = {"id": document.id, "text": document.text, **document.meta}
            self.add_record(record, where or f"record {document.id!r}")
            return
        try:
            result = self.cleaner.clean(document)
        except Exception as err:  # one broken page never stops the others
            self.add_cleaned(document, err, where)
            return
        self.add_result(result)

    def add_cleaned(self, document: Document, outcome: CleanResult | BaseException, where: str | None = None) -> None:
        """A page cleaned elsewhere (say in a worker process): its result, or the error that stopped it."""
        if isinstance(outcome, BaseException):
            self.error(InputError(*split_location(where or f"page {document.id!r}"),
                                  f"page {document.id!r} could not be cleaned: {type(outcome).__name__}: {outcome}"))
            return
        self.add_result(outcome)

    def add(self, item: ReportItem, n: int = 0) -> None:
        """Any accepted item: a path, page text, Document, CleanResult or story record."""
        if isinstance(item, CleanResult):
            self.add_result(item)
        elif isinstance(item, Document):
            self.add_document(item)
        elif isinstance(item, Mapping):
            self.add_record(item, f"item {n}")
        elif isinstance(item, os.PathLike) or (isinstance(item, str) and "\n" not in item and Path(item).exists()):
            for where, doc in read_located_inputs([os.fspath(item)], warn=self.error):
                if isinstance(doc, InputError):
                    self.error(doc)
                else:
                    self.add_document(doc, where)
        elif isinstance(item, str):
            self.add_document(Document(id=f"page-{n}", text=item))
        else:
            self.error(InputError(f"item {n}", None, f"cannot report on a {type(item).__name__}"))

    def html(self, *, title: str = DEFAULT_TITLE, per_screen: int = PER_SCREEN) -> str:
        """The report of everything added so far (pages cleaned here are deduplicated first)."""
        self.find_duplicates()
        return render(list(self.pages.values()), self.tables, title=title, per_screen=per_screen,
                      problems=self.problems)


def report(
    inputs: ReportItem | Iterable[ReportItem],
    output: str | os.PathLike[str] | None = None,
    *,
    title: str = DEFAULT_TITLE,
    config: CleanConfig | None = None,
    dedup: DedupConfig | bool = True,
    options: RunOptions | None = None,
    per_screen: int = PER_SCREEN,
    on_error: Callable[[str], None] | None = None,
) -> str:
    """Write (if ``output`` is given) and return a self-contained HTML report.

    ``inputs`` is one item or many: a path to pages (``.txt``, ``.html``,
    a folder, JSONL of pages) or to ``clean``/``run`` output (JSONL records
    with ``removed``), page text, a :class:`~cleanpress.types.Document`, a
    :class:`~cleanpress.clean.result.CleanResult`, or a story record dict.
    Story records with ``cluster``/``duplicate_of``/``similarity`` fields
    fill the duplicate-cluster view; the stories of pages cleaned here are
    deduplicated as ``cleanpress run`` does (``dedup`` is a
    :class:`~cleanpress.dedup.config.DedupConfig`, or ``False`` to skip
    it). ``options`` gives all of a job's settings at once (clean config,
    profile, dedup config) instead of ``config`` and ``dedup``. Records that cannot be used are listed
    in the report and passed to ``on_error``; the others are still shown.

    >>> html = report("Advertisement\\nThe mayor opened the new bridge on Monday morning, officials said.")
    >>> html.startswith("<!DOCTYPE html>"), "ad-marker" in html
    (True, True)
    >>> "<script>alert(1)</script>" in report("<script>alert(1)</script> and some text")
    False
    """
    if options is None:
        options = RunOptions(clean=config or CleanConfig(),
                             dedup=dedup if isinstance(dedup, DedupConfig) else DedupConfig())
    builder = ReportBuilder(options, dedup=dedup is not False,
                            on_error=(lambda e: on_error(str(e))) if on_error else None)
    single = isinstance(inputs, (str, os.PathLike, Document, CleanResult, Mapping))
    items: Iterable[ReportItem] = [inputs] if single else inputs  # type: ignore[list-item,assignment]
    for n, item in enumerate(items, 1):
        builder.add(item, n)
    html = builder.html(title=title, per_screen=per_screen)
    if output is not None:
        with AtomicWriter(os.fspath(output), compress=False) as fh:
            fh.write(html)
    return html


__all__ = ["ReportBuilder", "report"]
