"""What the coordination does with council papers: one function per action, each one
transaction, permission first, an audit entry with the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body
from planwerk.core.permissions import require
from planwerk.council.domain.rules import NUMBER_LIMIT, clean_number
from planwerk.council.models import CouncilPaper, CouncilPaperVersion, Passage
from planwerk.council.queries import deciding_bodies, stage_paper
from planwerk.meetings.models import Meeting
from planwerk.meetings.queries import day_of
from planwerk.processes.models import Process, Stage

TITLE_LIMIT = 300
NOTE_LIMIT = 2000


def check_new_paper(stage: Stage, number: str, title: str) -> tuple[str, str]:
    """The number and title as they would be kept; ValidationError says what is wrong."""
    errors: dict[str, str] = {}
    try:
        number = clean_number(number)
    except ValueError as wrong:
        errors["number"] = (
            _("Please give the number of the council paper, for example 2472/2019.")
            if str(wrong) == "required"
            else _("The number may have at most %(limit)s characters.") % {"limit": NUMBER_LIMIT}
        )
    else:
        if CouncilPaper.objects.filter(process=stage.process_id, number__iexact=number).exists():
            errors["number"] = _("There already is a council paper with the number %(number)s.") % {
                "number": number
            }
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Please give the council paper a title.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("The title may have at most %(limit)s characters.") % {
            "limit": TITLE_LIMIT
        }
    if errors:
        raise ValidationError(errors)
    if not stage_paper(stage).versions:
        raise ValidationError(
            _("No version of this stage has been accepted yet: the council paper would be empty.")
        )
    return number, title


@transaction.atomic
def create_paper(user: Any, stage: Stage, *, number: str, title: str) -> CouncilPaper:
    """Freeze the stage's accepted versions as a council paper with a number and title."""
    require(user, "council.manage")
    # One at a time per process, so that two papers never get the same number.
    Process.objects.select_for_update().get(pk=stage.process_id)
    number, title = check_new_paper(stage, number, title)
    versions = stage_paper(stage).versions
    paper = CouncilPaper.objects.create(
        process_id=stage.process_id,
        stage=stage,
        number=number,
        title=title,
        created_by=actor_name_of(user),
    )
    CouncilPaperVersion.objects.bulk_create(
        CouncilPaperVersion(paper=paper, version=v, position=i)
        for i, v in enumerate(versions, start=1)
    )
    record(
        "council.paper.created",
        actor=user,
        obj=paper,
        payload={
            "number": number,
            "title": title,
            "stage": stage.slug,
            "versions": [str(v.uuid) for v in versions],
        },
    )
    return paper


@transaction.atomic
def record_passage(
    user: Any,
    paper: CouncilPaper,
    *,
    body: Body,
    outcome: str,
    date: dt.date | None = None,
    meeting: Meeting | None = None,
    note: str = "",
) -> Passage:
    """The lead committee or the council dealt with the paper."""
    require(user, "council.manage")
    errors: dict[str, str] = {}
    if body not in deciding_bodies(paper.process):
        errors["body"] = _("Only the lead committee and the council deal with a council paper.")
    if meeting is not None:
        if meeting.body_id != body.pk:
            errors["meeting"] = _("Please choose a meeting of %(body)s.") % {"body": body}
        elif date is None:
            date = day_of(meeting.starts_at)
        elif date != day_of(meeting.starts_at):
            errors["date"] = _("The meeting was on %(date)s: please give that day.") % {
                "date": date_format(day_of(meeting.starts_at), "SHORT_DATE_FORMAT")
            }
    if date is None and "date" not in errors:
        errors["date"] = _("Please give the day the paper was dealt with, or choose the meeting.")
    if outcome not in Passage.Outcome.values:
        errors["outcome"] = _("Please choose the outcome.")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        errors["note"] = _("The note may have at most %(limit)s characters.") % {
            "limit": NOTE_LIMIT
        }
    if errors:
        raise ValidationError(errors)
    assert date is not None
    passage = Passage.objects.create(
        paper=paper,
        body=body,
        date=date,
        meeting=meeting,
        outcome=outcome,
        note=note,
        recorded_by=actor_name_of(user),
    )
    record(
        "council.passage.recorded",
        actor=user,
        obj=passage,
        payload={
            "paper": paper.number,
            "body": body.slug,
            "date": date.isoformat(),
            "outcome": outcome,
            "meeting": str(meeting.uuid) if meeting else None,
        },
    )
    return passage
