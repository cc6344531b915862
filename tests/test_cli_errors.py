"""Expected failures of the command line are one message naming what failed and exit status 2
(or a rejected input, for one unusable input among others), never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def cli(*args: str, close_fd: int | None = None) -> subprocess.CompletedProcess[bytes]:
    def close() -> None:
        if close_fd is not None:
            os.close(close_fd)

    return subprocess.run([sys.executable, "-m", "cleanpress", *args], cwd=ROOT, capture_output=close_fd != 1,
                          stdin=None if close_fd == 0 else subprocess.DEVNULL, preexec_fn=close, timeout=300,
                          check=False)


def good_profile(tmp_path: Path) -> dict:
    path = tmp_path / "good.json"
    assert cli("learn", str(SEEDS), "-o", str(path), "-q").returncode == 0
    return json.loads(path.read_text(encoding="utf-8"))


BROKEN_PROFILES = {
    "nested 200,000 deep": lambda good: ('{"format": "cleanpress-profile", "sites": '
                                         + "[" * 200_000 + "]" * 200_000 + "}"),
    "only nesting": lambda good: "[" * 200_000 + "]" * 200_000,
    "an integer of 5,000 digits": lambda good: '{"format": "cleanpress-profile", "version": ' + "9" * 5000 + "}",
    "NaN in the config": lambda good: json.dumps({**good, "config": {**good["config"], "min_share": float("nan")}}),
    "a word for a number": lambda good: json.dumps({**good, "config": {**good["config"], "min_pages": "two"}}),
}


@pytest.mark.parametrize("case", sorted(BROKEN_PROFILES))
@pytest.mark.parametrize("command", ["clean", "run", "report", "learn"])
def test_broken_profile_is_one_line_and_rc_2(tmp_path, case, command):
    profile = tmp_path / "broken.json"
    profile.write_text(BROKEN_PROFILES[case](good_profile(tmp_path)), encoding="utf-8")
    if command == "learn":
        proc = cli("learn", "--merge", str(profile), "-o", str(tmp_path / "out.json"))
    else:
        proc = cli(command, str(SEEDS), "--profile", str(profile), "-o", str(tmp_path / "out"))
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert str(profile) in stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("command", ["clean", "run", "learn", "report"])
def test_closed_stdin_is_a_rejected_input_not_a_traceback(tmp_path, command):
    proc = cli(command, "-", "-o", str(tmp_path / "out"), "--strict", close_fd=0)
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert "<stdin>: cannot read: standard input is closed" in stderr
    assert proc.returncode == 1  # a rejected input, with --strict


def test_closed_stdout_is_a_message_and_rc_2(tmp_path):
    errors = tmp_path / "stderr"
    with errors.open("wb") as fh:
        proc = subprocess.run([sys.executable, "-m", "cleanpress", "clean", str(SEEDS), "-o", "-"], cwd=ROOT,
                              stderr=fh, preexec_fn=lambda: os.close(1), timeout=300, check=False)
    text = errors.read_text(encoding="utf-8")
    assert proc.returncode == 2 and "standard output" in text and "Traceback" not in text, text


@pytest.mark.parametrize("flag", ["-o", "--rejects"])
def test_empty_output_path_is_refused(flag):
    proc = cli("clean", str(SEEDS), flag, "")
    assert proc.returncode == 2 and "empty path" in proc.stderr.decode()


def test_unusable_input_names_do_not_stop_the_others(tmp_path):
    too_long = str(tmp_path / ("x" * 300))
    proc = cli("clean", "", too_long, str(SEEDS / "000_1edf2283046991b8.txt"), "-o", str(tmp_path / "out.jsonl"))
    stderr = proc.stderr.decode()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and f"{too_long}: cannot read: File name too long" in stderr
    assert ": no such file or folder" in stderr  # the empty name is not the current folder
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) >= 1


def test_write_error_names_the_output(tmp_path):
    proc = cli("clean", str(SEEDS), "-o", "/proc/version")
    stderr = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in stderr
    assert "/proc/version" in stderr, stderr


# --- folder walks say what they leave out -------------------------------------------------------

def test_folder_walk_reports_what_it_skips(tmp_path):
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(
        "The city council approved the new budget on Tuesday after a long debate that lasted into the night.\n"
        "Critics said the plan would raise taxes for most residents next year, while supporters praised it.\n"
        "The mayor is expected to sign the budget into law before the end of the month, officials said.\n",
        encoding="utf-8")
    (folder / "sub" / "b.html").write_text("<p>The council approved the budget.</p>", encoding="utf-8")
    (folder / ".stories.jsonl.1a2b3c4d.tmp").write_text('{"id": "half"', encoding="utf-8")
    (folder / "notes.md").write_text("# notes", encoding="utf-8")
    os.mkfifo(folder / "pipe")
    (folder / "loop").symlink_to(folder)
    out = tmp_path / "out.jsonl"
    rejects = tmp_path / "rejects.jsonl"
    proc = cli("clean", str(folder), "-o", str(out), "--rejects", str(rejects))
    stderr = proc.stderr.decode()
    assert proc.returncode == 0, stderr
    for name, words in ((".stories.jsonl.1a2b3c4d.tmp", "interrupted write"), ("notes.md", "no known format"),
                        ("pipe", "not a regular file"), ("loop", "already read")):
        assert f"skipped {folder / name}: " in stderr and words in stderr, (name, stderr)
    assert "skipped 4 files" in stderr.strip().splitlines()[-1]
    kinds = [json.loads(line)["kind"] for line in rejects.read_text().splitlines()]
    assert kinds == ["skipped"] * 4
    assert {json.loads(line)["source_id"] for line in out.read_text().splitlines()} == {"a", "sub/b"}


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    from cleanpress.io.readers import iter_input_files

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("text", encoding="utf-8")
    (tmp_path / "open.txt").write_text("text", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # root reads every folder: refuse this one the way the kernel would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    skipped = []
    files = list(iter_input_files(tmp_path, skipped=skipped.append))
    assert [f.name for f in files] == ["open.txt"]
    assert [(e.path, e.reason) for e in skipped] == [
        (str(tmp_path / "locked"), "folder cannot be read (Permission denied); not read")]
