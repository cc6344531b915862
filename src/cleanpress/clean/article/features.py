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

import numpy as np
import regex

from cleanpress.clean.rules.base import Page
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
    if norm.isascii():
        words = _ASCII_WORDS.findall(norm.lower())
        digits = len(_ASCII_DIGIT.findall(norm))
    else:
        words = _WORDS.findall(norm.lower())
        digits = len(_DIGIT.findall(norm))
    n_words = word_count(norm)
    chars = len(norm)
    function = sum(map(_IS_FUNCTION_WORD, words))
    return [
        math.log1p(n_words),
        math.log1p(chars),
        1.0 if ends_sentence(norm) else 0.0,
        1.0 if ends_punctuated(norm) else 0.0,
        function / len(words) if words else 0.0,
        capitalised_share(norm),
        digits / chars if chars else 0.0,
        1.0 if not _SEPARATORS.isdisjoint(norm) else 0.0,
        norm.count(",") / n_words if n_words else 0.0,
        (chars / len(words)) / 10 if words else 0.0,
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


def page_features(own: Sequence[Sequence[float]]) -> np.ndarray:
    """The full feature matrix (lines x :data:`FEATURE_NAMES`) from the lines' own features.

    >>> rows = [line_features(t, False, False, False, False) for t in ("Menu", "A long sentence of prose here.", "Footer")]
    >>> page_features(rows).shape == (3, len(FEATURE_NAMES))
    True
    """
    base = np.asarray(own, dtype=np.float64).reshape(len(own), len(OWN_FEATURES))
    n = len(base)
    columns = [base]
    for width in CONTEXT_WINDOWS:
        for name in _CONTEXT_OF:
            col = base[:, OWN_FEATURES.index(name)]
            columns.append(_window_means(col, width)[:, None])
    # where the article's mass lies: share of sentence-ending words before / after the line
    mass = base[:, OWN_FEATURES.index("ends_sentence")] * np.expm1(base[:, OWN_FEATURES.index("log_words")])
    total = mass.sum() or 1.0
    before = (np.cumsum(mass) - mass) / total
    after = 1.0 - before - mass / total
    position = np.arange(n) / max(n - 1, 1)
    columns.extend((before[:, None], after[:, None], position[:, None]))
    return np.hstack(columns)


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
    blocks = page.blocks
    counts = page.line_counts
    removed = page.removed
    last = len(blocks) - 1
    lines = [b for b in blocks if b.norm]
    own = [
        line_features(
            b.norm,
            counts[b.norm] > 1,
            removed[b.index] is not None,
            b.index > 0 and not blocks[b.index - 1].norm,
            b.index < last and not blocks[b.index + 1].norm,
        )
        for b in lines
    ]
    if len(starts) < 2:
        return lines, page_features(own)
    cuts = [0, *(next((k for k, b in enumerate(lines) if b.index >= i), len(lines)) for i in starts[1:]), len(lines)]
    parts = [page_features(own[lo:hi]) for lo, hi in itertools.pairwise(cuts) if hi > lo]
    return lines, np.vstack(parts) if parts else page_features(own)
