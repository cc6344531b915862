"""Headlines and pages that hold several stories.

A page is split where a new story visibly begins: a title-like line that the
page prints twice (as a headline and again above the article) or that stands
after a gap of blank lines in Title Case, with prose on both sides. Within each
story, the headline is the best title-like line just before the article's
region (see :mod:`cleanpress.clean.rules.region`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import Page
from cleanpress.clean.rules.shape import capitalised_share, is_prose, is_title_like, word_count
from cleanpress.types import Block


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """Thresholds of headline detection and story splitting."""

    split: bool = True
    min_story_words: int = 60
    title_min_words: int = 2
    title_max_words: int = 25
    headline_lookback: int = 8


def is_headline_candidate(norm: str, cfg: StoryConfig) -> bool:
    words = word_count(norm)
    return (
        cfg.title_min_words <= words <= cfg.title_max_words
        and is_title_like(norm, cfg.title_max_words)
        and not vocab.DATE_LINE.match(norm)
        and not vocab.TIME_AGO.match(norm)
        and not vocab.is_truncated(norm)
    )


def _gap_before(page: Page, block: Block) -> int:
    """Blank lines right before ``block``."""
    gap = 0
    i = block.index - 1
    while i >= 0 and not page.blocks[i].norm:
        gap += 1
        i -= 1
    return gap


def split_points(page: Page, cfg: StoryConfig) -> list[int]:
    """Block indexes where a new story starts (the first is always 0)."""
    starts = [0]
    if not cfg.split:
        return starts
    kept = list(page.kept())
    prose_words = [word_count(b.norm) if is_prose(b.norm) else 0 for b in kept]
    # suffix sums of prose words, to ask "is there a story after this line?"
    after = [0] * (len(kept) + 1)
    for k in range(len(kept) - 1, -1, -1):
        after[k] = after[k + 1] + prose_words[k]
    counts = page.line_counts
    since_split = 0
    seen_titles: set[str] = set()
    for k, block in enumerate(kept):
        norm = block.norm
        if is_headline_candidate(norm, cfg) and since_split >= cfg.min_story_words:
            repeated = counts[norm] > 1 and norm not in seen_titles
            gap_title = _gap_before(page, block) >= 2 and capitalised_share(norm) >= 0.6
            # the story after must be long enough too, up to the next split
            if (repeated or gap_title) and after[k + 1] >= cfg.min_story_words:
                starts.append(block.index)
                since_split = 0
        if is_title_like(norm):
            seen_titles.add(norm)
        since_split += prose_words[k]
    return starts


def pick_headline(
    page: Page, segment: Sequence[Block], region_start: int, cfg: StoryConfig
) -> Block | None:
    """The headline among the kept lines just before the article's region.

    ``segment`` is the story's kept blocks and ``region_start`` the position in
    it where the article's prose begins. A line the page repeats wins; then
    the candidate nearest the prose with more than a few words.
    """
    lo = max(0, region_start - cfg.headline_lookback)
    candidates = [b for b in segment[lo:region_start] if is_headline_candidate(b.norm, cfg)]
    if not candidates:
        return None
    counts = page.line_counts

    def score(pair: tuple[int, Block]) -> tuple[int, int, int]:
        distance, block = pair
        words = word_count(block.norm)
        return (counts[block.norm] > 1, 4 <= words <= cfg.title_max_words, -distance)

    ranked = sorted(enumerate(reversed(candidates)), key=score, reverse=True)
    return ranked[0][1]
