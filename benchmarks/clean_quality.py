"""Clean-stage quality on the article-extraction dev pages, from text (and optionally HTML).

Usage: python benchmarks/clean_quality.py PATH/articles-dev.jsonl.gz [--html] [--per-page OUT.jsonl]

Scores cleanpress's body text (all stories of a page joined) against the true
``body`` with :func:`metrics.shingle_f1`, next to the raw text and, with
``--html``, trafilatura alone on the HTML.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from metrics import page_scores, shingle_f1  # noqa: E402

from cleanpress import Cleaner, Document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--html", action="store_true", help="also score the HTML path and trafilatura alone")
    ap.add_argument("--per-page", help="write per-page F1 of each method here")
    args = ap.parse_args()
    with gzip.open(args.path, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]

    cleaner = Cleaner()
    methods: dict[str, dict[str, str]] = {"raw text": {p["id"]: p["text"] for p in pages}}
    timings: dict[str, float] = {}
    start = time.perf_counter()
    methods["cleanpress (text)"] = {p["id"]: cleaner.clean(Document(p["id"], text=p["text"])).text for p in pages}
    timings["cleanpress (text)"] = time.perf_counter() - start
    if args.html:
        import trafilatura

        start = time.perf_counter()
        methods["trafilatura (html)"] = {
            p["id"]: trafilatura.extract(p["html"], favor_precision=True, deduplicate=False) or "" for p in pages
        }
        timings["trafilatura (html)"] = time.perf_counter() - start
        start = time.perf_counter()
        methods["cleanpress (html)"] = {
            p["id"]: cleaner.clean(Document(p["id"], html=p["html"], url=p.get("url"))).text for p in pages
        }
        timings["cleanpress (html)"] = time.perf_counter() - start

    for name, preds in methods.items():
        f1, p, r = shingle_f1((page["body"], preds[page["id"]]) for page in pages)
        speed = f"  {len(pages) / timings[name]:8.0f} pages/s" if name in timings else ""
        print(f"{name:22s} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}{speed}")
    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as out:
            for page in pages:
                row = {"id": page["id"], "url": page.get("url")}
                for name, preds in methods.items():
                    tp, fp, fn = page_scores(page["body"], preds[page["id"]])
                    row[name] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 1.0
                out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
