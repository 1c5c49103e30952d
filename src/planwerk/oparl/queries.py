"""What OParl reads: one `Kind` per kind of row, and the rows a page of objects needs
besides (`attach_*`: one query each, whatever the number of rows).

A kind gives rows as dictionaries with exactly the columns OParl shows: what is not
named here cannot go out (no email address, no self-declared data). It gives every
row, also those OParl reports as deleted; `live` says which rows are not. Each row
carries `oparl_modified`: when the object as OParl shows it last changed, which
includes the objects embedded in it (OParl 1.1, 2.8 and 3.1: a change of an embedded
object is a change of the object that holds it). The filters `modified_since` and
`modified_until` compare with it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Greatest

from planwerk.bodies.models import Body, Membership, Person, SeatCategory
from planwerk.consultations.models import Consultation, StatementAttachment
from planwerk.council.models import CouncilPaper, CouncilPaperVersion, Passage
from planwerk.meetings.models import AgendaItem, Meeting
from planwerk.oparl.columns import DAY, ID, MOMENT
from planwerk.papers.models import Version
from planwerk.processes.models import Process, Stage

Row = dict[str, Any]
Rows = Sequence[Row]


@dataclass(frozen=True)
class Kind:
    """A kind of row OParl shows. `rows()` is every row of it, `modified()` the time
    its object last changed, `columns(rows)` what is shown of it, `live` the rows
    that are not reported as deleted."""

    rows: Callable[[], QuerySet[Any]]
    modified: Callable[[], Any]
    columns: Callable[[QuerySet[Any]], QuerySet[Any]]
    live: Q = dataclasses.field(default_factory=Q)

    def __call__(self, where: Q) -> QuerySet[Any]:
        """The rows `where` names, with their columns, in the order of their keys."""
        found = self.rows().filter(where).annotate(oparl_modified=MOMENT(self.modified()))
        return self.columns(found).order_by("pk")


def GERMAN(text: str) -> Any:
    """A text's German (docs/text.md: every text has one), as a plain string; `text`
    may name the field through relations ("seat__name")."""
    return KeyTextTransform("de", text)


def _set(field: str) -> ExpressionWrapper:
    """Whether the row has a value in `field` (the time itself is not shown)."""
    return ExpressionWrapper(Q(**{f"{field}__isnull": False}), output_field=BooleanField())


def _own() -> Any:
    return F("modified")


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
processes = Kind(
    Process.objects.all,
    lambda: _newest(_latest(Stage.objects.all(), "process")),
    lambda rows: rows.values(
        "id",
        "oparl_modified",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        name_de=GERMAN("name"),
    ),
)

stages = Kind(
    Stage.objects.all,
    _own,
    lambda rows: rows.values(
        "id",
        "slug",
        "starts",
        "ends",
        "oparl_modified",
        "process",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        name_de=GERMAN("name"),
        process_uuid=ID("process__uuid"),
    ),
)


def attach_stages(rows: Rows) -> None:
    found = _grouped(stages(Q(process__in=_keys(rows))).order_by("order", "pk"), "process")
    for row in rows:
        row["stages"] = found[row["id"]]


# -- Organization (a body of the process) ---------------------------------------------------
PUBLISHED = Q(deleted__isnull=True, person__deleted__isnull=True, person__publication_consent=True)


def _organization_modified() -> Any:
    shown = Membership.all_objects.annotate(
        shown=Greatest("modified", "person__modified", output_field=DateTimeField())
    )
    return _newest(_latest(SeatCategory.objects.all(), "body"), _latest(shown, "body", "shown"))


organizations = Kind(
    Body.all_objects.all,
    _organization_modified,
    lambda rows: rows.values(
        "id",
        "kind",
        "slug",
        "oparl_modified",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        gone=_set("deleted"),
        name_de=GERMAN("name"),
        process_uuid=ID("process__uuid"),
        parent_uuid=ID("parent__uuid"),
    ),
    Q(deleted__isnull=True),
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
        Membership.all_objects.filter(PUBLISHED, body__in=keys)
        .order_by("pk")
        .values("body", ref=ID("uuid")),
        "body",
    )
    for row in rows:
        row["posts"] = [seat["name_de"] for seat in posts[row["id"]]]
        row["memberships"] = [membership["ref"] for membership in members[row["id"]]]


# -- Person and Membership --------------------------------------------------------------------
memberships = Kind(
    Membership.all_objects.all,
    lambda: Greatest(
        "modified", "person__modified", "seat__modified", output_field=DateTimeField()
    ),
    lambda rows: rows.values(
        "role",
        "start",
        "end",
        "oparl_modified",
        "person",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        gone=_set("deleted"),
        person_uuid=ID("person__uuid"),
        person_gone=_set("person__deleted"),
        person_consent=F("person__publication_consent"),
        seat_name=GERMAN("seat__name"),
        seat_votes=F("seat__votes"),
        on_behalf_uuid=ID("seat__delegated_by__uuid"),
        position_name=GERMAN("position__unit__name"),
        body_uuid=ID("body__uuid"),
        body_slug=F("body__slug"),
        process_uuid=ID("body__process__uuid"),
    ),
    PUBLISHED,
)


def _person_modified() -> Any:
    changed = Membership.all_objects.annotate(
        shown=Greatest("modified", "seat__modified", output_field=DateTimeField())
    )
    return _newest(_latest(changed, "person", "shown"))


persons = Kind(
    Person.all_objects.all,
    _person_modified,
    lambda rows: rows.values(
        "id",
        "given_name",
        "family_name",
        "publication_consent",
        "oparl_modified",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        gone=_set("deleted"),
    ),
    Q(deleted__isnull=True, publication_consent=True),
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
MEETING = ("id", "title", "status", "place", "oparl_modified")
MEETING_COLUMNS = {
    "ref": ID("uuid"),
    "start_at": MOMENT("starts_at"),
    "end_at": MOMENT("ends_at"),
    "invited": _set("invitations_sent_at"),
    "created_at": MOMENT("created"),
    "modified_at": MOMENT("modified"),
}

meetings = Kind(
    Meeting.objects.all,
    lambda: _newest(_latest(AgendaItem.objects.all(), "meeting")),
    lambda rows: rows.values(*MEETING, **MEETING_COLUMNS, body_uuid=ID("body__uuid")),
)


def _agenda_columns(rows: QuerySet[Any], order: bool) -> QuerySet[Any]:
    if order:
        # OParl 1.1: `order` counts the meeting's items from 0, in their order.
        before = (
            AgendaItem.objects.filter(
                meeting=OuterRef("meeting"), position__lt=OuterRef("position")
            )
            .order_by()
            .values("meeting")
            .annotate(count=Count("pk"))
            .values("count")[:1]
        )
        rows = rows.annotate(oparl_order=Coalesce(Subquery(before, output_field=IntegerField()), 0))
    return rows.values(
        "position",
        "title",
        "oparl_modified",
        *(["oparl_order"] if order else []),
        "meeting",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        meeting_uuid=ID("meeting__uuid"),
    )


agenda_items = Kind(AgendaItem.objects.all, _own, lambda rows: _agenda_columns(rows, order=True))
#: The items a meeting embeds, which count their order themselves.
embedded_agenda_items = Kind(
    AgendaItem.objects.all, _own, lambda rows: _agenda_columns(rows, order=False)
)


def attach_agenda(rows: Rows) -> None:
    found = _grouped(
        embedded_agenda_items(Q(meeting__in=_keys(rows))).order_by("position", "pk"), "meeting"
    )
    for row in rows:
        row["agenda"] = found[row["id"]]


#: A meeting's place is its location: one Location per meeting, with its times.
locations = Kind(
    Meeting.objects.all, _own, lambda rows: rows.values(*MEETING, **MEETING_COLUMNS), ~Q(place="")
)


# -- Paper: submitted versions and council papers ------------------------------------------
VERSION = {
    "body_uuid": ID("draft__body__uuid"),
    "body_slug": F("draft__body__slug"),
    "body_name": GERMAN("draft__body__name"),
    "process_uuid": ID("draft__body__process__uuid"),
    "stage_slug": F("draft__stage__slug"),
    "stage_name": GERMAN("draft__stage__name"),
}

versions = Kind(
    Version.objects.all,
    lambda: _newest(
        _latest(Consultation.objects.all(), "version"),
        F("decision__modified"),
        _latest(StatementAttachment.objects.all(), "statement__consultation__version"),
        _latest(CouncilPaperVersion.objects.all(), "version", "paper__created"),
    ),
    lambda rows: rows.values(
        "id",
        "number",
        "status",
        "oparl_modified",
        ref=ID("uuid"),
        submitted_day=DAY("submitted_at"),
        created_at=MOMENT("created"),
        modified_at=MOMENT("modified"),
        **VERSION,
    ),
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
        .values("version", ref=ID("paper__uuid")),
        "version",
    )
    for row in rows:
        row["consultations"] = consulted[row["id"]]
        row["attachments"] = attached[row["id"]]
        row["council_papers"] = [paper["ref"] for paper in held[row["id"]]]


council_papers = Kind(
    CouncilPaper.objects.all,
    lambda: _newest(_latest(Passage.objects.all(), "paper")),
    lambda rows: rows.values(
        "id",
        "number",
        "title",
        "oparl_modified",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        created_day=DAY("created"),
        modified_at=MOMENT("modified"),
        process_uuid=ID("process__uuid"),
        stage_slug=F("stage__slug"),
    ),
)


def attach_council_paper_parts(rows: Rows) -> None:
    """Each council paper's versions (in their order) and its passages."""
    keys = _keys(rows)
    held = _grouped(
        CouncilPaperVersion.objects.filter(paper__in=keys)
        .order_by("position")
        .values("paper", ref=ID("version__uuid")),
        "paper",
    )
    passages_of = _grouped(passages(Q(paper__in=keys)), "paper")
    for row in rows:
        row["versions"] = [version["ref"] for version in held[row["id"]]]
        row["passages"] = passages_of[row["id"]]


# -- Consultation: of a version, and a council paper's passage --------------------------------
consultations = Kind(
    Consultation.objects.all,
    lambda: _newest(F("version__decision__modified")),
    lambda rows: rows.values(
        "kind",
        "oparl_modified",
        "version",
        "body",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        version_uuid=ID("version__uuid"),
        body_uuid=ID("body__uuid"),
        decision_body=F("version__decision__body"),
        decision_meeting_uuid=ID("version__decision__meeting__uuid"),
    ),
)

passages = Kind(
    Passage.objects.all,
    _own,
    lambda rows: rows.values(
        "outcome",
        "oparl_modified",
        "paper",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        paper_uuid=ID("paper__uuid"),
        stage_slug=F("paper__stage__slug"),
        body_uuid=ID("body__uuid"),
        meeting_uuid=ID("meeting__uuid"),
    ),
)


# -- File: statement attachments, and the PDF of each version and council paper -------------
attachments = Kind(
    StatementAttachment.objects.all,
    _own,
    lambda rows: rows.values(
        "name",
        "size",
        "oparl_modified",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        created_day=DAY("created"),
        modified_at=MOMENT("modified"),
        version_id=F("statement__consultation__version"),
        version_uuid=ID("statement__consultation__version__uuid"),
    ),
)

version_files = Kind(
    Version.objects.all,
    _own,
    lambda rows: rows.values(
        "number",
        "oparl_modified",
        ref=ID("uuid"),
        submitted_day=DAY("submitted_at"),
        created_at=MOMENT("created"),
        modified_at=MOMENT("modified"),
        **VERSION,
    ),
)

council_paper_files = Kind(
    CouncilPaper.objects.all,
    _own,
    lambda rows: rows.values(
        "number",
        "title",
        "oparl_modified",
        ref=ID("uuid"),
        created_at=MOMENT("created"),
        created_day=DAY("created"),
        modified_at=MOMENT("modified"),
        stage_slug=F("stage__slug"),
    ),
)
