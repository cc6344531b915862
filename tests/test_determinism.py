"""The same input gives byte-identical output across runs, processes and PYTHONHASHSEED values."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .test_interrupt import syndicated_corpus, write_jsonl

ROOT = Path(__file__).resolve().parent.parent

#: Hash seeds to compare: fixed ones and Python's per-process random salt.
HASH_SEEDS = ("0", "1", "12345", "random")


def run_with_seed(seed: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "cleanpress", *args], cwd=ROOT, env=env, capture_output=True,
                          check=False, timeout=600)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("determinism")
    records = syndicated_corpus(25, seed=3)
    # odd and multilingual text, and a bad line, so every path of the writer is taken
    records += [
        {"id": "rtl", "text": "مرحبا بالعالم\nهذا نص تجريبي طويل بما يكفي ليكون فقرة من مقال إخباري عن المدينة."},
        {"id": "cjk", "text": "新闻标题\n这是一个很长的中文句子，用来测试分词和清理是否在不同的进程中给出相同的结果。"},
        {"id": "odd", "text": "Control \u0007 chars, \u200b zero width, \ufeff BOM, \u202e override.\n[ad_1]"},
    ]
    path = write_jsonl(folder / "pages.jsonl", records)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("this line is not JSON\n")
    return path


@pytest.mark.parametrize("command", ["clean", "run"])
def test_output_identical_across_hash_seeds(tmp_path, pages, command):
    outputs = {}
    for seed in HASH_SEEDS:
        out, rejects = tmp_path / f"{seed}.jsonl.gz", tmp_path / f"{seed}.rejects.jsonl"
        proc = run_with_seed(seed, command, str(pages), str(ROOT / "seeds"), "-o", str(out), "--rejects", str(rejects))
        assert proc.returncode == 0, proc.stderr.decode()
        outputs[seed] = (out.read_bytes(), rejects.read_bytes(), proc.stderr.splitlines()[-1])
    first = outputs[HASH_SEEDS[0]]
    assert gzip.decompress(first[0]), "the output is not empty"
    for seed, got in outputs.items():
        assert got[0] == first[0], f"output differs with PYTHONHASHSEED={seed}"
        assert got[1] == first[1], f"rejects differ with PYTHONHASHSEED={seed}"
        assert got[2] == first[2], f"summary differs with PYTHONHASHSEED={seed}"


def test_dedup_of_clean_output_identical_across_hash_seeds(tmp_path, pages):
    stories = tmp_path / "stories.jsonl"
    assert run_with_seed("0", "clean", str(pages), "-o", str(stories), "-q").returncode == 0
    outputs = set()
    for seed in HASH_SEEDS:
        out = tmp_path / f"dedup-{seed}.jsonl"
        proc = run_with_seed(seed, "dedup", str(stories), "-o", str(out), "-q")
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.add(out.read_bytes())
    assert len(outputs) == 1


def test_stdout_and_file_output_are_the_same_bytes(tmp_path, pages):
    out = tmp_path / "out.jsonl"
    to_file = run_with_seed("random", "clean", str(pages), "-o", str(out), "-q")
    to_stdout = run_with_seed("random", "clean", str(pages), "-q")
    assert to_file.returncode == to_stdout.returncode == 0
    assert out.read_bytes() == to_stdout.stdout
