"""The HTML report without a browser: its data, its escaping, its inputs and the command."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.cli import main
from cleanpress.report import ReportBuilder, report
from cleanpress.report.html import clusters_of
from cleanpress.report.model import (
    Tables,
    diff_ranges,
    kept_text,
    pages_from_records,
    pages_from_result,
    rule_counts,
    words,
)

from .conftest import seed_paths

PAGE = (
    "Our Town Gazette\n"
    "Breaking News Story Headline Here\n"
    "[ad_1]\n"
    "The council approved the new budget on Tuesday after a long debate.\n"
    "Critics said the plan would raise taxes for most residents next year.\n"
    "Back to top button"
)


def data_of(html: str) -> dict:
    """The JSON the report embeds."""
    raw = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def non_space(text: str) -> str:
    return "".join(text.split())


def removal_positions(segments) -> list[tuple[int, str]]:
    """For each removed segment: how many non-space kept characters come before it, and its text."""
    out, seen = [], 0
    for seg in segments:
        if isinstance(seg, str):
            seen += len(non_space(seg))
        else:
            out.append((seen, seg[0]))
    return out


def test_exact_segments_replay_the_page():
    result = cleanpress.clean(PAGE)
    tables = Tables()
    page = pages_from_result(result, tables)
    joined = "".join(seg if isinstance(seg, str) else seg[0] for s in page.stories for seg in s.segments)
    assert non_space(joined) == non_space(PAGE)
    removed = [(tables.rules[seg[1]], tables.reasons[seg[2]], seg[0])
               for s in page.stories for seg in s.segments if isinstance(seg, list)]
    assert ("ad-marker", "placeholder", "[ad_1]") in removed
    assert ("back-to-top", "navigation", "Back to top button") in removed


def test_records_rebuild_the_seeds_like_the_pages_do():
    """From clean output alone, every removal of the seeds lands where it stood on the page."""
    cleaner = cleanpress.Cleaner()
    for path in seed_paths():
        result = cleaner.clean(cleanpress.Document(id=path.stem, text=path.read_text(encoding="utf-8")))
        exact = pages_from_result(result, Tables())
        rebuilt = pages_from_records(result.records(), Tables())
        assert len(rebuilt) == 1 and len(rebuilt[0].stories) == len(exact.stories)
        for a, b in zip(exact.stories, rebuilt[0].stories, strict=True):
            assert removal_positions(b.segments) == removal_positions(a.segments), a.id
            kept = "".join(seg for seg in b.segments if isinstance(seg, str))
            assert non_space(kept) == non_space(b.text)  # nothing lost, nothing invented


def test_report_of_records_counts_and_clusters():
    records = [r for p in seed_paths() for r in cleanpress.clean(p.read_text(encoding="utf-8")).records()]
    for k, r in enumerate(records):
        r["id"], r["source_id"] = f"p{k}#0", f"p{k}"
    records[0].update(cluster="p0#0", duplicate_of=None, similarity=1.0)
    records[1].update(cluster="p0#0", duplicate_of="p0#0", similarity=0.7)
    records[2].update(cluster="p2#0", duplicate_of=None, similarity=1.0)
    html = report(records)
    data = data_of(html)
    assert [p["id"] for p in data["pages"]] == [f"p{k}" for k in range(len(records))]
    n_removed = sum(len(r["removed"]) for r in records)
    assert re.search(r'<span id="n-removals">(\d+)</span>', html).group(1) == str(n_removed)
    assert len(data["clusters"]) == 1
    cluster = data["clusters"][0]
    assert cluster["rep"] == [0, 0] and [m[0] for m in cluster["members"]] == [[1, 0]]
    assert cluster["members"][0][1] == 0.7
    rep_words = words(kept_text(data["pages"][0]["stories"][0]["seg"]))
    member_words = words(kept_text(data["pages"][1]["stories"][0]["seg"]))
    assert words(records[1]["text"]) == member_words  # the shown text is the story's, word for word
    assert cluster["members"][0][2] == diff_ranges(rep_words, member_words)
    assert data["pages"][0]["stories"][0]["cl"] == data["pages"][1]["stories"][0]["cl"] == 0
    assert "2 clusters" not in html and "1 clusters of near-duplicates hold 2 stories" in html


def test_cluster_sizes_count_singletons_and_pick_the_representative():
    tables = Tables()
    recs = [
        {"id": "b#0", "text": "x y", "cluster": "a#0", "duplicate_of": "a#0", "similarity": 0.9, "removed": []},
        {"id": "a#0", "text": "x y z", "cluster": "a#0", "duplicate_of": None, "similarity": 1.0, "removed": []},
        {"id": "c#0", "text": "q", "cluster": "c#0", "duplicate_of": None, "similarity": 1.0, "removed": []},
    ]
    clusters, sizes = clusters_of(pages_from_records(recs, tables))
    assert sizes == {2: 1, 1: 1}
    assert clusters[0].representative is not None and clusters[0].representative.id == "a#0"
    assert [m.id for m in clusters[0].members] == ["b#0"]


def test_input_text_is_escaped_and_nothing_is_fetched():
    hostile = ('<script>alert("x")</script>\n<img src="https://example.invalid/a.png" onerror="alert(1)">\n'
               "</script><script>alert(2)</script>\n" + PAGE)
    html = report([hostile, {"id": "<b>#0", "text": "<iframe src=//evil>", "title": "</title>",
                                        "removed": []}], title="<i>title</i>")
    assert html.count("<script") == 2  # the data and the report's own script, nothing from the input
    assert "<img" not in html and "<iframe" not in html and "<i>title" not in html and "<b>" not in html
    markup = re.sub(r'(<script type="application/json" id="report-data">).*?</script>', r"\1", html, flags=re.S)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", markup, re.I)  # data is not markup
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))
    assert csp.startswith("default-src 'none';") and "script-src 'sha256-" in csp
    data = data_of(html)  # the input is all still there, as data
    assert any("<script>alert" in str(s["seg"]) for p in data["pages"] for s in p["stories"])


def test_bad_records_are_named_and_the_rest_still_shown():
    problems: list[str] = []
    good = {"id": "ok#0", "text": "Kept text.", "removed": [{"start": 0, "end": 6, "rule": "ad-marker",
                                                            "reason": "placeholder", "text": "[ad_1]"}]}
    bad = [
        {"id": "b1#0", "text": "t", "removed": [{"start": "0", "end": 1, "rule": "r", "reason": "x"}]},
        {"id": "b2#0", "text": "t", "removed": "nope"},
        {"id": "b3#0", "text": 5, "removed": []},
        {"id": "b4#0", "text": "t", "removed": [], "similarity": "high"},
    ]
    html = report([bad[0], good, *bad[1:]], on_error=problems.append)
    assert [p["id"] for p in data_of(html)["pages"]] == ["ok"]
    assert problems == [
        "item 1 [removed[0].start]: must be int, got str",
        "item 3 [removed]: must be a list, got str",
        "item 4 [text]: must be a string",
        "item 5 [similarity]: must be a number",
    ]
    assert "4 input records could not be used" in html


def test_rule_counts_match_the_cleaner():
    builder = ReportBuilder()
    results = [cleanpress.clean(p.read_text(encoding="utf-8")) for p in seed_paths()]
    for r in results:
        builder.add_result(r)
    counts = dict(zip(builder.tables.rules, rule_counts(builder.pages.values(), builder.tables), strict=True))
    expected: dict[str, int] = {}
    for r in results:
        for x in r.removals:
            expected[x.rule] = expected.get(x.rule, 0) + 1
    assert counts == expected


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "<x>", "d"]), max_size=30),
       st.lists(st.sampled_from(["a", "b", "c", "<x>", "e"]), max_size=30))
def test_diff_ranges_mark_exactly_what_is_not_shared(base, other):
    ranges = diff_ranges(base, other)
    marked = [False] * len(other)
    last_end = -1
    for first, end in ranges:
        assert last_end < first < end <= len(other)  # sorted, disjoint, non-empty, not touching
        last_end = end
        marked[first:end] = [True] * (end - first)
    unmarked = [w for w, m in zip(other, marked, strict=True) if not m]
    it = iter(base)
    assert all(w in it for w in unmarked)  # the unmarked words are a common subsequence
    assert "e" not in unmarked  # a word absent from base is always marked


def seed_records() -> list[dict]:
    cleaner = cleanpress.Cleaner()
    return [r for p in seed_paths()
            for r in cleaner.clean(cleanpress.Document(id=p.stem, text=p.read_text(encoding="utf-8"))).records()]


def test_command_reads_clean_output_and_reports_bad_lines(tmp_path, capsys):
    records = seed_records()
    src = tmp_path / "stories.jsonl"
    lines = [json.dumps(r) for r in records]
    lines.insert(1, '{"id": "x#0", "text": "t", "removed": [{"start": 1}]}')
    lines.insert(2, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(src), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"{src}:2 [removed[0].end]: must be int, got missing" in err
    assert f"{src}:3: malformed JSON" in err
    assert [p["id"] for p in data_of(out.read_text(encoding="utf-8"))["pages"]] == [p.stem for p in seed_paths()]
    assert main(["report", str(src), "-o", str(out), "-q", "--strict"]) == 1


def test_command_cleans_pages(tmp_path):
    out = tmp_path / "seeds.html"
    assert main(["report", *map(str, seed_paths()), "-o", str(out), "-q"]) == 0
    data = data_of(out.read_text(encoding="utf-8"))
    assert [p["id"] for p in data["pages"]] == [p.stem for p in seed_paths()]
    assert "ad-marker" in data["rules"]


def test_pages_cleaned_here_are_deduplicated(tmp_path):
    seeds = seed_paths()
    copy = tmp_path / "copy.txt"
    copy.write_text("Another Site Header\nMenu\n" + seeds[3].read_text(encoding="utf-8"), encoding="utf-8")
    data = data_of(report([*seeds, copy]))
    assert len(data["clusters"]) == 1
    cluster = data["clusters"][0]
    story_id = lambda ref: data["pages"][ref[0]]["stories"][ref[1]]["id"]  # noqa: E731
    ids = {story_id(cluster["rep"]), *(story_id(m[0]) for m in cluster["members"])}
    assert ids == {f"{seeds[3].stem}#0", "copy#0"}
    assert cluster["members"][0][1] > 0.9
    assert data_of(report([*seeds, copy], dedup=False))["clusters"] == []


def test_dedup_output_is_shown_as_is_not_cleaned_again(tmp_path):
    text = "Advertisement\nThe council approved the new budget on Tuesday after a long debate in the hall."
    records = [{"id": "a", "text": text, "cluster": "a", "duplicate_of": None, "similarity": 1.0},
               {"id": "b", "text": text, "cluster": "a", "duplicate_of": "a", "similarity": 1.0}]
    path = tmp_path / "deduped.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    data = data_of(report(path))
    assert [s["seg"] for p in data["pages"] for s in p["stories"]] == [[text], [text]]
    assert data["clusters"] == [{"rep": [0, 0], "rep_id": "a", "members": [[[1, 0], 1.0, [], None]]}]


def test_hostile_rule_names_and_ids_are_escaped():
    record = {"id": "<img src=x onerror=alert(1)>#0", "text": "Kept.", "title": "<script>alert(2)</script>",
              "removed": [{"start": 0, "end": 6, "rule": "<script>alert(3)</script>", "reason": "\"><b>",
                           "text": "<svg onload=alert(4)>"}]}
    html = report([record, {**record, "id": "p2#0"}])
    markup = re.sub(r'(<script type="application/json" id="report-data">).*?</script>', r"\1", html, flags=re.S)
    assert "<img" not in markup and "<svg onload" not in markup and "<b>" not in markup
    assert markup.count("<script") == 2
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in markup  # the legend and the chart show it as text


LINES = [
    "The council approved the new budget on Tuesday after a long debate about taxes and schools.",
    "Critics said the plan would raise taxes for most residents next year, and vowed to fight it.",
    "Supporters said the [ad_1] plan was the only way to repair the old bridge before winter.",
    "Advertisement", "Back to top button", "Follow us on:", "Related Articles", "9 hours ago",
    "Breaking News Story Headline Here", "[ad_2]", "31.8 C", "Friday, November 8, 2024", "", "", "  ",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=25))
def test_rebuilt_pages_keep_every_character_and_every_removal(lines):
    page = "\n".join(lines)
    result = cleanpress.Cleaner().clean(cleanpress.Document(id="p", text=page))
    tables = Tables()
    exact = pages_from_result(result, tables)
    if not result.stories:  # no story: nothing to rebuild, but the report still shows every removal
        assert result.records() == []
        (story,) = exact.stories
        removed = "".join(seg[0] for seg in story.segments if isinstance(seg, list))
        assert non_space(kept_text(story.segments)) == ""  # the whole page is shown, all of it struck through
        assert non_space(removed) == non_space(page)
        return
    rebuilt = pages_from_records(result.records(), tables)[0]
    for a, b in zip(exact.stories, rebuilt.stories, strict=True):
        assert non_space(kept_text(b.segments)) == non_space(b.text)  # nothing lost, nothing invented
        removed_a = [seg[0] for seg in a.segments if isinstance(seg, list)]
        removed_b = [seg[0] for seg in b.segments if isinstance(seg, list)]
        assert removed_b == removed_a  # every removal, in page order


def test_per_screen_must_be_positive():
    with pytest.raises(ValueError, match="per_screen must be at least 1"):
        report("Some text.", per_screen=0)


def test_a_representative_from_an_earlier_run_is_named_not_replaced():
    """With a persistent index, a story's representative may be a story of an earlier run."""
    recs = [
        {"id": "new#0", "text": "x y z", "cluster": "old#0", "duplicate_of": "old#0", "similarity": 0.9,
         "evidence": "shared-lead", "removed": []},
        {"id": "solo#0", "text": "q", "cluster": "solo#0", "duplicate_of": None, "similarity": 1.0, "removed": []},
    ]
    clusters, sizes = clusters_of(pages_from_records(recs, Tables()))
    assert [(c.id, c.representative, [m.id for m in c.members]) for c in clusters] == [("old#0", None, ["new#0"])]
    assert sizes == {1: 2}  # stories in this input, per cluster
    data = data_of(report(recs))
    # the evidence that decided is shown beside the similarity
    assert data["clusters"] == [{"rep": None, "rep_id": "old#0", "members": [[[0, 0], 0.9, [], "shared-lead"]]}]


def test_outside_article_removals_show_their_score_in_the_report():
    """The article step's explanation (score and largest feature contributions) reaches the report's data."""
    page = ("Home\nNews\nSport\nWeather\n"
            "The council approved the budget for the new river bridge on Tuesday after a long debate.\n"
            "Work is due to start in the spring and should take two years, the city engineer said.\n"
            "Contact us\nPrivacy")
    result = cleanpress.Cleaner().clean(cleanpress.Document(id="p", text=page))
    details = [r.detail for r in result.removals if r.rule == "outside-article" and r.detail]
    assert details, "the article step explains its removals"
    tables = Tables()
    for view in (pages_from_result(result, tables), pages_from_records(result.records(), tables)[0]):
        shown = [seg[3] for story in view.stories for seg in story.segments if isinstance(seg, list) and len(seg) > 3]
        assert sorted(shown) == sorted(details)
    assert details[0] in report(result)
