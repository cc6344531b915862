"""A generated news corpus with planted near-duplicates, for the Spark tests and benchmarks.

Pages have a headline line and paragraphs of sentences drawn from a made-up
vocabulary (with accented words, and a few pages in Chinese characters, so the
Unicode paths of the shingler run). A share of the pages are syndicated copies
of an earlier page: another headline, a dateline, a few words changed, and
sometimes only the first part of the story. ``story`` in each record names
the original, so pairwise quality can be measured.

    python benchmarks/spark_corpus.py 20000 -o pages-20k.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator

_SYLLABLES = ("ka", "lo", "mi", "ter", "an", "sch", "ü", "ber", "ö", "rä", "ne", "vo", "ßen", "é", "du", "ri", "sta",
              "gel", "pa", "ond", "ir", "ul", "we", "zen", "ho", "ma", "tri", "en")
_CJK = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后"
    "小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长"
)
_DATELINES = ("BERLIN (dpa) — ", "WIEN (APA) - ", "PARIS, AFP: ", "LONDON (Reuters) - ", "")


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _original(rng: random.Random, vocab: list[str], words: int) -> tuple[str, list[str]]:
    if rng.random() < 0.03:
        body = ["".join(rng.choice(_CJK) for _ in range(rng.randint(20, 40))) + "。" for _ in range(words // 30 + 2)]
        return "".join(rng.choice(_CJK) for _ in range(12)), body
    sentences: list[str] = []
    while sum(s.count(" ") + 1 for s in sentences) < words:
        sentences.append(_sentence(rng, vocab))
    headline = " ".join(w.capitalize() for w in (rng.choice(vocab) for _ in range(rng.randint(6, 10))))
    return headline, sentences


def _copy(rng: random.Random, vocab: list[str], sentences: list[str]) -> tuple[str, list[str]]:
    keep = len(sentences) if rng.random() < 0.7 else max(2, int(len(sentences) * rng.uniform(0.6, 0.9)))
    edited = []
    for s in sentences[:keep]:
        words = s.split(" ")
        for _ in range(int(len(words) * 0.03 + rng.random())):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        edited.append(" ".join(words))
    edited[0] = rng.choice(_DATELINES) + edited[0]
    headline = " ".join(w.capitalize() for w in (rng.choice(vocab) for _ in range(rng.randint(6, 10))))
    return headline, edited


def _page(headline: str, sentences: list[str]) -> str:
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def pages(n: int, *, seed: int = 0, words: int = 120, copies: float = 0.3) -> Iterator[dict[str, str]]:
    """``n`` page records ``{"id", "text", "story"}``; about ``copies`` of them copy an earlier page.

    >>> recs = list(pages(50, seed=1))
    >>> len(recs), len({r["story"] for r in recs}) < 50
    (50, True)
    """
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 5000)
    originals: list[tuple[str, list[str]]] = []
    for i in range(n):
        if originals and rng.random() < copies:
            k = rng.randrange(len(originals))
            headline, sentences = _copy(rng, vocab, originals[k][1])
            story = originals[k][0]
        else:
            headline, sentences = _original(rng, vocab, rng.randint(words // 2, words * 3 // 2))
            story = f"s{i:07d}"
            originals.append((story, sentences))
        yield {"id": f"p{i:07d}", "text": _page(headline, sentences), "story": story}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", type=int, default=120)
    args = parser.parse_args()
    opener = gzip.open if args.output.endswith(".gz") else open
    with opener(args.output, "wt", encoding="utf-8") as fh:
        for record in pages(args.n, seed=args.seed, words=args.words):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
