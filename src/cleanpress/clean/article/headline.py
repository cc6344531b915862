"""The article's headline: on the page's lines, or known from the page's HTML.

In page text the headline is the best title-like line just before the
article's region (:func:`pick_headline`); a page whose HTML names its headline
removes the lines repeating it (:class:`KnownHeadline`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from cleanpress.clean.config import StoryConfig
from cleanpress.clean.rules import HEADLINE, vocab
from cleanpress.clean.rules.base import Page, Rule, line_removal
from cleanpress.clean.rules.shape import is_title_like, word_count
from cleanpress.clean.segment import normalise_line
from cleanpress.types import Block, Removal

_TITLE_SEPARATOR = regex.compile(r"\s+[|\-–—:·•»]\s+")
_KEY_WORD = regex.compile(r"\w+")

#: Lines shaped like a headline that are not one: dated stamps, credits, share widgets, bylines.
_NOT_A_TITLE = regex.compile(
    r"\b(?:19|20)\d\d\b.{0,12}\d{1,2}[:.h]\d\d|\b\d{1,2},? (?:19|20)\d\d\b|\bcopyright\b|©|\bsharing\b|^share\b"
    r"|^(?:by|von|par|por|tested by|written by|posted by)\b|\b(?:staff|reporter|correspondent|redaktion)$|^\W+$",
    regex.IGNORECASE,
)


def is_headline_candidate(norm: str, cfg: StoryConfig) -> bool:
    words = word_count(norm)
    return (
        cfg.title_min_words <= words <= cfg.title_max_words
        and is_title_like(norm, cfg.title_max_words)
        and not (vocab.may_hold_digit(norm) and vocab.DATE_LINE_match(norm))
        and not vocab.TIME_AGO_match(norm)
        and not vocab.is_truncated(norm)
        and not _NOT_A_TITLE.search(norm)
    )


def pick_headline(
    page: Page, segment: Sequence[Block], region_start: int, cfg: StoryConfig
) -> Block | None:
    """The headline among the kept lines just before the article's region.

    ``segment`` is the story's kept blocks and ``region_start`` the position in
    it where the article's prose begins. The line right above the prose wins
    when it has a headline's length (four words or more); otherwise a line the
    page repeats (a headline printed twice), then the nearest candidate with
    more than a few words.
    """
    lo = max(0, region_start - cfg.headline_lookback)
    window = segment[lo:region_start]
    candidates = [b for b in window if is_headline_candidate(b.norm, cfg)]
    if not candidates:
        return None
    counts = page.line_counts
    above = window[-1] if window else None

    def score(pair: tuple[int, Block]) -> tuple[int, int, int, int]:
        distance, block = pair
        words = word_count(block.norm)
        headline_sized = 4 <= words <= cfg.title_max_words
        return (block is above and headline_sized, counts[block.norm] > 1, headline_sized, -distance)

    ranked = sorted(enumerate(reversed(candidates)), key=score, reverse=True)
    return ranked[0][1]


def strip_site_name(title: str, max_words: int = 4) -> str:
    """A title without a trailing `` | Site Name`` (or `` - ``, `` — ``…).

    >>> strip_site_name("Bridge opens on time - The Town Gazette")
    'Bridge opens on time'
    >>> strip_site_name("Rock - Paper")
    'Rock - Paper'
    """
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, tail = title[: last.start()].strip(), title[last.end() :]
    if len(tail.split()) <= max_words and len(head.split()) >= 3:
        return head
    return title


def title_key(text: str) -> str:
    """Words of a title, case-folded, for comparing titles written differently.

    >>> title_key("‘We had some issues,’ exec says")
    'we had some issues exec says'
    """
    return " ".join(_KEY_WORD.findall(normalise_line(text).casefold()))


class KnownHeadline(Rule):
    """Removes lines that repeat a page's known headline (from its HTML)."""

    name = HEADLINE
    description = "Removes lines of the extracted text that repeat the page's headline."
    example = "Bridge opens"

    #: a line shorter than this share of the headline is not taken for it
    min_share = 0.6

    def __init__(self, title: str | None) -> None:
        self.title = title
        self.key = title_key(title) if title else ""

    def matches(self, norm: str) -> bool:
        key = title_key(norm)
        if not key or not self.key:
            return False
        if key == self.key:
            return True
        return len(key.split()) >= 3 and key in self.key and len(key) >= self.min_share * len(self.key)

    def find(self, page: Page) -> Iterator[Removal]:
        first = True
        for block in page.kept():
            if self.matches(block.norm):
                yield line_removal(block, self.name, "title" if first else "repeat")
                first = False
