"""``dedup`` of ASCII stories loads neither the process-pool machinery nor the ``regex`` module: they cost a
third of its start-up beyond NumPy, and only ``-j N`` cleaning and text that is not ASCII need them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("multiprocessing", "concurrent.futures", "regex")


def modules_after(code: str) -> list[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return list(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_dedup_of_ascii_stories_loads_no_pool_and_no_regex(tmp_path: Path) -> None:
    stories = tmp_path / "stories.jsonl"
    text = "The mayor opened the new bridge on Monday morning after two years of work. Officials said so."
    stories.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in range(3)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    loaded = modules_after(f"from cleanpress.cli import main\nassert main(['dedup', {str(stories)!r}, '-o', "
                           f"{str(out)!r}, '-q']) == 0")
    assert loaded == []
    assert len({json.loads(line)["cluster"] for line in out.read_text().splitlines()}) == 1


def test_text_that_is_not_ascii_still_gets_its_tokens() -> None:
    """The check above can fail: non-ASCII text loads ``regex`` (and tokenises scripts without spaces)."""
    loaded = modules_after("from cleanpress.dedup.shingle import Shingler\n"
                           "assert Shingler(char_ngram=2).shingles('東京都庁') == ['東 京', '京 都', '都 庁']")
    assert loaded == ["regex"]
