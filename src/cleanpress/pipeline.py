"""The main job, clean then dedup: the one place the stages are composed.

:func:`run` takes pages, cleans each into stories, finds the near-duplicate
stories and yields one record per story: the clean stage's fields plus
``cluster`` (the representative's id), ``duplicate_of`` (the representative's
id, or ``None`` for the representative), ``is_duplicate``, ``similarity`` (to
the representative), ``evidence`` (what decided) and ``seen_before`` (see
:class:`~cleanpress.dedup.deduplicator.Assignment`). :func:`dedup_records` does the second half for records
that already have ``id`` and ``text`` (such as the output of ``clean``).

Clusters are known only when every story has been seen, so records are
spooled on the way in and read back on the way out: the first
:data:`SPOOL_MEMORY` bytes of encoded records in memory, the rest in a
temporary file, so memory holds signatures, not texts, however long the input.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import numpy as np

from cleanpress.clean.result import CleanStats
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import Assignment, Deduplicator, DedupStats
from cleanpress.dedup.index import Store
from cleanpress.dedup.signing import StoryKeys, sign_stories
from cleanpress.io import dumps, with_fields
from cleanpress.io.records import ReadOptions, RecordError, document_from_mapping
from cleanpress.options import RunOptions
from cleanpress.parallel import map_documents
from cleanpress.types import Document

if TYPE_CHECKING:  # the clean stage is imported by the functions that clean, not by deduplication alone
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.config import CleanConfig
    from cleanpress.clean.profile import Profile
    from cleanpress.clean.result import CleanResult

#: called with a page or record id (as the input gave it: text, or an integer) and the error that stopped it;
#: the run goes on
OnError = Callable[[Any, BaseException], None]


class PreparedRecord(NamedTuple):
    """One story's output record, encoded in a worker: its id and text (for dedup) and its JSON Lines line.

    With ``keys`` the story was also signed there: it is row ``row`` of ``keys``
    (the stories of a chunk share one :class:`StoryKeys`, sent once with the chunk).
    """

    id: str
    text: str
    line: str
    keys: StoryKeys | None = None
    row: int = -1


class PreparedPage(NamedTuple):
    """A cleaned page as the commands write it: its counts and its stories' records, encoded."""

    stats: CleanStats
    records: list[PreparedRecord]
    #: why the page gave no story (:attr:`CleanResult.no_article`), or None
    no_article: str | None = None


def prepare(
    result: CleanResult, fields: Mapping[str, Any] | None = None, source_id: str | int | None = None,
) -> PreparedPage:
    """``result``'s counts and records (with the page's pass-through ``fields`` and its id as the input
    gave it, ``source_id``), each encoded by ``dumps``."""
    stats = CleanStats()
    stats.add(result)
    records = with_fields(result.records(), fields or {}, source_id=source_id)
    return PreparedPage(stats, [
        PreparedRecord(story.id, story.text, dumps(record))
        for story, record in zip(result.stories, records, strict=True)
    ], result.no_article)


def prepare_task(cleaner: Cleaner, document: Document) -> PreparedPage:
    """A worker task (:func:`cleanpress.parallel.map_documents`): the page cleaned and its records encoded there,
    so the main process only spools, deduplicates and writes them."""
    return prepare(cleaner.clean(document), document.meta, document.json_id)


@dataclass(frozen=True, slots=True)
class PrepareAndSign:
    """A worker task: :func:`prepare_task`, then every story of the chunk signed together for dedup
    (:func:`~cleanpress.dedup.signing.sign_stories` with ``config``), so the main process does not
    shingle, sign or fingerprint: it inserts the keys in the index and clusters.

    The keys are a function of each story's text and the config alone: the records and the clusters
    are the same as when the main process signs.
    """

    config: DedupConfig

    def __call__(self, cleaner: Cleaner, document: Document) -> PreparedPage:
        return prepare_task(cleaner, document)

    def finish_chunk(self, outcomes: list[Any]) -> list[Any]:
        """The chunk's pages again, each record with its row of the chunk's keys."""
        pages = [(i, page) for i, page in enumerate(outcomes) if isinstance(page, PreparedPage)]
        texts = [record.text for _, page in pages for record in page.records]
        if not texts:
            return outcomes
        keys = sign_stories(texts, self.config)
        outcomes = list(outcomes)
        row = 0
        for i, page in pages:
            signed = []
            for record in page.records:
                signed.append(record._replace(keys=keys, row=row))
                row += 1
            outcomes[i] = page._replace(records=signed)
        return outcomes


def prepared_records(pages: Iterable[PreparedPage], *, stats: RunStats | None = None) -> Iterator[PreparedRecord]:
    """The encoded records of pages prepared by the workers, counted in ``stats``."""
    stats = stats if stats is not None else RunStats()
    for page in pages:
        stats.clean = stats.clean + page.stats
        yield from page.records


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


#: bytes of encoded records (as Python strings: 1 to 4 bytes a character) a run holds in memory before it
#: spools them to a temporary file
SPOOL_MEMORY = 64_000_000


class _Spool:
    """Encoded records, kept in order: in memory up to ``limit`` bytes, then in a temporary file.

    A short run (the common case) neither encodes its records to a file nor decodes them back;
    a long one holds at most ``limit`` bytes of them at any time (their size in memory, which is
    up to four times their length in characters).

    >>> spool = _Spool(limit=100)
    >>> for line in ("{1}\\n", "{22}\\n", "{333}\\n"):
    ...     spool.write(line)
    >>> spool.file is not None, list(spool.lines())
    (True, ['{1}\\n', '{22}\\n', '{333}\\n'])
    >>> spool.close()
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = SPOOL_MEMORY if limit is None else limit
        self.held: list[str] = []
        self.size = 0
        self.file: IO[str] | None = None

    def write(self, line: str) -> None:
        if self.file is not None:
            self.file.write(line)
            return
        self.held.append(line)
        self.size += sys.getsizeof(line)
        if self.size > self.limit:  # from now on in a file, the lines held so far first
            self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed by close()
            self.file.writelines(self.held)
            self.held = []

    def lines(self) -> Iterator[str]:
        """Every line written, in order (once)."""
        if self.file is None:
            held, self.held = self.held[::-1], []
            while held:  # each line let go as it is read
                yield held.pop()
            return
        self.file.seek(0)
        yield from self.file

    def close(self) -> None:
        self.held = []
        if self.file is not None:
            self.file.close()


class _Batch:
    """Stories waiting to be added to a deduplicator together, with their keys when a worker signed them all."""

    def __init__(self, deduplicator: Deduplicator) -> None:
        self.deduplicator = deduplicator
        #: (id as given: text or integer, text)
        self.stories: list[tuple[str | int, str]] = []
        self.pending: set[str] = set()
        #: each story's (keys, row) while every story of the batch came signed; None once one did not
        self.keys: list[tuple[StoryKeys, int]] | None = []

    def add(self, story_id: str | int, text: str, record: dict[str, Any] | PreparedRecord) -> None:
        """Add a story; ``story_id`` as the input gave it (the deduplicator compares it as text and remembers
        whether it was an integer)."""
        key = str(story_id)
        self.stories.append((story_id, text))
        self.pending.add(key)
        if self.keys is not None:
            if isinstance(record, PreparedRecord) and record.keys is not None:
                self.keys.append((record.keys, record.row))
            else:  # the deduplicator signs this batch itself
                self.keys = None

    def flush(self) -> None:
        if self.stories:
            self.deduplicator.extend(self.stories, keys=StoryKeys.gather(self.keys) if self.keys else None)
        self.stories, self.pending, self.keys = [], set(), []


def dedup_lines(
    records: Iterable[dict[str, Any] | PreparedRecord],
    deduplicator: Deduplicator,
    *,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
    drop_duplicates: bool = False,
) -> Iterator[str]:
    """Like :func:`dedup_records`, each output record as a JSON Lines line (what the CLI writes).

    A record may also come encoded already (a :class:`PreparedRecord` from a
    worker), and is then spooled as it is.

    >>> recs = [{"id": "a", "text": "one two three four five six"}]
    >>> print(*dedup_lines(recs, Deduplicator()), end="")  # doctest: +ELLIPSIS
    {"id":"a",...,"cluster":"a","duplicate_of":null,"is_duplicate":false,"similarity":1.0,"evidence":null,...}
    """
    stats = stats if stats is not None else RunStats()
    on_error = on_error or _raise
    batch_size = deduplicator.config.batch_size
    ids: list[str] = []
    spool = _Spool()
    try:
        batch = _Batch(deduplicator)
        for record in records:
            story_id: Any
            text: Any
            if isinstance(record, PreparedRecord):  # encoded by a worker already
                story_id, text, line = record.id, record.text, record.line
            else:
                story_id, text, line = record.get("id", "?"), record.get("text"), ""
            try:
                if not isinstance(record, PreparedRecord):
                    story_id, text = record["id"], record["text"]
                if not isinstance(text, str):
                    raise ValueError(f"'text' must be a string, got {type(text).__name__}")
                if isinstance(story_id, bool) or not isinstance(story_id, (str, int)):
                    raise ValueError(f"'id' must be a string or an integer, got {type(story_id).__name__}")
                key = str(story_id)
                if key in batch.pending or (key in deduplicator and deduplicator.added_in_this_run(key)):
                    raise ValueError(f"duplicate id {story_id!r}: an earlier record of this input has the same id "
                                     "(ids are compared as strings); this record was not deduplicated")
            except (KeyError, ValueError) as err:
                on_error(story_id, err)  # with its type: the rejects record keeps it
                continue
            spool.write(line or dumps(record))  # type: ignore[arg-type]  # a dict when line is empty
            ids.append(key)
            batch.add(story_id, text, record)
            if len(batch.stories) >= batch_size:
                batch.flush()
        batch.flush()
        stats.dedup = stats.dedup + deduplicator.stats
        # arrays over sequence numbers, not an Assignment object and a dict entry per story
        reps, sims, evidence, seen = deduplicator.assign_arrays()
        stats.clusters = int((reps == np.arange(len(reps))).sum())
        # Python lists: one conversion, not a numpy scalar per story
        rep_of, sim_of, seen_of = reps.tolist(), sims.tolist(), seen.tolist()
        for story_id, line in zip(ids, spool.lines(), strict=True):
            seq = deduplicator.sequence(story_id)
            rep = rep_of[seq]
            # an id given as a JSON integer (in this input, or in the earlier run that stored it) is written as one
            rep_id = deduplicator.json_id(rep)
            place = Assignment(story_id, rep_id, None if rep == seq else rep_id,  # type: ignore[arg-type]
                               sim_of[seq], evidence[seq], seen_of[seq])
            stats.records += 1
            stats.duplicates += place.is_duplicate
            if drop_duplicates and place.is_duplicate:
                continue
            # the spooled line is a JSON object: append the fields before its closing brace
            yield line[:-2] + "," + dumps(place.fields())[1:]
    finally:
        spool.close()


def dedup_records(
    records: Iterable[dict[str, Any]],
    deduplicator: Deduplicator,
    *,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
    drop_duplicates: bool = False,
) -> Iterator[dict[str, Any]]:
    """Each record (with ``id`` and ``text``) again, with ``cluster``, ``duplicate_of`` and ``similarity`` added.

    Stories are added to ``deduplicator`` in batches; a record whose id is
    already in its index from an earlier run is not added again (this is how an
    interrupted run with a persistent index resumes); a second record with the
    id of an earlier record of this run is an error (``on_error``), never
    silently skipped. Records come out in input order once all have been read;
    with ``drop_duplicates`` only cluster representatives come out.

    >>> recs = [{"id": "a", "text": "one two three four five six"}, {"id": "b", "text": "one two three four five six"}]
    >>> [(r["id"], r["duplicate_of"]) for r in dedup_records(recs, Deduplicator())]
    [('a', None), ('b', 'a')]
    """
    for line in dedup_lines(records, deduplicator, stats=stats, on_error=on_error, drop_duplicates=drop_duplicates):
        yield json.loads(line)


def as_document(item: str | Document | Mapping[str, Any], number: int, read: ReadOptions | None = None) -> Document:
    """A page given to :func:`run`: a text (id ``number``), a Document, or a record mapping.

    A mapping is read as a JSON Lines record is (``read`` names its id, text and
    HTML fields; its other fields pass through to its stories); without an id
    it is numbered like a text.

    >>> as_document({"text": "Body.", "url": "https://a.example/1"}, 3).id
    '3'
    """
    if isinstance(item, str):
        return Document(id=str(number), text=item)
    if isinstance(item, Document):
        return item
    if isinstance(item, Mapping):
        return document_from_mapping(item, read, f"<record {number}>", number, fallback_id=str(number))
    raise TypeError(f"page {number}: expected a text, a Document or a mapping, got {type(item).__name__}")


def _documents(
    pages: Iterable[str | Document | Mapping[str, Any]], read: ReadOptions | None, report: OnError
) -> Iterator[tuple[Document, Document]]:
    """Each page as a Document (tagged with itself, for :func:`map_documents`); one that is not is reported."""
    for number, item in enumerate(pages):
        try:
            page = as_document(item, number, read)
        except (RecordError, TypeError) as err:
            field = f" [{err.field}]" if isinstance(err, RecordError) and err.field else ""
            report(str(number), type(err)(f"page {number}{field}: {err}"))
            continue
        yield page, page


def clean_records(
    pages: Iterable[str | Document | Mapping[str, Any]],
    cleaner: Cleaner,
    *,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
    read: ReadOptions | None = None,
    jobs: int | None = 1,
) -> Iterator[dict[str, Any]]:
    """The clean stage's records (one per story) of every page; a page that fails is reported and skipped.

    Each story record also carries its page's pass-through fields (``Document.meta``).
    Pages are cleaned on ``jobs`` processes (``None``: every usable core), with
    the records one process gives, in input order (see :meth:`Cleaner.map`).
    """
    stats = stats if stats is not None else RunStats()
    report = on_error or _raise
    for page, _, result in map_documents(cleaner, _documents(pages, read, report), jobs=jobs):
        if isinstance(result, BaseException):  # one broken page never stops the others
            report(page.id, result)
            continue
        stats.clean.add(result)
        yield from with_fields(result.records(), page.meta, source_id=page.json_id)


def _prepared_pages(
    pages: Iterable[str | Document | Mapping[str, Any]],
    cleaner: Cleaner,
    config: DedupConfig,
    *,
    on_error: OnError,
    read: ReadOptions | None,
    jobs: int | None,
) -> Iterator[PreparedPage]:
    """Every page cleaned, encoded and signed (:class:`PrepareAndSign`) on ``jobs`` processes, in input order."""
    documents = _documents(pages, read, on_error)
    for page, _, prepared in map_documents(cleaner, documents, jobs=jobs, task=PrepareAndSign(config)):
        if isinstance(prepared, BaseException):  # one broken page never stops the others
            on_error(page.id, prepared)
            continue
        yield prepared


def run(
    pages: Iterable[str | Document | Mapping[str, Any]],
    *,
    read: ReadOptions | None = None,
    options: RunOptions | None = None,
    clean_config: CleanConfig | None = None,
    dedup_config: DedupConfig | None = None,
    profile: Profile | None = None,
    index: str | Store | None = None,
    stats: RunStats | None = None,
    on_error: OnError | None = None,
    drop_duplicates: bool = False,
    jobs: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Clean every page, then dedup the stories: one record per story (see the module doc).

    Pages are texts (numbered ``"0"``, ``"1"``, ... as source ids),
    :class:`~cleanpress.types.Document` objects, or record mappings such as
    ``{"id": ..., "text": ...}`` (``read``, a :class:`~cleanpress.io.ReadOptions`,
    names their id/text/HTML fields; their other fields are kept on every
    story record; without an id they are numbered like texts). With ``index`` (a SQLite
    path or a ``redis://`` URL) stories are also checked against, and added
    to, a persistent index. ``options`` (a :class:`~cleanpress.options.RunOptions`)
    gives the clean config, profile, dedup config and index at once, as the
    commands and the Spark engine take them; the separate arguments are for
    when only one is needed. With ``drop_duplicates`` only each cluster's
    representative comes out. ``jobs`` processes clean the pages (default:
    ``options.jobs``, else 1; ``None`` in options means every usable core);
    the records are the same for any number.

    >>> story = ("The city council approved the new budget on Tuesday after a long debate "
    ...          "about taxes, schools and the repair of the old harbour bridge.")
    >>> records = list(run([story, "Advertisement\\n" + story]))
    >>> [(r["id"], r["cluster"], r["duplicate_of"]) for r in records]
    [('0#0', '0#0', None), ('1#0', '0#0', '0#0')]
    >>> [(r["id"], r["url"]) for r in run([{"id": "p1", "text": story, "url": "https://a.example/1"}])]
    [('p1#0', 'https://a.example/1')]
    """
    if options is not None:
        if clean_config is not None or dedup_config is not None or profile is not None:
            raise TypeError("run() takes options= or clean_config=/dedup_config=/profile=, not both")
        cleaner, dedup_config, index = options.cleaner(), options.dedup, index or options.index
        read = read or options.read
        jobs = jobs if jobs is not None else options.jobs
    else:
        from cleanpress.clean.cleaner import Cleaner

        cleaner = Cleaner(clean_config, profile=profile)
        jobs = jobs if jobs is not None else 1
    stats = stats if stats is not None else RunStats()
    report = on_error or _raise
    with Deduplicator(dedup_config, index=index) as deduplicator:
        # cleaned, encoded and signed where they are cleaned: this process indexes and clusters
        prepared = _prepared_pages(pages, cleaner, deduplicator.config, on_error=report, read=read, jobs=jobs)
        for line in dedup_lines(prepared_records(prepared, stats=stats), deduplicator, stats=stats,
                                on_error=report, drop_duplicates=drop_duplicates):
            yield json.loads(line)
