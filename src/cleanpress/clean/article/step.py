"""The article step of one page: per story, its region, headline and what lies outside.

After the line rules have run, each story's kept lines are scored (by the line
model, or the prose heuristic without one); the densest run of them is the
article (:func:`~cleanpress.clean.article.region.densest_run`), extended across
an interruption (:func:`~cleanpress.clean.article.region.resumed_positions`,
and across the interruption itself when nothing in it reads as chrome:
:func:`~cleanpress.clean.article.region.bridged_positions`), and over what its
last line introduces or the list it ends in
(:func:`~cleanpress.clean.article.region.continued_end`) and a closing sentence
after it (:func:`~cleanpress.clean.article.region.closing_line`).
The headline is picked just before the article's first prose line; every kept
line outside the article, and every line inside it that the model scores below
its ``drop_below``, is removed with the rule ``outside-article``; a story where
no line reads as article text loses every line (reason ``no-article``), so a page
of menus and link lists gives no story. Each of these removals carries the
line's score and the features that weighed most in it (``Removal.detail``).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from itertools import compress, pairwise, repeat
from operator import is_not, not_

from cleanpress.clean.article.headline import HeadlineFacts, headline_and_start
from cleanpress.clean.article.line_model import LineModel, LineScores
from cleanpress.clean.article.region import (
    RegionScoring,
    below_headline,
    bridged_positions,
    chained_end,
    closing_line,
    continued_end,
    densest_run,
    in_introduced_list,
    listed_end,
    paragraph_run,
    resumed_positions,
    standfirst,
)
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE
from cleanpress.clean.rules.base import Page, new_removal
from cleanpress.clean.rules.shape import ends_sentence, is_prose, word_count
from cleanpress.types import Block, Removal

#: A run of the article ends on a sentence: lines of at most this many words without a sentence end
#: at its tail (a site name, a label) are cut from it.
TAIL_LABEL_WORDS = 4

_NORM = operator.attrgetter("norm")
_INDEX = operator.attrgetter("index")
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")

#: The detail of a ``no-article`` removal (and of a page left with no story), before the line's own score.
NO_ARTICLE = "no line of this story reads as article text"


def article_removals(
    page: Page,
    starts: Sequence[int],
    config: CleanConfig,
    scores: Mapping[int, float] | None = None,
    model: LineModel | None = None,
    *,
    facts: HeadlineFacts | None = None,
) -> list[Removal]:
    """Find each story's article and headline; remove (and mark on ``page``) what lies outside.

    ``starts`` are the block indexes where stories begin; ``scores`` the line
    model's log-odds by block index (``model`` the model that made them);
    ``facts`` what the headline finder asks of the lines' text (a cleaner's, remembered across its pages).
    """
    removals: list[Removal] = []
    if not (config.outside_article or config.headline):
        return removals
    bounds = [*starts, len(page.blocks)]
    for lo, hi in pairwise(bounds):
        removals.extend(_story_article(page, lo=lo, hi=hi, cfg=config, scores=scores, model=model, facts=facts))
    return removals


def _story_article(
    page: Page,
    *,
    lo: int,
    hi: int,
    cfg: CleanConfig,
    scores: Mapping[int, float] | None,
    model: LineModel | None,
    facts: HeadlineFacts | None = None,
) -> list[Removal]:
    removals: list[Removal] = []
    marks = page.removed
    lines = list(filter(_NORM, page.blocks[lo:hi]))
    # (a non-blank line is kept when no rule marked it)
    gone = list(map(is_not, map(marks.__getitem__, map(_INDEX, lines)), repeat(None)))
    run = _article_run(lines, gone, scores, cfg.region, model)
    kept = list(compress(lines, map(not_, gone)))
    #: the block indexes of the story's lines a rule removed
    removed = frozenset(map(_INDEX, compress(lines, gone)))
    if run is not None and not any(is_prose(b.norm) for b in lines[run[0] : run[1] + 1] if page.is_kept(b)):
        run = None  # a run of menu items or headlines with no sentence of prose is no article
    if run is None:
        # no line reads as article text: the story's menus, link lists and labels are no article
        if cfg.outside_article:
            for block, detail in zip(kept, _details(scores, kept, f"{NO_ARTICLE}; "), strict=True):
                removals.append(page.remove_line(block, OUTSIDE_ARTICLE, "no-article", detail))
        return removals
    position = {b.index: k for k, b in enumerate(kept)}
    inside = [position[b.index] for b in lines[run[0] : run[1] + 1] if b.index in position]
    first, last = min(inside), max(inside)
    while last > first and word_count(kept[last].norm) <= TAIL_LABEL_WORDS and not ends_sentence(kept[last].norm):
        last -= 1
    if scores is not None and model is not None:
        first, last = _long_form(
            lines, kept, scores, (first, last), cfg.region, floor=model.drop_below, removed=removed
        )
    elif cfg.region.closing_line and closing_line(kept, last):
        last += 1
    # the headline stands before the first prose line, which may be inside the run
    prose_at = next((k for k in range(first, last + 1) if is_prose(kept[k].norm)), first)
    headline, start = (
        headline_and_start(page, kept, prose_at, cfg.stories, last + 1, facts=facts) if cfg.headline else (None, None)
    )
    if headline is not None:
        # the article starts below its headline (or a teaser or kicker below it): labels above it inside the run go too
        first = max(first, position[headline.index], start or 0)
        removals.append(page.remove_line(headline, HEADLINE, "title"))
        if page.line_counts[headline.norm] > 1:  # (a line the page prints once has no copy to remove)
            for block in kept:
                if block is not headline and block.norm == headline.norm and page.is_kept(block):
                    removals.append(page.remove_line(block, HEADLINE, "repeat"))
    resumed: set[int] = set()
    if scores is not None and cfg.region.resume_ratio > 0:
        resumed = resumed_positions(kept, scores, first, last, cfg.region.resume_ratio)
        if model is not None and cfg.region.bridge_floor is not None:
            # the article's run starts at its headline now, so a part after it may be resumed only now: the
            # interruption between the two is bridged on the same evidence as before the headline was known
            after = {k for k in resumed if k > last}
            resumed |= bridged_positions(
                kept, scores, (first, last), after, floor=cfg.region.bridge_floor, removed=removed
            )
    if headline is not None and scores is not None and model is not None:
        resumed |= _below_headline(page, kept, scores, position[headline.index], (first, last), region=cfg.region,
                                   model=model, removed=removed)
    if not cfg.outside_article:
        return removals
    removals.extend(_outside_removals(page, kept, (first, last), resumed, cfg=cfg, scores=scores, model=model))
    return removals


def _outside_removals(
    page: Page,
    kept: list[Block],
    run: tuple[int, int],
    resumed: set[int],
    *,
    cfg: CleanConfig,
    scores: Mapping[int, float] | None,
    model: LineModel | None,
) -> list[Removal]:
    """The ``outside-article`` removals of the story's lines still kept (no rule, nor the headline, removed
    them) and not ``resumed``: before the ``run`` of positions in ``kept``, inside it where they score under
    the model's ``drop_below``, after it; in order, each with its score's explanation. Each is marked on
    ``page`` as :meth:`Page.remove_line` marks it."""
    first, last = run
    marks = page.removed
    blocks: list[Block] = []
    reasons: list[str] = []
    parts = ((0, first, "before"), (first, last + 1, "low-score"), (last + 1, len(kept), "after"))
    for lo, hi, reason in parts:
        found = [(pos, b) for pos, b in enumerate(kept[lo:hi], lo) if marks[b.index] is None and pos not in resumed]
        if reason == "low-score":
            if scores is None or model is None:
                continue
            found = [
                (pos, b)
                for pos, b in found
                if scores[b.index] < model.drop_below and not (cfg.region.lead_in and in_introduced_list(kept, pos))
            ]
        blocks.extend([b for _, b in found])
        reasons.extend(repeat(reason, len(found)))
    details = _details(scores, blocks)
    for block in blocks:  # (each a kept line, once)
        marks[block.index] = OUTSIDE_ARTICLE
    return list(map(new_removal, map(_START, blocks), map(_END, blocks), repeat(OUTSIDE_ARTICLE), reasons, details))


def _below_headline(
    page: Page,
    kept: list[Block],
    scores: Mapping[int, float],
    top: int,
    run: tuple[int, int],
    *,
    region: RegionScoring,
    model: LineModel,
    removed: frozenset[int],
) -> set[int]:
    """Positions of the kept lines between the headline (at ``top``) and the run that are the article's:
    its part there (:func:`~cleanpress.clean.article.region.below_headline`) and its standfirst."""
    out: set[int] = set()
    if region.below_headline:
        floor = region.bridge_floor if region.bridge_floor is not None else model.drop_below
        out |= below_headline(kept, scores, top, run, floor=floor, removed=removed)
    if region.standfirst:
        below = [k for k in range(top + 1, run[0]) if page.is_kept(kept[k])]
        summary = standfirst(kept, scores, below, run, model.drop_below)
        if summary is not None:
            out.add(summary)
    return out


def _article_run(
    lines: list[Block],
    gone: list[bool],
    scores: Mapping[int, float] | None,
    region: RegionScoring,
    model: LineModel | None,
) -> tuple[int, int] | None:
    """The article's run in ``lines``: the densest, or the best through a paragraph when it holds none."""
    line_scores = [scores[b.index] for b in lines] if scores is not None else None
    run = densest_run(lines, region, gone, line_scores)
    if line_scores is not None and model is not None:
        run = paragraph_run(lines, gone, line_scores, run, scoring=region, floor=model.drop_below)
    return run


def _long_form(
    lines: list[Block],
    kept: list[Block],
    scores: Mapping[int, float],
    run: tuple[int, int],
    region: RegionScoring,
    *,
    floor: float,
    removed: frozenset[int],
) -> tuple[int, int]:
    """The run ``(first, last)`` grown over what the page's structure says is the article's too.

    The list its last line introduces or ends in, a closing sentence, and an interruption
    (a table, a chart, a list) between it and a resumed run of the article when nothing in
    the interruption reads as chrome (no line scores under ``region.bridge_floor``, none is in
    ``removed``, the block indexes a rule removed); ``floor`` is the line model's ``drop_below``.
    """
    first, last = run
    last = continued_end(kept, scores, last, floor, region)
    if region.chain:
        last = continued_end(kept, scores, chained_end(lines, kept, scores, (first, last), floor), floor, region)
    if region.list_gap:
        while (after_list := listed_end(lines, kept, scores, (first, last), floor)) > last:
            last = continued_end(kept, scores, after_list, floor, region)
    if region.closing_line and closing_line(kept, last):
        last += 1
    if region.resume_ratio > 0 and region.bridge_floor is not None:
        resumed = resumed_positions(kept, scores, first, last, region.resume_ratio)
        bridge = bridged_positions(kept, scores, (first, last), resumed, floor=region.bridge_floor, removed=removed)
        if any(k > last for k in bridge):
            last = max(resumed)
        elif any(k < first for k in bridge):
            first = min(resumed)  # the headline is then looked for above the resumed part
    return first, last


def _details(scores: Mapping[int, float] | None, blocks: Sequence[Block], prefix: str = "") -> list[str | None]:
    """Each block's score and the features that weighed most in it, when the line model scored them."""
    if not isinstance(scores, LineScores):
        return [prefix.rstrip("; ") or None for _ in blocks]
    return [prefix + d for d in scores.explain_many([b.index for b in blocks])]
