"""The five seed pages against hand-checked expected stories (tests/golden/)."""

from __future__ import annotations

import pytest

from cleanpress import Cleaner, Document, apply_removals

from .conftest import GOLDEN, seed_paths

# Lines of junk on the seeds and the rule that must remove each: the names are
# part of the explanation contract, so a rule renamed or a removal claimed by the
# wrong rule fails here.
EXPECTED_RULES = {
    "000_1edf2283046991b8": {"TT": "ad-marker"},
    "001_8e2760d46737ed1a": {
        "31.8 C": "header-chrome",
        "Friday, November 8, 2024": "header-chrome",
        "spot_img": "ad-marker",
        "[ad_1]": "ad-marker",
        "[ad_2]": "ad-marker",
        "Source link": "source-link",
        "Related Articles": "sidebar-list",
        "Latest Articles": "sidebar-list",
    },
    "002_a3d3bdd04bcaf00f": {
        "Follow us on:": "share-follow",
        "Recent Posts": "sidebar-list",
        "9 hours ago": "sidebar-list",
    },
    "003_7ad6c0ead3abf407": {"Back to top button": "back-to-top"},
    "004_4f3983b1f7bdc804": {
        "Hi, what are you looking for?": "header-chrome",
        "Connect with us": "share-follow",
        "Written By": "byline",
        "Click to comment": "comment-form",
        "Leave a Reply": "comment-form",
    },
}


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_seed_matches_golden(path, golden):
    result = Cleaner().clean(Document(path.stem, text=path.read_text(encoding="utf-8")))
    expected = golden[path.stem]["stories"]
    assert [s.title for s in result.stories] == [e["title"] for e in expected]
    for story, want in zip(result.stories, expected, strict=True):
        assert story.text == want["text"], f"{story.id} body differs from {GOLDEN / (path.stem + '.json')}"


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_seed_junk_removed_by_named_rule(path):
    text = path.read_text(encoding="utf-8")
    result = Cleaner().clean(text)
    by_text = {text[r.start : r.end].strip(): r.rule for r in result.removals}
    for junk, rule in EXPECTED_RULES.get(path.stem, {}).items():
        assert by_text.get(junk) == rule, f"{junk!r} should be removed by {rule}, got {by_text.get(junk)}"
    theme = [r for r in result.removals if "Theme License" in text[r.start : r.end]]
    if "Theme License" in text:
        assert [r.rule for r in theme] == ["theme-nag"]


def test_multi_story_page_splits_in_two(seeds):
    result = Cleaner().clean(seeds["000_1edf2283046991b8"])
    assert len(result.stories) == 2
    first, second = result.stories
    assert "Wang Yi" in first.text and "Imran Khan" not in first.text
    assert "Imran Khan" in second.text and "Rudenko" not in second.text
    # the regions partition the page, so every removal is reported by exactly one story
    assert first.end == second.start
    assert sum(len(s.removals) for s in result.stories) == len(result.removals)


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_replaying_removals_gives_the_output(path):
    text = path.read_text(encoding="utf-8")
    result = Cleaner().clean(text)
    assert apply_removals(text, result.removals) == result.text
    for story in result.stories:
        assert apply_removals(text, story.removals, story.start, story.end) == story.text


def test_six_distinct_titles(seeds):
    titles = [s.title for text in seeds.values() for s in Cleaner().clean(text).stories]
    assert len(titles) == 6 and len(set(titles)) == 6 and all(titles)
