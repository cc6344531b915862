"""A commit of several files survives SIGKILL at any moment: a journal written before the renames
names every finished temporary file, and the next writer of any of the destinations rolls the
commit forward. A file with other hard links is rewritten in place, so every name sees the new
content; a kill in the middle of that copy is rolled forward the same way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cleanpress.io.writers import AtomicFolder, AtomicWriter, Step, _Journal, committed_together, recover

ROOT = Path(__file__).resolve().parent.parent

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
STORY = SEEDS[0].read_text(encoding="utf-8")


def killed_during_commit(script: str, hook: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a new interpreter whose commit SIGKILLs it at ``hook`` (python code run in the patch)."""
    code = textwrap.dedent("""
        import os, shutil, signal, sys
        from cleanpress.io import writers
        calls = {"n": 0}
        def kill():
            os.kill(os.getpid(), signal.SIGKILL)
    """) + textwrap.dedent(hook) + textwrap.dedent(script)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


KILL_AFTER_FIRST_STEP = """
    original = writers.Step.run
    def run(self):
        original(self)
        kill()  # the first destination is in place, the others are not
    writers.Step.run = run
"""


def journals(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".commit"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def write_input(path: Path, bad_line: str) -> None:
    path.write_text(json.dumps({"id": "a", "text": STORY}) + "\n" + bad_line + "\n", encoding="utf-8")


def test_a_kill_between_the_renames_is_rolled_forward_by_the_next_writer(tmp_path) -> None:
    src, out, rejects = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    write_input(src, "{broken one")
    args = ["clean", str(src), "-o", str(out), "--rejects", str(rejects), "-q", "-j", "1"]
    cli = f"from cleanpress.cli import main\nsys.exit(main({args!r}))\n"
    done = subprocess.run([sys.executable, "-c", "import sys\n" + cli], cwd=ROOT, check=False, timeout=300)
    assert done.returncode == 0
    old_out, old_rejects = out.read_bytes(), rejects.read_bytes()

    # the second run's input differs in its story and its bad line: both files change
    second = json.dumps({"id": "b", "text": SEEDS[1].read_text(encoding="utf-8")})
    src.write_text(second + "\n" + "[not an object]" + "\n", encoding="utf-8")
    killed = killed_during_commit(cli, KILL_AFTER_FIRST_STEP)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # torn: the rejects file (renamed first) is new, the output still old; the journals say so
    assert rejects.read_bytes() != old_rejects and b"not an object" not in old_rejects
    assert out.read_bytes() == old_out
    assert len(journals(tmp_path)) == 2  # one beside each destination

    # the next run that writes one of the files (here only the rejects) finishes the commit first
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "c", "text": STORY}) + "\n", encoding="utf-8")
    new_rejects = rejects.read_bytes()
    from cleanpress.cli import main
    assert main(["clean", str(other), "-o", str(tmp_path / "other-out.jsonl"), "--rejects", str(rejects),
                 "-q", "-j", "1"]) == 0
    assert out.read_bytes() != old_out
    assert [json.loads(line)["source_id"] for line in out.read_text().splitlines()] == ["b"]
    assert new_rejects != rejects.read_bytes()  # and then wrote its own rejects
    assert leftovers(tmp_path) == []  # no journal, no temporary file


def test_recover_rolls_a_cut_commit_forward_and_a_clean_commit_leaves_nothing(tmp_path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    b.write_text("old b")
    script = f"""
        wa, wb = writers.AtomicWriter({str(a)!r}), writers.AtomicWriter({str(b)!r})
        with writers.committed_together([wa, wb]):
            wa.open().write("new a"); wb.open().write("new b")
    """
    assert killed_during_commit(script, KILL_AFTER_FIRST_STEP).returncode == -signal.SIGKILL
    assert (a.read_text(), b.read_text()) == ("old a", "new b")  # b (the last given) was put in place first
    done = recover(str(a))
    assert len(done) == 1
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    assert leftovers(tmp_path) == []
    assert recover(str(b)) == []  # nothing left to do from the other side

    # without a kill, no journal stays behind
    wa, wb = AtomicWriter(str(a)), AtomicWriter(str(b))
    with committed_together([wa, wb]):
        wa.open().write("third a")
        wb.open().write("third b")
    assert (a.read_text(), b.read_text()) == ("third a", "third b") and leftovers(tmp_path) == []


def test_a_kill_before_the_journal_is_written_leaves_every_file_as_it_was(tmp_path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    b.write_text("old b")
    hook = """
        original = writers._Journal.write
        def write(cls, steps):
            kill()
        writers._Journal.write = classmethod(write)
    """
    script = f"""
        wa, wb = writers.AtomicWriter({str(a)!r}), writers.AtomicWriter({str(b)!r})
        with writers.committed_together([wa, wb]):
            wa.open().write("new a"); wb.open().write("new b")
    """
    assert killed_during_commit(script, hook).returncode == -signal.SIGKILL
    assert recover(str(a)) == []
    assert (a.read_text(), b.read_text()) == ("old a", "old b")


def test_a_commit_in_progress_is_not_recovered_by_another_process(tmp_path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    tmp = tmp_path / ".a.txt.0123abcd.tmp"
    tmp.write_text("new")
    journal = _Journal.write([Step("rename", str(tmp), str(target))])  # locked by this (live) process
    try:
        other = subprocess.run([sys.executable, "-c", f"from cleanpress.io.writers import recover; "
                                                      f"print(recover({str(target)!r}))"],
                               cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
        assert other.stdout.strip() == "[]"
        assert target.read_text() == "old" and tmp.exists()
    finally:
        journal.release()
    assert len(recover(str(target))) == 1  # its owner gone, the commit is rolled forward
    assert target.read_text() == "new"


def test_a_journal_naming_other_files_is_refused_untouched(tmp_path) -> None:
    target, victim = tmp_path / "a.txt", tmp_path / "victim.txt"
    target.write_text("old")
    victim.write_text("keep me")
    bad = tmp_path / ".a.txt.0123abcd.commit"
    bad.write_text(json.dumps({"cleanpress-commit": 1, "token": "0123abcd",
                               "steps": [{"how": "rename", "tmp": str(victim), "target": str(target)}]}))
    with pytest.raises(OSError, match="unreadable commit journal"):
        recover(str(target))
    assert victim.read_text() == "keep me" and target.read_text() == "old" and bad.exists()
    with pytest.raises(OSError, match="remove it to give up"):
        AtomicWriter(str(target)).open()


# -- hard links ----------------------------------------------------------------------------------------


def test_a_file_with_other_hard_links_is_rewritten_in_place(tmp_path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "a", "text": STORY}) + "\n", encoding="utf-8")
    out.write_text("old content, longer than nothing at all " * 40)
    os.chmod(out, 0o640)
    other = tmp_path / "snapshot" / "out-link.jsonl"
    other.parent.mkdir()
    os.link(out, other)
    inode = out.stat().st_ino
    from cleanpress.cli import main
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert out.stat().st_ino == inode and out.stat().st_nlink == 2
    assert other.read_bytes() == out.read_bytes()
    assert {json.loads(line)["source_id"] for line in other.read_text().splitlines()} == {"a"}  # truncated too
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)
    assert leftovers(tmp_path) == []


def test_a_kill_during_the_in_place_copy_is_rolled_forward(tmp_path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old " * 1000)
    link = tmp_path / "link.txt"
    os.link(out, link)
    hook = """
        def copy(src, dst, length=0):
            dst.write(src.read(10)); dst.flush(); os.fsync(dst.fileno())
            kill()  # the destination is torn: the window the docs state
        writers.shutil.copyfileobj = copy
    """
    script = f"""
        with writers.AtomicWriter({str(out)!r}) as fh:
            fh.write("new " * 2000)
    """
    assert killed_during_commit(script, hook).returncode == -signal.SIGKILL
    assert out.read_text().startswith("new new ")  # torn, but the journal knows how to finish
    assert len(journals(tmp_path)) == 1
    assert len(recover(str(link))) == 0  # the journal is beside the name -o gave
    assert len(recover(str(out))) == 1
    assert out.read_text() == link.read_text() == "new " * 2000
    assert leftovers(tmp_path) == []


# -- folders (the Spark engine's Parquet output) ---------------------------------------------------------


def test_a_folder_swap_cut_between_its_renames_is_rolled_forward(tmp_path) -> None:
    target = tmp_path / "out.parquet"
    target.mkdir()
    (target / "part-old").write_text("old")
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_text("old rejects")
    hook = """
        original = os.rename
        def rename(a, b):
            original(a, b)
            if b.endswith(".old"):
                kill()  # the old folder moved aside, the new one not yet in place
        writers.os.rename = rename
    """
    script = f"""
        folder, rejects = writers.AtomicFolder({str(target)!r}), writers.AtomicWriter({str(rejects)!r})
        with writers.committed_together([folder, rejects]):
            tmp = folder.open(); os.makedirs(tmp); open(os.path.join(tmp, "part-new"), "w").write("new")
            rejects.open().write("new rejects")
    """
    assert killed_during_commit(script, hook).returncode == -signal.SIGKILL
    assert not target.exists()  # the moment of the swap
    assert AtomicFolder(str(target)).open()  # the next writer rolls it forward first
    assert sorted(os.listdir(target)) == ["part-new"] and rejects.read_text() == "new rejects"
    assert leftovers(tmp_path) == []


def test_a_journal_that_cannot_be_written_leaves_every_file_as_it_was(tmp_path, monkeypatch) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    b.write_text("old b")

    def full_disk(cls, steps):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_Journal, "write", classmethod(full_disk))
    wa, wb = AtomicWriter(str(a)), AtomicWriter(str(b))
    with pytest.raises(OSError, match="No space"), committed_together([wa, wb]):
        wa.open().write("new a")
        wb.open().write("new b")
    assert (a.read_text(), b.read_text()) == ("old a", "old b") and leftovers(tmp_path) == []


def test_a_journal_of_files_whose_names_are_not_utf8_is_rolled_forward(tmp_path) -> None:
    name = os.fsdecode(b"caf\xe9.jsonl")  # a Latin-1 file name: a lone surrogate in Python
    target = tmp_path / name
    target.write_text("old")
    tmp = tmp_path / f".{name}.0123abcd.tmp"
    tmp.write_text("new")
    other, other_tmp = tmp_path / "rejects.jsonl", tmp_path / ".rejects.jsonl.0123abcd.tmp"
    other.write_text("old")
    other_tmp.write_text("new")
    _Journal.write([Step("rename", str(other_tmp), str(other)), Step("rename", str(tmp), str(target))]).release()
    assert len(recover(str(target))) == 1
    assert target.read_text() == other.read_text() == "new" and leftovers(tmp_path) == []


#: A commit of three files, the first and last with other hard links (copied into in place), makes 12 file
#: operations: 3 journal copies renamed into place, 3 steps (rename or copy + unlink), 3 journals deleted (and
#: one more to spare, past the end: no kill)
KILL_POINTS = range(1, 15)


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_kill_after_any_file_operation_of_a_commit_leaves_all_old_or_all_new(tmp_path, kill_at) -> None:
    """Whatever file operation of a commit SIGKILL follows, the next writers find every destination old or
    every destination new, never a mix, and no journal behind; every hard link of a file sees what it holds."""
    targets = [tmp_path / f"f{i}.txt" for i in range(3)]
    for i, target in enumerate(targets):
        target.write_text(f"old {i} " * (i + 1))
        if i != 1:
            os.link(target, tmp_path / f"link{i}")
    hook = f"""
        count = {{"n": 0}}
        def counted(real):
            def op(*args, **kwargs):
                result = real(*args, **kwargs)
                count["n"] += 1
                if count["n"] == {kill_at}:
                    kill()
                return result
            return op
        for name in ("replace", "rename", "unlink"):
            setattr(os, name, counted(getattr(os, name)))
        real_copy = shutil.copyfileobj
        def copy(src, dst, length=0):
            count["n"] += 1
            if count["n"] == {kill_at}:
                dst.write(src.read(3)); dst.flush()
                kill()  # torn in the middle of the copy
            real_copy(src, dst, length)
        shutil.copyfileobj = copy
    """
    script = f"""
        ws = [writers.AtomicWriter(p) for p in {[str(t) for t in targets]!r}]
        with writers.committed_together(ws):
            for i, w in enumerate(ws):
                w.open().write(f"new {{i}} " * (i + 3))
    """
    done = killed_during_commit(script, hook)
    assert done.returncode in (0, -signal.SIGKILL), done.stderr
    # a later run writes the first file only (its journal is the last one written): it finishes or drops the
    # cut commit first, which never comes back later to put an older file over the newer one
    with AtomicWriter(str(targets[0])) as fh:
        fh.write("newest")
    for target in targets:
        recover(str(target))
    contents = [t.read_text() for t in targets]
    assert contents[0] == "newest", contents
    assert contents[1:] in (["old 1 " * 2, "old 2 " * 3], ["new 1 " * 4, "new 2 " * 5]), contents
    for i in (0, 2):
        assert (tmp_path / f"link{i}").read_text() == contents[i]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".commit", ".commit.tmp", ".old"))]
    if contents[1] == "new 1 " * 4:
        assert leftovers(tmp_path) == []
