"""The article's headline: on the page's lines, or known from the page's HTML.

In page text the headline is the best title-like line just before the
article's region (:func:`pick_headline`); a page whose HTML names its headline
removes the lines repeating it (:class:`KnownHeadline`).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterator, Sequence

import regex

from cleanpress.clean.config import StoryConfig
from cleanpress.clean.memo import LINES_KEPT, ValueMemo
from cleanpress.clean.rules import HEADLINE, vocab
from cleanpress.clean.rules.base import Page, Rule, line_removal
from cleanpress.clean.rules.shape import ends_sentence, is_prose, is_title_like, word_count
from cleanpress.clean.segment import normalise_line
from cleanpress.types import Block, Removal

_TITLE_SEPARATOR = regex.compile(r"\s+[|\-–—:·•»]\s+")
_KEY_WORD = regex.compile(r"\w+")
#: a title's first sentence, when a subtitle follows it
_FIRST_SENTENCE = regex.compile(r"^(.+?\p{L}{2})[.!?]\s+\p{Lu}")

#: Lines shaped like a headline that are not one: dated stamps, credits, share widgets, bylines.
_NOT_A_TITLE = regex.compile(
    r"\b(?:19|20)\d\d\b.{0,12}\d{1,2}[:.h]\d\d|\b\d{1,2},? (?:19|20)\d\d\b|\bcopyright\b|©|\bsharing\b|^share\b"
    r"|^(?:by|von|par|por|tested by|written by|posted by)\b|\b(?:staff|reporter|correspondent|redaktion)$|^\W+$",
    regex.IGNORECASE,
)


def is_headline_candidate(norm: str, cfg: StoryConfig) -> bool:
    words = word_count(norm)
    return (
        cfg.title_min_words <= words <= cfg.title_max_words
        and is_title_like(norm, cfg.title_max_words)
        and not (vocab.may_hold_digit(norm) and vocab.DATE_LINE_match(norm))
        and not vocab.TIME_AGO_match(norm)
        and not vocab.is_truncated(norm)
        and not _NOT_A_TITLE.search(norm)
    )


#: Lines shaped like a headline that belong to something else: a dialog's question, a player's or a
#: page's control, a web address, a line of the page's furniture in capitals ("CLICK FOR FULL RESULTS").
_WEB_ADDRESS = regex.compile(r"\bwww\.|https?://", regex.IGNORECASE)
#: a control's or a widget's line ("Follow the topics within this article", "Click here to subscribe")
_CONTROL = regex.compile(
    r"^(?:follow (?:us|me|the|our|this)|share (?:this|on|via)|sign (?:in|up)|log ?in|subscribe|read (?:more|later)"
    r"|click (?:here|for|to)|tap (?:here|to)|advertisement|folgen sie|suivez|síguenos|teilen|partager|compartir)\b",
    regex.IGNORECASE,
)
#: a photographer's credit: a name and an agency ("Devindra Hardawar/AOL", "Jane Doe / Reuters")
_NAME_CREDIT = regex.compile(
    r"^\p{Lu}[\p{L}'.-]+(?: \p{Lu}[\p{L}'.-]+){0,3} ?/ ?\p{Lu}[\p{L}.&-]+(?: \p{Lu}[\p{L}.&-]+)?$"
)
#: a byline at a line's end ("Tuesday 15 October 2019 by Bradley M. Kuhn")
_TRAILING_BYLINE = regex.compile(r"\b(?:by|von|par|por)\s+\p{Lu}[\p{L}'.-]*(?:\s+\p{Lu}[\p{L}'.-]*){0,3}\W*$")


_ASCII_LOWER = re.compile(r"[a-z]")


def _in_capitals(norm: str) -> bool:
    """A line of at least eight letters, every one a capital (some of them cased).

    A line holding a lower-case ASCII letter is none: its letters are not asked one by one.
    """
    if _ASCII_LOWER.search(norm) is not None:
        return False
    letters = list(filter(str.isalpha, norm))
    return len(letters) >= 8 and all(c.isupper() for c in letters) and any(c.lower() != c for c in letters)


def is_label_line(norm: str) -> bool:
    """A headline-shaped line that is never a headline: a caption's credit, a dialog's question, a dated
    byline, a web address, a control in capitals ("CLICK FOR FULL RESULTS") or a parenthesised note.

    >>> is_label_line("Are you sure you want to delete your account?"), is_label_line("22 Dec, 2016 22 Dec, 2016")
    (True, True)
    >>> is_label_line("Council approves budget after all-night debate")
    False
    """
    if vocab.ACCOUNT_DIALOG.search(norm) or vocab.has_photo_credit(norm):
        return True
    if _WEB_ADDRESS.search(norm) or _CONTROL.match(norm) or _NAME_CREDIT.match(norm):
        return True
    if norm[:1] in "([" and norm[-1:] in ")]":
        return True
    if _in_capitals(norm):
        return True  # a line of capitals: a kicker, a section's name or a button, not a headline
    if vocab.may_hold_digit(norm) and vocab.COMMENT_STAMP.search(norm):
        # a date with little else, or with a byline: the article's date line, not its headline
        rest = vocab.COMMENT_STAMP.sub(" ", norm)
        rest = regex.sub(r"\b\d+\b|[^\w\s]", " ", rest)
        if len(rest.split()) <= 2 or _TRAILING_BYLINE.search(norm):
            return True
    return False


#: Words of at least this many characters (or holding a digit) are a line's content words.
_CONTENT_LENGTH = 4
#: A content word is compared by its first characters ("settlements" meets "settlement").
_STEM = 5
#: Body words compared against a headline: the first words of the article's prose.
_BODY_WORDS = 300
_HAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]")
#: a word (a run of ``\w``) holding a word character of ``_HAN`` (some, as '๏' or '⺀', are none), whole: the
#: match starts where its run does
_HAN_WORD = regex.compile(r"\w*(?=[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}])\w\w*")
#: ``_KEY_WORD`` and a digit in ASCII text, in the faster ``re``
_ASCII_KEY_WORD = re.compile(r"[A-Za-z0-9_]+")
_ASCII_DIGIT = re.compile(r"[0-9]")
#: a word of ``_ASCII_KEY_WORD`` long enough for a content word, whole (the pattern takes a run of word
#: characters from its start to its end, and never a part of a shorter run)
_ASCII_LONG_WORD = re.compile(rf"[A-Za-z0-9_]{{{_CONTENT_LENGTH},}}")
#: a word's part from its first digit to its end (the search skips to a digit: a text holds few)
_ASCII_NUMBER_TAIL = re.compile(r"[0-9][A-Za-z0-9_]*")
_ASCII_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
#: a word's first characters as its key (``w[:_STEM]``), and a key's first characters as its short form
_STEM_OF = operator.itemgetter(slice(_STEM))
_CUT_OF = operator.itemgetter(slice(_CONTENT_LENGTH))
#: typographic marks that are no word character (of ``regex``), no digit, and that ``casefold()`` leaves as
#: they are: quotes, dashes, an ellipsis, bullets, signs. Between words they only end them, as a space does,
#: so a text of ASCII and these has the keys of its ASCII letters (and takes the ASCII path)
_PLAIN_MARKS = "".join(
    c
    for c in "\u2019\u2018\u201c\u201d\u201e\u201a\u2014\u2013\u2026\u00ab\u00bb\u2039\u203a\u00b7\u2022\u25ba\u25b6"
    "\u00a9\u00ae\u2122\u00b0\u2500\u00a0\u20ac\u00a3"
    if _KEY_WORD.match(c) is None and c.casefold() == c and not c.isdigit() and _HAN.match(c) is None
)
#: a character that is neither ASCII nor one of ``_PLAIN_MARKS``
_NOT_PLAIN = re.compile("[^\\x00-\\x7f" + re.escape(_PLAIN_MARKS) + "]")


#: Function words long enough to pass for content words (English, German, French, Spanish, Portuguese, Italian).
_FUNCTION_WORDS_BY_LANGUAGE = (
    "that with from this have will your about more after into over they their were what when which would there been"
    " than them also only some other just like most says said could should while where these those being does here"
    " then each many much very such",
    "nicht eine einen einem einer sich auch nach wird sind oder aber über wenn dass noch beim werden mehr kann",
    "dans pour avec sont plus mais cette leur nous vous comme être fait sans sous entre",
    "para como pero más este esta sobre sino desde cuando también porque donde todo pelo pela quando",
    "anche della delle sono questo come",
)
_FUNCTION_WORDS = frozenset(w for words in _FUNCTION_WORDS_BY_LANGUAGE for w in words.split())


def content_keys(text: str) -> set[str]:
    """A line's content words as compared between a headline and its article: case-folded, cut to
    their first characters, short words left out; scripts without spaces by character pairs.

    Lines joined by newlines give the union of each line's keys (a key is a word's, and no word spans a
    newline): :func:`_body_keys` asks once for a run of lines.

    >>> sorted(content_keys("Settlements: the US plan"))
    ['plan', 'settl']
    """
    folded = text.casefold()
    if folded.isascii() or _NOT_PLAIN.search(folded) is None:
        # no Han, and a digit is 0-9: the same keys, with fewer questions per word (a typographic mark
        # ends a word as a space does)
        # the long words found whole by the pattern, and each cut, in C: no question per word in Python
        keys = set(map(_STEM_OF, set(_ASCII_LONG_WORD.findall(folded)) - _FUNCTION_WORDS))
        # a short word (or a function word, which holds none) is a key when it holds a digit
        if _ASCII_DIGIT.search(folded) is not None:
            keys.update(_short_numbers(folded))
        return keys
    words = set(_KEY_WORD.findall(folded))
    keys = set()
    if _HAN.search(folded) is not None:  # words of a script without spaces, by character pairs
        han = set(_HAN_WORD.findall(folded))
        for word in han:
            keys.update([word[i : i + 2] for i in range(len(word) - 1)])
        words -= han
    keys.update(w[:_STEM] for w in words if len(w) >= _CONTENT_LENGTH and w not in _FUNCTION_WORDS)
    # (no character is both a letter and a digit: a word of letters is not asked character by character)
    keys.update(
        w for w in words if 2 <= len(w) < _CONTENT_LENGTH and not w.isalpha() and any(c.isdigit() for c in w)
    )
    return keys


def _short_numbers(folded: str) -> list[str]:
    """The words of ASCII ``folded`` (runs of ``_ASCII_KEY_WORD``) of two or three characters holding a digit:
    each from its first digit (as found) back over the letters before it."""
    out = []
    for match in _ASCII_NUMBER_TAIL.finditer(folded):
        start, end = match.span()
        if end - start >= _CONTENT_LENGTH:
            continue
        while start > 0 and folded[start - 1] in _ASCII_WORD_CHARS and end - start < _CONTENT_LENGTH:
            start -= 1
        if start > 0 and folded[start - 1] in _ASCII_WORD_CHARS:
            continue  # (the word goes on before: it is longer)
        if 2 <= end - start < _CONTENT_LENGTH:
            out.append(folded[start:end])
    return out


#: A headline whose content words are found in its article at least this much names that article;
#: below ``_UNRELATED`` it names another one (a frame's headline, a teaser, a menu's item).
_RELATED = 0.5
_UNRELATED = 0.25
#: Content words (counted with their 4-character forms) of a prose long enough that the title's words
#: missing from it show the title names another article.
_LONG_BODY = 120


def _relevance(
    norm: str, body: set[str], min_keys: int = 3, min_body: int = 20, facts: HeadlineFacts | None = None
) -> float | None:
    """Share of a line's content words found in the article's first words; None when too few to tell
    (fewer than ``min_keys`` in the line, or fewer than ``min_body`` in the article)."""
    keys = facts.title_keys(norm) if facts is not None else title_content_keys(norm)
    if len(keys) < min_keys or len(body) < min_body:
        return None
    return len(keys & body) / len(keys)


def title_content_keys(norm: str) -> frozenset[str]:
    """The content words of a headline-shaped line, its site's name left out: what :func:`_relevance` weighs."""
    return frozenset(content_keys(strip_site_name(norm)))


def _body_keys(segment: Sequence[Block], region_start: int, region_end: int | None = None) -> set[str]:
    """Content words of the article's first prose lines (from ``region_start``, before ``region_end``),
    each also by its first four characters ("swim" meets "swimmers")."""
    prose: list[str] = []
    words = 0
    for block in itertools.islice(segment, region_start, region_end):  # (no copy of the story's rest)
        if is_prose(block.norm):
            prose.append(block.norm)
            words += word_count(block.norm)
            if words >= _BODY_WORDS:
                break
    keys = content_keys("\n".join(prose))  # the union of each line's keys, in one call
    # (a key no longer than that is its own cut, already in the set)
    keys |= set(map(_CUT_OF, keys))
    return keys


def _bucket(relevance: float | None) -> int:
    if relevance is None:
        return 1
    return 2 if relevance >= _RELATED else (1 if relevance >= _UNRELATED else 0)


def _furniture(norm: str, cfg: StoryConfig) -> bool:
    """A line that may stand between a headline and its prose: a label, a date line, a byline, a dateline
    ("BAAR, SWITZERLAND"), a short dek; not a line that is itself prose or another headline."""
    if is_label_line(norm) or vocab.CREDIT_LABEL.match(norm):
        return True
    if vocab.may_hold_digit(norm) and vocab.DATE_LINE_match(norm):
        return True
    words = word_count(norm)
    if words <= 3 and not is_prose(norm):
        return True
    return ends_sentence(norm) and words < 8  # a one-sentence dek ("Time is not on his side.")


def _position(segment: Sequence[Block], block: Block) -> int:
    return next((k for k, b in enumerate(segment) if b is block), -1)


def _stands_above(segment: Sequence[Block], k: int, region_start: int, facts: HeadlineFacts, gap: int = 2) -> bool:
    """Whether the line at ``k`` stands right above the prose at ``region_start``: at most ``gap`` lines
    of furniture between them."""
    between = segment[k + 1 : region_start]
    furniture = facts.furniture
    return 0 <= k < region_start and len(between) <= gap and all(furniture(b.norm) for b in between)


def _nearest_headline(
    page: Page, segment: Sequence[Block], region_start: int, facts: HeadlineFacts, body: set[str] | None = None
) -> Block | None:
    """The headline by position and content: the best candidate just before the article's prose.

    A candidate whose words the article's first lines hold wins over one they do not (a menu's item, a
    teaser); then one right above the prose (datelines and bylines may stand between) and headline-sized,
    then one the page repeats, then the nearest.
    """
    cfg = facts.cfg
    lo = max(0, region_start - cfg.headline_lookback)
    window = segment[lo:region_start]
    body = _body_keys(segment, region_start) if body is None else body
    # a title line without its site ("Our Town Gazette") may be the site's name: it is weighed against
    # the guess by :func:`_pick`, never the guess itself
    title = title_line(page)
    bare = title if title is not None and _TITLE_SEPARATOR.search(title.norm) is None else None
    candidate = facts.candidate
    candidates = [(k, b) for k, b in enumerate(window) if b is not bare and candidate(b.norm)]
    if not candidates:
        return None
    counts = page.line_counts

    def score(item: tuple[int, Block]) -> tuple[int, bool, bool, bool, int]:
        k, block = item
        words = word_count(block.norm)
        headline_sized = 4 <= words <= cfg.title_max_words
        near = _stands_above(segment, lo + k, region_start, facts)
        return (
            _bucket(_relevance(block.norm, body, facts=facts)),
            near and headline_sized,
            counts[block.norm] > 1,
            headline_sized,
            k,
        )

    return max(candidates, key=score)[1]


def _prose_follows(lines: Sequence[Block]) -> bool:
    """Whether an article's prose follows at once (after at most a dateline or a dek) and goes on:
    two of the next four lines are prose, one of them among the first two."""
    prose = [is_prose(b.norm) for b in lines[:4]]
    return sum(prose) >= 2 and any(prose[:2])


def _set_in_headline(
    segment: Sequence[Block], region_start: int, facts: HeadlineFacts, region_end: int | None = None, ahead: int = 6
) -> tuple[Block, set[str]] | None:
    """A story's own headline standing just inside the prose run that starts at ``region_start``, with
    the content words of the prose under it.

    A story set into another page's frame may follow the frame's own caption or teaser (one prose
    line): its headline then stands after that line, right above its prose, and the prose under it
    holds its words (see :func:`pick_headline` for when it is asked).
    """
    cfg = facts.cfg
    prose_before = 0
    end = min(len(segment), region_start + ahead)
    for k in range(region_start, end):
        norm = segment[k].norm
        shaped = (
            4 <= word_count(norm) <= cfg.title_max_words
            and not vocab.is_truncated(norm)
            and not facts.label(norm)
            and _INNER_SENTENCE.search(norm) is None
            and _LIST_ITEM.match(norm) is None
            and (facts.shaped(norm) or norm.endswith("?"))
        )
        # its prose follows at once, and goes on (a teaser on a front page has one line of it)
        if shaped and _prose_follows(segment[k + 1 :]):
            body = _body_keys(segment, k + 1, region_end)
            relevance = _relevance(norm, body, facts=facts)
            if relevance is not None and relevance >= _RELATED:
                return segment[k], body
        if is_prose(norm):
            prose_before += 1
            if prose_before > 1:
                return None
    return None


def title_line(page: Page, max_words: int = 40) -> Block | None:
    """The page's title line: its first line, as a rendered page begins with its ``<title>``.

    None when the first line does not read as a title (a sentence, or longer than ``max_words``).
    """
    first = next((b for b in page.blocks if b.norm), None)
    if first is None or not 2 <= word_count(first.norm) <= max_words:
        return None
    if ends_sentence(first.norm) and not first.norm.endswith("?"):
        return None
    return first


class TitleMatch:
    """Which lines of a page repeat its title line, the site's name left out ("Title - Site", "Site | Title")."""

    #: a line shorter than this share of the title (without the site) is not taken for it
    min_share = 0.6

    def __init__(self, title: str) -> None:
        self.full = title_key(title)
        parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
        # a short title ("Hermitian matrix - Wikipedia") too, when the site's part is no longer than it
        head = strip_site_name(title, max_words=2, min_head_words=2)
        self.keys = {title_key(strip_site_name(title)), title_key(head), self.full}
        # a title that adds a subtitle after its headline's sentence ("Headline. Subtitle | Site")
        first_sentence = _FIRST_SENTENCE.match(title)
        if first_sentence is not None and len(first_sentence.group(1).split()) >= 3:
            self.keys.add(title_key(first_sentence.group(1)))
        # the longest part ("Site | Title" puts it last), not the site's name however long
        longest = max(parts, key=len, default="")
        if len(longest.split()) >= 3:
            self.keys.add(title_key(longest))
        self.keys.discard("")
        self.main = title_key(strip_site_name(title))
        #: the parts of the title that are not the longest: the site's name and its sections
        self.site = " | ".join(title_key(p) for p in parts if p is not longest)
        # a matching line is about as long as a key: never much shorter, at most as long as the title twice
        self.shortest = int(min([self.min_share * len(self.main), *(len(k) for k in self.keys)], default=0) * 0.8)
        self.longest = 2 * len(title) + 10

    def matches(self, norm: str) -> bool:
        if not self.shortest <= len(norm) <= self.longest:  # a cheap look before the key
            return False
        key = title_key(norm)
        if not key:
            return False
        if key in self.keys:
            return True
        return (
            len(key.split()) >= 3
            and key in self.full
            and len(key) >= self.min_share * len(self.main)
            and (key not in self.site)
        )


#: Lines shaped like a headline that label something else: captions, players, counters, navigation.
_LABEL_OPENING = regex.compile(
    r"^(?:media caption|image caption|caption|photo|video|watch video|replay|up next|next|previous|read more|share"
    r"|sign in|log in|subscribe|advertisement|related|more|see also|from wikipedia|« |» |\d+ (?:with|comments?|repl)"
    r"|(?:reviewed|written|posted|edited|produced) by|by |von |par |por )",
    regex.IGNORECASE,
)
#: a numbered item of a list ("2. Check the peep hole"): a step or a listicle's subheading
_LIST_ITEM = regex.compile(r"^\d{1,3}[.)]\s")
_CLOCK = regex.compile(r"\b\d{1,2}:\d\d\b")
#: a sentence ending inside the line: a dek or a caption, not a headline
_INNER_SENTENCE = regex.compile(r"\p{Ll}[.!?]\s+\p{Lu}")


def _reads_as_headline(norm: str, max_words: int = 25) -> bool:
    """A line that is a headline in its own right: a title line of its own ("Title - Site"), or a
    headline-sized line opened by a capital that is no label (a caption, a player, a counter)."""
    if strip_site_name(norm) != norm:
        return True
    if not 5 <= word_count(norm) <= max_words or _LABEL_OPENING.match(norm) or _CLOCK.search(norm):
        return False
    if _INNER_SENTENCE.search(norm):
        return False
    opening = norm.lstrip("\"'“‘«¿¡[(")
    return bool(opening) and (opening[0].isupper() or opening[0].isdigit())


def pick_headline(
    page: Page,
    segment: Sequence[Block],
    region_start: int,
    cfg: StoryConfig,
    region_end: int | None = None,
    *,
    facts: HeadlineFacts | None = None,
) -> Block | None:
    """The headline of the story whose kept blocks are ``segment``: see :func:`headline_and_start`."""
    return headline_and_start(page, segment, region_start, cfg, region_end, facts=facts)[0]


def headline_and_start(
    page: Page,
    segment: Sequence[Block],
    region_start: int,
    cfg: StoryConfig,
    region_end: int | None = None,
    *,
    facts: HeadlineFacts | None = None,
) -> tuple[Block | None, int | None]:
    """The headline of the story whose kept blocks are ``segment`` (see :func:`_pick`), and the position in
    ``segment`` where its article starts: after the headline, or after a headline-shaped line below it that
    stands right above the prose (a teaser, a kicker or a label between a headline and its article is not
    the article's).

    ``facts`` asks the lines' text (a cleaner's :class:`HeadlineFacts` remembers the answers across its
    pages); it must be made for ``cfg``, or it is not used.
    """
    if facts is None or (facts.cfg is not cfg and facts.cfg != cfg):
        facts = HeadlineFacts(cfg, kept=None)
    headline = _pick(page, segment, region_start, facts, region_end)
    if headline is None:
        return None, None
    # (block indexes are unique: the first block with the headline's index is its position; -1 when not in it)
    headline_at = next((k for k, b in enumerate(segment) if b.index == headline.index), -1)
    lo = max(headline_at + 1, region_start - cfg.headline_lookback)
    nearest = next(
        (
            k
            for k in range(region_start - 1, lo - 1, -1)
            if facts.candidate(segment[k].norm)
        ),
        None,
    )
    if (
        nearest is not None
        and _reads_as_headline(segment[nearest].norm)
        and _stands_above(segment, nearest, region_start, facts)
    ):
        return headline, nearest + 1
    return headline, headline_at + 1 if headline_at >= 0 else None


def _pick(
    page: Page, segment: Sequence[Block], region_start: int, facts: HeadlineFacts, region_end: int | None = None
) -> Block | None:
    """The headline of the story whose kept blocks are ``segment`` (its prose begins at ``region_start``
    and, when given, ends before ``region_end``).

    A rendered page begins with its title ("Title - Site"). In the page's first
    story, the line that repeats the title (without the site's name) before the
    prose is the headline: not a caption, a label, a video player's or a
    dialog's line that may stand nearer the prose. Without such a line, the
    title line itself is.

    The title names the article only when the article's first lines hold its
    words (:func:`_set_in_story`): a story set into another page's frame (a
    syndicated copy) sits under the frame's title and headline, and its own
    headline, whose words its prose holds, stands right above its prose,
    sometimes after the frame's caption or teaser.

    Otherwise by position (:func:`_nearest_headline`, the guess): the title's
    copy wins, unless the guess stands right above the prose, after the copy,
    and reads as a headline of its own (a title line with its site, or a
    headline-sized line opened by a capital that is no caption, player, counter
    or byline) with no fewer of the article's words. Later stories of a page use
    the title's copy when they hold one, else the guess.
    """
    if not segment:
        return None
    body = _body_keys(segment, region_start, region_end)
    guess = _nearest_headline(page, segment, region_start, facts, body)
    title = title_line(page)
    if title is None:
        return guess
    match = facts.title_match(title.norm)
    # the first copy of the title above the prose (the lines below it are not asked, nor those past the article)
    asked = region_start + 2 if region_end is None else min(region_start + 2, region_end)
    named = next((k for k, b in enumerate(segment[:asked]) if b is not title and match.matches(b.norm)), None)
    first_story = next(page.kept(), None) is segment[0]
    # the line the title names: its copy, or in the first story the title line itself when it reads as an
    # article's title ("Title - Site"; a title line without its site may be the site's own name)
    titled = first_story and _TITLE_SEPARATOR.search(title.norm) is not None
    anchor = segment[named] if named is not None else (title if titled else None)
    anchor_relevance = _relevance(anchor.norm, body, min_keys=2, facts=facts) if anchor is not None else None
    if anchor is not None and anchor_relevance is not None:
        own = _set_in_story(
            segment,
            region_start=region_start,
            facts=facts,
            region_end=region_end,
            anchor=anchor,
            anchor_relevance=anchor_relevance,
            guess=guess,
            body=body,
        )
        if own is not None:
            return own
        if named is not None and anchor_relevance >= _RELATED:
            return anchor  # the title's copy, and the article holds its words
    return _by_position(
        segment,
        region_start=region_start,
        facts=facts,
        title=title,
        named=named,
        guess=guess,
        first_story=first_story,
        anchor_relevance=anchor_relevance,
        body=body,
    )


def _set_in_story(
    segment: Sequence[Block],
    *,
    region_start: int,
    facts: HeadlineFacts,
    region_end: int | None,
    anchor: Block,
    anchor_relevance: float,
    guess: Block | None,
    body: set[str],
) -> Block | None:
    """The story's own headline when the title names another article (a frame's), else None.

    Its own headline is the candidate whose words its prose holds: after the frame's caption or teaser at
    the prose's start (unless the guess above names that prose too: the line inside is then a
    subheading), or the guess above the prose.
    """
    inside = _set_in_headline(segment, region_start, facts, region_end)
    if inside is not None:
        headline, prose = inside
        # (that the prose lacks the title's words says something only of a prose of some length)
        named = _relevance(anchor.norm, prose, min_keys=2, min_body=_LONG_BODY, facts=facts)
        stands = guess is not None and _stands_above(segment, _position(segment, guess), region_start, facts)
        above = _relevance(guess.norm, prose, facts=facts) if guess is not None and stands else None
        if named is not None and named < _UNRELATED and (above is None or above < _UNRELATED):
            return headline
    if (
        anchor_relevance < _UNRELATED
        and guess is not None
        and word_count(guess.norm) >= 4
        and _bucket(_relevance(guess.norm, body, facts=facts)) == 2
        and _prose_follows(segment[region_start:])
    ):
        return guess
    return None


def _by_position(
    segment: Sequence[Block],
    *,
    region_start: int,
    facts: HeadlineFacts,
    title: Block,
    named: int | None,
    guess: Block | None,
    first_story: bool,
    anchor_relevance: float | None,
    body: set[str],
) -> Block | None:
    """The headline by position: the title's copy, the title line or the guess (see :func:`_pick`)."""
    position = {b.index: k for k, b in enumerate(segment)}
    guess_at = position[guess.index] if guess is not None else -1
    guess_relevance = _relevance(guess.norm, body, facts=facts) if guess is not None else None
    no_less = guess_relevance is None or anchor_relevance is None or guess_relevance >= anchor_relevance
    # the guess competes only as a headline of its own right above the prose, where a set-in story's stands
    own = (
        guess is not None
        and _stands_above(segment, guess_at, region_start, facts)
        and _reads_as_headline(guess.norm)
        and no_less
    )
    if named is not None:
        copy = segment[named]
        if guess is None or guess is copy or facts.title_match(title.norm).matches(guess.norm):
            return copy
        return guess if own and guess_at > named else copy
    if not first_story or guess is title or own:
        return guess
    # no copy of the title: the title line itself, unless it is as short as a site's name ("Site News")
    # and a headline-sized line stands right above the prose
    short = word_count(title.norm) < 4 and _TITLE_SEPARATOR.search(title.norm) is None
    if (
        short
        and guess is not None
        and _stands_above(segment, guess_at, region_start, facts)
        and word_count(guess.norm) >= 4
        and not _INNER_SENTENCE.search(guess.norm)
    ):
        return guess
    return title if title.index in position else guess


def strip_site_name(title: str, max_words: int = 4, min_head_words: int = 3) -> str:
    """A title without a trailing `` | Site Name`` (or `` - ``, `` — ``…).

    >>> strip_site_name("Bridge opens on time - The Town Gazette")
    'Bridge opens on time'
    >>> strip_site_name("Rock - Paper")
    'Rock - Paper'
    """
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, tail = title[: last.start()].strip(), title[last.end() :]
    if len(tail.split()) <= max_words and len(head.split()) >= min_head_words:
        return head
    return title


def title_key(text: str) -> str:
    """Words of a title, case-folded, for comparing titles written differently.

    >>> title_key("‘We had some issues,’ exec says")
    'we had some issues exec says'
    """
    if text.isascii():  # normalising only joins its words, casefold() is lower(), and \w is [A-Za-z0-9_]
        return " ".join(_ASCII_KEY_WORD.findall(text.lower()))
    return " ".join(_KEY_WORD.findall(normalise_line(text).casefold()))


class KnownHeadline(Rule):
    """Removes lines that repeat a page's known headline (from its HTML)."""

    name = HEADLINE
    description = "Removes lines of the extracted text that repeat the page's headline."
    example = "Bridge opens"

    #: a line shorter than this share of the headline is not taken for it
    min_share = 0.6

    def __init__(self, title: str | None) -> None:
        self.title = title
        self.key = title_key(title) if title else ""

    def matches(self, norm: str) -> bool:
        key = title_key(norm)
        if not key or not self.key:
            return False
        if key == self.key:
            return True
        return len(key.split()) >= 3 and key in self.key and len(key) >= self.min_share * len(self.key)

    def find(self, page: Page) -> Iterator[Removal]:
        first = True
        for block in page.kept():
            if self.matches(block.norm):
                yield line_removal(block, self.name, "title" if first else "repeat")
                first = False


class HeadlineFacts:
    """What the headline finder asks of a line's text alone under one :class:`StoryConfig`.

    Whether a line may be a headline, is a label, may stand between a headline
    and its prose, its content words and its title key, and a title's
    :class:`TitleMatch`: each a function of the text (and ``cfg``), so a cleaner
    keeps one of these for its pages and a site's recurring lines are asked
    once. ``kept`` bounds each memory (emptied when full; see
    :mod:`cleanpress.clean.memo`); ``kept=None`` remembers nothing.
    """

    def __init__(self, cfg: StoryConfig, kept: int | None = LINES_KEPT) -> None:
        self.cfg = cfg

        def candidate(norm: str) -> bool:
            return is_headline_candidate(norm, cfg) and not is_label_line(norm)

        def shaped(norm: str) -> bool:
            return is_headline_candidate(norm, cfg)

        def furniture(norm: str) -> bool:
            return _furniture(norm, cfg)

        #: a headline candidate that is no label
        self.candidate: Callable[[str], bool] = candidate
        #: :func:`is_headline_candidate` under ``cfg``
        self.shaped: Callable[[str], bool] = shaped
        #: :func:`is_label_line`
        self.label: Callable[[str], bool] = is_label_line
        #: a line that may stand between a headline and its prose
        self.furniture: Callable[[str], bool] = furniture
        #: :func:`title_content_keys`
        self.title_keys: Callable[[str], frozenset[str]] = title_content_keys
        #: the :class:`TitleMatch` of a title line
        self.title_match: Callable[[str], TitleMatch] = TitleMatch
        if kept is not None:
            self.candidate = ValueMemo(candidate, kept)
            self.shaped = ValueMemo(shaped, kept)
            self.label = ValueMemo(is_label_line, kept)
            self.furniture = ValueMemo(furniture, kept)
            self.title_keys = ValueMemo(title_content_keys, kept)
            self.title_match = ValueMemo(TitleMatch, kept)
