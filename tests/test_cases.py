"""Cleaning cases written down once and replayed (``tests/cases/clean_cases.json``).

Each case is a short page given as its lines, the title and output lines it
must give, and optionally which rule removes given lines. Kinds:

- ``in-the-wild``: pages shaped like real scraped news pages (written for the test);
- ``synthetic``: pages built to exercise rules together;
- ``negative``: pages that must not change (only the headline may go);
- ``known-failure``: what the cleaner *should* give but does not yet. They run as
  ``xfail(strict=True)`` on their fixed input, so a fix shows up as a failure
  asking for the case to be moved to the kind it now belongs to.

Add a case by appending to the JSON file; the expectation is the right output,
never whatever the cleaner happens to give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cleanpress import Cleaner
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE, RULE_TYPES

CASES_FILE = Path(__file__).resolve().parent / "cases" / "clean_cases.json"
CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
KINDS = ("in-the-wild", "synthetic", "negative", "known-failure")
RULE_NAMES = {rule.name for rule in RULE_TYPES} | {HEADLINE, OUTSIDE_ARTICLE}

CLEANER = Cleaner()


def _param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case["note"])] if case["kind"] == "known-failure" else []
    return pytest.param(case, id=f"{case['kind']}:{case['name']}", marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case):
    page = "\n".join(case["page"])
    result = CLEANER.clean(page)
    assert result.title == case["title"]
    assert result.text.split("\n") == case["text"]
    removed_by = {page[r.start : r.end].strip(): r.rule for r in result.removals}
    for line, rule in case.get("rules", {}).items():
        assert removed_by.get(line) == rule, f"{line!r} should be removed by {rule}"
    if case["kind"] == "negative":
        assert {r.rule for r in result.removals} <= {HEADLINE}, "a negative case loses only its headline"


def test_cases_are_well_formed():
    """The file itself: known kinds, unique names, expectations drawn from the page."""
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert {case["kind"] for case in CASES} == set(KINDS), "every kind has at least one case"
    for case in CASES:
        name, page = case["name"], case["page"]
        assert set(case) <= {"name", "kind", "note", "page", "title", "text", "rules"}, name
        assert case["kind"] in KINDS and case["note"], name
        assert all(isinstance(line, str) and "\n" not in line for line in page), name
        assert all(line in page for line in case["text"]), f"{name}: an expected line is not on the page"
        assert case["title"] is None or case["title"] in page, name
        for line, rule in case.get("rules", {}).items():
            assert line in page and line not in case["text"] and rule in RULE_NAMES, f"{name}: {line!r}"
        if case["kind"] == "negative":
            assert case["text"] == [line for line in page if line != case["title"]], name
