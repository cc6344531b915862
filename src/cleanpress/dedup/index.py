"""Persistent dedup indexes: SQLite by default (one file, no server), Redis when given a URL.

An index stores, for every story added, its id, sequence number, shingle
count, length, signature (512 bytes by default), sentence fingerprints (at
most ``sentence_sketch`` x 8 bytes), its lead, its prose sample (at most
``prose_sample`` x 4 bytes: the sampled hashes are below 2**29), whether its id was a JSON integer (ids are
stored and compared as text; the flag gives an earlier run's integer id back
as an integer) and a checksum of all of these, verified
when the index is opened; and the verified duplicate pairs (edges). The LSH
buckets, the sentence index and the clusters are rebuilt from those on
opening, so the stored data is bounded per story and cannot disagree with
itself. Every batch of stories is written
in one transaction: a run killed at any moment leaves the index as it was
after some whole batch, and rerunning the same input adds exactly the
stories that are missing (stories are keyed by id), so nothing is lost or
counted twice.

The index remembers the configuration that shapes signatures and buckets
(:meth:`cleanpress.dedup.config.DedupConfig.fingerprint`); opening it with a
different one (another MinHash scheme, seed, shingle size, ...) is refused.
A file that is not a cleanpress index is refused and left untouched. Every
failure of an index (unreadable, damaged, read-only, a Redis server that is
not there or not Redis) is an :class:`IndexFailure` with a one-line message.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from cleanpress.dedup.sentences import LEAD

#: what the ``meta`` table says of a cleanpress index, and the layout version this code reads and writes
FORMAT = "cleanpress-dedup-index"
VERSION = 4
#: seconds a process waits for another one's open or write of the same SQLite index
LOCK_WAIT = 60.0


class IndexFailure(ValueError):
    """An index could not be opened, read or written; the message names it and says why, on one line."""


def checksum(story_id: str, size: int, length: int, signature: bytes, sentences: bytes,  # noqa: PLR0917
             lead: bytes, prose: bytes, int_id: bool) -> int:
    """CRC-32 of everything stored for one story (verified when an index is opened)."""
    head = f"{story_id}\x00{size}\x00{length}\x00{int(int_id)}\x00".encode()
    return zlib.crc32(prose, zlib.crc32(lead, zlib.crc32(sentences, zlib.crc32(signature, zlib.crc32(head)))))


@dataclass(frozen=True, slots=True)
class Batch:
    """Stories to append, numbered from ``first_seq``, and the edges found for them."""

    first_seq: int
    ids: list[str]
    signatures: np.ndarray
    sizes: np.ndarray
    lengths: np.ndarray
    edges: list[tuple[int, int, float, str]]
    #: every story's sentence fingerprints, concatenated, and how many each story has
    sentence_keys: np.ndarray
    sentence_counts: np.ndarray
    #: every story's lead and tail sentences (``n x 2 LEAD``, the lead first; 0 where it has fewer)
    leads: np.ndarray
    #: every story's prose sample, concatenated, and how many keys each story has
    prose_keys: np.ndarray
    prose_counts: np.ndarray
    #: per story, whether its id was a JSON integer (None: none was)
    int_ids: np.ndarray | None = None

    def rows(self) -> list[tuple[str, int, int, bytes, bytes, bytes, bytes, bool]]:
        """Per story: id, shingle count, length, signature, sentence fingerprints, lead and prose sample
        (as bytes), and whether the id was a JSON integer."""
        ends = np.cumsum(self.sentence_counts)
        starts = ends - self.sentence_counts
        prose_ends = np.cumsum(self.prose_counts)
        prose_starts = prose_ends - self.prose_counts
        keys = self.sentence_keys.astype("<u8")
        prose = self.prose_keys.astype("<u4")  # sampled hashes are below 2**29 (PROSE_LIMIT): 4 bytes a key
        leads = self.leads.astype("<u8")
        ints = [False] * len(self.ids) if self.int_ids is None else [bool(x) for x in self.int_ids.tolist()]
        return [(sid, int(size), int(length), sig.tobytes(), keys[s:e].tobytes(), lead.tobytes(),
                 prose[ps:pe].tobytes(), int_id)
                for sid, size, length, sig, s, e, lead, ps, pe, int_id in zip(
                    self.ids, self.sizes.tolist(), self.lengths.tolist(), self.signatures, starts.tolist(),
                    ends.tolist(), leads, prose_starts.tolist(), prose_ends.tolist(), ints, strict=True)]


@dataclass(frozen=True, slots=True)
class Contents:
    """Everything an index holds, in sequence order."""

    ids: list[str]
    signatures: np.ndarray
    sizes: np.ndarray
    lengths: np.ndarray
    edges: list[tuple[int, int, float, str]]
    sentence_keys: np.ndarray
    sentence_counts: np.ndarray
    leads: np.ndarray
    prose_keys: np.ndarray
    prose_counts: np.ndarray
    #: per story, whether its id was a JSON integer
    int_ids: np.ndarray


def _contents(location: str, rows: list[tuple[str, int, int, bytes, bytes, bytes, bytes, bool, int]],
              edges: list[Any], dtype: Any, num_perm: int) -> Contents:
    """Contents from stored rows (id, size, length, signature, sentences, lead, prose, integer id?, checksum),
    each checked."""
    width = np.dtype(dtype).itemsize * num_perm
    for seq, (sid, size, length, sig, sentences, lead, prose, int_id, crc) in enumerate(rows):
        if (len(sig) != width or len(sentences) % 8 or len(lead) != 16 * LEAD or len(prose) % 4
                or checksum(sid, size, length, sig, sentences, lead, prose, int_id) != crc):
            raise IndexFailure(f"index {location} is damaged: what is stored for story {seq} ({sid!r}) fails its "
                               "checksum; restore the index from a copy or start a new one")
    sigs = (np.frombuffer(b"".join(r[3] for r in rows), dtype=dtype).reshape(len(rows), num_perm).copy()
            if rows else np.zeros((0, num_perm), dtype=dtype))
    return Contents(
        ids=[r[0] for r in rows],
        signatures=sigs,
        sizes=np.array([r[1] for r in rows], dtype=np.int64),
        lengths=np.array([r[2] for r in rows], dtype=np.int64),
        edges=[(int(a), int(b), float(s), str(k)) for a, b, s, k in edges],
        sentence_keys=np.frombuffer(b"".join(r[4] for r in rows), dtype="<u8").astype(np.uint64),
        sentence_counts=np.array([len(r[4]) // 8 for r in rows], dtype=np.int64),
        leads=np.frombuffer(b"".join(r[5] for r in rows), dtype="<u8").astype(np.uint64).reshape(len(rows),
                                                                                              2 * LEAD),
        prose_keys=np.frombuffer(b"".join(r[6] for r in rows), dtype="<u4").astype(np.uint64),
        prose_counts=np.array([len(r[6]) // 4 for r in rows], dtype=np.int64),
        int_ids=np.array([bool(r[7]) for r in rows], dtype=bool),
    )


class Store(Protocol):
    """What a persistent index does (see the module doc)."""

    location: str

    def open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents: ...

    def append(self, batch: Batch) -> None: ...

    def close(self) -> None: ...


def _check_fingerprint(location: str, stored: dict[str, Any], wanted: dict[str, Any]) -> None:
    diffs = [f"{k}={stored.get(k)!r} (asked for {wanted[k]!r})" for k in wanted if stored.get(k) != wanted[k]]
    if diffs:
        scheme_hint = ""
        if stored.get("scheme") != wanted.get("scheme"):
            scheme_hint = (" Signatures of different MinHash schemes cannot be compared;"
                           f" use DedupConfig(scheme={stored.get('scheme')!r}) or a new index.")
        raise IndexFailure(
            f"index {location} was built with a different configuration: {', '.join(diffs)}.{scheme_hint}"
            " Open it with the configuration it was built with, or start a new index."
        )


class SQLiteStore:
    """An index in one SQLite file.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "idx.sqlite")
    >>> store = SQLiteStore(path)
    >>> store.open({"scheme": "affine32"}, np.uint32, 2).ids
    []
    >>> store.append(Batch(0, ["a"], np.array([[1, 2]], np.uint32), np.array([3]), np.array([20]), [],
    ...                    np.array([7], np.uint64), np.array([1]), np.array([[7, 0, 0, 7, 0, 0]], np.uint64),
    ...                    np.array([5], np.uint64), np.array([1])))
    >>> store.close()
    >>> SQLiteStore(path).open({"scheme": "affine32"}, np.uint32, 2).ids
    ['a']
    >>> SQLiteStore(path).open({"scheme": "legacy"}, np.uint64, 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cleanpress.dedup.index.IndexFailure: index ... was built with a different configuration: scheme='affine32'...
    """

    def __init__(self, path: str) -> None:
        self.location = path
        self._db: sqlite3.Connection | None = None

    def open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        try:
            self._refuse_foreign()
            return self._open(fingerprint, dtype, num_perm)
        except sqlite3.DatabaseError as err:  # not SQLite, truncated, read-only, locked
            self.close()
            if "locked" in str(err):
                raise IndexFailure(f"index {self.location} could not be locked ({err}): another process holds it; "
                                   "run again when it has finished") from err
            if "readonly" in str(err):
                raise IndexFailure(f"index {self.location} is read-only ({err}): give a writable file") from err
            raise IndexFailure(f"index {self.location} is not a readable cleanpress index ({err}); cleanpress did "
                               "not change it: restore it from a copy or pass another --index") from err
        except ValueError:
            self.close()
            raise

    def _refuse_foreign(self) -> None:
        """Look at an existing file read-only first: anything but an empty database or a cleanpress index is
        refused before a table is added or the journal mode changed."""
        path = Path(self.location)
        if not path.exists() or path.stat().st_size == 0:
            return
        # a read-only connection cannot wait on a WAL index another process is opening (it may not create the
        # shared-memory file), so "locked" is retried here for as long as a writer is waited for below
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT)
            try:
                tables = sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
            finally:
                db.close()
            time.sleep(0.05)
        if not tables:
            return
        if meta.get("format") != FORMAT:
            older = " (an index of an older cleanpress: start a new one)" if "config" in meta else ""
            raise IndexFailure(f"index {self.location} is not a cleanpress index{older}: it holds the tables "
                               f"{', '.join(tables)}; cleanpress left it untouched")
        if meta.get("version") != str(VERSION):
            raise IndexFailure(f"index {self.location} has layout version {meta.get('version')}, this cleanpress "
                               f"reads version {VERSION}: start a new index")

    def _open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        # a second process waits up to 60 s for the first one's write to finish
        db = sqlite3.connect(self.location, isolation_level=None, timeout=LOCK_WAIT)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS stories (
                seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
                length INTEGER NOT NULL, signature BLOB NOT NULL, sentences BLOB NOT NULL,
                lead BLOB NOT NULL, prose BLOB NOT NULL, int_id INTEGER NOT NULL, checksum INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS edges (
                a INTEGER NOT NULL, b INTEGER NOT NULL, similarity REAL NOT NULL, kind TEXT NOT NULL);
            """
        )
        db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?), ('version', ?)", (FORMAT, str(VERSION)))
        # OR IGNORE: two processes opening a new index at once both get here; the first one's config stands
        # and the second checks its own against it
        db.execute("INSERT OR IGNORE INTO meta VALUES ('config', ?)", (json.dumps(fingerprint, sort_keys=True),))
        row = db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        _check_fingerprint(self.location, json.loads(row[0]), fingerprint)
        rows = db.execute("SELECT seq, id, size, length, signature, sentences, lead, prose, int_id, checksum "
                          "FROM stories ORDER BY seq").fetchall()
        for expected, r in enumerate(rows):
            if r[0] != expected:
                raise IndexFailure(f"index {self.location} is damaged: story numbers jump from {expected - 1} "
                                   f"to {r[0]}")
        edges = db.execute("SELECT a, b, similarity, kind FROM edges").fetchall()
        return _contents(self.location, [r[1:] for r in rows], edges, dtype, num_perm)

    def append(self, batch: Batch) -> None:
        assert self._db is not None, "open() the store first"
        db = self._db
        rows = [(batch.first_seq + i, *row, checksum(*row)) for i, row in enumerate(batch.rows())]
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise IndexFailure(f"index {self.location} could not be locked for writing ({err})") from err
        try:
            (next_seq,) = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM stories").fetchone()
            if next_seq != batch.first_seq:
                raise IndexFailure(
                    f"index {self.location} was changed by another process while this run used it (it holds "
                    f"{next_seq} stories, this run expected {batch.first_seq}); nothing of this batch was written: "
                    "rerun when the other process has finished to resume")
            db.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", batch.edges)
            db.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            db.execute("ROLLBACK")
            raise IndexFailure(f"index {self.location} could not be written ({err})") from err
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class RedisStore:
    """An index in Redis (``redis://host:port/db``), under keys starting with ``prefix``.

    Needs the ``redis`` package (``pip install 'cleanpress[redis]'``). Lists
    ``PREFIX:ids``, ``PREFIX:sigs``, ``PREFIX:sents``, ``PREFIX:leads``, ``PREFIX:prose`` and ``PREFIX:info`` hold one
    entry per story in sequence order (``info``: shingle count, length, checksum and 1 when the id was a JSON
    integer, else 0), ``PREFIX:edges`` the verified pairs and
    ``PREFIX:meta`` the format and configuration; each batch is appended in one
    MULTI/EXEC transaction. Any Redis error is an :class:`IndexFailure`.
    """

    def __init__(self, url: str, prefix: str = "cleanpress") -> None:
        try:
            import redis  # an optional extra, needed only for a Redis index
        except ImportError as err:
            raise ImportError(
                f"a Redis index ({url}) needs the redis package: pip install 'cleanpress[redis]'"
            ) from err
        self.location = url
        self.prefix = prefix
        self._errors = (redis.RedisError,)
        try:
            self._client = redis.Redis.from_url(url, socket_connect_timeout=10)
        except (ValueError, *self._errors) as err:
            raise IndexFailure(f"index {url}: not a usable Redis URL ({err})") from err

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _failure(self, err: Exception) -> IndexFailure:
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        return IndexFailure(f"index {self.location}: Redis failed ({type(err).__name__}: {message})")

    def open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        try:
            return self._open(fingerprint, dtype, num_perm)
        except self._errors as err:
            raise self._failure(err) from err

    def _open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        r = self._client
        raw: dict[bytes, bytes] = r.hgetall(self._key("meta"))  # type: ignore[assignment,unused-ignore]  # needed where redis is installed (typed), unused where not
        meta = {k.decode(): v.decode() for k, v in raw.items()}
        if "config" in meta and meta.get("format") != FORMAT:
            raise IndexFailure(f"index {self.location} is an index of an older cleanpress (or not cleanpress's): "
                               "use another prefix or database")
        if meta and meta.get("version") != str(VERSION):
            raise IndexFailure(f"index {self.location} has layout version {meta.get('version')}, this cleanpress "
                               f"reads version {VERSION}: start a new index")
        if not meta:
            r.hset(self._key("meta"), mapping={"format": FORMAT, "version": str(VERSION),
                                               "config": json.dumps(fingerprint, sort_keys=True)})
        else:
            _check_fingerprint(self.location, json.loads(meta["config"]), fingerprint)
        pipe = r.pipeline(transaction=True)
        for name in ("ids", "sigs", "sents", "leads", "prose", "info", "edges"):
            pipe.lrange(self._key(name), 0, -1)
        ids_raw, sigs_raw, sents_raw, leads_raw, prose_raw, info_raw, edges_raw = pipe.execute()
        if not len(ids_raw) == len(sigs_raw) == len(sents_raw) == len(leads_raw) == len(prose_raw) == len(info_raw):
            raise IndexFailure(f"index {self.location} is damaged: its lists have different lengths")
        rows: list[tuple[str, int, int, bytes, bytes, bytes, bytes, bool, int]] = []
        for sid, sig, sents, lead, prose, info in zip(ids_raw, sigs_raw, sents_raw, leads_raw, prose_raw, info_raw,
                                                       strict=True):
            fields = info.split(b",")
            if len(fields) != 4 or fields[3] not in {b"0", b"1"}:
                raise IndexFailure(f"index {self.location} is damaged: story {len(rows)} has the entry {info!r} in "
                                   f"{self._key('info')} (not size,length,checksum,0|1)")
            size, length, crc = (int(x) for x in fields[:3])
            rows.append((sid.decode("utf-8"), size, length, sig, sents, lead, prose, fields[3] == b"1", crc))
        edges = []
        for e in edges_raw:
            a, b, sim, k = e.decode().split(",")
            edges.append((int(a), int(b), float(sim), k))
        return _contents(self.location, rows, edges, dtype, num_perm)

    def append(self, batch: Batch) -> None:
        try:
            self._append(batch)
        except self._errors as err:
            raise self._failure(err) from err

    def _append(self, batch: Batch) -> None:
        import redis  # an optional extra, needed only for a Redis index

        rows = batch.rows()
        r = self._client
        with r.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(self._key("ids"))
                    if pipe.llen(self._key("ids")) != batch.first_seq:
                        raise IndexFailure(f"index {self.location} was changed by another writer; rerun to resume")
                    pipe.multi()
                    if rows:
                        pipe.rpush(self._key("ids"), *[row[0].encode("utf-8") for row in rows])
                        pipe.rpush(self._key("sigs"), *[row[3] for row in rows])
                        pipe.rpush(self._key("sents"), *[row[4] for row in rows])
                        pipe.rpush(self._key("leads"), *[row[5] for row in rows])
                        pipe.rpush(self._key("prose"), *[row[6] for row in rows])
                        pipe.rpush(self._key("info"), *[f"{row[1]},{row[2]},{checksum(*row)},{int(row[7])}"
                                                          for row in rows])
                    if batch.edges:
                        pipe.rpush(self._key("edges"), *[f"{a},{b},{s!r},{k}" for a, b, s, k in batch.edges])
                    pipe.execute()
                    return
                except redis.WatchError:  # pragma: no cover - another writer raced us; check again
                    continue

    def close(self) -> None:
        try:
            self._client.close()
        except self._errors as err:  # pragma: no cover - closing a connection that is already gone
            raise self._failure(err) from err


def open_store(location: str) -> Store:
    """A :class:`RedisStore` for ``redis://`` / ``rediss://`` / ``unix://`` URLs, else a :class:`SQLiteStore`.

    >>> type(open_store("month.sqlite")).__name__
    'SQLiteStore'
    """
    if location.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(location)
    return SQLiteStore(location)
