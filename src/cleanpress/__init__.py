"""cleanpress: scraped news pages in, clean de-duplicated stories out.

>>> import cleanpress
>>> result = cleanpress.clean("Advertisement\\nThe mayor opened the new bridge on Monday morning, officials said.")
>>> result.text
'The mayor opened the new bridge on Monday morning, officials said.'
>>> [(r.rule, r.reason) for r in result.removals]
[('ad-marker', 'ad-line')]
"""

from __future__ import annotations

from cleanpress.clean.apply import apply_removals
from cleanpress.clean.cleaner import Cleaner
from cleanpress.clean.config import CleanConfig
from cleanpress.clean.profile import Profile, ProfileConfig, learn_profile
from cleanpress.clean.result import CleanResult, CleanStats
from cleanpress.dedup.config import DedupConfig
from cleanpress.dedup.deduplicator import Assignment, Cluster, DedupResult, DedupStats, Deduplicator, Match, dedup
from cleanpress.pipeline import RunStats, run
from cleanpress.report import report
from cleanpress.types import Block, Document, Removal, Story

__version__ = "0.1.0"


def clean(page: str | Document, *, explain: bool = False, config: CleanConfig | None = None) -> CleanResult:
    """Clean one page (text or a :class:`Document`): its stories, title, body and removals.

    With ``explain=True`` the result also carries ``explanation``, a readable
    account of every removal. For many pages, build one :class:`Cleaner` and
    call its ``clean`` method instead.
    """
    return Cleaner(config).clean(page, explain=explain)


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
    "RunStats",
    "Story",
    "apply_removals",
    "clean",
    "dedup",
    "learn_profile",
    "report",
    "run",
    "__version__",
]
