"""Gates: a necessary condition for a pattern (or a rule's vocabulary) to match a line, read from its syntax.

What must hold: a line a gate turns away is a line the pattern cannot match,
and a line rule removes no line its gate turns away. The lines tried are the
seed pages', the written-down cases', the rules' examples and lines generated
from the patterns themselves (so every alternative, cased at random, is tried
at its edges); a gate weakened on purpose is shown to be caught by them.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanpress import Cleaner
from cleanpress.clean.rules import RULE_TYPES, LineRule, Page, base, vocab
from cleanpress.clean.rules.hints import Gate, pattern_gate, vocabulary_gate
from cleanpress.clean.segment import normalise_line, segment

CASES = Path(__file__).parent / "cases" / "clean_cases.json"
LINE_RULES = [t() for t in RULE_TYPES if issubclass(t, LineRule)]
PATTERNS = {name: v for name, v in vars(vocab).items() if isinstance(v, regex.Pattern)}
GATED = {name: p for name, p in PATTERNS.items() if pattern_gate(p) is not None}
#: \p{…} classes read as the letters and digits they mostly stand for, so lines can be made from every pattern
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")


@pytest.fixture(scope="module")
def lines(seeds: dict[str, str]) -> list[str]:
    """Every distinct normalised line of the seed pages, the clean cases and the rules' examples."""
    texts = list(seeds.values())
    texts += ["\n".join(case["page"]) for case in json.loads(CASES.read_text(encoding="utf-8"))]
    texts += [t.example for t in RULE_TYPES]
    return sorted({b.norm for text in texts for b in segment(text) if b.norm})


def counterexamples(pattern: regex.Pattern[str], gate: Gate, lines: list[str]) -> list[str]:
    """Lines the pattern matches and the gate turns away (none for a sound gate)."""
    return [line for line in lines if pattern.search(line) and not gate.allows(line)]


@functools.cache
def _made_lines(pattern: regex.Pattern[str]) -> st.SearchStrategy[str]:
    """Lines made from the pattern's own syntax (\\p classes as \\w), normalised as the rules see them."""
    source = _PROPERTY.sub(r"\\w", pattern.pattern)
    flags = re.IGNORECASE if pattern.flags & regex.IGNORECASE else 0
    made = st.from_regex(re.compile(source, flags), fullmatch=True).map(normalise_line).filter(bool)
    return st.one_of(made, made.map(str.upper), made.map(str.title))


def test_some_patterns_and_rules_have_gates():
    assert len(GATED) >= 0.9 * len(PATTERNS)
    gates = {r.name: r.gate() for r in LINE_RULES}
    # rules the literal hints alone could not gate: a share button named 'X', a date made of digits
    assert gates["share-follow"] is not None and gates["share-follow"].short >= 1
    assert gates["header-chrome"] is not None and gates["header-chrome"].digit


def test_gates_read_from_syntax():
    gate = pattern_gate(regex.compile(r"^(?:share on \S+|x|\d+%?)\W{0,3}$", regex.IGNORECASE))
    assert gate is not None and (gate.hints, gate.short, gate.digit) == (("share on ",), 4, True)
    assert pattern_gate(regex.compile(r"^(?:by|\S+)$")) is None  # an alternative with no hint, no bound, no digit
    assert pattern_gate(regex.compile(r"(?:x|yy)")) is None  # not anchored: its width bounds nothing
    assert pattern_gate(regex.compile(r"^\d+\S*$")).digit  # type: ignore[union-attr]
    # a letter that folds to two (ß: 'ss') may match a longer line than the pattern is wide: no bound
    assert pattern_gate(regex.compile(r"^(?:ß|y)$", regex.IGNORECASE | regex.V1)) is None
    assert vocabulary_gate([regex.compile(r"^x$"), regex.compile(r"^\S+$")]) is None


@pytest.mark.parametrize("name", sorted(GATED))
def test_a_gate_lets_through_every_line_its_pattern_matches(name: str, lines: list[str]):
    pattern = GATED[name]
    gate = pattern_gate(pattern)
    assert gate is not None
    assert counterexamples(pattern, gate, lines) == []


@pytest.mark.parametrize("name", sorted(GATED))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_gate_lets_through_lines_made_from_its_pattern(name: str, data: st.DataObject):
    pattern = GATED[name]
    gate = pattern_gate(pattern)
    assert gate is not None
    line = data.draw(_made_lines(pattern))
    if pattern.search(line):
        assert gate.allows(line), line


@pytest.mark.parametrize("rule", [r for r in LINE_RULES if r.gate() is not None], ids=lambda r: r.name)
def test_a_rule_removes_only_lines_its_gate_lets_through(rule: LineRule, lines: list[str]):
    gate = rule.gate()
    assert gate is not None
    made = [line for p in rule.vocabulary for line in _examples_of(p)]
    for line in lines + made:
        page = Page(line, segment(line))
        if page.blocks[0].norm and rule.reason_for(page.blocks[0], page) is not None:
            assert gate.allows(page.blocks[0].norm), (rule.name, line)


@functools.cache
def _examples_of(pattern: regex.Pattern[str], n: int = 15) -> list[str]:
    """A few lines made from a pattern (deterministic: hypothesis's ``find`` is not needed, its examples are)."""
    strategy = _made_lines(pattern)
    found: list[str] = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(strategy)
    def collect(line: str) -> None:
        found.append(line)

    collect()
    return found


def test_a_weakened_gate_is_caught(lines: list[str]):
    """The checks above fail when a gate is wrong: each clause dropped in turn turns away a line that matches."""
    share, weather = vocab.SHARE_FOLLOW, vocab.WEATHER
    share_gate, weather_gate = pattern_gate(share), pattern_gate(weather)
    assert share_gate is not None and weather_gate is not None
    made = [*lines, "X", "x", "31.8 C", "-4 °C Berlin", "Share this article"]
    assert counterexamples(share, Gate(share_gate.hints, -1, share_gate.digit), made)  # no short-line clause
    assert counterexamples(weather, Gate(weather_gate.hints, weather_gate.short, False), made)  # no digit clause
    hints = share_gate.hints or ()
    assert counterexamples(share, Gate(tuple(h for h in hints if "share" not in h), share_gate.short, False), made)


def test_the_cleaner_gives_the_same_output_without_gates(seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    """The plain definition: every line rule asked of every line (within its bounds)."""
    gated = Cleaner()
    monkeypatch.setattr(base.Rule, "gate", classmethod(lambda cls: None))
    plain = Cleaner()
    examples = [line for rule in gated.rules for line in (rule.example or "").splitlines()]
    made = [line for rule in LINE_RULES for p in rule.vocabulary for line in _examples_of(p)]
    for text in [*seeds.values(), "\n".join(examples), "\n".join(made), *made]:
        a, b = gated.clean(text), plain.clean(text)
        assert (a.text, a.removals, a.stories) == (b.text, b.removals, b.stories), text[:80]
