"""Per-line features for the article-region model, computed once per page.

Each non-blank line gets a short vector of cheap, language-neutral measures
(length, sentence ending, share of function words in a dozen languages,
digits, capitals, separators) and the same measures averaged over its
neighbours, because boilerplate comes in runs (menus, link lists, footers)
and so does article text. :mod:`cleanpress.clean.article.line_model` turns the
vectors into a score per line; the region step keeps the best-scoring run.

All work is one pass over the lines plus a few cumulative sums, so the cost
is linear in the page.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import regex

from cleanpress.clean.rules.base import Page
from cleanpress.clean.rules.longline import LONG_LINE, count_matches, word_stats
from cleanpress.clean.rules.shape import capitalised_share, ends_punctuated, ends_sentence, word_count
from cleanpress.types import Block

#: Frequent function words of English, German, French, Spanish, Italian,
#: Portuguese, Dutch and Polish. Article prose is full of them; menus, link
#: lists and labels have few. Lower-case; matched against lower-cased words.
FUNCTION_WORDS = frozenset(
    ["the", "a", "an", "and", "of", "to", "in", "is", "was", "that", "for", "on", "with", "as", "it", "he", "she", "they", "by", "at", "from", "his", "her", "have", "has", "had", "be", "been", "are", "were", "this", "which", "but", "not", "or", "said", "will", "would", "their", "its", "who", "we", "i", "you", "our", "there", "than", "also", "after", "about", "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "einem", "einer", "zu", "den", "von", "mit", "sich", "des", "auf", "für", "im", "dem", "es", "an", "auch", "als", "nach", "wie", "bei", "aus", "hat", "wird", "werden", "sie", "er", "wir", "noch", "nur", "über", "war", "sind", "oder", "um", "am", "vor", "zum", "zur", "so", "dass", "aber", "haben", "hatte", "wurde", "kann", "sei", "wenn", "man", "mehr", "schon", "le", "la", "les", "et", "des", "du", "un", "une", "est", "en", "que", "qui", "dans", "pour", "pas", "sur", "au", "avec", "il", "elle", "ce", "se", "ne", "plus", "par", "sont", "été", "aux", "son", "sa", "ses", "leur", "ont", "cette", "el", "los", "las", "y", "por", "con", "para", "del", "al", "su", "lo", "como", "más", "pero", "sus", "le", "fue", "ha", "una", "muy", "también", "lo", "gli", "di", "che", "per", "non", "è", "della", "dei", "si", "da", "sono", "nel", "alla", "o", "os", "as", "do", "da", "dos", "das", "em", "um", "não", "na", "no", "é", "foi", "ao", "pelo", "pela", "het", "een", "van", "dat", "op", "te", "voor", "niet", "zijn", "er", "aan", "ook", "bij", "w", "i", "z", "na", "się", "nie", "do", "że", "jest", "to", "jak", "po"]
)

_IS_FUNCTION_WORD = FUNCTION_WORDS.__contains__
_WORDS = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")
#: the same for ASCII lines (where \w is [A-Za-z0-9_] and \d is [0-9]), in the faster ``re``
_ASCII_WORDS = re.compile(r"[a-z0-9_]+")
_ASCII_DIGIT = re.compile(r"[0-9]")

#: Characters that separate items in menus and breadcrumbs.
_SEPARATORS = frozenset("|»›•·/>")

#: Names of the features, in vector order. The first block describes the
#: line itself; ``ctx_*`` are means over neighbouring lines.
OWN_FEATURES = (
    "log_words",
    "log_chars",
    "ends_sentence",
    "ends_punctuated",
    "function_share",
    "capital_share",
    "digit_share",
    "separator",
    "comma_rate",
    "mean_word_len",
    "repeated",
    "removed",
    "gap_before",
    "gap_after",
    "bullet",
    "link_like",
)
_CONTEXT_OF = ("log_words", "ends_sentence", "function_share", "removed")
_CONTEXT_COLUMNS = [OWN_FEATURES.index(name) for name in _CONTEXT_OF]
CONTEXT_WINDOWS = (1, 3, 8)
FEATURE_NAMES = (
    *OWN_FEATURES,
    *(f"ctx{w}_{name}" for w in CONTEXT_WINDOWS for name in _CONTEXT_OF),
    "prose_before",
    "prose_after",
    "position",
)


#: What a feature says of a line when its value is below / above the dev lines' mean, for explanations.
_LABELS = {
    "log_words": ("short line", "long line"),
    "log_chars": ("few characters", "many characters"),
    "ends_sentence": ("no sentence end", "ends a sentence"),
    "ends_punctuated": ("no end punctuation", "end punctuation"),
    "function_share": ("few function words", "many function words"),
    "capital_share": ("few capitals", "Title Case"),
    "digit_share": ("few digits", "many digits"),
    "separator": ("no separators", "menu separators"),
    "comma_rate": ("few commas", "many commas"),
    "mean_word_len": ("short words", "long words"),
    "repeated": ("printed once", "repeated on the page"),
    "removed": ("kept by the rules", "removed by a rule"),
    "gap_before": ("no blank line before", "blank line before"),
    "gap_after": ("no blank line after", "blank line after"),
    "bullet": ("no bullet", "bullet"),
    "link_like": ("no link or address", "link, address or ©"),
    "prose_before": ("little of the page's prose above", "most of the page's prose above"),
    "prose_after": ("little of the page's prose below", "most of the page's prose below"),
    "position": ("near the top", "near the bottom"),
}
_CONTEXT_LABELS = {
    "log_words": ("short {}", "long {}"),
    "ends_sentence": ("{} end no sentence", "{} end sentences"),
    "function_share": ("{} with few function words", "{} with many function words"),
    "removed": ("{} kept by the rules", "menu-like {} (removed by rules)"),
}
_WINDOW_NAMES = {1: "neighbours", 3: "nearby lines", 8: "surrounding lines"}


def feature_label(k: int, z: float) -> str:
    """A reader's phrase for feature ``k`` of :data:`FEATURE_NAMES` at standardised value ``z``.

    >>> feature_label(FEATURE_NAMES.index("log_words"), -1.5)
    'short line'
    >>> feature_label(FEATURE_NAMES.index("ctx3_removed"), 2.0)
    'menu-like nearby lines (removed by rules)'
    """
    name = FEATURE_NAMES[k]
    side = 1 if z > 0 else 0
    if name in _LABELS:
        return _LABELS[name][side]
    window, _, base = name.partition("_")
    return _CONTEXT_LABELS[base][side].format(_WINDOW_NAMES[int(window.removeprefix("ctx"))])


#: :func:`feature_label` of every feature, below and above the mean: ``FEATURE_LABELS[k][z > 0]``
FEATURE_LABELS = tuple((feature_label(k, -1.0), feature_label(k, 1.0)) for k in range(len(FEATURE_NAMES)))


def line_features(norm: str, repeated: bool, removed: bool, gap_before: bool, gap_after: bool) -> list[float]:
    """The :data:`OWN_FEATURES` of one normalised line.

    >>> f = line_features("The council met on Tuesday, and said it would vote.", False, False, False, False)
    >>> dict(zip(OWN_FEATURES, f))["ends_sentence"], round(dict(zip(OWN_FEATURES, f))["function_share"], 2)
    (1.0, 0.6)
    """
    if len(norm) > LONG_LINE:  # the same counts, piece by piece
        ascii_line = norm.isascii()
        n_found, function = word_stats(_ASCII_WORDS if ascii_line else _WORDS, norm, _IS_FUNCTION_WORD)
        digits = count_matches(_ASCII_DIGIT if ascii_line else _DIGIT, norm)
    else:
        if norm.isascii():
            words = _ASCII_WORDS.findall(norm.lower())
            digits = len(_ASCII_DIGIT.findall(norm))
        else:
            words = _WORDS.findall(norm.lower())
            digits = len(_DIGIT.findall(norm))
        n_found, function = len(words), sum(map(_IS_FUNCTION_WORD, words))
    n_words = word_count(norm)
    chars = len(norm)
    return [
        math.log1p(n_words),
        math.log1p(chars),
        1.0 if ends_sentence(norm) else 0.0,
        1.0 if ends_punctuated(norm) else 0.0,
        function / n_found if n_found else 0.0,
        capitalised_share(norm),
        digits / chars if chars else 0.0,
        1.0 if not _SEPARATORS.isdisjoint(norm) else 0.0,
        norm.count(",") / n_words if n_words else 0.0,
        (chars / n_found) / 10 if n_found else 0.0,
        1.0 if repeated else 0.0,
        1.0 if removed else 0.0,
        1.0 if gap_before else 0.0,
        1.0 if gap_after else 0.0,
        1.0 if norm[:1] in "-*•·–—►▶" else 0.0,
        1.0 if ("http" in norm or "www." in norm or "@" in norm or "©" in norm) else 0.0,
    ]


def _window_means(column: np.ndarray, width: int) -> np.ndarray:
    """Mean of ``column`` over the ``width`` lines on each side, excluding the line itself."""
    n = len(column)
    csum = np.concatenate(([0.0], np.cumsum(column)))
    idx = np.arange(n)
    lo = np.maximum(idx - width, 0)
    hi = np.minimum(idx + width + 1, n)
    total = csum[hi] - csum[lo] - column
    count = hi - lo - 1
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def page_features(own: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """The full feature matrix (lines x :data:`FEATURE_NAMES`) from the lines' own features.

    >>> rows = [line_features(t, False, False, False, False) for t in ("Menu", "A long sentence of prose here.", "Footer")]
    >>> page_features(rows).shape == (3, len(FEATURE_NAMES))
    True
    """
    base = np.asarray(own, dtype=np.float64).reshape(len(own), len(OWN_FEATURES))
    n = len(base)
    # filled column by column (the values np.hstack of the columns would give, without holding both)
    out = np.empty((n, len(FEATURE_NAMES)), dtype=np.float64)
    out[:, : len(OWN_FEATURES)] = base
    column = len(OWN_FEATURES)
    # the four context columns together, a window at a time: :func:`_window_means` of each, value for value
    values = base[:, _CONTEXT_COLUMNS]
    csum = np.zeros((n + 1, len(_CONTEXT_OF)), dtype=np.float64)
    np.cumsum(values, axis=0, out=csum[1:])
    idx = np.arange(n)
    for width in CONTEXT_WINDOWS:
        lo = np.maximum(idx - width, 0)
        hi = np.minimum(idx + width + 1, n)
        sums = csum[hi] - csum[lo] - values
        count = (hi - lo - 1)[:, None]
        out[:, column : column + len(_CONTEXT_OF)] = np.where(count > 0, sums / np.maximum(count, 1), 0.0)
        column += len(_CONTEXT_OF)
    # where the article's mass lies: share of sentence-ending words before / after the line
    mass = base[:, OWN_FEATURES.index("ends_sentence")] * np.expm1(base[:, OWN_FEATURES.index("log_words")])
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    out[:, column] = before
    out[:, column + 1] = 1.0 - before - mass / total
    out[:, column + 2] = np.arange(n) / max(n - 1, 1)
    return out


def page_matrix(page: Page, starts: Sequence[int] = ()) -> tuple[list[Block], np.ndarray]:
    """The non-blank blocks of ``page`` and their feature matrix, after the line rules ran.

    ``starts`` (block indexes where the page's stories begin, the first 0), when
    there are several, makes each story a page of its own for the features that
    look at neighbours and at where the prose lies: the second article of a page
    is scored as a first one is.

    >>> from cleanpress.clean.segment import segment
    >>> text = "Menu\\n\\nThe mayor said on Monday that the plan would go ahead.\\nFooter"
    >>> lines, matrix = page_matrix(Page(text, segment(text)))
    >>> [b.norm for b in lines][0], matrix.shape == (3, len(FEATURE_NAMES))
    ('Menu', True)
    """
    lines, own = own_matrix(page)
    return lines, story_features(lines, own, starts)


def story_features(lines: Sequence[Block], own: np.ndarray, starts: Sequence[int] = ()) -> np.ndarray:
    """The feature matrix of ``lines`` from their own features (:func:`own_matrix`), each story a page of its own.

    ``own`` is not changed, so one :func:`own_matrix` serves the page whole and split into stories.
    """
    if len(starts) < 2:
        return page_features(own)
    cuts = [0, *(next((k for k, b in enumerate(lines) if b.index >= i), len(lines)) for i in starts[1:]), len(lines)]
    parts = [page_features(own[lo:hi]) for lo, hi in itertools.pairwise(cuts) if hi > lo]
    return np.vstack(parts) if parts else page_features(own)


def own_matrix(page: Page) -> tuple[list[Block], np.ndarray]:
    """The non-blank blocks of ``page`` and their :data:`OWN_FEATURES` (a row each), after the line rules ran.

    The values are :func:`line_features` of each line, computed a column at a
    time over the whole page (:func:`_own_columns`): a few scans of the page's
    text instead of a dozen calls per line.
    """
    blocks = page.blocks
    removed = page.removed
    last = len(blocks) - 1
    lines = [b for b in blocks if b.norm]
    n = len(lines)
    index = np.fromiter((b.index for b in lines), dtype=np.int64, count=n)
    # a blank line before / after: the neighbour is not the previous / next non-blank line
    gap_before = np.zeros(n, dtype=bool)
    gap_after = np.zeros(n, dtype=bool)
    if n:
        gap_before[1:] = index[1:] - index[:-1] > 1
        gap_before[0] = index[0] > 0
        gap_after[:-1] = gap_before[1:]
        gap_after[-1] = index[-1] < last
    norms = [b.norm for b in lines]
    counts = page.line_counts
    repeated = np.fromiter((counts[t] > 1 for t in norms), dtype=bool, count=n)
    gone = np.fromiter((removed[b.index] is not None for b in lines), dtype=bool, count=n)
    if any(len(t) > LONG_LINE for t in norms):  # counted piece by piece, a line at a time, in bounded memory
        own = np.empty((n, len(OWN_FEATURES)), dtype=np.float64)
        for row, t in enumerate(norms):
            own[row] = line_features(t, repeated[row], gone[row], gap_before[row], gap_after[row])
        return lines, own
    own = _own_columns(norms)
    own[:, OWN_FEATURES.index("repeated")] = repeated
    own[:, OWN_FEATURES.index("removed")] = gone
    own[:, OWN_FEATURES.index("gap_before")] = gap_before
    own[:, OWN_FEATURES.index("gap_after")] = gap_after
    return lines, own


def _table(chars: str) -> np.ndarray:
    """A lookup table over byte values: True for the ASCII ``chars``."""
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii"))] = True
    return table


_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
#: ``[a-z0-9_]`` after lower(), the word characters of ``_ASCII_WORDS``
_WORD_BYTE = _table(_LOWER + _UPPER + "0123456789_")
_LETTER_BYTE = _table(_LOWER + _UPPER)
_UPPER_BYTE = _table(_UPPER)
_DIGIT_BYTE = _table("0123456789")
_SEPARATOR_BYTE = _table("".join(c for c in _SEPARATORS if c.isascii()))
#: bytes.translate table: word bytes lower-cased, every other byte a space
_TOKEN_TABLE = bytes(
    (b + 32 if 65 <= b <= 90 else b) if _WORD_BYTE[b] else 32 for b in range(256)
)
_ASCII_FUNCTION_WORDS = frozenset(w.encode("ascii") for w in FUNCTION_WORDS if w.isascii())


def _ascii_columns(norms: list[str], proxies: list[str] | None = None) -> np.ndarray:
    """:func:`line_features` of each of ``norms`` (ASCII lines, or lines with an ASCII proxy), its four flags left 0.

    Counted over the lines joined by newlines, byte by byte in numpy, instead
    of a dozen calls per line: a word is a run of ``[A-Za-z0-9_]`` (what
    ``_ASCII_WORDS`` finds in the lower-cased line), a word start a letter
    after none of those (``capitalised_share``), a normalised ASCII line has
    one space between two words (``word_count``). Each value is then the same
    arithmetic on the same counts as :func:`line_features`, so the same float.
    The flags of a line's ends (``ends_sentence``, ``bullet``, ...) are read off
    its first and last bytes, and the line itself is asked only where those do
    not settle it. ``proxies`` (:func:`_proxy`), when given, are counted in
    place of ``norms``. Every line holds at least one character (a blank line
    has no features), and there is at least one.
    """
    n = len(norms)
    own = np.zeros((n, len(OWN_FEATURES)), dtype=np.float64)
    raw = "\n".join(norms if proxies is None else proxies).encode("ascii")
    codes = np.frombuffer(raw, dtype=np.uint8)
    # where each line begins: a line's bytes run to the next one's start (its newline with them, never counted)
    line_starts = np.empty(n, dtype=np.intp)
    line_starts[0] = 0
    line_starts[1:] = np.flatnonzero(codes == 10) + 1

    def per_line(mask: np.ndarray) -> np.ndarray:
        return np.add.reduceat(mask, line_starts, dtype=np.int64)

    word = _WORD_BYTE[codes]
    after_word = np.zeros_like(word)
    after_word[1:] = word[:-1]
    n_found = per_line(word & ~after_word)
    starts = _LETTER_BYTE[codes] & ~after_word
    n_starts = per_line(starts)
    n_upper = per_line(starts & _UPPER_BYTE[codes])
    digits = per_line(_DIGIT_BYTE[codes])
    n_words = per_line(codes == 32) + 1
    commas = per_line(codes == 44)
    separator = per_line(_SEPARATOR_BYTE[codes]) > 0
    # function words: the words in page order, each on the line its count says
    tokens = raw.translate(_TOKEN_TABLE).split()
    function_flags = np.fromiter(map(_ASCII_FUNCTION_WORDS.__contains__, tokens), dtype=bool, count=len(tokens))
    function = np.bincount(np.repeat(np.arange(n), n_found)[function_flags], minlength=n)
    chars = np.fromiter(map(len, norms), dtype=np.int64, count=n)
    column = OWN_FEATURES.index
    own[:, column("log_words")] = _log1p(n_words)
    own[:, column("log_chars")] = _log1p(chars)
    own[:, column("function_share")] = _shares(function, n_found)
    own[:, column("capital_share")] = _shares(n_upper, n_starts)
    own[:, column("digit_share")] = _shares(digits, chars)
    own[:, column("separator")] = separator
    own[:, column("comma_rate")] = _shares(commas, n_words)
    own[:, column("mean_word_len")] = _shares(chars, n_found) / 10
    _edge_flags(own, norms, raw, codes, line_starts, proxied=proxies is not None)
    return own


def _edge_flags(
    own: np.ndarray, norms: list[str], raw: bytes, codes: np.ndarray, line_starts: np.ndarray, *, proxied: bool
) -> None:
    """Fill ``own``'s flags that look at a line's ends or at a few marks: ``ends_sentence``, ``ends_punctuated``,
    ``bullet``, ``link_like`` (see :func:`_ascii_columns`; ``proxied`` when ``raw`` holds the lines' proxies)."""
    n = len(norms)
    column = OWN_FEATURES.index
    # the line's first and last bytes: an ASCII line's first and last characters
    first = codes[line_starts]
    last = np.empty(n, dtype=np.uint8)
    last[:-1] = codes[line_starts[1:] - 2]
    last[-1] = codes[-1]
    own[:, column("ends_punctuated")] = _TERMINAL_BYTE[last]
    # ends_sentence: a sentence mark last, or a closing quote or bracket after one (looked at line by line)
    own[:, column("ends_sentence")] = _SENTENCE_BYTE[last]
    own[:, column("bullet")] = _BULLET_BYTE[first]
    found = [match.start() for match in _LINK_BYTES.finditer(raw)]
    if found:
        own[np.searchsorted(line_starts, found, side="right") - 1, column("link_like")] = 1.0
    closing = np.flatnonzero(_CLOSER_BYTE[last]).tolist()
    for k in closing:
        own[k, column("ends_sentence")] = ends_sentence(norms[k])
    if proxied:  # a line's non-ASCII characters, in its proxy as symbols, are looked at in the line itself
        for k in [k for k, t in enumerate(norms) if not t.isascii()]:
            t = norms[k]
            own[k, column("ends_sentence")] = ends_sentence(t)
            own[k, column("ends_punctuated")] = ends_punctuated(t)
            own[k, column("bullet")] = t[:1] in _BULLETS
            own[k, column("link_like")] = "http" in t or "www." in t or "@" in t or "©" in t


def _byte_set(chars: str) -> np.ndarray:
    """:func:`_table` of the ASCII characters among ``chars``."""
    return _table("".join(c for c in chars if c.isascii()))


#: the ASCII characters that end a line as :func:`ends_punctuated` and :func:`ends_sentence` look at it, that
#: open a bullet line, and the closers after which ``ends_sentence`` looks at the character before
_TERMINAL_BYTE = _byte_set(".!?。！？…:;\"'”’»)]")
_SENTENCE_BYTE = _byte_set(".!?。！？")
_CLOSER_BYTE = _byte_set("\"'”’»)]")
_BULLET_BYTE = _byte_set("-*•·–—►▶")
#: what makes an ASCII line ``link_like``
_LINK_BYTES = re.compile(rb"http|www\.|@")
#: ``math.log1p`` of the counts a line usually has
_LOG1P = np.array([math.log1p(k) for k in range(1024)])


def _log1p(counts: np.ndarray) -> np.ndarray:
    """``math.log1p`` of each count (from a table of its values; the same floats as a call per count)."""
    if len(counts) and counts.max() >= len(_LOG1P):
        return np.array(list(map(math.log1p, counts.tolist())), dtype=np.float64)
    return _LOG1P[counts]


_BULLETS = "-*•·–—►▶"
#: what a symbol of a non-ASCII line stands as in its ASCII proxy: a separator, or nothing the counts see
_SEPARATOR_PROXY, _SYMBOL_PROXY = "|", "\x01"
_REGEX_WORD = regex.compile(r"\w")


@lru_cache(maxsize=4096)
def _symbol(char: str) -> bool:
    """Whether a non-ASCII character is a symbol the counts of :func:`line_features` never see.

    Such a character (a curly quote, a dash, '©', '€', '»') is no word
    character, letter or digit to the ``regex`` patterns, not white space for
    ``str.split``, and unchanged by ``lower()``: a line counts the same with
    it replaced by an ASCII character of the same kind.
    """
    return _REGEX_WORD.match(char) is None and not char.isspace() and char.lower() == char


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_SEPARATOR = re.compile("[" + "".join(c for c in sorted(_SEPARATORS) if not c.isascii()) + "]")
#: white space ``str.split`` splits on, but a normalised ASCII line holds none of
_OTHER_ASCII_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f]")


def _proxy(norm: str) -> str | None:
    """An ASCII line that :func:`_ascii_columns` counts as ``norm``, or None when there is none.

    There is one when every non-ASCII character of ``norm`` is a :func:`_symbol`
    and its only white space is the single space between words (so it has as
    many words as spaces plus one): each such symbol becomes ``|`` when it is a
    menu separator, else a control byte none of the counts looks at.
    """
    if _OTHER_ASCII_SPACE.search(norm) is not None or not all(map(_symbol, set(_NON_ASCII.findall(norm)))):
        return None
    return _NON_ASCII.sub(_SYMBOL_PROXY, _NON_ASCII_SEPARATOR.sub(_SEPARATOR_PROXY, norm))


def _shares(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``part / whole`` where ``whole`` is not 0, else 0.0 (the float division Python does, value for value)."""
    out = np.zeros(len(whole), dtype=np.float64)
    np.divide(part, whole, out=out, where=whole > 0)
    return out


def _own_columns(norms: list[str]) -> np.ndarray:
    """:func:`line_features` of each of ``norms`` (no line longer than ``LONG_LINE``), its four flags left 0.

    ASCII lines (most, on most pages), and lines whose only non-ASCII
    characters are symbols (quotes, dashes), are counted together
    (:func:`_ascii_columns`); the others one by one, as are lines holding
    white space other than the single space between words (a tab, an
    information separator), where words are not spaces plus one.
    """
    n = len(norms)
    if not n:
        return np.zeros((0, len(OWN_FEATURES)), dtype=np.float64)
    odd_space = _has_odd_space(norms)
    if not odd_space and all(map(str.isascii, norms)):
        return _ascii_columns(norms)
    proxies = [t if t.isascii() and not odd_space else _proxy(t) for t in norms]
    own = np.empty((n, len(OWN_FEATURES)), dtype=np.float64)
    counted = [(k, t) for k, t in enumerate(proxies) if t is not None]
    if counted:
        rows = [k for k, _ in counted]
        own[rows] = _ascii_columns([norms[k] for k in rows], [t for _, t in counted])
    for k, t in enumerate(proxies):
        if t is None:
            own[k] = line_features(norms[k], False, False, False, False)
    return own


def _has_odd_space(norms: list[str]) -> bool:
    """Whether any of ``norms`` holds ASCII white space other than a space (one search over them all)."""
    return _OTHER_ASCII_SPACE.search("\x00".join(norms)) is not None
