"""Fuzzing the clean and dedup stages: whatever a crawler produced, no crash and no hang.

The default run uses a bounded budget; ``pytest -m fuzz`` runs the same checks with
large budgets and adds the 50 MB pages. Every big case runs under an alarm, so a
hang fails the test instead of stalling the suite (no timing is asserted).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress import Cleaner, apply_removals
from cleanpress.clean.rules import RULE_TYPES
from cleanpress.dedup.deduplicator import dedup
from cleanpress.io import dumps, parse_record

CLEANER = Cleaner()

#: Characters that break naive text handling: controls, bidi marks, zero-width, BOM, lone surrogates, CJK, RTL.
ODD = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u200d", "\u200e", "\u202e", "\u2066",
       "\ufeff", "\ufffd", "\ud800", "\udfff", "\udc80", "新闻", "東京", "مرحبا", "שלום", "\u0301", "e\u0301",
       "\t", "\r", "\r\n", "\n\n\n", "…", "...", "[ad_", "]", "{{", "(", ")", "/", "©", "ﬁ", "Ⅻ", "𝔘𝔫𝔦"]
BOILERPLATE = [line for rule in RULE_TYPES for line in rule.example.split("\n") if line]

alphabet = st.one_of(
    st.characters(),  # any code point but surrogates
    st.characters(categories=["Cs"]),  # lone surrogates, as badly decoded JSON leaves them
    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"]),
)
chunks = st.one_of(st.text(alphabet, max_size=60), st.sampled_from(ODD), st.sampled_from(BOILERPLATE))
pages = st.lists(chunks, max_size=40).map("".join)
lines = st.lists(st.one_of(st.text(alphabet, max_size=120), st.sampled_from(BOILERPLATE)), max_size=40).map("\n".join)

BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LARGE = settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))


def check_clean(page: str) -> None:
    result = CLEANER.clean(page)
    assert apply_removals(page, result.removals) == result.text
    assert not result.stories or result.stories[-1].end == len(page)
    assert result.stories or (not result.text.strip() and result.no_article)
    for story in result.stories:
        record = story.to_record(page)
        line = dumps({"id": "x", **record})  # every result can be written
        line.encode("utf-8")
    assert CLEANER.clean(page).records() == result.records()


def check_dedup(texts: list[str]) -> None:
    stories = [(f"s{k}", t) for k, t in enumerate(texts)]
    result = dedup(stories)
    assert [a.id for a in result.assignments] == [s[0] for s in stories]
    by_id = {a.id: a for a in result.assignments}
    for a in result.assignments:
        assert 0.0 <= a.similarity <= 1.0
        if a.duplicate_of is None:
            assert a.cluster == a.id and a.similarity == 1.0
        else:
            assert by_id[a.duplicate_of].duplicate_of is None, "a representative is its own cluster's head"
    members = sorted(m for c in result.clusters for m in c.members)
    assert members == sorted(by_id)


@BOUNDED
@given(pages)
def test_clean_never_crashes(page):
    check_clean(page)


@BOUNDED
@given(lines)
def test_clean_never_crashes_on_lines(page):
    check_clean(page)


@BOUNDED
@given(st.lists(st.one_of(pages, lines), max_size=8))
def test_dedup_never_crashes(texts):
    check_dedup(texts)


@BOUNDED
@given(st.binary(max_size=300))
def test_any_jsonl_line_is_a_document_or_a_reason(raw):
    item = parse_record(raw, "fuzz.jsonl", 1)
    if isinstance(item, cleanpress.Document):
        check_clean(item.text or "")
    else:
        assert str(item).startswith("fuzz.jsonl:1")


@pytest.mark.fuzz
@LARGE
@given(pages)
def test_clean_never_crashes_large_budget(page):
    check_clean(page)


@pytest.mark.fuzz
@LARGE
@given(lines)
def test_clean_lines_large_budget(page):
    check_clean(page)


@pytest.mark.fuzz
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(pages, lines), max_size=30))
def test_dedup_large_budget(texts):
    check_dedup(texts)


@pytest.mark.fuzz
@LARGE
@given(st.binary(max_size=2000))
def test_jsonl_lines_large_budget(raw):
    item = parse_record(raw, "fuzz.jsonl", 1)
    if isinstance(item, cleanpress.Document):
        check_clean(item.text or "")


# ---- big and repetitive pages -------------------------------------------------------------------------

@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail (instead of hanging) if a case takes longer than ten minutes."""

    def hang(signum: int, frame: object) -> None:
        raise TimeoutError("no result after 600 s: a hang or a super-linear step")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(600)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


SENTENCE = "The council approved the new budget on Tuesday after a long debate. "


def repetitive(kind: str, size: int) -> str:
    """Deeply repetitive text of about ``size`` characters."""
    units = {
        "one-char": "a",
        "two-chars": "ab",
        "same-line": "Related Articles\n",
        "same-sentence-line": SENTENCE + "\n",
        "same-paragraph": (SENTENCE * 5) + "\n\n",
        "caption-pairs": "A man walks past the building. (Reuters/Jane Doe)\n" * 2 + SENTENCE * 3 + "\n",
        "ellipses": "… ... " * 3 + "\n",
        "nested-brackets": "([{" * 5 + "ad_1" + "}])" * 5 + "\n",
        "rtl-cjk": "مرحبا بالعالم 新闻报道 \u202e\u200b שלום\n",
        "surrogates": "\ud800\udfff\udc80 text\n",
    }
    unit = units[kind]
    return (unit * (size // len(unit) + 1))[:size]


REPETITIVE = ["one-char", "two-chars", "same-line", "same-sentence-line", "same-paragraph", "caption-pairs",
              "ellipses", "nested-brackets", "rtl-cjk", "surrogates"]


@pytest.mark.parametrize("kind", REPETITIVE)
def test_repetitive_pages(kind, alarm):
    page = repetitive(kind, 200_000)
    check_clean(page)
    check_dedup([page, page[: len(page) // 2], repetitive(kind, 1000)])


@pytest.mark.fuzz
def test_ten_megabyte_single_line(alarm):
    """(The default run sends a 10 MB line through the CLI, in test_cli.py.)"""
    page = (SENTENCE * (10_000_000 // len(SENTENCE) + 1))[:10_000_000]
    result = CLEANER.clean(page)
    assert result.text == page.strip()


@pytest.mark.fuzz
@pytest.mark.parametrize("kind", REPETITIVE)
def test_repetitive_pages_ten_megabytes(kind, alarm):
    check_clean(repetitive(kind, 10_000_000))


@pytest.mark.fuzz
@pytest.mark.parametrize("shape", ["one-line", "paragraphs"])
def test_fifty_megabyte_page(shape, alarm):
    if os.environ.get("CLEANPRESS_SKIP_HUGE"):
        pytest.skip("CLEANPRESS_SKIP_HUGE is set")
    if shape == "one-line":
        page = (SENTENCE * (50_000_000 // len(SENTENCE) + 1))[:50_000_000]
    else:  # numbered paragraphs: identical ones would rightly be removed as repeats
        unit = SENTENCE * 6
        page = "\n".join(f"Paragraph {k}: {unit}" for k in range(50_000_000 // (len(unit) + 16)))
    result = CLEANER.clean(page)
    assert len(result.text) > 0.9 * len(page.strip())
