"""``dedup -j N``: stories encoded and signed in worker processes, the same bytes as one process.

A worker that dies and a Ctrl-C are produced from outside the package, as in ``tests/test_jobs.py``: the
CLI runs with a ``sitecustomize`` module on ``PYTHONPATH`` that wraps the workers' signer (in a process with a
multiprocessing parent only) to end the process on a marked story, or to sign slowly.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.commands.dedup import EncodeAndSign, record_of
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.signing import sign_stories
from cleanpress.io import InputError, dumps
from cleanpress.parallel import map_documents
from cleanpress.pipeline import PreparedRecord
from cleanpress.types import Document
from tests.test_interrupt import syndicated_corpus, write_jsonl
from tests.test_jobs import interrupt_two_jobs, run_cli, with_hook

CRASH_MARK = "KILL-THIS-SIGNER"

SITECUSTOMIZE = '''
import multiprocessing, os, time
import cleanpress.commands.dedup as command
_sign = command.sign_stories
def sign_stories(texts, config=None, **kw):
    if multiprocessing.parent_process() is not None:  # in a worker
        if MODE == "crash" and any("KILL-THIS-SIGNER" in t for t in texts):
            os._exit(70)
        if MODE == "slow":
            time.sleep(0.02 * len(texts))
    return _sign(texts, config, **kw)
command.sign_stories = sign_stories
'''


def with_signer_hook(tmp_path: Path, mode: str) -> dict[str, str]:
    """The environment of a CLI run whose workers' signer ends the process on a marked story, or is slow."""
    return with_hook(tmp_path, mode, SITECUSTOMIZE, "signer")


@pytest.fixture(scope="module")
def messy_stories(tmp_path_factory) -> Path:
    """Stories (enough for several chunks of 64) with near-copies, integer ids, extra fields, a malformed line,
    a record without text, empty texts and a repeated id among them."""
    folder = tmp_path_factory.mktemp("dedup-jobs")
    records: list[dict] = [dict(p) for p in syndicated_corpus(70)]  # 210 stories, 3 copies each
    for n, r in enumerate(records):
        if n % 7 == 0:
            r["id"] = 10_000 + n  # an id given as a JSON integer comes back as one
        if n % 11 == 0:
            r["source"] = f"site-{n % 5}"
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(5, "{not json")
    lines.insert(90, json.dumps({"id": "no-text", "title": "a page with no text"}))
    lines.insert(110, json.dumps({"id": "html-only", "html": "<p>a page dedup cannot read</p>"}))
    lines.insert(130, json.dumps({"id": "empty", "text": "  "}))
    lines.insert(170, json.dumps({"id": records[3]["id"], "text": "the same id as an earlier record, again"}))
    path = folder / "stories.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_jobs_write_the_bytes_one_job_writes(tmp_path, messy_stories):
    seen = {}
    for jobs in ("1", "2"):
        out, rejects, stats = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl", tmp_path / "stats.json"
        done = run_cli(["dedup", str(messy_stories), "-o", str(out), "--rejects", str(rejects),
                        "--stats-json", str(stats), "-j", jobs])
        assert done.returncode == 0, done.stderr
        seen[jobs] = (out.read_bytes(), rejects.read_bytes(), done.stderr, stats.read_bytes())
    one, two = seen["1"], seen["2"]
    assert one[0] == two[0]
    assert one[1] == two[1]
    assert one[2] == two[2]
    assert one[3] == two[3]
    records = [json.loads(line) for line in one[0].decode().splitlines()]
    assert len(records) == 210 + 1  # every story and the empty one; the repeated id and no-text are rejects
    assert any(isinstance(r["id"], int) for r in records)
    assert sum(r["duplicate_of"] is not None for r in records) > 100  # the copies were found
    reasons = [json.loads(line) for line in one[1].decode().splitlines()]
    # the malformed line, the record without text or html, the HTML-only record, the repeated id; the empty text
    assert [r["kind"] for r in reasons] == ["rejected"] * 3 + ["warning", "rejected"]
    assert "dedup needs 'text'" in reasons[2]["reason"]
    assert json.loads(one[3])["dedup"]["clusters"] < 150


def test_encode_and_sign_gives_the_record_line_and_each_storys_own_keys():
    config = DedupConfig()
    docs = [Document(id=f"d{i}", text=f"story {i} " + " ".join(f"w{(i * 7 + k) % 50}" for k in range(40)),
                     meta={"title": f"T{i}"}, source="s") for i in range(6)]
    docs.insert(2, Document(id="none", text=None, html="<p>x</p>"))
    task = EncodeAndSign(config)
    outcomes = task.finish_chunk([task(None, d) for d in docs])
    assert isinstance(outcomes[2], InputError)
    assert "dedup needs 'text'" in str(outcomes[2])
    records = [o for o in outcomes if isinstance(o, PreparedRecord)]
    assert [r.id for r in records] == [d.id for d in docs if d.text is not None]
    for doc, record in zip([d for d in docs if d.text is not None], records, strict=True):
        assert record.line == dumps(record_of(doc))
        own = sign_stories([doc.text], config)
        assert record.keys is not None
        mine = record.keys.take([record.row])
        assert np.array_equal(mine.values, own.values)
        assert np.array_equal(mine.sentence_keys, own.sentence_keys)
        assert np.array_equal(mine.prose_keys, own.prose_keys)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(min_size=0, max_size=80)), min_size=1, max_size=12))
def test_signed_rows_follow_the_stories_whatever_falls_between(texts):
    """Whichever records of a chunk have no text, each record's keys are its own story's (the one-process path's)."""
    config = DedupConfig()
    docs = [Document(id=str(i), text=t) if t is not None else Document(id=str(i), text=None, html="<p>x</p>")
            for i, t in enumerate(texts)]
    outcomes = list(map_documents(None, ((None, d) for d in docs), jobs=1, task=EncodeAndSign(config), chunk_pages=5))
    for (_, doc, outcome) in outcomes:
        assert doc is not None
        if doc.text is None:
            assert isinstance(outcome, InputError)
            continue
        assert isinstance(outcome, PreparedRecord)
        assert outcome.keys is not None
        assert np.array_equal(outcome.keys.take([outcome.row]).values, sign_stories([doc.text], config).values)


def test_a_signing_worker_that_dies_ends_the_run_with_a_message_and_no_output(tmp_path):
    stories = [dict(p) for p in syndicated_corpus(60)]  # 180 stories: several chunks on each worker
    stories[150]["text"] += "\n" + CRASH_MARK
    source = write_jsonl(tmp_path / "stories.jsonl", stories)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "deduped.jsonl"
    env = with_signer_hook(tmp_path, "crash")
    done = run_cli(["dedup", str(source), "-o", str(out), "-j", "2", "-q"], env=env)
    assert done.returncode == 1, done.stderr
    assert "worker process ended unexpectedly" in done.stderr
    assert "no output was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(out_dir.iterdir()) == []  # neither the output nor its temporary file
    # the hook acts in workers only: in one process the marked story is deduplicated like any other
    done = run_cli(["dedup", str(source), "-o", str(out), "-j", "1", "-q"], env=env)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(stories)


def test_ctrl_c_stops_the_signing_workers_and_writes_no_output(tmp_path):
    source = write_jsonl(tmp_path / "stories.jsonl", syndicated_corpus(300))  # 900 stories, 20 ms each to sign
    interrupt_two_jobs(tmp_path, ["dedup", str(source)], with_signer_hook(tmp_path, "slow"))
