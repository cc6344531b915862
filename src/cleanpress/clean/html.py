"""HTML to text through trafilatura, before cleanpress's own rules run.

Extraction is precision-oriented, never touches the network, and does not use
trafilatura's process-wide duplicate cache (``deduplicate=False``), so the same
page always gives the same text.
"""

from __future__ import annotations

from typing import Any


def html_to_text(html: str | bytes, *, url: str | None = None) -> str:
    """The main text of an HTML page as plain lines (empty when nothing is found)."""
    import trafilatura

    options: dict[str, Any] = {
        "url": url,
        "favor_precision": True,
        "include_comments": False,
        "include_tables": True,
        "include_formatting": False,
        "deduplicate": False,
        "with_metadata": False,
    }
    text = trafilatura.extract(html, **options)
    return text or ""
