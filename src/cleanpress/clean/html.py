"""HTML pages: the article's text and headline through trafilatura (extraction only).

The :class:`~cleanpress.clean.cleaner.Cleaner` then runs its rules on the
extracted text (``Cleaner.clean`` of a document with ``html``).

The steps, each measured on the article-extraction dev pages (see ``docs/html.md``):

1. **Safe parsing.** The page is parsed once by lxml's HTML parser with the
   network off and no DTD loading, so a hostile page can neither fetch a URL
   nor expand entities; trafilatura is handed the parsed tree.
2. **Extraction.** trafilatura's precision-oriented mode; when it finds far
   less than its default mode (under :attr:`HtmlOptions.fallback_ratio` of the
   words), the default mode's text is used instead: precision mode sometimes
   drops a whole article. trafilatura's duplicate cache is never used
   (``deduplicate=False``), so a page gives the same text on every call.
   With :attr:`HtmlOptions.recall_merge`, trafilatura's recall mode runs too,
   and the paragraphs it finds between two paragraphs precision mode kept are
   added in place (:func:`merge_recall`).
   **Repeated paragraphs.** trafilatura prints a paragraph that repeats the one
   before it once (it takes the copy for an artefact of its own candidate
   search); where the page holds the copies as adjacent ``<p>`` siblings of one
   parent, the extracted line is printed as many times as the page prints it
   (:func:`repeated_paragraphs`, :func:`restore_repeats`).
   **Standfirst.** A paragraph the page prints between its ``<h1>`` headline and
   the extracted article (a deck or intro, left out by trafilatura with the
   header) is added before the article (:func:`lead_paragraphs`).
   **Agreement.** Where precision and recall mode disagree (their texts agree
   under :attr:`HtmlOptions.agreement_same`), trafilatura's default mode and
   its readability port run too; where another extractor's text is the one
   the others agree with most and differs from precision mode's, the page's
   text is that one (:func:`choose_by_agreement`); where precision mode's
   text wins and the readability port's text is the same (agreement at least
   ``agreement_same``), precision mode's text is taken as it is, without what
   the steps above added from recall mode or the page's header.
3. **Link lines.** A line that is, in the page, one link of a sentence's length
   (another page's headline) is marked, and removed by the ``link-line`` rule
   (:class:`LinkLines`).
4. **Headline.** The ``<h1>`` that the page's metadata title contains, else the
   metadata title (trafilatura's, then ``og:title``) without a trailing site
   name. Lines of the extracted text that repeat the headline are removed by the
   ``headline`` rule, so the title never leaks into the body.
5. **Rules** (in the cleaner). The extracted text goes through the cleaner's line
   rules, less those that judge a page's layout, which trafilatura has already
   done (:func:`cleanpress.clean.cleaner.html_config`).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex
from lxml import etree
from lxml import html as lxml_html

from cleanpress.clean.article.headline import strip_site_name, title_key
from cleanpress.clean.config import HtmlOptions
from cleanpress.clean.rules.base import Page, Rule, line_removal
from cleanpress.types import Removal

#: How the parser meets hostile input: no network, no DTD, no entity expansion
#: beyond HTML's own named entities, comments and processing instructions dropped.
_PARSER_OPTIONS: dict[str, Any] = {
    "no_network": True,
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,
    "default_doctype": False,
    "huge_tree": False,
}
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*>", regex.IGNORECASE)
_DOCTYPE_SUBSET = regex.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", regex.IGNORECASE | regex.DOTALL)
_CONTROL_CHARACTERS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORD = regex.compile(r"\w+")
#: the elements whose text is one line of the extracted text, for link lines
_BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th", "div",
                         "blockquote", "figcaption", "caption", "section", "article", "header", "footer"})
#: a block whose text is at least this share link text is a link line
LINK_SHARE = 0.95


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an HTML page gives: its article text, headline and how the text was found.

    ``method`` is ``"precision"``, ``"fallback"`` (trafilatura's default mode),
    ``"page-text"`` (trafilatura found no article: the page's visible text) or
    ``"empty"`` (nothing could be parsed); ``"+recall"`` is appended when
    paragraphs of trafilatura's recall mode were merged in, ``"+standfirst"``
    when the page's standfirst was added (:func:`lead_paragraphs`), ``"+repeats"`` when
    paragraphs the page prints twice in a row were restored; ``"agreement:NAME"``
    when another extractor's text replaced the path's (:func:`choose_by_agreement`), ``"agreement:precision"``
    when the vote confirmed precision mode's own text and it replaced the path's. ``link_lines``
    holds the :func:`line_key` of each block of the page that is one link of
    at least :attr:`HtmlOptions.link_line_words` words.
    """

    text: str
    title: str | None
    method: str
    link_lines: frozenset[str] = frozenset()


def parse_html(html: str | bytes) -> Any:
    """Parse a page into an lxml tree without network access or entity expansion.

    Bytes are decoded with the page's declared or detected charset first.
    Returns None for input with no markup to parse.

    >>> tree = parse_html("<html><body><h1>Hi</h1><p>Text &amp; more.</p></body></html>")
    >>> tree.findtext(".//p")
    'Text & more.'
    """
    if isinstance(html, bytes):
        from trafilatura.utils import decode_file  # trafilatura is slow to import

        decoded = decode_file(html)
        markup = decoded if isinstance(decoded, str) else decoded.decode("utf-8", errors="replace")
    else:
        markup = html
    # An XML declaration names an encoding lxml refuses on str input; an
    # internal DTD subset is where entity bombs live. Neither belongs in HTML.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    markup = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", markup, count=1)
    # control characters are not allowed in XML text, and lxml refuses to set them later on
    markup = _CONTROL_CHARACTERS.sub("", markup)
    if not markup.strip():
        return None
    parser = lxml_html.HTMLParser(encoding="utf-8", **_PARSER_OPTIONS)
    try:
        tree = lxml_html.fromstring(markup.encode("utf-8", errors="replace"), parser=parser)
    except (etree.LxmlError, ValueError):  # ParserError "Document is empty", for one
        return None
    return tree


def extract(html: str | bytes, *, url: str | None = None, options: HtmlOptions | None = None) -> Extraction:
    """The article text and headline of an HTML page.

    >>> page = ("<html><head><title>Bridge opens - Town Gazette</title></head><body>"
    ...         "<nav><a href='/'>Home</a></nav><article><h1>Bridge opens</h1>"
    ...         "<p>The mayor opened the new bridge on Monday morning, officials said, after two years of work.</p>"
    ...         "<p>Traffic is expected to ease across the river by the end of the month, according to the city.</p>"
    ...         "</article></body></html>")
    >>> result = extract(page)
    >>> result.title
    'Bridge opens'
    >>> print(result.text)
    Bridge opens
    The mayor opened the new bridge on Monday morning, officials said, after two years of work.
    Traffic is expected to ease across the river by the end of the month, according to the city.
    """
    import trafilatura  # trafilatura is slow to import; only HTML needs it

    opts = options or HtmlOptions()
    tree = parse_html(html)
    if tree is None:
        return Extraction("", None, "empty")
    title = headline(tree, opts)  # before trafilatura, which prunes the tree it is given
    links = link_lines(tree, opts.link_line_words)
    repeats = repeated_paragraphs(tree, opts.repeat_words)
    common: dict[str, Any] = {
        "url": url,
        "include_comments": False,
        "include_tables": opts.include_tables,
        "include_formatting": False,
        "include_links": False,
        "include_images": False,
        "deduplicate": False,
        "with_metadata": False,
    }
    precise = trafilatura.extract(copy.deepcopy(tree), favor_precision=True, **common) or ""
    text, method = precise, "precision"
    recall: str | None = None
    vote = False
    if opts.agreement:
        recall = trafilatura.extract(copy.deepcopy(tree), favor_recall=True, **common) or ""
        # precision and recall mode give the same text: no extractor is in doubt, the vote is not held
        vote = agreement(precise, recall) < opts.agreement_same
    default: str | None = None
    may_fall_back = opts.fallback_ratio > 0 and (opts.fallback_below_words is None or
                                                 len(precise.split()) < opts.fallback_below_words)
    if vote or may_fall_back:
        default = trafilatura.extract(copy.deepcopy(tree), **common) or ""
        if may_fall_back and len(precise.split()) < opts.fallback_ratio * len(default.split()):
            text, method = default, "fallback"
    if recall is None and opts.recall_merge and text.strip():
        recall = trafilatura.extract(copy.deepcopy(tree), favor_recall=True, **common) or ""
    if opts.recall_merge and text.strip() and recall is not None:
        merged = merge_recall(text, recall, opts.lead_words)
        if merged != text:
            text, method = merged, f"{method}+recall"
    if not text.strip():
        text, method = trafilatura.html2txt(tree) or "", "page-text"
    if opts.standfirst_words and method != "page-text":
        lead = lead_paragraphs(tree, title, text, opts.standfirst_words)
        if lead:
            text, method = add_lead(text, lead, title), f"{method}+standfirst"
    restored = restore_repeats(text, repeats)
    if restored != text:
        text, method = restored, f"{method}+repeats"
    if vote and default is not None and recall is not None:
        others = {"default": default, "recall": recall, "readability": readability_text(tree)}
        chosen = choose_by_agreement(precise, others, opts.agreement_same)
        if chosen is not None:
            text, method = others[chosen], f"agreement:{chosen}"
        elif (precise.strip() and text != precise
              and agreement(precise, others["readability"]) >= opts.agreement_same):
            # recall mode is in doubt and the readability port finds precision mode's article word for word:
            # what the path added to it (recall mode's paragraphs, a standfirst) is left out
            text, method = precise, "agreement:precision"
    return Extraction(text, title, method, links)


#: elements that end a line when the readability port's article is rendered as text
_LINE_TAGS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                        "table", "tr", "td", "th", "dd", "dt", "dl", "br", "section", "article", "header",
                        "footer", "figure", "figcaption", "form"})


def render_lines(element: Any) -> str:
    """An element's text, one line per block element (paragraph, list item, cell, heading...).

    >>> print(render_lines(parse_html("<div><h2>Steps</h2><ul><li>Mix the <b>flour</b></li><li>Bake</li></ul>"
    ...                               "<script>var x;</script>Done.</div>")))
    Steps
    Mix the flour
    Bake
    Done.
    """
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _LINE_TAGS:
            parts.append("\n")
        if tag not in ("script", "style") and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _LINE_TAGS:
            parts.append("\n")

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def readability_text(tree: Any) -> str:
    """The article text of trafilatura's port of readability (a DOM content-scoring pass), one line per block.

    Returns "" when the port finds nothing or fails on the page.
    """
    from trafilatura.readability_lxml import Document as ReadabilityDocument  # slow to import, like trafilatura

    try:
        summary = ReadabilityDocument(copy.deepcopy(tree), min_text_length=25).summary()
        return render_lines(lxml_html.fromstring(summary)) if summary.strip() else ""
    except (etree.LxmlError, ValueError, TypeError, AttributeError):  # the port's own failures on odd pages
        return ""


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i : i + 4])


def agreement(a: str, b: str) -> float:
    """How much two extractions of one page agree: F1 of their word 4-gram multisets (1.0 when both are empty).

    >>> round(agreement("The mayor opened the new bridge.", "The mayor opened the new bridge. Menu"), 3)
    0.857
    >>> agreement("", "")
    1.0
    """
    sa, sb = _shingles(a), _shingles(b)
    both = sum((sa & sb).values())
    total = sum(sa.values()) + sum(sb.values())
    return 2 * both / total if total else 1.0


def choose_by_agreement(precise: str, others: dict[str, str], same: float = 0.95) -> str | None:
    """The extraction the others agree with most, when it is not precision mode's: its name, else None.

    Each candidate (precision mode's text and each of ``others``) is scored by the
    sum of its :func:`agreement` with every other candidate; the best-scored one
    wins (precision mode on a tie). A winner that agrees with precision mode's text
    at least ``same`` is taken for the same extraction, and None is returned: the
    HTML path keeps its own text, built on precision mode's. Nothing is tuned per
    page: where the extractors disagree, the text most of them hold wins.

    >>> article = "The mayor opened the new bridge on Monday after two years of work on it."
    >>> choose_by_agreement("Menu Home Contact Login", {"default": article, "recall": article + " Share",
    ...                                                 "readability": article})
    'default'
    >>> choose_by_agreement(article, {"default": article, "recall": article, "readability": "Menu"}) is None
    True
    """
    texts = {"precision": precise, **others}
    names = list(texts)
    pair = {(a, b): agreement(texts[a], texts[b]) for i, a in enumerate(names) for b in names[i + 1 :]}

    def score(name: str) -> float:
        return sum(pair.get((name, o), pair.get((o, name), 0.0)) for o in names if o != name)

    best = max(names, key=score)  # max keeps the first of equals: precision mode
    if best == "precision" or pair[("precision", best)] >= same:
        return None
    return best


#: elements a standfirst is printed in (the innermost of them that holds it)
_LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "header"})
#: elements whose text is never a standfirst: captions, menus, lists, tables, forms, scripts
_LEAD_SKIP = frozenset({"figure", "figcaption", "nav", "aside", "footer", "form", "button", "select", "label",
                        "script", "style", "noscript", "template", "iframe", "ul", "ol", "table"})
#: class or id words of a block (or its parent, grandparent) that is not a standfirst: readability's list of
#: unlikely content (comments, sharing, sidebars, widgets, ...) and the header's other parts (byline, date,
#: photo caption and credit, newsletter box)
_NOT_LEAD = regex.compile(
    r"caption|credit|photo|image|img|media|figure|comment|byline|author|date|time|meta|share|social|related|"
    r"promo|ad-|advert|newsletter|signup|subscribe|hidden|banner|combx|com-|contact|foot|gdpr|masthead|"
    r"outbrain|scroll|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget",
    regex.IGNORECASE,
)
#: blocks after the headline searched for the article's first extracted line
_LEAD_REACH = 60


def lead_paragraphs(tree: Any, title: str | None, text: str, min_words: int) -> list[str]:
    """Paragraphs the page prints between its headline and the extracted text: its standfirst.

    The headline element is the ``<h1>`` whose words are the title's. Walking the
    page from there in document order, each innermost block (``p``, ``div``,
    ``h2``, ...) is either covered by ``text`` (most of its word 4-grams are in
    it: the article has started, the walk stops) or a candidate when it has at
    least ``min_words`` words, is less than half link text, holds no script or
    list and sits in no caption, menu, list, table or form, and neither it nor
    its parent or grandparent has a class or id of another part of a page
    (:data:`_NOT_LEAD`: byline, date, caption, share bar, comments, sidebar...).
    Candidates are returned only when the walk reached the article within
    :data:`_LEAD_REACH` blocks. trafilatura leaves such a deck, teaser or intro
    out with the page's header. 0 words finds none.

    >>> tree = parse_html("<html><body><header><h1>Bridge opens</h1><p class='deck'>The town's new bridge "
    ...                   "opened on Monday after two years of work and a long fight over its cost.</p>"
    ...                   "<p class='byline'>By A. Reporter, staff writer of the Town Gazette, on Monday the "
    ...                   "fifth of May in the year of the opening</p></header>"
    ...                   "<div><p>The mayor cut the ribbon at nine in the morning before a large crowd.</p>"
    ...                   "</div></body></html>")
    >>> lead_paragraphs(tree, "Bridge opens",
    ...                 "The mayor cut the ribbon at nine in the morning before a large crowd.", 8)
    ["The town's new bridge opened on Monday after two years of work and a long fight over its cost."]
    """
    if min_words <= 0 or not title or not text.strip():
        return []
    key = title_key(title)
    start = next((h for h in tree.iter("h1") if title_key(h.text_content()) == key), None)
    if start is None:
        return []
    grams = set().union(*(_grams(line_key(line).split()) for line in text.splitlines() if line_key(line)))
    found: dict[str, str] = {}
    blocks = 0
    for element in start.xpath("following::*"):
        if element.tag not in _LEAD_TAGS or any(d.tag in _LEAD_TAGS for d in element.iterdescendants()):
            continue
        words = line_key(element.text_content()).split()
        if not words:
            continue
        blocks += 1
        if blocks > _LEAD_REACH:
            return []
        own = _grams(words)
        if sum(g in grams for g in own) > 0.5 * len(own):
            return list(found.values())
        if len(words) < min_words or not _standfirst_like(element):
            continue
        line = " ".join(element.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
        if linked < 0.5 * len(line):
            found.setdefault(" ".join(words), line)
    return []


def _standfirst_like(element: Any) -> bool:
    """Whether a block could be a standfirst by where it sits and what it holds (not by its text)."""
    if any(a.tag in _LEAD_SKIP for a in element.iterancestors()):
        return False
    if any(d.tag in _LEAD_SKIP for d in element.iterdescendants()):
        return False
    near = [element, *element.iterancestors()][:3]
    names = " ".join(f"{e.get('class') or ''} {e.get('id') or ''}" for e in near)
    return not _NOT_LEAD.search(names)


def add_lead(text: str, lead: list[str], title: str | None) -> str:
    """``text`` with the ``lead`` paragraphs before its first line (after it when that line is the headline).

    >>> print(add_lead("Bridge opens\\nThe mayor spoke.", ["The bridge opened on Monday."], "Bridge opens"))
    Bridge opens
    The bridge opened on Monday.
    The mayor spoke.
    """
    if not lead:
        return text
    lines = text.split("\n")
    at = 1 if title and lines and title_key(lines[0]) == title_key(title) else 0
    return "\n".join([*lines[:at], *lead, *lines[at:]])


def line_key(text: str) -> str:
    """A line's words, lowercased: how a line of extracted text is matched to the page.

    >>> line_key("  Read: Rain ahead, again! ")
    'read rain ahead again'
    """
    return " ".join(_WORD.findall(text.lower()))


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < 4:
        return {tuple(words)}
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def merge_recall(precise: str, recall: str, lead_words: int = 20) -> str:
    """``precise`` with the paragraphs ``recall`` adds inside it (and long ones before it).

    A line of ``recall`` is *covered* when most of its word 4-grams are in
    ``precise`` (a line under four words: when it occurs there). An uncovered
    line between two covered ones is added after the precise line that covers
    the covered line before it; one before the first covered line is added at
    the top when it has at least ``lead_words`` words; nothing after the last
    covered line is added (that is where comments and related links sit).
    A line the recall text holds more than once is never added: a gallery's
    captions, a widget printed twice.

    >>> precise = "First paragraph of the story, long enough.\\nLast paragraph of the story, long enough."
    >>> recall = ("Menu\\nFirst paragraph of the story, long enough.\\n- a list item\\n"
    ...           "Last paragraph of the story, long enough.\\nRelated: another story")
    >>> print(merge_recall(precise, recall))
    First paragraph of the story, long enough.
    - a list item
    Last paragraph of the story, long enough.
    """
    base = [line for line in precise.splitlines() if line_key(line)]
    extra = [line for line in recall.splitlines() if line_key(line)]
    if not base or not extra:
        return precise
    base_grams = [_grams(line_key(line).split()) for line in base]
    every = set().union(*base_grams)
    joined = f" {' '.join(line_key(line) for line in base)} "

    def covered(line: str) -> bool:
        words = line_key(line).split()
        if len(words) < 4:
            return f" {' '.join(words)} " in joined
        grams = _grams(words)
        return sum(g in every for g in grams) > 0.5 * len(grams)

    counts = Counter(line_key(line) for line in extra)
    cover = [covered(line) for line in extra]
    if not any(cover):
        return precise
    first = cover.index(True)
    last = len(cover) - 1 - cover[::-1].index(True)
    lead = [line for line in extra[:first] if len(line.split()) >= max(lead_words, 1) and counts[line_key(line)] == 1]
    inserts: dict[int, list[str]] = {}
    anchor = -1
    for line, is_covered in zip(extra[first : last + 1], cover[first : last + 1], strict=True):
        if is_covered:
            grams = _grams(line_key(line).split())
            anchor = max(range(len(base)), key=lambda j: len(grams & base_grams[j]))
        elif counts[line_key(line)] == 1:
            inserts.setdefault(anchor, []).append(line)
    if not lead and not inserts:
        return precise
    out = [*lead, *inserts.get(-1, [])]
    for index, line in enumerate(base):
        out.append(line)
        out.extend(inserts.get(index, []))
    return "\n".join(out)


def repeated_paragraphs(tree: Any, min_words: int) -> dict[str, int]:
    """``{line_key: copies}`` of each paragraph the page prints several times in a row.

    A run is a sequence of adjacent ``<p>`` siblings (of one parent, nothing but
    whitespace between them) with the same words, at least ``min_words`` of
    them; ``copies`` is the longest such run. Copies in different containers (a
    mobile and a desktop layout, a teaser and its article) are not a run. 0
    words finds none.

    >>> para = "<p>The council met on Monday and voted to close the old bridge for a year.</p>"
    >>> tree = parse_html(f"<html><body><div>{para}{para}</div><div>{para}</div></body></html>")
    >>> repeated_paragraphs(tree, 10)
    {'the council met on monday and voted to close the old bridge for a year': 2}
    """
    if min_words <= 0:
        return {}
    found: dict[str, int] = {}
    runs: dict[Any, tuple[str, int]] = {}
    for paragraph in tree.iter("p"):
        previous = paragraph.getprevious()
        if previous is None or previous.tag != "p" or (previous.tail or "").strip():
            continue
        key = line_key(paragraph.text_content())
        if len(key.split()) < min_words:
            continue
        before = runs.get(previous) or (line_key(previous.text_content()), 1)
        if before[0] != key:
            continue
        runs[paragraph] = (key, before[1] + 1)
        found[key] = max(found.get(key, 0), before[1] + 1)
    return found


def restore_repeats(text: str, repeats: dict[str, int]) -> str:
    """``text`` with each line of ``repeats`` that it prints once printed as many times as the page does.

    >>> restore_repeats("Intro.\\nSame words here.\\nEnd.", {"same words here": 3})
    'Intro.\\nSame words here.\\nSame words here.\\nSame words here.\\nEnd.'
    """
    if not repeats:
        return text
    lines = text.split("\n")
    counts = Counter(line_key(line) for line in lines)
    out: list[str] = []
    for line in lines:
        out.append(line)
        key = line_key(line)
        if key in repeats and counts[key] == 1:
            out.extend([line] * (repeats[key] - 1))
    return "\n".join(out)


def link_lines(tree: Any, min_words: int) -> frozenset[str]:
    """The :func:`line_key` of each block that is one link (or links) of at least ``min_words`` words.

    A block is the nearest paragraph-like element (``p``, ``li``, ``h2``, ``div``,
    ...) around a link; it is a link line when at least :data:`LINK_SHARE` of its
    text is link text. 0 words finds none.

    >>> tree = parse_html("<html><body><ul><li><a href='/x'>Council votes to close the old bridge for repairs "
    ...                   "next year</a></li></ul><p>The <a href='/c'>council</a> voted on Monday to close "
    ...                   "the old bridge for a year of repairs.</p></body></html>")
    >>> sorted(link_lines(tree, 8))
    ['council votes to close the old bridge for repairs next year']
    """
    if min_words <= 0:
        return frozenset()
    found: set[str] = set()
    seen: set[Any] = set()
    for anchor in tree.iter("a"):
        block = next((e for e in anchor.iterancestors() if e.tag in _BLOCK_TAGS), None)
        if block is None or block in seen:
            continue
        seen.add(block)
        text = " ".join(block.text_content().split())
        words = text.split()
        if len(words) < min_words or len(words) > 200:
            continue
        linked = sum(len(" ".join(a.text_content().split())) for a in block.iter("a"))
        if linked >= LINK_SHARE * len(text):
            found.add(line_key(text))
    return frozenset(found)


class LinkLines(Rule):
    """Removes lines that are, in the page's HTML, one link of a sentence's length."""

    name = "link-line"
    description = "Removes extracted lines that are wholly a link in the page (another page's headline)."
    example = "Council votes to close the old bridge for repairs next year"

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys

    def find(self, page: Page) -> Iterator[Removal]:
        if not self.keys:
            return
        for block in page.kept():
            if line_key(block.norm) in self.keys:
                yield line_removal(block, self.name, "link")


def headline(tree: Any, options: HtmlOptions | None = None) -> str | None:
    """The page's headline: an ``<h1>`` the metadata title agrees with, else that title.

    >>> tree = parse_html("<html><head><title>Opinion | Rain Ahead - Daily Post</title></head>"
    ...                   "<body><h1>Menu</h1><h1>Rain Ahead</h1><p>Text.</p></body></html>")
    >>> headline(tree)
    'Rain Ahead'
    >>> headline(parse_html("<html><head><title>Rain ahead for the weekend | Daily Post</title></head></html>"))
    'Rain ahead for the weekend'
    """
    opts = options or HtmlOptions()
    titles = [t for t in _metadata_titles(tree) if t]
    keys = [title_key(t) for t in titles]
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        key = title_key(text)
        if len(key.split()) >= 2 and any(key in k for k in keys):
            return text
    if titles:
        return strip_site_name(titles[0], opts.site_name_words)
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    return None


def _metadata_titles(tree: Any) -> Iterator[str]:
    """Candidate titles from the page's metadata, best first."""
    for xpath in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content'):
        for value in tree.xpath(xpath):
            yield " ".join(str(value).split())
    for title in tree.iter("title"):
        yield " ".join(title.text_content().split())
