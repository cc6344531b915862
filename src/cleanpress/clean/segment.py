"""Text to blocks: one block per line, with offsets into the original text.

Rules match on ``Block.norm``, a normalised copy of the line (NFKC, zero-width
characters dropped, every run of white space one space), so no rule has to
care about NBSPs, ideographic spaces or compatibility forms. Offsets always
index the text the caller gave, never the normalised copy.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import deque
from itertools import accumulate, repeat
from operator import add

import regex

from cleanpress.clean.rules.longline import LONG_LINE, normalise_long_line
from cleanpress.types import Block

_INVISIBLE = regex.compile(r"[\p{Cf}\p{Co}\p{Cs}]+")
_SPACE = regex.compile(r"[\s\p{Zs}]+")
_SPACE_RUN_START = regex.compile(r"(?<![\s\p{Zs}])[\s\p{Zs}]")


def normalise_line(line: str) -> str:
    """The form of a line that rules match against.

    >>> normalise_line("\\u00a0Hello\\u200b   wor\\uff4cd ")
    'Hello world'
    """
    if len(line) > LONG_LINE:  # the same result without one object per word
        return normalise_long_line(line, _INVISIBLE, _SPACE, _SPACE_RUN_START)
    if line.isascii():
        return " ".join(line.split())
    line = unicodedata.normalize("NFKC", line)
    line = _INVISIBLE.sub("", line)
    return _SPACE.sub(" ", line).strip()


#: white space to ``str.split()`` but not to ``_SPACE`` (the only such characters: tests/test_fast_objects.py)
_SPLIT_ONLY_SPACE = "\x1c\x1d\x1e\x1f"


#: what ``" ".join(line.split())`` changes in an ASCII line, in a page's text (or its first or last character)
_ASCII_UNUSUAL = ("  ", " \n", "\n ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def normalise_lines(lines: list[str], text: str | None = None) -> list[str]:
    """``[normalise_line(line) for line in lines]``, a page's lines at once (``text``: the lines joined by newlines).

    In a page with none of the white space that normalising would change in an
    ASCII line (most pages: a few searches of its text tell), each ASCII line is its own normal form.
    The lines that are not ASCII go through NFKC and lose their invisible
    characters together, joined by newlines: a newline never takes part in
    NFKC (a starter that nothing composes with; no character decomposes to
    it) and is no invisible character, so the lines split apart again are what
    each gives alone. Their runs of white space are then collapsed as an ASCII
    line's are, by ``str.split()``, which splits on exactly ``_SPACE``'s
    characters but for four ASCII separators (a batch holding one of those
    takes ``_SPACE`` itself).

    >>> normalise_lines([" a  b\\t", "\\u00a0Hello\\u200b   wor\\uff4cd ", "", "x\\x1cy"])
    ['a b', 'Hello world', '', 'x y']
    """
    text = "\n".join(lines) if text is None else text
    if text[:1] != " " and text[-1:] != " " and not any(unusual in text for unusual in _ASCII_UNUSUAL):
        norms = lines.copy()  # right for every ASCII line
    else:
        norms = [" ".join(line.split()) for line in lines]  # right for every ASCII line
    odd = [i for i, line in enumerate(lines) if not line.isascii()]
    if not odd:
        return norms
    batch = [i for i in odd if len(lines[i]) <= LONG_LINE]
    if batch:
        joined = _INVISIBLE.sub("", unicodedata.normalize("NFKC", "\n".join([lines[i] for i in batch])))
        if not any(c in joined for c in _SPLIT_ONLY_SPACE):
            found = [" ".join(norm.split()) for norm in joined.split("\n")]
        else:
            found = [_SPACE.sub(" ", norm).strip() for norm in joined.split("\n")]
        for i, norm in zip(batch, found, strict=True):
            norms[i] = norm
    for i in odd:
        if len(lines[i]) > LONG_LINE:  # the same result without one object per word
            norms[i] = normalise_line(lines[i])
    return norms


#: A block's fields set field by field, as ``Block.__init__`` sets them, without its frozen-dataclass
#: ``object.__setattr__`` per field: a fifth of the cost of a block, for the same object. Each field
#: is set for all blocks at once (``map`` over the page's lines, in C).
_NEW = object.__new__
_SETTERS = tuple(getattr(Block, name).__set__ for name in ("index", "start", "end", "text", "norm"))
assert tuple(f.name for f in dataclasses.fields(Block)) == ("index", "start", "end", "text", "norm")
assert "__post_init__" not in vars(Block)


def segment(text: str) -> list[Block]:
    """Split ``text`` on newlines into blocks carrying their offsets.

    >>> [(b.start, b.end, b.norm) for b in segment("a\\n\\n b ")]
    [(0, 1, 'a'), (2, 2, ''), (3, 6, 'b')]
    """
    lines = text.split("\n")
    n = len(lines)
    lengths = list(map(len, lines))
    starts = list(accumulate(map(_PLUS_ONE, lengths), initial=0))
    del starts[-1]
    blocks = list(map(_NEW, repeat(Block, n)))
    set_index, set_start, set_end, set_text, set_norm = _SETTERS
    for setter, values in (
        (set_index, range(n)),
        (set_start, starts),
        (set_end, map(add, starts, lengths)),
        (set_text, lines),
        (set_norm, normalise_lines(lines, text)),
    ):
        deque(map(setter, blocks, values), maxlen=0)
    return blocks


_PLUS_ONE = (1).__add__
