"""The Spark engine gives the local engine's results, byte for byte, on a local[2] session.

One Spark session serves the module (local[2], 4 shuffle partitions, no UI).
The Spark tests are marked ``spark`` (select them with ``-m spark``) and are
skipped, with the reason, where pyspark or Java is missing; the tests at the
top need neither.
"""

from __future__ import annotations

import datetime
import gzip
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleanpress.clean.cleaner import Cleaner
from cleanpress.cli import main as cli_main
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import dedup
from cleanpress.options import RunOptions
from cleanpress.spark.session import missing_requirements
from cleanpress.types import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("spark_corpus", ROOT / "benchmarks" / "spark_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- without Spark -----------------------------------------------------------------------------------


def test_import_cleanpress_does_not_import_pyspark() -> None:
    code = ("import sys, cleanpress, cleanpress.spark, cleanpress.spark.dedup, cleanpress.spark.clean; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_run_command_names_what_is_missing(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from cleanpress.spark import command, session

    real = importlib.util.find_spec
    monkeypatch.setattr(session.importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyspark" else real(name, *a))
    monkeypatch.setattr(session.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    status = command.run_command(RunOptions(inputs=("x.jsonl",)))
    err = capsys.readouterr().err
    assert status == 2
    assert "pyspark" in err and "cleanpress[spark]" in err and "Java 17" in err


def test_bad_conf_is_refused_before_spark_starts(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli_main(["run", "x.jsonl", "--engine", "spark", "--conf", "no-equals-sign"])
    assert status == 2
    assert "--conf takes key=value, got 'no-equals-sign'" in capsys.readouterr().err


# -- on Spark ----------------------------------------------------------------------------------------

_MISSING = missing_requirements()


def needs_spark(test: Any) -> Any:
    """Mark a test ``spark`` and skip it, saying why, where Spark cannot run."""
    skip = pytest.mark.skipif(bool(_MISSING), reason="Spark cannot run here: needs " + "; ".join(_MISSING))
    return pytest.mark.spark(skip(test))


@pytest.fixture(scope="module")
def spark() -> Any:
    from cleanpress.spark import spark_session

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = spark_session("local[2]", {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false",
                                          "spark.driver.memory": "1g"})
    yield session
    session.stop()


def _seed_pages() -> list[dict[str, str]]:
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]


def _syndicated(pages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The seed pages, and copies of them in another site's chrome with words changed, or with the end cut."""
    out = list(pages)
    for k, page in enumerate(pages):
        lines = page["text"].splitlines()
        edited = [line.replace(" the ", " a ", 1) if i % 7 == 3 else line for i, line in enumerate(lines)]
        out.append({"id": f"copy-{k}", "text": "Home | World | Sport\nSubscribe to our newsletter\n"
                    + "\n".join(edited) + "\n© 2024 Another Site. All rights reserved.\n"})
        out.append({"id": f"trim-{k}", "text": "\n".join(lines[: max(3, len(lines) * 2 // 3)])})
    return out


def _local_records(cleaner: Cleaner, page: dict[str, str]) -> list[dict[str, Any]]:
    return cleaner.clean(Document(id=page["id"], text=page["text"])).records()


@needs_spark
def test_clean_dataframe_gives_the_local_records(spark: Any) -> None:
    from cleanpress.spark import clean_dataframe

    pages = _seed_pages()
    rows = [(p["id"], p["text"], i) for i, p in enumerate(pages)] + [(None, "an id-less page", 99)]
    df = spark.createDataFrame(rows, "id string, text string, line long")
    got = [r.asDict(recursive=True) for r in clean_dataframe(df, keep=["line"]).collect()]
    errors = [g for g in got if g["error"] is not None]
    assert [(e["source_id"], e["error"], e["line"]) for e in errors] == [(None, "missing field: id is null", 99)]
    stories = sorted((g for g in got if g["error"] is None), key=lambda g: g["id"])
    cleaner = Cleaner()
    want = sorted((rec for p in pages for rec in _local_records(cleaner, p)), key=lambda r: r["id"])
    for g in stories:  # a null detail column is the local record's missing detail key
        g["removed"] = [{k: v for k, v in r.items() if k != "detail" or v is not None} for r in g["removed"]]
    assert [{k: v for k, v in g.items() if k not in ("error", "line")} for g in stories] == want
    assert any("detail" in r for g in stories for r in g["removed"])  # the article step's explanations came through
    lines = {g["source_id"]: g["line"] for g in stories}
    assert lines == {p["id"]: i for i, p in enumerate(pages)}


def _local_assignments(records: list[dict[str, Any]], config: DedupConfig) -> list[tuple[Any, ...]]:
    result = dedup([(r["id"], r["text"]) for r in records], config)
    return sorted((a.id, a.cluster, a.duplicate_of, a.similarity, a.evidence) for a in result.assignments)


def _spark_assignments(spark: Any, records: list[dict[str, Any]], config: DedupConfig,
                       **kw: Any) -> list[tuple[Any, ...]]:
    from cleanpress.spark import dedup_dataframe

    rows = [(r["id"], r["text"], i) for i, r in enumerate(records)]
    # shuffled, so that nothing depends on the DataFrame's own row order
    df = spark.createDataFrame(rows, "id string, text string, n long").repartition(3)
    out = dedup_dataframe(df, order_col="n", config=config, **kw).collect()
    for r in out:
        assert r.is_duplicate == (r.duplicate_of is not None)
    return sorted((r.id, r.cluster, r.duplicate_of, r.similarity, r.evidence) for r in out)


@needs_spark
def test_dedup_dataframe_equals_the_local_stage_on_planted_duplicates(spark: Any) -> None:
    records = list(_corpus_module().pages(1000, seed=3, words=60))
    records.append({"id": "empty-1", "text": ""})  # no shingles: never a duplicate, on either engine
    records.append({"id": "empty-2", "text": "  "})
    config = DedupConfig()
    want = _local_assignments(records, config)
    assert sum(1 for a in want if a[2] is not None) > 150  # the planted copies are found
    assert _spark_assignments(spark, records, config) == want


@needs_spark
def test_dedup_dataframe_distributed_components_and_first_seen_policy(spark: Any) -> None:
    records = list(_corpus_module().pages(250, seed=5, words=50))
    config = DedupConfig(representative="first")
    assert _spark_assignments(spark, records, config, driver_edge_limit=0) == _local_assignments(records, config)


@needs_spark
def test_dedup_dataframe_drops_a_frame_bridge_as_the_local_stage_does(spark: Any) -> None:
    from .test_dedup import frame_bridge_pages

    records = [{"id": i, "text": t} for i, t in frame_bridge_pages()]
    config = DedupConfig()
    want = _local_assignments(records, config)
    clusters = {a[0]: a[1] for a in want}
    assert clusters["page0"] == clusters["copy0"] != clusters["page1"]  # the bridge is dropped locally
    assert _spark_assignments(spark, records, config) == want


@needs_spark
def test_large_star_small_star_matches_union_find(spark: Any) -> None:
    import random

    from cleanpress.spark.components import _components_on_driver, connected_components

    rng = random.Random(11)
    # chains, stars and a long path: the shapes that need several rounds
    edges = [(rng.randrange(400), rng.randrange(400)) for _ in range(250)]
    edges += [(1000 + i, 1001 + i) for i in range(40)] + [(2000, 2000 + i) for i in range(1, 30)]
    df = spark.createDataFrame(edges, "src long, dst long")
    distributed = sorted(tuple(r) for r in connected_components(df, driver_limit=0).collect())
    assert distributed == sorted(_components_on_driver(edges))
    assert sorted(tuple(r) for r in connected_components(df).collect()) == distributed


@needs_spark
def test_run_engine_spark_writes_the_local_run_output(spark: Any, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pages = _syndicated(_seed_pages())
    source = tmp_path / "pages.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        for k, page in enumerate(pages):
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")
            if k == 4:
                fh.write('{"id": "broken", "text": \n')  # a malformed line: reported, the rest go on
    local, on_spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    assert cli_main(["run", str(source), "-o", str(local), "-q"]) == 0
    assert cli_main(["run", str(source), "-o", str(on_spark), "--engine", "spark", "--master", "local[2]",
                     "--conf", "spark.sql.shuffle.partitions=4", "--rejects", str(tmp_path / "rejects.jsonl")]) == 0
    err = capsys.readouterr().err
    assert on_spark.read_bytes() == local.read_bytes()
    for stage in ("read", "clean:", "dedup:", "wrote"):
        assert f"cleanpress spark: {stage}" in err
    assert f"{source}:6" in err  # the malformed record, at its file and line
    rejects = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [r["where"] for r in rejects] == [f"{source}:6"]
    records = [json.loads(line) for line in local.read_text().splitlines()]
    assert any(r["duplicate_of"] for r in records)  # the copies were found

    # Parquet in and out: the same stories and clusters
    pages_parquet, out_parquet = tmp_path / "pages.parquet", tmp_path / "out.parquet"
    spark.createDataFrame([(p["id"], p["text"]) for p in pages], "id string, text string").coalesce(1) \
        .write.parquet(str(pages_parquet))
    assert cli_main(["run", str(pages_parquet), "-o", str(out_parquet), "--engine", "spark", "-q"]) == 0
    back = spark.read.parquet(str(out_parquet)).collect()
    # Parquet keeps the similarity's full precision; JSON Lines rounds it, as the local engine does
    assert sorted((r.id, r.cluster, r.duplicate_of, round(r.similarity, 4)) for r in back) == sorted(
        (r["id"], r["cluster"], r["duplicate_of"], r["similarity"]) for r in records)


@needs_spark
def test_run_engine_spark_with_a_profile_writes_the_local_output(spark: Any, tmp_path: Path) -> None:
    """Both engines clean with the job's options: a site profile removes the same lines on Spark."""
    template = ["Gazette home | News | Sport | Weather", "Sign up for the morning briefing",
                "The Gazette is published by Gazette Media Group, a member of the press council."]
    source = tmp_path / "pages.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for k, page in enumerate(_seed_pages()):
            site = "gazette.example" if k % 2 == 0 else "courier.example"
            text = "\n".join([template[0], page["text"], template[1], template[2]])
            fh.write(json.dumps({"id": page["id"], "source": site, "text": text}, ensure_ascii=False) + "\n")
    profile = tmp_path / "profile.json"
    assert cli_main(["learn", str(source), "-o", str(profile), "--min-pages", "2", "-q"]) == 0
    local, on_spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    assert cli_main(["run", str(source), "-o", str(local), "--profile", str(profile), "-q"]) == 0
    assert cli_main(["run", str(source), "-o", str(on_spark), "--profile", str(profile), "--engine", "spark",
                     "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2", "-q"]) == 0
    assert on_spark.read_bytes() == local.read_bytes()
    rules = {r["rule"] for line in local.read_text().splitlines() for r in json.loads(line)["removed"]}
    assert "site-profile" in rules


@needs_spark
def test_run_engine_spark_reads_every_format_as_the_local_engine(spark: Any, tmp_path: Path) -> None:
    """Folders (ids are paths in them), records without ids and with extra fields, compressed JSON Lines,
    Parquet with typed columns, WARC responses, and a binary file refused: Spark writes the local bytes."""
    pytest.importorskip("zstandard", reason="zstd input needs the zstd extra")
    import pyarrow as pa
    import pyarrow.parquet as pq
    import zstandard

    pages = _seed_pages()
    folder = tmp_path / "in"
    for k, site in enumerate(("site-a", "site-b")):
        (folder / site).mkdir(parents=True)
        (folder / site / "story.txt").write_text(pages[k]["text"], encoding="utf-8")
    (folder / "site-b" / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    c4 = [{"url": f"https://c4.example/{k}", "text": p["text"], "timestamp": "2019-04-25", "n": k}
          for k, p in enumerate(pages[2:])]
    with gzip.open(folder / "c4.json.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in c4) + "\n")
    (folder / "more.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(
        (json.dumps({"doc": "z", "text": pages[0]["text"] + "\nA line of its own.", "lang": "en"}) + "\n").encode()))
    pq.write_table(pa.table({"id": ["pq-1"], "text": [pages[1]["text"]], "day": [datetime.date(2024, 5, 1)]}),
                   folder / "rows.parquet")
    if importlib.util.find_spec("warcio") is not None:  # WARC responses, with their headers as fields
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        with (folder / "crawl.warc.gz").open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for k, page in enumerate(pages[:2]):
                body = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in page["text"].splitlines())
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://warc.example/{k}", "response", http_headers=http,
                    payload=io.BytesIO((body + "</article></body></html>").encode())))
    local, on_spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    args = ["run", str(folder), "--drop-fields", "timestamp", "-q"]
    assert cli_main([*args, "-o", str(local), "--stats-json", str(tmp_path / "local.json")]) == 0
    assert cli_main([*args, "-o", str(on_spark), "--engine", "spark", "--master", "local[2]",
                     "--conf", "spark.sql.shuffle.partitions=2", "--stats-json", str(tmp_path / "spark.json")]) == 0
    assert on_spark.read_bytes() == local.read_bytes()
    counts = [json.loads((tmp_path / f"{engine}.json").read_text()) for engine in ("local", "spark")]
    for key in ("rejected", "ids_generated"):
        assert counts[0][key] == counts[1][key] > 0, key
    for key in ("records", "distinct", "duplicates", "clusters"):
        assert counts[0]["dedup"][key] == counts[1]["dedup"][key], key
    assert counts[0]["clean"]["pages"] == counts[1]["clean"]["pages"]
    records = [json.loads(line) for line in local.read_text().splitlines()]
    sources = {r["source_id"] for r in records}
    assert {"site-a/story", "site-b/story", "c4.json.gz:1", "pq-1"} <= sources
    assert all("timestamp" not in r for r in records)
    assert any(r.get("day") == "2024-05-01" for r in records) and any(r.get("n") == 0 for r in records)
    if importlib.util.find_spec("warcio") is not None:
        warc = [r for r in records if str(r.get("url")).startswith("https://warc.example/")]
        assert warc and all(r["source_id"] == r["warc_record_id"] for r in warc)
    # Parquet out on Spark keeps the pass-through fields as columns
    out_parquet = tmp_path / "out.parquet"
    assert cli_main([*args, "-o", str(out_parquet), "--engine", "spark"]) == 0
    back = {r["id"]: r for r in (row.asDict() for row in spark.read.parquet(str(out_parquet)).collect())}
    assert {r["id"]: (r.get("url"), r.get("n")) for r in records} == {k: (v["url"], v["n"]) for k, v in back.items()}


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@needs_spark
def test_run_engine_spark_commits_output_and_rejects_together_and_keeps_integer_ids(
        spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupted write leaves the old output and the old rejects (JSON Lines and a Parquet folder); a run
    that ends replaces both; integer ids come out as integers, byte for byte as the local engine writes them."""
    from cleanpress.io.writers import AtomicFolder
    from cleanpress.spark import command

    lines = [json.dumps({"id": 100 + k, "text": page["text"]}) for k, page in enumerate(_seed_pages()[:3])]
    lines.insert(1, '{"id": "broken", "text": ')
    source = tmp_path / "in" / "pages.jsonl"
    source.parent.mkdir()
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, rejects, folder = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl", tmp_path / "out.parquet"
    out.write_text("old output\n")
    rejects.write_text("old rejects\n")
    folder.mkdir()
    (folder / "part-old").write_text("old part")
    args = ["run", str(source), "--engine", "spark", "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2",
            "-q", "--rejects", str(rejects)]

    def interrupted(lines: Any, writer: Any) -> None:
        writer.open().write("half a record")
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(command, "_write_jsonl", interrupted)
        assert cli_main([*args, "-o", str(out)]) == 130
    with monkeypatch.context() as patch:  # Spark wrote the new folder; Ctrl-C before the commit
        patch.setattr(AtomicFolder, "finish", lambda self: (_ for _ in ()).throw(KeyboardInterrupt()))
        assert cli_main([*args, "-o", str(folder)]) == 130
    assert out.read_text() == "old output\n" and rejects.read_text() == "old rejects\n"
    assert os.listdir(folder) == ["part-old"]
    assert _hidden(tmp_path) == []

    local, local_rejects = tmp_path / "local.jsonl", tmp_path / "local-rejects.jsonl"
    assert cli_main(["run", str(source), "-o", str(local), "--rejects", str(local_rejects), "-q"]) == 0
    assert cli_main([*args, "-o", str(out)]) == 0
    assert out.read_bytes() == local.read_bytes()
    assert {json.loads(line)["source_id"] for line in out.read_text().splitlines()} == {100, 101, 102}
    assert [json.loads(line)["where"] for line in rejects.read_text().splitlines()] == [f"{source}:2"]

    assert cli_main([*args, "-o", str(folder)]) == 0
    assert "part-old" not in os.listdir(folder) and _hidden(tmp_path) == []
    back = spark.read.parquet(str(folder))
    assert dict(back.dtypes)["source_id"] == "bigint"
    assert sorted(r.source_id for r in back.collect()) == sorted(
        json.loads(line)["source_id"] for line in local.read_text().splitlines())
