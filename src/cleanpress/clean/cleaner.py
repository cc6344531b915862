"""The Cleaner: runs the rules, splits stories, applies removals in one place."""

from __future__ import annotations

from cleanpress.clean.apply import apply_removals
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile
from cleanpress.clean.result import CleanResult
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE, RULE_TYPES, Page, Rule
from cleanpress.clean.rules.base import line_removal
from cleanpress.clean.rules.region import densest_run
from cleanpress.clean.segment import segment
from cleanpress.clean.stories import pick_headline, split_points
from cleanpress.types import Document, Removal, Story


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

    def __init__(self, config: CleanConfig | None = None, *, profile: Profile | None = None) -> None:
        self.config = config or CleanConfig()
        #: a learned site profile: its ``site-profile`` rule runs before the others
        self.profile = profile
        self._html_cleaner: Cleaner | None = None
        enabled = set(self.config.enabled_rules())
        self.rules: tuple[Rule, ...] = tuple(t() for t in RULE_TYPES if t.name in enabled)

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

            self._html_cleaner = Cleaner(html_config(self.config))
        return self._html_cleaner

    def _clean_text(self, source_id: str, text: str, early: tuple[Rule, ...] = ()) -> CleanResult:
        page = Page(text, segment(text))
        removals: list[Removal] = []

        def remove(removal: Removal) -> None:
            removals.append(removal)
            page.mark(removal)

        for rule in (*early, *self.rules):
            for removal in list(rule.find(page)):
                remove(removal)

        cfg = self.config
        starts = split_points(page, cfg.stories)
        bounds = [*starts, len(page.blocks)]
        for lo, hi in zip(bounds, bounds[1:]):
            lines = [b for b in page.blocks[lo:hi] if b.norm]
            gone = [not page.is_kept(b) for b in lines]
            run = densest_run(lines, cfg.region, gone) if cfg.outside_article or cfg.headline else None
            if run is None:
                continue
            kept = [b for b in lines if page.is_kept(b)]
            position = {b.index: k for k, b in enumerate(kept)}
            first = min(position[b.index] for b in lines[run[0] : run[1] + 1] if b.index in position)
            last = max(position[b.index] for b in lines[run[0] : run[1] + 1] if b.index in position)
            headline = pick_headline(page, kept, first, cfg.stories) if cfg.headline else None
            if headline is not None:
                remove(line_removal(headline, HEADLINE, "title"))
                for block in kept:
                    if block is not headline and block.norm == headline.norm and page.is_kept(block):
                        remove(line_removal(block, HEADLINE, "repeat"))
            if cfg.outside_article:
                for pos, block in enumerate(kept):
                    if (pos < first or pos > last) and page.is_kept(block):
                        remove(line_removal(block, OUTSIDE_ARTICLE, "before" if pos < first else "after"))

        return _assemble(source_id, text, page, starts, removals)


def _assemble(source_id: str, text: str, page: Page, starts: list[int], removals: list[Removal]) -> CleanResult:
    """Cut the page into stories at ``starts`` and give each its removals.

    Story regions partition the page, so every removal belongs to exactly one
    story. A region left with no text is merged into its neighbour rather than
    dropped, so its removals are still reported.
    """
    ordered = sorted(set(removals))
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
