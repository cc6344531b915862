"""A text file that is mostly UTF-8 stays UTF-8 (its few bad bytes replaced, and counted in the
warning); only a file that is not UTF-8 at all goes to charset guessing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.io.decode import MIN_VALID_PER_BAD_BYTE, decode_bytes

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPH = ("The council said “the budget — which was late — is final,” and residents’ groups agreed "
             "after a long debate that lasted well into the night. ")


def damaged(text: str, positions: list[int], byte: int = 0x92) -> bytes:
    """``text`` as UTF-8 with one invalid byte put in at each of ``positions`` (ASCII offsets)."""
    data = text.encode("utf-8")
    for start in sorted(positions, reverse=True):
        pos = start
        while pos < len(data) and data[pos] >= 0x80:  # never inside a multibyte sequence
            pos += 1
        data = data[:pos] + bytes([byte]) + data[pos:]
    return data


def test_four_bad_bytes_keep_the_rest_of_the_file_utf8():
    data = damaged(PARAGRAPH * 6, [100, 300, 301, 500])
    text, note = decode_bytes(data)
    assert note is not None and "4 invalid bytes replaced with U+FFFD" in note
    assert text.count("\ufffd") == 4
    assert text.replace("\ufffd", "") == PARAGRAPH * 6, "a quote or dash was decoded as something else"


def test_a_single_byte_charset_is_still_guessed():
    latin = ("Le café crème était délicieux, a déclaré le maire de la ville à Montréal. " * 5).encode("cp1252")
    text, note = decode_bytes(latin)
    assert "café crème était délicieux" in text and "\ufffd" not in text
    assert note is not None and "decoded as" in note
    russian = ("Совет утвердил бюджет во вторник после долгих споров. " * 5).encode("koi8-r")
    text, note = decode_bytes(russian)
    assert "Совет утвердил бюджет" in text


def test_cli_warning_names_the_file_and_the_count(tmp_path):
    page = tmp_path / "quotes.txt"
    page.write_bytes(damaged(PARAGRAPH * 6, [100, 300, 301, 500]))
    proc = subprocess.run([sys.executable, "-m", "cleanpress", "clean", str(page)], cwd=ROOT, capture_output=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"warning: {page}: not UTF-8 (first bad byte at offset" in proc.stderr.decode()
    assert "4 invalid bytes replaced" in proc.stderr.decode()
    text = "".join(json.loads(line)["text"] for line in proc.stdout.splitlines())
    assert "“the budget — which was late — is final,”" in text


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(["council", "“budget”", "naïve", "Zürich", "Мост", "東京", "—", "café", "₂",
                                    "night", "emoji 🙂"]), min_size=20, max_size=200),
    bad=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6),
    byte=st.sampled_from([0x80, 0x92, 0xC0, 0xE9, 0xFF]),
)
def test_mostly_utf8_keeps_every_valid_character(words, bad, byte):
    text = " ".join(words)
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F)
    positions = [p % max(len(text.encode()), 1) for p in bad]
    if multibyte < MIN_VALID_PER_BAD_BYTE * len(positions):
        return  # not "mostly UTF-8": guessing is allowed there
    decoded, note = decode_bytes(damaged(text, positions, byte))
    assert note is not None and f"{len(positions)} invalid byte" in note
    assert decoded.replace("\ufffd", "") == text
