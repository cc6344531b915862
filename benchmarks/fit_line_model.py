"""Refit the line model (the article step's ``line_model.json``) and measure how it generalises.

Usage:
  python benchmarks/fit_line_model.py DATA_DIR [--l2 1,10,100] [--offset 0.5,1,1.5] [--drop -3]
         [--site-folds 5] [--out PATH/line_model.json] [--report docs/clean_model_cv.json] [--no-write]

``DATA_DIR`` holds the four dev sets (``articles-dev``, ``readability-dev``,
``snippets-dev``, ``dragnet-dev``; see ``devsets.py``). Labels, one per
non-blank line after the line rules ran:
- body pages (articles, readability, dragnet): a line is article text when
  most of its word 4-grams (or, for lines under four words, its words in order)
  occur in the true ``body``;
- snippet pages: a line containing a ``with`` snippet is article text, one
  containing a ``without`` snippet is not; other lines are unlabelled (they
  still give their neighbours context).

The model is an L2-regularised logistic regression (Newton's method, numpy),
lines weighted by the square root of their words (long paragraphs count more,
as they do in the scores), each set's weights scaled to the same total so the
1,381 dragnet pages do not drown the others.

Every figure is the full cleaner's, on whole pages, with each set's own metric:
- **leave-one-set-out**: fit on three sets, clean the fourth. The decision
  parameters (L2 strength, offset of the log-odds, in-region drop threshold) are
  chosen by the mean of the four left-out F1s: the settings that generalise to a
  set never seen, not those that fit the seen ones best;
- **site folds**: pages grouped by host (a page without a URL is its own site),
  hosts split into folds; each fold cleaned by the model fitted on the others;
- **in-sample**: the model fitted on all four sets (the one written out) on each set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import CleanConfig, Cleaner, Document
from cleanpress.clean.article.features import page_matrix
from cleanpress.clean.article.line_model import LineModel
from cleanpress.clean.article.region import RegionScoring
from devsets import SETS, line_labels, load_sets, score_set, site_of

MODEL_PATH = Path(__file__).parent.parent / "src/cleanpress/clean/article/line_model.json"


def fit_logistic(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weighted L2 logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        grad = z.T @ (w * (p - y)) + reg * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta[:-1], float(beta[-1]), mean, scale


class Lines:
    """Features, labels, weights and groups of every labelled line of the dev sets."""

    def __init__(self, sets: dict[str, list[dict]], folds: int) -> None:
        rules_only = Cleaner(CleanConfig(region=RegionScoring(model=False)))
        xs, ys, ws, set_of, fold_of = [], [], [], [], []
        self.page_fold: dict[tuple[str, str], int] = {}
        for name, pages in sets.items():
            set_w = []
            for page in pages:
                fold = int(hashlib.sha1(site_of(page).encode()).hexdigest(), 16) % folds
                self.page_fold[(name, page["id"])] = fold
                parsed, _ = rules_only.run_rules(page["text"])
                lines, matrix = page_matrix(parsed)
                labels = np.asarray(
                    [np.nan if v is None else v for v in line_labels([b.norm for b in lines], page)], dtype=float
                )
                keep = ~np.isnan(labels)
                xs.append(matrix[keep])
                ys.append(labels[keep])
                set_w.append(np.sqrt(np.maximum(1.0, np.expm1(matrix[keep, 0]))))
                set_of.append(np.full(int(keep.sum()), name, dtype=object))
                fold_of.append(np.full(int(keep.sum()), fold))
            weights = np.concatenate(set_w)
            ws.append(weights / weights.sum())  # every set the same total weight
        self.x, self.y = np.vstack(xs), np.concatenate(ys)
        self.w = np.concatenate(ws)
        self.w *= len(self.w) / self.w.sum()
        self.set_of, self.fold_of = np.concatenate(set_of), np.concatenate(fold_of)

    def fit(self, mask: np.ndarray, l2: float) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        return fit_logistic(self.x[mask], self.y[mask], self.w[mask], l2)


def clean_text(cleaner: Cleaner, page: dict) -> str:
    return cleaner.clean(Document(page["id"], text=page["text"])).text


def evaluate(fitted, pages: list[dict], offset: float, drop: float) -> tuple[float, float, float]:
    weights, bias, mean, scale = fitted
    cleaner = Cleaner(line_model=LineModel(weights, bias, mean, scale, offset=offset, drop_below=drop))
    return score_set(pages, {p["id"]: clean_text(cleaner, p) for p in pages})


def _r(values) -> list[float]:
    return [round(float(v), 4) for v in values]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="directory of the four dev sets")
    ap.add_argument("--l2", default="1,10,100", help="L2 strengths to try (comma-separated)")
    ap.add_argument("--offset", default="0.5,1,1.5", help="log-odds offsets to try")
    ap.add_argument("--drop", default="-3", help="in-region drop thresholds to try")
    ap.add_argument("--site-folds", type=int, default=5)
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--report", help="write every figure here (JSON)")
    ap.add_argument("--no-write", action="store_true", help="measure only; leave the model file alone")
    args = ap.parse_args()
    l2s = [float(v) for v in args.l2.split(",")]
    grid = [(float(o), float(d)) for o in args.offset.split(",") for d in args.drop.split(",")]

    started = time.perf_counter()
    sets = load_sets(args.data, SETS)
    if args.site_folds < 1:
        ap.error(f"--site-folds must be at least 1 (hosts split into that many folds), got {args.site_folds}")
    lines = Lines(sets, args.site_folds)
    print(f"{len(lines.y)} labelled lines ({int(lines.y.sum())} article) from "
          + ", ".join(f"{n} {len(p)}" for n, p in sets.items()) + " pages", file=sys.stderr)

    # leave one set out, for every setting
    loso: dict[tuple[float, float, float], dict[str, list[float]]] = {}
    for l2 in l2s:
        fitted = {held: lines.fit(lines.set_of != held, l2) for held in sets}
        for offset, drop in grid:
            row = {held: _r(evaluate(fitted[held], sets[held], offset, drop)) for held in sets}
            loso[(l2, offset, drop)] = row
            print(f"LOSO l2 {l2:g} offset {offset:+.1f} drop {drop:+.0f}: "
                  + "  ".join(f"{n} {v[0]:.3f}" for n, v in row.items())
                  + f"  mean {np.mean([v[0] for v in row.values()]):.4f}", file=sys.stderr)
    # the best mean left-out F1; within 0.002 of it, the strongest regularisation, then the smallest offset
    mean_of = {k: float(np.mean([v[0] for v in row.values()])) for k, row in loso.items()}
    top = max(mean_of.values())
    l2, offset, drop = min((k for k, m in mean_of.items() if m >= top - 0.002), key=lambda k: (-k[0], k[1], -k[2]))
    print(f"chose l2 {l2:g} offset {offset} drop_below {drop}", file=sys.stderr)

    # site folds with the chosen setting: every page cleaned by a model that never saw its site
    fold_models = [lines.fit(lines.fold_of != k, l2) for k in range(args.site_folds)]
    site: dict[str, list[float]] = {}
    for name, pages in sets.items():
        preds = {}
        for k, fitted in enumerate(fold_models):
            cleaner = Cleaner(line_model=LineModel(*fitted, offset=offset, drop_below=drop))
            for page in pages:
                if lines.page_fold[(name, page["id"])] == k:
                    preds[page["id"]] = clean_text(cleaner, page)
        site[name] = _r(score_set(pages, preds))

    everything = np.ones(len(lines.y), dtype=bool)
    weights, bias, mean, scale = lines.fit(everything, l2)
    in_sample = {name: _r(evaluate((weights, bias, mean, scale), pages, offset, drop)) for name, pages in sets.items()}
    table = {
        name: {
            "in_sample": in_sample[name],
            "leave_one_set_out": loso[(l2, offset, drop)][name],
            "site_folds": site[name],
        }
        for name in sets
    }
    for name, row in table.items():
        print(f"{name:12s} in-sample {row['in_sample'][0]:.3f}  left out {row['leave_one_set_out'][0]:.3f}"
              f"  site folds {row['site_folds'][0]:.3f}", file=sys.stderr)
    report = {
        "chosen": {"l2": l2, "offset": offset, "drop_below": drop},
        "f1_precision_recall": table,
        "pages": {n: len(p) for n, p in sets.items()},
        "labelled_lines": len(lines.y),
        "site_folds": args.site_folds,
        "leave_one_set_out_grid": [
            {"l2": k[0], "offset": k[1], "drop_below": k[2], **row, "mean_f1": round(mean_of[k], 4)}
            for k, row in loso.items()
        ],
        "seconds": round(time.perf_counter() - started),
    }
    meta = {
        "fitted_on": {**report["pages"], "labelled_lines": len(lines.y)},
        "l2": l2,
        "f1_precision_recall": table,
    }
    if not args.no_write:
        model = LineModel(weights, bias, mean, scale, offset=offset, drop_below=drop, meta=meta)
        Path(args.out).write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["f1_precision_recall"]))


if __name__ == "__main__":
    main()
