"""Griffe extension for the API pages: docstrings written for doctest and Sphinx read well in Markdown.

* a doctest block (``>>>`` lines and their expected output, up to a blank line) becomes a
  fenced ``pycon`` code block, so its output is not read as Markdown (``[('a', 'b')]`` is
  not a link);
* Sphinx roles such as ``:class:`~cleanpress.types.Document``` become inline code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`~?([^`]+)`")


def fence_doctests(text: str) -> str:
    """``text`` with each doctest block fenced as ``pycon``.

    >>> fence_doctests("Example:\\n\\n" + ">>> 1 + 1\\n2\\n\\nDone.").splitlines()
    ['Example:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    """
    out: list[str] = []
    in_block = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if not in_block and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            in_block = True
        elif in_block and not stripped:
            out.append(f"{indent}```")
            in_block = False
        out.append(line)
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out)


def markdown_docstring(text: str) -> str:
    """A docstring as Markdown: roles as code, doctests fenced."""
    return fence_doctests(ROLE.sub(lambda m: f"`{m.group(1)}`", text))


class DoctestFences(griffe.Extension):
    """Rewrites every loaded docstring with :func:`markdown_docstring`."""

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
