"""Invariants of the clean stage that no single example can show (hypothesis).

Built from the seeds: the hand-checked stories in ``tests/golden/`` are wrapped in
random mixes of boilerplate drawn from the rules' own examples
(:data:`cleanpress.clean.rules.RULE_TYPES`), and cleaning must give the story
back. On arbitrary text: nothing is invented, replaying the removals gives the
output, the result does not depend on the run, and cleaning is idempotent.
"""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanpress import CleanConfig, Cleaner, Document, apply_removals, clean
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE, RULE_TYPES, LineRule, Page
from cleanpress.clean.segment import segment
from cleanpress.types import Removal

GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

STORIES = [
    (story["title"], story["text"])
    for path in sorted(GOLDEN.glob("*.json"))
    for story in json.loads(path.read_text(encoding="utf-8"))["stories"]
]

#: Each rule's example, as the block of lines it stands for.
#: (rules switched off by default are left out: the cleaner does not run them)
EXAMPLES = {
    rule.name: rule.example for rule in RULE_TYPES if rule.example and rule.name in CleanConfig().enabled_rules()
}
#: Rules whose examples interrupt an article (they may stand between paragraphs).
INLINE = [name for name in ("ad-marker", "photo-caption") if name in EXAMPLES]
#: Rules whose examples stand after an article (lists, forms, footers) only.
AFTER_ONLY = {"comment-form", "comment-thread", "sidebar-list", "teaser", "footer", "tag-list", "read-also",
              "source-link", "syndication-disclaimer", "back-to-top"}
BEFORE = sorted(name for name in EXAMPLES if name not in AFTER_ONLY)
AFTER = sorted(EXAMPLES)
RULE_NAMES = {rule.name for rule in RULE_TYPES} | {HEADLINE, OUTSIDE_ARTICLE}

CLEANER = Cleaner()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


#: Single lines that interrupt an article (one may stand between two paragraphs).
INLINE_LINES = sorted({line for name in INLINE for line in EXAMPLES[name].split("\n")})


@st.composite
def wrapped_story(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A golden story with random boilerplate before, inside and after it.

    Returns the page, the story's body lines and the boilerplate lines added.
    """
    title, body = draw(st.sampled_from(STORIES))
    paragraphs = [p for p in body.split("\n") if p.strip()]
    before = draw(st.lists(st.sampled_from(BEFORE), max_size=4, unique=True))
    after = draw(st.lists(st.sampled_from(AFTER), max_size=4, unique=True))
    gaps = draw(st.dictionaries(st.integers(1, len(paragraphs) - 1), st.sampled_from(INLINE_LINES), max_size=3))
    lines: list[str] = [EXAMPLES[name] for name in before] + [title]
    for k, paragraph in enumerate(paragraphs):
        if k in gaps:
            lines.append(gaps[k])
        lines.append(paragraph)
    lines.extend(EXAMPLES[name] for name in after)
    junk = [EXAMPLES[n] for n in [*before, *after]] + list(gaps.values())
    junk_lines = sorted({line for block in junk for line in block.split("\n")})
    return "\n".join(lines), paragraphs, junk_lines


@SETTINGS
@given(wrapped_story())
def test_boilerplate_goes(case):
    page, _, junk_lines = case
    result = CLEANER.clean(page)
    kept = {line for story in result.stories for line in story.text.split("\n")}
    left = [line for line in junk_lines if line in kept]
    assert not left, f"boilerplate kept: {left}"


@SETTINGS
@given(wrapped_story())
def test_wrapped_story_title_found(case):
    page, _, _ = case
    titles = [s.title for s in CLEANER.clean(page).stories]
    assert any(title in page.split("\n") for title in titles if title)


def test_ad_block_after_first_paragraph_keeps_it():
    """Three ad lines right after the first paragraph must not cut it off as 'before the article'."""
    title, body = STORIES[0]
    first, *rest = [p for p in body.split("\n") if p.strip()]
    page = "\n".join([title, first, *EXAMPLES["ad-marker"].split("\n"), *rest])
    assert first in CLEANER.clean(page).text.split("\n")


def test_short_last_paragraph_before_credits_kept():
    title, body = STORIES[0]
    paragraphs = [p for p in body.split("\n") if p.strip()]
    assert len(paragraphs[-1].split()) < 10
    page = "\n".join([title, *paragraphs, "Written By", "Source link", "[ad_1]"])
    assert paragraphs[-1] in CLEANER.clean(page).text.split("\n")


def _lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def _assert_nothing_invented(page: str, output: str) -> None:
    source = _lines_of(page)
    for line in output.split("\n"):
        assert any(line in src for src in source), f"invented line: {line[:80]!r}"


#: Text as scrapers give it: words, boilerplate lines, odd characters, odd line breaks.
page_text = st.lists(
    st.one_of(
        st.sampled_from([line for block in EXAMPLES.values() for line in block.split("\n")]),
        st.sampled_from([line for _, body in STORIES for line in body.split("\n")]),
        st.text(max_size=80),
        st.just(""),
    ),
    max_size=25,
).map("\n".join)


@SETTINGS
@given(page_text)
def test_nothing_invented_and_removals_replay(page):
    result = CLEANER.clean(page)
    _assert_nothing_invented(page, result.text)
    assert apply_removals(page, result.removals) == result.text
    for story in result.stories:
        _assert_nothing_invented(page, story.text)
        assert apply_removals(page, story.removals, story.start, story.end) == story.text
        if story.title is not None:
            assert " ".join(story.title.split()) == story.title and story.title
    for r in result.removals:
        assert 0 <= r.start <= r.end <= len(page)
        assert r.rule in RULE_NAMES and r.reason


@SETTINGS
@given(page_text)
def test_stories_partition_the_page(page):
    result = CLEANER.clean(page)
    if not result.stories:  # nothing left: no story, and the page's text is empty
        assert not result.text.strip() and result.no_article
        return
    assert result.stories[0].start == 0 and result.stories[-1].end == len(page)
    for a, b in itertools.pairwise(result.stories):
        assert a.end == b.start
    assert sorted(r for s in result.stories for r in s.removals) == sorted(result.removals)


@SETTINGS
@given(page_text)
def test_deterministic_and_independent_of_history(page):
    first = CLEANER.clean(page)
    # a cleaner that has seen other pages first, and a fresh one, agree
    CLEANER.clean(STORIES[0][1])
    again = CLEANER.clean(page)
    fresh = Cleaner().clean(page)
    assert first.records() == again.records() == fresh.records()
    assert clean(Document("d", text=page)).text == first.text


@SETTINGS
@given(wrapped_story())
def test_cleaning_a_story_again_changes_nothing(case):
    page, _, _ = case
    for story in CLEANER.clean(page).stories:
        assert CLEANER.clean(story.text).text == story.text


def test_seed_stories_are_fixed_points(seeds):
    for name, text in seeds.items():
        for story in CLEANER.clean(text).stories:
            again = CLEANER.clean(story.text)
            assert again.text == story.text, f"{name}#{story.index}: cleaning the story again changed it"


def _each_rule_alone(cleaner: Cleaner, text: str) -> tuple[list[str | None], list[Removal]]:
    """The plain definition of the rule stage: each rule's own ``find``, in order, each removal marked."""
    page = Page(text, segment(text))
    removals: list[Removal] = []
    for rule in cleaner.rules:
        for removal in list(rule.find(page)):
            removals.append(removal)
            page.mark(removal)
    return page.removed, removals


EXAMPLE_LINES = sorted({line for block in EXAMPLES.values() for line in block.split("\n")})


def _removed_by_several_line_rules() -> list[str]:
    """Two example lines joined into one line that more than one line rule removes.

    Only chooses inputs (where the first rule in order must win); what is expected of them comes
    from running each rule alone.
    """
    rules = [rule() for rule in RULE_TYPES if issubclass(rule, LineRule)]
    found = []
    for a, b in itertools.permutations(EXAMPLE_LINES, 2):
        for line in (f"{a} {b}", f"{a} | {b}"):
            page = Page(line, segment(line))
            if sum(rule.reason_for(page.blocks[0], page) is not None for rule in rules) > 1:
                found.append(line)
    return found


CONTESTED_LINES = _removed_by_several_line_rules()
#: Pages of what the rules judge: example lines, contested lines, story prose, near misses, any text.
rule_page = st.lists(
    st.one_of(
        st.sampled_from(EXAMPLE_LINES),
        st.sampled_from(CONTESTED_LINES),
        st.sampled_from([line for _, body in STORIES[:3] for line in body.split("\n")]),
        st.sampled_from(["", "   ", "Advertisement spending rose by a tenth.", "Tags", "© ", "Share", "Related"]),
        st.text(max_size=40),
    ),
    max_size=30,
).map("\n".join)


def test_some_lines_are_contested():
    assert len(CONTESTED_LINES) >= 10, "the fused-pass property needs lines that several line rules remove"


@functools.cache
def _cleaner_without(off: frozenset[str]) -> Cleaner:
    """One cleaner per set of rules switched off, reused across examples as a cleaner is reused across pages."""
    return Cleaner(CleanConfig(**{name.replace("-", "_"): False for name in off}))


@SETTINGS
@given(rule_page, st.sets(st.sampled_from(sorted(EXAMPLES)), max_size=6))
def test_fused_line_pass_equals_each_rule_alone(text, off):
    """The cleaner runs consecutive line rules in one pass; that must equal running each rule's ``find`` in turn.

    Switching rules off changes which rules are consecutive, so the grouping varies too. The cleaner
    has seen other pages before (and this one, the second time): what it remembers must not change a verdict.
    """
    cleaner = _cleaner_without(frozenset(off))
    removed, alone = _each_rule_alone(cleaner, text)
    for _ in range(2):
        page, fused = cleaner.run_rules(text)
        assert sorted(fused) == sorted(alone)
        assert page.removed == removed
