"""What a rule is, and the page it looks at.

A rule is a small named object. It *finds* what to remove on a :class:`Page`
and yields :class:`~cleanpress.types.Removal` spans with its own stable name
and a stable reason key; it never edits text. The cleaner runs rules in order
and tells the page what each removed, so a later rule can see what is left.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import compress, repeat
from operator import and_, is_
from typing import Any, ClassVar, TypeVar

import regex

from cleanpress.clean.rules.hints import Gate, HintMemory, selective, vocabulary_gate, vocabulary_hints
from cleanpress.clean.rules.shape import sentence_count
from cleanpress.types import Block, Removal


@dataclass(frozen=True, slots=True)
class WholeLineLimit:
    """The longest line a rule may remove whole: at most ``chars`` characters and ``sentences`` sentences.

    >>> LINE_LIMIT.allows("Leave a reply")
    True
    >>> LINE_LIMIT.allows("The council approved the budget on Tuesday. " * 10)
    False
    """

    chars: int
    sentences: int

    def allows(self, norm: str) -> bool:
        """Whether a line (normalised) is short enough to be removed whole."""
        if len(norm) > self.chars:
            return False
        # each sentence ending holds a full stop, '!' or '?' (or a CJK one): a line with few of them has few endings
        ends = norm.count(".") + norm.count("!") + norm.count("?")
        if not norm.isascii():
            ends += norm.count("。") + norm.count("！") + norm.count("？")
        if ends <= self.sentences and self.sentences >= 1:
            return True
        return sentence_count(norm) <= self.sentences


#: The limit shared by all rules: a line longer than this (a prose paragraph, or a
#: whole page flattened to one line) is never removed whole on the word of a
#: rule's vocabulary. A rule may raise its own limit only by stating its stronger
#: evidence (:attr:`Rule.evidence`): structure that the line itself or its
#: neighbours show, not a phrase the line merely contains.
LINE_LIMIT = WholeLineLimit(chars=300, sentences=4)


#: A removal's fields set one by one, as ``Removal.__init__`` sets them, without its frozen-dataclass
#: ``object.__setattr__`` per field: the same object at about half the cost (a page has ~150 removals).
_NEW = object.__new__
_SET_START, _SET_END, _SET_RULE, _SET_REASON, _SET_DETAIL = (
    getattr(Removal, f.name).__set__ for f in dataclasses.fields(Removal)
)
assert tuple(f.name for f in dataclasses.fields(Removal)) == ("start", "end", "rule", "reason", "detail")
assert "__post_init__" not in vars(Removal)


def new_removal(start: int, end: int, rule: str, reason: str, detail: str | None = None) -> Removal:
    """``Removal(start, end, rule, reason, detail)``, made faster.

    >>> new_removal(0, 5, "footer", "copyright") == Removal(0, 5, "footer", "copyright")
    True
    """
    removal = _NEW(Removal)
    _SET_START(removal, start)
    _SET_END(removal, end)
    _SET_RULE(removal, rule)
    _SET_REASON(removal, reason)
    _SET_DETAIL(removal, detail)
    return removal


_T = TypeVar("_T")
#: a line fact not yet known
_MISSING: Any = object()


class LineFacts:
    """What functions of a line's normalised text gave on recently seen lines, by function and text.

    A cleaner keeps one and hands it to each page (:meth:`Page.per_line`): a
    site's template lines recur on page after page, so most facts a rule
    asks of a page's lines are looked up, not worked out. Each function's
    table holds up to ``kept`` lines (emptied when full); it saves work and
    never changes a result, as the functions depend on the text alone.
    """

    __slots__ = ("_kept", "_tables")

    def __init__(self, kept: int = 32_768) -> None:
        self._kept = kept
        self._tables: dict[Callable[[str], Any], dict[str, Any]] = {}

    def of(self, fn: Callable[[str], _T], norms: list[str]) -> list[_T]:
        """``[fn(norm) for norm in norms]``, each distinct text worked out once while remembered."""
        table: dict[str, _T] = self._tables.setdefault(fn, {})
        found: list[_T] = list(map(table.get, norms, repeat(_MISSING)))
        if _MISSING in found:
            get = table.get
            for i in [i for i, fact in enumerate(found) if fact is _MISSING]:
                norm = norms[i]
                fact = get(norm, _MISSING)  # a line repeated on this page, worked out just now
                if fact is _MISSING:
                    fact = fn(norm)
                    if len(table) >= self._kept:
                        table.clear()
                    table[norm] = fact
                found[i] = fact
        return found


class Page:
    """The blocks of one page, and which of them rules have removed so far."""

    __slots__ = ("_counts", "_facts", "_hints", "_masks", "_nonblank", "_norms", "_starts", "blocks", "removed", "text")

    def __init__(
        self, text: str, blocks: list[Block], hints: HintMemory | None = None, facts: LineFacts | None = None
    ) -> None:
        self.text = text
        self.blocks = blocks
        #: the cleaner's memory of line facts (:meth:`per_line`), if any
        self._facts = facts
        self._norms: list[str] | None = None
        self._nonblank: list[bool] | None = None
        self.removed: list[str | None] = [None] * len(blocks)
        self._counts: Counter[str] | None = None
        self._starts: dict[int, Block] | None = None
        #: the cleaner's scan of lines for vocabulary hints (:mod:`~cleanpress.clean.rules.hints`), if any
        self._hints = hints
        self._masks: list[int] | None = None

    def hint_bit(self, pattern: regex.Pattern[str]) -> int:
        """The bit of ``pattern`` in :meth:`hint_masks`, or 0 when lines are not scanned for its hints.

        A rule lists the patterns it asks about in :attr:`Rule.scanned`; a line whose mask lacks the
        bit holds none of the pattern's literal hints, so the pattern cannot match it.
        """
        return 0 if self._hints is None else self._hints.bits.get(pattern, 0)

    def hint_masks(self) -> list[int]:
        """Per block, the bits of the scanned patterns and line rules whose hints its line holds (made once)."""
        if self._masks is None:
            self._masks = self._hints.masks(self.norms) if self._hints is not None else [0] * len(self.blocks)
        return self._masks

    def per_line(self, fn: Callable[[str], _T]) -> list[_T]:
        """``fn(block.norm)`` per block, blank ones too; remembered by line text across the cleaner's pages.

        ``fn`` must depend on the normalised line alone (a module-level function of it).
        """
        if self._facts is None:
            return list(map(fn, self.norms))
        return self._facts.of(fn, self.norms)

    @property
    def norms(self) -> list[str]:
        """Per block, its normalised line (made on first use)."""
        if self._norms is None:
            self._norms = [b.norm for b in self.blocks]
        return self._norms

    @property
    def block_starts(self) -> dict[int, Block]:
        """The blocks by their start offset (made on first use)."""
        if self._starts is None:
            self._starts = {b.start: b for b in self.blocks}
        return self._starts

    @property
    def line_counts(self) -> Counter[str]:
        """How often each normalised non-blank line occurs on the page."""
        if self._counts is None:
            self._counts = Counter(compress(self.norms, self.norms))  # the non-blank lines
        return self._counts

    def is_kept(self, block: Block) -> bool:
        return bool(block.norm) and self.removed[block.index] is None

    def kept(self, start: int = 0, stop: int | None = None) -> Iterator[Block]:
        """Non-blank blocks no rule has removed, in order (read as the iterator goes, as ``removed`` is then)."""
        if start or stop is not None:
            return (b for b in self.blocks[start:stop] if b.norm and self.removed[b.index] is None)
        if self._nonblank is None:
            self._nonblank = list(map(bool, self.norms))
        # the same blocks as the generator above, chosen in C
        return compress(self.blocks, map(and_, self._nonblank, map(is_, self.removed, repeat(None))))

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
        block = self.block_starts.get(removal.start)
        if block is not None and block.end == removal.end:
            # one whole line, as most removals are: no other line lies in its span
            if block.norm and self.removed[block.index] is None:
                self.removed[block.index] = removal.rule
            return
        for block in _whole_blocks(self, removal):
            if self.removed[block.index] is None:
                self.removed[block.index] = removal.rule

    def remove_line(self, block: Block, rule: str, reason: str, detail: str | None = None) -> Removal:
        """Remove a whole line: the removal, recorded as :meth:`mark` would record it.

        A whole kept line is exactly what ``mark`` records (no other block lies
        in its span), without its search. ``detail`` is the removal's free-text
        explanation, if any.
        """
        if block.norm and self.removed[block.index] is None:
            self.removed[block.index] = rule
        return new_removal(block.start, block.end, rule, reason, detail)

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


def _whole_blocks(page: Page, removal: Removal) -> Iterator[Block]:
    """The non-blank lines ``removal`` covers entirely."""
    for block in page.blocks_in(removal.start, removal.end):
        if not block.norm:
            continue
        lead = len(block.text) - len(block.text.lstrip())
        if removal.start <= block.start + lead and removal.end >= block.start + len(block.text.rstrip()):
            yield block


def line_removal(block: Block, rule: str, reason: str) -> Removal:
    """A removal covering a whole line (its text, not its newline)."""
    removal = _NEW(Removal)
    _SET_START(removal, block.start)
    _SET_END(removal, block.end)
    _SET_RULE(removal, rule)
    _SET_REASON(removal, reason)
    _SET_DETAIL(removal, None)
    return removal


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
    #: the longest line the rule may remove whole (:data:`LINE_LIMIT` unless ``evidence`` says why more)
    limit: ClassVar[WholeLineLimit] = LINE_LIMIT
    #: what, beyond its vocabulary, lets the rule remove lines longer than :data:`LINE_LIMIT`
    evidence: ClassVar[str] = ""
    #: the vocabulary patterns a line rule's verdicts need: ``reason_for`` keeps (returns ``None`` for)
    #: every line none of them matches (``search``). The cleaner then asks the rule only about lines
    #: that hold one of the patterns' literal hints (:mod:`~cleanpress.clean.rules.hints`). A rule
    #: with a way to remove a line that none of these patterns matches must list no vocabulary
    #: (the default: it is asked of every line).
    vocabulary: ClassVar[tuple[regex.Pattern[str], ...]] = ()
    #: the vocabulary patterns the rule tests lines with after a look at :meth:`Page.hint_masks`
    #: (the cleaner scans lines for their hints too)
    scanned: ClassVar[tuple[regex.Pattern[str], ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        raised = cls.limit.chars > LINE_LIMIT.chars or cls.limit.sentences > LINE_LIMIT.sentences
        if raised and not cls.evidence:
            raise TypeError(f"rule {cls.__name__} raises its whole-line limit above LINE_LIMIT without its evidence")

    @classmethod
    def hints(cls) -> tuple[str, ...] | None:
        """Literal hints of :attr:`vocabulary` worth a scan of each line, or ``None`` (asked of every line)."""
        hints = vocabulary_hints(cls.vocabulary) if cls.vocabulary else None
        return hints if hints is not None and selective(hints) else None

    @classmethod
    def gate(cls) -> Gate | None:
        """When :attr:`vocabulary` can match a line at all (:class:`~cleanpress.clean.rules.hints.Gate`), or ``None``.

        Its literal hints (when :meth:`hints` has them), else what each vocabulary
        pattern's alternatives need: a hint, a short line or a digit. The cleaner
        asks the rule only about lines its gate allows.
        """
        hints = cls.hints()
        if hints is not None:
            return Gate(hints, -1, False)
        return vocabulary_gate(cls.vocabulary) if cls.vocabulary else None

    def find(self, page: Page) -> Iterator[Removal]:
        raise NotImplementedError

    def removals(self, page: Page) -> Iterator[Removal]:
        """What :meth:`find` yields, less any removal that would take a line longer than :attr:`limit` whole.

        This is what the cleaner runs: a rule's ``find`` cannot remove a prose
        paragraph its limit does not allow, however its patterns match.
        """
        limit = self.limit
        starts = page.block_starts
        for removal in self.find(page):
            block = starts.get(removal.start)
            if block is not None and removal.end == block.end:  # one whole line, as most removals are
                if limit.allows(block.norm):
                    yield removal
            elif all(limit.allows(block.norm) for block in _whole_blocks(page, removal)):
                yield removal

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
    so that pass skips it there; the rule's :attr:`~Rule.limit` holds in any case.
    """

    max_chars: ClassVar[int | None] = None

    @classmethod
    def char_bound(cls) -> int:
        """The longest line the rule may remove: its ``max_chars`` within its limit."""
        return min(cls.limit.chars, cls.max_chars if cls.max_chars is not None else cls.limit.chars)

    def reason_for(self, block: Block, page: Page) -> str | None:
        """A reason key to remove ``block``, or ``None`` to keep it."""
        raise NotImplementedError

    def find(self, page: Page) -> Iterator[Removal]:
        bound, limit = self.char_bound(), self.limit
        for block in page.kept():
            if len(block.norm) > bound or not limit.allows(block.norm):
                continue
            reason = self.reason_for(block, page)
            if reason is not None:
                yield line_removal(block, self.name, reason)
