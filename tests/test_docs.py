"""The documentation site: its generated pages, and a strict build when MkDocs is installed."""

from __future__ import annotations

import doctest
import html
import importlib.util
import re
import shutil
import subprocess
import sys
from types import ModuleType

import pytest

from cleanpress.clean.rules import RULE_TYPES, Page
from cleanpress.clean.segment import segment
from cleanpress.dedup.config import DedupConfig

from .conftest import ROOT

DOCS = ROOT / "docs"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen_pages() -> ModuleType:
    return load("gen_pages")


def test_rules_page_has_a_section_per_rule_with_what_it_removes(gen_pages):
    page = gen_pages.expand((DOCS / "rules.md").read_text(encoding="utf-8"))
    assert "<!-- generated" not in page
    headings = re.findall(r"^## `([a-z-]+)` \{#", page, flags=re.M)
    assert headings == [t.name for t in RULE_TYPES]
    sections = re.split(r"^## ", page, flags=re.M)
    for rule_type in RULE_TYPES:
        section = next(s for s in sections if s.startswith(f"`{rule_type.name}`"))
        assert rule_type.description in section
        removed = list(rule_type().find(Page(rule_type.example, segment(rule_type.example))))
        struck = re.findall(r"<del[^>]*>(.*?)</del>", section, flags=re.S)
        assert [html.unescape(s) for s in struck] == [rule_type.example[r.start:r.end] for r in sorted(removed)]
        for reason in {r.reason for r in removed}:
            assert f"`{reason}`" in section


def test_rule_examples_are_escaped(gen_pages):
    out = gen_pages._struck("<b>x</b> [ad_1]", [(9, 15, "placeholder")])
    assert "<b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out and "<del" in out


def test_dedup_page_shows_the_configured_bands_and_s_curve(gen_pages):
    page = gen_pages.expand((DOCS / "dedup-parameters.md").read_text(encoding="utf-8"))
    bands, rows = DedupConfig().bands_rows()
    assert f"{bands} × {rows}" in page
    assert page.count('<svg class="s-curve"') == 1
    # the curve is the LSH collision probability; at the LSH threshold it is datasketch's S-curve value
    t = DedupConfig().lsh_threshold
    assert gen_pages.candidate_probability(t, bands, rows) == pytest.approx(1 - (1 - t**rows) ** bands)
    assert gen_pages.candidate_probability(0.0, bands, rows) == 0.0
    assert gen_pages.candidate_probability(1.0, bands, rows) == 1.0


def test_unknown_marker_is_refused(gen_pages):
    with pytest.raises(ValueError, match="unknown generated section 'nope'"):
        gen_pages.expand("<!-- generated: nope -->")


def test_docs_helpers_doctests():
    for name in ("gen_pages", "gen_griffe_doctests"):
        if name == "gen_griffe_doctests" and importlib.util.find_spec("griffe") is None:
            continue
        failures, _ = doctest.testmod(load(name))
        assert failures == 0, name


def test_nav_lists_only_pages_that_exist():
    nav = re.findall(r"^\s+- [^:]+: ([\w./-]+\.md)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M)
    assert "rules.md" in nav and "report.md" in nav
    assert [p for p in nav if not (DOCS / p).exists()] == []


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None
                    or importlib.util.find_spec("mkdocstrings") is None,
                    reason="mkdocs, mkdocs-material or mkdocstrings not installed (pip install -e '.[docs]')")
def test_site_builds_in_strict_mode(tmp_path):
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rules = (site / "rules" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{t.name}"' in rules for t in RULE_TYPES)
    assert (site / "img" / "report.png").exists()
    shutil.rmtree(site)
