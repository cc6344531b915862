"""Literal hints of a vocabulary pattern: strings one of which every match contains.

A line rule names the patterns its verdicts need (:attr:`~cleanpress.clean.rules.base.Rule.vocabulary`);
this module reads each pattern's syntax and finds a set of literal strings,
case-folded, such that any match of the pattern contains one of them. A
:class:`HintScanner` looks for the hints of all rules in a line at once (one
Aho-Corasick pass, in C) and tells which rules the line may concern: a rule
none of whose hints the line holds would keep it, so the cleaner does not ask
it. The output is the same; the per-line work of most rules is not done.

The hints are found from the pattern itself, so a new alternative in a
vocabulary entry brings its own hint; a pattern this module cannot read gives
no hints, and its rule is asked of every line. Without the ``pyahocorasick``
package (the ``fast`` extra: ``pip install cleanpress[fast]``) no line is
scanned and every rule is asked, with the same result.

>>> sorted(literal_hints(regex.compile(r"\\b(?:theme|plugin)\\s+licen[cs]e", regex.IGNORECASE)))
['licence', 'license']
>>> sorted(literal_hints(regex.compile(r"^(?:Source link|Read the (?:full|original) story)\\W{0,3}$")))
['read the full story', 'read the original story', 'source link']
>>> literal_hints(regex.compile(r"^\\S+ says:$")) is None or sorted(literal_hints(regex.compile(r"^\\S+ says:$")))
[' says:']
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

import regex


def _parser_modules() -> tuple[Any, Any]:
    """The standard library's regular-expression parser and its constants (``re._parser`` from Python 3.11)."""
    try:
        return importlib.import_module("re._constants"), importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_constants"), importlib.import_module("sre_parse")


sre, sre_parse = _parser_modules()

try:  # the scan of lines for hints; without it every rule is asked of every line
    import ahocorasick as _automaton
except ImportError:  # pragma: no cover - the optional ``fast`` extra
    _automaton = None

#: at most this many strings in one hint set (a product of alternatives grows fast)
MAX_HINTS = 48
#: at most this many strings in the hints of one alternation
MAX_UNION = 400
#: a character class of at most this many single characters is spelled out ("licen[cs]e")
MAX_CLASS = 4

#: ``regex`` syntax that ``re`` would read as literal text: nested or POSIX classes, set operations, fuzzy counts
_REGEX_ONLY = ("\\\\", "[[", "--", "&&", "||", "~~", "{e", "{i<", "{d<", "{s<", "{i=", "{d=", "{s=", "{e<", "{c")
_UNICODE_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")

#: (strings, exact): one of ``strings`` occurs in every match; ``exact`` when a match *is* one of them
_Hints = tuple[frozenset[str], bool]
_EMPTY: _Hints = (frozenset({""}), True)


def literal_hints(pattern: regex.Pattern[str] | re.Pattern[str]) -> frozenset[str] | None:
    """Case-folded strings one of which every match of ``pattern`` contains, or ``None`` when none are known.

    A string is a hint only when it is not empty: a pattern whose matches
    share no literal text (``\\d+ min``) gives ``None``.
    """
    source = pattern.pattern
    if any(syntax in source for syntax in _REGEX_ONLY):
        return None  # read otherwise by ``re``: a literal hint could be wrong
    # \p{…} classes (``regex`` only) read as \w: a class of letters, never a literal
    source = _UNICODE_PROPERTY.sub(r"\\w", source)
    try:
        parsed = sre_parse.parse(source, 0)
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None
    strings, _ = _sequence(list(parsed))
    if "" in strings or not strings:
        return None
    return strings


def fold(text: str) -> str:
    """The case-folded form that hints and page text are compared in.

    ``casefold`` spells a dotted capital I as 'i' and a combining dot; the
    dot is dropped, since case-insensitive matching takes the letter for an 'i'.

    >>> fold("Straße İstanbul")
    'strasse istanbul'
    """
    return text.casefold().replace("i\u0307", "i")


@lru_cache(maxsize=256)
def vocabulary_hints(patterns: tuple[regex.Pattern[str] | re.Pattern[str], ...]) -> tuple[str, ...] | None:
    """The hints of a rule's vocabulary: one of them occurs in every line any of ``patterns`` matches.

    ``None`` when the vocabulary is empty or one of its patterns has no hints
    (the rule then always runs). Shortest first: a common short hint ends the
    search of a page early.
    """
    found: set[str] = set()
    for pattern in patterns:
        hints = literal_hints(pattern)
        if hints is None:
            return None
        found.update(hints)
    return tuple(sorted(found, key=lambda h: (len(h), h))) or None


def pattern_hints(pattern: regex.Pattern[str] | re.Pattern[str]) -> tuple[str, ...] | None:
    """The hints of one pattern worth a scan of each line (:func:`selective`), or ``None``."""
    hints = vocabulary_hints((pattern,))
    return hints if hints is not None and selective(hints) else None


@lru_cache(maxsize=256)
def start_hints(pattern: regex.Pattern[str] | re.Pattern[str]) -> tuple[str, ...] | None:
    r"""For a pattern anchored at the line's start (``^…``), the case-folded strings one of which every match opens
    with, each after a newline (as a :class:`HintScanner` finds a line's start); ``None`` when it has none.

    A line that does not open with one of them cannot match: a hint the scan finds
    only at a line's start is found in far fewer lines than the same string anywhere
    ("by" opens few lines, and stands in most paragraphs).

    >>> start_hints(regex.compile(r"^(?:by|von)\b", regex.IGNORECASE))
    ('\nby', '\nvon')
    >>> start_hints(regex.compile(r"\b(?:by|von)\b")) is None  # not anchored: found anywhere
    True
    """
    source = pattern.pattern
    if any(syntax in source for syntax in _REGEX_ONLY):
        return None
    try:
        parsed = list(sre_parse.parse(_UNICODE_PROPERTY.sub(r"\\w", source), 0))
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None
    if not parsed or parsed[0][0] is not sre.AT or parsed[0][1] not in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
        return None
    strings = _opening(parsed[1:])
    if "" in strings or any("\n" in s for s in strings):
        return None
    return tuple(sorted("\n" + s for s in strings))


def _opening(items: list[tuple[Any, Any]]) -> frozenset[str]:  # noqa: PLR0911 - one return per kind of item
    """Strings one of which every match of a sequence opens with (``{""}``: nothing known).

    An exact item's strings joined with what the rest opens with; a group's or
    an alternation's branches with the rest after them; an optional repeat both
    with and without its first turn. Past :data:`MAX_UNION` strings, the shorter
    openings known so far stand (each still opens every match).
    """
    if not items:
        return _NOTHING
    (op, av), rest = items[0], items[1:]
    strings, exact = _item(op, av)
    if exact:
        tail = _opening(rest)
        return _joined(strings, tail)
    if op is sre.SUBPATTERN or op is _ATOMIC:
        return _opening(list(av[-1] if op is sre.SUBPATTERN else av) + rest)
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            found.update(_opening(list(branch) + rest))
            if len(found) > MAX_UNION:
                return _NOTHING
        return frozenset(found)
    if op in _REPEATS:
        low, _, sub = av
        once = _opening(list(sub))  # what its first turn opens with (a turn may follow it)
        if low >= 1:
            return once
        found = set(once) | _opening(rest)  # or no turn at all
        return frozenset(found) if len(found) <= MAX_UNION else _NOTHING
    return _NOTHING


def _joined(head: frozenset[str], tail: frozenset[str]) -> frozenset[str]:
    """Each of ``head`` followed by each of ``tail``, or ``head`` alone when that makes too many."""
    if len(head) * len(tail) > MAX_UNION:
        return head
    return frozenset(a + b for a in head for b in tail)


#: no known opening
_NOTHING: frozenset[str] = frozenset({""})


@lru_cache(maxsize=256)
def ascii_initials(pattern: regex.Pattern[str] | re.Pattern[str]) -> frozenset[str] | None:
    r"""The ASCII characters a match of an anchored ``pattern`` (``^…``) may open with, or ``None`` when unknown.

    A line whose first character is ASCII and not one of them cannot match; a
    line that opens with any other character is not told apart (case folding
    may match it to a letter of the pattern), nor is an empty line.

    >>> "".join(sorted(ascii_initials(regex.compile(r"^(?:\d|one|vor) ", regex.IGNORECASE))))
    '0123456789OVov'
    >>> ascii_initials(regex.compile(r"^.*ago$")) is None
    True
    """
    source = pattern.pattern
    if any(syntax in source for syntax in _REGEX_ONLY):
        return None
    try:
        # a property class (``regex`` only) read as \W: a class whose ASCII members are not known here
        parsed = sre_parse.parse(_UNICODE_PROPERTY.sub(r"\\W", source), 0)
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None
    folded = bool(pattern.flags & regex.IGNORECASE) or bool(parsed.state.flags & re.IGNORECASE)
    items = list(parsed)
    if not items or items[0][0] is not sre.AT or items[0][1] not in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
        return None  # not anchored: ``search`` may find it further on
    if _may_be_empty(items):
        return None  # it matches at the start of any line
    found = _initials(items, folded)
    return None if found is None else frozenset(found)


def _cased(c: str, folded: bool) -> set[str]:
    """The ASCII characters that match ``c`` (case-insensitively when ``folded``)."""
    if not folded:
        return {c} & _ASCII
    forms = {c, c.lower(), c.upper(), c.casefold()}
    return {f for form in list(forms) for f in (form, form.lower(), form.upper())} & _ASCII


_ASCII = frozenset(chr(c) for c in range(128))
_CATEGORIES = {
    sre.CATEGORY_DIGIT: frozenset("0123456789"),
    sre.CATEGORY_WORD: frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
    sre.CATEGORY_SPACE: frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"),
}


def _initials(items: list[tuple[Any, Any]], folded: bool) -> set[str] | None:  # noqa: PLR0911 - a table
    """ASCII characters a sequence's match may open with (``None``: any, or unknown). An empty match opens with
    none of them: :func:`ascii_initials` gives ``None`` for a pattern that may match empty, and a group that may
    is not read past (``None``)."""
    for index, (op, av) in enumerate(items):
        if op is sre.AT:
            continue  # zero width
        if op is sre.LITERAL:
            return _cased(chr(av), folded)
        if op is sre.IN:
            out: set[str] = set()
            for o, v in av:
                if o is sre.LITERAL:
                    out |= _cased(chr(v), folded)
                elif o is sre.RANGE:
                    if folded and v[1] > 127:
                        return None  # a wide range: which of its characters fold to ASCII is not worked out
                    out |= {f for x in range(v[0], min(v[1], 127) + 1) for f in _cased(chr(x), folded)}
                elif o is sre.CATEGORY and v in _CATEGORIES:
                    out |= _CATEGORIES[v]
                else:
                    return None  # a negated class, another category
            return out
        if op is sre.SUBPATTERN or op is sre.BRANCH or op is _ATOMIC or op in _REPEATS:
            inner = folded
            if op is sre.SUBPATTERN:
                branches = [list(av[-1])]
                inner = folded or bool(av[1] & re.IGNORECASE)  # (?i:…)
            elif op is sre.BRANCH:
                branches = [list(b) for b in av[1]]
            elif op is _ATOMIC:
                branches = [list(av)]
            else:
                branches = [list(av[2])]
            out = set()
            for branch in branches:
                first = _initials(branch, inner)
                if first is None:
                    return None
                out |= first
                if _may_be_empty(branch):
                    return None  # what follows the group may open the match
            if op in _REPEATS and av[0] == 0:
                rest = _initials(items[index + 1 :], folded)
                return None if rest is None else out | rest
            return out
        return None  # any character, a back-reference, a look-around: unknown
    return set()


def _may_be_empty(items: list[tuple[Any, Any]]) -> bool:
    """Whether a sequence may match the empty string (zero-width items only, or optional ones)."""
    for op, av in items:
        if op is sre.AT:
            continue
        if op in _REPEATS and av[0] == 0:
            continue
        if op is sre.SUBPATTERN and _may_be_empty(list(av[-1])):
            continue
        if op is sre.BRANCH and any(_may_be_empty(list(b)) for b in av[1]):
            continue
        return False
    return True


def scan_hints(pattern: regex.Pattern[str] | re.Pattern[str]) -> tuple[str, ...] | None:
    """The hints a :class:`HintScanner` looks for on behalf of a pattern: the ones it opens with
    (:func:`start_hints`) when it is anchored at the line's start, else :func:`pattern_hints`."""
    return start_hints(pattern) or pattern_hints(pattern)


def selective(hints: Iterable[str]) -> bool:
    """Whether hints are worth a scan: no single letter, digit or common punctuation mark (most lines hold one).

    >>> selective(["licence", "©"]), selective(["menu", "c"])
    (True, False)
    """
    return all(len(h) > 1 or not (h.isalnum() or h in _COMMON) for h in hints)


#: single characters most lines hold
_COMMON = frozenset(" .,-'\"")


class HintScanner:
    """Which of several keys' hints a line holds, found in one pass over the line.

    ``keys`` pairs each key (a rule) with its hints (or ``None``: never
    scanned for, always asked). :meth:`mask` gives the bits of the keys whose
    hints a line holds; :attr:`bits` each scanned key's bit (0: always asked).
    A hint that opens with a newline (:func:`start_hints`) is found only at the
    line's start: the line is scanned after a newline.

    >>> scanner = HintScanner([("nag", ("licence", "license")), ("any", None)])
    >>> scanner.bits["any"], bool(scanner.mask("theme licence is not validated") & scanner.bits["nag"])
    (0, True)
    >>> scanner.mask("the council met on tuesday.") & scanner.bits["nag"]
    0
    """

    def __init__(self, keys: Sequence[tuple[object, Sequence[str] | None]]) -> None:
        self.bits: dict[object, int] = {}
        by_hint: dict[str, int] = {}
        for number, (key, hints) in enumerate(keys):
            if hints is None or _automaton is None or any("\n" in hint[1:] or hint == "\n" for hint in hints):
                self.bits[key] = 0
                continue
            self.bits[key] = 1 << number
            for hint in hints:
                by_hint[hint] = by_hint.get(hint, 0) | 1 << number
        self._iter = None
        if by_hint and _automaton is not None:
            automaton = _automaton.Automaton()
            for hint, bits in by_hint.items():
                automaton.add_word(hint, bits)
            automaton.make_automaton()
            self._iter = automaton.iter

    def remember(self, kept: int = 32_768) -> HintMemory:
        """A memory of this scanner's answers by line, holding up to ``kept`` lines."""
        return HintMemory(self, kept)

    def mask(self, norm: str) -> int:
        """The bits of the keys one of whose hints the (normalised) line holds."""
        if self._iter is None:
            return 0
        found = 0
        for _, bits in self._iter("\n" + (norm.lower() if norm.isascii() else fold(norm))):
            found |= bits
        return found

    def masks(self, norms: list[str]) -> list[int]:
        """:meth:`mask` of each line (none holds a newline), in one pass over the lines joined by newlines.

        No hint holds a newline but as its first character (a line's start),
        so each hint found lies in one line: the one its last character is in.
        Case folding keeps a line a line (it maps no character to a newline or
        from one).
        """
        found = [0] * len(norms)
        if self._iter is None or not norms:
            return found
        text = "\n" + "\n".join(norms)  # each line after a newline, the first one too
        text = text.lower() if text.isascii() else fold(text)
        # where each line starts in ``text``, and where the text ends (plus its missing newline)
        starts = list(accumulate(map((1).__add__, map(len, text[1:].split("\n"))), initial=1))
        line = 0
        for end, bits in self._iter(text):  # ``end``: the offset of a hint's last character, in increasing order
            while starts[line + 1] <= end:
                line += 1
            found[line] |= bits
        return found


def _sequence(items: list[tuple[Any, Any]]) -> _Hints:
    """Hints of a sequence: the best run of exact items joined, or the best single item."""
    best: frozenset[str] = frozenset({""})
    run: frozenset[str] | None = frozenset({""})
    all_exact = True
    for op, av in items:
        strings, exact = _item(op, av)
        if exact and run is not None:
            joined = frozenset(a + b for a in run for b in strings) if len(run) * len(strings) <= MAX_HINTS else None
            if joined is not None:
                run = joined
                continue
        # the run ends here: keep the better of it and this item's own hints
        all_exact = False
        if run is not None:
            best = _better(best, run)
        best = _better(best, strings)
        run = strings if exact else frozenset({""})
    if all_exact and run is not None:
        return run, True
    if run is not None:
        best = _better(best, run)
    return best, False


def _better(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """The more selective of two hint sets: the longer shortest string, then fewer strings."""
    def score(s: frozenset[str]) -> tuple[int, int]:
        return (min(map(len, s)) if s else 0, -len(s))

    return b if score(b) > score(a) else a


def _item(op: Any, av: Any) -> _Hints:  # noqa: PLR0911 - one return per kind of parsed item, read as a table
    """Hints of one parsed item."""
    if op is sre.LITERAL:
        return frozenset({fold(chr(av))}), True
    if op is sre.IN:
        chars = [fold(chr(v)) for o, v in av if o is sre.LITERAL]
        if len(chars) == len(av) and 0 < len(chars) <= MAX_CLASS:
            return frozenset(chars), True
        return _NONE
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is sre.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        strings = frozenset().union(*(s for s, _ in branches))
        if len(strings) > MAX_UNION:
            return _NONE
        return strings, all(e for _, e in branches)
    if op in _REPEATS:
        low, high, sub = av
        if low == 0:
            return _NONE
        strings, exact = _sequence(list(sub))
        return strings, exact and low == high == 1
    if op is _ATOMIC:
        return _sequence(list(av))
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY  # zero width: joins what stands either side
    return _NONE  # any character, a category, a back-reference: no literal


_REPEATS = tuple(getattr(sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre, name))
_ATOMIC = getattr(sre, "ATOMIC_GROUP", None)
#: no known literal (an optional part, a wide class): ends a run of exact items
_NONE: _Hints = (frozenset({""}), False)


class HintMemory:
    """A :class:`HintScanner`'s answers on recently seen lines, by normalised text (emptied when full)."""

    __slots__ = ("_kept", "_masks", "bits", "scanner")

    def __init__(self, scanner: HintScanner, kept: int) -> None:
        self.scanner = scanner
        self.bits = scanner.bits
        self._kept = kept
        self._masks: dict[str, int] = {}

    def mask(self, norm: str) -> int:
        """:meth:`HintScanner.mask` of the line, scanned once while remembered."""
        found = self._masks.get(norm)
        if found is None:
            found = self.scanner.mask(norm)
            if len(self._masks) >= self._kept:
                self._masks.clear()
            self._masks[norm] = found
        return found

    def masks(self, norms: list[str]) -> list[int]:
        """:meth:`mask` of each line, looked up at once; the lines not remembered are scanned in one pass."""
        known = self._masks
        found = list(map(known.get, norms))
        if None in found:
            missing = [i for i, bits in enumerate(found) if bits is None]
            unseen = list(dict.fromkeys([norms[i] for i in missing]))
            scanned = dict(zip(unseen, self.scanner.masks(unseen), strict=True))
            for i in missing:
                found[i] = scanned[norms[i]]
            if len(known) + len(scanned) > self._kept:
                known.clear()
            known.update(scanned)
        return found  # type: ignore[return-value]  # every line is known now


#: at most this many alternatives of one pattern are told apart by :func:`pattern_gate`
MAX_ALTERNATIVES = 512
_ASCII_DIGIT = re.compile(r"[0-9]")


def may_hold_digit(norm: str) -> bool:
    """False only when ``norm`` certainly has no ``\\d`` (an ASCII line without 0-9)."""
    return not norm.isascii() or _ASCII_DIGIT.search(norm) is not None


class Gate:
    """A necessary condition for a pattern (or any of a rule's vocabulary patterns) to match a line.

    A line may match only when it holds one of ``hints`` (case-folded, as
    :class:`HintScanner` finds them), or is at most ``short`` characters long
    (-1: no line is short enough), or may hold a digit (when ``digit``): each
    alternative of the pattern either has literal hints worth a scan, or is
    anchored at both ends with a bounded width, or needs a digit. A pattern
    with an alternative that is none of these has no gate (``None``).

    :meth:`allows` is the plain definition, a line on its own; the cleaner asks
    the same of a line's hint mask (:meth:`HintScanner.masks`).

    >>> gate = pattern_gate(regex.compile(r"^(?:share on \\S+|x|\\d+%?)\\W{0,3}$", regex.IGNORECASE))
    >>> gate.hints, gate.short, gate.digit
    (('share on ',), 4, True)
    >>> [gate.allows(line) for line in ("Share on Facebook", "X", "1200", "The council met.")]
    [True, True, True, False]
    """

    __slots__ = ("digit", "hints", "short")

    def __init__(self, hints: tuple[str, ...] | None, short: int, digit: bool) -> None:
        self.hints = hints
        self.short = short
        self.digit = digit

    def allows(self, norm: str) -> bool:
        """Whether the line may match (False: it certainly does not)."""
        if self.hints is not None:
            folded = fold(norm)
            if any(hint in folded for hint in self.hints):
                return True
        return len(norm) <= self.short or (self.digit and may_hold_digit(norm))

    def __repr__(self) -> str:
        return f"Gate(hints={self.hints!r}, short={self.short}, digit={self.digit})"


def _gate_key(pattern: regex.Pattern[str] | re.Pattern[str]) -> tuple[str, int]:
    return pattern.pattern, int(pattern.flags)


@lru_cache(maxsize=256)
def _pattern_gate(source: str, flags: int) -> Gate | None:
    if any(syntax in source for syntax in _REGEX_ONLY):
        return None
    parseable = _UNICODE_PROPERTY.sub(r"\\w", source)
    try:
        parsed = sre_parse.parse(parseable, 0)
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None
    multiline = bool(flags & (regex.MULTILINE | regex.DOTALL)) or bool(parsed.state.flags & re.MULTILINE)
    # a letter that case-folds to several characters (ß, ﬁ) may match more text than its width under full folding
    full_case = bool(flags & (regex.V1 | regex.FULLCASE)) and bool(flags & regex.IGNORECASE)
    widening = full_case and any(len(c.casefold()) > 1 for c in source)
    hints: set[str] = set()
    short = -1
    digit = False
    for alternative in _expand(list(parsed), MAX_ALTERNATIVES):
        strings, _ = _sequence(alternative)
        if "" not in strings and strings and selective(strings):
            hints.update(strings)
            continue
        width = None if multiline or widening or not _anchored(alternative) else _width(parsed, alternative)
        if width is not None:
            short = max(short, width)
        elif _needs_digit(alternative):
            digit = True
        else:
            return None
    found = tuple(sorted(hints, key=lambda h: (len(h), h))) or None
    return Gate(found, short, digit)


def pattern_gate(pattern: regex.Pattern[str] | re.Pattern[str]) -> Gate | None:
    """The :class:`Gate` of one pattern (matched with ``search`` or ``match``), or ``None`` when it has none.

    A pattern whose literal hints are worth a scan as a whole gets them alone
    (as :func:`pattern_hints`); otherwise its alternatives are told apart.
    """
    whole = pattern_hints(pattern)
    if whole is not None:
        return Gate(whole, -1, False)
    return _pattern_gate(*_gate_key(pattern))


def vocabulary_gate(patterns: Iterable[regex.Pattern[str] | re.Pattern[str]]) -> Gate | None:
    """The :class:`Gate` of a rule's vocabulary: a line that none of the patterns' gates allows matches none of them."""
    hints: set[str] = set()
    short = -1
    digit = False
    any_pattern = False
    for pattern in patterns:
        gate = pattern_gate(pattern)
        if gate is None:
            return None
        any_pattern = True
        hints.update(gate.hints or ())
        short = max(short, gate.short)
        digit = digit or gate.digit
    if not any_pattern:
        return None
    return Gate(tuple(sorted(hints, key=lambda h: (len(h), h))) or None, short, digit)


def _expand(items: list[tuple[Any, Any]], limit: int) -> list[list[tuple[Any, Any]]]:
    """The alternatives of a sequence: its alternations (and groups) spliced out, up to ``limit`` of them.

    Every match of the sequence is a match of one of the alternatives; an
    alternation past the limit, or inside a repeat, stays one item.
    """
    alternatives: list[list[tuple[Any, Any]]] = [[]]
    for op, av in items:
        choices = None
        if op is sre.BRANCH:
            choices = [c for branch in av[1] for c in _expand(list(branch), limit)]
        elif op is sre.SUBPATTERN:
            choices = _expand(list(av[-1]), limit)
        if choices is None or len(alternatives) * len(choices) > limit:
            alternatives = [[*a, (op, av)] for a in alternatives]
        else:
            alternatives = [a + c for a in alternatives for c in choices]
    return alternatives


def _anchored(items: list[tuple[Any, Any]]) -> bool:
    """Whether a sequence starts at the text's start and ends at its end (``^…$``; no newline in a line)."""
    return (
        len(items) >= 2
        and items[0][0] is sre.AT
        and items[0][1] in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
        and items[-1][0] is sre.AT
        and items[-1][1] in (sre.AT_END, sre.AT_END_STRING)
    )


def _width(parsed: Any, items: list[tuple[Any, Any]]) -> int | None:
    """The most characters a sequence matches, or None when unbounded."""
    try:
        _, high = sre_parse.SubPattern(parsed.state, items).getwidth()
    except (re.error, KeyError, IndexError, TypeError):
        return None
    return high if high < sre.MAXREPEAT else None


def _digit_class(av: Any) -> bool:
    """Whether a character class matches only digits that an ASCII line spells 0-9 (or non-ASCII characters)."""
    if not av:
        return False
    for o, v in av:
        if o is sre.CATEGORY and v is sre.CATEGORY_DIGIT:
            continue
        if o is sre.RANGE and 48 <= v[0] <= v[1] <= 57:
            continue
        if o is sre.LITERAL and 48 <= v <= 57:
            continue
        return False
    return True


def _needs_digit(items: list[tuple[Any, Any]]) -> bool:
    """Whether every match of a sequence holds a digit (``\\d``, ``[0-9]``)."""
    return any(
        (op is sre.LITERAL and 48 <= av <= 57)
        or (op is sre.IN and _digit_class(av))
        or (op is sre.SUBPATTERN and _needs_digit(list(av[-1])))
        or (op is sre.BRANCH and all(_needs_digit(list(branch)) for branch in av[1]))
        or (op in _REPEATS and av[0] >= 1 and _needs_digit(list(av[2])))
        or (op is _ATOMIC and _needs_digit(list(av)))
        for op, av in items
    )
