"""Readers' comments: threads of (author, date, text, reply) units.

A single word proves nothing ('Reply' may end a sentence of an article, a date
line may head one), so a thread is recognised by its rhythm: comment markers
(a reply button, an author line that ends in 'says:', an author-and-date
line) recurring every few lines, with the comments' text between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from statistics import median

import regex

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import Page, Rule, WholeLineLimit, line_removal
from cleanpress.clean.rules.shape import ends_sentence, word_count
from cleanpress.types import Block, Removal

#: a byline or publication line: it heads the article, however much it looks like an author line
_BYLINE = regex.compile(
    r"^(?:posted|published|written|updated|filed|by|geschrieben|verfasst|von|publi[ée]e?|par|publicad[oa]|escrit[oa]|por|de)\b",
    regex.IGNORECASE,
)
#: the letters a :data:`_BYLINE` line opens with (a cheap test before the pattern)
_BYLINE_INITIALS = frozenset("pwufbgvedPWUFBGVED")
#: the name in a byline-shaped author line: "Posted by: Ellen at September 10, 2012 11:40 AM" -> "Ellen"
_SIGNED_NAME = regex.compile(
    r"^(?:posted|written|geschrieben|verfasst|publi[ée]e?|publicad[oa]|escrit[oa])?\s*(?:by|von|par|por)\s*:?\s*(.{1,40}?)"
    r"\s*(?:\b(?:at|on|am|um|le|el|à)\b|[|,—–-]|\d)",
    regex.IGNORECASE,
)

#: marker kinds: a reply button, an author line ending in a verb of speaking with a date in it
#: ("27 Jun 2012 / Amy says:"), one without ("Amy says:", as an article quotes too), an author/date line,
#: and a byline-shaped author/date line ("Posted by: Ellen at September 10, 2012 11:40 AM") that signs a comment
REPLY, DATED_SAYS, SAYS, STAMP, SIGNED = "reply", "dated-says", "says", "stamp", "signed"
#: the kinds that alone, three times over, make a thread
_STRONG = frozenset((REPLY, DATED_SAYS, SIGNED))
#: a byline-shaped line signs comments only when this many different names sign lines of the page
#: (an article's byline names its one author, a blog's index page its few)
SIGNED_NAMES = 3


_LETTERS = regex.compile(r"\p{L}+")
_DIGITS = regex.compile(r"\d+")


def signed_line(norm: str, max_header_words: int = 14) -> tuple[str, str] | None:
    """(name, form) of a short byline-shaped line with a date or time, or None.

    Such a line heads an article ("Written by Jane Doe on 24/10/12") or signs
    a comment ("Posted by: Ellen at September 10, 2012 11:40 AM"); which one,
    only the page tells (:data:`SIGNED_NAMES`). The form is the line with its
    name cut out and every word and number reduced to one letter or digit, so
    the comments of one thread share it and the article's byline, printed by
    another template, does not.

    >>> signed_line("Posted by: Ellen at September 10, 2012 11:40 AM")
    ('ellen', 'posted by: | a a 0, 0 0:0 a')
    >>> signed_line("Posted by the council on Monday, it said.") is None
    True
    """
    if len(norm) > 120 or word_count(norm) > max_header_words or ends_sentence(norm) or not vocab.may_hold_digit(norm):
        return None
    if not _BYLINE.match(norm) or not vocab.COMMENT_STAMP.search(norm):
        return None
    found = _SIGNED_NAME.match(norm)
    if found is None:
        return None
    rest = _DIGITS.sub("0", _LETTERS.sub("a", norm[found.end(1) :].strip()))
    return found.group(1).casefold(), f"{norm[: found.start(1)].casefold()}| {rest}"


def comment_marker(norm: str, max_header_words: int = 14) -> str | None:
    """The kind of comment marker a line is (:data:`REPLY`, :data:`DATED_SAYS`, :data:`SAYS`, :data:`STAMP`), or None.

    >>> comment_marker("Reply"), comment_marker("Anna sagt:"), comment_marker("Jane Doe — July 10, 2012, 7:20 pm")
    ('reply', 'says', 'stamp')
    >>> comment_marker("The council met on July 10, 2012, and approved the budget.") is None
    True
    """
    if len(norm) <= 60 and vocab.REPLY_BUTTON_match(norm):
        return REPLY
    if len(norm) > 120 or word_count(norm) > max_header_words:
        return None
    if norm.endswith(":") and vocab.COMMENT_SAYS.match(norm):
        return DATED_SAYS if vocab.may_hold_digit(norm) and vocab.COMMENT_STAMP.search(norm) else SAYS
    if (
        vocab.may_hold_digit(norm)
        and not ends_sentence(norm)
        and vocab.COMMENT_STAMP.search(norm)
        # an author line names someone: a bare date or a byline heads the article, not a comment
        and not vocab.DATE_LINE_match(norm)
        and not vocab.PUBLISHED_STAMP_match(norm)
        and not _BYLINE.match(norm)
    ):
        return STAMP
    return None


def _may_be_strong(norm: str) -> bool:
    """Whether a line may be a strong comment marker: a reply button, a 'says:' line or a byline-shaped one."""
    return bool(norm) and bool(
        (len(norm) <= 60 and vocab.REPLY_BUTTON_match(norm))
        or (norm.endswith(":") and vocab.COMMENT_SAYS.match(norm))
        or (
            norm[0] in _BYLINE_INITIALS
            and len(norm) <= 120
            and vocab.may_hold_digit(norm)
            and _BYLINE.match(norm) is not None
        )
    )


class CommentThread(Rule):
    """Runs of comments: a comment marker every few lines, at least three of them, with text between.

    A run counts as a thread when it holds at least ``min_units`` reply buttons,
    or as many dated 'says:' author lines, or two of those and ``min_units``
    author lines; and when at least two of its gaps hold a line of text
    (a list of dates or buttons alone is not a thread). Two markers belong to one run only when
    at most ``max_gap`` lines and ``max_comment_words`` words stand between them (an article
    between a date line and the first comment is no comment). The thread runs from
    its first marker to its last one; when the last is an author line, its
    comment (as many lines as a typical comment of the thread) goes with it.
    """

    name = "comment-thread"
    reasons = ("author", "reply", "comment")
    description = (
        "Comment threads, recognised by their rhythm: an author or date line, the comment, a 'Reply' button"
        " ('Antworten', 'Répondre', 'Responder'), again and again."
    )
    example = (
        "Jane Doe — July 10, 2012, 7:20 pm\nGreat article, thanks for writing it.\nReply\n"
        "John Roe — July 10, 2012, 8:02 pm\nI disagree with the second point you make.\nReply\n"
        "Anna — July 11, 2012, 9:15 am\nWhere can I read more about this?\nReply"
    )
    #: the patterns of a strong marker (:func:`_may_be_strong`)
    scanned = (vocab.REPLY_BUTTON, vocab.COMMENT_SAYS, _BYLINE)
    limit = WholeLineLimit(chars=5000, sentences=60)
    evidence = (
        "the line stands between the markers of a thread: at least three comment units (a reply button or an"
        " author line every few lines, with text between), so a long comment goes with its thread"
    )

    def __init__(self, min_units: int = 3, max_gap: int = 12, max_comment_words: int = 300) -> None:
        self.min_units = min_units
        self.max_gap = max_gap
        self.max_comment_words = max_comment_words

    def _threads(self, lines: list[Block], kinds: list[str | None]) -> Iterator[tuple[int, int]]:
        """(first, last) line positions of each run of markers that makes a thread."""
        marks = [k for k, kind in enumerate(kinds) if kind is not None]
        groups: list[list[int]] = []
        for pos in marks:
            if (
                groups
                and pos - groups[-1][-1] <= self.max_gap
                and sum(word_count(b.norm) for b in lines[groups[-1][-1] + 1 : pos]) <= self.max_comment_words
            ):
                groups[-1].append(pos)
            else:
                groups.append([pos])
        for group in groups:
            strong = [pos for pos in group if kinds[pos] in _STRONG]
            headers = [pos for pos in group if kinds[pos] != REPLY]
            replies = sum(kinds[pos] == REPLY for pos in group)
            dated = len(strong) - replies
            if not (
                replies >= self.min_units
                or dated >= self.min_units
                or (len(strong) >= 2 and len(headers) >= self.min_units)
            ):
                continue
            texts = [b - a - 1 for a, b in pairwise(group) if self._has_text(lines[a + 1 : b])]
            if len(texts) < 2:
                continue
            # the thread starts at its first strong marker's unit: the author line just above it,
            # not a quotation ('X wrote:') or a byline of the article further up
            unit = max(2, int(median(b - a for a, b in pairwise(strong)))) if len(strong) > 1 else 2
            first = strong[0]
            above = [h for h in headers if first - unit <= h < first]
            if above:
                first = above[0]
            last = group[-1]
            if kinds[last] != REPLY:  # the last author line's comment follows it
                span = int(median(texts))
                while last + 1 < len(lines) and span > 0 and kinds[last + 1] is None:
                    last += 1
                    span -= 1
            yield first, last

    @staticmethod
    def _mark_signed(lines: list[Block], kinds: list[str | None], signed_lines: list[tuple[str, str] | None]) -> None:
        """Mark :data:`SIGNED` the byline-shaped author lines of one form that :data:`SIGNED_NAMES` names sign.

        ``signed_lines`` is :func:`signed_line` of each block of the page.
        """
        signed = {k: found for k, b in enumerate(lines) if kinds[k] is None and (found := signed_lines[b.index])}
        names: dict[str, set[str]] = {}
        for name, form in signed.values():
            names.setdefault(form, set()).add(name)
        for k, (_, form) in signed.items():
            if len(names[form]) >= SIGNED_NAMES:
                kinds[k] = SIGNED

    @staticmethod
    def _strong_markers(page: Page) -> int:
        """How many lines of the page may be strong comment markers (:func:`_may_be_strong`)."""
        bits = [page.hint_bit(p) for p in CommentThread.scanned]
        if not all(bits):
            return sum(page.per_line(_may_be_strong))
        # a line holding none of the patterns' words is no strong marker: only the others are asked
        any_bit = bits[0] | bits[1] | bits[2]
        norms = page.norms
        return sum(_may_be_strong(norms[i]) for i, mask in enumerate(page.hint_masks()) if mask & any_bit)

    @staticmethod
    def _has_text(between: list[Block]) -> bool:
        return any(word_count(b.norm) >= 3 for b in between)

    def find(self, page: Page) -> Iterator[Removal]:
        # markers are looked for among all lines, also those a rule already removed (a bare date, 'Antworten')
        # a thread needs two strong markers at least: most pages have none, and are done with a cheap look
        # (each line's answers remembered by its text)
        if self._strong_markers(page) < 2:
            return
        lines = [b for b in page.blocks if b.norm]
        markers = page.per_line(comment_marker)
        kinds = [markers[b.index] for b in lines]
        self._mark_signed(lines, kinds, page.per_line(signed_line))
        for first, last in self._threads(lines, kinds):
            for k in range(first, last + 1):
                block = lines[k]
                if not page.is_kept(block):
                    continue
                kind = kinds[k]
                reason = "reply" if kind == REPLY else "author" if kind is not None else "comment"
                yield line_removal(block, self.name, reason)
