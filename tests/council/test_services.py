"""Creating a council paper and recording its passage: permission, freezing, checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Body
from planwerk.council import queries, services
from planwerk.council.models import CouncilPaper, Passage
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Version


def _meeting(body: Body, day: dt.date, **extra: Any) -> Meeting:
    return Meeting.objects.create(
        body=body,
        title="Sitzung",
        starts_at=dt.datetime(day.year, day.month, day.day, 15, tzinfo=dt.UTC),
        place="Rathaus",
        **extra,
    )


def test_the_stage_paper_holds_the_latest_accepted_version_of_each_group(written: Any) -> None:
    paper = queries.stage_paper(written.stage)
    assert paper.versions == written.accepted
    assert paper.missing == written.groups[2:]


def test_the_coordination_creates_a_paper_that_keeps_its_versions(
    written: Any, coordinator: Any
) -> None:
    paper = services.create_paper(
        coordinator, written.stage, number="  2472/2019 ", title="Lokaler Integrationsplan"
    )
    assert paper.number == "2472/2019"
    assert queries.paper_versions(paper) == written.accepted
    # A version accepted later does not change the paper.
    draft = written.groups[2].drafts.get()
    Version.objects.filter(draft=draft).update(status=Version.Status.ACCEPTED)
    assert queries.paper_versions(paper) == written.accepted
    with pytest.raises(ValidationError):
        paper.save()
    entry = AuditEntry.objects.get(action="council.paper.created")
    assert entry.payload["versions"] == [str(v.uuid) for v in written.accepted]


def test_a_number_is_required_and_unique_per_process(written: Any, coordinator: Any) -> None:
    services.create_paper(coordinator, written.stage, number="2472/2019", title="LIP")
    with pytest.raises(ValidationError) as refused:
        services.create_paper(coordinator, written.stage, number="2472/2019 ", title="Noch einmal")
    assert "already" in str(refused.value.message_dict["number"])
    with pytest.raises(ValidationError) as refused:
        services.create_paper(coordinator, written.stage, number="   ", title="")
    assert set(refused.value.message_dict) == {"number", "title"}
    with pytest.raises(ValidationError):
        services.create_paper(coordinator, written.stage, number="x" * 51, title="LIP")
    assert CouncilPaper.objects.count() == 1


def test_only_the_coordination_creates_papers(written: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_paper(written.member, written.stage, number="1/2020", title="LIP")


def test_a_stage_without_accepted_versions_gives_no_paper(written: Any, coordinator: Any) -> None:
    Version.objects.update(status=Version.Status.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.create_paper(coordinator, written.stage, number="1/2020", title="LIP")
    assert "accepted" in " ".join(refused.value.messages)


def test_the_committee_and_the_council_deal_with_the_paper(written: Any, coordinator: Any) -> None:
    paper = services.create_paper(coordinator, written.stage, number="1/2021", title="LIP")
    lead, council = queries.deciding_bodies(paper.process)
    assert lead.lead_committee and council.kind == Body.Kind.COUNCIL
    meeting = _meeting(lead, dt.date(2021, 2, 3))
    first = services.record_passage(
        coordinator, paper, body=lead, outcome="recommended", meeting=meeting
    )
    assert first.date == dt.date(2021, 2, 3)  # the meeting's day
    services.record_passage(
        coordinator,
        paper,
        body=council,
        outcome="decided",
        date=dt.date(2021, 3, 1),
        note="einstimmig",
    )
    assert [p.outcome for p in paper.passages.all()] == ["recommended", "decided"]
    assert AuditEntry.objects.filter(action="council.passage.recorded").count() == 2


def test_a_passage_that_does_not_fit_is_refused(written: Any, coordinator: Any) -> None:
    paper = services.create_paper(coordinator, written.stage, number="1/2021", title="LIP")
    lead, council = queries.deciding_bodies(paper.process)
    with pytest.raises(ValidationError) as refused:
        services.record_passage(
            coordinator, paper, body=written.groups[0], outcome="decided", date=dt.date(2021, 1, 1)
        )
    assert "body" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_passage(
            coordinator,
            paper,
            body=council,
            outcome="decided",
            meeting=_meeting(lead, dt.date(2021, 1, 1)),
        )
    assert "meeting" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_passage(
            coordinator,
            paper,
            body=lead,
            outcome="decided",
            date=dt.date(2021, 1, 2),
            meeting=_meeting(lead, dt.date(2021, 1, 1)),
        )
    assert "date" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_passage(coordinator, paper, body=lead, outcome="vertagt")
    assert set(refused.value.message_dict) == {"date", "outcome"}
    with pytest.raises(PermissionDenied):
        services.record_passage(
            written.member, paper, body=lead, outcome="decided", date=dt.date(2021, 1, 1)
        )
    assert not Passage.objects.exists()


def test_retreats_count_while_not_cancelled(written: Any) -> None:
    lead, count = queries.retreats(written.stage.process)
    assert lead.lead_committee and (count.planned, count.needed) == (0, 2)
    _meeting(lead, dt.date(2020, 2, 1), kind=Meeting.Kind.RETREAT)
    _meeting(lead, dt.date(2020, 3, 1), kind=Meeting.Kind.RETREAT, status=Meeting.Status.CANCELLED)
    _meeting(lead, dt.date(2020, 4, 1))  # a regular meeting
    assert queries.retreats(written.stage.process)[1].short
    _meeting(lead, dt.date(2020, 5, 1), kind=Meeting.Kind.RETREAT)
    assert not queries.retreats(written.stage.process)[1].short
