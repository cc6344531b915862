"""The main job, clean then dedup: the one place the stages are composed.

:func:`run` takes pages, cleans each into stories, finds the near-duplicate
stories and yields one record per story: the clean stage's fields plus
``cluster`` (the representative's id), ``duplicate_of`` (the representative's
id, or ``None`` for the representative) and ``similarity`` (to the
representative). :func:`dedup_records` does the second half for records
that already have ``id`` and ``text`` (such as the output of ``clean``).

Clusters are known only when every story has been seen, so records are
spooled to a temporary file on the way in and read back on the way out:
memory holds signatures, not texts.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile
from cleanpress.clean.result import CleanResult, CleanStats
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import Deduplicator, DedupStats
from cleanpress.dedup.index import Store
from cleanpress.io import dumps
from cleanpress.options import RunOptions
from cleanpress.types import Document

#: called with a page or record id and the error that stopped it; the run goes on
OnError = Callable[[str, BaseException], None]


class PreparedRecord(NamedTuple):
    """One story's output record, encoded in a worker: its id and text (for dedup) and its JSON Lines line."""

    id: str
    text: str
    line: str


class PreparedPage(NamedTuple):
    """A cleaned page as the commands write it: its counts and its stories' records, encoded."""

    stats: CleanStats
    records: list[PreparedRecord]


def prepare(result: CleanResult) -> PreparedPage:
    """``result``'s counts and records (``dumps`` of each story's record), as the workers send them back."""
    stats = CleanStats()
    stats.add(result)
    return PreparedPage(stats, [
        PreparedRecord(story.id, story.text, dumps(record))
        for story, record in zip(result.stories, result.records(), strict=True)
    ])


def prepare_task(cleaner: Cleaner, document: Document) -> PreparedPage:
    """A worker task (:func:`cleanpress.parallel.map_documents`): the page cleaned and its records encoded there,
    so the main process only spools, deduplicates and writes them."""
    return prepare(cleaner.clean(document))


@dataclass(slots=True)
class RunStats:
    """Counts of a run: the clean stage's and the dedup stage's, plus output records and clusters."""

    clean: CleanStats = field(default_factory=CleanStats)
    dedup: DedupStats = field(default_factory=DedupStats)
    records: int = 0
    duplicates: int = 0
    clusters: int = 0


def _raise(_: str, err: BaseException) -> None:
    raise err


def dedup_lines(
    records: Iterable[dict[str, Any] | PreparedRecord],
    deduplicator: Deduplicator,
    *,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
) -> Iterator[str]:
    """Like :func:`dedup_records`, each output record as a JSON Lines line (what the CLI writes).

    A record may also come encoded already (a :class:`PreparedRecord` from a
    worker), and is then spooled as it is.

    >>> recs = [{"id": "a", "text": "one two three four five six"}]
    >>> list(dedup_lines(recs, Deduplicator()))
    ['{"id":"a","text":"one two three four five six","cluster":"a","duplicate_of":null,"similarity":1.0}\\n']
    """
    stats = stats if stats is not None else RunStats()
    on_error = on_error or _raise
    batch_size = deduplicator.config.batch_size
    ids: list[str] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        batch: list[tuple[str, str]] = []
        for record in records:
            if isinstance(record, PreparedRecord):  # encoded by a worker already
                story_id, text, line = record
            else:
                try:
                    story_id, text = record["id"], record["text"]
                    if not isinstance(text, str):
                        raise ValueError(f"'text' must be a string, got {type(text).__name__}")
                except (KeyError, ValueError) as err:
                    on_error(str(record.get("id", "?")), err)
                    continue
                line = dumps(record)
            spool.write(line)
            ids.append(str(story_id))
            batch.append((ids[-1], text))
            if len(batch) >= batch_size:
                deduplicator.add_many(batch)
                batch = []
        if batch:
            deduplicator.add_many(batch)
        stats.dedup = stats.dedup + deduplicator.stats
        # two arrays over sequence numbers, not an Assignment object and a dict entry per story
        reps, sims = deduplicator.assign_arrays()
        stats.clusters = int((reps == np.arange(len(reps))).sum())
        spool.seek(0)
        for story_id, line in zip(ids, spool, strict=True):
            seq = deduplicator.sequence(story_id)
            rep = int(reps[seq])
            representative = deduplicator.story_id(rep)
            duplicate_of = None if rep == seq else representative
            similarity = 1.0 if rep == seq else float(sims[seq])
            stats.records += 1
            stats.duplicates += duplicate_of is not None
            # the spooled line is a JSON object: append the fields (as Assignment.fields) before its closing brace
            fields = {"cluster": representative, "duplicate_of": duplicate_of, "similarity": round(similarity, 4)}
            yield line[:-2] + "," + dumps(fields)[1:]


def dedup_records(
    records: Iterable[dict[str, Any]],
    deduplicator: Deduplicator,
    *,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
) -> Iterator[dict[str, Any]]:
    """Each record (with ``id`` and ``text``) again, with ``cluster``, ``duplicate_of`` and ``similarity`` added.

    Stories are added to ``deduplicator`` in batches; a record whose id is
    already in its index is not added again (this is how an interrupted run
    with a persistent index resumes). Records come out in input order once
    all have been read.

    >>> recs = [{"id": "a", "text": "one two three four five six"}, {"id": "b", "text": "one two three four five six"}]
    >>> [(r["id"], r["duplicate_of"]) for r in dedup_records(recs, Deduplicator())]
    [('a', None), ('b', 'a')]
    """
    for line in dedup_lines(records, deduplicator, stats=stats, on_error=on_error):
        yield json.loads(line)


def clean_records(
    pages: Iterable[str | Document],
    cleaner: Cleaner,
    *,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
    jobs: int | None = 1,
) -> Iterator[dict[str, Any]]:
    """The clean stage's records (one per story) of every page; a page that fails is reported and skipped.

    Pages are cleaned on ``jobs`` processes (``None``: every usable core), with
    the records one process gives, in input order (see :meth:`Cleaner.map`).
    """
    yield from result_records(cleaner.map(pages, jobs=jobs, on_error=on_error or _raise), stats=stats)


def prepared_records(pages: Iterable[PreparedPage], *, stats: RunStats | None = None) -> Iterator[PreparedRecord]:
    """The encoded records of pages prepared by the workers, counted in ``stats``."""
    stats = stats if stats is not None else RunStats()
    for page in pages:
        stats.clean = stats.clean + page.stats
        yield from page.records


def result_records(results: Iterable[CleanResult], *, stats: RunStats | None = None) -> Iterator[dict[str, Any]]:
    """The records (one per story) of clean results, counted in ``stats``."""
    stats = stats if stats is not None else RunStats()
    for result in results:
        stats.clean.add(result)
        yield from result.records()


def run(
    pages: Iterable[str | Document],
    *,
    options: RunOptions | None = None,
    clean_config: CleanConfig | None = None,
    dedup_config: DedupConfig | None = None,
    profile: Profile | None = None,
    index: str | Store | None = None,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
    jobs: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Clean every page, then dedup the stories: one record per story (see the module doc).

    Pages are texts (numbered ``"0"``, ``"1"``, ... as source ids) or
    :class:`~cleanpress.types.Document` objects. With ``index`` (a SQLite
    path or a ``redis://`` URL) stories are also checked against, and added
    to, a persistent index. ``options`` (a :class:`~cleanpress.options.RunOptions`)
    gives the clean config, profile, dedup config and index at once, as the
    commands and the Spark engine take them; the separate arguments are for
    when only one is needed. ``jobs`` processes clean the pages (default:
    ``options.jobs``, else 1; ``None`` in options means every usable core);
    the records are the same for any number.

    >>> story = ("The city council approved the new budget on Tuesday after a long debate "
    ...          "about taxes, schools and the repair of the old harbour bridge.")
    >>> records = list(run([story, "Advertisement\\n" + story]))
    >>> [(r["id"], r["cluster"], r["duplicate_of"]) for r in records]
    [('0#0', '0#0', None), ('1#0', '0#0', '0#0')]
    """
    if options is not None:
        if clean_config is not None or dedup_config is not None or profile is not None:
            raise TypeError("run() takes options= or clean_config=/dedup_config=/profile=, not both")
        cleaner, dedup_config, index = options.cleaner(), options.dedup, index or options.index
        jobs = jobs if jobs is not None else options.jobs
    else:
        cleaner = Cleaner(clean_config, profile=profile)
        jobs = jobs if jobs is not None else 1
    stats = stats if stats is not None else RunStats()
    with Deduplicator(dedup_config, index=index) as deduplicator:
        stories = clean_records(pages, cleaner, stats=stats, on_error=on_error, jobs=jobs)
        yield from dedup_records(stories, deduplicator, stats=stats, on_error=on_error)
