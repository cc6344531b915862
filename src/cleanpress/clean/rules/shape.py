"""Shape of a line: is it prose, a title, a label? Shared by several rules.

These are the few structural judgements the rules and the story splitter
make about a normalised line, kept in one place so they agree.
"""

from __future__ import annotations

import regex

_TERMINAL = regex.compile(r"[.!?。！？…:;\"'”’»)\]]\s*$")
_SENTENCE_END = regex.compile(r"[.!?。！？]\s*[\"'”’»)\]]?\s*$")
_WORD = regex.compile(r"\w+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Hangul}]")


def word_count(norm: str) -> int:
    """Words in a line; for scripts written without spaces, characters / 2."""
    words = len(norm.split())
    if words <= 3 and len(norm) > 12:
        cjk = len(_CJK.findall(norm))
        if cjk:
            return max(words, cjk // 2)
    return words


def ends_sentence(norm: str) -> bool:
    """Whether the line ends like a sentence (., !, ? possibly inside quotes)."""
    return bool(_SENTENCE_END.search(norm))


def ends_punctuated(norm: str) -> bool:
    return bool(_TERMINAL.search(norm))


def is_prose(norm: str, min_words: int = 8) -> bool:
    """A line that reads as article text: enough words and a sentence ending."""
    words = word_count(norm)
    return (words >= min_words and ends_punctuated(norm)) or words >= 3 * min_words


def is_title_like(norm: str, max_words: int = 25) -> bool:
    """A short line with no sentence ending: a headline, teaser title or label."""
    words = word_count(norm)
    if not 1 <= words <= max_words:
        return False
    return not _SENTENCE_END.search(norm) or norm.endswith("?")


def capitalised_share(norm: str) -> float:
    """Share of words that start with an upper-case letter (Title Case ~ 1.0)."""
    words = [w for w in _WORD.findall(norm) if w[0].isalpha()]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)
