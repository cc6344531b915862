"""The article's region grows over lists and lead-ins on the page's layout and the article's own words."""

from __future__ import annotations

from cleanpress import Cleaner
from cleanpress.clean.article.region import (
    RegionScoring,
    below_headline,
    bridged_positions,
    densest_run,
    headline_list,
    listed_end,
    paragraph_run,
    run_through,
    shared_vocabulary,
)
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


# -- a run must hold a paragraph; no bridge over other stories' headlines ------------------------------------

PORTAL_TITLES = [
    "Meghan McCain: 'The View' hosts aren't 'treated fairly'",
    "Walmart CEO: 'We could go away at any minute'",
    "Amateur MMA fighter dies after brain injury in a bout",
    "Lowe's policies leave workers 'walking on eggshells'",
    "Ex-Lions great: QB Stafford should be shut down",
]
PORTUGUESE = (
    "Viver uma verdadeira experiência amorosa é um dos maiores prazeres da vida. Gostar é sentir com a alma, "
    "mas expressar os sentimentos depende das ideias de cada um. Condicionamos o amor às nossas expectativas e "
    "esquecemos que amar é também deixar o outro ser quem ele é, sem cobranças e sem medo do que virá depois."
)


def _run_of(blocks, scores: list[float], floor: float = -3.0):
    gone = [False] * len(blocks)
    run = densest_run(blocks, RegionScoring(), gone, scores)
    return paragraph_run(blocks, gone, scores, run, scoring=RegionScoring(), floor=floor)


def test_a_story_in_another_language_outranks_a_portals_headlines():
    """The model scores each title a little above zero and the one long paragraph in another language not much
    more: the titles' run holds no paragraph, so the paragraph is the article."""
    blocks = _blocks("\n".join([*PORTAL_TITLES, "", "Só quem se Ama... — Mensagens de Reflexão", "", PORTUGUESE,
                                "", "Read More"]))
    scores = [0.52, 0.48, -0.26, 0.46, -0.5, -0.51, 0.9, -2.6]
    assert densest_run(blocks, RegionScoring(), [False] * len(blocks), scores) == (0, 3)
    assert _run_of(blocks, scores) == (6, 6)


def test_a_table_outscoring_a_stray_paragraph_stays_the_article():
    """A standings table (no paragraph) scores far above the site's appeal after it: the table stays."""
    rows = [f"{k} Driver Number{k} {5040 - 40 * k} {k % 3} 1 17 27" for k in range(1, 21)]
    appeal = ("Most of our assignments begin when readers ask us whether something is true. Those tips launch our "
              "fact-checkers on sprints that we cannot afford to slow down, and we need your support to go on.")
    blocks = _blocks("\n".join(["Pos. Driver Points Wins Poles Top 5 Top 10", *rows, "", "Support us", "", appeal]))
    scores = [1.0] + [0.8] * len(rows) + [-3.0, 1.7]
    assert _run_of(blocks, scores) == (0, len(rows))


def test_the_paragraph_must_score_at_least_the_floor():
    blocks = _blocks("\n".join([*PORTAL_TITLES, "", PORTUGUESE]))
    scores = [0.52, 0.48, -0.26, 0.46, -0.5, -3.5]
    assert _run_of(blocks, scores) == (0, 3)


def test_run_through_holds_its_line_and_ends_on_kept_lines():
    assert run_through([3.0, -5.0, 1.0, -0.5, 2.0, -4.0], [False] * 6, 2) == (2.5, 2, 4)
    # a removed line may sit inside the run but never end it
    assert run_through([1.0, 2.0, 0.5], [False, False, True], 0) == (3.0, 0, 1)


SIDEBAR_TITLES = [
    "Menkeu: Tarif Pajak Penghasilan di Indonesia Terlalu Rendah",
    "All About Life",
    "Indonesian Woman Taxi Motorbike Bring Her 2 Children",
    "How to Bring Sick People to a Doctor in Indonesia",
    "How to Get Your Body Taller",
    "The Delicious Food Pecel Bawal",
]


def test_no_bridge_over_a_list_of_other_stories_headlines():
    """A sidebar's link titles between two runs are no table of the article's: the runs are not joined."""
    lines = ["Kenapa Arab, Jepang, Korsel Kaya dan Indonesia Miskin? Sebuah pertanyaan lama yang belum terjawab.",
             *SIDEBAR_TITLES,
             "Nabi: Sesungguhnya diantara ummatku ada orang yang membaca Alquran tapi tidak melampaui tenggorokan "
             "mereka. Mereka keluar dari Islam secepat anak panah melesat dari busurnya."]
    blocks = _blocks("\n".join(lines))
    scores = _flat(blocks, -0.9)
    last = len(blocks) - 1
    assert bridged_positions(blocks, scores, (0, 0), {last}, floor=-2.0) == set()


def test_a_list_of_the_articles_own_items_is_bridged():
    """Look-alikes that stay: the schools a storm closed, a recipe's ingredients (they share the article's words),
    a table's short rows."""
    cases = [
        ("Schools across the county closed on Thursday as the storm brought down power lines.",
         ["• Bernards Township Public Schools", "• Franklin Township Public Schools",
          "• Hillsborough Township Public Schools", "• Somerset Hills School District"],
         "More schools may close on Friday if the power stays out, the county's schools office said."),
        ("This pasta with sausage and beans is the soup my family asks for all winter long.",
         ["1 pound Italian sausage meat, removed from the casings", "1 large sweet onion, chopped",
          "2 cans cannellini beans, drained and rinsed", "2 cups ditalini pasta or another short pasta"],
         "Brown the sausage meat in a large pot, add the chopped onion, then the drained beans and the pasta, and "
         "cook until the pasta is tender."),
        ("The quests of the desert region give the most experience points in the game.",
         ["Name: Escape Plan 1", "Level: 85", "NPC: Slave Jabur", "Reward: 1,800,000 experience"],
         "The second quest asks you to bring the escape plan to the slaves of the desert camp."),
    ]
    for first, items, after in cases:
        blocks = _blocks("\n".join([first, *items, after]))
        last = len(blocks) - 1
        assert bridged_positions(blocks, _flat(blocks), (0, 0), {last}, floor=-2.0) == set(range(1, last)), items


def test_headline_list_needs_titles_that_speak_of_something_else():
    article = ["The council voted to rebuild the sea wall of the harbour before the winter storms."]
    assert headline_list(SIDEBAR_TITLES, article)
    assert not headline_list(SIDEBAR_TITLES[:3], article)  # two long titles are no list
    # a schedule's bulleted items are no headlines, however Title Case they are
    assert not headline_list(["• June 9 Tampa, FL", "• June 9 West Palm Beach", "• June 9 the harbour hall",
                              "• Aug. 14 West Palm Beach"], article)
    assert not headline_list(["Sea wall of the harbour to be rebuilt before winter",
                              "Council votes to rebuild the harbour sea wall",
                              "Harbour sea wall: the council's vote in full"], article)


# -- the article's opening part between its headline and its run -------------------------------------------

OPENING = [
    "Weekend. Rain. The children ask for something out of the ordinary to do, while my own plan is to keep the "
    "house in one piece until Monday, so I suggest that we paint their favourite cartoon minions on wood.",
    "We agree to paint on a board of wood, and the minion must be colourful: yellow with blue dungarees, black "
    "goggles and white eyes, which means one stencil for each colour of the picture.",
]
MATERIALS = ["What do we need for the picture?", "A scalpel or a carpet knife", "Paint rollers", "Bowls for paint",
             "Spray glue", "Clear plastic sleeves", "A board of wood"]
STEPS = [
    "First we decide how many colours our minion will have, and we print the picture once for each colour and "
    "cut the stencil for black out of a plastic sleeve with the scalpel.",
    "The children cut the stencils for yellow, blue and white in the same way, and their hands ache by the end, "
    "but the minion on the board of wood is worth it.",
    "Then we roll each colour on the wood through its stencil, one after the other, and let the paint dry before "
    "the next colour goes on.",
]


def _opening_page(opening: list[str], between: list[str]) -> tuple[list, dict[int, float], int, int]:
    lines = ["Painting Minions With Stencils", *opening, *between, *STEPS]
    blocks = _blocks("\n".join(lines))
    scores = {b.index: (1.6 if b.norm in opening else 2.5 if b.norm in STEPS else -1.4) for b in blocks}
    return blocks, scores, len(lines) - len(STEPS), len(lines) - 1


def test_the_opening_paragraphs_above_a_list_stay_with_the_article():
    """Two paragraphs below the headline, then a list of materials, then the run: all of it is the article's."""
    blocks, scores, first, last = _opening_page(OPENING, MATERIALS)
    assert below_headline(blocks, scores, 0, (first, last), floor=-2.0) == set(range(1, first))


def test_what_stands_below_the_headline_must_be_the_articles():
    """Look-alikes that go: other stories' teasers (another subject), a caption alone (one paragraph), and an
    opening cut off by chrome (a line a rule removed, a line scoring under the floor)."""
    teasers = ["Fashion designers say whether they would dress the first lady, and some of them will not, they told "
               "reporters at a show in New York on Tuesday evening after the collections.",
               "Excellent conditions for professional trading: more than five hundred instruments, two regulators "
               "and a full dividend adjustment on every stock contract you trade with us."]
    blocks, scores, first, last = _opening_page(teasers, MATERIALS)
    assert below_headline(blocks, scores, 0, (first, last), floor=-2.0) == set()
    blocks, scores, first, last = _opening_page(OPENING[:1], MATERIALS)
    assert below_headline(blocks, scores, 0, (first, last), floor=-2.0) == set()
    blocks, scores, first, last = _opening_page(OPENING, MATERIALS)
    assert below_headline(blocks, scores, 0, (first, last), floor=-2.0, removed={blocks[4].index}) == set()
    scores[blocks[4].index] = -2.5
    assert below_headline(blocks, scores, 0, (first, last), floor=-2.0) == set()


def test_a_run_starting_past_the_last_kept_line_has_no_gap_to_bridge():
    # a run (first, last) with first past the page's lines: what a headline found below the article once gave
    kept = [b for b in segment("Title\nThe first line of the article, a sentence.\nTitle") if b.norm]
    scores = {b.index: 1.0 for b in kept}
    assert bridged_positions(kept, scores, (len(kept), 1), {2}, floor=-1.0) == set()
