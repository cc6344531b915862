"""The article survives: no rule takes a paragraph of prose without evidence of its own."""

from __future__ import annotations

import pytest

from cleanpress import Cleaner
from cleanpress.clean.rules.base import Page
from cleanpress.clean.rules.repeats import RepeatedLines
from cleanpress.clean.segment import segment

PARAGRAPH = (
    "The committee met for the third time this month to discuss the proposal, which would change how the "
    "district pays for its schools. Members said they expected a final vote in the spring, after two more "
    "public hearings. Several parents spoke in favour of the plan, while others asked for more time to read it."
)


def _removed_lines(text: str) -> dict[str, str]:
    page = Page(text, segment(text))
    return {text[r.start : r.end]: r.reason for r in RepeatedLines().find(page)}


def test_a_paragraph_printed_twice_is_not_a_caption():
    text = f"{PARAGRAPH}\n{PARAGRAPH}\nA shorter closing line of the article ends here."
    assert _removed_lines(text) == {}
    assert Cleaner().clean(text).text.count("The committee met for the third time") == 2


def test_a_caption_printed_twice_still_goes():
    caption = "Parents wait outside the district office on Monday evening."
    text = f"{caption}\n{caption}\n{PARAGRAPH}"
    assert set(_removed_lines(text).values()) == {"caption"}
    assert len(_removed_lines(text)) == 1  # both copies share one text; two removals
    assert sum(1 for r in RepeatedLines().find(Page(text, segment(text)))) == 2


def test_a_long_paragraph_with_a_credit_is_still_a_caption():
    caption = PARAGRAPH + " (Reuters/Jane Doe)"
    text = f"{caption}\n{caption}\n{PARAGRAPH.replace('third', 'fourth')}"
    assert sum(1 for r in RepeatedLines().find(Page(text, segment(text)))) == 2


MENU = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Jobs", "Newsletters", "© 2024 Example Media"])


def test_a_page_of_menus_gives_no_article_and_says_why():
    result = Cleaner().clean(MENU)
    assert result.text == "" and all(not s.text for s in result.stories)
    assert {r.reason for r in result.removals if r.rule == "outside-article"} == {"no-article"}
    assert "no article: no line reads as article text" in result.explain()


def test_outside_article_removals_carry_score_and_features():
    page = f"{MENU}\nCouncil Passes Budget After Long Night\n{PARAGRAPH}\n{PARAGRAPH.replace('third', 'fifth')}\nMore"
    result = Cleaner().clean(page)
    outside = [r for r in result.removals if r.rule == "outside-article"]
    assert outside
    for r in outside:
        assert r.detail is not None and r.detail.startswith("score -"), r
    # the largest terms are named in words, with their share of the score
    assert any("short line -" in r.detail for r in outside if r.detail)
    record = result.records()[0]
    details = [item.get("detail") for item in record["removed"] if item["rule"] == "outside-article"]
    assert details and all(d and d.startswith("score") for d in details)
    explained = result.explain()
    assert "outside-article: score -" in explained


def test_detail_takes_no_part_in_equality_order_or_hashing():
    from cleanpress.types import Removal

    a = Removal(0, 4, "outside-article", "before", "score -2.0; short line -1.0")
    b = Removal(0, 4, "outside-article", "before")
    assert a == b and hash(a) == hash(b) and not a < b and len({a, b}) == 1
    assert "detail" not in b.to_dict("Home") and a.to_dict("Home")["detail"].startswith("score")


def test_every_feature_has_a_label_on_both_sides():
    from cleanpress.clean.article.features import FEATURE_LABELS, FEATURE_NAMES

    assert len(FEATURE_LABELS) == len(FEATURE_NAMES)
    for low, high in FEATURE_LABELS:
        assert low and high and low != high


def test_the_explained_terms_add_up_to_the_score():
    import re

    from cleanpress.clean.article.features import page_matrix

    page = f"{MENU}\nCouncil Passes Budget After Long Night\n{PARAGRAPH}\nMore"
    cleaner = Cleaner()
    parsed, _ = cleaner.run_rules(page)
    lines, features = page_matrix(parsed)
    scores = cleaner.line_scores(parsed)
    model = cleaner.line_model
    assert scores is not None and model is not None
    for row, block in enumerate(lines):
        z = (features[row] - model.mean) / model.scale
        assert scores[block.index] == pytest.approx(float(z @ model.weights) + model.bias + model.offset)
        shown = re.findall(r" ([+-]\d+\.\d)(?:,|$)", scores.explain(block.index).split(";", 1)[-1])
        terms = sorted(z * model.weights, key=abs, reverse=True)
        # every term shown is one of the line's terms, rounded
        assert all(any(abs(float(v) - t) < 0.051 for t in terms) for v in shown)


def test_a_later_story_is_scored_as_a_page_of_its_own():
    """Where the prose lies is measured within each story: a second story's first line has no prose above it."""
    from cleanpress.clean.article.features import FEATURE_NAMES, page_matrix

    from .test_stories import BODY_A, BODY_B

    first_title, second_title = "Council Approves Budget After All-Night Debate", "Floods Hit Harbour District"
    page = f"{first_title}\nNews\n{first_title}\n{BODY_A}{second_title}\nWeather\n{second_title}\n{BODY_B}Home"
    cleaner = Cleaner()
    parsed, _ = cleaner.run_rules(page)
    second = next(b.index for b in parsed.blocks if b.norm == second_title)
    before = FEATURE_NAMES.index("prose_before")
    lines, whole = page_matrix(parsed)
    _, split = page_matrix(parsed, [0, second])
    row = next(k for k, b in enumerate(lines) if b.index == second)
    assert whole[row, before] > 0.4 and split[row, before] == 0.0
    result = cleaner.clean(page)
    assert [s.title for s in result.stories] == [first_title, second_title]
    assert all(line in result.stories[1].text for line in BODY_B.splitlines())


def test_a_title_copy_below_the_article_does_not_break_the_page():
    # the page's first line ("title") repeats below the article's two lines, and the article's
    # last sentence is printed twice: the run of the article then starts past its last kept line
    quote = (
        '"Both sides should make joint efforts to coordinate cooperation in various fields and exchanges at all '
        'levels," he said, without elaboration.\n'
    )
    text = (
        '"Both s\n"Khan has called on us to remain there till all our demands are met," he said in a video message '
        'on Saturday.\n"Both s\n' + 2 * quote
    )
    result = Cleaner().clean(text)  # raised IndexError when the run began past the last kept line
    assert result.text.startswith('"Khan has called on us')
    assert result.stories[0].title == '"Both s'
    # the headline is the title line above the article, not its copy below the article's last line
    assert [r.start for r in result.removals if r.reason == "title"] == [0]
