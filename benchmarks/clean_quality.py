"""Clean-stage quality on the four dev page sets, from text (and optionally HTML).

Usage: python benchmarks/clean_quality.py DATA_DIR [--sets articles,readability,snippets,dragnet] [--html]
       [--failures] [--per-page OUT.jsonl] [--syndication PATH/syndication-dev.jsonl.gz] [--out RESULT.json]

``DATA_DIR`` holds ``articles-dev``, ``readability-dev``, ``snippets-dev`` and
``dragnet-dev`` (``NAME.jsonl.gz``); a single file scores that set alone.
Pages with a true ``body`` are scored with :func:`metrics.shingle_f1`
(cleanpress's body text, all stories of a page joined, against ``body``);
snippet pages with trafilatura's snippet metric (substring matching of the
``with`` / ``without`` snippets, counts summed over pages). Each set is
printed next to the raw text, C4's line rules and, with ``--html``,
trafilatura alone on the HTML and cleanpress's HTML path.

``--failures`` classifies, on the body sets, the article words lost (by the
rule that removed their line and by the line's shape: list item, heading,
short paragraph, code or table, prose) and the non-article words kept (by
shape and by where they stand: before, inside or after the article's lines).
Also counts the articles-dev pages split into more than one story (each holds
one article, so every split is false) and, with ``--syndication``, the share of
syndicated copies whose first story's title equals the true headline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from clean_throughput import c4_clean
from cleanpress import Cleaner, CleanResult, Document
from cleanpress.clean.segment import segment
from devsets import SETS, article_labels, load_sets, read_pages, score_set, set_kind
from metrics import page_scores

_CODE = re.compile(r"[{}();=<>\[\]_/\\]")


def main() -> None:  # noqa: PLR0915 - a flat script: arguments, then one step per set
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="directory of the dev sets (or one set's file)")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated set names (default: all four)")
    ap.add_argument("--html", action="store_true", help="also score the HTML path and trafilatura alone")
    ap.add_argument("--failures", action="store_true", help="classify lost and wrongly kept words (body sets)")
    ap.add_argument("--per-page", help="write per-page F1 of each method here (body sets)")
    ap.add_argument("--syndication", help="syndication-dev JSONL: measure headline accuracy")
    ap.add_argument("--out", help="write the scores here (JSON)")
    args = ap.parse_args()
    sets = load_sets(args.data, [s for s in args.sets.split(",") if s])

    cleaner = Cleaner()
    scores: dict[str, object] = {}
    per_page = open(args.per_page, "w", encoding="utf-8") if args.per_page else None  # noqa: SIM115
    for name, pages in sets.items():
        print(f"== {name}-dev ({len(pages)} pages)")
        results: dict[str, CleanResult] = {}
        start = time.perf_counter()
        for page in pages:
            results[page["id"]] = cleaner.clean(Document(page["id"], text=page["text"]))
        timings = {"cleanpress (text)": time.perf_counter() - start}
        methods: dict[str, dict[str, str]] = {
            "raw text": {p["id"]: p["text"] for p in pages},
            "C4 line rules (text)": {p["id"]: c4_clean(p["text"]) for p in pages},
            "cleanpress (text)": {k: r.text for k, r in results.items()},
        }
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
        set_scores: dict[str, object] = {"pages": len(pages)}
        for method, preds in methods.items():
            f1, p, r = score_set(pages, preds)
            speed = f"  {len(pages) / timings[method]:8.0f} pages/s" if method in timings else ""
            print(f"  {method:22s} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}{speed}")
            set_scores[method] = {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4)}
        if name == "articles":
            split = sum(len(r.stories) > 1 for r in results.values())
            print(f"  article pages split into more than one story: {split} of {len(pages)}")
            set_scores["false_splits"] = split
        if args.failures and set_kind(pages) == "body":
            set_scores["failures"] = failures(pages, results)
            print_failures(set_scores["failures"])  # type: ignore[arg-type]
        if per_page is not None and set_kind(pages) == "body":
            for page in pages:
                row = {"set": name, "id": page["id"], "url": page.get("url")}
                for method, preds in methods.items():
                    tp, fp, fn = page_scores(page["body"], preds[page["id"]])
                    row[method] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 1.0
                per_page.write(json.dumps(row) + "\n")
        scores[name] = set_scores
    if per_page is not None:
        per_page.close()
    if args.syndication:
        scores["headline"] = headline_accuracy(cleaner, args.syndication)
        h = scores["headline"]
        print(f"headline = true title on syndicated copies: {h['correct']} of {h['pages']} ({h['accuracy']:.3f}); "
              f"no title found: {h['missing']}")
    if args.out:
        Path(args.out).write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")


def line_shape(norm: str) -> str:
    """A coarse class of a line for the failure tables."""
    words = norm.split()
    if not words:
        return "blank"
    if norm[0] in "-*•·–—►▶" or re.match(r"\d{1,2}[.)]\s", norm):
        return "list item"
    symbols = len(_CODE.findall(norm))
    digits = sum(c.isdigit() for c in norm)
    if (symbols >= 3 and symbols / len(norm) > 0.04) or "\t" in norm or digits / len(norm) > 0.3:
        return "code or table"
    if len(words) <= 12 and norm[-1] not in ".!?:;\"'”’)":
        return "heading or label"
    if len(words) < 20:
        return "short paragraph"
    return "prose"


def _removed_by(result: CleanResult, start: int, end: int) -> str | None:
    """The rule/reason of the removal covering most of ``[start, end)``, or None when the line is kept."""
    covered: Counter[str] = Counter()
    for r in result.removals:
        if r.end <= start or r.start >= end:
            continue
        covered[f"{r.rule}/{r.reason}"] += min(r.end, end) - max(r.start, start)
    if not covered:
        return None
    key = covered.most_common(1)[0][0]
    return key if sum(covered.values()) * 2 >= end - start else None


def failures(pages: list[dict], results: dict[str, CleanResult]) -> dict[str, dict[str, int]]:
    """Article words lost and boilerplate words kept, by cause, over ``pages``."""
    lost_by_rule: Counter[str] = Counter()
    lost_by_shape: Counter[str] = Counter()
    kept_by_shape: Counter[str] = Counter()
    kept_by_place: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for page in pages:
        result = results[page["id"]]
        blocks = [b for b in segment(page["text"]) if b.norm]
        labels = article_labels([b.norm for b in blocks], page["body"])
        gone = [_removed_by(result, b.start, b.end) for b in blocks]
        article_at = [i for i, (lab, g) in enumerate(zip(labels, gone, strict=True)) if lab and g is None]
        lo, hi = (article_at[0], article_at[-1]) if article_at else (len(blocks), -1)
        for i, (block, label, rule) in enumerate(zip(blocks, labels, gone, strict=True)):
            words = len(block.norm.split())
            shape = line_shape(block.norm)
            if label:
                totals["article words"] += words
                if rule is not None:
                    lost_by_rule[rule] += words
                    lost_by_shape[shape] += words
            else:
                totals["other words"] += words
                if rule is None:
                    kept_by_shape[shape] += words
                    kept_by_place["before" if i < lo else "after" if i > hi else "inside"] += words
    return {
        "totals": dict(totals),
        "lost_by_rule": dict(lost_by_rule.most_common()),
        "lost_by_shape": dict(lost_by_shape.most_common()),
        "kept_by_shape": dict(kept_by_shape.most_common()),
        "kept_by_place": dict(kept_by_place.most_common()),
    }


def print_failures(f: dict[str, dict[str, int]]) -> None:
    art, other = f["totals"].get("article words", 0) or 1, f["totals"].get("other words", 0) or 1
    lost = sum(f["lost_by_rule"].values())
    kept = sum(f["kept_by_shape"].values())
    print(f"  article words lost: {lost} of {art} ({lost / art:.1%}); other words kept: {kept} of {other} "
          f"({kept / other:.1%})")
    for title, key, total in (("lost, by rule", "lost_by_rule", art), ("lost, by line shape", "lost_by_shape", art),
                              ("kept, by line shape", "kept_by_shape", other),
                              ("kept, by place", "kept_by_place", other)):
        top = list(f[key].items())[:8]
        print(f"    {title}: " + ", ".join(f"{k} {v / total:.1%}" for k, v in top))


def _norm_title(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


def headline_accuracy(cleaner: Cleaner, path: str) -> dict[str, float | int]:
    """Share of syndicated copies whose first story's title is the true title."""
    copies = read_pages(path)
    correct = missing = 0
    for copy in copies:
        title = cleaner.clean(Document(copy["id"], text=copy["text"])).title
        missing += title is None
        correct += _norm_title(title) == _norm_title(copy["title"])
    return {"pages": len(copies), "correct": correct, "missing": missing, "accuracy": round(correct / len(copies), 4)}


if __name__ == "__main__":
    main()
