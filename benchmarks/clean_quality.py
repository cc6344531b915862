"""Clean-stage quality on the article-extraction dev pages, from text (and optionally HTML).

Usage: python benchmarks/clean_quality.py PATH/articles-dev.jsonl.gz [--html] [--per-page OUT.jsonl]
       [--syndication PATH/syndication-dev.jsonl.gz] [--out RESULT.json]

Scores cleanpress's body text (all stories of a page joined) against the true
``body`` with :func:`metrics.shingle_f1`, next to the raw text and, with
``--html``, trafilatura alone on the HTML. Also counts the article pages split
into more than one story (each holds one article, so every split is false)
and, with ``--syndication``, the share of syndicated copies whose first
story's title equals the true headline (whitespace and case normalised).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from clean_throughput import c4_clean
from cleanpress import Cleaner, Document
from metrics import page_scores, shingle_f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--html", action="store_true", help="also score the HTML path and trafilatura alone")
    ap.add_argument("--per-page", help="write per-page F1 of each method here")
    ap.add_argument("--syndication", help="syndication-dev JSONL: measure headline accuracy")
    ap.add_argument("--out", help="write the scores here (JSON)")
    args = ap.parse_args()
    with gzip.open(args.path, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]

    cleaner = Cleaner()
    methods: dict[str, dict[str, str]] = {"raw text": {p["id"]: p["text"] for p in pages}}
    methods["C4 line rules (text)"] = {p["id"]: c4_clean(p["text"]) for p in pages}
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

    scores: dict[str, object] = {"pages": len(pages)}
    for name, preds in methods.items():
        f1, p, r = shingle_f1((page["body"], preds[page["id"]]) for page in pages)
        speed = f"  {len(pages) / timings[name]:8.0f} pages/s" if name in timings else ""
        print(f"{name:22s} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}{speed}")
        scores[name] = {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4)}
    split = sum(len(cleaner.clean(page["text"]).stories) > 1 for page in pages)
    print(f"article pages split into more than one story: {split} of {len(pages)}")
    scores["false_splits"] = split
    if args.syndication:
        scores["headline"] = headline_accuracy(cleaner, args.syndication)
        h = scores["headline"]
        print(f"headline = true title on syndicated copies: {h['correct']} of {h['pages']} ({h['accuracy']:.3f}); "
              f"no title found: {h['missing']}")
    if args.out:
        Path(args.out).write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as out:
            for page in pages:
                row = {"id": page["id"], "url": page.get("url")}
                for name, preds in methods.items():
                    tp, fp, fn = page_scores(page["body"], preds[page["id"]])
                    row[name] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 1.0
                out.write(json.dumps(row) + "\n")


def _norm_title(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


def headline_accuracy(cleaner: Cleaner, path: str) -> dict[str, float | int]:
    """Share of syndicated copies whose first story's title is the true title."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        copies = [json.loads(line) for line in fh]
    correct = missing = 0
    for copy in copies:
        title = cleaner.clean(Document(copy["id"], text=copy["text"])).title
        missing += title is None
        correct += _norm_title(title) == _norm_title(copy["title"])
    return {"pages": len(copies), "correct": correct, "missing": missing, "accuracy": round(correct / len(copies), 4)}


if __name__ == "__main__":
    main()
