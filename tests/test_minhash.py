"""Signatures are datasketch's, bit for bit, for both schemes and both shingle hashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.minhash import POLY_BASE, TOKEN_BASE, Signer, permutations, shingle_hash, to_datasketch
from cleanpress.dedup.shingle import Shingler

TEXTS = [
    "The city council approved the new budget on Tuesday after a long debate about taxes.",
    "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen – nach langer Debatte über Steuern.",
    "東京都は火曜日に新しい予算を承認した。",
    "ราคาน้ำมันปรับขึ้นอีกครั้งในสัปดาห์นี้",
    "Two words",
    "",
    "   ... !!! ",
    "Ｆｕｌｌｗｉｄｔｈ ＴＥＸＴ and ﬁ ligatures, Straße and STRASSE",
]


def datasketch_signature(shingles: list[str], scheme: str, hash_name: str, num_perm: int = 128,
                         seed: int = 1) -> np.ndarray:
    if hash_name == "sha1":
        m = MinHash(num_perm, seed=seed, scheme=scheme)  # datasketch's default hashfunc
        m.update_batch([s.encode("utf-8") for s in shingles])
    else:
        m = MinHash(num_perm, seed=seed, scheme=scheme, hashfunc=shingle_hash)
        m.update_batch(shingles)
    return m.hashvalues


@pytest.mark.parametrize("scheme", ["affine32", "legacy"])
@pytest.mark.parametrize("hash_name", ["poly", "sha1"])
def test_signatures_equal_datasketch(scheme: str, hash_name: str) -> None:
    config = DedupConfig(scheme=scheme, hash=hash_name, num_perm=64, seed=42)
    signer = Signer(config)
    sigs = signer.sign(TEXTS)
    for text, row, size in zip(TEXTS, sigs.values, sigs.sizes, strict=True):
        shingles = signer.shingler.shingles(text)
        expected = datasketch_signature(shingles, scheme, hash_name, 64, 42)
        assert row.dtype == expected.dtype
        np.testing.assert_array_equal(row, expected, err_msg=f"{scheme}/{hash_name}: {text!r}")
        assert size == len(set(shingles))


@pytest.mark.parametrize("scheme", ["affine32", "legacy"])
def test_batches_of_many_texts_cross_block_boundaries(scheme: str) -> None:
    """Thousands of shingles span several permutation blocks; each text still gets its own minimum."""
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(vocab, size=int(n))) for n in rng.integers(0, 900, size=40)]
    signer = Signer(DedupConfig(scheme=scheme))
    sigs = signer.sign(texts)
    for text, row in zip(texts, sigs.values, strict=True):
        np.testing.assert_array_equal(row, datasketch_signature(signer.shingler.shingles(text), scheme, "poly"))


def test_permutations_are_datasketchs() -> None:
    for scheme in ("affine32", "legacy"):
        ours = permutations(128, 5, scheme)
        theirs = MinHash(128, seed=5, scheme=scheme).permutations
        np.testing.assert_array_equal(ours, np.asarray(theirs))


def test_sha1_hash_is_datasketchs_default() -> None:
    signer = Signer(DedupConfig(hash="sha1"))
    data = b"the mayor opened the bridge"
    got = signer._sha1_spans(data, np.array([0, 4]), np.array([len(data), 9]))
    assert got.tolist() == [sha1_hash32(data), sha1_hash32(data[4:9])]


def test_poly_hash_matches_its_definition() -> None:
    """Vectorised over a batch, the hash of each shingle is shingle_hash(shingle), spelled out here."""
    mask = (1 << 64) - 1

    def spelled_out(shingle: str) -> int:
        h = 0
        for k, token in enumerate(shingle.encode().split(b" ")):
            t = sum((b + 1) * pow(POLY_BASE, j, 1 << 64) for j, b in enumerate(token)) & mask
            h = (h + t * pow(TOKEN_BASE, k, 1 << 64)) & mask
        h ^= h >> 33
        h = (h * 0xFF51AFD7ED558CCD) & mask
        h ^= h >> 33
        h = (h * 0xC4CEB9FE1A85EC53) & mask
        h ^= h >> 33
        return h >> 32

    signer = Signer(DedupConfig(ngram=3))
    texts = ["Zürich, Straße;  and   the  ___ x" * 3, "a b", "東京都庁で", "   "]
    hashes, counts = signer.shingle_hashes(texts)
    shingles = [s for t in texts for s in signer.shingler.shingles(t)]
    assert counts.tolist() == [len(signer.shingler.shingles(t)) for t in texts]
    assert hashes.tolist() == [shingle_hash(s) for s in shingles] == [spelled_out(s) for s in shingles]


def test_sign_shingles_equals_update_batch() -> None:
    signer = Signer(DedupConfig(num_perm=32))
    shingles = ["one two", "three four", "five six"]
    expected = datasketch_signature(shingles, "affine32", "poly", 32)
    np.testing.assert_array_equal(signer.sign_shingles(shingles), expected)
    np.testing.assert_array_equal(signer.sign_shingles([]), MinHash(32).hashvalues)


def test_to_datasketch_round_trip_compares_with_datasketch_minhashes() -> None:
    config = DedupConfig()
    signer = Signer(config)
    ours = to_datasketch(signer.sign([TEXTS[0]]).values[0], config)
    theirs = MinHash(128, hashfunc=shingle_hash)
    theirs.update_batch(signer.shingler.shingles(TEXTS[0]))
    assert ours.jaccard(theirs) == 1.0


def test_empty_text_has_the_empty_signature() -> None:
    for scheme in ("affine32", "legacy"):
        sigs = Signer(DedupConfig(scheme=scheme)).sign(["", "!!!"])
        assert sigs.sizes.tolist() == [0, 0]
        for row in sigs.values:
            np.testing.assert_array_equal(row, MinHash(128, scheme=scheme).hashvalues)


def test_shingles_normalise_and_use_characters_without_spaces() -> None:
    s = Shingler(ngram=2, char_ngram=3)
    assert s.shingles("ＡＢＣ Straße") == ["abc strasse"]
    assert s.shingles("東京都庁") == ["東 京 都", "京 都 庁"]
    # the ASCII fast path and the Unicode path give the same tokens
    assert s.shingles("Hello, World-wide web_site") == s.shingles("Hello, World-wide web_site\u00a0")


_SIGN_IN_CHILD = (
    "import sys, json; from cleanpress.dedup.minhash import Signer; "
    "print(json.dumps(Signer().sign(json.loads(sys.argv[1])).values.tolist()))"
)


def test_signatures_are_identical_across_processes() -> None:
    """No salted hash(): a process with another PYTHONHASHSEED computes the same signatures."""
    texts = TEXTS[:4]
    ours = Signer().sign(texts).values.tolist()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _SIGN_IN_CHILD, json.dumps(texts)], env=env,
                             capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == ours


def test_config_refuses_unknown_scheme_and_hash() -> None:
    with pytest.raises(ValueError, match="scheme must be one of"):
        DedupConfig(scheme="affine64")
    with pytest.raises(ValueError, match="hash must be one of"):
        DedupConfig(hash="md5")
