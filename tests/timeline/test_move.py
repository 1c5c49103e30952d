"""Moving a planned date: the form, the confirmation page with every date that moves
along, the move and its audit entry; refused for everybody but the coordination and
for dates in the wrong order, with nothing changed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.formats import date_format
from tests.conftest import english_client
from tests.factories import MembershipFactory, PersonFactory
from tests.timeline.conftest import login

from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Body
from planwerk.processes.models import Milestone, Process, Stage
from planwerk.timeline import services

D = dt.date


def day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def dates(process: Process) -> dict[str, Any]:
    """Every planned date of the process."""
    found: dict[str, Any] = {}
    for s in process.stages.all():
        found[f"{s.slug}.starts"], found[f"{s.slug}.ends"] = s.starts, s.ends
    for m in process.milestones.all():
        found[f"{m.slug}.date"], found[f"{m.slug}.end"] = m.date, m.end
    return found


def confirmation_rows(page: str) -> list[str]:
    table = page[page.index("<tbody") : page.index("</tbody>")]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr.*?</tr>", table, re.S)
    ]


STAGE_1 = reverse("timeline:move_stage", args=["etappe-1"])


def test_moving_the_first_stages_end_shows_what_moves_along_then_moves_it(
    hannover: Process, coordinator: Any
) -> None:
    client = login(coordinator)
    form = client.get(STAGE_1)
    assert form.status_code == 200 and 'value="2020-03-31"' in form.content.decode()
    before = dates(hannover)

    new = {"starts": "2020-01-01", "ends": "2020-04-30", "reason": "Mehr Zeit für Etappe 1"}
    page = client.post(STAGE_1, new).content.decode()

    # Nothing is saved yet; every date that moves is listed with old and new date.
    assert dates(hannover) == before
    listed = confirmation_rows(page)
    assert listed[0] == (
        f"Stage 1: foundation paper: end {day(D(2020, 3, 31))} → {day(D(2020, 4, 30))} "
        "(30 days) set by you"
    )
    month = dt.timedelta(days=30)
    for label, old in [
        ("Stage 2: catalogue of goals and measures: start", D(2020, 4, 1)),
        ("Stage 2: catalogue of goals and measures: end", D(2020, 12, 31)),
        ("Podium discussion on the foundation paper", D(2020, 3, 31)),
        ("Podium discussion on the catalogue", D(2020, 12, 31)),
        ("To the council (early 2021)", D(2021, 3, 31)),
    ]:
        row = next(r for r in listed if r.startswith(label + " "))
        assert f"{day(old)} → {day(old + month)} (30 days) moves along: follows" in row
    assert len(listed) == 6  # the kickoff and the election meeting stay
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', page).group(1)

    response = client.post(STAGE_1, {**new, "fingerprint": fingerprint, "confirmed": "1"})

    assert response.status_code == 302 and response["Location"] == "/zeitplan/"
    after = dates(hannover)
    assert after["etappe-1.ends"] == D(2020, 4, 30)
    assert after["etappe-2.starts"] == D(2020, 5, 1)
    assert after["ratsbeschluss.date"] == D(2021, 4, 30)
    assert after["auftakt.date"] == before["auftakt.date"]
    entry = AuditEntry.objects.filter(action="process.dates_moved").latest("pk")
    assert entry.actor == coordinator.username
    assert entry.payload["reason"] == "Mehr Zeit für Etappe 1"
    assert {(m["slug"], m["field"], m["from"], m["to"]) for m in entry.payload["moves"]} >= {
        ("etappe-1", "ends", "2020-03-31", "2020-04-30"),
        ("ratsbeschluss", "date", "2021-03-31", "2021-04-30"),
    }
    assert "6 dates have been moved." in client.get("/zeitplan/").content.decode()


def test_a_milestone_with_nothing_after_it_moves_alone(hannover: Process, coordinator: Any) -> None:
    client = login(coordinator)
    url = reverse("timeline:move_milestone", args=["auftakt"])
    page = client.post(url, {"date": "2020-01-24", "end": "2020-01-25"}).content.decode()
    assert "No other date depends on this one." in page
    assert len(confirmation_rows(page)) == 2  # its first and its last day


def test_the_plan_changed_meanwhile_asks_again_and_moves_nothing(
    hannover: Process, coordinator: Any
) -> None:
    client = login(coordinator)
    new = {"starts": "2020-01-01", "ends": "2020-04-30"}
    page = client.post(STAGE_1, new).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', page).group(1)
    Stage.objects.filter(process=hannover, slug="etappe-2").update(ends=D(2021, 1, 31))

    response = client.post(STAGE_1, {**new, "fingerprint": fingerprint, "confirmed": "1"})

    assert response.status_code == 200
    assert "has changed since you looked at it" in response.content.decode()
    assert Stage.objects.get(process=hannover, slug="etappe-1").ends == D(2020, 3, 31)


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (STAGE_1, {"starts": "2020-01-01", "ends": "2020-02-30"}, "Enter a valid date."),
        (STAGE_1, {"starts": "2020-01-01", "ends": ""}, "This field is required."),
        (
            STAGE_1,
            {"starts": "2020-03-01", "ends": "2020-02-01"},
            "The end cannot be before the start",
        ),
        (
            reverse("timeline:move_stage", args=["etappe-2"]),
            {"starts": "2020-03-01", "ends": "2020-12-31"},
            "it follows “Stage 1: foundation paper: end”",
        ),
        (
            reverse("timeline:move_milestone", args=["auftakt"]),
            {"date": "2020-01-20", "end": "2020-01-19"},
            "The last day cannot be before the first",
        ),
        (
            reverse("timeline:move_milestone", args=["ratsbeschluss"]),
            {"date": "2020-11-01"},
            "it follows “Stage 2: catalogue of goals and measures: end”",
        ),
        (STAGE_1, {"starts": "2020-01-01", "ends": "2020-03-31"}, "nothing moves"),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message_and_change_nothing(
    hannover: Process, coordinator: Any, url: str, data: dict[str, str], message: str
) -> None:
    before = dates(hannover)
    client = login(coordinator)
    for extra in ({}, {"confirmed": "1", "fingerprint": "x"}):
        response = client.post(url, {**data, **extra})
        assert response.status_code == 400, response.content.decode()[:300]
        assert message in response.content.decode()
    assert dates(hannover) == before
    assert not AuditEntry.objects.filter(action="process.dates_moved").exists()


def test_only_the_coordination_moves_dates(
    hannover: Process, make_user: Any, dezernat3: Any
) -> None:
    member = make_user("mitglied")
    group = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    seat = group.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=member))
    admin = make_user("betrieb", is_superuser=True)
    data = {"starts": "2020-01-01", "ends": "2020-04-30", "confirmed": "1"}
    for user in (member, dezernat3, admin, make_user("konto")):
        assert login(user).post(STAGE_1, data).status_code == 403
        assert login(user).get(reverse("timeline:reached", args=["auftakt"])).status_code == 403
    visitor = english_client().post(STAGE_1, data)
    assert visitor.status_code == 302 and "/anmelden/" in visitor["Location"]
    with pytest.raises(PermissionDenied):
        services.move(member, hannover, "stage:etappe-1", {}, fingerprint="")
    assert Stage.objects.get(process=hannover, slug="etappe-1").ends == D(2020, 3, 31)
    assert Milestone.objects.get(process=hannover, slug="auftakt").reached_on is None
