"""Runs killed with SIGKILL: nothing half-written looks complete, and a rerun with the
same arguments gives the same output as a run that was never interrupted.

The kill points are found by watching the run from outside (its temporary output
file appearing, rows arriving in its SQLite index), not by timing, so they land
at the same stage on a fast or a loaded machine.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def syndicated_corpus(n_stories: int, copies: int = 3, seed: int = 7) -> list[dict[str, str]]:
    """Pages holding ``n_stories`` generated stories, each printed by ``copies`` sites.

    Each copy has its own header and footer; later copies change a word, so they
    are near-duplicates, not exact ones. The order is shuffled (seeded).
    """
    rng = random.Random(seed)
    vocabulary = sorted({
        w.strip("\",.“”’'()") for p in GOLDEN.glob("*.json")
        for s in json.loads(p.read_text(encoding="utf-8"))["stories"] for w in s["text"].split()
    } - {""})
    pages = []
    for s in range(n_stories):
        title = " ".join(rng.choice(vocabulary).capitalize() for _ in range(7))
        paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(35)) + "." for _ in range(8)]
        for c in range(copies):
            body = list(paragraphs)
            if c:
                k = rng.randrange(len(body))
                words = body[k].split()
                words[rng.randrange(len(words))] = "changed"
                body[k] = " ".join(words)
            page = "\n".join([f"Site {c} News", "Menu", "Home", title, *body, "Related Articles",
                              "Another Story Title Here", "Share on Facebook"])
            pages.append({"id": f"s{s:04d}c{c}", "text": page})
    rng.shuffle(pages)
    return pages


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleanpress", *args]


def index_rows(path: Path) -> int:
    """Stories in a SQLite index being written by another process (0 if not readable yet)."""
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(db.execute("SELECT count(*) FROM stories").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def hidden_temp(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]


def kill_when(cmd: list[str], ready: Callable[[], bool], timeout: float = 300) -> bool:
    """Start ``cmd``, SIGKILL it as soon as ``ready()``; False if it finished first."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if ready():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            if time.monotonic() > deadline:
                raise AssertionError("the run neither finished nor reached the kill point")
            time.sleep(0.005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def records_by_id(path: Path) -> dict[str, dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = {json.loads(line)["id"]: json.loads(line) for line in lines}
    assert len(records) == len(lines), "a story appears more than once"
    return records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("interrupt")
    pages = write_jsonl(folder / "pages.jsonl", syndicated_corpus(60))
    reference = folder / "reference.jsonl"
    subprocess.run(cli("run", str(pages), "-o", str(reference), "--index", str(folder / "ref.sqlite"), "-q"),
                   cwd=ROOT, check=True)
    return pages, reference


KILL_POINTS = ["output-opened", "index-filled", "after-finish"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_run_resumes_to_the_same_output(tmp_path, corpus, point):
    pages, reference = corpus
    out, index = tmp_path / "out.jsonl", tmp_path / "index.sqlite"
    args = cli("run", str(pages), "-o", str(out), "--index", str(index), "-q")
    total = len(records_by_id(reference))
    ready = {
        "output-opened": lambda: bool(hidden_temp(tmp_path, out.name)),
        "index-filled": lambda: index_rows(index) >= total,
        "after-finish": lambda: False,
    }[point]
    killed = kill_when(args, ready)
    if killed and out.exists():  # the kill landed after the rename: then the file must be whole
        assert out.read_bytes() == reference.read_bytes(), "a killed run left a partial file at the destination"
    resumed = subprocess.run(args, cwd=ROOT, capture_output=True, check=False)
    assert resumed.returncode == 0, resumed.stderr.decode()
    got, want = records_by_id(out), records_by_id(reference)
    assert got.keys() == want.keys(), "every story exactly once"
    assert {k: (r["cluster"], r["duplicate_of"]) for k, r in got.items()} == \
        {k: (r["cluster"], r["duplicate_of"]) for k, r in want.items()}
    assert out.read_bytes() == reference.read_bytes()
    assert index_rows(index) == total, "no story counted twice in the index"


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_killed_run_with_many_batches_resumes(tmp_path, fraction):
    """Over 1,024 stories (the signing batch) the index fills in several commits; kill between them."""
    pages = write_jsonl(tmp_path / "pages.jsonl", syndicated_corpus(900))
    reference = tmp_path / "reference.jsonl"
    subprocess.run(cli("run", str(pages), "-o", str(reference), "--index", str(tmp_path / "ref.sqlite"), "-q"),
                   cwd=ROOT, check=True)
    out, index = tmp_path / "out.jsonl", tmp_path / "index.sqlite"
    args = cli("run", str(pages), "-o", str(out), "--index", str(index), "-q")
    total = len(records_by_id(reference))
    kill_when(args, lambda: index_rows(index) >= fraction * total)
    assert subprocess.run(args, cwd=ROOT, check=False).returncode == 0
    assert out.read_bytes() == reference.read_bytes()
    assert index_rows(index) == total


def test_killed_clean_leaves_the_previous_output_untouched(tmp_path):
    pages = write_jsonl(tmp_path / "pages.jsonl", syndicated_corpus(150))
    out = tmp_path / "stories.jsonl"
    out.write_text("previous complete output\n", encoding="utf-8")
    temp_has_data = lambda: any(p.stat().st_size > 0 for p in hidden_temp(tmp_path, out.name))  # noqa: E731
    killed = kill_when(cli("clean", str(pages), "-o", str(out), "-q"), temp_has_data)
    if not killed:
        pytest.skip("the run finished before any data reached the temporary file")
    assert out.read_text(encoding="utf-8") == "previous complete output\n"
    leftovers = hidden_temp(tmp_path, out.name)
    assert leftovers and all(p.name.endswith(".tmp") for p in leftovers), "partial data only under a hidden .tmp name"
    # a folder input skips the hidden leftovers
    listed = subprocess.run(cli("clean", str(tmp_path), "-o", "-", "-q"), cwd=ROOT, capture_output=True, check=True)
    assert {json.loads(line)["source_id"] for line in listed.stdout.splitlines()} == \
        {f"s{s:04d}c{c}" for s in range(150) for c in range(3)}


def test_killed_gzip_output_never_at_destination(tmp_path):
    pages = write_jsonl(tmp_path / "pages.jsonl", syndicated_corpus(150))
    out = tmp_path / "stories.jsonl.gz"
    killed = kill_when(cli("clean", str(pages), "-o", str(out), "-q"),
                       lambda: any(p.stat().st_size > 0 for p in hidden_temp(tmp_path, out.name)))
    if not killed:
        pytest.skip("the run finished before any data reached the temporary file")
    assert not out.exists()
    done = subprocess.run(cli("clean", str(pages), "-o", str(out), "-q"), cwd=ROOT, check=False)
    assert done.returncode == 0 and out.exists()
    assert os.path.getsize(out) > 0
