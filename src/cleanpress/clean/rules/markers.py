"""Markers left in the text by ads, widgets and themes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LINE_LIMIT, LineRule, Page, Rule, WholeLineLimit, line_removal
from cleanpress.types import Block, Removal

#: every :data:`vocab.WIDGET_NOTICE` names JavaScript or Flash (a cheap prefilter)
_WIDGET_HINT = re.compile(r"ava[sS]cript|AVASCRIPT|lash|LASH")
#: a :data:`vocab.POST_NAVIGATION` line opens with an arrow or a navigation word, or ends with an arrow or a guillemet
_NAV_FIRST = frozenset("←«‹<pPoOnNhHvVäÄaAbBeEmM")
_NAV_LAST = frozenset("→»›")


class AdMarkers(Rule):
    """Ad and widget placeholders, wherever they stand in a line."""

    name = "ad-marker"
    reasons = ("ad-line", "placeholder", "widget")
    description = (
        "Ad and widget placeholders such as [ad_1] or spot_img, lines that only say 'Advertisement', and a media"
        " player's or widget's notice that it needs JavaScript or Flash."
    )
    example = "[ad_1]\nAdvertisement\nStory continues below\nMedia requires JavaScript and Adobe Flash to play."

    scanned = (vocab.AD_LINE, vocab.WIDGET_NOTICE)

    def find(self, page: Page) -> Iterator[Removal]:
        bits = page.hint_bit(vocab.AD_LINE) | page.hint_bit(vocab.WIDGET_NOTICE)
        if not (page.hint_bit(vocab.AD_LINE) and page.hint_bit(vocab.WIDGET_NOTICE)):
            yield from self._find(page.kept())  # no scan: every kept line is asked
            return
        masks = page.hint_masks()
        text = page.text
        if not ("[" in text or "spot_img" in text or "{{" in text):
            # no placeholder anywhere on the page: only a line holding an ad line's or a notice's words may go
            yield from self._find(block for block in page.kept() if masks[block.index] & bits)
        else:
            # a line holding neither pattern's words may still hold a placeholder, and nothing else that goes
            yield from self._find(
                block
                for block in page.kept()
                if masks[block.index] & bits or "[" in block.text or "spot_img" in block.text or "{{" in block.text
            )

    def _find(self, blocks: Iterable[Block]) -> Iterator[Removal]:
        """What :meth:`find` removes of ``blocks`` (kept lines, in order)."""
        for block in blocks:
            if vocab.AD_LINE_match(block.norm):
                yield line_removal(block, self.name, "ad-line")
                continue
            if (
                len(block.norm) <= LINE_LIMIT.chars
                and _WIDGET_HINT.search(block.norm)
                and vocab.WIDGET_NOTICE.search(block.norm)
            ):
                yield line_removal(block, self.name, "widget")
                continue
            if "[" not in block.text and "spot_img" not in block.text and "{{" not in block.text:
                continue
            for m in vocab.AD_PLACEHOLDER.finditer(block.text):
                yield Removal(block.start + m.start(), block.start + m.end(), self.name, "placeholder")


class ThemeNag(LineRule):
    name = "theme-nag"
    reasons = ("licence",)
    vocabulary = (vocab.THEME_NAG,)
    description = "Licence nags printed by unlicensed themes and plugins."
    example = "Jannah Theme License is not validated, Go to the theme options page to validate the license."

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if "icen" not in norm and "ICEN" not in norm:  # cheap prefilter: every pattern names the licence
            return None
        return "licence" if vocab.THEME_NAG.search(norm) else None


class SourceLink(LineRule):
    name = "source-link"
    max_chars = 120
    reasons = ("source-link",)
    vocabulary = (vocab.SOURCE_LINK,)
    description = "Links to the original of a syndicated story ('Source link', 'Read the full story')."
    example = "Source link"

    def reason_for(self, block: Block, page: Page) -> str | None:
        return "source-link" if vocab.SOURCE_LINK_match(block.norm) else None


class BackToTop(LineRule):
    """In-page navigation, and the links to the previous and next post under a blog post."""

    name = "back-to-top"
    max_chars = 160
    reasons = ("navigation",)
    vocabulary = (vocab.BACK_TO_TOP, vocab.POST_NAVIGATION)
    description = (
        "In-page navigation ('Back to top button', 'Skip to content') and links to the previous and next post"
        " ('← Older post title', 'Previous post: …', 'Nächster Beitrag: …')."
    )
    example = "Back to top button\n← Council approves the harbour budget\nNext post: Ferry timetable changes from May"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) <= 60 and vocab.BACK_TO_TOP_match(norm):
            return "navigation"
        if len(norm) <= 160 and (norm[0] in _NAV_FIRST or norm[-1] in _NAV_LAST) and vocab.POST_NAVIGATION_match(norm):
            return "navigation"
        return None


#: a locale menu names at least this many editions
LOCALE_MIN_ITEMS = 5
#: what a locale menu's line may hold besides its items (a label, "Change language & content:", and items in
#: languages the pattern does not name): this many characters, or this share of the line if more
LOCALE_OTHER_CHARS = 60
LOCALE_OTHER_SHARE = 0.25


class LocaleMenu(LineRule):
    """A menu of a site's editions, each a place and its language named in itself, run into one line."""

    name = "locale-menu"
    reasons = ("languages",)
    vocabulary = (vocab.LOCALE_ITEM,)
    description = (
        "A menu of the site's editions run into one line: 'Canada (English) Canada (français) Deutschland (Deutsch)"
        " España (español) …', each place with its language named in itself."
    )
    example = (
        "Choose your edition: Canada (English) Canada (français) Deutschland (Deutsch) España (español)"
        " Italia (italiano) Nederland (Nederlands) Österreich (Deutsch)"
    )
    limit = WholeLineLimit(chars=5000, sentences=8)
    evidence = (
        f"{LOCALE_MIN_ITEMS} or more 'Place (language)' items filling the line but for at most"
        f" {LOCALE_OTHER_CHARS} characters or a share of {LOCALE_OTHER_SHARE} (a label, other items) besides the"
        " spaces between the items: a menu, never a sentence"
    )

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if "(" not in norm:
            return None
        items = [m.end() - m.start() for m in vocab.LOCALE_ITEM.finditer(norm)]
        if len(items) < LOCALE_MIN_ITEMS:
            return None
        other = len(norm) - sum(items) - (len(items) - 1)  # the spaces between the items are the menu's
        return "languages" if other <= max(LOCALE_OTHER_CHARS, LOCALE_OTHER_SHARE * len(norm)) else None
