"""Peak memory of the CLI against input size: is a big JSONL file processed in bounded memory?

Generates JSON Lines of pages on the fly into a temporary file (each page ~4 KB:
header chrome, a headline, eight paragraphs of generated prose, a sidebar list),
runs ``python -m cleanpress COMMAND`` on it as a child process and reads the
child's peak resident set size from ``os.wait4`` (the kernel's own account, no
polling). Sizes double up to ``--mb`` (default 200 MB); ``--mb 2048`` for 2 GB.
Also feeds the same file through standard input, which must stream too.

    python benchmarks/streaming_memory.py                         # clean and run, 25..200 MB
    python benchmarks/streaming_memory.py --mb 2048 --commands clean
    python benchmarks/streaming_memory.py --json out.json --plot docs/reliability-memory.png

Peak RSS that stays flat while the input doubles is bounded memory; the
growth per doubling is printed. ``run`` must keep one signature per story until
clusters are known, so its memory grows with the number of stories (about
1.5 KB each), not with their text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1 << 20

WORDS = [
    "council", "budget", "mayor", "city", "residents", "tax", "plan", "debate", "vote", "night", "officials",
    "said", "government", "minister", "police", "report", "week", "year", "people", "state", "public", "school",
    "hospital", "workers", "union", "strike", "court", "judge", "ruling", "election", "party", "leader",
    "campaign", "voters", "poll", "market", "prices", "energy", "gas", "power", "grid", "climate", "river",
    "flood", "bridge", "road", "traffic", "train", "station", "airport", "company", "shares", "profit", "loss",
    "bank", "rate", "inflation", "growth",
]


def page(rng: random.Random, n: int) -> dict[str, str]:
    """One generated page: chrome, headline, prose, a sidebar list."""
    title = " ".join(rng.choice(WORDS).capitalize() for _ in range(7))
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 70))) + "." for _ in range(8)]
    lines = ["Site News", "Menu", "Home", title, "[ad_1]", *paragraphs, "Related Articles",
             *(" ".join(rng.choice(WORDS).capitalize() for _ in range(6)) for _ in range(4)), "Back to top button"]
    return {"id": f"page{n:09d}", "url": f"https://example.com/{n}", "text": "\n".join(lines)}


def generate(path: Path, size: int, seed: int = 1) -> int:
    """Write about ``size`` bytes of JSON Lines pages; returns the number of pages."""
    rng = random.Random(seed)
    written = count = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < size:
            line = json.dumps(page(rng, count)) + "\n"
            fh.write(line)
            written += len(line)
            count += 1
    return count


def peak_rss(cmd: list[str], stdin_path: Path | None = None) -> tuple[int, float, int]:
    """Run ``cmd``; its peak RSS in bytes, wall seconds and exit status."""
    start = time.monotonic()
    stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    return usage.ru_maxrss * 1024, time.monotonic() - start, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200, help="largest input in MB (default 200; 2048 for 2 GB)")
    parser.add_argument("--steps", type=int, default=4, help="number of sizes, halving from --mb (default 4)")
    parser.add_argument("--commands", nargs="+", default=["clean", "run"], help="commands to measure")
    parser.add_argument("--no-stdin", action="store_true", help="skip the standard-input runs")
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the generated input (default: system temp)")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    parser.add_argument("--plot", type=Path, help="plot peak RSS against input size (needs matplotlib)")
    args = parser.parse_args(argv)

    sizes = sorted(int(args.mb * MB / 2**k) for k in range(args.steps))
    results: list[dict[str, object]] = []
    baseline, _, _ = peak_rss([sys.executable, "-c", "import cleanpress.cli, cleanpress.dedup, cleanpress.pipeline"])
    print(f"interpreter with cleanpress imported: {baseline / MB:.0f} MB peak RSS")
    print(f"{'command':14} {'input MB':>9} {'pages':>9} {'peak RSS MB':>12} {'x prev':>7} {'MB/s':>6}")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for size in sizes:
            src = Path(tmp) / "pages.jsonl"
            pages = generate(src, size)
            actual = src.stat().st_size
            for command in args.commands:
                modes = [("file", False)] + ([] if args.no_stdin or command != "clean" else [("stdin", True)])
                for mode, via_stdin in modes:
                    out = Path(tmp) / "out.jsonl"
                    extra = ["--index", str(Path(tmp) / "index.sqlite")] if command == "run" else []
                    if command == "run" and (Path(tmp) / "index.sqlite").exists():
                        for leftover in Path(tmp).glob("index.sqlite*"):
                            leftover.unlink()
                    cmd = [sys.executable, "-m", "cleanpress", command, "-" if via_stdin else str(src), "-o", str(out),
                           "-q", *extra]
                    rss, seconds, code = peak_rss(cmd, src if via_stdin else None)
                    label = f"{command}{' <stdin' if via_stdin else ''}"
                    previous = [r for r in results if r["label"] == label]
                    ratio = rss / previous[-1]["peak_rss"] if previous else float("nan")  # type: ignore[operator]
                    print(f"{label:14} {actual / MB:9.1f} {pages:9d} {rss / MB:12.1f} {ratio:7.2f} "
                          f"{actual / MB / seconds:6.2f}{'' if code == 0 else f'  exit {code}'}", flush=True)
                    results.append({"label": label, "command": command, "mode": mode, "input_bytes": actual,
                                    "pages": pages, "peak_rss": rss, "seconds": seconds, "exit": code})
                    out.unlink(missing_ok=True)
    if args.json:
        args.json.write_text(json.dumps({"baseline_rss": baseline, "results": results}, indent=1))
    if args.plot:
        plot(results, baseline, args.plot)
    return 0


def plot(results: list[dict[str, object]], baseline: int, path: Path) -> None:
    import matplotlib  # a benchmark-only dependency

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label in dict.fromkeys(str(r["label"]) for r in results):
        rows = [r for r in results if r["label"] == label]
        ax.plot([r["input_bytes"] / MB for r in rows], [r["peak_rss"] / MB for r in rows],  # type: ignore[operator]
                marker="o", label=label)
    ax.axhline(baseline / MB, color="grey", ls=":", lw=1, label="interpreter + imports")
    xs = [r["input_bytes"] / MB for r in results]  # type: ignore[operator]
    ax.plot([min(xs), max(xs)], [min(xs), max(xs)], "k--", lw=1, label="input size (RSS = input)")
    ax.set_xlabel("input size (MB of JSON Lines)")
    ax.set_ylabel("peak RSS (MB)")
    ax.set_title("Peak memory against input size")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    sys.exit(main())
