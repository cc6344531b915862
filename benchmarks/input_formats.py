"""Reading speed and peak memory of each input format, against the same records as JSON Lines.

Builds N records from a dev file's pages (``text``, plus ``url`` and a ``date``
field that pass through), writes them as JSON Lines (plain, gzip, zstd), a
JSON array, Parquet and a WARC of HTML responses, then reads each with
:func:`cleanpress.io.read_inputs` in a child process and takes the child's
peak resident set size from ``os.wait4``. Two sizes (N and 4N) show whether a
format's memory grows with its file (it should not: every reader streams).

    python benchmarks/input_formats.py DATA_DIR/articles-dev.jsonl.gz --records 5000
    python benchmarks/input_formats.py DATA --records 5000 --json docs/formats_bench.json

Ratios are against plain JSON Lines in the same run (records/s, and the
peak RSS above the interpreter's baseline).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHILD = r"""
import sys, time
from cleanpress.io import read_inputs
t = time.perf_counter()
n = sum(1 for item in read_inputs([sys.argv[1]]) if hasattr(item, "id"))
print(n, time.perf_counter() - t)
"""
BASELINE = "import cleanpress.io"


def load_pages(path: str) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()][:500]


def records(pages: list[str], n: int) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "text": pages[i % len(pages)], "url": f"https://site{i % 50}.example/{i}",
             "date": f"2024-05-{1 + i % 28:02d}"} for i in range(n)]


FILES = {"jsonl": "p.jsonl", "jsonl.gz": "p.jsonl.gz", "jsonl.zst": "p.jsonl.zst", "json array": "p.json",
         "parquet": "p.parquet", "warc.gz": "p.warc.gz"}


def write_all(folder: Path, rows: list[dict[str, Any]]) -> dict[str, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import zstandard
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    lines = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)
    out = {fmt: folder / name for fmt, name in FILES.items()}
    out["jsonl"].write_bytes(lines)
    out["jsonl.gz"].write_bytes(gzip.compress(lines, 6))
    out["jsonl.zst"].write_bytes(zstandard.ZstdCompressor().compress(lines))
    out["json array"].write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(rows), out["parquet"], row_group_size=1024)
    with out["warc.gz"].open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for r in rows:
            body = "<html><body>" + "".join(f"<p>{p}</p>" for p in r["text"].splitlines()) + "</body></html>"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(r["url"], "response", http_headers=http,
                                                          payload=io.BytesIO(body.encode())))
    return out


def measure(code: str, *args: str) -> tuple[str, int]:
    """The child's stdout and its peak RSS in KB."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        if status != 0:
            raise RuntimeError(f"child failed: {args}")
        out.seek(0)
        return out.read().decode(), usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="a dev file of pages with a 'text' field (.jsonl.gz)")
    parser.add_argument("--records", type=int, default=5000, help="the smaller size (the larger is 4x)")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--write-to", help=argparse.SUPPRESS)  # the child that writes the files
    args = parser.parse_args()
    if args.write_to:
        write_all(Path(args.write_to), records(load_pages(args.data), args.records))
        return
    # the files are written by a child: a child's peak RSS counts its parent's at fork time
    _, baseline = measure(BASELINE)
    results: list[dict[str, Any]] = []
    for n in (args.records, 4 * args.records):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, __file__, args.data, "--records", str(n), "--write-to", tmp], check=True)
            files = {fmt: Path(tmp) / name for fmt, name in FILES.items()}
            for fmt, path in files.items():
                out, rss = measure(CHILD, str(path))
                count, seconds = out.split()
                assert int(count) == n, (fmt, count, n)
                results.append({"format": fmt, "records": n, "file_mb": round(path.stat().st_size / 2**20, 1),
                                "records_per_s": round(n / float(seconds)), "peak_rss_mb": round(rss / 1024, 1),
                                "above_baseline_mb": round((rss - baseline) / 1024, 1)})
    base = {r["records"]: r for r in results if r["format"] == "jsonl"}
    print(f"baseline (imports only): {baseline / 1024:.1f} MB")
    print(f"{'format':<11} {'records':>8} {'file MB':>8} {'rec/s':>8} {'x jsonl':>8} {'RSS MB':>7} {'above base':>10}")
    for r in results:
        ratio = r["records_per_s"] / base[r["records"]]["records_per_s"]
        r["speed_vs_jsonl"] = round(ratio, 2)
        print(f"{r['format']:<11} {r['records']:>8} {r['file_mb']:>8} {r['records_per_s']:>8} {ratio:>8.2f} "
              f"{r['peak_rss_mb']:>7} {r['above_baseline_mb']:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps({"baseline_mb": round(baseline / 1024, 1), "results": results},
                                              indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"({time.perf_counter() - start:.0f}s)", file=sys.stderr)
