"""planwerk's rows as OParl 1.1 objects (https://schema.oparl.org/1.1/).

One function per kind of object. `embedded=True` gives the object as it stands inside
another: without the reference back to that object (OParl 1.1, 3.0). An object OParl
reports as deleted keeps only its id, type, created and modified (2.8). Properties
without a value are left out, and so are empty lists (2.4). Texts are German, the
language of the process; names that OParl recommends (meeting states, the kind of an
organisation) are OParl's own words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.bodies.models import Body, Membership
from planwerk.consultations.models import Consultation
from planwerk.council.models import Passage
from planwerk.meetings.models import Meeting
from planwerk.oparl.domain.paging import format_date_time
from planwerk.papers import exports

SCHEMA = "https://schema.oparl.org/1.1/"
PDF = "application/pdf"

# OParl 1.1, Meeting.meetingState: "terminiert", "eingeladen" (until the minutes are
# approved) and "durchgeführt" (once they are).
MEETING_STATES: dict[str, str] = {
    Meeting.Status.PLANNED: "terminiert",
    Meeting.Status.INVITED: "eingeladen",
    Meeting.Status.HELD: "eingeladen",
    Meeting.Status.MINUTES_APPROVED: "durchgeführt",
}


@dataclass(frozen=True)
class Out:
    """Where the objects are: `root` is the address of the System ("https://host/oparl/v1/"),
    `site` that of planwerk's pages ("https://host")."""

    root: str
    site: str
    omit_internal: bool = False

    def id(self, kind: str, uuid: Any) -> str:
        return f"{self.root}{kind}/{uuid}/"

    def list(self, kind: str, uuid: Any, name: str) -> str:
        return f"{self.root}{kind}/{uuid}/{name}/"

    def web(self, name: str, *args: Any) -> str:
        return self.site + reverse(name, args=args)


def when(value: dt.datetime) -> str:
    return format_date_time(timezone.localtime(value))


def day(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _object(out: Out, kind: str, type_: str, row: Any) -> dict[str, Any]:
    return {
        "id": out.id(kind, row.uuid),
        "type": SCHEMA + type_,
    }


def _times(found: dict[str, Any], row: Any) -> dict[str, Any]:
    found["created"] = when(row.created)
    found["modified"] = when(row.oparl_modified)
    return found


def _compact(found: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in found.items() if v is not None and v != [] and v != ""}


def deleted(out: Out, kind: str, type_: str, row: Any) -> dict[str, Any]:
    """OParl 1.1, 2.8: id, type and created stay; modified is the time of deletion."""
    found = _times(_object(out, kind, type_, row), row)
    found["deleted"] = True
    return found


# -- System, Body, LegislativeTerm -------------------------------------------------------
def system(out: Out, created: dt.datetime, modified: dt.datetime) -> dict[str, Any]:
    return _compact(
        {
            "id": out.root,
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "license": settings.OPARL_LICENSE,
            "body": f"{out.root}body/",
            "name": "planwerk",
            "contactEmail": settings.OPARL_CONTACT_EMAIL,
            "contactName": settings.OPARL_CONTACT_NAME,
            "website": out.web("core:home"),
            "created": when(created),
            "modified": when(modified),
            "web": out.web("core:home"),
        }
    )


BODY_LISTS = {
    "organization": "organization",
    "person": "person",
    "meeting": "meeting",
    "paper": "paper",
    "agendaItem": "agenda-item",
    "consultation": "consultation",
    "file": "file",
    "locationList": "location",
    "legislativeTermList": "legislative-term",
    "membership": "membership",
}


def body(out: Out, process: Any, embedded: bool = False) -> dict[str, Any]:
    found = _object(out, "body", "Body", process)
    found |= {
        "system": out.root,
        "name": process.name.get("de"),
        "license": settings.OPARL_LICENSE,
        "website": out.web("core:home"),
    }
    found |= {key: out.list("body", process.uuid, path) for key, path in BODY_LISTS.items()}
    # Required by the schema, so kept with omit_internal too.
    found["legislativeTerm"] = [
        legislative_term(out, stage, embedded=True) for stage in process.oparl_stages
    ]
    found["web"] = out.web("core:home")
    return _compact(_times(found, process))


def legislative_term(out: Out, stage: Any, embedded: bool = False) -> dict[str, Any]:
    found = _object(out, "legislative-term", "LegislativeTerm", stage)
    if not embedded:
        found["body"] = out.id("body", stage.process.uuid)
    found |= {
        "name": stage.name.get("de"),
        "startDate": day(stage.starts),
        "endDate": day(stage.ends),
        "web": out.web("stages:board", stage.slug),
    }
    found["created"] = when(stage.created)
    found["modified"] = when(getattr(stage, "oparl_modified", stage.modified))
    return _compact(found)


# -- Organization, Person, Membership -----------------------------------------------------
def organization(out: Out, body_: Body, embedded: bool = False) -> dict[str, Any]:
    if body_.deleted:
        return deleted(out, "organization", "Organization", body_)
    found = _object(out, "organization", "Organization", body_)
    found |= {
        "body": out.id("body", body_.process.uuid),
        "name": body_.name.get("de"),
        "membership": [out.id("membership", uuid) for uuid in body_.oparl_memberships],  # type: ignore[attr-defined]
        "meeting": out.list("organization", body_.uuid, "meeting"),
        "consultation": out.list("organization", body_.uuid, "consultation"),
        "post": [seat.name.get("de") for seat in body_.oparl_posts],  # type: ignore[attr-defined]
        "subOrganizationOf": out.id("organization", body_.parent.uuid) if body_.parent else None,
        # OParl's kinds of organisation: every body of the process is a "Gremium".
        "organizationType": "Gremium",
        # OParl: the highest democratic body of a city is called "Parlament".
        "classification": "Parlament"
        if body_.kind == Body.Kind.COUNCIL
        else str(body_.get_kind_display()),
        "web": out.web("bodies:detail", body_.slug),
    }
    return _compact(_times(found, body_))


def _shown(membership: Membership) -> bool:
    person = membership.person
    return (
        membership.deleted is None and person.deleted is None and bool(person.publication_consent)
    )


def person(out: Out, person_: Any, embedded: bool = False) -> dict[str, Any]:
    if person_.deleted or not person_.publication_consent:
        return deleted(out, "person", "Person", person_)
    held = person_.oparl_memberships
    found = _object(out, "person", "Person", person_)
    found |= {
        "body": out.id("body", held[0].body.process.uuid) if held else None,
        "name": f"{person_.given_name} {person_.family_name}",
        "familyName": person_.family_name,
        "givenName": person_.given_name,
    }
    if not out.omit_internal:
        found["membership"] = [membership(out, m, embedded=True) for m in held if _shown(m)]
    return _compact(_times(found, person_))


def _role(membership_: Membership) -> str:
    role = membership_.seat.name.get("de")
    if membership_.position is not None:
        role = f"{role}: {membership_.position.unit.name.get('de')}"
    if membership_.role == Membership.Role.DEPUTY:
        role = f"{role} ({membership_.get_role_display()})"
    return role


def membership(out: Out, membership_: Membership, embedded: bool = False) -> dict[str, Any]:
    if not _shown(membership_):
        return deleted(out, "membership", "Membership", membership_)
    seat = membership_.seat
    found = _object(out, "membership", "Membership", membership_)
    if not embedded:
        found["person"] = out.id("person", membership_.person.uuid)
    found |= {
        "organization": out.id("organization", membership_.body.uuid),
        "role": _role(membership_),
        # A deputy votes only when standing in for the member.
        "votingRight": bool(seat.votes) and membership_.role == Membership.Role.MEMBER,
        "startDate": day(membership_.start),
        "endDate": day(membership_.end) if membership_.end else None,
        "onBehalfOf": out.id("organization", seat.delegated_by.uuid) if seat.delegated_by else None,
        "web": out.web("bodies:detail", membership_.body.slug),
    }
    return _compact(_times(found, membership_))


# -- Meeting, AgendaItem, Location -------------------------------------------------------------
def meeting(out: Out, meeting_: Meeting, embedded: bool = False) -> dict[str, Any]:
    cancelled = meeting_.status == Meeting.Status.CANCELLED
    state = MEETING_STATES.get(meeting_.status)
    if cancelled:
        state = "eingeladen" if meeting_.invitations_sent_at else "terminiert"
    found = _object(out, "meeting", "Meeting", meeting_)
    found |= {
        "name": meeting_.title,
        "meetingState": state,
        "cancelled": True if cancelled else None,
        "start": when(meeting_.starts_at),
        "end": when(meeting_.ends_at) if meeting_.ends_at else None,
        "location": location(out, meeting_, embedded=True) if meeting_.place else None,
        "organization": [out.id("organization", meeting_.body.uuid)],
        "web": out.web("meetings:detail", meeting_.uuid),
    }
    if not out.omit_internal:
        found["agendaItem"] = [
            agenda_item(out, item, embedded=True, order=order)
            for order, item in enumerate(meeting_.oparl_agenda)  # type: ignore[attr-defined]
        ]
    return _compact(_times(found, meeting_))


def agenda_item(
    out: Out, item: Any, embedded: bool = False, order: int | None = None
) -> dict[str, Any]:
    found = _object(out, "agenda-item", "AgendaItem", item)
    if not embedded:
        found["meeting"] = out.id("meeting", item.meeting.uuid)
    found |= {
        "number": str(item.position),
        "order": item.oparl_order if order is None else order,
        "name": item.title,
        "web": out.web("meetings:detail", item.meeting.uuid),
    }
    found["created"] = when(item.created)
    found["modified"] = when(item.modified)
    return _compact(found)


def location(out: Out, meeting_: Meeting, embedded: bool = False) -> dict[str, Any]:
    """A meeting's place: the Location has the meeting's identifier."""
    if not meeting_.place:
        found = _object(out, "location", "Location", meeting_)
        found |= {"created": when(meeting_.created), "modified": when(meeting_.modified)}
        found["deleted"] = True
        return found
    found = _object(out, "location", "Location", meeting_)
    found["description"] = meeting_.place
    if not embedded:
        found["meetings"] = [out.id("meeting", meeting_.uuid)]
    found["created"] = when(meeting_.created)
    found["modified"] = when(meeting_.modified)
    return found


# -- Paper, Consultation, File -------------------------------------------------------------
def _version_name(version: Any) -> str:
    draft = version.draft
    return f"{draft.body.name.get('de')} – {draft.stage.name.get('de')}, {version}"


def version_paper(out: Out, version: Any, embedded: bool = False) -> dict[str, Any]:
    """A submitted version of a draft."""
    draft = version.draft
    found = _object(out, "paper", "Paper", version)
    found |= {
        "body": out.id("body", draft.body.process.uuid),
        "name": _version_name(version),
        "date": day(version.submitted_at),
        "paperType": _("Draft version"),
        "originatorOrganization": [out.id("organization", draft.body.uuid)],
        "superordinatedPaper": [out.id("paper", uuid) for uuid in version.oparl_council_papers],
        "mainFile": version_file(out, version, embedded=True),
        "consultation": [consultation(out, c, embedded=True) for c in version.oparl_consultations],
        "keyword": [str(version.get_status_display())],
        "web": out.web("papers:version", draft.body.slug, draft.stage.slug, version.number),
    }
    if not out.omit_internal:
        found["auxiliaryFile"] = [
            attachment_file(out, a, embedded=True) for a in version.oparl_attachments
        ]
    return _compact(_times(found, version))


def council_paper(out: Out, paper: Any, embedded: bool = False) -> dict[str, Any]:
    """A council paper (Drucksache)."""
    found = _object(out, "paper", "Paper", paper)
    found |= {
        "body": out.id("body", paper.process.uuid),
        "name": paper.title,
        "reference": paper.number,
        "date": day(paper.created),
        "paperType": _("Council paper"),
        "subordinatedPaper": [out.id("paper", uuid) for uuid in paper.oparl_versions],
        "mainFile": council_paper_file(out, paper, embedded=True),
        "consultation": [passage(out, p, embedded=True) for p in paper.oparl_passages],
        "web": out.web("council:detail", paper.stage.slug, paper.uuid),
    }
    return _compact(_times(found, paper))


def consultation(out: Out, consultation_: Consultation, embedded: bool = False) -> dict[str, Any]:
    """A body consulted on a version; the steering group's review decides on it, at the
    meeting of its decision."""
    found = _object(out, "consultation", "Consultation", consultation_)
    version = consultation_.version
    if not embedded:
        found["paper"] = out.id("paper", version.uuid)
    decision = getattr(version, "decision", None)
    if decision is not None and decision.body_id == consultation_.body_id:
        found["meeting"] = out.id("meeting", decision.meeting.uuid)
    found |= {
        "organization": [out.id("organization", consultation_.body.uuid)],
        "authoritative": consultation_.kind == Consultation.Kind.REVIEW,
        "role": str(consultation_.get_kind_display()),
        "web": out.web("consultations:detail", consultation_.uuid),
    }
    return _compact(_times(found, consultation_))


def passage(out: Out, passage_: Passage, embedded: bool = False) -> dict[str, Any]:
    """The lead committee or the council dealing with a council paper."""
    found = _object(out, "consultation", "Consultation", passage_)
    if not embedded:
        found["paper"] = out.id("paper", passage_.paper.uuid)
    outcome = passage_.outcome
    if outcome == Passage.Outcome.NOTED:
        role = _("Taking note")
    elif outcome == Passage.Outcome.RECOMMENDED:
        role = _("Preliminary consultation")
    else:
        role = _("Decision")
    found |= {
        "meeting": out.id("meeting", passage_.meeting.uuid) if passage_.meeting else None,
        "organization": [out.id("organization", passage_.body.uuid)],
        "authoritative": outcome == Passage.Outcome.DECIDED,
        "role": role,
        "keyword": [str(passage_.get_outcome_display())],
        "web": out.web("council:detail", passage_.paper.stage.slug, passage_.paper.uuid),
    }
    return _compact(_times(found, passage_))


def _file(
    out: Out, row: Any, name: str, file_name: str, date: Any, paper_uuid: Any, embedded: bool
) -> dict[str, Any]:
    found = _object(out, "file", "File", row)
    found |= {
        "name": name,
        "fileName": file_name,
        "mimeType": PDF,
        "date": day(date),
        "accessUrl": out.list("file", row.uuid, "access"),
        "downloadUrl": out.list("file", row.uuid, "download"),
    }
    if not embedded:
        found["paper"] = [out.id("paper", paper_uuid)]
    found["created"] = when(row.created)
    found["modified"] = when(row.modified)
    return found


def attachment_file(out: Out, attachment: Any, embedded: bool = False) -> dict[str, Any]:
    """A PDF attached to a statement on a version: a file of the version's paper."""
    found = _file(
        out,
        attachment,
        PurePosixPath(attachment.name).stem or attachment.name,
        attachment.name,
        attachment.created,
        attachment.version_uuid,
        embedded,
    )
    if attachment.size:
        found["size"] = attachment.size
    return found


def version_file(out: Out, version: Any, embedded: bool = False) -> dict[str, Any]:
    """The PDF of a version, made when it is fetched."""
    return _file(
        out,
        version,
        _version_name(version),
        exports.version_filename(version, "pdf"),
        version.submitted_at,
        version.uuid,
        embedded,
    )


def council_paper_filename(paper: Any) -> str:
    number = paper.number.replace("/", "-")
    return exports.paper_filename(f"{paper.stage.slug}-{number}", "pdf", prefix="drucksache")


def council_paper_file(out: Out, paper: Any, embedded: bool = False) -> dict[str, Any]:
    """The PDF of a council paper, made when it is fetched."""
    return _file(
        out,
        paper,
        f"{paper.number}: {paper.title}",
        council_paper_filename(paper),
        paper.created,
        paper.uuid,
        embedded,
    )
