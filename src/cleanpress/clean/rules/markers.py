"""Markers left in the text by ads, widgets and themes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LINE_LIMIT, LineRule, Page, Rule, line_removal
from cleanpress.types import Block, Removal

#: every :data:`vocab.WIDGET_NOTICE` names JavaScript or Flash (a cheap prefilter)
_WIDGET_HINT = re.compile(r"ava[sS]cript|AVASCRIPT|lash|LASH")
#: a :data:`vocab.POST_NAVIGATION` line opens with an arrow or a navigation word, or ends with an arrow
_NAV_FIRST = frozenset("←«‹<pPoOnNhHvVäÄaAbBeE")


class AdMarkers(Rule):
    """Ad and widget placeholders, wherever they stand in a line."""

    name = "ad-marker"
    reasons = ("ad-line", "placeholder", "widget")
    description = (
        "Ad and widget placeholders such as [ad_1] or spot_img, lines that only say 'Advertisement', and a media"
        " player's or widget's notice that it needs JavaScript or Flash."
    )
    example = "[ad_1]\nAdvertisement\nStory continues below\nMedia requires JavaScript and Adobe Flash to play."

    def find(self, page: Page) -> Iterator[Removal]:
        for block in page.kept():
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
        if len(norm) <= 160 and (norm[0] in _NAV_FIRST or norm[-1] == "→") and vocab.POST_NAVIGATION_match(norm):
            return "navigation"
        return None
