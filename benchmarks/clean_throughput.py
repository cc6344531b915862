"""Clean-stage throughput on one core: cleanpress (text) against a C4 line-rules baseline and trafilatura (HTML).

Usage: python benchmarks/clean_throughput.py PATH/articles-dev.jsonl.gz [--repeat 3] [--out docs/clean_throughput.json]
       [--plot docs/img/clean_throughput.png]
       python benchmarks/clean_throughput.py DATA_DIR [--out FILE]          (every *-dev set in DATA_DIR, one row each,
                                                                             cleanpress and the C4 rules in one run)
       python benchmarks/clean_throughput.py DATA_DIR --split               (where the cleaner's CPU time goes)
       python benchmarks/clean_throughput.py DATA_DIR --dump-output base.jsonl.gz      (save every page's output)
       python benchmarks/clean_throughput.py DATA_DIR --check-identical base.jsonl.gz  (compare against it)
       ... --no-line-memo                  (any of these with CleanConfig(line_memo=False): the same output)

All three run in this one process on the same pages, one after another, each
``--repeat`` times (the best pass counts), so the ratios between them are
meaningful even on a busy machine; the absolute numbers are not. Times are CPU
seconds of this process (``time.process_time``), so other processes on the
machine slow a pass less than they would its wall-clock time. The C4
baseline is implemented here: the line filters of C4 (Raffel et al. 2020) —
keep lines that end in terminal punctuation and have at least five words,
drop lines with "javascript" or "lorem ipsum", drop the page if fewer than
three sentences remain — a fair floor for what line rules cost in Python.

``--split`` cleans every page once (a new cleaner per set) with a CPU
timer around each part of the text path (segmentation, each fused line-rule
stage, each structural rule, the line features and model, the story split,
the article step, assembly) and prints each part's share: where a speed-up
has to come from.

``--dump-output`` writes what the text path gives for every page (cleaned
text, stories, every removal with its rule, reason and detail) and
``--check-identical`` cleans the pages again and reports, set by set, the
pages whose output differs from such a dump (exit status 1 when any does):
a speed-up of the cleaner is checked against a dump made before it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from cleanpress import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.result import CleanResult

_TERMINAL = ("." , "!", "?", '"', "'", "”", "’")
_SENTENCE = re.compile(r"[.!?]+(?:\s|$)")


def c4_clean(text: str) -> str:
    """C4's line rules on one page's text."""
    kept = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.endswith(_TERMINAL) or len(line.split()) < 5:
            continue
        low = line.lower()
        if "javascript" in low or "lorem ipsum" in low or "{" in line:
            continue
        kept.append(line)
    out = "\n".join(kept)
    return out if len(_SENTENCE.findall(out)) >= 3 else ""


def _time(make: Callable[[], Callable[[str], object]], inputs: list[str], repeat: int) -> float:
    """The best CPU time of ``repeat`` passes over ``inputs``, each pass with a new ``make()``.

    A new cleaner per pass: its memory of line verdicts (which a real run
    builds once, over pages it sees once) is never warm from an earlier pass.
    """
    best = float("inf")
    for _ in range(repeat):
        fn = make()
        start = time.process_time()
        for item in inputs:
            fn(item)
        best = min(best, time.process_time() - start)
    return best


def load(path: str) -> dict[str, list[dict]]:
    """``{set name: pages}`` of one JSONL.gz file, or of every ``*-dev.jsonl.gz`` in a directory."""
    base = Path(path)
    files = sorted(base.glob("*-dev.jsonl.gz")) if base.is_dir() else [base]
    if not files:
        raise SystemExit(f"{path}: no *-dev.jsonl.gz files")
    out = {}
    for file in files:
        with gzip.open(file, "rt", encoding="utf-8") as fh:
            out[file.name.split("-dev")[0].split(".")[0]] = [json.loads(line) for line in fh if line.strip()]
    return out


def page_output(result: CleanResult) -> dict[str, object]:
    """Everything the text path gives for one page, as plain JSON."""
    return {
        "text": result.text,
        "stories": [[s.title, s.text, s.start, s.end] for s in result.stories],
        "removals": [[r.start, r.end, r.rule, r.reason, r.detail] for r in result.removals],
    }


def outputs(
    sets: dict[str, list[dict]], config: CleanConfig | None = None
) -> Iterator[tuple[str, str, dict[str, object]]]:
    """(set, page id, output) of every page, one cleaner per set (as a run over the set would use)."""
    for name, pages in sets.items():
        cleaner = Cleaner(config)
        for page in pages:
            yield name, str(page["id"]), page_output(cleaner.clean(page["text"]))


def dump_output(sets: dict[str, list[dict]], path: str, config: CleanConfig | None = None) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for name, page_id, output in outputs(sets, config):
            fh.write(json.dumps({"set": name, "id": page_id, **output}, ensure_ascii=False) + "\n")


def check_identical(sets: dict[str, list[dict]], path: str, config: CleanConfig | None = None) -> int:
    """Pages whose output differs from the dump in ``path``, per set; 1 when any differs (or is missing)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        saved = {(r["set"], r["id"]): r for r in map(json.loads, fh)}
    differ: dict[str, list[str]] = {name: [] for name in sets}
    missing = 0
    for name, page_id, output in outputs(sets, config):
        old = saved.get((name, page_id))
        if old is None:
            missing += 1
            continue
        new = json.loads(json.dumps(output, ensure_ascii=False))  # tuples as lists, as saved
        fields = [k for k in new if new[k] != old[k]]
        if fields:
            differ[name].append(f"{page_id} ({', '.join(fields)})")
    for name, ids in differ.items():
        shown = f": {', '.join(ids[:5])}" if ids else ""
        print(f"{name:12s} {len(sets[name]):5d} pages, {len(ids):4d} differ{shown}")
    if missing:
        print(f"{missing} pages are not in {path}")
    return 1 if missing or any(differ.values()) else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", help="write the results here (JSON)")
    ap.add_argument("--plot", help="write a bar plot here (needs matplotlib: pip install '.[bench]')")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--dump-output", metavar="FILE", help="write every page's output here (JSONL.gz) and stop")
    ap.add_argument("--check-identical", metavar="FILE", help="compare every page's output with a --dump-output file")
    ap.add_argument("--split", action="store_true", help="print the share of CPU time of each part of the cleaner")
    ap.add_argument("--no-line-memo", action="store_true",
                    help="clean with CleanConfig(line_memo=False): nothing remembered of a line between pages")
    args = ap.parse_args()
    config = CleanConfig(line_memo=not args.no_line_memo)
    sets = load(args.path)
    if args.dump_output:
        dump_output(sets, args.dump_output, config)
        return
    if args.check_identical:
        raise SystemExit(check_identical(sets, args.check_identical, config))
    if args.split:
        cost_split(sets, config)
        return
    if len(sets) > 1:
        per_set(sets, args.repeat, args.out, config)
        return
    compare(next(iter(sets.values())), args, config)


def compare(pages: list[dict], args: argparse.Namespace, config: CleanConfig | None = None) -> None:
    """cleanpress, the C4 line rules and trafilatura on one set's pages, in one run."""
    texts = [p["text"] for p in pages]
    htmls = [p["html"] for p in pages]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    html_mb = sum(len(h.encode("utf-8")) for h in htmls) / 1e6

    rows = []
    seconds = _time(lambda: c4_clean, texts, args.repeat)
    rows.append(("C4 line rules (text)", seconds, text_mb))
    seconds = _time(lambda: Cleaner(config).clean, texts, args.repeat)
    rows.append(("cleanpress (text)", seconds, text_mb))
    if not args.no_trafilatura:
        import trafilatura

        def extract(html: str) -> object:
            return trafilatura.extract(html, favor_precision=True, deduplicate=False)

        seconds = _time(lambda: extract, htmls, max(1, args.repeat // 2))
        rows.append(("trafilatura (html)", seconds, html_mb))

    anchor = rows[1][1]
    result = {
        "pages": len(pages),
        "python": platform.python_version(),
        "note": "one core, best of repeats, all methods in one run; compare ratios, not absolute numbers",
        "methods": [
            {
                "method": name,
                "pages_per_s": round(len(pages) / secs, 1),
                "mb_per_s": round(mb / secs, 2),
                "time_vs_cleanpress": round(secs / anchor, 3),
            }
            for name, secs, mb in rows
        ],
    }
    for row in result["methods"]:
        print(f"{row['method']:24s} {row['pages_per_s']:9.1f} pages/s {row['mb_per_s']:7.2f} MB/s"
              f"  time x{row['time_vs_cleanpress']:.2f} of cleanpress")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        names = [r["method"] for r in result["methods"]]
        speeds = [r["pages_per_s"] for r in result["methods"]]
        fig, ax = plt.subplots(figsize=(6.5, 2.6))
        bars = ax.barh(names, speeds, color=["#999999", "#1f77b4", "#ff7f0e"][: len(names)])
        ax.bar_label(bars, labels=[f"{s:,.0f}" for s in speeds], padding=3)
        ax.set_xscale("log")
        ax.set_xlabel("pages/s on one core (log scale; articles-dev, same run)")
        ax.invert_yaxis()
        ax.set_xlim(right=max(speeds) * 4)
        fig.tight_layout()
        Path(args.plot).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(args.plot, dpi=120)


def per_set(
    sets: dict[str, list[dict]], repeat: int, out: str | None = None, config: CleanConfig | None = None
) -> None:
    """cleanpress's text path and the C4 rules on each set (one new cleaner per pass), and on all pages together."""
    rows = []
    totals = {"pages": 0, "cleanpress_s": 0.0, "c4_s": 0.0}
    for name, pages in sets.items():
        texts = [p["text"] for p in pages]
        c4 = _time(lambda: c4_clean, texts, repeat)
        seconds = _time(lambda: Cleaner(config).clean, texts, repeat)
        totals["pages"] += len(texts)
        totals["cleanpress_s"] += seconds
        totals["c4_s"] += c4
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        rows.append(_set_row(name, len(texts), seconds, c4, mb))
    rows.append(_set_row("all", int(totals["pages"]), totals["cleanpress_s"], totals["c4_s"], None))
    for row in rows:
        print(f"{row['set']:12s} {row['pages']:5d} pages {row['pages_per_cpu_s']:8.1f} pages/CPU-s"
              f"  C4 {row['c4_pages_per_cpu_s']:8.1f}  time x{row['time_vs_c4']:.1f} of C4")
    if out:
        result = {
            "python": platform.python_version(),
            "note": "CPU seconds (process_time), best of repeats, a new cleaner per pass; cleanpress and the C4 line"
            " rules on the same pages in one run: compare the ratio, not absolute numbers",
            "sets": rows,
        }
        Path(out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def _set_row(name: str, pages: int, seconds: float, c4: float, mb: float | None) -> dict[str, object]:
    row: dict[str, object] = {
        "set": name,
        "pages": pages,
        "pages_per_cpu_s": round(pages / seconds, 1),
        "c4_pages_per_cpu_s": round(pages / c4, 1),
        "time_vs_c4": round(seconds / c4, 1),
    }
    if mb is not None:
        row["mb_per_cpu_s"] = round(mb / seconds, 2)
    return row


def cost_split(sets: dict[str, list[dict]], config: CleanConfig | None = None) -> None:
    """Clean every page once with a CPU timer around each part of the text path; print each part's share.

    The timers wrap the functions the cleaner calls by name and each rule's
    ``removals``; their own cost (a few percent) is counted in the parts.
    """
    import importlib

    cleaner_module = importlib.import_module("cleanpress.clean.cleaner")
    line_model_module = importlib.import_module("cleanpress.clean.article.line_model")
    spent: dict[str, float] = {}
    clock = time.process_time

    def timed(part: str, fn: Callable[..., object], drain: bool = False) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            start = clock()
            result = fn(*args, **kwargs)
            if drain:  # a generator: its work is done while it is consumed
                result = iter(list(result))  # type: ignore[call-overload]
            spent[part] = spent.get(part, 0.0) + clock() - start
            return result

        return run

    saved = {name: getattr(cleaner_module, name) for name in (
        "segment", "own_matrix", "story_features", "split_points", "article_removals", "_assemble")}
    score = line_model_module.LineModel.score
    of_page = cleaner_module._LineVerdicts.of_page
    parts = {
        "segment": "segmentation", "own_matrix": "line features", "story_features": "line features (stories)",
        "split_points": "story split", "article_removals": "article step", "_assemble": "assembly",
    }
    try:
        for name, part in parts.items():
            setattr(cleaner_module, name, timed(part, saved[name]))
        line_model_module.LineModel.score = timed("line model", score)
        cleaner_module._LineVerdicts.of_page = timed("line pass (verdicts of every fused stage)", of_page)
        total = 0.0
        for pages in sets.values():
            cleaner = Cleaner(config)
            for stage in cleaner._stages:
                if isinstance(stage, tuple):
                    continue
                stage.removals = timed(f"rule {stage.name}", stage.removals, drain=True)  # type: ignore[method-assign]
            start = clock()
            for page in pages:
                cleaner.clean(page["text"])
            total += clock() - start
    finally:
        for name, fn in saved.items():
            setattr(cleaner_module, name, fn)
        line_model_module.LineModel.score = score
        cleaner_module._LineVerdicts.of_page = of_page
    pages_n = sum(len(p) for p in sets.values())
    print(f"{pages_n} pages, {total:.2f} CPU-s, {pages_n / total:.1f} pages/CPU-s (with the timers)")
    groups = {"structural rules": 0.0, "fused line pass": 0.0}
    for part, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {part:34s} {seconds:6.2f} s {100 * seconds / total:5.1f} %")
        if part.startswith("rule "):
            groups["structural rules"] += seconds
        elif part.startswith("line pass"):
            groups["fused line pass"] += seconds
    other = total - sum(spent.values())
    print(f"  {'other (clean(), result objects)':34s} {other:6.2f} s {100 * other / total:5.1f} %")
    for group, seconds in groups.items():
        print(f"{group}: {100 * seconds / total:.1f} %")


if __name__ == "__main__":
    main()
