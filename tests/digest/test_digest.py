"""Members of the lead committee follow every step: by email and as a feed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from tests.conftest import english_client

from planwerk.digest import services
from planwerk.digest.models import Subscription
from planwerk.digest.steps import DECISION, VERSION, figures, steps
from planwerk.digest.tasks import send_digest
from planwerk.papers import services as papers

ATOM = "{http://www.w3.org/2005/Atom}"


def _submit(world: Any) -> Any:
    draft = papers.open_draft(world.writer, world.group, world.process.stages.first())
    papers.add_section(world.writer, draft, "Leitlinien", "Teilhabe für alle")
    return papers.submit(world.writer, draft)


def test_the_steps_of_a_period(world: Any) -> None:
    before = timezone.now() - dt.timedelta(minutes=1)
    version = _submit(world)
    found = steps(world.process, before, timezone.now() + dt.timedelta(minutes=1))
    kinds = [s.kind for s in found]
    assert VERSION in kinds and DECISION not in kinds
    step = next(s for s in found if s.kind == VERSION)
    assert f"Version {version.number} of “{world.group.name}” submitted" in step.text
    assert step.url.endswith(f"/fassung/{version.number}/")
    assert "1 version submitted" in figures(found).text()
    assert steps(world.process, before - dt.timedelta(days=2), before) == []


def test_members_of_the_lead_committee_and_the_coordination_subscribe(world: Any) -> None:
    subscription = services.subscribe(world.informed, "daily")
    assert subscription.frequency == "daily"
    assert services.subscribe(world.informed, "weekly").pk == subscription.pk
    services.subscribe(world.coordinator, "none")
    with pytest.raises(PermissionDenied):
        services.subscribe(world.writer, "daily")
    with pytest.raises(ValidationError):
        services.subscribe(world.informed, "hourly")
    assert Subscription.objects.get(user=world.informed).frequency == "weekly"


def test_the_digest_email_tells_the_steps_in_the_recipients_language(world: Any) -> None:
    subscription = services.subscribe(world.informed, "daily")
    Subscription.objects.filter(pk=subscription.pk).update(
        created=timezone.now() - dt.timedelta(days=1)
    )
    _submit(world)
    mail.outbox.clear()
    result = send_digest.call(subscription.pk, "daily")
    assert result["sent"] is True
    [email] = mail.outbox
    assert email.to == ["ausschuss@example.org"]
    assert "What happened in the process since" in email.subject  # the member reads English
    assert f"“{world.group.name}”" in email.body and "1 version submitted" in email.body
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None
    # Nothing new since: no email.
    mail.outbox.clear()
    assert send_digest.call(subscription.pk, "daily")["sent"] is False
    assert mail.outbox == []


def test_a_run_planned_before_a_change_sends_nothing(world: Any) -> None:
    subscription = services.subscribe(world.informed, "weekly")
    _submit(world)
    mail.outbox.clear()
    assert send_digest.call(subscription.pk, "daily") == {"sent": False, "reason": "changed"}
    assert mail.outbox == []


def test_the_feed_is_atom_behind_a_private_address(world: Any) -> None:
    subscription = services.subscribe(world.informed, "none")
    version = _submit(world)
    client = Client()  # no login: the address is the key
    response = client.get(f"/auf-dem-laufenden/{subscription.feed_token}/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert any(f"Version {version.number}" in (t or "") for t in titles)
    old = subscription.feed_token
    services.new_feed_address(world.informed)
    assert client.get(f"/auf-dem-laufenden/{old}/atom.xml").status_code == 404


def test_the_page_explains_who_may_subscribe(world: Any) -> None:
    client = english_client()
    client.force_login(world.writer)
    page = client.get("/auf-dem-laufenden/").content.decode()
    assert "The digest is for the members of" in page and 'name="frequency"' not in page
    assert client.post("/auf-dem-laufenden/", {"frequency": "daily"}).status_code == 302
    assert not Subscription.objects.filter(user=world.writer).exists()
    client.force_login(world.informed)
    client.post("/auf-dem-laufenden/", {"frequency": "daily", "action": "subscribe"})
    assert Subscription.objects.get(user=world.informed).frequency == "daily"
    page = client.get("/auf-dem-laufenden/").content.decode()
    assert "/atom.xml" in page
    client.post("/auf-dem-laufenden/", {"action": "unsubscribe"})
    assert not Subscription.objects.filter(user=world.informed).exists()


def test_the_public_side_is_among_the_steps(world: Any) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from tests.proposals.conftest import make_resident

    from planwerk.digest.steps import COMMENTS, EVENT, PROPOSAL, PUBLICATION, REGISTRATIONS
    from planwerk.events import services as events
    from planwerk.participation import services as participation
    from planwerk.proposals import services as proposals

    before = timezone.now() - dt.timedelta(minutes=1)
    start = timezone.now() + dt.timedelta(days=3)
    event = events.create_event(
        world.coordinator,
        world.process,
        title={"de": "Podium"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rathaus",
    )
    events.publish_event(world.coordinator, event)
    for n in range(2):
        events.register(AnonymousUser(), event, name=f"R{n}", email=f"r{n}@example.org")
    version = _submit(world)
    now = timezone.now()
    publication = participation.publish(
        world.coordinator, version, now - dt.timedelta(minutes=1), now + dt.timedelta(days=9)
    )
    resident = make_resident()
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
    request.user = resident
    paragraph = publication.paragraphs.first()
    for n in range(3):
        participation.write_comment(request, publication, paragraph.paragraph_id, f"Comment {n}")
    proposals.make(request, world.process, title="Benches", text="In the park", body=world.group)
    found = steps(world.process, before, timezone.now() + dt.timedelta(minutes=1))
    by_kind = {kind: [s for s in found if s.kind == kind] for kind in {s.kind for s in found}}
    assert "Event “Podium” announced for" in by_kind[EVENT][0].text
    assert "2 new registrations for “Podium”" in by_kind[REGISTRATIONS][0].text
    assert "open for public comment until" in by_kind[PUBLICATION][0].text
    assert "3 new comments on version 1" in by_kind[COMMENTS][0].text
    assert "New proposal “Benches”" in by_kind[PROPOSAL][0].text
    text = figures(found).text()
    assert "3 public comments" in text and "1 proposal" in text
    assert "2 registrations for events" in text
