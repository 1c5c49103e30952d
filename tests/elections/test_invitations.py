"""Inviting every organisation of the register to the election meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from tests.elections.factories import meeting, new_election, register

from planwerk.audit.models import AuditEntry
from planwerk.elections import invitations, services, tasks
from planwerk.elections.models import Election, InvitationDelivery, MigrantOrganisation

pytestmark = pytest.mark.django_db

BERLIN = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def election(hannover: Any, coordinator: Any) -> Election:
    """Three confirmed organisations with email, one without, one unconfirmed, one
    that left the register."""
    orgs = register(hannover, coordinator, 3)
    services.update_organisation(coordinator, orgs[0])
    letter = services.register_organisation(
        coordinator,
        MigrantOrganisation(
            process=hannover,
            name="Kulturverein ohne Mail",
            contact_name="Frau Yılmaz",
            postal_address="Lange Laube 1\n30159 Hannover",
        ),
    )
    services.confirm_eligibility(coordinator, letter)
    services.register_organisation(
        coordinator,
        MigrantOrganisation(process=hannover, name="Unbestätigt", contact_email="u@example.org"),
    )
    gone = services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator,
            MigrantOrganisation(
                process=hannover, name="Ausgetreten", contact_email="a@example.org"
            ),
        ),
    )
    gone.active = False
    services.update_organisation(coordinator, gone)
    election = new_election(
        hannover,
        coordinator,
        meeting_at=dt.datetime(2019, 11, 20, 18, 0, tzinfo=BERLIN),
        nomination_deadline=dt.datetime(2019, 11, 8, 23, 59, tzinfo=BERLIN),
        place="Neues Rathaus, Hodlersaal",
    )
    return election


@pytest.fixture
def send(coordinator: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """The coordination asks for the emails; the task runs once the request commits."""

    def send(election: Election, scope: str = invitations.Scope.NEW) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return invitations.request_invitations(
                coordinator, election, scope, base_url="https://planwerk.example/"
            )

    return send


def queue(election: Election, coordinator: Any) -> None:
    """The emails marked as waiting, the task not run yet."""
    invitations.request_invitations(coordinator, election)


def test_every_active_confirmed_organisation_with_an_address_gets_an_email(election, send):
    send(election)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["v1@example.org", "v2@example.org", "v3@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_the_invitation_is_in_german_with_date_place_deadline_rule_and_candidates_page(
    election, send
):
    send(election)
    message = mail.outbox[0]
    assert message.from_email == '"OE 50.6 Integration" <planwerk@localhost>'
    assert message.reply_to == ["integration@example.org"]
    assert message.subject == "Einladung zur Wahlveranstaltung: Wahl der MSO-Vertreter*innen"
    body = message.body
    assert body.startswith("Guten Tag,\n")  # greets everyone, whatever their gender
    assert "Damen und Herren" not in body
    assert "Mittwoch, 20. November 2019" in body
    assert "18:00" in body
    assert "Neues Rathaus, Hodlersaal" in body
    assert "Freitag, 8. November 2019, 23:59" in body
    assert "Eine Kandidatur und eine Stimme je Organisation" in body
    assert f"https://planwerk.example/wahl/{election.pk}/kandidaturen/" in body
    assert "Drucksache 2472/2019" in body


def test_sending_records_the_time_and_an_audit_entry_with_the_count(election, send):
    assert election.invitations_sent_at is None
    send(election)
    election.refresh_from_db()
    assert election.invitations_sent_at is not None
    entry = AuditEntry.objects.get(action="elections.invitations.sent")
    assert entry.actor == "koordination"
    assert entry.object_id == str(election.pk)
    assert entry.payload == {
        "count": 3,
        "letter_only": ["Kulturverein ohne Mail"],
        "failed": [],
    }


def test_organisations_without_an_email_address_are_listed_as_letter_only(election, coordinator):
    queue(election, coordinator)
    result = tasks.send_invitations.enqueue(election.pk)
    assert result.return_value["letter_only"] == ["Kulturverein ohne Mail"]
    assert result.return_value["sent"] == ["Verein 01", "Verein 02", "Verein 03"]


def test_a_contact_person_is_greeted_by_name(election):
    org = MigrantOrganisation.objects.get(name="Verein 02")
    org.contact_name = "Herr Nguyen"
    org.save()
    # The letter is German whatever language the coordinator's page was in.
    with translation.override("en"):
        letter = invitations.invitation(election, org, "https://planwerk.example/")
        assert "z. Hd. Herr Nguyen" in letter.address
    assert letter.salutation == "Guten Tag Herr Nguyen,"
    assert "z. Hd. Herr Nguyen" in letter.address


def test_one_seat_reads_singular_and_the_body_is_named_in_quotes(election):
    election.seats = 1
    org = MigrantOrganisation.objects.get(name="Verein 02")

    letter = invitations.invitation(election, org, "https://planwerk.example/")

    assert "wählen die Organisationen 1 Vertreter*in in das Gremium „Lenkungsgruppe“" in (
        letter.intro
    )
    assert "in eine Stichwahl um den Sitz." in " ".join(letter.paragraphs)
    election.seats = 2
    letter = invitations.invitation(election, org, "https://planwerk.example/")
    assert "2 Vertreter*innen in das Gremium „Lenkungsgruppe“" in letter.intro
    assert "um die 2 Sitze." in " ".join(letter.paragraphs)


def test_an_organisation_that_reads_english_is_invited_in_english(
    election, send, client, coordinator
):
    org = MigrantOrganisation.objects.get(name="Verein 02")
    org.language = "en"
    services.update_organisation(coordinator, org)

    send(election)  # the coordinator's page is German

    [english] = [m for m in mail.outbox if m.to == [org.contact_email]]
    assert english.subject == "Invitation to the election meeting: Wahl der MSO-Vertreter*innen"
    assert english.body.startswith("Hello,\n")
    assert "Wednesday, Nov. 20, 2019" in english.body
    # A time such as "11:59 p.m." ends no sentence with a second full stop.
    assert ".." not in english.body
    assert "By " in english.body and "please send" in english.body
    german = [m for m in mail.outbox if m.to != [org.contact_email]]
    assert german and all(m.subject.startswith("Einladung zur Wahlveranstaltung") for m in german)

    client.force_login(coordinator)
    page = client.get(f"/wahl/dokumente/{election.pk}/briefe/").content.decode()
    assert page.count('lang="en" dir="ltr"') == 1 and page.count('lang="de" dir="ltr"') == 4
    assert "Invitation to the election meeting" in page
    assert "Einladung zur Wahlveranstaltung" in page


def test_the_coordinator_chooses_the_language_an_organisation_reads(client, election, coordinator):
    org = MigrantOrganisation.objects.get(name="Verein 02")
    client.force_login(coordinator)
    form = client.get(f"/wahl/register/{org.pk}/").content.decode()
    assert 'name="language"' in form and "Englisch" in form

    client.post(
        f"/wahl/register/{org.pk}/",
        {"name": org.name, "contact_email": org.contact_email, "language": "tr", "active": "on"},
    )

    org.refresh_from_db()
    assert org.language == "tr"


def test_invitations_are_not_sent_once_the_meeting_has_started(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    with pytest.raises(services.ValidationError):
        invitations.request_invitations(coordinator, m.election)
    result = tasks.send_invitations.enqueue(m.election.pk)
    assert result.return_value == {"sent": [], "letter_only": [], "failed": []}
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="elections.invitations.sent").exists()


def test_the_coordinator_sends_by_post_and_is_redirected_with_a_message(
    client, election, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = f"/wahl/dokumente/{election.pk}/einladungen/senden/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.redirect_chain == [(f"/wahl/dokumente/{election.pk}/einladungen/", 302)]
    assert len(mail.outbox) == 3
    assert f"http://testserver/wahl/{election.pk}/kandidaturen/" in mail.outbox[0].body
    page = " ".join(response.content.decode().split())
    assert "3 Einladungs-E-Mails werden verschickt." in page
    assert "Kulturverein ohne Mail" in page
    assert AuditEntry.objects.get(action="elections.invitations.sent").actor == "koordination"


def test_sending_needs_a_post_with_a_csrf_token(election, coordinator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    url = f"/wahl/dokumente/{election.pk}/einladungen/senden/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert mail.outbox == []


def test_only_the_coordination_sends_or_sees_the_letters(client, election, make_user):
    base = f"/wahl/dokumente/{election.pk}/einladungen"
    for url in (f"{base}/", f"{base}.pdf", f"/wahl/dokumente/{election.pk}/briefe/"):
        assert client.get(url)["Location"].startswith("/anmelden/")
    # After logging in from the button, the coordinator lands on the invitations page.
    assert client.post(f"{base}/senden/")["Location"] == (
        f"/anmelden/?next=/wahl/dokumente/{election.pk}/einladungen/"
    )
    client.force_login(make_user("jemand"))
    assert client.get(f"{base}/").status_code == 403
    assert client.post(f"{base}/senden/").status_code == 403
    assert mail.outbox == []


def test_the_letters_page_has_one_letter_per_invited_organisation(client, election, coordinator):
    client.force_login(coordinator)
    page = client.get(f"/wahl/dokumente/{election.pk}/briefe/").content.decode()
    assert page.count('class="doc-letter"') == 4
    assert "Lange Laube 1" in page and "30159 Hannover" in page
    assert "Unbestätigt" not in page and "Ausgetreten" not in page
    only = client.get(f"/wahl/dokumente/{election.pk}/briefe/?letter_only=1")
    assert only.content.decode().count('class="doc-letter"') == 1


def test_the_letters_pdf_has_one_page_per_letter(client, election, coordinator, tmp_path):
    import shutil
    import subprocess

    client.force_login(coordinator)
    response = client.get(f"/wahl/dokumente/{election.pk}/einladungen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (Debian's poppler-utils) is not installed; cannot count pages")
    path = tmp_path / "letters.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Pages:           4" in info.stdout
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kulturverein ohne Mail" in text and "Lange Laube 1" in text
    assert "Eine Kandidatur und eine Stimme je Organisation" in " ".join(text.split())


def test_an_undeliverable_address_is_reported_and_the_others_are_sent(
    election, coordinator, monkeypatch
):
    import smtplib

    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def send(self: EmailMessage, fail_silently: bool = False) -> int:
        if self.to == ["v2@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"v2@example.org": (550, b"unknown")})
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    queue(election, coordinator)
    result = tasks.send_invitations.enqueue(election.pk)
    assert result.return_value["failed"] == ["Verein 02"]
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.get(action="elections.invitations.sent").payload["failed"] == [
        "Verein 02"
    ]


def test_nobody_to_invite_is_refused(hannover, coordinator):
    election = new_election(
        hannover, coordinator, nomination_deadline=timezone.now() + dt.timedelta(days=3)
    )
    with (
        translation.override("en"),
        pytest.raises(services.ValidationError, match="no active, confirmed organisation"),
    ):
        invitations.check_can_send(election)


# -- what was sent, what is waiting, what failed ------------------------------------------
def refuse_v2(monkeypatch: Any) -> None:
    import smtplib

    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def send(self: EmailMessage, fail_silently: bool = False) -> int:
        if self.to == ["v2@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"v2@example.org": (550, b"mailbox unknown")})
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)


def test_each_organisations_email_is_stored_as_sent_or_failed_with_the_servers_answer(
    election, send, monkeypatch
):
    refuse_v2(monkeypatch)
    send(election)
    status = {
        d.organisation.name: (d.status, d.error)
        for d in InvitationDelivery.objects.select_related("organisation")
    }
    assert status == {
        "Verein 01": ("sent", ""),
        "Verein 02": ("failed", "v2@example.org: 550 mailbox unknown"),
        "Verein 03": ("sent", ""),
    }


def test_the_invitations_page_says_what_was_sent_what_waits_and_what_failed(
    client, election, coordinator, send, monkeypatch
):
    refuse_v2(monkeypatch)
    send(election)
    late = services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator,
            MigrantOrganisation(process=election.process, name="Spät", contact_email="s@x.org"),
        ),
    )
    queue_for = invitations.request_invitations(coordinator, election)  # the task has not run
    assert queue_for == 1
    client.force_login(coordinator)
    page = " ".join(
        client.get(f"/wahl/dokumente/{election.pk}/einladungen/").content.decode().split()
    )
    assert "2 gesendet, 1 wartend, 1 fehlgeschlagen, 0 noch nicht gesendet" in page
    assert "550 mailbox unknown" in page
    assert "wartet seit" in page and late.name in page
    assert "nur Brief" in page and "Kulturverein ohne Mail" in page
    assert "Fehlgeschlagene und wartende E-Mails erneut senden" in page


def test_retrying_sends_only_the_failed_and_waiting_emails(election, send, monkeypatch):
    refuse_v2(monkeypatch)
    send(election)
    monkeypatch.undo()
    mail.outbox.clear()
    assert send(election, invitations.Scope.RETRY) == 1
    assert [m.to for m in mail.outbox] == [["v2@example.org"]]
    assert set(InvitationDelivery.objects.values_list("status", flat=True)) == {"sent"}
    with pytest.raises(services.ValidationError):
        send(election, invitations.Scope.RETRY)


def test_a_second_send_reaches_only_organisations_not_invited_yet(election, send, coordinator):
    send(election)
    mail.outbox.clear()
    with pytest.raises(services.ValidationError):
        send(election)
    added = services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator,
            MigrantOrganisation(process=election.process, name="Neu", contact_email="n@x.org"),
        ),
    )
    assert send(election) == 1
    assert [m.to for m in mail.outbox] == [[added.contact_email]]


def test_sending_every_email_again_asks_first(client, election, coordinator, send):
    send(election)
    mail.outbox.clear()
    client.force_login(coordinator)
    url = f"/wahl/dokumente/{election.pk}/einladungen/senden/"
    page = client.post(url, {"scope": "all"}).content.decode()
    assert "3 Organisationen erhalten die Einladungs-E-Mail erneut" in page
    assert mail.outbox == []


def test_the_letter_and_the_email_name_the_reply_address(election, send, client, coordinator):
    send(election)
    body = " ".join(mail.outbox[0].body.split())
    assert "Kandidaturen und Fragen an: integration@example.org" in body
    assert "an integration@example.org" in body
    assert mail.outbox[0].reply_to == ["integration@example.org"]
    client.force_login(coordinator)
    letters = client.get(f"/wahl/dokumente/{election.pk}/briefe/").content.decode()
    assert "Antwort an" in letters and "integration@example.org" in letters
    assert "planwerk@localhost" not in letters


def test_without_a_reply_address_nothing_is_sent(election, coordinator):
    Election.objects.filter(pk=election.pk).update(reply_to="")
    election.refresh_from_db()
    with translation.override("en"), pytest.raises(services.ValidationError, match="reply address"):
        invitations.request_invitations(coordinator, election)
    assert not InvitationDelivery.objects.exists()


def test_a_sender_at_localhost_never_reaches_an_organisation(election, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "planwerk@localhost"
    with translation.override("en"), pytest.raises(services.ValidationError, match="PLANWERK_FROM"):
        invitations.request_invitations(coordinator, election)
    settings.DEFAULT_FROM_EMAIL = "Stadt Hannover <integration@hannover-stadt.de>"
    invitations.check_can_send(election)
    assert invitations.sender_address(election) == settings.DEFAULT_FROM_EMAIL


def test_a_mail_server_that_cannot_be_reached_fails_every_email_with_its_reason(
    election, send, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self: Any) -> None:
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(EmailBackend, "open", refuse, raising=False)
    send(election)
    assert set(InvitationDelivery.objects.values_list("status", "error")) == {
        ("failed", "Connection refused")
    }
    assert mail.outbox == []


def test_emails_still_waiting_when_the_meeting_starts_fail_with_the_reason(election, coordinator):
    queue(election, coordinator)
    Election.objects.filter(pk=election.pk).update(
        nomination_deadline=timezone.now() + dt.timedelta(days=1)
    )
    services.open_nominations(coordinator, election)
    org = invitations.invitees(election)[0]
    services.nominate(
        coordinator,
        election,
        org,
        given_name="A",
        family_name="B",
        self_description="x",
        consent_to_publication=True,
    )
    services.start_meeting(coordinator, election)
    with translation.override("en"):  # the worker's thread, left in another language
        result = tasks.send_invitations.enqueue(election.pk)
    assert result.return_value["failed"] == ["Verein 01", "Verein 02", "Verein 03"]
    assert mail.outbox == []
    errors = set(InvitationDelivery.objects.values_list("status", "error"))
    assert len(errors) == 1 and next(iter(errors))[0] == "failed"
    assert "die Veranstaltung hat bereits begonnen" in next(iter(errors))[1]


def test_a_language_without_planwerks_texts_gets_the_whole_letter_in_german(election, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("uk", "Українська")]
    org = MigrantOrganisation.objects.get(name="Verein 02")
    org.language = "uk"  # a configured language, but planwerk has no Ukrainian texts

    letter = invitations.invitation(election, org, "https://planwerk.example/")

    assert letter.language == "de"
    assert letter.subject.startswith("Einladung zur Wahlveranstaltung")
    assert "Mittwoch, 20. November 2019" in dict(letter.details)["Datum"]
