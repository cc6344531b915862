"""The line pass remembers each stage's verdict by the line's normalised text: the same output, whatever came before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.clean import cleaner as cleaner_module
from cleanpress.clean.rules import RULE_TYPES, LineRule, Page
from cleanpress.clean.segment import segment
from tests.test_interrupt import syndicated_corpus

LINE_RULES = [t() for t in RULE_TYPES if issubclass(t, LineRule)]


def test_there_are_line_rules_to_check():
    assert len(LINE_RULES) >= 5


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_line_rule_sees_only_the_line_text(seeds, data):
    """The contract the verdict memory rests on: same normalised line, same verdict, on any page, anywhere on it."""
    lines = sorted({b.norm for text in seeds.values() for b in segment(text) if b.norm})
    line = data.draw(st.sampled_from(lines))
    before = data.draw(st.lists(st.sampled_from(lines), max_size=6))
    after = data.draw(st.lists(st.sampled_from(lines), max_size=6))
    alone = Page(line, segment(line))
    text = "\n".join([*before, "  " + line + " ", *after])
    framed = Page(text, segment(text))
    block = framed.blocks[len(before)]
    assert block.norm == line
    for rule in LINE_RULES:
        assert rule.reason_for(block, framed) == rule.reason_for(alone.blocks[0], alone), rule.name


def test_results_do_not_depend_on_the_pages_cleaned_before(monkeypatch):
    pages = [p["text"] for p in syndicated_corpus(12)]
    warm = cleanpress.Cleaner()
    warmed = [warm.clean(p) for p in pages]
    again = [warm.clean(p) for p in reversed(pages)][::-1]
    cold = [cleanpress.Cleaner().clean(p) for p in pages]
    assert warmed == cold == again
    monkeypatch.setattr(cleaner_module, "VERDICTS_KEPT", 3)  # the memory is emptied every few lines
    small = cleanpress.Cleaner()
    assert [small.clean(p) for p in pages] == cold
    assert len(small._line_verdicts.memory) <= 3
    assert all(len(table) <= 3 for table in small._line_facts._tables.values())
