"""Peak memory of cleaning one big page, against its size and shape.

Each measurement runs in a child process that reads one generated page, cleans it
(the library call, or the ``clean`` command on a ``.txt`` or JSON Lines file) and
reports its peak resident set size from the kernel (``ru_maxrss``). The interpreter
with cleanpress imported and the page read is measured first, so the table shows
what cleaning adds: bytes per byte of input for one-line pages, bytes per line
for pages of short lines.

``--src DIR`` runs the children against another checkout's ``src`` (for example
the code before a change), so before and after come from one session::

    git archive OLD src | tar -x -C /tmp/old
    python benchmarks/page_memory.py --src /tmp/old/src --src src --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROSE = ("The council approved the new budget on Tuesday after a long debate that lasted well into the night, "
         "and critics said it would raise taxes. ")

SHAPES = {
    # a page flattened to one line of prose (a seed joined, a scraper that dropped newlines)
    "one-line": lambda size: (PROSE * (size // len(PROSE) + 1))[:size].rstrip() + ".",
    # one line of prose with irregular white space (tabs, double spaces, NBSP) to normalise
    "one-line-ragged": lambda size: (PROSE.replace(", ", ",\t ").replace(" the ", "  the\u00a0")
                                     * (size // len(PROSE) + 1))[:size],
    # many very short lines
    "short-lines": lambda size: "\n".join(f"w{i % 997}" for i in range(size // 5)),
}

CHILD = r"""
import json, resource, sys
from cleanpress import Cleaner
mode, path = sys.argv[1], sys.argv[2]
if mode == "api":
    text = open(path, encoding="utf-8").read()
    cleaner = Cleaner()
    cleaner.clean("Warm up.\nA line of text.")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = cleaner.clean(text)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"base_kb": base, "peak_kb": peak, "chars": len(text), "lines": text.count("\n") + 1,
                      "kept": sum(len(s.text) for s in result.stories)}))
else:
    from cleanpress.cli import main
    import cleanpress.commands.clean  # imported before the baseline, as in the api mode
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rc = main(["clean", path, "-o", path + ".out", "-q"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"base_kb": base, "peak_kb": peak, "rc": rc}))
"""


def measure(src: str, mode: str, shape: str, mb: float, folder: str) -> dict[str, object]:
    page = os.path.join(folder, f"{shape}-{mb}.txt" if mode != "cli-jsonl" else f"{shape}-{mb}.jsonl")
    # written by another process: the kernel carries a parent's peak RSS into its children
    stats = json.loads(subprocess.run([sys.executable, __file__, "--write", shape, str(mb), mode, page],
                                      capture_output=True, text=True, check=True).stdout)
    env = {**os.environ, "PYTHONPATH": os.path.abspath(src)}
    proc = subprocess.run([sys.executable, "-c", CHILD, "api" if mode == "api" else "cli", page],
                          capture_output=True, text=True, env=env, check=False, timeout=3600)
    for leftover in (page, page + ".out"):
        if os.path.exists(leftover):
            os.unlink(leftover)
    if proc.returncode != 0:
        return {"src": src, "mode": mode, "shape": shape, "mb": mb, "error": proc.stderr[-500:]}
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    lines = stats["lines"]
    added = (row["peak_kb"] - row["base_kb"]) * 1024
    return {"src": src, "mode": mode, "shape": shape, "mb": mb, "lines": lines, "base_mb": row["base_kb"] / 1024,
            "peak_mb": row["peak_kb"] / 1024, "bytes_per_byte": added / stats["bytes"],
            "bytes_per_line": added / lines}


def write_page(shape: str, mb: float, mode: str, page: str) -> dict[str, int]:
    text = SHAPES[shape](int(mb * 1_000_000))
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "p", "text": text}) + "\n" if mode == "cli-jsonl" else text)
    return {"lines": text.count("\n") + 1, "bytes": len(text.encode("utf-8"))}


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        shape, mb, mode, page = sys.argv[2:6]
        print(json.dumps(write_page(shape, float(mb), mode, page)))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", action="append", help="a src folder to measure (repeatable; default ./src)")
    parser.add_argument("--mb", type=float, nargs="+", default=[5, 10, 20], help="page sizes in MB")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--modes", nargs="+", default=["api", "cli-txt", "cli-jsonl"],
                        choices=["api", "cli-txt", "cli-jsonl"])
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            for mode in args.modes:
                for mb in args.mb:
                    for src in args.src or [str(ROOT / "src")]:
                        row = measure(src, mode, shape, mb, folder)
                        rows.append(row)
                        if "error" in row:
                            print(f"{src:>24} {mode:9} {shape:15} {mb:6} MB  error: {row['error']}", flush=True)
                            continue
                        print(f"{src:>24} {mode:9} {shape:15} {mb:6} MB  peak {row['peak_mb']:8.1f} MB "
                              f"(base {row['base_mb']:.1f})  {row['bytes_per_byte']:6.2f} B/B  "
                              f"{row['bytes_per_line']:9.1f} B/line", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
