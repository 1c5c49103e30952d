"""What OParl reads, one query function per kind of object, and the rows a page of
objects needs besides (`attach_*`: one query each, whatever the number of rows).

Each function takes a filter (`where`) and gives rows as dictionaries with exactly the
columns OParl shows: what is not named here cannot go out (no email address, no
self-declared data). It gives every row, also those OParl reports as deleted; `LIVE`
says, per function, which rows are not. Each row carries `oparl_modified`: when the
object as OParl shows it last changed, which includes the objects embedded in it
(OParl 1.1, 2.8 and 3.1: a change of an embedded object is a change of the object
that holds it). The filters `modified_since` and `modified_until` compare with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Greatest

from planwerk.bodies.models import Body, Membership, Person, SeatCategory
from planwerk.consultations.models import Consultation, StatementAttachment
from planwerk.council.models import CouncilPaper, CouncilPaperVersion, Passage
from planwerk.meetings.models import AgendaItem, Meeting
from planwerk.papers.models import Version
from planwerk.processes.models import Process, Stage

Row = dict[str, Any]
Rows = Sequence[Row]


def GERMAN(text: str) -> Any:
    """A text's German (docs/text.md: every text has one), as a plain string."""
    return KT(f"{text}__de")


def _newest(*parts: Any) -> Any:
    """The latest of the row's own `modified` and the parts' (a part may be NULL:
    nothing of that kind yet)."""
    own = F("modified")
    return Greatest(own, *(Coalesce(part, own) for part in parts), output_field=DateTimeField())


def _latest(rows: QuerySet[Any], link: str, field: str = "modified") -> Subquery:
    """The latest `field` of the rows that point at this row through `link`."""
    return Subquery(
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(latest=Max(field))
        .values("latest")[:1],
        output_field=DateTimeField(),
    )


def _keys(rows: Rows) -> list[int]:
    # Asked even for an empty page (id 0 is never used): every page of a list costs
    # the same queries, which tests and the benchmark pin.
    return [row["id"] for row in rows] or [0]


def _grouped(rows: Any, key: str) -> defaultdict[Any, list[Any]]:
    found: defaultdict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        found[row[key]].append(row)
    return found


# -- Body (a process) and LegislativeTerm (its stages) ---------------------------------------
def processes(where: Q) -> QuerySet[Any]:
    return (
        Process.objects.filter(where)
        .annotate(oparl_modified=_newest(_latest(Stage.objects.all(), "process")))
        .values("id", "uuid", "created", "oparl_modified", name_de=GERMAN("name"))
        .order_by("pk")
    )


def stages(where: Q) -> QuerySet[Any]:
    return (
        Stage.objects.filter(where)
        .annotate(oparl_modified=F("modified"))
        .values(
            "id",
            "uuid",
            "slug",
            "starts",
            "ends",
            "created",
            "oparl_modified",
            "process",
            name_de=GERMAN("name"),
            process_uuid=F("process__uuid"),
        )
        .order_by("pk")
    )


def attach_stages(rows: Rows) -> None:
    found = _grouped(stages(Q(process__in=_keys(rows))).order_by("order", "pk"), "process")
    for row in rows:
        row["stages"] = found[row["id"]]


# -- Organization (a body of the process) ---------------------------------------------------
def _published_memberships() -> QuerySet[Membership]:
    return Membership.all_objects.filter(
        deleted__isnull=True, person__deleted__isnull=True, person__publication_consent=True
    )


def organizations(where: Q) -> QuerySet[Any]:
    shown = Membership.all_objects.annotate(
        shown=Greatest("modified", "person__modified", output_field=DateTimeField())
    )
    return (
        Body.all_objects.filter(where)
        .annotate(
            oparl_modified=_newest(
                _latest(SeatCategory.objects.all(), "body"), _latest(shown, "body", "shown")
            )
        )
        .values(
            "id",
            "uuid",
            "kind",
            "slug",
            "created",
            "deleted",
            "oparl_modified",
            name_de=GERMAN("name"),
            process_uuid=F("process__uuid"),
            parent_uuid=F("parent__uuid"),
        )
        .order_by("pk")
    )


def attach_organization_parts(rows: Rows) -> None:
    """The posts (seats in use) and the published memberships of each body."""
    keys = _keys(rows)
    posts = _grouped(
        SeatCategory.objects.filter(body__in=keys, retired=False)
        .order_by("order", "pk")
        .values("body", name_de=GERMAN("name")),
        "body",
    )
    members = _grouped(
        _published_memberships().filter(body__in=keys).order_by("pk").values("body", "uuid"),
        "body",
    )
    for row in rows:
        row["posts"] = [seat["name_de"] for seat in posts[row["id"]]]
        row["memberships"] = [membership["uuid"] for membership in members[row["id"]]]


# -- Person and Membership --------------------------------------------------------------------
def memberships(where: Q) -> QuerySet[Any]:
    return (
        Membership.all_objects.filter(where)
        .annotate(
            oparl_modified=Greatest(
                "modified", "person__modified", "seat__modified", output_field=DateTimeField()
            )
        )
        .values(
            "uuid",
            "role",
            "start",
            "end",
            "created",
            "deleted",
            "oparl_modified",
            "person",
            person_uuid=F("person__uuid"),
            person_deleted=F("person__deleted"),
            person_consent=F("person__publication_consent"),
            seat_name=GERMAN("seat__name"),
            seat_votes=F("seat__votes"),
            on_behalf_uuid=F("seat__delegated_by__uuid"),
            position_name=GERMAN("position__unit__name"),
            body_uuid=F("body__uuid"),
            body_slug=F("body__slug"),
            process_uuid=F("body__process__uuid"),
        )
        .order_by("pk")
    )


def persons(where: Q) -> QuerySet[Any]:
    changed = Membership.all_objects.annotate(
        shown=Greatest("modified", "seat__modified", output_field=DateTimeField())
    )
    return (
        Person.all_objects.filter(where)
        .annotate(oparl_modified=_newest(_latest(changed, "person", "shown")))
        .values(
            "id",
            "uuid",
            "given_name",
            "family_name",
            "publication_consent",
            "created",
            "deleted",
            "oparl_modified",
        )
        .order_by("pk")
    )


def in_process(process: Process) -> Q:
    """The people with a membership (ended or deleted too) in a body of the process."""
    return Q(pk__in=Membership.all_objects.filter(body__process=process).values("person"))


def attach_memberships(rows: Rows) -> None:
    """Each person's memberships: all of them, to name the process the person belongs
    to (the first membership's); the published ones are shown."""
    found = _grouped(memberships(Q(person__in=_keys(rows))), "person")
    for row in rows:
        row["memberships"] = found[row["id"]]


# -- Meeting, AgendaItem, Location -------------------------------------------------------------
_MEETING = (
    "id",
    "uuid",
    "title",
    "status",
    "starts_at",
    "ends_at",
    "place",
    "invitations_sent_at",
    "created",
    "modified",
    "oparl_modified",
)


def meetings(where: Q) -> QuerySet[Any]:
    return (
        Meeting.objects.filter(where)
        .annotate(oparl_modified=_newest(_latest(AgendaItem.objects.all(), "meeting")))
        .values(*_MEETING, body_uuid=F("body__uuid"))
        .order_by("pk")
    )


def agenda_items(where: Q) -> QuerySet[Any]:
    # OParl 1.1: `order` counts the meeting's items from 0, in their order.
    before = (
        AgendaItem.objects.filter(meeting=OuterRef("meeting"), position__lt=OuterRef("position"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return (
        AgendaItem.objects.filter(where)
        .annotate(
            oparl_modified=F("modified"),
            oparl_order=Coalesce(Subquery(before, output_field=IntegerField()), 0),
        )
        .values(
            "uuid",
            "position",
            "title",
            "created",
            "oparl_modified",
            "oparl_order",
            "meeting",
            meeting_uuid=F("meeting__uuid"),
        )
        .order_by("pk")
    )


def attach_agenda(rows: Rows) -> None:
    found = _grouped(agenda_items(Q(meeting__in=_keys(rows))).order_by("position", "pk"), "meeting")
    for row in rows:
        row["agenda"] = found[row["id"]]


def locations(where: Q) -> QuerySet[Any]:
    """A meeting's place is its location: one Location per meeting."""
    return (
        Meeting.objects.filter(where)
        .annotate(oparl_modified=F("modified"))
        .values(*_MEETING)
        .order_by("pk")
    )


# -- Paper: submitted versions and council papers ------------------------------------------
_VERSION = {
    "body_uuid": F("draft__body__uuid"),
    "body_slug": F("draft__body__slug"),
    "body_name": GERMAN("draft__body__name"),
    "process_uuid": F("draft__body__process__uuid"),
    "stage_slug": F("draft__stage__slug"),
    "stage_name": GERMAN("draft__stage__name"),
}


def versions(where: Q) -> QuerySet[Any]:
    return (
        Version.objects.filter(where)
        .annotate(
            oparl_modified=_newest(
                _latest(Consultation.objects.all(), "version"),
                F("decision__modified"),
                _latest(StatementAttachment.objects.all(), "statement__consultation__version"),
                _latest(CouncilPaperVersion.objects.all(), "version", "paper__created"),
            )
        )
        .values(
            "id",
            "uuid",
            "number",
            "status",
            "submitted_at",
            "created",
            "modified",
            "oparl_modified",
            **_VERSION,
        )
        .order_by("pk")
    )


def attach_version_parts(rows: Rows) -> None:
    """Each version's consultations, the attachments of their statements, and the
    council papers that hold it."""
    keys = _keys(rows)
    consulted = _grouped(consultations(Q(version__in=keys)), "version")
    attached = _grouped(attachments(Q(statement__consultation__version__in=keys)), "version_id")
    held = _grouped(
        CouncilPaperVersion.objects.filter(version__in=keys)
        .order_by("paper_id")
        .values("version", uuid=F("paper__uuid")),
        "version",
    )
    for row in rows:
        row["consultations"] = consulted[row["id"]]
        row["attachments"] = attached[row["id"]]
        row["council_papers"] = [paper["uuid"] for paper in held[row["id"]]]


def council_papers(where: Q) -> QuerySet[Any]:
    return (
        CouncilPaper.objects.filter(where)
        .annotate(oparl_modified=_newest(_latest(Passage.objects.all(), "paper")))
        .values(
            "id",
            "uuid",
            "number",
            "title",
            "created",
            "modified",
            "oparl_modified",
            process_uuid=F("process__uuid"),
            stage_slug=F("stage__slug"),
        )
        .order_by("pk")
    )


def attach_council_paper_parts(rows: Rows) -> None:
    """Each council paper's versions (in their order) and its passages."""
    keys = _keys(rows)
    held = _grouped(
        CouncilPaperVersion.objects.filter(paper__in=keys)
        .order_by("position")
        .values("paper", uuid=F("version__uuid")),
        "paper",
    )
    passages_of = _grouped(passages(Q(paper__in=keys)), "paper")
    for row in rows:
        row["versions"] = [version["uuid"] for version in held[row["id"]]]
        row["passages"] = passages_of[row["id"]]


# -- Consultation: of a version, and a council paper's passage --------------------------------
def consultations(where: Q) -> QuerySet[Any]:
    return (
        Consultation.objects.filter(where)
        .annotate(oparl_modified=_newest(F("version__decision__modified")))
        .values(
            "uuid",
            "kind",
            "created",
            "oparl_modified",
            "version",
            "body",
            version_uuid=F("version__uuid"),
            body_uuid=F("body__uuid"),
            decision_body=F("version__decision__body"),
            decision_meeting_uuid=F("version__decision__meeting__uuid"),
        )
        .order_by("pk")
    )


def passages(where: Q) -> QuerySet[Any]:
    return (
        Passage.objects.filter(where)
        .annotate(oparl_modified=F("modified"))
        .values(
            "uuid",
            "outcome",
            "created",
            "oparl_modified",
            "paper",
            paper_uuid=F("paper__uuid"),
            stage_slug=F("paper__stage__slug"),
            body_uuid=F("body__uuid"),
            meeting_uuid=F("meeting__uuid"),
        )
        .order_by("pk")
    )


# -- File: statement attachments, and the PDF of each version and council paper -------------
def attachments(where: Q) -> QuerySet[Any]:
    return (
        StatementAttachment.objects.filter(where)
        .annotate(oparl_modified=F("modified"))
        .values(
            "uuid",
            "name",
            "size",
            "created",
            "modified",
            "oparl_modified",
            version_id=F("statement__consultation__version"),
            version_uuid=F("statement__consultation__version__uuid"),
        )
        .order_by("pk")
    )


def version_files(where: Q) -> QuerySet[Any]:
    return (
        Version.objects.filter(where)
        .annotate(oparl_modified=F("modified"))
        .values(
            "uuid", "number", "submitted_at", "created", "modified", "oparl_modified", **_VERSION
        )
        .order_by("pk")
    )


def council_paper_files(where: Q) -> QuerySet[Any]:
    return (
        CouncilPaper.objects.filter(where)
        .annotate(oparl_modified=F("modified"))
        .values(
            "uuid",
            "number",
            "title",
            "created",
            "modified",
            "oparl_modified",
            stage_slug=F("stage__slug"),
        )
        .order_by("pk")
    )


#: Per query function: the rows OParl shows as they are; the others it reports as
#: deleted (OParl 1.1, 2.8). A person is shown only with consent to publication, and
#: so are her or his memberships; a location only where the meeting names a place.
LIVE: dict[Any, Q] = {
    organizations: Q(deleted__isnull=True),
    persons: Q(deleted__isnull=True, publication_consent=True),
    memberships: Q(
        deleted__isnull=True, person__deleted__isnull=True, person__publication_consent=True
    ),
    locations: ~Q(place=""),
}


def live(query: Any) -> Q:
    return LIVE.get(query, Q())
