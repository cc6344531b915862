"""What cleaning one page gives back, and the counts that add up across pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cleanpress.types import Removal, Story


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The stories found on one page and every removal made on it.

    ``text`` is the whole page after removals; it equals
    ``apply_removals(input, removals)``. Each story's ``text`` likewise equals
    ``apply_removals(input, story.removals, story.start, story.end)``. The
    stories partition the page; a page with no article left has none
    (:attr:`no_article` says why).
    """

    source_id: str
    input: str
    text: str
    stories: tuple[Story, ...]
    removals: tuple[Removal, ...]
    explanation: str | None = None

    @property
    def title(self) -> str | None:
        """The first story's headline (``None`` when none was found)."""
        return self.stories[0].title if self.stories else None

    @property
    def no_article(self) -> str | None:
        """Why the page gave no story (``None`` when it gave some): blank, or every line removed, and by what."""
        if self.stories:
            return None
        return _no_article_reason(self.input, self.removals)

    def records(self) -> list[dict[str, object]]:
        """One JSON-ready record per story, as the CLI writes them."""
        return [story.to_record(self.input) for story in self.stories]

    def explain(self, width: int = 100) -> str:
        """A readable account of what was removed, story by story, and why."""
        lines: list[str] = []
        if not self.stories:
            lines.append(f"== {self.source_id or 'page'}  no story")
            lines.extend(_removal_lines(self.input, self.removals, width))
            lines.append(f"  no article: {self.no_article}")
            lines.append(f"  kept 0 of {len(self.input)} characters")
        for story in self.stories:
            lines.append(f"== {story.id}  title: {story.title!r}")
            lines.extend(_removal_lines(self.input, story.removals, width))
            if not story.text and not story.title:
                lines.append(f"  no article: {_no_article_reason(self.input[story.start : story.end], story.removals)}")
            kept = len(story.text)
            lines.append(f"  kept {kept} of {story.end - story.start} characters")
        return "\n".join(lines)


@dataclass(slots=True)
class CleanStats:
    """Counts for a run, summable across shards: ``a + b``."""

    pages: int = 0
    stories: int = 0
    #: pages that gave no story (blank, or no line read as an article)
    no_article: int = 0
    chars_in: int = 0
    chars_kept: int = 0
    removed: Counter[str] = field(default_factory=Counter)

    def add(self, result: CleanResult) -> None:
        self.pages += 1
        self.stories += len(result.stories)
        self.no_article += not result.stories
        self.chars_in += len(result.input)
        self.chars_kept += len(result.text)
        for r in result.removals:
            self.removed[r.rule] += 1

    def __add__(self, other: CleanStats) -> CleanStats:
        return CleanStats(
            self.pages + other.pages,
            self.stories + other.stories,
            self.no_article + other.no_article,
            self.chars_in + other.chars_in,
            self.chars_kept + other.chars_kept,
            self.removed + other.removed,
        )


#: :attr:`CleanResult.no_article` of a page with nothing on it
BLANK_PAGE = "the page is blank"


def _no_article_reason(text: str, removals: Iterable[Removal]) -> str:
    if not text.strip():
        return BLANK_PAGE
    if any(r.reason == "no-article" for r in removals):
        return "no line reads as article text (outside-article/no-article)"
    return "the rules removed every line"


def _removal_lines(text: str, removals: Iterable[Removal], width: int) -> Iterator[str]:
    """Each removal as ``- [rule/reason] removed text``, then its detail (score and features) when it has one."""
    for r in sorted(removals):
        snippet = " ".join(text[r.start : r.end].split())
        if len(snippet) > width:
            snippet = snippet[: width - 1] + "…"
        yield f"  - [{r.rule}/{r.reason}] {snippet}"
        if r.detail:
            yield f"      {r.rule}: {r.detail}"
