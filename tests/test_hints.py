"""Vocabulary hints: a line rule is asked only about lines holding a literal hint of its vocabulary.

The hints are read from the patterns' syntax; what must hold is that no line a
rule would remove lacks them, so that the scan never changes a verdict.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress import Cleaner
from cleanpress.clean import cleaner as cleaner_module
from cleanpress.clean.rules import RULE_TYPES, LineRule, Page, hints, vocab
from cleanpress.clean.rules.hints import HintScanner, ascii_initials, fold, literal_hints, start_hints
from cleanpress.clean.segment import segment

CASES = Path(__file__).parent / "cases" / "clean_cases.json"
LINE_RULES = [t() for t in RULE_TYPES if issubclass(t, LineRule)]
PATTERNS = [v for v in vars(vocab).values() if isinstance(v, regex.Pattern)]


@pytest.fixture(scope="module")
def lines(seeds: dict[str, str]) -> list[str]:
    """Every distinct normalised line of the seed pages, the clean cases and the rules' examples."""
    texts = list(seeds.values())
    texts += ["\n".join(case["page"]) for case in json.loads(CASES.read_text(encoding="utf-8"))]
    texts += [t.example for t in RULE_TYPES]
    # lines of the patterns structural rules scan for that no example above holds
    texts += ["Anna says:", "Posted by Jane Doe on May 5, 2012", "Having trouble reading this image? View it again."]
    texts += ["About the author", "About Jane Doe", "View my complete profile"]
    return sorted({b.norm for text in texts for b in segment(text) if b.norm})


def test_hints_of_a_pattern():
    assert literal_hints(regex.compile(r"^(?:read|lesen sie) (?:more|auch)\W{0,3}$", regex.I)) == {
        "read more", "read auch", "lesen sie more", "lesen sie auch"}
    assert literal_hints(regex.compile(r"\bcan be reached at\s+\S+@\S+")) == {"can be reached at"}
    assert literal_hints(regex.compile(r"^\d+ min(?:ute)?s?$")) == {" min"}
    assert literal_hints(regex.compile(r"^(?:by|\S+)$")) is None  # one alternative has no literal
    assert literal_hints(regex.compile(r"^[[:alpha:]]+ foo$")) is None  # regex-only syntax: not read
    assert literal_hints(regex.compile(r"STRASSE")) == {"strasse"}
    assert fold("Grüße aus İzmir") == "grüsse aus izmir"


def test_most_line_rules_are_scanned_for():
    scanned = [r.name for r in LINE_RULES if r.hints() is not None]
    assert len(scanned) >= 10, scanned


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if literal_hints(p)], ids=lambda p: p.pattern[:40])
def test_every_matching_line_holds_a_hint(pattern: regex.Pattern[str], lines: list[str]):
    found = literal_hints(pattern)
    assert found
    for line in lines:
        if pattern.search(line):
            assert any(h in fold(line) for h in found), line


def test_openings_of_an_anchored_pattern():
    assert start_hints(regex.compile(r"^(?:also )?read(?: more)?:", regex.I)) == ("\nalso ", "\nread more", "\nread:")
    assert start_hints(regex.compile(r"^\[? ?(?:reply|antworten)\W{0,3}$", regex.I)) == (
        "\n ", "\n[", "\nantworten", "\nreply")
    assert start_hints(regex.compile(r"^(?:by|\S+) ")) is None  # one branch opens with no literal
    assert start_hints(regex.compile(r"(?:by|von) ")) is None  # not anchored
    scanner = HintScanner([("by", start_hints(regex.compile(r"^by\b", regex.I)))])
    assert scanner.mask("By Jane Doe") and not scanner.mask("Written by Jane Doe")
    assert scanner.masks(["Written by Jane", "BY JANE", "", "by"]) == [0, 1, 0, 1]


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if start_hints(p)], ids=lambda p: p.pattern[:40])
def test_every_matching_line_opens_with_a_start_hint(pattern: regex.Pattern[str], lines: list[str]):
    found = start_hints(pattern)
    assert found and all(h.startswith("\n") for h in found)
    for line in lines:
        if pattern.search(line):
            assert ("\n" + fold(line)).startswith(found), line


def test_initials_of_a_pattern():
    assert ascii_initials(regex.compile(r"^-?\d+ ?°C$")) == frozenset("-0123456789")
    assert ascii_initials(regex.compile(r"^(?:vor|(?i:hier)) ")) == frozenset("vhH")
    assert ascii_initials(regex.compile(r"^\u017fo", regex.IGNORECASE)) == frozenset("sS")  # long s folds to s
    assert ascii_initials(regex.compile(r"^(?:ago)?")) is None  # matches the start of any line
    assert ascii_initials(regex.compile(r"^[^a]b")) is None
    assert ascii_initials(regex.compile(r"^\p{L}+ ago")) is None
    assert ascii_initials(regex.compile(r"ago")) is None  # not anchored: search finds it further on


_OPENED = [p for p in PATTERNS if ascii_initials(p) is not None]


@pytest.mark.parametrize("pattern", _OPENED, ids=lambda p: p.pattern[:40])
def test_every_matching_line_opens_with_an_initial(pattern: regex.Pattern[str], lines: list[str]):
    initials = ascii_initials(pattern)
    assert initials
    for line in lines:
        if pattern.match(line) and line[:1].isascii():
            assert line[:1] in initials, line


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_OPENED), st.text(min_size=1, max_size=3), st.text(max_size=30))
def test_a_line_matched_after_a_first_character_opens_with_an_initial(pattern, first, rest):
    """Lines made of a match of the pattern's own literal text with another opening: the initials still hold."""
    for line in (first + rest, first, first + " ago", first + " 2024"):
        if pattern.match(line) and line[0].isascii():
            assert line[0] in ascii_initials(pattern), line


@pytest.mark.parametrize("rule", [r for r in LINE_RULES if r.hints() is not None], ids=lambda r: r.name)
def test_a_rule_removes_only_lines_holding_its_hints(rule: LineRule, lines: list[str]):
    scanner = HintScanner([(rule, rule.hints())])
    bit = scanner.bits[rule]
    assert bit
    removed = 0
    for line in lines:
        page = Page(line, segment(line))
        if rule.reason_for(page.blocks[0], page) is not None:
            removed += 1
            assert scanner.mask(line) & bit, line
    assert removed, f"{rule.name} removes none of the test lines"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_scanned_rules_keep_a_line_without_their_hints(data: st.DataObject):
    """Lines made of vocabulary words, cased at random: a rule the scan skips keeps the line."""
    words = ["Photo", "by", "Jane", "Doe", "Reuters", "/", ":", "(AP)", "Source", "link", "Read", "more", "cookies",
             "we", "use", "accept", "subscribe", "newsletter", "©", "2024", "All", "rights", "reserved", "Tags",
             "comments", "are", "moderated", "please", "is", "a", "staff", "writer", "based", "in", "Ä", "İ", "ß"]
    line = " ".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=8)))
    line = "".join(c.upper() if data.draw(st.booleans()) else c for c in line)
    page = Page(line, segment(line))
    block = page.blocks[0]
    rules = [r for r in LINE_RULES if r.hints() is not None]
    scanner = HintScanner([(r, r.hints()) for r in rules])
    mask = scanner.mask(block.norm)
    for rule in rules:
        if not mask & scanner.bits[rule]:
            assert rule.reason_for(block, page) is None, (rule.name, line)


def test_a_page_tells_which_lines_may_match_a_scanned_pattern(lines: list[str]):
    cleaner = Cleaner()
    text = "\n".join(lines)
    page = Page(text, segment(text), cleaner._hint_memory)
    masks = page.hint_masks()
    patterns = [p for rule in cleaner.rules for p in rule.scanned]
    assert patterns
    for pattern in patterns:
        bit = page.hint_bit(pattern)
        assert bit, pattern.pattern[:40]
        matched = [b for b in page.blocks if pattern.search(b.norm)]
        assert matched, pattern.pattern[:40]
        assert all(masks[b.index] & bit for b in matched)
    assert Page(text, segment(text)).hint_bit(patterns[0]) == 0  # a page without the scan: every line is asked


def test_the_cleaner_gives_the_same_output_without_the_scan(seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    scanned = Cleaner()
    monkeypatch.setattr(hints, "_automaton", None)
    unscanned = Cleaner()
    assert not any(unscanned._scanner.bits.values())
    assert any(scanned._scanner.bits.values())
    for text in seeds.values():
        a, b = scanned.clean(text), unscanned.clean(text)
        assert (a.text, a.removals, a.stories) == (b.text, b.removals, b.stories)
    # every rule's own example lines and every written-down case, each line alone and in one page: a rule that
    # decides by a pattern it does not declare would skip lines the pattern matches
    examples = [line for rule in scanned.rules for line in (getattr(rule, "example", "") or "").splitlines()]
    pages = ["\n".join(case["page"]) for case in _cases()]
    for text in [*examples, "\n\n".join(examples), *pages]:
        a, b = scanned.clean(text), unscanned.clean(text)
        assert (a.text, a.removals) == (b.text, b.removals), text[:80]
    # the line pass on its own, every stage: the same removals with and without the scanner
    for text in seeds.values():
        for stage in (s for s in scanned._stages if isinstance(s, tuple)):
            memory = scanned._scanner.remember()
            with_scan = list(cleaner_module._line_pass(stage, Page(text, segment(text)), None, memory))
            without = list(cleaner_module._line_pass(stage, Page(text, segment(text))))
            assert with_scan == without


def _cases() -> list[dict]:
    """The written-down cleaning cases (``tests/cases/clean_cases.json``)."""
    path = Path(__file__).resolve().parent / "cases" / "clean_cases.json"
    return json.loads(path.read_text(encoding="utf-8"))


_SCAN_WORDS = ["Photo", "by", "Reuters", "(AP)", "Source", "link", "Read", "more", "cookies", "©", "2024", "All",
               "rights", "reserved", "Tags:", "comments", "Leave", "a", "Reply", "says:", "Related", "Posts", "Ä",
               "İ", "ß", "STRASSE", "ﬁ", "", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SCAN_WORDS), max_size=6).map(" ".join), max_size=12))
def test_a_page_scanned_at_once_gives_each_line_its_own_mask(lines: list[str]):
    """The scan of a page's lines joined (the fast path) against the scan of each line alone."""
    cleaner = Cleaner()
    scanner = cleaner._scanner
    assert scanner.masks(lines) == [scanner.mask(line) for line in lines]
    memory = scanner.remember(4)  # emptied every few lines: the same masks
    assert memory.masks(lines) == [scanner.mask(line) for line in lines] == memory.masks(lines[::-1])[::-1]
