"""The Cleaner: runs the rules, finds each story's article, applies removals in one place.

Text pages go through the line rules, then the article step
(:mod:`cleanpress.clean.article.step`). HTML pages are first cut to their
article text by :func:`cleanpress.clean.html.extract`, then go through the same
rules with the layout steps off (:func:`html_config`).
"""

from __future__ import annotations

import dataclasses
import operator
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from cleanpress.clean.apply import apply_removals
from cleanpress.clean.article.features import own_matrix, page_matrix, story_features
from cleanpress.clean.article.headline import HeadlineFacts, KnownHeadline
from cleanpress.clean.article.line_model import LineModel, LineScores
from cleanpress.clean.article.step import article_removals
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.memo import LINES_KEPT
from cleanpress.clean.profile import Profile
from cleanpress.clean.result import CleanResult
from cleanpress.clean.rules import HEADLINE, RULE_TYPES, LineRule, Page, Rule
from cleanpress.clean.rules.base import LINE_LIMIT, LineFacts, new_removal
from cleanpress.clean.rules.hints import HintMemory, HintScanner, may_hold_digit, scan_hints
from cleanpress.clean.segment import segment
from cleanpress.clean.stories import split_points
from cleanpress.types import Block, Document, Removal, Story


class Cleaner:
    """Cleans pages with one configuration; reuse it for many pages.

    Cleaning is a pure function of the page and the config: the only thing a
    cleaner keeps between pages is what it worked out from a line's text alone
    (its hint scan, the line rules' verdicts, the structural rules' line facts),
    by that text: a memory that saves work and never changes a result
    (``CleanConfig(line_memory=False)`` turns it off), so a cleaner may be
    shared by threads, and :meth:`map` cleans on several processes.

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
        #: which line rules a line may concern, by the literal hints of their vocabulary (see :func:`_line_pass`)
        # and the patterns other rules test lines with (Rule.scanned)
        scanned = {p: scan_hints(p) for rule in self.rules for p in rule.scanned}
        self._scanner = HintScanner(
            [(rule, _gate_hints(rule)) for rule in self.rules if isinstance(rule, LineRule)] + list(scanned.items())
        )
        #: the scanner's answer on each recently seen normalised line, shared by the fused stages and the pages
        self._hint_memory = self._scanner.remember(VERDICTS_KEPT)
        #: what the structural rules asked of each recently seen normalised line (see :meth:`Page.per_line`)
        self._line_facts = LineFacts(VERDICTS_KEPT)
        #: the fused line-rule stages' verdicts on each recently seen normalised line (see :class:`_LineVerdicts`)
        self._line_verdicts = _LineVerdicts(
            [stage for stage in self._stages if isinstance(stage, tuple)], self._scanner.bits
        )
        # what the article step asks of a line's text alone, remembered across pages (``config.line_memory``;
        # it saves work and never changes a result)
        memo = self.config.line_memory
        #: whether a recently seen line may head a story (see :func:`~cleanpress.clean.stories.split_points`)
        self._heads: dict[str, bool] | None = {} if memo else None
        #: what the headline finder asks of a recently seen line (see :class:`HeadlineFacts`)
        self._headline_facts = HeadlineFacts(self.config.stories, kept=LINES_KEPT if memo else None)

    def __reduce__(self) -> tuple[object, ...]:
        """A cleaner pickles as its config, line model and profile, and is rebuilt from them (in a worker)."""
        return (_rebuild, (self.config, self.line_model, self.profile))

    def map(
        self,
        pages: Iterable[str | Document],
        *,
        jobs: int | None = 1,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> Iterator[CleanResult]:
        """:meth:`clean` of every page, on ``jobs`` processes (``None``: every core), in input order.

        The results are the ones ``[self.clean(p) for p in pages]`` gives; pages
        go to worker processes in chunks (see :mod:`cleanpress.parallel`), each
        worker with a copy of this cleaner. A page whose cleaning raises is
        passed to ``on_error`` (its id and the error) and skipped; without
        ``on_error`` the error is raised. Text pages are numbered ``"0"``,
        ``"1"``, ... as ids.

        >>> [r.title for r in Cleaner().map(["Headline Of The Day Here\\nA short story about a long day "
        ...                                  "at the harbour, told in one sentence by our reporter."] * 2)]
        ['Headline Of The Day Here', 'Headline Of The Day Here']
        """
        from cleanpress.parallel import clean_many  # here: cleanpress.parallel imports this module

        return clean_many(self, pages, jobs=jobs, on_error=on_error)

    def clean(self, page: str | Document, *, explain: bool = False) -> CleanResult:
        """Clean one page given as text or as a :class:`~cleanpress.types.Document`."""
        early = self._profile_rules(page)
        if isinstance(page, Document) and page.html is not None:  # HTML, when given, is the page itself
            result = self._clean_html(page, early)
        elif isinstance(page, Document):
            assert page.text is not None
            result = self._clean_text(page.id, page.text, early)
        elif isinstance(page, str):
            result = self._clean_text("", page, early)
        else:
            raise TypeError(f"clean() takes a str or a Document, not {type(page).__name__}")
        if explain:
            result = dataclasses.replace(result, explanation=result.explain())
        return result

    def page_text(self, document: Document) -> str:
        """The text the rules see of a document: its text, or the article text extracted from its HTML."""
        if document.html is not None:
            from cleanpress.clean.html import extract  # trafilatura is slow to import

            return extract(document.html, url=document.url, options=self.config.html).text
        return document.text or ""

    def _profile_rules(self, page: str | Document) -> tuple[Rule, ...]:
        """The ``site-profile`` rule for the page's site, when a profile is set and knows it."""
        if self.profile is None:
            return ()
        rule = self.profile.rule_for(page if isinstance(page, Document) else None)
        return (rule,) if rule is not None else ()

    def _clean_html(self, document: Document, early: tuple[Rule, ...]) -> CleanResult:
        """Clean a document's HTML: extract, remove the repeated headline, run the rules.

        The result's ``input`` is the extracted text, which its removals index;
        the first story's title is the page's headline.
        """
        from cleanpress.clean.html import LinkLines, extract  # trafilatura is slow to import

        assert document.html is not None
        extraction = extract(document.html, url=document.url, options=self.config.html)
        if self._html_cleaner is None:
            self._html_cleaner = Cleaner(html_config(self.config), line_model=self.line_model)
        result = self._html_cleaner._clean_text(
            document.id,
            extraction.text,
            early=(KnownHeadline(extraction.title), LinkLines(extraction.link_lines), *early),
        )
        if extraction.title and result.stories:
            first = dataclasses.replace(result.stories[0], title=extraction.title)
            result = dataclasses.replace(result, stories=(first, *result.stories[1:]))
        return result

    def run_rules(self, text: str, early: tuple[Rule, ...] = ()) -> tuple[Page, list[Removal]]:
        """Segment ``text`` and run the line rules (``early`` ones first): the page and their removals."""
        if self.config.line_memory:
            page = Page(text, segment(text), self._hint_memory, self._line_facts)
        else:  # nothing carried from page to page: the lines scanned and judged anew
            self._line_verdicts.memory.clear()
            page = Page(text, segment(text), self._scanner.remember(VERDICTS_KEPT))
        removals: list[Removal] = []
        marks = page.removed
        for rule in early:
            for removal in list(rule.removals(page)):
                removals.append(removal)
                page.mark(removal)
        fused = 0
        for stage in self._stages:
            if isinstance(stage, tuple):
                # consecutive line rules judge each line alone: every stage's verdicts at the first one,
                # then each stage takes the lines it removes and no earlier rule did, first rule in order winning
                if fused == 0:
                    verdicts, flagged = self._line_verdicts.of_page(page)
                blocks = page.blocks
                for i in flagged:
                    verdict = verdicts[i][fused]
                    if verdict is not None and marks[i] is None:
                        # a whole kept line: exactly what page.mark would record, without its search
                        block = blocks[i]
                        removals.append(new_removal(block.start, block.end, verdict[0], verdict[1]))
                        marks[i] = verdict[0]
                fused += 1
                continue
            for removal in list(stage.removals(page)):
                removals.append(removal)
                page.mark(removal)
        return page, removals

    def line_scores(self, page: Page) -> LineScores | None:
        """The line model's log-odds (plus its offset) per non-blank block index, or None without a model."""
        if self.line_model is None:
            return None
        return self.line_model.score(*page_matrix(page), in_place=True)

    def _clean_text(self, source_id: str, text: str, early: tuple[Rule, ...] = ()) -> CleanResult:
        page, removals = self.run_rules(text, early)
        scores = None
        if self.line_model is not None:
            # each line's own features once: the page's scores, and each story's when it holds several
            lines, own = own_matrix(page)
            scores = self.line_model.score(lines, story_features(lines, own), in_place=True)
        starts = split_points(page, self.config.stories, scores, self._heads)
        if len(starts) > 1 and self.line_model is not None:
            # each story scored as a page of its own: its prose, not the page's, sets where its article lies
            scores = self.line_model.score(lines, story_features(lines, own, starts), in_place=True)
        removals.extend(
            article_removals(page, starts, self.config, scores, self.line_model, facts=self._headline_facts)
        )
        return _assemble(source_id, text, page, starts, removals)


def _gate_hints(rule: Rule) -> tuple[str, ...] | None:
    """The hints the line pass scans lines for on behalf of a line rule (its gate's, :meth:`Rule.gate`)."""
    gate = rule.gate()
    return gate.hints if gate is not None else None


def _rebuild(config: CleanConfig, line_model: LineModel | None, profile: Profile | None) -> Cleaner:
    return Cleaner(config, line_model=line_model, profile=profile)


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


#: lines whose verdicts are kept; past this many distinct lines the memory is emptied and refilled
VERDICTS_KEPT = 32_768
#: the verdicts of a line that no fused stage removes (most lines)
_KEPT: tuple[tuple[str, str] | None, ...] = ()

#: a fused rule as the line pass asks it: (reason_for, name, own limit or None for the shared one)
_Asked = tuple[Callable[[Block, Page], str | None], str, Callable[[str], bool] | None]
#: what the line pass knows of a fused rule: the rule as asked, its char bound, whether its gate holds
#: (:meth:`Rule.gate`), the gate's hint bit, short-line bound and digit clause
_Entry = tuple[_Asked, int, bool, int, int, bool]
#: per stage, the rules asked of a line (in order); ``None``: no stage asks any rule
_Plan = tuple[tuple[_Asked, ...], ...] | None


class _LineVerdicts:
    """The fused stages' verdicts on each line of a page, remembered by the line's normalised text.

    A line rule's verdict, and the limits on what it may remove, depend on the
    line's normalised text alone (the :class:`LineRule` contract), so a line is
    judged by every fused stage at once the first time its text is seen, and
    the verdicts are remembered by that text: a site's template lines (menus,
    footers, share rows), which recur on page after page, are judged once. A
    page then costs one look-up per line, and each stage visits only the few
    lines some stage removes. The memory holds up to :data:`VERDICTS_KEPT`
    lines (emptied when full) and never changes a result.

    A rule is asked only about lines its gate allows (:meth:`Rule.gate`): a
    line's hint mask (:meth:`Page.hint_masks`) tells which rules' vocabulary
    hints it holds, its length which short-line alternatives it may match, and a
    digit in it which digit-needing ones. Which rules a line is asked of depends
    only on (its mask, where its length falls among the rules' bounds, whether it
    may hold a digit), so that plan is worked out once per such key.
    """

    def __init__(self, stages: Sequence[tuple[LineRule, ...]], bits: dict[object, int]) -> None:
        self._stages: list[list[_Entry]] = []
        thresholds: set[int] = set()
        relevant = 0
        digit_bound = -1
        for rules in stages:
            entries: list[_Entry] = []
            for rule in rules:
                gate = rule.gate()
                bit = bits.get(rule, 0)
                # a gate with hints holds only when the lines are scanned for them
                gated = gate is not None and (gate.hints is None or bit != 0)
                short = gate.short if gated and gate is not None else -1
                digit = gated and gate is not None and gate.digit
                bound = rule.char_bound()
                asked = (rule.reason_for, rule.name, None if rule.limit == LINE_LIMIT else rule.limit.allows)
                entries.append((asked, bound, gated, bit if gated else 0, short, digit))
                thresholds.update((bound, short))
                relevant |= bit if gated else 0
                if digit:
                    digit_bound = max(digit_bound, bound)
            self._stages.append(entries)
        #: the lengths at which some rule's bound or short-line gate changes
        self._thresholds = sorted(t for t in thresholds if t >= 0)
        self._relevant = relevant
        self._digit_bound = digit_bound
        self._plans: dict[tuple[int, int, bool], _Plan] = {}
        #: the verdicts of each recently seen normalised line, one per stage (``_KEPT``: no stage removes it)
        self.memory: dict[str, tuple[tuple[str, str] | None, ...]] = {}

    def of_page(
        self, page: Page, masks: list[int] | None = None
    ) -> tuple[list[tuple[tuple[str, str] | None, ...]], list[int]]:
        """Per block, its verdict in each stage; and the indexes of the blocks some stage removes.

        ``masks`` are the lines' hint masks when not the page's own (:meth:`Page.hint_masks`).
        """
        norms = page.norms
        memory = self.memory
        verdicts = list(map(memory.get, norms))
        if None in verdicts:  # lines not seen before: judged here, once per text
            masks = page.hint_masks() if masks is None else masks
            blocks = page.blocks
            get = memory.get
            for i in [i for i, v in enumerate(verdicts) if v is None]:
                norm = norms[i]
                found = get(norm)  # a line repeated on this page, judged just now
                if found is None:
                    found = self._judge(blocks[i], page, masks[i]) if norm else _KEPT
                    if len(memory) >= VERDICTS_KEPT:
                        memory.clear()
                    memory[norm] = found
                verdicts[i] = found
        return verdicts, [i for i, v in enumerate(verdicts) if v is not _KEPT]  # type: ignore[return-value]

    def _plan(self, found: int, length: int, digit: bool) -> _Plan:
        """Per stage, the rules a line with this hint mask, length and digit clause is asked of, in order."""
        plan = tuple(
            tuple(
                asked
                for asked, bound, gated, bit, short, needs_digit in entries
                if length <= bound and (not gated or found & bit or length <= short or (needs_digit and digit))
            )
            for entries in self._stages
        )
        return plan if any(plan) else None

    def _judge(self, block: Block, page: Page, found: int) -> tuple[tuple[str, str] | None, ...]:
        """Every stage's verdict on a (non-blank) line: its first rule that removes the line, or None."""
        norm = block.norm
        length = len(norm)
        digit = length <= self._digit_bound and may_hold_digit(norm)
        key = (found & self._relevant, bisect_left(self._thresholds, length), digit)
        plans = self._plans
        plan = plans.get(key, _NO_PLAN)
        if plan is _NO_PLAN:
            plan = plans[key] = self._plan(found, length, digit)
        if plan is None:
            return _KEPT
        fits: bool | None = None
        out: list[tuple[str, str] | None] = []
        for asked in plan:
            verdict = None
            for reason_for, name, allows in asked:
                # the first rule whose reason and limit both hold: the reason first, as most lines have none
                reason = reason_for(block, page)
                if reason is None:
                    continue
                if allows is not None:
                    if not allows(norm):
                        continue
                else:
                    if fits is None:
                        fits = LINE_LIMIT.allows(norm)
                    if not fits:
                        continue
                verdict = (name, reason)
                break
            out.append(verdict)
        return _KEPT if not any(out) else tuple(out)


#: a plan not worked out yet
_NO_PLAN: Any = object()


def _line_pass(
    rules: tuple[LineRule, ...],
    page: Page,
    verdicts: _LineVerdicts | None = None,
    hints: HintMemory | None = None,
) -> Iterator[tuple[int, Removal]]:
    """(block index, removal) for each kept line a rule of ``rules`` (one fused stage) removes whole.

    The cleaner runs all its stages through one :class:`_LineVerdicts`; this is
    one stage on its own. ``hints`` scans the lines for the rules' vocabulary
    hints (a page made with a scan uses its own).
    """
    if verdicts is None:
        bits = hints.bits if hints is not None else {}
        verdicts = _LineVerdicts([rules], {rule: bits.get(rule, 0) for rule in rules})
    masks = hints.masks(page.norms) if hints is not None else None
    found, flagged = verdicts.of_page(page, masks)
    removed = page.removed
    for i in flagged:
        verdict = found[i][0]
        if verdict is not None and removed[i] is None:
            block = page.blocks[i]
            yield i, new_removal(block.start, block.end, verdict[0], verdict[1])


#: what makes two removals equal, in their dataclass order: (start, end, rule, reason)
_removal_key = operator.attrgetter("start", "end", "rule", "reason")
_START = operator.attrgetter("start")


def _assemble(source_id: str, text: str, page: Page, starts: list[int], removals: list[Removal]) -> CleanResult:
    """Cut the page into stories at ``starts`` and give each its removals.

    Story regions partition the page, so every removal belongs to exactly one
    story. A region left with no text is merged into its neighbour rather than
    dropped, so its removals are still reported. A page left with no text at
    all (blank, only ads and menus, no line that reads as an article) has no
    story: its removals stay on the result, and ``explain()`` says why.
    """
    # sorted(set(removals)) without a Python __hash__ and __lt__ per removal: keyed by the compared
    # fields as plain tuples (in C), the first of equal removals kept, as a set keeps it
    unique = dict(zip(map(_removal_key, reversed(removals)), reversed(removals), strict=True))
    ordered = [unique[key] for key in sorted(unique)]
    cleaned = apply_removals(text, ordered)
    offsets = [page.blocks[i].start for i in starts]
    while True:
        stories = _stories(source_id, text, offsets, ordered, cleaned)
        empty = [i for i, s in enumerate(stories) if not s.text and not s.title]
        if not empty or len(stories) == 1:
            break
        drop = empty[0] if empty[0] > 0 else 1  # an empty first story joins the second
        offsets = offsets[:drop] + offsets[drop + 1 :]
        offsets[0] = 0
    if len(stories) == 1 and not stories[0].text.strip():
        stories = []
    return CleanResult(source_id, text, cleaned, tuple(stories), tuple(ordered))


def _stories(source_id: str, text: str, offsets: list[int], ordered: list[Removal], cleaned: str) -> list[Story]:
    """The stories between ``offsets``; ``cleaned`` is the whole page's text after ``ordered``."""
    stories: list[Story] = []
    ends = [*offsets[1:], len(text)]
    # ``ordered`` is sorted by start first: a story's removals (start <= r.start < end) are one slice of it
    starts = list(map(_START, ordered))
    for index, (start, end) in enumerate(zip(offsets, ends, strict=True)):
        own = tuple(ordered[bisect_left(starts, start) : bisect_left(starts, end)])
        title_removal = next((r for r in own if r.rule == HEADLINE and r.reason == "title"), None)
        title = " ".join(text[title_removal.start : title_removal.end].split()) if title_removal else None
        # one story spanning the page has the page's removals, hence its cleaned text
        story_text = cleaned if len(offsets) == 1 and start == 0 else apply_removals(text, own, start, end)
        stories.append(Story(source_id, index, title, story_text, start, end, own))
    return stories


def html_config(config: CleanConfig) -> CleanConfig:
    """The cleaner configuration for text trafilatura extracted.

    trafilatura has already cut the page to its article, so the steps that
    judge a whole page's layout are off: the article region (``outside_article``),
    headline detection (the headline comes from the HTML) and story splitting.
    ``repeated_caption`` is off because in extracted text a repeated line is the
    article's own (a recurring interview question, a recipe step), not a
    caption printed twice. ``teaser`` is off because a line of extracted text
    that looks cut short ("…", a trailing fragment) or a run of bullet lines is
    a paragraph split at inline markup or the article's own list: trafilatura
    has already dropped the teaser boxes (on each of the four dev sets the rule
    removed more article words than other words). ``header_chrome`` is off
    because the header bar is gone from extracted text: a date or "Published"
    line left in it is the article's dateline (on three of the four dev sets the
    rule removed more article words than other words, on the fourth 5 words).
    Everything else follows ``config``.

    >>> cfg = html_config(CleanConfig())
    >>> (cfg.outside_article, cfg.headline, cfg.repeated_caption, cfg.teaser, cfg.header_chrome, cfg.ad_marker)
    (False, False, False, False, False, True)
    """
    return dataclasses.replace(
        config,
        outside_article=False,
        headline=False,
        repeated_caption=False,
        teaser=False,
        header_chrome=False,
        stories=dataclasses.replace(config.stories, split=False),
    )
