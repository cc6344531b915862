"""Sentence fingerprints: the evidence that host text around a copy cannot dilute.

A story's *sentence fingerprints* are 64-bit hashes of its long sentences: a
run of text ending in ``.``, ``!``, ``?``, ``…`` (followed by a space or the
end) or in ``。！？``, normalised and tokenised as shingles are
(:mod:`cleanpress.dedup.shingle`), with at least ``sentence_words`` tokens.
Lines without a sentence end (menus, headlines, link lists) give none. A copy
keeps the sentences of its story whatever is added around it, so two
stories sharing several long sentences share text, however much else either
holds; whole-set measures (Jaccard, containment estimated from it) fall as
the host text grows.

A story keeps at most ``sentence_sketch`` fingerprints: all of them, or the
smallest hashes (a bottom-k sample: where two copies share sentences, they
keep the same ones), sorted, 8 bytes each; and its *lead*, the first
:data:`LEAD` of them in text order (kept as well when the sample leaves them
out). A copy trimmed to its first paragraphs keeps its story's lead. Its *tail*, the last
:data:`LEAD`, is kept too: two texts ending with the same long sentences (a site's footer)
share an ending, not necessarily a story.

>>> fp = SentenceFingerprints(sentence_words=4)
>>> keys, counts, leads = fp.keys(["Menu\\nThe council met on Tuesday. It voted. The budget passed after a long "
...                                "debate!", "THE COUNCIL MET ON TUESDAY."])
>>> counts.tolist(), bool(leads[1, 0] == leads[0, 0]), leads[1, 1:].tolist()
([2, 1], True, [0, 0])
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cleanpress.dedup.shingle import _ASCII_TABLE, normalise, tokens

#: where sentences end (group 1), and line breaks, which end text without a sentence end; found in one linear
#: pass (a pattern matching whole sentences would rescan a long line without an end from every position)
_ENDS_ASCII = re.compile(r"[.!?\n]")
_CLOSERS = "\"')]"
_ENDS = "([.!?\u2026]+[\"'\u201d\u2019\u00bb)\\]]*(?=\\s|$)|[\u3002\uff01\uff1f]+)|\n"


def _sentences_ascii(text: str) -> list[str]:
    """:func:`_sentences` for ASCII text: the same runs, found by a one-character pattern (several times faster)."""
    out = []
    start = 0
    n = len(text)
    for at in _end_positions(text):
        if at < start:  # inside a run of sentence-end characters already taken
            continue
        if text[at] == "\n":
            start = at + 1
            continue
        end = at + 1
        while end < n and text[end] in ".!?":
            end += 1
        while end < n and text[end] in _CLOSERS:
            end += 1
        if end == n or text[end].isspace():
            if end - start <= MAX_SENTENCE_CHARS:
                out.append(text[start:end])
            start = end
    return out


def _end_positions(text: str) -> list[int]:
    """Where ``_ENDS_ASCII`` matches in ``text``, in order: found with ``str.find`` per character, which
    skips text several times faster than the pattern's scan (6x on long sentences, 1.3x on news text)."""
    out = []
    find = text.find
    for char in ".!?\n":
        at = find(char)
        while at != -1:
            out.append(at)
            at = find(char, at + 1)
    out.sort()
    return out


def _sentences(text: str, ends: str = _ENDS) -> list[str]:
    """The runs of text that end with a sentence end (a line break ends a run without one).

    ``ends`` is a pattern of the ``regex`` module (imported here, on first use: ASCII text never needs it;
    the module caches compiled patterns)."""
    import regex

    out = []
    start = 0
    for m in regex.finditer(ends, text):
        if m.group(1) and m.end() - start <= MAX_SENTENCE_CHARS:
            out.append(text[start : m.end()])
        start = m.end()
    return out


#: long sentences at the start of a story that make its lead
LEAD = 3
#: a run of text longer than this between sentence ends is not a sentence (a page flattened to one line, a
#: list run together): no fingerprint (news sentences are under ~400 characters; hashing it would cost
#: as much as signing the text again)
MAX_SENTENCE_CHARS = 1000


def _key(line: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class SentenceFingerprints:
    """Computes the sentence fingerprints of texts (see the module doc)."""

    sentence_words: int = 8
    sentence_sketch: int = 64

    def of(self, text: str) -> tuple[list[int], list[int]]:
        """The fingerprints of one text (distinct, sorted: the ``sentence_sketch`` smallest and the lead) and
        its lead (the first :data:`LEAD` distinct ones, in text order)."""
        keys, ends, _ = self.scan(text)
        return keys, ends[:LEAD]

    def scan(self, text: str) -> tuple[list[int], list[int], str]:
        """The fingerprints (as :meth:`of`, the tail kept too), the lead followed by the tail (the last
        :data:`LEAD` distinct ones; each padded with 0 to :data:`LEAD`), and the text's *prose*: the tokens of
        its long sentences, in text order, joined by spaces (what :func:`prose_samples` samples shingles from)."""
        minimum = self.sentence_words
        found: dict[int, None] = {}  # in text order
        prose: list[str] = []
        if text.isascii():
            for sentence in _sentences_ascii(text):
                toks = sentence.encode("ascii").translate(_ASCII_TABLE).split()
                if len(toks) >= minimum:
                    line = b" ".join(toks)
                    found[_key(line)] = None
                    prose.append(line.decode("ascii"))
        else:
            for sentence in _sentences(text, _ENDS):
                words = tokens(normalise(sentence))
                if len(words) >= minimum:
                    line_text = " ".join(words)
                    found[_key(line_text.encode("utf-8"))] = None
                    prose.append(line_text)
        ordered = list(found)
        lead, tail = ordered[:LEAD], ordered[-LEAD:]
        ends = lead + [0] * (LEAD - len(lead)) + tail + [0] * (LEAD - len(tail))
        if len(found) <= self.sentence_sketch:
            return sorted(found), ends, " ".join(prose)
        return sorted(set(sorted(found)[: self.sentence_sketch]).union(lead, tail)), ends, " ".join(prose)

    def keys(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The fingerprints of every text, concatenated (uint64), how many each text has, and every text's
        lead (``len(texts) x LEAD``, 0 where a text has fewer long sentences)."""
        flat, counts, ends, _ = self.keys_and_prose(texts)
        return flat, counts, ends[:, :LEAD]

    def keys_and_prose(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """:meth:`keys` with every text's lead *and tail* (``len(texts) x 2 LEAD``: the lead's columns first),
        and every text's prose (see :meth:`scan`)."""
        per_text = [self.scan(t) for t in texts]
        counts = np.fromiter((len(k) for k, _, _ in per_text), dtype=np.int64, count=len(per_text))
        flat = np.fromiter((k for ks, _, _ in per_text for k in ks), dtype=np.uint64, count=int(counts.sum()))
        ends = np.array([e for _, e, _ in per_text], dtype=np.uint64).reshape(len(texts), 2 * LEAD)
        return flat, counts, ends, [p for _, _, p in per_text]


#: a prose shingle is sampled when its 32-bit hash is below this (one in eight: a consistent sample, so
#: every story holding a shingle samples it, and the number of stories holding it can be counted)
PROSE_LIMIT = 1 << 29


def prose_samples(hashes: np.ndarray, counts: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Each text's prose sample from the 32-bit hashes of its prose shingles (``counts`` per text, in order):
    the distinct hashes below :data:`PROSE_LIMIT`, at most the ``cap`` smallest, sorted; concatenated (uint64)
    with how many each text keeps.

    A text keeping ``cap`` of them sampled below its largest kept hash (its *cutoff*,
    :func:`prose_cutoffs`), the others below :data:`PROSE_LIMIT`: both are consistent samples, so two
    texts compared below the lower of their cutoffs see exactly the shingles they share there.

    >>> flat, kept = prose_samples(np.array([5, 9, 5, 1 << 31, 7, 3], dtype=np.uint32), np.array([4, 2]), 1)
    >>> flat.tolist(), kept.tolist()
    ([5, 3], [1, 1])
    """
    n = len(counts)
    owner = np.repeat(np.arange(n, dtype=np.uint64), counts)
    low = hashes < PROSE_LIMIT
    keys = np.unique((owner[low] << np.uint64(32)) | hashes[low].astype(np.uint64))
    texts = (keys >> np.uint64(32)).astype(np.int64)
    per_text = np.bincount(texts, minlength=n)
    rank = np.arange(len(keys)) - np.repeat(np.cumsum(per_text) - per_text, per_text)
    keep = rank < cap
    return keys[keep] & np.uint64(0xFFFFFFFF), np.minimum(per_text, cap).astype(np.int64)


def prose_cutoffs(flat: np.ndarray, counts: np.ndarray, cap: int) -> np.ndarray:
    """Per text, the hash below which its prose sample is complete: its largest kept hash + 1 when it kept
    ``cap`` of them, else :data:`PROSE_LIMIT`.

    >>> prose_cutoffs(np.array([5, 3, 4], dtype=np.uint64), np.array([1, 2]), 2).tolist()
    [536870912, 5]
    """
    ends = np.cumsum(counts)
    out = np.full(len(counts), PROSE_LIMIT, dtype=np.uint64)
    full = (counts >= cap) & (counts > 0)
    out[full] = flat[ends[full] - 1] + np.uint64(1)
    return out
