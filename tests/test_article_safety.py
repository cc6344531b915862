"""The article survives: no rule takes a paragraph of prose without evidence of its own."""

from __future__ import annotations

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
