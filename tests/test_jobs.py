"""Cleaning on several processes (``-j N``, ``Cleaner.map(jobs=...)``): the same bytes as one process.

Worker crashes and slow workers are produced from outside the package: the CLI
runs with a ``sitecustomize`` module on ``PYTHONPATH`` that every Python
process of the run imports at start-up, the workers included; in a worker
(a process with a multiprocessing parent) it wraps ``Cleaner.clean`` to die
on a marked page, or to sleep. The package itself has no test switch.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.parallel import map_documents, resolve_jobs
from tests.test_interrupt import ROOT, cli, hidden_temp, syndicated_corpus, write_jsonl

CRASH_MARK = "KILL-THIS-WORKER"

SITECUSTOMIZE = '''
import multiprocessing, os, time
from cleanpress.clean.cleaner import Cleaner
_clean = Cleaner.clean
def clean(self, page, **kw):
    if multiprocessing.parent_process() is not None:  # in a worker (forked from the forkserver, say)
        text = getattr(page, "text", None) or ""
        if MODE == "crash" and "KILL-THIS-WORKER" in text:
            os._exit(70)
        if MODE == "slow":
            time.sleep(0.05)
    return _clean(self, page, **kw)
Cleaner.clean = clean
'''


def with_hook(tmp_path: Path, mode: str, source: str = SITECUSTOMIZE, name: str = "hook") -> dict[str, str]:
    """The environment of a CLI run with ``source`` as its ``sitecustomize`` (``MODE`` set to ``mode``): by default,
    worker processes that crash on a marked page or clean slowly."""
    folder = tmp_path / f"{name}-{mode}"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(f"MODE = {mode!r}\n" + source, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


@pytest.fixture(scope="module")
def messy_pages(tmp_path_factory) -> Path:
    """Generated pages (enough for several chunks) with malformed lines and empty pages among them."""
    folder = tmp_path_factory.mktemp("jobs")
    pages = syndicated_corpus(70)  # 210 pages
    lines = [json.dumps(p) for p in pages]
    lines.insert(5, "{not json")
    lines.insert(100, json.dumps({"id": "empty-1", "text": "   "}))
    lines.insert(150, json.dumps({"id": "no-text"}))
    lines.insert(199, json.dumps({"id": "empty-2", "text": ""}))
    path = folder / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), check=False, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize("command", ["clean", "run", "learn"])
def test_two_jobs_write_the_bytes_one_job_writes(tmp_path, messy_pages, command):
    outputs = {}
    for jobs in ("1", "2"):
        out, rejects = tmp_path / "out", tmp_path / "rejects.jsonl"  # the same names: the summary names them
        done = run_cli([command, str(messy_pages), "-o", str(out), "--rejects", str(rejects), "-j", jobs])
        assert done.returncode == 0, done.stderr
        outputs[jobs] = (out.read_bytes(), rejects.read_bytes(), done.stderr)
        out.unlink()
    assert outputs["1"] == outputs["2"]
    output, rejects, stderr = outputs["2"]
    assert rejects.count(b"\n") == 4  # the malformed line, the missing text, two empty pages
    assert "rejected 2, warnings 2" in stderr
    if command != "learn":  # records in input order: the pages' ids as they come in the input
        ids = [json.loads(line)["source_id"] for line in output.decode().splitlines()]
        readable = [json.loads(line) for line in messy_pages.read_text().splitlines() if line.startswith('{"')]
        expected = [r["id"] for r in readable if r.get("text", "").strip()]  # blank pages give no story
        assert list(dict.fromkeys(ids)) == expected


def test_report_is_the_same_with_two_jobs(tmp_path, messy_pages):
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"report{jobs}.html"
        done = run_cli(["report", str(messy_pages), "-o", str(out), "-j", jobs, "-q"])
        assert done.returncode == 0, done.stderr
        reports.append(out.read_bytes())
    assert reports[0] == reports[1]


def test_a_worker_that_dies_ends_the_run_with_a_message_and_no_output(tmp_path):
    pages = syndicated_corpus(50)
    pages[120]["text"] += "\n" + CRASH_MARK
    source = write_jsonl(tmp_path / "pages.jsonl", pages)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "stories.jsonl"
    env = with_hook(tmp_path, "crash")
    for command in ("clean", "run"):
        done = run_cli([command, str(source), "-o", str(out), "-j", "2", "-q"], env=env)
        assert done.returncode == 1, done.stderr
        assert "worker process ended unexpectedly" in done.stderr
        assert "no output was written" in done.stderr
        assert "Traceback" not in done.stderr
        assert list(out_dir.iterdir()) == []  # neither the output nor its temporary file


def test_the_hook_leaves_a_run_in_one_process_alone(tmp_path):
    """The crash hook acts in workers only: with -j 1 the marked page is cleaned like any other."""
    pages = syndicated_corpus(2)
    pages[0]["text"] += "\n" + CRASH_MARK
    source = write_jsonl(tmp_path / "pages.jsonl", pages)
    done = run_cli(["clean", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "1", "-q"],
                   env=with_hook(tmp_path, "crash"))
    assert done.returncode == 0, done.stderr


def test_ctrl_c_stops_the_workers_and_writes_no_output(tmp_path):
    source = write_jsonl(tmp_path / "pages.jsonl", syndicated_corpus(200))  # 600 pages, 50 ms each in a worker
    interrupt_two_jobs(tmp_path, ["clean", str(source)], with_hook(tmp_path, "slow"))


def interrupt_two_jobs(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    """Run ``cleanpress ARGS -o OUT -j 2`` with slow workers, press Ctrl-C once both workers are busy, and check
    the run ends with exit 130, a message, no output file and no process left behind."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "out.jsonl"
    proc = subprocess.Popen(cli(*args, "-o", str(out), "-j", "2", "-q"), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        # the output is open and both workers are up (main, forkserver, resource tracker, 2 workers)
        while not hidden_temp(out_dir, out.name) or len(group_members(proc.pid)) < 5:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the run never started its workers"
            time.sleep(0.05)
        time.sleep(1.0)  # the workers are busy
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the whole process group
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert list(out_dir.iterdir()) == []
    # no worker outlived the run: nothing is left in the process group
    time.sleep(0.5)
    assert group_members(proc.pid) == []


def group_members(group: int) -> list[str]:
    """The live processes of a process group (exited ones waiting to be reaped by init do not count)."""
    ps = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(group)], check=False, capture_output=True,
                        text=True).stdout
    return [line.split()[0] for line in ps.splitlines() if line.split() and not line.split()[1].startswith("Z")]


def test_map_gives_what_clean_gives_in_order(golden):
    texts = [case["input"] for case in golden.values()] if golden and "input" in next(iter(golden.values())) else []
    pages = [p["text"] for p in syndicated_corpus(30)] + texts
    cleaner = cleanpress.Cleaner()
    expected = [cleaner.clean(cleanpress.Document(id=str(n), text=t)) for n, t in enumerate(pages)]
    assert list(cleaner.map(pages, jobs=2)) == expected


def test_map_reports_a_failing_page_and_goes_on():
    class Broken:  # not a page: clean() raises TypeError for it
        id = "broken"
        text = "x"
        html = None

    pages = ["First Headline Of Many Words\nA story sentence that is long enough to be kept here.", Broken(),
             "Second Headline Of Many Words\nAnother story sentence that is long enough to be kept here."]
    errors: list[tuple[str, str]] = []
    results = list(cleanpress.Cleaner().map(pages, on_error=lambda i, e: errors.append((i, type(e).__name__))))
    assert [r.source_id for r in results] == ["0", "2"]
    assert errors == [("broken", "TypeError")]
    with pytest.raises(TypeError):
        list(cleanpress.Cleaner().map(pages))


def test_run_api_with_jobs_gives_the_same_records():
    pages = [cleanpress.Document(id=p["id"], text=p["text"]) for p in syndicated_corpus(30)]
    assert list(cleanpress.run(pages, jobs=2)) == list(cleanpress.run(pages, jobs=1))


def test_jobs_are_checked():
    assert resolve_jobs(None) >= 1
    with pytest.raises(ValueError, match="jobs"):
        resolve_jobs(-2)
    done = run_cli(["clean", "seeds", "-j", "-1"])
    assert done.returncode == 2 and "--jobs" in done.stderr


@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(0, 5), max_size=25), chunk=st.integers(1, 7))
def test_chunking_keeps_every_page_once_in_order(sizes, chunk):
    """However pages fall into chunks, each comes back once, in order, with its own result."""
    cleaner = cleanpress.Cleaner()
    docs = [(n, cleanpress.Document(id=f"d{n}", text="\n".join(["A line of words here."] * k) or " "))
            for n, k in enumerate(sizes)]
    got = list(map_documents(cleaner, docs, jobs=1, chunk_pages=chunk))
    assert [tag for tag, _, _ in got] == list(range(len(sizes)))
    assert [outcome for _, _, outcome in got] == [cleaner.clean(doc) for _, doc in docs]


def test_a_cleaner_pickles_as_its_parts():
    import pickle

    profile = cleanpress.learn_profile(["Menu\nA sentence of prose that is long enough to count here.\nFooter"] * 5)
    cleaner = cleanpress.Cleaner(cleanpress.CleanConfig(teaser=False), profile=profile)
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.config == cleaner.config and copy.profile == cleaner.profile
    assert [r.name for r in copy.rules] == [r.name for r in cleaner.rules]
    page = "Menu\nA sentence of prose that is long enough to count here, and more.\nFooter"
    assert copy.clean(page) == cleaner.clean(page)


if sys.platform == "win32":  # pragma: no cover - process groups and pgrep are POSIX
    pytestmark = pytest.mark.skip(reason="POSIX only")


def test_prepared_pages_hold_the_records_the_cleaner_gives():
    from cleanpress.io import dumps
    from cleanpress.pipeline import prepare

    result = cleanpress.Cleaner().clean(cleanpress.Document(id="p", text=syndicated_corpus(1)[0]["text"]))
    page = prepare(result)
    assert [r.line for r in page.records] == [dumps(r) for r in result.records()]
    assert [(r.id, r.text) for r in page.records] == [(s.id, s.text) for s in result.stories]
    assert page.stats.pages == 1 and page.stats.chars_in == len(result.input)
