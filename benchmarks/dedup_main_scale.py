"""The main process of ``dedup -j N`` alone on ``dedup_scale.py``'s generated corpus: its CPU per story as the
index grows, where that time goes, and its output's SHA-256.

Usage:
    python benchmarks/dedup_main_scale.py CORPUS.jsonl --keys KEYS.pickle [--stories 200000]
        [--every 10000] [--profile 40000:50000 190000:200000] [--out FILE.json]
    python benchmarks/dedup_main_scale.py CORPUS.jsonl --keys KEYS.pickle --steps 50000 100000 200000
        [--out FILE.json]

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

``--steps N ...`` measures the final clustering's steps instead, once the first ``N`` stories are added (each
``N`` in turn, adding the stories in between): the pairs of stories sharing an LSH bucket
(``BandIndex.shared_pairs``) and a long sentence (``BandIndex.shared_keys``), listed one range of keys at a
time as the code does (``SLICE_ENTRIES`` entries a range) and at once (one range), then the whole
clustering (``Deduplicator.assign_arrays``): CPU (``process_time``, the best of two, the two ways alternated)
and the peak of the memory allocated during the step (``tracemalloc``; numpy's arrays are traced).
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

import numpy as np

from cleanpress.dedup.lsh import BUCKET_CAP


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


def prepared(corpus: Path, keys_path: Path, stories: int, spent: list[float] | None = None) -> Iterator[Any]:
    """The corpus's records as a worker sends them: the id, no text (the keys are given), the record's line as
    ``dedup`` writes it (:func:`cleanpress.io.dumps` of ``{"id", "text"}``). The CPU time spent making them is
    added to ``spent[0]``: it is not the main process's work."""
    from cleanpress.io import dumps
    from cleanpress.pipeline import PreparedRecord

    with corpus.open(encoding="utf-8") as fh, keys_path.open("rb") as kf:
        n = 0
        while n < stories:
            started = time.process_time()
            try:
                keys = pickle.load(kf)
            except EOFError:
                return
            records = []
            for row in range(len(keys)):
                line = fh.readline()
                if n + len(records) >= stories or not line:
                    break
                record = json.loads(line)
                records.append(PreparedRecord(record["id"], "", dumps({"id": record["id"], "text": record["text"]}),
                                              keys, row))
            if spent is not None:
                spent[0] += time.process_time() - started
            yield from records
            n += len(records)
            if len(records) < len(keys):
                return


def _step(fn: Any) -> tuple[float, float, Any]:
    """CPU seconds of ``fn()`` (the best of two), the peak MB it allocated (traced on a third call), its value."""
    import tracemalloc

    cpu = []
    for _ in range(2):
        started = time.process_time()
        value = fn()
        cpu.append(time.process_time() - started)
        del value
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    value = fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return min(cpu), peak / 1e6, value


def steps(corpus: Path, keys_path: Path, sizes: list[int]) -> list[dict[str, Any]]:
    """The final clustering's steps measured at each of ``sizes`` stories (see the module doc)."""
    from cleanpress.dedup import lsh
    from cleanpress.dedup.deduplicator import Deduplicator
    from cleanpress.dedup.signing import StoryKeys

    d = Deduplicator()
    rows: list[dict[str, Any]] = []
    batch: list[Any] = []
    wanted = sorted(sizes)
    n = 0
    most = d.config.boilerplate_stories + 1
    for record in prepared(corpus, keys_path, wanted[-1]):
        batch.append(record)
        n += 1
        if len(batch) == d.config.batch_size or n in wanted:
            d.extend([(r.id, "") for r in batch], keys=StoryKeys.gather([(r.keys, r.row) for r in batch]))
            batch = []
        if n not in wanted:
            continue
        row: dict[str, Any] = {"stories": n, "band_entries": len(d._buckets), "sentence_entries": len(d._sentences),
                               "slice_entries": lsh.SLICE_ENTRIES}
        for name, index, fn in (("band_pairs", d._buckets, "shared_pairs"), ("sentence_pairs", d._sentences,
                                                                             "shared_keys")):
            for way, entries in (("sliced", None), ("at_once", 1 << 62), ("sliced_again", None)):
                cpu, peak, value = _step(lambda index=index, fn=fn, entries=entries:
                                         getattr(index, fn)(BUCKET_CAP if fn == "shared_pairs" else most, entries))
                row[f"{name}_{way}"] = {"cpu_s": round(cpu, 3), "peak_mb": round(peak, 1)}
            row[f"{name}_count"] = len(value) if fn == "shared_pairs" else len(value[0])
        cpu, peak, (reps, _, _, _) = _step(d.assign_arrays)
        row["clustering"] = {"cpu_s": round(cpu, 3), "peak_mb": round(peak, 1),
                             "clusters": int((reps == np.arange(len(reps))).sum())}
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


def main() -> None:  # noqa: PLR0915 - one flat sequence of steps
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--keys", required=True, help="pickle of the stories' keys (written if missing)")
    ap.add_argument("--stories", type=int, default=200_000)
    ap.add_argument("--every", type=int, default=10_000)
    ap.add_argument("--profile", nargs="*", default=[], help="windows A:B of stories to profile")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--steps", type=int, nargs="*", help="measure the final clustering's steps at these sizes")
    ap.add_argument("--out", help="results JSON")
    args = ap.parse_args()
    corpus, keys_path = Path(args.corpus), Path(args.keys)
    if not keys_path.exists():
        sign_corpus(corpus, keys_path, max([args.stories, *(args.steps or [])]))
    if args.steps:
        result = {"command": "python " + " ".join(sys.argv), "steps": steps(corpus, keys_path, args.steps)}
        if args.out:
            Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        return
    from cleanpress.dedup.deduplicator import Deduplicator
    from cleanpress.pipeline import dedup_lines

    windows = [tuple(int(x) for x in w.split(":")) for w in args.profile]
    profiles: dict[str, str] = {}
    marks: list[tuple[int, float]] = []
    state: dict[str, Any] = {"profiler": None}

    spent = [0.0]

    def close_profile(window: str) -> None:
        state["profiler"].disable()
        text = io.StringIO()
        stats = pstats.Stats(state["profiler"], stream=text).sort_stats("tottime")
        stats.print_stats(args.top)
        stats.print_callers("searchsorted|prose_containment")  # the steps whose cost grows
        profiles[window] = text.getvalue()
        print(f"--- profile of stories {window} ---\n{text.getvalue()}", file=sys.stderr, flush=True)
        state["profiler"] = None

    def records() -> Iterator[Any]:
        n = -1
        for n, record in enumerate(prepared(corpus, keys_path, args.stories, spent)):
            if n % args.every == 0:
                marks.append((n, time.process_time() - spent[0]))
            for a, b in windows:
                if n == a:
                    state["profiler"] = cProfile.Profile()
                    state["profiler"].enable()
                elif n == b and state["profiler"] is not None:
                    close_profile(f"{a}:{b}")
            yield record
        marks.append((n + 1, time.process_time() - spent[0]))
        if state["profiler"] is not None:  # a window up to the last story: its last batch is added here
            close_profile(f"{windows[-1][0]}:{n + 1} (without the last batch)")

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
    total = time.process_time() - started - spent[0]
    per = [{"from": a, "to": b, "ms_per_story": round(1000 * (tb - ta) / (b - a), 4)}
           for (a, ta), (b, tb) in itertools.pairwise(marks) if b > a]
    result = {
        "command": "python " + " ".join(sys.argv), "stories": lines, "cpu_s": round(total, 2),
        "adding_cpu_s": round(marks[-1][1] - started, 2), "making_records_cpu_s": round(spent[0], 2),
        "clustering_cpu_s": round(clustering["end"] - clustering["start"], 2),
        "writing_cpu_s": round(time.process_time() - clustering["end"], 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000, 1),
        "output_sha256": digest.hexdigest(), "per_window": per, "candidate_pairs": deduplicator.stats.candidate_pairs,
        "duplicate_pairs": deduplicator.stats.duplicate_pairs,
    }
    for row in per:
        print(f"{row['from']:>8,}-{row['to']:>8,}: {row['ms_per_story']:.4f} ms/story", file=sys.stderr)
    print(json.dumps({k: v for k, v in result.items() if k != "per_window"}), file=sys.stderr)
    result["profiles"] = profiles
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
