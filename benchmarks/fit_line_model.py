"""Refit the line model (src/cleanpress/clean/article/line_model.json) with page-level cross-validation.

Usage:
  python benchmarks/fit_line_model.py --articles PATH/articles-dev.jsonl.gz --snippets PATH/snippets-dev.jsonl.gz
         [--folds 5] [--out src/cleanpress/clean/article/line_model.json] [--report docs/clean_model_cv.json]

Labels come from the dev sets, one per non-blank line after the line rules ran:
- article pages (``text`` with the true ``body``): a line is article text when
  most of its word 4-grams (or, for lines under four words, its words in order)
  occur in the body;
- snippet pages (``with`` / ``without`` snippets): a line containing a ``with``
  snippet is article text, one containing a ``without`` snippet is not; other
  lines are unlabelled (they still give their neighbours context).

The model is an L2-regularised logistic regression (Newton's method, numpy),
lines weighted by the square root of their words so long paragraphs count
more, as they do in the scores. Pages, not lines, are split into folds, so no
page is ever scored by a model that saw it. The decision parameters (offset
of the log-odds, in-region drop threshold) are chosen on the out-of-fold
predictions from a small grid (the best sum of the two F1s, and among
settings within 0.005 of it the smallest offset); the chosen setting's
out-of-fold scores are reported, then the model is refitted on all pages and written out.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import CleanConfig, Cleaner, Document
from cleanpress.clean.article.features import page_matrix
from cleanpress.clean.article.line_model import LineModel
from cleanpress.clean.article.region import RegionScoring
from metrics import shingle_f1

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _read(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _article_labels(lines: list[str], body: str) -> list[float]:
    toks = [t.lower() for t in _TOKEN.findall(body)]
    grams = {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}
    body_low = " ".join(toks)
    labels = []
    for line in lines:
        t = [w.lower() for w in _TOKEN.findall(line)]
        if len(t) >= 4:
            sh = [tuple(t[i : i + 4]) for i in range(len(t) - 3)]
            labels.append(1.0 if sum(s in grams for s in sh) / len(sh) > 0.5 else 0.0)
        elif t:
            labels.append(1.0 if f" {' '.join(t)} " in f" {body_low} " else 0.0)
        else:
            labels.append(0.0)
    return labels


def _snippet_labels(lines: list[str], page: dict) -> list[float]:
    want = [_norm(w) for w in page["with"]]
    avoid = [_norm(w) for w in page["without"]]
    labels = []
    for line in lines:
        line = _norm(line)
        if any(w and w in line for w in want):
            labels.append(1.0)
        elif any(w and w in line for w in avoid):
            labels.append(0.0)
        else:
            labels.append(np.nan)
    return labels


def _fold(page_id: str, folds: int) -> int:
    return int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % folds


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
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


def _snippet_counts(pages: list[dict], preds: dict[str, str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for page in pages:
        text = _norm(preds.get(page["id"], ""))
        hit = sum(1 for w in page["with"] if _norm(w) in text)
        tp += hit
        fn += len(page["with"]) - hit
        fp += sum(1 for w in page["without"] if _norm(w) in text)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), p, r


def _prediction(cleaner: Cleaner, page: dict) -> str:
    result = cleaner.clean(Document(page["id"], text=page["text"]))
    return "\n".join(((s.title + "\n") if s.title else "") + s.text for s in result.stories)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", required=True)
    ap.add_argument("--snippets", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--out", default=str(Path(__file__).parent.parent / "src/cleanpress/clean/article/line_model.json"))
    ap.add_argument("--report", help="write the cross-validation numbers here (JSON)")
    args = ap.parse_args()

    articles, snippets = _read(args.articles), _read(args.snippets)
    rules_only = Cleaner(CleanConfig(region=RegionScoring(model=False)))
    xs, ys, ws, folds = [], [], [], []
    for kind, pages in (("article", articles), ("snippet", snippets)):
        for page in pages:
            parsed, _ = rules_only.run_rules(page["text"])
            lines, matrix = page_matrix(parsed)
            norms = [b.norm for b in lines]
            labels = _article_labels(norms, page["body"]) if kind == "article" else _snippet_labels(norms, page)
            keep = ~np.isnan(np.asarray(labels))
            xs.append(matrix[keep])
            ys.append(np.asarray(labels)[keep])
            ws.append(np.sqrt(np.maximum(1.0, np.expm1(matrix[keep, 0]))))
            folds.append(np.full(int(keep.sum()), _fold(page["id"], args.folds)))
    x, y, w, fold_of = np.vstack(xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(folds)
    print(f"{len(y)} labelled lines ({int(y.sum())} article), {len(articles)} + {len(snippets)} pages", file=sys.stderr)

    fold_models = []
    line_acc = []
    for k in range(args.folds):
        train = fold_of != k
        weights, bias, mean, scale = fit_logistic(x[train], y[train], w[train], args.l2)
        fold_models.append((weights, bias, mean, scale))
        held = ~train
        pred = ((x[held] - mean) / scale @ weights + bias) > 0
        line_acc.append(float((pred == (y[held] > 0.5)).mean()))

    grid = [(offset, drop) for offset in (0.5, 1.0, 1.5) for drop in (-3.0, -99.0)]
    results = []
    for offset, drop in grid:
        art_preds: dict[str, str] = {}
        snip_preds: dict[str, str] = {}
        for k, (weights, bias, mean, scale) in enumerate(fold_models):
            model = LineModel(weights, bias, mean, scale, offset=offset, drop_below=drop)
            cleaner = Cleaner(line_model=model)
            for page in articles:
                if _fold(page["id"], args.folds) == k:
                    art_preds[page["id"]] = cleaner.clean(Document(page["id"], text=page["text"])).text
            for page in snippets:
                if _fold(page["id"], args.folds) == k:
                    snip_preds[page["id"]] = _prediction(cleaner, page)
        art = shingle_f1((p["body"], art_preds[p["id"]]) for p in articles)
        snip = _snippet_counts(snippets, snip_preds)
        results.append({"offset": offset, "drop_below": drop, "articles": art, "snippets": snip})
        print(f"offset {offset:+.1f} drop {drop:+.0f}: articles F1 {art[0]:.3f} P {art[1]:.3f} R {art[2]:.3f}"
              f" | snippets F1 {snip[0]:.3f} P {snip[1]:.3f} R {snip[2]:.3f}", file=sys.stderr)
    # the best sum of the two F1s; within 0.005 of it, the smallest offset (fewer boilerplate lines kept)
    top = max(r["articles"][0] + r["snippets"][0] for r in results)
    best = min(
        (r for r in results if r["articles"][0] + r["snippets"][0] >= top - 0.005),
        key=lambda r: (r["offset"], -r["drop_below"]),
    )

    weights, bias, mean, scale = fit_logistic(x, y, w, args.l2)
    cv = {
        "folds": args.folds,
        "line_accuracy": round(float(np.mean(line_acc)), 4),
        "articles_f1_p_r": [round(v, 4) for v in best["articles"]],
        "snippets_f1_p_r": [round(v, 4) for v in best["snippets"]],
        "grid": [{**r, "articles": [round(v, 4) for v in r["articles"]], "snippets": [round(v, 4) for v in r["snippets"]]}
                 for r in results],
    }
    meta = {
        "fitted_on": {"article_pages": len(articles), "snippet_pages": len(snippets), "labelled_lines": len(y)},
        "l2": args.l2,
        "cross_validation": {k: v for k, v in cv.items() if k != "grid"},
    }
    model = LineModel(weights, bias, mean, scale, offset=best["offset"], drop_below=best["drop_below"], meta=meta)
    Path(args.out).write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"chose offset {best['offset']} drop_below {best['drop_below']}; wrote {args.out}", file=sys.stderr)
    if args.report:
        Path(args.report).write_text(json.dumps(cv, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in cv.items() if k != "grid"}))


if __name__ == "__main__":
    main()
