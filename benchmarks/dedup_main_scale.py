"""The main process of ``dedup -j N`` alone on ``dedup_scale.py``'s generated corpus: its CPU per story as the
index grows, where that time goes, and its output's SHA-256.

Usage:
    python benchmarks/dedup_main_scale.py CORPUS.jsonl --keys KEYS.pickle [--stories 200000]
        [--every 10000] [--profile 40000:50000 190000:200000] [--out FILE.json]

``CORPUS.jsonl`` is a corpus ``dedup_scale.py`` wrote (``--build-only --corpus-dir DIR``). Its stories are
signed once, as the workers of ``dedup -j N`` sign them (:func:`cleanpress.dedup.signing.sign_stories`, one
batch of ``batch_size`` stories at a time), and the keys pickled to ``KEYS`` (a later run with the same
``KEYS`` reuses them). Then the records are replayed through what the main process does with them
(:func:`cleanpress.pipeline.dedup_lines`: spool, LSH and sentence index inserts, verification, the final
clustering, writing), each a :class:`~cleanpress.pipeline.PreparedRecord` with its keys, as a worker sends it.
The CPU time (``process_time``) is marked every ``--every`` stories, then the final clustering's and the
writing's; ``--profile A:B`` profiles (cProfile) the stories ``A`` to ``B`` only, so two windows, early and
late, show which step's cost grows with the index. What is not here: reading and parsing the JSON lines, and
sending them to the workers (the same work for every story).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import itertools
import json
import pickle
import pstats
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def sign_corpus(corpus: Path, keys_path: Path, stories: int) -> None:
    """Sign the first ``stories`` stories of ``corpus`` in batches, one pickle per batch in ``keys_path``."""
    from cleanpress.dedup.config import DedupConfig
    from cleanpress.dedup.signing import sign_stories

    config = DedupConfig()
    started = time.process_time()
    with corpus.open(encoding="utf-8") as fh, keys_path.open("wb") as out:
        batch: list[str] = []
        done = 0
        for line in fh:
            if done + len(batch) >= stories:
                break
            batch.append(json.loads(line)["text"])
            if len(batch) == config.batch_size:
                pickle.dump(sign_stories(batch, config), out, protocol=pickle.HIGHEST_PROTOCOL)
                done += len(batch)
                batch = []
        if batch:
            pickle.dump(sign_stories(batch, config), out, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"signed {stories} stories in {time.process_time() - started:.1f} CPU-s", file=sys.stderr)


def prepared(corpus: Path, keys_path: Path, stories: int) -> Iterator[Any]:
    """The corpus's records as a worker sends them (id, no text: the keys are given, the line as read)."""
    from cleanpress.pipeline import PreparedRecord

    with corpus.open(encoding="utf-8") as fh, keys_path.open("rb") as kf:
        n = 0
        while n < stories:
            try:
                keys = pickle.load(kf)
            except EOFError:
                return
            for row in range(len(keys)):
                line = fh.readline()
                if n >= stories or not line:
                    return
                start = line.index('"id": "') + 7
                sid = line[start : line.index('"', start)]
                yield PreparedRecord(sid, "", line.rstrip("\n"), keys, row)
                n += 1


def main() -> None:  # noqa: PLR0915 - one flat sequence of steps
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--keys", required=True, help="pickle of the stories' keys (written if missing)")
    ap.add_argument("--stories", type=int, default=200_000)
    ap.add_argument("--every", type=int, default=10_000)
    ap.add_argument("--profile", nargs="*", default=[], help="windows A:B of stories to profile")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", help="results JSON")
    args = ap.parse_args()
    corpus, keys_path = Path(args.corpus), Path(args.keys)
    if not keys_path.exists():
        sign_corpus(corpus, keys_path, args.stories)
    from cleanpress.dedup.deduplicator import Deduplicator
    from cleanpress.pipeline import dedup_lines

    windows = [tuple(int(x) for x in w.split(":")) for w in args.profile]
    profiles: dict[str, str] = {}
    marks: list[tuple[int, float]] = []
    state: dict[str, Any] = {"profiler": None}

    def records() -> Iterator[Any]:
        for n, record in enumerate(prepared(corpus, keys_path, args.stories)):
            if n % args.every == 0:
                marks.append((n, time.process_time()))
            for a, b in windows:
                if n == a:
                    state["profiler"] = cProfile.Profile()
                    state["profiler"].enable()
                elif n == b and state["profiler"] is not None:
                    state["profiler"].disable()
                    text = io.StringIO()
                    pstats.Stats(state["profiler"], stream=text).sort_stats("tottime").print_stats(args.top)
                    profiles[f"{a}:{b}"] = text.getvalue()
                    state["profiler"] = None
            yield record
        marks.append((n + 1, time.process_time()))

    deduplicator = Deduplicator()
    original = deduplicator.assign_arrays
    clustering: dict[str, float] = {}

    def timed() -> Any:
        clustering["start"] = time.process_time()
        try:
            return original()
        finally:
            clustering["end"] = time.process_time()

    deduplicator.assign_arrays = timed  # type: ignore[method-assign]
    digest = hashlib.sha256()
    started = time.process_time()
    lines = 0
    for line in dedup_lines(records(), deduplicator):
        digest.update(line.encode("utf-8"))
        lines += 1
    total = time.process_time() - started
    per = [{"from": a, "to": b, "ms_per_story": round(1000 * (tb - ta) / (b - a), 4)}
           for (a, ta), (b, tb) in itertools.pairwise(marks) if b > a]
    result = {
        "command": "python " + " ".join(sys.argv), "stories": lines, "cpu_s": round(total, 2),
        "adding_cpu_s": round(marks[-1][1] - started, 2),
        "clustering_cpu_s": round(clustering["end"] - clustering["start"], 2),
        "writing_cpu_s": round(time.process_time() - clustering["end"], 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000, 1),
        "output_sha256": digest.hexdigest(), "per_window": per, "candidate_pairs": deduplicator.stats.candidate_pairs,
        "duplicate_pairs": deduplicator.stats.duplicate_pairs,
    }
    for row in per:
        print(f"{row['from']:>8,}-{row['to']:>8,}: {row['ms_per_story']:.4f} ms/story", file=sys.stderr)
    print(json.dumps({k: v for k, v in result.items() if k != "per_window"}), file=sys.stderr)
    for window, text in profiles.items():
        print(f"--- profile of stories {window} ---\n{text}", file=sys.stderr)
    result["profiles"] = profiles
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
