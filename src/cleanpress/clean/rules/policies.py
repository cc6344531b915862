"""Prose that is not the story though it reads like it: consent dialogs, author bios, moderation notes.

Each is long, well-formed prose, so a single word never decides: a consent
statement needs both the reader's agreement and its legal object, a bio a
name with a writing job and a detail of the author's life, a moderation note
a comment word, a moderation word and the reader addressed.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LINE_LIMIT, LineRule, Page, Rule, WholeLineLimit, line_removal
from cleanpress.clean.rules.shape import ends_sentence, is_prose, word_count
from cleanpress.types import Block, Removal

#: a fast literal prefilter of the cookie words (as the cookie-notice rule uses)
_COOKIE_HINT = regex.compile(r"ookie|OOKIE|onsent|ONSENT|rivacy|RIVACY|atenschutz|onfidentialit|rivacidad")


class ConsentDialog(Rule):
    """Consent and account dialogs: the reader's agreement to terms or data processing, and cookie dialogs.

    A consent line must hold both an agreement ('I agree', 'By clicking…',
    'Ich willige…', 'J'accepte', 'Acepto') and its object (personal data,
    privacy, terms). A cookie-settings dialog is recognised as a block: at
    least ``min_labels`` of its labels or buttons ('Privacy Overview', 'Always
    Enabled', 'Necessary', 'Accept all') and a line about cookies within
    ``window`` lines of each other; the whole block goes, its long
    explanations included.
    """

    name = "consent-dialog"
    reasons = ("consent", "account", "cookie-dialog")
    scanned = (vocab.CONSENT_LABEL, vocab.CONSENT_STATEMENT, vocab.ACCOUNT_DIALOG)
    description = (
        "Consent and account dialogs ('I agree to the processing of my personal data…', 'Are you sure you want to"
        " delete your account?') and cookie-settings dialogs with their labels and explanations."
    )
    example = (
        "I agree to the processing of my personal data in accordance with the Privacy Policy.\n"
        "Are you sure you want to delete your account?"
    )
    limit = WholeLineLimit(chars=2000, sentences=20)
    evidence = (
        "a cookie-settings dialog shows itself by its labels and buttons ('Always Enabled', 'Necessary',"
        " 'Accept all') standing around its explanations; consent and account lines keep the shared limit"
    )

    def __init__(self, min_labels: int = 2, window: int = 4) -> None:
        self.min_labels = min_labels
        self.window = window

    def _dialog_lines(self, kept: list[Block], masks: list[int], bit: int) -> set[int]:
        """Positions (in ``kept``) of the lines of cookie-settings dialogs (``bit``: the labels' hints in ``masks``)."""
        labels = [
            k for k, b in enumerate(kept)
            if len(b.norm) <= 40 and (not bit or masks[b.index] & bit) and vocab.CONSENT_LABEL_match(b.norm)
        ]
        if len(labels) < self.min_labels:
            return set()
        cookie = {
            k for k, b in enumerate(kept) if _COOKIE_HINT.search(b.norm) and vocab.COOKIE_WORD.search(b.norm)
        }
        out: set[int] = set()
        group: list[int] = []
        for k in [*labels, None]:
            if k is not None and (not group or k - group[-1] <= self.window):
                group.append(k)
                continue
            if len(group) >= self.min_labels:
                lo, hi = group[0], group[-1]
                # the explanations around the labels: cookie lines just before, between and after them
                while lo > 0 and lo - 1 in cookie:
                    lo -= 1
                while hi + 1 < len(kept) and hi + 1 in cookie:
                    hi += 1
                if any(j in cookie for j in range(lo, hi + 1)):
                    out.update(range(lo, hi + 1))
            group = [k] if k is not None else []
        return out

    def find(self, page: Page) -> Iterator[Removal]:
        kept = list(page.kept())
        masks = page.hint_masks()
        dialog = self._dialog_lines(kept, masks, page.hint_bit(vocab.CONSENT_LABEL))
        # a line holding none of a pattern's words cannot match it
        consent_bit, account_bit = page.hint_bit(vocab.CONSENT_STATEMENT), page.hint_bit(vocab.ACCOUNT_DIALOG)
        for k, block in enumerate(kept):
            norm = block.norm
            mask = masks[block.index]
            if k in dialog:
                yield line_removal(block, self.name, "cookie-dialog")
            elif len(norm) < 24:  # shorter than any consent or account line
                continue
            elif consent_bit and account_bit and not mask & (consent_bit | account_bit):
                continue  # neither pattern's words: neither can match
            elif not LINE_LIMIT.allows(norm):
                continue
            elif (
                (not consent_bit or mask & consent_bit)
                and vocab.may_be_consent(norm)
                and vocab.CONSENT_STATEMENT.search(norm)
            ):
                yield line_removal(block, self.name, "consent")
            elif (
                (not account_bit or mask & account_bit)
                and len(norm) <= 160
                and "?" in norm
                and vocab.ACCOUNT_DIALOG.match(norm)
            ):
                yield line_removal(block, self.name, "account")




def _may_be_bio(norm: str) -> bool:
    """A cheap test before :data:`~cleanpress.clean.rules.vocab.AUTHOR_BIO_OPENING`: the verb between name and job.

    Lower-case, as bios print it (a bio in capitals is not looked at).
    """
    return " is " in norm or " was " in norm or " ist " in norm or " est " in norm or " es " in norm or " war " in norm


def _is_bio(norm: str) -> bool:
    """A name with a writing job opening the line, and a detail of the author's life or work in it."""
    return (
        _may_be_bio(norm) and vocab.AUTHOR_BIO_OPENING.match(norm) is not None
        and vocab.AUTHOR_BIO_DETAIL.search(norm) is not None
    )


def _may_be_about_comments(norm: str) -> bool:
    """A cheap test before :data:`~cleanpress.clean.rules.vocab.MODERATION_NOTE`: a comment word's stem.

    As printed, or in a line all in capitals (a line that prints only its comment word in capitals is not looked at).
    """
    if norm.isupper():
        norm = norm.lower()
    return (
        "omment" in norm or "post" in norm or "Post" in norm or "eitr" in norm or "action" in norm
        or "omentario" in norm or "espuesta" in norm or "eplies" in norm
    )


class AuthorBio(LineRule):
    """An author's bio box: a name with a writing job, and a detail of the author's life or work.

    'Jane Doe is a senior editor at …' alone may be a sentence of an article
    about Jane Doe; with 'based in', 'covers', 'follow her on' or a handle it
    is the bio box. A line opened by 'About the author:' needs no more.
    """

    name = "author-bio"
    reasons = ("bio", "contact")
    vocabulary = (vocab.AUTHOR_BIO_LABEL, vocab.AUTHOR_BIO_OPENING, vocab.AUTHOR_CONTACT)
    description = (
        "Author bio boxes ('Jane Doe is a staff writer at … She is based in London.', 'Anna Meier ist Redakteurin …"
        " und lebt in Berlin') and author contact lines ('… may be reached at jdoe@example.com')."
    )
    example = (
        "Jane Doe is a staff writer at The Town Gazette covering transport and housing. She is based in Leeds.\n"
        "Have a tip? Jane Doe may be reached at jdoe@example.com."
    )
    limit = WholeLineLimit(chars=600, sentences=6)
    evidence = (
        "a bio's own opening, a name with a writing job ('Jane Doe is a reporter for …'), and a detail of the"
        " author's life or work in the same line ('based in', 'covers', a handle); a label line and a contact"
        " line keep the shared limit"
    )

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if not LINE_LIMIT.allows(norm):  # only a bio's own opening and detail go past the shared limit
            return "bio" if _is_bio(norm) else None
        if norm[:1] in "AaÜüZzÀàSs" and vocab.AUTHOR_BIO_LABEL.match(norm):
            return "bio"
        if _is_bio(norm):
            return "bio"
        if "@" in norm and word_count(norm) <= 40 and vocab.AUTHOR_CONTACT.search(norm):
            return "contact"
        return None


#: a moderation note may also open on the comments it is about: "All comments will be published after moderation"
_COMMENTS_FIRST = regex.compile(
    r"^(?:all |your |our )?(?:comments?|kommentare?|commentaires?|comentarios?|beitr(?:ag|äge))\b", regex.IGNORECASE
)


class ModerationNote(LineRule):
    """A note on how comments are moderated, addressed to the reader.

    Needs a comment word, a moderation word ('moderated', 'community
    guidelines', 'reserve the right', 'will be removed') and the reader or the
    site speaking ('your', 'please', 'we'), or the line opening on the
    comments: a news sentence about a platform's moderation has none of these.
    """

    name = "moderation-note"
    reasons = ("moderation",)
    vocabulary = (vocab.MODERATION_NOTE,)
    description = (
        "Comment-moderation and community-standards notes ('All comments are moderated…', 'Kommentare werden"
        " moderiert. Bitte…', 'Les commentaires sont modérés')."
    )
    example = (
        "All comments are moderated, so your comment may take a while to appear. Please be respectful.\n"
        "Kommentare werden moderiert. Bitte bleiben Sie sachlich."
    )

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) < 20 or not _may_be_about_comments(norm) or not vocab.MODERATION_NOTE.search(norm):
            return None
        if _COMMENTS_FIRST.match(norm) or vocab.READER_ADDRESS.search(norm):
            return "moderation"
        return None


#: first-person openings of an about box ("Hi, I'm Becky.", "I founded this blog …", "Ich bin …", "Je suis …")
_FIRST_PERSON = regex.compile(
    r"^(?:hi|hello|hey|hallo|bonjour|hola)\b|^(?:i'm|i am|my name|ich bin|je suis|soy|me llamo)\b"
    r"|^(?-i:I|We) (?-i:[a-z]{2,})\b",
    regex.IGNORECASE,
)


#: the letters an about heading opens with (About, Über, À propos, Sobre, Acerca, Qui, Quién, Meet)
_ABOUT_INITIALS = frozenset("AaÜüÀàSsQqMm")
#: the letters a profile box's closing link opens with (View, Mein, Afficher, Ver)
_PROFILE_INITIALS = frozenset("VvMmAa")
#: at most this many label lines ("Jane Doe", "Location: Leeds") stand between an about heading and its paragraph
ABOUT_LABELS = 2


def _is_label(norm: str) -> bool:
    """A name or a 'Label: value' line of a profile box: at most five words, no sentence."""
    return word_count(norm) <= 5 and not ends_sentence(norm)


class AboutBox(Rule):
    """An about box: an 'About the author' / 'About Jane Doe' heading and the short paragraph under it.

    The heading alone is a menu item; the box is the heading with, right
    under it (after at most two label lines: a name, 'Location: Leeds'), one or
    two prose paragraphs of at most ``max_words`` words that say who or what
    the subject is: a writing job, a detail of a life, what a site is. Under a
    heading that names the subject ('About Jane Doe'), the paragraph must name
    it too or speak in the first person, so an article's section 'About the new
    tram line' is no box. A heading another rule removed already (a bare
    'About' taken as a menu link, 'About the author' as a byline label) still
    opens its box. A blog platform's profile box ends in its own link ('View my
    complete profile'): the paragraphs right above it, under a name or label
    line, are the box.
    """

    name = "about-box"
    reasons = ("heading", "bio", "link")
    #: the box's heading and closing link (a line holding none of their words opens or closes no box)
    scanned = (vocab.ABOUT_HEADING, vocab.ABOUT_NAMED_HEADING, vocab.PROFILE_LINK)
    description = (
        "About boxes: an 'About the author', 'About me', 'Über Moritz Bachmann' or 'Sobre Carlos Nadalim' heading"
        " and the short bio or site description under it; a blog's profile box above its 'View my complete"
        " profile' link."
    )
    example = (
        "About Jane Doe\n"
        "Jane Doe is a staff writer who covers transport and housing. She lives in Leeds with her two dogs."
    )
    limit = WholeLineLimit(chars=1200, sentences=12)
    evidence = (
        "the paragraph stands right under an about heading ('About the author', 'About Jane Doe') or right above a"
        " profile box's closing link, and names its subject with a job or a detail of a life; one or two"
        " paragraphs of at most 150 words"
    )

    def __init__(self, max_words: int = 150, max_paragraphs: int = 2) -> None:
        self.max_words = max_words
        self.max_paragraphs = max_paragraphs

    def _is_bio(self, page: Page, block: Block, named: str | None) -> bool:
        """Whether ``block`` is a box's paragraph (of a subject ``named``, if the heading names one)."""
        removed = page.removed[block.index]
        if removed is not None:  # a bio the author-bio rule took already, or no bio
            return removed == AuthorBio.name
        norm = block.norm
        if word_count(norm) > self.max_words or not is_prose(norm) or not vocab.ABOUT_SUBJECT.search(norm):
            return False
        return named is None or named in norm[:120].casefold() or bool(_FIRST_PERSON.match(norm))

    def _box(self, page: Page, lines: list[Block], k: int) -> list[int]:
        """Positions of the box under the heading at ``k`` (empty when there is none)."""
        heading = lines[k].norm
        named = None
        if not vocab.ABOUT_HEADING.match(heading):
            found = vocab.ABOUT_NAMED_HEADING.match(heading)
            if found is None:
                return []
            named = found.group(1).split()[0].casefold()
        box: list[int] = []
        j = k + 1
        while j < len(lines) and len(box) < ABOUT_LABELS and page.is_kept(lines[j]) and _is_label(lines[j].norm):
            box.append(j)  # the subject's name, a 'Location:' line
            j += 1
        paragraphs = 0
        while j < len(lines) and paragraphs < self.max_paragraphs and self._is_bio(page, lines[j], named):
            box.append(j)
            paragraphs += 1
            j += 1
        return [k, *box] if paragraphs else []

    def _profile(self, page: Page, lines: list[Block], k: int) -> list[int]:
        """Positions of the profile box above its closing link at ``k``: paragraphs under a name or label line."""
        box = [k]
        j = k - 1
        while j >= 0 and len(box) <= self.max_paragraphs and self._is_bio(page, lines[j], None):
            box.append(j)
            j -= 1
        return box if len(box) > 1 and j >= 0 and page.is_kept(lines[j]) and _is_label(lines[j].norm) else []

    def find(self, page: Page) -> Iterator[Removal]:
        bits = [page.hint_bit(p) for p in self.scanned]
        blocks = page.blocks
        if all(bits):  # a line holding none of the three patterns' words is neither heading nor link
            either = bits[0] | bits[1] | bits[2]
            blocks = [blocks[i] for i, mask in enumerate(page.hint_masks()) if mask & either]
        opening = [
            b.index for b in blocks
            if b.norm[:1] in _ABOUT_INITIALS and len(b.norm) <= 60
            and (vocab.ABOUT_HEADING.match(b.norm) or vocab.ABOUT_NAMED_HEADING.match(b.norm))
        ]
        closing = [
            b.index for b in blocks
            if b.norm[:1] in _PROFILE_INITIALS and len(b.norm) <= 40 and vocab.PROFILE_LINK.match(b.norm)
        ]
        if not opening and not closing:
            return  # most pages have neither: done with one cheap look
        # a box's lines stand together: a line another rule removed between them ends it (but a bio the author-bio
        # rule took, or the heading or link itself, whatever removed it)
        opening_at, closing_at = set(opening), set(closing)
        lines = [b for b in page.blocks if b.norm]
        taken: set[int] = set()
        for k, block in enumerate(lines):
            if (block.index not in opening_at and block.index not in closing_at) or k in taken:
                continue
            box = self._box(page, lines, k) if block.index in opening_at else self._profile(page, lines, k)
            for pos in box:
                taken.add(pos)
                if page.is_kept(lines[pos]):
                    reason = "link" if lines[pos].index in closing_at else "heading" if pos == k else "bio"
                    yield line_removal(lines[pos], self.name, reason)
