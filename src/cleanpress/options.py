"""What one job runs with: the clean and dedup stages' settings, its inputs and outputs.

A :class:`RunOptions` is built once (by the command layer from its arguments,
or by a caller) and consumed by every engine and view of the job:
:func:`cleanpress.pipeline.run_options` (here), :mod:`cleanpress.spark` and
:mod:`cleanpress.report`, so that they clean and deduplicate the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cleanpress.dedup.config import DedupConfig
from cleanpress.io.records import ReadOptions

if TYPE_CHECKING:  # the clean stage is imported when a job cleans, not by one that only deduplicates
    from cleanpress.clean.cleaner import Cleaner
    from cleanpress.clean.config import CleanConfig
    from cleanpress.clean.profile import Profile


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """The settings of one clean-and-dedup job.

    ``clean`` is the clean stage's config (``None``: the default
    :class:`~cleanpress.clean.config.CleanConfig`, built by the cleaner that
    needs it, so a job that only deduplicates never imports the clean stage);
    ``inputs`` are paths (files, folders, ``-`` for stdin); ``output`` the
    file to write (``-``: stdout); ``rejects`` where rejected records'
    locations go; ``index`` a persistent dedup index (SQLite path or
    ``redis://`` URL); ``read`` which input fields are the id, text and HTML
    and which pass through to the stories; ``stats_json`` where the run's
    counts go as JSON; ``jobs`` how many processes clean (the output is the
    same for any number).

    >>> options = RunOptions(inputs=("seeds",), dedup=DedupConfig(threshold=0.7))
    >>> options.dedup.threshold, options.output, options.cleaner().profile is None
    (0.7, '-', True)
    >>> RunOptions(inputs=["a.txt"])
    Traceback (most recent call last):
    ...
    TypeError: RunOptions.inputs must be a tuple of paths, got list
    """

    clean: CleanConfig | None = None
    profile: Profile | None = None
    dedup: DedupConfig = field(default_factory=DedupConfig)
    inputs: tuple[str, ...] = ()
    output: str = "-"
    rejects: str | None = None
    index: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    stats_json: str | None = None
    strict: bool = False
    quiet: bool = False
    #: processes that clean (``None``: every usable core; 1: in this process); the output is the same for any
    jobs: int | None = 1
    #: write each cluster's representative only
    drop_duplicates: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.inputs, tuple):
            raise TypeError(f"RunOptions.inputs must be a tuple of paths, got {type(self.inputs).__name__}")

    def cleaner(self) -> Cleaner:
        """A cleaner with these options' clean config and profile."""
        from cleanpress.clean.cleaner import Cleaner  # only a job that cleans needs the clean stage

        return Cleaner(self.clean, profile=self.profile)
