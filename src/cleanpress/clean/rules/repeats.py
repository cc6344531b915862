"""Lines a page prints more than once: image captions, credits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LineRule, Page, Rule, line_removal
from cleanpress.clean.rules.shape import is_title_like, word_count
from cleanpress.types import Block, Removal

#: opening quotation marks: a pull quote repeats a quoted sentence of the article
_QUOTES = frozenset("\"“„«‘'")

#: a line of at least this many words and two or more sentences is a paragraph, not a caption
#: (captions on the dev pages run to two short sentences; the repeated paragraphs the rule removed
#: on readability-dev were 60-90 words)
PARAGRAPH_WORDS = 40
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)]*\s+\S")


def is_paragraph(norm: str, min_words: int = PARAGRAPH_WORDS) -> bool:
    """A long line holding more than one sentence: prose, not a caption or a label.

    >>> is_paragraph("A man walks past the building. (Reuters/Jane Doe)")
    False
    >>> is_paragraph("Lorem ipsum dolor sit amet, consectetur adipisicing elit. " * 5)
    True
    """
    return word_count(norm) >= min_words and _SENTENCE_END.search(norm) is not None


class RepeatedLines(Rule):
    """A caption printed twice (once for the image, once for its zoom) loses both copies.

    A non-title line that appears more than once is a caption when one copy
    sits right next to another or when it carries a photo credit: then every
    copy goes. A quotation printed again far from the first is a pull quote:
    only the later copies go. Any other repeated paragraph is left alone
    (recipes and lists legitimately repeat lines). Title-like lines are left to the
    story splitter, which treats a repeated headline as a headline, unless
    they carry a photo credit. A paragraph of several sentences is no caption
    without a credit: printed twice it is the article's own text repeated
    (a template that prints the text twice, a recipe step), so it stays.
    """

    name = "repeated-caption"
    reasons = ("caption", "repeat")
    description = "Captions printed twice or more, and later copies of a repeated quotation (a pull quote)."
    example = "A man walks past the building. (Reuters/Jane Doe)\nA man walks past the building. (Reuters/Jane Doe)"

    def __init__(self, min_words: int = 4, near: int = 2, paragraph_words: int = PARAGRAPH_WORDS) -> None:
        self.min_words = min_words
        self.near = near
        self.paragraph_words = paragraph_words

    def find(self, page: Page) -> Iterator[Removal]:
        counts = page.line_counts
        positions: dict[str, list[int]] = {}
        for block in page.kept():
            norm = block.norm
            if counts[norm] > 1 and word_count(norm) >= self.min_words and (
                not is_title_like(norm) or vocab.has_photo_credit(norm)
            ):
                positions.setdefault(norm, []).append(block.index)
        kept_order = {b.index: i for i, b in enumerate(page.kept())} if positions else {}
        for norm, indexes in positions.items():
            if len(indexes) < 2:
                continue
            ranks = [kept_order[i] for i in indexes]
            adjacent = any(b - a <= self.near for a, b in pairwise(ranks))
            credit = vocab.has_photo_credit(norm)
            if not credit and is_paragraph(norm, self.paragraph_words):
                continue
            if adjacent or credit:
                for i in indexes:
                    yield line_removal(page.blocks[i], self.name, "caption")
            elif norm[:1] in _QUOTES:
                for i in indexes[1:]:
                    yield line_removal(page.blocks[i], self.name, "repeat")


class PhotoCaptions(LineRule):
    name = "photo-caption"
    reasons = ("credit", "figure")
    vocabulary = (vocab.PHOTO_CREDIT, vocab.CAPTION_COPYRIGHT, vocab.CAPTION_LICENCE, vocab.FIGURE_LABEL)
    description = (
        "Image captions and credit lines recognised by a photo-credit pattern (agency/photographer, 'Photo:', a caption"
        " ending in '© Holder' or in a Creative Commons licence) and numbered figure captions ('Abbildung 4: …',"
        " 'Figure 1. …')."
    )
    example = "Police stand guard in Islamabad, 22 November 2024. EPA/JANE DOE\nFigure 2. The council's budget by year."

    def __init__(self, max_words: int = 60) -> None:
        self.max_words = max_words

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if word_count(norm) > self.max_words:
            return None
        if norm[:1] in _FIGURE_INITIALS and vocab.FIGURE_LABEL.match(norm):
            return "figure"
        if norm[-1:] in _LICENCE_LAST and vocab.CAPTION_LICENCE.search(norm):
            return "credit"
        # every other credit pattern needs a '/', '(', ':' or '©' or fits in a short line: a cheap prefilter
        if len(norm) > 100 and "/" not in norm and "(" not in norm and ":" not in norm and "©" not in norm:
            return None
        if vocab.has_photo_credit(norm) or (("©" in norm or "(C)" in norm) and vocab.CAPTION_COPYRIGHT.match(norm)):
            return "credit"
        return None


#: the characters a :data:`vocab.CAPTION_LICENCE` credit ends with (a version, a licence's letters, a bracket)
_LICENCE_LAST = frozenset("0123456789yYaAcCdD)")
#: the letters a :data:`vocab.FIGURE_LABEL` caption opens with
_FIGURE_INITIALS = frozenset("aAfFgGsSbBiI")
