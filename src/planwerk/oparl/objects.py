"""planwerk's rows as OParl 1.1 objects (https://schema.oparl.org/1.1/).

One function per kind of object, each taking a row of `planwerk.oparl.queries`.
`embedded=True` gives the object as it stands inside another: without the reference
back to that object (OParl 1.1, 3.0). An object OParl reports as deleted keeps only
its id, type, created and modified (2.8). Properties without a value are left out,
and so are empty lists (2.4). Texts are German, the language of the process; names
that OParl recommends (meeting states, the kind of an organisation) are OParl's own
words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from planwerk.bodies.models import Body, Membership
from planwerk.consultations.models import Consultation
from planwerk.council.models import Passage
from planwerk.meetings.models import Meeting
from planwerk.oparl.columns import day_text, moment_text
from planwerk.papers import exports
from planwerk.papers.models import Version

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
        template = _address(name, tuple(type(arg) for arg in args))
        return self.site + template.format(*args)


def _sample(index: int, kind: type) -> Any:
    if issubclass(kind, int):
        return 987_650 + index
    # Looks like an identifier, and passes for a slug too.
    return UUID(int=index + 1)


@cache
def _address(name: str, kinds: tuple[type, ...]) -> str:
    """The address of a page with `{0}`, `{1}` … for its parameters: a list page links
    a thousand pages, and reversing each costs more than making the whole object."""
    samples = [_sample(index, kind) for index, kind in enumerate(kinds)]
    address = reverse(name, args=samples)
    for index, sample in enumerate(samples):
        address = address.replace(str(sample), f"{{{index}}}")
    return address


when = moment_text
day = day_text


Row = dict[str, Any]
Obj = dict[str, Any]


def _object(out: Out, kind: str, type_: str, row: Row) -> Obj:
    return {"id": out.id(kind, row["ref"]), "type": SCHEMA + type_}


def _times(found: Obj, row: Row) -> Obj:
    found["created"] = row["created_at"]
    found["modified"] = row["oparl_modified"]
    return found


def _compact(found: Obj) -> Obj:
    return {k: v for k, v in found.items() if v is not None and v != [] and v != ""}


def deleted(out: Out, kind: str, type_: str, row: Row) -> Obj:
    """OParl 1.1, 2.8: id, type and created stay; modified is the time of deletion."""
    found = _times(_object(out, kind, type_, row), row)
    found["deleted"] = True
    return found


@cache
def _label(choice: Any, language: str | None) -> str:
    return str(choice.label)


def label(choice: Any) -> str:
    """The name of a choice (a kind, a status) in the active language."""
    return _label(choice, get_language())


# -- System, Body, LegislativeTerm -------------------------------------------------------
def system(out: Out, created: dt.datetime, modified: dt.datetime) -> Obj:
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


def body(out: Out, process: Row, embedded: bool = False) -> Obj:
    found = _object(out, "body", "Body", process)
    found |= {
        "system": out.root,
        "name": process["name_de"],
        "license": settings.OPARL_LICENSE,
        "website": out.web("core:home"),
    }
    found |= {key: out.list("body", process["ref"], path) for key, path in BODY_LISTS.items()}
    # Required by the schema, so kept with omit_internal too.
    found["legislativeTerm"] = [
        legislative_term(out, stage, embedded=True) for stage in process["stages"]
    ]
    found["web"] = out.web("core:home")
    return _compact(_times(found, process))


def legislative_term(out: Out, stage: Row, embedded: bool = False) -> Obj:
    found = _object(out, "legislative-term", "LegislativeTerm", stage)
    if not embedded:
        found["body"] = out.id("body", stage["process_uuid"])
    found |= {
        "name": stage["name_de"],
        "startDate": day(stage["starts"]),
        "endDate": day(stage["ends"]),
        "web": out.web("stages:board", stage["slug"]),
    }
    return _compact(_times(found, stage))


# -- Organization, Person, Membership -----------------------------------------------------
def organization(out: Out, row: Row, embedded: bool = False) -> Obj:
    if row["gone"]:
        return deleted(out, "organization", "Organization", row)
    found = _object(out, "organization", "Organization", row)
    found |= {
        "body": out.id("body", row["process_uuid"]),
        "name": row["name_de"],
        "membership": [out.id("membership", uuid) for uuid in row["memberships"]],
        "meeting": out.list("organization", row["ref"], "meeting"),
        "consultation": out.list("organization", row["ref"], "consultation"),
        "post": row["posts"],
        "subOrganizationOf": out.id("organization", row["parent_uuid"])
        if row["parent_uuid"]
        else None,
        # OParl's kinds of organisation: every body of the process is a "Gremium".
        "organizationType": "Gremium",
        # OParl: the highest democratic body of a city is called "Parlament".
        "classification": "Parlament"
        if row["kind"] == Body.Kind.COUNCIL
        else label(Body.Kind(row["kind"])),
        "web": out.web("bodies:detail", row["slug"]),
    }
    return _compact(_times(found, row))


def _shown(membership_: Row) -> bool:
    return (
        not membership_["gone"]
        and not membership_["person_gone"]
        and bool(membership_["person_consent"])
    )


def person(out: Out, row: Row, embedded: bool = False) -> Obj:
    if row["gone"] or not row["publication_consent"]:
        return deleted(out, "person", "Person", row)
    held = row["memberships"]
    found = _object(out, "person", "Person", row)
    found |= {
        "body": out.id("body", held[0]["process_uuid"]) if held else None,
        "name": f"{row['given_name']} {row['family_name']}",
        "familyName": row["family_name"],
        "givenName": row["given_name"],
    }
    if not out.omit_internal:
        found["membership"] = [membership(out, m, embedded=True) for m in held if _shown(m)]
    return _compact(_times(found, row))


def _role(row: Row) -> str:
    role = row["seat_name"] or ""
    if row["position_name"]:
        role = f"{role}: {row['position_name']}"
    if row["role"] == Membership.Role.DEPUTY:
        role = f"{role} ({label(Membership.Role.DEPUTY)})"
    return role


def membership(out: Out, row: Row, embedded: bool = False) -> Obj:
    if not _shown(row):
        return deleted(out, "membership", "Membership", row)
    found = _object(out, "membership", "Membership", row)
    if not embedded:
        found["person"] = out.id("person", row["person_uuid"])
    found |= {
        "organization": out.id("organization", row["body_uuid"]),
        "role": _role(row),
        # A deputy votes only when standing in for the member.
        "votingRight": bool(row["seat_votes"]) and row["role"] == Membership.Role.MEMBER,
        "startDate": day(row["start"]),
        "endDate": day(row["end"]) if row["end"] else None,
        "onBehalfOf": out.id("organization", row["on_behalf_uuid"])
        if row["on_behalf_uuid"]
        else None,
        "web": out.web("bodies:detail", row["body_slug"]),
    }
    return _compact(_times(found, row))


# -- Meeting, AgendaItem, Location -------------------------------------------------------------
def meeting(out: Out, row: Row, embedded: bool = False) -> Obj:
    cancelled = row["status"] == Meeting.Status.CANCELLED
    state = MEETING_STATES.get(row["status"])
    if cancelled:
        state = "eingeladen" if row["invited"] else "terminiert"
    found = _object(out, "meeting", "Meeting", row)
    found |= {
        "name": row["title"],
        "meetingState": state,
        "cancelled": True if cancelled else None,
        "start": row["start_at"],
        "end": row["end_at"],
        "location": location(out, row, embedded=True) if row["place"] else None,
        "organization": [out.id("organization", row["body_uuid"])],
        "web": out.web("meetings:detail", row["ref"]),
    }
    if not out.omit_internal:
        found["agendaItem"] = [
            agenda_item(out, item, embedded=True, order=order)
            for order, item in enumerate(row["agenda"])
        ]
    return _compact(_times(found, row))


def agenda_item(out: Out, row: Row, embedded: bool = False, order: int | None = None) -> Obj:
    found = _object(out, "agenda-item", "AgendaItem", row)
    if not embedded:
        found["meeting"] = out.id("meeting", row["meeting_uuid"])
    found |= {
        "number": str(row["position"]),
        "order": row["oparl_order"] if order is None else order,
        "name": row["title"],
        "web": out.web("meetings:detail", row["meeting_uuid"]),
    }
    return _compact(_times(found, row))


def location(out: Out, row: Row, embedded: bool = False) -> Obj:
    """A meeting's place: the Location has the meeting's identifier, and its times."""
    times = {"created_at": row["created_at"], "oparl_modified": row["modified_at"]}
    if not row["place"]:
        return deleted(out, "location", "Location", row | times)
    found = _object(out, "location", "Location", row)
    found["description"] = row["place"]
    if not embedded:
        found["meetings"] = [out.id("meeting", row["ref"])]
    return _times(found, times)


# -- Paper, Consultation, File -------------------------------------------------------------
def _version_name(row: Row) -> str:
    number = _("Version %(number)s") % {"number": row["number"]}
    return f"{row['body_name']} – {row['stage_name']}, {number}"


def version_paper(out: Out, row: Row, embedded: bool = False) -> Obj:
    """A submitted version of a draft."""
    found = _object(out, "paper", "Paper", row)
    found |= {
        "body": out.id("body", row["process_uuid"]),
        "name": _version_name(row),
        "date": row["submitted_day"],
        "paperType": _("Draft version"),
        "originatorOrganization": [out.id("organization", row["body_uuid"])],
        "superordinatedPaper": [out.id("paper", uuid) for uuid in row["council_papers"]],
        "mainFile": version_file(out, row, embedded=True),
        "consultation": [consultation(out, c, embedded=True) for c in row["consultations"]],
        "keyword": [label(Version.Status(row["status"]))],
        "web": out.web("papers:version", row["body_slug"], row["stage_slug"], row["number"]),
    }
    if not out.omit_internal:
        found["auxiliaryFile"] = [
            attachment_file(out, a, embedded=True) for a in row["attachments"]
        ]
    return _compact(_times(found, row))


def council_paper(out: Out, row: Row, embedded: bool = False) -> Obj:
    """A council paper (Drucksache)."""
    found = _object(out, "paper", "Paper", row)
    found |= {
        "body": out.id("body", row["process_uuid"]),
        "name": row["title"],
        "reference": row["number"],
        "date": row["created_day"],
        "paperType": _("Council paper"),
        "subordinatedPaper": [out.id("paper", uuid) for uuid in row["versions"]],
        "mainFile": council_paper_file(out, row, embedded=True),
        "consultation": [passage(out, p, embedded=True) for p in row["passages"]],
        "web": out.web("council:detail", row["stage_slug"], row["ref"]),
    }
    return _compact(_times(found, row))


def consultation(out: Out, row: Row, embedded: bool = False) -> Obj:
    """A body consulted on a version; the steering group's review decides on it, at the
    meeting of its decision."""
    found = _object(out, "consultation", "Consultation", row)
    if not embedded:
        found["paper"] = out.id("paper", row["version_uuid"])
    if row["decision_meeting_uuid"] and row["decision_body"] == row["body"]:
        found["meeting"] = out.id("meeting", row["decision_meeting_uuid"])
    found |= {
        "organization": [out.id("organization", row["body_uuid"])],
        "authoritative": row["kind"] == Consultation.Kind.REVIEW,
        "role": label(Consultation.Kind(row["kind"])),
        "web": out.web("consultations:detail", row["ref"]),
    }
    return _compact(_times(found, row))


def passage(out: Out, row: Row, embedded: bool = False) -> Obj:
    """The lead committee or the council dealing with a council paper."""
    found = _object(out, "consultation", "Consultation", row)
    if not embedded:
        found["paper"] = out.id("paper", row["paper_uuid"])
    outcome = row["outcome"]
    if outcome == Passage.Outcome.NOTED:
        role = _("Taking note")
    elif outcome == Passage.Outcome.RECOMMENDED:
        role = _("Preliminary consultation")
    else:
        role = _("Decision")
    found |= {
        "meeting": out.id("meeting", row["meeting_uuid"]) if row["meeting_uuid"] else None,
        "organization": [out.id("organization", row["body_uuid"])],
        "authoritative": outcome == Passage.Outcome.DECIDED,
        "role": role,
        "keyword": [label(Passage.Outcome(outcome))],
        "web": out.web("council:detail", row["stage_slug"], row["paper_uuid"]),
    }
    return _compact(_times(found, row))


def _file(out: Out, row: Row, name: str, file_name: str, date: Any, paper: Any, inner: bool) -> Obj:
    found = _object(out, "file", "File", row)
    found |= {
        "name": name,
        "fileName": file_name,
        "mimeType": PDF,
        "date": date,
        "accessUrl": out.list("file", row["ref"], "access"),
        "downloadUrl": out.list("file", row["ref"], "download"),
    }
    if not inner:
        found["paper"] = [out.id("paper", paper)]
    # The file is what it is made of: its own times, not those of what holds it.
    return _times(found, {"created_at": row["created_at"], "oparl_modified": row["modified_at"]})


def attachment_file(out: Out, row: Row, embedded: bool = False) -> Obj:
    """A PDF attached to a statement on a version: a file of the version's paper."""
    name = row["name"]
    found = _file(
        out,
        row,
        PurePosixPath(name).stem or name,
        name,
        row["created_day"],
        row["version_uuid"],
        embedded,
    )
    if row["size"]:
        found["size"] = row["size"]
    return found


def version_filename(row: Row) -> str:
    """As the version's own download names it (papers.exports.version_filename)."""
    draft = SimpleNamespace(
        body=SimpleNamespace(slug=row["body_slug"]), stage=SimpleNamespace(slug=row["stage_slug"])
    )
    return exports.version_filename(SimpleNamespace(draft=draft, number=row["number"]), "pdf")  # type: ignore[arg-type]


def version_file(out: Out, row: Row, embedded: bool = False) -> Obj:
    """The PDF of a version, made when it is fetched."""
    return _file(
        out,
        row,
        _version_name(row),
        version_filename(row),
        row["submitted_day"],
        row["ref"],
        embedded,
    )


def council_paper_filename(number: str, stage_slug: str) -> str:
    """As the council paper's own download names it (council.views)."""
    return exports.paper_filename(
        f"{stage_slug}-{number.replace('/', '-')}", "pdf", prefix="drucksache"
    )


def council_paper_file(out: Out, row: Row, embedded: bool = False) -> Obj:
    """The PDF of a council paper, made when it is fetched."""
    return _file(
        out,
        row,
        f"{row['number']}: {row['title']}",
        council_paper_filename(row["number"], row["stage_slug"]),
        row["created_day"],
        row["ref"],
        embedded,
    )
