"""The stage's paper, creating a council paper after confirming, and its timeline."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from django.test import Client
from django.urls import reverse
from tests.council.conftest import login

from planwerk.council import queries
from planwerk.council.models import CouncilPaper
from planwerk.meetings.models import Meeting


def _retreat(body: Any, day: int, **extra: Any) -> Meeting:
    return Meeting.objects.create(
        body=body,
        title=f"Klausur {day}",
        kind=Meeting.Kind.RETREAT,
        starts_at=dt.datetime(2020, 2, day, 9, tzinfo=dt.UTC),
        place="Rathaus",
        **extra,
    )


def test_the_stage_paper_numbers_its_lines_through_all_groups(written: Any) -> None:
    url = reverse("council:paper", args=[written.stage.slug])
    page = login(written.member).get(url).content.decode()
    first, second = (v.draft.body.name for v in written.accepted)
    # Contents, in body order, with each part's lines.
    assert page.index(f'href="#teil-1">{first}') < page.index(f'href="#teil-2">{second}')
    assert "(lines 1–4)" in page and "(lines 5–7)" in page
    # The numbers run on from the first group into the second.
    assert '<span class="pw-lineno">4</span> Teilhabe' in page
    assert '<span class="pw-lineno">6</span> Gleiche Chancen' in page
    # The group without an accepted version is named, and the missing retreats.
    missing = str(written.groups[2].name)
    assert "No accepted version yet from:" in page and missing in page
    assert "has planned 0 retreats" in page and "at least 2 are needed" in page


def test_the_retreat_warning_goes_once_enough_are_planned(written: Any) -> None:
    lead = queries.lead_committee(written.stage.process)
    _retreat(lead, 3)
    _retreat(lead, 4, status=Meeting.Status.CANCELLED)
    url = reverse("council:paper", args=[written.stage.slug])
    client = login(written.member)
    assert "has planned 1 retreat (Klausurtagung)" in client.get(url).content.decode()
    _retreat(lead, 5)
    assert "retreat" not in client.get(url).content.decode()


def test_the_stage_paper_downloads(written: Any) -> None:
    client = login(written.member)
    pdf = client.get(reverse("council:paper_pdf", args=[written.stage.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"papier_{written.stage.slug}.pdf" in pdf["Content-Disposition"]
    answer = client.get(reverse("council:paper_docx", args=[written.stage.slug]))
    text = [p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs]
    assert "6\tGleiche Chancen" in text and "1\tLeitbild" in text


def test_visitors_and_accounts_without_a_role_do_not_see_the_paper(
    written: Any, make_user: Any
) -> None:
    url = reverse("council:paper", args=[written.stage.slug])
    assert Client().get(url).status_code == 302
    assert login(make_user("niemand")).get(url).status_code == 403


def test_the_coordination_confirms_before_the_paper_is_created(
    written: Any, coordinator: Any
) -> None:
    client = login(coordinator)
    url = reverse("council:create", args=[written.stage.slug])
    assert client.get(url).status_code == 200
    page = client.post(url, {"number": "2472/2019", "title": "LIP"}).content.decode()
    assert "cannot be changed afterwards" in page and not CouncilPaper.objects.exists()
    assert str(written.groups[2].name) in page  # the warning names the missing group
    answer = client.post(url, {"number": "2472/2019", "title": "LIP", "confirmed": "1"})
    paper = CouncilPaper.objects.get()
    assert answer["Location"] == reverse("council:detail", args=[written.stage.slug, paper.uuid])
    again = client.post(url, {"number": "2472/2019", "title": "LIP", "confirmed": "1"})
    assert again.status_code == 400 and "already is a council paper" in again.content.decode()
    assert CouncilPaper.objects.count() == 1
    assert login(written.member).get(url).status_code == 403


def test_the_passage_shows_as_a_timeline(written: Any, coordinator: Any) -> None:
    client = login(coordinator)
    client.post(
        reverse("council:create", args=[written.stage.slug]),
        {"number": "2472/2019", "title": "LIP", "confirmed": "1"},
    )
    paper = CouncilPaper.objects.get()
    lead, council = queries.deciding_bodies(paper.process)
    meeting = Meeting.objects.create(
        body=lead,
        title="12. Sitzung",
        starts_at=dt.datetime(2021, 2, 3, 15, tzinfo=dt.UTC),
        place="R",
    )
    add = reverse("council:passage_add", args=[written.stage.slug, paper.uuid])
    answer = client.post(add, {"body": lead.pk, "meeting": meeting.pk, "outcome": "recommended"})
    assert answer.status_code == 302
    refused = client.post(add, {"body": council.pk, "outcome": "decided"})
    assert refused.status_code == 400 and "Please give the day" in refused.content.decode()
    client.post(add, {"body": council.pk, "date": "2021-03-01", "outcome": "decided", "note": "Ja"})
    page = client.get(answer["Location"]).content.decode()
    assert page.index("recommended") < page.index("decided")
    assert reverse("meetings:detail", args=[meeting.uuid]) in page
    member_page = login(written.member).get(answer["Location"]).content.decode()
    assert "12. Sitzung" in member_page  # named, but not linked for one who may not see it
    assert reverse("meetings:detail", args=[meeting.uuid]) not in member_page
    assert "Record a passage" not in member_page
    assert "has planned 0 retreats" in member_page
    pdf = client.get(reverse("council:detail_pdf", args=[written.stage.slug, paper.uuid]))
    assert pdf.content.startswith(b"%PDF") and "drucksache_" in pdf["Content-Disposition"]


def test_the_home_page_links_the_stage_papers(written: Any) -> None:
    url = reverse("council:paper", args=[written.stage.slug])
    assert url in login(written.member).get("/").content.decode()
    assert url not in Client().get("/").content.decode()
