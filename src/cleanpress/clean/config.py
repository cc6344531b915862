"""The clean stage's configuration: one frozen, keyword-only object."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from cleanpress.clean.article.region import RegionScoring
from cleanpress.clean.rules import RULE_TYPES


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """Thresholds of headline detection and story splitting."""

    split: bool = True
    min_story_words: int = 60
    title_min_words: int = 2
    title_max_words: int = 25
    headline_lookback: int = 8
    #: a title opens a new story when it is printed again within this many lines (headline above the article)
    repeat_window: int = 4
    # Or when it stands after a gap of blank lines, has a headline's length and is in Title Case. Dev pages
    # (all single stories) split in several, of articles, readability, syndication, snippets and 300 dragnet
    # pages: 82 as set; 282 with a one-line gap, 80 with three; 95 with three-word titles, 80 with five;
    # no page moves between 0.5 and 0.7 capitalised. The golden seeds split the same at all of these.
    #: blank lines before a gap title (one blank line is a paragraph break on many sites)
    gap_blank_lines: int = 2
    #: words a gap title has at least (a headline's length)
    gap_title_min_words: int = 4
    #: share of a gap title's words that are capitalised, at least
    gap_title_capitalised: float = 0.6


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlOptions:
    """How HTML pages are turned into text.

    ``fallback_ratio``: use trafilatura's default mode when precision mode keeps
    fewer than this share of the default mode's words (0 never falls back).
    ``fallback_below_words``: the default mode is run (it costs a second
    extraction) only when precision mode keeps fewer words than this; ``None``
    runs it on every page.
    ``site_name_words``: a trailing `` | Name`` of at most this many words is
    taken for the site's name and cut from a metadata title.
    ``recall_merge``: also run trafilatura's recall mode and add the paragraphs
    it finds between two paragraphs precision mode kept (and, before the first
    of them, paragraphs of at least ``lead_words`` words): precision mode drops
    lists, short paragraphs and the lead of some articles.
    ``link_line_words``: a line that is, in the page, one link (its block's text
    is at least 95 % link text) of at least this many words is removed
    (``link-line``): another page's headline; 0 keeps such lines.
    ``repeat_words``: a paragraph of at least this many words that the page
    prints several times in a row (adjacent ``<p>`` siblings) is printed as
    many times in the text; trafilatura keeps one copy. 0 keeps one copy.
    ``standfirst_words``: a paragraph of at least this many words that the page
    prints between the headline (``<h1>``) and the extracted article (a deck,
    teaser or intro trafilatura leaves out with the header) is added before the
    article, unless its class names it another part of the page (byline, date,
    caption, share bar, ...). 0 adds none.
    ``agreement``: where precision and recall mode disagree (their texts agree
    under ``agreement_same``, word 4-gram F1), also run trafilatura's default
    mode and its port of readability (a DOM content-scoring pass), and take the
    text the others agree with most (word 4-gram F1, summed) when it is not
    precision mode's: on one page precision mode keeps a comment thread, on
    another it misses the article. A winner that agrees with precision mode's
    text at least ``agreement_same`` is taken for the same text, and the HTML
    path's own (precision mode with its merges) is kept, unless the
    readability port's text agrees with precision mode's at least
    ``agreement_same`` too: then precision mode's text is taken as it is,
    without the paragraphs merged from recall mode (which disagreed) or the
    standfirst. Where precision and recall mode agree (most pages) nothing more
    is run. Off, recall mode runs only for the recall merge.

    >>> HtmlOptions(fallback_ratio=1.5)
    Traceback (most recent call last):
    ...
    ValueError: fallback_ratio must be between 0 and 1 (a share of words), got 1.5
    """

    fallback_ratio: float = 0.3
    fallback_below_words: int | None = 250
    site_name_words: int = 4
    include_tables: bool = True
    recall_merge: bool = True
    lead_words: int = 20
    link_line_words: int = 8
    repeat_words: int = 10
    standfirst_words: int = 20
    agreement: bool = True
    agreement_same: float = 0.95

    def __post_init__(self) -> None:
        if not 0.0 <= self.agreement_same <= 1.0:
            raise ValueError(f"agreement_same must be between 0 and 1 (an F1), got {self.agreement_same}")
        if not 0.0 <= self.fallback_ratio <= 1.0:
            raise ValueError(f"fallback_ratio must be between 0 and 1 (a share of words), got {self.fallback_ratio}")
        if self.site_name_words < 0:
            raise ValueError(f"site_name_words must be >= 0, got {self.site_name_words}")
        if self.lead_words < 0:
            raise ValueError(f"lead_words must be >= 0, got {self.lead_words}")
        if self.link_line_words < 0:
            raise ValueError(f"link_line_words must be >= 0 (0 keeps link lines), got {self.link_line_words}")
        if self.repeat_words < 0:
            raise ValueError(f"repeat_words must be >= 0 (0 keeps one copy), got {self.repeat_words}")


def _field_name(rule_name: str) -> str:
    return rule_name.replace("-", "_")


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Which rules run, and the thresholds of the structural steps.

    Each boolean is named after a rule (``ad_marker`` is the rule
    ``ad-marker``); set it to ``False`` to switch the rule off.

    >>> CleanConfig(teaser=False).enabled_rules()[:2]
    ('ad-marker', 'theme-nag')
    >>> CleanConfig(region=RegionScoring(line_penalty=-1))
    Traceback (most recent call last):
    ...
    ValueError: region.line_penalty must be >= 0 (it is what a non-prose line costs), got -1
    """

    ad_marker: bool = True
    theme_nag: bool = True
    source_link: bool = True
    back_to_top: bool = True
    locale_menu: bool = True
    repeated_caption: bool = True
    photo_caption: bool = True
    header_chrome: bool = True
    counter: bool = True
    share_follow: bool = True
    byline: bool = True
    syndication_disclaimer: bool = True
    cookie_notice: bool = True
    consent_dialog: bool = True
    subscribe_prompt: bool = True
    author_bio: bool = True
    moderation_note: bool = True
    footer: bool = True
    tag_list: bool = True
    read_also: bool = True
    sidebar_list: bool = True
    comment_form: bool = True
    comment_thread: bool = True
    about_box: bool = True
    teaser: bool = True
    #: find the article's region and remove the lines around it
    outside_article: bool = True
    #: detect the headline (moved from the body to ``title``)
    headline: bool = True
    region: RegionScoring = field(default_factory=RegionScoring)
    stories: StoryConfig = field(default_factory=StoryConfig)
    #: how HTML pages are turned into text (:mod:`cleanpress.clean.html`)
    html: HtmlOptions = field(default_factory=HtmlOptions)

    def __post_init__(self) -> None:
        names = {f.name for f in fields(self)}
        for rule in RULE_TYPES:
            if _field_name(rule.name) not in names:  # pragma: no cover - a developer error
                raise TypeError(f"CleanConfig has no field for rule {rule.name!r}")
        if self.region.line_penalty < 0:
            raise ValueError(
                "region.line_penalty must be >= 0 (it is what a non-prose line costs), "
                f"got {self.region.line_penalty}"
            )
        if self.region.resume_ratio < 0:
            raise ValueError(
                "region.resume_ratio must be >= 0 (0 keeps only the article's best run), "
                f"got {self.region.resume_ratio}"
            )
        if self.region.prose_min_words < 1:
            raise ValueError(f"region.prose_min_words must be >= 1, got {self.region.prose_min_words}")
        if not 0.0 <= self.stories.gap_title_capitalised <= 1.0:
            raise ValueError(
                "stories.gap_title_capitalised must be between 0 and 1 (a share), "
                f"got {self.stories.gap_title_capitalised}"
            )
        if self.stories.title_min_words > self.stories.title_max_words:
            raise ValueError(
                "stories.title_min_words must not exceed stories.title_max_words "
                f"({self.stories.title_min_words} > {self.stories.title_max_words})"
            )

    def enabled_rules(self) -> tuple[str, ...]:
        """Names of the line rules this config runs, in order."""
        return tuple(r.name for r in RULE_TYPES if getattr(self, _field_name(r.name)))
