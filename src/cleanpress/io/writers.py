"""Writers: output files replaced atomically, and the one JSON Lines encoding of a record.

A killed run never leaves a half-written file that looks complete, and never
replaces what the destination path names with something of another kind.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any

from cleanpress.io.decode import scrub

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
        """Rename the finished file into place (call :meth:`finish` first)."""
        if self._tmp is None or self.target is None:
            return
        if not self._prepared:
            self.finish()
        os.replace(self._tmp, self.target)
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
def committed_together(writers: Iterable[AtomicWriter | None]) -> Iterator[None]:
    """Commit open ``writers`` together when the block ends normally, or none of them.

    Every file is written out and flushed to disk before any is renamed, so a
    full disk, Ctrl-C or a signal during the run leaves every destination as it
    was; the renames come last, the first file of ``writers`` last of all.

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
    for writer in reversed(active):
        writer.commit()


def dumps(record: dict[str, Any]) -> str:
    """One JSON Lines line: UTF-8 text as is, keys in a fixed order, no trailing spaces.

    Lone surrogates (which cannot be written as UTF-8, for example from a
    file name that was not UTF-8) become U+FFFD rather than stopping the run.

    >>> dumps({"id": "a" + chr(0xDC80), "n": 1})
    '{"id":"a�","n":1}\\n'
    """
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return (scrub(line) or "") + "\n"
