"""Calls to the reader that are not the story: cookie notices, subscription and donation prompts."""

from __future__ import annotations

import re

from cleanpress.clean.rules import vocab
from cleanpress.clean.rules.base import LineRule, Page
from cleanpress.clean.rules.shape import word_count
from cleanpress.types import Block

#: a fast literal prefilter before the word patterns
_COOKIE_HINTS = re.compile(r"ookie|OOKIE|atenschutz|ATENSCHUTZ|onsent|ONSENT|rivacy|RIVACY|onfidentialit")


class CookieNotice(LineRule):
    """A line that names cookies or privacy settings *and* asks for consent.

    Both parts must be present, so a sentence of an article that merely
    mentions cookies (or privacy) survives.
    """

    name = "cookie-notice"
    reasons = ("cookie",)
    vocabulary = (vocab.COOKIE_WORD,)
    description = "Cookie and consent banners ('This website uses cookies…', 'Accept all', 'Cookie-Einstellungen')."
    example = "This website uses cookies so that we can provide you with the best user experience. Accept"

    def __init__(self, max_words: int = 80) -> None:
        self.max_words = max_words

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if word_count(norm) > self.max_words or not _COOKIE_HINTS.search(norm) or not vocab.COOKIE_WORD.search(norm):
            return None
        return "cookie" if vocab.COOKIE_NAG.search(norm) else None


#: a cheap prefilter of :data:`vocab.SUBSCRIPTION_TERMS` (on the lower-cased line)
_TERMS_HINT = re.compile("cancel|quieras|kündbar|kündigen|abbestellen|résili|désabonner|baja|subscribe")

#: a cheap prefilter of :data:`vocab.EMAIL_SIGNUP` (on the lower-cased line): every match names an e-mail, an inbox
#: or a mailbox
_EMAIL_HINT = re.compile("mail|inbox|posteingang|postfach|correo|boîte|boite")


class SubscribePrompt(LineRule):
    """Newsletter, paywall and donation prompts.

    A line of up to 200 characters that *is* a prompt ("Sign up for our daily
    newsletter"), or one of up to 300 that offers the site by e-mail and asks
    the reader to sign up for it ("Enter your email below to receive future
    announcements"): the delivery and the sign-up must be named and the reader
    addressed, so an article's sentence about a newsletter stays.
    """

    name = "subscribe-prompt"
    max_chars = 300
    reasons = ("subscribe", "donation")
    vocabulary = (
        vocab.SUBSCRIBE_NAG, vocab.DONATION_NAG, vocab.PROMPT_INSIDE, vocab.EMAIL_SIGNUP, vocab.SUBSCRIPTION_TERMS
    )
    description = "Newsletter sign-ups, paywall prompts and appeals for donations, in several languages."
    example = (
        "Sign up for our daily newsletter\nMöchten Sie weiterlesen?\nJede kleine Spende hilft uns.\n"
        "Missing out on the latest news? Enter your email below to receive future announcements direct to your inbox."
    )

    def reason_for(self, block: Block, page: Page) -> str | None:
        norm = block.norm
        if len(norm) > 300:
            return None
        low = norm.lower()
        if len(norm) <= 200:
            if vocab.SUBSCRIBE_NAG_match(norm) or (_TERMS_HINT.search(low) and _offers_terms(norm)):
                return "subscribe"
            if vocab.DONATION_NAG_match(norm):
                return "donation"
            if vocab.may_be_prompt(low) and (found := vocab.PROMPT_INSIDE.search(norm)):
                return "donation" if "consider" in found.group().lower() else "subscribe"
        if _EMAIL_HINT.search(low) and vocab.EMAIL_SIGNUP.search(norm) and vocab.SIGNUP_ADDRESS.search(norm):
            return "subscribe"
        return None


def _offers_terms(norm: str) -> bool:
    """Whether the line offers a subscription's terms: 'Cancela cuando quieras', 'you can unsubscribe at any time'."""
    terms = vocab.SUBSCRIPTION_TERMS.search(norm)
    return terms is not None and (terms.group("addressed") is None or vocab.SIGNUP_ADDRESS.search(norm) is not None)
