"""The values that flow through cleanpress: documents in, stories out.

Everything here is a small slotted dataclass with no behaviour beyond what it
needs to describe itself; the stages live in :mod:`cleanpress.clean` and
:mod:`cleanpress.dedup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One input record: a scraped page as plain text, HTML, or both.

    ``id`` is the caller's identifier and is carried through to every story the
    page yields (as ``source_id``), so results can be joined back; ``meta``
    holds the input record's other fields, which the page's stories keep.
    ``id_generated`` says the input had no id and ``id`` was made up for it
    (from its file and line, or a hash of its content). ``id_is_int`` says the
    input's id was a JSON integer: ids are compared as text (``id``), and the
    records written for the page give it back with its type (:attr:`json_id`).
    """

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id_generated: bool = False
    id_is_int: bool = False

    def __post_init__(self) -> None:
        if self.text is None and self.html is None:
            raise ValueError(f"document {self.id!r} has neither text nor html")

    @property
    def json_id(self) -> str | int:
        """The id as the input gave it: an integer for an input id ``12345``, else the text ``id``.

        >>> Document(id="12345", text="x", id_is_int=True).json_id, Document(id="12345", text="x").json_id
        (12345, '12345')
        """
        return int(self.id) if self.id_is_int else self.id


@dataclass(frozen=True, slots=True)
class Block:
    """A line of the input text with its character offsets.

    ``start``/``end`` index the original text (``end`` excludes the newline);
    ``norm`` is the line with Unicode and whitespace normalised, which rules
    match against so that they never have to care about NBSPs or NFC forms.
    """

    index: int
    start: int
    end: int
    text: str
    norm: str

    @property
    def blank(self) -> bool:
        return not self.norm

    @property
    def words(self) -> int:
        return len(self.norm.split())


@dataclass(frozen=True, slots=True, order=True)
class Removal:
    """A span of the input that a rule removes.

    ``rule`` is the stable name of the rule that found it (``"ad-marker"``);
    ``reason`` is a stable key saying why (``"placeholder"``). Both are meant to
    be counted and filtered on, so they never contain free text. ``detail``,
    when set, is free text for a reader (the article step's line score and
    what made it); it takes no part in equality, order or hashing, so two
    removals of one span by one rule and reason are the same removal.
    """

    start: int
    end: int
    rule: str
    reason: str
    detail: str | None = field(default=None, compare=False)

    def to_dict(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "reason": self.reason,
            "text": text[self.start : self.end],
        }
        if self.detail is not None:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True, slots=True)
class Story:
    """One article found on a page.

    ``start``/``end`` delimit the story's region of the page text; ``removals``
    are the spans removed inside that region (in page offsets), so replaying
    them on ``page_text[start:end]`` gives ``text`` back (see
    :func:`cleanpress.clean.apply.apply_removals`).
    """

    source_id: str
    index: int
    title: str | None
    text: str
    start: int
    end: int
    removals: tuple[Removal, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.source_id}#{self.index}"

    def to_record(self, page_text: str) -> dict[str, Any]:
        """The JSON Lines record the CLI writes for this story."""
        return {
            "id": self.id,
            "source_id": self.source_id,
            "story": self.index,
            "title": self.title,
            "text": self.text,
            "removed": [r.to_dict(page_text) for r in self.removals],
        }
