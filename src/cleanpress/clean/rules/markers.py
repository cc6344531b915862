"""Markers left in the text by ads, widgets and themes."""

from __future__ import annotations

from collections.abc import Iterator

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LineRule, Page, Rule, line_removal
from cleanpress.types import Block, Removal


class AdMarkers(Rule):
    """Ad and widget placeholders, wherever they stand in a line."""

    name = "ad-marker"
    reasons = ("ad-line", "placeholder")
    description = "Ad and widget placeholders such as [ad_1] or spot_img, and lines that only say 'Advertisement'."
    example = "[ad_1]\nAdvertisement\nStory continues below"

    def find(self, page: Page) -> Iterator[Removal]:
        for block in page.kept():
            if vocab.AD_LINE_match(block.norm):
                yield line_removal(block, self.name, "ad-line")
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
    name = "back-to-top"
    max_chars = 60
    reasons = ("navigation",)
    vocabulary = (vocab.BACK_TO_TOP,)
    description = "In-page navigation: 'Back to top button', 'Skip to content'."
    example = "Back to top button"

    def reason_for(self, block: Block, page: Page) -> str | None:
        return "navigation" if vocab.BACK_TO_TOP_match(block.norm) else None
