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
out). A copy trimmed to its first paragraphs keeps its story's lead.

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
import regex

from cleanpress.dedup.shingle import _ASCII_TABLE, normalise, tokens

#: where sentences end (group 1), and line breaks, which end text without a sentence end; found in one linear
#: pass (a pattern matching whole sentences would rescan a long line without an end from every position)
_ENDS_ASCII = re.compile(r"[.!?\n]")
_CLOSERS = "\"')]"
_ENDS = regex.compile("([.!?\u2026]+[\"'\u201d\u2019\u00bb)\\]]*(?=\\s|$)|[\u3002\uff01\uff1f]+)|\n")


def _sentences_ascii(text: str) -> list[str]:
    """:func:`_sentences` for ASCII text: the same runs, found by a one-character pattern (several times faster)."""
    out = []
    start = 0
    n = len(text)
    for m in _ENDS_ASCII.finditer(text):
        at = m.start()
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


def _sentences(text: str, ends: regex.Pattern[str]) -> list[str]:
    """The runs of text that end with a sentence end (a line break ends a run without one)."""
    out = []
    start = 0
    for m in ends.finditer(text):
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
        minimum = self.sentence_words
        found: dict[int, None] = {}  # in text order
        if text.isascii():
            for sentence in _sentences_ascii(text):
                toks = sentence.encode("ascii").translate(_ASCII_TABLE).split()
                if len(toks) >= minimum:
                    found[_key(b" ".join(toks))] = None
        else:
            for sentence in _sentences(text, _ENDS):
                words = tokens(normalise(sentence))
                if len(words) >= minimum:
                    found[_key(" ".join(words).encode("utf-8"))] = None
        lead = list(found)[:LEAD]
        if len(found) <= self.sentence_sketch:
            return sorted(found), lead
        return sorted(set(sorted(found)[: self.sentence_sketch]).union(lead)), lead

    def keys(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The fingerprints of every text, concatenated (uint64), how many each text has, and every text's
        lead (``len(texts) x LEAD``, 0 where a text has fewer long sentences)."""
        per_text = [self.of(t) for t in texts]
        counts = np.fromiter((len(k) for k, _ in per_text), dtype=np.int64, count=len(per_text))
        flat = np.fromiter((k for ks, _ in per_text for k in ks), dtype=np.uint64, count=int(counts.sum()))
        leads = np.zeros((len(texts), LEAD), dtype=np.uint64)
        for i, (_, lead) in enumerate(per_text):
            leads[i, : len(lead)] = lead
        return flat, counts, leads
