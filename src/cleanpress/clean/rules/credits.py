"""Bylines and disclaimers that frame, but are not part of, the story."""

from __future__ import annotations

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LineRule, Page
from cleanpress.types import Block


class Bylines(LineRule):
    name = "byline"
    max_chars = 250
    reasons = ("byline",)
    vocabulary = (vocab.CREDIT_LABEL,)
    description = "Byline and author labels standing alone on a line ('Written By', 'By Jane Doe')."
    example = "Written By"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if vocab.CREDIT_LABEL.match(norm):
            return "byline"
        return None


class SyndicationDisclaimer(LineRule):
    name = "syndication-disclaimer"
    reasons = ("disclaimer",)
    vocabulary = (vocab.SYNDICATION_DISCLAIMER,)
    description = (
        "Notes that a story came from a feed or agency "
        "('This story was automatically generated from the syndicated feed')."
    )
    example = "(Disclaimer: This story was automatically generated from the syndicated feed.)"

    def reason_for(self, block: Block, page: Page) -> str | None:
        return "disclaimer" if vocab.SYNDICATION_DISCLAIMER_match(block.norm) else None
