"""Where snippets-dev's errors come from: each lost ``with`` snippet by the rule that removed it, each kept ``without``.

Usage: python benchmarks/snippet_failures.py DATA_DIR/snippets-dev.jsonl.gz [--list] [--out RESULT.json]

The snippet metric counts a ``with`` snippet as found when it is a substring of the cleaned text
(white space normalised). For each one lost, the snippet is found in the page's input (white space
matched loosely) and the removals overlapping it are named (``rule/reason``; the article step's are
``outside-article/before``, ``/after``, ``/low-score``, ``/no-article`` and ``headline/title``);
``not-in-text`` when the input does not hold it (hidden in the HTML). Kept ``without`` snippets are
counted by page. ``--list`` prints every lost and kept snippet with its page.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cleanpress import Cleaner, Document
from devsets import norm_space, read_pages


def lost_by(text: str, snippet: str, removals) -> str:
    """The ``rule/reason`` keys of the removals over ``snippet`` in ``text``, or ``not-in-text``."""
    found = re.search(r"\s+".join(map(re.escape, snippet.split(" "))), text)
    if found is None:
        return "not-in-text"
    keys = sorted({f"{r.rule}/{r.reason}" for r in removals if r.start < found.end() and r.end > found.start()})
    return " + ".join(keys) or "kept apart (joined text differs)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", help="snippets-dev.jsonl.gz")
    ap.add_argument("--list", action="store_true", help="print every lost and wrongly kept snippet")
    ap.add_argument("--out", help="write the counts here (JSON)")
    args = ap.parse_args()
    cleaner = Cleaner()
    lost: Counter[str] = Counter()
    kept_pages: Counter[str] = Counter()
    tp = fn = fp = 0
    for page in read_pages(args.path):
        result = cleaner.clean(Document(page["id"], text=page["text"]))
        out = norm_space(result.text)
        for snippet in map(norm_space, page["with"]):
            if snippet in out:
                tp += 1
                continue
            fn += 1
            key = lost_by(page["text"], snippet, result.removals)
            lost[key] += 1
            if args.list:
                print(f"lost  {key:32s} {page['id'][:40]:40s} {snippet[:80]}")
        for snippet in map(norm_space, page["without"]):
            if snippet in out:
                fp += 1
                kept_pages[page["id"]] += 1
                if args.list:
                    print(f"kept  {'':32s} {page['id'][:40]:40s} {snippet[:80]}")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"TP {tp}  FN {fn}  FP {fp}  F1 {f1:.4f}")
    print("lost 'with' snippets by what removed them:")
    for key, n in lost.most_common():
        print(f"  {n:4d}  {key}")
    most = max(kept_pages.values(), default=0)
    print(f"kept 'without' snippets: {fp} on {len(kept_pages)} pages (at most {most} a page)")
    if args.out:
        counts = {"tp": tp, "fn": fn, "fp": fp, "f1": round(f1, 4), "lost_by": dict(lost),
                  "kept_without_pages": len(kept_pages)}
        Path(args.out).write_text(json.dumps(counts, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
