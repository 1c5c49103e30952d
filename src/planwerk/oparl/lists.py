"""OParl's external lists (OParl 1.1, 2.5) and the lookup of one object by its id.

A list is made of one or more *sources*, each a kind of row of planwerk shown as one
kind of OParl object: the papers of a process are its submitted versions, then its
council papers. The sources follow each other, each in the order of its rows' keys,
which never change: the order of a list is stable, and a new object comes at the end
of its source. A page asks each source for its count, its rows and what they need
besides (`attach`), one query each, whether the page holds rows of it or not: the
queries of a page depend on neither the page's size nor the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from planwerk.oparl import objects, queries
from planwerk.oparl.domain.paging import ListQuery, Page, slices

Render = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Source:
    kind: queries.Kind
    render: Render
    # The rows of this source that belong to the owner of the list (a process or body).
    scope: Callable[[Any], Q]
    attach: Callable[[queries.Rows], None] | None = None


def _source(
    kind: queries.Kind, render: Render, scope: Callable[[Any], Q], attach: Any = None
) -> Source:
    return Source(kind, render, scope, attach)


ORGANIZATIONS = _source(
    queries.organizations,
    objects.organization,
    lambda p: Q(process=p),
    queries.attach_organization_parts,
)
PERSONS = _source(queries.persons, objects.person, queries.in_process, queries.attach_memberships)
MEMBERSHIPS = _source(queries.memberships, objects.membership, lambda p: Q(body__process=p))
MEETINGS = _source(
    queries.meetings, objects.meeting, lambda p: Q(body__process=p), queries.attach_agenda
)
AGENDA_ITEMS = _source(
    queries.agenda_items, objects.agenda_item, lambda p: Q(meeting__body__process=p)
)
VERSIONS = _source(
    queries.versions,
    objects.version_paper,
    lambda p: Q(draft__body__process=p),
    queries.attach_version_parts,
)
COUNCIL_PAPERS = _source(
    queries.council_papers,
    objects.council_paper,
    lambda p: Q(process=p),
    queries.attach_council_paper_parts,
)
CONSULTATIONS = _source(
    queries.consultations, objects.consultation, lambda p: Q(version__draft__body__process=p)
)
PASSAGES = _source(queries.passages, objects.passage, lambda p: Q(paper__process=p))
ATTACHMENTS = _source(
    queries.attachments,
    objects.attachment_file,
    lambda p: Q(statement__consultation__version__draft__body__process=p),
)
VERSION_FILES = _source(
    queries.version_files, objects.version_file, lambda p: Q(draft__body__process=p)
)
COUNCIL_PAPER_FILES = _source(
    queries.council_paper_files, objects.council_paper_file, lambda p: Q(process=p)
)
LOCATIONS = _source(queries.locations, objects.location, lambda p: Q(body__process=p))
TERMS = _source(queries.stages, objects.legislative_term, lambda p: Q(process=p))
BODIES = _source(queries.processes, objects.body, lambda _: Q(), queries.attach_stages)

#: The lists of a Body (a process), by the last part of their address.
BODY_LISTS: dict[str, list[Source]] = {
    "organization": [ORGANIZATIONS],
    "person": [PERSONS],
    "membership": [MEMBERSHIPS],
    "meeting": [MEETINGS],
    "agenda-item": [AGENDA_ITEMS],
    "paper": [VERSIONS, COUNCIL_PAPERS],
    "consultation": [CONSULTATIONS, PASSAGES],
    "file": [ATTACHMENTS, VERSION_FILES, COUNCIL_PAPER_FILES],
    "location": [LOCATIONS],
    "legislative-term": [TERMS],
}

#: The lists of an Organization (a body of the process).
ORGANIZATION_LISTS: dict[str, list[Source]] = {
    "meeting": [
        _source(queries.meetings, objects.meeting, lambda b: Q(body=b), queries.attach_agenda)
    ],
    "consultation": [
        _source(queries.consultations, objects.consultation, lambda b: Q(body=b)),
        _source(queries.passages, objects.passage, lambda b: Q(body=b)),
    ],
}

#: Where an object is looked up by the kind in its id.
KINDS: dict[str, list[Source]] = {
    "body": [BODIES],
    "legislative-term": [TERMS],
    "organization": [ORGANIZATIONS],
    "person": [PERSONS],
    "membership": [MEMBERSHIPS],
    "meeting": [MEETINGS],
    "agenda-item": [AGENDA_ITEMS],
    "location": [LOCATIONS],
    "paper": [VERSIONS, COUNCIL_PAPERS],
    "consultation": [CONSULTATIONS, PASSAGES],
    "file": [ATTACHMENTS, VERSION_FILES, COUNCIL_PAPER_FILES],
}


class PageNotFound(LookupError):
    def __init__(self, page: Page) -> None:
        super().__init__(page.number)
        self.page = page


def _selected(source: Source, owner: Any, query: ListQuery) -> QuerySet[Any]:
    """The keys of the rows the list holds: the filters on as few columns as they need."""
    rows = source.kind.rows().filter(source.scope(owner))
    if query.modified_since or query.modified_until:
        rows = rows.alias(oparl_modified=source.kind.modified())
    conditions = {
        "created__gte": query.created_since,
        "created__lte": query.created_until,
        "oparl_modified__gte": query.modified_since,
        "oparl_modified__lte": query.modified_until,
    }
    rows = rows.filter(**{k: v for k, v in conditions.items() if v is not None})
    if not query.with_deleted:
        rows = rows.filter(source.kind.live)
    return rows.order_by("pk")


def _rows(source: Source, selected: QuerySet[Any], start: int, stop: int) -> list[Any]:
    # The database orders and skips the keys alone, and makes the columns of the
    # page's rows only. At least one key is asked for, so that an empty slice costs
    # its query too.
    keys = selected.values("pk")[start : max(stop, start + 1)]
    return list(source.kind(Q(pk__in=keys)))[: stop - start]


def page(
    out: objects.Out, sources: list[Source], owner: Any, query: ListQuery, address: str
) -> dict[str, Any]:
    """One page of a list: `data`, `pagination` and `links` (OParl 1.1, 2.5)."""
    selected = [_selected(source, owner, query) for source in sources]
    counts = [rows.count() for rows in selected]
    current = Page(query.page, query.limit, sum(counts))
    if not current.exists:
        raise PageNotFound(current)
    data: list[dict[str, Any]] = []
    for source, rows, (start, stop) in zip(
        sources, selected, slices(counts, query.offset, query.limit), strict=True
    ):
        found = _rows(source, rows, start, stop)
        if source.attach is not None:
            source.attach(found)
        data.extend(source.render(out, row) for row in found)

    def link(number: int) -> str:
        params = query.params(number)
        return f"{address}?{urlencode(params)}" if params else address

    links = {"first": link(1), "self": link(current.number), "last": link(current.pages)}
    if current.previous is not None:
        links["prev"] = link(current.previous)
    if current.next is not None:
        links["next"] = link(current.next)
    return {
        "data": data,
        "pagination": {
            "totalElements": current.total,
            "elementsPerPage": query.limit,
            "currentPage": current.number,
            "totalPages": current.pages,
        },
        "links": links,
    }


def find(kind: str, uuid: Any) -> tuple[Source, Any] | None:
    """The row an object's id names (deleted ones too), with its source."""
    for source in KINDS.get(kind, []):
        row = source.kind(Q(uuid=uuid)).first()
        if row is not None:
            if source.attach is not None:
                source.attach([row])
            return source, row
    return None


def one(out: objects.Out, kind: str, uuid: Any) -> dict[str, Any] | None:
    found = find(kind, uuid)
    if found is None:
        return None
    source, row = found
    return source.render(out, row)
