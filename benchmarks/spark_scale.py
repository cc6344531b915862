"""The Spark engine against the local engine, at growing corpus sizes, in one run.

For each size, a generated corpus of news pages with planted near-duplicates
(``spark_corpus.py``) goes through ``python -m cleanpress run`` on both
engines, each in its own process:

- stories per second, and the Spark engine's speed as a ratio of the local one
  (the local engine is the anchor, measured in the same run);
- peak memory: the largest sum of resident memory of the process tree (the
  driver, the JVM and the Python workers for Spark), sampled every 0.2 s;
- shuffle bytes written per million stories, from Spark's event log;
- the time of each Spark stage, from the engine's progress lines;
- whether the two outputs are byte-equal (they must be).

Run it on a checkout that nobody edits during the run (both engines import
the same code; ``PYTHONPATH=path/to/src`` pins it). With ``--dev-data`` (the
syndication development set, which this project does not ship) both engines
also run on it: byte-equality and pairwise F1 against its ``story`` labels.

    python benchmarks/spark_scale.py 20000 100000 --master 'local[2]' \\
        --dev-data ../shared/data/syndication-dev.jsonl.gz \\
        --json docs/spark_scale.json --plot docs/img/spark_scale.png
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import spark_corpus  # noqa: E402 - a sibling script, found through the path set above


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def measure(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its wall time, peak tree memory, exit status and stderr."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"seconds": seconds, "peak_bytes": peak, "stderr": err}


def shuffle_bytes(event_dir: Path) -> int:
    """Shuffle bytes written by all tasks, from the Spark event log(s) in ``event_dir``."""
    total = 0
    for log in sorted(p for p in event_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        with open(log, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                metrics = json.loads(line).get("Task Metrics") or {}
                total += (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
    return total


_STAGE = re.compile(r"cleanpress spark: (\w+)[^(]*\((\d+\.\d)s\)")


def stage_seconds(stderr: str) -> dict[str, float]:
    """The Spark engine's per-stage seconds, from its progress lines."""
    return {m.group(1): float(m.group(2)) for m in _STAGE.finditer(stderr)}


def compare(source: Path, work: Path, master: str, label: str) -> dict[str, Any]:
    local_out, spark_out = work / f"{label}-local.jsonl", work / f"{label}-spark.jsonl"
    events = work / f"{label}-events"
    events.mkdir()
    py = sys.executable
    local = measure([py, "-m", "cleanpress", "run", str(source), "-o", str(local_out)])
    spark = measure([py, "-m", "cleanpress", "run", str(source), "-o", str(spark_out), "--engine", "spark",
                     "--master", master, "--conf", "spark.driver.memory=3g", "--conf", "spark.eventLog.enabled=true",
                     "--conf", "spark.eventLog.compress=false", "--conf", "spark.eventLog.rolling.enabled=false",
                     "--conf", f"spark.eventLog.dir=file://{events}"])
    with open(local_out, encoding="utf-8") as fh:
        stories = sum(1 for _ in fh)
    shuffled = shuffle_bytes(events)
    return {
        "label": label,
        "stories": stories,
        "byte_equal": local_out.read_bytes() == spark_out.read_bytes(),
        "local": {"seconds": round(local["seconds"], 1), "stories_per_s": round(stories / local["seconds"], 1),
                  "peak_mb": round(local["peak_bytes"] / 2**20)},
        "spark": {"seconds": round(spark["seconds"], 1), "stories_per_s": round(stories / spark["seconds"], 1),
                  "peak_mb": round(spark["peak_bytes"] / 2**20), "stages": stage_seconds(spark["stderr"]),
                  "shuffle_mb_per_million_stories": round(shuffled / 2**20 * 1e6 / max(stories, 1))},
        "spark_speed_vs_local": round(local["seconds"] / spark["seconds"], 2),
        "outputs": (local_out, spark_out),
    }


def dev_f1(output: Path, dev: Path) -> float:
    from metrics import pairwise_f1

    with gzip.open(dev, "rt", encoding="utf-8") as fh:
        truth = {r["id"]: r["story"] for r in map(json.loads, fh)}
    clusters: dict[str, str] = {}
    with open(output, encoding="utf-8") as fh:
        for record in map(json.loads, fh):
            clusters.setdefault(record["source_id"], record["cluster"])  # a page's first story stands for it
    return round(pairwise_f1(clusters, truth)[0], 3)


def plot(results: list[dict[str, Any]], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["stories"] for r in results]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.plot(sizes, [r["local"]["stories_per_s"] for r in results], "o-", label="local engine")
    ax1.plot(sizes, [r["spark"]["stories_per_s"] for r in results], "s-", label="Spark local[2]")
    ax1.set_xscale("log")
    ax1.set_xlabel("stories")
    ax1.set_ylabel("stories / s (clean + dedup, whole run)")
    ax1.legend()
    ax2.plot(sizes, [r["local"]["peak_mb"] for r in results], "o-", label="local engine")
    ax2.plot(sizes, [r["spark"]["peak_mb"] for r in results], "s-", label="Spark local[2] (driver+JVM+workers)")
    ax2.set_xscale("log")
    ax2.set_xlabel("stories")
    ax2.set_ylabel("peak resident memory (MB)")
    ax2.legend()
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[20000, 100000], help="pages per generated corpus")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--words", type=int, default=120, help="mean words per generated story")
    parser.add_argument("--dev-data", type=Path, help="the syndication development set (.jsonl.gz)")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--plot", help="write a plot here (needs matplotlib: pip install 'cleanpress[bench]')")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and outputs")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cleanpress-spark-bench-"))
    results: list[dict[str, Any]] = []
    if args.dev_data:
        dev = compare(args.dev_data, work, args.master, "syndication-dev")
        dev["pairwise_f1"] = {"local": dev_f1(dev["outputs"][0], args.dev_data),
                              "spark": dev_f1(dev["outputs"][1], args.dev_data)}
        dev.pop("outputs")
        print(json.dumps(dev), flush=True)
        results.append(dev)
    for n in args.sizes:
        source = work / f"pages-{n}.jsonl.gz"
        with gzip.open(source, "wt", encoding="utf-8") as fh:
            for record in spark_corpus.pages(n, seed=n, words=args.words):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        row = compare(source, work, args.master, f"generated-{n}")
        row["pages"] = n
        row.pop("outputs")
        print(json.dumps(row), flush=True)
        results.append(row)
        if args.json:  # after every size, so a long run leaves what it measured
            Path(args.json).write_text(json.dumps({"master": args.master, "cpus": os.cpu_count(),
                                                   "results": results}, indent=1) + "\n")
    if args.plot:
        plot([r for r in results if r["label"].startswith("generated")], args.plot)
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
