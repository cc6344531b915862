"""A cleaner's memory of its lines (``CleanConfig.line_memoryry``) saves work and never changes a result.

Pages are drawn from a small pool of lines, so the same menu, headline,
label and prose lines recur on page after page as a site's template lines
do: a cleaner that remembers what it asked of them on earlier pages must
clean every page exactly as one that asks again, in any order of pages.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress import Cleaner
from cleanpress.clean.article.headline import (
    HeadlineFacts,
    is_headline_candidate,
    is_label_line,
    title_content_keys,
)
from cleanpress.clean.config import CleanConfig, StoryConfig
from cleanpress.clean.memo import ValueMemo
from cleanpress.clean.result import CleanResult

#: lines of a news site: its title lines, headlines, labels, menus, datelines and prose
POOL = [
    "Council Approves New Budget After Long Debate - The Town Gazette",
    "Council Approves New Budget After Long Debate",
    "Harbour Bridge Reopens To Traffic After Repairs",
    "Harbour Bridge Reopens To Traffic After Repairs | Gazette",
    "Mayor Says Budget Will Not Raise Taxes This Year",
    "Home | News | Sport | Weather | Contact",
    "Photo: Jane Doe / Reuters",
    "By Jane Doe, Staff Reporter",
    "12 March 2024 10:45",
    "Share this article",
    "Advertisement",
    "Read more",
    "The Town Gazette",
    "Are you sure you want to delete your account?",
    "CLICK HERE FOR FULL RESULTS",
    "The council approved the new budget on Tuesday after a debate that lasted well into the night.",
    "Critics said the plan would raise taxes for most residents next year, and vowed to fight it.",
    "The bridge, closed since January for repairs, carried its first cars again on Monday morning.",
    "Engineers said the work had cost less than expected and finished two weeks ahead of schedule.",
    "The mayor told reporters that the budget would not raise taxes, whatever the critics said.",
    "Residents who spoke to the Gazette said they were relieved that the long closure was over.",
    "Der Rat hat den neuen Haushalt am Dienstag nach einer langen Debatte verabschiedet.",
    # lines that open alike and read differently: a headline and a sentence, a label and a headline
    "Residents Who Spoke Out Against The Plan Win Their Case",
    "Residents who spoke to the Gazette said they would go to court again, and would win.",
    "Photo Exhibition Opens At The Harbour Museum Next Week",
    "© 2024 The Town Gazette. All rights reserved.",
    "",
]

page_lines = st.lists(st.sampled_from(POOL), min_size=1, max_size=18)
HEADLINES = [line for line in POOL if line and line[0].isupper() and not line.endswith(".")]
PROSE = [line for line in POOL if line.endswith(".") and len(line.split()) >= 8]
#: a page shaped as an article: chrome above, a headline, furniture, prose, chrome below (any line from the pool)
article_lines = st.tuples(
    st.lists(st.sampled_from(POOL), max_size=4),
    st.sampled_from(HEADLINES),
    st.lists(st.sampled_from(POOL[5:15]), max_size=2),
    st.lists(st.sampled_from(PROSE), min_size=1, max_size=6),
    st.lists(st.sampled_from(POOL), max_size=4),
).map(lambda parts: [*parts[0], parts[1], *parts[2], *parts[3], *parts[4]])
pages = st.lists((page_lines | article_lines).map("\n".join), min_size=1, max_size=8)


def _output(result: CleanResult) -> tuple[object, ...]:
    return (
        result.text,
        [(s.title, s.text, s.start, s.end) for s in result.stories],
        [(r.start, r.end, r.rule, r.reason, r.detail) for r in result.removals],
    )


@settings(max_examples=60, deadline=None)
@given(pages)
def test_memo_on_cleans_as_memo_off(texts):
    on = Cleaner(CleanConfig(line_memory=True))
    off = Cleaner(CleanConfig(line_memory=False))
    expected = [_output(off.clean(t)) for t in texts]
    assert [_output(on.clean(t)) for t in texts] == expected
    # the same cleaner again, its memory warm, and the pages in the other order
    assert [_output(on.clean(t)) for t in reversed(texts)] == expected[::-1]
    # and what it remembers of each line is what the function it stands for says of the line
    facts = on._headline_facts
    for memo in (facts.candidate, facts.shaped, facts.label, facts.furniture, facts.title_keys):
        assert isinstance(memo, ValueMemo)
        for line, value in memo.values.items():
            assert memo.fn(line) == value, line


def test_memo_remembers_and_stays_bounded():
    facts = HeadlineFacts(StoryConfig(), kept=3)
    assert isinstance(facts.candidate, ValueMemo)
    for line in POOL[:5]:
        assert facts.candidate(line) == (is_headline_candidate(line, StoryConfig()) and not is_label_line(line))
        assert facts.title_keys(line) == title_content_keys(line)
    assert 0 < len(facts.candidate.values) <= 3
    assert not isinstance(HeadlineFacts(StoryConfig(), kept=None).candidate, ValueMemo)
    with pytest.raises(ValueError, match="at least one line"):
        ValueMemo(len, kept=0)


def test_a_memo_made_for_another_config_is_not_used():
    from cleanpress.clean.article.headline import headline_and_start
    from cleanpress.clean.rules import Page
    from cleanpress.clean.segment import segment

    text = "\n".join([POOL[5], POOL[4], POOL[15], POOL[16], POOL[19]])
    page = Page(text, segment(text))
    kept = [b for b in page.blocks if b.norm]
    facts = HeadlineFacts(StoryConfig())

    def asked(norm: str) -> bool:
        raise AssertionError(f"asked the memo of another config about {norm!r}")

    facts.candidate = facts.shaped = facts.furniture = asked
    strict = StoryConfig(title_min_words=6, title_max_words=30)
    assert headline_and_start(page, kept, 2, strict, facts=facts) == headline_and_start(page, kept, 2, strict)
    with pytest.raises(AssertionError, match="asked the memo"):
        headline_and_start(page, kept, 2, StoryConfig(), facts=facts)
