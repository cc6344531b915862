"""Text to blocks: one block per line, with offsets into the original text.

Rules match on ``Block.norm``, a normalised copy of the line (NFKC, zero-width
characters dropped, every run of white space one space), so no rule has to
care about NBSPs, ideographic spaces or compatibility forms. Offsets always
index the text the caller gave, never the normalised copy.
"""

from __future__ import annotations

import dataclasses
import unicodedata

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


#: A block's fields set one by one, as ``Block.__init__`` sets them, without its frozen-dataclass
#: ``object.__setattr__`` per field: half the cost of a block, for the same object.
_NEW = object.__new__
_SET_INDEX, _SET_START, _SET_END, _SET_TEXT, _SET_NORM = (
    getattr(Block, name).__set__ for name in ("index", "start", "end", "text", "norm")
)
assert tuple(f.name for f in dataclasses.fields(Block)) == ("index", "start", "end", "text", "norm")
assert "__post_init__" not in vars(Block)


def segment(text: str) -> list[Block]:
    """Split ``text`` on newlines into blocks carrying their offsets.

    >>> [(b.start, b.end, b.norm) for b in segment("a\\n\\n b ")]
    [(0, 1, 'a'), (2, 2, ''), (3, 6, 'b')]
    """
    blocks: list[Block] = []
    append = blocks.append
    pos = 0
    for index, line in enumerate(text.split("\n")):
        end = pos + len(line)
        block = _NEW(Block)
        _SET_INDEX(block, index)
        _SET_START(block, pos)
        _SET_END(block, end)
        _SET_TEXT(block, line)
        # ASCII lines (most) normalised inline: normalise_line's first branch
        _SET_NORM(block, " ".join(line.split()) if line.isascii() else normalise_line(line))
        append(block)
        pos = end + 1
    return blocks
