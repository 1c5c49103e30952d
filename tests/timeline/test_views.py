"""The timeline page: open to everybody, every source's entries for those who may see
them, today, done, late and next marked in words and shapes, printable, right to left."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from tests.conftest import english_client
from tests.timeline.conftest import Sources, login

from planwerk.processes.models import Milestone
from planwerk.timeline.queries import timeline_of

URL = "/zeitplan/"


def day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def rows(page: str) -> list[str]:
    """The text version's rows as plain text."""
    table = page[page.index('<table class="kern-table pw-table-stack tl-table">') :]
    table = table[: table.index("</table>")]
    found = []
    for row in re.findall(r"<tr.*?</tr>", table, re.S):
        # Without the coordination's column of links.
        row = re.sub(r'<td class="kern-table__cell pw-noprint".*?</td>', "", row, flags=re.S)
        text = re.sub(r"<svg.*?</svg>", "", row, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        found.append(" ".join(text.split()))
    return found[1:]


def chart(page: str) -> str:
    """The drawing (not the small marks of the legend)."""
    start = page.rindex("<svg", 0, page.index('class="tl-chart"'))
    return page[start : page.index("</svg>", start)]


def row_of(page: str, text: str) -> str:
    return next(r for r in rows(page) if text in r)


def test_a_visitor_sees_the_stages_milestones_and_today(hannover: Any) -> None:
    response = english_client().get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    # The drawing, with its title, and the same entries as text.
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Infographic 2" in page
    assert "Strategic foundation paper" in row_of(page, "Stage 1: foundation paper")
    # The paper's dates have passed: the stages are done, the milestones not recorded late.
    assert row_of(page, "Stage 2:").endswith("done")
    assert row_of(page, "Kickoff event").endswith("late")
    assert f"{day(timezone.localdate())} Today" in rows(page)
    # Drafts are for those who may see them.
    assert "once they have logged in" in page


def test_the_coordination_sees_an_entry_from_every_source(
    sources: Sources, coordinator: Any
) -> None:
    page = login(coordinator).get(URL).content.decode()
    lanes = {
        "Nominations close: Wahl der MSO-Vertreter*innen": "Elections",
        "Neighbourhood talk": "Public events",
        "version 1 submitted": "Drafts and decisions",
        "accepted version 1 of": "Drafts and decisions",
        "Statements on version 2": "Statements",
        "Retreat: ": "Lead committee and council",
        "Council paper 1234/2020 in": "Lead committee and council",
    }
    for text, lane in lanes.items():
        assert lane in row_of(page, text), text
    svg = chart(page)
    for lane in set(lanes.values()):
        assert f'class="tl-lane-title">{lane}' in svg


def test_a_visitor_sees_the_public_sources_only(sources: Sources) -> None:
    page = english_client().get(URL).content.decode()
    assert "Neighbourhood talk" in page and "Wahl der MSO-Vertreter*innen" in page
    for hidden in ("version 1 submitted", "Statements on version", "Retreat:", "1234/2020"):
        assert hidden not in page


def test_done_late_and_next_are_marked_in_words(sources: Sources, coordinator: Any) -> None:
    page = login(coordinator).get(URL).content.decode()
    # Passed without every statement: late, and who is missing.
    late = row_of(page, day(sources.late.deadline))
    assert late.endswith("late") and "0 of 1 statements given" in late
    assert str(sources.late.body.name) in late
    # The first planned entry from today on comes next; what happened is done.
    assert row_of(page, "Statements on version 2").endswith("late")
    ahead = [r for r in rows(page) if "1 of 2 statements given" in r]
    assert ahead and ahead[0].endswith("next")
    assert row_of(page, "version 1 submitted").endswith("done")
    assert row_of(page, "Council paper 1234/2020").endswith("done")
    assert row_of(page, "Retreat:").endswith("planned")
    # Today stands between what has been and what comes.
    texts = rows(page)
    today = next(i for i, r in enumerate(texts) if r.endswith("Today"))
    assert today < texts.index(ahead[0])
    assert texts.index(row_of(page, "version 1 submitted")) < today
    # The drawing says the same with shapes and words.
    svg = chart(page)
    assert 'class="tl-item tl-item--planned tl-item--next"' in svg
    assert "tl-next-ring" in svg and "tl-mark--late" in svg and "tl-mark--done" in svg
    assert "tl-today-line" in svg


def test_a_milestone_recorded_as_reached_is_done(hannover: Any, coordinator: Any) -> None:
    milestone = Milestone.objects.get(process=hannover, slug="auftakt")
    client = login(coordinator)
    url = reverse("timeline:reached", args=[milestone.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reached_on": "2020-01-18"})
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert row_of(page, "Kickoff event").endswith("done")
    assert f"Reached on {day(dt.date(2020, 1, 18))}." in page
    # Taken back: late again.
    client.post(url, {"undo": "1"})
    assert row_of(client.get(URL).content.decode(), "Kickoff event").endswith("late")


def test_a_milestone_cannot_be_reached_in_the_future(hannover: Any, coordinator: Any) -> None:
    url = reverse("timeline:reached", args=["auftakt"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(coordinator).post(url, {"reached_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "cannot be reached in the future" in response.content.decode()
    assert Milestone.objects.get(process=hannover, slug="auftakt").reached_on is None


def test_an_event_of_a_milestone_that_has_taken_place_makes_it_done(sources: Sources) -> None:
    milestone = Milestone.objects.get(process=sources.process, slug="podium-1")
    sources.event.milestone = milestone
    sources.event.starts_at = timezone.now() - dt.timedelta(days=2)
    sources.event.ends_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2)
    sources.event.save()
    timeline = timeline_of(sources.process, None)
    item = next(i for i in timeline.items if i.key == "milestone:podium-1")
    assert item.status == "done" and "Event: Neighbourhood talk" in item.note


def test_the_coordination_gets_links_to_move_each_date(hannover: Any, coordinator: Any) -> None:
    page = login(coordinator).get(URL).content.decode()
    assert reverse("timeline:move_stage", args=["etappe-1"]) in page
    assert reverse("timeline:move_milestone", args=["auftakt"]) in page
    assert reverse("timeline:reached", args=["auftakt"]) in page
    visitor = english_client().get(URL).content.decode()
    assert reverse("timeline:move_stage", args=["etappe-1"]) not in visitor


def test_the_page_reads_a_fixed_number_of_queries(
    sources: Sources, coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(coordinator)
    client.get(URL)
    with django_assert_max_num_queries(30):
        client.get(URL)


def test_the_page_prints_on_a4_landscape_and_links_its_style_sheet(hannover: Any) -> None:
    page = english_client().get(URL).content.decode()
    assert "/static/timeline/timeline.css" in page
    assert "style=" not in chart(page)
    from django.contrib.staticfiles import finders

    css = open(finders.find("timeline/timeline.css"), encoding="utf-8").read()  # noqa: SIM115
    assert "size: A4 landscape" in css


def test_in_arabic_the_drawing_runs_right_to_left(hannover: Any) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "ar", "next": URL})
    page = client.get(URL).content.decode()
    assert 'dir="rtl"' in page and 'direction="rtl"' in page


def test_the_home_page_says_where_the_process_stands(sources: Sources, coordinator: Any) -> None:
    page = login(coordinator).get("/").content.decode()
    assert "Where the process stands" in page and "Next: Statements on version 2" in page
    assert f'href="{URL}"' in page  # and the main navigation links the timeline


def test_the_organisation_chart_links_the_timeline(hannover: Any) -> None:
    page = english_client().get(reverse("bodies:chart")).content.decode()
    assert "Timeline (Infographic 2)" in page


def test_a_member_sees_the_drafts_of_her_own_group_only(sources: Sources, make_user: Any) -> None:
    from tests.factories import MembershipFactory, PersonFactory

    from planwerk.bodies.models import Body

    groups = list(Body.objects.filter(process=sources.process, kind=Body.Kind.EXPERT_GROUP))
    own, other = (
        sources.version.draft.body,
        next(g for g in groups if g != sources.version.draft.body),
    )
    pages = {}
    for name, group in (("eigene", own), ("andere", other)):
        user = make_user(name)
        seat = group.seat_categories.filter(retired=False).exclude(kinds=[]).first()
        MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=user))
        pages[name] = login(user).get(URL).content.decode()
    assert "version 1 submitted" in pages["eigene"]
    assert "version 1 submitted" not in pages["andere"]


def test_the_states_are_named_in_the_page_language(hannover: Any) -> None:
    # Hannover's 2020 milestones lie in the past, unreached: they are late.
    german = Client().get("/zeitplan/").content.decode()
    assert "überfällig" in german and "geplant" in german
    assert ">late<" not in german and "· late" not in german
    turkish = Client()
    turkish.cookies["django_language"] = "tr"
    assert "gecikmiş" in turkish.get("/zeitplan/").content.decode()
