"""datatrove pipeline steps: clean documents into stories, and mark or drop near-duplicate stories.

Needs the ``datatrove`` extra (``pip install 'cleanpress[datatrove]'``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleanpress.integrations.datatrove import CleanpressClean, CleanpressDedup

    LocalPipelineExecutor(pipeline=[
        JsonlReader("pages/"),
        CleanpressClean(),
        CleanpressDedup(drop_duplicates=True),
        JsonlWriter("stories/"),
    ], tasks=1).run()

:class:`CleanpressClean` turns each document into one document per story
(``id`` ``source_id#n``; the page's metadata kept, with ``source_id``,
``story``, ``title`` and ``removed`` added). :class:`CleanpressDedup` finds the
near-duplicate stories among the documents a task sees (all of them with
``tasks=1``; across tasks and runs with a shared ``index``, a SQLite file or
Redis URL, when the tasks run one after another) and adds ``cluster``,
``duplicate_of`` and ``similarity`` to their metadata, or drops the duplicates.
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any, cast

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline, Media
from datatrove.pipeline.base import PipelineStep

from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import Deduplicator
from cleanpress.pipeline import dedup_records
from cleanpress.types import Document


class CleanpressClean(PipelineStep):
    """Each document's boilerplate removed, split into stories: one output document per story.

    ``html=True`` reads the document's text as HTML. ``removed`` in the
    metadata is the number of removals (``explain=True``: the removals
    themselves, as the ``clean`` command writes them). A document that cannot
    be cleaned is counted (``failed``) and left out; the others go on.
    """

    name = "🧹 cleanpress clean"
    type = "✂️ - FORMAT"

    def __init__(self, config: CleanConfig | None = None, profile: Profile | None = None, *,
                 html: bool = False, explain: bool = False) -> None:
        super().__init__()
        self.config = config
        self.profile = profile
        self.html = html
        self.explain = explain

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cleaner = Cleaner(self.config, profile=self.profile)
        for doc in data or ():
            self.stat_update("pages")
            meta = doc.metadata or {}
            url, source = meta.get("url"), meta.get("source")
            page = Document(id=str(doc.id), text=None if self.html else doc.text,
                            html=doc.text if self.html else None, url=url if isinstance(url, str) else None,
                            source=source if isinstance(source, str) else None)
            try:
                with self.track_time():
                    records = cast(list[dict[str, Any]], cleaner.clean(page).records())
            except Exception:  # one broken page never stops the others
                self.stat_update("failed")
                continue
            if not records:
                self.stat_update("no_story")
            for record in records:
                self.stat_update("stories")
                story = DatatroveDocument(text=record["text"], id=record["id"], media=list(doc.media), metadata={
                    **meta, "source_id": record["source_id"], "story": record["story"], "title": record["title"],
                    "removed": record["removed"] if self.explain else len(record["removed"])})
                self.update_doc_stats(story)
                yield story


class CleanpressDedup(PipelineStep):
    """Near-duplicate stories marked (``cluster``, ``duplicate_of``, ``similarity`` in the metadata) or dropped.

    Clusters are known once every document of the task has been seen, so
    documents are spooled to a temporary file on the way in, as JSON (memory
    holds their signatures; metadata values JSON cannot hold come back as
    text), and come out in their input order.
    """

    name = "🫂 cleanpress dedup"
    type = "🫂 - DEDUP"

    def __init__(self, config: DedupConfig | None = None, *, index: str | None = None,
                 drop_duplicates: bool = False) -> None:
        super().__init__()
        self.config = config
        self.index = index
        self.drop_duplicates = drop_duplicates

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool, \
                Deduplicator(self.config, index=self.index) as deduplicator:
            records = dedup_records(self._spooled(data, spool), deduplicator)
            first = next(records, None)  # every document has been read (and spooled) once the first comes out
            spool.seek(0)
            for record in itertools.chain([first] if first is not None else [], records):
                doc = _document_from_json(spool.readline())
                duplicate = record["duplicate_of"] is not None
                self.stat_update("duplicates" if duplicate else "representatives")
                if duplicate and self.drop_duplicates:
                    continue
                doc.metadata = {**doc.metadata, "cluster": record["cluster"], "duplicate_of": record["duplicate_of"],
                                "similarity": record["similarity"]}
                yield doc

    @staticmethod
    def _spooled(data: DocumentsPipeline, spool: IO[str]) -> Iterator[dict[str, Any]]:
        for doc in data or ():
            spool.write(_document_json(doc))
            yield {"id": str(doc.id), "text": doc.text}


def _document_json(doc: DatatroveDocument) -> str:
    """A datatrove document as one JSON line (media bytes as base64; metadata as JSON holds it)."""
    media = [{**dataclasses.asdict(m), "media_bytes": base64.b64encode(m.media_bytes).decode("ascii")
              if m.media_bytes is not None else None} for m in doc.media]
    return json.dumps({"text": doc.text, "id": doc.id, "media": media, "metadata": doc.metadata},
                      ensure_ascii=True, default=str) + "\n"


def _document_from_json(line: str) -> DatatroveDocument:
    obj = json.loads(line)
    media = [Media(**{**m, "media_bytes": base64.b64decode(m["media_bytes"]) if m["media_bytes"] is not None
                      else None}) for m in obj["media"]]
    return DatatroveDocument(text=obj["text"], id=obj["id"], media=media, metadata=obj["metadata"])

