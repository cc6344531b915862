"""Ids keep their JSON type: an input id ``12345`` comes out as the integer 12345 (``source_id``,
a dedup record's ``id``, ``cluster``, ``duplicate_of``, the rejects file's ``id``, Parquet
columns), while ids are still compared as text (``12345`` and ``"12345"`` are one id).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.cli import main
from cleanpress.io.records import document_from_mapping
from tests.test_redis import clean_redis, redis_url  # noqa: F401 - fixtures: a redis-server for the Redis index

STORY = ("The city council approved the new budget on Tuesday after a long debate about taxes, schools and the "
         "repair of the old harbour bridge. The mayor said the plan would be voted on again next year, and the "
         "opposition promised to fight every line of it in the chamber and in the courts. ")
OTHER = ("Heavy storms closed the airport for a second day as crews worked to clear fallen trees from the runways. "
         "Airlines said hundreds of flights were cancelled and passengers were told to check before travelling. ")


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@given(st.one_of(st.integers(min_value=-(2**63), max_value=2**63 - 1), st.text(min_size=1).filter(str.strip)))
@settings(max_examples=50, deadline=None)
def test_a_record_id_keeps_its_json_type_and_its_text(value) -> None:
    doc = document_from_mapping({"id": value, "text": "Body."}, None, "x.jsonl", 1)
    assert doc.id == str(value)  # compared as text
    assert doc.json_id == value and type(doc.json_id) is type(value)


def test_clean_and_run_keep_an_integer_source_id(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 12345, "text": STORY * 2}, {"id": "77", "text": STORY * 2},
                                              {"id": 8, "text": OTHER * 3}])
    for command in ("clean", "run"):
        out = tmp_path / f"{command}.jsonl"
        assert main([command, src, "-o", str(out), "-q", "-j", "1"]) == 0
        records = read_jsonl(out)
        assert [r["source_id"] for r in records] == [12345, "77", 8]
        assert [r["id"] for r in records] == ["12345#0", "77#0", "8#0"]  # a story id is always text
    # the API gives the same records as the command
    api = list(cleanpress.run([{"id": 12345, "text": STORY * 2}, {"id": "77", "text": STORY * 2}]))
    assert [r["source_id"] for r in api] == [12345, "77"]


def test_dedup_keeps_integer_ids_in_id_cluster_and_duplicate_of(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": 12345, "text": STORY * 2}, {"id": "b", "text": STORY * 2},
        {"id": 7, "text": OTHER * 3}, {"id": "7x", "text": OTHER * 3},
        {"id": "9", "text": "A story of its own about the harvest festival and its long parade through town."},
    ])
    out = tmp_path / "out.jsonl"
    assert main(["dedup", src, "-o", str(out), "-q"]) == 0
    records = {str(r["id"]): r for r in read_jsonl(out)}
    assert records["12345"]["id"] == 12345 and records["12345"]["cluster"] == 12345
    assert records["12345"]["duplicate_of"] is None
    assert records["b"]["cluster"] == 12345 and records["b"]["duplicate_of"] == 12345
    assert records["7"]["id"] == 7 and records["7x"]["duplicate_of"] == 7
    assert records["9"]["id"] == "9" and records["9"]["cluster"] == "9"  # a string stays a string


def test_rejects_carry_the_id_with_its_type(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": 12345, "text": STORY * 2}, {"id": "12345", "text": OTHER * 3},  # one id, compared as text
        {"id": 8, "text": ""},
    ])
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    assert main(["dedup", src, "-o", str(out), "--rejects", str(rejects), "-q"]) == 0
    entries = read_jsonl(rejects)
    duplicate = next(e for e in entries if "duplicate id" in e["reason"])
    assert duplicate["id"] == "12345" and duplicate["line"] == 2
    empty = next(e for e in entries if "empty document" in e["reason"])
    assert empty["id"] == 8
    assert [r["id"] for r in read_jsonl(out)] == [12345, 8]


def test_parquet_output_keeps_an_integer_id_column(tmp_path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 12345, "text": STORY * 2}, {"id": 8, "text": OTHER * 3}])
    out = tmp_path / "out.parquet"
    assert main(["run", src, "-o", str(out), "-q", "-j", "1"]) == 0
    table = pq.read_table(out)
    assert str(table.schema.field("source_id").type) == "int64"
    assert table.column("source_id").to_pylist() == [12345, 8]
    deduped = tmp_path / "dedup.parquet"
    assert main(["dedup", src, "-o", str(deduped), "-q"]) == 0
    table = pq.read_table(deduped)
    assert str(table.schema.field("id").type) == "int64"
    assert str(table.schema.field("cluster").type) == "int64"


def test_the_report_reads_records_with_integer_ids(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 12345, "text": STORY * 2}, {"id": "b", "text": STORY * 2}])
    out, html = tmp_path / "run.jsonl", tmp_path / "report.html"
    assert main(["run", src, "-o", str(out), "-q", "-j", "1"]) == 0
    assert main(["report", str(out), "-o", str(html), "-q"]) == 0
    assert "12345" in html.read_text(encoding="utf-8")


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def index_location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "index.sqlite")
    return str(request.getfixturevalue("clean_redis"))


def test_an_earlier_runs_integer_id_comes_back_from_the_index_as_an_integer(tmp_path, index_location) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", [
        {"id": 12345, "text": STORY * 2}, {"id": "77", "text": OTHER * 3},
        {"id": -9, "text": "A story of its own about the harvest festival and its long parade through town."},
    ])
    assert main(["dedup", first, "-o", str(tmp_path / "first.out.jsonl"), "--index", index_location, "-q"]) == 0
    second = write_jsonl(tmp_path / "second.jsonl", [{"id": "copy", "text": STORY * 2},
                                                     {"id": 99, "text": OTHER * 3}])
    out = tmp_path / "second.out.jsonl"
    assert main(["dedup", second, "-o", str(out), "--index", index_location, "-q"]) == 0
    records = {str(r["id"]): r for r in read_jsonl(out)}
    assert records["copy"]["cluster"] == 12345 and records["copy"]["duplicate_of"] == 12345
    assert records["copy"]["seen_before"] is True
    assert records["99"]["id"] == 99 and records["99"]["duplicate_of"] == "77"  # a string stays a string
    # the first input given again (a resumed run): its stories are written with its ids' types
    again = tmp_path / "again.out.jsonl"
    assert main(["dedup", first, second, "-o", str(again), "--index", index_location, "-q"]) == 0
    assert [(r["id"], r["cluster"]) for r in read_jsonl(again)] == [
        (12345, 12345), ("77", "77"), (-9, -9), ("copy", 12345), (99, "77")]


def test_an_id_given_again_as_text_is_written_as_this_run_gives_it(tmp_path) -> None:
    index = str(tmp_path / "index.sqlite")
    first = write_jsonl(tmp_path / "first.jsonl", [{"id": 12345, "text": STORY * 2}])
    assert main(["dedup", first, "-o", str(tmp_path / "first.out.jsonl"), "--index", index, "-q"]) == 0
    second = write_jsonl(tmp_path / "second.jsonl", [{"id": "12345", "text": STORY * 2},
                                                     {"id": "copy", "text": STORY * 2}])
    out = tmp_path / "second.out.jsonl"
    assert main(["dedup", second, "-o", str(out), "--index", index, "-q"]) == 0
    assert [(r["id"], r["cluster"]) for r in read_jsonl(out)] == [("12345", "12345"), ("copy", "12345")]


def test_run_with_an_index_keeps_source_ids_and_text_story_ids(tmp_path) -> None:
    index = str(tmp_path / "index.sqlite")
    first = write_jsonl(tmp_path / "first.jsonl", [{"id": 12345, "text": STORY * 2}])
    assert main(["run", first, "-o", str(tmp_path / "first.out.jsonl"), "--index", index, "-q", "-j", "1"]) == 0
    second = write_jsonl(tmp_path / "second.jsonl", [{"id": 8, "text": STORY * 2}])
    out = tmp_path / "second.out.jsonl"
    assert main(["run", second, "-o", str(out), "--index", index, "-q", "-j", "1"]) == 0
    (record,) = read_jsonl(out)
    # run clusters stories, whose ids ("page#n") are always text; the page's id keeps its type
    assert record["source_id"] == 8 and record["id"] == "8#0"
    assert record["cluster"] == "12345#0" and record["duplicate_of"] == "12345#0"


def test_the_integer_flag_in_the_index_is_covered_by_the_checksum(tmp_path) -> None:
    import sqlite3

    from cleanpress.dedup import Deduplicator

    index = str(tmp_path / "index.sqlite")
    with Deduplicator(index=index) as d:
        d.extend([{"id": 12345, "text": STORY * 2}, {"id": "b", "text": OTHER * 3}])
    db = sqlite3.connect(index)
    assert db.execute("SELECT id, int_id FROM stories ORDER BY seq").fetchall() == [("12345", 1), ("b", 0)]
    with Deduplicator(index=index) as d:
        assert d.json_id(0) == 12345 and d.json_id(1) == "b"
    with db:
        db.execute("UPDATE stories SET int_id = 0 WHERE seq = 0")
    db.close()
    with pytest.raises(ValueError, match=r"damaged: what is stored for story 0 \('12345'\) fails its checksum"):
        Deduplicator(index=index)
