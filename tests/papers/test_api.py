"""The drafts API: versions with their frozen sections and line numbers."""

from __future__ import annotations

from typing import Any

from django.test import Client

from planwerk.papers import services


def test_a_member_reads_the_versions_of_the_draft(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Eins\n\nZwei")
    version = services.submit(group.member, draft)
    client = Client()
    client.force_login(group.member)
    drafts = client.get("/api/v1/papers").json()
    assert [(d["body"], len(d["versions"])) for d in drafts] == [(group.body.slug, 1)]
    assert client.get(f"/api/v1/papers?stage={group.stage.slug}x").json() == []
    got = client.get(f"/api/v1/papers/versions/{version.uuid}").json()
    assert got["number"] == 1 and got["status"] == "submitted"
    assert got["sections"][0]["title"] == "Leitlinien"
    assert (got["sections"][0]["first_line"], got["sections"][0]["last_line"]) == (1, 3)


def test_a_stranger_sees_no_draft(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Eins")
    version = services.submit(group.member, draft)
    client = Client()
    assert client.get("/api/v1/papers").status_code in (401, 403)
    client.force_login(group.stranger)
    response = client.get("/api/v1/papers")
    assert response.status_code == 403 or response.json() == []
    assert client.get(f"/api/v1/papers/versions/{version.uuid}").status_code in (403, 404)
