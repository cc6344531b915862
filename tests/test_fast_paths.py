"""Fast paths of the article step give what the plain computation gives, on generated pages.

Each plain version here is the straightforward code the fast one replaced;
a difference would change which stories and headlines a page gets.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.clean.config import StoryConfig
from cleanpress.clean.rules import Page
from cleanpress.clean.rules.shape import capitalised_share, is_prose, is_title_like, word_count
from cleanpress.clean.segment import segment
from cleanpress.clean.stories import PROSE_WITHIN, _copy_follows, _gap_before, _may_head, _prose_soon, split_points

TITLES = [
    "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District",
    "Share this", "By Jane Doe", "Photo: Reuters/Jane Doe", "Read More", "Home", "World News Today",
    "January 3, 2021", "Are you sure you want to delete your account?", "and add the sugar",
]
PROSE = [
    "The city council approved the new budget on Tuesday after a debate that lasted most of the night.",
    "Critics said the plan would raise property taxes for most residents by the end of next year.",
    "Heavy rain flooded dozens of streets in the harbour district on Wednesday, forcing shops to close.",
    "Forecasters said more rain was expected over the weekend and urged people to stay away from the river.",
]
page_lines = st.lists(st.sampled_from([*TITLES, *PROSE, "", ""]), max_size=40)


def _plain_split_points(page: Page, cfg: StoryConfig, scores=None) -> list[int]:
    """split_points as it was written first: every line past a story's length asked whether it may head one."""
    starts = [0]
    if not cfg.split:
        return starts
    kept = list(page.kept())
    prose_words = [
        word_count(b.norm) if (scores is None or scores[b.index] > 0) and is_prose(b.norm) else 0 for b in kept
    ]
    after = [0] * (len(kept) + 1)
    for k in range(len(kept) - 1, -1, -1):
        after[k] = after[k + 1] + prose_words[k]
    counts = page.line_counts
    since_split = 0
    seen: set[str] = set()
    footer_at = next((b.index for b in page.blocks if page.removed[b.index] == "footer"), len(page.blocks))
    for k, block in enumerate(kept):
        norm = block.norm
        if block.index > footer_at:
            break
        if since_split >= cfg.min_story_words and _may_head(norm, cfg, None):
            copy = (
                _copy_follows(page, block, cfg.repeat_window)
                if counts[norm] > 1 and not (norm in seen and is_title_like(norm))
                else None
            )
            repeated = copy is not None and _prose_soon(page, copy, PROSE_WITHIN)
            gap_title = (
                word_count(norm) >= cfg.gap_title_min_words
                and _gap_before(page, block) >= cfg.gap_blank_lines
                and capitalised_share(norm) >= cfg.gap_title_capitalised
                and _prose_soon(page, block, PROSE_WITHIN)
            )
            if (repeated or gap_title) and after[k + 1] >= cfg.min_story_words:
                starts.append(block.index)
                since_split = 0
        seen.add(norm)
        since_split += prose_words[k]
    return starts


@settings(max_examples=300, deadline=None)
@given(page_lines, st.integers(0, 60), st.lists(st.booleans(), max_size=40))
def test_split_points_are_the_plain_ones(lines, min_words, scored):
    text = "\n".join(lines)
    page = Page(text, segment(text))
    cfg = StoryConfig(min_story_words=min_words)
    scores = {b.index: (1.0 if flag else -1.0) for b, flag in zip(page.blocks, scored + [True] * 40, strict=False)}
    heads: dict[str, bool] = {}
    for given_scores in (None, scores):
        expected = _plain_split_points(page, cfg, given_scores)
        assert split_points(page, cfg, given_scores, heads) == expected
        assert split_points(page, cfg, given_scores) == expected
