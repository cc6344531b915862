"""cleanpress: scraped news pages in, clean de-duplicated stories out.

>>> import cleanpress
>>> result = cleanpress.clean("Advertisement\\nThe mayor opened the new bridge on Monday morning, officials said.")
>>> result.text
'The mayor opened the new bridge on Monday morning, officials said.'
>>> [(r.rule, r.reason) for r in result.removals]
[('ad-marker', 'ad-line')]
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cleanpress.types import Block, Document, Removal, Story

if TYPE_CHECKING:  # imported on first use (see __getattr__), so `import cleanpress.dedup` stays light
    from cleanpress.clean.apply import apply_removals
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.config import CleanConfig
    from cleanpress.clean.profile import Profile, ProfileConfig
    from cleanpress.clean.result import CleanResult, CleanStats
    from cleanpress.dedup.config import DedupConfig
    from cleanpress.dedup.deduplicator import Assignment, Cluster, Deduplicator, DedupResult, DedupStats, Match, dedup
    from cleanpress.options import RunOptions
    from cleanpress.pipeline import RunStats, run
    from cleanpress.report import report

#: the public names loaded on first use, and the module each comes from: the clean stage compiles its
#: vocabulary when imported, which a process that only deduplicates need not pay for
_LAZY = {
    "apply_removals": "cleanpress.clean.apply",
    "Cleaner": "cleanpress.clean.cleaner",
    "CleanConfig": "cleanpress.clean.config",
    "Profile": "cleanpress.clean.profile",
    "ProfileConfig": "cleanpress.clean.profile",
    "CleanResult": "cleanpress.clean.result",
    "CleanStats": "cleanpress.clean.result",
    "DedupConfig": "cleanpress.dedup.config",
    "Assignment": "cleanpress.dedup.deduplicator",
    "Cluster": "cleanpress.dedup.deduplicator",
    "Deduplicator": "cleanpress.dedup.deduplicator",
    "DedupResult": "cleanpress.dedup.deduplicator",
    "DedupStats": "cleanpress.dedup.deduplicator",
    "Match": "cleanpress.dedup.deduplicator",
    "dedup": "cleanpress.dedup.deduplicator",
    "RunOptions": "cleanpress.options",
    "RunStats": "cleanpress.pipeline",
    "run": "cleanpress.pipeline",
    "report": "cleanpress.report",
}


#: public functions named like a subpackage: ``cleanpress.clean``, ``.dedup`` and ``.report`` stay the functions
_FUNCTIONS_NAMED_LIKE_SUBPACKAGES = frozenset({"clean", "dedup", "report"})


class _Package(ModuleType):
    """This package's module: the import system binds each subpackage it loads as an attribute of its parent,
    which (the subpackages being loaded on first use now) would hide the function of the same name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _FUNCTIONS_NAMED_LIKE_SUBPACKAGES and isinstance(value, ModuleType):
            return  # the subpackage stays reachable as sys.modules["cleanpress.<name>"] and by `from ... import`
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cleanpress' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups (and the functions below) find it directly
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    from cleanpress.clean.cleaner import Cleaner

    return Cleaner(config, profile=profile).clean(page, explain=explain)


def learn_profile(
    documents: Iterable[Document | str], *, config: ProfileConfig | None = None, site: str = "default"
) -> Profile:
    """Learn each site's template lines from its pages (see :func:`cleanpress.clean.profile.learn_profile`).

    HTML documents are counted on the text the cleaner sees of them.

    >>> footer = "Copyright 2019 Daily Post. All rights reserved."
    >>> pages = [f"{n} news\\nA long sentence about {n} that reads like article prose.\\n{footer}" for n in "ABCDE"]
    >>> [learn_profile(pages).sample_text("default", h) for h in learn_profile(pages).template("default")]
    ['Copyright 2019 Daily Post. All rights reserved.']
    """
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.profile import learn_profile as _learn_profile

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
