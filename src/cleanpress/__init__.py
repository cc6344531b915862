"""cleanpress: scraped news pages in, clean de-duplicated stories out.

>>> import cleanpress
>>> result = cleanpress.clean("Advertisement\\nThe mayor opened the new bridge on Monday morning, officials said.")
>>> result.text
'The mayor opened the new bridge on Monday morning, officials said.'
>>> [(r.rule, r.reason) for r in result.removals]
[('ad-marker', 'ad-line')]
"""

from __future__ import annotations

from collections.abc import Iterable

from cleanpress.clean.apply import apply_removals
from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import DEFAULT_SITE, Profile, ProfileConfig
from cleanpress.clean.profile import learn_profile as _learn_profile
from cleanpress.clean.result import CleanResult, CleanStats
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import Assignment, Cluster, Deduplicator, DedupResult, DedupStats, Match, dedup
from cleanpress.options import RunOptions
from cleanpress.pipeline import RunStats, run
from cleanpress.report import report
from cleanpress.types import Block, Document, Removal, Story

__version__ = "0.1.0"


def clean(
    page: str | Document | None = None,
    *,
    html: str | bytes | None = None,
    url: str | None = None,
    explain: bool = False,
    config: CleanConfig | None = None,
    profile: Profile | None = None,
) -> CleanResult:
    """Clean one page (text, a :class:`Document`, or ``html=``): its stories, title, body and removals.

    ``html`` (with an optional ``url``) takes the page as HTML, decoded with its
    own charset when given as bytes. With ``explain=True`` the result also
    carries ``explanation``, a readable account of every removal. ``profile``
    is a learned site :class:`Profile`. For many pages, build one
    :class:`Cleaner` and call its ``clean`` method instead.

    >>> clean(html="<html><head><title>Bridge opens on time</title></head><body><article>"
    ...            "<h1>Bridge opens on time</h1><p>The mayor opened the new bridge on Monday, "
    ...            "two years after work began, officials said.</p></article></body></html>").title
    'Bridge opens on time'
    """
    if html is not None:
        if page is not None:
            raise TypeError("clean() takes a page or html=, not both")
        if isinstance(html, bytes):
            from cleanpress.io import decode_html  # only bytes need it

            html = decode_html(html)
        page = Document(id="", html=html, url=url)
    elif page is None:
        raise TypeError("clean() needs a page (text or a Document) or html=")
    return Cleaner(config, profile=profile).clean(page, explain=explain)


def learn_profile(
    documents: Iterable[Document | str], *, config: ProfileConfig | None = None, site: str = DEFAULT_SITE
) -> Profile:
    """Learn each site's template lines from its pages (see :func:`cleanpress.clean.profile.learn_profile`).

    HTML documents are counted on the text the cleaner sees of them.

    >>> footer = "Copyright 2019 Daily Post. All rights reserved."
    >>> pages = [f"{n} news\\nA long sentence about {n} that reads like article prose.\\n{footer}" for n in "ABCDE"]
    >>> [learn_profile(pages).sample_text("default", h) for h in learn_profile(pages).template("default")]
    ['Copyright 2019 Daily Post. All rights reserved.']
    """
    return _learn_profile(documents, config=config, site=site, page_text=Cleaner().page_text)


__all__ = [
    "Assignment",
    "Block",
    "CleanConfig",
    "CleanResult",
    "CleanStats",
    "Cleaner",
    "Cluster",
    "DedupConfig",
    "DedupResult",
    "DedupStats",
    "Deduplicator",
    "Document",
    "Match",
    "Profile",
    "ProfileConfig",
    "Removal",
    "RunOptions",
    "RunStats",
    "Story",
    "__version__",
    "apply_removals",
    "clean",
    "dedup",
    "learn_profile",
    "report",
    "run",
]
