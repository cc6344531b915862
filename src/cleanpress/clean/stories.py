"""Headlines and pages that hold several stories.

A page is split where a new story visibly begins: a title-like line that the
page prints twice with no prose between the copies (as a link and again above
the article) or that stands after a gap of blank lines in Title Case, with prose
on both sides and its own prose beginning within a few lines. A label (a
photographer's credit, a caption, a dialog's or a control's line) or a line that
continues the text above it ("and add", lower case) opens no story, nor does a
line that recurs across the prose (a caption under each picture, a recipe's
recurring step). The headline of each story is found by
:mod:`cleanpress.clean.article.headline`.
"""

from __future__ import annotations

from collections.abc import Mapping

from cleanpress.clean.article.headline import is_headline_candidate, is_label_line
from cleanpress.clean.config import StoryConfig
from cleanpress.clean.rules.base import Page
from cleanpress.clean.rules.shape import capitalised_share, is_prose, is_title_like, word_count
from cleanpress.types import Block

#: A new story's prose begins within this many non-blank lines after its headline.
PROSE_WITHIN = 6


def _gap_before(page: Page, block: Block) -> int:
    """Blank lines right before ``block``."""
    gap = 0
    i = block.index - 1
    while i >= 0 and not page.blocks[i].norm:
        gap += 1
        i -= 1
    return gap


def _copy_follows(page: Page, block: Block, window: int) -> Block | None:
    """The same line printed again within the next ``window`` non-blank lines with no prose between
    (a headline printed twice, as a link and above its article), else None. A line that recurs across
    the prose (a photographer's credit, a recipe's "Meal 1", a lead-in "and here:") is no headline."""
    seen = 0
    for other in page.blocks[block.index + 1 :]:
        if not other.norm:
            continue
        if other.norm == block.norm:
            return other
        if is_prose(other.norm):
            return None
        seen += 1
        if seen >= window:
            return None
    return None


def _prose_soon(page: Page, block: Block, within: int) -> bool:
    """Whether a prose line is among the ``within`` non-blank lines after ``block``: a story's headline
    stands above its prose, not at the head of a menu or a list of teasers."""
    seen = 0
    for other in page.blocks[block.index + 1 :]:
        if not other.norm:
            continue
        if is_prose(other.norm):
            return True
        seen += 1
        if seen >= within:
            return False
    return False


def _opens_a_story(norm: str) -> bool:
    """A line that may head a story: no label (a credit, a dialog, a control) and, in a cased script,
    opened by a capital or a digit ("and add" continues the text above it)."""
    if is_label_line(norm):
        return False
    opening = norm.lstrip("\"'“‘«¿¡[(")
    return bool(opening) and (opening[0].isupper() or opening[0].isdigit() or opening[0].lower() == opening[0].upper())


def split_points(
    page: Page, cfg: StoryConfig, scores: Mapping[int, float] | None = None, heads: dict[str, bool] | None = None
) -> list[int]:
    """Block indexes where a new story starts (the first is always 0).

    With ``scores`` (the line model's, by block index), only prose lines
    scored as article text count towards a story's length, so menus and
    footers of sentence-like links do not make a story of their own.
    ``heads`` remembers, by line text, whether a line may head a story under
    ``cfg`` (a cleaner keeps one for its pages: a site's menus recur); it
    saves work and never changes a result.
    """
    starts = [0]
    if not cfg.split:
        return starts
    kept = list(page.kept())
    prose_words = [
        word_count(b.norm) if (scores is None or scores[b.index] > 0) and is_prose(b.norm) else 0 for b in kept
    ]
    # suffix sums of prose words, to ask "is there a story after this line?"
    after = [0] * (len(kept) + 1)
    for k in range(len(kept) - 1, -1, -1):
        after[k] = after[k + 1] + prose_words[k]
    counts = page.line_counts
    since_split = 0
    # the lines above this one: a title-like line among them is a title already seen (a line's shape is its text's)
    seen: set[str] = set()
    # the page's footer (a copyright line, a row of legal links) ends its stories: what follows it
    # (a log-in dialog, a widget) opens none
    footer_at = next((b.index for b in page.blocks if page.removed[b.index] == "footer"), len(page.blocks))
    for k, block in enumerate(kept):
        norm = block.norm
        if block.index > footer_at:
            break
        # (the cheap conditions a split needs first: a story after it, and a copy below or a gap above)
        if (
            since_split >= cfg.min_story_words
            and after[k + 1] >= cfg.min_story_words
            and (counts[norm] > 1 or (word_count(norm) >= cfg.gap_title_min_words
                                      and _gap_before(page, block) >= cfg.gap_blank_lines))
            and _may_head(norm, cfg, heads)
        ):
            copy = (
                _copy_follows(page, block, cfg.repeat_window)
                if counts[norm] > 1 and not (norm in seen and is_title_like(norm))
                else None
            )
            repeated = copy is not None and _prose_soon(page, copy, PROSE_WITHIN)
            # a headline-sized Title Case line after two blank lines
            gap_title = (
                word_count(norm) >= cfg.gap_title_min_words
                and _gap_before(page, block) >= cfg.gap_blank_lines
                and capitalised_share(norm) >= cfg.gap_title_capitalised
                and _prose_soon(page, block, PROSE_WITHIN)
            )
            # the story after must be long enough too, up to the next split
            if (repeated or gap_title) and after[k + 1] >= cfg.min_story_words:
                starts.append(block.index)
                since_split = 0
        seen.add(norm)
        since_split += prose_words[k]
    return starts


#: lines whose :func:`_may_head` verdict a ``heads`` memory keeps; past this many it is emptied and refilled
HEADS_KEPT = 32_768


def _may_head(norm: str, cfg: StoryConfig, heads: dict[str, bool] | None) -> bool:
    """Whether a line may head a story: a headline candidate that :func:`_opens_a_story` (remembered in ``heads``)."""
    if heads is None:
        return is_headline_candidate(norm, cfg) and _opens_a_story(norm)
    verdict = heads.get(norm)
    if verdict is None:
        verdict = is_headline_candidate(norm, cfg) and _opens_a_story(norm)
        if len(heads) >= HEADS_KEPT:
            heads.clear()
        heads[norm] = verdict
    return verdict
