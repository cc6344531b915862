"""``cleanpress dedup`` on a generated corpus of up to millions of stories: wall, CPU, peak memory, and the
final clustering's CPU and memory on its own.

Usage:
    python benchmarks/dedup_scale.py DATA_DIR --stories 100000 1000000 --jobs 1 2 [--copy-rate 0.3]
        [--corpus-dir DIR] [--nice 10] [--out docs/scale_dedup_1m.json] [--plot docs/img/scale_dedup.png]
    python benchmarks/dedup_scale.py --plot docs/img/scale_dedup.png --from docs/scale_dedup_1m.json

**The corpus.** The stories are those ``cleanpress`` makes of the dev pages (``*-dev.jsonl.gz``, cleaned once
in this process: the stories of a ``run`` of ``scale_run.py``'s corpus, with their lengths), but each
generated story is made *distinct*: a dev story with each of its words (tokens between spaces that hold no
line break) replaced, with probability ``--replace`` (0.35), by a word drawn from that dev story's own words
(so by their frequency there: a story keeps its language, and is ASCII or not as its dev story is). Its
length, its lines and paragraphs stay the dev story's; two such stories share few word 5-grams (0.65^5 ~ 12%
of one's survive in another of the same base, ~6% Jaccard) and almost no long sentence. A fraction
``--copy-rate`` (0.3) of the stories are instead *copies* of an earlier distinct story, made as
``syndication-dev`` makes its copies: an exact copy; up to 3% of the words changed; the ending trimmed (50-95%
kept, cut at a line end); or a dateline line before and a credit line after, with up to 1% changed words (a
quarter each). A copy's source is one of the 50,000 distinct stories before it (news is copied soon after it
appears), or for one copy in ten one of a few "hot" stories (every 500th distinct story), so clusters range
from 2 to a few hundred stories. Every story is a function of (``--seed``, its number): the corpus is the same
bytes on any machine with the same dev data.

The corpus of ``scale_run.py`` (each dev page cycled, 45 copies at 100,000 pages) would give 450 copies of
every story at 1M stories: ~225 million pairs among copies, nothing like a crawl. This one has the dev
stories' lengths and a stated rate of near-duplicates.

**The measurement.** Each ``--jobs`` runs ``python -m cleanpress dedup CORPUS -o OUT -j N -q`` as its own
process tree (through a small wrapper, ``--child``, that runs the command's own ``main`` with the
clustering timed: :meth:`Deduplicator.assign_arrays`), watched from outside through ``/proc`` (``scale_run.
watch``: wall, CPU of every process, peak of the summed resident memory sampled every 0.1 s, or 0.5 s above
100,000 stories, progress every 20 s). Inside, the
wrapper records the main process's CPU time (``process_time``) and resident memory before and after the
clustering, and the peak resident memory during it (sampled every 10 ms): the clustering's cost on its
own. The outputs of every ``--jobs`` must be the same bytes (SHA-256); they are deleted once hashed, with
``--delete-corpus`` the corpus too.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_run import SETS, watch  # the benchmarks' shared /proc watcher, found through the path above

ROOT = Path(__file__).resolve().parent.parent
HOT_EVERY = 500
RECENT = 50_000
DATELINES = ("LONDON (Reuters) -", "NEW YORK (AP) -", "PARIS (AFP) -", "BERLIN (dpa) -", "WASHINGTON -")
CREDITS = ("Reporting by staff; editing by the desk.", "(c) The Associated Press. All rights reserved.",
           "This story was first published by a partner site.", "Additional reporting by wire services.")


# -- the corpus -----------------------------------------------------------------------------------------


def dev_stories(data: Path, cache: Path | None) -> list[str]:
    """The text of every story cleanpress makes of the dev pages (cleaned in this process, once)."""
    if cache is not None and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    from cleanpress.clean.cleaner import Cleaner

    cleaner = Cleaner()
    texts: list[str] = []
    for name in SETS:
        with gzip.open(data / f"{name}-dev.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                texts += [s.text for s in cleaner.clean(record["text"]).stories if s.text.strip()]
    if cache is not None:
        cache.write_text(json.dumps(texts), encoding="utf-8")
    return texts


class Generator:
    """Story ``k`` of the corpus, a function of the seed and ``k`` (see the module's docstring)."""

    def __init__(self, bases: list[str], seed: int, replace: float, copy_rate: float) -> None:
        import numpy as np

        self.np = np
        self.seed, self.replace, self.copy_rate = seed, replace, copy_rate
        self.tokens = [np.array(b.split(" "), dtype=object) for b in bases]
        # positions that may change: a token with no line break in it (lines and paragraphs stay)
        self.free = [np.flatnonzero([bool(t) and "\n" not in t for t in toks.tolist()]) for toks in self.tokens]
        #: each dev story's own words: a story keeps its language and its characters (ASCII or not)
        self.vocab = [toks[free] if len(free) else toks for toks, free in zip(self.tokens, self.free, strict=True)]
        #: per story number: -1 for a distinct story, else the distinct story it copies; and distinct ones' numbers
        self.distinct: list[int] = []

    def _rng(self, *key: int) -> Any:
        return self.np.random.default_rng([self.seed, *key])

    def distinct_text(self, k: int) -> str:
        """Distinct story ``k``: a dev story with ``replace`` of its words replaced."""
        rng = self._rng(k, 0)
        base = int(rng.integers(len(self.tokens)))
        toks, free = self.tokens[base].copy(), self.free[base]
        chosen = free[rng.random(len(free)) < self.replace]
        vocab = self.vocab[base]
        toks[chosen] = vocab[rng.integers(len(vocab), size=len(chosen))]
        return " ".join(toks.tolist())

    def _edit(self, text: str, rng: Any, share: float) -> str:
        toks = self.np.array(text.split(" "), dtype=object)
        free = self.np.flatnonzero([bool(t) and "\n" not in t for t in toks.tolist()])
        chosen = free[rng.random(len(free)) < share]
        toks[chosen] = toks[free][rng.integers(len(free), size=len(chosen))] if len(free) else toks[chosen]
        return " ".join(toks.tolist())

    def story(self, n: int) -> tuple[str, int | None]:
        """Record ``n``'s text and, for a copy, the record number it copies."""
        rng = self._rng(n, 1)
        if not self.distinct or rng.random() >= self.copy_rate:
            self.distinct.append(n)
            return self.distinct_text(n), None
        d = len(self.distinct)
        if rng.random() < 0.1 and d > HOT_EVERY:
            source = self.distinct[HOT_EVERY * int(rng.integers(d // HOT_EVERY))]
        else:
            source = self.distinct[int(rng.integers(max(0, d - RECENT), d))]
        text = self.distinct_text(source)
        kind = int(rng.integers(4))
        if kind == 1:
            text = self._edit(text, rng, float(rng.uniform(0.0, 0.03)))
        elif kind == 2:
            cut = int(len(text) * rng.uniform(0.5, 0.95))
            end = text.rfind("\n", 0, cut)
            text = text[: end if end > len(text) // 4 else cut].rstrip()
        elif kind == 3:
            text = (DATELINES[int(rng.integers(len(DATELINES)))] + "\n" + self._edit(text, rng, 0.01) + "\n"
                    + CREDITS[int(rng.integers(len(CREDITS)))])
        return text, source


def build(gen: Generator, stories: int, path: Path) -> dict[str, Any]:
    """Write ``stories`` records ``{"id": "s<n>", "text": ...}``; counts of what was written."""
    copies = chars = 0
    started = time.process_time()
    with path.open("w", encoding="utf-8") as out:
        for n in range(stories):
            text, source = gen.story(n)
            copies += source is not None
            chars += len(text)
            out.write(json.dumps({"id": f"s{n}", "text": text}, ensure_ascii=False) + "\n")
    return {"stories": stories, "copies": copies, "distinct": stories - copies,
            "chars_per_story": round(chars / stories), "bytes": path.stat().st_size,
            "build_cpu_s": round(time.process_time() - started, 1)}


# -- the measured run (in the child) ---------------------------------------------------------------------


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def child(argv: list[str], marks_path: str) -> int:
    """``python -m cleanpress`` with ``argv``, the clustering (``assign_arrays``) timed and its memory sampled."""
    from cleanpress.cli import main as cli_main
    from cleanpress.dedup.deduplicator import Deduplicator

    marks: dict[str, Any] = {}
    original = Deduplicator.assign_arrays

    def timed(self: Deduplicator) -> Any:
        peak = [_rss()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.01):
                peak[0] = max(peak[0], _rss())

        marks.update(stories=len(self), rss_before_mb=round(peak[0] / 1e6, 1), cpu_before_s=time.process_time(),
                     wall_before_s=time.monotonic())
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            return original(self)
        finally:
            done.set()
            sampler.join()
            cpu, wall = time.process_time(), time.monotonic()
            marks.update(cluster_cpu_s=round(cpu - marks["cpu_before_s"], 2),
                         cluster_wall_s=round(wall - marks["wall_before_s"], 2),
                         cluster_peak_rss_mb=round(max(peak[0], _rss()) / 1e6, 1),
                         rss_after_mb=round(_rss() / 1e6, 1), cpu_after_s=cpu, wall_after_s=wall)

    Deduplicator.assign_arrays = timed  # type: ignore[method-assign]
    started = time.monotonic()
    try:
        code = cli_main(argv)
    finally:
        marks.update(main_cpu_s=time.process_time(), main_wall_s=time.monotonic() - started)
        Path(marks_path).write_text(json.dumps(marks), encoding="utf-8")
    return int(code or 0)


# -- the parent -------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def measure(corpus: Path, stories: int, jobs: int, tmp: Path, sample: float = 0.1) -> dict[str, Any]:
    out, marks = tmp / f"out-{stories}-j{jobs}.jsonl", tmp / f"marks-{stories}-j{jobs}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(marks), "--",
           "dedup", str(corpus), "-o", str(out), "-q", *(["-j", str(jobs)] if jobs != 1 else [])]
    row: dict[str, Any] = {"method": "cleanpress dedup", "stories": stories, "jobs": jobs,
                           **watch(cmd, progress_of=str(corpus), sample=sample)}
    inside = json.loads(marks.read_text(encoding="utf-8"))
    row["clustering"] = {k: inside[k] for k in ("cluster_cpu_s", "cluster_wall_s", "rss_before_mb",
                                                 "cluster_peak_rss_mb", "rss_after_mb")}
    row["clustering"]["extra_mb"] = round(inside["cluster_peak_rss_mb"] - inside["rss_before_mb"], 1)
    row["main_adding_cpu_s"] = round(inside["cpu_before_s"], 2)  # reading, signing (-j 1), indexing, verifying
    row["main_writing_cpu_s"] = round(inside["main_cpu_s"] - inside["cpu_after_s"], 2)
    row["stories_per_cpu_s"] = round(stories / row["cpu_s"], 1)
    row["stories_per_s"] = round(stories / row["wall_s"], 1)
    with out.open("rb") as fh:
        row["records_out"] = sum(1 for _ in fh)
    with out.open(encoding="utf-8") as fh:
        reps = sum(1 for line in fh if '"duplicate_of":null' in line)
    row["clusters"] = reps
    row["output_bytes"] = out.stat().st_size
    row["output_sha256"] = _sha256(out)
    out.unlink()
    marks.unlink()
    row.pop("stdout", None)
    return row


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = result["runs"]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for jobs, marker in ((1, "o"), (2, "s")):
        rows = sorted((r for r in runs if r["jobs"] == jobs), key=lambda r: r["stories"])
        if not rows:
            continue
        xs = [r["stories"] for r in rows]
        axes[0].plot(xs, [r["cpu_s"] for r in rows], marker=marker, label=f"dedup -j {jobs}: all processes")
        axes[0].plot(xs, [r["clustering"]["cluster_cpu_s"] for r in rows], marker=marker, linestyle=":",
                     label=f"-j {jobs}: final clustering")
        axes[1].plot(xs, [r["peak_rss_mb"] / 1000 for r in rows], marker=marker,
                     label=f"-j {jobs}: peak, all processes")
        axes[1].plot(xs, [r["clustering"]["rss_before_mb"] / 1000 for r in rows], marker=marker, linestyle=":",
                     label=f"-j {jobs}: main process before clustering")
        axes[2].plot(xs, [r["stories_per_cpu_s"] for r in rows], marker=marker, label=f"-j {jobs}")
        for r in rows:  # the progress samples: CPU against the share of the input read
            prog = [p for p in r.get("progress", []) if p.get("read_frac")]
            if r["stories"] == max(xs) and prog:
                axes[0].plot([p["read_frac"] * r["stories"] for p in prog], [p["cpu_s"] for p in prog],
                             linewidth=0.8, alpha=0.6, label=f"-j {jobs} at {r['stories']:,}: while reading")
    for ax, title, ylabel in ((axes[0], "CPU seconds (measured)", "CPU s"),
                              (axes[1], "resident memory (measured)", "GB"),
                              (axes[2], "stories per CPU-second", "stories / CPU-s")):
        ax.set_xscale("log")
        ax.set_xlabel("stories")
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    axes[0].set_yscale("log")
    fig.suptitle("cleanpress dedup on generated stories (dev stories' lengths, "
                 f"{result['corpus'].get('copy_rate', 0.3):.0%} near-copies): measured")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def table(result: dict[str, Any]) -> str:
    """The runs as a Markdown table (what docs/scale.md shows)."""
    lines = ["| stories | -j | wall s | CPU s (all processes) | stories per CPU-s | main process CPU s | "
             "peak RSS MB (all processes) | clustering CPU s | main process RSS MB before / peak in clustering "
             "| clusters | load | output SHA-256 |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in sorted(result["runs"], key=lambda r: (r["stories"], r["jobs"])):
        c = r["clustering"]
        lines.append(f"| {r['stories']:,} | {r['jobs']} | {r['wall_s']:,.0f} | {r['cpu_s']:,.1f} | "
                     f"{r['stories_per_cpu_s']:,.0f} | {r['main_cpu_s']:,.1f} | {r['peak_rss_mb']:,.0f} | "
                     f"{c['cluster_cpu_s']:,.1f} | {c['rss_before_mb']:,.0f} / {c['cluster_peak_rss_mb']:,.0f} | "
                     f"{r['clusters']:,} | {r['load_during']} | `{r['output_sha256'][:12]}…` |")
    return "\n".join(lines)


def main() -> None:  # noqa: PLR0915 - one flat sequence of steps
    if sys.argv[1:2] == ["--child"]:  # the measured process: --child MARKS -- COMMAND ARGS...
        raise SystemExit(child(sys.argv[4:], sys.argv[2]))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", help="folder of the *-dev.jsonl.gz sets")
    ap.add_argument("--stories", type=int, nargs="+", default=[100_000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--copy-rate", type=float, default=0.3)
    ap.add_argument("--replace", type=float, default=0.35)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-dir", default=None, help="where the corpus and outputs go (default: a temporary folder)")
    ap.add_argument("--cache", default=None, help="JSON file caching the dev stories (cleaned once)")
    ap.add_argument("--delete-corpus", action="store_true")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--nice", type=int, default=0)
    ap.add_argument("--out", help="results JSON (rows added as they finish)")
    ap.add_argument("--plot", help="plot PNG (needs matplotlib)")
    ap.add_argument("--from", dest="source", help="print this results JSON as a table (and --plot it) only")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.source:
        loaded = json.loads(Path(args.source).read_text(encoding="utf-8"))
        print(table(loaded))
        if args.plot:
            plot(loaded, Path(args.plot))
        return
    if not args.data:
        ap.error("DATA_DIR is required")
    if args.nice:
        os.nice(args.nice)
    folder = Path(args.corpus_dir or "/tmp")
    folder.mkdir(parents=True, exist_ok=True)
    bases = dev_stories(Path(args.data), Path(args.cache) if args.cache else None)
    previous = json.loads(Path(args.out).read_text(encoding="utf-8")) if args.out and Path(args.out).exists() else {}
    result: dict[str, Any] = {
        "command": "python " + " ".join(sys.argv), "python": platform.python_version(), "cores": os.cpu_count(),
        "corpus": {"dev_stories": len(bases), "copy_rate": args.copy_rate, "replace": args.replace,
                   "seed": args.seed, "dev_chars_per_story": round(sum(map(len, bases)) / len(bases)),
                   "sizes": previous.get("corpus", {}).get("sizes", {})},
        "runs": previous.get("runs", []),
    }
    for stories in sorted(args.stories):
        corpus = folder / f"dedup-corpus-{stories}-s{args.seed}.jsonl"
        if not corpus.exists():
            info = build(Generator(bases, args.seed, args.replace, args.copy_rate), stories, corpus)
            info["sha256"] = _sha256(corpus)
            result["corpus"]["sizes"][str(stories)] = info
            print(json.dumps(info), file=sys.stderr, flush=True)
        if args.build_only:
            continue
        for jobs in args.jobs:
            print(f"free before: {os.popen('free -m').read().splitlines()[1]}", file=sys.stderr, flush=True)
            # a long run is sampled less often: each scan of /proc costs the machine CPU too
            row = measure(corpus, stories, jobs, folder, sample=0.1 if stories <= 100_000 else 0.5)
            row["corpus_sha256"] = result["corpus"]["sizes"].get(str(stories), {}).get("sha256")
            result["runs"] = [r for r in result["runs"] if (r["stories"], r["jobs"]) != (stories, jobs)] + [row]
            print(json.dumps({k: v for k, v in row.items() if k != "progress"}), file=sys.stderr, flush=True)
            if args.out:
                Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        shas = {r["output_sha256"] for r in result["runs"] if r["stories"] == stories}
        if len(shas) > 1:
            print(f"{stories} stories: the outputs of -j {args.jobs} differ", file=sys.stderr)
        if args.delete_corpus:
            corpus.unlink()
    if args.plot and result["runs"]:
        plot(result, Path(args.plot))


if __name__ == "__main__":
    main()
