"""HTML input: extraction through trafilatura, headline, rules after it, decoding, safety."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress import CleanConfig, Cleaner, Document, apply_removals
from cleanpress.clean.article.headline import KnownHeadline, strip_site_name
from cleanpress.clean.cleaner import html_config
from cleanpress.clean.config import HtmlOptions
from cleanpress.clean.html import (
    Extraction,
    LinkLines,
    agreement,
    choose_by_agreement,
    extract,
    headline,
    lead_paragraphs,
    line_key,
    link_lines,
    merge_recall,
    parse_html,
    readability_text,
    render_lines,
    repeated_paragraphs,
    restore_repeats,
)
from cleanpress.clean.rules.base import Page
from cleanpress.clean.segment import segment
from cleanpress.io import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "html"
ARTICLE = (FIXTURES / "article.html").read_text(encoding="utf-8")
TITLE = "Council approves river bridge budget after long debate"
FIRST_SENTENCE = "The city council approved the budget for the new river bridge on Tuesday night"

PARAGRAPHS_RU = [
    "Городской совет во вторник одобрил бюджет нового моста через реку после долгих и трудных споров.",
    "Сторонники проекта говорят, что мост сократит дорогу между двумя частями города с двадцати минут до пяти.",
    "Противники считают, что налоги на недвижимость вырастут уже в следующем году для большинства жителей.",
]
PARAGRAPHS_JA = [
    "市議会は火曜日の夜、長い議論の末に新しい橋の予算を承認した。工事は来年の春に始まる予定である。",
    "賛成派は、橋ができれば町の東西の移動時間が二十分から五分に短縮されると説明している。",
    "反対派は、来年から多くの住民の固定資産税が上がることになると主張し、道路の補修を優先すべきだとした。",
]


def page(title: str, paragraphs: list[str], *, head: str = "", lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{head}<title>{title}</title></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>")


def test_clean_takes_html_documents_with_a_title_kept_out_of_the_body():
    result = cleanpress.clean(Document("gazette", html=ARTICLE))
    assert result.title == TITLE
    assert result.text.startswith(FIRST_SENTENCE)
    assert TITLE not in result.text
    assert [s.title for s in result.stories] == [TITLE]
    rules = {(r.rule, r.reason) for r in result.removals}
    assert ("headline", "title") in rules
    # what trafilatura left behind, the rules take out
    assert ("share-follow", "share") in rules
    assert "Share this article" not in result.text
    for chrome in ("Home", "Copyright 2019", "Leave a comment", "Bridge plan divides residents"):
        assert chrome not in result.text


def test_html_removals_replay_on_the_extracted_text():
    result = cleanpress.clean(Document("gazette", html=ARTICLE))
    assert apply_removals(result.input, result.removals) == result.text
    for story in result.stories:
        assert apply_removals(result.input, story.removals, story.start, story.end) == story.text


def test_same_page_five_times_gives_identical_results():
    """trafilatura's duplicate cache would drop paragraphs it has seen before; it is never used."""
    cleaner = Cleaner()
    doc = Document("gazette", html=ARTICLE)
    first = cleaner.clean(doc)
    for _ in range(4):
        again = cleaner.clean(doc)
        assert again.text == first.text
        assert again.removals == first.removals
        assert again.title == first.title
    # and a fresh module-level call agrees with the reused cleaner
    assert cleanpress.clean(doc).text == first.text


def test_html_wins_over_text_when_a_record_has_both():
    result = cleanpress.clean(Document("both", text="Only this plain text line.", html=ARTICLE))
    assert result.title == TITLE
    assert FIRST_SENTENCE in result.text


KEPT_PARAGRAPHS = [
    "The city council approved the budget for the new river bridge on Tuesday night after a long debate.",
    "Supporters said the bridge would cut the trip between the two halves of the town from twenty minutes to five.",
    "Critics said property taxes would rise next year for most residents, and asked for the roads to come first.",
]


def test_html_config_turns_off_only_the_layout_steps():
    cfg = html_config(CleanConfig(ad_marker=False))
    assert not cfg.outside_article and not cfg.headline and not cfg.repeated_caption and not cfg.teaser
    assert not cfg.stories.split
    assert cfg.ad_marker is False  # the caller's own choice stays
    assert not cfg.header_chrome
    assert cfg.share_follow and cfg.read_also


def test_a_dateline_inside_the_extracted_article_stays():
    """The header bar is gone from extracted text: a date line left in it is the article's own."""
    for dateline in ("Friday, November 8, 2024", "Published: 08.11.2024", "Veröffentlicht am 16.08.2019"):
        result = cleanpress.clean(Document("dated", html=page(TITLE, [dateline, *KEPT_PARAGRAPHS])))
        assert dateline in result.text
        assert not any(r.rule == "header-chrome" for r in result.removals)
    # the text path, which sees the header bar, still takes a bare date line for chrome
    text = "\n".join([TITLE, "Friday, November 8, 2024", *KEPT_PARAGRAPHS])
    assert "Friday, November 8, 2024" not in cleanpress.clean(text).text


def test_repeated_lines_of_the_article_itself_survive():
    """An interview's recurring question is the article's text, not a caption printed twice."""
    question = "What inspired you to start cooking for others?"
    paragraphs = []
    for name in ("Anna", "Boris", "Clara"):
        paragraphs += [question, f"{name} said that her grandmother taught her to bake bread every Sunday morning "
                                 "in a small village kitchen, and that she never stopped."]
    result = cleanpress.clean(Document("interview", html=page("Three cooks on why they cook", paragraphs)))
    assert result.text.count(question) == 3


@pytest.mark.parametrize(("html", "expected"), [
    (page(TITLE, ["x"]), TITLE),
    # an h1 the metadata title contains wins over the title's prefix and suffix
    ("<html><head><title>Opinion | Rain is on the way - Daily Post</title></head>"
     "<body><h1>Rain is on the way</h1></body></html>", "Rain is on the way"),
    # og:title first; the site name after the last separator is cut from <title>
    ('<html><head><meta property="og:title" content="Tide tables for the week ahead"></head>'
     "<body><h1>Menu</h1></body></html>", "Tide tables for the week ahead"),
    ("<html><head><title>Tide tables for the week ahead | Harbour News</title></head><body></body></html>",
     "Tide tables for the week ahead"),
    ("<html><body><h1>Only a heading here</h1></body></html>", "Only a heading here"),
    ("<html><body><p>No title at all.</p></body></html>", None),
])
def test_headline(html, expected):
    assert headline(parse_html(html)) == expected


def test_strip_site_name_keeps_titles_it_cannot_split_safely():
    assert strip_site_name("A - B") == "A - B"
    assert strip_site_name("Storm hits the coast — a long name of some publication here") == (
        "Storm hits the coast — a long name of some publication here")


def test_known_headline_removes_the_title_line_not_sentences_that_mention_it():
    text = (f"{TITLE}\nThe vote on the {TITLE.lower()} story was covered widely, the paper said.\n"
            f"{TITLE.upper()}\n")
    rule = KnownHeadline(TITLE)
    removals = list(rule.find(Page(text, segment(text))))
    assert [(text[r.start:r.end], r.reason) for r in removals] == [(TITLE, "title"), (TITLE.upper(), "repeat")]
    assert list(KnownHeadline(None).find(Page(text, segment(text)))) == []


def test_extraction_methods():
    assert extract(ARTICLE).method == "precision"
    assert extract("").method == "empty"
    assert extract("   ").text == ""
    no_article = extract("<html><body><ul><li><a href='/'>Home</a></li></ul></body></html>")
    assert isinstance(no_article, Extraction)
    assert no_article.method in ("page-text", "precision", "fallback")


def test_options_are_checked():
    with pytest.raises(ValueError, match="fallback_ratio"):
        HtmlOptions(fallback_ratio=-0.1)
    with pytest.raises(ValueError, match="site_name_words"):
        HtmlOptions(site_name_words=-1)
    with pytest.raises(ValueError, match="lead_words"):
        HtmlOptions(lead_words=-1)
    with pytest.raises(ValueError, match="link_line_words"):
        HtmlOptions(link_line_words=-3)
    with pytest.raises(ValueError, match="repeat_words"):
        HtmlOptions(repeat_words=-1)
    with pytest.raises(ValueError, match="agreement_same"):
        HtmlOptions(agreement_same=1.5)


# --- recall merge ---------------------------------------------------------------

KEPT = [
    "The council approved the budget for the new river bridge on Tuesday night after a debate.",
    "Work on the bridge is due to start in the spring and to last about two years, officials said.",
]


def test_merge_recall_adds_what_sits_between_kept_paragraphs_only():
    precise = "\n".join(KEPT)
    lead = ("The river has had no crossing for thirty years, and residents have asked for one at every "
            "council meeting since the old ferry stopped running.")
    recall = "\n".join(["Home", lead, KEPT[0], "- 40 million for the span", "- 5 million for the roads",
                        KEPT[1], "Related: council elections next month", "Leave a comment"])
    merged = merge_recall(precise, recall, lead_words=20).splitlines()
    assert merged == [lead, KEPT[0], "- 40 million for the span", "- 5 million for the roads", KEPT[1]]
    # a short line before the article is not taken for its lead
    assert merge_recall(precise, recall, lead_words=40).splitlines()[0] == KEPT[0]
    # a line the recall text repeats (a gallery caption) is not added
    gallery = "\n".join([KEPT[0], "Photo: Ann Lee, AP", "Image 1 of 8", "Photo: Ann Lee, AP", KEPT[1]])
    assert merge_recall(precise, gallery).splitlines() == [KEPT[0], "Image 1 of 8", KEPT[1]]
    # recall text that shares nothing with the precise text changes nothing
    assert merge_recall(precise, "Home\nAbout us\nContact") == precise
    assert merge_recall("", recall) == ""


def test_merge_recall_matches_paragraphs_split_differently():
    """A paragraph precision mode printed as one line and recall mode as two is not added twice."""
    precise = "\n".join(KEPT)
    halves = KEPT[0].split(" on Tuesday")
    recall = "\n".join([halves[0], "on Tuesday" + halves[1], "An extra short paragraph.", KEPT[1]])
    merged = merge_recall(precise, recall)
    assert merged.splitlines() == [KEPT[0], "An extra short paragraph.", KEPT[1]]


_LINE = st.text(alphabet=st.sampled_from("abcdefgh ."), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=8), st.lists(_LINE, max_size=12), st.integers(0, 30))
def test_merge_recall_keeps_the_precise_text_and_adds_only_recall_lines(precise, recall, lead_words):
    precise_text, recall_text = "\n".join(precise), "\n".join(recall)
    merged = merge_recall(precise_text, recall_text, lead_words).splitlines()
    base = [line for line in precise if line_key(line)]
    if merged != precise:  # unchanged text passes through as is
        # every precise line is kept, in its order; everything else comes from the recall text
        it = iter(merged)
        assert all(any(m == line for m in it) for line in base)
        assert set(merged) <= set(base) | set(recall)


# --- repeated paragraphs -----------------------------------------------------------

REPEATED = ("The council will meet again next month to decide on the tolls, the mayor told reporters "
            "outside the town hall on Tuesday.")


def _repeat_page(body: str) -> str:
    return ("<html><head><title>Council approves river bridge budget - Gazette</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
            "<h1>Council approves river bridge budget</h1>"
            f"<p>{KEPT[0]}</p>{body}<p>{KEPT[1]}</p></article><footer>Contact us</footer></body></html>")


def test_a_paragraph_the_page_prints_twice_in_a_row_is_kept_twice():
    page = _repeat_page(f"<p>{REPEATED}</p>\n<p>{REPEATED}</p>")
    assert repeated_paragraphs(parse_html(page), 10) == {line_key(REPEATED): 2}
    result = extract(page)
    assert result.text.count(REPEATED) == 2
    assert result.method.endswith("+repeats")
    cleaned = cleanpress.clean(Document("twice", html=page))
    assert cleaned.text.count(REPEATED) == 2
    assert apply_removals(cleaned.input, cleaned.removals) == cleaned.text
    # switched off, trafilatura's single copy stays
    off = extract(page, options=HtmlOptions(repeat_words=0))
    assert off.text.count(REPEATED) == 1
    assert "+repeats" not in off.method


def test_copies_that_are_not_adjacent_siblings_are_not_restored():
    # one copy in each of two containers (a layout printed twice), or text between the copies
    for body in (f"<div class='a'><p>{REPEATED}</p></div><div class='b'><p>{REPEATED}</p></div>",
                 f"<p>{REPEATED}</p>Some words between.<p>{REPEATED}</p>",
                 f"<p>{REPEATED}</p><p>Another paragraph of the article in between.</p><p>{REPEATED}</p>"):
        assert repeated_paragraphs(parse_html(_repeat_page(body)), 10) == {}
    # a short repeated paragraph is below the word floor
    short = "<p>Read the full report online today.</p>" * 2
    tree = parse_html(_repeat_page(short))
    assert repeated_paragraphs(tree, 10) == {}
    assert repeated_paragraphs(tree, 6) == {line_key("Read the full report online today."): 2}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Alpha line.", "Beta line.", "Gamma line."]), max_size=8),
       st.dictionaries(st.sampled_from(["alpha line", "beta line", "delta line"]), st.integers(2, 4)))
def test_restore_repeats_only_adds_copies_of_lines_printed_once(lines, repeats):
    text = "\n".join(lines)
    out = restore_repeats(text, repeats).split("\n") if text else []
    # the original lines stay, in order; what is added is copies of them
    it = iter(out)
    assert all(any(o == line for o in it) for line in lines)
    for line in set(lines):
        key = line_key(line)
        expected = repeats[key] if key in repeats and lines.count(line) == 1 else lines.count(line)
        assert out.count(line) == expected


# --- link lines -------------------------------------------------------------------

ARTICLE_WITH_LINKS = (
    "<html><head><title>Council approves river bridge budget - Gazette</title></head><body>"
    "<article><h1>Council approves river bridge budget</h1>"
    + "".join(f"<p>{p} The <a href='/council'>council</a> will meet again next month to decide on the tolls.</p>"
              for p in KEPT)
    + "<p>Mayor Ann Lee called the vote a turning point for the city and thanked the residents who came.</p>"
    "<ul><li><a href='/a'>Police search for the driver who hit a cyclist near the station on Friday</a></li>"
    "<li><a href='/b'>School board delays the vote on the new calendar until the autumn term</a></li></ul>"
    "<p>Engineers say the new bridge will carry up to twenty thousand cars a day once it opens.</p>"
    "</article></body></html>"
)


def test_link_lines_are_blocks_made_of_one_link_of_a_sentences_length():
    tree = parse_html(ARTICLE_WITH_LINKS)
    found = link_lines(tree, 8)
    assert found == {
        line_key("Police search for the driver who hit a cyclist near the station on Friday"),
        line_key("School board delays the vote on the new calendar until the autumn term"),
    }
    assert link_lines(tree, 0) == frozenset()
    assert link_lines(tree, 20) == frozenset()  # the headlines are shorter than 20 words


def test_link_line_rule_removes_other_pages_headlines_and_keeps_paragraphs_with_links():
    result = cleanpress.clean(Document("links", html=ARTICLE_WITH_LINKS))
    assert "Police search for the driver" not in result.text
    assert "School board delays" not in result.text
    assert {(r.rule, r.reason) for r in result.removals} >= {("link-line", "link")}
    for paragraph in KEPT:
        assert paragraph in result.text
    assert "Engineers say the new bridge" in result.text
    assert apply_removals(result.input, result.removals) == result.text
    # switched off, the lines stay
    off = Cleaner(CleanConfig(html=HtmlOptions(link_line_words=0))).clean(Document("links", html=ARTICLE_WITH_LINKS))
    assert not any(r.rule == "link-line" for r in off.removals)


def test_link_line_rule_reads_lines_as_words():
    text = "Police search for the driver  who hit a cyclist!\nA paragraph of the article itself.\n"
    rule = LinkLines(frozenset({line_key("police search for the driver who hit a cyclist")}))
    removals = list(rule.find(Page(text, segment(text))))
    assert [(text[r.start:r.end], r.rule, r.reason) for r in removals] == [
        ("Police search for the driver  who hit a cyclist!", "link-line", "link")]
    assert list(LinkLines(frozenset()).find(Page(text, segment(text)))) == []


def test_a_paragraph_ending_in_an_ellipsis_survives_the_html_path():
    """trafilatura has dropped the teaser boxes; an article's own trailing '…' is not one."""
    paragraphs = [KEPT[0], "And then the mayor said, quietly, that there was one more thing to add…", KEPT[1]]
    result = cleanpress.clean(Document("ellipsis", html=page("Council approves the bridge budget", paragraphs)))
    assert "one more thing to add…" in result.text


# --- hostile pages -----------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><head><title>Laughs</title></head><body><article><h1>Laughs</h1>
<p>&lol9; The council approved the new budget on Tuesday evening after a long debate in the chamber.</p>
<p>Critics said the plan would raise taxes for most residents next year, and asked for a second vote.</p>
</article></body></html>"""


def test_billion_laughs_is_not_expanded():
    start = time.perf_counter()
    result = cleanpress.clean(Document("laughs", html=BILLION_LAUGHS))
    elapsed = time.perf_counter() - start
    assert "lollol" not in result.text
    assert len(result.input) < 2000
    assert "The council approved the new budget" in result.text
    assert elapsed < 30  # an expanded bomb would not finish at all; this only guards a hang


def test_external_entities_are_neither_read_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.5)
        port = server.getsockname()[1]
        html = f"""<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY file SYSTEM "file://{secret}">
 <!ENTITY web SYSTEM "http://127.0.0.1:{port}/entity">
]>
<html><head><title>Entities</title><link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head>
<body><article><h1>Entities</h1><p>&file; &web; The council approved the new budget on Tuesday evening
after a long debate in the chamber of the town hall.</p><img src="http://127.0.0.1:{port}/img.png"></article>
</body></html>"""
        result = cleanpress.clean(Document("xxe", html=html, url=f"http://127.0.0.1:{port}/page"))
        assert "TOP-SECRET-CONTENT" not in result.input
        assert "The council approved the new budget" in result.text
        with pytest.raises(socket.timeout):
            server.accept()  # nobody connected


# --- files, encodings, compression ------------------------------------------

def _documents(path: Path) -> list[Document]:
    items = list(read_file(path))
    assert all(isinstance(i, Document) for i in items), items
    return items  # type: ignore[return-value]


@pytest.mark.parametrize(("encoding", "meta", "paragraphs", "lang"), [
    ("windows-1251", '<meta charset="windows-1251">', PARAGRAPHS_RU, "ru"),
    ("shift_jis", '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', PARAGRAPHS_JA, "ja"),
    ("utf-8", '<meta charset="utf-8">', PARAGRAPHS_RU, "ru"),
])
def test_html_files_in_other_charsets_are_decoded(tmp_path, encoding, meta, paragraphs, lang):
    path = tmp_path / f"page-{encoding}.html"
    path.write_bytes(page("Мост" if lang == "ru" else "橋", paragraphs, head=meta, lang=lang).encode(encoding))
    [doc] = _documents(path)
    result = cleanpress.clean(doc)
    for paragraph in paragraphs:
        assert paragraph in result.text


def test_gzip_compressed_html_files(tmp_path):
    path = tmp_path / "gazette.html.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    [doc] = _documents(path)
    assert doc.id == "gazette"
    assert cleanpress.clean(doc).title == TITLE
    # gzip data under a plain .html name is recognised by its magic bytes
    plain_name = tmp_path / "other.html"
    plain_name.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    [doc] = _documents(plain_name)
    assert cleanpress.clean(doc).title == TITLE


def test_corrupt_gzip_html_is_reported_with_its_file_name(tmp_path):
    path = tmp_path / "broken.html.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8"))[:200])
    [error] = list(read_file(path))
    assert not isinstance(error, Document)
    assert str(path) in str(error)
    assert "gzip" in str(error)


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleanpress", *args], input=stdin, capture_output=True,
                          timeout=300, check=False)


def test_cli_cleans_html_files_and_jsonl_html_records(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "gazette.html").write_text(ARTICLE, encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "r1", "url": "https://gazette.example/a", "html": ARTICLE}) + "\n"
                       + '{"id": "r2", "html": 5}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(tmp_path / "pages"), str(records), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["source_id"] for s in stories] == ["gazette", "r1"]
    for story in stories:
        assert story["title"] == TITLE
        assert story["text"].startswith(FIRST_SENTENCE)
        assert {"rule": "share-follow", "reason": "share"}.items() <= next(
            r for r in story["removed"] if r["rule"] == "share-follow").items()
    assert f"{records}:2" in proc.stderr.decode()  # the broken record is named, the rest cleaned


def test_clean_takes_html_by_keyword_as_text_or_bytes():
    assert cleanpress.clean(html=ARTICLE, url="https://gazette.example/a").title == TITLE
    encoded = page("Мост", PARAGRAPHS_RU, head='<meta charset="windows-1251">', lang="ru").encode("cp1251")
    result = cleanpress.clean(html=encoded)
    assert result.title == "Мост"
    assert PARAGRAPHS_RU[0] in result.text
    with pytest.raises(TypeError, match="not both"):
        cleanpress.clean("text", html=ARTICLE)
    with pytest.raises(TypeError, match="needs a page"):
        cleanpress.clean()


tag = st.sampled_from(["p", "div", "h1", "li", "ul", "article", "nav", "footer", "span", "title", "script"])
fragment = st.recursive(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    lambda inner: st.builds(lambda t, parts: f"<{t}>{''.join(parts)}</{t}>", tag, st.lists(inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=30, deadline=None)
@given(st.lists(fragment, max_size=6), st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>"]))
def test_any_markup_cleans_without_error_and_replays(parts, prefix):
    """Arbitrary (often broken) markup: no exception, and the removals replay to the output."""
    html = f"{prefix}<html><body>{''.join(parts)}</body></html>"
    result = cleanpress.clean(Document("fuzz", html=html))
    assert apply_removals(result.input, result.removals) == result.text
    assert cleanpress.clean(Document("fuzz", html=html)).text == result.text


# --- standfirst: the deck between the headline and the article ---------------------------------------------

STANDFIRST_BODY = [
    "The city council approved the budget for the new river bridge on Tuesday night after a debate of four hours.",
    "Supporters said the bridge would cut the drive between the two halves of the town from twenty minutes to five.",
    "Opponents argued that property taxes would rise next year for most residents and asked for road repairs first.",
    "Work is due to start in the spring, and the council expects the bridge to open to traffic two years later.",
]
DECK = ("The vote ends a year of argument over the cost of the crossing, which has doubled since the plan was "
        "first put to residents in the spring.")
BYLINE = ("By Anna Reporter, City Hall correspondent of the Gazette, Tuesday the fifth of May, updated at nine "
          "in the morning")


def standfirst_page(header: str, *, title: str = "Council approves river bridge budget") -> str:
    body = "".join(f"<p>{p}</p>" for p in STANDFIRST_BODY)
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<header class='article-header'><h1>{title}</h1>{header}</header>"
            f"<article><div class='body'>{body}</div></article><footer>Contact us</footer></body></html>")


def test_standfirst_is_added_before_the_article() -> None:
    page = standfirst_page(f"<p class='standfirst'>{DECK}</p>")
    extraction = extract(page)
    assert extraction.method.endswith("+standfirst")
    lines = extraction.text.splitlines()
    assert lines[0] == DECK and lines[1] == STANDFIRST_BODY[0]
    result = Cleaner().clean(Document("p", html=page))
    assert DECK in result.text and result.title == "Council approves river bridge budget"
    assert apply_removals(result.input, result.removals) == result.text


def test_standfirst_off_leaves_the_extraction_alone() -> None:
    page = standfirst_page(f"<p class='standfirst'>{DECK}</p>")
    extraction = extract(page, options=HtmlOptions(standfirst_words=0))
    assert DECK not in extraction.text and "standfirst" not in extraction.method


@pytest.mark.parametrize("header", [
    f"<p class='byline'>{BYLINE}</p>",                                  # named a byline
    f"<figure><figcaption>{DECK}</figcaption></figure>",                 # a caption
    f"<div class='photo-credit'><p>{DECK}</p></div>",                    # inside a credit box
    f"<p><a href='/other'>{DECK}</a></p>",                               # another page's headline
    "<p>Short deck of a few words only.</p>",                            # under standfirst_words
    f"<ul><li><p>{DECK}</p></li></ul>",                                  # a list of teasers
])
def test_not_a_standfirst(header: str) -> None:
    tree = parse_html(standfirst_page(header))
    assert lead_paragraphs(tree, "Council approves river bridge budget", "\n".join(STANDFIRST_BODY), 20) == []


def test_standfirst_needs_the_headline_and_the_article() -> None:
    tree = parse_html(standfirst_page(f"<p class='standfirst'>{DECK}</p>"))
    text = "\n".join(STANDFIRST_BODY)
    assert lead_paragraphs(tree, "Council approves river bridge budget", text, 20) == [DECK]
    assert lead_paragraphs(tree, "Another headline altogether here", text, 20) == []     # no such h1
    # the extracted text is not after the headline: nothing between them is a standfirst
    assert lead_paragraphs(tree, "Council approves river bridge budget", "Some other text entirely, "
                           "found elsewhere on the page and nowhere near the headline.", 20) == []
    # too many blocks between the headline and the article
    filler = "".join(f"<div>Block number {i} of the header area.</div>" for i in range(70))
    far = parse_html(standfirst_page(f"<p class='standfirst'>{DECK}</p>{filler}"))
    assert lead_paragraphs(far, "Council approves river bridge budget", text, 20) == []


def test_standfirst_printed_twice_is_added_once() -> None:
    tree = parse_html(standfirst_page(f"<p class='standfirst'>{DECK}</p><div class='mobile'><p>{DECK}</p></div>"))
    assert lead_paragraphs(tree, "Council approves river bridge budget", "\n".join(STANDFIRST_BODY), 20) == [DECK]


@given(st.lists(st.sampled_from([*STANDFIRST_BODY, DECK, BYLINE, "Menu", "Share this"]), max_size=8),
       st.integers(min_value=1, max_value=40))
@settings(max_examples=60, deadline=None)
def test_standfirst_lines_are_long_new_paragraphs(header: list[str], min_words: int) -> None:
    tree = parse_html(standfirst_page("".join(f"<p>{h}</p>" for h in header)))
    text = "\n".join(STANDFIRST_BODY)
    found = lead_paragraphs(tree, "Council approves river bridge budget", text, min_words)
    keys = {line_key(line) for line in STANDFIRST_BODY}
    assert len({line_key(line) for line in found}) == len(found)
    for line in found:
        assert len(line_key(line).split()) >= min_words
        assert line_key(line) not in keys


# --- choosing by agreement ------------------------------------------------------

STORY = ("The city council approved the budget for the new river bridge on Tuesday night after a long debate. "
         "Work is due to start in the spring and to last about two years, officials said on Wednesday.")
THREAD = ("Comments (12)\nJoe: great article, thanks for sharing this with all of us here today!\n"
          "Reply\nAnna: I disagree with every word of it and I will say so at the next meeting.\nReply")


def test_agreement_is_the_f1_of_word_four_grams():
    assert agreement(STORY, STORY) == 1.0
    assert agreement(STORY, THREAD) == 0.0
    assert agreement("", "") == 1.0
    assert agreement(STORY, "") == 0.0
    half = agreement(STORY, STORY.split(". ", maxsplit=1)[0])
    assert 0.5 < half < 0.8


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abc ", max_size=60), st.text(alphabet="abc ", max_size=60))
def test_agreement_is_symmetric_and_bounded(a, b):
    assert agreement(a, b) == agreement(b, a)
    assert 0.0 <= agreement(a, b) <= 1.0
    assert agreement(a, a) == 1.0


def test_the_text_the_other_extractors_hold_wins():
    others = {"default": STORY, "recall": STORY + "\nShare", "readability": STORY}
    assert choose_by_agreement(THREAD, others) == "default"
    assert choose_by_agreement(THREAD, {"default": "Menu Home", "recall": STORY, "readability": STORY}) == "recall"
    # two against two is a tie, and a tie keeps precision mode
    assert choose_by_agreement(THREAD, {"default": THREAD, "recall": STORY, "readability": STORY}) is None


def test_precision_mode_is_kept_when_it_agrees_or_ties():
    # the others agree with precision mode's text: nothing to change
    assert choose_by_agreement(STORY, {"default": STORY, "recall": STORY + " Share", "readability": THREAD}) is None
    # a tie keeps precision mode
    assert choose_by_agreement(STORY, {"default": THREAD, "recall": STORY, "readability": THREAD}) is None
    # a winner nearly the same as precision mode's text is taken for it, so the path's own text stays
    longer = STORY + " The mayor said so."
    assert choose_by_agreement(STORY, {"default": longer, "recall": longer, "readability": longer}, same=0.5) is None
    assert choose_by_agreement(STORY, {"default": longer, "recall": longer, "readability": longer},
                               same=1.0) == "default"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([STORY, THREAD, "", STORY + " More words here.", "Menu Home"]),
                min_size=4, max_size=4))
def test_the_choice_is_none_or_a_candidate_that_beats_precision_mode(texts):
    others = dict(zip(("default", "recall", "readability"), texts[1:], strict=True))
    chosen = choose_by_agreement(texts[0], others)
    if chosen is not None:
        def score(text):
            return sum(agreement(text, t) for t in texts) - 1.0
        assert score(others[chosen]) > score(texts[0])
        assert agreement(texts[0], others[chosen]) < 0.95


def test_render_lines_gives_a_line_per_block():
    tree = parse_html("<div><h2>Steps</h2><ul><li>Mix <b>flour</b> and water</li><li>Bake</li></ul>"
                      "<table><tr><td>1 cup</td><td>flour</td></tr></table><style>p{}</style><p>Done.</p></div>")
    assert render_lines(tree).splitlines() == ["Steps", "Mix flour and water", "Bake", "1 cup", "flour", "Done."]


def test_readability_text_finds_the_article():
    text = readability_text(parse_html(ARTICLE))
    assert FIRST_SENTENCE in " ".join(text.split())
    assert "Contact us" not in text


def test_extract_takes_the_text_the_extractors_agree_on(monkeypatch):
    import trafilatura

    real = trafilatura.extract
    paragraphs = [STORY, "Opponents say property taxes will rise next year for most of the town's residents, "
                         "and that the money would be better spent on the roads."]
    html = page("Bridge budget approved", paragraphs)

    def precision_keeps_a_thread(tree, **kwargs):
        return THREAD if kwargs.get("favor_precision") else real(tree, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", precision_keeps_a_thread)
    chosen = extract(html)
    assert chosen.method.startswith("agreement:")
    assert "Reply" not in chosen.text and "long debate" in chosen.text
    kept = extract(html, options=HtmlOptions(agreement=False))
    assert kept.method.startswith("precision") and "Reply" in kept.text


def test_running_the_default_mode_for_the_vote_does_not_widen_the_fallback(monkeypatch):
    import trafilatura

    long_story = " ".join([STORY] * 12)  # over 250 words: the fallback does not apply
    much_more = "\n".join([long_story] * 5)

    def fake(tree, **kwargs):
        return much_more if not (kwargs.get("favor_precision") or kwargs.get("favor_recall")) else long_story

    monkeypatch.setattr(trafilatura, "extract", fake)
    html = page("Bridge budget approved", [STORY])
    for agree in (True, False):
        result = extract(html, options=HtmlOptions(agreement=agree, recall_merge=False))
        assert not result.method.startswith("fallback")


def test_the_vote_is_held_only_where_precision_and_recall_mode_disagree(monkeypatch):
    import trafilatura

    from cleanpress.clean import html as html_module

    long_story = " ".join([STORY] * 12)  # over 250 words: the fallback does not need the default mode
    calls: list[str] = []

    def fake(recall_text):
        def run(tree, **kwargs):
            mode = ("precision" if kwargs.get("favor_precision")
                    else "recall" if kwargs.get("favor_recall") else "default")
            calls.append(mode)
            return recall_text if mode == "recall" else long_story
        return run

    def readability(tree):
        calls.append("readability")
        return long_story

    monkeypatch.setattr(html_module, "readability_text", readability)
    html = page("Bridge budget approved", [STORY])
    # recall mode gives precision mode's text: default mode and the readability port are not run
    monkeypatch.setattr(trafilatura, "extract", fake(long_story))
    calls.clear()
    same = extract(html)
    assert sorted(calls) == ["precision", "recall"]
    assert not same.method.startswith("agreement")
    # recall mode finds another text: all four run, and the text the others agree on wins
    monkeypatch.setattr(trafilatura, "extract", fake(THREAD))
    calls.clear()
    other = extract(html)
    assert sorted(calls) == ["default", "precision", "readability", "recall"]
    assert "Reply" not in other.text and "long debate" in other.text
    # a stricter `agreement_same` holds the vote on nearly equal texts too
    monkeypatch.setattr(trafilatura, "extract", fake(long_story + " Share this."))
    calls.clear()
    extract(html, options=HtmlOptions(agreement_same=1.0))
    assert "readability" in calls and "default" in calls
    calls.clear()
    extract(html)
    assert sorted(calls) == ["precision", "recall"]


def test_precision_mode_confirmed_by_the_readability_port_is_taken_as_it_is(monkeypatch):
    import trafilatura

    from cleanpress.clean import html as html_module

    first = STORY
    last = ("Opponents say property taxes will rise next year for most of the town's residents, "
            "and that the money would be better spent on the roads and on the schools.")
    extra = ("Readers also liked: the ten best riverside walks in the county, ranked by our staff "
             "after a summer of weekend outings with their families and their dogs.")
    precise = f"{first}\n{last}"
    recall = f"{first}\n{extra}\n{last}"
    assert agreement(precise, recall) < 0.95

    def fake(tree, **kwargs):
        return recall if kwargs.get("favor_recall") else precise

    monkeypatch.setattr(trafilatura, "extract", fake)
    html = page("Bridge budget approved", [first, last])
    # recall mode disagrees, the readability port finds precision mode's text: nothing is merged from recall mode
    monkeypatch.setattr(html_module, "readability_text", lambda tree: precise)
    confirmed = extract(html)
    assert confirmed.method == "agreement:precision"
    assert confirmed.text == precise
    # the readability port sides with recall mode (a tie): the path's own text, with the merge, stays
    monkeypatch.setattr(html_module, "readability_text", lambda tree: recall)
    merged = extract(html)
    assert not merged.method.startswith("agreement")
    assert "riverside walks" in merged.text
    # without the vote the merge is always made
    monkeypatch.setattr(html_module, "readability_text", lambda tree: precise)
    assert "riverside walks" in extract(html, options=HtmlOptions(agreement=False)).text
