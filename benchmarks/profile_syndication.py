"""Site profiles on the syndication corpus: how much closer cleaned text comes to the true body.

Usage: python benchmarks/profile_syndication.py PATH/syndication-dev.jsonl.gz [--plot docs/img/profile_syndication.png]
       [--json docs/profile_syndication.json] [--gate benchmarks/profile_syndication.gate.json]

The corpus has no URLs, so every page is in one group (``default``). Scored
with :func:`metrics.shingle_f1` (``text`` after cleaning against ``body``):

- *in-sample*: the profile is learned from the whole corpus and applied to it;
- *cross-validated*: pages are split into two halves by story (all copies of a
  story fall in the same half, so no evaluated body was seen while learning),
  a profile learned on one half cleans the other, and the two scores are
  averaged page-weighted.

Each is shown for the profile alone (only ``site-profile`` lines removed) and
for the whole cleaner with and without the profile, then swept over
``min_pages`` with and without the body protection (``protect_share``).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import CleanConfig, Cleaner, apply_removals
from cleanpress.clean.profile import Profile, ProfileConfig, learn_profile
from cleanpress.clean.rules.base import Page
from cleanpress.clean.segment import segment
from metrics import check_gate, shingle_f1


def profile_only(profile: Profile, text: str) -> str:
    """The text with only the profile's lines removed."""
    rule = profile.rule_for(None)
    if rule is None:
        return text
    page = Page(text, segment(text))
    return apply_removals(text, list(rule.find(page)))


def halves(pages: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    stories = sorted({str(p["story"]) for p in pages})
    first = set(stories[::2])
    return [p for p in pages if str(p["story"]) in first], [p for p in pages if str(p["story"]) not in first]


def score(pages: Sequence[dict[str, Any]], predicted: Sequence[str]) -> float:
    return shingle_f1(zip((p["body"] for p in pages), predicted, strict=True))[0]


def evaluate(
    learn_on: Sequence[dict[str, Any]], test_on: Sequence[dict[str, Any]], config: ProfileConfig, full: bool = True
) -> dict[str, Any]:
    profile = learn_profile((p["text"] for p in learn_on), config=config)
    site = profile.sites["default"]
    row: dict[str, Any] = {
        "template lines": len(profile.template("default")),
        "stored lines": sum(1 for c in site.lines.values() if c[0] >= config.keep_min_pages),
        "profile only": [profile_only(profile, p["text"]) for p in test_on],
    }
    if full:
        with_profile = Cleaner(CleanConfig(), profile=profile)
        row["cleanpress + profile"] = [with_profile.clean(p["text"]).text for p in test_on]
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--plot", help="write the min_pages sweep as a PNG here (needs matplotlib)")
    ap.add_argument("--json", help="write the numbers here")
    ap.add_argument("--gate", help="a JSON of stored minimum scores (profile_syndication.gate.json): exit 1 below")
    args = ap.parse_args()
    with gzip.open(args.path, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]
    corpus = hashlib.sha256(Path(args.path).read_bytes()).hexdigest()
    a, b = halves(pages)
    config = ProfileConfig()
    results: dict[str, Any] = {"pages": len(pages), "halves": [len(a), len(b)], "config": dataclasses.asdict(config)}

    plain = Cleaner(CleanConfig())
    start = time.perf_counter()
    cleaned = [plain.clean(p["text"]).text for p in pages]
    clean_seconds = time.perf_counter() - start
    start = time.perf_counter()
    learn_profile((p["text"] for p in pages), config=config)
    learn_seconds = time.perf_counter() - start
    results["learn / clean time ratio"] = round(learn_seconds / clean_seconds, 3)

    rows: dict[str, float] = {"raw text": score(pages, [p["text"] for p in pages]), "cleanpress": score(pages, cleaned)}
    inside = evaluate(pages, pages, config)
    rows["profile only (in-sample)"] = score(pages, inside["profile only"])
    rows["cleanpress + profile (in-sample)"] = score(pages, inside["cleanpress + profile"])
    ab, ba = evaluate(a, b, config), evaluate(b, a, config)
    test_order = [*b, *a]
    rows["profile only (cross-validated)"] = score(test_order, ab["profile only"] + ba["profile only"])
    rows["cleanpress + profile (cross-validated)"] = score(
        test_order, ab["cleanpress + profile"] + ba["cleanpress + profile"]
    )
    results["f1"] = {k: round(v, 4) for k, v in rows.items()}
    results["template lines (in-sample)"] = inside["template lines"]
    results["stored lines (in-sample)"] = inside["stored lines"]
    for name, value in rows.items():
        print(f"{name:40s} F1 {value:.3f}")
    print(f"template lines {inside['template lines']}, stored hashes {inside['stored lines']}; "
          f"learning takes {results['learn / clean time ratio']:.2f}x the time of cleaning")

    sweep: dict[str, dict[int, float]] = {}
    for min_pages in (2, 3, 4, 6, 8):
        for label, protect in (("protected", config.protect_share), ("unprotected", 1.0)):
            cfg = dataclasses.replace(config, min_pages=min_pages, keep_min_pages=2, protect_share=protect,
                                      max_prose_share=config.max_prose_share if protect < 1 else 1.0)
            ab, ba = evaluate(a, b, cfg, full=False), evaluate(b, a, cfg, full=False)
            cross = score(test_order, ab["profile only"] + ba["profile only"])
            sweep.setdefault(f"cross-validated, {label}", {})[min_pages] = round(cross, 4)
            inside_only = score(pages, evaluate(pages, pages, cfg, full=False)["profile only"])
            sweep.setdefault(f"in-sample, {label}", {})[min_pages] = round(inside_only, 4)
        print(f"min_pages {min_pages:2d}: profile only F1, " + ", ".join(
            f"{label} {points[min_pages]:.3f}" for label, points in sweep.items()))
    results["sweep (profile only)"] = sweep
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(sweep, rows, args.plot)
    failed = gate_failures(args.gate, corpus, rows) if args.gate else []
    if failed:
        print("\nGATE FAILED:\n  " + "\n  ".join(failed))
        sys.exit(1)


def gate_failures(path: str, corpus: str, rows: dict[str, float]) -> list[str]:
    """What falls short of the gate: each method's F1, and the profile's gain on unseen pages."""
    gain = rows["cleanpress + profile (cross-validated)"] - rows["cleanpress"]
    return check_gate(path, corpus, rows, ("minimum gain of the profile over cleanpress (cross-validated)", gain,
                                           "the profile adds only {:.4f} F1 to cleanpress on unseen pages"))


def plot(sweep: dict[str, dict[int, float]], rows: dict[str, float], path: str) -> None:
    import matplotlib  # a benchmark-only dependency, needed for --plot only

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for label, points in sweep.items():
        xs = sorted(points)
        left.plot(xs, [points[x] for x in xs], marker="o", linestyle="-" if "cross" in label else "--", label=label)
    left.axhline(rows["raw text"], color="grey", linestyle=":", label="raw text")
    left.set_xlabel("min_pages (a template line stands on at least this many pages)")
    left.set_ylabel("shingle F1 against the true body")
    left.set_title("Profile only: threshold sweep")
    left.legend(fontsize=8)
    names = list(rows)
    right.barh(names, [rows[n] for n in names], color="#4477aa")
    right.set_xlim(0, 1)
    right.invert_yaxis()
    for y, n in enumerate(names):
        right.text(rows[n] + 0.01, y, f"{rows[n]:.3f}", va="center", fontsize=8)
    right.set_title("Syndication corpus, text vs body")
    right.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
