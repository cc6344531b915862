"""Headline detection and multi-story splitting on small synthetic pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanpress import CleanConfig, Cleaner
from cleanpress.clean.config import StoryConfig

BODY_A = (
    "The city council approved the new budget on Tuesday after a debate that lasted most of the night.\n"
    "Critics said the plan would raise property taxes for most residents by the end of next year.\n"
    "The mayor, who proposed the budget in March, said the increase was needed to repair roads and schools.\n"
    "Opposition members said they would challenge the vote in court before the new fiscal year begins.\n"
)
BODY_B = (
    "Heavy rain flooded dozens of streets in the harbour district on Wednesday, forcing shops to close early.\n"
    "Emergency crews pumped water from basements through the night while residents moved cars to higher ground.\n"
    "Forecasters said more rain was expected over the weekend and urged people to stay away from the river.\n"
    "The port authority said ferry services would resume on Thursday once the channel had been inspected.\n"
)


def test_headline_before_the_article_becomes_the_title():
    title = "Council Approves Budget After All-Night Debate"
    page = f"Home\nNews\nSport\n{title}\n{BODY_A}Related Articles\nFloods Hit Harbour"
    result = Cleaner().clean(page)
    assert result.title == "Council Approves Budget After All-Night Debate"
    assert result.text.startswith("The city council approved")
    assert "Council Approves Budget" not in result.text


def test_headline_repeated_on_the_page_is_removed_twice():
    title = "Council Approves Budget After All-Night Debate"
    result = Cleaner().clean(f"{title}\nNews\n{title}\n{BODY_A}")
    assert result.title == title
    assert title not in result.text
    assert sorted(r.reason for r in result.removals if r.rule == "headline") == ["repeat", "title"]


def test_page_without_a_headline_has_no_title():
    result = Cleaner().clean(BODY_A)
    assert result.title is None
    assert result.text == BODY_A.strip()


def test_two_stories_with_repeated_titles_split_in_two():
    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    page = f"{t1}\n{t2}\n\n{t1}\n{BODY_A}\n\n{t2}\n{BODY_B}"
    result = Cleaner().clean(page)
    assert [s.title for s in result.stories] == [t1, t2]
    assert "council" in result.stories[0].text and "harbour" not in result.stories[0].text
    assert "harbour" in result.stories[1].text and "council" not in result.stories[1].text
    assert result.stories[0].end == result.stories[1].start


def test_gap_and_title_case_start_a_new_story():
    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    result = Cleaner().clean(f"{t1}\n{BODY_A}\n\n\n{t2}\n{BODY_B}")
    assert [s.title for s in result.stories] == [t1, t2]


def test_gap_title_thresholds_come_from_the_config():
    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    page = f"{t1}\n{BODY_A}\n\n\n{t2}\n{BODY_B}"
    for stories in (
        StoryConfig(gap_blank_lines=4),
        StoryConfig(gap_title_min_words=8),
        StoryConfig(gap_title_capitalised=0.95),
    ):
        assert len(Cleaner(CleanConfig(stories=stories)).clean(page).stories) == 1, stories
    with pytest.raises(ValueError, match="gap_title_capitalised"):
        CleanConfig(stories=StoryConfig(gap_title_capitalised=60))


def test_splitting_can_be_switched_off():
    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    page = f"{t1}\n{BODY_A}\n\n\n{t2}\n{BODY_B}"
    result = Cleaner(CleanConfig(stories=StoryConfig(split=False))).clean(page)
    assert len(result.stories) == 1


def test_a_menu_of_title_case_links_does_not_split_the_story():
    menu = "\n".join(["Local News", "World News", "Sports Scores", "Weather Radar", "Business Today", "Opinion Pages"])
    later = BODY_A.replace("Tuesday", "Monday")
    page = f"{menu}\n\nCouncil Approves Budget After All-Night Debate\n{BODY_A}\n\n{menu}\n{later}"
    result = Cleaner().clean(page)
    assert len(result.stories) == 1


def test_a_short_second_block_does_not_make_a_story():
    t1 = "Council Approves Budget After All-Night Debate"
    page = f"{t1}\n{BODY_A}\n\n\nMore From Our Newsroom Today\nSign up for alerts.\n"
    result = Cleaner().clean(page)
    assert len(result.stories) == 1


def test_no_story_starts_after_the_page_footer():
    """What follows the page's copyright line (a log-in dialog, a widget) is not a new story."""
    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    footer = "© 2000-2019 Rogers Media. All rights reserved."
    split = Cleaner().clean(f"{t1}\n{BODY_A}\n\n\n{t2}\n{BODY_B}")
    assert len(split.stories) == 2
    result = Cleaner().clean(f"{t1}\n{BODY_A}\n{footer}\n\n\n{t2}\n{BODY_B}")
    assert len(result.stories) == 1
    assert result.stories[0].title == t1


# --- the headline from the page's title line -------------------------------------------------------

TITLE = "Council Approves Budget After All-Night Debate"


def test_the_title_lines_copy_wins_over_a_caption_above_the_prose():
    page = (
        f"{TITLE} - The Town Gazette\nHome\nNews\n{TITLE}\n24 July 2015\n"
        f"Media caption The mayor told reporters the vote was the hardest of her career\n{BODY_A}"
    )
    result = Cleaner().clean(page)
    assert result.title == TITLE
    assert "Media caption" not in (result.title or "")


def test_the_title_lines_copy_wins_over_a_video_players_line():
    page = f"{TITLE} | Gazette\nMenu\n{TITLE}\nReplay\nYour video will play in 00:25\n{BODY_A}"
    assert Cleaner().clean(page).title == TITLE


def test_site_name_first_in_the_title_line():
    page = f"The Town Gazette | {TITLE}\nMenu\n{TITLE}\nBy Jane Doe\n{BODY_A}"
    assert Cleaner().clean(page).title == TITLE


def test_the_sites_name_in_the_body_is_not_taken_for_the_headline():
    page = f"{TITLE} - The Washington Daily Post\nThe Washington Daily Post\n{TITLE}\nBy Jane Doe\n{BODY_A}"
    assert Cleaner().clean(page).title == TITLE


def test_without_a_copy_the_title_line_itself_is_the_headline():
    page = f"{TITLE} - The Town Gazette\nHome\nNews\nSign in to comment\n{BODY_A}"
    result = Cleaner().clean(page)
    assert result.title is not None and result.title.startswith(TITLE)
    assert result.text.startswith("The city council approved")


def test_a_story_set_into_another_pages_frame_keeps_its_own_headline():
    """The frame's title and headline above, the story's own headline right above its prose."""
    frame_title = "Floods Close Shops in the Harbour District"
    own = "Mayor Says Roads and Schools Need the Money"
    page = f"{frame_title} - Harbour News\nHome\n{frame_title}\nBy Tom Roe\nShare this\n{own}\n{BODY_A}"
    assert Cleaner().clean(page).title == own


def test_a_site_name_alone_on_the_first_line_is_no_title():
    page = f"Site News\nMenu\nCouncil passes the budget\n[ad_1]\n{BODY_A}"
    assert Cleaner().clean(page).title == "Council passes the budget"


def test_title_line_matching_ignores_case_punctuation_and_the_site():
    from cleanpress.clean.article.headline import TitleMatch

    match = TitleMatch("‘We had some issues,’ exec says | Example News")
    assert match.matches("'We Had Some Issues,' Exec Says")
    assert not match.matches("Example News")
    assert not match.matches("Exec resigns after issues")


# --- the headline is the line whose words the article holds --------------------------------------

FRAME_TITLE = "World Leaders Gather in Geneva for Climate Summit"
FRAME_CAPTION = (
    "Delegates arrive at the conference centre in Geneva on Monday morning, where the climate summit opens "
    "this week (AFP)"
)


def test_a_story_set_in_after_the_frames_caption_keeps_its_own_headline():
    """The frame's title, headline and caption above; the story's own headline after the caption."""
    own = "Council Approves Budget After All-Night Debate"
    page = (
        f"{FRAME_TITLE} | Geneva Post\nHome\nNews\n{FRAME_TITLE}\nPublished 20 November 2019\n"
        f"{FRAME_CAPTION}\nHighlights\n{own}\n{BODY_A}Related\n"
    )
    result = Cleaner().clean(page)
    assert result.title == own
    assert result.text.startswith("The city council approved")
    assert "Delegates arrive" not in result.text


def test_the_frames_title_is_no_headline_when_a_dateline_stands_above_the_prose():
    """No copy of the frame's title; the story's headline, then a dateline, then its prose."""
    own = "Mayor Says Roads and Schools Need the Money From the New Budget"
    page = f"{FRAME_TITLE} - Geneva Post\nHome\nShare\n{own}\nSPRINGFIELD, ILLINOIS\n{BODY_A}"
    assert Cleaner().clean(page).title == own


def test_a_copy_of_the_title_that_names_the_article_beats_a_subheading_above_the_prose():
    title = "Council Approves Budget After All-Night Debate"
    page = (
        f"{title} | The Town Gazette\nMenu\n{title}\nJane Doe\nFollow\nOct 18, 2019 · 8 min read\n"
        f"Why did the debate last so long?\n{BODY_A}"
    )
    result = Cleaner().clean(page)
    assert result.title == title


def test_a_subheading_after_the_lede_is_no_headline():
    """A lede, then a subheading whose words the prose below holds: the title's copy stays the headline."""
    title = "Council Approves Budget After All-Night Debate"
    lede = BODY_A.splitlines()[0]
    rest = "\n".join(BODY_A.splitlines()[1:])
    page = f"{title} - The Town Gazette\nMenu\n{title}\n{lede}\nWhy the Mayor Says Roads Need the Money\n{rest}\n"
    result = Cleaner().clean(page)
    assert result.title == title
    assert lede in result.text


@pytest.mark.parametrize(
    "line",
    [
        "22 Dec, 2016 22 Dec, 2016",
        "Tuesday 15 October 2019 by Bradley M. Kuhn",
        "Are you sure you want to delete your account?",
        "Êtes-vous sûr de vouloir supprimer votre compte ?",
        "Möchten Sie Ihr Konto wirklich löschen?",
        "CLICK FOR FULL STATE SWIM RESULTS",
        "Tested by: John Milbank RRP: £23.99 More info: www.clymer.co.uk",
        "(Artist: Elearia)",
        "Devindra Hardawar/AOL",
        "Follow the topics within this article",
    ],
)
def test_labels_dialogs_captions_and_date_lines_are_never_the_headline(line):
    from cleanpress.clean.article.headline import is_label_line

    assert is_label_line(line)
    title = "Council Approves Budget After All-Night Debate"
    page = f"{title} - The Town Gazette\nMenu\n{title}\nNews\n{line}\n{BODY_A}"
    assert Cleaner().clean(page).title == title
    # with no copy of the title on the page, the title line stands: never the label
    assert Cleaner().clean(f"{title} - The Town Gazette\nMenu\n{line}\n{BODY_A}").title != line


@pytest.mark.parametrize(
    "headline",
    [
        "Council Approves Budget After All-Night Debate",
        "Why the council approved the budget after an all-night debate",
        "Le conseil municipal adopte le budget après un long débat",
        "Stadtrat beschließt Haushalt nach nächtlicher Debatte",
    ],
)
def test_headlines_are_not_labels(headline):
    from cleanpress.clean.article.headline import is_label_line

    assert not is_label_line(headline)


def test_a_teaser_between_the_headline_and_the_prose_is_not_kept():
    """A related story's teaser standing right above the prose: the article starts after it."""
    title = "Council Approves Budget After All-Night Debate"
    teasers = "Floods Close Shops in the Harbour District\nThe Mayor Opens a New Library on Main Street\n"
    result = Cleaner().clean(f"{title} - The Town Gazette\nMenu\n{teasers}{BODY_A}")
    assert result.title is not None and result.title.startswith(title)
    assert "Library" not in result.text and "Floods" not in result.text


def test_a_title_with_a_subtitle_names_its_headline():
    """A title line of the headline's sentence, a subtitle and the site: the headline alone is its copy."""
    from cleanpress.clean.article.headline import TitleMatch

    match = TitleMatch("Council Approves Budget. How the debate ran all night… | by Jane Doe | Gazette")
    assert match.matches("Council Approves Budget")
    assert not match.matches("How the debate ran all night")


# --- what does not open a story ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Devindra Hardawar/AOL",  # a photographer's credit under each picture
        "(Artist: Elearia)",  # a parenthesised caption
        "Eat Every Two to Three Hours",  # a recipe's recurring step, with prose between its copies
        "and here:",  # a lead-in to a quotation, recurring
    ],
)
def test_a_line_recurring_across_the_prose_opens_no_story(line):
    """A line printed again with prose between its copies is a caption or a recurring label, not a
    headline printed twice (as a link and above its article)."""
    paragraphs = (BODY_A + BODY_B).splitlines()
    # first printed after the article's opening paragraphs, then again after each of the next ones
    page = f"{TITLE}\n" + "\n".join(paragraphs[:4]) + "\n" + "\n".join(f"{line}\n{p}" for p in paragraphs[4:]) + "\n"
    assert len(Cleaner().clean(page).stories) == 1


def test_a_headline_printed_twice_still_opens_a_story():
    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    result = Cleaner().clean(f"{t1}\n{BODY_A}\n{t2}\nBy Jane Doe\n{t2}\n{BODY_B}")
    assert [s.title for s in result.stories] == [t1, t2]


def test_a_title_over_a_list_of_teasers_opens_no_story():
    """A Title Case line after a gap, heading a list of teasers rather than prose, is no new story."""
    teasers = "\n".join(
        f"Readers Share Their Favourite Harbour Walks Number {n}\nA short teaser line {n}" for n in range(8)
    )
    closing = "The council will meet again next month to vote on the final budget and the new road plan."
    page = f"{TITLE}\n{BODY_A}\n\n\nMore Great Stories From Our Newsroom\n{teasers}\n{BODY_B}{closing}\n"
    assert len(Cleaner().clean(page).stories) == 1


# --- property: a label is never the headline, the title's copy is (hypothesis) -------------------------


_GOLDEN = sorted((Path(__file__).resolve().parent / "golden").glob("*.json"))
_STORIES = [
    (story["title"], [p for p in story["text"].split("\n") if p.strip()])
    for path in _GOLDEN
    for story in json.loads(path.read_text(encoding="utf-8"))["stories"]
]
#: Headline-shaped lines that label something else, in the languages of the dev data.
_LABELS = [
    "Are you sure you want to delete your account?",
    "Möchten Sie Ihr Konto wirklich löschen?",
    "¿Estás seguro de que quieres eliminar tu cuenta?",
    "Voulez-vous vraiment supprimer votre compte ?",
    "Tuesday 15 October 2019 by Jane Doe",
    "22 Dec, 2016 22 Dec, 2016",
    "WATCH THE FULL VIDEO HERE",
    "Photo: Jane Doe / Reuters",
    "Jane Doe/AFP",
    "(Artist: Jane Doe)",
    "Follow the topics within this article",
    "More info: www.example.com",
    "Replay",
    "Your video will play in 00:25",
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_STORIES),
    st.lists(st.sampled_from(_LABELS), min_size=1, max_size=3),
    st.sampled_from([" - ", " | ", " – "]),
)
def test_the_titles_copy_is_the_headline_whatever_labels_stand_before_the_prose(story, labels, separator):
    title, paragraphs = story
    page = "\n".join([f"{title}{separator}The Example Post", "Home", "News", title, *labels, *paragraphs])
    result = Cleaner().clean(page)
    assert result.title == title
    assert not any(label in (s.title or "") for s in result.stories for label in labels)


def test_a_cleaners_memory_of_story_heads_changes_no_split(monkeypatch):
    """The cleaner remembers which lines may head a story; pages split the same cold, warm, or with the memory
    emptied every few lines."""
    from cleanpress.clean import stories

    t1, t2 = "Council Approves Budget After All-Night Debate", "Floods Close Shops in the Harbour District"
    pages = [
        f"{t1}\n{t2}\n\n{t1}\n{BODY_A}\n\n{t2}\n{BODY_B}",
        f"Home\nNews\n{t2}\n\n{t1}\n{BODY_B}\n\n{t1}\n{BODY_A}",
        f"{t1}\n{BODY_A}\n\n\nFloods Close Shops In The Harbour District\n{BODY_B}",
        f"Menu\n{t1}\n{BODY_A}Related\n{t2}",
    ]
    cold = [Cleaner().clean(p) for p in pages]
    assert [len(r.stories) for r in cold] == [2, 2, 2, 1]
    warm = Cleaner()
    assert [warm.clean(p) for p in pages + pages] == cold + cold
    assert warm._heads  # the memory was used
    monkeypatch.setattr(stories, "HEADS_KEPT", 2)
    small = Cleaner()
    assert [small.clean(p) for p in pages + pages[::-1]] == cold + cold[::-1]
    assert len(small._heads) <= 2
