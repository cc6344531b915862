"""Site profiles: learning recurring lines, thresholds, the site-profile rule, the file format."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress import CleanConfig, Cleaner, Document, ProfileConfig, learn_profile
from cleanpress.clean.profile import ProfileError, line_hash, site_of
from cleanpress.io.profiles import load_profile, profile_to_dict, save_profile

HEADER = ["The Riverside Gazette", "Home | News | Sport | Weather", "Subscribe to our morning newsletter today"]
FOOTER = ["Privacy policy | Terms of use", "Copyright 2019 The Riverside Gazette. All rights reserved."]
SIGN_OFF = "Reporting by the Riverside Gazette newsroom, with additional reporting by our correspondents abroad."
TOPICS = ["bridge", "school", "harbour", "library", "railway", "market", "museum", "stadium", "hospital", "park"]


def article(topic: str, sentences: int = 4) -> list[str]:
    """A few prose lines about ``topic`` that no other article shares."""
    return [f"The council discussed the {topic} plan for the {i + 1}th time on Tuesday, and members of the "
            f"{topic} committee said the {topic} work would start soon, weeks {i} and {i + 2} being likely."
            .replace(f"{i + 1}th", ["first", "second", "third", "fourth", "fifth", "sixth"][i])
            for i in range(sentences)]


def site_page(topic: str, *, sign_off: bool = False) -> str:
    body = article(topic) + ([SIGN_OFF] if sign_off else [])
    return "\n".join([*HEADER, f"News about the {topic}", *body, *FOOTER])


def test_template_lines_are_learned_and_removed_by_the_site_profile_rule():
    pages = [site_page(t) for t in TOPICS]
    profile = learn_profile(pages)
    template = profile.template("default")
    assert {line_hash(line) for line in HEADER + FOOTER} <= template
    body_hashes = {line_hash(line) for t in TOPICS for line in article(t)}
    assert not template & body_hashes

    result = Cleaner(profile=profile).clean(site_page("theatre"))
    removed = {result.input[r.start:r.end]: (r.rule, r.reason) for r in result.removals}
    for line in HEADER + FOOTER:
        assert removed[line] == ("site-profile", "recurring-line")
    for line in article("theatre"):
        assert line in result.text


def test_site_profile_runs_before_the_other_rules():
    """A line both the profile and a named rule would remove is credited to the profile (it ran first)."""
    pages = [site_page(t) for t in TOPICS]
    result = Cleaner(profile=learn_profile(pages)).clean(site_page("theatre"))
    [copyright_removal] = [r for r in result.removals if result.input[r.start:r.end] == FOOTER[1]]
    assert copyright_removal.rule == "site-profile"


def test_a_standard_sign_off_is_not_template():
    """A prose line inside the article on most of its pages is the site's own text (protect_share)."""
    pages = [site_page(t, sign_off=True) for t in TOPICS]
    profile = learn_profile(pages)
    assert line_hash(SIGN_OFF) not in profile.template("default")
    assert profile.sites["default"].lines[line_hash(SIGN_OFF)] == [len(TOPICS), len(TOPICS)]
    result = Cleaner(profile=profile).clean(site_page("theatre", sign_off=True))
    # the profile leaves it (a named rule such as byline may still judge it on its own)
    assert not [r for r in result.removals if r.rule == "site-profile" and SIGN_OFF in result.input[r.start:r.end]]
    kept = Cleaner(CleanConfig(byline=False), profile=profile).clean(site_page("theatre", sign_off=True))
    assert SIGN_OFF in kept.text
    # with the protection off, the same line is template
    unprotected = learn_profile(pages, config=ProfileConfig(protect_share=1.0))
    assert line_hash(SIGN_OFF) in unprotected.template("default")


def test_a_story_published_on_many_pages_is_not_swallowed():
    """The same article under several templates: its lines recur, but as prose inside the article."""
    story = article("flood", sentences=6)
    templates = [[f"Site {name} header", f"{name} menu: Home | World | Sport"] for name in "ABCDEF"]
    pages = ["\n".join([*head, "Flood warning issued", *story, f"Footer of site {i}"])
             for i, head in enumerate(templates)]
    profile = learn_profile(pages)
    result = Cleaner(profile=profile).clean(pages[0])
    for line in story:
        assert line in result.text


def test_a_profile_never_takes_most_of_a_pages_prose():
    """max_prose_share: when recurring prose would be most of a page's prose, the prose lines stay."""
    story = article("flood", sentences=6)
    pages = ["\n".join(story)] * 3 + ["\n".join(article(t)) for t in TOPICS[:3]]
    config = ProfileConfig(protect_share=1.0)  # protection off, so only the page-level guard is left
    profile = learn_profile(pages, config=config)
    assert {line_hash(line) for line in story} <= profile.template("default")
    result = Cleaner(CleanConfig(outside_article=False), profile=profile).clean("\n".join(story))
    assert all(line in result.text for line in story)
    guard_off = learn_profile(pages, config=ProfileConfig(protect_share=1.0, max_prose_share=1.0))
    assert Cleaner(CleanConfig(outside_article=False), profile=guard_off).clean("\n".join(story)).text == ""


@pytest.mark.parametrize(("pages_with_line", "site_pages", "config", "expected"), [
    (1, 10, ProfileConfig(), False),                       # one page is never a template
    (2, 10, ProfileConfig(), True),                        # min_pages=2 reached
    (2, 10, ProfileConfig(min_pages=3), False),
    (3, 10, ProfileConfig(min_pages=3), True),
    (3, 100, ProfileConfig(min_pages=2, min_share=0.05), False),  # 3 of 100 pages < 5 %
    (5, 100, ProfileConfig(min_pages=2, min_share=0.05), True),
])
def test_min_pages_and_min_share(pages_with_line, site_pages, config, expected):
    line = "Follow us on every network you can think of"
    pages = [f"{line}\n" + "\n".join(article(f"topic{i}", 2)) if i < pages_with_line else "\n".join(
        article(f"topic{i}", 2)) for i in range(site_pages)]
    profile = learn_profile(pages, config=config)
    assert (line_hash(line) in profile.template("default")) is expected


def test_pages_are_grouped_by_source_then_host_then_site_option():
    docs = [
        Document("1", text="a", url="https://www.gazette.example/x"),
        Document("2", text="a", url="https://gazette.example/y"),
        Document("3", text="a", source="wire"),
        Document("4", text="a"),
    ]
    profile = learn_profile(docs, site="mine")
    assert {name: lines.pages for name, lines in profile.sites.items()} == {"gazette.example": 2, "wire": 1, "mine": 1}
    assert site_of(Document("5", text="x", source="wire", url="https://other.example/")) == "wire"


def test_pages_of_one_site_do_not_teach_another():
    a = [Document(str(i), text=site_page(t), url=f"https://gazette.example/{i}") for i, t in enumerate(TOPICS)]
    profile = learn_profile(a)
    other = Document("b", text=site_page("theatre"), url="https://another.example/x")
    assert profile.site_for(other) is None
    assert not any(r.rule == "site-profile" for r in Cleaner(profile=profile).clean(other).removals)
    # a page with no site of its own uses a single-site profile
    assert profile.site_for(Document("c", text="x")) == "gazette.example"


def test_html_documents_are_learned_from_their_extracted_text():
    def html(topic: str) -> str:
        paragraphs = "".join(f"<p>{s}</p>" for s in article(topic))
        return (f"<html><head><title>{topic} news</title></head><body><article><h1>{topic} news</h1>"
                f"<p>Support local journalism: subscribe</p>{paragraphs}"
                "</article></body></html>")

    docs = [Document(t, html=html(t), url=f"https://gazette.example/{t}") for t in TOPICS]
    profile = learn_profile(docs)
    assert line_hash("Support local journalism: subscribe") in profile.template("gazette.example")
    result = Cleaner(profile=profile).clean(Document("x", html=html("theatre"), url="https://gazette.example/x"))
    assert "Support local journalism" not in result.text
    assert any(r.rule == "site-profile" for r in result.removals)
    assert article("theatre")[0] in result.text


# --- the file ----------------------------------------------------------------

def test_save_and_load_round_trip(tmp_path):
    profile = learn_profile([site_page(t) for t in TOPICS])
    path = tmp_path / "gazette.profile.json"
    save_profile(profile, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("cleanpress-profile", 1)
    assert set(data["sites"]["default"]["sample"].values()) <= set(HEADER + FOOTER)
    loaded = load_profile(path)
    assert loaded.template("default") == profile.template("default")
    assert loaded.config == profile.config


def test_the_file_holds_hashes_not_text_beyond_the_sample(tmp_path):
    profile = learn_profile([site_page(t) for t in TOPICS], config=ProfileConfig(sample=0))
    path = tmp_path / "p.json"
    save_profile(profile, path)
    raw = path.read_text(encoding="utf-8")
    for line in HEADER + FOOTER:
        assert line not in raw
    assert b"pickle" not in path.read_bytes()
    # lines seen on one page only are left out
    assert len(json.loads(raw)["sites"]["default"]["lines"]) == len(HEADER + FOOTER)


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "corrupt profile: Expecting property name"),
    (b"\xff\xfe", "not UTF-8"),
    (b'{"format": "something-else"}', "not a cleanpress profile"),
    (b'{"format": "cleanpress-profile", "version": 2}', "profile version 2 is not supported"),
    (b'{"format": "cleanpress-profile", "version": 1, "hash": "md5"}', "hashed another way"),
])
def test_unusable_files_are_refused_with_the_file_name(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ProfileError, match=message) as info:
        load_profile(path)
    assert str(path) in str(info.value)


def test_bad_counts_are_refused_with_where_they_are(tmp_path):
    profile = learn_profile([site_page(t) for t in TOPICS])
    data = profile_to_dict(profile)
    first = next(iter(data["sites"]["default"]["lines"]))
    data["sites"]["default"]["lines"][first] = [3, 7]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    expected = rf"{path}: sites.default.lines.{first}: expected \[pages, prose_in_region\]"
    with pytest.raises(ProfileError, match=expected):
        load_profile(path)
    with pytest.raises(ProfileError, match="cannot read profile"):
        load_profile(tmp_path / "missing.json")


def test_line_hash_is_stable_across_runs_and_processes():
    """The hash is blake2b of the normalised line, never Python's randomised hash()."""
    code = "from cleanpress.clean.profile import line_hash; print(line_hash('Subscribe to our newsletter'))"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    assert outputs == {line_hash("Subscribe to our newsletter")}
    assert line_hash("Subscribe to our newsletter") == "82865074f57e962c"


# --- merging shards ------------------------------------------------------------

def test_merging_shards_equals_learning_on_all_pages():
    pages = [site_page(t) for t in TOPICS]
    whole = learn_profile(pages)
    merged = learn_profile(pages[:4]).merge(learn_profile(pages[4:]))
    assert merged.sites["default"].pages == whole.sites["default"].pages
    assert merged.sites["default"].lines == whole.sites["default"].lines
    assert merged.template("default") == whole.template("default")


pages_strategy = st.lists(st.sampled_from([site_page(t) for t in TOPICS[:5]] + ["\n".join(article("x"))]),
                          min_size=1, max_size=8)


@settings(max_examples=25, deadline=None)
@given(pages_strategy, pages_strategy)
def test_merge_is_order_independent(left, right):
    a, b = learn_profile(left), learn_profile(right)
    ab, ba = a.merge(b), b.merge(a)
    assert ab.sites["default"].lines == ba.sites["default"].lines
    assert ab.template("default") == ba.template("default")


def test_config_is_checked():
    with pytest.raises(ValueError, match="min_pages must be >= 2"):
        ProfileConfig(min_pages=1)
    with pytest.raises(ValueError, match="protect_share must be between 0 and 1"):
        ProfileConfig(protect_share=2)
    with pytest.raises(ValueError, match="keep_min_pages"):
        ProfileConfig(min_pages=2, keep_min_pages=3)


# --- the command line -----------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanpress", *args], capture_output=True, text=True,
                          timeout=300, check=False)


def test_learn_then_clean_with_the_profile(tmp_path):
    shard1, shard2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path, topics in ((shard1, TOPICS[:5]), (shard2, TOPICS[5:])):
        path.write_text("".join(json.dumps({"id": t, "url": f"https://gazette.example/{t}", "text": site_page(t)})
                                + "\n" for t in topics) + "not json\n", encoding="utf-8")
    whole = tmp_path / "whole.json"
    proc = run_cli("learn", str(shard1), str(shard2), "-o", str(whole))
    assert proc.returncode == 0, proc.stderr
    assert "gazette.example (10 pages" in proc.stderr
    assert f"{shard1}:6" in proc.stderr  # the broken line is named, the rest learned
    # learning shard by shard and merging gives the same profile
    part = tmp_path / "part.json"
    assert run_cli("learn", str(shard1), "-o", str(part), "-q").returncode == 0
    merged = tmp_path / "merged.json"
    assert run_cli("learn", str(shard2), "--merge", str(part), "-o", str(merged), "-q").returncode == 0
    assert load_profile(merged).template("gazette.example") == load_profile(whole).template("gazette.example")

    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps({"id": "t", "url": "https://gazette.example/t", "text": site_page("theatre")}) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(page), "--profile", str(whole), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    [story] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["text"] for r in story["removed"] if r["rule"] == "site-profile"} == set(HEADER + FOOTER)


def test_clean_refuses_an_unusable_profile_with_its_name(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cleanpress-profile", "version": 99}', encoding="utf-8")
    proc = run_cli("clean", "-", "--profile", str(bad))
    assert proc.returncode == 2
    assert f"{bad}: profile version 99 is not supported" in proc.stderr
    proc = run_cli("learn", "-o", str(tmp_path / "x.json"))
    assert proc.returncode == 2
    assert "nothing to learn from" in proc.stderr


def test_public_api():
    assert cleanpress.learn_profile is learn_profile
    assert Cleaner(profile=None).profile is None


line_strategy = st.sampled_from(HEADER + FOOTER + [SIGN_OFF] + [s for t in TOPICS[:4] for s in article(t, 2)])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(line_strategy, min_size=1, max_size=8), min_size=1, max_size=8),
       st.lists(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and "\n" not in s and "\r" not in s),
                max_size=3))
def test_profile_removes_only_lines_seen_on_enough_pages(pages, new_lines):
    """Whatever the pages, site-profile removes only lines the profile saw on min_pages pages."""
    profile = learn_profile(["\n".join(p) for p in pages])
    counts = profile.sites["default"].lines
    page = "\n".join([*pages[0], *new_lines])
    result = Cleaner(profile=profile).clean(page)
    for removal in result.removals:
        if removal.rule == "site-profile":
            line = result.input[removal.start:removal.end]
            assert counts[line_hash(line)][0] >= profile.config.min_pages
    assert cleanpress.apply_removals(result.input, result.removals) == result.text
