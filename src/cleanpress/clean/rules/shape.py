"""Shape of a line: is it prose, a title, a label? Shared by several rules.

These are the few structural judgements the rules and the story splitter
make about a normalised line, kept in one place so they agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from cleanpress.clean.rules.longline import LONG_LINE, count_matches, count_words

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Hangul}]")


def word_count(norm: str) -> int:
    """Words in a line; for scripts written without spaces, characters / 2.

    Cached per line: every rule and the line model ask it of the same lines
    (except very long lines, counted piece by piece and not kept in the cache).
    """
    if len(norm) > LONG_LINE:
        return _word_count(norm, count_words(norm))
    return _cached_word_count(norm)


@lru_cache(maxsize=4096)
def _cached_word_count(norm: str) -> int:
    return _word_count(norm, len(norm.split()))


def _word_count(norm: str, words: int) -> int:
    if words <= 3 and len(norm) > 12 and not norm.isascii():  # an ASCII line has no CJK
        cjk = len(_CJK.findall(norm))
        if cjk:
            return max(words, cjk // 2)
    return words


_SENTENCE_CHARS = frozenset(".!?。！？")
_CLOSERS = frozenset("\"'”’»)]")
_TERMINAL_CHARS = frozenset(".!?。！？…:;\"'”’»)]")


def ends_sentence(norm: str) -> bool:
    """Whether the (stripped) line ends like a sentence (., !, ? possibly inside quotes).

    Looks at the last two characters only, so it costs the same on any line.

    >>> ends_sentence('He said "yes."'), ends_sentence("Read more")
    (True, False)
    """
    if not norm:
        return False
    last = norm[-1]
    if last in _SENTENCE_CHARS:
        return True
    if last in _CLOSERS:
        body = norm[:-1].rstrip()
        return bool(body) and body[-1] in _SENTENCE_CHARS
    return False


def ends_punctuated(norm: str) -> bool:
    """Whether the (stripped) line ends in any terminal punctuation, colons and quotes included."""
    return bool(norm) and norm[-1] in _TERMINAL_CHARS


def is_prose(norm: str, min_words: int = 8) -> bool:
    """A line that reads as article text: enough words and a sentence ending."""
    return is_prose_of(norm, word_count(norm), min_words)


def is_prose_of(norm: str, words: int, min_words: int = 8) -> bool:
    """:func:`is_prose` of a line whose :func:`word_count` is known (``words``)."""
    return (words >= min_words and ends_punctuated(norm)) or words >= 3 * min_words


def is_title_like(norm: str, max_words: int = 25) -> bool:
    """A short line with no sentence ending: a headline, teaser title or label."""
    words = word_count(norm)
    if not 1 <= words <= max_words:
        return False
    return not ends_sentence(norm) or norm.endswith("?")


_WORD_START = regex.compile(r"(?<!\w)\p{L}")
_UPPER_START = regex.compile(r"(?<!\w)\p{Lu}")
#: the same word starts, faster: every letter is a word character, so a
#: boundary before one means no word character precedes it
_WORD_START_FAST = regex.compile(r"\b\p{L}")
_UPPER = regex.compile(r"\p{Lu}")
#: the same two patterns for ASCII lines (where \w is [A-Za-z0-9_]), in the faster ``re``
_ASCII_WORD_START = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]")
_ASCII_UPPER = re.compile(r"[A-Z]")
#: word starts that are upper case (for long lines, counted without joining the starts)
_ASCII_UPPER_START = re.compile(r"(?<![A-Za-z0-9_])[A-Z]")
_UPPER_WORD_START = regex.compile(r"\b\p{Lu}")


def capitalised_share(norm: str) -> float:
    """Share of words that start with an upper-case letter (Title Case ~ 1.0).

    >>> capitalised_share("Police Arrest Two Men in Dearborn")
    0.8333333333333334
    """
    if len(norm) > LONG_LINE:  # the same share, counted piece by piece
        fast = norm.isascii()
        starts_n = count_matches(_ASCII_WORD_START if fast else _WORD_START_FAST, norm)
        upper_n = count_matches(_ASCII_UPPER_START if fast else _UPPER_WORD_START, norm)
        return upper_n / starts_n if starts_n else 0.0
    if norm.isascii():
        starts = "".join(_ASCII_WORD_START.findall(norm))
        if not starts:
            return 0.0
        return len(_ASCII_UPPER.findall(starts)) / len(starts)
    starts = "".join(_WORD_START_FAST.findall(norm))
    if not starts:
        return 0.0
    return len(_UPPER.findall(starts)) / len(starts)


#: a sentence ends at ., !, ? (or their CJK forms), possibly inside closing quotes, before a space or the line's end
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*(?:\s|$)")


@lru_cache(maxsize=8192)
def sentence_count(norm: str) -> int:
    """Sentence endings in a line (an unpunctuated line counts as one sentence).

    Cached per line, as :func:`word_count` is: every rule's whole-line limit asks it of the same lines.

    >>> sentence_count("The vote passed. Critics were not pleased! What next?")
    3
    >>> sentence_count("Read more")
    1
    """
    return max(1, len(_SENTENCE_END.findall(norm)))
