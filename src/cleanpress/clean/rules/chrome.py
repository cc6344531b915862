"""Header and page chrome: weather, dates, search prompts, share buttons."""

from __future__ import annotations

import re

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LINE_LIMIT, LineRule, Page, WholeLineLimit
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
_COPYRIGHT_HINT = re.compile(
    r"©|opyright|OPYRIGHT|\([cC]\)|serv|SERV|orbehalten|ORBEHALTEN|astrzeżone|ASTRZEŻONE|ay not be"
)


#: words of the licence and affiliate notes (a cheap prefilter: a line without one is neither)
_NOTE_HINT = re.compile(r"licen|lizen|commons|cc[- ]by|affiliat|afiliad|provision|vergütung|kommission|commission")


class Footer(LineRule):
    """Copyright notices and rows of legal links at the foot of the page."""

    name = "footer"
    max_chars = 300
    reasons = ("copyright", "legal-links", "licence", "affiliate", "disclaimer")
    vocabulary = (vocab.COPYRIGHT, vocab.LEGAL_LINKS, vocab.LICENCE_NOTE, vocab.AFFILIATE_NOTE, vocab.DISCLAIMER_NOTE)
    description = (
        "Copyright lines ('© 2024 …', 'All rights reserved', 'Alle Rechte vorbehalten'), legal links, the site's"
        " licence note ('This work is licensed under a Creative Commons License') and affiliate-link disclosures"
        " ('This blog contains affiliate links', 'Für Links auf dieser Seite erhält … eine Provision vom Händler')."
    )
    example = (
        "© 2024 Example Media. All rights reserved.\nImpressum | Datenschutz | Kontakt\n"
        "This work is licensed under a Creative Commons Attribution 4.0 License.\n"
        "Für Links auf dieser Seite erhält Example ggf. eine Provision vom Händler."
    )
    limit = WholeLineLimit(chars=300, sentences=8)
    evidence = (
        "a copyright notice in a line of at most 30 words ('Inc. All rights reserved. Use of this site…'"
        " counts many sentences)"
    )

    def __init__(self, max_words: int = 30) -> None:
        self.max_words = max_words

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) > 300:
            return None
        if word_count(norm) <= self.max_words:
            if _COPYRIGHT_HINT.search(norm) and vocab.COPYRIGHT.search(norm):
                return "copyright"
            if vocab.LEGAL_LINKS_match(norm):
                return "legal-links"
            if len(norm) <= 60 and vocab.DISCLAIMER_NOTE.match(norm):
                return "disclaimer"
        return _site_note(norm)


#: the letters a :data:`vocab.POST_FILED` line opens with (a cheap test before the pattern)
_FILED_INITIALS = frozenset("tTdDcCeEyYbB")


def _site_note(norm: str) -> str | None:
    """``"licence"`` or ``"affiliate"`` for a site's note in its own voice, within the shared limit."""
    low = norm.lower()
    if _NOTE_HINT.search(low) is None or not LINE_LIMIT.allows(norm):
        return None
    if vocab.LICENCE_NOTE.match(norm):
        return "licence"
    if vocab.AFFILIATE_NOTE.search(norm) and vocab.AFFILIATE_VOICE.search(norm):
        return "affiliate"
    return None


class TagList(LineRule):
    """'Tags: …' and 'Themen: …' lines listing the story's topics, a blog template's filing and meta lines, and its
    archive of months.

    The filing line ("This entry was posted on … and is filed under News. You
    can follow any responses to this entry through the RSS 2.0 feed.") runs to
    several sentences and, with a long list of categories, past the shared
    limit; its opening phrase is the template's own, so it goes whole up to
    600 characters. The meta line ("Posted by Jane Doe on November 5, 2012 in
    Lobbying | Permalink") ends in the post's permalink or comment count after
    a bar; the archive list ("Select Month October 2012 September 2012 …") is
    four months or more filling most of its line.
    """

    name = "tag-list"
    max_chars = 600
    reasons = ("tags", "filed", "archive")
    vocabulary = (vocab.TAG_LABEL, vocab.POST_FILED, vocab.POST_META, vocab.ARCHIVE_MONTH)
    description = (
        "Topic and tag lists ('Tags: Politics, Europe', 'Schlagwörter: …', 'Etiquetas: …'), the filing and meta lines a"
        " blog template prints under a post ('This entry was posted in … and tagged …', 'Dieser Beitrag wurde"
        " veröffentlicht in …', 'Posted in Links | No Comments »') and a blog's archive of months."
    )
    example = (
        "Tags: Politics, Europe, Elections\n"
        "This entry was posted on Monday, October 15th, 2012 at 4:48 pm and is filed under Life. You can follow any"
        " responses to this entry through the RSS 2.0 feed.\n"
        "Posted by Jane Doe on November 05, 2012 at 02:39 PM in Lobbying | Permalink\n"
        "Archives Select Month October 2012 September 2012 August 2012 July 2012 June 2012"
    )
    limit = WholeLineLimit(chars=600, sentences=6)
    evidence = (
        "the filing phrase of a blog template opening the line ('This entry was posted', 'Dieser Beitrag wurde"
        " veröffentlicht in'), or a list of four months or more filling most of the line; tag lists and meta"
        " lines keep the 300 characters of the shared limit"
    )

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) <= 300:
            if vocab.TAG_LABEL_match(norm):
                return "tags"
            if ("|" in norm or ":" in norm or norm[:7].lower() == "posted ") and vocab.POST_META.match(norm):
                return "filed"
        if len(norm) <= 600:
            if norm[0] in _FILED_INITIALS and vocab.POST_FILED.match(norm):
                return "filed"
            if vocab.is_archive_list(norm):
                return "archive"
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
