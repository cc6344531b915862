"""What the report shows, as plain data: pages cut into kept and removed pieces, and clusters.

The HTML report embeds this data as JSON and draws it in the browser, so the
data is kept compact: a page is a list of stories, a story a list of
*segments*, each either a string (kept text) or ``[text, rule, reason]``
(removed text, with the rule and reason as indexes into the report's tables).

Two sources give a page its segments:

* a :class:`~cleanpress.clean.result.CleanResult`, which holds the page
  itself: the segments are exact slices of the page text;
* a story record as ``cleanpress clean`` / ``run`` write it, which holds the
  story's kept text and its removals (each with its page offsets and text) but
  not the page. The page region is then rebuilt (see :func:`rebuild_segments`):
  the removals keep their order, and the kept text is cut between them at the
  line (or word) boundary their offsets point to. Kept whitespace the cleaner
  tidied away (stripped line ends, runs of blank lines) is not restored.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from cleanpress.clean.result import CleanResult

#: A piece of a story: kept text, or ``[text, rule index, reason index]``.
Segment = Union[str, list[Any]]  # noqa: UP007 - a runtime alias; "|" needs Python 3.10 types here


class RecordError(ValueError):
    """A story record the report cannot use: where it was, which field, and why."""

    def __init__(self, where: str, field: str | None, reason: str) -> None:
        self.where, self.field, self.reason = where, field, reason
        super().__init__(f"{where}" + (f" [{field}]" if field else "") + f": {reason}")


@dataclass(slots=True)
class Tables:
    """Rule and reason names, each stored once and referred to by index."""

    rules: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    _rule_index: dict[str, int] = field(default_factory=dict)
    _reason_index: dict[str, int] = field(default_factory=dict)

    def rule(self, name: str) -> int:
        if name not in self._rule_index:
            self._rule_index[name] = len(self.rules)
            self.rules.append(name)
        return self._rule_index[name]

    def reason(self, name: str) -> int:
        if name not in self._reason_index:
            self._reason_index[name] = len(self.reasons)
            self.reasons.append(name)
        return self._reason_index[name]


@dataclass(frozen=True, slots=True)
class Span:
    """A removal as the report needs it: page offsets, rule, reason, text and its detail (a score, or "")."""

    start: int
    end: int
    rule: str
    reason: str
    text: str
    detail: str = ""


@dataclass(slots=True)
class StoryView:
    """One story of a page: id, headline, segments, and its cluster fields if deduplicated."""

    id: str
    title: str | None
    segments: list[Segment]
    text: str
    cluster: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    #: what decided that it duplicates its representative (``jaccard``, ``containment``, ...)
    evidence: str | None = None


@dataclass(slots=True)
class PageView:
    """One page: its stories, and how many UTF-8 bytes it had and kept."""

    id: str
    stories: list[StoryView]
    bytes_in: int
    bytes_kept: int
    #: where the next story's region is estimated to start (rebuilding from records)
    next_start: int = 0


def utf8_len(text: str) -> int:
    """Length of ``text`` in UTF-8 bytes.

    >>> utf8_len("café")
    5
    """
    return len(text.encode("utf-8", errors="replace"))


def _disjoint(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted, with overlaps cut away (an earlier span keeps what it covers).

    >>> spans = [Span(0, 10, "a", "x", ""), Span(4, 6, "b", "y", ""), Span(8, 12, "c", "z", "")]
    >>> [(s.start, s.end) for s in _disjoint(spans)]
    [(0, 10), (10, 12)]
    """
    out: list[Span] = []
    pos = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        start = max(span.start, pos)
        if start >= span.end:
            continue
        text = span.text[start - span.start :] if span.text else ""
        out.append(span if start == span.start else Span(start, span.end, span.rule, span.reason, text, span.detail))
        pos = span.end
    return out


def _removed(text: str, span: Span, tables: Tables) -> list[Any]:
    """A removed segment: ``[text, rule index, reason index]``, then the removal's detail when it has one."""
    segment: list[Any] = [text, tables.rule(span.rule), tables.reason(span.reason)]
    if span.detail:
        segment.append(span.detail)
    return segment


def exact_segments(page: str, start: int, end: int, spans: Sequence[Span], tables: Tables) -> list[Segment]:
    """Segments of ``page[start:end]``: kept slices and removed slices, in order.

    >>> t = Tables()
    >>> exact_segments("Hi [ad_1] there", 0, 15, [Span(3, 9, "ad-marker", "placeholder", "")], t)
    ['Hi ', ['[ad_1]', 0, 0], ' there']
    """
    out: list[Segment] = []
    pos = start
    for s in _disjoint(spans):
        s_start, s_end = max(s.start, start), min(s.end, end)
        if s_end <= s_start:
            continue
        if s_start > pos:
            out.append(_tidy(page[pos:s_start]))
        out.append(_removed(page[s_start:s_end], s, tables))
        pos = s_end
    if pos < end:
        out.append(_tidy(page[pos:end]))
    return [seg for seg in out if seg != ""]


_BLANK_RUN = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+\n")


def _tidy(kept: str) -> str:
    """Kept page text for display: a run of blank lines shown as one."""
    return _BLANK_RUN.sub("\n\n", kept)


def rebuild_segments(kept: str, spans: Sequence[Span], tables: Tables, region_start: int = 0) -> list[Segment]:
    """Interleave a story's kept text with its removals, from the offsets alone.

    The removals' page offsets say how many page characters lie between
    them; the kept text fills those gaps in order. Because the cleaner drops
    whitespace (line ends, blank lines), a gap holds at most as many kept
    characters as its length: the cut is placed at the last line boundary
    within that reach, or else the last word boundary, so a removal is never
    shown inside a word. ``region_start`` is the page offset where the story
    begins (0 for a page's first story; an estimate for the others).

    >>> t = Tables()
    >>> rebuild_segments("First line.\\nSecond line.", [Span(12, 18, "ad-marker", "placeholder", "[ad_1]")], t)
    ['First line.\\n', ['[ad_1]', 0, 0], '\\n', 'Second line.']
    >>> rebuild_segments("The mayor said.", [Span(10, 16, "ad-marker", "placeholder", "[ad_1]")], t)
    ['The mayor ', ['[ad_1]', 0, 0], 'said.']
    """
    spans = _disjoint(spans)
    out: list[Segment] = []
    pos = 0  # position in ``kept``
    page_pos = region_start
    for s in spans:
        gap = s.start - page_pos
        cut = _cut(kept, pos, pos + max(gap, 0))
        if out and gap > cut - pos and _at_line_start(kept, pos):
            out.append("\n")  # the gap held a line break the cleaner dropped
        if cut > pos:
            out.append(kept[pos:cut])
        out.append(_removed(s.text or "", s, tables))
        pos = cut
        page_pos = s.end
    if pos < len(kept):
        if out and _at_line_start(kept, pos):
            out.append("\n")
        out.append(kept[pos:])
    return out


def _at_line_start(kept: str, pos: int) -> bool:
    return pos == 0 or kept[pos - 1] == "\n"


def _cut(kept: str, lo: int, reach: int) -> int:
    """The place in ``kept[lo:]`` to put the next removal, at most ``reach``."""
    reach = min(reach, len(kept))
    if reach <= lo:
        return lo
    if reach == len(kept) or kept[reach - 1] == "\n":
        return reach
    line = kept.rfind("\n", lo, reach)
    if line == -1 and (lo == 0 or kept[lo - 1] == "\n"):
        line = lo - 1  # the gap may hold no kept text at all: cut where it starts
    word_end = reach
    while word_end > lo and not kept[word_end - 1].isspace() and not kept[word_end].isspace():
        word_end -= 1
    # prefer the line boundary unless the reach ends inside a line the gap clearly spans
    if (line != -1 or lo == 0) and (reach - (line + 1)) <= _dropped_slack(kept, lo, reach):
        return line + 1
    return word_end


def _dropped_slack(kept: str, lo: int, reach: int) -> int:
    """How far ``reach`` may overshoot because the cleaner dropped whitespace.

    Every line boundary in the gap may have lost a blank line or stripped
    spaces; two characters each is a generous bound.
    """
    return 2 + 2 * kept.count("\n", lo, reach)


def spans_of_record(record: Mapping[str, Any], where: str) -> list[Span]:
    """The removals of a story record, checked; errors name ``where`` and the field."""
    removed = record.get("removed", [])
    if not isinstance(removed, list):
        raise RecordError(where, "removed", f"must be a list, got {type(removed).__name__}")
    spans: list[Span] = []
    for k, item in enumerate(removed):
        if not isinstance(item, dict):
            raise RecordError(where, f"removed[{k}]", f"must be an object, got {type(item).__name__}")
        for name, kind in (("start", int), ("end", int), ("rule", str), ("reason", str)):
            value = item.get(name)
            if not isinstance(value, kind) or isinstance(value, bool):
                got = "missing" if value is None else type(value).__name__
                raise RecordError(where, f"removed[{k}].{name}", f"must be {kind.__name__}, got {got}")
        if item["end"] < item["start"]:
            raise RecordError(where, f"removed[{k}]", f"end {item['end']} is before start {item['start']}")
        text = item.get("text", "")
        if not isinstance(text, str):
            raise RecordError(where, f"removed[{k}].text", f"must be str, got {type(text).__name__}")
        detail = item.get("detail") or ""
        spans.append(Span(item["start"], item["end"], item["rule"], item["reason"], text, str(detail)))
    return spans


def pages_from_result(result: CleanResult, tables: Tables) -> PageView:
    """A page from a cleaning result, with exact segments.

    A page that gave no story is shown whole, every line struck through by
    the rule that removed it, as one story view with no text.
    """
    stories = []
    if not result.stories:
        spans = [Span(r.start, r.end, r.rule, r.reason, "", r.detail or "") for r in result.removals]
        segments = exact_segments(result.input, 0, len(result.input), spans, tables)
        stories.append(StoryView(f"{result.source_id} (no story)", None, segments, ""))
    for story in result.stories:
        spans = [Span(r.start, r.end, r.rule, r.reason, "", r.detail or "") for r in story.removals]
        segments = exact_segments(result.input, story.start, story.end, spans, tables)
        stories.append(StoryView(story.id, story.title, segments, story.text))
    return PageView(result.source_id, stories, utf8_len(result.input), sum(utf8_len(s.text) for s in result.stories))


def pages_from_records(records: Iterable[Mapping[str, Any]], tables: Tables) -> list[PageView]:
    """Pages from story records (``clean``/``run`` output), grouped by ``source_id`` in order of first sight.

    Raises :class:`RecordError` on the first unusable record; callers that
    want to go on should add records one by one with :func:`add_record`.
    """
    pages: dict[str, PageView] = {}
    for n, record in enumerate(records, 1):
        add_record(pages, record, f"record {n}", tables)
    return list(pages.values())


def add_record(pages: dict[str, PageView], record: Mapping[str, Any], where: str, tables: Tables) -> None:
    """Check one story record, rebuild it and add it to its page in ``pages``.

    A page's stories arrive in order; each story's region is taken to start
    where the previous one's rebuilt text ended.
    """
    if not isinstance(record, Mapping):
        raise RecordError(where, None, f"expected a JSON object, got {type(record).__name__}")
    if not isinstance(record.get("text"), str):
        raise RecordError(where, "text", "must be a string")
    story_id = _id_text(record.get("id"), where, "id")
    source_id = record.get("source_id")
    source_id = story_id.rsplit("#", 1)[0] if source_id is None else _id_text(source_id, where, "source_id")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise RecordError(where, "title", "must be a string or null")
    spans = spans_of_record(record, where)
    page = pages.get(source_id) or PageView(source_id, [], 0, 0)
    segments = rebuild_segments(record["text"], spans, tables, page.next_start)
    view = StoryView(story_id, title, segments, record["text"])
    set_cluster(view, record, where)
    pages[source_id] = page
    page.stories.append(view)
    kept = utf8_len(view.text)
    page.bytes_kept += kept
    page.bytes_in += kept + sum(utf8_len(s.text) for s in spans)
    tail = segments[-1] if segments and isinstance(segments[-1], str) else ""
    ends = [s.end for s in spans]
    page.next_start = (max(ends) if ends else page.next_start) + len(tail) + 1


def _id_text(value: Any, where: str, name: str) -> str:
    """An id field (a string, or an integer as an input id may be) as text; :class:`RecordError` otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise RecordError(where, name, "must be a string")


def set_cluster(view: StoryView, record: Mapping[str, Any], where: str) -> None:
    """Copy the dedup fields (``cluster``, ``duplicate_of``, ``similarity``) of a record, checked."""
    cluster, dup, sim = record.get("cluster"), record.get("duplicate_of"), record.get("similarity")
    if cluster is not None:
        cluster = _id_text(cluster, where, "cluster")
    if dup is not None:
        try:
            dup = _id_text(dup, where, "duplicate_of")
        except RecordError:
            raise RecordError(where, "duplicate_of", "must be a string or null") from None
    if sim is not None and (isinstance(sim, bool) or not isinstance(sim, (int, float))):
        raise RecordError(where, "similarity", "must be a number")
    view.cluster, view.duplicate_of = cluster, dup
    view.similarity = float(sim) if sim is not None else None
    evidence = record.get("evidence")
    view.evidence = evidence if isinstance(evidence, str) else None


#: White space between words, spelled out so that Python and the report's script split alike
#: (their ``\\s`` classes differ on a few control and format characters).
WHITE_SPACE = r"\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WORD = re.compile(f"[^{WHITE_SPACE}]+")


def words(text: str) -> list[str]:
    """The words of ``text``: runs of characters other than :data:`WHITE_SPACE`.

    >>> words(" a\\u00a0b\\n\\nc ")
    ['a', 'b', 'c']
    """
    return _WORD.findall(text)


def kept_text(segments: Sequence[Segment]) -> str:
    """The kept pieces of a story, joined: its text as the report shows it."""
    return "".join(seg for seg in segments if isinstance(seg, str))


#: Above this many word pairs (``len(base) * len(other)``) the word diff, quadratic at worst,
#: gives way to a linear one (see :func:`diff_ranges`).
DIFF_MAX_PAIRS = 20_000_000


def diff_ranges(base: Sequence[str], other: Sequence[str]) -> list[list[int]]:
    """Runs of ``other``'s words that are not in ``base``, as ``[first, end)`` word indexes.

    The words outside the ranges are a longest matching subsequence found by
    :mod:`difflib`. For very long stories (more than :data:`DIFF_MAX_PAIRS`
    word pairs) a linear approximation is used instead: a word is marked when
    ``base`` has fewer copies of it than ``other`` has used so far.

    >>> diff_ranges("the cat sat on the mat".split(), "the dog sat on the mat today".split())
    [[1, 2], [6, 7]]
    """
    if len(base) * len(other) > DIFF_MAX_PAIRS:
        left = Counter(base)
        marked = []
        for word in other:
            marked.append(left[word] <= 0)
            left[word] -= 1
        return _runs(marked)
    matcher = difflib.SequenceMatcher(None, list(base), list(other), autojunk=False)
    ranges: list[list[int]] = []
    pos = 0
    for block in matcher.get_matching_blocks():  # the last block is (len(a), len(b), 0)
        if block.b > pos:
            ranges.append([pos, block.b])
        pos = block.b + block.size
    return ranges


def _runs(marked: Sequence[bool]) -> list[list[int]]:
    """``[first, end)`` runs of true values.

    >>> _runs([True, True, False, True])
    [[0, 2], [3, 4]]
    """
    ranges: list[list[int]] = []
    for k, flag in enumerate(marked):
        if not flag:
            continue
        if ranges and ranges[-1][1] == k:
            ranges[-1][1] = k + 1
        else:
            ranges.append([k, k + 1])
    return ranges


def rule_counts(pages: Iterable[PageView], tables: Tables) -> list[int]:
    """Removals per rule (by index in ``tables.rules``)."""
    counts = [0] * len(tables.rules)
    for page in pages:
        for story in page.stories:
            for seg in story.segments:
                if isinstance(seg, list):
                    counts[seg[1]] += 1
    return counts
