"""cleanpress's HTML path against trafilatura alone, on the dev pages.

Usage:
  python benchmarks/html_quality.py PATH/articles-dev.jsonl.gz [--json OUT.json] [--plot OUT.png]
        [--table N] [--snippets PATH/snippets-dev.jsonl.gz --predictions OUT.jsonl]
        [--gate benchmarks/html_quality.gate.json]
  python benchmarks/html_quality.py DATA_DIR [--sets articles,readability,snippets,dragnet] [--json OUT.json]

Given one file, scores each method's text for the ``html`` field against the
true ``body`` with :func:`metrics.shingle_f1`. Given a directory, does so on
each dev set in it (``NAME-dev.jsonl.gz``): the sets with a ``body`` by that
metric, the snippet set with the snippet metric (the page's title and stories
joined, as the snippet scorer reads them). The methods:

- ``trafilatura precision``: ``trafilatura.extract(html, favor_precision=True, deduplicate=False)``,
  the reference of the gate;
- ``trafilatura default``: the same without ``favor_precision``, with tables and without
  comments (the snippet scorer's "standard" settings);
- ``trafilatura recall``: the default mode's settings with ``favor_recall=True``;
- ``readability port``: trafilatura's port of readability (``trafilatura.readability_lxml``), its
  article rendered one line per block (:func:`cleanpress.clean.html.readability_text`);
- ``cleanpress extraction``: :func:`cleanpress.clean.html.extract` alone (safe parsing, precision with
  fallback), no rules;
- ``cleanpress html``: ``Cleaner().clean(Document(id, html=..., url=...))``, the whole HTML path;
- ``cleanpress html, headline kept``: the same with the headline line left where the page
  printed it (dragnet's truth holds the headline; the other sets' do not).

Speed is reported as a ratio to trafilatura precision measured in the same run (CPU time of the process).
``--table N`` prints the N pages where cleanpress and trafilatura differ most,
with the lines each kept that the other did not. With ``--snippets``, the
HTML path's output on the snippet pages is written to ``--predictions`` (one
``{"id", "text"}`` per page: title and stories joined) for the snippet scorer.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import Cleaner, Document
from cleanpress.clean.apply import apply_removals
from cleanpress.clean.html import extract, parse_html, readability_text
from cleanpress.clean.result import CleanResult
from devsets import SETS, score_set
from metrics import check_gate, page_scores, shingle_f1

_WORDS = re.compile(r"\w+")


def load(path: str) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def page_f1(true: str, pred: str) -> float:
    tp, fp, fn = page_scores(true, pred)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def words(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def page_text(result: CleanResult) -> str:
    """The page's title and stories joined: what the snippet scorer reads of a result."""
    return "\n".join(([result.title] if result.title else []) + [s.text for s in result.stories])


def headline_kept(result: CleanResult) -> str:
    """The result's text with the headline line the page printed left in place."""
    kept = [r for r in result.removals if not (r.rule == "headline" and r.reason == "title")]
    return apply_removals(result.input, kept)


def run_methods(
    pages: list[dict[str, Any]], snippets: bool = False
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    import trafilatura  # imported where used, like cleanpress does

    outputs: dict[str, dict[str, str]] = {}
    seconds: dict[str, float] = {}

    def timed(name: str, fn: Any) -> None:
        # CPU time of this process: on a shared machine wall time mostly measures the neighbours
        start = time.process_time()
        outputs[name] = {p["id"]: fn(p) for p in pages}
        seconds[name] = time.process_time() - start

    timed("trafilatura precision",
          lambda p: trafilatura.extract(p["html"], favor_precision=True, deduplicate=False) or "")
    timed("trafilatura default",
          lambda p: trafilatura.extract(p["html"], deduplicate=False, include_comments=False,
                                        include_tables=True, include_formatting=False) or "")
    timed("trafilatura recall",
          lambda p: trafilatura.extract(p["html"], deduplicate=False, include_comments=False, favor_recall=True,
                                        include_tables=True, include_formatting=False) or "")

    def readability_port(p: dict[str, Any]) -> str:
        tree = parse_html(p["html"])
        return readability_text(tree) if tree is not None else ""

    timed("readability port", readability_port)
    timed("cleanpress extraction", lambda p: extract(p["html"], url=p.get("url")).text)
    cleaner = Cleaner()
    results: dict[str, CleanResult] = {}

    def clean(p: dict[str, Any]) -> str:
        result = results[p["id"]] = cleaner.clean(Document(str(p["id"]), html=p["html"], url=p.get("url")))
        return page_text(result) if snippets else result.text

    timed("cleanpress html", clean)
    if not snippets:
        outputs["cleanpress html, headline kept"] = {key: headline_kept(r) for key, r in results.items()}
        seconds["cleanpress html, headline kept"] = seconds["cleanpress html"]
    return outputs, seconds


def all_sets(data: Path, names: list[str], json_out: str | None, without: frozenset[str] = frozenset()) -> None:
    """Every method on every named dev set in ``data``: F1 (P/R) and time as a ratio to trafilatura precision.

    Pages whose id is in ``without`` are scored apart: each set's figures are also printed without them.
    """
    summary: dict[str, Any] = {}
    for name in names:
        pages = load(str(data / f"{name}-dev.jsonl.gz"))
        outputs, seconds = run_methods(pages, snippets=name == "snippets")
        anchor = seconds["trafilatura precision"]
        print(f"\n{name}-dev ({len(pages)} pages)")
        rows = {}
        rest = [p for p in pages if str(p["id"]) not in without]
        for method, preds in outputs.items():
            if len(rest) < len(pages):
                f1, p, r = score_set(rest, preds)
                rows[f"{method}, without {len(pages) - len(rest)} pages"] = {
                    "f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4)}
            f1, p, r = score_set(pages, preds)
            rows[method] = {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4),
                            "time vs trafilatura precision": round(seconds[method] / anchor, 2),
                            "pages/s": round(len(pages) / seconds[method], 1)}
            print(f"  {method:32s} F1 {f1:.4f}  P {p:.4f}  R {r:.4f}  time x{seconds[method] / anchor:.2f}"
                  f"  ({len(pages) / seconds[method]:.1f} pages/s)")
        best = max(rows["trafilatura precision"]["f1"], rows["trafilatura default"]["f1"])
        every = max(best, rows["trafilatura recall"]["f1"])
        ours = rows["cleanpress html"]["f1"]
        print(f"  cleanpress html - best of trafilatura precision and default: {ours - best:+.4f}"
              f"; - best of the three modes: {ours - every:+.4f}")
        if len(rest) < len(pages):
            cut = f", without {len(pages) - len(rest)} pages"
            part = {m: rows[f"{m}{cut}"]["f1"] for m in outputs}
            print(f"  without {len(pages) - len(rest)} pages ({len(rest)} left): "
                  + ", ".join(f"{m} {f:.4f}" for m, f in part.items()))
        summary[name] = rows
    if json_out:
        Path(json_out).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


def differences(pages: list[dict[str, Any]], outputs: dict[str, dict[str, str]], n: int) -> list[dict[str, Any]]:
    """The ``n`` pages where cleanpress and trafilatura precision differ most, with the lines that differ."""
    rows = []
    for p in pages:
        ref, ours = outputs["trafilatura precision"][p["id"]], outputs["cleanpress html"][p["id"]]
        f_ref, f_ours = page_f1(p["body"], ref), page_f1(p["body"], ours)
        body = words(p["body"])
        ref_lines = {words(x) for x in ref.splitlines() if words(x)}
        our_lines = {words(x) for x in ours.splitlines() if words(x)}
        rows.append({
            "id": p["id"], "url": p.get("url"), "trafilatura": round(f_ref, 3), "cleanpress": round(f_ours, 3),
            "only trafilatura kept": [(x[:90], x in body) for x in sorted(ref_lines - our_lines)][:6],
            "only cleanpress kept": [(x[:90], x in body) for x in sorted(our_lines - ref_lines)][:6],
        })
    rows.sort(key=lambda r: -abs(r["cleanpress"] - r["trafilatura"]))
    return rows[:n]


def snippet_predictions(path: str, out: str) -> float:
    """Write the HTML path's page texts for the snippet scorer; returns pages per second."""
    cleaner = Cleaner()
    pages = load(path)
    start = time.perf_counter()
    with open(out, "w", encoding="utf-8") as fh:
        for p in pages:
            result = cleaner.clean(Document(str(p["id"]), html=p["html"], url=p.get("url")))
            text = page_text(result)
            fh.write(json.dumps({"id": p["id"], "text": text}, ensure_ascii=False) + "\n")
    return len(pages) / (time.perf_counter() - start)


def plot(pages: list[dict[str, Any]], outputs: dict[str, dict[str, str]], scores: dict[str, Any], path: str) -> None:
    import matplotlib  # a benchmark-only dependency, needed for --plot only

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    names = list(scores)
    left.barh(names, [scores[n]["f1"] for n in names], color="#4477aa")
    lo = min(scores[n]["f1"] for n in names) - 0.03
    left.set_xlim(lo, 1.0)
    left.invert_yaxis()
    for y, n in enumerate(names):
        left.text(scores[n]["f1"] + 0.002, y, f"{scores[n]['f1']:.3f}", va="center", fontsize=8)
    left.set_title(f"Shingle F1 against the true body ({len(pages)} pages)")
    ref = [page_f1(p["body"], outputs["trafilatura precision"][p["id"]]) for p in pages]
    ours = [page_f1(p["body"], outputs["cleanpress html"][p["id"]]) for p in pages]
    right.scatter(ref, ours, s=12, alpha=0.7)
    right.plot([0, 1], [0, 1], color="grey", linewidth=0.8)
    right.set_xlabel("trafilatura precision, page F1")
    right.set_ylabel("cleanpress html, page F1")
    right.set_title("Per page (above the line: cleanpress better)")
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", help="one dev file (with a body), or the directory of the dev sets")
    ap.add_argument("--sets", default=",".join(SETS), help="with a directory: the sets to run, comma-separated")
    ap.add_argument("--json", help="write scores, speed ratios and the difference table here")
    ap.add_argument("--plot", help="write a PNG (needs matplotlib)")
    ap.add_argument("--table", type=int, default=10, help="pages to show where the two differ most")
    ap.add_argument("--snippets", help="snippets-dev.jsonl.gz: also write the HTML path's predictions for it")
    ap.add_argument("--predictions", default="html-snippets.jsonl", help="where --snippets predictions go")
    ap.add_argument("--without", default="", help="with a directory: page ids (comma-separated) also scored apart")
    ap.add_argument("--gate", help="a JSON of stored minimum scores (html_quality.gate.json): exit 1 below them")
    args = ap.parse_args()

    if Path(args.path).is_dir():
        all_sets(Path(args.path), [n for n in args.sets.split(",") if n], args.json,
                 frozenset(i for i in args.without.split(",") if i))
        return
    pages = load(args.path)
    corpus = hashlib.sha256(Path(args.path).read_bytes()).hexdigest()
    outputs, seconds = run_methods(pages)
    scores: dict[str, Any] = {}
    anchor = seconds["trafilatura precision"]
    for name, preds in outputs.items():
        f1, p, r = shingle_f1((page["body"], preds[page["id"]]) for page in pages)
        scores[name] = {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4),
                        "time vs trafilatura precision": round(seconds[name] / anchor, 2)}
        print(f"{name:24s} F1 {f1:.4f}  P {p:.4f}  R {r:.4f}  time x{seconds[name] / anchor:.2f}")
    table = differences(pages, outputs, args.table)
    better = sum(1 for p in pages if page_f1(p["body"], outputs["cleanpress html"][p["id"]])
                 > page_f1(p["body"], outputs["trafilatura precision"][p["id"]]) + 0.005)
    worse = sum(1 for p in pages if page_f1(p["body"], outputs["cleanpress html"][p["id"]])
                < page_f1(p["body"], outputs["trafilatura precision"][p["id"]]) - 0.005)
    print(f"pages better by > 0.005 F1: {better}, worse: {worse}, of {len(pages)}")
    for row in table:
        print(f"\n{row['id']}  {row['url']}")
        print(f"  trafilatura {row['trafilatura']:.3f}  cleanpress {row['cleanpress']:.3f}")
        for label in ("only trafilatura kept", "only cleanpress kept"):
            for line, in_body in row[label]:
                print(f"  {label}{' (body)' if in_body else ''}: {line}")
    result = {"pages": len(pages), "scores": scores, "better": better, "worse": worse, "table": table}
    if args.snippets:
        rate = snippet_predictions(args.snippets, args.predictions)
        result["snippet pages/s"] = round(rate, 1)
        print(f"\nsnippet predictions in {args.predictions} ({rate:.1f} pages/s); score them with the snippet scorer")
    result["corpus sha256"] = corpus
    failed = gate_failures(args.gate, corpus, scores) if args.gate else []
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.plot:
        plot(pages, outputs, scores, args.plot)
    if failed:
        print("\nGATE FAILED:\n  " + "\n  ".join(failed))
        sys.exit(1)


def gate_failures(path: str, corpus: str, scores: dict[str, Any]) -> list[str]:
    """What falls short of the gate: each method's F1, and cleanpress's margin over trafilatura's precision mode."""
    margin = scores["cleanpress html"]["f1"] - scores["trafilatura precision"]["f1"]
    return check_gate(path, corpus, {name: s["f1"] for name, s in scores.items()},
                      ("minimum margin over trafilatura precision", margin,
                       "cleanpress html beats trafilatura precision by {:.4f} only"))


if __name__ == "__main__":
    main()
