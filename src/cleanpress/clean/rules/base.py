"""What a rule is, and the page it looks at.

A rule is a small named object. It *finds* what to remove on a :class:`Page`
and yields :class:`~cleanpress.types.Removal` spans with its own stable name
and a stable reason key; it never edits text. The cleaner runs rules in order
and tells the page what each removed, so a later rule can see what is left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from cleanpress.types import Block, Removal


class Page:
    """The blocks of one page, and which of them rules have removed so far."""

    __slots__ = ("_counts", "blocks", "removed", "text")

    def __init__(self, text: str, blocks: list[Block]) -> None:
        self.text = text
        self.blocks = blocks
        self.removed: list[str | None] = [None] * len(blocks)
        self._counts: Counter[str] | None = None

    @property
    def line_counts(self) -> Counter[str]:
        """How often each normalised non-blank line occurs on the page."""
        if self._counts is None:
            self._counts = Counter(b.norm for b in self.blocks if b.norm)
        return self._counts

    def is_kept(self, block: Block) -> bool:
        return bool(block.norm) and self.removed[block.index] is None

    def kept(self, start: int = 0, stop: int | None = None) -> Iterator[Block]:
        """Non-blank blocks no rule has removed, in order."""
        for block in self.blocks[start:stop]:
            if block.norm and self.removed[block.index] is None:
                yield block

    def next_kept(self, index: int, step: int = 1) -> Block | None:
        """The nearest kept block after (``step=1``) or before (``-1``) ``index``."""
        i = index + step
        while 0 <= i < len(self.blocks):
            block = self.blocks[i]
            if block.norm and self.removed[i] is None:
                return block
            i += step
        return None

    def mark(self, removal: Removal) -> None:
        """Record a removal: lines it covers entirely count as removed."""
        for block in self.blocks_in(removal.start, removal.end):
            if self.removed[block.index] is not None or not block.norm:
                continue
            lead = len(block.text) - len(block.text.lstrip())
            trail = len(block.text.rstrip())
            if removal.start <= block.start + lead and removal.end >= block.start + trail:
                self.removed[block.index] = removal.rule

    def remove_line(self, block: Block, rule: str, reason: str) -> Removal:
        """Remove a whole line: the removal, recorded as :meth:`mark` would record it.

        A whole kept line is exactly what ``mark`` records (no other block lies
        in its span), without its search.
        """
        if block.norm and self.removed[block.index] is None:
            self.removed[block.index] = rule
        return Removal(block.start, block.end, rule, reason)

    def blocks_in(self, start: int, end: int) -> Iterator[Block]:
        # Blocks are sorted by offset; a bisect would do, but spans are short.
        lo, hi = 0, len(self.blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.blocks[mid].end < start:
                lo = mid + 1
            else:
                hi = mid
        for i in range(lo, len(self.blocks)):  # not self.blocks[lo:]: a copy per call is quadratic
            block = self.blocks[i]
            if block.start > end:
                break
            yield block


def line_removal(block: Block, rule: str, reason: str) -> Removal:
    """A removal covering a whole line (its text, not its newline)."""
    return Removal(block.start, block.end, rule, reason)


class Rule:
    """Base class of the cleaning rules.

    Subclasses set ``name`` (stable, kebab-case: it appears in every
    explanation and in the config), ``reasons`` (every reason key its
    removals can carry), ``description`` (one sentence: what it removes),
    ``example`` (a short input line or lines it removes) and implement
    :meth:`find`.
    """

    name: ClassVar[str]
    reasons: ClassVar[tuple[str, ...]]
    description: ClassVar[str]
    example: ClassVar[str] = ""

    def find(self, page: Page) -> Iterator[Removal]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


class LineRule(Rule):
    """A rule that judges each kept line on its own.

    ``reason_for`` must depend on the line's normalised text (``block.norm``)
    alone, not on its neighbours, its offsets or what other rules removed:
    the cleaner then runs consecutive line rules in a single pass over the
    page, the first rule in order winning a line, and remembers the verdict
    on a line by its text, so a line that recurs (on the page or on later
    pages) is judged once.
    ``max_chars`` (when set) promises the rule never removes a longer line,
    so that pass skips it there.
    """

    max_chars: ClassVar[int | None] = None

    def reason_for(self, block: Block, page: Page) -> str | None:
        """A reason key to remove ``block``, or ``None`` to keep it."""
        raise NotImplementedError

    def find(self, page: Page) -> Iterator[Removal]:
        for block in page.kept():
            reason = self.reason_for(block, page)
            if reason is not None:
                yield line_removal(block, self.name, reason)
