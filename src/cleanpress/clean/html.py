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
3. **Headline.** The ``<h1>`` that the page's metadata title contains, else the
   metadata title (trafilatura's, then ``og:title``) without a trailing site
   name. Lines of the extracted text that repeat the headline are removed by the
   ``headline`` rule, so the title never leaks into the body.
4. **Rules** (in the cleaner). The extracted text goes through the cleaner's line
   rules, less those that judge a page's layout, which trafilatura has already
   done (:func:`cleanpress.clean.cleaner.html_config`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex
from lxml import etree
from lxml import html as lxml_html

from cleanpress.clean.article.headline import strip_site_name, title_key
from cleanpress.clean.config import HtmlOptions

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


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an HTML page gives: its article text, headline and how the text was found.

    ``method`` is ``"precision"``, ``"fallback"`` (trafilatura's default mode),
    ``"page-text"`` (trafilatura found no article: the page's visible text) or
    ``"empty"`` (nothing could be parsed).
    """

    text: str
    title: str | None
    method: str


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
    if opts.fallback_ratio > 0 and (opts.fallback_below_words is None or
                                    len(precise.split()) < opts.fallback_below_words):
        default = trafilatura.extract(copy.deepcopy(tree), **common) or ""
        if len(precise.split()) < opts.fallback_ratio * len(default.split()):
            text, method = default, "fallback"
    if not text.strip():
        text, method = trafilatura.html2txt(tree) or "", "page-text"
    return Extraction(text, title, method)


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
