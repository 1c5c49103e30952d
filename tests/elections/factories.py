"""Building an election for tests: register, candidates, a meeting with cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from planwerk.bodies.models import Body, SeatCategory
from planwerk.elections import services
from planwerk.elections.models import Election, MigrantOrganisation


@dataclass
class Meeting:
    election: Election
    organisations: list[MigrantOrganisation]
    codes: dict[int, str] = field(default_factory=dict)  # organisation pk -> code
    candidates: list[Any] = field(default_factory=list)


def register(process: Any, user: Any, count: int) -> list[MigrantOrganisation]:
    orgs = []
    for i in range(count):
        org = services.register_organisation(
            user,
            MigrantOrganisation(
                process=process, name=f"Verein {i + 1:02d}", contact_email=f"v{i + 1}@example.org"
            ),
        )
        orgs.append(services.confirm_eligibility(user, org))
    return orgs


def new_election(process: Any, user: Any, **overrides: Any) -> Election:
    body = Body.objects.get(process=process, slug="lenkungsgruppe")
    values = {
        "process": process,
        "body": body,
        "seat": SeatCategory.objects.get(body=body, slug="mso"),
        "title": "Wahl der MSO-Vertreter*innen",
        "meeting_at": timezone.now() + dt.timedelta(days=14),
        "place": "Neues Rathaus, Hodlersaal",
        "nomination_deadline": timezone.now() + dt.timedelta(days=7),
        "reply_to": "integration@example.org",
    }
    values.update(overrides)
    return services.create_election(user, Election(**values))


def meeting(
    process: Any, user: Any, *, organisations: int = 10, candidates: int = 6, **overrides: Any
) -> Meeting:
    """An election whose meeting has started, every organisation checked in."""
    return meeting_of(
        process, user, register(process, user, organisations), candidates, **overrides
    )


def meeting_of(
    process: Any, user: Any, orgs: list[MigrantOrganisation], candidates: int, **overrides: Any
) -> Meeting:
    """The same for organisations already in the register."""
    election = new_election(process, user, **overrides)
    services.open_nominations(user, election)
    result = Meeting(election, orgs)
    for i, org in enumerate(orgs[:candidates]):
        result.candidates.append(
            services.nominate(
                user,
                election,
                org,
                given_name=f"Kandidatin{i + 1}",
                family_name="Muster",
                self_description="Engagiert in der Integrationsarbeit.",
                consent_to_publication=True,
            )
        )
    services.start_meeting(user, election)
    for org in orgs:
        result.codes[org.pk] = services.check_in(user, election, org).code
    election.refresh_from_db()
    return result


def vote(m: Meeting, choices: list[str | None]) -> None:
    """Cast the given choices with the first len(choices) cards."""
    for org, choice in zip(m.organisations, choices, strict=False):
        services.cast_ballot(m.election, m.codes[org.pk], choice)
