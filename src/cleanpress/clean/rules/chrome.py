"""Header and page chrome: weather, dates, search prompts, share buttons."""

from __future__ import annotations

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LineRule, Page
from cleanpress.types import Block


class HeaderChrome(LineRule):
    name = "header-chrome"
    description = "Header-bar lines: weather readings, bare dates, search prompts, menu and login labels."
    example = "31.8 C\nFriday, November 8, 2024\nHi, what are you looking for?"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) > 80:
            return None
        if vocab.WEATHER.match(norm):
            return "weather"
        if vocab.DATE_LINE.match(norm):
            return "date"
        if vocab.HEADER_CHROME.match(norm):
            return "navigation"
        return None


class ShareFollow(LineRule):
    name = "share-follow"
    description = "Prompts to share the story or follow the site ('Follow us on:', 'Share on Facebook')."
    example = "Follow us on:\nConnect with us"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) <= 80 and vocab.SHARE_FOLLOW.match(norm):
            return "share"
        return None
