"""What a process imports: ``dedup`` (command and API) never loads the clean stage, whose rule
vocabularies compile regular expressions at import; the public API still offers every name."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cleanpress
from cleanpress.cli import COMMANDS, _commands_needed

#: modules of the clean stage that are costly to import (the rules compile their vocabularies)
CLEAN_STAGE = ("cleanpress.clean.rules.vocab", "cleanpress.clean.rules", "cleanpress.clean.cleaner",
               "cleanpress.clean.config", "cleanpress.clean.profile")


def loaded_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; its ``out`` dict, with the clean-stage modules then imported."""
    script = (f"import sys, json\nout = {{}}\n{code}\n"
              f"out['loaded'] = [m for m in {CLEAN_STAGE!r} if m in sys.modules]\nprint(json.dumps(out))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_the_dedup_command_does_not_import_the_clean_stage(tmp_path: Path) -> None:
    stories = tmp_path / "stories.jsonl"
    text = "The mayor opened the new bridge on Monday morning after two years of work, officials said."
    stories.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in range(3)), encoding="utf-8")
    out = loaded_after(
        "from cleanpress.cli import main\n"
        f"out['rc'] = main(['dedup', {str(stories)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}, '-q'])"
    )
    assert out == {"rc": 0, "loaded": []}
    clusters = {json.loads(line)["cluster"] for line in (tmp_path / "out.jsonl").read_text().splitlines()}
    assert len(clusters) == 1  # the command did its work: three copies, one cluster


def test_the_dedup_api_does_not_import_the_clean_stage() -> None:
    out = loaded_after(
        "import cleanpress, cleanpress.dedup\n"
        "text = 'a story about the bridge that opened on Monday morning in the town, officials said'\n"
        "result = cleanpress.dedup([('a', text), ('b', text)])\n"
        "out['clusters'] = len({a.cluster for a in result.assignments})"
    )
    assert out == {"clusters": 1, "loaded": []}


def test_a_command_that_cleans_still_imports_it(tmp_path: Path) -> None:
    """The check above can fail: running ``clean`` loads the clean stage."""
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"id": "p", "text": "The mayor opened the new bridge on Monday morning."}) + "\n",
                     encoding="utf-8")
    out = loaded_after("from cleanpress.cli import main\n"
                       f"out['rc'] = main(['clean', {str(pages)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}, '-q'])")
    assert out["rc"] == 0
    assert "cleanpress.clean.cleaner" in out["loaded"]


@pytest.mark.parametrize(("argv", "needed"), [
    (["dedup", "a.jsonl"], ("dedup",)),
    (["run", "-h"], ("run",)),
    ([], COMMANDS),
    (["--help"], COMMANDS),
    (["--version"], COMMANDS),
    (["dedupe", "a.jsonl"], COMMANDS),  # a mistyped command: the full parser names the real ones
])
def test_only_the_command_run_is_imported(argv: list[str], needed: tuple[str, ...]) -> None:
    assert tuple(_commands_needed(argv)) == needed


def test_functions_keep_their_names_beside_the_subpackages() -> None:
    """``cleanpress.clean``, ``.dedup`` and ``.report`` are the functions even once their subpackages load."""
    out = loaded_after(
        "import cleanpress.report, cleanpress.dedup, cleanpress.clean.result\nimport cleanpress\n"
        "out['kinds'] = [type(getattr(cleanpress, n)).__name__ for n in ('clean', 'dedup', 'report')]"
    )
    assert out["kinds"] == ["function"] * 3


def test_the_public_api_offers_every_name() -> None:
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.profile import DEFAULT_SITE
    from cleanpress.pipeline import run

    for name in cleanpress.__all__:
        assert getattr(cleanpress, name) is not None, name
        assert name in dir(cleanpress)
    assert cleanpress.Cleaner is Cleaner and cleanpress.run is run
    assert inspect.signature(cleanpress.learn_profile).parameters["site"].default == DEFAULT_SITE
    with pytest.raises(AttributeError, match="no_such_name"):
        cleanpress.no_such_name  # noqa: B018 - the look-up is the test
    assert cleanpress.clean("Advertisement\nThe mayor opened the new bridge on Monday morning, officials "
                            "said.").text.startswith("The mayor")
