"""The cleaning rules, one module per family, and the default order they run in."""

from __future__ import annotations

from cleanpress.clean.rules.base import LineRule, Page, Rule
from cleanpress.clean.rules.chrome import Counters, Footer, HeaderChrome, ShareFollow, TagList
from cleanpress.clean.rules.comments import CommentThread
from cleanpress.clean.rules.credits import Bylines, SyndicationDisclaimer
from cleanpress.clean.rules.markers import AdMarkers, BackToTop, LocaleMenu, SourceLink, ThemeNag
from cleanpress.clean.rules.nags import CookieNotice, SubscribePrompt
from cleanpress.clean.rules.policies import AboutBox, AuthorBio, ConsentDialog, ModerationNote
from cleanpress.clean.rules.repeats import PhotoCaptions, RepeatedLines
from cleanpress.clean.rules.sidebars import CommentSection, ReadAlso, SidebarLists, Teasers

#: The line rules in the order the cleaner runs them. Order matters only where
#: a later rule looks at what is left: markers first (they are certain), lists
#: and comment sections after the lines inside them have been judged.
RULE_TYPES: tuple[type[Rule], ...] = (
    AdMarkers,
    ThemeNag,
    SourceLink,
    BackToTop,
    LocaleMenu,
    RepeatedLines,
    PhotoCaptions,
    HeaderChrome,
    Counters,
    ShareFollow,
    Bylines,
    SyndicationDisclaimer,
    CookieNotice,
    ConsentDialog,
    SubscribePrompt,
    AuthorBio,
    ModerationNote,
    Footer,
    TagList,
    ReadAlso,
    SidebarLists,
    CommentSection,
    CommentThread,
    AboutBox,
    Teasers,
)

#: Removals made by the story step rather than by a line rule.
HEADLINE = "headline"
OUTSIDE_ARTICLE = "outside-article"

__all__ = ["HEADLINE", "OUTSIDE_ARTICLE", "RULE_TYPES", "LineRule", "Page", "Rule"]
