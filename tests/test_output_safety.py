"""Nothing clobbered: what ``-o`` names is written the way its kind needs (a device or FIFO
through, a symbolic link's target replaced, a file's mode kept), two options never name one
file, no output names an input, and output and rejects are committed together or not at all
(a failed, interrupted or terminated run leaves both previous files in place).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cleanpress.io.writers import AtomicWriter, committed_together

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PAGE = (
    "The city council approved the new budget on Tuesday after a long debate that lasted well into the night.\n"
    "Critics said the plan would raise taxes for most residents next year, while supporters praised new parks.\n"
)


def cli(*args: str, umask: int | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run([sys.executable, "-m", "cleanpress", *args], cwd=ROOT, capture_output=True,
                          timeout=300, check=False, preexec_fn=set_umask, **kwargs)  # type: ignore[call-overload]


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def pages_jsonl(path: Path, n: int, *, bad_every: int = 0) -> Path:
    lines = []
    for i in range(n):
        if bad_every and i % bad_every == 0:
            lines.append('{"id": "broken", "text": 3}')
        else:
            lines.append(json.dumps({"id": f"p{i}", "text": f"Story number {i}.\n{PAGE}"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- what -o names ---------------------------------------------------------------------------

def _char_device(path: str) -> str:
    if not (os.path.exists(path) and stat.S_ISCHR(os.stat(path).st_mode)):
        pytest.skip(f"{path} is not a character device on this machine")
    return path


def test_symlink_to_a_device_is_written_through(tmp_path):
    device = _char_device("/dev/zero")  # discards what is written, like /dev/null
    link = tmp_path / "sink"
    link.symlink_to(device)
    proc = cli("clean", str(SEEDS), "-o", str(link), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == device
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert hidden_leftovers(tmp_path) == []


def test_full_device_is_a_clear_error(tmp_path):
    """``/dev/full`` is written through, so a full disk is met and reported (rc 2), not a new file."""
    device = _char_device("/dev/full")
    link = tmp_path / "full"
    link.symlink_to(device)
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_text("old rejects\n")
    src = pages_jsonl(tmp_path / "in.jsonl", 400, bad_every=7)
    proc = cli("clean", str(src), "-o", str(link), "--rejects", str(rejects), "-q")
    stderr = proc.stderr.decode()
    assert proc.returncode == 2 and "No space left" in stderr and "Traceback" not in stderr, stderr
    assert link.is_symlink() and rejects.read_text() == "old rejects\n"
    assert hidden_leftovers(tmp_path) == []


def test_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = cli("clean", str(SEEDS), "-o", str(fifo), "-q")
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    records = [json.loads(line) for line in received[0].splitlines()]
    assert {r["source_id"] for r in records} == {p.stem for p in SEEDS.glob("*.txt")}


def test_dev_stdout_like_path_is_written_through(tmp_path):
    out = tmp_path / "captured.jsonl"
    with out.open("wb") as fh:
        proc = subprocess.run([sys.executable, "-m", "cleanpress", "clean", str(SEEDS), "-o", "/dev/stdout", "-q"],
                              cwd=ROOT, stdout=fh, stderr=subprocess.PIPE, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(out.read_text(encoding="utf-8").splitlines()) >= 5


def test_symlink_is_resolved_and_its_target_replaced(tmp_path):
    real = tmp_path / "data" / "stories.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    proc = cli("clean", str(SEEDS), "-o", str(link), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink(), "the link itself was replaced by a file"
    assert real.read_text(encoding="utf-8") != "old\n" and json.loads(real.read_text().splitlines()[0])
    assert hidden_leftovers(tmp_path) == [] and hidden_leftovers(real.parent) == []


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_overwritten_file_keeps_its_mode(tmp_path, mode):
    out = tmp_path / "stories.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(mode)
    proc = cli("clean", str(SEEDS), "-o", str(out), "-q", umask=0o077)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_file_gets_the_umask_mode(tmp_path, umask):
    out = tmp_path / "stories.jsonl"
    rejects = tmp_path / "rejects.jsonl"
    src = pages_jsonl(tmp_path / "in.jsonl", 4, bad_every=2)
    proc = cli("clean", str(src), "-o", str(out), "--rejects", str(rejects), "-q", umask=umask)
    assert proc.returncode == 0, proc.stderr.decode()
    for path in (out, rejects):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_profile_written_by_learn_gets_the_umask_mode(tmp_path):
    out = tmp_path / "site.json"
    proc = cli("learn", str(SEEDS), "-o", str(out), "-q", umask=0o022)
    assert proc.returncode == 0, proc.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write read-only files")
def test_read_only_file_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "stories.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    out.chmod(0o444)
    proc = cli("clean", str(SEEDS), "-o", str(out), "-q")
    assert proc.returncode == 2
    assert str(out) in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()
    assert out.read_text(encoding="utf-8") == "keep me\n" and stat.S_IMODE(out.stat().st_mode) == 0o444


def test_read_only_file_check_in_the_writer(tmp_path, monkeypatch):
    """The same refusal, independent of who runs the tests (root may write anything)."""
    out = tmp_path / "stories.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(PermissionError, match="read-only"), AtomicWriter(str(out)) as fh:
        fh.write("new")
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert hidden_leftovers(tmp_path) == []


# --- paths that must not be shared -----------------------------------------------------------

def _collision_cases(tmp: Path) -> dict[str, tuple[list[str], list[Path]]]:
    src = pages_jsonl(tmp / "in.jsonl", 3)
    folder = tmp / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "old-out.jsonl").write_text(json.dumps({"id": "x", "text": PAGE}) + "\n", encoding="utf-8")
    index = tmp / "idx.sqlite"
    index.write_bytes(b"")
    link = tmp / "link.jsonl"
    link.symlink_to(src)
    hard = tmp / "hard.jsonl"
    os.link(src, hard)
    same = tmp / "same.jsonl"
    same.write_text("previous\n", encoding="utf-8")
    return {
        "output is rejects": (["clean", str(src), "-o", str(same), "--rejects", str(tmp / "." / "same.jsonl")], [same]),
        "output is the index": (["run", str(src), "-o", str(index), "--index", str(index)], [index, src]),
        "rejects is the index": (["run", str(src), "-o", str(tmp / "o.jsonl"), "--rejects", str(index),
                                  "--index", str(index)], [index]),
        "output is an input": (["clean", str(src), "-o", str(src)], [src]),
        "output is a symlink to an input": (["dedup", str(src), "-o", str(link)], [src]),
        "output is a hard link to an input": (["run", str(src), "-o", str(hard)], [src]),
        "rejects is an input": (["clean", str(src), "-o", str(tmp / "o.jsonl"), "--rejects", str(src)], [src]),
        "output read from an input folder": (["clean", str(folder), "-o", str(folder / "old-out.jsonl")],
                                             [folder / "old-out.jsonl"]),
        "learn output is an input": (["learn", str(src), "-o", str(src)], [src]),
        "report output is an input": (["report", str(src), "-o", str(src)], [src]),
    }



@pytest.mark.parametrize("case", [
    "output is rejects", "output is the index", "rejects is the index", "output is an input",
    "output is a symlink to an input", "output is a hard link to an input", "rejects is an input",
    "output read from an input folder", "learn output is an input", "report output is an input",
])
def test_shared_paths_are_refused_untouched(tmp_path, case):
    args, kept = _collision_cases(tmp_path)[case]
    before = {p: p.read_bytes() for p in kept}
    proc = cli(*args)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr and ("same file" in stderr or "also an input" in stderr), stderr
    assert {p: p.read_bytes() for p in kept} == before
    assert hidden_leftovers(tmp_path) == []


def test_devices_may_be_shared_and_new_outputs_in_an_input_folder_are_fine(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    proc = cli("clean", str(folder), "-o", "/dev/null", "--rejects", "/dev/null", "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    proc = cli("clean", str(folder), "-o", str(folder / "out.jsonl"), "-q")
    assert proc.returncode == 0, proc.stderr.decode()


# --- committed together ----------------------------------------------------------------------

def test_rejects_and_output_commit_together_or_not_at_all(tmp_path, monkeypatch):
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    out.write_text("old output\n")
    rejects.write_text("old rejects\n")
    real_fsync = os.fsync
    calls = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file cannot be flushed: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    writers = [AtomicWriter(str(out)), AtomicWriter(str(rejects))]
    with pytest.raises(OSError, match="No space"), committed_together(writers):
        writers[0].open().write("new output\n")
        writers[1].open().write("new rejects\n")
    assert out.read_text() == "old output\n" and rejects.read_text() == "old rejects\n"
    assert hidden_leftovers(tmp_path) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    writers = [AtomicWriter(str(out)), AtomicWriter(str(rejects))]
    with committed_together(writers):
        writers[0].open().write("new output\n")
        writers[1].open().write("new rejects\n")
    assert out.read_text() == "new output\n" and rejects.read_text() == "new rejects\n"


def _interrupt_when_written(args: list[str], folder: Path, signum: int) -> tuple[int, str]:
    """Run the CLI, send ``signum`` once its temporary output holds data; its exit status and stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "cleanpress", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    sent = False
    while proc.poll() is None and time.monotonic() < deadline:
        temps = [folder / name for name in hidden_leftovers(folder) if name.startswith(".out.jsonl.")]
        if any(p.exists() and p.stat().st_size > 0 for p in temps):
            proc.send_signal(signum)
            sent = True
            break
        time.sleep(0.005)
    _, stderr = proc.communicate(timeout=300)
    if not sent:
        pytest.skip("the run finished before its output reached the temporary file")
    return proc.returncode, stderr.decode()


@pytest.mark.parametrize(("signum", "status", "word"), [(signal.SIGTERM, 143, "terminated"),
                                                        (signal.SIGINT, 130, "interrupted")])
@pytest.mark.parametrize("command", ["clean", "run", "clean -j 2"])
def test_signal_leaves_both_previous_files_and_no_leftovers(tmp_path, command, signum, status, word):
    src = pages_jsonl(tmp_path / "in.jsonl", 6000, bad_every=50)
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    out.write_text("old output\n")
    rejects.write_text("old rejects\n")
    code, stderr = _interrupt_when_written([*command.split(), str(src), "-o", str(out), "--rejects", str(rejects)],
                                           tmp_path, signum)
    assert code == status, stderr
    assert word in stderr and "Traceback" not in stderr
    assert out.read_text() == "old output\n" and rejects.read_text() == "old rejects\n"
    assert hidden_leftovers(tmp_path) == []


def test_finished_run_commits_both(tmp_path):
    src = pages_jsonl(tmp_path / "in.jsonl", 10, bad_every=5)
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    rejects.write_text("old rejects\n")
    proc = cli("run", str(src), "-o", str(out), "--rejects", str(rejects), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(rejects.read_text().splitlines()) == 2 and len(out.read_text().splitlines()) == 8
