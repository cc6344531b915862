"""Lists of other stories and comment sections around the article."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import compress, pairwise, repeat
from operator import is_

import regex

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import Page, Rule, WholeLineLimit, line_removal
from cleanpress.clean.rules.comments import comment_marker, signed_line
from cleanpress.clean.rules.hints import ascii_initials
from cleanpress.clean.rules.shape import is_prose_of, is_title_like, word_count
from cleanpress.types import Block, Removal


def _is_teaser_item(norm: str, max_words: int) -> bool:
    return (
        is_title_like(norm)
        or vocab.is_truncated(norm)
        or bool(vocab.TIME_AGO_match(norm))
        or (vocab.may_hold_digit(norm) and bool(vocab.DATE_LINE_match(norm)))
        or word_count(norm) <= 3
    ) and word_count(norm) <= max_words


# The thresholds of these rules, set by hand in 0.1.0 from the shapes of the teaser lists, link lines
# and comment headings of the article and syndication dev pages (not fitted; the dev figures in
# docs/clean.md are measured with them):
#: a teaser whose next line is cut off ("…") may be this long in words (a headline with its blurb)
TITLED_TEASER_WORDS = 30
#: a time stamp or date line of a stamped list is at most this many characters ('1H ago', 'Nov 18, 2019')
STAMP_CHARS = 60
#: a bulleted list item ('» Title') is title-like at up to this many words
LIST_ITEM_WORDS = 12
#: a 'Read more: …' link line is at most this many characters
READ_ALSO_CHARS = 300
#: a comment heading or form line is at most this many characters
COMMENT_LINE_CHARS = 200
#: a bare comment heading ('45 Comments', 'Reader comments (3)') is at most this many characters
COMMENT_HEADING_CHARS = 40
#: the characters a bare comment heading opens with (a cheap test before its pattern)
_HEADING_INITIALS = frozenset("0123456789cCkKrRdDaAuUlLnN")

class SidebarLists(Rule):
    """A heading such as 'Related Articles' and the teaser items under it.

    After the heading, lines are consumed while they look like teasers (short
    titles, truncated summaries, 'N hours ago', dates); the first line of
    ordinary prose ends the list, so an inline 'Read more' inside an article
    takes nothing else with it.
    """

    name = "sidebar-list"
    reasons = ("heading", "teaser")
    scanned = (vocab.SIDEBAR_HEADING,)
    description = (
        "'Related Articles', 'Recent Posts', 'You may also like' and similar headings with the teasers under them."
    )
    example = (
        "Related Articles\nTrump Bold Return: Shifts on the Horizon\n"
        "Trump has been elected to serve another term as president, set to take office in..."
    )

    def __init__(self, max_item_words: int = 60) -> None:
        self.max_item_words = max_item_words

    def find(self, page: Page) -> Iterator[Removal]:
        blocks = page.blocks
        removed = page.removed
        heading = vocab.SIDEBAR_HEADING_match
        masks, bit = page.hint_masks(), page.hint_bit(vocab.SIDEBAR_HEADING)
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if (
                not block.norm
                or removed[block.index] is not None
                or (bit and not masks[block.index] & bit)  # none of the headings' words: no heading
                or not heading(block.norm)
            ):
                i += 1
                continue
            yield line_removal(block, self.name, "heading")
            j = i + 1
            while j < len(blocks):
                item = blocks[j]
                if item.norm and removed[item.index] == _NAVIGATION:
                    break  # the links to the previous and next post: a new part of the page starts
                if item.norm and removed[item.index] is None:
                    following = page.next_kept(j)
                    titled = following is not None and vocab.is_truncated(following.norm)
                    short_titled = titled and word_count(item.norm) <= TITLED_TEASER_WORDS
                    if not (_is_teaser_item(item.norm, self.max_item_words) or short_titled):
                        break
                    yield line_removal(item, self.name, "teaser")
                j += 1
            i = j


#: the rule that removes in-page navigation and the links to the previous and next post (a list of teasers ends there)
_NAVIGATION = "back-to-top"


#: the bullets and arrows that open the items of a link list
_LIST_MARKS = "»›•▸►▶→"
#: a line opened by a bullet or an arrow, as link-list items are ("» Coluna de …", "• Related story")
_LIST_ITEM = regex.compile(rf"[{_LIST_MARKS}]\s*\w")


#: a paragraph has at least this many words before its closing ellipsis
CUT_PARAGRAPH_WORDS = 20
#: a whole sentence ends inside the line: "word. Word", "word! Word", "word?“ Word"
_INNER_SENTENCE_END = regex.compile(r"\w[.!?][\"'”’»)]*\s+[\p{Lu}\d\"'“„«]")


def _is_cut_paragraph(norm: str) -> bool:
    """A line of whole sentences before its closing ellipsis: prose, unless other teasers stand by it.

    >>> _is_cut_paragraph("Nach Riss arbeiten? Manchmal leider notwendig. In der Regel endet das in vielen "
    ...                   "vorsichtigen Schnitten am Brett. Doch es geht auch viel einfacher...")
    True
    >>> _is_cut_paragraph("Musk's $1M giveaway is under legal scrutiny in a Pennsylvania court case as it targets…")
    False
    """
    return word_count(norm) >= CUT_PARAGRAPH_WORDS and _INNER_SENTENCE_END.search(norm) is not None


def _is_full_text_of(full: str, cut: str) -> bool:
    """``full`` opens with the first 60 characters of ``cut``: the whole text a "… more" teaser cuts short."""
    return len(full) > len(cut) // 2 and full.startswith(cut[:60])


class Teasers(Rule):
    """Teasers without a heading: truncated summaries next to titles or times.

    A truncated line of whole sentences (20 words or more, a sentence ending
    inside it) goes only beside another truncated line or a time stamp: a
    title beside it is no evidence, as an article's paragraph that ends in
    an ellipsis stands beside its subheadings; the full text it cuts short
    (a caption's "… more" beside the whole caption) is.
    """

    name = "teaser"
    reasons = ("time-ago", "stamped-list", "truncated")
    description = "Truncated summaries ending in '...' or '…' next to teaser titles, and 'N hours ago' stamps."
    example = "9 hours ago\nMusk's $1M giveaway is under legal scrutiny in a Pennsylvania court case as it targets…"

    def __init__(self, min_stamps: int = 3, max_gap: int = 6, max_item_words: int = 60) -> None:
        self.min_stamps = min_stamps
        self.max_gap = max_gap
        self.max_item_words = max_item_words

    def _stamped_lists(
        self, kept: list[Block], stamps: list[int], gone: list[bool], items: frozenset[int] = frozenset()
    ) -> set[int]:
        """Positions of teaser lists: runs of at least ``min_stamps`` time stamps close together.

        A stamp every few lines ('1H ago', 'Nov 18') is the rhythm of a teaser
        grid or a comment thread; the lines between the stamps, and as many
        around the run as an item has, are its items. Two stamps belong to one
        list only when a line no rule removed stands between them (a header
        bar printed three times is not a list). Link items (``items``: lines
        opened by a bullet) are one list only when no line between them is
        longer than an item: links set between an article's paragraphs are not.
        """
        out: set[int] = set()
        groups: list[list[int]] = []
        for pos in stamps:
            prev = groups[-1][-1] if groups else None
            long_between = pos in items and any(
                word_count(kept[j].norm) > self.max_item_words for j in range(prev + 1, pos)
            ) if prev is not None else False
            if (
                prev is not None
                and pos - prev <= self.max_gap
                and not all(gone[prev + 1 : pos])
                and not long_between
            ):
                groups[-1].append(pos)
            else:
                groups.append([pos])
        for group in groups:
            if len(group) < self.min_stamps:
                continue
            item = min(b - a for a, b in pairwise(group)) - 1
            lo = group[0]
            while lo > 0 and group[0] - lo < item and word_count(kept[lo - 1].norm) <= self.max_item_words:
                lo -= 1
            hi = group[-1]
            while hi < len(kept) - 1 and hi - group[-1] < item and word_count(kept[hi + 1].norm) <= self.max_item_words:
                hi += 1
            out.update(range(lo, hi + 1))
        return out

    def find(self, page: Page) -> Iterator[Removal]:
        # stamps are looked for among all lines, also those a rule already removed (a bare date);
        # one look at the lines finds the time stamps, the list items and the dates (each line's marks
        # remembered by its text, see :func:`_teaser_marks`); only the few marked lines are visited
        marks = page.per_line(_teaser_marks)
        marked = list(compress(range(len(marks)), marks))  # block indexes of the marked lines
        if not marked:
            return
        norms = page.norms
        removed = page.removed
        lines = list(compress(range(len(norms)), norms))  # block indexes of the non-blank lines
        ago = {i for i in marked if marks[i] & _AGO}
        stamps = [bisect_left(lines, i) for i in marked if marks[i] & _STAMP]
        listed_blocks: set[int] = set()
        if len(stamps) >= self.min_stamps:
            items = frozenset(bisect_left(lines, i) for i in marked if marks[i] & _ITEM)
            blocks = page.blocks
            gone = [removed[i] is not None for i in lines]
            listed_lines = self._stamped_lists([blocks[i] for i in lines], stamps, gone, items)
            listed_blocks = {lines[k] for k in listed_lines}
        # the kept lines (non-blank, not removed), by block index; a removal goes only to a kept line
        kept = list(compress(lines, map(is_, map(removed.__getitem__, lines), repeat(None))))
        truncated = {i for i in marked if marks[i] & _TRUNCATED}
        out: list[tuple[int, str]] = []
        for i in sorted(ago | listed_blocks | truncated):
            if removed[i] is not None or not norms[i]:
                continue
            if i in ago:
                out.append((i, "time-ago"))
            elif i in listed_blocks:
                out.append((i, "stamped-list"))
            else:  # cut short: a teaser when another teaser or a title stands near it
                k = bisect_left(kept, i)
                near = [kept[n] for n in (k - 2, k - 1, k + 1, k + 2) if 0 <= n < len(kept)]
                # a paragraph of whole sentences that ends in an ellipsis ("… Doch es geht auch einfacher...")
                # may be the article's own: a title beside it is not enough, another teaser must be
                norm = norms[i]
                paragraph = _is_cut_paragraph(norm)
                if any(
                    j in truncated
                    or j in ago
                    or (is_title_like(norms[j]) if not paragraph else _is_full_text_of(norms[j], norm))
                    for j in near
                ):
                    out.append((i, "truncated"))
        blocks = page.blocks
        for i, reason in out:
            yield line_removal(blocks[i], self.name, reason)


#: what :func:`_teaser_marks` tells of a line
_AGO, _ITEM, _STAMP, _TRUNCATED = 1, 2, 4, 8


def _teaser_marks(norm: str) -> int:
    """What the teaser rule asks of a (normalised) line, as bits: a relative time ('9 hours ago', ``_AGO``),
    a bulleted list item (``_ITEM``), a time stamp of a list (``_STAMP``: either of those, or a short date),
    a line cut short (``_TRUNCATED``).

    >>> _teaser_marks("9 hours ago") == _AGO | _STAMP, _teaser_marks("Nov 18, 2019") == _STAMP
    (True, True)
    """
    if not norm:
        return 0
    short = len(norm) <= STAMP_CHARS
    if not short and norm[0] not in _LIST_MARKS and "..." not in norm[-40:] and "…" not in norm[-40:]:
        return 0  # a stamp is short, an item opens with its mark, a cut line ends in an ellipsis (is_truncated)
    first = norm[0]
    # a line opening with an ASCII character no match opens with (most lines) is not matched at all
    ascii_first = first.isascii()
    stamp = short and (not ascii_first or first in _AGO_FIRST) and vocab.TIME_AGO_match(norm) is not None
    mark = _AGO if stamp else 0
    # a list marker every few lines is the same rhythm: "» Title" items of a link list
    if norm[0] in _LIST_MARKS and _LIST_ITEM.match(norm) is not None and is_title_like(norm, LIST_ITEM_WORDS):
        mark |= _ITEM
        stamp = True
    if stamp or (
        short
        and (not ascii_first or first in _DATE_FIRST)
        and vocab.may_hold_digit(norm)
        and (vocab.SHORT_DATE_match(norm) or vocab.DATE_LINE_match(norm))
    ):
        mark |= _STAMP
    tail = norm[-40:]
    if ("..." in tail or "…" in tail) and vocab.is_truncated(norm):  # every cut line ends in an ellipsis
        mark |= _TRUNCATED
    return mark


def _initials_of(*patterns: regex.Pattern[str]) -> frozenset[str]:
    """The ASCII characters a match of one of ``patterns`` may open with (all of them when one is not known)."""
    found: set[str] = set()
    for pattern in patterns:
        initials = ascii_initials(pattern)
        if initials is None:
            return _ALL_ASCII
        found |= initials
    return frozenset(found)


_ALL_ASCII = frozenset(chr(c) for c in range(128))
#: what a relative time and a short date open with ('9 hours ago', 'Nov 18'), read from their patterns
_AGO_FIRST = _initials_of(vocab.TIME_AGO)
_DATE_FIRST = _initials_of(vocab.SHORT_DATE, vocab.DATE_LINE)


class ReadAlso(Rule):
    """A 'Read more: <title>' link set inside or after the article.

    The label must open the line and be followed by a colon (or an arrow),
    and the rest must be short: a sentence that happens to start with
    'Read' or 'Watch' has no such label and survives.
    """

    name = "read-also"
    reasons = ("link",)
    scanned = (vocab.READ_ALSO_LABEL,)
    description = (
        "Inline links to other stories: 'Read more: …', 'Lesen Sie auch: …', 'Lea también: …', 'À lire aussi : …'."
    )
    example = "Read more: Recognizing Germany's colonial crimes\nLesen Sie auch: Die Bahn streikt wieder"

    def __init__(self, max_words: int = 30) -> None:
        self.max_words = max_words

    def find(self, page: Page) -> Iterator[Removal]:
        masks, bit = page.hint_masks(), page.hint_bit(vocab.READ_ALSO_LABEL)
        for block in page.kept():
            if bit and not masks[block.index] & bit:  # none of the labels' words: no label
                continue
            norm = block.norm
            short = len(norm) <= READ_ALSO_CHARS and word_count(norm) <= self.max_words
            if short and vocab.READ_ALSO_LABEL_match(norm):
                yield line_removal(block, self.name, "link")


class CommentSection(Rule):
    """Comment forms, and everything after a comment section opens."""

    name = "comment-form"
    reasons = ("form", "comments")
    scanned = (vocab.COMMENT_SECTION_START, vocab.COMMENT_FORM, vocab.COMMENT_NOTE, vocab.COMMENT_HEADING)
    description = (
        "Comment prompts and forms ('Leave a Reply', 'Your email address will not be published') "
        "and the comments after them."
    )
    example = "Leave a Reply\nYour email address will not be published. Required fields are marked *"
    limit = WholeLineLimit(chars=5000, sentences=60)
    evidence = (
        "a comment section's heading on a line of its own ('12 Responses to …', 'Leave a Reply'), after at least"
        " 50 words of article prose: every line after it is a comment or the form, however long"
    )

    def __init__(self, min_words_before: int = 50, look: int = 12, min_markers: int = 2) -> None:
        self.min_words_before = min_words_before
        self.look = look
        self.min_markers = min_markers

    def _bare_headings(self, page: Page) -> list[int]:
        """The block indexes of the page's bare comment headings ('Comments', '45 Comments'), removed ones too."""
        blocks = page.blocks
        masks, bit = page.hint_masks(), page.hint_bit(vocab.COMMENT_HEADING)
        # a line holding none of the heading's words is no heading: only the others are looked at
        maybe = [i for i, mask in enumerate(masks) if mask & bit] if bit else range(len(blocks))
        out = []
        for i in maybe:
            norm = blocks[i].norm
            if (
                norm
                and len(norm) <= COMMENT_HEADING_CHARS
                and norm[0] in _HEADING_INITIALS
                and vocab.COMMENT_HEADING_match(norm)
            ):
                out.append(i)
        return out

    def _followed_by_comments(self, page: Page, i: int) -> bool:
        """Whether at least ``min_markers`` comment markers (an author or date line, a 'says:' line, a reply
        button) stand in the ``look`` non-blank lines after block ``i`` (within twice as many blocks)."""
        after = [b.norm for b in page.blocks[i + 1 : i + 1 + 2 * self.look] if b.norm][: self.look]
        markers = sum(1 for n in after if comment_marker(n) is not None or signed_line(n) is not None)
        return markers >= self.min_markers

    def _bare_heading_in(self, page: Page, lo: int, hi: int) -> bool:
        """Whether a block of ``page.blocks[lo:hi]`` is a bare comment heading that comments follow.

        The heading ('Comments', '45 Comments') alone may be a link of the byline
        or the menu; it opens the section only when comment markers follow it
        (:meth:`_followed_by_comments`). The plain form of what :meth:`find` asks.
        """
        return any(self._followed_by_comments(page, i) for i in self._bare_headings(page) if lo <= i < hi)

    def _is_form(self, norm: str, mask: int, form_bit: int, note_bit: int) -> bool:
        """Whether a (short) line is a comment form's line or note; a line without a pattern's hints is not."""
        if (not form_bit or mask & form_bit) and vocab.COMMENT_FORM_match(norm):
            return True
        if note_bit:
            return bool(mask & note_bit) and vocab.COMMENT_NOTE_match(norm) is not None
        return vocab.may_be_comment_note(norm.lower()) and vocab.COMMENT_NOTE_match(norm) is not None

    def find(self, page: Page) -> Iterator[Removal]:
        kept = list(page.kept())
        masks = page.hint_masks()
        start_bit, form_bit = page.hint_bit(vocab.COMMENT_SECTION_START), page.hint_bit(vocab.COMMENT_FORM)
        note_bit = page.hint_bit(vocab.COMMENT_NOTE)
        prose_words = 0
        previous = -1
        k, n = 0, len(kept)
        # until the article has shown enough prose, a heading opens nothing: forms go, prose is counted
        while k < n and prose_words < self.min_words_before:
            block = kept[k]
            norm = block.norm
            if len(norm) <= COMMENT_LINE_CHARS and self._is_form(norm, masks[block.index], form_bit, note_bit):
                yield line_removal(block, self.name, "form")
            else:
                count = word_count(norm)
                if is_prose_of(norm, count):
                    prose_words += count
            previous = block.index
            k += 1
        if k == n:
            return
        # then a heading opens the comment section: on the line, or a bare one since the last kept line
        # (as '45 Comments', a counter another rule removed); a line holding none of the patterns' words
        # and no bare heading before it is neither heading nor form
        heads = self._bare_headings(page)
        h = bisect_left(heads, previous + 1)
        skip = (start_bit | form_bit | note_bit) if start_bit and form_bit and note_bit else 0
        for at in range(k, n):
            block = kept[at]
            index = block.index
            mask = masks[index]
            bare = h < len(heads) and heads[h] <= index
            if skip and not bare and not mask & skip:
                continue
            norm = block.norm
            short = len(norm) <= COMMENT_LINE_CHARS
            heading = bool(
                short and (not start_bit or mask & start_bit) and vocab.COMMENT_SECTION_START_match(norm)
            )
            while h < len(heads) and heads[h] <= index:
                if not heading and self._followed_by_comments(page, heads[h]):
                    heading = True
                h += 1
            if heading:
                for rest in kept[at:]:
                    yield line_removal(rest, self.name, "comments")
                return
            if short and self._is_form(norm, mask, form_bit, note_bit):
                yield line_removal(block, self.name, "form")
