"""The board of a stage: each drafting body's draft, its state, what is next."""

from __future__ import annotations

from typing import Any

from planwerk.core.workflow import advance
from planwerk.papers import extensions, services
from planwerk.papers.board import ACCEPTED, RETURNED, UNDER_REVIEW, WRITING, rows
from planwerk.papers.extensions import BoardColumn, Cell
from planwerk.papers.models import Version
from planwerk.papers.workflows import VERSION


def _bodies(group: Any) -> list[Any]:
    return list(group.body.process.bodies.filter(kind=group.body.kind).order_by("order"))


def test_the_state_follows_the_latest_version(group: Any) -> None:
    bodies = _bodies(group)
    found, _ = rows(group.stage, bodies)
    assert {r.state for r in found} == {WRITING}
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Ziele", "Text")
    version = services.submit(group.member, draft)
    state = {r.body: r.state for r in rows(group.stage, bodies)[0]}
    assert state[group.body] == UNDER_REVIEW
    advance(version, VERSION, Version.Status.RETURNED, actor=group.member)
    version.save(update_fields=["status"])
    assert {r.body: r.state for r in rows(group.stage, bodies)[0]}[group.body] == RETURNED
    second = services.submit(group.member, draft)
    advance(second, VERSION, Version.Status.ACCEPTED, actor=group.member)
    second.save(update_fields=["status"])
    row = next(r for r in rows(group.stage, bodies)[0] if r.body == group.body)
    assert (row.state, row.latest_number, row.versions) == (ACCEPTED, 2, 2)


def test_columns_of_other_apps_get_all_drafts_at_once(group: Any) -> None:
    calls: list[int] = []

    def cells(drafts: list[Any]) -> dict[int, Cell]:
        calls.append(len(drafts))
        return {d.pk: Cell("2 statements outstanding", attention=True) for d in drafts}

    extensions.register_board_column(BoardColumn("test.col", 999, "Outstanding", cells))
    try:
        draft = services.open_draft(group.member, group.body, group.stage)
        found, columns = rows(group.stage, _bodies(group))
        assert calls == [1] and [c.name for c in columns][-1] == "test.col"
        row = next(r for r in found if r.draft == draft)
        assert row.cells[-1][1].text == "2 statements outstanding"
        assert all(r.cells[-1][1] is None for r in found if r.draft is None)
    finally:
        extensions._columns.pop("test.col")


def test_the_board_page_shows_the_rows_one_may_see(group: Any, client: Any, make_user: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Ziele", "Text")
    services.submit(group.member, draft)
    client.force_login(group.member)
    page = client.get(f"/etappen/{group.stage.slug}/").content.decode()
    assert str(group.body.name) in page and "under review" in page
    others = [b for b in _bodies(group) if b != group.body]
    assert all(str(b.name) not in page for b in others)
    client.force_login(make_user("koordination-board", "coordinator"))
    page = client.get(f"/etappen/{group.stage.slug}/").content.decode()
    assert all(str(b.name) in page for b in _bodies(group))
    client.logout()
    assert client.get(f"/etappen/{group.stage.slug}/").status_code == 302
    client.force_login(group.member)
    assert client.get("/etappen/no-such-stage/").status_code == 404


def test_the_main_navigation_leads_to_the_current_stage(group: Any, client: Any) -> None:
    client.force_login(group.member)
    home = client.get("/").content.decode()
    assert 'href="/etappen/"' in home
    response = client.get("/etappen/")
    assert response.status_code == 302 and response["Location"].startswith("/etappen/")
    assert client.get(response["Location"]).status_code == 200
