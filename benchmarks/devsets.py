"""The four dev page sets, their metrics and line labels, shared by the quality benchmarks.

A data directory holds ``articles-dev``, ``readability-dev``, ``dragnet-dev``
(pages with a true ``body``: scored with :func:`metrics.shingle_f1`) and
``snippets-dev`` (pages with ``with`` / ``without`` snippets: scored with the
snippet metric below), each as ``NAME.jsonl.gz``. Nothing here is imported by
the package or its tests.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from metrics import shingle_f1

#: the sets, in report order, and how each is scored
SETS = ("articles", "readability", "snippets", "dragnet")
SNIPPET_SETS = frozenset({"snippets"})

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def norm_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_pages(path: str | Path) -> list[dict]:
    """The pages of one JSONL(.gz) file; a broken line is reported with its number."""
    opener = gzip.open if str(path).endswith(".gz") else open
    pages = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                pages.append(json.loads(line))
            except ValueError as exc:
                raise SystemExit(f"{path}:{number}: not a JSON object ({exc})") from exc
    return pages


def set_kind(pages: list[dict]) -> str:
    """``"snippets"`` for pages scored by snippets, else ``"body"``."""
    return "snippets" if pages and "with" in pages[0] else "body"


def load_sets(data: str | Path, names: Iterable[str] = SETS) -> dict[str, list[dict]]:
    """``{set name: pages}`` for the named sets found in ``data`` (a directory, or one file)."""
    data = Path(data)
    if data.is_file():
        name = data.name.split("-dev")[0].split(".")[0]
        return {name: read_pages(data)}
    out = {}
    for name in names:
        path = data / f"{name}-dev.jsonl.gz"
        if not path.exists():
            raise SystemExit(f"{path}: not found (the data directory must hold {name}-dev.jsonl.gz)")
        out[name] = read_pages(path)
    return out


def snippet_f1(pages: list[dict], preds: dict[str, str]) -> tuple[float, float, float]:
    """(f1, precision, recall) of trafilatura's snippet metric, counts summed over pages."""
    tp = fp = fn = 0
    for page in pages:
        text = norm_space(preds.get(page["id"], ""))
        hit = sum(1 for w in page["with"] if norm_space(w) in text)
        tp += hit
        fn += len(page["with"]) - hit
        fp += sum(1 for w in page["without"] if norm_space(w) in text)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), p, r


def score_set(pages: list[dict], preds: dict[str, str]) -> tuple[float, float, float]:
    """(f1, precision, recall) of ``{page id: text}`` with the set's own metric."""
    if set_kind(pages) == "snippets":
        return snippet_f1(pages, preds)
    return shingle_f1((page["body"], preds.get(page["id"], "")) for page in pages)


def predict(clean: Callable[[dict], str], pages: list[dict]) -> dict[str, str]:
    return {page["id"]: clean(page) for page in pages}


def site_of(page: dict) -> str:
    """The page's host (``www.`` dropped) when it has a URL, else its id (a site of its own)."""
    host = urlsplit(page.get("url") or "").hostname or ""
    return host.removeprefix("www.") or f"page:{page['id']}"


def article_labels(lines: list[str], body: str) -> list[float]:
    """1.0 for each line whose word 4-grams (words, for lines under four) mostly occur in ``body``."""
    toks = [t.lower() for t in _TOKEN.findall(body)]
    grams = {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}
    body_low = f" {' '.join(toks)} "
    labels = []
    for line in lines:
        t = [w.lower() for w in _TOKEN.findall(line)]
        if len(t) >= 4:
            sh = [tuple(t[i : i + 4]) for i in range(len(t) - 3)]
            labels.append(1.0 if sum(s in grams for s in sh) / len(sh) > 0.5 else 0.0)
        elif t:
            labels.append(1.0 if f" {' '.join(t)} " in body_low else 0.0)
        else:
            labels.append(0.0)
    return labels


def snippet_labels(lines: list[str], page: dict) -> list[float | None]:
    """1.0 for a line holding a ``with`` snippet, 0.0 for one holding a ``without``, else None."""
    want = [norm_space(w) for w in page["with"]]
    avoid = [norm_space(w) for w in page["without"]]
    labels: list[float | None] = []
    for raw in lines:
        line = norm_space(raw)
        if any(w and w in line for w in want):
            labels.append(1.0)
        elif any(w and w in line for w in avoid):
            labels.append(0.0)
        else:
            labels.append(None)
    return labels


def line_labels(lines: list[str], page: dict) -> list[float | None]:
    return snippet_labels(lines, page) if "with" in page else article_labels(lines, page["body"])
