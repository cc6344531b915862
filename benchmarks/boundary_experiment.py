"""A second-stage boundary model over the region step's cuts, measured leave-one-set-out (not shipped).

Usage:
  python benchmarks/boundary_experiment.py DATA_DIR [--model logistic,lightgbm] [--thresholds 0,0.5,1,1.5,2]
         [--contiguous] [--out results.json]

The region step cuts a story's kept lines ``before`` and ``after`` the article. This experiment
asks whether a model that sees the region already chosen can tell which of those cuts are
article text after all: each cut line gets the features below (its score and its neighbours',
which side and zone it stands in against the region and the headline, how many kept and
rule-removed lines stand between it and the article and the lowest score there, its shape, and
the share of its content words that the article's lines use); a model fitted on the labelled
cut lines of three dev sets (labels as in ``fit_line_model.py``: each set the same total weight,
lines weighted by the square root of their words) keeps the cut lines of the fourth whose
log-odds exceed a threshold, and the fourth set is scored with its own metric. ``--contiguous``
keeps a cut line only when every cut line between it and the article is kept too (a boundary
moved outward, not islands).

Models: ``logistic`` (L2 100, as the line model) and ``lightgbm`` (gradient-boosted trees,
150 trees of 15 leaves; needs ``lightgbm``, a benchmark-only dependency). The cleaner itself is
not changed: the experiment wraps the article step of one story and drops the ``outside-article``
removals of the lines the model keeps, so the output is what the step would give with the model in.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import Cleaner, Document
from cleanpress.clean.article.headline import content_keys
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE
from cleanpress.clean.rules.shape import capitalised_share, ends_sentence, is_prose, word_count
from cleanpress.types import Block
from devsets import SETS, line_labels, load_sets, score_set
from fit_line_model import fit_logistic

# the package exports a function named ``clean``, so the step module is imported by its full name
step = importlib.import_module("cleanpress.clean.article.step")

#: the features of a candidate line, in the order of the model's weights
FEATURE_NAMES: tuple[str, ...] = (
    "score",
    "score_prev",
    "score_next",
    "before",
    "below_headline",
    "above_headline",
    "gap_lines",
    "gap_min_score",
    "gap_removed",
    "log_words",
    "prose",
    "ends_sentence",
    "shared_words",
    "region_log_words",
    "edge_lines",
    "capital_share",
    "digit_share",
)

#: scores are clipped to this range: a line's verdict is sure beyond it
SCORE_CLIP = 8.0


def _clip(value: float) -> float:
    return max(-SCORE_CLIP, min(SCORE_CLIP, value))


def candidate_features(
    kept: Sequence[Block],
    scores: Mapping[int, float],
    inside: Sequence[int],
    candidates: Sequence[int],
    *,
    before: Sequence[bool],
    top: int | None,
    removed: Sequence[int],
) -> np.ndarray:
    """One row of :data:`FEATURE_NAMES` per position in ``candidates``.

    ``kept`` are the story's lines no rule removed, ``inside`` the positions (in ``kept``, ascending) of
    the article's lines, ``before`` whether each candidate was cut before the article (else after it),
    ``top`` the headline's position (None without one), ``removed`` the block indexes (ascending) of the
    story's lines a rule removed.
    """
    rows = np.zeros((len(candidates), len(FEATURE_NAMES)))
    if not candidates or not inside:
        return rows
    region_keys: set[str] = set()
    region_words = 0
    for pos in inside:
        region_keys |= content_keys(kept[pos].norm)
        region_words += word_count(kept[pos].norm)
    region_log_words = float(np.log1p(region_words))
    n = len(kept)
    for row, (pos, is_before) in enumerate(zip(candidates, before, strict=True)):
        block = kept[pos]
        norm = block.norm
        k = bisect_left(inside, pos)
        left = inside[k - 1] if k > 0 else None
        right = inside[k] if k < len(inside) else None
        # the nearer article line, and what stands between it and the candidate
        if right is None or (left is not None and pos - left <= right - pos):
            near = left if left is not None else pos
            between = range(near + 1, pos)
        else:
            near = right
            between = range(pos + 1, near)
        gap_scores = [scores[kept[j].index] for j in between]
        lo_index, hi_index = sorted((block.index, kept[near].index))
        gap_removed = bisect_left(removed, hi_index) - bisect_left(removed, lo_index)
        words = word_count(norm)
        keys = content_keys(norm)
        rows[row] = (
            _clip(scores[block.index]),
            _clip(scores[kept[pos - 1].index]) if pos > 0 else -SCORE_CLIP,
            _clip(scores[kept[pos + 1].index]) if pos + 1 < n else -SCORE_CLIP,
            float(is_before),
            float(is_before and top is not None and pos > top),
            float(top is not None and pos < top),
            np.log1p(len(gap_scores)),
            _clip(min(gap_scores)) if gap_scores else SCORE_CLIP,
            np.log1p(gap_removed),
            np.log1p(words),
            float(is_prose(norm)),
            float(ends_sentence(norm)),
            len(keys & region_keys) / len(keys) if keys else 0.0,
            region_log_words,
            np.log1p(pos if is_before else n - 1 - pos),
            capitalised_share(norm) if words else 0.0,
            sum(c.isdigit() for c in norm) / len(norm) if norm else 0.0,
        )
    return rows



#: what the wrapped step does with each story's cuts: record them, or keep the ones a model reads as article
#: (called with ``before``, ``top`` and ``removed`` by keyword, as :func:`candidate_features` is)
Decide = Callable[..., set[int]]


#: the article step of one story as the package has it
ORIGINAL_STEP = step._story_article


def wrapped_step(decide: Decide):
    """The article step of one story, with the ``before``/``after`` cuts of the lines ``decide`` returns undone."""
    original = ORIGINAL_STEP

    def story_article(page, *, lo, hi, cfg, scores, model):
        lines = [b for b in page.blocks[lo:hi] if b.norm]
        removed = [b.index for b in lines if not page.is_kept(b)]
        kept = [b for b in lines if page.is_kept(b)]
        removals = original(page, lo=lo, hi=hi, cfg=cfg, scores=scores, model=model)
        if scores is None or not kept:
            return removals
        at = {b.start: k for k, b in enumerate(kept)}
        cut: dict[int, tuple[bool, int]] = {}
        top = None
        for n, r in enumerate(removals):
            if r.start not in at:
                continue
            if r.rule == HEADLINE and r.reason == "title":
                top = at[r.start]
            elif r.rule == OUTSIDE_ARTICLE and r.reason in ("before", "after"):
                cut[at[r.start]] = (r.reason == "before", n)
        inside = [k for k, b in enumerate(kept) if page.is_kept(b)]
        if not cut or not inside:
            return removals
        candidates = sorted(cut)
        before = [cut[k][0] for k in candidates]
        keep = decide(kept, scores, inside, candidates, before=before, top=top, removed=removed)
        undone = {cut[k][1] for k in keep}
        return [r for n, r in enumerate(removals) if n not in undone]

    return story_article


def collect(sets: dict[str, list[dict]]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each set's cut lines: features, labels (NaN: unlabelled) and words."""
    found: list[tuple[np.ndarray, list[str], list[int]]] = []

    def record(kept, scores, inside, candidates, *, before, top, removed):
        rows = candidate_features(kept, scores, inside, candidates, before=before, top=top, removed=removed)
        found.append((rows, [kept[k].norm for k in candidates], [word_count(kept[k].norm) for k in candidates]))
        return set()

    out = {}
    step._story_article = wrapped_step(record)
    cleaner = Cleaner()
    for name, pages in sets.items():
        xs, ys, ws = [], [], []
        for page in pages:
            found.clear()
            cleaner.clean(Document(page["id"], text=page["text"]))
            for rows, norms, words in found:
                xs.append(rows)
                ys.append(np.asarray([np.nan if v is None else v for v in line_labels(norms, page)], dtype=float))
                ws.append(np.asarray(words, dtype=float))
        out[name] = (np.vstack(xs), np.concatenate(ys), np.concatenate(ws))
    return out


def fit(kind: str, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A log-odds function fitted on ``x``, ``y`` with weights ``w``."""
    if kind == "logistic":
        weights, bias, mean, scale = fit_logistic(x, y, w, 100.0)
        return lambda rows: ((rows - mean) / scale) @ weights + bias
    from lightgbm import LGBMClassifier  # a benchmark-only dependency

    trees = LGBMClassifier(n_estimators=150, learning_rate=0.05, num_leaves=15, min_child_samples=50,
                           subsample=0.8, subsample_freq=1, colsample_bytree=0.8, random_state=0, verbose=-1)
    trees.fit(x, y, sample_weight=w)
    return lambda rows: trees.predict(rows, raw_score=True)


def deciding(odds: Callable[[np.ndarray], np.ndarray], threshold: float, contiguous: bool) -> Decide:
    def decide(kept, scores, inside, candidates, *, before, top, removed):
        rows = candidate_features(kept, scores, inside, candidates, before=before, top=top, removed=removed)
        value = dict(zip(candidates, odds(rows).tolist(), strict=True))
        if not contiguous:
            return {k for k, v in value.items() if v > threshold}
        keep: set[int] = set()
        for start, stepping in ((min(inside) - 1, -1), (max(inside) + 1, 1)):
            k = start
            while 0 <= k < len(kept) and (k not in value or value[k] > threshold):
                if k in value:
                    keep.add(k)
                k += stepping
        return keep

    return decide


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="directory of the four dev sets")
    ap.add_argument("--model", default="logistic,lightgbm")
    ap.add_argument("--thresholds", default="0,0.5,1,1.5,2")
    ap.add_argument("--contiguous", action="store_true")
    ap.add_argument("--out", help="write every figure here (JSON)")
    args = ap.parse_args()
    started = time.process_time()
    sets = load_sets(args.data, SETS)
    data = collect(sets)
    labelled = {}
    for name, (x, y, words) in data.items():
        keep = ~np.isnan(y)
        w = np.sqrt(np.maximum(1.0, words[keep]))
        labelled[name] = (x[keep], y[keep], w / w.sum())
        print(f"{name}: {len(y)} cut lines, {int(keep.sum())} labelled, {int(y[keep].sum())} article", file=sys.stderr)

    def score(name: str) -> list[float]:
        cleaner = Cleaner()
        pages = sets[name]
        return [round(v, 4) for v in score_set(pages, {p["id"]: cleaner.clean(Document(p["id"], text=p["text"])).text
                                                        for p in pages})]

    step._story_article = ORIGINAL_STEP
    report: dict = {"baseline": {name: score(name) for name in sets}, "left_out": {}}
    for kind in args.model.split(","):
        for held in sets:
            train = [n for n in sets if n != held]
            x = np.vstack([labelled[n][0] for n in train])
            y = np.concatenate([labelled[n][1] for n in train])
            w = np.concatenate([labelled[n][2] for n in train])
            odds = fit(kind, x, y, w * len(w) / w.sum())
            for t in (float(v) for v in args.thresholds.split(",")):
                step._story_article = wrapped_step(deciding(odds, t, args.contiguous))
                f = score(held)
                report["left_out"].setdefault(f"{kind} {t:+.1f}", {})[held] = f
                print(f"{kind} threshold {t:+.1f} {held} left out: F1 {f[0]:.4f} (P {f[1]:.4f} R {f[2]:.4f}), "
                      f"without the model {report['baseline'][held][0]:.4f}", file=sys.stderr)
    step._story_article = ORIGINAL_STEP
    # the threshold chosen on three sets' left-out figures, scored on the fourth
    for kind in args.model.split(","):
        rows = {k: v for k, v in report["left_out"].items() if k.startswith(kind + " ")}
        chosen = {}
        for held in sets:
            others = [n for n in sets if n != held]
            best = max(rows, key=lambda k: np.mean([rows[k][n][0] - report["baseline"][n][0] for n in others]))
            chosen[held] = {"threshold": best.split()[1], "f1": rows[best][held][0],
                            "change": round(rows[best][held][0] - report["baseline"][held][0], 4)}
        report.setdefault("threshold_chosen_on_the_other_three", {})[kind] = chosen
        print(f"{kind}, threshold chosen on the other three sets: "
              + "  ".join(f"{n} {c['f1']:.4f} ({c['change']:+.4f} at {c['threshold']})" for n, c in chosen.items()),
              file=sys.stderr)
    report["contiguous"] = args.contiguous
    report["cpu_seconds"] = round(time.process_time() - started)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["threshold_chosen_on_the_other_three"]))


if __name__ == "__main__":
    main()
