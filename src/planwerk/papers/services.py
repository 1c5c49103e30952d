"""What users do with drafts: one function per action, each one transaction,
permission first, an audit entry with the change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body
from planwerk.core.permissions import may, require
from planwerk.papers import extensions
from planwerk.papers.models import Draft, Section, Version
from planwerk.processes.models import Stage

TITLE_LIMIT = 300
TEXT_LIMIT = 100_000


@dataclass
class EditConflict(Exception):
    """Somebody else saved the section since it was opened: both texts, nothing saved."""

    current: Section
    title: str
    text: str


def current_stage(stages: list[Stage], on: dt.date | None = None) -> Stage | None:
    """The stage running on a day; before the first, the first; after the last, the last."""
    if not stages:
        return None
    on = on or timezone.localdate()
    for stage in stages:
        if stage.starts <= on <= stage.ends:
            return stage
    started = [s for s in stages if s.starts <= on]
    return started[-1] if started else stages[0]


def _clean(title: str, text: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    text = (text or "").replace("\r\n", "\n").strip("\n")
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Please give the section a title.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("The title may have at most %(limit)s characters.") % {
            "limit": TITLE_LIMIT
        }
    if len(text) > TEXT_LIMIT:
        errors["text"] = _("The text may have at most %(limit)s characters.") % {
            "limit": TEXT_LIMIT
        }
    if errors:
        raise ValidationError(errors)
    return title, text


def draft_of(body: Body, stage: Stage) -> Draft | None:
    return Draft.objects.filter(body=body, stage=stage).first()


@transaction.atomic
def open_draft(user: Any, body: Body, stage: Stage) -> Draft:
    """The body's draft for the stage; created the first time somebody who may write
    it opens it (a member of the body, or the coordination)."""
    require(user, "papers.view", body)
    if stage.process_id != body.process_id:
        raise ValidationError(_("This stage belongs to another process."))
    draft = draft_of(body, stage)
    if draft is not None:
        return draft
    require(user, "papers.edit", body)
    draft, created = Draft.objects.get_or_create(
        body=body, stage=stage, defaults={"created_by": actor_name_of(user)}
    )
    if created:
        record("papers.draft.created", actor=user, obj=draft, payload={"stage": stage.slug})
    return draft


@transaction.atomic
def add_section(user: Any, draft: Draft, title: str, text: str) -> Section:
    require(user, "papers.edit", draft)
    title, text = _clean(title, text)
    Draft.objects.select_for_update().get(pk=draft.pk)
    order = (draft.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section.objects.create(
        draft=draft, order=order, title=title, text=text, modified_by=actor_name_of(user)
    )
    record(
        "papers.section.added",
        actor=user,
        obj=section,
        payload={"draft": str(draft.uuid), "title": title},
    )
    return section


@transaction.atomic
def edit_section(user: Any, section: Section, title: str, text: str, revision: int) -> Section:
    """Save a section opened at `revision`. If somebody saved it since, nothing is
    saved and EditConflict carries both texts."""
    require(user, "papers.edit", section.draft)
    title, text = _clean(title, text)
    current = Section.objects.select_for_update().get(pk=section.pk)
    if current.revision != revision:
        raise EditConflict(current, title, text)
    if current.title == title and current.text == text:
        return current
    Section.objects.filter(pk=current.pk, revision=revision).update(
        title=title,
        text=text,
        revision=F("revision") + 1,
        modified_by=actor_name_of(user),
        modified=timezone.now(),
    )
    current.refresh_from_db()
    record(
        "papers.section.changed",
        actor=user,
        obj=current,
        payload={"revision": current.revision, "title": title},
    )
    return current


@transaction.atomic
def submit(user: Any, draft: Draft) -> Version:
    """Freeze the draft's sections as the next numbered version."""
    require(user, "papers.submit", draft)
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    sections = [s.as_paper() for s in locked.sections.all()]
    if not sections:
        raise ValidationError(_("An empty draft cannot be submitted: add a section first."))
    problems = extensions.submit_problems(locked, user)
    if problems:
        raise ValidationError(problems)
    number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = Version.objects.create(
        draft=locked,
        number=number,
        sections=[{"id": s.id, "title": s.title, "text": s.text} for s in sections],
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
        submitted_by_name=actor_name_of(user),
        submitted_at=timezone.now(),
    )
    record(
        "papers.version.submitted",
        actor=user,
        obj=version,
        payload={"draft": str(locked.uuid), "number": number, "sections": len(sections)},
    )
    extensions.run_submitted(version, user)
    return version


def may_edit(user: Any, draft_or_body: Any) -> bool:
    return may(user, "papers.edit", draft_or_body)
