"""The drafts cycle of the demo in a real browser: the board, a draft with its
requirements and recommendations, versions with their consultation and decision
panels, a comparison, a consultation and its statement form, the decide page of a
meeting and the stage's paper – as the coordination and as the member `mitglied`,
accessible and without sideways scrolling on a phone. Two flows by clicking: the
member answers a requirement and submits the next version; the coordination gives
a statement on a body's behalf."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "planwerk-demo"


@dataclass
class Cycle:
    board: str
    draft: str
    version_1: str
    version_2: str
    compare: str
    answered: str  # a consultation with a statement
    open_assessment: str  # a consultation still waiting for its statement
    decide: str
    paper: str
    body: Any
    draft_obj: Any
    meeting: Any


@pytest.fixture
def cycle(process_data: Any) -> Cycle:
    """The demo's drafts cycle on top of the demo people (load-demo adds it once)."""
    from django.core.management import call_command
    from django.urls import reverse

    from planwerk.bodies.models import Body
    from planwerk.consultations.models import Consultation
    from planwerk.meetings.models import Meeting
    from planwerk.papers.models import Draft, Version

    call_command("load_demo", verbosity=0)
    body = Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).order_by("order").first()
    draft = Draft.objects.select_related("stage").filter(body=body).order_by("stage__order").first()
    stage = draft.stage.slug
    v2 = Version.objects.get(draft=draft, number=2)
    answered = Consultation.objects.filter(version=v2, statements__isnull=False).first()
    waiting = Consultation.objects.filter(
        version=v2, kind=Consultation.Kind.ASSESSMENT, statements__isnull=True
    ).first()
    meeting = Meeting.objects.get(status=Meeting.Status.HELD)
    return Cycle(
        board=reverse("stages:board", args=[stage]),
        draft=reverse("papers:draft", args=[body.slug, stage]),
        version_1=reverse("papers:version", args=[body.slug, stage, 1]),
        version_2=reverse("papers:version", args=[body.slug, stage, 2]),
        compare=reverse("papers:compare", args=[body.slug, stage]) + "?old=1&new=2",
        answered=reverse("consultations:detail", args=[answered.uuid]),
        open_assessment=reverse("consultations:detail", args=[waiting.uuid]),
        decide=reverse("decisions:decide", args=[meeting.uuid, body.slug, stage, 2]),
        paper=reverse("council:paper", args=[stage]),
        body=body,
        draft_obj=draft,
        meeting=meeting,
    )


def log_in(page: Any, live_server: Any, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/anmelden/?next={next_path}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def visit(page: Any, url: str, check: Any, no_scroll: Any) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    check(page)
    no_scroll(page)


def pages_for(cycle: Cycle, role: str) -> list[str]:
    shared = [
        cycle.board,
        cycle.draft,
        cycle.version_1,
        cycle.version_2,
        cycle.compare,
        cycle.answered,
        cycle.paper,
    ]
    if role == "koordination":
        return [*shared, cycle.open_assessment, cycle.open_assessment + "stellungnahme/"]
    return shared


@pytest.mark.parametrize("username", ["koordination", "mitglied"])
def test_the_drafts_pages_are_accessible_on_a_phone(
    phone_page, live_server, cycle, username, assert_accessible, assert_no_horizontal_scroll
):
    log_in(phone_page, live_server, username, cycle.board)
    for path in pages_for(cycle, username):
        visit(phone_page, live_server.url + path, assert_accessible, assert_no_horizontal_scroll)


def test_the_decide_page_is_accessible_for_the_coordination(
    page, phone_page, live_server, cycle, assert_accessible, assert_no_horizontal_scroll
):
    for tab in (page, phone_page):
        log_in(tab, live_server, "koordination", cycle.decide)
        assert tab.url.endswith(cycle.decide)
        assert_accessible(tab)
        assert_no_horizontal_scroll(tab)


def test_the_member_sees_requirements_recommendations_and_the_board(page, live_server, cycle):
    log_in(page, live_server, "mitglied", cycle.draft)
    expect(page.get_by_role("heading", name="Zu beantwortende Vorgaben")).to_be_visible()
    expect(page.locator("#empfehlungen")).to_be_visible()
    page.goto(live_server.url + cycle.board)
    row = page.get_by_role("row", name=re.compile(re.escape(str(cycle.body.name))))
    expect(row).to_be_visible()
    page.goto(live_server.url + cycle.version_2)
    expect(page.get_by_text("überfällig").first).to_be_visible()


def test_the_member_answers_a_requirement_and_submits_the_next_version(
    phone_page, live_server, cycle, assert_accessible, assert_no_horizontal_scroll
):
    from django.contrib.auth import get_user_model

    from planwerk.decisions import services as decisions
    from planwerk.decisions import tally
    from planwerk.papers.models import Version

    # The steering group returns version 2 in its held meeting, with one requirement.
    coordinator = get_user_model().objects.get(username="koordination")
    v2 = Version.objects.get(draft=cycle.draft_obj, number=2)
    section = v2.paper()[0]
    ballots = {seat: "yes" for seat in tally.tally(cycle.meeting).casting()}
    decisions.decide(
        coordinator,
        cycle.meeting,
        v2,
        "returned",
        ballots,
        [("Bitte den Abschnitt kürzen.", [section.id], None)],
    )
    page = phone_page
    log_in(page, live_server, "mitglied", cycle.draft)
    form = page.locator("form", has=page.get_by_text("Antwort auf Vorgabe 1"))
    form.get_by_label("umgesetzt", exact=True).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Antwort speichern").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Entwurf einreichen").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Fassung 3 einreichen").click()
    assert Version.objects.get(draft=cycle.draft_obj, number=3).status == "submitted"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fassung 3")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_the_coordination_gives_a_statement_on_behalf_of_a_body(
    phone_page, live_server, cycle, assert_accessible, assert_no_horizontal_scroll
):
    from planwerk.consultations.models import Statement

    page = phone_page
    log_in(page, live_server, "koordination", cycle.open_assessment)
    with page.expect_navigation():
        page.get_by_role("link", name="Stellungnahme abgeben").click()
    page.get_by_label("Stellungnahme", exact=True).fill(
        "Der Beirat hat den Entwurf beraten und stimmt ihm zu."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Stellungnahme speichern").click()
    expect(page.get_by_text("im Auftrag von")).to_be_visible()
    statement = Statement.objects.get(text__startswith="Der Beirat hat den Entwurf beraten")
    assert statement.on_behalf
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
