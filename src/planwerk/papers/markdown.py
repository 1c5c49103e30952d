"""Markdown that people write, rendered and sanitised for the page."""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_HEADING = re.compile(r"<(/?)h([1-6])>")
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render(text: str) -> SafeString:
    """The HTML of a Markdown text: no raw HTML, only harmless tags and links."""
    html = _MD.render(text or "")
    # Headings inside a section sit below the section's own heading (h3 on the page).
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 3, 6)}>", html)
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
