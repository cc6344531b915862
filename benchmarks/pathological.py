"""Does every rule run in time linear in its input? Pathological inputs at doubling sizes.

Each rule of :data:`cleanpress.clean.rules.RULE_TYPES`, the segmenter, and the
whole :class:`~cleanpress.Cleaner` are fed inputs of 1, 2, 4 and 8 MB (by
default) built to hurt: one long line, many short lines, blank lines, each
rule's own ``example`` repeated (so the rule fires everywhere), the example
run together on one line, and inputs crafted against the patterns (long runs of
the characters a pattern's quantifiers consume: agency/credit chains, ellipses,
brackets, title lines, many stories). Every measurement runs in a child process
with a time limit, so a super-linear case is reported instead of hanging.

For each (target, input) it prints the time per size and the growth ratio per
doubling (2.0 is linear, 4.0 quadratic), and flags anything whose fitted
exponent exceeds ``--flag`` (default 1.25) or that ran out of time.

    python benchmarks/pathological.py                      # 1-8 MB, a few minutes
    python benchmarks/pathological.py --sizes 0.125 0.25 0.5 1 --json out.json --plot docs/reliability-growth.png

The exit status is 1 when something was flagged, so CI can run a small slice.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 1 << 20

PROSE = ("The council approved the new budget on Tuesday after a long debate that lasted into the night, "
         "and critics said the plan would raise taxes for most residents next year. ")


def _fill(unit: str, size: int, sep: str = "") -> str:
    """``unit`` repeated (joined by ``sep``) to about ``size`` characters."""
    piece = unit + sep
    return (piece * (size // max(1, len(piece)) + 1))[:size]


def inputs_for(example: str) -> dict[str, Callable[[int], str]]:
    """The input generators; ``example`` is the rule's own example (for the cleaner, all examples)."""
    return {
        "one-long-line": lambda n: _fill("lorem ipsum dolor sit amet ", n),
        "one-long-word": lambda n: "x" * n,
        "short-lines": lambda n: _fill("word", n, "\n"),
        "blank-lines": lambda n: "\n" * n,
        "example-lines": lambda n: _fill(example, n, "\n"),
        "example-one-line": lambda n: _fill(example.replace("\n", " "), n, " "),
        # PHOTO_CREDIT: (?:/[\p{L} .'-]{2,60})+ after an agency name, at every start
        "credit-chain": lambda n: _fill("ap/a reuters/b ", n) + "1",
        "credit-chain-lines": lambda n: _fill("Photo: ap/a reuters/b epa/c afp/d ap/e reuters/f 2", n, "\n"),
        # TRUNCATED and teaser lookups: ellipses everywhere
        "ellipses": lambda n: _fill("a... b… ", n),
        "ellipsis-lines": lambda n: _fill("Breaking story title\nSomething happened in the city and then...", n, "\n"),
        # AD_PLACEHOLDER: brackets and braces that open a placeholder and never close it
        "open-brackets": lambda n: _fill("[ ad [ad_ {{ ad ", n),
        # bylines, dates, weather: the pieces the quantifiers consume, with no end
        "capitalised-words": lambda n: _fill("By Anna Bell-Carter O'Neil ", n),
        "digits-and-dots": lambda n: _fill("12.3.2024 12:30 ", n),
        # lines repeated far apart (repeated captions) and repeated titles (story splits)
        "repeated-lines": lambda n: _fill("A man walks past the building in the rain\nfiller\nfiller\nfiller", n, "\n"),
        "many-stories": lambda n: _fill("A Title In Title Case Here\n\n\n" + (PROSE + "\n") * 3 + "[ad_1]", n, "\n"),
        "sidebar-runs": lambda n: _fill("Related Articles\nShort title here\nAnother short title", n, "\n"),
        "comment-starts": lambda n: _fill("Leave a Reply\n" + PROSE, n, "\n"),
        "mixed-scripts": lambda n: _fill("新闻报道 مرحبا بالعالم Привет мир \u202e\u200b ", n),
    }


def targets() -> dict[str, tuple[Callable[[str, list[Any]], float], str]]:
    """What is timed: each rule's ``find`` on a fresh page, the segmenter, the whole cleaner.

    Each timer takes the text and its blocks (segmented once per input, outside
    the timing) and returns CPU seconds.
    """
    # imported here so that each child process measures a fresh interpreter state
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.rules import RULE_TYPES, Page
    from cleanpress.clean.segment import segment

    found: dict[str, tuple[Callable[[str, list[Any]], float], str]] = {}
    for rule_type in RULE_TYPES:
        rule = rule_type()

        def run(text: str, blocks: list[Any], rule: Any = rule) -> float:
            page = Page(text, blocks)
            start = time.process_time()
            for _ in rule.find(page):
                pass
            return time.process_time() - start

        found[rule_type.name] = (run, rule_type.example or "x")

    def run_segment(text: str, blocks: list[Any]) -> float:
        start = time.process_time()
        segment(text)
        return time.process_time() - start

    cleaner = Cleaner()

    def run_cleaner(text: str, blocks: list[Any]) -> float:
        start = time.process_time()
        cleaner.clean(text)
        return time.process_time() - start

    found["segment"] = (run_segment, "x")
    found["cleaner"] = (run_cleaner, "\n".join(t.example for t in RULE_TYPES if t.example))
    return found


def _child(names: list[str], input_name: str, size: int, conn: Any) -> None:
    """Time ``names`` one after the other on one input, sending each result as it is ready."""
    from cleanpress.clean.segment import segment

    timers = targets()
    segmented: dict[str, list[Any]] = {}  # most inputs do not depend on the example: segment them once
    for name in names:
        fn, example = timers[name]
        text = inputs_for(example)[input_name](size)
        if text not in segmented:
            segmented.clear()
            segmented[text] = segment(text)
        blocks = segmented[text]
        best = fn(text, blocks)
        if best < 0.05:  # short runs are noisy on a shared machine: best of three
            best = min(best, fn(text, blocks), fn(text, blocks))
        conn.send((name, best))


def measure_all(names: list[str], input_name: str, size: int, limit: float) -> dict[str, float | None]:
    """CPU seconds of each target on one input, each run in a child process; None past ``limit``.

    CPU time (not wall time) is measured so that other processes competing for
    the cores do not show up as growth. A target that exceeds ``limit`` seconds
    of wall time is recorded as None and the child is replaced for the rest.
    """
    ctx = mp.get_context("fork")
    results: dict[str, float | None] = {}
    pending = list(names)
    while pending:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(pending, input_name, size, child))
        proc.start()
        child.close()
        while pending:
            if not parent.poll(limit):
                results[pending.pop(0)] = None  # the one running now took too long
                proc.kill()
                break
            try:
                name, seconds = parent.recv()
            except EOFError:  # the child died (e.g. out of memory)
                results[pending.pop(0)] = None
                break
            results[name] = float(seconds)
            pending.remove(name)
        proc.join()
    return results


def exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8], help="input sizes in MB")
    parser.add_argument("--targets", nargs="+", help="rule names, 'segment' and/or 'cleaner' (default: all)")
    parser.add_argument("--inputs", nargs="+", help="input names (default: all)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds allowed for one measurement")
    parser.add_argument("--flag", type=float, default=1.25, help="flag a fitted exponent above this")
    parser.add_argument("--json", type=Path, help="write all measurements here")
    parser.add_argument("--plot", type=Path, help="log-log plot of the slowest input per target (needs matplotlib)")
    args = parser.parse_args(argv)

    sizes = [int(s * MB) for s in args.sizes]
    all_targets = list(targets())
    chosen_targets = args.targets or all_targets
    input_names = args.inputs or list(inputs_for("x"))
    results: list[dict[str, object]] = []
    flagged: list[str] = []
    header = " ".join(f"{s / MB:>7.3g}MB" for s in sizes)
    print(f"{'target':24} {'input':20} {header}   growth per doubling    exp")
    series: dict[tuple[str, str], list[float | None]] = {(t, i): [] for t in chosen_targets for i in input_names}
    for input_name in input_names:
        alive = list(chosen_targets)
        for size in sizes:
            measured = measure_all(alive, input_name, size, args.limit)
            for target in chosen_targets:
                series[(target, input_name)].append(measured.get(target))
            alive = [t for t in alive if measured.get(t) is not None]  # no larger sizes after a timeout
        for target in chosen_targets:
            values = series[(target, input_name)]
            times = [t for t in values if t is not None][: next((k for k, t in enumerate(values) if t is None),
                                                                 len(values))]
            growth = [b / a if a > 0 else float("nan") for a, b in itertools.pairwise(times)]
            # differences between times below 20 ms are noise, not growth
            fit = exponent(sizes[: len(times)], times) if len(times) >= 2 and max(times) > 0.02 else 1.0
            timed_out = len(times) < len(sizes)
            bad = timed_out or fit > args.flag
            if bad:
                flagged.append(f"{target} on {input_name}")
            cells = " ".join(f"{t:9.3f}" for t in times) + " " * 10 * (len(sizes) - len(times))
            note = ("TIMEOUT " if timed_out else "") + ("SUPER-LINEAR" if bad else "")
            ratios = " ".join(f"{g:4.2f}" for g in growth)
            print(f"{target:24} {input_name:20} {cells}   {ratios:20} {fit:5.2f} {note}", flush=True)
            results.append({"target": target, "input": input_name, "sizes": sizes[: len(times)], "seconds": times,
                            "growth": growth, "exponent": fit, "timed_out": timed_out})
    print()
    print("flagged: " + (", ".join(flagged) if flagged else "nothing; every target grows linearly"))
    if args.json:
        args.json.write_text(json.dumps({"sizes_mb": args.sizes, "results": results}, indent=1))
    if args.plot:
        plot(results, args.plot)
    return 1 if flagged else 0


def plot(results: list[dict[str, object]], path: Path) -> None:
    import matplotlib  # a benchmark-only dependency

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    worst: dict[str, dict[str, object]] = {}
    for r in results:
        seconds = r["seconds"]
        assert isinstance(seconds, list)
        if not seconds:
            continue
        current = worst.get(str(r["target"]))
        if current is None or seconds[-1] > current["seconds"][-1]:  # type: ignore[index]
            worst[str(r["target"])] = r
    fig, ax = plt.subplots(figsize=(8, 5.5))
    for target, r in sorted(worst.items()):
        xs = [s / MB for s in r["sizes"]]  # type: ignore[attr-defined]
        ax.plot(xs, r["seconds"], marker="o", label=f"{target} ({r['input']}, exp {r['exponent']:.2f})")
    if worst:
        x0 = min(s / MB for r in worst.values() for s in r["sizes"])  # type: ignore[attr-defined]
        x1 = max(s / MB for r in worst.values() for s in r["sizes"])  # type: ignore[attr-defined]
        y0 = max(r["seconds"][0] for r in worst.values())  # type: ignore[index]
        ax.plot([x0, x1], [y0, y0 * x1 / x0], "k--", lw=1, label="linear (slope 1)")
        ax.plot([x0, x1], [y0, y0 * (x1 / x0) ** 2], "k:", lw=1, label="quadratic (slope 2)")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("input size (MB)")
    ax.set_ylabel("seconds")
    ax.set_title("Each rule on its slowest pathological input")
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    sys.exit(main())
