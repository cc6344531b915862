"""``dumps`` (every JSON Lines line the commands write) encodes ASCII records through the faster ASCII encoder:
the line must be byte for byte what the general encoder gives, for any record."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress.io import dumps
from cleanpress.io.decode import scrub

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)
ANY_TEXT = st.text(max_size=40)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), ASCII, ANY_TEXT)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(ASCII, SCALARS, max_size=3))


def general(record: dict[str, Any]) -> str:
    """The line as the general (non-ASCII) encoder writes it."""
    return (scrub(json.dumps(record, ensure_ascii=False, separators=(",", ":"))) or "") + "\n"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.one_of(ASCII, ANY_TEXT), VALUES, max_size=6))
def test_dumps_is_the_general_encoding_for_any_record(record: dict[str, Any]) -> None:
    assert dumps(record) == general(record)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(ASCII, st.one_of(ASCII, st.integers(), st.none()), max_size=6))
def test_ascii_records_are_written_as_they_are(record: dict[str, Any]) -> None:
    assert dumps(record) == general(record)
    assert json.loads(dumps(record)) == record


def test_the_characters_only_one_encoder_escapes() -> None:
    """DEL is escaped by the ASCII encoder only; non-ASCII text and lone surrogates take the general path."""
    for text in ("a\x7fb", "tab\tnew\nline\x00", "quote \" back \\ slash", "back \\u007f slash", "café",
                 "a" + chr(0xDC80), "\u2028"):
        record = {"id": "x", "text": text, "n": 1}
        assert dumps(record) == general(record), text
    assert dumps({"id": "x", "text": "a\x7fb"}) == '{"id":"x","text":"a\x7fb"}\n'
    assert dumps({"id": "x", "text": "café"}) == '{"id":"x","text":"café"}\n'
