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
from cleanpress.clean.rules.shape import ends_sentence, is_title_like, word_count
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


def _nearest_headline(
    page: Page, segment: Sequence[Block], region_start: int, cfg: StoryConfig
) -> Block | None:
    """The headline by position alone: the best candidate just before the article's prose."""
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


def title_line(page: Page, max_words: int = 40) -> Block | None:
    """The page's title line: its first line, as a rendered page begins with its ``<title>``.

    None when the first line does not read as a title (a sentence, or longer than ``max_words``).
    """
    first = next((b for b in page.blocks if b.norm), None)
    if first is None or not 2 <= word_count(first.norm) <= max_words:
        return None
    if ends_sentence(first.norm) and not first.norm.endswith("?"):
        return None
    return first


class TitleMatch:
    """Which lines of a page repeat its title line, the site's name left out ("Title - Site", "Site | Title")."""

    #: a line shorter than this share of the title (without the site) is not taken for it
    min_share = 0.6

    def __init__(self, title: str) -> None:
        self.full = title_key(title)
        parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
        self.keys = {title_key(strip_site_name(title)), self.full}
        # the longest part ("Site | Title" puts it last), not the site's name however long
        longest = max(parts, key=len, default="")
        if len(longest.split()) >= 3:
            self.keys.add(title_key(longest))
        self.keys.discard("")
        self.main = title_key(strip_site_name(title))
        #: the parts of the title that are not the longest: the site's name and its sections
        self.site = " | ".join(title_key(p) for p in parts if p is not longest)
        # a matching line is about as long as a key: never much shorter, at most as long as the title twice
        self.shortest = int(min([self.min_share * len(self.main), *(len(k) for k in self.keys)], default=0) * 0.8)
        self.longest = 2 * len(title) + 10

    def matches(self, norm: str) -> bool:
        if not self.shortest <= len(norm) <= self.longest:  # a cheap look before the key
            return False
        key = title_key(norm)
        if not key:
            return False
        if key in self.keys:
            return True
        return len(key.split()) >= 3 and key in self.full and len(key) >= self.min_share * len(self.main) and (
            key not in self.site
        )


#: Lines shaped like a headline that label something else: captions, players, counters, navigation.
_LABEL_OPENING = regex.compile(
    r"^(?:media caption|image caption|caption|photo|video|watch video|replay|up next|next|previous|read more|share"
    r"|sign in|log in|subscribe|advertisement|related|more|see also|from wikipedia|« |» |\d+ (?:with|comments?|repl)"
    r"|(?:reviewed|written|posted|edited|produced) by|by |von |par |por )",
    regex.IGNORECASE,
)
_CLOCK = regex.compile(r"\b\d{1,2}:\d\d\b")
#: a sentence ending inside the line: a dek or a caption, not a headline
_INNER_SENTENCE = regex.compile(r"\p{Ll}[.!?]\s+\p{Lu}")


def _reads_as_headline(norm: str, max_words: int = 25) -> bool:
    """A line that is a headline in its own right: a title line of its own ("Title - Site"), or a
    headline-sized line opened by a capital that is no label (a caption, a player, a counter)."""
    if strip_site_name(norm) != norm:
        return True
    if not 5 <= word_count(norm) <= max_words or _LABEL_OPENING.match(norm) or _CLOCK.search(norm):
        return False
    if _INNER_SENTENCE.search(norm):
        return False
    opening = norm.lstrip("\"'“‘«¿¡[(")
    return bool(opening) and (opening[0].isupper() or opening[0].isdigit())


def pick_headline(
    page: Page, segment: Sequence[Block], region_start: int, cfg: StoryConfig
) -> Block | None:
    """The headline of the story whose kept blocks are ``segment`` (its prose begins at ``region_start``).

    A rendered page begins with its title ("Title - Site"). In the page's first
    story, the line that repeats the title (without the site's name) before the
    prose is the headline: not a caption, a label, a video player's or a
    dialog's line that may stand nearer the prose. Without such a line, the
    title line itself is. By position alone (:func:`_nearest_headline`) the line
    right above the prose wins when it has a headline's length, then a line the
    page repeats, then the nearest candidate; that guess wins over the title
    only when it stands right above the prose, after the title's copy, and reads
    as a headline of its own (a title line with its site, or a headline-sized
    line opened by a capital that is no caption, player, counter or byline), as
    a story set into another page's frame does. Later stories of a page use the
    title's copy when they hold one, else the guess.
    """
    guess = _nearest_headline(page, segment, region_start, cfg)
    title = title_line(page)
    if title is None or not segment:
        return guess
    first_story = next(page.kept(), None) is segment[0]
    match = TitleMatch(title.norm)
    position = {b.index: k for k, b in enumerate(segment)}
    copies = [k for k, b in enumerate(segment[: region_start + 2]) if b is not title and match.matches(b.norm)]
    guess_at = position[guess.index] if guess is not None else -1
    # the guess competes only as the line right above the prose, where a set-in story's headline stands
    above = guess is not None and 0 < region_start <= len(segment) and segment[region_start - 1] is guess
    if copies:
        copy = segment[copies[0]]
        if guess is None or guess is copy or match.matches(guess.norm):
            return copy
        return guess if above and guess_at > copies[0] and _reads_as_headline(guess.norm) else copy
    if not first_story or (guess is not None and (guess is title or (above and _reads_as_headline(guess.norm)))):
        return guess
    # no copy of the title: the title line itself, unless it is as short as a site's name ("Site News")
    # and a headline-sized line stands right above the prose
    short = word_count(title.norm) < 4 and _TITLE_SEPARATOR.search(title.norm) is None
    if short and guess is not None and above and word_count(guess.norm) >= 4 and not _INNER_SENTENCE.search(
        guess.norm
    ):
        return guess
    return title if title.index in position else guess


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
