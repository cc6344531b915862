"""Dedup quality on syndicated copies: pairwise F1 of the clusters against the true story labels.

    python benchmarks/dedup_quality.py ../shared/data/syndication-dev.jsonl.gz [--threshold 0.5] [--check]

Each record is one page (``id``, ``text``, ``story``: equal for copies of the
same story, ``body``: the true article body). Three results, in one run:

- the plain datasketch recipe on the raw page text (word 5-grams, ``MinHashLSH``);
- ``cleanpress run`` (clean, then dedup) on the raw page text; a page's
  cluster is the cluster of its longest story (what a user without labels
  would take), and, on a second line, of the story holding most of its true
  body (the labels choose which story is the article, not the clusters: this
  separates dedup errors from pages the clean stage split or cut wrongly);
- ``cleanpress dedup`` on the raw page text, with no cleaning at all (each page
  one story: what dedup alone does with pages whose host text nothing removed);
- the plain datasketch recipe on the true bodies (an upper bound for the recipe).

``--split``: the held-out figure of ``dedup`` on the raw page text. The stories are split in
two halves by rank (even, odd); ``prose_min`` and ``boilerplate_stories`` are chosen on one half
(the best F1 over a small grid, ties to the default) and scored on the other, both ways.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cleanpress.dedup.config import DedupConfig
from cleanpress.pipeline import RunStats, run
from cleanpress.types import Document
from metrics import components, pairwise_f1

#: the gate: minimum pairwise F1 on the corpus with this SHA-256 (syndication-dev.jsonl.gz)
GATE = {
    "sha256": "27b482a2d2986a4d115203578a125510196824e3dd66fe5ea137284dfc5aa370",
    "cleanpress run, raw text": 0.90,
    "  (page = its body's story)": 0.98,
    "cleanpress dedup, raw text": 0.95,
}


def load(path: str) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def datasketch_clusters(texts: dict[str, str], threshold: float) -> dict[str, str]:
    """The plain recipe: MinHash(128) of lower-cased word 5-grams, MinHashLSH, union of query hits."""
    from datasketch import MinHash, MinHashLSH  # imported where used

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    edges: list[tuple[str, str]] = []
    for key, text in texts.items():
        words = text.lower().split()
        m = MinHash(128)
        m.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))])
        edges.extend((key, other) for other in lsh.query(m))
        lsh.insert(key, m)
    return components(texts, edges)


def cleanpress_clusters(records: list[dict], config: DedupConfig) -> tuple[dict[str, str], dict[str, str], RunStats]:
    """Two page labelings from one ``run``: the cluster of each page's longest story, and of the story
    holding most of the page's true body (which story is the article is taken from the labels; the
    clusters are not)."""
    from cleanpress.dedup.shingle import Shingler  # imported where used

    shingler = Shingler()
    stats = RunStats()
    docs = [Document(id=r["id"], text=r["text"]) for r in records]
    body = {r["id"]: set(shingler.shingles(r["body"])) for r in records}
    longest: dict[str, tuple[int, str]] = {}
    holding: dict[str, tuple[int, str]] = {}
    for out in run(docs, dedup_config=config, stats=stats):
        page = out["source_id"]
        length = len(out["text"])
        overlap = len(body[page] & set(shingler.shingles(out["text"])))
        if page not in longest or length > longest[page][0]:
            longest[page] = (length, out["cluster"])
        if page not in holding or overlap > holding[page][0]:
            holding[page] = (overlap, out["cluster"])
    # a page the cleaner found no story on is its own cluster
    return ({r["id"]: longest.get(r["id"], (0, r["id"]))[1] for r in records},
            {r["id"]: holding.get(r["id"], (0, r["id"]))[1] for r in records}, stats)


#: the settings chosen on one half of the stories with --split
SPLIT_GRID = {"prose_min": (3, 5, 8, 12), "boilerplate_stories": (2, 4, 8)}


def split_figures(records: list[dict]) -> None:
    """Choose dedup's settings on one half of the stories (raw page text), score them on the other."""
    from itertools import product

    from cleanpress.dedup import dedup  # imported where used

    ranks = {s: i for i, s in enumerate(sorted({r["story"] for r in records}))}
    halves = [[r for r in records if ranks[r["story"]] % 2 == k] for k in (0, 1)]
    default = DedupConfig()
    grid = [dict(zip(SPLIT_GRID, values, strict=True)) for values in product(*SPLIT_GRID.values())]
    # the default first, so that it wins ties
    grid.sort(key=lambda g: any(getattr(default, k) != v for k, v in g.items()))
    scores = []
    for settings in grid:
        config = DedupConfig(**settings)
        scores.append([pairwise_f1({a.id: a.cluster for a in dedup([(r["id"], r["text"]) for r in half],
                                                                    config).assignments},
                                   {r["id"]: r["story"] for r in half}) for half in halves])
    for k, name in ((0, "even"), (1, "odd")):
        best = max(range(len(grid)), key=lambda i: (scores[i][k][0], -i))
        there, other = scores[best][k], scores[best][1 - k]
        print(f"chosen on the {name} stories: {grid[best]}: F1 {there[0]:.3f} there; held out on the other half "
              f"F1 {other[0]:.3f} (P {other[1]:.3f}, R {other[2]:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--containment", type=float, default=DedupConfig().containment)
    parser.add_argument("--check", action="store_true", help="fail below the stored minimum F1 (same corpus only)")
    parser.add_argument("--split", action="store_true", help="only the held-out split of dedup on raw text")
    args = parser.parse_args()
    records = load(args.path)
    if args.split:
        split_figures(records)
        return
    digest = hashlib.sha256(Path(args.path).read_bytes()).hexdigest()
    truth = {r["id"]: r["story"] for r in records}
    print(f"{len(records)} pages, {len(set(truth.values()))} stories")
    rows = []
    t = time.perf_counter()
    rows.append(("datasketch, raw text", pairwise_f1(datasketch_clusters({r["id"]: r["text"] for r in records},
                                                                        args.threshold), truth),
                 time.perf_counter() - t))
    t = time.perf_counter()
    by_length, by_body, _ = cleanpress_clusters(records, DedupConfig(threshold=args.threshold,
                                                                      containment=args.containment))
    seconds = time.perf_counter() - t
    rows.append(("cleanpress run, raw text", pairwise_f1(by_length, truth), seconds))
    rows.append(("  (page = its body's story)", pairwise_f1(by_body, truth), seconds))
    t = time.perf_counter()
    from cleanpress.dedup import dedup  # imported where used

    raw = dedup([(r["id"], r["text"]) for r in records], DedupConfig(threshold=args.threshold,
                                                                    containment=args.containment))
    rows.append(("cleanpress dedup, raw text", pairwise_f1({a.id: a.cluster for a in raw.assignments}, truth),
                 time.perf_counter() - t))
    t = time.perf_counter()
    rows.append(("datasketch, true bodies", pairwise_f1(datasketch_clusters({r["id"]: r["body"] for r in records},
                                                                           args.threshold), truth),
                 time.perf_counter() - t))
    print(f"{'':28} {'F1':>6} {'prec':>6} {'recall':>6} {'seconds':>8}")
    for name, (f1, p, r), secs in rows:
        print(f"{name:28} {f1:6.3f} {p:6.3f} {r:6.3f} {secs:8.2f}")
    if args.check:
        if digest != GATE["sha256"]:
            raise SystemExit(f"--check: the gate was measured on another corpus (sha256 {GATE['sha256'][:16]}...)")
        low = [f"{name.strip()}: {f1:.3f} < {GATE[name]}" for name, (f1, _, _), _ in rows
               if name in GATE and f1 < float(GATE[name])]
        if low:
            raise SystemExit("below the gate: " + "; ".join(low))
        print("gate passed")


if __name__ == "__main__":
    main()
