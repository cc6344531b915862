"""Comment threads, author bios, moderation notes and consent dialogs: recognised by structure and vocabulary.

Every page here is written for the test in the shape such pages have (an article,
then the thing to remove), in English, German, French and Spanish; each has a
counterpart of ordinary article text with the same words that must survive.
"""

from __future__ import annotations

import pytest

from cleanpress import CleanConfig, Cleaner
from cleanpress.clean.rules.comments import DATED_SAYS, REPLY, SAYS, STAMP, comment_marker, signed_line

ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs by 2028.\n"
    "The extension will add six stops and cost an estimated 240 million euros, most of it from the state.\n"
    "Opponents argued that buses could serve the area for a fraction of the price, but lost the vote 31 to 12.\n"
    "Construction is expected to begin next spring once the final environmental review is published.\n"
)


def _rules(text: str) -> dict[str, str]:
    """Each line of ``text`` -> the rule that removed it ('' when kept), from the rules alone."""
    page, _ = Cleaner().run_rules(text)
    return {b.norm: page.removed[b.index] or "" for b in page.blocks if b.norm}


def _thread(units: list[tuple[str, str, str]]) -> str:
    return "\n".join(f"{head}\n{body}\n{reply}" for head, body, reply in units)


R, A, RE, RS = "Reply", "Antworten", "Répondre", "Responder"

THREADS = {
    "en": _thread([
        ("Maria Lopez — March 4, 2024, 7:20 pm", "Finally! I have been waiting for this tram for ten years.", R),
        ("Tom B. — March 4, 2024, 8:02 pm", "Buses would have been cheaper and faster to build, honestly.", "Reply"),
        ("Greta — March 5, 2024, 9:15 am", "Does anyone know whether the depot will move as well?", "Reply"),
    ]),
    "de": _thread([
        ("Klaus Meier 12. März 2024 um 14:03 Uhr", "Endlich kommt die Straßenbahn, das hat viel zu lange gedauert.", A),
        ("Petra S. 12. März 2024 um 15:10 Uhr", "Die Kosten sind viel zu hoch, das zahlen am Ende wieder wir.", A),
        ("Jonas 13. März 2024 um 08:45 Uhr", "Weiß jemand, ob die Haltestelle am Markt bleibt?", "Antworten"),
    ]),
    "fr": _thread([
        ("Claire D. le 3 mars 2024 à 9 h 15", "Enfin une bonne nouvelle pour les quartiers nord de la ville.", RE),
        ("Julien le 3 mars 2024 à 10 h 02", "Le budget me paraît bien optimiste, comme toujours.", "Répondre"),
        ("Sophie le 4 mars 2024 à 18 h 40", "Quelqu'un sait si le dépôt va être déplacé aussi ?", "Répondre"),
    ]),
    "es": _thread([
        ("Lucía 4 de marzo de 2024 a las 19:20", "Por fin, llevamos años esperando esta ampliación del tranvía.", RS),
        ("Carlos M. 4 de marzo de 2024 a las 20:05", "Los autobuses habrían costado mucho menos, la verdad.", RS),
        ("Ana 5 de marzo de 2024 a las 09:30", "¿Alguien sabe si cambiarán también las paradas del centro?", RS),
    ]),
}


@pytest.mark.parametrize("lang", sorted(THREADS))
def test_a_thread_after_the_article_goes_and_the_article_stays(lang: str) -> None:
    text = ARTICLE + "\n" + THREADS[lang] + "\n"
    removed = _rules(text)
    for line in ARTICLE.splitlines():
        assert removed[line] == "", line
    for line in THREADS[lang].splitlines():
        assert removed[line] != "", line
    assert "comment-thread" in removed.values()


def test_says_lines_with_dates_make_a_thread_without_reply_buttons() -> None:
    thread = "\n".join([
        "27. Jun, 2012 / Amy says:",
        "What a lovely idea, I will try it with my class next week.",
        "27. Jun, 2012 / Jessica says:",
        "We did this last year and the children still talk about it.",
        "28. Jun, 2012 / Hajar says:",
        "Thank you for sharing the worksheets, they are very clear.",
    ])
    removed = _rules(ARTICLE + thread)
    assert all(removed[line] == "comment-thread" for line in thread.splitlines())
    assert all(removed[line] == "" for line in ARTICLE.splitlines())


def test_a_long_comment_goes_with_its_thread() -> None:
    long_comment = " ".join(["I have lived on the northern edge of town for twenty years and the bus is slow."] * 8)
    thread = _thread([
        ("Maria Lopez — March 4, 2024, 7:20 pm", long_comment, "Reply"),
        ("Tom B. — March 4, 2024, 8:02 pm", "Buses would have been cheaper and faster to build, honestly.", "Reply"),
        ("Greta — March 5, 2024, 9:15 am", "Does anyone know whether the depot will move as well?", "Reply"),
    ])
    removed = _rules(ARTICLE + thread)
    assert removed[long_comment] == "comment-thread"


def test_an_article_that_quotes_people_is_not_a_thread() -> None:
    text = "\n".join([
        "The review drew sharp replies from three readers, which we print with their permission.",
        "Makali wrote:",
        "Whenever a programmer adds skins to a video player, a kitten somewhere loses its whiskers.",
        "Various people wrote:",
        "You should not even bother compiling the graphical interface into the player at all.",
        "Someone else wrote:",
        "Have you considered changing distributions before giving up on the whole thing?",
        "The author answers all three in a follow-up column next week.",
    ])
    removed = _rules(text)
    assert "comment-thread" not in removed.values()


def test_a_live_blog_with_times_is_not_a_thread() -> None:
    text = "\n".join([
        "Live: the council debate on the tram extension",
        "7:02 pm — The mayor opened the session with a statement on the budget.",
        "The opposition leader asked for the vote to be postponed until the review is published.",
        "7:15 pm — The motion to postpone was rejected by a show of hands.",
        "Councillors then turned to the question of the depot, which residents oppose.",
        "7:31 pm — The final vote: 31 in favour, 12 against, no abstentions.",
        "The extension will now go to the state for funding approval.",
    ])
    removed = _rules(text)
    assert "comment-thread" not in removed.values()


def test_the_word_reply_inside_prose_is_no_marker() -> None:
    assert comment_marker("Reply to the minister's letter came on Monday, two weeks late.") is None
    assert comment_marker("Reply") == REPLY
    assert comment_marker("[ Reply ]") == REPLY
    assert comment_marker("Antworten") == REPLY
    assert comment_marker("Reply to This Parent Share") == REPLY
    assert comment_marker("Amy says:") == SAYS
    assert comment_marker("27. Jun, 2012 / Amy says:") == DATED_SAYS
    assert comment_marker("Jeremiah Warren — July 10th, 2012, 7:20 pm") == STAMP
    # a bare date or a byline heads the article, not a comment
    assert comment_marker("Monday, September 24, 2012") is None
    assert comment_marker("Posted by Karl Fisch at 10:58 AM") is None


SIGNED_THREADS = {
    # the author line signs the comment above it (TypePad) or heads the one below it
    "en": [
        "This weather makes me weep, it is downright tear-inducing. Enough with the humidity already!",
        "Posted by: Ellen at September 10, 2012 11:40 AM",
        "Today has not broken 70 yet, so I am pretty sure we have the cool weather machine here.",
        "Posted by: Toni at September 10, 2012 12:11 PM",
        "I agree with Ellen. Our lows are in the 50's now and the highs in the 80's this week.",
        "Posted by: Mary Lynn at September 10, 2012 12:18 PM",
        "Come north, my dear, we have had sweaters on since Saturday and I love it.",
        "Posted by: Patti at September 10, 2012 12:27 PM",
    ],
    "de": [
        "Geschrieben von Klaus Meier am 12.03.2024 um 14:03",
        "Endlich kommt die Straßenbahn, das hat viel zu lange gedauert.",
        "Geschrieben von Petra S. am 12.03.2024 um 15:10",
        "Die Kosten sind viel zu hoch, das zahlen am Ende wieder wir.",
        "Geschrieben von Jonas am 13.03.2024 um 08:45",
        "Weiß jemand, ob die Haltestelle am Markt bleibt?",
    ],
    "fr": [
        "Publié par Claire D. le 03/03/2024 à 9:15",
        "Enfin une bonne nouvelle pour les quartiers nord de la ville.",
        "Publié par Julien le 03/03/2024 à 10:02",
        "Le budget me paraît bien optimiste, comme toujours.",
        "Publié par Sophie le 04/03/2024 à 18:40",
        "Quelqu'un sait si le dépôt va être déplacé aussi ?",
    ],
    "es": [
        "Publicado por Lucía el 04/03/2024 a las 19:20",
        "Por fin, llevamos años esperando esta ampliación del tranvía.",
        "Publicado por Carlos M. el 04/03/2024 a las 20:05",
        "Los autobuses habrían costado mucho menos, la verdad.",
        "Publicado por Ana el 05/03/2024 a las 09:30",
        "¿Alguien sabe si cambiarán también las paradas del centro?",
    ],
}


@pytest.mark.parametrize("lang", sorted(SIGNED_THREADS))
def test_comments_signed_by_byline_shaped_lines_go(lang: str) -> None:
    byline = "Posted by Jane Doe on March 4, 2024"  # the article's own byline, printed by another template
    thread = SIGNED_THREADS[lang]
    removed = _rules(byline + "\n" + ARTICLE + "\n" + "\n".join(thread))
    for line in ARTICLE.splitlines():
        assert removed[line] == "", line
    assert removed[byline] != "comment-thread"
    signed = [line for line in thread if signed_line(line) is not None]
    assert len(signed) >= 3
    assert all(removed[line] == "comment-thread" for line in signed)
    assert sum(removed[line] == "comment-thread" for line in thread) >= len(thread) - 1


def test_a_blog_index_of_one_authors_posts_is_no_thread() -> None:
    posts = []
    for day, text in ((19, "Marketing is a conversation, not a broadcast, and it starts with listening."),
                      (20, "The best time to start was last year; the second best time is this morning."),
                      (21, "Every project needs a deadline, otherwise it is only a hobby with a budget.")):
        posts += [f"Posted by Seth Godin on July {day}, 2012 | Permalink", text]
    removed = _rules("\n".join(posts))
    assert "comment-thread" not in removed.values()


def test_bylines_of_different_forms_are_no_thread() -> None:
    text = "\n".join([
        "Written by Philip Proefrock on 24/10/12",
        ARTICLE,
        "By Anna Meier, March 4, 2024",
        "Posted by Tom Roe at 10:58 AM",
    ])
    removed = _rules(text)
    assert "comment-thread" not in removed.values()


def test_comment_thread_can_be_switched_off() -> None:
    text = ARTICLE + "\n" + THREADS["en"]
    page, _ = Cleaner(CleanConfig(comment_thread=False)).run_rules(text)
    assert "comment-thread" not in {page.removed[b.index] for b in page.blocks}
