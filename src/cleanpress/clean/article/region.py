"""The article's region: the densest run of prose in a story's lines.

Whatever page chrome the named rules did not recognise (menus, section labels,
site names, link lists) is short and unpunctuated; article text is long and
ends sentences. Scoring each kept line (prose earns its words, anything else
costs a fixed penalty plus its words) and taking the maximum-sum run of
lines finds the article without a vocabulary, in any language.

Long-form articles hold lines that score like chrome: list items, table rows,
subheadings, a short closing sentence. The run is extended over them only on
evidence the page's structure gives (:func:`continued_end`, :func:`closing_line`,
:func:`bridged_positions`), never on their score alone.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from cleanpress.clean.rules.shape import (
    capitalised_share,
    ends_punctuated,
    ends_sentence,
    is_prose,
    is_title_like,
    sentence_count,
    word_count,
)
from cleanpress.types import Block


@dataclass(frozen=True, slots=True)
class RegionScoring:
    """How lines are scored when looking for the article's region."""

    prose_min_words: int = 8
    line_penalty: float = 4.0
    word_penalty: float = 1.0
    #: score lines with the shipped line model (:mod:`~cleanpress.clean.article.line_model`);
    #: ``False`` falls back to the prose heuristic above
    model: bool = True
    #: keep the best run after the article's too when it scores at least this share of it (0: never)
    resume_ratio: float = 0.25
    #: most a removed line costs the run (model scores only) when the kept lines on both sides of
    #: its group of removed lines score as article text: an ad block between two paragraphs
    #: must not cut the article there
    between_cost: float = 0.5
    #: a list the article's last line introduces (the line ends with a colon) is the article's: the block
    #: of lines after it (one blank line at most between) joins the run, each line scoring at least the
    #: model's ``drop_below``
    lead_in: bool = True
    #: a run that ends on a line without end punctuation (a list item, a table row) goes on through the
    #: lines that follow it with no blank line between, each scoring at least the model's ``drop_below``
    list_block: bool = True
    #: a sentence of 5+ words right after the run (only lines a rule removed between) that is the
    #: story's last kept line closes the article (a short closing quote after an ad line)
    closing_line: bool = True
    #: when a run is resumed across an interruption, the kept lines between the article and it are kept
    #: too when every one of them scores at least this (a table, a chart's labels, a list between two
    #: parts of the article); ``None`` never. Dev figures of -1.5 / -2.0 / -2.5 in docs/clean.md.
    bridge_floor: float | None = -2.0
    #: an article whose paragraphs are set apart by pictures goes on past its run: the next paragraph after
    #: a short gap of captions, credits, subheadings and rule-removed lines (an ad marker) joins it, each
    #: kept line scoring at least the model's ``drop_below`` (:func:`chained_end`)
    chain: bool = True
    #: a list (one block of short lines) between the run's last paragraph and a next paragraph of prose is the
    #: article's, and so is the paragraph after it (:func:`listed_end`)
    list_gap: bool = True
    #: the line right below the headline that sums up the article (its standfirst, a sentence in the
    #: article's own words) stays, whatever stands between it and the run (:func:`standfirst`)
    standfirst: bool = True
    #: a run that holds no paragraph of this many words (prose: a list of other stories' titles, a teaser's
    #: one-line summary) gives way to the best run through such a paragraph elsewhere in the story, when one
    #: scores at least the model's ``drop_below`` (:func:`run_through`); ``None`` never
    paragraph_words: int | None = 40
    #: ... when that run scores at least this share of the run without a paragraph: a table or a list of
    #: short items that makes the article outscores a stray paragraph (a site's appeal, a bio) by far
    paragraph_ratio: float = 0.5
    #: the best run between the headline and the article's run is the article's too when it holds paragraphs
    #: that speak of what the run speaks of and nothing between the two reads as chrome (:func:`below_headline`)
    below_headline: bool = True


def line_score(norm: str, scoring: RegionScoring) -> float:
    words = word_count(norm)
    if is_prose(norm, scoring.prose_min_words):
        return float(words)
    return -(scoring.line_penalty + scoring.word_penalty * words)


def densest_run(
    blocks: Sequence[Block],
    scoring: RegionScoring,
    removed: Sequence[bool] | None = None,
    scores: Sequence[float] | None = None,
) -> tuple[int, int] | None:
    """``(first, last)`` positions in ``blocks`` of the maximum-sum run, or None.

    ``removed`` flags blocks a rule already removed: they still cost their
    penalty (boilerplate between two islands of prose keeps them apart) but
    can never be the end of the run. ``scores``, when given (the line
    model's), replace the heuristic score of every block, and a removed
    block whose nearest kept neighbours on both sides score above zero
    (boilerplate a rule found between two paragraphs) costs at most
    ``scoring.between_cost``.

    Returns None when no line scores above zero (nothing reads as prose).

    >>> from cleanpress.clean.segment import segment
    >>> lines = ["Menu", "Home", "This is a sentence with enough words to count as prose.",
    ...          "A second sentence that is long enough to count as prose too.", "Footer"]
    >>> densest_run([b for b in segment("\\n".join(lines))], RegionScoring())
    (2, 3)
    """
    cheap = _between_prose(removed, scores) if scores is not None and removed is not None else None
    best: tuple[float, int, int] | None = None
    run_sum = 0.0
    run_start = 0
    for pos, block in enumerate(blocks):
        gone = removed is not None and removed[pos]
        if scores is not None:
            score = scores[pos]
            if cheap is not None and cheap[pos]:
                score = max(score, -scoring.between_cost)
        elif gone:
            score = -(scoring.line_penalty + scoring.word_penalty * word_count(block.norm) / 2)
        else:
            score = line_score(block.norm, scoring)
        if run_sum <= 0:
            if gone:
                continue
            run_sum, run_start = score, pos
        else:
            run_sum += score
        if not gone and run_sum > 0 and (best is None or run_sum > best[0]):
            best = (run_sum, run_start, pos)
    if best is None:
        return None
    return best[1], best[2]


def run_scores(
    blocks: Sequence[Block],
    scoring: RegionScoring,
    removed: Sequence[bool] | None = None,
    scores: Sequence[float] | None = None,
) -> list[float]:
    """What each block adds to a run (:func:`densest_run`)."""
    cheap = _between_prose(removed, scores) if scores is not None and removed is not None else None
    out: list[float] = []
    for pos, block in enumerate(blocks):
        if scores is not None:
            score = scores[pos]
            if cheap is not None and cheap[pos]:
                score = max(score, -scoring.between_cost)
        elif removed is not None and removed[pos]:
            score = -(scoring.line_penalty + scoring.word_penalty * word_count(block.norm) / 2)
        else:
            score = line_score(block.norm, scoring)
        out.append(score)
    return out


def run_through(
    values: Sequence[float], removed: Sequence[bool], pos: int, within: tuple[int, int] | None = None
) -> tuple[float, int, int]:
    """``(sum, first, last)`` of the maximum-sum run of ``values`` that holds ``pos`` (not a removed position)
    and neither starts nor ends on a removed position, inside the positions ``within`` (both ends included;
    default all).

    >>> run_through([3.0, -5.0, 1.0, -0.5, 2.0, -4.0], [False] * 6, 2)
    (2.5, 2, 4)
    """
    lo, hi = within if within is not None else (0, len(values) - 1)
    total, first = values[pos], pos
    acc = values[pos]
    for k in range(pos - 1, lo - 1, -1):
        acc += values[k]
        if not removed[k] and acc > total:
            total, first = acc, k
    best_after, last = 0.0, pos
    acc = 0.0
    for k in range(pos + 1, hi + 1):
        acc += values[k]
        if not removed[k] and acc > best_after:
            best_after, last = acc, k
    return total + best_after, first, last


def is_paragraph(norm: str, min_words: int) -> bool:
    """Whether ``norm`` is a paragraph: prose of ``min_words`` words or more."""
    return word_count(norm) >= min_words and is_prose(norm)


def paragraph_run(
    blocks: Sequence[Block],
    removed: Sequence[bool],
    scores: Sequence[float],
    run: tuple[int, int] | None,
    *,
    scoring: RegionScoring,
    floor: float,
) -> tuple[int, int] | None:
    """The article's run once it must hold a paragraph (:data:`RegionScoring.paragraph_words`).

    The line model scores lines, not words: a block of other stories' titles, each a short
    sentence scoring a little above zero, can outscore the one long paragraph of a story
    whose language or layout the model knows less well. A run (``(first, last)`` in
    ``blocks``, from :func:`densest_run`, or None) that holds no paragraph gives way to the
    best run through a kept paragraph that scores ``floor`` or more (and does not overlap it), when
    the story has one and that run scores at least :data:`RegionScoring.paragraph_ratio` of it.
    """
    words = scoring.paragraph_words
    if words is None:
        return run
    if run is not None and any(
        is_paragraph(b.norm, words) for b, gone in zip(blocks[run[0] : run[1] + 1], removed[run[0] : run[1] + 1],
                                                       strict=True) if not gone
    ):
        return run
    paragraphs = [
        pos for pos, block in enumerate(blocks)
        if not removed[pos] and scores[pos] >= floor and is_paragraph(block.norm, words)
    ]
    if not paragraphs:
        return run
    values = run_scores(blocks, scoring, removed, scores)
    best = (0.0, 0, -1)
    for k, pos in enumerate(paragraphs):
        # outside the run it replaces: the best run through the paragraph would take the titles in again
        within = None if run is None else (run[1] + 1, len(blocks) - 1) if pos > run[1] else (0, run[0] - 1)
        through = run_through(values, removed, pos, within)
        if k == 0 or through[0] > best[0]:
            best = through
    if run is not None and best[0] < scoring.paragraph_ratio * sum(values[run[0] : run[1] + 1]):
        return run
    return best[1], best[2]


def _between_prose(removed: Sequence[bool], scores: Sequence[float]) -> list[bool]:
    """Flags the removed blocks whose nearest kept blocks before and after both score above zero."""
    n = len(scores)
    cheap = [False] * n
    pos = 0
    while pos < n:
        if not removed[pos]:
            pos += 1
            continue
        end = pos
        while end < n and removed[end]:
            end += 1
        if pos > 0 and end < n and scores[pos - 1] > 0 and scores[end] > 0:
            cheap[pos:end] = [True] * (end - pos)
        pos = end
    return cheap


def best_run(values: list[float]) -> tuple[float, int, int]:
    """(sum, first, last) of the maximum-sum run of ``values`` (Kadane); (0, 0, -1) when none is positive."""
    best = (0.0, 0, -1)
    total, start = 0.0, 0
    for i, v in enumerate(values):
        if total <= 0:
            total, start = v, i
        else:
            total += v
        if total > best[0]:
            best = (total, start, i)
    return best


#: fewest words of a paragraph in the article's part below its headline (:func:`below_headline`)
PART_PARAGRAPH_WORDS = 20
#: fewest such paragraphs in it: one alone is a picture's caption, a summary, a site's notice
PART_PARAGRAPHS = 2


def below_headline(
    kept: Sequence[Block],
    scores: Mapping[int, float],
    top: int,
    run: tuple[int, int],
    *,
    floor: float,
    removed: Container[int] = (),
) -> set[int]:
    """Positions of the article's part between its headline (at ``top`` in ``kept``) and its run.

    An article whose opening paragraphs stand apart from the rest (a list, a picture's
    captions between them) loses them to the run below: the page's prose is mostly further
    down. What stands below the article's headline is the article's when it reads as article
    text: the best run of the lines between (:func:`best_run`) holds :data:`PART_PARAGRAPHS`
    paragraphs, speaks of what the run speaks of (:data:`SHARED_VOCABULARY`), and nothing between
    it and the run reads as chrome (:func:`_clean_gap` at ``floor``: those lines join too).
    """
    first, last = run
    if first - top < 2:
        return set()
    _, lo, hi = best_run([scores[b.index] for b in kept[top + 1 : first]])
    if hi < lo:
        return set()
    out = set(range(top + 1 + lo, top + 2 + hi))
    if sum(is_paragraph(kept[k].norm, PART_PARAGRAPH_WORDS) for k in out) < PART_PARAGRAPHS:
        return set()
    part = " ".join(kept[k].norm for k in sorted(out))
    if shared_vocabulary(part, (b.norm for b in kept[first : last + 1])) < SHARED_VOCABULARY:
        return set()  # teasers of other stories, an advertiser's copy
    article = [kept[k].norm for k in (*range(first, last + 1), *sorted(out))]
    gap = _clean_gap(kept, scores, (top + 1 + hi, first), floor, removed=removed, article=article)
    if len(gap) < first - (top + 2 + hi):
        return set()  # chrome between the part and the run: the part is something else's
    return out | set(gap)


def resumed_positions(kept: list[Block], scores: Mapping[int, float], first: int, last: int, ratio: float) -> set[int]:
    """Positions of the article's other part across an interruption (an ad block, a gallery).

    The best-scoring run before and the one after the article's run are kept
    too when they score at least ``ratio`` times the article's run.
    """
    main = sum(scores[b.index] for b in kept[first : last + 1])
    out: set[int] = set()
    total, lo, hi = best_run([scores[b.index] for b in kept[last + 1 :]])
    if hi >= lo and total >= ratio * main:
        out.update(range(last + 1 + lo, last + 2 + hi))
    total, lo, hi = best_run([scores[b.index] for b in kept[:first]])
    if hi >= lo and total >= ratio * main:
        out.update(range(lo, hi + 1))
    return out


def continued_end(
    kept: Sequence[Block], scores: Mapping[int, float], last: int, floor: float, scoring: RegionScoring
) -> int:
    """The article's last position in ``kept`` once the list or block its run ends in is taken whole.

    Two kinds of evidence, both from the page's layout rather than the lines' scores: a line
    ending with a colon introduces what follows (``scoring.lead_in``: the next block, after at
    most one blank line), and a run that ends on an unpunctuated line (a list item, a table row)
    ends inside a list, which goes on as long as no blank line, no removed line and no line
    scoring under ``floor`` interrupts it (``scoring.list_block``).

    >>> from cleanpress.clean.segment import segment
    >>> blocks = [b for b in segment("Tour dates:\\nJune 9 - Tampa\\nJune 10 - Miami\\n\\nHome") if b.norm]
    >>> continued_end(blocks, {b.index: -1.0 for b in blocks}, 0, -3.0, RegionScoring())
    2
    """
    end = last
    if scoring.lead_in:
        lead = end
        if not kept[lead].norm.endswith(":") and lead + 1 < len(kept) and _leads_in(kept[lead], kept[lead + 1]):
            lead += 1  # the introduction itself may score under the run: "The tour dates are:"
        if kept[lead].norm.endswith(":") and lead + 1 < len(kept):
            following = kept[lead + 1]
            if following.index - kept[lead].index <= 2 and scores[following.index] >= floor:
                end = lead + 1
    introduced = end > last
    if introduced or (scoring.list_block and not ends_punctuated(kept[end].norm)):
        while (
            end + 1 < len(kept)
            and kept[end + 1].index == kept[end].index + 1
            and (scores[kept[end + 1].index] >= floor or (introduced and in_introduced_list(kept, end + 1)))
        ):
            end += 1
    return end


#: most words of an item of a list a line of the article introduces (:func:`in_introduced_list`)
LIST_ITEM_MAX_WORDS = 12


def in_introduced_list(kept: Sequence[Block], pos: int) -> bool:
    """Whether ``kept[pos]`` is an item of a list that a line ending with a colon introduces.

    The items are short (:data:`LIST_ITEM_MAX_WORDS` words at most) and follow each other
    and their introduction (:data:`LEAD_IN_MIN_WORDS` words or more) with no line between:
    such a list is the article's as a block, however its items score.
    """
    k = pos
    while k > 0 and word_count(kept[k].norm) <= LIST_ITEM_MAX_WORDS and not kept[k].norm.endswith(":"):
        if kept[k - 1].index != kept[k].index - 1:
            return False
        k -= 1
    return k < pos and kept[k].norm.endswith(":") and word_count(kept[k].norm) >= LEAD_IN_MIN_WORDS


#: fewest words of a line ending with a colon, right after the run, that introduces a list (:func:`continued_end`):
#: fewer is a label ("Links:", "Official links:")
LEAD_IN_MIN_WORDS = 3


def _leads_in(previous: Block, line: Block) -> bool:
    """Whether ``line``, just after the run's last line ``previous``, introduces a list that follows it."""
    return (
        line.norm.endswith(":")
        and line.index - previous.index <= 2
        and word_count(line.norm) >= LEAD_IN_MIN_WORDS
    )


#: fewest words of a closing sentence (:func:`closing_line`)
CLOSING_MIN_WORDS = 5


def closing_line(kept: Sequence[Block], last: int) -> bool:
    """Whether the line after ``last`` closes the article: a sentence, and the story's last kept line.

    Only lines a rule removed (an ad line, a share row, a byline) may stand between the two:
    ``kept`` holds the story's kept lines only, so the line is simply the next one.
    """
    if last + 2 != len(kept):
        return False
    norm = kept[last + 1].norm
    return ends_sentence(norm) and word_count(norm) >= CLOSING_MIN_WORDS


def bridged_positions(
    kept: Sequence[Block],
    scores: Mapping[int, float],
    run: tuple[int, int],
    resumed: set[int],
    *,
    floor: float,
    removed: Container[int] = (),
) -> set[int]:
    """Positions between the article's run and a resumed run, when every one of them scores at least ``floor``.

    A resumed run is more of the article after an interruption; when nothing in the
    interruption reads as chrome (every kept line scores ``floor`` or more, and no line
    in it is in ``removed``, the block indexes a rule removed: a gallery's "Photo 1 of 4",
    an ad line), the interruption is the article's too: a table, a list, a chart's labels.
    """
    first, last = run
    out: set[int] = set()
    after = [k for k in resumed if k > last]
    if after and len(after) < len(resumed):
        return out  # runs resumed on both sides: the article is in pieces, not one piece interrupted once
    article = [kept[k].norm for k in (*range(first, last + 1), *sorted(resumed))]
    if after:
        out.update(_clean_gap(kept, scores, (last, min(after)), floor, removed=removed, article=article))
    before = [k for k in resumed if k < first]
    if before:
        out.update(_clean_gap(kept, scores, (max(before), first), floor, removed=removed, article=article))
    return out


def _clean_gap(
    kept: Sequence[Block],
    scores: Mapping[int, float],
    span: tuple[int, int],
    floor: float,
    *,
    removed: Container[int],
    article: Sequence[str],
) -> range:
    """The positions strictly between ``lo`` and ``hi`` when none reads as chrome, else none: no line scores
    under ``floor``, none was removed, and they are no list of other stories' headlines (:func:`headline_list`;
    ``article`` holds the lines of the article on both sides)."""
    lo, hi = span
    if hi >= len(kept):
        return range(0)  # the run starts past the page's last kept line (a headline found below it): no gap to bridge
    gap = range(lo + 1, hi)
    if any(scores[kept[k].index] < floor for k in gap):
        return range(0)
    if any(i in removed for i in range(kept[lo].index + 1, kept[hi].index)):
        return range(0)
    if headline_list([kept[k].norm for k in gap], article):
        return range(0)
    return gap


#: fewest words of a line shaped like another story's headline (:func:`headline_list`), its bullet left out:
#: fewer is a label, a table's cell, a list's item ("June 9 West Palm Beach", "Two cups of dried beans")
LISTED_HEADLINE_MIN_WORDS = 7
#: what opens a list's item before its words
_BULLETS = "•·‣▪◦*-–— "
#: fewest such lines in a list of other stories' headlines
LISTED_HEADLINES = 3


def headline_list(norms: Sequence[str], article: Iterable[str]) -> bool:
    """Whether lines are a list of other stories' headlines (a sidebar's, a portal's) rather than a table or
    a list of the article's (ingredients, the schools a storm closed).

    :data:`LISTED_HEADLINES` or more of them, and at least half, are shaped like headlines
    (:data:`LISTED_HEADLINE_MIN_WORDS` words or more, no sentence's end or a question) and speak of
    something else than the ``article``'s lines: less than :data:`SHARED_VOCABULARY` of their content
    words are the article's.

    >>> article = ["Bekam (hijama) is an old cure, the prophet said, and many still swear by it today."]
    >>> headline_list(["How to Bring Sick People to a Doctor in Indonesia", "The Delicious Food Pecel Bawal",
    ...                "Indonesian Woman Taxi Motorbike Bring Her 2 Children",
    ...                "Menkeu: Tarif Pajak Penghasilan di Indonesia Terlalu Rendah"], article)
    True
    >>> headline_list(["• June 9 West Palm Beach", "• June 9 the harbour hall", "• Two cups of dried beans"], article)
    False
    >>> headline_list(["Name: Escape Plan 1", "Level: 85", "NPC: Slave Jabur", "Reward: 1,800 gold"], article)
    False
    >>> headline_list(["• Bernards Township Public Schools", "• Franklin Township Public Schools",
    ...                "• Hillsborough Township Public Schools"], ["Public schools in the township are closed."])
    False
    """
    # imported here: the headline module imports the config, which imports this module
    from cleanpress.clean.article.headline import content_keys

    shaped = [
        norm for norm in norms
        if word_count(norm.lstrip(_BULLETS)) >= LISTED_HEADLINE_MIN_WORDS and is_title_like(norm)
    ]
    if len(shaped) < LISTED_HEADLINES or 2 * len(shaped) < len(norms):
        return False
    seen: set[str] = set()
    for line in article:
        seen |= content_keys(line)
    titles = 0
    for norm in shaped:
        own = content_keys(norm)
        if not own or len(own & seen) < SHARED_VOCABULARY * len(own):
            titles += 1
    return titles >= LISTED_HEADLINES and 2 * titles >= len(norms)


#: most non-blank lines (kept or removed by a rule) between two paragraphs of one article (:func:`chained_end`):
#: a picture's ad marker, caption and credit, or a subheading between two ad markers
CHAIN_GAP_LINES = 6
#: most words of a kept line in such a gap: a caption, a credit or a subheading, never a paragraph
CHAIN_GAP_WORDS = 12


def chained_end(
    lines: Sequence[Block], kept: Sequence[Block], scores: Mapping[int, float], run: tuple[int, int], floor: float
) -> int:
    """The article's last position in ``kept`` once the paragraphs that follow its run, picture by picture, join it.

    A long article with a picture between each two paragraphs (an ad marker, a caption, a
    photographer's credit) scores its later paragraphs low: most of the page's prose is above
    them, their neighbours are short. The page's layout says they are the article's when the
    same separator goes on: the run ``(first, last)`` holds lines that are no prose (kept or
    removed by a rule; ``lines`` are the story's non-blank lines), and each next paragraph
    (prose scoring at least ``floor``) follows after at most :data:`CHAIN_GAP_LINES` non-blank
    lines, one of them a copy of such a line (or after nothing but subheadings, or nothing), the
    kept ones short (:data:`CHAIN_GAP_WORDS` words at most) and scoring at least ``floor``.

    >>> from cleanpress.clean.segment import segment
    >>> text = "\\n\\n".join(["A first paragraph of the story, long enough to read as prose.", "Photo: A. Smith",
    ...     "The second paragraph of the story goes on after the first picture.", "Photo: A. Smith",
    ...     "The third paragraph of the story goes on after the next picture.", "Menu"])
    >>> blocks = [b for b in segment(text) if b.norm]
    >>> chained_end(blocks, blocks, {b.index: -1.0 for b in blocks}, (0, 2), -3.0)
    4
    """
    first, last = run
    lo, hi = kept[first].index, kept[last].index
    separators = {b.norm for b in lines if lo < b.index < hi and not is_prose(b.norm)}
    if not separators:
        return last
    at = {b.index: k for k, b in enumerate(lines)}
    kept_at = {b.index for b in kept}
    end = last
    while True:
        nxt = end + 1
        while nxt < len(kept) and not _chain_paragraph(kept[nxt], scores, floor):
            nxt += 1
        if nxt >= len(kept):
            return end
        gap = lines[at[kept[end].index] + 1 : at[kept[nxt].index]]
        if (
            len(gap) > CHAIN_GAP_LINES
            or not (_subheadings(gap, kept_at) or any(b.norm in separators for b in gap))
            or any(
                scores[b.index] < floor or word_count(b.norm) > CHAIN_GAP_WORDS for b in gap if b.index in kept_at
            )
        ):
            return end
        end = nxt


#: most lines of a gap of subheadings alone between two paragraphs (:func:`chained_end`): a part's title and a section's
CHAIN_HEADINGS = 2


def _subheadings(gap: Sequence[Block], kept_at: Container[int]) -> bool:
    """Whether ``gap`` holds only subheadings (or nothing): at most :data:`CHAIN_HEADINGS` kept lines, no sentence."""
    return len(gap) <= CHAIN_HEADINGS and all(b.index in kept_at and not ends_sentence(b.norm) for b in gap)


def _chain_paragraph(block: Block, scores: Mapping[int, float], floor: float) -> bool:
    """Whether ``block`` is a paragraph an article may go on with: prose that scores ``floor`` or more."""
    return is_prose(block.norm) and scores[block.index] >= floor


def listed_end(
    lines: Sequence[Block], kept: Sequence[Block], scores: Mapping[int, float], run: tuple[int, int], floor: float
) -> int:
    """The article's last position in ``kept`` once a list between its run and a next paragraph joins it.

    A list (or a table's rows) inside an article stands as one block of short lines (no blank
    line, no line a rule removed between them; :data:`LIST_ITEM_MAX_WORDS` words at most each,
    scoring at least ``floor``), at most one blank line away from the paragraph before it and
    the one after it. When the run ends right above such a block and a paragraph of prose
    scoring at least ``floor`` and speaking of what the run ``(first, last)`` speaks of follows
    it (:data:`SHARED_VOCABULARY` of its words are the run's: a related article's teaser after
    a link list is about something else), the list and the paragraph are the article's: the
    paragraphs after a list score low (most of the page's prose above them) but the layout
    has not changed. ``lines`` are the story's non-blank lines, ``kept`` the kept ones.

    >>> from cleanpress.clean.segment import segment
    >>> text = "\\n\\n".join(["The first paragraph of the story tells of the tour, long enough to read.",
    ...     "June 9 - Tampa\\nJune 10 - Miami", "The story of the tour goes on after the list with a second paragraph.",
    ...     "Menu"])
    >>> blocks = [b for b in segment(text) if b.norm]
    >>> listed_end(blocks, blocks, {b.index: -1.0 for b in blocks}, (0, 0), -3.0)
    3
    """
    first, last = run
    nxt = last + 1
    while nxt < len(kept) and not is_prose(kept[nxt].norm):
        nxt += 1
    if nxt >= len(kept) or nxt == last + 1:
        return last
    block = kept[last + 1 : nxt]
    at = {b.index: k for k, b in enumerate(lines)}
    if at[kept[nxt].index] - at[kept[last].index] - 1 != len(block):
        return last  # a line a rule removed stands between: an ad, a link list's heading
    if (
        block[0].index - kept[last].index > 2
        or kept[nxt].index - block[-1].index > 2
        or any(b.index != a.index + 1 for a, b in pairwise(block))
        or any(word_count(b.norm) > LIST_ITEM_MAX_WORDS or scores[b.index] < floor for b in block)
        or scores[kept[nxt].index] < floor
        or not _continues(kept[nxt].norm, kept[first : last + 1])
    ):
        return last
    # the paragraphs that follow it, one after the other, go with it
    while (
        nxt + 1 < len(kept)
        and is_prose(kept[nxt + 1].norm)
        and scores[kept[nxt + 1].index] >= floor
        and kept[nxt + 1].index - kept[nxt].index <= 2
        and at[kept[nxt + 1].index] == at[kept[nxt].index] + 1
    ):
        nxt += 1
    return nxt


def _continues(paragraph: str, run: Sequence[Block]) -> bool:
    """Whether ``paragraph`` goes on with the article of ``run``: it speaks of the same thing (:data:`SHARED_VOCABULARY`
    of its content words are the run's) or is a paragraph of several sentences, never a one-line teaser.
    """
    return sentence_count(paragraph) >= 2 or shared_vocabulary(paragraph, (b.norm for b in run)) >= SHARED_VOCABULARY


#: least share of a paragraph's words that the article's run holds for the paragraph to speak of the same
#: thing (:func:`listed_end`)
SHARED_VOCABULARY = 0.25
def shared_vocabulary(norm: str, others: Iterable[str]) -> float:
    """The share of ``norm``'s content words (:func:`~cleanpress.clean.article.headline.content_keys`) that
    ``others`` (lines) use too; 0.0 when it has none.

    >>> shared_vocabulary("The bridges of the city", ["A city builds a bridge."])
    1.0
    """
    # imported here: the headline module imports the config, which imports this module
    from cleanpress.clean.article.headline import content_keys

    own = content_keys(norm)
    if not own:
        return 0.0
    seen: set[str] = set()
    for other in others:
        seen |= content_keys(other)
    return len(own & seen) / len(own)


#: fewest words of a standfirst (:func:`standfirst`): fewer is a label or a kicker
STANDFIRST_MIN_WORDS = 6
#: most share of capitalised words of a standfirst: more is a headline (a related article's, in Title Case)
STANDFIRST_CAPITALS = 0.6
#: least share of a standfirst's content words that its article uses: it sums the article up in its words
STANDFIRST_VOCABULARY = 0.5
#: most share of digits among a standfirst's characters: more is a date line or a byline with a time
STANDFIRST_DIGITS = 0.05


def standfirst(
    kept: Sequence[Block], scores: Mapping[int, float], below: Sequence[int], run: tuple[int, int], floor: float
) -> int | None:
    """The position in ``kept`` of the article's standfirst, or None.

    ``below`` are the positions of the kept lines between the headline and the article's run
    ``(first, last)``, in order. A standfirst is the first of them (nothing but lines a rule
    removed stands between it and the headline) and reads as one: a sentence of
    :data:`STANDFIRST_MIN_WORDS` words or more in sentence case (:data:`STANDFIRST_CAPITALS`),
    no date line (:data:`STANDFIRST_DIGITS`), scoring at least ``floor``, whose content words are
    mostly the article's (:data:`STANDFIRST_VOCABULARY`) but whose opening words no line of the
    article holds (a summary copied from the lead would say it twice): a site's notice, a byline or a
    related article's headline below the headline speak of something else or have another shape.

    >>> from cleanpress.clean.segment import segment
    >>> blocks = [b for b in segment("\\n".join([
    ...     "Harbour Town Votes to Rebuild Its Sea Wall",
    ...     "The town will borrow four million pounds to rebuild the sea wall after the storms",
    ...     "By Jane Doe",
    ...     "Residents of Harbour Town voted on Saturday to borrow four million pounds for the sea wall.",
    ...     "The wall collapsed during the storms of last winter, and the lower streets flooded twice."]))]
    >>> standfirst(blocks, {b.index: -1.0 for b in blocks}, [1, 2], (3, 4), -3.0)
    1
    """
    if not below:
        return None
    pos = below[0]
    norm = kept[pos].norm
    words = word_count(norm)
    if (
        words < STANDFIRST_MIN_WORDS
        or scores[kept[pos].index] < floor
        or capitalised_share(norm) > STANDFIRST_CAPITALS
        or sum(c.isdigit() for c in norm) > STANDFIRST_DIGITS * len(norm)
    ):
        return None
    first, last = run
    article = kept[first : last + 1]
    opening = " ".join(norm.split()[:STANDFIRST_MIN_WORDS])
    if any(opening in b.norm for b in article):
        return None  # the article says it word for word (a summary copied from its lead, or the lead itself)
    if shared_vocabulary(norm, (b.norm for b in article)) < STANDFIRST_VOCABULARY:
        return None
    return pos
