"""The dedup and run commands end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleanpress
from cleanpress.cli import main

from .conftest import SEEDS

_rng = random.Random(5)
VOCAB = [f"w{_rng.randrange(10**9)}" for _ in range(8000)]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def stories(n: int, seed: int = 0) -> list[dict]:
    """Story records; every fourth is a copy (edited or trimmed) of an earlier one."""
    rnd = random.Random(seed)
    out: list[dict] = []
    for i in range(n):
        if out and i % 4 == 3:
            base = rnd.choice(out)["text"].split()
            words = base[: int(len(base) * 0.6)] if i % 8 == 3 else [*base[:3], "changed", *base[4:]]
        else:
            words = rnd.choices(VOCAB, k=rnd.randint(60, 150))
        out.append({"id": f"p{i}#0", "source_id": f"p{i}", "story": 0, "title": f"Title {i}", "text": " ".join(words)})
    return out


def test_dedup_adds_cluster_fields_and_keeps_the_records(tmp_path: Path) -> None:
    records = stories(40)
    out = tmp_path / "out.jsonl"
    assert main(["dedup", str(write_jsonl(tmp_path / "in.jsonl", records)), "-o", str(out), "-q"]) == 0
    got = read_jsonl(out)
    assert [r["id"] for r in got] == [r["id"] for r in records]
    for before, after in zip(records, got, strict=True):
        assert {k: after[k] for k in before} == before
        assert set(after) - set(before) == {"cluster", "duplicate_of", "is_duplicate", "similarity", "evidence",
                                            "seen_before"}
        assert after["is_duplicate"] == (after["duplicate_of"] is not None) and after["seen_before"] is False
        if after["duplicate_of"] is None:
            assert after["cluster"] == after["id"] and after["similarity"] == 1.0 and after["evidence"] is None
        else:
            assert after["cluster"] == after["duplicate_of"] and 0 < after["similarity"] <= 1
            assert after["evidence"] in ("prose-containment", "jaccard", "containment", "shared-sentences")
    # every copy is in its original's cluster (either may represent it), and originals are never merged
    for i in range(3, len(got), 4):
        assert got[i]["cluster"] == got[i - 1]["cluster"] or got[i]["cluster"] in {r["cluster"] for r in got[:i]}
    originals = [r for i, r in enumerate(got) if i % 4 != 3]
    assert len({r["cluster"] for r in originals}) == len(originals)


def test_dedup_reports_bad_records_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    good = stories(3)
    path.write_text(json.dumps(good[0]) + "\nnot json\n" + json.dumps({"id": "h", "html": "<p>x</p>"}) + "\n"
                    + json.dumps(good[1]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["dedup", str(path), "-o", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:2: malformed JSON" in err
    assert "dedup needs 'text'" in err
    assert "2 stories -> 2 distinct" in err
    assert [r["id"] for r in read_jsonl(out)] == [good[0]["id"], good[1]["id"]]


def test_dedup_threshold_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedup", "-", "--threshold", "2"]) == 2
    assert "threshold must be in (0, 1], got 2.0" in capsys.readouterr().err


def test_run_on_the_seeds_gives_six_distinct_stories(tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    assert main(["run", str(SEEDS), "-o", str(out), "-q"]) == 0
    got = read_jsonl(out)
    assert len(got) == 6
    for r in got:
        assert {"id", "source_id", "story", "title", "text", "removed"} <= set(r)
        assert (r["cluster"], r["duplicate_of"], r["similarity"]) == (r["id"], None, 1.0)


def test_run_finds_a_republished_page(tmp_path: Path) -> None:
    page = (SEEDS / "001_8e2760d46737ed1a.txt").read_text(encoding="utf-8")
    lines = page.splitlines()
    copy = "\n".join(["Home | News | Sport | Contact", "Advertisement", *lines[: int(len(lines) * 0.8)],
                      "Share this article", "© 2024 Another Site"])
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(page, encoding="utf-8")
    (folder / "b.txt").write_text(copy, encoding="utf-8")
    records = list(cleanpress.run([cleanpress.Document(id="a", text=page), cleanpress.Document(id="b", text=copy)]))
    by_source = {r["source_id"]: r for r in records}
    assert by_source["b"]["duplicate_of"] == by_source["a"]["id"]
    out = tmp_path / "out.jsonl"
    assert main(["run", str(folder), "-o", str(out), "-q"]) == 0
    assert [(r["id"], r["duplicate_of"]) for r in read_jsonl(out)] == [(r["id"], r["duplicate_of"]) for r in records]


def test_run_with_spark_engine_fails_clearly_when_spark_is_unavailable(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cleanpress.spark", None)  # importing it now raises ImportError
    assert main(["run", str(SEEDS), "--engine", "spark", "-o", os.devnull]) == 2
    err = capsys.readouterr().err
    assert "--engine spark is not available" in err and "Traceback" not in err


def test_spark_options_need_the_spark_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SEEDS), "--master", "local[2]", "-o", os.devnull]) == 2
    assert "only with --engine spark" in capsys.readouterr().err


def test_an_index_with_another_scheme_is_refused_by_the_cli(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    idx = str(tmp_path / "idx.sqlite")
    cleanpress.dedup([("a", "one two three four five six")], cleanpress.DedupConfig(scheme="legacy"), index=idx)
    inp = write_jsonl(tmp_path / "in.jsonl", stories(2))
    assert main(["dedup", str(inp), "--index", idx, "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "was built with a different configuration: scheme='legacy'" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_a_killed_run_resumes_to_the_same_output(tmp_path: Path) -> None:
    """SIGKILL the dedup command mid-way; rerunning it with the same index gives the uninterrupted output."""
    inp = write_jsonl(tmp_path / "in.jsonl", stories(5000, seed=1))
    idx = tmp_path / "idx.sqlite"
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "cleanpress", "dedup", str(inp), "--index", str(idx), "-o", str(out), "-q"]
    proc = subprocess.Popen(command)
    stored = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if idx.exists():
            try:
                stored = sqlite3.connect(idx).execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            except sqlite3.OperationalError:  # tables not created yet
                stored = 0
            if stored:
                break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()  # output is written atomically: nothing half-written
    stored = sqlite3.connect(idx).execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    assert 0 < stored < 5000
    subprocess.run(command, check=True)
    fresh = tmp_path / "fresh.jsonl"
    subprocess.run([sys.executable, "-m", "cleanpress", "dedup", str(inp), "-o", str(fresh), "-q"], check=True)
    assert out.read_bytes() == fresh.read_bytes()
    rows = sqlite3.connect(idx).execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM stories").fetchone()
    assert rows == (5000, 5000)
