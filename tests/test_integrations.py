"""cleanpress inside other pipelines: Hugging Face ``datasets.map`` and datatrove steps.

The function and steps are tested directly; with ``datasets`` / ``datatrove``
installed (the ``hf`` / ``datatrove`` extras) they also run inside those
libraries as the documentation shows, and skip with a reason otherwise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleanpress.integrations.hf import PageWarning, clean_batch

STORY = ("The city council approved the new budget on Tuesday after a long debate that lasted well into the night. "
         "Critics said the plan would raise taxes for most residents next year, while supporters praised new parks.")
OTHER = ("A storm closed the mountain pass on Friday and left hundreds of drivers stranded overnight in their cars. "
         "Rescue teams reached the last of them at dawn, the regional police said in a statement on Saturday.")


def test_clean_batch_one_row_per_story_with_the_page_columns():
    batch = {"id": ["a", None, "c"], "text": ["Advertisement\n" + STORY, OTHER, ""], "url": ["u1", "u2", "u3"]}
    out = clean_batch(batch)
    assert set(out) == {"id", "source_id", "story", "title", "text", "removed", "url"}
    assert len({len(column) for column in out.values()}) == 1, "every column has one value per story"
    assert out["source_id"][0] == "a" and out["text"][0] == STORY and out["url"][:2] == ["u1", "u2"]
    assert out["removed"][0][0]["rule"] == "ad-marker"
    hashed = out["source_id"][1]
    assert hashed.startswith("sha1:") and clean_batch({"text": [OTHER]})["source_id"] == [hashed], \
        "an id-less row gets the same id in any batch"


def test_clean_batch_fields_and_bad_rows():
    batch = {"doc": ["x", "y"], "body": [STORY, 7], "lang": ["en", "fr"]}
    with pytest.warns(PageWarning, match=r"row 'y' \[body\]: must be a string, got int"):
        out = clean_batch(batch, text_field="body", id_field="doc")
    assert out["source_id"] == ["x"] and out["lang"] == ["en"] and "body" not in out
    assert clean_batch({}) == {name: [] for name in ("id", "source_id", "story", "title", "text", "removed")}


def test_clean_batch_in_datasets_map():
    datasets = pytest.importorskip("datasets", reason="needs the hf extra (datasets)")
    pages = datasets.Dataset.from_dict({"id": ["a", "b", "c"], "text": [STORY, None, OTHER], "lang": ["en"] * 3})
    with pytest.warns(PageWarning, match="row 'b'"):
        stories = pages.map(clean_batch, batched=True, batch_size=2, remove_columns=pages.column_names)
    rows = stories.to_list()
    assert [r["source_id"] for r in rows] == ["a", "c"], "a row that is not a page gives no story"
    assert all(r["lang"] == "en" for r in rows)
    with pytest.warns(PageWarning):
        direct = clean_batch(pages.to_dict())
    assert [r["text"] for r in rows] == direct["text"]


def test_datatrove_steps_clean_and_dedup(tmp_path: Path):
    pytest.importorskip("datatrove", reason="needs the datatrove extra")
    from datatrove.data import Document

    from cleanpress.integrations.datatrove import CleanpressClean, CleanpressDedup

    docs = [Document(text="Advertisement\n" + STORY, id="a", metadata={"url": "https://a.example/1"}),
            Document(text=STORY + " Updated.", id="b", metadata={"url": "https://b.example/2"}),
            Document(text=OTHER, id="c", metadata={})]
    stories = list(CleanpressClean()(iter(docs)))
    assert [(s.id, s.metadata["source_id"]) for s in stories] == [("a#0", "a"), ("b#0", "b"), ("c#0", "c")]
    assert stories[0].text == STORY and stories[0].metadata["url"] == "https://a.example/1"
    assert stories[0].metadata["removed"] == 1
    marked = list(CleanpressDedup()(iter(stories)))
    assert [d.id for d in marked] == ["a#0", "b#0", "c#0"]
    assert marked[0].metadata["cluster"] == marked[1].metadata["cluster"] != marked[2].metadata["cluster"]
    kept = list(CleanpressDedup(drop_duplicates=True)(iter(stories)))
    assert len(kept) == 2 and all(d.metadata["duplicate_of"] is None for d in kept)
    from datatrove.data import Media

    with_media = Document(text=OTHER, id="m", media=[Media(id="img", type=0, url="u", media_bytes=b"\x00\xff")],
                          metadata={"n": 1})
    (back,) = CleanpressDedup()(iter([with_media]))
    assert back.media == with_media.media and back.metadata["n"] == 1, "spooled documents come back whole"


def test_datatrove_pipeline_runs_as_documented(tmp_path: Path):
    pytest.importorskip("datatrove", reason="needs the datatrove extra")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleanpress.integrations.datatrove import CleanpressClean, CleanpressDedup

    (tmp_path / "pages").mkdir()
    rows = [{"id": "a", "text": "Advertisement\n" + STORY}, {"id": "b", "text": STORY + " Updated."},
            {"id": "c", "text": OTHER}]
    (tmp_path / "pages" / "p.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    LocalPipelineExecutor(pipeline=[
        JsonlReader(str(tmp_path / "pages")),
        CleanpressClean(),
        CleanpressDedup(drop_duplicates=True),
        JsonlWriter(str(tmp_path / "stories"), compression=None),
    ], tasks=1, logging_dir=str(tmp_path / "logs")).run()
    written = [json.loads(line) for f in sorted((tmp_path / "stories").glob("*.jsonl"))
               for line in f.read_text().splitlines()]
    assert sorted(r["id"] for r in written) in (["a#0", "c#0"], ["b#0", "c#0"])
    assert all(r["metadata"]["duplicate_of"] is None for r in written)


DOC = Path(__file__).resolve().parent.parent / "docs" / "integrations.md"


@pytest.mark.parametrize("number", [0, 1, 2])
def test_documented_examples_run(number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 3
    needs = {1: "datasets", 2: "datatrove"}.get(number)
    if needs:
        pytest.importorskip(needs, reason=f"the example needs {needs}")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.jsonl").write_text(json.dumps({"id": "a", "text": STORY}) + "\n")
    exec(compile(blocks[number], f"{DOC}:example {number + 1}", "exec"), {})
    out = capsys.readouterr().out
    if number == 0:
        assert "https://a.example/1 en" in out
    elif number == 1:
        assert "['id', 'removed', 'source_id', 'story', 'text', 'title', 'url']" in out
    else:
        assert list((tmp_path / "stories").glob("*.jsonl.gz"))
