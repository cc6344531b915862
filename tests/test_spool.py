"""Records wait for the clusters in memory up to a limit, then in a temporary file: the output is the same."""

from __future__ import annotations

import tempfile
from typing import Any

import pytest

from cleanpress import pipeline
from cleanpress.dedup.deduplicator import Deduplicator
from cleanpress.pipeline import dedup_lines

STORY = ("The council approved the harbour budget on Tuesday after a debate about taxes, schools, "
         "the bridge and the ferry, and the mayor said work would start in the spring. ")


def records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(40):
        text = STORY * (1 + i % 3) + f"Story {i} ends with its own line, number {i * 7}."
        out.append({"id": f"s{i}", "text": text, "url": f"https://a.example/{i}", "n": i, "tag": "caf\u00e9" * (i % 2)})
    return out


@pytest.mark.parametrize("limit", [0, 1_000, 10_000])
def test_a_spool_that_moves_to_a_file_gives_the_same_lines(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    in_memory = list(dedup_lines(records(), Deduplicator()))
    opened: list[object] = []
    real = tempfile.TemporaryFile

    def spy(*args: Any, **kwargs: Any) -> Any:
        fh = real(*args, **kwargs)
        opened.append(fh)
        return fh

    monkeypatch.setattr(pipeline, "SPOOL_MEMORY", limit)
    monkeypatch.setattr(tempfile, "TemporaryFile", spy)
    spooled = list(dedup_lines(records(), Deduplicator()))
    assert spooled == in_memory
    assert len(opened) == 1 and opened[0].closed  # type: ignore[attr-defined]
    assert len(in_memory) == 40 and sum('"duplicate_of":null' not in line for line in in_memory) > 10


def test_a_short_run_opens_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no temporary file expected")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    lines = list(dedup_lines(records(), Deduplicator()))
    assert [line.split('"', 4)[3] for line in lines] == [f"s{i}" for i in range(40)]


def test_the_limit_is_memory_not_characters() -> None:
    """A line of 300 characters outside Latin-1 takes about 600 bytes: two of them pass a 1,000-byte limit."""
    wide, narrow = pipeline._Spool(limit=1_000), pipeline._Spool(limit=1_000)
    try:
        for _ in range(2):
            wide.write('{"t":"' + "\u20ac" * 300 + '"}\n')
            narrow.write('{"t":"' + "e" * 300 + '"}\n')
        assert wide.file is not None and narrow.file is None
        assert list(wide.lines()) == ['{"t":"' + "\u20ac" * 300 + '"}\n'] * 2
    finally:
        wide.close()
        narrow.close()
