"""Throughput and memory of ``cleanpress run -j N`` on a generated corpus, against trafilatura and C4's line filter.

Usage:
    python benchmarks/scale_run.py DATA_DIR [--pages 10000 20000] [--jobs 1 2] [--peer-pages 2000]
        [--pages-j2-only 50000] [--concurrent] [--out docs/scale.json] [--plot docs/img/scale.png]

``DATA_DIR`` holds the dev sets (``*-dev.jsonl.gz`` with ``id``, ``text`` and
mostly ``html``). The corpus is those pages cycled until ``--pages`` are
reached, each copy with its own id (``ID~K``), written once to a temporary
JSON Lines file. Every method runs as its own process tree on the same pages:

- ``cleanpress run -j N`` (clean and dedup, the whole job, writing its output);
- ``trafilatura``: its own command line, ``trafilatura --input-dir DIR
  --output-dir OUT --parallel N``, over the same pages' HTML written one file
  per page, on the first ``--peer-pages`` pages that have HTML, because it is
  slow;
- ``c4``: C4's line filter (below) over the same texts in a pool of N processes.

Each run is watched from outside through ``/proc``: wall time, the CPU time
of every process of its session (main, workers, forkserver; sampled every
0.1 s, each process's last sample counts), and peak memory as the largest sum
of the processes' resident sets. On a shared machine wall time depends on
the other load (the load average is recorded before each run); CPU time much
less, so the table gives both: ``pages/s`` (wall) and ``pages per CPU-second``; the load is
also sampled while each run goes. With ``--concurrent`` the runs of every ``-j`` on one size
start together (each still watched on its own: compare their CPU times, not their wall times),
which is how a long run fits the time on a shared machine; their outputs must be the same bytes.
Time and memory at 1M pages are extrapolated from a least-squares line over
the measured ``--pages`` sizes (CPU seconds and peak memory against pages, per
``-j``), and say so; ``--pages-j2-only`` adds sizes measured at the largest
``-j`` only (a longer slope where running every ``-j`` would not fit the time).

C4's line filter, as in the C4 paper (Raffel et al. 2020) and TFDS ``c4_utils``:
keep lines that end in terminal punctuation (``. ! ? "``), have at least three
words and no word over 1,000 characters, and do not mention ``javascript``;
drop lines with a policy phrase ("terms of use", "privacy policy", "cookie
policy", "uses cookies", "use of cookies", "use cookies"); remove citation
markers (``[1]``, ``[edit]``, ``[citation needed]``); drop the page if it
has "lorem ipsum" or a curly bracket, or fewer than three sentences remain.
The bad-words page filter is left out (its word list is not bundled here).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETS = ("articles", "readability", "snippets", "dragnet", "syndication")

_TERMINAL = (".", "!", "?", '"')
_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]", re.IGNORECASE)
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+")


def c4_clean(text: str) -> str:
    """C4's line filter on one page's text ('' when the page is dropped)."""
    low_page = text.lower()
    if "lorem ipsum" in low_page or "{" in text:
        return ""
    kept = []
    for raw in text.splitlines():
        line = _CITATION.sub("", raw.strip())
        if not line.endswith(_TERMINAL):
            continue
        words = line.split()
        if len(words) < 3 or max(len(w) for w in words) > 1000:
            continue
        low = line.lower()
        if "javascript" in low or any(p in low for p in _POLICY):
            continue
        kept.append(line)
    out = "\n".join(kept)
    return out if len(_SENTENCE.findall(out)) >= 3 else ""


def _extract(html: str) -> str:
    import trafilatura  # in the pool's processes only

    return trafilatura.extract(html) or ""


_TRAFILATURA_CLI = "import sys; from trafilatura.cli import main; sys.argv[0] = 'trafilatura'; main()"


def write_html_files(dev: list[dict[str, str]], pages: int, folder: Path) -> int:
    """The first ``pages`` pages with HTML (cycled like the corpus), one ``.html`` file each."""
    source = [r for r in dev if r["html"]]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        (folder / f"{n:07d}.html").write_text(source[n % len(source)]["html"], encoding="utf-8")
    return pages


def peer_main(method: str, path: str, jobs: int, limit: int) -> None:
    """One peer run (this script re-run as a child): read the pages, process them on ``jobs`` processes."""
    field = "html" if method == "trafilatura" else "text"
    items = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            value = json.loads(line).get(field)
            if value:
                items.append(value)
                if len(items) >= limit:
                    break
    fn = _extract if method == "trafilatura" else c4_clean
    kept = 0
    with multiprocessing.get_context("forkserver").Pool(jobs) as pool:
        for out in pool.imap(fn, items, chunksize=16):
            kept += bool(out)
    print(json.dumps({"pages": len(items), "kept": kept}))


def dev_pages(data: Path) -> list[dict[str, str]]:
    dev = []
    for name in SETS:
        with gzip.open(data / f"{name}-dev.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                dev.append({"id": f"{name}/{r['id']}", "text": r["text"], "html": r.get("html") or ""})
    return dev


def build_corpus(dev: list[dict[str, str]], pages: int, path: Path, field: str = "text") -> int:
    """``pages`` records ``{id, FIELD}`` cycling through the dev pages (those with that field), ids ``ID~K``."""
    source = [r for r in dev if r[field]]
    with path.open("w", encoding="utf-8") as out:
        for n in range(pages):
            r = source[n % len(source)]
            out.write(json.dumps({"id": f"{r['id']}~{n // len(source)}", field: r[field]}) + "\n")
    return len(source)


def _proc_stat(pid: int) -> tuple[int, float, int] | None:
    """(session id, CPU seconds, resident bytes) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    session = int(fields[3])
    cpu = (int(fields[11]) + int(fields[12])) / tick
    rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return session, cpu, rss


def _read_fraction(pid: int, path: str) -> float | None:
    """How far process ``pid`` has read the file ``path`` (its descriptor's position / the file's size)."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            if os.readlink(f"/proc/{pid}/fd/{fd}") == path:
                with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as fh:
                    pos = int(fh.readline().split()[1])
                return round(pos / os.path.getsize(path), 5)
    except (OSError, ValueError, IndexError):
        return None
    return None


def watch(cmd: list[str], progress_of: str | None = None, every: float = 20.0, sample: float = 0.1) -> dict[str, Any]:
    """Run ``cmd`` in its own session: wall seconds, CPU seconds of all its processes, peak summed RSS.

    With ``progress_of`` (the input file's path), every ``every`` seconds a sample of the CPU time (all
    processes, and the main one), the summed RSS, the load and how far the main process has read the input
    (its position in that file, as a fraction of its size) is kept in ``progress``. The processes are
    sampled every ``sample`` seconds (a scan of ``/proc``: a longer run can afford a longer interval).
    """
    load = os.getloadavg()[0]
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    cpu: dict[int, float] = {}
    peak = last = 0
    loads: list[float] = []
    progress: list[dict[str, float | None]] = []
    sampled = progressed = 0.0
    path = str(Path(progress_of).resolve()) if progress_of else None
    while proc.poll() is None:
        if time.monotonic() - sampled >= 5:  # the load while it ran, every 5 s
            loads.append(os.getloadavg()[0])
            sampled = time.monotonic()
        if path and time.monotonic() - progressed >= every and cpu:
            progressed = time.monotonic()
            progress.append({"wall_s": round(progressed - start, 1), "cpu_s": round(sum(cpu.values()), 2),
                             "main_cpu_s": round(cpu.get(proc.pid, 0.0), 2), "rss_mb": round(last / 1e6, 1),
                             "read_frac": _read_fraction(proc.pid, path), "load": round(os.getloadavg()[0], 2)})
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            stat = _proc_stat(int(entry))
            if stat is None or stat[0] != proc.pid:
                continue
            cpu[int(entry)] = stat[1]
            total += stat[2]
        peak, last = max(peak, total), total
        time.sleep(sample)
    wall = time.monotonic() - start
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(sum(cpu.values()), 2),
        "main_cpu_s": round(cpu.get(proc.pid, 0.0), 2),
        "peak_rss_mb": round(peak / 1e6, 1),
        "load_before": round(load, 2),
        "load_during": round(sum(loads) / len(loads), 2) if loads else round(load, 2),
        "stdout": out.strip()[-300:],
        **({"progress": progress} if path else {}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", help="folder of the *-dev.jsonl.gz sets")
    ap.add_argument("--pages", type=int, nargs="+", default=[10_000, 20_000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--peer-pages", type=int, default=2000, help="pages for trafilatura (slow)")
    ap.add_argument("--c4-pages", type=int, default=None, help="pages for C4 (default: the largest --pages)")
    ap.add_argument("--pages-j2-only", type=int, nargs="*", default=[],
                    help="more corpus sizes, run at the largest --jobs only (for the slope)")
    ap.add_argument("--out", help="results JSON")
    ap.add_argument("--plot", help="plot PNG (needs matplotlib: pip install -e '.[bench]')")
    ap.add_argument("--concurrent", action="store_true",
                    help="run cleanpress at every --jobs at the same time (each watched on its own; CPU time is "
                         "what to read then): on a shared machine a long run fits the time this way")
    ap.add_argument("--no-peers", action="store_true", help="cleanpress only (no C4, no trafilatura)")
    ap.add_argument("--nice", type=int, default=0, help="run everything at this niceness (a shared machine)")
    ap.add_argument("--keep-output", help="keep each run's output here (out-PAGES-jN.jsonl), to compare later")
    ap.add_argument("--peer", choices=("c4", "trafilatura"), help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.peer:
        peer_main(args.peer, args.input, args.jobs[0], args.pages[0])
        return
    if not args.data:
        ap.error("DATA_DIR is required")
    if args.nice:
        os.nice(args.nice)
    runs = []
    dev = dev_pages(Path(args.data))
    info = {
        "dev_pages": len(dev),
        "dev_pages_with_html": sum(bool(r["html"]) for r in dev),
        "text_mb_per_page": round(sum(len(r["text"].encode()) for r in dev) / len(dev) / 1e6, 4),
    }
    sizes = [(pages, args.jobs) for pages in sorted(args.pages)]
    sizes += [(pages, [max(args.jobs)]) for pages in sorted(args.pages_j2_only)]
    with tempfile.TemporaryDirectory() as tmp:
        for pages, jobs_list in sizes:
            corpus = Path(tmp) / f"corpus{pages}.jsonl"
            build_corpus(dev, pages, corpus)
            run_cleanpress(args, corpus, pages, jobs_list, tmp=Path(tmp), runs=runs)
            if pages != max(args.pages):
                corpus.unlink()
        if not args.no_peers:
            run_peers(args, dev, Path(tmp), runs)
    for row in runs:
        row["pages_per_s"] = round(row["pages"] / row["wall_s"], 1)
        row["pages_per_cpu_s"] = round(row["pages"] / row["cpu_s"], 1) if row["cpu_s"] else None
        row.pop("stdout", None)
    result = {
        "command": "python " + " ".join(sys.argv),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "corpus": info,
        "runs": runs,
        "scaling": _scaling(runs),
        "extrapolated_1m": _extrapolate(runs),
    }
    print(json.dumps({k: result[k] for k in ("scaling", "extrapolated_1m")}, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        Path(args.out + ".partial").unlink(missing_ok=True)
    if args.plot:
        plot(result, Path(args.plot))


def run_cleanpress(args: argparse.Namespace, corpus: Path, pages: int, jobs_list: list[int], *, tmp: Path,
                   runs: list[dict]) -> None:
    """``cleanpress run`` on ``corpus`` at each of ``jobs_list`` (at once with ``--concurrent``); the outputs
    must be the same bytes."""
    cmds = {}
    for jobs in jobs_list:
        out = tmp / f"out-j{jobs}.jsonl"
        cmds[jobs] = (out, [sys.executable, "-m", "cleanpress", "run", str(corpus), "-o", str(out),
                            "-j", str(jobs), "-q"])
    def watched_run(cmd: list[str]) -> dict[str, Any]:
        return watch(cmd, progress_of=str(corpus))

    if args.concurrent and len(cmds) > 1:  # every -j at once, each watched on its own
        with ThreadPoolExecutor(len(cmds)) as pool:
            watched = dict(zip(cmds, pool.map(watched_run, [cmd for _, cmd in cmds.values()]), strict=True))
    else:
        watched = {jobs: watched_run(cmd) for jobs, (_, cmd) in cmds.items()}
    outputs = []
    for jobs, (out, _) in cmds.items():
        row = {"method": "cleanpress run", "pages": pages, "jobs": jobs, **watched[jobs],
               "concurrent_with": [j for j in cmds if j != jobs] if args.concurrent else []}
        row["stories"] = sum(1 for _ in out.open(encoding="utf-8"))
        row["output_sha256"] = _sha256(out)
        outputs.append(row["output_sha256"])
        if args.keep_output:
            out.replace(Path(args.keep_output) / f"out-{pages}-j{jobs}.jsonl")
        else:
            out.unlink()
        _record(runs, row, args.out)
    if len(set(outputs)) > 1:
        raise SystemExit(f"{pages} pages: the output of -j {list(cmds)} differs")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_peers(args: argparse.Namespace, dev: list[dict[str, str]], tmp: Path, runs: list[dict]) -> None:
    """C4's line filter on the largest corpus, and trafilatura's command line on the HTML of its first pages."""
    largest = tmp / f"corpus{max(args.pages)}.jsonl"
    html_dir = tmp / "html"
    write_html_files(dev, args.peer_pages, html_dir)
    for jobs in args.jobs:
        limit = args.c4_pages or max(args.pages)
        cmd = [sys.executable, __file__, "--peer", "c4", "--input", str(largest), "--jobs", str(jobs),
               "--pages", str(limit)]
        row = {"method": "c4", "jobs": jobs, **watch(cmd)}
        row["pages"] = json.loads(row["stdout"])["pages"]
        _record(runs, row, args.out)
    for jobs in args.jobs:
        out_dir = tmp / f"trafilatura-out-{jobs}"
        cmd = [sys.executable, "-c", _TRAFILATURA_CLI, "--input-dir", str(html_dir), "--output-dir",
               str(out_dir), "--parallel", str(jobs)]
        row = {"method": "trafilatura", "jobs": jobs, "pages": args.peer_pages, **watch(cmd)}
        row["kept"] = sum(1 for _ in out_dir.rglob("*.txt")) if out_dir.exists() else 0
        _record(runs, row, args.out)


def _record(runs: list[dict], row: dict, out: str | None) -> None:
    """Keep a run, print it, and save what was measured so far (``OUT.partial``): a long run keeps its rows."""
    runs.append(row)
    print(_line(row), flush=True)
    if out:
        Path(out + ".partial").write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")


def _line(row: dict) -> str:
    rate, per_cpu = row["pages"] / row["wall_s"], row["pages"] / max(row["cpu_s"], 1e-9)
    return (
        f"{row['method']:15s} pages {row['pages']:>7} -j{row['jobs']}: wall {row['wall_s']:8.1f}s ({rate:7.1f}/s), "
        f"CPU {row['cpu_s']:8.1f}s ({per_cpu:7.1f}/CPU-s; main process {row['main_cpu_s']:.1f}s), "
        f"peak RSS {row['peak_rss_mb']:7.1f} MB, load before {row['load_before']}, during {row['load_during']}"
    )


def _scaling(runs: list[dict]) -> list[dict]:
    """Speed-up of -j N over -j 1 per method and size: by wall time, and the CPU overhead of the workers."""
    out = []
    for one in (r for r in runs if r["jobs"] == 1):
        for many in (r for r in runs if r["method"] == one["method"] and r["pages"] == one["pages"] and r["jobs"] > 1):
            out.append(
                {
                    "method": one["method"],
                    "pages": one["pages"],
                    "jobs": many["jobs"],
                    "wall_speedup": round(one["wall_s"] / many["wall_s"], 2),
                    "cpu_ratio": round(many["cpu_s"] / one["cpu_s"], 2),
                    # what N busy cores would give, from the CPU time each run really needed
                    "speedup_if_cores_free": round(many["jobs"] * one["cpu_s"] / many["cpu_s"], 2),
                }
            )
    return out


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares line ``y = a + b x``: (a, b)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return my - b * mx, b


def _extrapolate(runs: list[dict]) -> dict:
    """1M-page CPU time and memory of cleanpress run from a least-squares line over the measured sizes (per -j).

    Also the main process's CPU per page and, from it, how many cores' workers one main process keeps busy
    (the workers' CPU per page divided by the main process's): beyond that, -j N stops scaling.
    """
    out = {}
    for jobs in sorted({r["jobs"] for r in runs if r["method"] == "cleanpress run"}):
        rows = sorted(
            (r for r in runs if r["method"] == "cleanpress run" and r["jobs"] == jobs), key=lambda r: r["pages"]
        )
        if len(rows) < 2:
            continue
        xs = [float(r["pages"]) for r in rows]
        cpu0, cpu_per_page = _fit(xs, [r["cpu_s"] for r in rows])
        rss0, rss_per_page = _fit(xs, [r["peak_rss_mb"] for r in rows])
        _, main_per_page = _fit(xs, [r["main_cpu_s"] for r in rows])
        cpu_1m = cpu0 + cpu_per_page * 1_000_000
        entry = {
            "cpu_ms_per_page": round(cpu_per_page * 1000, 3),
            "cpu_hours": round(cpu_1m / 3600, 2),
            "hours_if_cores_free": round(cpu_1m / 3600 / jobs, 2),
            "peak_rss_mb": round(rss0 + rss_per_page * 1_000_000, 0),
            "rss_kb_per_page": round(rss_per_page * 1000, 3),
            "main_cpu_ms_per_page": round(main_per_page * 1000, 3),
            "note": f"least-squares line over {', '.join(str(int(x)) for x in xs)} pages, extrapolated, not measured",
        }
        if jobs > 1 and main_per_page > 0:
            entry["cores_one_main_process_feeds"] = round((cpu_per_page - main_per_page) / main_per_page, 1)
        out[f"j{jobs}"] = entry
    return out


def plot(result: dict, path: Path) -> None:
    import matplotlib  # an optional extra

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = result["runs"]
    ours = [r for r in runs if r["method"] == "cleanpress run"]
    every_jobs = {r["jobs"] for r in ours}
    # the largest size measured at every -j, so the bars compare -j 1 and -j N on the same pages
    largest = max(p for p in {r["pages"] for r in ours} if {r["jobs"] for r in ours if r["pages"] == p} == every_jobs)
    fig, (ax1, ax3, ax2) = plt.subplots(1, 3, figsize=(14, 3.8))
    methods = ["cleanpress run", "c4", "trafilatura"]
    colours = {"cleanpress run": "#1f77b4", "c4": "#999999", "trafilatura": "#ff7f0e"}
    width = 0.38
    for k, jobs in enumerate(sorted({r["jobs"] for r in runs})):
        values = []
        for m in methods:
            row = next(
                (
                    r
                    for r in runs
                    if r["method"] == m and r["jobs"] == jobs and (m != "cleanpress run" or r["pages"] == largest)
                ),
                None,
            )
            values.append(row["pages_per_cpu_s"] * jobs if row and row["pages_per_cpu_s"] else 0)
        bars = ax1.barh(
            [i + k * width for i in range(len(methods))],
            values,
            height=width,
            label=f"-j {jobs}",
            color=[colours[m] for m in methods],
            alpha=0.55 + 0.45 * k,
        )
        ax1.bar_label(bars, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=8)
    ax1.set_yticks([i + width / 2 for i in range(len(methods))], methods)
    ax1.set_xscale("log")
    ax1.set_xlabel("pages/s with N free cores (pages per CPU-second x N), log")
    ax1.invert_yaxis()
    ax1.set_title(f"throughput, -j 1 (light) and -j 2 (dark); cleanpress on {largest:,} pages", fontsize=9)
    for jobs in sorted({r["jobs"] for r in runs if r["method"] == "cleanpress run"}):
        rows = sorted(
            (r for r in runs if r["method"] == "cleanpress run" and r["jobs"] == jobs), key=lambda r: r["pages"]
        )
        xs = [r["pages"] for r in rows]
        ax2.plot(xs, [r["peak_rss_mb"] for r in rows], marker="o", label=f"cleanpress run -j {jobs}")
        line = ax3.plot(xs, [r["cpu_s"] for r in rows], marker="o", linestyle="", label=f"-j {jobs}: all processes")
        ax3.plot(xs, [r["main_cpu_s"] for r in rows], marker="^", linestyle="", color=line[0].get_color(),
                 alpha=0.6, label=f"-j {jobs}: main process")
        if len(rows) >= 2:
            for key, style in (("cpu_s", "-"), ("main_cpu_s", ":")):
                a, b = _fit([float(x) for x in xs], [r[key] for r in rows])
                ax3.plot([0, max(xs)], [a, a + b * max(xs)], style, color=line[0].get_color(), linewidth=1)
    ax3.set_xlabel("pages")
    ax3.set_ylabel("CPU seconds")
    ax3.set_title("cleanpress run: CPU time and its least-squares slope", fontsize=9)
    ax3.legend(fontsize=7)
    ax2.set_xlabel("pages")
    ax2.set_ylabel("peak RSS, all processes (MB)")
    ax2.set_title("memory", fontsize=9)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
