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
import operator
import re
from collections.abc import Iterator, Sequence

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
#: the windows as a column, to take every window at once
_WIDTHS = np.array(CONTEXT_WINDOWS, dtype=np.int64)[:, None]
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
    # the four context columns of every window at once (window x line x column): :func:`_window_means` of each,
    # value for value (the same sums, differences and quotients, element by element)
    values = base[:, _CONTEXT_COLUMNS]
    csum = np.zeros((n + 1, len(_CONTEXT_OF)), dtype=np.float64)
    np.cumsum(values, axis=0, out=csum[1:])
    idx = np.arange(n)
    lo = np.maximum(idx - _WIDTHS, 0)
    hi = np.minimum(idx + (_WIDTHS + 1), n)
    sums = csum[hi] - csum[lo] - values
    count = (hi - lo - 1)[:, :, None]
    means = np.where(count > 0, sums / np.maximum(count, 1), 0.0)
    width = len(CONTEXT_WINDOWS) * len(_CONTEXT_OF)
    out[:, column : column + width] = means.transpose(1, 0, 2).reshape(n, width)
    column += width
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
    last = len(blocks) - 1
    lines = list(filter(_NORM, blocks))
    n = len(lines)
    where = list(map(_INDEX, lines))
    index = np.array(where, dtype=np.int64)
    # a blank line before / after: the neighbour is not the previous / next non-blank line
    gap_before = np.zeros(n, dtype=bool)
    gap_after = np.zeros(n, dtype=bool)
    if n:
        gap_before[1:] = index[1:] - index[:-1] > 1
        gap_before[0] = index[0] > 0
        gap_after[:-1] = gap_before[1:]
        gap_after[-1] = index[-1] < last
    norms = list(map(_NORM, lines))
    if max(map(len, norms), default=0) > LONG_LINE:  # counted piece by piece, a line at a time, in bounded memory
        own = np.empty((n, len(OWN_FEATURES)), dtype=np.float64)
        for row, t in enumerate(norms):
            own[row] = line_features(t, False, False, False, False)
    else:
        own = _own_columns(norms)
    own[:, OWN_FEATURES.index("repeated")] = np.fromiter(map(page.line_counts.__getitem__, norms), np.int64, n) > 1
    own[:, OWN_FEATURES.index("removed")] = np.fromiter(
        map(operator.is_not, map(page.removed.__getitem__, where), itertools.repeat(None)), bool, n
    )
    own[:, OWN_FEATURES.index("gap_before")] = gap_before
    own[:, OWN_FEATURES.index("gap_after")] = gap_after
    return lines, own


_NORM = operator.attrgetter("norm")
_INDEX = operator.attrgetter("index")


#: ``math.log1p`` of the counts a line usually has
_LOG1P = np.array([math.log1p(k) for k in range(1024)])


def _log1p(counts: np.ndarray) -> np.ndarray:
    """``math.log1p`` of each count (from a table of its values; the same floats as a call per count)."""
    if not len(counts) or np.maximum.reduce(counts) < len(_LOG1P):
        return _LOG1P[counts]
    out = _LOG1P[np.minimum(counts, len(_LOG1P) - 1)]
    big = np.flatnonzero(counts >= len(_LOG1P))
    out[big] = list(map(math.log1p, counts[big].tolist()))
    return out


_BULLETS = "-*•·–—►▶"
_REGEX_WORD = regex.compile(r"\w")


#: a character's properties as :func:`line_features` sees them, one bit each (see :func:`_char_bits`)
_WORD_BIT, _DIGIT_BIT, _LETTER_BIT, _UPPER_BIT, _SPACE_BIT, _CJK_BIT, _SEPARATOR_BIT, _SIMPLE_BIT = (
    1 << k for k in range(8)
)
_TERMINAL_BIT, _SENTENCE_BIT, _CLOSER_BIT, _BULLET_BIT, _COMMA_BIT, _KNOWN_BIT = (1 << k for k in range(8, 14))
#: a character that alone makes a line ``link_like`` (``@``, ``©``); one outside ASCII that ``lower()`` changes
_LINK_BIT, _RECASED_BIT = 1 << 14, 1 << 15
_DIGIT_CHAR = regex.compile(r"\d")
_LETTER = regex.compile(r"\p{L}")
_UPPER_LETTER = regex.compile(r"\p{Lu}")
_CJK_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Hangul}]")  # what word_count counts


def _char_bits(char: str) -> int:
    """The properties of one character that the counts of :func:`line_features` look at.

    Each is asked of the patterns and ``str`` methods those counts use: a word
    character of ``regex`` (``\\w``), a digit (``\\d``), a letter and an upper-case
    letter (``\\p{L}``, ``\\p{Lu}``), white space for ``str.split``, a character of
    a script written without spaces, a menu separator, and the characters a
    line's end and opening are judged by. ``_SIMPLE_BIT``: ``lower()`` makes it
    one character, a word character exactly when it is one, so a line of such
    characters has its words where its lower-cased copy has them.
    """
    word = _REGEX_WORD.match(char) is not None
    lower = char.lower()
    bits = _KNOWN_BIT
    for bit, has in (
        (_WORD_BIT, word),
        (_DIGIT_BIT, _DIGIT_CHAR.match(char) is not None),
        (_LETTER_BIT, _LETTER.match(char) is not None),
        (_UPPER_BIT, _UPPER_LETTER.match(char) is not None),
        (_SPACE_BIT, char.isspace()),
        (_CJK_BIT, _CJK_CHAR.match(char) is not None),
        (_SEPARATOR_BIT, char in _SEPARATORS),
        # (a word character is never white space, where str.split would cut it)
        (_SIMPLE_BIT, len(lower) == 1 and (_REGEX_WORD.match(lower) is not None) == word
         and not (word and (char.isspace() or lower.isspace()))),
        (_TERMINAL_BIT, char in ".!?。！？…:;\"'”’»)]"),
        (_SENTENCE_BIT, char in ".!?。！？"),
        (_CLOSER_BIT, char in "\"'”’»)]"),
        (_BULLET_BIT, char in _BULLETS),
        (_COMMA_BIT, char == ","),
        (_LINK_BIT, char in "@©"),
        (_RECASED_BIT, not char.isascii() and lower != char),
    ):
        if has:
            bits |= bit
    return bits


#: :func:`_char_bits` of every code point, filled in as characters are met (0: not yet asked). It holds
#: what a pure function of the character says, so it only saves work, in any process and thread.
_CHAR_BITS = np.zeros(0x110000, dtype=np.uint16)
_CHAR_BITS[:128] = [_char_bits(chr(code)) for code in range(128)]


def _bits_of(codes: np.ndarray) -> np.ndarray:
    """:func:`_char_bits` of each code point in ``codes``."""
    bits = _CHAR_BITS[codes]
    if not np.minimum.reduce(bits):  # a character not yet asked
        for code in np.unique(codes[bits == 0]).tolist():
            _CHAR_BITS[code] = _char_bits(chr(code))
        bits = _CHAR_BITS[codes]
    return bits


#: what makes a line ``link_like``: these, or a character of ``_LINK_BIT``
_LINK_WORDS = ("http", "www.")


def _find_all(text: str, mark: str) -> Iterator[int]:
    """Where ``mark`` starts in ``text``, each place once (``str.find``: no pattern to run)."""
    at = text.find(mark)
    while at >= 0:
        yield at
        at = text.find(mark, at + 1)
#: each own feature's column
_COLUMN = {name: k for k, name in enumerate(OWN_FEATURES)}


def _unicode_columns(norms: list[str]) -> tuple[np.ndarray, list[int]]:
    """:func:`line_features` of each of ``norms`` (lines in any script), its four flags left 0, and the lines
    it could not count (their rows are left 0).

    The lines joined by newlines are read as code points in numpy, each
    looked up in :data:`_CHAR_BITS`: a word is a run of word characters, a
    word start for ``capitalised_share`` a letter after none, a word for
    ``word_count`` a run of what is not white space; the function words are
    the lower-cased lines' words in order, each on the line its count says.
    Each value is then the same arithmetic on the same counts as
    :func:`line_features`, so the same float. A count of characters the page
    does not hold at all is not made (its column stays 0, as dividing 0 gives).
    A line holding a character that ``lower()`` makes two (``İ``), or a word
    character none, is left to the caller. Every line holds at least one
    character, and there is at least one.
    """
    n = len(norms)
    own = np.zeros((n, len(OWN_FEATURES)), dtype=np.float64)
    joined = "\n".join(norms)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _bits_of(codes)
    present = int(np.bitwise_or.reduce(bits))  # the properties some character of the page has
    lengths = np.fromiter(map(len, norms), dtype=np.int64, count=n)
    line_starts = np.empty(n, dtype=np.int64)
    line_starts[0] = 0
    np.add.accumulate(lengths[:-1] + 1, out=line_starts[1:])

    def per_line(mask: np.ndarray) -> np.ndarray:
        return np.add.reduceat(mask.view(np.uint8), line_starts, dtype=np.int64)

    def has(bit: int) -> np.ndarray:
        return (bits & bit) != 0

    word = has(_WORD_BIT)
    # a character after no word character (the first one too): where a word and a capitalised word start
    not_after_word = np.empty(len(word), dtype=bool)
    not_after_word[0] = True
    np.logical_not(word[:-1], out=not_after_word[1:])
    word_starts = word & not_after_word
    n_found = per_line(word_starts)
    letter_starts = has(_LETTER_BIT) & not_after_word
    n_starts = per_line(letter_starts)
    # a word for str.split: what is not white space, after white space or at the start
    split_starts = ~has(_SPACE_BIT)
    split_starts[1:] &= ~split_starts[:-1]
    n_words = per_line(split_starts)
    if present & _CJK_BIT:  # word_count: a short line of a script written without spaces counts its characters / 2
        cjk = per_line(has(_CJK_BIT))
        n_words = np.where((n_words <= 3) & (lengths > 12), np.maximum(n_words, cjk // 2), n_words)
    odd = np.flatnonzero(per_line(~has(_SIMPLE_BIT))).tolist() if ~np.bitwise_and.reduce(bits) & _SIMPLE_BIT else []
    column = _COLUMN
    own[:, column["log_words"]] = _log1p(n_words)
    own[:, column["log_chars"]] = _log1p(lengths)
    # each share is 0 where its whole is (a line with no word has no function word, no capital, no comma)
    found_some = np.maximum(n_found, 1)
    own[:, column["function_share"]] = _function_counts(
        norms, joined, word, word_starts, n_found, odd=odd, codes=codes, recased=bool(present & _RECASED_BIT)
    ) / found_some
    if present & _UPPER_BIT:
        own[:, column["capital_share"]] = per_line(letter_starts & has(_UPPER_BIT)) / np.maximum(n_starts, 1)
    if present & _DIGIT_BIT:
        own[:, column["digit_share"]] = per_line(has(_DIGIT_BIT)) / lengths
    if present & _SEPARATOR_BIT:
        own[:, column["separator"]] = per_line(has(_SEPARATOR_BIT)) > 0
    if present & _COMMA_BIT:
        own[:, column["comma_rate"]] = per_line(has(_COMMA_BIT)) / np.maximum(n_words, 1)
    own[:, column["mean_word_len"]] = np.where(n_found > 0, lengths, 0) / found_some / 10
    _end_flags(own, norms, bits, line_starts, lengths, present=present)
    # (a mark never spans lines: none holds a newline)
    found = [at for mark in _LINK_WORDS for at in _find_all(joined, mark)]
    if found:
        own[line_starts.searchsorted(np.array(found), side="right") - 1, column["link_like"]] = 1.0
    if present & _LINK_BIT:
        own[per_line(has(_LINK_BIT)) > 0, column["link_like"]] = 1.0
    if odd:
        own[odd] = 0.0
    return own, odd


def _function_counts(
    norms: list[str],
    joined: str,
    word: np.ndarray,
    word_starts: np.ndarray,
    n_found: np.ndarray,
    *,
    odd: list[int],
    codes: np.ndarray,
    recased: bool,
) -> np.ndarray:
    """Function words on each of ``norms`` (joined by newlines in ``joined``; ``word`` marks its word characters,
    ``word_starts`` the first of each word, ``n_found`` counts each line's words): the lower-cased lines' words in
    order, each on the line its count says. The ``odd`` lines are left out (0). ``codes`` are the code points
    of ``joined``; ``recased``: some character outside ASCII in it is one ``lower()`` changes."""
    if odd:  # (rare) a line whose lower() is not as long: the caller counts it
        skip = set(odd)
        found = n_found.copy()
        found[odd] = 0
        tokens = _WORDS.findall("\n".join([t.lower() for k, t in enumerate(norms) if k not in skip]))
        is_function = np.fromiter(map(_IS_FUNCTION_WORD, tokens), dtype=bool, count=len(tokens))
    else:
        # lower() of the lines joined is each line's (no character's case depends on another line), and
        # it has its words where the text has them: each word's lower-cased characters, packed into one number
        if recased:
            lowered = np.frombuffer(joined.lower().encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        else:  # lower() changes only the ASCII capitals of the text (``codes``): each 32 on
            lowered = codes + ((codes - 65) < 26) * np.uint32(32)
        is_function = _packed_function_words(lowered, word, word_starts)
        found = n_found
    return np.bincount(np.repeat(np.arange(len(norms)), found)[is_function], minlength=len(norms))


#: the longest function word, and the bits a character of one takes (every one is below 2 ** 9)
_FUNCTION_MAX = max(map(len, FUNCTION_WORDS))
_CHAR_WIDTH = 9
assert _FUNCTION_MAX * _CHAR_WIDTH <= 64


def _pack(word: str) -> int:
    """A word of at most :data:`_FUNCTION_MAX` characters below ``2 ** _CHAR_WIDTH`` as one number: its first
    character in the lowest bits. No character of a word is 0, so two such words have the same number only
    when they are the same word."""
    return sum(ord(c) << (_CHAR_WIDTH * k) for k, c in enumerate(word))


#: the packed function words in a table of ``2 ** _SLOT_BITS`` slots, each at the slot its multiplicative hash
#: (by ``_HASH``, an odd number that gives each function word a slot of its own) names; 0 in the empty ones
_SLOT_BITS = 11
_HASH = np.uint64(0xC1818E50B806A42D)
_SLOTS = np.zeros(1 << _SLOT_BITS, dtype=np.uint64)
for _word in FUNCTION_WORDS:
    _slot = ((_pack(_word) * int(_HASH)) & (2**64 - 1)) >> (64 - _SLOT_BITS)
    assert not _SLOTS[_slot], "two function words share a slot: choose another _HASH"
    _SLOTS[_slot] = _pack(_word)
#: each place of a packed word (a column), and the shift of its character
_PLACES = np.arange(_FUNCTION_MAX)[:, None]
_SHIFTS = _PLACES.astype(np.uint64) * np.uint64(_CHAR_WIDTH)
#: the highest character a packed word holds: none of a function word (each is lower)
_HIGHEST = (1 << _CHAR_WIDTH) - 1
assert max(ord(c) for w in FUNCTION_WORDS for c in w) < _HIGHEST


def _packed_function_words(lowered: np.ndarray, word: np.ndarray, word_starts: np.ndarray) -> np.ndarray:
    """Whether each word (a run of ``word`` characters, in order; ``word_starts`` marks their first) of the
    lower-cased code points ``lowered`` is a function word: each word is packed (:func:`_pack`, its first
    :data:`_FUNCTION_MAX` characters) and looked up in the table of packed function words; a longer word, or
    one holding a character too high to pack, is none (no function word is as long or holds such a character).
    """
    starts = np.flatnonzero(word_starts)
    ends = word.copy()
    ends[:-1] &= ~word[1:]
    lengths = np.flatnonzero(ends) + 1 - starts
    # each word's first characters, a row per place (a word's neighbours past its end are masked out: 0 is no
    # character), each at most the highest that packs: a word holding a higher one packs as no function word does
    places = starts + _PLACES
    np.minimum(places, len(lowered) - 1, out=places)
    chars = lowered[places]
    chars *= lengths > _PLACES
    np.minimum(chars, _HIGHEST, out=chars)
    keys = np.bitwise_or.reduce(chars.astype(np.uint64) << _SHIFTS, axis=0)
    return (lengths <= _FUNCTION_MAX) & (_SLOTS[(keys * _HASH) >> np.uint64(64 - _SLOT_BITS)] == keys)


def _end_flags(
    own: np.ndarray, norms: list[str], bits: np.ndarray, line_starts: np.ndarray, lengths: np.ndarray, *, present: int
) -> None:
    """Fill the flags of each line's ends (``ends_punctuated``, ``ends_sentence``, ``bullet``) in ``own`` from the
    :func:`_char_bits` of its first and last characters (``present``: the bits some character of the page has);
    after a closer, ``ends_sentence`` asks the line itself."""
    last = bits[line_starts + lengths - 1]
    own[:, _COLUMN["ends_punctuated"]] = (last & _TERMINAL_BIT) != 0
    own[:, _COLUMN["ends_sentence"]] = (last & _SENTENCE_BIT) != 0
    if present & _BULLET_BIT:
        own[:, _COLUMN["bullet"]] = (bits[line_starts] & _BULLET_BIT) != 0
    if present & _CLOSER_BIT:
        for k in np.flatnonzero(last & _CLOSER_BIT).tolist():
            own[k, _COLUMN["ends_sentence"]] = ends_sentence(norms[k])


def _own_columns(norms: list[str]) -> np.ndarray:
    """:func:`line_features` of each of ``norms`` (no line longer than ``LONG_LINE``), its four flags left 0.

    The lines are counted together (:func:`_unicode_columns`), but for the rare
    line holding a character that ``lower()`` changes in length: that one alone.
    """
    if not norms:
        return np.zeros((0, len(OWN_FEATURES)), dtype=np.float64)
    own, odd = _unicode_columns(norms)
    for k in odd:
        own[k] = line_features(norms[k], False, False, False, False)
    return own
