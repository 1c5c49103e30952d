"""What users do with drafts: one function per action, each one transaction,
permission first, an audit entry with the change."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body
from planwerk.core.permissions import may, require
from planwerk.papers import extensions
from planwerk.papers.domain.paragraphs import carry_ids, paragraphs
from planwerk.papers.domain.structure import FieldSpec, PartSpec, Structure, name_in
from planwerk.papers.models import Draft, Section, Version
from planwerk.processes.models import Stage

TITLE_LIMIT = 300
TEXT_LIMIT = 100_000
FIELD_LIMIT = 20_000


@dataclass
class EditConflict(Exception):
    """Somebody else saved the section since it was opened: both texts, nothing saved."""

    current: Section
    title: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)


def new_paragraph_id() -> str:
    return uuid.uuid4().hex[:12]


def paragraph_ids(previous_ids: list[str], previous_text: str, text: str) -> list[str]:
    """The identifiers of the paragraphs of `text`: kept where a paragraph stayed or
    was changed in place, new for inserted ones."""
    pairs = list(zip(previous_ids or [], paragraphs(previous_text), strict=False))
    return carry_ids(pairs, text, new_paragraph_id)


def name_of(spec: PartSpec | FieldSpec) -> str:
    """A part's or field's name in the active language."""
    return name_in(spec.name, translation.get_language() or "de", spec.slug)


part_name = name_of


def _check_place(structure: Structure, part: str, parent: Section | None) -> PartSpec | None:
    """The part a new section may have there, or ValidationError saying what may."""
    spec = structure.find(part) if part else None
    if part and spec is None:
        raise ValidationError(
            {"part": _("This stage's paper has no part “%(part)s”.") % {"part": part}}
        )
    parent_part = None if parent is None else parent.part
    if structure.fits(part, parent_part):
        return spec
    allowed = structure.allowed(parent_part)
    what = capfirst(part_name(spec) if spec else _("a free section"))
    if parent is None:
        message = _("%(what)s cannot stand at the top level of this paper.") % {"what": what}
    elif not allowed:
        message = _("Nothing can be added below “%(title)s”.") % {"title": parent.title}
    else:
        message = _("%(what)s cannot stand below “%(title)s”.") % {
            "what": what,
            "title": parent.title,
        }
    if allowed:
        message += " " + _("Allowed there: %(parts)s.") % {
            "parts": ", ".join(part_name(p) for p in allowed)
        }
    raise ValidationError({"part": message})


def _clean_fields(spec: PartSpec | None, fields: Mapping[str, str] | None) -> dict[str, str]:
    """The part's fields with text (each optional); unknown fields are refused."""
    known = {f.slug: f for f in spec.fields} if spec else {}
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for slug, value in (fields or {}).items():
        if slug not in known:
            errors["__all__"] = _("This part has no field “%(field)s”.") % {"field": slug}
            continue
        text = str(value or "").replace("\r\n", "\n").strip("\n")
        if len(text) > FIELD_LIMIT:
            errors[f"field_{slug}"] = _("A field may have at most %(limit)s characters.") % {
                "limit": FIELD_LIMIT
            }
        elif text.strip():
            cleaned[slug] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


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
def add_section(
    user: Any,
    draft: Draft,
    title: str,
    text: str,
    *,
    part: str = "",
    parent: Section | None = None,
    fields: Mapping[str, str] | None = None,
) -> Section:
    """Add a section at the end of the paper's top level, or below `parent`. What it
    may be (`part`) comes from the stage's structure in the definition: at the top
    level its top-level parts (or a free section), below a section the children of
    that section's part; anything else is refused."""
    require(user, "papers.edit", draft)
    title, text = _clean(title, text)
    locked = Draft.objects.select_related("stage").select_for_update().get(pk=draft.pk)
    if parent is not None and parent.draft_id != locked.pk:
        raise ValidationError({"part": _("The section to add below is not in this draft.")})
    spec = _check_place(locked.structure(), part or "", parent)
    values = _clean_fields(spec, fields)
    order = (locked.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section.objects.create(
        draft=locked,
        order=order,
        title=title,
        text=text,
        part=part or "",
        parent=parent,
        fields=values,
        paragraph_ids=paragraph_ids([], "", text),
        modified_by=actor_name_of(user),
    )
    record(
        "papers.section.added",
        actor=user,
        obj=section,
        payload={
            "draft": str(locked.uuid),
            "title": title,
            "part": section.part,
            "parent": str(parent.uuid) if parent else None,
        },
    )
    return section


@transaction.atomic
def edit_section(
    user: Any,
    section: Section,
    title: str,
    text: str,
    revision: int,
    fields: Mapping[str, str] | None = None,
    ids: Sequence[str] | None = None,
) -> Section:
    """Save a section opened at `revision`: its title, text and (when given) the
    fields of its part. If somebody saved it since, nothing is saved and
    EditConflict carries both texts. The paragraphs' identifiers are carried over,
    unless `ids` gives them (one per paragraph of the new text, each once: taking a
    recommendation for one paragraph keeps its identifier)."""
    require(user, "papers.edit", section.draft)
    title, text = _clean(title, text)
    current = Section.objects.select_for_update().get(pk=section.pk)
    if fields is None:
        values = dict(current.fields or {})
    else:
        values = _clean_fields(section.draft.structure().find(current.part), fields)
    if current.revision != revision:
        raise EditConflict(current, title, text, values)
    if current.title == title and current.text == text and current.fields == values:
        return current
    Section.objects.filter(pk=current.pk, revision=revision).update(
        title=title,
        text=text,
        fields=values,
        paragraph_ids=(
            list(ids)
            if ids is not None and len(ids) == len(paragraphs(text)) == len(set(ids)) and all(ids)
            else paragraph_ids(current.paragraph_ids, current.text, text)
        ),
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
    sections = locked.snapshot()
    if not sections:
        raise ValidationError(_("An empty draft cannot be submitted: add a section first."))
    problems = extensions.submit_problems(locked, user)
    if problems:
        raise ValidationError(problems)
    number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = Version.objects.create(
        draft=locked,
        number=number,
        sections=sections,
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
