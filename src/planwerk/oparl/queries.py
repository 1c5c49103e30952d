"""What OParl reads, one query function per kind of object, and the rows a page of
objects needs besides (`attach_*`: one query each, whatever the number of rows).

Every function takes a filter (`where`) and returns every row, also those OParl
reports as deleted; `LIVE` says, per function, which rows are not. Each row carries
`oparl_modified`: when the object as OParl shows it last changed, which includes the
objects embedded in it (OParl 1.1, 2.8 and 3.1: a change of an embedded object is a
change of the object that holds it). The filters `modified_since` and
`modified_until` compare with it.
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
from django.db.models.functions import Coalesce, Greatest

from planwerk.bodies.models import Body, Membership, Person, SeatCategory
from planwerk.consultations.models import Consultation, StatementAttachment
from planwerk.council.models import CouncilPaper, CouncilPaperVersion, Passage
from planwerk.meetings.models import AgendaItem, Meeting
from planwerk.papers.models import Version
from planwerk.processes.models import Process, Stage

Rows = Sequence[Any]


def _newest(*parts: Any) -> Any:
    """The latest of the row's own `modified` and the parts' (a part may be NULL:
    nothing of that kind yet)."""
    own = F("modified")
    if not parts:
        return own
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
    # Asked even for an empty page (pk 0 is never used): every page of a list costs
    # the same queries, which tests and the benchmark pin.
    return [row.pk for row in rows] or [0]


# -- Body (a process) and LegislativeTerm (its stages) ---------------------------------------
def processes(where: Q) -> QuerySet[Process]:
    return (
        Process.objects.filter(where)
        .annotate(oparl_modified=_newest(_latest(Stage.objects.all(), "process")))
        .order_by("pk")
    )


def attach_stages(rows: Rows) -> None:
    found = defaultdict(list)
    for stage in Stage.objects.filter(process__in=_keys(rows)).order_by("order", "pk"):
        found[stage.process_id].append(stage)
    for row in rows:
        row.oparl_stages = found[row.pk]


def stages(where: Q) -> QuerySet[Stage]:
    return (
        Stage.objects.filter(where)
        .select_related("process")
        .annotate(oparl_modified=F("modified"))
        .order_by("pk")
    )


# -- Organization (a body of the process) ---------------------------------------------------
def _published_memberships() -> QuerySet[Membership]:
    return Membership.all_objects.filter(
        deleted__isnull=True, person__deleted__isnull=True, person__publication_consent=True
    )


def organizations(where: Q) -> QuerySet[Body]:
    shown = Membership.all_objects.annotate(
        shown=Greatest("modified", "person__modified", output_field=DateTimeField())
    )
    return (
        Body.all_objects.filter(where)
        .select_related("process", "parent")
        .annotate(
            oparl_modified=_newest(
                _latest(SeatCategory.objects.all(), "body"), _latest(shown, "body", "shown")
            )
        )
        .order_by("pk")
    )


def attach_organization_parts(rows: Rows) -> None:
    """The posts (seats in use) and the published memberships of each body."""
    keys = _keys(rows)
    posts = defaultdict(list)
    for seat in SeatCategory.objects.filter(body__in=keys, retired=False).order_by("order", "pk"):
        posts[seat.body_id].append(seat)
    members = defaultdict(list)
    for body_id, uuid in (
        _published_memberships().filter(body__in=keys).order_by("pk").values_list("body", "uuid")
    ):
        members[body_id].append(uuid)
    for row in rows:
        row.oparl_posts = posts[row.pk]
        row.oparl_memberships = members[row.pk]


# -- Person and Membership --------------------------------------------------------------------
def memberships(where: Q) -> QuerySet[Membership]:
    return (
        Membership.all_objects.filter(where)
        .select_related(
            "person", "seat__delegated_by", "position__unit", "body__process", "deputy_of"
        )
        .annotate(
            oparl_modified=Greatest(
                "modified", "person__modified", "seat__modified", output_field=DateTimeField()
            )
        )
        .order_by("pk")
    )


def persons(where: Q) -> QuerySet[Person]:
    changed = Membership.all_objects.annotate(
        shown=Greatest("modified", "seat__modified", output_field=DateTimeField())
    )
    return (
        Person.all_objects.filter(where)
        .annotate(oparl_modified=_newest(_latest(changed, "person", "shown")))
        .order_by("pk")
    )


def in_process(process: Process) -> Q:
    """The people with a membership (ended or deleted too) in a body of the process."""
    return Q(pk__in=Membership.all_objects.filter(body__process=process).values("person"))


def attach_memberships(rows: Rows) -> None:
    """Each person's memberships: all of them, to name the process the person belongs
    to (the first membership's); the published ones are shown."""
    found = defaultdict(list)
    for membership in memberships(Q(person__in=_keys(rows))):
        found[membership.person_id].append(membership)
    for row in rows:
        row.oparl_memberships = found[row.pk]


# -- Meeting, AgendaItem, Location -------------------------------------------------------------
def meetings(where: Q) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(where)
        .select_related("body")
        .annotate(oparl_modified=_newest(_latest(AgendaItem.objects.all(), "meeting")))
        .order_by("pk")
    )


def attach_agenda(rows: Rows) -> None:
    found = defaultdict(list)
    for item in AgendaItem.objects.filter(meeting__in=_keys(rows)).order_by("position", "pk"):
        found[item.meeting_id].append(item)
    for row in rows:
        row.oparl_agenda = found[row.pk]
        for item in row.oparl_agenda:
            item.meeting = row


def agenda_items(where: Q) -> QuerySet[AgendaItem]:
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
        .select_related("meeting")
        .annotate(
            oparl_modified=F("modified"),
            oparl_order=Coalesce(Subquery(before, output_field=IntegerField()), 0),
        )
        .order_by("pk")
    )


def locations(where: Q) -> QuerySet[Meeting]:
    """A meeting's place is its location: one Location per meeting."""
    return Meeting.objects.filter(where).annotate(oparl_modified=F("modified")).order_by("pk")


# -- Paper: submitted versions and council papers ------------------------------------------
def versions(where: Q) -> QuerySet[Version]:
    return (
        Version.objects.filter(where)
        .select_related("draft__body__process", "draft__stage")
        .annotate(
            oparl_modified=_newest(
                _latest(Consultation.objects.all(), "version"),
                F("decision__modified"),
                _latest(StatementAttachment.objects.all(), "statement__consultation__version"),
                _latest(CouncilPaperVersion.objects.all(), "version", "paper__created"),
            )
        )
        .order_by("pk")
    )


def _consultations_of_versions(keys: list[int]) -> QuerySet[Consultation]:
    return consultations(Q(version__in=keys))


def attach_version_parts(rows: Rows) -> None:
    """Each version's consultations, the attachments of their statements, and the
    council papers that hold it."""
    keys = _keys(rows)
    found: dict[str, dict[int, list[Any]]] = {
        "consultations": defaultdict(list),
        "attachments": defaultdict(list),
        "council_papers": defaultdict(list),
    }
    for consultation in _consultations_of_versions(keys):
        found["consultations"][consultation.version_id].append(consultation)
    for attachment in attachments(Q(statement__consultation__version__in=keys)):
        found["attachments"][attachment.version_id].append(attachment)  # type: ignore[attr-defined]
    for version_id, uuid in (
        CouncilPaperVersion.objects.filter(version__in=keys)
        .order_by("paper_id")
        .values_list("version", "paper__uuid")
    ):
        found["council_papers"][version_id].append(uuid)
    for row in rows:
        row.oparl_consultations = found["consultations"][row.pk]
        row.oparl_attachments = found["attachments"][row.pk]
        row.oparl_council_papers = found["council_papers"][row.pk]


def council_papers(where: Q) -> QuerySet[CouncilPaper]:
    return (
        CouncilPaper.objects.filter(where)
        .select_related("process", "stage")
        .annotate(oparl_modified=_newest(_latest(Passage.objects.all(), "paper")))
        .order_by("pk")
    )


def attach_council_paper_parts(rows: Rows) -> None:
    """Each council paper's versions (in their order) and its passages."""
    keys = _keys(rows)
    held = defaultdict(list)
    for paper_id, uuid in (
        CouncilPaperVersion.objects.filter(paper__in=keys)
        .order_by("position")
        .values_list("paper", "version__uuid")
    ):
        held[paper_id].append(uuid)
    passages_of = defaultdict(list)
    for passage in passages(Q(paper__in=keys)):
        passages_of[passage.paper_id].append(passage)
    for row in rows:
        row.oparl_versions = held[row.pk]
        row.oparl_passages = passages_of[row.pk]


# -- Consultation: of a version, and a council paper's passage --------------------------------
def consultations(where: Q) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(where)
        .select_related("body", "version__decision__meeting")
        .annotate(oparl_modified=_newest(F("version__decision__modified")))
        .order_by("pk")
    )


def passages(where: Q) -> QuerySet[Passage]:
    return (
        Passage.objects.filter(where)
        .select_related("body", "meeting", "paper__stage")
        .annotate(oparl_modified=F("modified"))
        .order_by("pk")
    )


# -- File: statement attachments, and the PDF of each version and council paper -------------
def attachments(where: Q) -> QuerySet[StatementAttachment]:
    return (
        StatementAttachment.objects.filter(where)
        .annotate(
            oparl_modified=F("modified"),
            version_id=F("statement__consultation__version"),
            version_uuid=F("statement__consultation__version__uuid"),
        )
        .order_by("pk")
    )


def version_files(where: Q) -> QuerySet[Version]:
    return (
        Version.objects.filter(where)
        .select_related("draft__body", "draft__stage")
        .annotate(oparl_modified=F("modified"))
        .order_by("pk")
    )


def council_paper_files(where: Q) -> QuerySet[CouncilPaper]:
    return (
        CouncilPaper.objects.filter(where)
        .select_related("stage")
        .annotate(oparl_modified=F("modified"))
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
