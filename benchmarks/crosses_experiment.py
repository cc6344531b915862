"""Feature crosses on the line model, measured leave-one-set-out against the same refit without them (not shipped).

Usage:
  python benchmarks/crosses_experiment.py DATA_DIR [--crosses all|NAME,NAME] [--l2 100] [--offset 0.5]
         [--drop -3] [--out results.json]

The line model is linear in its 31 features, so a long line counts the same near the top as at the
bottom of the page, and a link-like line the same among prose as among menus. This experiment adds
products of standardised features (crosses, below) to the model's inputs, fits it as
``fit_line_model.py`` does (each set the same weight, L2 100, offset 0.5, drop -3) on three sets and
cleans the fourth with the full cleaner; the same is done with no crosses, so each cross set is
compared with the refit it extends (the held-out figure of a set is that of the model that never saw
it). The cleaner is not changed: the crossed model is a subclass of the line model that computes the
crosses from the 31 features at scoring time, defined here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import Cleaner, Document
from cleanpress.clean.article.features import FEATURE_NAMES
from cleanpress.clean.article.line_model import LineModel, LineScores
from devsets import SETS, load_sets, score_set
from fit_line_model import Lines, fit_logistic

_AT = {name: k for k, name in enumerate(FEATURE_NAMES)}

#: named crosses: pairs of base features whose standardised product is an extra input
CROSSES: dict[str, tuple[str, str]] = {
    "words_x_position": ("log_words", "position"),
    "words_x_prose_before": ("log_words", "prose_before"),
    "words_x_prose_after": ("log_words", "prose_after"),
    "link_x_neighbours_sentences": ("link_like", "ctx1_ends_sentence"),
    "link_x_neighbours_words": ("link_like", "ctx1_log_words"),
    "sentence_x_nearby_sentences": ("ends_sentence", "ctx3_ends_sentence"),
    "words_x_neighbours_removed": ("log_words", "ctx1_removed"),
    "words_x_function": ("log_words", "function_share"),
    "capitals_x_words": ("capital_share", "log_words"),
    "prose_before_x_after": ("prose_before", "prose_after"),
}


def crossed(z: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    """``z`` (standardised base features) with the product of each pair of its columns appended."""
    if not pairs:
        return z
    return np.hstack([z, np.stack([z[:, a] * z[:, b] for a, b in pairs], axis=1)])


class CrossedModel(LineModel):
    """The line model over the base features and their crosses (weights of both, in that order)."""

    __slots__ = ("base_mean", "base_scale", "pairs")

    def __init__(self, weights, bias, mean, scale, *, base_mean, base_scale, pairs, offset, drop_below):
        object.__setattr__(self, "base_mean", base_mean)
        object.__setattr__(self, "base_scale", base_scale)
        object.__setattr__(self, "pairs", pairs)
        super().__init__(weights, bias, mean, scale, offset=offset, drop_below=drop_below)

    def __post_init__(self) -> None:  # the shape check of the base model does not apply
        pass

    def score(self, lines, features, *, in_place=False) -> LineScores:
        n = len(FEATURE_NAMES)
        if not len(features):
            return LineScores({}, np.zeros(0, dtype=np.int64), np.zeros((0, n)), self.weights[:n])
        z0 = (features - self.base_mean) / self.base_scale
        z = (crossed(z0, self.pairs) - self.mean) / self.scale
        values = z @ self.weights + (self.bias + self.offset)
        rows = np.fromiter((b.index for b in lines), dtype=np.int64, count=len(lines))
        # explanations name the base features only (the crosses have no reader's label)
        return LineScores(dict(zip(rows.tolist(), values.tolist(), strict=True)), rows, z[:, :n], self.weights[:n])


def fit_crossed(lines: Lines, mask: np.ndarray, pairs: list[tuple[int, int]], *, l2: float, offset: float,
                drop: float) -> LineModel:
    x, y, w = lines.x[mask], lines.y[mask], lines.w[mask]
    base_mean = x.mean(axis=0)
    base_scale = x.std(axis=0)
    base_scale[base_scale < 1e-9] = 1.0
    weights, bias, mean, scale = fit_logistic(crossed((x - base_mean) / base_scale, pairs), y, w, l2)
    return CrossedModel(weights, bias, mean, scale, base_mean=base_mean, base_scale=base_scale, pairs=pairs,
                        offset=offset, drop_below=drop)


def evaluate(model: LineModel, pages: list[dict]) -> list[float]:
    cleaner = Cleaner(line_model=model)
    preds = {p["id"]: cleaner.clean(Document(p["id"], text=p["text"])).text for p in pages}
    return [round(v, 4) for v in score_set(pages, preds)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="directory of the four dev sets")
    ap.add_argument("--crosses", default="all", help="'all', or comma-separated cross names; 'none' is always run")
    ap.add_argument("--singly", action="store_true", help="also try each cross alone")
    ap.add_argument("--l2", type=float, default=100.0)
    ap.add_argument("--offset", type=float, default=0.5)
    ap.add_argument("--drop", type=float, default=-3.0)
    ap.add_argument("--in-sample", action="store_true", help="also fit on all four sets and clean each")
    ap.add_argument("--out", help="write every figure here (JSON)")
    args = ap.parse_args()
    started = time.process_time()
    names = list(CROSSES) if args.crosses == "all" else [c for c in args.crosses.split(",") if c]
    unknown = [c for c in names if c not in CROSSES]
    if unknown:
        ap.error(f"unknown crosses {unknown}; known: {', '.join(CROSSES)}")
    sets = load_sets(args.data, SETS)
    lines = Lines(sets, 5)
    variants: dict[str, list[str]] = {"none": [], "+".join(names) if len(names) > 1 else names[0]: names}
    if args.singly and len(names) > 1:
        variants.update({n: [n] for n in names})
    report: dict = {"l2": args.l2, "offset": args.offset, "drop_below": args.drop, "left_out": {}, "in_sample": {}}
    for label, chosen in variants.items():
        pairs = [(_AT[CROSSES[c][0]], _AT[CROSSES[c][1]]) for c in chosen]
        row = {}
        for held, pages in sets.items():
            model = fit_crossed(lines, lines.set_of != held, pairs, l2=args.l2, offset=args.offset, drop=args.drop)
            row[held] = evaluate(model, pages)
        report["left_out"][label] = row
        print(f"left out, {label}: " + "  ".join(f"{n} {v[0]:.4f}" for n, v in row.items())
              + f"  mean {np.mean([v[0] for v in row.values()]):.4f}", file=sys.stderr, flush=True)
        if args.in_sample:
            model = fit_crossed(lines, np.ones(len(lines.y), dtype=bool), pairs, l2=args.l2, offset=args.offset,
                                drop=args.drop)
            report["in_sample"][label] = {n: evaluate(model, p) for n, p in sets.items()}
            print(f"in-sample, {label}: " + "  ".join(f"{n} {v[0]:.4f}" for n, v in report["in_sample"][label].items()),
                  file=sys.stderr, flush=True)
    report["cpu_seconds"] = round(time.process_time() - started)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["left_out"]))


if __name__ == "__main__":
    main()
