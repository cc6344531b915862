"""Consent and account dialogs, author bios and moderation notes: removed on explicit evidence only.

Pages are written for the test in the shape such pages have; each kind has a
counterpart of ordinary article prose with the same words that must survive.
"""

from __future__ import annotations

import pytest

from cleanpress import CleanConfig, Cleaner
from cleanpress.clean.rules import Page
from cleanpress.clean.rules.policies import AboutBox
from cleanpress.clean.segment import segment

ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs by 2028.\n"
    "The extension will add six stops and cost an estimated 240 million euros, most of it from the state.\n"
    "Opponents argued that buses could serve the area for a fraction of the price, but lost the vote 31 to 12.\n"
    "Construction is expected to begin next spring once the final environmental review is published.\n"
)


def _removed_by(text: str, config: CleanConfig | None = None) -> dict[str, str]:
    """Each line of ``text`` -> the rule that removed it ('' when kept), from the rules alone."""
    page, _ = Cleaner(config).run_rules(text)
    return {b.norm: page.removed[b.index] or "" for b in page.blocks if b.norm}


CONSENT_LINES = [
    "I agree to the processing of my personal data in accordance with the Privacy Policy.",
    "By clicking Subscribe, you agree to our Terms of Use and acknowledge our Privacy Policy.",
    "Ich willige in die Verarbeitung meiner personenbezogenen Daten gemäß der Datenschutzerklärung ein.",
    "J'accepte que mes données personnelles soient utilisées conformément à la politique de confidentialité.",
    "He leído y acepto la política de privacidad y el tratamiento de mis datos personales.",
]


@pytest.mark.parametrize("line", CONSENT_LINES)
def test_consent_statements_go(line: str) -> None:
    assert _removed_by(ARTICLE + line)[line] == "consent-dialog"


@pytest.mark.parametrize(
    "line",
    [
        "Are you sure you want to delete your account?",
        "Möchten Sie Ihr Konto wirklich löschen?",
        "Êtes-vous sûr de vouloir supprimer votre compte ?",
        "¿Estás seguro de que quieres eliminar tu cuenta?",
    ],
)
def test_account_dialog_questions_go(line: str) -> None:
    assert _removed_by(ARTICLE + line)[line] == "consent-dialog"


@pytest.mark.parametrize(
    "line",
    [
        "I agree with the mayor that the tram is overdue, but the budget worries me.",
        "By using census data, the researchers showed how little privacy the old registers offered.",
        "The regulator said users must agree to the processing of their data before any tracking begins.",
        "Are you sure the tram will be finished by 2028, one councillor asked the engineers.",
    ],
)
def test_prose_about_agreement_and_privacy_stays(line: str) -> None:
    assert _removed_by(ARTICLE + line)[line] == ""


COOKIE_DIALOG = [
    "Privacy Overview",
    "This website uses cookies to improve your experience while you navigate through the website. Out of these,"
    " the cookies that are categorized as necessary are stored on your browser as they are essential for the"
    " working of basic functionalities of the website. We also use third-party cookies that help us analyze and"
    " understand how you use this website.",
    "Necessary",
    "Always Enabled",
    "Necessary cookies are absolutely essential for the website to function properly. This category only includes"
    " cookies that ensure basic functionalities and security features of the website. These cookies do not store"
    " any personal information.",
    "Non-necessary",
    "Any cookies that may not be particularly necessary for the website to function and are used specifically to"
    " collect user personal data via analytics, ads and other embedded contents are termed non-necessary cookies.",
    "Save & Accept",
]


def test_a_cookie_settings_dialog_goes_whole_its_long_explanations_too() -> None:
    removed = _removed_by(ARTICLE + "\n".join(COOKIE_DIALOG))
    for line in COOKIE_DIALOG:
        assert removed[line] != "", line
    assert sum(removed[line] == "consent-dialog" for line in COOKIE_DIALOG) >= 5
    for line in ARTICLE.splitlines():
        assert removed[line] == ""


def test_an_article_about_cookie_law_stays() -> None:
    article = [
        "The European court ruled on Thursday that websites must ask before they store cookies on a visitor's"
        " computer, even when the cookies hold no personal data.",
        "Necessary cookies, such as those that keep a shopping basket, remain exempt, the judges said, but"
        " advertising cookies need the visitor's explicit consent.",
        "Privacy groups welcomed the ruling, while publishers warned that consent banners would multiply and that"
        " readers already click 'Accept' without reading.",
        "The ruling applies in all member states from next year.",
    ]
    removed = _removed_by("\n".join(article))
    assert all(removed[line] == "" for line in article)


def test_consent_dialog_can_be_switched_off() -> None:
    line = CONSENT_LINES[0]
    assert _removed_by(ARTICLE + line, CleanConfig(consent_dialog=False))[line] == ""


BIO_ON = CleanConfig()  # author-bio and moderation-note are on by default
MODERATION_ON = CleanConfig()


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe is a staff writer at The Town Gazette covering transport and housing. She is based in Leeds.",
        "Mark di Stefano is a breaking news reporter for the Daily Wire and is based in Sydney, Australia.",
        "About the author: Tom is the founder of this site and has been writing about money since 2005.",
        "Anna Meier ist Redakteurin im Ressort Politik und lebt mit ihrer Familie in Berlin.",
        "Claire Dupont est journaliste indépendante et vit à Lyon depuis dix ans.",
        "Ana Ruiz es periodista especializada en urbanismo y vive en Madrid.",
        "Have a tip? Jane Doe may be reached at jdoe@example.com. Follow her on Twitter @janedoe.",
    ],
)
def test_author_bios_go(line: str) -> None:
    assert _removed_by(ARTICLE + line)[line] == "author-bio"
    assert _removed_by(ARTICLE + line, CleanConfig(author_bio=False))[line] == "", "author-bio can be switched off"


@pytest.mark.parametrize(
    "line",
    [
        # an article introduces a person by their job: no bio detail (where they live, what they cover)
        "Maria Lopez is a freelance writer who lost her flat when the landlord sold the building.",
        "The mayor is a former reporter who lives in the north of town and takes the tram every day.",
        "Maria Lopez is a nurse who lives in Queens and works night shifts at the county hospital.",
    ],
)
def test_people_in_the_article_are_no_bios(line: str) -> None:
    assert _removed_by(ARTICLE + line, BIO_ON)[line] == ""


@pytest.mark.parametrize(
    "line",
    [
        "All comments are moderated, so your comment may take a while to appear. Please be respectful.",
        "All comments will be published after moderation",
        "Kommentare werden moderiert. Bitte bleiben Sie sachlich und beim Thema.",
        "Les commentaires sont modérés : merci de rester courtois, nous nous réservons le droit de les supprimer.",
        "Los comentarios son moderados. Por favor, sé respetuoso con los demás.",
        "We ask that comments are civil and free of libellous or hateful material.",
        "Ihr Kommentar wird von einem Moderator überprüft, bevor er auf der Website erscheint.",
        "Bitte achten Sie bei Ihren Kommentaren auf die Netiquette.",
    ],
)
def test_moderation_notes_go(line: str) -> None:
    assert _removed_by(ARTICLE + line, MODERATION_ON)[line] == "moderation-note"
    assert _removed_by(ARTICLE + line, CleanConfig(moderation_note=False))[line] != "moderation-note"


@pytest.mark.parametrize(
    "line",
    [
        # German "sie" (they) is not the reader's "Sie": an article about how a platform moderates posts
        "Alle markierten Posts werden von Moderatoren geprüft. Abschließend werden sie gelöscht oder freigegeben.",
        "The minister's comments on civil rights drew criticism, we reported on Monday.",
        "Les commentaires du ministre ont été modérés par ses conseillers, selon le journal.",
    ],
)
def test_articles_about_moderation_and_comments_stay(line: str) -> None:
    assert _removed_by(ARTICLE + line, MODERATION_ON)[line] == ""


def test_news_about_moderation_stays() -> None:
    line = "The platform said comments that break its community standards will be removed within a day."
    assert _removed_by(ARTICLE + line, MODERATION_ON)[line] == ""


ABOUT_BOXES = [
    [
        "About the author",
        "Jane Doe is a staff writer who covers transport and housing. She lives in Leeds with two dogs.",
    ],
    [
        "About Jane Doe",
        "Jane Doe is a freelance journalist based in Leeds and writes about cities, trains and the people in them.",
    ],
    [
        "About Becky",
        "Hi, I'm Becky. I live in Atlanta and write about food, design and the odd home repair on this blog.",
    ],
    [
        "Über Moritz Bachmann",
        "Als Inbound Sales Manager bildet Moritz Bachmann die Schnittstelle zwischen Marketing und Vertrieb.",
    ],
    [
        "Über mich",
        "Ich bin Anna, Bloggerin aus Hamburg, und schreibe hier seit 2015 über Reisen mit Kindern und wenig Geld.",
    ],
    [
        "À propos de l'auteur",
        "Claire Dupont est journaliste indépendante et vit à Lyon, où elle écrit sur l'urbanisme et les transports.",
    ],
    [
        "About Nicholas Griffin",
        "I founded this blog to give the UK the tech news it needed, after years of reading American blogs.",
    ],
    [
        "Sobre Carlos Nadalim",
        "Carlos Nadalim es fundador de la escuela Mundo Mágico y vive en Londrina con su familia desde 2001.",
    ],
]


@pytest.mark.parametrize("box", ABOUT_BOXES, ids=lambda box: box[0])
def test_about_boxes_go_heading_and_paragraph(box: list[str]) -> None:
    alone = CleanConfig(byline=False, author_bio=False)  # the rules that may take a bio's lines first
    removed = _removed_by(ARTICLE + "\n".join(box), alone)
    assert [removed[line] for line in box] == ["about-box", "about-box"]
    assert all(removed[line] == "" for line in ARTICLE.splitlines())
    assert all(_removed_by(ARTICLE + "\n".join(box))[line] != "" for line in box)
    off = _removed_by(ARTICLE + "\n".join(box), CleanConfig(byline=False, author_bio=False, about_box=False))
    assert off[box[0]] != "about-box"


@pytest.mark.parametrize(
    "section",
    [
        # an article's own section about its subject: the paragraph says nothing of a job or a life
        [
            "About Python",
            "Python is an interpreted, object-oriented programming language with dynamic semantics and many users.",
        ],
        # the heading names one subject, the paragraph another
        [
            "About Tesla",
            "The council said the new charging stations would be built by the end of the year on three car parks.",
        ],
        # a menu item: no paragraph under it
        ["About us", "Contact", "Imprint"],
        # a long section under an about heading is the article's, not a box
        ["About the author", " ".join(["She was born in Leeds and has lived there as a reporter for years."] * 12)],
    ],
    ids=lambda s: s[0],
)
def test_article_sections_and_menus_are_no_about_box(section: list[str]) -> None:
    removed = _removed_by(ARTICLE + "\n".join(section))
    assert all(removed[line] != "about-box" for line in section[1:])


def test_about_box_under_a_heading_another_rule_took_and_with_label_lines() -> None:
    # "About the author..." is removed as a byline label first, a bare "About" as a legal link; "About Me" is
    # followed by a profile's label lines
    for box in (
        ["About", "Letters of Note is a blog that gathers fascinating letters, postcards and telegrams each day."],
        ["About the author...", "Hi I am Jeremy and this is my blog. I write about marketing and run a company."],
        ["About Me", "Name: copyranter", "Location: New York, New York",
         "I have been an NYC advertising copywriter for 19 years and I write this blog about the ads I hate."],
    ):
        removed = _removed_by(ARTICLE + "\n".join(box))
        assert removed[box[-1]] == "about-box", box
        assert all(removed[line] == "" for line in ARTICLE.splitlines())


def test_a_menu_about_link_takes_no_article_paragraph_across_removed_lines() -> None:
    # the 'About' link of a menu, then lines other rules removed, then the article's first paragraph
    first = "I have other sheep that are not of this fold, he wrote in his blog."
    assert _removed_by(f"About\nSubscribe\nSkip to content\n{first}\n{ARTICLE}")[first] == ""


PROFILE_BOX = [
    "Alina Chau",
    "Thank you for visiting my blog. Professionally, I am a 3D story artist. For fun, I do gallery exhibitions.",
    "View my complete profile",
]


def test_a_profile_box_goes_above_its_closing_link() -> None:
    removed = _removed_by(ARTICLE + "\n".join(PROFILE_BOX))
    assert [removed[line] for line in PROFILE_BOX[1:]] == ["about-box", "about-box"]
    assert all(removed[line] == "" for line in ARTICLE.splitlines())
    text = ARTICLE + "\n".join(PROFILE_BOX)
    page = Page(text, segment(text))
    reasons = {text[r.start : r.end]: r.reason for r in AboutBox().find(page)}
    assert reasons == {PROFILE_BOX[1]: "bio", PROFILE_BOX[2]: "link"}


def test_the_last_article_paragraph_above_a_bare_profile_link_stays() -> None:
    # no name or label line above the paragraph: the paragraph is the article's, whatever follows it
    page = ARTICLE + "View my complete profile"
    removed = _removed_by(page)
    assert all(removed[line] == "" for line in ARTICLE.splitlines())


LONG_BIO = (
    "Ingrid Lunden is a reporter for The Harbour Times, joining in February 2012, based out of London. She comes from"
    " a trade paper, where she was a staff writer, and has also written for the Financial Times and others about"
    " media, mobile and the business of technology in Europe, the Middle East and Africa. Follow her on Twitter."
)


def test_a_bio_goes_whole_past_the_shared_limit_but_a_long_paragraph_about_a_reporter_stays() -> None:
    assert len(LONG_BIO) > 300
    assert _removed_by(ARTICLE + LONG_BIO)[LONG_BIO] == "author-bio"
    # a paragraph of the same length that opens on a reporter but gives no detail of a bio stays
    story = (
        "Ingrid Lunden is a reporter whose questions at the council meeting on Tuesday led the mayor to admit that the"
        " tram budget had been underestimated by a third. The admission came after two hours of debate, and the"
        " opposition demanded that the figures be checked by the state auditor before any contract is signed."
    )
    assert len(story) > 300
    assert _removed_by(ARTICLE + story)[story] == ""
