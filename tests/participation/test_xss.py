"""Classic script payloads in comments and display names: stored escaped at write,
never rendered raw, nothing executes."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.conftest import english_client
from tests.participation.conftest import login, post_comment

from planwerk.participation.models import Comment
from planwerk.residents.models import Resident

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "[x](javascript:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ request }}{% debug %}",
    "<video><source onerror=alert(1)>",
]
FOREIGN = {"iframe", "object", "embed", "svg", "math", "base", "video", "style"}


class Tags(HTMLParser):
    """Every element of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def assert_inert(html: str) -> None:
    """No script but the site's own files, no event handler, no javascript: address,
    no element a payload would bring along."""
    parser = Tags()
    parser.feed(html)
    assert [tag for tag, _attrs in parser.found].count("body") == 1
    for tag, attrs in parser.found:
        assert tag not in FOREIGN, tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "data", "content"):
            assert "javascript:" not in attrs.get(name, "").lower(), (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        if tag == "img":
            assert attrs.get("src", "").startswith("/static/"), attrs
        if tag == "meta":
            assert "http-equiv" not in attrs, attrs


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_a_comment_is_stored_escaped_and_shown_as_text(
    world: Any, payload: str
) -> None:
    assert post_comment(login(world.resident), world.publication, "p1", payload).status_code == 302
    comment = Comment.objects.get()
    assert "<" not in comment.html.replace("<p>", "").replace("</p>", "").replace("<br>", "")
    page = english_client().get(f"/mitreden/{world.publication.uuid}/absatz/p1/").content.decode()
    assert_inert(page)
    listing = english_client().get(f"/mitreden/{world.publication.uuid}/kommentare/")
    assert "alert(1)</script>" not in listing.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_as_a_display_name_is_shown_as_text(world: Any, payload: str) -> None:
    user = get_user_model().objects.create_user("einwohner-xss", email="x@example.org")
    Resident.objects.create(
        user=user, display_name=payload[:80], language="en", verified=timezone.now()
    )
    post_comment(login(user), world.publication, "p1", "harmless")
    page = english_client().get(f"/mitreden/{world.publication.uuid}/absatz/p1/").content.decode()
    assert_inert(page)
    listing = english_client().get(f"/mitreden/{world.publication.uuid}/kommentare/")
    assert payload[:80] not in listing.content.decode() or "<" not in payload[:80]
