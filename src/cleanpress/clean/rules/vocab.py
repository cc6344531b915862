"""Boilerplate vocabulary, grouped by concept, in several languages.

Only tables and compiled patterns live here; the rules that use them are in
the sibling modules. Patterns are anchored, match whole normalised lines
(case-insensitively), and contain no nested quantifiers, so each runs in time
linear in the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import regex

_ASCII_DIGIT = re.compile(r"[0-9]")


def may_hold_digit(norm: str) -> bool:
    """False only when ``norm`` certainly has no ``\\d`` (an ASCII line without 0-9): a prefilter.

    :data:`DATE_LINE`, :data:`SHORT_DATE`, :data:`WEATHER` and
    :data:`PUBLISHED_STAMP` all need a digit.
    """
    return not norm.isascii() or _ASCII_DIGIT.search(norm) is not None


def _whole_line(*alternatives: str) -> regex.Pattern[str]:
    body = "|".join(f"(?:{a})" for a in alternatives)
    return regex.compile(rf"^(?:{body})\W{{0,3}}$", regex.IGNORECASE | regex.V1)


#: Placeholders left where ads and widgets were: ``[ad_1]``, ``spot_img``.
AD_PLACEHOLDER = regex.compile(
    r"\[\s*(?:ad|ads|advert|advertisement|banner|sponsor)[_\s-]?\d*\s*\]|\bspot_img\b|\{\{\s*ad[^}]{0,40}\}\}",
    regex.IGNORECASE,
)

#: Lines that only announce an ad or an interruption of the article.
AD_LINE = _whole_line(
    r"advertisement",
    r"advertising",
    r"sponsored(?: content| post)?",
    r"ad",
    r"ads",
    r"tt",
    r"story continues below(?: this)?(?: advertisement| ad)?",
    r"article continues below(?: this)?(?: advertisement| ad)?",
    r"continue reading (?:the )?(?:main )?(?:story|article)(?: below)?",
    r"scroll (?:down )?to continue(?: reading)?",
    r"anzeige",
    r"werbung",
    r"publicit[ée]",
    r"publicidad",
    r"pubblicit[àa]",
    r"publicidade",
    r"advertentie",
    r"reklama",
    r"реклама",
    r"广告",
)

#: A media player's or widget's notice that it needs JavaScript or Flash: "Media requires JavaScript and Adobe Flash to
#: play.", "Please enable JavaScript to view the comments powered by Disqus.", "Bitte aktivieren Sie JavaScript …".
WIDGET_NOTICE = regex.compile(
    r"\b(?:requires? (?:javascript|(?:adobe )?flash(?: player)?)(?: and (?:adobe )?flash(?: player)?)? to (?:play|view|watch|see|use)"
    r"|please (?:enable|turn on|activate) javascript"
    r"|javascript (?:is (?:not )?(?:enabled|disabled|required)|must be enabled)|bitte aktivieren sie (?:javascript|flash)"
    r"|javascript (?:ist )?deaktiviert|activ(?:ez|er) (?:le )?javascript|habilit(?:a|e|ar) (?:el )?javascript)\b",
    regex.IGNORECASE,
)

#: Nags from unlicensed themes and plugins.
THEME_NAG = regex.compile(
    r"\b(?:theme|plugin|template)\s+licen[cs]e\s+(?:is\s+)?not\s+(?:validated|activated|valid)"
    r"|\bto\s+validate\s+the\s+licen[cs]e\b",
    regex.IGNORECASE,
)

#: Links to the original of a syndicated story.
SOURCE_LINK = _whole_line(
    r"source link",
    r"source(?:s)?",
    r"read (?:the )?(?:full|original) (?:story|article)(?: here)?",
    r"originally published (?:at|on|by) .{1,60}",
    r"quelle",
    r"source de l'article",
    r"fuente",
    r"fonte",
)

#: Page furniture that sends the reader elsewhere.
BACK_TO_TOP = _whole_line(
    r"back to top(?: button)?",
    r"(?:scroll|go|jump) to top",
    r"nach oben(?: scrollen)?",
    r"zur[üu]ck nach oben",
    r"retour en haut(?: de la page)?",
    r"haut de page",
    r"volver arriba",
    r"torna su",
    r"skip to (?:main )?content",
    # a blog template's skip links on one line: "skip to main | skip to sidebar"
    r"skip to (?:main|sidebar|navigation|content)(?: ?\| ?skip to (?:main|sidebar|navigation|content)){1,2}",
    r"zum inhalt springen",
    r"aller au contenu",
    r"saltar al contenido",
)

#: Links to the previous and next post, alone on a line: "← Older title", "Newer title →", "Previous post: Title",
#: "« Previous Post | Next post »", "Nächster Beitrag: …", "Article précédent", "Entrada anterior". An arrow alone
#: frames a title only as "←" before or "→" after it (quotation marks « » frame quotes in French and German).
POST_NAVIGATION = _whole_line(
    r"← ?\S.{2,120}|\S.{2,120} →",
    r"(?:«|‹|<<?) ?(?:previous|prev|older|newer|next|vorige|vorheriger?|nächster?|précédent|anterior)\b.{0,120}",
    r"(?:previous|prev|older|newer|next) (?:post|entry|article|story|comments)\b(?: ?[:»›>→|] ?.{0,120})?",
    r"(?:vorheriger|voriger|nächster|älterer|neuerer) (?:beitrag|artikel|eintrag)\b(?: ?[:»›>→|] ?.{0,120})?",
    r"vorschau auf den (?:nächsten|vorherigen) (?:beitrag|artikel)",
    r"(?:newer posts?|older posts?|home)(?: (?:newer posts?|older posts?|home)){1,2}",
    r"(?:article|billet) (?:précédent|suivant)\b(?: ?[:»›>→|] ?.{0,120})?",
    r"(?:entrada|art[íi]culo|noticia) (?:anterior|siguiente)\b(?: ?[:»›>→|] ?.{0,120})?",
    # the previous and next post around the blog's main page: "« Older title | Main | Newer title »"
    r"(?:«|‹) ?\S.{0,120}? \| (?:main|home|blog home)(?: \| \S.{0,120}?(?:»|›))?",
    r"(?:main|home|blog home) \| \S.{0,120}?(?:»|›)",
    # a title with the guillemet pointing the way, the other one nowhere on the line (a French quotation closes what it
    # opens, a German one opens with » and closes with «): "« Campus Party Europe – Live in Berlin!", "Title next »"
    r"(?![^»›]{0,200}[»›])(?:«|‹) ?\S[^«‹]{2,120}|(?![^«‹]{0,200}[«‹])[^»›]{2,120}\S ?(?:»|›)",
)

#: The languages of a locale menu, each named in itself: "Canada (français)", "Schweiz (Deutsch)", "Brasil (português)".
_ENDONYMS = (
    "english|español|espanol|français|francais|deutsch|português|portugues|italiano|nederlands|polski|svenska|dansk"
    "|norsk|suomi|türkçe|turkce|čeština|cestina|magyar|română|romana|ελληνικά|русский|українська|עברית|العربية"
    "|日本語|中文|简体中文|繁體中文|한국어|bahasa indonesia|bahasa melayu|tiếng việt|ไทย|हिन्दी|català|catala"
)
#: One item of a locale menu: a place (a capital, at most three words) and, in brackets, its language named in itself.
LOCALE_ITEM = regex.compile(rf"[\p{{Lu}}\p{{Lo}}][\p{{L}}\p{{M}}.'&-]*(?: [\p{{L}}\p{{M}}.'&-]+){{0,2}} \((?i:{_ENDONYMS})\)")

#: A network or button of a share bar (not "x", which also stands for a close button or a multiplication).
_SHARE_ITEM = (
    r"(?:facebook|twitter|whatsapp|pinterest|pint|linkedin|reddit|tumblr|telegram|xing|flipboard|messenger|e-?mail"
    r"|print|drucken|imprimir|imprimer|stampa|tweet|share|teilen|partager|compartir|condividi|baixar|copy link"
    r"|link kopieren|google\+?|instagram|youtube|sms|pocket|vk|weibo|mastodon|bluesky|threads)"
)

#: Share and follow prompts.
SHARE_FOLLOW = _whole_line(
    r"(?:follow|like|join|find|connect with) us(?: on| at)?(?: \S+){0,3}",
    r"share(?: this)?(?: article| story| post| page)?(?: on| via)?(?: \S+){0,2}",
    r"(?:tweet|pin|email|print|whatsapp|telegram|facebook|twitter|linkedin|reddit|x|flipboard|messenger|copy link)",
    r"(?:click to )?share on (?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|telegram|email)(?: \(opens in new window\))?",
    r"email this ?blogthis!?(?: ?share to (?:twitter|facebook|pinterest|x)){0,3}",
    r"(?:follow|folgen sie|suivez) @\w{2,30}(?: (?:on|auf|sur) (?:twitter|x|instagram))?(?: (?:for|für|pour) .{1,80})?",
    r"(?:subscribe|sign up)(?: to)?(?: our)? newsletter",
    r"teilen",
    r"(?:jetzt )?teilen(?: auf \S+)?",
    r"(?:den |diesen )?(?:artikel|beitrag) (?:mit (?:anderen|freunden) )?teilen(?:/diskutieren| und diskutieren)?",
    r"(?:(?:dieses?|diesen|den) \S+ )?als pdf (?:herunterladen|downloaden|speichern)|t[ée]l[ée]charger (?:au format|en) (?:pdf|epub)"
    r"|download (?:as (?:a )?pdf|(?:this|the) (?:article|story|post|page) as (?:a )?pdf)|descargar (?:en )?pdf",
    r"folg(?:en sie|t) uns(?: auf \S+)?",
    r"partager(?: sur \S+)?",
    r"suivez-nous(?: sur \S+)?",
    r"compartir(?: en \S+)?",
    r"s[ií]guenos(?: en \S+)?",
    r"condividi(?: su \S+)?",
    r"seguici(?: su \S+)?",
    r"teile (?:diesen|den) (?:beitrag|artikel)(?: auf)?(?: \S+)?",
    r"(?:mit freunden|artikel|beitrag) teilen",
    r"(?:möchten sie |willst du )?(?:den|diesen) (?:artikel|beitrag) teilen\??",
    r"url (?:zum kopieren|kopieren)|link kopieren|copy (?:the )?link",
    r"follow .{1,40} on (?:twitter|facebook|instagram|linkedin|x|youtube|tiktok)\b.{0,160}",
    # a share bar rendered as one line: two or more network names and share buttons ("Whatsapp Facebook Pint Baixar")
    rf"{_SHARE_ITEM}(?:[ |·•,/]{{1,5}}{_SHARE_ITEM}){{1,9}}",
)

#: Header chrome: search prompts, greetings, "connect" banners.
HEADER_CHROME = _whole_line(
    r"(?:hi|hey|hello)[,!]? what are you looking for\??",
    r"(?:type|press enter) to search.{0,30}",
    r"search(?: for)?(?: \S+){0,2}",
    r"menu",
    r"(?:main |site )?navigation",
    r"toggle navigation",
    r"close(?: menu| search)?",
    r"home",
    r"log ?in|sign ?in|register|sign up|subscribe|my account",
    r"trending(?: now| news| topics)?",
    r"breaking(?: news)?",
    r"suche",
    r"startseite",
    r"anmelden|einloggen|registrieren",
    r"rechercher",
    r"accueil",
    r"connexion",
    r"buscar",
    r"inicio",
    r"cerca",
)

#: Headings that open a list of links to other stories.
SIDEBAR_HEADING = _whole_line(
    r"(?:related|recent|latest|popular|trending|featured|recommended|more|top|similar|other|most (?:read|popular|viewed|shared))"
    r"(?: \S+){0,1} (?:articles?|posts?|stories|news|headlines|reads?|videos?|content)",
    r"related",
    # a widget listing the latest comments on the site's posts ("Recent Comments": "Jane on Post title")
    r"(?:recent|latest) comments",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    r"(?:also )?read (?:also|more|next)",
    r"more (?:from|on|in|about) .{1,40}",
    r"don'?t miss",
    r"editor'?s picks?",
    r"in (?:other|case you missed|the) news",
    r"what to read next",
    r"(?:weitere|verwandte|ähnliche|neueste|aktuelle) (?:artikel|beiträge|nachrichten|themen|meldungen)",
    r"das (?:könnte|dürfte) sie (?:auch )?interessieren",
    r"(?:lesen sie|lies) (?:auch|mehr)",
    r"mehr zum thema",
    r"meistgelesen",
    r"articles? (?:similaires|liés|récents|connexes)",
    r"(?:à|a) lire (?:aussi|également)",
    r"sur le même sujet",
    r"(?:art[íi]culos|noticias) (?:relacionad[oa]s|recientes)",
    r"te puede interesar",
    r"tambi[ée]n te puede interesar",
    r"lee también",
    r"articoli correlati",
    r"leggi anche",
    r"gerelateerde artikelen",
    r"siehe auch|lust auf mehr\??|passend (?:dazu|zum thema)|auch interessant",
    r"(?:weitere|andere|aktuelle|neueste) (?:aktuelle )?(?:nachrichten|infos|informationen|beiträge|themen|meldungen|dossiers)"
    r"(?: \S+){0,4}",
    r"(?:otras|últimas|más) noticias|más sobre .{1,40}|(?:altre|ultime) notizie|autres articles|(?:à|a) découvrir",
    r"beliebte beiträge(?: zum thema)?|(?:seit \d+ tagen )?am meisten (?:gelesen|kommentiert|reaktionen)|meistgelesene? (?:artikel|beiträge)?",
    r"related coverage|more (?:stories|news)|most (?:read|popular)|top stories|mehr aus (?:der|dem) .{1,40}",
)

#: Comment sections and forms.
COMMENT_FORM = _whole_line(
    r"leave a (?:reply|comment)",
    r"(?:post|add|write) a comment",
    r"click (?:here )?to comment",
    r"\d* ?comments?",
    r"comments? (?:are )?closed\.?",
    r"your email address will not be published\.?(?: required fields are marked \*?)?",
    r"required fields are marked \*?",
    r"cancel reply",
    r"(?:name|email|website|comment) ?\*?",
    r"save my name, email, and website in this browser for the next time i comment\.?",
    r"you must be logged in to post a comment\.?",
    r"(?:kommentar(?:e)?|kommentieren|schreibe einen kommentar|antworten)",
    r"ihre e-mail-adresse wird nicht veröffentlicht\.?(?: erforderliche felder sind mit \* markiert\.?)?",
    r"laisser un commentaire|laisser une r[ée]ponse|commentaires?",
    r"votre adresse (?:e-mail|email|de messagerie) ne sera pas publi[ée]e\.?.{0,60}",
    r"deja un comentario|deja una respuesta|comentarios?",
    r"tu direcci[óo]n de correo electr[óo]nico no ser[áa] publicada\.?.{0,60}",
    r"lascia un commento|commenti",
    r"kommentar (?:verfassen|hinzufügen|schreiben|abgeben)|kommentieren sie hier|hinterlasse (?:eine antwort|einen kommentar)",
    r"(?:neueste|letzte|alle) kommentare|kommentare (?:anzeigen|lesen)|vos réactions|réagir|r[ée]pondre",
    r".{0,120}\bcomments? (?:are|will be) moderated\b.{0,120}",
    r"e-mail \(wird (?:benötigt|nicht veröffentlicht).{0,60}",
    # a comment count standing alone: "7 Responses", "One Comment", "Responses (2)", "Vos réactions (11)", "No comments yet"
    r"(?:no comments|(?:\d+|one|ein|eine|keine|un|une|aucun|una|ningún) (?:comments?|responses?|replies|antworten|kommentare?"
    r"|r[ée]ponses?|commentaires?|r[ée]actions?|respuestas?|comentarios?))(?: yet| bisher)?(?:\W{0,3} (?:add your comment|be the first to"
    r" (?:comment|leave a (?:reply|comment))))?",
    r"(?:reader )?(?:comments?|responses?|kommentare|antworten|vos r[ée]actions|r[ée]actions|commentaires|comentarios)"
    r" ?[(\[] ?(?:\d+|\.\.\.|…) ?[)\]]|(?:jump|skip|go) to (?:the )?comments(?: [(\[](?:\d+|\.\.\.|…)[)\]])?",
    # the sign-in a comment form asks for: "Hello! You need to sign in to comment.", "LOGIN TO COMMENT | REGISTER TODAY",
    # "Already registered? Sign in to your existing account.", "* Email will not be published"
    r"(?:(?:hello|hi)\W{1,2})?you (?:need|must|have) to (?:be )?(?:sign(?:ed)? ?in|log(?:ged)? ?in|register(?:ed)?)(?: first)?"
    r" (?:to|before you) (?:comment|post (?:a )?comments?|reply)\b.{0,100}",
    r"(?:please )?(?:sign|log) ?in to (?:comment|post (?:a )?comments?)(?: ?\| ?(?:register|sign up)(?: today| now| free)?)?",
    r"already registered\? (?:sign|log) ?in\b.{0,80}|something to say\? .{0,60}\blog ?in\b.{0,20}",
    r"\*? ?(?:your )?e-?mail(?: address)? will (?:not|never) be (?:published|shared|displayed)\b.{0,60}",
    # the form's own buttons run together: "Schreibe einen Kommentar Antworten abbrechen"
    r"(?:leave a (?:reply|comment) )?cancel reply|(?:schreibe einen kommentar |hinterlasse einen kommentar )?antworten abbrechen"
    r"|(?:laisser un commentaire )?annuler la r[ée]ponse|(?:deja un comentario )?cancelar (?:la )?respuesta",
)

#: The sentences of a comment form, whole lines tried only when :func:`may_be_comment_note` finds their words:
#: the site inviting comments and letters ("We welcome reader comments …", "We want to hear what you think about
#: this article. Submit a letter to the editor …", "Verraten Sie gerne in den Kommentaren: …") and the captcha,
#: error and feed lines of hosted blog platforms' comment forms.
COMMENT_NOTE = _whole_line(
    r"we welcome (?:reader |your )?comments\b.{0,160}|we want to hear what you think about this (?:article|story|post)\b.{0,120}"
    r"|(?:verraten|sagen|schreiben) sie (?:uns )?(?:es )?(?:gerne )?in (?:den|die) kommentar(?:en|e)?\b.{0,120}",
    # the site asking for tips and feedback, and how to send them: "Got a question or comment about Inside AdWords? Send
    # us some email.", "Have something to say? Get in touch via email or Twitter.", "Haben Sie Hinweise? Schreiben Sie uns"
    r"(?:do you )?(?:have|got) (?:a |any )?(?:(?:hot )?news |story )?(?:tips?|questions?(?: or comments?)?|story ideas?"
    r"|something to (?:say|share))(?: (?:about|for) .{1,60}?)?\? .{0,40}?\b(?:send|e-?mail|tell us|contact|get in touch"
    r"|write to us|use the form)\b.{0,100}"
    r"|(?:haben sie|hast du) (?:einen hinweis|hinweise|fragen|anregungen)\? .{0,40}?\b(?:schreiben sie|schreib|kontakt\w*"
    r"|mail|melden sie)\b.{0,100}",
    r"(?:the )?letters and numbers you (?:entered|see)\b.{0,160}|as a final step before posting your comment\b.{0,160}"
    r"|having trouble reading this image\?.{0,60}|your comment could not be posted\b.{0,80}"
    r"|(?:you can )?follow this conversation by subscribing to the comment feed\b.{0,80}"
    r"|listed below are links to (?:weblogs|blogs|sites) that reference\b.{0,160}"
    r"|(?:the fine print: )?the following comments are owned by whoever posted them\b.{0,100}"
    r"|thank you\. your (?:reply|comment) has been submitted\b.{0,120}",
    # the form's message on the reader's comment: "3. Dein Kommentar wurde als Spam identifiziert. Bitte beachte …",
    # "Your comment is awaiting moderation."
    r"(?:\d+\. )?(?:dein|ihr|your|votre|tu|su) (?:kommentar|comment|commentaire|comentario) (?:wurde|was|has been|is|est"
    r"|ha sido|está)\b.{0,160}",
)
_COMMENT_NOTE_HINT = re.compile(
    "welcome|hear what|kommentar|letters and numbers|final step|trouble reading|could not be posted|this conversation"
    "|listed below|owned by|been submitted|tip|question|something to|story idea|hinweis|fragen|anregungen|comment|coment"
)


def may_be_comment_note(low: str) -> bool:
    """False only when the lower-cased line certainly is no :data:`COMMENT_NOTE` (a prefilter)."""
    return _COMMENT_NOTE_HINT.search(low) is not None


#: A comment section's bare heading: "Comments", "45 Comments", "Reader comments (3)", "Kommentare", "Discussion".
#: Alone it may be a link; the comment-section rule asks the lines after it to look like comments.
COMMENT_HEADING = _whole_line(
    r"(?:\d+ |no |reader |user |leser)?(?:comments?|kommentare?|commentaires?|comentarios?|r[ée]actions|discussion"
    r"|diskussion|responses|antworten)(?: ?[(\[] ?\d+ ?[)\]])?",
)

#: Opening lines of a comment section: everything after them is comments.
COMMENT_SECTION_START = regex.compile(
    r"^(?:leave a (?:reply|comment)|(?:\d+|one|no|ein|eine|un|une|una) (?:comments?|responses?|replies|thoughts?|antworten"
    r"|kommentare?|gedanken|r[ée]ponses?|commentaires?|respuestas?|comentarios?) (?:on|to|zu|auf|à|sur|a|en|para) .{1,120}"
    # a theme's count and invitation between the article and its comments: "{ 74 comments… read them below or add one }"
    r"|[{(\[] ?\d+ comments?(?:\W{0,3} read them below or add one)? ?[})\]]"
    r"|schreibe einen kommentar|laisser un commentaire|deja un comentario|lascia un commento)\W{0,3}$",
    regex.IGNORECASE,
)

#: The buttons under each comment of a thread, alone on a line: "Reply", "[ Reply ]",
#: "Antworten", "Répondre", "Responder", "Reply to this comment", "Like · Reply · Report".
REPLY_BUTTON = _whole_line(
    r"\[? ?(?:reply|antworten|beantworten|r[ée]pondre|responder|contestar|rispondi) ?\]?"
    r"(?:[ |·•]{1,5}(?:to (?:this|this comment|this post)|(?:to this )?parent|share|delete|report(?: abuse)?|like"
    r"|quote|permalink|flag|melden|zitieren|signaler|citer|denunciar|citar|↓|\d{1,4})){0,4}",
    r"reply to (?:this|this comment|this post|comment|this parent)(?:[ |·•]{1,5}share)?",
    r"(?:like|quote|report|permalink|share|flag|edit|gefällt mir|melden|zitieren|j'aime|me gusta)"
    r"(?:[ |·•]{1,5}(?:reply|antworten|r[ée]pondre|responder|report|quote|share|like|melden|\d{1,4})){1,4}",
    r"auf diesen kommentar antworten|répondre à ce commentaire|responder a este comentario",
    r"log ?in (?:or register )?to (?:post comments|reply)|(?:zum )?antworten (?:bitte )?(?:einloggen|anmelden)",
    r"se connecter pour r[ée]pondre|inicia sesi[óo]n para responder",
)

#: A comment's author line that ends in a verb of speaking: "Amy says:", "K. G. Schneider wrote:",
#: "Anna sagt:", "Pierre a écrit :", "Juan dijo:". At most ~12 words before it.
COMMENT_SAYS = regex.compile(
    r"^\S.{0,100}?\s(?:says|said|wrote|writes|replied|schreibt|schrieb|sagt|sagte|meint|dit|a écrit|écrit|a dit"
    r"|dice|dijo|escribe|escribió|respondió|scrive|ha scritto)\s*:\s*$",
    regex.IGNORECASE,
)

#: Bylines and credit labels standing alone on a line.
CREDIT_LABEL = _whole_line(
    r"written by",
    r"(?:posted|published|reported|edited|compiled) by(?: .{1,40})?",
    r"by [\p{Lu}][\p{L}'.-]+(?: [\p{Lu}][\p{L}'.-]+){0,3}(?:,? (?:and|&) [\p{Lu}][\p{L}'.-]+(?: [\p{Lu}][\p{L}'.-]+){0,3})?",
    r"author",
    r"about the author",
    r"von [\p{Lu}][\p{L}'.-]+(?: [\p{Lu}][\p{L}'.-]+){0,3}",
    r"par [\p{Lu}][\p{L}'.-]+(?: [\p{Lu}][\p{L}'.-]+){0,3}",
    r"por [\p{Lu}][\p{L}'.-]+(?: [\p{Lu}][\p{L}'.-]+){0,3}",
    r"autor(?:in)?",
    r"auteur",
    r"(?:by|von|par|por|de|door|di|od):",
    r"\(?(?:additional )?(?:reporting|writing|editing|research) by .{1,200}",
    r"(?:by|von|par|por) [\p{Lu}][^.!?]{0,60}(?:\d{4}-\d\d-\d\d|\d{1,2}:\d\d)[^.!?]{0,40}",
)

#: Syndication disclaimers, usually in parentheses at the end of a story.
SYNDICATION_DISCLAIMER = regex.compile(
    r"^\(?\s*(?:disclaimer\s*:?\s*)?(?:this|the) (?:story|article|report|content)"
    r" (?:was|has been|is) (?:automatically )?(?:generated|published|auto-generated|taken|sourced)"
    r" from (?:a |the )?(?:syndicated|news agency|agency|wire)"
    r"|^\(?\s*disclaimer\s*:",
    regex.IGNORECASE,
)

#: Photo credits: agency names and "Photo:" labels that mark a caption.
_PHOTO_ALTERNATIVES = (
    r"\((?:[^()]{0,80}/)?(?:reuters|ap|afp|epa|getty images|sputnik|xinhua|anadolu|dpa|ansa|efe|pool)[^()]{0,80}\)\s*$",
    r"\b(?:epa|afp|ap|reuters|getty images|shutterstock|dpa|efe|ansa|xinhua)(?:/[\p{L} .'-]{2,60})+\s*$",
    r"^(?:photo|image|picture|foto|bild|credit|image credit|photo credit|crédit photo|fotografía|beitragsbild|titelbild"
    r"|headerbild|teaserbild|artikelbild)\s*:",
    r"\b(?:photo|image|picture|foto|bild)\s*:\s*[\p{L} .'/-]{2,60}$",
    r"\((?:photo|image|foto|bild)[^()]{0,80}\)\s*$",
    r"^(?:photo|photograph|image|picture|foto|bild)s? (?:by|von|de|par)\b.{0,80}$",
    r"^(?:photo|image|picture|foto|bild) (?:copyright|credit|source|quelle)\b.{0,80}$",
    r"^(?:photo|image|picture|foto|bild|slide) \d{1,3} (?:of|von|de|sur|di) \d{1,3}$",
    r"^cr[ée]dits? photos?\s*:",
    r"^(?:bildquelle|fotoquelle|quelle foto|fotocredit)\s*:",
    r"^(?:beitragsbild|titelbild|bild anzeigen|bild vergrößern|zum vergrößern.{0,40}|foto|fotos|bildergalerie)\W{0,3}$",
    r"^[\p{Lu}][\p{L}.-]{1,20} ?/ ?[\p{Lu}][\p{L}.'-]{1,20}(?: [\p{Lu}][\p{L}.'-]{1,20}){0,2}$",
)
PHOTO_CREDIT = regex.compile("|".join(f"(?:{a})" for a in _PHOTO_ALTERNATIVES), regex.IGNORECASE)

#: A caption or credit that ends in its image's Creative Commons licence: "Leena Simon, CC-BY-SA 4.0", "Firmen- und
#: Beziehungsgeflecht der Cider Connection. Zum Vergrößern auf das Bild klicken. CC-BY-SA 2.0".
#: The licence stands apart as a credit does (after a comma, a full stop, a dash or a bracket), not as the object of a
#: sentence ("… released the images under CC0.").
CAPTION_LICENCE = regex.compile(
    r"(?:^|[,.;:|/)–—-] ?|\( ?)(?:cc[- ]by(?:[- ](?:sa|nc|nd)){0,3}|cc0)(?: \d\.\d)?\)?\W{0,2}$", regex.IGNORECASE
)

#: A figure's numbered caption: "Abbildung 4: klassische Schwachschicht.", "Figure 1. Backup and restore …", "Bild2: …",
#: "Abb. 3: …", "Fig. 2 – …", "Grafik 1: …".
FIGURE_LABEL = regex.compile(
    r"^(?:abbildung|abb\.|figure|fig\.|grafik|schaubild|bild|image|illustration|figura|imagen|gráfico) ?\d{1,3}[a-z]?"
    r"\s?(?:[:.]|[–—-] )\s?\S",
    regex.IGNORECASE,
)

#: A caption that ends in its image's copyright holder: "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO
#: BERTORELLO", "Le piquet de grève dans le hall / (C) Kab Niang", "… verwendet. - © jollier_ - stock.adobe.com".
#: At least three words before the sign; the holder a name (no year: "© 2024 Example" is a page's copyright line).
CAPTION_COPYRIGHT = regex.compile(
    r"^(?=(?:\S+\s+){2})\S.{6,}?\s(?:[-–/|]\s)?(?:©|(?-i:\(C\)))\s?"
    r"(?!all rights|alle rechte|tous droits|todos los|copyright)[\p{L}][\p{L}\d .,/_&'-]{0,60}$",
    regex.IGNORECASE,
)

def _photo_alternatives() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """:data:`PHOTO_CREDIT` split into its ``^``-anchored alternatives and the rest.

    Searching the whole pattern tries every alternative at every position of
    the line; the anchored ones need only be tried at the start, and the rest
    each need a '/', a ':' or a closing ')' at the end of the line.
    """
    # the one anchored alternative with \\p{…} needs a '/': it joins the rest, so the
    # anchored part has an ``re`` twin for ASCII lines
    anchored = [a for a in _PHOTO_ALTERNATIVES if a.startswith("^") and "\\p" not in a]
    rest = [a for a in _PHOTO_ALTERNATIVES if a not in anchored]
    assert all("/" in a for a in rest if a.startswith("^"))
    return (
        regex.compile("|".join(f"(?:{a})" for a in anchored), regex.IGNORECASE),
        regex.compile("|".join(f"(?:{a})" for a in rest), regex.IGNORECASE),
    )




def has_photo_credit(norm: str) -> bool:
    """``bool(PHOTO_CREDIT.search(norm))`` for a normalised line, faster.

    >>> has_photo_credit("A man walks by. (Reuters/Jane Doe)"), has_photo_credit("Photo: Jane Doe")
    (True, True)
    >>> has_photo_credit("The council met on Tuesday.")
    False
    """
    if _PHOTO_ANCHORED_match(norm):
        return True
    if "/" not in norm and ":" not in norm and not norm.endswith(")"):
        return False
    return bool(_PHOTO_REST.search(norm))


#: Weather readings in header bars: ``31.8 C``, ``-3°F``, ``12 °C Berlin``.
WEATHER = regex.compile(r"^-?\d{1,3}(?:[.,]\d)?\s*°?\s*[CF](?:\s+[\p{L} ,.-]{1,40})?$")

_MONTHS = (
    r"jan(?:uary|uar|vier|eiro)?|feb(?:ruary|ruar)?|févr(?:ier)?|fevereiro|mar(?:ch|s|z|zo|ço)?|märz|apr(?:il)?|avril|abril|"
    r"may|mai|mayo|maio|maggio|jun(?:e|i|io|ho)?|juin|giugno|jul(?:y|i|io|ho)?|juillet|luglio|aug(?:ust)?|août|agosto|"
    r"sep(?:t|tember|tembre|tiembre|tembro)?|settembre|oct(?:ober|obre)?|okt(?:ober)?|octubre|outubro|ottobre|"
    r"nov(?:ember|embre|iembre|embro)?|dec(?:ember)?|dez(?:ember|embro)?|déc(?:embre)?|diciembre|dicembre|"
    r"enero|febrero|gennaio|febbraio|aprile|janeiro"
)
_WEEKDAYS = (
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica"
)

#: A line that is only a date (optionally a weekday and a time): header bars, datelines.
DATE_LINE = regex.compile(
    rf"^(?:(?:{_WEEKDAYS})\.?,?\s+)?(?:"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}"
    rf")(?:,?\s+(?:at\s+|um\s+|à\s+|-\s+)?\d{{1,2}}[:.h]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*(?:uhr|[A-Z]{{2,4}}))?)?\W{{0,3}}$",
    regex.IGNORECASE,
)

#: A comment's date: a date with a month name or in digits, or a clock time, somewhere in a short line
#: ("Jeremiah Warren — July 10th, 2012, 7:20 pm", "am 12. März 2020 um 14:03 Uhr", "le 3 mars 2021 à 9 h 15").
COMMENT_STAMP = regex.compile(
    rf"(?:\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{_MONTHS})\b"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./](?:19|20)?\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
    rf"|\b\d{{1,2}}(?::\d\d|\s?h\s?\d\d)\s*(?:[ap]\.?m\.?|uhr|h)?\b"
    rf"|\b(?:\d+|an?|one)\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b"
    rf"|\bvor\s+\d+\s+(?:minuten|stunden|tagen|wochen|monaten|jahren)\b|\bil y a\s+\d+\s+(?:minutes|heures|jours)\b"
    rf"|\bhace\s+\d+\s+(?:minutos|horas|d[íi]as)\b)",
    regex.IGNORECASE,
)

#: Relative times under teasers: "9 hours ago", "vor 3 Stunden", "il y a 2 jours".
TIME_AGO = regex.compile(
    r"^(?:(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"(?:\s+at\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?"
    r"|\d{1,3}\s?[smhdw] ago(?: \d+ (?:photos|videos|comments))?"
    r"|vor\s+(?:\d+|einer?|einem)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)"
    r"|il\s+y\s+a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)"
    r"|hace\s+\d+\s+(?:segundos?|minutos?|horas?|d[íi]as?|semanas?|meses?|años?)"
    r"|\d+\s+(?:ore|giorni|minuti)\s+fa"
    r"|just now|yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy)\W{0,3}$",
    regex.IGNORECASE,
)

@lru_cache(maxsize=4096)
def is_truncated(norm: str) -> bool:
    """Whether a line ends like a teaser cut short (only its tail is scanned).

    >>> is_truncated("The minister said the plan would…"), is_truncated('He said "wait..." and left.')
    (True, False)
    """
    tail = norm[-40:]
    if "..." not in tail and "…" not in tail:  # every match holds an ellipsis: a cheap test first
        return False
    return bool(TRUNCATED.search(tail))


#: A teaser cut short: ends in an ellipsis (after a word, not a quote's "...").
TRUNCATED = regex.compile(r"\w\s?(?:\.\.\.|…)\s*(?:\[?(?:read more|more|weiterlesen|lire la suite|leer más|continua)\]?)?\s*$",
                          regex.IGNORECASE)

#: Labels that introduce a link to another story inside or after the article:
#: "Read more: …", "Lesen Sie auch: …", "Lea también: …", "À lire aussi".
READ_ALSO_LABEL = regex.compile(
    r"^(?:(?:also |further )?read(?: more| also| next)?|related(?: coverage| content| stories| reading)?|see also|more on this"
    r"|recommended(?: reading)?"
    r"|(?:lesen sie|lies) (?:auch|mehr|weiter)(?: die folgenden beiträge)?|(?:zum )?weiterlesen|siehe auch|mehr zum thema|mehr dazu"
    r"|das (?:thema )?(?:könnte|dürfte) (?:sie|dich) (?:auch )?interessieren|auch interessant|passend dazu|empfehlung"
    r"|(?:à|a) lire (?:aussi|également)|lire aussi|voir aussi|(?:à|a) (?:voir|découvrir)|sur le même (?:sujet|thème)"
    r"|lea (?:también|además|más)|lea|lee (?:también|más)|mira|puedes ver|ver también|te puede interesar|relacionad[oa]s?"
    r"|veja (?:também|mais)|leia (?:também|mais)|saiba mais"
    r"|leggi (?:anche|pure)|vedi anche|czytaj (?:też|także|więcej)|zobacz (?:też|także)"
    r"|lees ook|meer over)"
    r"\s*[:>»›|-]",
    regex.IGNORECASE,
)

#: Cookie and consent banners: a mention of cookies with a consent verb.
COOKIE_WORD = regex.compile(r"\bcookie|\bdatenschutz|\bconsent\b|\bprivacy (?:policy|settings)\b|\bconfidentialit", regex.IGNORECASE)
COOKIE_NAG = regex.compile(
    r"\b(?:(?:we|this (?:web)?site|our (?:web)?site) uses? cookies|accept (?:all|cookies)|reject all|enable or disable|"
    r"cookie (?:settings|policy|preferences|consent)|strictly necessary|alle akzeptieren|einwilligung|"
    r"verwendet cookies|nutzt cookies|setzt cookies|cookie-einstellungen|was sind cookies|tout accepter|tout refuser|"
    r"utilise des cookies|aceptar (?:todas|cookies)|utiliza cookies|usa cookies|accetta tutti|utilizza (?:i )?cookie)\b",
    regex.IGNORECASE,
)

#: Newsletter, subscription and paywall prompts.
SUBSCRIBE_NAG = regex.compile(
    r"^(?:(?:sign up|subscribe|register)(?: now| today)?(?: for| to)? (?:our|the|a|free)\b.{0,80}"
    r"|(?:sign up|subscribe)(?: now| today)? (?:for|to) \S.{0,100}"
    r"|get (?:the|our) .{0,60}newsletter.{0,40}"
    r"|.{0,40}\bnewsletter\b.{0,40}(?:abonnieren|anmelden|bestellen|subscribe|sign up|inscri|suscrib).{0,40}"
    r"|(?:jetzt |hier )?(?:newsletter )?(?:abonnieren|abonnieren sie (?:unseren?|den)\b.{0,60})"
    r"|melden sie sich für unseren newsletter an.{0,30}"
    r"|to (?:view|read|continue reading) (?:the full|this) (?:story|article).{0,160}"
    r"|(?:möchten sie|wollen sie) weiterlesen\??|weiterlesen mit .{1,40}|(?:ja\. )?ich (?:bin|benötige ein) abo(?:nnent)?\.?"
    r"|(?:already a subscriber|bereits abonnent|déjà abonné|ya (?:eres|es) suscriptor).{0,80}"
    # the print issue on sale: "Ausgabe kaufen", "Buch bestellen", "… jetzt an jedem Bahnhofskiosk, im Abo, als e-Paper …"
    r"|(?:(?:diese |die )?ausgabe|heft|buch|magazin|e-paper) (?:kaufen|bestellen)"

    r"|abonnez-vous.{0,80}|suscr[íi]bete.{0,80}|inscrivez-vous à (?:notre|la) newsletter.{0,40}"
    # the newsletter form's own lines: its buttons, instructions and thanks
    r"|(?:subscribe|sign up)(?: now)? no,? thanks|(?:please,? )?fill (?:in |out )?the form (?:below )?to (?:subscribe|sign up)"
    r".{0,60}|(?:you(?:'ve| have) (?:been )?)?(?:successfully|succesfully) (?:subscribed|signed up)\b.{0,60}"
    r"|thank(?:s| you) for (?:subscribing|signing up)(?:[.!]|\s(?:to|for|with)\b).{0,100}"
    r"|please (?:enter|provide) a valid e-?mail(?: address)?\.?|please check your (?:inbox|e-?mail) for (?:a|the|your) confirmation.{0,60}"
    r"|stay (?:up to date|informed|updated|connected|in the loop)\b.{0,100}"
    r"|(?:vielen dank für ihre anmeldung|sie haben sich erfolgreich (?:angemeldet|registriert)|bleiben sie (?:auf dem laufenden"
    r"|informiert))\b.{0,100}|merci (?:pour|de) votre inscription.{0,60}|restez informée?s?\b.{0,60}"
    r"|gracias por (?:suscribirte|tu suscripción).{0,60}|mantente informad[oa]\b.{0,60})\W{0,3}$",
    regex.IGNORECASE,
)

#: A sign-up prompt that offers delivery by e-mail and asks the reader to sign up, in either order: "Enter your
#: email below to receive future announcements", "Get The Daily Edition by email … Free Sign Up", "To receive
#: these entries by e-mail, sign up for the newsletter", "… in deinen Posteingang liefern. Melde dich hier für
#: unseren Newsletter an!". Searched (not anchored); the rule bounds the line's length.
_BY_EMAIL = (
    r"enter your e-?mail(?: address)?|(?:to|in|into) your inbox|in deinen posteingang|in ihr(?:en)? (?:posteingang|postfach)"
    r"|(?:by|via|per|par) e-?mail|por (?:correo|e-?mail)|dans votre bo[îi]te (?:mail|de r[ée]ception)|en tu (?:bandeja|correo)"
)
_SIGN_UP = (
    r"sign(?:ing)? up|subscribe|newsletter|abonnieren|melde dich|melden sie sich|anmelden|inscri(?:vez|ption|s-toi)"
    r"|suscr[íi]b(?:ete|irse|ase)"
)
EMAIL_SIGNUP = regex.compile(
    rf"\b(?:{_BY_EMAIL})\b.{{0,200}}?\b(?:{_SIGN_UP})\b|\b(?:{_SIGN_UP})\b.{{0,200}}?\b(?:{_BY_EMAIL})\b"
    r"|\benter your e-?mail(?: address)?(?: below| here)?.{0,20}? to (?:receive|get|subscribe|follow|join|be notified)\b",
    regex.IGNORECASE,
)

#: The reader addressed by a sign-up prompt: a "you" (German's polite "Sie" by its capital) or an imperative opening
#: the line ("Get …", "Enter …", "To receive …"); an article's sentence about a newsletter speaks of others.
SIGNUP_ADDRESS = regex.compile(
    r"^(?:get|receive|enter|sign up|subscribe|join|to (?:receive|get))\b"
    r"|\b(?:you|your|you're|dich|dir|dein\w*|euch|vous|votre|vos|tu|te|tus?)\b|\b(?-i:Sie|Ihr|Ihre\w?|Ihnen)\b",
    regex.IGNORECASE,
)

#: A paywall, print-issue or support prompt that other words open, searched in a line of at most 200 characters
#: (only when :func:`may_be_prompt` finds one of its words): "If you're seeing this message but you're already a
#: subscriber, you can log in …", "Die aktuelle Ausgabe jetzt an jedem Bahnhofskiosk …", "If you enjoyed reading
#: this post – would you consider supporting our work?".
PROMPT_INSIDE = regex.compile(
    r"\b(?:already a subscriber|bereits abonnent|déjà abonné|ya (?:eres|es) suscriptor)\b"
    # the site's own newsletter or feed offered: "Subscribe to our newsletter and get weekly …", "o suscribirse aquí a
    # nuestra newsletter", "Abonniere unseren Newsletter"
    r"|\b(?:subscribe|sign up|suscr[ií]b\w+|abonnier\w*|abonnez-vous|inscrivez-vous)(?: (?:here|aquí|hier|ici|now|today))?"
    r"(?: (?:to|for|a|à|für|zu))? (?:our|nuestr[ao]s?|unseren?|notre|nos) (?:free |daily |weekly |monthly |e-?mail )?"
    r"(?:newsletters?|e-?mails?|boletín|rss feed|feed)\b"
    r"|\b(?:jetzt|ab sofort)\b.{0,40}?\b(?:am|an jedem|im) (?:bahnhofs)?kiosk\b"
    r"|\b(?:would you|could you|please) consider (?:supporting (?:us|our work|our journalism|this (?:blog|site|website))"
    r"|a donation|donating|making a donation)\b",
    regex.IGNORECASE,
)
_PROMPT_HINT = re.compile("subscriber|abonnent|abonné|suscriptor|kiosk|consider|our |nuestr|unser|notre|nos ")

#: A subscription's terms offered to the reader, searched in a line of at most 200 characters: "Cancela cuando
#: quieras.", "Jederzeit kündbar", and, with the reader addressed (:data:`SIGNUP_ADDRESS`), "You will receive only
#: the daily updates, and can unsubscribe at anytime." (an article's "passengers can cancel at any time" speaks of others).
SUBSCRIPTION_TERMS = regex.compile(
    r"\b(?:cancela(?:r)? cuando quieras|jederzeit kündbar)\b"
    r"|\b(?P<addressed>cancel\w*|unsubscribe|abbestellen|kündigen|résili\w+|désabonner|darte de baja)\b.{0,30}"
    r"\b(?:any ?time|en cualquier momento|jederzeit|à tout moment)\b",
    regex.IGNORECASE,
)


def may_be_prompt(low: str) -> bool:
    """False only when the lower-cased line certainly holds no :data:`PROMPT_INSIDE` (a prefilter)."""
    return _PROMPT_HINT.search(low) is not None


#: Appeals for donations and support.
DONATION_NAG = regex.compile(
    r"^(?:(?:jetzt |bitte )?spenden|jede (?:kleine )?spende.{0,80}|wir sind (?:spenden|leser)finanziert.{0,60}"
    r"|(?:support|donate to|help fund) (?:us|our journalism|independent journalism).{0,80}|donate(?: now)?"
    r"|faire un don.{0,40}|soutenez.{0,60}|dona(?: ahora)?|apoya .{0,60}"
    # the appeal inside a sentence: "If you enjoyed this post – would you consider supporting our work?",
    # "Consider a donation if you like what you see here!", "Ihr Beitrag hilft, unsere Berichterstattung …"
    r"|consider (?:supporting (?:us|our work|our journalism|this (?:blog|site|website))|a donation|donating"
    r"|making a donation)\b.{0,80}"
    r"|(?:ihr|dein)e? (?:beitrag|spende|unterstützung) (?:hilft|ermöglicht|sichert),? (?:uns|unsere?)\b.{0,160})\W{0,3}$",
    regex.IGNORECASE,
)

#: Copyright and legal footers.
COPYRIGHT = regex.compile(
    r"(?:^(?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\) \d{4})|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b"
    r"|\btodos los derechos reservados\b|\btutti i diritti riservati\b|\btodos os direitos reservados\b"
    r"|\bwszelkie prawa zastrzeżone\b"
    # the site's reproduction notice: "The material on this site may not be reproduced … except with the prior written permission"
    r"|\b(?:this site|this website|this blog)\b.{0,40}\bmay not be (?:reproduced|copied|republished)\b)",
    regex.IGNORECASE,
)
_LEGAL = (
    r"(?:impressum|imprint|datenschutz(?:erklärung)?|privacy(?: policy)?|terms(?: of (?:use|service))?|agb|kontakt"
    r"|contact(?: us)?|about(?: us)?|über uns|mentions légales|politique de confidentialité|aviso legal"
    r"|política de privacidad|sitemap|cookie(?:s| policy| settings)?|nutzungsbedingungen|barrierefreiheit|jobs|karriere"
    r"|careers|advertise|mediadaten)"
)
LEGAL_LINKS = _whole_line(rf"{_LEGAL}(?:\s*[|&·•/,-]\s*{_LEGAL}){{0,6}}")

#: A licence note of the site, in its own voice: "This work is licensed under a Creative Commons License",
#: "Die Inhalte dieser Website sind unter einer Creative Commons-Lizenz lizenziert", "Sofern nicht anders
#: ausgewiesen, stehen Inhalte dieser Website unter CC-BY", "Sauf mention contraire, le contenu de ce site …".
LICENCE_NOTE = regex.compile(
    r"^(?:this (?:work|website|site|blog|page|content|article|post)|all (?:photos|content|text|images|posts)"
    r"|(?:(?:die|alle) )?inhalte (?:dieser|auf dieser)|except (?:as|where) otherwise noted|unless otherwise (?:noted|stated)"
    r"|(?:sofern|soweit|wenn) nicht anders|portions of this content|(?:other )?content (?:on this (?:page|site)|available)"
    r"|(?:le )?contenu de ce site|sauf mention contraire|salvo (?:que se indique|indicación)|el contenido de este sitio)"
    r"\b.{0,200}?\b(?:licen[cs]\w*|lizen[sz]\w*|licencia\w*|creative commons|cc[- ]by(?:-[a-z]{2})*)\b",
    regex.IGNORECASE,
)

#: A note that the page's links earn the site a commission: "This blog contains paid advertisements and affiliate
#: links", "Für Links auf dieser Seite erhält CHIP ggf. eine Provision vom Händler", "Bei den Verlinkungen handelt
#: es sich um Affiliate Links", "If you … make a purchase we may receive a small commission".
AFFILIATE_NOTE = regex.compile(
    r"\b(?:affiliate[- ](?:links?|arrangements?|relationships?|commissions?|partnerships?)"
    r"|(?:provision|vergütung|kommission) (?:vom|von|des|beim) (?:händler|anbieter|shop|verkäufer)"
    r"|(?:we|i|this (?:site|blog|website)|the site)(?: may| might| will| could)? (?:earn|receive|get)s? (?:a )?(?:small )?"
    r"(?:affiliate )?commission"
    r"|handelt es sich um (?:affiliate|partner)-?links|enlaces? de afiliad[oa]s?|liens? (?:affiliés|d'affiliation))\b",
    regex.IGNORECASE,
)

#: The site speaking of itself in an affiliate note ("this blog", "auf dieser Seite", "we", "Bei den Verlinkungen handelt es
#: sich um …"): a news sentence about affiliate links speaks of others.
AFFILIATE_VOICE = regex.compile(
    r"\b(?:this (?:site|blog|website|page|post|article)|(?:auf )?dieser (?:seite|website|webseite)|diese[mn]? (?:artikel|beitrag)"
    r"|we|our|us|i|my|wir|unsere?\w*|uns|ce site|cette page|nous|notre|este (?:sitio|art[íi]culo)|nuestr\w+)\b"
    r"|\bverlinkungen\b|\bhandelt es sich um\b",
    regex.IGNORECASE,
)

#: Tag and topic lists: "Tags: Politics, Europe", "Schlagwörter: …", "Etiquetas: …".
TAG_LABEL = regex.compile(
    r"^(?:tweet )?(?:tags?|tagged(?: with| as)?|topics?|themen|schlagw(?:ö|oe)rter|stichw(?:ö|oe)rter|etiquetas|temas|mots-clés|étiquettes"
    r"|tag|argomenti|categor(?:y|ies|ie|ien|ías|ia)|kategorien?|rubriken?|filed under|posted in|veröffentlicht in"
    r"|weitere (?:nachrichten|beiträge|artikel|meldungen) zu)\s*:",
    regex.IGNORECASE,
)

#: The filing line a blog template prints under a post: "This entry was posted on Monday, … and is filed under
#: News. You can follow any responses to this entry through the RSS 2.0 feed.", "This entry was written by matt,
#: posted on …", "Dieser Beitrag wurde veröffentlicht in Reiki und gekennzeichnet mit …", "Der Beitrag wurde am
#: Mittwoch, … veröffentlicht und wurde unter … abgelegt", "Ce billet a été publié dans …", "Esta entrada fue publicada en …".
POST_FILED = regex.compile(
    r"^(?:this (?:entry|post) was (?:posted|filed|published|written)\b"
    r"|(?:dieser|der) (?:beitrag|eintrag) wurde (?:veröffentlicht in|am .{1,60}? (?:veröffentlicht|geschrieben|erstellt)"
    r" und (?:wurde )?(?:unter|in)) "
    r"|ce billet a été (?:publié|posté|rédigé)|cette entrée a été publiée"
    r"|esta entrada (?:fue|se) (?:publicada|publicó|escrita)\b"
    r"|you can follow any responses to this (?:entry|post)\b|bookmark the permalink\b)",
    regex.IGNORECASE,
)

#: The meta line a blog template prints under a post, ending in its permalink or its comment count: "Posted by Jane
#: Doe on November 05, 2012 at 02:39 PM in Lobbying | Permalink", "Posted in Current Events, Links | No Comments »",
#: "October 1st, 2012 | Tags: … | Category: Uncategorized | 14 comments", "Posted by … | 6 Nov 2012 | Comments (0)".
POST_META = regex.compile(
    r"^(?:\S.{0,250}? ?\| ?(?:permalink|(?:no|\d+|one) (?:comments?|responses?)(?: »)?|comments? \(\d+\))\W{0,3}$"
    # "Published on December 11, 2009 in Firmware Updates. Tags: nokia n96", "Published: October 30th, 2012 | Tags: …"
    r"|(?:posted|published)\b.{0,120}?(?:\.|\|) ?(?:tags|tagged|categories|filed under) ?:.{0,200}"
    # the categories alone, with no sentence: "Posted in Middle East, Politics, Quick Takes"
    r"|posted (?:in|under) [^.!?]{1,200}$)",
    regex.IGNORECASE,
)

#: One month of a blog's archive list: "October 2012", "► März 2013 (2)", "Januar 2020 (1)".
ARCHIVE_MONTH = regex.compile(rf"(?:► ?)?\b(?:{_MONTHS})\.?,? (?:19|20)\d\d(?: ?\(\d+\))?", regex.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: an archive list names at least this many months, and they fill at least this share of its line
ARCHIVE_MIN_MONTHS = 4
ARCHIVE_SHARE = 0.6


def is_archive_list(norm: str) -> bool:
    """Whether a line is a blog's archive of months ("Select Month October 2012 September 2012 …", "Archive
    November 2012 (2) October 2012 (12) …"): four months or more, filling most of the line.

    >>> is_archive_list("Archives Select Month October 2012 September 2012 August 2012 July 2012 June 2012")
    True
    >>> is_archive_list("Sales rose in January 2012, March 2012, May 2012 and July 2012 after the price cut.")
    False
    """
    if len(_YEAR.findall(norm)) < ARCHIVE_MIN_MONTHS:
        return False
    months = ARCHIVE_MONTH.findall(norm)
    return len(months) >= ARCHIVE_MIN_MONTHS and sum(map(len, months)) >= ARCHIVE_SHARE * len(norm)


#: A site's disclaimer of its figures, alone on a line: "(Alle Angaben ohne Gewähr)", "All information without guarantee".
DISCLAIMER_NOTE = _whole_line(
    r"\(?(?:alle |sämtliche )?(?:angaben|informationen|preise) (?:sind )?ohne gew[äa]hr\W{0,3}\)?",
    r"\(?(?:all )?(?:information|prices|details) (?:is |are )?(?:provided )?without (?:any )?(?:guarantee|warranty)\W{0,3}\)?",
    r"\(?(?:sous réserve d'erreurs|informations? sans garantie|información sin garantía)\W{0,3}\)?",
)


#: Reading-time and counter chrome: "4 Min Read", "Lesezeit: 3 Minuten", "71 Kommentare".
READING_TIME = regex.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?\.?|minuten) (?:read|lesezeit|lesen|de lecture|de lectura)"
    r"|(?:lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?\s*(?:ca\. )?\d+\s*(?:min(?:ute[ns]?|s)?\.?)"
    r"|\d+\s*(?:kommentare?|comments?|commentaires?|comentarios?|commenti|shares?|views?|aufrufe)"
    r"|rating:? \d+ votes?)\W{0,3}$",
    regex.IGNORECASE,
)

#: A short date standing alone under a teaser: "Nov 18", "18. Nov.", "12 mars".
SHORT_DATE = regex.compile(
    rf"^(?:(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\.? (?:{_MONTHS})\.?)$",
    regex.IGNORECASE,
)

#: Publication stamps: "First published on November 19, 2019 / 8:16 AM", "Aktualisiert am 3.4.2020".
PUBLISHED_STAMP = regex.compile(
    r"^(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?|(?:zuletzt )?(?:veröffentlicht|aktualisiert|geändert)(?: am)?"
    r"|publié(?: le)?|mis à jour(?: le)?|publicado(?: el| em)?|actualizado(?: el)?|atualizado(?: em)?|pubblicato(?: il)?"
    r"|aggiornato(?: il)?|stand)\s*:?\s*(?:\p{L}+,? )?\d",
    regex.IGNORECASE,
)


def _ascii_twin(pattern: regex.Pattern[str]) -> Callable[[str], object]:
    """``pattern.match``, run by the faster stdlib ``re`` on ASCII lines when that gives the same answer.

    On ASCII text the two engines agree for a pattern without ``regex``-only
    syntax (``\\p{…}``, which ``re`` refuses) whose non-ASCII letters fold to
    one non-ASCII letter each (so full case folding, on in V1, cannot match
    ASCII); a normalised ASCII line holds no white space but single spaces.
    Any other pattern, or a non-ASCII line, goes to ``regex`` as before.
    """
    source = pattern.pattern
    full_case = bool(pattern.flags & (regex.V1 | regex.FULLCASE))
    if "\\p" in source or any(
        ord(c) > 127
        and (
            (full_case and len(c.casefold()) != 1)
            or any(len(f) == 1 and f.isascii() for f in (c.casefold(), c.lower(), c.upper()))
        )
        for c in source
    ):
        return pattern.match
    try:
        twin = re.compile(source, re.IGNORECASE if pattern.flags & regex.IGNORECASE else 0)
    except re.error:
        return pattern.match
    slow, fast = pattern.match, twin.match

    def match(norm: str) -> object:
        return fast(norm) if norm.isascii() else slow(norm)

    return match


#: ``X_match(norm)`` is ``X.match(norm)``, faster on ASCII lines (see :func:`_ascii_twin`).
AD_LINE_match = _ascii_twin(AD_LINE)
SOURCE_LINK_match = _ascii_twin(SOURCE_LINK)
BACK_TO_TOP_match = _ascii_twin(BACK_TO_TOP)
POST_NAVIGATION_match = _ascii_twin(POST_NAVIGATION)
SHARE_FOLLOW_match = _ascii_twin(SHARE_FOLLOW)
HEADER_CHROME_match = _ascii_twin(HEADER_CHROME)
SIDEBAR_HEADING_match = _ascii_twin(SIDEBAR_HEADING)
COMMENT_FORM_match = _ascii_twin(COMMENT_FORM)
REPLY_BUTTON_match = _ascii_twin(REPLY_BUTTON)
COMMENT_SECTION_START_match = _ascii_twin(COMMENT_SECTION_START)
COMMENT_HEADING_match = _ascii_twin(COMMENT_HEADING)
COMMENT_NOTE_match = _ascii_twin(COMMENT_NOTE)
SYNDICATION_DISCLAIMER_match = _ascii_twin(SYNDICATION_DISCLAIMER)
DATE_LINE_match = _ascii_twin(DATE_LINE)
TIME_AGO_match = _ascii_twin(TIME_AGO)
READ_ALSO_LABEL_match = _ascii_twin(READ_ALSO_LABEL)
SUBSCRIBE_NAG_match = _ascii_twin(SUBSCRIBE_NAG)
DONATION_NAG_match = _ascii_twin(DONATION_NAG)
LEGAL_LINKS_match = _ascii_twin(LEGAL_LINKS)
TAG_LABEL_match = _ascii_twin(TAG_LABEL)
READING_TIME_match = _ascii_twin(READING_TIME)
SHORT_DATE_match = _ascii_twin(SHORT_DATE)
PUBLISHED_STAMP_match = _ascii_twin(PUBLISHED_STAMP)
_PHOTO_ANCHORED, _PHOTO_REST = _photo_alternatives()
_PHOTO_ANCHORED_match = _ascii_twin(_PHOTO_ANCHORED)


# --- consent and account dialogs, author bios, comment moderation notes --------------------------

#: A consent statement: the reader agrees to terms, privacy or the processing of data
#: ("I agree to the processing of my personal data", "By clicking Subscribe you accept our Terms",
#: "Ich willige in die Verarbeitung meiner Daten ein", "J'accepte les conditions", "Acepto la política de privacidad").
CONSENT_STATEMENT = regex.compile(
    r"(?:^|[\s(\[*☐□✓✔-])(?:i (?:agree|accept|consent|have read and (?:agree|accept|understood))|i'?ve read and (?:agree|accept)"
    r"|by (?:clicking|continuing|signing up|subscribing|registering|submitting|creating an account|using (?:this|our) (?:site|website|service))"
    r"|(?:registration on|use of) this (?:site|website) constitutes"
    r"|ich (?:stimme|willige|akzeptiere|habe die|bin damit einverstanden)|mit (?:der|dem|ihrer|ihrem) (?:registrierung|anmeldung|absenden|klick)"
    r"|j'accepte|je consens|j'ai lu et (?:j'accepte|accepte)|en (?:cliquant|poursuivant|vous inscrivant|continuant)"
    r"|acepto|he le[íi]do y acepto|al (?:hacer clic|registrarte|registrarse|continuar|suscribirte))\b"
    r".{0,200}?\b(?:personal (?:data|information)|privacy|terms|conditions|polic(?:y|ies)|processing|user agreement|cookies"
    r"|datenschutz\w*|personenbezogen\w*|nutzungsbedingungen|agb|verarbeitung|einwilligung"
    r"|données (?:personnelles|à caractère personnel)|conditions g[ée]n[ée]rales|politique de confidentialit[ée]|traitement"
    r"|datos personales|pol[íi]tica de privacidad|t[ée]rminos|condiciones|tratamiento)\b",
    regex.IGNORECASE,
)

#: An account dialog's question: "Are you sure you want to delete your account?".
ACCOUNT_DIALOG = regex.compile(
    r"^(?:are you sure you want to|do you really want to|möchten sie (?:ihr|ihren|ihre|wirklich)|wollen sie wirklich"
    r"|[êe]tes-vous s[ûu]r(?:e)? de vouloir|voulez-vous vraiment|¿?est[áa]s? segur[oa] de que (?:quieres|deseas)"
    r"|¿?(?:realmente )?(?:quieres|desea[s]?) (?:eliminar|borrar|cerrar))\b.{0,80}"
    r"\b(?:account|profile|subscription|log ?out|sign ?out|delete|konto|profil|abo|löschen|abmelden|compte|abonnement"
    r"|supprimer|d[ée]connecter|cuenta|perfil|suscripci[óo]n|eliminar|cerrar sesi[óo]n)\b.{0,40}$",
    regex.IGNORECASE,
)

#: Labels and buttons of a cookie-consent dialog, each alone on a line.
CONSENT_LABEL = _whole_line(
    r"privacy overview|always enabled|(?:strictly )?necessary(?: cookies)?|non-necessary|functional(?: cookies)?"
    r"|performance(?: cookies)?|analytics(?: cookies)?|advertisement(?: cookies)?|marketing(?: cookies)?|others"
    r"|accept(?: all| cookies)?|reject(?: all)?|decline|save (?:&|and) accept|save (?:settings|preferences)"
    r"|cookie (?:settings|preferences|policy)|manage (?:consent|cookies|preferences)|customi[sz]e|preferences",
    r"notwendig(?:e cookies)?|statistiken|präferenzen|alle akzeptieren|alle ablehnen|einstellungen(?: speichern)?"
    r"|speichern|datenschutzeinstellungen|cookie-einstellungen|akzeptieren|ablehnen",
    r"n[ée]cessaires|tout accepter|tout refuser|personnaliser|param[èe]tres(?: des cookies)?|accepter|refuser",
    r"necesarias|aceptar(?: todas)?|rechazar(?: todas)?|configurar|configuraci[óo]n de cookies|preferencias",
)

#: ``CONSENT_LABEL.match``, faster on ASCII lines.
CONSENT_LABEL_match = _ascii_twin(CONSENT_LABEL)
#: A fast literal prefilter of :data:`CONSENT_STATEMENT` (on the lower-cased line): every match names one of these.
CONSENT_HINTS = (
    "personal", "privacy", "terms", "condition", "polic", "processing", "agreement", "cookie", "datenschutz",
    "personenbezogen", "nutzungsbed", "agb", "verarbeitung", "einwilligung", "données", "confidentialit",
    "traitement", "datos", "privacidad", "rminos", "tratamiento",
)


_CONSENT_HINT = re.compile("|".join(CONSENT_HINTS))


def may_be_consent(norm: str) -> bool:
    """False only when ``norm`` certainly holds no :data:`CONSENT_STATEMENT` (a prefilter)."""
    return _CONSENT_HINT.search(norm.lower()) is not None


#: Jobs of the people who write for a site (author bios name them).
_MEDIA_JOB = (
    r"writer|editor|reporter|journalist|correspondent|columnist|contributor|blogger|author|photographer|producer"
    r"|founder|analyst|host|freelancer|redakteur(?:in)?|journalist(?:in)?|autor(?:in)?|korrespondent(?:in)?"
    r"|reporter(?:in)?|kolumnist(?:in)?|fotograf(?:in)?|journaliste|r[ée]dact(?:eur|rice)|auteur|autrice"
    r"|correspondant(?:e)?|chroniqueu(?:r|se)|photographe|periodista|redactor(?:a)?|corresponsal|columnista"
    r"|fot[óo]graf[oa]|reporter[oa]"
)

#: A person's name: one to four capitalised words, not opened by an article or a pronoun ("The mayor").
_NAME = (
    r"(?-i:(?!(?:The|A|An|This|That|His|Her|Our|My|Der|Die|Das|Ein|Eine|Le|La|Les|Un|Une|El|Los|Las|Una|He|She|It)\s)"
    r"(?:(?:\p{Lu}[\p{L}.'’-]*|di|de|da|del|della|van|von|der|den|du|dos|le|la|al|bin|ibn)\s){0,3}\p{Lu}[\p{L}.'’-]*)"
)

#: A label that opens an author bio box.
AUTHOR_BIO_LABEL = regex.compile(
    r"^(?:about the author|über (?:den autor|die autorin)|zur person|à propos de l'auteur|sobre el autor|sobre la autora)\s*:",
    regex.IGNORECASE,
)

#: An author bio: a name, then what they do for a living in writing ("Jane Doe is a senior editor at …",
#: "Anna Meier ist Redakteurin bei …", "Claire Dupont est journaliste à …", "Ana Ruiz es periodista en …").
AUTHOR_BIO_OPENING = regex.compile(
    rf"^(?:(?:{_NAME}\s/\s)?{_NAME}(?:\s\([^)]{{1,30}}\))?"
    rf"\s(?:is|was|ist|war|est|es)\s(?:(?:a|an|the|ein|eine|un|une|una|el|la|le)\s)?(?:[\p{{L}}-]+\s){{0,5}}?(?:{_MEDIA_JOB})\b)",
    regex.IGNORECASE,
)
#: What a bio says besides the job: where the author lives, what they cover, how to follow them.
AUTHOR_BIO_DETAIL = regex.compile(
    r"\b(?:based (?:in|out of)|(?:lives?|living|lebt|vit|vive) (?:\w+ ){0,3}(?:in|en|à)|follow (?:him|her|them) on|on twitter|covers|covering|writes about"
    r"|has written for|(?:work|writing) has appeared|previously|formerly|graduated|joined|can be reached|may be reached"
    r"|lebt in|schreibt (?:über|für)|arbeitet (?:als|für|bei)|studierte|folgen sie"
    r"|vit à|basée? à|[ée]crit (?:sur|pour)|a travaillé|suivez-l[ea]|vive en|radicad[oa] en|escribe (?:sobre|para)"
    r"|ha trabajado|s[íi]guel[oa])\b|@\w{2,}",
    regex.IGNORECASE,
)
#: Contact lines of the author: "Have a tip? Jane Doe may be reached at jdoe@example.com."
AUTHOR_CONTACT = regex.compile(r"\b(?:can|may) be reached at\s+\S+@\S+", regex.IGNORECASE)

#: Words for readers' comments.
_COMMENT_NOUN = r"comments?|replies|posts?|kommentare?n?|beitr(?:ag|äge)|commentaires?|r[ée]actions?|comentarios?|respuestas?"
#: A comment-moderation note addressed to the reader: a comment word, a moderation word, and a "you" or "we".
MODERATION_NOTE = regex.compile(
    rf"\b(?:{_COMMENT_NOUN})\b.{{0,200}}?\b(?:moderat\w*|moderiert\w*|mod[ée]r[ée]\w*|moderad\w*|community (?:standards|guidelines|rules)"
    rf"|house rules|netiquette|off-topic|abusive|respectful|(?:are|be|keep|stay|remain) civil|(?:sie|bleiben) sachlich|sachlich (?:bleiben|sein)|rester courtois|soyez courtois|reserve the right|behalten uns (?:das recht )?vor"
    rf"|nous nous r[ée]servons|nos reservamos|(?:be|are|will be) (?:deleted|removed)|werden gel[öo]scht"
    rf"|seront supprim[ée]s|ser[áa]n eliminad[oa]s)\b"
    rf"|\b(?:moderat\w*|moderiert\w*|mod[ée]r[ée]\w*|moderad\w*|community (?:standards|guidelines))\b.{{0,200}}?\b(?:{_COMMENT_NOUN})\b",
    regex.IGNORECASE,
)
#: The reader or the site speaking: a moderation note says "your comment", "we reserve", "please".
#: German's polite "you" (Sie, Ihr, Ihnen) is told from "they" / "her" (sie, ihr) by its capital, so
#: those words are matched case-sensitively: "Abschließend werden sie geblockt" speaks of others.
READER_ADDRESS = regex.compile(
    r"\b(?:(?i:you|your|yours|please|we|our|us|bitte|wir|uns|votre|vos|vous|nous|merci de"
    r"|su|sus|usted|por favor|nosotros|nos)|Sie|Ihr|Ihre|Ihren|Ihnen|Ihrem|Ihrer)\b"
)


#: The heading of an about box: "About the author", "About me", "Über mich", "À propos de l'auteur", "Sobre mí", and a
#: bare "About" / "About:" (a menu item alone: the box needs a paragraph that says who or what under it).
ABOUT_HEADING = regex.compile(
    r"^(?:about|about (?:me|us|the (?:author|authors|blogger|writer|editor|site|blog)|this (?:blog|site))|über (?:mich|uns|den autor"
    r"|die autorin|diesen blog)|à propos(?: de moi| de l'auteur| de l'autrice| de nous| du blog)?|qui suis-je"
    r"|sobre (?:mí|el autor|la autora|nosotros|este blog)|quién soy|meet the (?:author|blogger|team))\W{0,3}$",
    regex.IGNORECASE,
)
#: The heading of an about box that names its subject: "About Jane Doe", "Über Moritz Bachmann", "Sobre Carlos Nadalim".
ABOUT_NAMED_HEADING = regex.compile(
    r"^(?:about|über|à propos de|sobre|acerca de)\s+(?-i:(\p{Lu}[\p{L}\d&.'’-]*(?:\s(?:\p{Lu}[\p{L}\d&.'’-]*|de|da|van|von|di))"
    r"{0,3}))\W{0,3}$",
    regex.IGNORECASE,
)
#: The link that closes a blog platform's profile box, alone on a line: "View my complete profile" (Blogger, in
#: German "Mein Profil vollständig anzeigen", French "Afficher mon profil complet", Spanish "Ver todo mi perfil").
PROFILE_LINK = _whole_line(
    r"view my complete profile|mein profil vollständig anzeigen|afficher mon profil complet|ver todo mi perfil",
)

#: What an about box says of its subject: a writing job, a detail of a life, or what a site is ("… is a blog about …").
ABOUT_SUBJECT = regex.compile(
    rf"\b(?:{_MEDIA_JOB}|blogs?|blogger(?:in)?|magazine?|publisher|website|site|newsletter|podcast|editorial|manager|ceo"
    r"|director|founder|gründer(?:in)?|geschäftsführer(?:in)?|inhaber(?:in)?|berater(?:in)?|consultant|coach|fondat(?:eur|rice)"
    r"|fundador(?:a)?|directeur|directrice|director(?:a)?"
    r"|i (?:am|have|live|write|work)|i'm|ich (?:bin|lebe|schreibe|arbeite)|je suis|j'écris|soy|vivo|escribo)\b"
    r"|\b(?:based (?:in|out of)|lives?|living|lebt|vit|vive|founded|co-?founded|gründete|fondé|fundó)\b",
    regex.IGNORECASE,
)
