"""The article's region grows over lists and lead-ins on the page's layout and the article's own words."""

from __future__ import annotations

from cleanpress import Cleaner
from cleanpress.clean.article.region import listed_end, shared_vocabulary
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


def test_shared_vocabulary_counts_content_words_only():
    assert shared_vocabulary("The bridges of the city", ["A city builds a bridge."]) == 1.0
    assert shared_vocabulary("Wine for winter dinners", ["A city builds a bridge."]) == 0.0
    assert shared_vocabulary("Die Brücke über den Fluss", ["Der Fluss und die neue Brücke."]) == 1.0
    assert shared_vocabulary("of the and with", ["A city"]) == 0.0


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
    third = ("The council said that the road repairs would now start after the end of the year, "
             "according to a statement.")
    page = "\n".join(["Chinese Xi meets Russian Foreign Minister Lavrov in show of support", "",
                      "Town Council Delays Road Repairs Again", "", first, "", second, "", *items, "", third, "",
                      "ABC News"])
    result = CLEANER.clean(page)
    kept = result.text.split("\n")
    for line in [first, second, *items, third]:
        assert line in kept, result.explain()
    assert "ABC News" not in kept


ARTICLE = [
    "Residents of Harbour Town voted on Saturday to borrow four million pounds to rebuild the sea wall that "
    "collapsed during the storms of last winter.",
    "",
    "The council had warned that without repairs the lower streets would flood again at the next spring tide, "
    "putting about two hundred homes at risk.",
    "",
    "Work on the new sea wall is due to start in May and should take eighteen months, the council's engineer told "
    "the meeting.",
]


def _with_standfirst(line: str) -> str:
    return "\n".join([*HEADER, "Harbour Town Votes to Rebuild Its Sea Wall", "", line, "", "By Jane Doe",
                      "12 March 2024", "Share", "", *ARTICLE, *FOOTER])


def test_the_standfirst_below_the_headline_stays():
    line = "The town will borrow millions to rebuild the wall that the winter storms destroyed."
    result = CLEANER.clean(_with_standfirst(line))
    kept = result.text.split("\n")
    assert line in kept, result.explain()
    assert "By Jane Doe" not in kept
    assert result.title == "Harbour Town Votes to Rebuild Its Sea Wall"


def test_a_notice_or_another_headline_below_the_headline_goes():
    for line in ["Your browser is out of date, please update it for the best experience on our site.",
                 "Ten Things To Do In Harbour Town This Weekend With The Whole Family"]:
        kept = CLEANER.clean(_with_standfirst(line)).text.split("\n")
        assert line not in kept


def test_a_standfirst_the_lead_repeats_goes():
    """A summary copied from the article's first paragraph would be printed twice."""
    line = ARTICLE[0].split(" to borrow")[0] + " to borrow four million pounds for the sea wall."
    result = CLEANER.clean(_with_standfirst(line))
    assert result.text.split("\n").count(ARTICLE[0]) == 1
    assert line not in result.text.split("\n")
