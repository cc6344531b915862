"""One SQLite index used by two processes at once, and index files that are damaged.

Two runs on one index either both finish, or the later one stops with a clear
message and exit status 2 and resumes when rerun; the index stays consistent
(every story once, SQLite's integrity check passes). A truncated, foreign or
garbage index file is reported and never silently reset.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .test_interrupt import index_rows, records_by_id, syndicated_corpus, write_jsonl

ROOT = Path(__file__).resolve().parent.parent

def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleanpress", *args]


def run_both(first: list[str], second: list[str]) -> list[subprocess.CompletedProcess[bytes]]:
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for cmd in (first, second)]
    done = []
    for proc, cmd in zip(procs, (first, second), strict=True):
        out, err = proc.communicate(timeout=600)
        done.append(subprocess.CompletedProcess(cmd, proc.returncode, out, err))
    return done


def assert_finished_or_refused_clearly(results: list[subprocess.CompletedProcess[bytes]]) -> list[int]:
    """Each run finished (0) or stopped with the index's clear message (2); the positions of the refused."""
    refused = []
    for k, r in enumerate(results):
        stderr = r.stderr.decode()
        assert "Traceback" not in stderr, stderr
        if r.returncode == 2:
            assert "was changed by another process" in stderr or "could not be locked" in stderr, stderr
            refused.append(k)
        else:
            assert r.returncode == 0, stderr
    return refused


def assert_index_consistent(index: Path, ids: set[str]) -> None:
    db = sqlite3.connect(index)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT seq, id FROM stories ORDER BY seq").fetchall()
    finally:
        db.close()
    assert [seq for seq, _ in rows] == list(range(len(rows))), "story numbers have gaps"
    assert sorted(i for _, i in rows) == sorted(ids), "every story exactly once"


def partition(records: dict[str, dict[str, object]]) -> set[frozenset[str]]:
    clusters: dict[object, set[str]] = {}
    for story_id, record in records.items():
        clusters.setdefault(record["cluster"], set()).add(story_id)
    return {frozenset(members) for members in clusters.values()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrency")
    a = syndicated_corpus(40, seed=1)
    b = [{**page, "id": "b" + page["id"]} for page in syndicated_corpus(40, seed=2)]
    # the second input also republishes ten of the first input's stories
    b += [{**page, "id": "x" + page["id"]} for page in a if int(page["id"][1:5]) < 10 and page["id"].endswith("c0")]
    return write_jsonl(folder / "a.jsonl", a), write_jsonl(folder / "b.jsonl", b)


def test_two_runs_on_one_index_at_once(tmp_path, inputs):
    a, b = inputs
    index = tmp_path / "shared.sqlite"
    runs = [cli("run", str(src), "-o", str(tmp_path / f"{src.stem}.jsonl"), "--index", str(index), "-q")
            for src in (a, b)]
    refused = assert_finished_or_refused_clearly(run_both(*runs))
    assert len(refused) < 2, "at least one of the two runs finishes"
    for k in refused:  # a refused run resumes once the other has finished
        assert subprocess.run(runs[k], cwd=ROOT, check=False).returncode == 0
    ids_a = set(records_by_id(tmp_path / "a.jsonl"))
    ids_b = set(records_by_id(tmp_path / "b.jsonl"))
    assert_index_consistent(index, ids_a | ids_b)

    # the shared index gives the same clusters as one process that saw both inputs
    both = tmp_path / "both.jsonl"
    subprocess.run(cli("run", str(a), str(b), "-o", str(both), "--index", str(index), "-q"), cwd=ROOT, check=True)
    fresh = tmp_path / "fresh.jsonl"
    subprocess.run(cli("run", str(a), str(b), "-o", str(fresh), "-q"), cwd=ROOT, check=True)
    assert partition(records_by_id(both)) == partition(records_by_id(fresh))
    assert index_rows(index) == len(ids_a | ids_b)


def test_same_input_twice_at_once(tmp_path, inputs):
    a, _ = inputs
    reference = tmp_path / "reference.jsonl"
    subprocess.run(cli("run", str(a), "-o", str(reference), "--index", str(tmp_path / "ref.sqlite"), "-q"),
                   cwd=ROOT, check=True)
    index = tmp_path / "shared.sqlite"
    runs = [cli("run", str(a), "-o", str(tmp_path / f"out{k}.jsonl"), "--index", str(index), "-q") for k in (0, 1)]
    refused = assert_finished_or_refused_clearly(run_both(*runs))
    for k in refused:
        assert subprocess.run(runs[k], cwd=ROOT, check=False).returncode == 0
    for k in (0, 1):
        assert (tmp_path / f"out{k}.jsonl").read_bytes() == reference.read_bytes()
    assert_index_consistent(index, set(records_by_id(reference)))


def _truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path, good: Path) -> None:
    path.write_bytes(bytes(range(256)) * 400)


def _text_file(path: Path, good: Path) -> None:
    path.write_text("these are not the signatures you are looking for\n" * 100)


def _flipped_header(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    data[0:16] = b"Not SQLite here\x00"
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def good_index(tmp_path_factory, inputs):
    a, _ = inputs
    folder = tmp_path_factory.mktemp("good-index")
    index = folder / "index.sqlite"
    subprocess.run(cli("run", str(a), "-o", str(folder / "out.jsonl"), "--index", str(index), "-q"),
                   cwd=ROOT, check=True)
    db = sqlite3.connect(index)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, so copies are whole
    db.close()
    return index


@pytest.mark.parametrize("damage", [_truncated, _garbage, _text_file, _flipped_header], ids=lambda f: f.__name__[1:])
def test_damaged_index_is_reported_not_reset(tmp_path, inputs, good_index, damage):
    a, _ = inputs
    index = tmp_path / "index.sqlite"
    damage(index, good_index)
    before = index.read_bytes()
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(cli("run", str(a), "-o", str(out), "--index", str(index)), cwd=ROOT, capture_output=True,
                          check=False)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert f"index {index} is not a readable cleanpress index" in stderr
    assert index.read_bytes() == before, "the damaged index was changed"
    assert not out.exists()


def test_foreign_sqlite_database_is_refused(tmp_path, inputs):
    a, _ = inputs
    index = tmp_path / "someone-elses.sqlite"
    db = sqlite3.connect(index)
    db.execute("CREATE TABLE stories (title TEXT, body TEXT)")
    db.execute("INSERT INTO stories VALUES ('kept', 'as it was')")
    db.commit()
    db.close()
    proc = subprocess.run(cli("run", str(a), "-o", str(tmp_path / "out.jsonl"), "--index", str(index)), cwd=ROOT,
                          capture_output=True, check=False)
    assert proc.returncode == 2
    assert "is not a cleanpress index" in proc.stderr.decode()
    db = sqlite3.connect(index)
    assert db.execute("SELECT title, body FROM stories").fetchall() == [("kept", "as it was")]
    db.close()


def test_index_from_another_configuration_is_refused(tmp_path, inputs, good_index):
    """An index signed with other settings (here: another number of permutations) is refused, not mixed."""
    a, _ = inputs
    index = tmp_path / "index.sqlite"
    index.write_bytes(good_index.read_bytes())
    db = sqlite3.connect(index)
    (config,) = db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
    db.execute("UPDATE meta SET value = ? WHERE key = 'config'", (json.dumps({**json.loads(config), "num_perm": 64}),))
    db.commit()
    db.close()
    before = index.read_bytes()
    proc = subprocess.run(cli("run", str(a), "-o", str(tmp_path / "out.jsonl"), "--index", str(index)), cwd=ROOT,
                          capture_output=True, check=False)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "different configuration" in stderr and "num_perm" in stderr and "Traceback" not in stderr
    assert index.read_bytes() == before


def test_index_is_plain_data(good_index):
    """What an index holds is numbers, ids and bytes read back with numpy: nothing that can run code."""
    db = sqlite3.connect(good_index)
    try:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"meta", "stories", "edges"}
        (config,) = db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
    finally:
        db.close()
    assert isinstance(json.loads(config), dict)
