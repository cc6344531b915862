"""The Cleaner: runs the rules, splits stories, applies removals in one place."""

from __future__ import annotations

from collections.abc import Iterator

from cleanpress.clean.apply import apply_removals
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile
from cleanpress.clean.result import CleanResult
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE, RULE_TYPES, LineRule, Page, Rule
from cleanpress.clean.rules.base import line_removal
from cleanpress.clean.rules.features import page_matrix
from cleanpress.clean.rules.line_model import LineModel
from cleanpress.clean.rules.region import densest_run
from cleanpress.clean.rules.shape import ends_sentence, is_prose, word_count
from cleanpress.clean.segment import segment
from cleanpress.clean.stories import pick_headline, split_points
from cleanpress.types import Block, Document, Removal, Story


class Cleaner:
    """Cleans pages with one configuration; reuse it for many pages.

    A cleaner keeps no state between pages: cleaning is a pure function of the
    page and the config, so a cleaner may be shared by threads.

    >>> cleaner = Cleaner()
    >>> page = ("Our Town Gazette\\nBreaking News Story Headline Here\\n[ad_1]\\n"
    ...         "The council approved the new budget on Tuesday after a long debate.\\n"
    ...         "Critics said the plan would raise taxes for most residents next year.\\nBack to top button")
    >>> result = cleaner.clean(page)
    >>> result.title
    'Breaking News Story Headline Here'
    >>> print(result.text)
    The council approved the new budget on Tuesday after a long debate.
    Critics said the plan would raise taxes for most residents next year.
    >>> sorted({r.rule for r in result.removals})
    ['ad-marker', 'back-to-top', 'headline', 'outside-article']
    """

    def __init__(
        self, config: CleanConfig | None = None, *, line_model: LineModel | None = None, profile: Profile | None = None
    ) -> None:
        self.config = config or CleanConfig()
        #: a learned site profile: its ``site-profile`` rule runs before the others
        self.profile = profile
        self._html_cleaner: Cleaner | None = None
        enabled = set(self.config.enabled_rules())
        self.rules: tuple[Rule, ...] = tuple(t() for t in RULE_TYPES if t.name in enabled)
        if line_model is None and self.config.region.model:
            line_model = LineModel.load()
        self.line_model = line_model if self.config.region.model else None
        self._stages = _fuse_line_rules(self.rules)

    def clean(self, page: str | Document, *, explain: bool = False) -> CleanResult:
        """Clean one page given as text or as a :class:`~cleanpress.types.Document`."""
        early = self._profile_rules(page)
        if isinstance(page, Document) and page.html is not None:  # HTML, when given, is the page itself
            from cleanpress.clean.html import clean_html

            result = clean_html(self, page, early)
        elif isinstance(page, Document):
            assert page.text is not None
            result = self._clean_text(page.id, page.text, early)
        elif isinstance(page, str):
            result = self._clean_text("", page, early)
        else:
            raise TypeError(f"clean() takes a str or a Document, not {type(page).__name__}")
        if explain:
            object.__setattr__(result, "explanation", result.explain())
        return result

    def _profile_rules(self, page: str | Document) -> tuple[Rule, ...]:
        """The ``site-profile`` rule for the page's site, when a profile is set and knows it."""
        if self.profile is None:
            return ()
        rule = self.profile.rule_for(page if isinstance(page, Document) else None)
        return (rule,) if rule is not None else ()

    def html_cleaner(self) -> Cleaner:
        """The cleaner for text extracted from HTML (:func:`cleanpress.clean.html.html_config`), made once."""
        if self._html_cleaner is None:
            from cleanpress.clean.html import html_config

            self._html_cleaner = Cleaner(html_config(self.config), line_model=self.line_model)
        return self._html_cleaner

    def run_rules(self, text: str, early: tuple[Rule, ...] = ()) -> tuple[Page, list[Removal]]:
        """Segment ``text`` and run the line rules (``early`` ones first): the page and their removals."""
        page = Page(text, segment(text))
        removals: list[Removal] = []
        marks = page.removed
        for stage in (*early, *self._stages):
            if isinstance(stage, tuple):
                # consecutive line rules judge each line alone: one pass, first rule in order wins
                lines = list(_line_pass(stage, page))
                for index, removal in lines:
                    # a whole kept line: exactly what page.mark would record, without its search
                    removals.append(removal)
                    marks[index] = removal.rule
                continue
            for removal in list(stage.removals(page)):
                removals.append(removal)
                page.mark(removal)
        return page, removals

    def line_scores(self, page: Page) -> dict[int, float] | None:
        """The line model's log-odds (plus its offset) per non-blank block index, or None without a model."""
        if self.line_model is None:
            return None
        lines, features = page_matrix(page)
        scores = self.line_model.log_odds(features) + self.line_model.offset
        return {b.index: float(v) for b, v in zip(lines, scores)}

    def _clean_text(self, source_id: str, text: str, early: tuple[Rule, ...] = ()) -> CleanResult:
        page, removals = self.run_rules(text, early)

        marks = page.removed

        def remove_line(block: Block, rule: str, reason: str) -> None:
            # page.mark of a whole kept line records exactly this (no other block lies in its span)
            removals.append(line_removal(block, rule, reason))
            if block.norm and marks[block.index] is None:
                marks[block.index] = rule

        cfg = self.config
        scores = self.line_scores(page)
        starts = split_points(page, cfg.stories, scores)
        bounds = [*starts, len(page.blocks)]
        for lo, hi in zip(bounds, bounds[1:]):
            lines = [b for b in page.blocks[lo:hi] if b.norm]
            gone = [not page.is_kept(b) for b in lines]
            line_scores = [scores[b.index] for b in lines] if scores is not None else None
            run = densest_run(lines, cfg.region, gone, line_scores) if cfg.outside_article or cfg.headline else None
            if run is None:
                continue
            kept = [b for b in lines if page.is_kept(b)]
            position = {b.index: k for k, b in enumerate(kept)}
            first = min(position[b.index] for b in lines[run[0] : run[1] + 1] if b.index in position)
            last = max(position[b.index] for b in lines[run[0] : run[1] + 1] if b.index in position)
            # a run ends on a sentence: short unpunctuated lines at its tail (a site name, a label) go
            while last > first and word_count(kept[last].norm) <= 4 and not ends_sentence(kept[last].norm):
                last -= 1
            # the headline stands before the first prose line, which may be inside the run
            prose_at = next((k for k in range(first, last + 1) if is_prose(kept[k].norm)), first)
            headline = pick_headline(page, kept, prose_at, cfg.stories) if cfg.headline else None
            if headline is not None:
                # the article starts at its headline: labels above it inside the run go too
                first = max(first, position[headline.index])
                remove_line(headline, HEADLINE, "title")
                for block in kept:
                    if block is not headline and block.norm == headline.norm and page.is_kept(block):
                        remove_line(block, HEADLINE, "repeat")
            resumed: set[int] = set()
            if scores is not None and cfg.region.resume_ratio > 0:
                resumed = _resumed_run(kept, scores, first, last, cfg.region.resume_ratio)
            if cfg.outside_article:
                for pos, block in enumerate(kept):
                    if not page.is_kept(block) or pos in resumed:
                        continue
                    if pos < first or pos > last:
                        remove_line(block, OUTSIDE_ARTICLE, "before" if pos < first else "after")
                    elif scores is not None and self.line_model is not None and (
                        scores[block.index] < self.line_model.drop_below
                    ):
                        remove_line(block, OUTSIDE_ARTICLE, "low-score")

        return _assemble(source_id, text, page, starts, removals)


def _best_sum(values: list[float]) -> tuple[float, int, int]:
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


def _resumed_run(kept: list[Block], scores: dict[int, float], first: int, last: int, ratio: float) -> set[int]:
    """Positions of the article's other part across an interruption (an ad block, a gallery).

    The best-scoring run before and the one after the article's run are kept
    too when they score at least ``ratio`` times the article's run.
    """
    main = sum(scores[b.index] for b in kept[first : last + 1])
    out: set[int] = set()
    total, lo, hi = _best_sum([scores[b.index] for b in kept[last + 1 :]])
    if hi >= lo and total >= ratio * main:
        out.update(range(last + 1 + lo, last + 2 + hi))
    total, lo, hi = _best_sum([scores[b.index] for b in kept[:first]])
    if hi >= lo and total >= ratio * main:
        out.update(range(lo, hi + 1))
    return out


def _fuse_line_rules(rules: tuple[Rule, ...]) -> list[Rule | tuple[LineRule, ...]]:
    """The rules as run: runs of consecutive line rules grouped into one tuple each.

    A line rule's verdict depends on its line alone, so a run of them gives
    the same removals in one pass over the lines as in one pass per rule.
    """
    stages: list[Rule | tuple[LineRule, ...]] = []
    group: list[LineRule] = []
    for rule in rules:
        if isinstance(rule, LineRule):
            group.append(rule)
            continue
        if group:
            stages.append(tuple(group))
            group = []
        stages.append(rule)
    if group:
        stages.append(tuple(group))
    return stages


def _line_pass(rules: tuple[LineRule, ...], page: Page) -> Iterator[tuple[int, Removal]]:
    """(block index, removal) for each kept line a rule of ``rules`` removes whole."""
    limits = [(rule.reason_for, rule.name, rule.char_bound(), rule.limit.allows) for rule in rules]
    removed = page.removed
    for block in page.blocks:
        norm = block.norm
        if not norm or removed[block.index] is not None:
            continue
        length = len(norm)
        for reason_for, name, bound, allows in limits:
            if length > bound or not allows(norm):
                continue
            reason = reason_for(block, page)
            if reason is not None:
                yield block.index, Removal(block.start, block.end, name, reason)
                break


def _removal_key(removal: Removal) -> tuple[int, int, str, str]:
    return (removal.start, removal.end, removal.rule, removal.reason)


def _assemble(source_id: str, text: str, page: Page, starts: list[int], removals: list[Removal]) -> CleanResult:
    """Cut the page into stories at ``starts`` and give each its removals.

    Story regions partition the page, so every removal belongs to exactly one
    story. A region left with no text is merged into its neighbour rather than
    dropped, so its removals are still reported.
    """
    # the dataclass order (start, end, rule, reason), compared as plain tuples in C
    ordered = sorted(set(removals), key=_removal_key)
    offsets = [page.blocks[i].start for i in starts]
    while True:
        stories = _stories(source_id, text, offsets, ordered)
        empty = [i for i, s in enumerate(stories) if not s.text and not s.title]
        if not empty or len(stories) == 1:
            break
        drop = empty[0] if empty[0] > 0 else 1  # an empty first story joins the second
        offsets = offsets[:drop] + offsets[drop + 1 :]
        offsets[0] = 0
    return CleanResult(source_id, text, apply_removals(text, ordered), tuple(stories), tuple(ordered))


def _stories(source_id: str, text: str, offsets: list[int], ordered: list[Removal]) -> list[Story]:
    stories: list[Story] = []
    ends = [*offsets[1:], len(text)]
    for index, (start, end) in enumerate(zip(offsets, ends)):
        own = tuple(r for r in ordered if start <= r.start < end)
        title_removal = next((r for r in own if r.rule == HEADLINE and r.reason == "title"), None)
        title = " ".join(text[title_removal.start : title_removal.end].split()) if title_removal else None
        stories.append(Story(source_id, index, title, apply_removals(text, own, start, end), start, end, own))
    return stories
