"""The main process of ``run -j N`` alone: its CPU time per page as duplicates pile up.

Usage:
    python benchmarks/dedup_main.py DATA_DIR [--copies 45] [--cache /tmp/keys.pickle] [--out FILE.json]
        [--dump-output FILE] [--profile]

The dev pages (``*-dev.jsonl.gz``, 2,226 of them) are cleaned, encoded and signed once, as the
workers of ``run -j N`` do (:class:`cleanpress.pipeline.PrepareAndSign`); the prepared records are
then replayed ``--copies`` times, each copy with new ids (``ID~K``), through what the main process
does with them (:func:`cleanpress.pipeline.dedup_lines`: spool, LSH insert, verification,
clustering, writing), as ``scale_run.py``'s corpus gives them. The CPU time (``process_time``) of
each copy of the dev pages is recorded, then that of the clustering and writing at the end: the
main process's milliseconds per page against pages seen. ``--dump-output`` writes the output lines
(to compare two versions of the code: the same bytes).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import pickle
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleanpress.dedup.deduplicator import DedupStats

SETS = ("articles", "readability", "snippets", "dragnet", "syndication")


def prepared_dev(data: Path, cache: Path | None) -> list[tuple[str, list]]:
    """(page id, its prepared records) of every dev page, cleaned and signed in this process."""
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.dedup.config import DedupConfig
    from cleanpress.pipeline import _prepared_pages

    pages = []
    for name in SETS:
        with gzip.open(data / f"{name}-dev.jsonl.gz", "rt", encoding="utf-8") as fh:
            pages += [{"id": f"{name}/{json.loads(line)['id']}", "text": json.loads(line)["text"]} for line in fh]
    prepared = list(_prepared_pages(pages, Cleaner(), DedupConfig(), on_error=lambda i, e: None, read=None, jobs=1))
    out = [(p["id"], page.records) for p, page in zip(pages, prepared, strict=True)]
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def _head(story_id: str, page_id: str) -> str:
    """How a record's line starts: its id and its page's id."""
    return f'{{"id":{json.dumps(story_id, ensure_ascii=False)},"source_id":{json.dumps(page_id, ensure_ascii=False)},'


def replay(dev: list[tuple[str, list]], copies: int, marks: list[tuple[int, float]], rss: list[int],  # noqa: PLR0917
           verbose: bool = False, pages: int | None = None) -> Iterator:
    """The prepared records of ``copies`` cycles of the dev pages (or of the first ``pages`` pages of them),
    ids ``ID~K`` as ``scale_run.py``'s corpus gives them (the records' ``id`` and ``source_id``); CPU time
    marked per cycle."""
    for k in range(copies):
        for n, (page_id, records) in enumerate(dev):
            if pages is not None and k * len(dev) + n >= pages:
                marks.append((pages, time.process_time()))
                return
            new_page = f"{page_id}~{k}"
            for r in records:
                sid = new_page + r.id[len(page_id):]
                prefix = _head(r.id, page_id)
                if not r.line.startswith(prefix):
                    raise ValueError(f"record {r.id!r} does not start with its id and source id: {r.line[:120]!r}")
                line = _head(sid, new_page) + r.line[len(prefix) :]
                yield r._replace(id=sid, line=line)
        marks.append(((k + 1) * len(dev), time.process_time()))
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
        if verbose:
            print(k + 1, round(marks[-1][1] - marks[-2][1], 2), rss[-1], file=sys.stderr, flush=True)


def stream_only(records: Iterator) -> DedupStats:
    """Add the records' stories to a deduplicator in batches, as :func:`dedup_lines` does, and nothing else."""
    from cleanpress.dedup.deduplicator import Deduplicator
    from cleanpress.pipeline import _Batch

    deduplicator = Deduplicator()
    batch = _Batch(deduplicator)
    for record in records:
        batch.add(record.id, record.text, record)
        if len(batch.stories) >= deduplicator.config.batch_size:
            batch.flush()
    batch.flush()
    return deduplicator.stats


def _run_curve(samples: list[dict], pages: int) -> tuple[list[float], list[float]]:
    """Main-process ms per page against pages read, from ``scale_run.py``'s progress samples (CPU of the main
    process and the share of the input read, every 20 s): the slope between samples ~2,000 pages apart."""
    points = [(s["read_frac"] * pages, s["main_cpu_s"]) for s in samples if s.get("read_frac")]
    xs, ys = [], []
    last = points[0] if points else None
    for x, cpu in points[1:]:
        if last is not None and x - last[0] >= 2000:
            xs.append((x + last[0]) / 2)
            ys.append((cpu - last[1]) * 1000 / (x - last[0]))
            last = (x, cpu)
    return xs, ys


def plot(curves: list[str], path: str) -> None:
    """Main-process ms per page against pages seen: ``LABEL=FILE.json`` of this script (per copy), or
    ``LABEL=FILE.json:PAGES`` of ``scale_run.py``'s 100,000-page progress samples (the ``progress`` of its row
    of ``PAGES`` pages, or a top-level ``progress_j2_100k`` list)."""
    import matplotlib  # a benchmark-only dependency (the bench extra)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    for curve in curves:
        label, _, source = curve.partition("=")
        file, _, pages = source.partition(":")
        data = json.loads(Path(file).read_text(encoding="utf-8"))
        if pages:
            rows = [r for r in data.get("runs", []) if r.get("pages") == int(pages) and r.get("progress")]
            samples = rows[0]["progress"] if rows else data["progress_j2_100k"]
            xs, ys = _run_curve(samples, int(pages))
            ax.plot(xs, ys, ".-", label=label, alpha=0.8)
        else:
            per_copy = data["ms_per_page_by_copy"]
            step = data["pages"] / len(per_copy)
            ax.plot([step * (i + 0.5) for i in range(len(per_copy))], per_copy, "o-", markersize=3, label=label)
    ax.set_xlabel("pages seen (each dev page once per 2,226 pages)")
    ax.set_ylabel("main process CPU ms per page")
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title("run -j N: the main process's work per page as copies pile up", fontsize=10)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, nargs="?")
    ap.add_argument("--copies", type=int, default=45)
    ap.add_argument("--pages", type=int, help="stop after this many pages (scale_run.py's --pages)")
    ap.add_argument("--cache", type=Path, help="pickle of the prepared dev pages (made once, then read)")
    ap.add_argument("--out", help="results JSON")
    ap.add_argument("--dump-output", help="write the output lines here")
    ap.add_argument("--verbose", action="store_true", help="print each copy's CPU s and peak RSS MB")
    ap.add_argument("--stream-only", action="store_true",
                    help="only add the stories to the deduplicator as the main process does while pages arrive "
                         "(no spool, no clustering at the end): to compare code whose clustering would not fit")
    ap.add_argument("--profile", help="cProfile the replay into this file")
    ap.add_argument("--plot", help="only plot --curves into this PNG")
    ap.add_argument("--curves", nargs="*", default=[], help="LABEL=FILE.json or LABEL=SCALE_RUN.json:PAGES")
    return ap.parse_args()


def main() -> None:
    args = _args()
    if args.plot:
        plot(args.curves, args.plot)
        return
    from cleanpress.dedup.deduplicator import Deduplicator
    from cleanpress.pipeline import RunStats, dedup_lines

    dev = prepared_dev(args.data, args.cache)
    marks: list[tuple[int, float]] = []
    rss: list[int] = []
    stats = RunStats()
    digest = hashlib.sha256()
    out = open(args.dump_output, "w", encoding="utf-8") if args.dump_output else None  # noqa: SIM115
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.process_time()
    marks.append((0, start))
    lines = 0
    first_line = None
    if args.stream_only:
        stats.dedup = stream_only(replay(dev, args.copies, marks, rss, args.verbose, args.pages))
    for line in () if args.stream_only else dedup_lines(replay(dev, args.copies, marks, rss, args.verbose, args.pages),
                                                        Deduplicator(), stats=stats):
        if first_line is None:
            first_line = time.process_time()
        digest.update(line.encode())
        lines += 1
        if out is not None:
            out.write(line)
    end = time.process_time()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if out is not None:
        out.close()
    per_copy = [round((t1 - t0) * 1000 / (p1 - p0), 3) for (p0, t0), (p1, t1) in itertools.pairwise(marks)]
    result = {
        "command": "python " + " ".join(sys.argv),
        "pages": marks[-1][0], "stories": lines, "sha256": digest.hexdigest(),
        "clusters": stats.clusters, "duplicates": stats.duplicates,
        "candidate_pairs": stats.dedup.candidate_pairs,
        "ms_per_page_by_copy": per_copy,
        "peak_rss_mb_by_copy": rss,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "reading_cpu_s": round(marks[-1][1] - start, 2),
        "clustering_and_writing_cpu_s": round(end - marks[-1][1], 2),
        "total_cpu_s": round(end - start, 2),
    }
    print(json.dumps(result))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
