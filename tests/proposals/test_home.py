"""The home page's section of proposals."""

from __future__ import annotations

from typing import Any

from tests.conftest import english_client

from .conftest import login


def test_the_home_page_links_the_proposals(world: Any) -> None:
    page = english_client().get("/").content.decode()
    assert 'href="/vorschlaege/"' in page and 'href="/vorschlaege/was-daraus-wurde/"' in page
    assert "Proposals to answer" not in page


def test_a_member_finds_the_groups_open_proposals(world: Any) -> None:
    page = login(world.member).get("/").content.decode()
    assert f"/vorschlaege/?thema={world.group.slug}&amp;status=open" in page
    assert f"thema={world.other_group.slug}" not in page
