"""Persistent dedup indexes: SQLite by default (one file, no server), Redis when given a URL.

An index stores, for every story added, its id, sequence number, shingle
count, length, signature, and the verified duplicate pairs (edges). The LSH
buckets and clusters are rebuilt from those on opening, so the stored data
is small and cannot disagree with itself. Every batch of stories is written
in one transaction: a run killed at any moment leaves the index as it was
after some whole batch, and rerunning the same input adds exactly the
stories that are missing (stories are keyed by id), so nothing is lost or
counted twice.

The index remembers the configuration that shapes signatures and buckets
(:meth:`cleanpress.dedup.config.DedupConfig.fingerprint`); opening it with a
different one (another MinHash scheme, seed, shingle size, ...) is refused.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Batch:
    """Stories to append, numbered from ``first_seq``, and the edges found for them."""

    first_seq: int
    ids: list[str]
    signatures: np.ndarray
    sizes: np.ndarray
    lengths: np.ndarray
    edges: list[tuple[int, int, float, str]]


@dataclass(frozen=True, slots=True)
class Contents:
    """Everything an index holds, in sequence order."""

    ids: list[str]
    signatures: np.ndarray
    sizes: np.ndarray
    lengths: np.ndarray
    edges: list[tuple[int, int, float, str]]


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
        raise ValueError(
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
    >>> store.append(Batch(0, ["a"], np.array([[1, 2]], np.uint32), np.array([3]), np.array([20]), []))
    >>> store.close()
    >>> SQLiteStore(path).open({"scheme": "affine32"}, np.uint32, 2).ids
    ['a']
    >>> SQLiteStore(path).open({"scheme": "legacy"}, np.uint64, 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: index ... was built with a different configuration: scheme='affine32' (asked for 'legacy')...
    """

    def __init__(self, path: str) -> None:
        self.location = path
        self._db: sqlite3.Connection | None = None

    def open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        try:
            return self._open(fingerprint, dtype, num_perm)
        except sqlite3.DatabaseError as err:  # not SQLite, truncated, or another program's tables
            self.close()
            raise ValueError(f"index {self.location} is not a readable cleanpress index ({err}); cleanpress did not "
                             "reset it: restore it from a copy or pass another --index") from err

    def _open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        # a second process waits up to 60 s for the first one's write to finish
        db = sqlite3.connect(self.location, isolation_level=None, timeout=60)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS stories (
                seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                size INTEGER NOT NULL, length INTEGER NOT NULL, signature BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS edges (
                a INTEGER NOT NULL, b INTEGER NOT NULL, similarity REAL NOT NULL, kind TEXT NOT NULL);
            """
        )
        row = db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        if row is None:
            db.execute("INSERT INTO meta VALUES ('config', ?)", (json.dumps(fingerprint, sort_keys=True),))
        else:
            _check_fingerprint(self.location, json.loads(row[0]), fingerprint)
        rows = db.execute("SELECT seq, id, size, length, signature FROM stories ORDER BY seq").fetchall()
        for expected, r in enumerate(rows):
            if r[0] != expected:
                raise ValueError(f"index {self.location} is damaged: story numbers jump from {expected - 1} to {r[0]}")
        width = np.dtype(dtype).itemsize * num_perm
        sigs = np.frombuffer(b"".join(r[4] for r in rows), dtype=dtype).reshape(len(rows), num_perm) if rows \
            else np.zeros((0, num_perm), dtype=dtype)
        if rows and any(len(r[4]) != width for r in rows):
            raise ValueError(f"index {self.location} holds signatures of another width than {num_perm} x {dtype}")
        edges = [(int(a), int(b), float(s), str(k))
                 for a, b, s, k in db.execute("SELECT a, b, similarity, kind FROM edges")]
        return Contents(
            ids=[r[1] for r in rows],
            signatures=sigs.copy(),
            sizes=np.array([r[2] for r in rows], dtype=np.int64),
            lengths=np.array([r[3] for r in rows], dtype=np.int64),
            edges=edges,
        )

    def append(self, batch: Batch) -> None:
        assert self._db is not None, "open() the store first"
        db = self._db
        rows = [
            (batch.first_seq + i, story_id, int(size), int(length), sig.tobytes())
            for i, (story_id, size, length, sig) in enumerate(
                zip(batch.ids, batch.sizes.tolist(), batch.lengths.tolist(), batch.signatures, strict=True))
        ]
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise ValueError(f"index {self.location} could not be locked for writing ({err})") from err
        try:
            (next_seq,) = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM stories").fetchone()
            if next_seq != batch.first_seq:
                raise ValueError(
                    f"index {self.location} was changed by another process while this run used it (it holds "
                    f"{next_seq} stories, this run expected {batch.first_seq}); nothing of this batch was written: "
                    "rerun when the other process has finished to resume")
            db.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?)", rows)
            db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", batch.edges)
            db.execute("COMMIT")
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
    ``PREFIX:ids``, ``PREFIX:sigs`` and ``PREFIX:info`` hold one entry per story
    in sequence order, ``PREFIX:edges`` the verified pairs and ``PREFIX:meta``
    the configuration; each batch is appended in one MULTI/EXEC transaction.
    """

    def __init__(self, url: str, prefix: str = "cleanpress") -> None:
        try:
            import redis  # noqa: PLC0415 - an optional extra, needed only for a Redis index
        except ImportError as err:
            raise ImportError(
                f"a Redis index ({url}) needs the redis package: pip install 'cleanpress[redis]'"
            ) from err
        self.location = url
        self.prefix = prefix
        self._client = redis.Redis.from_url(url)

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def open(self, fingerprint: dict[str, Any], dtype: Any, num_perm: int) -> Contents:
        r = self._client
        stored = r.hget(self._key("meta"), "config")
        if stored is None:
            r.hsetnx(self._key("meta"), "config", json.dumps(fingerprint, sort_keys=True))
        else:
            _check_fingerprint(self.location, json.loads(stored), fingerprint)
        pipe = r.pipeline(transaction=True)
        for name in ("ids", "sigs", "info", "edges"):
            pipe.lrange(self._key(name), 0, -1)
        ids_raw, sigs_raw, info_raw, edges_raw = pipe.execute()
        if not len(ids_raw) == len(sigs_raw) == len(info_raw):
            raise ValueError(f"index {self.location} is damaged: its lists have different lengths")
        info = [tuple(int(x) for x in v.split(b",")) for v in info_raw]
        sigs = (np.frombuffer(b"".join(sigs_raw), dtype=dtype).reshape(len(sigs_raw), num_perm).copy()
                if sigs_raw else np.zeros((0, num_perm), dtype=dtype))
        edges = []
        for e in edges_raw:
            a, b, s, k = e.decode().split(",")
            edges.append((int(a), int(b), float(s), k))
        return Contents(
            ids=[v.decode("utf-8") for v in ids_raw],
            signatures=sigs,
            sizes=np.array([i[0] for i in info], dtype=np.int64),
            lengths=np.array([i[1] for i in info], dtype=np.int64),
            edges=edges,
        )

    def append(self, batch: Batch) -> None:
        import redis  # noqa: PLC0415 - an optional extra, needed only for a Redis index

        r = self._client
        with r.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(self._key("ids"))
                    if pipe.llen(self._key("ids")) != batch.first_seq:
                        raise ValueError(f"index {self.location} was changed by another writer; rerun to resume")
                    pipe.multi()
                    if batch.ids:
                        pipe.rpush(self._key("ids"), *[i.encode("utf-8") for i in batch.ids])
                        pipe.rpush(self._key("sigs"), *[s.tobytes() for s in batch.signatures])
                        info = zip(batch.sizes.tolist(), batch.lengths.tolist(), strict=True)
                        pipe.rpush(self._key("info"), *[f"{s},{n}" for s, n in info])
                    if batch.edges:
                        pipe.rpush(self._key("edges"), *[f"{a},{b},{s!r},{k}" for a, b, s, k in batch.edges])
                    pipe.execute()
                    return
                except redis.WatchError:  # pragma: no cover - another writer raced us; check again
                    continue

    def close(self) -> None:
        self._client.close()


def open_store(location: str) -> Store:
    """A :class:`RedisStore` for ``redis://`` / ``rediss://`` / ``unix://`` URLs, else a :class:`SQLiteStore`.

    >>> type(open_store("month.sqlite")).__name__
    'SQLiteStore'
    """
    if location.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(location)
    return SQLiteStore(location)
