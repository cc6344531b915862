"""A sequence decision over the line model's scores, alongside the region step, measured leave-one-set-out.

Usage:
  python benchmarks/sequence_experiment.py DATA_DIR [--bias 0,0.5,1] [--switch 1,3,6] [--gap 0.5]
         [--smooth 0.25,0.5,1] [--modes add,cut,both] [--sets articles,readability,snippets,dragnet]
         [--out results.json]

The region step keeps one densest run of line scores per story (plus a resumed run on each side and
the long-form extensions). A two-state sequence model (article / not article) over the same scores
decides every line at once instead: the Viterbi path maximises the sum, over the lines it calls
article, of ``score + bias``, minus ``switch`` for every run of article lines it opens (a rule-removed
line inside an article run costs ``gap``; it is never kept). With one run allowed this is the region
step's densest run; the switch cost lets it keep several runs, each worth more than ``switch``.

Modes, each applied on top of the shipped step (its headline and every other decision unchanged):
- ``add``:  lines the path calls article that the region cut (``before`` / ``after``) are kept;
- ``cut``:  kept lines of the region that the path calls not article are removed (``low-score``);
- ``both``: the two together (the path decides every line but the headline);
- ``smooth``: the region step itself, run on smoothed scores (each kept line's score plus ``lambda``
  times the mean of its kept neighbours' scores): a transition cost as a score smoothing.

The parameters are decision constants, not a model: each setting is scored on all four sets with the
shipped line model, and the held-out figure of a set is the one of the setting with the best mean gain
on the other three. The cleaner itself is not changed: the experiment wraps the article step of one
story, as ``boundary_experiment.py`` does.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import Cleaner, Document
from cleanpress.clean.rules import HEADLINE, OUTSIDE_ARTICLE
from devsets import SETS, load_sets, score_set

# the package exports a function named ``clean``, so the step module is imported by its full name
step = importlib.import_module("cleanpress.clean.article.step")

#: the article step of one story as the package has it
ORIGINAL_STEP = step._story_article


def viterbi(emit: Sequence[float], removed: Sequence[bool], switch: float, gap: float) -> list[bool]:
    """The two-state path (True: article) maximising the article lines' ``emit`` minus ``switch`` per run opened.

    A ``removed`` line may stand inside an article run (it costs ``gap``) but never opens or closes one.
    """
    n = len(emit)
    if not n:
        return []
    neg = float("-inf")
    # best totals ending in state out (0) / in (1) at each line, and back pointers
    out_v, in_v = 0.0, neg
    back: list[tuple[int, int]] = []
    for i in range(n):
        if removed[i]:
            # a removed line does not change the state's evidence, only costs an article run ``gap``
            new_out, b_out = out_v, 0
            new_in, b_in = in_v - gap, 1
        else:
            # out: from out, or closing a run
            new_out, b_out = (out_v, 0) if out_v >= in_v else (in_v, 1)
            # in: continuing a run, or opening one
            stay, open_ = in_v, out_v - switch
            new_in, b_in = (stay, 1) if stay >= open_ else (open_, 0)
            new_in += emit[i]
        back.append((b_out, b_in))
        out_v, in_v = new_out, new_in
    state = 1 if in_v > out_v else 0
    path = [False] * n
    for i in range(n - 1, -1, -1):
        path[i] = bool(state)
        state = back[i][state]
    # a removed line is never kept: only its place in a run mattered
    return [p and not r for p, r in zip(path, removed, strict=True)]


def wrapped_step(mode: str, bias: float, switch: float, gap: float) -> Callable:
    """The article step of one story, with the sequence decision applied in ``mode``."""
    original = ORIGINAL_STEP

    def story_article(page, *, lo, hi, cfg, scores, model):
        lines = [b for b in page.blocks[lo:hi] if b.norm]
        gone = [not page.is_kept(b) for b in lines]
        removals = original(page, lo=lo, hi=hi, cfg=cfg, scores=scores, model=model)
        if scores is None or model is None or not lines:
            return removals
        path = viterbi([scores[b.index] + bias for b in lines], gone, switch, gap)
        if not any(path):
            return removals
        article = {b.start for b, p in zip(lines, path, strict=True) if p}
        heads = {r.start for r in removals if r.rule == HEADLINE}
        out = []
        if mode in ("add", "both"):
            for r in removals:
                if r.rule == OUTSIDE_ARTICLE and r.reason in ("before", "after") and r.start in article:
                    page.removed[page.block_starts[r.start].index] = None
                    continue
                out.append(r)
        else:
            out = list(removals)
        if mode in ("cut", "both"):
            for b, p in zip(lines, path, strict=True):
                if not p and page.is_kept(b) and b.start not in heads:
                    out.append(page.remove_line(b, OUTSIDE_ARTICLE, "low-score"))
        return out

    return story_article


def smoothed_step(lam: float) -> Callable:
    """The article step of one story on scores smoothed over each kept line's kept neighbours."""
    original = ORIGINAL_STEP

    def story_article(page, *, lo, hi, cfg, scores, model):
        if scores is None:
            return original(page, lo=lo, hi=hi, cfg=cfg, scores=scores, model=model)
        kept = [b.index for b in page.blocks[lo:hi] if page.is_kept(b)]
        new = dict(scores)
        for k, i in enumerate(kept):
            near = [scores[kept[j]] for j in (k - 1, k + 1) if 0 <= j < len(kept)]
            if near:
                new[i] = scores[i] + lam * float(np.mean(near))
        return original(page, lo=lo, hi=hi, cfg=cfg, scores=new, model=model)

    return story_article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="directory of the four dev sets")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--modes", default="add,cut,both")
    ap.add_argument("--bias", default="0,0.5,1")
    ap.add_argument("--switch", default="1,3,6")
    ap.add_argument("--gap", default="0.5")
    ap.add_argument("--smooth", default="0.25,0.5,1")
    ap.add_argument("--out", help="write every figure here (JSON)")
    args = ap.parse_args()
    started = time.process_time()
    sets = load_sets(args.data, [s for s in args.sets.split(",") if s])
    cleaner = Cleaner()

    def score(name: str) -> list[float]:
        pages = sets[name]
        preds = {p["id"]: cleaner.clean(Document(p["id"], text=p["text"])).text for p in pages}
        return [round(v, 4) for v in score_set(pages, preds)]

    settings: dict[str, Callable] = {}
    for mode in (m for m in args.modes.split(",") if m):
        for b in (float(v) for v in args.bias.split(",")):
            for c in (float(v) for v in args.switch.split(",")):
                for g in (float(v) for v in args.gap.split(",")):
                    settings[f"{mode} bias {b:+.2f} switch {c:g} gap {g:g}"] = wrapped_step(mode, b, c, g)
    for lam in (float(v) for v in args.smooth.split(",") if v):
        settings[f"smooth lambda {lam:g}"] = smoothed_step(lam)

    step._story_article = ORIGINAL_STEP
    report: dict = {"baseline": {name: score(name) for name in sets}, "settings": {}}
    print("baseline " + "  ".join(f"{n} {v[0]:.4f}" for n, v in report["baseline"].items()), file=sys.stderr)
    try:
        for label, wrapped in settings.items():
            step._story_article = wrapped
            row = {name: score(name) for name in sets}
            report["settings"][label] = row
            print(f"{label}: " + "  ".join(f"{n} {v[0]:.4f} ({v[0] - report['baseline'][n][0]:+.4f})"
                                         for n, v in row.items()), file=sys.stderr, flush=True)
    finally:
        step._story_article = ORIGINAL_STEP
    # held out: the setting (or none) with the best mean gain on the other sets, scored on the left-out one
    held: dict[str, dict] = {}
    base = report["baseline"]
    for name in sets:
        others = [n for n in sets if n != name]
        gains = {k: float(np.mean([row[n][0] - base[n][0] for n in others])) for k, row in report["settings"].items()}
        best = max(gains, key=gains.__getitem__) if gains and others else None
        if best is None or gains[best] <= 0:
            held[name] = {"setting": "none", "f1": base[name][0], "change": 0.0}
        else:
            f = report["settings"][best][name][0]
            held[name] = {"setting": best, "f1": f, "change": round(f - base[name][0], 4),
                          "others_mean_gain": round(gains[best], 4)}
    report["chosen_on_the_other_sets"] = held
    for name, h in held.items():
        print(f"{name} left out: {h['f1']:.4f} ({h['change']:+.4f}) with {h['setting']}", file=sys.stderr)
    report["cpu_seconds"] = round(time.process_time() - started)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(held))


if __name__ == "__main__":
    main()
