"""The article's region grows over lists and lead-ins on the page's layout and the article's own words."""

from __future__ import annotations

from cleanpress import Cleaner
from cleanpress.clean.article.region import listed_end, shared_vocabulary, topic_words
from cleanpress.clean.segment import segment

CLEANER = Cleaner()

HEADER = ["Home", "News", "Local", "Sport", "Weather", "Search", ""]
FOOTER = ["", "About us", "Contact", "Privacy Policy", "© 2024 The Valley Courier"]


def _blocks(text: str):
    return [b for b in segment(text) if b.norm]


def _flat(blocks, score: float = -1.0) -> dict[int, float]:
    return {b.index: score for b in blocks}


def test_a_list_and_the_paragraphs_after_it_join_the_run():
    text = "\n".join([
        "The harbour festival returns this summer with more boats than ever, the organisers said on Monday.",
        "",
        "Saturday 9 June - Harbour parade",
        "Sunday 10 June - Lifeboat open day",
        "Monday 11 June - Fireworks over the harbour",
        "",
        "The organisers of the festival expect more visitors to the harbour than last summer.",
        "",
        "Tickets for the harbour fireworks go on sale at the festival office next week.",
        "",
        "Menu",
    ])
    blocks = _blocks(text)
    assert listed_end(blocks, blocks, _flat(blocks), (0, 0), -3.0) == 5


def test_a_link_list_then_another_subject_does_not_join():
    """A related-articles list ends the article: the teaser after it speaks of something else."""
    text = "\n".join([
        "The harbour festival returns this summer with more boats than ever, the organisers said on Monday.",
        "",
        "Where to eat near the station",
        "Ten walks for a rainy weekend",
        "",
        "Our new podcast asks three chefs how they choose their wines for winter dinners.",
    ])
    blocks = _blocks(text)
    assert listed_end(blocks, blocks, _flat(blocks), (0, 0), -3.0) == 0


def test_a_line_a_rule_removed_in_the_gap_stops_the_list():
    text = "\n".join([
        "The harbour festival returns this summer with more boats than ever, the organisers said on Monday.",
        "",
        "Saturday 9 June - Harbour parade",
        "Sunday 10 June - Lifeboat open day",
        "",
        "The festival organisers expect more boats in the harbour than last summer.",
    ])
    blocks = _blocks(text)
    kept = [b for b in blocks if not b.norm.startswith("Sunday")]  # a rule removed it
    assert listed_end(blocks, kept, _flat(blocks), (0, 0), -3.0) == 0


def test_a_list_scoring_under_the_floor_does_not_join():
    text = "\n".join([
        "The harbour festival returns this summer with more boats than ever, the organisers said on Monday.",
        "Saturday 9 June - Harbour parade",
        "The festival organisers expect more boats in the harbour than last summer.",
    ])
    blocks = _blocks(text)
    scores = _flat(blocks)
    scores[blocks[1].index] = -4.0
    assert listed_end(blocks, blocks, scores, (0, 0), -3.0) == 0


def test_topic_words_and_their_share():
    assert topic_words("Die Stadt baut die Brücke, the city builds 2 bridges.") == {
        "stadt", "baut", "brücke", "city", "builds", "bridge"}
    assert shared_vocabulary("The bridges of the city", ["A city builds a bridge."]) == 1.0
    assert shared_vocabulary("Wine for winter dinners", ["A city builds a bridge."]) == 0.0
    assert shared_vocabulary("1 2 3", ["A city"]) == 0.0


def _page(body: list[str]) -> str:
    return "\n".join([*HEADER, "Harbour Festival Returns With Record Fleet", "", *body, *FOOTER])


def test_a_schedule_between_paragraphs_stays_with_the_article():
    paragraphs = [
        "The harbour festival returns this summer with more boats than ever, the organisers said on Monday.",
        "More than two hundred boats have registered for the parade, and the lifeboat crew will open its station.",
    ]
    schedule = ["Saturday 9 June - Harbour parade", "Sunday 10 June - Lifeboat open day",
                "Monday 11 June - Fireworks over the harbour"]
    later = ["The organisers of the festival expect more visitors to the harbour than last summer, when rain kept "
             "many away.",
             "Tickets for the fireworks go on sale at the festival office next week, the organisers said."]
    result = CLEANER.clean(_page([paragraphs[0], "", paragraphs[1], "", *schedule, "", later[0], "", later[1]]))
    kept = result.text.split("\n")
    for line in [*paragraphs, *schedule, *later]:
        assert line in kept, result.explain()
    assert "Privacy Policy" not in kept


def test_paragraphs_after_a_list_near_the_pages_end_stay():
    """The paragraphs after a list score low (the page's prose is above them); the list's layout keeps them."""
    first = ("The council said that the plan would be delayed until the end of the year. "
             "The council said that the budget had been cut again.")
    second = ("The council said that the road would stay closed for repairs over the summer, and critics were not "
              "convinced. The council said that the plan would be delayed until the end of the year.")
    items = ["June 9 Tampa, FL", "June 9 flour", "June 9 dried beans", "June 9 salt", "July 2 flour"]
    third = "The council said that the meeting was put off to next week, according to a statement."
    page = "\n".join(["Chinese Xi meets Russian Foreign Minister Lavrov in show of support", "",
                      "Town Council Delays Road Repairs Again", "", first, "", second, "", *items, "", third, "",
                      "ABC News"])
    result = CLEANER.clean(page)
    kept = result.text.split("\n")
    for line in [first, second, *items, third]:
        assert line in kept, result.explain()
    assert "ABC News" not in kept
