"""The Cleaner: explanations replay, the line model is optional and checked, configs refuse bad values."""

from __future__ import annotations

import json

import pytest

from cleanpress import CleanConfig, Cleaner, apply_removals
from cleanpress.clean.article.features import FEATURE_NAMES
from cleanpress.clean.article.line_model import DROP_BELOW, LineModel
from cleanpress.clean.article.region import RegionScoring
from cleanpress.clean.rules import RULE_TYPES

from .test_stories import BODY_A, BODY_B

PAGE = (
    "Menu\nHome\nWorld\n31.8 C\nCouncil Approves Budget After All-Night Debate\n[ad_1]\n"
    f"{BODY_A}Advertisement\n{BODY_B}Lesen Sie auch: Die Bahn streikt wieder\n"
    "Related Articles\nFloods Hit Harbour\nTwo hours of rain closed the port...\n"
    "Leave a Reply\nYour email address will not be published.\n© 2024 Example Media. All rights reserved."
)


@pytest.mark.parametrize("model", [True, False], ids=["model", "heuristic"])
def test_removals_replay_to_the_output(model):
    cleaner = Cleaner(CleanConfig(region=RegionScoring(model=model)))
    result = cleaner.clean(PAGE)
    assert apply_removals(PAGE, result.removals) == result.text
    for story in result.stories:
        assert apply_removals(PAGE, story.removals, story.start, story.end) == story.text
    assert result.title == "Council Approves Budget After All-Night Debate"
    for line in (*BODY_A.splitlines(), *BODY_B.splitlines()):
        assert line in result.text
    junk_lines = ("Menu", "31.8 C", "[ad_1]", "Advertisement", "Lesen Sie auch", "Floods Hit Harbour", "Leave a Reply")
    for junk in (*junk_lines, "©"):
        assert junk not in result.text


def test_every_removal_names_a_known_rule_and_reason():
    known = {t.name: set(t.reasons) for t in RULE_TYPES}
    known["headline"] = {"title", "repeat"}
    known["outside-article"] = {"before", "after", "low-score", "no-article"}
    for removal in Cleaner().clean(PAGE).removals:
        assert removal.reason in known[removal.rule], removal


def test_cleaning_is_deterministic_and_idempotent():
    cleaner = Cleaner()
    first = cleaner.clean(PAGE)
    assert cleaner.clean(PAGE) == first
    again = cleaner.clean(first.text)
    assert all(line in first.text.split("\n") for line in again.text.split("\n"))


def test_switching_a_rule_off_keeps_its_lines_from_that_rule():
    result = Cleaner(CleanConfig(ad_marker=False)).clean(PAGE)
    assert not any(r.rule == "ad-marker" for r in result.removals)


def test_shipped_model_is_readable_json_with_cross_validation(tmp_path):
    model = LineModel.load()
    data = model.to_dict()
    assert data["features"] == list(FEATURE_NAMES)
    figures = data["meta"]["f1_precision_recall"]  # how it generalises, written by the fitting script
    assert set(figures) == {"articles", "readability", "snippets", "dragnet"}
    for row in figures.values():
        assert {"in_sample", "leave_one_set_out", "site_folds"} <= set(row)
        assert all(0.5 < row[k][0] <= 1.0 for k in ("in_sample", "leave_one_set_out", "site_folds"))
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    again = LineModel.load(path)
    assert (again.weights == pytest.approx(model.weights, abs=1e-6))


def test_one_drop_below_for_the_shipped_model_and_the_defaults():
    shipped = LineModel.load()
    data = shipped.to_dict()
    del data["drop_below"]
    bare = LineModel(shipped.weights, shipped.bias, shipped.mean, shipped.scale)
    assert shipped.drop_below == DROP_BELOW == LineModel.from_dict(data).drop_below == bare.drop_below


def test_a_model_for_other_features_is_refused_with_the_fix(tmp_path):
    data = LineModel.load().to_dict()
    data["features"] = data["features"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"refit it with benchmarks/fit_line_model\.py"):
        LineModel.load(path)


def test_cleaner_takes_a_model_explicitly():
    model = LineModel.load()
    assert Cleaner(line_model=model).line_model is model
    assert Cleaner(CleanConfig(region=RegionScoring(model=False))).line_model is None


def test_config_refuses_bad_thresholds_with_the_fix():
    with pytest.raises(ValueError, match="line_penalty must be >= 0"):
        CleanConfig(region=RegionScoring(line_penalty=-1))


def test_empty_and_blank_pages():
    for text in ("", "\n\n", "   "):
        result = Cleaner().clean(text)
        assert result.text == "" and result.stories == () and result.records() == []
        assert result.no_article == "the page is blank"
        assert "no article: the page is blank" in result.explain()


def test_config_refuses_a_negative_resume_ratio():
    with pytest.raises(ValueError, match="resume_ratio must be >= 0"):
        CleanConfig(region=RegionScoring(resume_ratio=-0.5))


def test_article_resumes_after_an_interruption():
    """A gallery block in the middle of an article does not cut the article's second half."""
    gallery = "\n".join(["Gallery", "Photo 1 of 4", "Photo 2 of 4", "Photo 3 of 4", "Photo 4 of 4", "Next", "Previous"])
    second = BODY_B + BODY_B.replace("Wednesday", "Friday").replace("night", "day")
    page = f"Council Approves Budget After All-Night Debate\n{BODY_A}{gallery}\n{second}Home\nContact"
    resumed = Cleaner().clean(page)
    for line in (*BODY_A.splitlines(), *second.splitlines()):
        assert line in resumed.text
    assert "Gallery" not in resumed.text and "Contact" not in resumed.text
    cut = Cleaner(CleanConfig(region=RegionScoring(resume_ratio=0))).clean(page)
    both = (*BODY_A.splitlines(), *second.splitlines())
    assert not all(line in cut.text for line in both)  # without resuming, one half is lost


def test_bullet_link_list_after_article_is_not_a_story():
    """A host's '» Title' link list with one-line blurbs goes as a teaser list, not as a second story."""
    links = "\n\n".join(
        f"» {name}\n\nClique na imagem e veja {what} desta temporada no site, com todos os detalhes e os horários."
        for name, what in [("Coluna de Adauto Silva", "as colunas"), ("Power Ranking", "o ranking dos pilotos"),
                           ("Preview do GP do Brasil", "os horários da TV"), ("Loucos por Automobilismo", "o episódio")]
    )
    page = f"Council Approves Budget After All-Night Debate\n{BODY_A}{BODY_B}\nwww.autoracing.com.br\n\n\n{links}\n"
    result = Cleaner().clean(page)
    assert len(result.stories) == 1
    assert "Coluna de Adauto Silva" not in result.text and "Clique na imagem" not in result.text
    for line in (*BODY_A.splitlines(), *BODY_B.splitlines()):
        assert line in result.text


def test_bullet_links_between_paragraphs_do_not_take_the_paragraphs():
    """Single '» Read this' links between long paragraphs are not a link list."""
    para = " ".join(["The council met again on Thursday and discussed the budget for the coming year in detail."] * 7)
    page = "\n".join([
        "Council Approves Budget After All-Night Debate", para, "» Zum Angebot: Tickets", para + " Again.",
        "» Downloads: Spielplan", para + " Once more.", "» Mehr: Tabelle", para + " Finally.",
    ])
    assert (para + " Again.") in Cleaner().clean(page).text


_TOPICS = ["harbour", "railway", "library", "market", "bridge", "school", "hospital", "museum", "stadium", "airport",
           "theatre", "factory", "orchard", "canal", "tower", "garden", "station", "quarry", "mill", "reservoir",
           "lighthouse", "cathedral", "warehouse", "vineyard"]


def _picture_article() -> tuple[list[str], str]:
    """A long feature with an ad marker and a repeated photographer's credit between each two paragraphs."""
    paragraphs = [
        f"The old {topic} was built in {1850 + 7 * k} and served the town for generations, until the council "
        f"closed it after a long debate about its cost. Residents who remember the {topic} say it was the heart of "
        f"the district, and many of them still gather there on Sundays to talk about how the place has changed."
        for k, topic in enumerate(_TOPICS)
    ]
    body: list[str] = []
    for k, para in enumerate(paragraphs):
        if k and k % 2 == 0:
            body.append(f"Part {k // 2}: The {_TOPICS[k].title()}")
        body.extend([para, "Advertisement", "(Photo: Jane Doe / Example Press)"])
    head = ["Menu", "Home", "News", "Sport", "The Lost Places Of Our Town", "By Jane Doe", ""]
    tail = ["Share This Story", "More from Example", "Subscribe", "© 2024 Example Media. All rights reserved."]
    return paragraphs, "\n\n".join([*head, *body, *tail])


def test_long_article_with_photo_credits_between_paragraphs_keeps_its_later_half():
    """Each picture's ad marker and credit between paragraphs: the article goes on past them to its last paragraph."""
    paragraphs, page = _picture_article()
    result = Cleaner().clean(page)
    kept = [p for p in paragraphs if p in result.text]
    assert len(kept) == len(paragraphs), f"lost {len(paragraphs) - len(kept)} of {len(paragraphs)} paragraphs"
    assert "Subscribe" not in result.text and "All rights reserved" not in result.text
    chainless = Cleaner(CleanConfig(region=RegionScoring(chain=False))).clean(page)
    assert sum(p in chainless.text for p in paragraphs) < len(paragraphs)  # the region alone stops early
