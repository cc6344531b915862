"""Input formats by content as well as name, and records that keep their fields.

Every format is read through the command line as a user would (``run``/``clean``
with ``-o``) and each has its bad-input cases: a clear error naming the file and
record, and every good record before (and around) the fault kept.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress.cli import main
from cleanpress.io import ReadOptions, read_inputs
from cleanpress.io.formats import InputError, sniff, split_name
from cleanpress.io.records import PRODUCED_FIELDS, document_from_mapping, with_fields
from cleanpress.pipeline import clean_records

STORY = ("The city council approved the new budget on Tuesday after a long debate that lasted well into the night. "
         "Critics said the plan would raise taxes for most residents next year, while supporters praised new parks.")
OTHER = ("A storm closed the mountain pass on Friday and left hundreds of drivers stranded overnight in their cars. "
         "Rescue teams reached the last of them at dawn, the regional police said in a statement on Saturday.")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


# ------------------------------------------------------------------------------------- records pass through

C4_LIKE = [
    {"url": "https://a.example/1", "timestamp": "2019-04-25T12:57:54Z", "text": STORY, "lang": "en"},
    {"url": "https://b.example/2", "timestamp": "2019-04-26T08:00:00Z", "text": OTHER, "lang": "de", "score": 0.5},
]


def test_input_fields_are_kept_on_every_story_and_missing_ids_are_file_and_line(tmp_path, capsys):
    src = tmp_path / "c4.jsonl.gz"
    src.write_bytes(gzip.compress(jsonl(C4_LIKE)))
    out, stats = tmp_path / "out.jsonl", tmp_path / "stats.json"
    code, err = cli(capsys, "run", str(src), "-o", str(out), "--stats-json", str(stats))
    assert code == 0, err
    got = records(out)
    assert [r["source_id"] for r in got] == ["c4.jsonl.gz:1", "c4.jsonl.gz:2"]
    assert [(r["url"], r["timestamp"], r["lang"]) for r in got] == [
        (c["url"], c["timestamp"], c["lang"]) for c in C4_LIKE]
    assert got[1]["score"] == 0.5 and "score" not in got[0]
    assert "ids generated 2" in err
    summary = json.loads(stats.read_text())
    assert summary["ids_generated"] == 2 and summary["clean"]["pages"] == 2 and summary["dedup"]["records"] == 2


def test_drop_and_keep_fields(tmp_path, capsys):
    src = tmp_path / "c4.jsonl"
    src.write_bytes(jsonl(C4_LIKE))
    dropped, kept = tmp_path / "dropped.jsonl", tmp_path / "kept.jsonl"
    assert cli(capsys, "clean", str(src), "-o", str(dropped), "--drop-fields", "timestamp,score")[0] == 0
    assert cli(capsys, "clean", str(src), "-o", str(kept), "--keep-fields", "url")[0] == 0
    assert all("timestamp" not in r and "score" not in r and r["lang"] for r in records(dropped))
    assert all(set(r) == {"id", "source_id", "story", "title", "text", "removed", "url"} for r in records(kept))
    with pytest.raises(SystemExit):  # one or the other
        main(["clean", str(src), "--keep-fields", "url", "--drop-fields", "lang"])


def test_id_text_and_html_fields_are_chosen(tmp_path, capsys):
    rows = [{"doc": "a", "content": STORY, "fetched": 1},
            {"doc": "b", "raw_html": f"<html><body><article><p>{OTHER}</p></article></body></html>"}]
    src = tmp_path / "pages.jsonl"
    src.write_bytes(jsonl(rows))
    out = tmp_path / "out.jsonl"
    code, err = cli(capsys, "run", str(src), "-o", str(out), "--id-field", "doc", "--text-field", "content",
                    "--html-field", "raw_html")
    assert code == 0, err
    got = records(out)
    assert [r["source_id"] for r in got] == ["a", "b"]
    assert got[0]["fetched"] == 1 and "content" not in got[0] and "doc" not in got[0]
    assert "storm closed the mountain pass" in got[1]["text"] and "raw_html" not in got[1]


def test_fields_cleanpress_produces_are_not_copied_from_the_input(tmp_path, capsys):
    first = tmp_path / "first.jsonl"
    src = tmp_path / "pages.jsonl"
    src.write_bytes(jsonl([{"id": "a", "text": STORY, "title": "Input title", "cluster": "stale"}]))
    assert cli(capsys, "run", str(src), "-o", str(first))[0] == 0
    (record,) = records(first)
    assert record["cluster"] == "a#0" and list(record).count("cluster") == 1
    assert first.read_text().count('"cluster"') == 1


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k not in PRODUCED_FIELDS | {"html"}),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                 max_leaves=6),
    max_size=6))
def test_every_extra_field_reaches_every_story_unchanged(extra):
    record = {**extra, "id": "p", "text": STORY + "\n\n" + OTHER}
    doc = document_from_mapping(record, None, "x.jsonl", 1)
    stories = list(clean_records([doc], cleanpress.Cleaner()))
    assert stories
    for story in stories:
        assert {k: story[k] for k in extra} == extra


def test_run_api_takes_mappings():
    out = list(cleanpress.run([{"id": "a", "text": STORY, "lang": "en"}, {"text": STORY + " Update."}]))
    assert [r["source_id"] for r in out] == ["a", "1"] and out[0]["cluster"] == out[1]["cluster"]
    assert out[0]["lang"] == "en"
    chosen = list(cleanpress.run([{"key": "k", "body": STORY}], read=ReadOptions(id_field="key", text_field="body")))
    assert chosen[0]["source_id"] == "k"
    errors: list[str] = []
    kept = list(cleanpress.run([{"id": "bad", "text": 3}, {"id": "ok", "text": OTHER}],
                               on_error=lambda i, e: errors.append(str(e))))
    assert [r["source_id"] for r in kept] == ["ok"] and "page 0 [text]" in errors[0]


def test_with_fields_appends_after_the_clean_fields():
    (record,) = with_fields([{"id": "a#0", "text": "t"}], {"url": "u", "id": "x"})
    assert list(record) == ["id", "text", "url"] and record["id"] == "a#0"


# ------------------------------------------------------------------------------------- folders


def test_folder_ids_are_paths_in_the_folder(tmp_path, capsys):
    for site, text in (("site-a", STORY), ("site-b", OTHER)):
        (tmp_path / "in" / site).mkdir(parents=True)
        (tmp_path / "in" / site / "story.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = cli(capsys, "run", str(tmp_path / "in"), "-o", str(out), "--index", str(tmp_path / "index.db"))
    assert code == 0, err
    assert [r["source_id"] for r in records(out)] == ["site-a/story", "site-b/story"]
    assert "added 2 to the index" in err


def test_a_single_file_keeps_its_bare_name_as_id(tmp_path):
    page = tmp_path / "story.html.gz"
    page.write_bytes(gzip.compress(f"<html><body><p>{STORY}</p></body></html>".encode()))
    (doc,) = read_inputs([str(page)])
    assert doc.id == "story"


# ------------------------------------------------------------------------------------- compression and sniffing


def test_names_and_sniffing():
    assert split_name("a.jsonl.zst") == ("jsonl", "zstd", "a")
    assert split_name("CC-MAIN-x.warc.wet.gz") == ("warc", "gzip", "CC-MAIN-x")
    assert sniff(b"\x00\x01binary") == "binary" and sniff(b'[{"id"') == "json"


def test_compressed_text_page_is_read_as_text(tmp_path):
    page = tmp_path / "p.txt.gz"
    page.write_bytes(gzip.compress(STORY.encode()))
    (doc,) = read_inputs([str(page)])
    assert doc.id == "p" and doc.text == STORY


@pytest.mark.parametrize(("name", "content", "message"), [
    ("p.txt.gz", b"plain text, not gzip", "named as gzip-compressed but is not compressed"),
    ("data.parquet", jsonl([{"id": "a", "text": STORY}]), "named as parquet but the content is JSON"),
    ("page.txt", bytes(range(256)) * 8, "named as text but the content is binary data"),
    ("blob.bin", bytes(range(256)) * 8, "unknown format: binary data"),
    ("pages.jsonl", b"PAR1" + bytes(64), "named as jsonl but is Parquet data"),
    ("page.html", gzip.compress(b"PAR1" + bytes(64), mtime=0),
     "named as html but the gzip-compressed content is Parquet"),
], ids=["txt.gz-not-gzip", "parquet-holding-json", "txt-binary", "unknown-binary", "jsonl-holding-parquet",
        "html-holding-gzipped-parquet"])
def test_unknown_or_mismatched_content_is_a_clear_error_naming_the_file(tmp_path, capsys, name, content, message):
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    good = tmp_path / "in" / "zz-good.txt"
    good.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = cli(capsys, "clean", str(bad), str(good), "-o", str(out), "--strict")
    assert code == 1
    assert f"rejected {bad}: {message}" in err
    assert [r["source_id"] for r in records(out)] == ["zz-good"]


def test_binary_on_stdin_is_refused(monkeypatch, capsys, tmp_path):
    class Stdin:
        buffer = io.BytesIO(bytes(range(256)) * 8)

    monkeypatch.setattr("sys.stdin", Stdin)
    code, err = cli(capsys, "clean", "-", "-o", str(tmp_path / "out.jsonl"), "--strict")
    assert code == 1 and "<stdin>: unknown format: binary data" in err


def test_zstd_jsonl_and_truncated_zstd(tmp_path, capsys):
    zstandard = pytest.importorskip("zstandard", reason="zstd input needs the zstd extra (zstandard)")
    rows = [{"id": f"p{i}", "text": f"{STORY} Item {i} of the list {'x' * (i % 7)}.", "n": i} for i in range(3000)]
    data = zstandard.ZstdCompressor().compress(jsonl(rows))
    whole = tmp_path / "pages.jsonl.zst"
    whole.write_bytes(data)
    docs = list(read_inputs([str(whole)]))
    assert [d.id for d in docs] == [r["id"] for r in rows] and docs[5].meta == {"n": 5}
    # a file cut short: an error naming the file and where it broke off, every record before it kept
    cut = tmp_path / "cut.jsonl.zst"
    cut.write_bytes(data[: len(data) * 2 // 3])
    out = tmp_path / "out.jsonl"
    code, _ = cli(capsys, "clean", str(cut), "-o", str(out), "--strict", "-q")
    items = list(read_inputs([str(cut)]))
    *good, last = items
    assert isinstance(last, InputError) and "zstd data ends early" in last.reason and last.path == str(cut)
    assert good and [d.id for d in good] == [r["id"] for r in rows[: len(good)]]
    assert code == 1 and len(records(out)) == len(good)


# ------------------------------------------------------------------------------------- JSON arrays


def test_json_array_and_truncated_array(tmp_path):
    rows = [{"id": "a", "text": STORY, "k": [1, {"x": 2}]}, {"id": "b", "text": OTHER}]
    arr = tmp_path / "pages.json"
    arr.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    docs = list(read_inputs([str(arr)]))
    assert [d.id for d in docs] == ["a", "b"] and docs[0].meta == {"k": [1, {"x": 2}]}
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps(rows)[:-30], encoding="utf-8")
    first, error = list(read_inputs([str(cut)]))
    assert first.id == "a"
    assert isinstance(error, InputError) and error.path == str(cut) and error.line == 2
    lines = tmp_path / "lines.json"  # .json files that are really JSON Lines
    lines.write_bytes(jsonl(rows))
    assert [d.id for d in read_inputs([str(lines)])] == ["a", "b"]


def test_json_array_element_that_is_not_a_record(tmp_path):
    arr = tmp_path / "pages.json"
    arr.write_text(json.dumps([{"id": "a", "text": STORY}, 7, {"id": "c", "text": OTHER}]), encoding="utf-8")
    a, bad, c = read_inputs([str(arr)])
    assert (a.id, c.id) == ("a", "c")
    assert str(bad) == f"{arr}:2: expected a JSON object, got int"


# ------------------------------------------------------------------------------------- Parquet

@pytest.fixture
def arrow() -> tuple[Any, Any]:
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the parquet extra (pyarrow)")
    import pyarrow.parquet as pq

    return pa, pq


def test_parquet_in_and_out(tmp_path, capsys, arrow):
    pa, pq = arrow
    import datetime

    table = pa.table({"id": ["a", "b", "c"], "text": [STORY, OTHER, STORY + " Also."],
                      "when": [datetime.date(2024, 5, d) for d in (1, 2, 3)], "score": [1.5, None, 2.0]})
    src = tmp_path / "pages.parquet"
    pq.write_table(table, src, row_group_size=2)
    out_jsonl, out_pq = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    assert cli(capsys, "run", str(src), "-o", str(out_jsonl))[0] == 0
    assert cli(capsys, "run", str(src), "-o", str(out_pq))[0] == 0
    as_json = records(out_jsonl)
    assert [(r["source_id"], r["when"], r["score"]) for r in as_json] == [
        ("a", "2024-05-01", 1.5), ("b", "2024-05-02", None), ("c", "2024-05-03", 2.0)]
    assert as_json[0]["cluster"] == as_json[2]["cluster"] == "c#0"
    assert out_pq.read_bytes()[:4] == b"PAR1", "a real Parquet file, not JSON Lines named .parquet"
    assert pq.read_table(out_pq).to_pylist() == as_json


def test_parquet_is_read_in_batches(tmp_path, monkeypatch, arrow):
    pa, pq = arrow
    from cleanpress.io import formats

    pq.write_table(pa.table({"id": [str(i) for i in range(1000)], "text": [STORY] * 1000}), tmp_path / "p.parquet")
    sizes: list[int] = []
    real = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        for batch in real(self, *args, **kwargs):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    assert sum(1 for _ in read_inputs([str(tmp_path / "p.parquet")])) == 1000
    assert max(sizes) <= formats.PARQUET_BATCH_ROWS and len(sizes) >= 1000 // formats.PARQUET_BATCH_ROWS


def test_parquet_without_a_text_column_and_truncated_parquet(tmp_path, capsys, arrow):
    pa, pq = arrow
    no_text = tmp_path / "a-no-text.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": [STORY]}), no_text)
    cut = tmp_path / "b-cut.parquet"
    whole = io.BytesIO()
    pq.write_table(pa.table({"id": ["x"], "text": [STORY]}), whole)
    cut.write_bytes(whole.getvalue()[:-20])
    good = tmp_path / "c-good.parquet"
    pq.write_table(pa.table({"id": ["g"], "text": [OTHER]}), good)
    out = tmp_path / "out.jsonl"
    code, err = cli(capsys, "run", str(tmp_path), "-o", str(out), "--strict")
    assert code == 1
    assert f"{no_text} [text]: no 'text' or 'html' column (columns: id, body)" in err
    assert f"{cut}: not a readable Parquet file" in err
    assert [r["source_id"] for r in records(out)] == ["g"]
    assert cli(capsys, "run", str(no_text), "--text-field", "body", "-o", str(out))[0] == 0
    assert records(out)[0]["source_id"] == "a"


def test_parquet_output_with_mixed_field_types(tmp_path, capsys, arrow):
    _, pq = arrow
    src = tmp_path / "pages.jsonl"
    src.write_bytes(jsonl([{"id": "a", "text": STORY, "n": 1}, {"id": "b", "text": OTHER, "n": "two"}]))
    out = tmp_path / "out.parquet"
    assert cli(capsys, "clean", str(src), "-o", str(out))[0] == 0
    assert [r["n"] for r in pq.read_table(out).to_pylist()] == ["1", "two"]


# ------------------------------------------------------------------------------------- WARC / WET

@pytest.fixture
def warc() -> None:
    pytest.importorskip("warcio", reason="WARC input needs the warc extra (warcio)")


def make_warc(records_: list[tuple[str, str, bytes, str]], *, compress: bool = True) -> bytes:
    """WARC bytes: (type, url, body, content type) per record; responses get HTTP headers."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    for rec_type, url, body, ctype in records_:
        if rec_type == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        else:
            rec = writer.create_warc_record(url, rec_type, payload=io.BytesIO(body),
                                            warc_content_type=ctype,
                                            warc_headers_dict={"WARC-Identified-Content-Language": "eng"})
        writer.write_record(rec)
    return buf.getvalue()


def html_page(text: str) -> bytes:
    return f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>".encode()


def test_warc_responses_through_the_html_path_with_headers_as_fields(tmp_path, capsys, warc):
    src = tmp_path / "crawl.warc.gz"
    src.write_bytes(make_warc([("response", "https://a.example/1", html_page(STORY), "text/html; charset=utf-8"),
                               ("response", "https://a.example/logo.png", b"\x89PNG", "image/png"),
                               ("response", "https://b.example/2", html_page(OTHER), "text/html")]))
    out = tmp_path / "out.jsonl"
    code, err = cli(capsys, "run", str(src), "-o", str(out))
    assert code == 0, err
    got = records(out)
    assert [r["url"] for r in got] == ["https://a.example/1", "https://b.example/2"]
    assert all(r["source_id"] == r["warc_record_id"] and r["warc_record_id"].startswith("urn:uuid:") for r in got)
    assert all(r["date"] and r["content_type"] == "text/html" for r in got)
    assert "storm closed the mountain pass" in got[1]["text"]


def test_wet_conversions_through_the_text_path(tmp_path, warc):
    src = tmp_path / "crawl.warc.wet.gz"
    src.write_bytes(make_warc([("conversion", "https://a.example/1", STORY.encode(), "text/plain"),
                               ("conversion", "https://b.example/2", OTHER.encode(), "text/plain")]))
    docs = list(read_inputs([str(src)]))
    assert [(d.text, d.url, d.meta["language"]) for d in docs] == [
        (STORY, "https://a.example/1", "eng"), (OTHER, "https://b.example/2", "eng")]


@pytest.mark.parametrize("compress", [True, False])
def test_warc_with_a_truncated_record_keeps_the_records_before_it(tmp_path, capsys, compress, warc):
    data = make_warc([("response", f"https://a.example/{i}", html_page(f"{STORY} Number {i}."), "text/html")
                      for i in range(3)], compress=compress)
    src = tmp_path / "cut.warc.gz" if compress else tmp_path / "cut.warc"
    src.write_bytes(data[:-60])
    items = list(read_inputs([str(src)]))
    *good, last = items
    assert [d.url for d in good] == ["https://a.example/0", "https://a.example/1"]
    assert isinstance(last, InputError) and last.path == str(src) and last.line == 4  # warcinfo is record 1
    out = tmp_path / "out.jsonl"
    code, err = cli(capsys, "run", str(src), "-o", str(out), "--strict")
    assert code == 1 and f"rejected {src}:4" in err and len(records(out)) == 2


NAMES = ("p.txt", "p.html", "p.jsonl", "p.json", "p.parquet", "p.warc", "p.jsonl.gz", "p.txt.zst", "blob", "p.bin")


@settings(max_examples=150, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=300),
    st.lists(st.dictionaries(st.sampled_from(["id", "text", "html", "url"]),
                             st.one_of(st.none(), st.integers(), st.text(max_size=20)), max_size=4),
             max_size=4).map(jsonl),
), name=st.sampled_from(NAMES), compress=st.sampled_from([None, "gzip", "gzip-cut"]))
def test_any_bytes_under_any_name_give_documents_or_errors_naming_the_file(data, name, compress):
    from cleanpress.io.formats import Source, read_source
    from cleanpress.types import Document

    if compress:
        data = gzip.compress(data)
        if compress == "gzip-cut":
            data = data[: max(1, len(data) // 2)]
    items = list(read_source(io.BytesIO(data), Source(f"/in/{name}", name)))
    for where, item in items:
        assert isinstance(item, (Document, InputError))
        assert where.startswith(f"/in/{name}")
        if isinstance(item, InputError):
            assert item.path == f"/in/{name}" and item.reason


def test_dedup_keeps_the_story_fields_whatever_fields_are_chosen(tmp_path, capsys):
    src = tmp_path / "pages.jsonl"
    src.write_bytes(jsonl(C4_LIKE))
    stories, out = tmp_path / "stories.jsonl", tmp_path / "out.jsonl"
    assert cli(capsys, "clean", str(src), "-o", str(stories))[0] == 0
    assert cli(capsys, "dedup", str(stories), "-o", str(out), "--keep-fields", "url")[0] == 0
    got = records(out)
    assert all({"id", "source_id", "story", "title", "text", "removed", "url", "cluster"} <= set(r) for r in got)
    assert all("lang" not in r and "timestamp" not in r for r in got)
