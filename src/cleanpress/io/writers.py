"""Writers: output files replaced atomically, and the one JSON Lines encoding of a record.

A killed run never leaves a half-written file that looks complete, and never
replaces what the destination path names with something of another kind. Files
committed together (output and rejects) go in place under a commit journal that
the next writer rolls forward when a kill cut the commit short (:func:`commit_all`).
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO, Any, Protocol

from cleanpress.io.decode import scrub

try:  # journals are locked while their commit runs (POSIX); without fcntl they are not, see _flock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Where an existing destination is written through (opened and written in place) rather than
#: replaced: devices, FIFOs and the process's own descriptors (``/dev/stdout``, ``/proc/self/fd/1``).
_THROUGH_PREFIXES = ("/dev/", "/proc/")


def _is_written_through(path: str) -> bool:
    """Whether ``path`` names something other than a regular file (or nothing), so it must not be replaced."""
    try:
        st = os.stat(path)  # follows symbolic links
    except OSError:  # absent (or under a file): creating it will say why it cannot be
        return os.path.abspath(path).startswith(_THROUGH_PREFIXES)
    if not stat.S_ISREG(st.st_mode):
        return True
    return os.path.abspath(path).startswith(_THROUGH_PREFIXES) or os.path.realpath(path).startswith(
        _THROUGH_PREFIXES)


def _create_new(directory: str, name: str, like: os.stat_result | None) -> tuple[int, str]:
    """A new hidden ``.NAME.XXXXXXXX.tmp`` in ``directory``, open for writing.

    Created with ``0o666`` so that the umask decides a new file's mode as it does for any
    program's output; the mode (and, where allowed, the owner) of ``like``, an existing
    destination, is set on it afterwards.
    """
    for _ in range(100):
        tmp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        if like is not None:
            try:
                _copy_owner(fd, like)
                os.fchmod(fd, stat.S_IMODE(like.st_mode))
            except OSError:
                os.close(fd)
                os.unlink(tmp)
                raise
        return fd, tmp
    raise FileExistsError(errno.EEXIST, f"no free temporary name in {directory}")


def _copy_owner(fd: int, like: os.stat_result) -> None:
    """Give the new file ``like``'s owner and group where this process may (root, or its own group)."""
    if (like.st_uid, like.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, like.st_uid, like.st_gid)
    except PermissionError:
        with suppress(PermissionError):
            os.fchown(fd, -1, like.st_gid)


class _NamedFile(io.FileIO):
    """A file open for writing whose write errors (a full disk, an I/O error) name the destination."""

    def __init__(self, file: str | int, label: str) -> None:
        super().__init__(file, "wb")
        self.label = label

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError as err:
            raise type(err)(err.errno, f"cannot write {self.label}: {err.strerror or err}") from None


class AtomicWriter:
    """A text file written under a temporary name and renamed into place on success.

    ``path`` ``-`` writes to standard output instead. The temporary file is a
    hidden sibling of the destination ending in ``.tmp`` (``.NAME.XXXX.tmp``),
    so a run killed at any moment leaves either the previous file or the new,
    complete one at ``path``, never a partial file under that name; readers of
    folders skip the hidden leftovers. If the ``with`` block raises, the
    temporary file is deleted and the destination left untouched. The data is
    flushed to disk (``fsync``) before the rename.

    What ``path`` names decides how it is written:

    - nothing, or a regular file: replaced atomically as above; an existing
      file keeps its permission bits, a new one gets the umask's (``0o666``
      less the umask, as any program's output);
    - a symbolic link: resolved, and the file it points to replaced (the link stays);
    - a regular file with other hard links: rewritten in place once the new file is
      complete (copied over it under a commit journal, :func:`commit_all`), so every
      name of it sees the new content; not atomic for readers during the copy;
    - a device, a FIFO, a socket, or ``/dev/stdout``-like paths: opened and
      written through, never replaced (``-o /dev/null`` discards the output);
    - a read-only file: refused (:class:`PermissionError`), as ``open`` would.

    >>> import os, tempfile
    >>> out = os.path.join(tempfile.mkdtemp(), "stories.jsonl")
    >>> try:
    ...     with AtomicWriter(out) as fh:
    ...         _ = fh.write("half a record")
    ...         raise RuntimeError("killed")
    ... except RuntimeError:
    ...     pass
    >>> os.path.exists(out), os.listdir(os.path.dirname(out))
    (False, [])
    """

    def __init__(self, path: str, *, compress: bool | None = None) -> None:
        self.path = path
        self.compress = path.endswith(".gz") if compress is None else compress
        #: the file renamed into place (``path`` with symbolic links resolved); None when written through
        self.target: str | None = None
        self._tmp: str | None = None
        self._fh: IO[str] | None = None
        self._raw: IO[bytes] | None = None
        self._prepared = False

    def __enter__(self) -> IO[str]:
        return self.open()

    def open(self) -> IO[str]:
        """Start writing; the text stream to write to."""
        if self.path == "-":
            if sys.stdout is None:
                raise OSError(errno.EBADF, "cannot write to standard output: it is closed")
            self._fh = sys.stdout
            return sys.stdout
        try:
            if os.path.isdir(self.path):
                raise IsADirectoryError(errno.EISDIR, "Is a directory")
            if _is_written_through(self.path):
                raw: IO[bytes] = io.BufferedWriter(_NamedFile(self.path, self.path))
            else:
                raw = self._open_temporary()
        except OSError as err:
            raise type(err)(err.errno, f"cannot write {self.path}: {err.strerror or err}") from err
        self._raw = raw
        binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if self.compress else raw  # type: ignore[assignment]
        self._fh = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        return self._fh

    def _open_temporary(self) -> IO[bytes]:
        target = os.path.realpath(self.path)
        like: os.stat_result | None = None
        try:
            like = os.stat(target)
        except FileNotFoundError:
            pass
        else:
            if not os.access(target, os.W_OK):
                raise PermissionError(errno.EACCES, "Permission denied (the file is read-only; it was left as it is)")
        directory = os.path.dirname(target)
        os.makedirs(directory, exist_ok=True)
        recover(target)  # an earlier commit of this file cut short by a kill is completed first
        fd, self._tmp = _create_new(directory, os.path.basename(target), like)
        self.target = target
        return io.BufferedWriter(_NamedFile(fd, self.path))

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.abort()
            return
        try:
            self.finish()
        except BaseException:
            self.abort()
            raise
        self.commit()

    def finish(self) -> None:
        """Write out everything (gzip trailer, ``fsync``) without renaming: after this only :meth:`commit` is left."""
        if self.path == "-":
            if sys.stdout is not None:
                sys.stdout.flush()
            return
        if self._prepared:
            return
        assert self._fh is not None and self._raw is not None
        if self.compress:
            self._fh.close()  # closes the gzip layer, writing its trailer; the file stays open
        else:
            self._fh.flush()
        self._raw.flush()
        if self._tmp is not None:
            try:
                os.fsync(self._raw.fileno())
            except OSError as err:
                raise type(err)(err.errno, f"cannot write {self.path}: {err.strerror or err}") from None
        self._fh.close()
        self._raw.close()
        self._prepared = True

    def commit(self) -> None:
        """Put the finished file in place (call :meth:`finish` first): see :func:`commit_all`."""
        if self._tmp is None or self.target is None:
            return
        if not self._prepared:
            self.finish()
        commit_all([self])

    def step(self) -> Step | None:
        """How the finished file takes its place: renamed over the destination, or copied into it when the
        destination has other hard links (so that every name of it sees the new content); None when there is
        nothing to put in place (written through, or standard output)."""
        if self._tmp is None or self.target is None:
            return None
        try:
            st = os.stat(self.target)
        except FileNotFoundError:
            return Step("rename", self._tmp, self.target)
        in_place = stat.S_ISREG(st.st_mode) and st.st_nlink > 1
        return Step("in-place" if in_place else "rename", self._tmp, self.target)

    def committed(self) -> None:
        """Called by :func:`commit_all` once the file is in place."""
        self._tmp = None

    def abort(self) -> None:
        """Give up: the temporary file is deleted and the destination left as it was."""
        if self.path == "-":
            return
        for stream in (self._fh, self._raw):
            if stream is not None and not stream.closed:
                with suppress(OSError, ValueError):  # a full disk while flushing: the file goes anyway
                    stream.close()
        if self._tmp is not None:
            with suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None


def same_file(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name one file (same inode, or the same path once links are resolved).

    >>> same_file("/tmp/x/../y.jsonl", "/tmp/y.jsonl")
    True
    """
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def replaced_on_write(path: str) -> bool:
    """Whether writing ``path`` replaces it (a regular file or nothing), rather than writing through it."""
    return path != "-" and not _is_written_through(path)


@contextmanager
def committed_together(writers: Iterable[Committable | None]) -> Iterator[None]:
    """Commit open ``writers`` together when the block ends normally, or none of them.

    Every file is written out and flushed to disk before any is put in place, so a
    full disk, Ctrl-C or a signal during the run leaves every destination as it
    was; the renames come last (:func:`commit_all`, under a commit journal), the
    first file of ``writers`` last of all.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> out, rejects = AtomicWriter(os.path.join(folder, "out")), AtomicWriter(os.path.join(folder, "rej"))
    >>> try:
    ...     with committed_together([out, rejects]):
    ...         _ = out.open().write("story"); _ = rejects.open().write("bad record")
    ...         raise KeyboardInterrupt
    ... except KeyboardInterrupt:
    ...     pass
    >>> os.listdir(folder)
    []
    """
    active = [w for w in writers if w is not None]
    try:
        yield
        for writer in active:
            writer.finish()
    except BaseException:
        for writer in active:
            writer.abort()
        raise
    commit_all(list(reversed(active)))


# ------------------------------------------------------------------------------------------- commits

#: The first key of a commit journal (and its format's version).
JOURNAL_KEY = "cleanpress-commit"
#: A commit journal's name ends so: ``.NAME.XXXXXXXX.commit`` beside each destination of the commit.
JOURNAL_SUFFIX = ".commit"


@dataclass(frozen=True, slots=True)
class Step:
    """One destination's part of a commit: how its finished temporary file (or folder) takes its place.

    ``how`` is ``rename`` (the temporary file renamed over the destination),
    ``in-place`` (its content copied into the destination, which keeps its inode,
    so that every hard link of it sees the new content) or ``folder`` (the old
    folder renamed to ``aside``, the new one renamed into place, ``aside``
    deleted). Each is done when its temporary file or folder is gone, so a step
    cut short by a kill is finished by running it again (:func:`recover`).
    """

    how: str
    tmp: str
    target: str
    aside: str | None = None

    def run(self) -> None:
        """Put the temporary file or folder in place; nothing when that was done already."""
        if self.how == "folder":
            _swap_folder(self.tmp, self.target, self.aside)
        elif self.how == "in-place":
            _rewrite_in_place(self.tmp, self.target)
        else:
            with suppress(FileNotFoundError):  # gone: renamed by an earlier attempt
                os.replace(self.tmp, self.target)

    def check(self) -> None:
        """:class:`ValueError` unless the step only renames hidden siblings of its destination (a journal is data)."""
        directory, name = os.path.split(self.target)
        prefix = f".{name}."
        for path, suffix in ((self.tmp, ".tmp"), (self.aside, ".old")):
            if path is None:
                continue
            here, base = os.path.split(path)
            if here != directory or not base.startswith(prefix) or not base.endswith(suffix):
                raise ValueError(f"{path} is not a temporary file of {self.target}")
        if self.how not in {"rename", "in-place", "folder"} or (self.how == "folder") != (self.aside is not None):
            raise ValueError(f"unknown step {self.how!r} for {self.target}")


class Committable(Protocol):
    """What :func:`commit_all` puts in place: an :class:`AtomicWriter` or an :class:`AtomicFolder`."""

    def finish(self) -> None: ...
    def abort(self) -> None: ...
    def step(self) -> Step | None: ...
    def committed(self) -> None: ...


def commit_all(writers: Sequence[Committable]) -> None:
    """Put finished ``writers`` in place, in their order, so that a kill at any moment is recoverable.

    One file replacing another is one ``rename``, atomic by itself. Anything
    more (several files, a folder, a file with other hard links, copied into
    in place) first writes a commit journal beside each destination
    (``.NAME.XXXXXXXX.commit``, written whole under a temporary name, flushed
    and renamed into place, and locked while the commit runs) listing every
    step; then runs the steps, flushes the folders and deletes the journals.
    The journals are the commit point: every temporary file they name is already
    complete on disk, so a run killed once all of them were written is rolled
    forward (:func:`recover`) by the next writer of any of those destinations; a
    run killed before leaves every destination as it was (a journal whose copies
    are not all there is rolled back: its temporary files deleted).
    """
    pairs = [(writer, writer.step()) for writer in writers]
    steps = [step for _, step in pairs if step is not None]
    if len(steps) == 1 and steps[0].how == "rename":
        steps[0].run()
        _fsync_folder(os.path.dirname(steps[0].target))
    elif steps:
        try:
            journal = _Journal.write(steps)
        except BaseException:  # nothing was renamed: every destination stays as it was
            for writer in writers:
                writer.abort()
            raise
        try:
            for step in steps:
                step.run()
            for folder in sorted({os.path.dirname(step.target) for step in steps}):
                _fsync_folder(folder)
            journal.remove()
        finally:
            journal.release()
    for writer, placed in pairs:
        if placed is not None:
            writer.committed()


def recover(target: str) -> list[str]:
    """Finish the commits of ``target`` that a kill cut short (their journals beside it); the journals done.

    A journal locked by a live process (a commit running now) is left to it.
    A journal that cannot be read or names files that are not temporary files
    of its destinations is refused with :class:`OSError` naming it, untouched.
    """
    directory, name = os.path.split(os.path.abspath(target))
    try:
        entries = os.listdir(directory or ".")
    except OSError:
        return []
    done = []
    prefix = f".{name}."
    for entry in sorted(entries):
        token = entry[len(prefix):-len(JOURNAL_SUFFIX)] if entry.startswith(prefix) else ""
        if entry.endswith(JOURNAL_SUFFIX) and len(token) == 8 and all(c in "0123456789abcdef" for c in token):
            path = os.path.join(directory, entry)
            if _Journal.finish(path):
                done.append(path)
    return done


#: What :meth:`_Journal._lock` gives for a journal that is gone, and for one a live process holds.
_GONE, _BUSY = -1, -2


class _Journal:
    """The journal copies of one commit, locked (``flock``) for as long as this process holds them."""

    def __init__(self, paths: list[str], fds: list[int]) -> None:
        self.paths, self.fds = paths, fds

    @staticmethod
    def names(steps: Sequence[Step], token: str) -> list[str]:
        """One journal per destination: ``.NAME.TOKEN.commit`` beside it."""
        out = []
        for step in steps:
            directory, name = os.path.split(step.target)
            path = os.path.join(directory, f".{name}.{token}{JOURNAL_SUFFIX}")
            if path not in out:
                out.append(path)
        return out

    @classmethod
    def write(cls, steps: Sequence[Step]) -> _Journal:
        token = secrets.token_hex(4)
        data = json.dumps({JOURNAL_KEY: 1, "token": token,
                           "steps": [{"how": s.how, "tmp": s.tmp, "target": s.target, "aside": s.aside}
                                     for s in steps]}).encode("ascii")  # escaped: any file name survives
        journal = cls([], [])
        try:
            for path in cls.names(steps, token):
                tmp = path + ".tmp"
                fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
                journal.fds.append(fd)
                _flock(fd, blocking=True)  # held until the commit is done: a live commit is never "recovered"
                os.write(fd, data)
                os.fsync(fd)
                os.replace(tmp, path)
                journal.paths.append(path)
                _fsync_folder(os.path.dirname(path))
        except BaseException:
            journal.remove()
            for path in cls.names(steps, token):
                with suppress(FileNotFoundError):
                    os.unlink(path + ".tmp")
            journal.release()
            raise
        return journal

    def remove(self) -> None:
        for path in self.paths:
            with suppress(FileNotFoundError):
                os.unlink(path)
        self.paths = []

    def release(self) -> None:
        for fd in self.fds:
            with suppress(OSError):
                os.close(fd)  # closing the last descriptor releases the lock
        self.fds = []

    @classmethod
    def finish(cls, path: str) -> bool:
        """Roll the commit of journal ``path`` forward; False when a live process holds it or it is gone."""
        held = cls._lock(path)
        if held < 0:  # gone, or a live process is committing it
            return False
        journal = cls([path], [held])
        try:
            try:
                with open(held, "rb", closefd=False) as fh:
                    raw = json.loads(fh.read().decode("utf-8"))
                steps = [Step(d["how"], d["tmp"], d["target"], d.get("aside")) for d in raw["steps"]]
                if raw.get(JOURNAL_KEY) != 1 or not isinstance(raw.get("token"), str):
                    raise ValueError("not a cleanpress commit journal")
                for step in steps:
                    step.check()
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise OSError(errno.EINVAL, f"{path}: unreadable commit journal ({err}); it was left as it is: "
                                            "remove it to give up that commit") from None
            names = cls.names(steps, raw["token"])
            complete = True
            for other in names:  # every copy locked, or another process is at it: leave it
                if other == path:
                    continue
                fd = cls._lock(other)
                if fd == _BUSY:
                    return False
                if fd == _GONE:
                    complete = False
                else:
                    journal.paths.append(other)
                    journal.fds.append(fd)
            if not complete:
                # a copy missing: the commit was cut while its journals were being written (nothing was put in
                # place: roll back) or while they were being deleted (everything was: nothing left to do)
                for step in steps:
                    _remove(step.tmp)
                for name in names:
                    _remove(name + ".tmp")
                journal.remove()
                return True
            for step in steps:
                try:
                    step.run()
                except OSError as err:
                    raise type(err)(err.errno, f"cannot finish the interrupted commit of {step.target} "
                                               f"({path}): {err.strerror or err}") from None
            for folder in sorted({os.path.dirname(step.target) for step in steps}):
                _fsync_folder(folder)
            journal.remove()
            return True
        finally:
            journal.release()

    @staticmethod
    def _lock(path: str) -> int:
        """``path`` opened and locked: its descriptor; :data:`_GONE` when it is gone, :data:`_BUSY` when another
        process holds it."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return _GONE
        try:
            _flock(fd, blocking=False)
        except BlockingIOError:
            os.close(fd)
            return _BUSY
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if not same:  # finished and deleted by another process between open and lock
            os.close(fd)
            return _GONE
        return fd


def _flock(fd: int, *, blocking: bool) -> None:
    """An exclusive ``flock`` on ``fd`` (:class:`BlockingIOError` when another process holds it and not
    ``blocking``); nothing where the platform has no ``flock``."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))


def _fsync_folder(folder: str) -> None:
    """Flush a folder's entries (renames, new names) to disk, where the platform allows."""
    try:
        fd = os.open(folder or ".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _rewrite_in_place(tmp: str, target: str) -> None:
    """Copy the finished ``tmp`` into ``target`` (same inode, so every hard link sees it), then delete ``tmp``."""
    try:
        src = open(tmp, "rb")  # noqa: SIM115 - closed below, before tmp is deleted
    except FileNotFoundError:
        return  # done by an earlier attempt
    with src:
        try:
            dst = open(target, "r+b")  # noqa: SIM115
        except FileNotFoundError:  # the destination went meanwhile: the file takes its name
            os.replace(tmp, target)
            return
        with dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.truncate()
            dst.flush()
            os.fsync(dst.fileno())
    os.unlink(tmp)


def _swap_folder(tmp: str, target: str, aside: str | None) -> None:
    """The folder ``tmp`` renamed to ``target``; whatever was there moved to ``aside`` first, then deleted."""
    assert aside is not None
    if os.path.lexists(tmp):
        if os.path.lexists(target):
            _remove(aside)
            os.rename(target, aside)
        os.rename(tmp, target)
    _remove(aside)


def _remove(path: str) -> None:
    """Delete a file or a folder tree; nothing when it is not there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            os.unlink(path)


class AtomicFolder:
    """A folder (such as a Spark job's Parquet output) written under a temporary name and swapped into place.

    :meth:`open` gives the hidden sibling path to write the folder at
    (``.NAME.XXXXXXXX.tmp``); the writer (Spark) creates it. :meth:`finish`
    flushes its files to disk; the commit (:func:`commit_all`, also with other
    files in :func:`committed_together`) moves what ``path`` named aside,
    renames the new folder into place and deletes the old one, under a commit
    journal, so a kill at any moment leaves the old folder or the new one once
    the next writer has rolled the commit forward. :meth:`abort` deletes the
    temporary folder.

    >>> import os, tempfile
    >>> parent = tempfile.mkdtemp()
    >>> folder = AtomicFolder(os.path.join(parent, "out.parquet"))
    >>> os.makedirs(folder.open()); open(os.path.join(folder.tmp, "part-0"), "w").close()
    >>> folder.finish(); folder.commit(); sorted(os.listdir(parent)), os.listdir(folder.target)
    (['out.parquet'], ['part-0'])
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.target: str | None = None
        self.tmp: str | None = None

    def open(self) -> str:
        """The path to write the new folder at (not created)."""
        self.target = os.path.realpath(self.path)
        directory, name = os.path.split(self.target)
        os.makedirs(directory, exist_ok=True)
        recover(self.target)
        self.tmp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        return self.tmp

    def finish(self) -> None:
        """Flush every file of the new folder to disk."""
        if self.tmp is None or not os.path.isdir(self.tmp):
            return
        for root, _, files in os.walk(self.tmp):
            for file in files:
                fd = os.open(os.path.join(root, file), os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            _fsync_folder(root)

    def step(self) -> Step | None:
        if self.tmp is None or self.target is None or not os.path.isdir(self.tmp):
            return None
        directory, name = os.path.split(self.target)
        return Step("folder", self.tmp, self.target, os.path.join(directory, f".{name}.{secrets.token_hex(4)}.old"))

    def committed(self) -> None:
        self.tmp = None

    def commit(self) -> None:
        commit_all([self])

    def abort(self) -> None:
        if self.tmp is not None:
            _remove(self.tmp)
            self.tmp = None


def dumps(record: dict[str, Any]) -> str:
    """One JSON Lines line: UTF-8 text as is, keys in a fixed order, no trailing spaces.

    Lone surrogates (which cannot be written as UTF-8, for example from a
    file name that was not UTF-8) become U+FFFD rather than stopping the run.

    >>> dumps({"id": "a" + chr(0xDC80), "n": 1})
    '{"id":"a�","n":1}\\n'
    """
    if _ascii_strings(record):
        # every string is ASCII: the ASCII encoder gives the same bytes, about twice as fast, unless a string
        # holds DEL, which only it escapes (then "\\u007f" is in the line: encoded again, the usual way)
        line = _ASCII_ENCODER(record)
        if "\\u007f" not in line:
            return line + "\n"
    line = _ENCODER(record)
    return (scrub(line) or "") + "\n"


#: ``json.dumps(record, ensure_ascii=..., separators=(",", ":"))``, without building an encoder per call
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":")).encode


def _ascii_strings(record: dict[str, Any]) -> bool:
    """Whether every key and string value of ``record`` is ASCII, for a flat record (else False: nested
    values are not looked into). ``str.isascii`` is a flag lookup, not a scan."""
    for key, value in record.items():
        if not (isinstance(key, str) and key.isascii()):
            return False
        if isinstance(value, str):
            if not value.isascii():
                return False
        elif value is not None and not isinstance(value, (int, float)):  # bool is an int
            return False
    return True
