"""Very long lines in bounded memory: the same answers as the plain code, piece by piece.

``" ".join(line.split())``, ``regex.findall`` and friends build one Python
object per word: about 10 bytes of temporaries per character of the line, so a
page flattened to one 200 MB line needed several GB for each of them. Lines
longer than :data:`LONG_LINE` characters go through the functions here instead,
which cut the line into pieces of about :data:`PIECE` characters at the start
of a run of white space (so no word and no run of spaces straddles two pieces)
and combine the pieces' answers. They give exactly what the plain code gives
(``tests/test_longline.py`` checks it on adversarial text); shorter lines never
come here, so ordinary pages are cleaned by the same code as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

import regex

#: Lines longer than this many characters are handled piece by piece.
LONG_LINE = 1 << 16
#: About how many characters each piece holds.
PIECE = 1 << 16

#: str.split()'s white space, for ASCII text.
_ASCII_SPACE_CHARS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_ASCII_SPACE = re.compile(f"[{re.escape(_ASCII_SPACE_CHARS)}]+")
_ASCII_RUN_START = re.compile(f"(?<![{re.escape(_ASCII_SPACE_CHARS)}])[{re.escape(_ASCII_SPACE_CHARS)}]")
#: anything " ".join(line.split()) would change in an ASCII line
_ASCII_NOT_NORMAL = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f]|  |^ | $")
#: str.isspace() white space (what str.split() splits on), in any script
_ANY_RUN_START = re.compile(r"(?<!\s)\s")


def pieces(text: str, run_start: re.Pattern[str] | regex.Pattern[str] = _ANY_RUN_START,
           size: int | None = None) -> Iterator[str]:
    """``text`` in consecutive pieces of about ``size`` (default :data:`PIECE`) characters, each cut where
    ``run_start`` matches.

    >>> list(pieces("aaa bbb  ccc", size=4))
    ['aaa bbb', '  ccc']
    """
    size = size or PIECE
    pos, n = 0, len(text)
    while pos < n:
        found = run_start.search(text, pos + size) if pos + size < n else None
        cut = found.start() if found is not None else n
        yield text[pos:cut]
        pos = cut


def collapse_spaces(text: str, space: re.Pattern[str] | regex.Pattern[str],
                    run_start: re.Pattern[str] | regex.Pattern[str]) -> str:
    """``space.sub(" ", text).strip()`` for a long ``text``, piece by piece.

    ``space`` matches runs of white space and ``run_start`` the first character
    of such a run, so a run never straddles two pieces.
    """
    parts = [space.sub(" ", piece) for piece in pieces(text, run_start)]
    # str.strip() of the whole: drop leading/trailing pieces that are all white space, strip the ends
    while parts and not parts[0].lstrip():
        parts.pop(0)
    while parts and not parts[-1].rstrip():
        parts.pop()
    if not parts:
        return ""
    parts[0] = parts[0].lstrip()
    parts[-1] = parts[-1].rstrip()
    return "".join(parts)


def normalise_long_line(line: str, invisible: regex.Pattern[str], space: regex.Pattern[str],
                        run_start: regex.Pattern[str]) -> str:
    """:func:`cleanpress.clean.segment.normalise_line` of a long line, without one object per word.

    An ASCII line that is already normal (single spaces, nothing at either end)
    is returned as it is, without a copy.
    """
    if line.isascii():
        if _ASCII_NOT_NORMAL.search(line) is None:
            return line
        return collapse_spaces(line, _ASCII_SPACE, _ASCII_RUN_START)
    line = unicodedata.normalize("NFKC", line)
    line = invisible.sub("", line)
    return collapse_spaces(line, space, run_start)


def count_words(text: str) -> int:
    """``len(text.split())`` without building the list.

    >>> count_words(" one  two\\tthree ")
    3
    """
    if text.isascii() and _ASCII_NOT_NORMAL.search(text) is None:
        return text.count(" ") + 1 if text else 0
    return sum(len(piece.split()) for piece in pieces(text))


def count_matches(pattern: re.Pattern[str] | regex.Pattern[str], text: str,
                  transform: Callable[[str], str] | None = None) -> int:
    """``len(pattern.findall(transform(text)))`` for a pattern that never matches white space."""
    return sum(len(pattern.findall(transform(p) if transform else p)) for p in pieces(text))


def word_stats(pattern: re.Pattern[str] | regex.Pattern[str], text: str,
               counted: Callable[[str], bool]) -> tuple[int, int]:
    """How many words ``pattern`` finds in ``text.lower()``, and how many of them ``counted`` accepts.

    ``pattern`` must never match white space (a word pattern), so the pieces give the whole's words.
    """
    words = hits = 0
    for piece in pieces(text):
        found = pattern.findall(piece.lower())
        words += len(found)
        hits += sum(map(counted, found))
    return words, hits
