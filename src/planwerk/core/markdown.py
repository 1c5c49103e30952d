"""Markdown that people write (sections of a draft, minutes, agenda notes), rendered
to HTML that holds no script, style or foreign markup."""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_HEADING = re.compile(r"<(/?)h([1-6])>")

TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render(text: str, *, below: int = 1) -> SafeString:
    """The HTML of a Markdown text: no raw HTML, only harmless tags and links.

    Its headings sit below the page's heading of level `below` (a "# Title" in a
    section shown under an h3 becomes an h4)."""
    html = _MARKDOWN.render(text or "")
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + below, 6)}>", html)
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
