"""Dedup speed against datasketch and rensa, in one run: signatures/s, stories/s end to end, peak memory.

    python benchmarks/dedup_speed.py                      # 20k stories of 400 words (the issue's gate)
    python benchmarks/dedup_speed.py --stories 100000 --words 500
    python benchmarks/dedup_speed.py --growth 10000,100000,1000000 --growth-words 200
    python benchmarks/dedup_speed.py --plot docs/img    # also draw docs/img/dedup_speed.png / dedup_growth.png

The corpus is generated (seeded, so its SHA-256 is printed and stable): words
drawn from a Zipf-distributed vocabulary of 60,000 made-up words, one story in
ten a near-copy of an earlier one (a few words changed, or trimmed). Every
contender does the same job as one process, from the JSONL file to a JSONL file
with a cluster per story:

- ``datasketch``: the plain recipe, per story ``MinHash(128).update_batch`` on
  lower-cased word 5-grams, ``MinHashLSH(threshold=0.5)`` query then insert,
  union-find over the hits;
- ``rensa``: the same recipe with ``RMinHash`` and ``RMinHashLSH`` (Rust);
- ``cleanpress``: ``python -m cleanpress dedup`` (its shingles, verification,
  clusters and representatives included).

Times are ratios against datasketch measured in the same run (the machine may
be shared); ``--check`` fails if cleanpress is below the stored minimum ratio.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

#: the gate: whole-process speed of ``cleanpress dedup`` over the datasketch recipe, at least
MIN_SPEEDUP_OVER_DATASKETCH = 5.0


# -- corpus ---------------------------------------------------------------------------------------------

def make_vocabulary(size: int, rng: np.random.Generator) -> np.ndarray:
    letters = np.array(list("etaoinshrdlucmfwypvbgkjqxz"))
    lengths = rng.integers(2, 11, size=size)
    return np.array(["".join(rng.choice(letters, size=n)) for n in lengths])


def generate(path: Path, stories: int, words: int, seed: int = 1) -> str:
    """Write the corpus; return its SHA-256."""
    rng = np.random.default_rng(seed)
    vocab = make_vocabulary(60_000, rng)
    ranks = np.arange(1, len(vocab) + 1)
    p = 1.0 / ranks**1.05
    cdf = np.cumsum(p / p.sum())
    cdf[-1] = 1.0
    digest = hashlib.sha256()
    texts: list[str] = []
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(stories):
            n = max(20, int(rng.normal(words, words / 5)))
            if texts and i % 10 == 9:  # a near-copy of an earlier story
                base = texts[int(rng.integers(len(texts)))].split(" ")
                if rng.random() < 0.5:
                    base = base[: int(len(base) * rng.uniform(0.6, 0.9))]
                else:
                    for pos in rng.integers(0, len(base), size=3):
                        base[pos] = str(vocab[rng.integers(len(vocab))])
                text = " ".join(base)
            else:
                text = " ".join(vocab[np.searchsorted(cdf, rng.random(n))].tolist()).capitalize() + "."
            if len(texts) < 5000:
                texts.append(text)
            else:
                texts[int(rng.integers(5000))] = text
            line = json.dumps({"id": f"s{i}", "text": text}) + "\n"
            digest.update(line.encode())
            fh.write(line)
    return digest.hexdigest()


def read_texts(path: str) -> list[tuple[str, str]]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [(r["id"], r["text"]) for r in map(json.loads, fh)]


def five_grams(text: str) -> list[str]:
    w = text.lower().split()
    return [" ".join(w[i : i + 5]) for i in range(max(1, len(w) - 4))]


# -- the contenders, each a whole process -----------------------------------------------------------------

def recipe_datasketch(inp: str, out: str) -> None:
    from datasketch import MinHash, MinHashLSH  # each contender imports only its own library, timed

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = []
    for sid, text in read_texts(inp):
        m = MinHash(128)
        m.update_batch([s.encode("utf-8") for s in five_grams(text)])
        parent[sid] = sid
        for other in lsh.query(m):
            parent[find(sid)] = find(other)
        lsh.insert(sid, m)
        ids.append(sid)
    with open(out, "w", encoding="utf-8") as fh:
        for sid in ids:
            fh.write(json.dumps({"id": sid, "cluster": find(sid)}) + "\n")


def recipe_rensa(inp: str, out: str) -> None:
    from rensa import RMinHash, RMinHashLSH  # each contender imports only its own library, timed

    lsh = RMinHashLSH(0.5, 128, 16)
    parent: list[int] = []

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = []
    for i, (sid, text) in enumerate(read_texts(inp)):
        m = RMinHash(128, 42)
        m.update(five_grams(text))
        parent.append(i)
        for other in lsh.query(m):
            parent[find(i)] = find(other)
        lsh.insert(i, m)
        ids.append(sid)
    with open(out, "w", encoding="utf-8") as fh:
        for i, sid in enumerate(ids):
            fh.write(json.dumps({"id": sid, "cluster": ids[find(i)]}) + "\n")


def recipe_cleanpress(inp: str, out: str, *extra: str) -> None:
    from cleanpress.cli import main  # each contender imports only its own library, timed

    status = main(["dedup", inp, "-o", out, "-q", *extra])
    if status:
        raise SystemExit(status)


def recipe_cleanpress_import(inp: str, out: str) -> None:
    """What ``cleanpress dedup`` pays before reading a record: starting and importing its command line."""
    from cleanpress.cli import main  # noqa: F401 - the import is what is timed


RECIPES = {"datasketch": recipe_datasketch, "rensa": recipe_rensa, "cleanpress": recipe_cleanpress,
           "cleanpress-import": recipe_cleanpress_import}


def peak_memory_kb() -> int:
    """This process's peak resident memory since it started (VmHWM: unlike ru_maxrss, not inherited at fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run_recipe(name: str, inp: str, out: str, *extra: str) -> dict[str, float]:
    """Run one contender as a fresh process: its wall time, its CPU time (user + system, the process and
    any children it waited for) and its peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--recipe", name, inp, out, *extra],
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_kb / 1024}


def same_clusters(a: Path, b: Path) -> dict[str, float]:
    """How two outputs' clusters agree: stories placed together by each, and by both (pair counts)."""
    from collections import Counter

    def clusters(path: Path) -> dict[str, str]:
        with path.open(encoding="utf-8") as fh:
            return {r["id"]: r["cluster"] for r in map(json.loads, fh)}

    ca, cb = clusters(a), clusters(b)

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    in_a, in_b = pairs(Counter(ca.values())), pairs(Counter(cb.values()))
    both = pairs(Counter((ca[k], cb[k]) for k in ca if k in cb))
    return {"pairs_a": in_a, "pairs_b": in_b, "pairs_both": both,
            "b_precision": round(both / in_b, 4) if in_b else 1.0, "b_recall": round(both / in_a, 4) if in_a else 1.0}


# -- signatures alone -------------------------------------------------------------------------------------

def signature_rates(texts: list[str], repeat: int = 1) -> dict[str, float]:
    """Signatures per second for each way of computing them (shingling included), in this process."""
    from datasketch import MinHash  # each contender imports only its own library, timed
    from rensa import RMinHash  # each contender imports only its own library, timed

    from cleanpress.dedup import DedupConfig, Signer  # each contender imports only its own library, timed

    def cleanpress_poly() -> None:
        signer = Signer(DedupConfig(hash="poly"))
        for i in range(0, len(texts), 1024):
            signer.sign(texts[i : i + 1024])

    def cleanpress_sha1() -> None:
        signer = Signer(DedupConfig(hash="sha1"))
        for i in range(0, len(texts), 1024):
            signer.sign(texts[i : i + 1024])

    def datasketch() -> None:
        for text in texts:
            m = MinHash(128)
            m.update_batch([s.encode("utf-8") for s in five_grams(text)])

    def rensa() -> None:
        for text in texts:
            r = RMinHash(128, 42)
            r.update(five_grams(text))
            r.digest()

    contenders = {"cleanpress (poly)": cleanpress_poly, "cleanpress (sha1)": cleanpress_sha1,
                  "datasketch": datasketch, "rensa": rensa}
    best: dict[str, float] = {}
    for _ in range(repeat):  # interleaved, best of each; CPU time: other load on a shared machine counts less
        for name, work in contenders.items():
            start = time.process_time()
            work()
            best[name] = min(best.get(name, float("inf")), time.process_time() - start)
    return {name: len(texts) / seconds for name, seconds in best.items()}


# -- main -------------------------------------------------------------------------------------------------

def compile_bytecode() -> None:
    """Compile cleanpress's modules to bytecode, as installing a package does (pip compiles what it installs;
    an editable install, run with ``PYTHONDONTWRITEBYTECODE``, would otherwise compile every module on every
    start). datasketch and rensa, installed by pip, have theirs."""
    import importlib.util

    spec = importlib.util.find_spec("cleanpress")
    folders = list(spec.submodule_search_locations or []) if spec else []
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True, capture_output=True)


def speed(args: argparse.Namespace, work: Path) -> dict:
    compile_bytecode()
    corpus = work / "corpus.jsonl"
    sha = generate(corpus, args.stories, args.words)
    size_mb = corpus.stat().st_size / 1e6
    print(f"corpus: {args.stories} stories of ~{args.words} words, {size_mb:.0f} MB, sha256 {sha[:16]}")
    texts = [t for _, t in read_texts(str(corpus))[: args.signature_sample]]
    rates = signature_rates(texts, args.repeat)
    print(f"\nsignatures per CPU-second on {len(texts)} stories (shingling included), one process:")
    for name, rate in rates.items():
        print(f"  {name:20} {rate:9.0f}/s   x{rate / rates['datasketch']:.1f} datasketch")
    print(f"\nwhole process, {args.stories} stories, JSONL in -> clusters out (best of {args.repeat}, interleaved;"
          " ratios by CPU time, user + system):")
    runs: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):  # interleaved, best of each: a shared machine's load comes and goes
        for name in ("datasketch", "rensa", "cleanpress", "cleanpress-import"):
            r = run_recipe(name, str(corpus), str(work / f"out-{name}.jsonl"))
            if name not in runs or r["cpu_seconds"] < runs[name]["cpu_seconds"]:
                runs[name] = r
    imports = runs.pop("cleanpress-import")
    base, rensa = runs["datasketch"]["cpu_seconds"], runs["rensa"]["cpu_seconds"]
    for name, r in runs.items():
        print(f"  {name:12} CPU {r['cpu_seconds']:6.2f} s  {args.stories / r['cpu_seconds']:8.0f} stories/CPU-s  "
              f"x{base / r['cpu_seconds']:.1f} datasketch  x{rensa / r['cpu_seconds']:.2f} rensa  "
              f"(wall {r['seconds']:.1f} s)  peak {r['peak_mb']:.0f} MB")
    work_only = runs["cleanpress"]["cpu_seconds"] - imports["cpu_seconds"]
    print(f"  of which starting the process and importing cleanpress's command line: CPU {imports['cpu_seconds']:.2f} s"
          f" (the rest, {work_only:.2f} s, is x{rensa / work_only:.2f} rensa's whole process)")
    same = same_clusters(work / "out-rensa.jsonl", work / "out-cleanpress.jsonl")
    print(f"  pairs in the same cluster, cleanpress vs rensa: {same}")
    return {"stories": args.stories, "words": args.words, "corpus_sha256": sha, "signatures_per_cpu_s": rates,
            "whole_process": runs, "speedup_over_datasketch": base / runs["cleanpress"]["cpu_seconds"],
            "speedup_over_rensa": rensa / runs["cleanpress"]["cpu_seconds"],
            "import_cpu_seconds": imports["cpu_seconds"], "clusters_vs_rensa": same}


def growth(args: argparse.Namespace, work: Path) -> list[dict]:
    rows = []
    print(f"\ngrowth, stories of ~{args.growth_words} words, `cleanpress dedup --index` (SQLite):")
    for n in [int(x) for x in args.growth.split(",")]:
        corpus = work / f"growth-{n}.jsonl"
        generate(corpus, n, args.growth_words, seed=2)
        index = work / f"growth-{n}.sqlite"
        r = run_recipe("cleanpress", str(corpus), str(work / "growth-out.jsonl"), "--index", str(index))
        row = {"stories": n, "seconds": r["seconds"], "stories_per_s": n / r["seconds"], "peak_mb": r["peak_mb"],
               "index_bytes_per_story": index.stat().st_size / n,
               "memory_bytes_per_story": r["peak_mb"] * 2**20 / n}
        rows.append(row)
        print(f"  {n:>8} stories  {row['stories_per_s']:7.0f} stories/s  "
              f"index {row['index_bytes_per_story']:6.0f} B/story"
              f"  peak {r['peak_mb']:6.0f} MB ({row['memory_bytes_per_story']:.0f} B/story)")
        corpus.unlink()
        index.unlink()
        if args.save:  # a long growth run keeps what it measured so far
            Path(args.save + ".growth-partial").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return rows


def plot(results: dict, folder: Path, suffix: str = "") -> None:
    import matplotlib  # a benchmark-only dependency

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # a benchmark-only dependency

    folder.mkdir(parents=True, exist_ok=True)
    if "speed" in results:
        s = results["speed"]
        fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.6))
        rates = s.get("signatures_per_cpu_s") or s["signatures_per_s"]
        names = list(rates)
        a.barh(names, [rates[n] for n in names], color="#4c72b0")
        a.set_xlabel("signatures per CPU-second (one core)")
        a.set_title("MinHash signatures, shingling included")
        names = list(s["whole_process"])
        b.barh(names, [s["stories"] / s["whole_process"][n].get("cpu_seconds", s["whole_process"][n]["seconds"])
                       for n in names], color="#55a868")
        b.set_xlabel("stories per CPU-second")
        b.set_title(f"whole process, {s['stories']:,} stories of ~{s['words']} words")
        fig.tight_layout()
        fig.savefig(folder / f"dedup_speed{suffix}.png", dpi=110)
    if results.get("growth"):
        g = results["growth"]
        fig, a = plt.subplots(figsize=(6.5, 3.6))
        xs = [r["stories"] for r in g]
        a.plot(xs, [r["stories_per_s"] for r in g], "o-", label="stories / s")
        a.set_xscale("log")
        a.set_xlabel("stories in the index")
        a.set_ylabel("stories / s")
        a2 = a.twinx()
        a2.plot(xs, [r["index_bytes_per_story"] for r in g], "s--", color="#c44e52", label="SQLite bytes / story")
        a2.plot(xs, [r["memory_bytes_per_story"] for r in g], "^:", color="#8172b2", label="peak memory bytes / story")
        a2.set_ylabel("bytes / story")
        a2.set_ylim(bottom=0)
        fig.legend(loc="lower left", bbox_to_anchor=(0.12, 0.15), fontsize=8)
        a.set_title("cleanpress dedup as the index grows")
        fig.tight_layout()
        fig.savefig(folder / f"dedup_growth{suffix}.png", dpi=110)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--recipe":
        RECIPES[sys.argv[2]](*sys.argv[3:])
        print(peak_memory_kb(), file=sys.stderr)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=400)
    parser.add_argument("--signature-sample", type=int, default=5000, help="stories for the signatures/s part")
    parser.add_argument("--growth", help="comma-separated corpus sizes for the growth curve, e.g. 10000,100000")
    parser.add_argument("--growth-words", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each contender, interleaved; the best counts")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--plot", metavar="FOLDER", help="draw the plots into FOLDER (needs matplotlib)")
    parser.add_argument("--plot-suffix", default="", help="added to the plots' file names (dedup_speedSUFFIX.png)")
    parser.add_argument("--save", metavar="JSON", help="also write the results here")
    parser.add_argument("--check", action="store_true", help=f"fail below x{MIN_SPEEDUP_OVER_DATASKETCH} datasketch")
    parser.add_argument("--load", metavar="JSON", nargs="*", default=[],
                        help="results saved by earlier runs (--save) to plot together with this run's")
    args = parser.parse_args()
    results: dict = {}
    for saved in args.load:
        results.update(json.loads(Path(saved).read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_speed:
            results["speed"] = speed(args, work)
        if args.growth:
            results["growth"] = growth(args, work)
    if args.save:
        Path(args.save).parent.mkdir(parents=True, exist_ok=True)
        Path(args.save).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(results, Path(args.plot), args.plot_suffix)
    if args.check and "speed" in results and results["speed"]["speedup_over_datasketch"] < MIN_SPEEDUP_OVER_DATASKETCH:
        raise SystemExit(f"cleanpress dedup is x{results['speed']['speedup_over_datasketch']:.1f} datasketch, "
                         f"below the gate x{MIN_SPEEDUP_OVER_DATASKETCH}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
