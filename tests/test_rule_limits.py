"""The whole-line limit: no rule removes a prose paragraph on the word of its vocabulary alone.

Every rule may remove a line whole only up to :data:`~cleanpress.clean.rules.base.LINE_LIMIT`
(characters and sentences) unless it states stronger evidence. The property tests
build pages of ordinary prose that *mention* each rule's words (its own example,
quoted inside sentences) and check that no rule empties them, whether the page
keeps its paragraphs or was flattened to a single line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanpress import Cleaner, clean
from cleanpress.clean.cleaner import _line_pass
from cleanpress.clean.rules import RULE_TYPES, LineRule, Page, Rule
from cleanpress.clean.rules.base import LINE_LIMIT, WholeLineLimit, line_removal
from cleanpress.clean.segment import segment
from cleanpress.types import Block, Removal

#: Ordinary news sentences, none of them boilerplate.
SENTENCES = [
    "The council approved the budget on Tuesday after a debate that lasted well into the evening.",
    "Residents had asked for more money for the library, the pool and the roads on the east side.",
    "The mayor said the plan would not raise taxes this year, although fees for parking will rise.",
    "Two members voted against it, saying the figures for next year were too optimistic.",
    "A public hearing on the transport plan is set for the first week of March at the town hall.",
    "Engineers found that the old bridge needs new bearings before the winter storms arrive.",
    "The school board will meet again next month to decide on the new timetable for buses.",
    "Local shops reported that sales rose slightly in December compared with the year before.",
    "The river rose by almost a metre overnight, but the new flood walls held as designed.",
    "Farmers in the valley say the dry spring has cut the first harvest of hay by a third.",
]

#: Lines from every rule's example, each a phrase of that rule's vocabulary.
MENTIONS = sorted({line.strip() for rule in RULE_TYPES for line in rule.example.splitlines() if line.strip()})

_WORD = re.compile(r"\w+")


def _mention(phrase: str) -> str:
    """A sentence that quotes a rule's phrase, as an article about the web might."""
    return f'The old website printed the words "{phrase}" under every story, a reader noted.'


@st.composite
def prose_paragraphs(draw: st.DrawFn) -> list[str]:
    """Two or three paragraphs of three ordinary sentences (none repeated), each quoting a rule's phrase.

    Each paragraph is longer than :data:`LINE_LIMIT` allows (a shorter one that quotes a whole
    cookie banner may go: that is what the limit permits).
    """
    sentences = draw(st.permutations(SENTENCES))
    sizes = draw(st.lists(st.just(3), min_size=2, max_size=3))
    paragraphs = []
    at = 0
    for size in sizes:
        own = list(sentences[at : at + size])
        at += size
        phrase = draw(st.sampled_from(MENTIONS))
        own.insert(draw(st.integers(0, len(own))), _mention(phrase))
        paragraphs.append(" ".join(own))
    return paragraphs


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _kept_share(article: str, cleaned: str) -> float:
    want = _words(article)
    got = set(_words(cleaned))
    return sum(w in got for w in want) / len(want)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_paragraphs())
def test_no_rule_removes_a_paragraph_that_mentions_its_words(paragraphs: list[str]) -> None:
    assert not any(LINE_LIMIT.allows(p) for p in paragraphs)
    text = "\n\n".join(paragraphs)
    page, removals = Cleaner().run_rules(text)
    whole = [b.norm for b in page.blocks if b.norm and page.removed[b.index] is not None]
    assert whole == [], f"rules removed prose paragraphs whole: {[(r.rule, r.reason) for r in removals]}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_paragraphs())
def test_a_page_flattened_to_one_line_is_not_emptied(paragraphs: list[str]) -> None:
    line = " ".join(paragraphs)
    result = clean(line)
    assert _kept_share(line, result.text) >= 0.95


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_paragraphs())
def test_prose_mentioning_rule_words_keeps_its_words(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    assert _kept_share(text, clean(text).text) >= 0.95


def test_theme_nag_words_in_a_long_line_do_not_empty_the_page() -> None:
    page = "The council approved the budget on Tuesday. " * 30 + " Our plugin license is not valid. " + (
        "Residents welcomed the decision. " * 10
    )
    result = clean(page)
    assert "The council approved the budget on Tuesday." in result.text
    assert not any(r.rule == "theme-nag" for r in result.removals)


def test_theme_nag_still_removes_the_nag_line() -> None:
    page = "\n".join(
        [
            "Jannah Theme License is not validated, Go to the theme options page to validate the license.",
            *SENTENCES[:4],
        ]
    )
    result = clean(page)
    assert any(r.rule == "theme-nag" for r in result.removals)
    assert "Jannah" not in result.text


def test_limit_counts_characters_and_sentences() -> None:
    assert LINE_LIMIT.allows("Leave a Reply")
    assert not LINE_LIMIT.allows("x" * (LINE_LIMIT.chars + 1))
    short_sentences = " ".join(["It rained."] * (LINE_LIMIT.sentences + 1))
    assert len(short_sentences) <= LINE_LIMIT.chars
    assert not LINE_LIMIT.allows(short_sentences)
    assert LINE_LIMIT.allows(" ".join(["It rained."] * LINE_LIMIT.sentences))


def test_every_rule_within_the_shared_limit_or_states_its_evidence() -> None:
    for rule in RULE_TYPES:
        raised = rule.limit.chars > LINE_LIMIT.chars or rule.limit.sentences > LINE_LIMIT.sentences
        assert not raised or rule.evidence, rule.name


def test_a_rule_raising_its_limit_without_evidence_is_refused() -> None:
    with pytest.raises(TypeError, match="evidence"):

        class Greedy(LineRule):  # pragma: no cover - the class statement itself fails
            name = "greedy"
            reasons = ("all",)
            description = "Removes everything."
            limit = WholeLineLimit(chars=10_000, sentences=100)

            def reason_for(self, block: Block, page: Page) -> str | None:
                return "all"


class _Everything(LineRule):
    """A rule whose vocabulary matches every line: only the limit stops it."""

    name = "everything"
    reasons = ("all",)
    description = "Matches every line."

    def reason_for(self, block: Block, page: Page) -> str | None:
        return "all"


class _EverythingStructural(Rule):
    name = "everything-structural"
    reasons = ("all",)
    description = "Yields a removal for every line."

    def find(self, page: Page) -> Iterator[Removal]:
        for block in page.kept():
            yield line_removal(block, self.name, "all")


@pytest.mark.parametrize("rule", [_Everything(), _EverythingStructural()])
def test_the_limit_holds_whatever_a_rule_matches(rule: Rule) -> None:
    long = " ".join(SENTENCES)
    text = f"Menu\n{long}\nFooter"
    page = Page(text, segment(text))
    removed = {text[r.start : r.end] for r in rule.removals(page)}
    assert removed == {"Menu", "Footer"}


def test_the_fused_line_pass_keeps_the_limit() -> None:
    long = " ".join(SENTENCES)
    text = f"Menu\n{long}\nFooter"
    page = Page(text, segment(text))
    removed = {text[r.start : r.end] for _, r in _line_pass((_Everything(),), page)}
    assert removed == {"Menu", "Footer"}
