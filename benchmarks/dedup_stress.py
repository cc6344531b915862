"""Dedup under imperfect cleaning: copies padded with host prose, trimmed, or both.

    python benchmarks/dedup_stress.py STORIES.jsonl.gz HOSTS.jsonl.gz [--stories 120] [--seed 1] [--json OUT]

A generated stress set, from dev data: every story (the ``body`` of a record of
STORIES, at least 120 words) comes once as it is, and once per padding level
1x, 2x and 4x as a *copy*: trimmed to its first 30-100% (cut after a sentence)
and then padded with that many times its kept length of prose from the raw
``text`` of pages of HOSTS (comments, bios, menus, other stories' paragraphs,
whatever those pages hold), part before and part after it, each copy from
another host page (drawn without replacement; pages of one site recur in the
host set, so sites' own prose recurs too). ``--hosts-pool N`` draws them from
N pages only, so that one host page pads many different stories: a harder
set, where one page's text dominates several unrelated texts.

Pairs: (story, copy) for each padding level, and copy with copy. Reported per
padding level: recall of the (story, copy) pairs, and precision of every
predicted pair that involves a copy of that level; overall pairwise F1. For
cleanpress (``dedup`` on the texts as they are), datasketch ``MinHashLSH``
(threshold 0.5, the plain recipe: word 5-grams, union of query hits) and
datasketch ``MinHashLSHEnsemble`` (containment 0.7 of the query in the
indexed set, as the pair's smaller side; union of hits), on the same texts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import components  # the benchmarks' shared helpers, found through the path above

LEVELS = (1, 2, 4)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")


def load(path: str) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def trim(text: str, fraction: float) -> str:
    """The first ``fraction`` of ``text``, cut after the last sentence end before that point (if any)."""
    cut = int(len(text) * fraction)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, cut + 1)]
    return text[: ends[-1]].rstrip() if ends and ends[-1] > cut // 2 else text[:cut]


def host_prose(page: str, chars: int, rng: random.Random) -> str:
    """About ``chars`` characters of a host page's lines, from a random line on (wrapping around)."""
    lines = [line for line in page.splitlines() if line.strip()]
    if not lines:
        return ""
    out: list[str] = []
    total, i = 0, rng.randrange(len(lines))
    while total < chars and len(out) < 4 * len(lines):
        out.append(lines[i % len(lines)])
        total += len(out[-1]) + 1
        i += 1
    return "\n".join(out)


def generate(stories: list[dict], hosts: list[dict], n: int, seed: int,
             pool_size: int | None = None) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """The stress set's records (``id``, ``text``, ``story``, ``level``) and its gold pairs (a, b, level)."""
    rng = random.Random(seed)
    bodies = [r for r in stories if len((r.get("body") or "").split()) >= 120]
    rng.shuffle(bodies)
    pool = [h["text"] for h in hosts if len(h.get("text") or "") > 3000]
    rng.shuffle(pool)
    if pool_size:
        pool = pool[:pool_size]
    hosts_left: list[str] = []

    def next_host() -> str:
        if pool_size:
            return rng.choice(pool)
        if not hosts_left:
            hosts_left.extend(pool)
        return hosts_left.pop()

    records: list[dict] = []
    pairs: list[tuple[str, str, int]] = []
    for k, story in enumerate(bodies[:n]):
        body = story["body"].strip()
        sid = f"st{k:03d}"
        records.append({"id": f"{sid}-orig", "text": body, "story": sid, "level": 0})
        copies = []
        for level in LEVELS:
            kept = trim(body, rng.uniform(0.3, 1.0))
            pad = host_prose(next_host(), level * len(kept), rng)
            split = rng.randrange(len(pad) + 1)
            before, after = pad[:split], pad[split:]
            cid = f"{sid}-pad{level}"
            records.append({"id": cid, "text": f"{before}\n{kept}\n{after}".strip(), "story": sid, "level": level})
            pairs.append((f"{sid}-orig", cid, level))
            copies.append((cid, level))
        pairs.extend((a, b, max(la, lb)) for i, (a, la) in enumerate(copies) for b, lb in copies[i + 1:])
    rng.shuffle(records)
    return records, pairs


def cleanpress_labels(records: list[dict]) -> dict[str, str]:
    from cleanpress.dedup import dedup  # imported where used

    return {a.id: a.cluster for a in dedup([(r["id"], r["text"]) for r in records]).assignments}


def _minhashes(records: list[dict]) -> dict[str, tuple[object, int]]:
    from datasketch import MinHash  # imported where used

    out = {}
    for r in records:
        words = r["text"].lower().split()
        shingles = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
        m = MinHash(128)
        m.update_batch(list(shingles))
        out[r["id"]] = (m, len(shingles))
    return out


def datasketch_lsh_labels(records: list[dict]) -> dict[str, str]:
    from datasketch import MinHashLSH  # imported where used

    hashes = _minhashes(records)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    edges = []
    for key, (m, _) in hashes.items():
        edges.extend((key, other) for other in lsh.query(m))
        lsh.insert(key, m)
    return components(list(hashes), edges)


def datasketch_ensemble_labels(records: list[dict]) -> dict[str, str]:
    from datasketch import MinHashLSHEnsemble  # imported where used

    hashes = _minhashes(records)
    ensemble = MinHashLSHEnsemble(threshold=0.7, num_perm=128, num_part=16)
    ensemble.index([(key, m, size) for key, (m, size) in hashes.items()])
    edges = [(key, other) for key, (m, size) in hashes.items() for other in ensemble.query(m, size) if other != key]
    return components(list(hashes), edges)


def score(labels: dict[str, str], records: list[dict], pairs: list[tuple[str, str, int]]) -> dict[str, float]:
    level = {r["id"]: r["level"] for r in records}
    story = {r["id"]: r["story"] for r in records}
    by_cluster: dict[str, list[str]] = {}
    for key, cluster in labels.items():
        by_cluster.setdefault(cluster, []).append(key)
    predicted = [(a, b) for members in by_cluster.values() for i, a in enumerate(members) for b in members[i + 1:]]
    gold = {frozenset((a, b)) for a, b, _ in pairs}
    out: dict[str, float] = {}
    for lv in LEVELS:
        mine = [(a, b) for a, b, x in pairs if x == lv and a.endswith("-orig")]
        out[f"recall {lv}x"] = sum(labels[a] == labels[b] for a, b in mine) / len(mine)
        involved = [p for p in predicted if lv in (level[p[0]], level[p[1]])]
        out[f"precision {lv}x"] = (sum(story[a] == story[b] for a, b in involved) / len(involved)) if involved else 1.0
    tp = sum(frozenset(p) in gold for p in predicted)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(gold)
    out["precision"], out["recall"] = precision, recall
    out["F1"] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", help="JSONL(.gz) with a 'body' per record (the stories)")
    parser.add_argument("hosts", help="JSONL(.gz) with a 'text' per record (host pages whose prose pads the copies)")
    parser.add_argument("--stories", dest="n", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hosts-pool", type=int, help="draw host pages from this many pages only")
    parser.add_argument("--json", help="write the table here as JSON")
    args = parser.parse_args()
    records, pairs = generate(load(args.stories), load(args.hosts), args.n, args.seed, args.hosts_pool)
    print(f"{len(records)} texts, {len(pairs)} duplicate pairs, from {Path(args.stories).name} "
          f"padded with {Path(args.hosts).name}")
    methods: dict[str, Callable[[list[dict]], dict[str, str]]] = {
        "cleanpress dedup": cleanpress_labels,
        "datasketch MinHashLSH": datasketch_lsh_labels,
        "datasketch LSHEnsemble": datasketch_ensemble_labels,
    }
    rows = {}
    columns = [f"{k} {lv}x" for lv in LEVELS for k in ("recall", "precision")] + ["F1"]
    print(f"{'':24}" + "".join(f"{c:>14}" for c in columns) + f"{'seconds':>9}")
    for name, method in methods.items():
        t = time.perf_counter()
        labels = method(records)
        rows[name] = score(labels, records, pairs)
        print(f"{name:24}" + "".join(f"{rows[name][c]:14.3f}" for c in columns) + f"{time.perf_counter() - t:9.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"stories": Path(args.stories).name, "hosts": Path(args.hosts).name,
                                               "n": args.n, "seed": args.seed, "hosts_pool": args.hosts_pool,
                                               "results": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
