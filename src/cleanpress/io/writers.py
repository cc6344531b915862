"""Writers: output files replaced atomically, and the one JSON Lines encoding of a record.

A killed run never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import tempfile
from typing import IO, Any

from cleanpress.io.decode import scrub


class AtomicWriter:
    """A text file written under a temporary name and renamed into place on success.

    ``path`` ``-`` writes to standard output instead. The temporary file is a
    hidden sibling of the destination ending in ``.tmp`` (``.NAME.XXXX.tmp``),
    so a run killed at any moment leaves either the previous file or the new,
    complete one at ``path``, never a partial file under that name; readers of
    folders skip the hidden leftovers. If the ``with`` block raises, the
    temporary file is deleted and the destination left untouched. The data is
    flushed to disk (``fsync``) before the rename.

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
        self._tmp: str | None = None
        self._fh: IO[str] | None = None
        self._raw: IO[bytes] | None = None

    def __enter__(self) -> IO[str]:
        if self.path == "-":
            self._fh = sys.stdout
            return sys.stdout
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            if os.path.isdir(self.path):
                raise IsADirectoryError(21, "Is a directory")
            os.makedirs(directory, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{os.path.basename(self.path)}.", suffix=".tmp", dir=directory)
        except OSError as err:
            raise OSError(err.errno, f"cannot write {self.path}: {err.strerror or err}") from err
        raw = os.fdopen(fd, "wb")
        self._raw = raw
        binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if self.compress else raw  # type: ignore[assignment]
        self._fh = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        return self._fh

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.path == "-":
            sys.stdout.flush()
            return
        assert self._fh is not None and self._tmp is not None and self._raw is not None
        try:
            self._fh.close()  # closes the gzip layer too, writing its trailer
            if not self._raw.closed:
                self._raw.flush()
                os.fsync(self._raw.fileno())
                self._raw.close()
            if exc_type is None:
                os.replace(self._tmp, self.path)
                self._tmp = None
        finally:
            if not self._raw.closed:
                self._raw.close()
            if self._tmp is not None and os.path.exists(self._tmp):
                os.unlink(self._tmp)


def dumps(record: dict[str, Any]) -> str:
    """One JSON Lines line: UTF-8 text as is, keys in a fixed order, no trailing spaces.

    Lone surrogates (which cannot be written as UTF-8, for example from a
    file name that was not UTF-8) become U+FFFD rather than stopping the run.

    >>> dumps({"id": "a" + chr(0xDC80), "n": 1})
    '{"id":"a�","n":1}\\n'
    """
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return (scrub(line) or "") + "\n"
