"""Header and page chrome: weather, dates, search prompts, share buttons."""

from __future__ import annotations

import re

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LineRule, Page, WholeLineLimit
from cleanpress.clean.rules.shape import word_count
from cleanpress.types import Block


class HeaderChrome(LineRule):
    name = "header-chrome"
    max_chars = 80
    reasons = ("weather", "date", "published", "navigation")
    vocabulary = (vocab.WEATHER, vocab.DATE_LINE, vocab.SHORT_DATE, vocab.PUBLISHED_STAMP, vocab.HEADER_CHROME)
    description = "Header-bar lines: weather readings, bare dates, search prompts, menu and login labels."
    example = "31.8 C\nFriday, November 8, 2024\nHi, what are you looking for?"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) > 80:
            return None
        if vocab.may_hold_digit(norm):  # the first four patterns all need a digit
            if vocab.WEATHER.match(norm):
                return "weather"
            if vocab.DATE_LINE_match(norm) or vocab.SHORT_DATE_match(norm):
                return "date"
            if vocab.PUBLISHED_STAMP.match(norm):
                return "published"
        if vocab.HEADER_CHROME_match(norm):
            return "navigation"
        return None


class ShareFollow(LineRule):
    name = "share-follow"
    max_chars = 250
    reasons = ("share",)
    vocabulary = (vocab.SHARE_FOLLOW,)
    description = "Prompts to share the story or follow the site ('Follow us on:', 'Share on Facebook')."
    example = "Follow us on:\nConnect with us"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if vocab.SHARE_FOLLOW_match(norm):
            return "share"
        return None


#: literal fragments one of which every copyright pattern contains (a cheap prefilter)
_COPYRIGHT_HINT = re.compile(r"©|opyright|OPYRIGHT|\([cC]\)|serv|SERV|orbehalten|ORBEHALTEN|astrzeżone|ASTRZEŻONE")


class Footer(LineRule):
    """Copyright notices and rows of legal links at the foot of the page."""

    name = "footer"
    max_chars = 300
    reasons = ("copyright", "legal-links")
    vocabulary = (vocab.COPYRIGHT, vocab.LEGAL_LINKS)
    description = "Copyright lines ('© 2024 …', 'All rights reserved', 'Alle Rechte vorbehalten') and legal links."
    example = "© 2024 Example Media. All rights reserved.\nImpressum | Datenschutz | Kontakt"
    limit = WholeLineLimit(chars=300, sentences=8)
    evidence = (
        "a copyright notice in a line of at most 30 words ('Inc. All rights reserved. Use of this site…'"
        " counts many sentences)"
    )

    def __init__(self, max_words: int = 30) -> None:
        self.max_words = max_words

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) > 300 or word_count(norm) > self.max_words:
            return None
        if _COPYRIGHT_HINT.search(norm) and vocab.COPYRIGHT.search(norm):
            return "copyright"
        if vocab.LEGAL_LINKS_match(norm):
            return "legal-links"
        return None


class TagList(LineRule):
    """'Tags: …' and 'Themen: …' lines listing the story's topics."""

    name = "tag-list"
    max_chars = 300
    reasons = ("tags",)
    vocabulary = (vocab.TAG_LABEL,)
    description = "Topic and tag lists ('Tags: Politics, Europe', 'Schlagwörter: …', 'Etiquetas: …')."
    example = "Tags: Politics, Europe, Elections"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) <= 300 and vocab.TAG_LABEL_match(norm):
            return "tags"
        return None


class Counters(LineRule):
    """Reading times and counters: '4 Min Read', 'Lesezeit: 3 Minuten', '71 Kommentare'."""

    name = "counter"
    max_chars = 60
    reasons = ("counter",)
    vocabulary = (vocab.READING_TIME,)
    description = "Reading-time, comment-count, share-count and rating lines."
    example = "4 Min Read\n71 Kommentare"

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) <= 60 and vocab.READING_TIME_match(norm):
            return "counter"
        return None
