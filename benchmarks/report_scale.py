"""How the HTML report scales: file size per page, build time, and the browser's load time.

    .venv/bin/python benchmarks/report_scale.py ../shared/data/syndication-dev.jsonl.gz \
        [--sizes 100,1000,10000] [--plot docs/img/report-scale.png]

The pages are cleaned and deduplicated once (``cleanpress.run``), then their story
records are repeated under new ids (clusters stay within one copy) to reach each size,
and a report is built from the records. Each report is opened in headless Chromium
(over the DevTools pipe, as the browser test does): the time from navigation to the
first screen drawn, the time to draw the next screen, the time to filter by a rule, and
the JavaScript heap. Times are noisy on a shared machine, so they are given as ratios
to the smallest size, measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_report_browser import Browser, find_chromium  # noqa: E402

import cleanpress  # noqa: E402


def load_pages(path: str) -> list[cleanpress.Document]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [cleanpress.Document(id=str(r["id"]), text=r["text"]) for r in map(json.loads, fh) if r.get("text")]


def replicate(records: list[dict], pages: int) -> list[dict]:
    """Records for ``pages`` pages: copies of the source pages under new ids."""
    by_page: dict[str, list[dict]] = {}
    for r in records:
        by_page.setdefault(r["source_id"], []).append(r)
    sources = list(by_page)
    out: list[dict] = []
    for n in range(pages):
        copy, source = divmod(n, len(sources))
        for r in by_page[sources[source]]:
            def rename(value: str | None, copy: int = copy) -> str | None:
                return None if value is None else f"{value}~{copy}"
            out.append({**r, "id": rename(r["id"]), "source_id": rename(r["source_id"]),
                        "cluster": rename(r.get("cluster")), "duplicate_of": rename(r.get("duplicate_of"))})
    return out


def measure_browser(browser: Browser, path: Path) -> dict[str, float]:
    browser.events.clear()
    start = time.perf_counter()
    browser.send("Page.navigate", {"url": path.as_uri()}, timeout=120)
    browser.wait_for("Page.loadEventFired", timeout=300)
    while browser.evaluate("document.body.getAttribute('data-ready')") != "1":
        time.sleep(0.01)
    load = time.perf_counter() - start
    start = time.perf_counter()
    browser.evaluate("document.getElementById('next').click(); document.querySelectorAll('#pages .page').length")
    next_screen = time.perf_counter() - start
    start = time.perf_counter()
    browser.evaluate(
        "(() => { const s = document.getElementById('rule-filter'); s.value = s.options[2].value;"
        " s.dispatchEvent(new Event('change')); return document.querySelectorAll('#pages .page').length; })()"
    )
    filter_time = time.perf_counter() - start
    metrics = {m["name"]: m["value"] for m in browser.send("Performance.getMetrics")["metrics"]}
    return {"load_s": load, "next_screen_s": next_screen, "filter_s": filter_time,
            "js_heap_mb": metrics.get("JSHeapUsedSize", 0.0) / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", help="JSONL(.gz) of pages with id and text")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--plot", help="write a PNG plot here (needs matplotlib: pip install -e '.[bench]')")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    docs = load_pages(args.pages)
    start = time.perf_counter()
    records = list(cleanpress.run(docs))
    print(f"cleaned and deduplicated {len(docs)} pages into {len(records)} stories "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    binary = find_chromium()
    browser = Browser(binary, width=1280, height=1000) if binary else None
    if browser:
        browser.open_page()
        browser.send("Page.enable")
        browser.send("Performance.enable")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            recs = replicate(records, size)
            start = time.perf_counter()
            html = cleanpress.report(recs)
            build = time.perf_counter() - start
            path = Path(tmp) / f"report-{size}.html"
            path.write_text(html, encoding="utf-8")
            row = {"pages": size, "stories": len(recs), "bytes": len(html.encode("utf-8")), "build_s": build}
            row["bytes_per_page"] = row["bytes"] / size
            if browser:
                row.update(measure_browser(browser, path))
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
    if browser:
        browser.close()

    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(results, args.plot)
    return 0


def print_table(results: list[dict]) -> None:
    anchor = results[0]
    print("| pages | file size | bytes per page | build (x anchor) | load (x anchor) | next screen | "
          "filter by rule | JS heap |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        cells = [f"{r['pages']:,}", f"{r['bytes'] / 1e6:.1f} MB", f"{r['bytes_per_page'] / 1e3:.1f} kB",
                 f"{r['build_s'] / anchor['build_s']:.1f}"]
        if "load_s" in r:
            cells += [f"{r['load_s'] / anchor['load_s']:.1f}", f"{r['next_screen_s'] * 1e3:.0f} ms",
                      f"{r['filter_s'] * 1e3:.0f} ms", f"{r['js_heap_mb']:.0f} MB"]
        print("| " + " | ".join(cells) + " |")


def plot(results: list[dict], path: str) -> None:
    import matplotlib  # a benchmark-only dependency (the bench extra)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    anchor = results[0]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    xs = [r["pages"] for r in results]
    ax.loglog(xs, [r["bytes"] / 1e6 for r in results], "o-", label="file size (MB)")
    if all("load_s" in r for r in results):
        ax.loglog(xs, [r["load_s"] / anchor["load_s"] for r in results], "s-",
                  label=f"browser load time (x {anchor['pages']} pages)")
        ax.loglog(xs, [r["next_screen_s"] * 1e3 for r in results], "^-", label="next screen (ms)")
    ax.set_xlabel("pages in the report")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title("cleanpress report: size and browser time against pages", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    raise SystemExit(main())
