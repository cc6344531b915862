"""Site profiles: the lines a site prints on many of its pages, learned from the pages.

As in CCNet, each line of a page is normalised and hashed, and a site's
template shows itself as the hashes that recur on many of its pages. A
:class:`Profile` stores, per site, how many pages it saw and, per line hash,
on how many pages the line stood and on how many it stood as prose inside the
article's region. A :class:`~cleanpress.Cleaner` given the profile removes the
recurring lines with the rule ``site-profile``.

The thresholds (:class:`ProfileConfig`) decide what counts as template:

- a line must stand on at least ``min_pages`` pages of its site *and* on at
  least ``min_share`` of them;
- a line that reads as prose and stood inside the article's region on more
  than ``protect_share`` of its pages is the site's own article text (a standard
  sign-off, a copy of a syndicated story) and is never removed;
- on any one page, if the recurring lines would take more than
  ``max_prose_share`` of the page's prose words, only the non-prose ones go:
  a profile never swallows a body.

The file is plain JSON with a format name and version, holds hashes (blake2b,
64 bits, of the normalised line) rather than text, except for an optional
readable sample, and profiles of shards add up with :meth:`Profile.merge`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import regex

from cleanpress.clean.article.region import RegionScoring, densest_run
from cleanpress.clean.rules.base import Page, Rule, WholeLineLimit, line_removal
from cleanpress.clean.rules.shape import is_prose, word_count
from cleanpress.clean.segment import normalise_line, segment
from cleanpress.types import Document, Removal

#: How a line becomes a hash; stored in the file so a changed scheme is refused, not misread.
HASH_SCHEME = "blake2b-64 of the NFKC, case-folded, space-normalised line with digits as 0"
RULE_NAME = "site-profile"
DEFAULT_SITE = "default"

_DIGITS = regex.compile(r"\d")

#: The text of a document as the cleaner sees it (for HTML, the extracted text).
PageText = Callable[[Document], str]


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileConfig:
    """The thresholds that turn line counts into template lines.

    >>> ProfileConfig(min_pages=1)
    Traceback (most recent call last):
    ...
    ValueError: min_pages must be >= 2 (a line on one page is not a template), got 1
    """

    #: a template line stands on at least this many pages of its site
    min_pages: int = 2
    #: ... and on at least this share of the site's pages
    min_share: float = 0.002
    #: a prose line seen inside the article region on more than this share of its pages is kept
    protect_share: float = 0.5
    #: on one page, prose lines are removed only while they are at most this share of its prose words
    max_prose_share: float = 0.8
    #: lines seen on fewer pages are left out of the saved file (they cannot matter until merged)
    keep_min_pages: int = 2
    #: readable lines kept per site in the saved file, most frequent first (0 for none)
    sample: int = 20

    def __post_init__(self) -> None:
        if self.min_pages < 2:
            raise ValueError(f"min_pages must be >= 2 (a line on one page is not a template), got {self.min_pages}")
        for name in ("min_share", "protect_share", "max_prose_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if not 1 <= self.keep_min_pages <= self.min_pages:
            raise ValueError(
                f"keep_min_pages must be between 1 and min_pages ({self.min_pages}), got {self.keep_min_pages}"
            )
        if self.sample < 0:
            raise ValueError(f"sample must be >= 0, got {self.sample}")


def line_key(line: str) -> str:
    """The form of a line that is hashed: normalised, case-folded, digits as ``0``.

    >>> line_key("  © 2019  Daily\\u00a0Post ")
    '© 0000 daily post'
    """
    return _DIGITS.sub("0", normalise_line(line).casefold())


def line_hash(line: str) -> str:
    """A stable 64-bit hash of a line's :func:`line_key`, as 16 hex digits.

    >>> line_hash("Subscribe to our newsletter") == line_hash("SUBSCRIBE  to our newsletter")
    True
    >>> len(line_hash("x"))
    16
    """
    return hashlib.blake2b(line_key(line).encode("utf-8"), digest_size=8).hexdigest()


def site_of(document: Document, default: str = DEFAULT_SITE) -> str:
    """The group a document's page belongs to: its ``source``, its URL's host, or ``default``.

    >>> site_of(Document("1", text="x", url="https://WWW.Example.com:8080/a/b"))
    'example.com'
    >>> site_of(Document("2", text="x", source="wire"), "mine")
    'wire'
    >>> site_of(Document("3", text="x"), "mine")
    'mine'
    """
    if document.source:
        return document.source
    if document.url:
        host = (urlsplit(document.url).hostname or "").lower()
        host = host.removeprefix("www.")
        if host:
            return host
    return default


#: a page's non-blank lines as (hash, in the prose region, normalised text), in page order
PageLines = list[tuple[str, bool, str]]


def page_lines(text: str) -> PageLines:
    """What a profile counts of one page: the part of learning that needs only the page.

    >>> [(in_region, norm) for _, in_region, norm in page_lines("Menu\\n\\nA short line")]
    [(False, 'Menu'), (False, 'A short line')]
    """
    blocks = [b for b in segment(text) if b.norm]
    run = densest_run(blocks, RegionScoring())
    return [
        (line_hash(block.norm), run is not None and run[0] <= pos <= run[1] and is_prose(block.norm), block.norm)
        for pos, block in enumerate(blocks)
    ]


@dataclass(slots=True)
class SiteLines:
    """The counts learned for one site: pages seen, and per line hash ``[pages, prose_in_region]``."""

    pages: int = 0
    lines: dict[str, list[int]] = field(default_factory=dict)
    sample: dict[str, str] = field(default_factory=dict)

    def add_page(self, text: str) -> None:
        """Count one page's distinct lines."""
        self.add_lines(page_lines(text))

    def add_lines(self, lines: PageLines) -> None:
        """Count one page's distinct lines, given as :func:`page_lines` of its text."""
        seen: dict[str, bool] = {}
        for h, in_region, norm in lines:
            seen[h] = seen.get(h, False) or in_region
            if h in self.lines and h not in self.sample:  # text kept only for lines that recur
                self.sample[h] = norm
        self.pages += 1
        for h, in_region in seen.items():
            counts = self.lines.setdefault(h, [0, 0])
            counts[0] += 1
            counts[1] += int(in_region)

    def template(self, config: ProfileConfig) -> frozenset[str]:
        """The hashes of this site's template lines under ``config``'s thresholds."""
        need = max(config.min_pages, config.min_share * self.pages)
        return frozenset(
            h for h, (pages, in_region) in self.lines.items()
            if pages >= need and in_region <= config.protect_share * pages
        )

    def merged(self, other: SiteLines) -> SiteLines:
        lines = {h: list(c) for h, c in self.lines.items()}
        for h, (pages, in_region) in other.lines.items():
            counts = lines.setdefault(h, [0, 0])
            counts[0] += pages
            counts[1] += in_region
        sample = {**other.sample, **self.sample}
        return SiteLines(self.pages + other.pages, lines, sample)


@dataclass(slots=True)
class Profile:
    """Line counts of one or more sites, and the thresholds that read them.

    >>> footer = "Copyright 2019 Daily Post. All rights reserved."
    >>> pages = [f"{town} news\\nA long enough sentence about {town} that reads like article prose.\\n{footer}"
    ...          for town in ("Ayr", "Bude", "Cork", "Deal", "Ely")]
    >>> profile = learn_profile(pages)
    >>> profile.sites["default"].pages
    5
    >>> [profile.sample_text("default", h) for h in profile.template("default")]
    ['Copyright 2019 Daily Post. All rights reserved.']
    """

    config: ProfileConfig = field(default_factory=ProfileConfig)
    sites: dict[str, SiteLines] = field(default_factory=dict)

    def add(self, text: str, site: str = DEFAULT_SITE) -> None:
        """Count one page of ``site``."""
        self.sites.setdefault(site, SiteLines()).add_page(text)

    def add_document(
        self, item: Document | str, site: str = DEFAULT_SITE, *, page_text: PageText | None = None
    ) -> None:
        """Count one page: a string (of ``site``) or a Document (of its own site, else ``site``).

        ``page_text`` gives the text the cleaner sees of a document (for HTML,
        the extracted text: :meth:`cleanpress.Cleaner.page_text`).
        """
        for group, text in _page_texts(item, site, page_text):
            self.add(text, group)

    def add_lines(self, lines: PageLines, site: str = DEFAULT_SITE) -> None:
        """Count one page of ``site`` given as :func:`page_lines` of its text (computed elsewhere, say in a worker)."""
        self.sites.setdefault(site, SiteLines()).add_lines(lines)

    def template(self, site: str) -> frozenset[str]:
        """Hashes of ``site``'s template lines (empty for a site the profile has not seen)."""
        lines = self.sites.get(site)
        return lines.template(self.config) if lines is not None else frozenset()

    def sample_text(self, site: str, line: str) -> str | None:
        """The readable text of a hashed line, when the profile kept it."""
        lines = self.sites.get(site)
        return lines.sample.get(line) if lines is not None else None

    def site_for(self, document: Document) -> str | None:
        """The profile's site for a document: its own, or the only one when it has none.

        A document without ``source`` or ``url`` uses a single-site profile;
        with several sites it has no match and nothing is removed.
        """
        site = site_of(document)
        if site in self.sites:
            return site
        if site == DEFAULT_SITE and len(self.sites) == 1:
            return next(iter(self.sites))
        return None

    def rule_for(self, document: Document | None) -> SiteProfile | None:
        """The ``site-profile`` rule for a document's site, or None when the profile has none."""
        site = self.site_for(document) if document is not None else (
            next(iter(self.sites)) if len(self.sites) == 1 else None
        )
        if site is None:
            return None
        template = self.template(site)
        return SiteProfile(template, self.config, site) if template else None

    def merge(self, other: Profile) -> Profile:
        """A new profile with both profiles' counts; this one's thresholds are kept.

        >>> a, b = learn_profile(["x\\ny"] * 2), learn_profile(["x\\nz"] * 3)
        >>> a.merge(b).sites["default"].pages
        5
        """
        sites = dict(self.sites)
        for name, lines in other.sites.items():
            sites[name] = sites[name].merged(lines) if name in sites else lines
        return Profile(self.config, sites)


class SiteProfile(Rule):
    """Removes the lines a site's profile marks as template (see :mod:`cleanpress.clean.profile`)."""

    name = RULE_NAME
    description = "Removes lines that recur on many pages of the same site (learned with `cleanpress learn`)."
    example = "Copyright 2019 Daily Post. All rights reserved."
    limit = WholeLineLimit(chars=100_000, sentences=1_000)
    evidence = "the very line recurs on many pages of the same site (a template line), which a prose paragraph does not"

    def __init__(self, template: frozenset[str], config: ProfileConfig, site: str = DEFAULT_SITE) -> None:
        self.template = template
        self.config = config
        self.site = site

    def find(self, page: Page) -> Iterator[Removal]:
        hits = [b for b in page.kept() if line_hash(b.norm) in self.template]
        if not hits:
            return
        prose_words = sum(word_count(b.norm) for b in page.kept() if is_prose(b.norm))
        hit_prose = sum(word_count(b.norm) for b in hits if is_prose(b.norm))
        keep_prose = prose_words > 0 and hit_prose > self.config.max_prose_share * prose_words
        for block in hits:
            if keep_prose and is_prose(block.norm):
                continue
            yield line_removal(block, self.name, "recurring-line")


def learn_profile(
    documents: Iterable[Document | str],
    *,
    config: ProfileConfig | None = None,
    site: str = DEFAULT_SITE,
    page_text: PageText | None = None,
) -> Profile:
    """Learn the template lines of each site from its pages.

    Documents are grouped by their ``source``, else their URL's host; the rest
    (and plain strings) form the group ``site``. HTML documents are counted on
    the text extracted from them, the text the cleaner will see: pass
    ``page_text`` (:meth:`cleanpress.Cleaner.page_text`) for them;
    :func:`cleanpress.learn_profile` does.

    Memory grows with the number of distinct lines (a few hundred bytes each);
    for a very large crawl, learn shard by shard and :meth:`Profile.merge`.
    """
    profile = Profile(config or ProfileConfig())
    for item in documents:
        profile.add_document(item, site, page_text=page_text)
    return profile


def _page_texts(item: Document | str, site: str, page_text: PageText | None) -> Iterator[tuple[str, str]]:
    if isinstance(item, str):
        yield site, item
        return
    if not isinstance(item, Document):
        raise TypeError(f"learn_profile() takes Documents or strings, not {type(item).__name__}")
    group = site_of(item, site)
    if page_text is not None:
        yield group, page_text(item)
    elif item.html is not None:
        raise ValueError(
            f"document {item.id!r} is HTML: pass page_text= (such as cleanpress.Cleaner().page_text) "
            "so that its lines are counted on the text the cleaner will see"
        )
    elif item.text is not None:
        yield group, item.text


__all__ = [
    "Profile",
    "ProfileConfig",
    "ProfileError",
    "SiteLines",
    "SiteProfile",
    "learn_profile",
    "line_hash",
    "page_lines",
    "site_of",
]
