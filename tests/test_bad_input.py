"""Bad records through the command line: every kind is reported with file, line and
reason on stderr and in ``--rejects``, counted in the summary, never silently
dropped, and never stops the good records around it; ``--strict`` makes it an error.

Each command that reads records (``clean``, ``dedup`` and ``run``) gets the same treatment.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GOOD_TEXT = (
    "The city council approved the new budget on Tuesday after a long debate that lasted well into the night.\n"
    "Critics said the plan would raise taxes for most residents next year, while supporters praised new parks.\n"
    "The mayor is expected to sign the budget into law before the end of the month, officials said."
)


def good(doc_id: str) -> bytes:
    return json.dumps({"id": doc_id, "text": GOOD_TEXT}).encode() + b"\n"


#: Each bad line, the words its message must contain, and the field it names (if any).
BAD_RECORDS: dict[str, tuple[bytes, str, str | None]] = {
    "malformed-json": (b'{"id": "x", "text": "unterminated\n', "malformed JSON", None),
    "not-an-object": (b'["id", "text"]\n', "expected a JSON object, got list", None),
    "bare-string": (b'"just a string"\n', "expected a JSON object, got str", None),
    "id-wrong-type": (b'{"id": [1, 2], "text": "x"}\n', "must be a string or integer, got list", "id"),
    "id-bool": (b'{"id": true, "text": "x"}\n', "must be a string or integer, got bool", "id"),
    "id-empty": (b'{"id": "", "text": "x"}\n', "must not be empty", "id"),
    "text-wrong-type": (b'{"id": "t", "text": 42}\n', "must be a string, got int", "text"),
    "html-wrong-type": (b'{"id": "h", "html": {"body": 1}}\n', "must be a string, got dict", "html"),
    "no-text-or-html": (b'{"id": "n", "url": "https://example.com"}\n', "needs 'text' or 'html'", "text"),
    "not-utf8": (b'{"id": "u", "text": "caf\xe9 cr\xe8me"}\n', "not UTF-8", None),
    "huge-integer": (b'{"id": ' + b"9" * 5000 + b', "text": "x"}\n', "unreadable JSON value", None),
    "nested-too-deep": (b"[" * 100_000 + b"]" * 100_000 + b"\n", "malformed JSON", None),
    "truncated-line": (b'{"id": "z", "te', "malformed JSON", None),
}


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cleanpress", *args],
        input=stdin, capture_output=True, timeout=timeout, cwd=ROOT, check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def output_ids(path: Path) -> set[str]:
    ids: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        ids.add(record.get("source_id") or record["id"])
    return ids


@pytest.mark.parametrize("kind", sorted(BAD_RECORDS))
def test_bad_record_is_reported_counted_and_skipped(tmp_path, kind):
    command = "clean"  # dedup and run get every kind at once, below
    bad_line, message, field = BAD_RECORDS[kind]
    # the bad record sits between two good ones (the truncated line is the last)
    data = good("before") + bad_line + good("after") if kind != "truncated-line" else good("before") + bad_line
    src = tmp_path / "pages.jsonl"
    src.write_bytes(data)
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"

    proc = run_cli(command, str(src), "-o", str(out), "--rejects", str(rejects), "--strict")
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr  # --strict: a rejected record makes the run fail ...
    location = f"{src}:2"
    assert any(location in line and message in line for line in stderr.splitlines()), stderr
    if field:
        assert f"[{field}]" in stderr
    assert "rejected 1" in stderr  # the summary counts it
    expected_good = {"before", "after"} if kind != "truncated-line" else {"before"}
    assert output_ids(out) == expected_good  # ... but the good records are all written
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines() if '"rejected"' in line]
    assert (reject["path"], reject["line"], reject["field"]) == (str(src), 2, field)
    assert message in reject["reason"]


@pytest.mark.parametrize("command", ["clean", "run", "dedup"])
def test_every_bad_kind_in_one_file_counted(tmp_path, command):
    lines = [good("first")]
    for bad_line, _, _ in BAD_RECORDS.values():
        lines.append(bad_line if bad_line.endswith(b"\n") else bad_line + b"\n")
    lines.append(good("last"))
    src = tmp_path / "mixed.jsonl.gz"
    src.write_bytes(gzip.compress(b"".join(lines), mtime=0))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli(command, str(src), "-o", str(out), "--rejects", str(rejects))
    stderr = proc.stderr.decode()
    assert proc.returncode == 0, stderr  # without --strict, rejected records do not fail the run
    assert f"rejected {len(BAD_RECORDS)}" in stderr
    quiet = run_cli(command, str(src), "-o", str(out), "-q", "--strict")
    assert quiet.returncode == 1
    assert f"{src}:2" in quiet.stderr.decode()  # -q hides the summary, never the errors
    assert output_ids(out) == {"first", "last"}
    reported = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert sorted(r["line"] for r in reported) == list(range(2, len(BAD_RECORDS) + 2))
    by_line = {r["line"]: r for r in reported}
    for lineno, (_, message, field) in enumerate(BAD_RECORDS.values(), start=2):
        assert message in by_line[lineno]["reason"] and by_line[lineno]["field"] == field
        assert f"{src}:{lineno}" in stderr


@pytest.mark.parametrize("command", ["clean", "run"])
def test_truncated_gzip_keeps_what_was_readable(tmp_path, command):
    whole = gzip.compress(b"".join(good(f"page{i}") for i in range(200)), mtime=0)
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(whole[: len(whole) * 2 // 3])
    out = tmp_path / "out.jsonl"
    proc = run_cli(command, str(src), "-o", str(out))
    stderr = proc.stderr.decode()
    assert proc.returncode == 0, stderr
    assert "cannot read further" in stderr and str(src) in stderr
    assert "rejected 1" in stderr
    ids = output_ids(out)
    assert ids and ids < {f"page{i}" for i in range(200)}
    # what was read is a clean prefix of the file, in order
    assert ids == {f"page{i}" for i in range(len(ids))}
    assert run_cli(command, str(src), "-o", str(out), "--strict", "-q").returncode == 1


def test_gzip_that_is_not_gzip(tmp_path):
    src = tmp_path / "fake.jsonl.gz"
    src.write_bytes(good("plain"))
    proc = run_cli("clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--strict")
    assert proc.returncode == 1
    assert f"{src}: named as gzip-compressed but is not compressed" in proc.stderr.decode()


def test_missing_input_is_reported_and_others_still_run(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(GOOD_TEXT, encoding="utf-8")
    missing = tmp_path / "nowhere.jsonl"
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(missing), str(page), "-o", str(out))
    assert proc.returncode == 0
    assert f"{missing}: no such file or folder" in proc.stderr.decode()
    assert output_ids(out) == {"page"}
    assert run_cli("clean", str(missing), str(page), "-o", str(out), "--strict").returncode == 1


def test_not_utf8_text_file_is_decoded_with_a_warning(tmp_path):
    page = tmp_path / "latin1.txt"
    page.write_bytes("Le café crème était délicieux, a déclaré le maire de la ville.\n".encode("latin-1"))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", str(page), "-o", str(out), "--rejects", str(rejects), "--strict")
    stderr = proc.stderr.decode()
    assert proc.returncode == 0, "a repaired page is a warning, not a rejection"
    assert f"warning: {page}: not UTF-8 (first bad byte at offset 6)" in stderr
    assert "warnings 1" in stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "café crème" in record["text"]
    assert json.loads(rejects.read_text())["kind"] == "warning"


def test_binary_garbage_named_txt_is_rejected_and_does_not_stop_the_run(tmp_path):
    (tmp_path / "a_garbage.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "b_page.txt").write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(tmp_path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert output_ids(out) == {"b_page"}, "binary data is never read as a text page"
    assert f"{tmp_path / 'a_garbage.txt'}: named as text but the content is binary data" in proc.stderr.decode()


def test_empty_documents_warned_and_give_no_story(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n \n\t\n")
    src = tmp_path / "records.jsonl"
    src.write_bytes(b'{"id": "e", "text": ""}\n')
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt"), str(src), "-o", str(out),
                   "--strict")
    stderr = proc.stderr.decode()
    assert proc.returncode == 0, stderr
    assert f"{src}:1 [text]: empty document 'e'" in stderr
    assert "warnings 3" in stderr
    assert "3 pages -> 0 stories (3 pages without an article)" in stderr
    assert out.read_text() == ""  # no empty story records (they would each become a cluster of their own)


def test_lone_surrogates_and_control_characters_survive(tmp_path):
    src = tmp_path / "odd.jsonl"
    odd = "Bad decoding left \\ud800 here and \\udfff there.\\u0000\\u0007 Also \\u202eRTL override."
    src.write_text('{"id": "odd\\udc80", "text": "' + odd + '"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(src), "-o", str(out), "--strict")
    assert proc.returncode == 0, proc.stderr.decode()
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["source_id"] == "odd\ufffd"
    assert "\ufffd here and \ufffd there" in record["text"]


def test_flood_of_bad_lines_is_capped_on_stderr_but_all_in_rejects(tmp_path):
    src = tmp_path / "junk.jsonl"
    src.write_bytes(b"not json\n" * 1000 + good("ok"))
    rejects = tmp_path / "rejects.jsonl"
    proc = run_cli("clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--rejects", str(rejects))
    stderr = proc.stderr.decode().splitlines()
    assert sum("malformed JSON" in line for line in stderr) == 100
    assert any("the rest are only counted" in line for line in stderr)
    assert "rejected 1000" in stderr[-1]
    assert len(rejects.read_text().splitlines()) == 1000


def test_a_page_without_an_article_is_written_to_rejects_with_why(tmp_path):
    src = tmp_path / "pages.jsonl"
    menu = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Advertisement"])
    article = ("The council approved the budget for the new river bridge on Tuesday after a long debate. "
               "Work is due to start in the spring and should take two years, the city engineer said.")
    src.write_text(json.dumps({"id": "menu", "text": menu}) + "\n" + json.dumps({"id": "story", "text": article})
                   + "\n", encoding="utf-8")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", str(src), "-o", str(out), "--rejects", str(rejects))
    assert proc.returncode == 0, proc.stderr.decode()
    assert [json.loads(line)["source_id"] for line in out.read_text().splitlines()] == ["story"]
    (entry,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert entry["kind"] == "no-story" and entry["path"] == str(src) and entry["line"] == 1
    assert "no story in 'menu'" in entry["reason"]
    assert "1 pages without an article" in proc.stderr.decode()
