"""``python -m cleanpress clean`` as a user runs it: every kind of input, standard input
streamed record by record, big lines, compressed output, --explain, a closed pipe.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleanpress import CleanConfig
from cleanpress.clean.profile import ProfileConfig
from cleanpress.cli import COMMANDS, build_parser
from cleanpress.commands.common import run_options
from cleanpress.dedup.config import DedupConfig
from cleanpress.options import RunOptions
from cleanpress.report.html import DEFAULT_TITLE, PER_SCREEN

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PAGE = ("Site News\nMenu\nCouncil passes the budget\n[ad_1]\n"
        "The council approved the new budget on Tuesday after a long debate that lasted well into the night.\n"
        "Critics said the plan would raise taxes for most residents next year, while supporters praised it.\n"
        "Back to top button")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleanpress", *args]


def run(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cli(*args), input=stdin, cwd=ROOT, capture_output=True, timeout=timeout, check=False)


def records(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_seeds_folder_gives_every_page_back():
    proc = run("clean", str(SEEDS))
    assert proc.returncode == 0, proc.stderr.decode()
    got = records(proc.stdout)
    assert {r["source_id"] for r in got} == {p.stem for p in SEEDS.glob("*.txt")}
    assert all(set(r) >= {"id", "source_id", "story", "title", "text", "removed"} for r in got)
    assert "cleanpress clean: 5 pages -> 6 stories" in proc.stderr.decode()


def test_txt_jsonl_gz_and_folder_inputs_agree(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    line = json.dumps({"id": "page", "text": PAGE}) + "\n"
    (tmp_path / "page.jsonl").write_text(line, encoding="utf-8")
    (tmp_path / "page.jsonl.gz").write_bytes(gzip.compress(line.encode()))
    outputs = [run("clean", str(tmp_path / name), "-q").stdout for name in ("page.txt", "page.jsonl", "page.jsonl.gz")]
    assert outputs[0] == outputs[1] == outputs[2]
    (record,) = records(outputs[0])
    assert record["title"] == "Council passes the budget"
    assert record["text"].startswith("The council approved")
    folder = records(run("clean", str(tmp_path), "-q").stdout)
    assert len(folder) == 3 and {r["text"] for r in folder} == {record["text"]}


def test_stdin_text_jsonl_and_gzip():
    text = run("clean", "-", "-q", stdin=PAGE.encode())
    (record,) = records(text.stdout)
    assert record["source_id"] == "stdin" and record["title"] == "Council passes the budget"
    jsonl = ("\n\n  " + json.dumps({"id": "a", "text": PAGE}) + "\n" + json.dumps({"id": "b", "text": PAGE})).encode()
    assert [r["source_id"] for r in records(run("clean", "-", "-q", stdin=jsonl).stdout)] == ["a", "b"]
    zipped = run("clean", "-", "-q", stdin=gzip.compress(jsonl))
    assert [r["source_id"] for r in records(zipped.stdout)] == ["a", "b"]
    truncated = run("clean", "-", stdin=gzip.compress(jsonl * 50)[:-30])
    assert truncated.returncode == 0 and "<stdin>" in truncated.stderr.decode()
    assert records(truncated.stdout), "what was readable before the cut is still cleaned"


def test_stdin_jsonl_is_streamed_record_by_record():
    """The first story comes out while standard input is still open: stdin is not read whole."""
    proc = subprocess.Popen(cli("clean", "-", "-q"), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write((json.dumps({"id": "first", "text": PAGE}) + "\n").encode())
        proc.stdin.flush()
        # output is block-buffered: push enough records through to fill one buffer, keep stdin open
        for k in range(400):
            proc.stdin.write((json.dumps({"id": f"more{k}", "text": PAGE}) + "\n").encode())
        proc.stdin.flush()
        start = time.monotonic()
        first = proc.stdout.readline()
        assert json.loads(first)["source_id"] == "first"
        assert proc.poll() is None, "the process is still waiting for more input"
        assert time.monotonic() - start < 120
    finally:
        proc.stdin.close()
        proc.stdout.read()
        proc.wait(timeout=120)
    assert proc.returncode == 0


def test_ten_megabyte_single_line(tmp_path):
    sentence = "The council approved the new budget on Tuesday after a long debate. "
    line = (sentence * (10_000_000 // len(sentence) + 1))[:10_000_000]
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"id": "big", "text": line}) + "\n" + json.dumps({"id": "small", "text": PAGE}) + "\n")
    out = tmp_path / "out.jsonl"
    proc = run("clean", str(src), "-o", str(out), "--strict", timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    got = {r["source_id"]: r for r in records(out.read_bytes())}
    assert set(got) == {"big", "small"}
    assert got["big"]["text"] == line.strip()


def test_compressed_output_and_explain(tmp_path):
    out = tmp_path / "stories.jsonl.gz"
    proc = run("clean", str(SEEDS), "-o", str(out), "--explain")
    assert proc.returncode == 0
    plain = run("clean", str(SEEDS), "-q").stdout
    assert gzip.decompress(out.read_bytes()) == plain
    explained = proc.stderr.decode()
    assert "[ad-marker/placeholder] [ad_1]" in explained and "== 001_8e2760d46737ed1a#0" in explained
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary file left behind"


def test_output_folder_is_created_and_quiet_is_quiet(tmp_path):
    out = tmp_path / "new" / "folder" / "stories.jsonl"
    proc = run("clean", str(SEEDS), "-o", str(out), "-q")
    assert proc.returncode == 0 and proc.stderr == b""
    assert len(out.read_text().splitlines()) == 6


def test_closed_pipe_is_not_an_error(tmp_path):
    big = tmp_path / "many.jsonl"
    big.write_text("".join(json.dumps({"id": f"p{k}", "text": PAGE}) + "\n" for k in range(3000)))
    shell = f"{sys.executable} -m cleanpress clean {big} -q | head -n 1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=ROOT, capture_output=True, timeout=300,
                          check=False, env={**os.environ})
    assert json.loads(proc.stdout)["source_id"] == "p0"
    assert b"Traceback" not in proc.stderr


def test_bad_arguments_exit_2_with_usage():
    proc = run("clean")
    assert proc.returncode == 2 and b"usage:" in proc.stderr
    proc = run("nonsense")
    assert proc.returncode == 2 and b"invalid choice" in proc.stderr


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    proc = run("clean", str(SEEDS), "-o", str(blocker / "out.jsonl"))
    assert proc.returncode != 0
    stderr = proc.stderr.decode()
    assert str(blocker) in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_command_defaults_are_the_config_classes_defaults(command):
    """A command run without options cleans, deduplicates and learns as the API's defaults do."""
    argv = [command, "pages.jsonl"] + (["-o", "profile.json"] if command == "learn" else [])
    args = build_parser().parse_args(argv)
    if command == "learn":
        config = ProfileConfig()
        assert (args.min_pages, args.min_share, args.sample) == (config.min_pages, config.min_share, config.sample)
        return
    options = run_options(args)
    assert options.cleaner().config == CleanConfig() and options.profile is None
    assert options.dedup == DedupConfig()
    if command == "report":
        assert (args.title, args.per_screen) == (DEFAULT_TITLE, PER_SCREEN)
    else:
        assert options.output == RunOptions(inputs=("pages.jsonl",)).output
