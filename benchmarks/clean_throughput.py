"""Clean-stage throughput on one core: cleanpress (text) against a C4 line-rules baseline and trafilatura (HTML).

Usage: python benchmarks/clean_throughput.py PATH/articles-dev.jsonl.gz [--repeat 3] [--out docs/clean_throughput.json]
       [--plot docs/img/clean_throughput.png]

All three run in this one process on the same pages, one after another, each
``--repeat`` times (the best pass counts), so the ratios between them are
meaningful even on a busy machine; the absolute numbers are not. The C4
baseline is implemented here: the line filters of C4 (Raffel et al. 2020) —
keep lines that end in terminal punctuation and have at least five words,
drop lines with "javascript" or "lorem ipsum", drop the page if fewer than
three sentences remain — a fair floor for what line rules cost in Python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import time
from collections.abc import Callable
from pathlib import Path

from cleanpress import Cleaner

_TERMINAL = ("." , "!", "?", '"', "'", "”", "’")
_SENTENCE = re.compile(r"[.!?]+(?:\s|$)")


def c4_clean(text: str) -> str:
    """C4's line rules on one page's text."""
    kept = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.endswith(_TERMINAL) or len(line.split()) < 5:
            continue
        low = line.lower()
        if "javascript" in low or "lorem ipsum" in low or "{" in line:
            continue
        kept.append(line)
    out = "\n".join(kept)
    return out if len(_SENTENCE.findall(out)) >= 3 else ""


def _time(fn: Callable[[str], object], inputs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in inputs:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", help="write the results here (JSON)")
    ap.add_argument("--plot", help="write a bar plot here (needs matplotlib: pip install '.[bench]')")
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args()
    with gzip.open(args.path, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]
    texts = [p["text"] for p in pages]
    htmls = [p["html"] for p in pages]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    html_mb = sum(len(h.encode("utf-8")) for h in htmls) / 1e6

    cleaner = Cleaner()
    rows = []
    seconds = _time(c4_clean, texts, args.repeat)
    rows.append(("C4 line rules (text)", seconds, text_mb))
    seconds = _time(cleaner.clean, texts, args.repeat)
    rows.append(("cleanpress (text)", seconds, text_mb))
    if not args.no_trafilatura:
        import trafilatura

        def extract(html: str) -> object:
            return trafilatura.extract(html, favor_precision=True, deduplicate=False)

        seconds = _time(extract, htmls, max(1, args.repeat // 2))
        rows.append(("trafilatura (html)", seconds, html_mb))

    anchor = rows[1][1]
    result = {
        "pages": len(pages),
        "python": platform.python_version(),
        "note": "one core, best of repeats, all methods in one run; compare ratios, not absolute numbers",
        "methods": [
            {
                "method": name,
                "pages_per_s": round(len(pages) / secs, 1),
                "mb_per_s": round(mb / secs, 2),
                "time_vs_cleanpress": round(secs / anchor, 3),
            }
            for name, secs, mb in rows
        ],
    }
    for row in result["methods"]:
        print(f"{row['method']:24s} {row['pages_per_s']:9.1f} pages/s {row['mb_per_s']:7.2f} MB/s"
              f"  time x{row['time_vs_cleanpress']:.2f} of cleanpress")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        names = [r["method"] for r in result["methods"]]
        speeds = [r["pages_per_s"] for r in result["methods"]]
        fig, ax = plt.subplots(figsize=(6.5, 2.6))
        bars = ax.barh(names, speeds, color=["#999999", "#1f77b4", "#ff7f0e"][: len(names)])
        ax.bar_label(bars, labels=[f"{s:,.0f}" for s in speeds], padding=3)
        ax.set_xscale("log")
        ax.set_xlabel("pages/s on one core (log scale; articles-dev, same run)")
        ax.invert_yaxis()
        ax.set_xlim(right=max(speeds) * 4)
        fig.tight_layout()
        Path(args.plot).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(args.plot, dpi=120)


if __name__ == "__main__":
    main()
