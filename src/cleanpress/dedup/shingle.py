"""Normalisation and shingles: word n-grams, character n-grams for scripts without spaces.

A text is normalised (Unicode NFKC, then case-folded) and split into tokens:
runs of letters, digits and marks, except that every character of a script
written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar,
Tibetan) is a token of its own. A *shingle* is ``n`` consecutive tokens joined
by one space; ``n`` is ``ngram`` for most text and ``char_ngram`` for text
whose tokens are mostly such single characters. A text with fewer tokens than
``n`` has one shingle (all of them); a text without tokens has none.

The shingles of a text are exactly the strings that
:class:`~cleanpress.dedup.minhash.Signer` hashes (as UTF-8 bytes), so
feeding them to ``datasketch.MinHash`` gives the same signature.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

_NOSPACE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"


@cache  # compiled once, on first use: ASCII text (the fast paths) never needs the regex module
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """The token pattern, the pattern of one character of a script without spaces, and ``\\w+``."""
    import regex

    return (regex.compile(rf"[{_NOSPACE}]|[^\W{_NOSPACE}]+"), regex.compile(rf"[{_NOSPACE}]"),
            regex.compile(r"\w+"))

#: ASCII fast path: letters and digits lower-cased, everything else a separator (same tokens as the token pattern)
_ASCII_TABLE = bytes(
    (ord(chr(i).lower()) if chr(i).isalnum() or chr(i) == "_" else 32) if i < 128 else i for i in range(256)
)


def normalise(text: str) -> str:
    """NFKC-normalised, case-folded text.

    >>> normalise("Ｔｈｅ ＭＡＹＯＲ straße")
    'the mayor strasse'
    """
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> list[str]:
    """The tokens of an already normalised text.

    >>> tokens("it's 3:30 — in 東京都")
    ['it', 's', '3', '30', 'in', '東', '京', '都']
    """
    token, nospace_char, word = _patterns()
    if nospace_char.search(text):
        return token.findall(text)
    return word.findall(text)  # the same tokens, found faster


@dataclass(frozen=True, slots=True)
class Shingler:
    """Turns texts into shingles (see the module doc).

    >>> s = Shingler(ngram=3)
    >>> s.shingles("The Mayor opened the bridge.")
    ['the mayor opened', 'mayor opened the', 'opened the bridge']
    >>> s.shingles("Hi there")
    ['hi there']
    >>> Shingler(char_ngram=2).shingles("東京都庁")
    ['東 京', '京 都', '都 庁']
    """

    ngram: int = 5
    char_ngram: int = 5

    def token_line(self, text: str) -> tuple[bytes, int, int]:
        """The normalised tokens joined by single spaces (UTF-8), their number, and the shingle size.

        >>> Shingler().token_line("The MAYOR, re-elected.")
        (b'the mayor re elected', 4, 5)
        """
        if text.isascii():  # NFKC and case folding of ASCII are lower-casing; \w is [A-Za-z0-9_]
            toks_b = text.encode("ascii").translate(_ASCII_TABLE).split()
            return b" ".join(toks_b), len(toks_b), self.ngram
        toks = tokens(normalise(text))
        n = len(toks)
        line = " ".join(toks)
        size = self.ngram
        if n and 2 * len(_patterns()[1].findall(line)) > n:
            size = self.char_ngram
        return line.encode("utf-8"), n, size

    def token_bytes(self, text: str) -> tuple[bytes, int]:
        """The tokens as UTF-8 bytes separated by runs of spaces, and the shingle size.

        Cheaper than :meth:`token_line` (no splitting and joining on the ASCII path).

        Splitting the result on spaces gives the same tokens as :meth:`token_line`.

        >>> Shingler().token_bytes("The MAYOR, re-elected.")
        (b'the mayor  re elected ', 5)
        """
        if text.isascii():
            return text.encode("ascii").translate(_ASCII_TABLE), self.ngram
        line, _, size = self.token_line(text)
        return line, size

    def shingles(self, text: str) -> list[str]:
        """The shingles of ``text``, in order (repeats kept)."""
        line_b, n, size = self.token_line(text)
        if n == 0:
            return []
        line = line_b.decode("utf-8")
        if n <= size:
            return [line]
        toks = line.split(" ")
        return [" ".join(toks[i : i + size]) for i in range(n - size + 1)]
