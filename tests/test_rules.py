"""Each cleaning rule: its example is removed by it with the exact reason; look-alike article text survives."""

from __future__ import annotations

import pytest
import regex

from cleanpress import CleanConfig, Cleaner
from cleanpress.clean.rules import RULE_TYPES, Page, vocab
from cleanpress.clean.rules.markers import LocaleMenu
from cleanpress.clean.segment import segment

# The reason each rule gives its own example, line by line: stated here, not
# read from the rule, so a changed reason key fails.
EXAMPLE_REASONS = {
    "ad-marker": ["placeholder", "ad-line", "ad-line", "widget"],
    "theme-nag": ["licence"],
    "source-link": ["source-link"],
    "back-to-top": ["navigation", "navigation", "navigation"],
    "locale-menu": ["languages"],
    "repeated-caption": ["caption", "caption"],
    "photo-caption": ["credit", "figure"],
    "header-chrome": ["weather", "date", "navigation"],
    "counter": ["counter", "counter"],
    "share-follow": ["share", "share"],
    "byline": ["byline"],
    "syndication-disclaimer": ["disclaimer"],
    "cookie-notice": ["cookie"],
    "consent-dialog": ["consent", "account"],
    "author-bio": ["bio", "contact"],
    "moderation-note": ["moderation", "moderation"],
    "subscribe-prompt": ["subscribe", "subscribe", "donation", "subscribe"],
    "footer": ["copyright", "legal-links", "licence", "affiliate"],
    "tag-list": ["tags", "filed", "filed", "archive"],
    "read-also": ["link", "link"],
    "sidebar-list": ["heading", "teaser", "teaser"],
    "comment-form": ["form", "form"],
    "comment-thread": ["author", "comment", "reply", "author", "comment", "reply", "author", "comment", "reply"],
    "about-box": ["heading", "bio"],
    "teaser": ["time-ago", "truncated"],
}

ARTICLE = (
    "The city council approved the new budget on Tuesday after a debate that lasted most of the night.\n"
    "Critics said the plan would raise property taxes for most residents by the end of next year.\n"
    "The mayor, who proposed the budget in March, said the increase was needed to repair roads and schools.\n"
)


def _reasons_on(rule_type: type, text: str) -> dict[str, tuple[str, str]]:
    """Line text -> (rule, reason) for what ``rule_type`` alone removes from ``text``."""
    page = Page(text, segment(text))
    found = {}
    for removal in rule_type().find(page):
        found[text[removal.start : removal.end].strip()] = (removal.rule, removal.reason)
    return found


def test_every_rule_is_listed_here():
    assert {t.name for t in RULE_TYPES} == set(EXAMPLE_REASONS)


@pytest.mark.parametrize("rule_type", RULE_TYPES, ids=lambda t: t.name)
def test_rule_removes_its_example_with_the_stated_reason(rule_type):
    lines = rule_type.example.split("\n")
    found = _reasons_on(rule_type, rule_type.example)
    want = EXAMPLE_REASONS[rule_type.name]
    assert len(lines) == len(want)
    for line, reason in zip(lines, want, strict=True):
        assert found.get(line.strip()) == (rule_type.name, reason), f"{line!r}: {found.get(line.strip())}"
        assert reason in rule_type.reasons


@pytest.mark.parametrize("rule_type", RULE_TYPES, ids=lambda t: t.name)
def test_rule_example_removed_inside_a_whole_page(rule_type):
    """In a page, with all rules running, the example's lines are gone from the output."""
    later = ARTICLE.replace("Tuesday", "Friday")
    page = f"Council Passes Budget After Long Night\n{ARTICLE}{rule_type.example}\n{later}"
    result = Cleaner(CleanConfig(**{rule_type.name.replace("-", "_"): True})).clean(page)  # on, if off by default
    for line in rule_type.example.split("\n"):
        assert line.strip() not in result.text.split("\n")
    assert "The mayor, who proposed the budget in March" in result.text


def test_rules_describe_themselves():
    for rule_type in RULE_TYPES:
        assert regex.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule_type.name)
        assert rule_type.description.endswith((".", ")"))
        assert rule_type.reasons and all(regex.fullmatch(r"[a-z]+(?:-[a-z]+)*", r) for r in rule_type.reasons)


# Article sentences that resemble boilerplate and must survive every rule.
LOOK_ALIKES = [
    "The advertisement ran in three newspapers last week, officials said.",
    'Asked about the delay, she paused and said: "We will see..."',
    "By the end of the year, the council will have spent most of the money on roads.",
    "Share prices fell sharply on Monday after the company warned about its profits.",
    "Read the full report, the mayor urged residents, before judging the plan.",
    "Cookies were served at the reception, and guests were asked to accept the invitation.",
    "Comments made by the minister on Friday were criticised by the opposition.",
    "Follow-up inspections found that the bridge had been repaired in 2019.",
    "Copyright law has changed little since the 1990s, the professor told reporters.",
    "Die Werbung des Konzerns wurde im Frühjahr von den Behörden verboten.",
    "Lesen und Schreiben lernen die Kinder in der ersten Klasse, sagte die Lehrerin.",
    "Le ministre a partagé son inquiétude avec les élus lors de la séance de mardi.",
    "El alcalde dijo que compartir los datos con la población era una prioridad.",
    "Tags and labels on the products were changed after the recall, the agency said.",
    "Facebook and Twitter removed the accounts on Monday, the companies said.",
    "Stay tuned for next week, when the council votes on the second half of the plan.",
    "Thanks for signing up so many volunteers, the mayor told the organisers on Friday.",
    "Facebook, Twitter, WhatsApp and Telegram were blocked for two days during the protests.",
    # look-alikes of the comment, filing, caption, sign-up, navigation, licence and affiliate vocabulary
    "Three responses to the consultation came from local fishermen, the report said.",
    "The entry was posted on the register in March, months after the sale had closed.",
    "Der Beitrag wurde am Montag veröffentlicht und löste eine heftige Debatte im Landtag aus.",
    "Readers of the newsletter were asked by email whether the paper should sign up more reporters.",
    "The company's newsletter, sent by email to 40,000 customers, never asked anyone to subscribe.",
    "Prices rose from 10 → 14 euros per tonne within a month, the ministry said in its report.",
    "The next article of the treaty sets out how members may leave the union, the court noted.",
    "The photographs are licensed under a Creative Commons licence, the museum said on Friday.",
    "Affiliate links in influencers' posts must be labelled as advertising, the regulator ruled.",
    "Readers who enjoyed the first volume should consider donating to the library's appeal, she wrote.",
    "Ihr Beitrag zur Debatte wurde im Ausschuss kaum beachtet, sagte der Abgeordnete.",
    "Das Magazin ist seit 1985 am Kiosk erhältlich und wurde zweimal verkauft.",
    "The new player requires JavaScript and Flash, which many older phones lack, the review found.",
    "Follow the money, the investigators were told, and the trail led to a harbour company.",
    "Photos from the archive may not be reproduced without the family's consent, the court ruled.",
    # look-alikes of the meta, archive, post-navigation and sign-in vocabulary
    "Turnout was 61 per cent in January 2012, February 2012, March 2012 and April 2012, the office said.",
    "Le maire a répondu aux élus mardi soir : « Nous ne céderons pas sur le budget du port »",
    "Posted prices in the harbour shops rose by a third | the council blamed the ferry operator.",
    "Readers said they had to sign in to comment on the council's website, which many found tedious.",
    "« Nous ne céderons pas », a répété le maire devant le conseil municipal mardi soir.",
    "Skip to the main results: the council approved the budget by 31 votes to 12.",
    # look-alikes of the figure, subscription-terms, newsletter and disclaimer vocabulary
    "Fig. 2 shows how the budget grew between 2019 and 2023, the auditors wrote in their report.",
    "Figure skating returned to the arena on Friday after a two-year break, the organisers said.",
    "Passengers can cancel their tickets at any time before departure, the ferry operator said.",
    "Die Mitglieder können den Vertrag jederzeit kündigen, sagte der Sprecher des Vereins am Montag.",
    "The union urged its members to subscribe to the newsletter of the workers' council this spring.",
    "All information on the tender was published without delay, the council's lawyer insisted.",
    # quotations in guillemets (French « … », Swiss «…», German »…«) are no previous/next-post links
    "«Storming the Sazerac»",
    "»Das ist ein guter Tag für den Hafen«, sagte die Bürgermeisterin am Dienstag vor dem Rat.",
    "Posted prices rose again in May. Critics said the council had ignored the warnings for months.",
    "Recent comments by the harbour master angered the ferry crews, the union said on Monday.",
    "Got questions about the new tram line? The council will hold a public meeting on Friday evening.",
    "Posted in Kabul since 2010, the general said the withdrawal would take at least two more years.",
    "The city museum released forty thousand photographs of the harbour under CC0.",
]


@pytest.mark.parametrize("sentence", LOOK_ALIKES)
def test_article_look_alikes_survive(sentence):
    page = f"Council Passes Budget After Long Night\n{ARTICLE}{sentence}\n{ARTICLE.replace('Tuesday', 'Friday')}"
    result = Cleaner().clean(page)
    assert sentence in result.text.split("\n"), [
        (r.rule, r.reason) for r in result.removals if page[r.start : r.end].strip() == sentence
    ]


# The vocabulary rules in German, French and Spanish (and English for contrast).
MULTILINGUAL = [
    ("read-also", "Lesen Sie auch: Die Bahn streikt ab Montag wieder"),
    ("read-also", "À lire aussi : le gouvernement présente son budget"),
    ("read-also", "Lea también: El gobierno presenta su presupuesto"),
    ("share-follow", "Teile diesen Beitrag auf"),
    ("share-follow", "Partager sur Facebook"),
    ("share-follow", "Compartir en Twitter"),
    ("share-follow", "Facebook Twitter E-Mail Drucken"),
    ("share-follow", "Whatsapp Facebook Pint Baixar"),
    ("share-follow", "Facebook • Twitter • Imprimer"),
    ("share-follow", "Facebook | Twitter | WhatsApp | Email"),
    ("comment-form", "Kommentar verfassen"),
    ("comment-form", "Laisser un commentaire"),
    ("comment-form", "Deja un comentario"),
    ("subscribe-prompt", "Möchten Sie weiterlesen?"),
    ("subscribe-prompt", "Abonnez-vous à notre newsletter"),
    ("subscribe-prompt", "Suscríbete a nuestro boletín"),
    ("subscribe-prompt", "Stay up to date with the Town Gazette. Subscribe to our newsletter."),
    ("subscribe-prompt", "Please, fill the form to subscribe to our newsletter"),
    ("subscribe-prompt", "You have successfully subscribed. Thank you!"),
    ("subscribe-prompt", "Bleiben Sie auf dem Laufenden und erhalten Sie einmal wöchentlich unseren Newsletter."),
    ("subscribe-prompt", "Merci pour votre inscription !"),
    ("subscribe-prompt", "Thanks for signing up!"),
    ("subscribe-prompt", "Gracias por suscribirte a nuestro boletín."),
    ("cookie-notice", "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie der Einwilligung zu."),
    ("cookie-notice", "Ce site utilise des cookies pour améliorer votre expérience. Tout accepter"),
    ("cookie-notice", "Este sitio web utiliza cookies para mejorar su experiencia."),
    ("footer", "Alle Rechte vorbehalten"),
    ("footer", "© 2024 Le Journal. Tous droits réservés."),
    ("footer", "Aviso legal | Política de privacidad"),
    ("footer", "Todos los derechos reservados."),
    ("footer", "Tous droits réservés"),
    ("tag-list", "Schlagwörter: Bahn, Streik, Verkehr"),
    ("tag-list", "Etiquetas: política, economía"),
    ("counter", "Lesezeit: 3 Minuten"),
    ("header-chrome", "Aktualisiert am 3.4.2020"),
    ("header-chrome", "Mardi 12 mars 2024"),
    ("sidebar-list", "Das könnte Sie auch interessieren"),
    ("sidebar-list", "Recent Comments"),
    ("ad-marker", "Anzeige"),
    ("ad-marker", "Publicidad"),
    ("back-to-top", "Retour en haut de la page"),
    ("byline", "Von Anna Schmidt"),
    ("photo-caption", "Foto: Anna Schmidt/dpa"),
    # comment sections and their counts, in the forms of several blog themes and languages
    ("comment-form", "7 Responses"),
    ("comment-form", "One Comment"),
    ("comment-form", "Responses (2)"),
    ("comment-form", "Vos réactions (11)"),
    ("comment-form", "No comments yet. Be the first to leave a reply!"),
    ("comment-form", "Schreibe einen Kommentar Antworten abbrechen"),
    ("comment-form", "Laisser un commentaire Annuler la réponse"),
    ("comment-form", "The letters and numbers you entered did not match the image. Please try again."),
    ("comment-form", "You can follow this conversation by subscribing to the comment feed for this post."),
    ("comment-form", "We welcome reader comments on the top stories of the day."),
    ("comment-form", "Verraten Sie gerne in den Kommentaren: Was halten Sie davon?"),
    # blog filing lines
    ("tag-list", "This entry was written by matt, posted on 10/18/2012 at 12:22 pm."),
    ("tag-list", "Dieser Beitrag wurde veröffentlicht in Reiki, Schamanismus und gekennzeichnet mit Reiki, Usui."),
    ("tag-list", "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und wurde unter"
                 " Allgemein, Tastings abgelegt."),
    ("tag-list", "Weitere Nachrichten zu: Aktien, Anleihen, Rohstoffe, Devisen"),
    # captions ending in their copyright holder
    ("photo-caption", "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO"),
    ("photo-caption", "Le piquet de grève dans le hall de l’université / (C) Kab Niang"),
    # e-mail sign-ups, donations, paywalls and print issues
    ("subscribe-prompt", "Lust auf mehr? Lass dir die besten Storys jede Woche in deinen Posteingang liefern."
                         " Melde dich hier für unseren Newsletter an!"),
    ("subscribe-prompt", "Get The Harbour Times's Daily Edition by email and never miss our top stories Free Sign Up"),
    ("subscribe-prompt", "To receive these entries once a month by e-mail, sign up for the Crypto-Gram Newsletter."),
    ("subscribe-prompt", "If you enjoyed reading this post – would you consider supporting our work? Just click here."),
    ("subscribe-prompt", "Ihr Beitrag hilft, unsere Berichterstattung weiterhin kostenlos zur Verfügung zu stellen."),
    ("subscribe-prompt", "If you’re seeing this message but you’re already a subscriber, you can log in for access."),
    ("subscribe-prompt", "Die aktuelle Ausgabe jetzt an jedem Bahnhofskiosk, im Abo und als e-Paper erhältlich."),
    ("subscribe-prompt", "Ausgabe kaufen"),
    # previous/next post links
    ("back-to-top", "← Aachen 1933 – 1945"),
    ("back-to-top", "Warum Michel Reimon nach Brüssel muss →"),
    ("back-to-top", "Previous post: Declaration of principles"),
    ("back-to-top", "« Vorige | Nächste »"),
    ("back-to-top", "Vorschau auf den nächsten Artikel"),
    ("back-to-top", "Article précédent"),
    # share and download buttons
    ("share-follow", "Den Artikel mit anderen teilen/diskutieren"),
    ("share-follow", "Dieses Skript als PDF herunterladen"),
    ("share-follow", "Télécharger au format EPUB"),
    ("share-follow", "Email This BlogThis! Share to Twitter Share to Facebook"),
    # widget notices, follow handles, blog navigation and form messages
    ("ad-marker", "Please turn on JavaScript. Media requires JavaScript to play."),
    ("ad-marker", "Bitte aktivieren Sie JavaScript, um die Kommentare zu sehen."),
    ("share-follow", "Follow @harbourtimes for breaking news and headlines."),
    ("back-to-top", "Newer Post Older Post Home"),
    ("back-to-top", "« Darkness and Light | Main | Permission To Be Bad »"),
    ("back-to-top", "« The importance of going first | Blog Home | What's in the box? »"),
    ("back-to-top", "Main | Hiram residents seek local control on fracking »"),
    ("back-to-top", "skip to main | skip to sidebar"),
    ("back-to-top", "« Campus Party Europe – Live in Berlin!"),
    ("back-to-top", "Free Speech, Context, and Visibility: Protesting Racist Ads »"),
    ("back-to-top", "View the Full Gallery »"),
    ("tag-list", "Published on December 11, 2009 in Firmware Updates. Tags: nokia n96, nokia software update."),
    ("tag-list", "Published: October 30th, 2012 | Tags: Arizona Cardinals, Carolina Panthers, Chicago Bears"),
    ("comment-form", "Hello! You need to sign in to comment. Please be courteous; see our Comment Policy."),
    ("comment-form", "Already registered? Sign in to your existing account."),
    ("comment-form", "LOGIN TO COMMENT | REGISTER TODAY"),
    ("comment-form", "* Email will not be published"),
    ("comment-form", "Got a question or comment about Inside AdWords? Send us some email."),
    ("comment-form", "Have something to say? Get in touch via email or Twitter."),
    ("comment-form", "Haben Sie Hinweise? Schreiben Sie uns an redaktion@example.de"),
    ("tag-list", "Posted in Contagious Disease, Current Events, Greece | 1 Comment »"),
    ("tag-list", "October 1st, 2012 | Tags: bodies, gender, tracking | Category: Uncategorized | 14 comments"),
    ("tag-list", "Posted by hipstomp / Rain Noe | 6 Nov 2012 | Comments (0)"),
    ("tag-list", "Posted in Middle East, Politics, Quick Takes"),
    ("tag-list", "Tagged as: fall, fall craft, tissue paper, tree"),
    ("tag-list", "Tweet Tags: Das Racist, Kool A.D."),
    ("tag-list", "Blog-Archiv Wähle den Monat Januar 2014 (1) Juli 2013 (2) Mai 2013 (1) März 2013 (1)"),
    ("tag-list", "Monat auswählen Februar 2020 (3) Januar 2020 (4) Dezember 2019 (3) November 2019 (3)"),
    ("comment-form", "Jump to comments (...)"),
    ("comment-form", "Reader comments (3)"),
    ("tag-list", "Bookmark the permalink. Follow any comments here with the RSS feed for this post."),
    ("subscribe-prompt", "Please enter a valid email address."),
    ("footer", "The material on this site may not be reproduced, distributed or otherwise used, except with the prior"
               " written permission of Example Media."),
    # figure captions, subscription terms, the site's newsletter and a disclaimer of its figures
    ("photo-caption", "Abbildung 4: klassische Schwachschicht. Der Unterschied in der Kornform ist klar ersichtlich."),
    ("photo-caption", "Figure 1. Backup, restore, import, and export your designs with the new manager."),
    ("photo-caption", "Leena Simon, CC-BY-SA 4.0"),
    ("photo-caption", "Beziehungsgeflecht der Cider Connection. Zum Vergrößern auf das Bild klicken. CC-BY-SA 2.0"),
    ("photo-caption", "Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss."),
    ("comment-form", "3. Dein Kommentar wurde als Spam identifiziert. Bitte beachte unsere Richtlinien."),
    ("comment-form", "Your comment is awaiting moderation."),
    ("subscribe-prompt", "Tú también puedes hacer periodismo incómodo. Cancela cuando quieras."),
    ("subscribe-prompt", "You will receive only the daily updates, and can unsubscribe at anytime."),
    ("subscribe-prompt", "Kostenlos. Werbefrei. Jederzeit kündbar."),
    ("subscribe-prompt", "Don't miss a post! Subscribe to our newsletter and get weekly updates."),
    ("subscribe-prompt", "Puede escribirnos o seguir a Materia en Facebook o suscribirse aquí a nuestra newsletter."),
    ("subscribe-prompt", "Did you like it? Then subscribe to our RSS feed!"),
    ("footer", "(Alle Angaben ohne Gewähr)"),
    # licence and affiliate notes
    ("footer", "Die Inhalte dieser Website sind unter einer Creative Commons-Lizenz lizenziert."),
    ("footer", "Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY"),
    ("footer", "This blog contains paid advertisements and affiliate links. Click here to learn more."),
    ("footer", "Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler."),
    ("footer", "Bei den Verlinkungen handelt es sich um Affiliate Links"),
]


@pytest.mark.parametrize(("rule", "line"), MULTILINGUAL, ids=[f"{r}:{line[:20]}" for r, line in MULTILINGUAL])
def test_vocabulary_rules_in_other_languages(rule, line):
    (rule_type,) = [t for t in RULE_TYPES if t.name == rule]
    found = _reasons_on(rule_type, line)
    assert found.get(line, (None,))[0] == rule, found


def test_comment_count_heading_takes_the_comments_after_the_article():
    comments = "Anna\nGreat piece, thanks for writing it.\nBen\nI disagree with the second point entirely."
    for heading in ("{ 74 comments… read them below or add one }", "142 Antworten zu Würde des Lebens – ein Projekt",
                    "One Response to “Paris Meetup and Upcoming Bootcamp”", "3 réponses à « Le budget »"):
        result = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}{heading}\n{comments}")
        assert "Great piece" not in result.text and heading not in result.text, heading
        assert "The mayor, who proposed the budget" in result.text


def test_bare_comment_heading_opens_the_section_only_when_comments_follow():
    thread = (
        "Anna Weber — July 10, 2012, 7:20 pm\nGreat piece, thanks for writing it.\n"
        "Ben Stone — July 10, 2012, 8:02 pm\nI disagree with the second point entirely.\n"
        "Carla Diaz — July 11, 2012, 9:15 am\nWhere can I read more about the budget?"
    )
    for heading in ("Comments", "45 Comments", "Reader comments (3)", "Kommentare"):
        result = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}{heading}\n{thread}")
        assert "Great piece" not in result.text and "read more about the budget" not in result.text, heading
        assert "The mayor, who proposed the budget" in result.text
    # a 'Comments' link followed by more of the article takes nothing with it
    after = ARTICLE.replace("Tuesday", "Friday")
    result = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}Comments\n{after}")
    assert after.strip().split("\n")[-1] in result.text


def test_a_long_filing_line_goes_whole_but_a_long_paragraph_opening_alike_stays():
    filed = (
        "This entry was posted on Saturday, August 25th, 2012 at 12:23 am and is filed under Neat Stuff, Robot Art,"
        " Robot Overlords, Robot Rock, Videos, Science, Technology, Gadgets, Toys, Home, Family, Travel, Food,"
        " Music. You can follow any responses to this entry through the RSS 2.0 feed. You can leave a response,"
        " or trackback from your own site."
    )
    assert 300 < len(filed) <= 600
    (tag_list,) = [t for t in RULE_TYPES if t.name == "tag-list"]
    assert _reasons_on(tag_list, filed)[filed] == ("tag-list", "filed")
    result = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}{filed}")
    assert "This entry was posted" not in result.text


def test_truncated_paragraph_beside_a_subheading_stays_but_a_teaser_beside_teasers_goes():
    paragraph = (
        "Wie Sie sehen, bietet der Fernsupport zahlreiche Vorteile, die sich immer mehr Unternehmen zunutze machen."
        " Können wir in Zukunft unsere Probleme selbst lösen? Man darf gespannt bleiben..."
    )
    after = ARTICLE.replace("Tuesday", "Friday")
    page = f"Fernsupport mit Datenbrillen\n{ARTICLE}{paragraph}\nAugmented Reality\n{after}"
    assert paragraph in Cleaner().clean(page).text.split("\n")
    teasers = "\n".join(
        f"Harbour {t} Opens\nThe harbour's new {t.lower()} opened on Monday. Officials said the cost had doubled since…"
        for t in ("Bridge", "Market", "School")
    )
    cleaned = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}{teasers}").text
    assert "cost had doubled" not in cleaned


def test_time_ago_in_several_languages():
    times = ("9 hours ago", "vor 3 Stunden", "il y a 2 jours", "hace 5 minutos", "1H ago", "2 days ago at 08:12 am")
    for line in times:
        assert vocab.TIME_AGO.match(line), line


def test_stamped_teaser_list_goes_as_a_whole():
    teasers = "\n".join(
        f"{t} Makes Headlines Again\nA short summary of the {t.lower()} story follows here\n{h}H ago"
        for t, h in (("Bridge", 1), ("Market", 2), ("School", 3), ("Harbour", 4))
    )
    result = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}More News\n{teasers}")
    assert "Makes Headlines Again" not in result.text and "short summary" not in result.text
    assert "The mayor, who proposed the budget" in result.text


def _unbounded_nested(pattern: str) -> bool:
    """Whether a group that repeats without bound contains an unbounded repeat (a nested quantifier)."""
    stack: list[int] = []
    escaped = False
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            stack.append(i)
        elif c == ")" and stack:
            start = stack.pop()
            after = pattern[i + 1 : i + 2]
            bounded_after = regex.match(r"\{\d+(?:,\d+)?\}", pattern[i + 1 :])
            if after in ("*", "+") or (after == "{" and not bounded_after):
                inner = pattern[start + 1 : i]
                if regex.search(r"(?<!\\)[*+]|\{\d+,\}", inner):
                    return True
        i += 1
    return False


def test_vocabulary_patterns_have_no_nested_unbounded_quantifiers():
    """Every pattern runs in time linear in the line: no (a+)+ shapes."""
    patterns = [v for v in vars(vocab).values() if isinstance(v, regex.Pattern)]
    assert len(patterns) > 20
    for pattern in patterns:
        assert not _unbounded_nested(pattern.pattern), pattern.pattern[:80]
    assert _unbounded_nested(r"^(?:a+)+$") and not _unbounded_nested(r"^(?: \S+){0,3}$")


def test_a_long_single_line_is_cleaned():
    """A 1 MB line of prose with markers in it goes through every rule (each scans it at most linearly)."""
    line = ("The council met again and talked about roads, schools and money for a long time. " * 12000) + "[ad_1]"
    result = Cleaner().clean(line)
    assert result.text.startswith("The council met again") and "[ad_1]" not in result.text


@pytest.mark.parametrize(
    "menu",
    [
        "Change edition: Brasil (português) Canada (English) Canada (français) Deutschland (Deutsch)"
        " España (español) France (français) Italia (italiano) Nederland (Nederlands)",
        # items in languages the vocabulary does not name, and no label
        "Argentina (español) Australia (English) India (मराठी) India (हिंदी) Norge (norsk, bokmål)"
        " Österreich (Deutsch) Polska (polski) Schweiz (Deutsch) Suisse (français) Sverige (svenska)",
        "日本 (日本語) 中国 (中文) Danmark (dansk) Suomi (suomi) Türkiye (Türkçe) United Kingdom (English)",
    ],
)
def test_locale_menus_go_whole(menu: str) -> None:
    text = ARTICLE + menu + "\n"
    assert _reasons_on(LocaleMenu, text) == {menu: ("locale-menu", "languages")}


@pytest.mark.parametrize(
    "line",
    [
        # a sentence naming editions: the items do not fill it
        "The guide is printed in Canada (English), Canada (français), Deutschland (Deutsch), España (español)"
        " and Italia (italiano) editions, the publisher said on Monday.",
        # four editions are no menu
        "Canada (English) Canada (français) Deutschland (Deutsch) España (español)",
        # brackets holding no language
        "Paris (France) Berlin (Germany) Madrid (Spain) Rome (Italy) Vienna (Austria) Bern (Switzerland)",
    ],
)
def test_lines_that_name_languages_stay(line: str) -> None:
    assert _reasons_on(LocaleMenu, ARTICLE + line + "\n") == {}


def test_a_recent_comments_widget_goes_with_its_items():
    widget = "Recent Comments\nCraig on Stretched Clusters? DR with SRM?\nBindu on Get the Virtual Appliance here"
    result = Cleaner().clean(f"Council Passes Budget After Long Night\n{ARTICLE}{widget}")
    assert "Craig on Stretched" not in result.text and "Bindu on" not in result.text
    assert "The mayor, who proposed the budget" in result.text
