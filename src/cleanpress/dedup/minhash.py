"""Batch MinHash signatures, vectorised with numpy, bit-for-bit compatible with ``datasketch.MinHash``.

A signature is what ``datasketch.MinHash(num_perm, seed=seed, scheme=scheme)``
holds in ``hashvalues`` after ``update_batch`` with a text's shingles (see
:mod:`cleanpress.dedup.shingle`): the same permutations (drawn from
``numpy.random.RandomState(seed)`` exactly as datasketch draws them), the same
pre-mix and arithmetic, for the ``"affine32"`` scheme (datasketch 2's default)
and the ``"legacy"`` one (datasketch 1.x).

Each shingle is first hashed to 32 bits. Two hash functions are offered:

``"sha1"``
    datasketch's default ``hashfunc`` (``sha1_hash32``: the first four bytes
    of SHA-1 of the shingle's UTF-8 bytes, little-endian). Signatures equal
    ``MinHash(...).update_batch([s.encode() for s in shingles])``. SHA-1 must
    run once per shingle from Python, which costs about as much as all the
    rest of the work together.
``"poly"`` (default)
    each token is hashed once, as a polynomial of its UTF-8 bytes modulo
    2**64; a shingle's hash is the polynomial of its tokens' hashes modulo
    2**64, finished with the MurmurHash3 64-bit mixer (top 32 bits).
    :func:`shingle_hash` computes it for one shingle. All shingles of a batch
    are hashed at once with array arithmetic (prefix sums over the batch's
    bytes, then over its tokens), with no Python work per token or shingle.
    Signatures equal ``MinHash(..., hashfunc=shingle_hash).update_batch(shingles)``.

Nothing depends on Python's salted ``hash``: signatures are the same in every
process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.shingle import Shingler

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
_M64 = (1 << 64) - 1
#: the bases of the polynomial hashes over a token's bytes and over a shingle's tokens (odd: invertible mod 2**64)
POLY_BASE = 0x9E3779B97F4A7C15
TOKEN_BASE = 0xC2B2AE3D27D4EB4F
_POLY_INV = pow(POLY_BASE, -1, 1 << 64)
_TOKEN_INV = pow(TOKEN_BASE, -1, 1 << 64)
#: shingles per block of the permutation step (``num_perm x rows`` values: 4 MB for 128 uint32 permutations)
_BLOCK_ROWS = 8192
#: values per block of the polynomial hashes (bytes of a batch, then tokens): each uint64 temporary is 2 MB
_POLY_BLOCK = 1 << 18
#: characters of text hashed together by :meth:`Signer.sign` (its shingle arrays then take a few MB)
_TEXT_BLOCK = 1 << 18


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser on a uint32 array (datasketch's affine pre-mix)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser on a uint64 array."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _fmix64_int(h: int) -> int:
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _M64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _M64
    return h ^ (h >> 33)


def shingle_hash(shingle: str | bytes) -> int:
    """The ``"poly"`` 32-bit hash of one shingle; pass it to datasketch as ``hashfunc``.

    With ``t_k = sum_j (byte_j + 1) * POLY_BASE**j`` the hash of the k-th
    space-separated token, ``sum_k t_k * TOKEN_BASE**k`` (all mod 2**64),
    mixed with MurmurHash3's 64-bit finaliser, top 32 bits.

    >>> shingle_hash("the mayor opened the bridge")
    91941756
    >>> shingle_hash("the mayor opened the bridge") == shingle_hash(b"the mayor opened the bridge")
    True
    """
    data = shingle.encode("utf-8") if isinstance(shingle, str) else shingle
    h, token_power = 0, 1
    for token in data.split(b" "):
        t, power = 0, 1
        for byte in token:
            t = (t + (byte + 1) * power) & _M64
            power = (power * POLY_BASE) & _M64
        h = (h + t * token_power) & _M64
        token_power = (token_power * TOKEN_BASE) & _M64
    return _fmix64_int(h) >> 32


def permutations(num_perm: int, seed: int, scheme: str) -> np.ndarray:
    """The ``(2, num_perm)`` permutation parameters ``a``, ``b`` datasketch draws for ``seed``.

    >>> from datasketch import MinHash
    >>> bool((permutations(16, 7, "affine32") == MinHash(16, seed=7).permutations).all())
    True
    """
    gen = np.random.RandomState(seed)
    if scheme == "legacy":
        return np.array(
            [(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
             for _ in range(num_perm)],
            dtype=np.uint64,
        ).T
    if scheme == "affine32":
        a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        return np.array([a, b])
    raise ValueError(f"scheme must be 'affine32' or 'legacy', got {scheme!r}")


@dataclass(frozen=True, slots=True)
class Signatures:
    """Signatures of a batch of texts: one row of ``values`` per text.

    ``sizes`` counts each text's distinct shingle hashes (the size of its
    shingle set, short of 32-bit hash collisions). A text without shingles
    has size 0 and the signature of an empty ``datasketch.MinHash``.
    """

    values: np.ndarray
    sizes: np.ndarray
    scheme: str

    def __len__(self) -> int:
        return len(self.sizes)


class Signer:
    """Computes datasketch-compatible MinHash signatures for batches of texts.

    >>> from datasketch import MinHash
    >>> signer = Signer(DedupConfig(num_perm=32, hash="sha1"))
    >>> text = "The mayor opened the new bridge on Monday morning."
    >>> m = MinHash(32)
    >>> m.update_batch([s.encode() for s in signer.shingler.shingles(text)])
    >>> bool((signer.sign([text]).values[0] == m.hashvalues).all())
    True
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        c = self.config
        self.shingler = Shingler(ngram=c.ngram, char_ngram=c.char_ngram)
        self.scheme = c.scheme
        self.permutations = permutations(c.num_perm, c.seed, c.scheme)
        self.dtype = np.uint64 if c.scheme == "legacy" else np.uint32
        self.empty = np.full(c.num_perm, _MAX32 if c.scheme == "legacy" else np.uint32(0xFFFFFFFF), dtype=self.dtype)
        # powers of the polynomial bases and of their inverses, grown on demand
        self._powers: dict[int, np.ndarray] = {}

    # -- shingle hashes ------------------------------------------------------------------------------

    def _power_table(self, base: int, length: int) -> np.ndarray:
        """``base**0 .. base**(length-1)`` mod 2**64 (at least; kept on the instance, grown by doubling)."""
        table = self._powers.get(base)
        if table is None:
            table = np.ones(1, dtype=np.uint64)
        if len(table) < length:
            with np.errstate(over="ignore"):
                while len(table) < length:  # [p**0 .. p**(n-1)] then times p**n: [p**n .. p**(2n-1)]
                    table = np.concatenate((table, table * np.uint64(pow(base, len(table), 1 << 64))))
            # kept at most one block long (+1), not the doubled length: 2 MB per base
            self._powers[base] = table = table[: max(length, _POLY_BLOCK + 1)].copy()
        return table

    def _power_slice(self, base: int, length: int) -> np.ndarray:
        """``base**0 .. base**(length-1)``; tables beyond a block's length are made for the call, not kept."""
        if length <= _POLY_BLOCK + 1:
            return self._power_table(base, length)[:length]
        with np.errstate(over="ignore"):
            table = np.ones(1, dtype=np.uint64)
            while len(table) < length:
                table = np.concatenate((table, table * np.uint64(pow(base, len(table), 1 << 64))))
        return table[:length]

    def _geometric(self, length: int) -> np.ndarray:
        """``G[L] = sum(POLY_BASE**j for j < L)`` mod 2**64 for ``L = 0 .. length - 1``: what adding one to
        each of a token's ``L`` bytes adds to its hash."""
        table = self._powers.get(-1)
        if table is None or len(table) < length:
            powers = self._power_slice(POLY_BASE, max(length, 64))
            table = np.zeros(len(powers) + 1, dtype=np.uint64)
            with np.errstate(over="ignore"):
                np.cumsum(powers, out=table[1:])
            if len(table) <= _POLY_BLOCK + 2:
                self._powers[-1] = table
        return table

    def _poly(self, values: np.ndarray, base: int, inverse: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """``sum(values[s + j] * base**j for j < e - s)`` mod 2**64 for every span ``[s, e)``.

        ``values`` may be any unsigned integer array (uint8 bytes are widened as they are multiplied).
        ``starts`` and ``ends`` must both be non-decreasing (tokens in order, shingles in order).
        The spans are taken in blocks covering about :data:`_POLY_BLOCK` values, each with its own
        prefix sums from the block's first value: a span's value depends only on its own values,
        so the result is the same as one pass over everything, with temporaries a few MB in size
        (a block is longer only when a single span is).
        """
        out = np.empty(len(starts), dtype=np.uint64)
        i0 = 0
        while i0 < len(starts):
            s0 = int(starts[i0])
            i1 = max(int(np.searchsorted(ends, s0 + _POLY_BLOCK, side="right")), i0 + 1)
            e1 = int(ends[i1 - 1])  # ends are non-decreasing: the block's last span ends last
            n = e1 - s0
            prefix = np.empty(n + 1, dtype=np.uint64)
            prefix[0] = 0
            local_s, local_e = starts[i0:i1] - s0, ends[i0:i1] - s0
            with np.errstate(over="ignore"):
                np.multiply(values[s0:e1], self._power_slice(base, n), out=prefix[1:])
                np.cumsum(prefix[1:], out=prefix[1:])
                span = prefix[local_e]
                span -= prefix[local_s]
                span *= self._power_slice(inverse, n + 1)[local_s]
            out[i0:i1] = span
            i0 = i1
        return out

    def _poly_bytes(self, raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """:meth:`_poly` over ``raw + 1`` (the token hashes): the polynomial of the bytes themselves plus
        :meth:`_geometric` of each token's length, so the bytes are never copied to add one."""
        lengths = ends - starts
        out = self._poly(raw, POLY_BASE, _POLY_INV, starts, ends)
        with np.errstate(over="ignore"):
            out += self._geometric(int(lengths.max()) + 1 if len(lengths) else 1)[lengths]
        return out

    def _sha1_spans(self, data: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """datasketch's ``sha1_hash32`` of ``data[starts[i]:ends[i]]`` for every i."""
        sha1 = hashlib.sha1
        digests = b"".join([sha1(data[s:e]).digest()[:4] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)])
        return np.frombuffer(digests, dtype="<u4").astype(np.uint32)

    def _shingle_spans(self, counts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For texts with ``counts`` tokens and shingle ``sizes``: each shingle's first and last token
        (global token numbers), and the number of shingles per text."""
        k = np.minimum(sizes, counts)
        m = np.where(counts > 0, counts - k + 1, 0)
        tok_offset = np.cumsum(counts) - counts
        sh_offset = np.cumsum(m) - m
        doc = np.repeat(np.arange(len(counts)), m)
        first = tok_offset[doc] + (np.arange(int(m.sum())) - sh_offset[doc])
        return first, first + k[doc] - 1, m

    def shingle_hashes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The 32-bit hash of every shingle of every text (in order), and each text's shingle count."""
        if self.config.hash == "sha1":
            return self._sha1_shingle_hashes(texts)
        pieces: list[bytes] = []
        size_list: list[int] = []
        token_bytes = self.shingler.token_bytes
        for text in texts:
            piece, size = token_bytes(text)
            pieces.append(piece)
            size_list.append(size)
        data = b" ".join(pieces)
        if not data:
            return np.zeros(0, dtype=np.uint32), np.zeros(len(texts), dtype=np.int64)
        sizes = np.array(size_list, dtype=np.int64)
        raw = np.frombuffer(data, dtype=np.uint8)
        word = np.zeros(len(raw) + 2, dtype=np.bool_)
        np.not_equal(raw, 32, out=word[1:-1])
        edges = np.flatnonzero(word[1:] != word[:-1])  # a token's start, then its end, alternately
        tok_start, tok_end = edges[0::2], edges[1::2]
        # pieces are separated by one space: the tokens of text i start in [piece i's start, piece i+1's start)
        bounds = np.zeros(len(pieces) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)) + 1, out=bounds[1:])
        counts = np.diff(np.searchsorted(tok_start, bounds))
        del word, edges, pieces
        token_hashes = self._poly_bytes(raw, tok_start, tok_end)
        first, last, m = self._shingle_spans(counts, sizes)
        h = self._poly(token_hashes, TOKEN_BASE, _TOKEN_INV, first, last + 1)
        return (_fmix64(h) >> np.uint64(32)).astype(np.uint32), m

    def _sha1_shingle_hashes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        lines: list[bytes] = []
        counts = np.zeros(len(texts), dtype=np.int64)
        sizes = np.zeros(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            line, counts[i], sizes[i] = self.shingler.token_line(text)
            if counts[i]:
                lines.append(line)
        if not lines:
            return np.zeros(0, dtype=np.uint32), np.zeros(len(texts), dtype=np.int64)
        data = b" ".join(lines)  # single spaces throughout: a shingle is a contiguous span
        raw = np.frombuffer(data, dtype=np.uint8)
        seps = np.flatnonzero(raw == 32)
        tok_start = np.concatenate(([0], seps + 1))
        tok_end = np.concatenate((seps, [len(raw)]))
        first, last, m = self._shingle_spans(counts, sizes)
        return self._sha1_spans(data, tok_start[first], tok_end[last]), m

    # -- signatures ----------------------------------------------------------------------------------

    def _permuted_min(self, hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Per text, the minimum over its shingles of every permutation (rows of ``counts`` > 0 only).

        The shingles are taken in blocks of whole texts, about :data:`_BLOCK_ROWS` shingles each,
        with permutations along the rows of one buffer made once per call (the reduction runs over
        contiguous memory; a fresh block per step would cost a page fault per 4 KB of it).
        """
        a, b = self.permutations
        num_perm = len(a)
        out = np.empty((len(counts), num_perm), dtype=self.dtype)
        hv = hashes.astype(np.uint64) if self.scheme == "legacy" else _fmix32(hashes.astype(np.uint32))
        ends = np.cumsum(counts)
        starts = ends - counts
        a_col, b_col = a[:, None], b[:, None]
        buffer = np.empty((num_perm, min(_BLOCK_ROWS, len(hv)) or 1), dtype=self.dtype)
        d0 = 0
        with np.errstate(over="ignore"):
            while d0 < len(counts):
                # texts d0..d1 whose shingles fill one block (at least one text)
                d1 = int(np.searchsorted(ends, starts[d0] + _BLOCK_ROWS, side="right"))
                d1 = max(d1, d0 + 1)
                r0, r1 = int(starts[d0]), int(ends[d1 - 1])
                if r1 - r0 > buffer.shape[1]:  # one text longer than a block: a block of its own
                    buffer = np.empty((num_perm, r1 - r0), dtype=self.dtype)
                block = buffer[:, : r1 - r0]
                np.multiply(a_col, hv[None, r0:r1], out=block)
                block += b_col
                if self.scheme == "legacy":
                    block %= _MERSENNE
                    block &= _MAX32
                out[d0:d1] = np.minimum.reduceat(block, starts[d0:d1] - r0, axis=1).T
                d0 = d1
        return out

    def sign(self, texts: Sequence[str]) -> Signatures:
        """Signatures of ``texts`` (one row each), computed together.

        The texts are hashed in groups of about :data:`_TEXT_BLOCK` characters (a text longer
        than that is a group of its own): every text's signature depends on its own shingles
        only, so this gives the same rows as one pass, while the per-shingle temporaries (about
        120 bytes per shingle while hashing) stay a few MB whatever the batch size.
        """
        values = np.tile(self.empty, (len(texts), 1))
        sizes = np.zeros(len(texts), dtype=np.int64)
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        ends = np.cumsum(lengths)
        d0 = 0
        while d0 < len(texts):
            base = int(ends[d0] - lengths[d0])
            d1 = max(int(np.searchsorted(ends, base + _TEXT_BLOCK, side="right")), d0 + 1)
            hashes, counts = self.shingle_hashes(texts[d0:d1])
            nonempty = counts > 0
            if nonempty.any():
                rows = np.flatnonzero(nonempty) + d0
                values[rows] = self._permuted_min(hashes, counts[nonempty])
                sizes[rows] = _distinct_per_segment(hashes, counts[nonempty])
            d0 = d1
        return Signatures(values, sizes, self.scheme)

    def sign_shingles(self, shingles: Iterable[str | bytes]) -> np.ndarray:
        """The signature of one explicit collection of shingles (as ``MinHash.update_batch`` would give)."""
        encoded = [s.encode("utf-8") if isinstance(s, str) else s for s in shingles]
        if not encoded:
            return self.empty.copy()
        if self.config.hash == "sha1":
            data = b"".join(encoded)
            ends = np.cumsum([len(s) for s in encoded])
            hashes = self._sha1_spans(data, ends - [len(s) for s in encoded], ends)
        else:
            hashes = np.array([shingle_hash(s) for s in encoded], dtype=np.uint32)
        return self._permuted_min(hashes, np.array([len(encoded)]))[0]


def _distinct_per_segment(hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The number of distinct values in each consecutive segment of ``hashes`` (segment lengths ``counts``, > 0).

    Segments are laid out as the rows of a matrix padded with the largest
    value and sorted row by row (several times faster than one global sort);
    the first ``count`` values of a sorted row are exactly its segment's.
    When padding would more than triple the memory, one global sort is used.

    >>> _distinct_per_segment(np.array([5, 5, 1, 7, 7, 7], dtype=np.uint32), np.array([3, 1, 2]))
    array([2, 1, 1])
    """
    n, width = len(counts), int(counts.max())
    if n * width <= 3 * len(hashes):
        valid = np.arange(width) < counts[:, None]
        rows = np.full((n, width), np.iinfo(np.uint32).max, dtype=np.uint32)
        rows[valid] = hashes
        rows.sort(axis=1)
        return 1 + ((rows[:, 1:] != rows[:, :-1]) & valid[:, 1:]).sum(axis=1)
    segment = np.repeat(np.arange(n, dtype=np.uint64), counts)
    keys = np.sort((segment << np.uint64(32)) | hashes.astype(np.uint64))
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return np.bincount((keys[first] >> np.uint64(32)).astype(np.int64), minlength=n)


def to_datasketch(values: np.ndarray, config: DedupConfig | None = None):  # type: ignore[no-untyped-def]
    """A ``datasketch.MinHash`` holding a signature (for use with datasketch's own indexes).

    >>> signer = Signer(DedupConfig(num_perm=16))
    >>> m = to_datasketch(signer.sign(["a b c d e f"]).values[0], signer.config)
    >>> m.scheme, len(m)
    ('affine32', 16)
    """
    from datasketch import MinHash  # only this conversion needs datasketch

    c = config or DedupConfig()
    return MinHash(c.num_perm, seed=c.seed, scheme=c.scheme, hashvalues=values,
                   hashfunc=shingle_hash if c.hash == "poly" else None)
