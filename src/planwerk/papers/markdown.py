"""Markdown that people write, rendered and sanitised for the page."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render(text: str) -> SafeString:
    """The HTML of a Markdown text: no raw HTML, only harmless tags and links."""
    html = _MD.render(text or "")
    # Headings inside a section sit below the section's own heading.
    for level, shifted in (("h1", "h3"), ("h2", "h4")):
        html = html.replace(f"<{level}>", f"<{shifted}>").replace(f"</{level}>", f"</{shifted}>")
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
