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
from cleanpress.clean.rules.shape import word_count
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

    def _dialog_lines(self, kept: list[Block]) -> set[int]:
        """Positions (in ``kept``) of the lines of cookie-settings dialogs."""
        labels = [k for k, b in enumerate(kept) if len(b.norm) <= 40 and vocab.CONSENT_LABEL_match(b.norm)]
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
        dialog = self._dialog_lines(kept)
        for k, block in enumerate(kept):
            norm = block.norm
            if k in dialog:
                yield line_removal(block, self.name, "cookie-dialog")
            elif len(norm) < 24 or not LINE_LIMIT.allows(norm):  # shorter than any consent or account line
                continue
            elif vocab.may_be_consent(norm) and vocab.CONSENT_STATEMENT.search(norm):
                yield line_removal(block, self.name, "consent")
            elif len(norm) <= 160 and "?" in norm and vocab.ACCOUNT_DIALOG.match(norm):
                yield line_removal(block, self.name, "account")


class AuthorBio(LineRule):
    """An author's bio box: a name with a writing job, and a detail of the author's life or work.

    'Jane Doe is a senior editor at …' alone may be a sentence of an article
    about Jane Doe; with 'based in', 'covers', 'follow her on' or a handle it
    is the bio box. A line opened by 'About the author:' needs no more.
    """

    name = "author-bio"
    reasons = ("bio", "contact")
    description = (
        "Author bio boxes ('Jane Doe is a staff writer at … She is based in London.', 'Anna Meier ist Redakteurin …"
        " und lebt in Berlin') and author contact lines ('… may be reached at jdoe@example.com')."
    )
    example = (
        "Jane Doe is a staff writer at The Town Gazette covering transport and housing. She is based in Leeds.\n"
        "Have a tip? Jane Doe may be reached at jdoe@example.com."
    )

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if vocab.AUTHOR_BIO_LABEL.match(norm):
            return "bio"
        if vocab.AUTHOR_BIO_OPENING.match(norm) and vocab.AUTHOR_BIO_DETAIL.search(norm):
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
        if not vocab.MODERATION_NOTE.search(norm):
            return None
        if _COMMENTS_FIRST.match(norm) or vocab.READER_ADDRESS.search(norm):
            return "moderation"
        return None
