"""Pages of drafts. Views parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.bodies.models import Body
from planwerk.core.forms import apply_errors
from planwerk.core.markdown import render as markdown
from planwerk.core.permissions import may, permission, require
from planwerk.papers import extensions, services
from planwerk.papers import snapshot as snapshots
from planwerk.papers.domain.diff import diff_papers
from planwerk.papers.domain.paper import Section as PaperSection
from planwerk.papers.domain.paper import line_ranges, number_lines
from planwerk.papers.domain.structure import FieldSpec, Structure, label
from planwerk.papers.forms import AddSectionForm, CompareForm, EditSectionForm, initial_of
from planwerk.papers.models import Draft, Section, Version
from planwerk.processes.models import Stage
from planwerk.processes.queries import current_process


def _body(slug: str) -> Body:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return get_object_or_404(
        Body.objects.select_related("process"),
        process=process,
        slug=slug,
        kind=Body.Kind.EXPERT_GROUP,
    )


def _stage(body: Body, slug: str) -> Stage:
    return get_object_or_404(Stage, process=body.process, slug=slug)


def _draft(request: HttpRequest, slug: str, stage_slug: str, action: str) -> Draft:
    body = _body(slug)
    draft = services.draft_of(body, _stage(body, stage_slug))
    if draft is None:
        require(request.user, action, body)
        raise Http404(_("This draft has not been started yet."))
    # Asked of the draft itself: members of a body consulted on it may read it.
    require(request.user, action, draft)
    return draft


@permission("papers.view")
def body_drafts(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "papers.view", body)
    stages = list(body.process.stages.all())
    drafts = {d.stage_id: d for d in Draft.objects.filter(body=body).prefetch_related("versions")}
    rows = [{"stage": s, "draft": drafts.get(s.pk)} for s in stages]
    return render(
        request,
        "papers/body_drafts.html",
        {
            "body": body,
            "rows": rows,
            "current": services.current_stage(stages),
            "can_edit": may(request.user, "papers.edit", body),
        },
    )


def _field_shown(spec: FieldSpec, text: str) -> dict[str, Any]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {
        "name": services.name_of(spec),
        "kind": spec.kind,
        "lines": lines,
        "html": markdown(text, below=5) if spec.kind != "lines" else "",
    }


def _sections_shown(draft: Draft, can_edit: bool) -> list[dict[str, Any]]:
    """The sections in the tree: number, part, fields, and the forms to edit a
    section and to add one below it."""
    structure = draft.structure()
    shown = []
    for s, number, depth in snapshots.in_tree(draft.sections.all()):
        part = structure.find(s.part) if s.part else None
        values = s.fields or {}
        children = structure.allowed(s.part) if s.part else ()
        name = services.name_of(part) if part else ""
        shown.append(
            {
                "section": s,
                "number": number,
                "label": label(name, number),
                "depth": min(depth, 3),
                "level": min(3 + depth, 6),
                "html": markdown(s.text, below=min(3 + depth, 5)),
                "fields": [
                    _field_shown(f, values[f.slug])
                    for f in (part.fields if part else ())
                    if str(values.get(f.slug) or "").strip()
                ],
                "form": EditSectionForm(initial=initial_of(s), prefix=str(s.uuid), part=part)
                if can_edit
                else None,
                "below_form": AddSectionForm(parts=children, free=False, prefix=f"below-{s.uuid}")
                if can_edit and children
                else None,
                "below_names": ", ".join(services.name_of(c) for c in children),
            }
        )
    return shown


@permission("papers.view")
def draft_detail(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "papers.view", body)
    stage_ = _stage(body, stage)
    can_edit = may(request.user, "papers.edit", body)
    draft = services.draft_of(body, stage_)
    if draft is None and can_edit:
        draft = services.open_draft(request.user, body, stage_)
    return render(
        request,
        "papers/draft.html",
        {
            "body": body,
            "stage": stage_,
            "draft": draft,
            "sections": _sections_shown(draft, can_edit) if draft else [],
            "versions": list(draft.versions.all()) if draft else [],
            "can_edit": can_edit,
            "can_submit": may(request.user, "papers.submit", body),
            "add_form": AddSectionForm(parts=Structure.of(stage_.structure).parts),
            "panels": extensions.draft_panels(request, draft) if draft else [],
        },
    )


@permission("papers.edit")
@require_POST
def section_add(
    request: HttpRequest, slug: str, stage: str, section: str | None = None
) -> HttpResponse:
    """Add a section at the top level, or below `section` ("add below")."""
    body = _body(slug)
    draft = services.open_draft(request.user, body, _stage(body, stage))
    structure = draft.structure()
    parent = get_object_or_404(Section, draft=draft, uuid=section) if section else None
    if parent is None:
        form = AddSectionForm(request.POST, parts=structure.parts)
    else:
        form = AddSectionForm(
            request.POST,
            parts=structure.allowed(parent.part) if parent.part else (),
            free=False,
            prefix=f"below-{parent.uuid}",
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = services.add_section(
                request.user,
                draft,
                data["title"],
                data["text"],
                part=data.get("part") or "",
                parent=parent,
                fields=form.part_fields(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The section has been added."))
            return redirect(f"{draft_url(draft)}#abschnitt-{added.uuid}")
    return render(
        request,
        "papers/section_edit.html",
        {"body": body, "draft": draft, "form": form, "adding": True, "parent": parent},
        status=400,
    )


@permission("papers.edit")
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, slug: str, stage: str, section: str) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.edit")
    section_ = get_object_or_404(Section, draft=draft, uuid=section)
    part = draft.structure().find(section_.part) if section_.part else None
    prefix = str(section_.uuid)
    context: dict[str, Any] = {"body": draft.body, "draft": draft, "section": section_}
    if request.method == "GET":
        context["form"] = EditSectionForm(initial=initial_of(section_), prefix=prefix, part=part)
        return render(request, "papers/section_edit.html", context)
    form = EditSectionForm(request.POST, prefix=prefix, part=part)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_section(
                request.user,
                section_,
                data["title"],
                data["text"],
                data["revision"],
                fields=form.part_fields(),
            )
        except services.EditConflict as conflict:
            current = conflict.current
            mine_values = {f"field_{k}": v for k, v in conflict.fields.items()}
            mine = EditSectionForm(
                initial={
                    "title": conflict.title,
                    "text": conflict.text,
                    "revision": current.revision,
                    **mine_values,
                },
                prefix=prefix,
                part=part,
            )
            names = {f.slug: services.name_of(f) for f in (part.fields if part else ())}
            return render(
                request,
                "papers/conflict.html",
                {
                    **context,
                    "current": current,
                    "current_html": markdown(current.text, below=3),
                    "current_fields": [
                        (names.get(k, k), v) for k, v in (current.fields or {}).items()
                    ],
                    "mine_title": conflict.title,
                    "mine_text": conflict.text,
                    "mine_fields": [(names.get(k, k), v) for k, v in conflict.fields.items()],
                    "form": mine,
                },
                status=409,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The section has been saved."))
            return redirect(f"{draft_url(draft)}#abschnitt-{section_.uuid}")
    return render(request, "papers/section_edit.html", context, status=400)


def draft_url(draft: Draft) -> str:
    from django.urls import reverse

    return reverse("papers:draft", args=[draft.body.slug, draft.stage.slug])


@permission("papers.submit")
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.submit")
    sections = list(draft.sections.all())
    next_number = draft.versions.count() + 1
    error = ""
    if request.method == "POST":
        try:
            version = services.submit(request.user, draft)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("Version %(number)s has been submitted and frozen.") % {"number": version.number},
            )
            return redirect("papers:version", slug, stage, version.number)
    return render(
        request,
        "papers/submit.html",
        {
            "body": draft.body,
            "draft": draft,
            "sections": sections,
            "next_number": next_number,
            "error": error,
            "problems": extensions.submit_problems(draft, request.user),
        },
        status=400 if error else 200,
    )


def _version_sections(paper: list[PaperSection]) -> list[dict[str, Any]]:
    """Per section of a frozen paper: its numbered title line, its text lines in
    paragraphs (each with its identifier for the anchor `absatz-<id>`), and its
    fields with their numbered lines."""
    lines = number_lines(paper)
    ranges = line_ranges(lines)
    depth_of: dict[str, int] = {}
    shown = []
    for s in paper:
        depth = depth_of[s.id] = depth_of.get(s.parent or "", -1) + 1 if s.parent else 0
        own = [line for line in lines if line.section_id == s.id]
        blocks: list[dict[str, Any]] = []
        fields: list[dict[str, Any]] = []
        for line in own:
            if line.heading:
                continue
            if line.field:
                if line.field_name:
                    fields.append({"name": line, "lines": []})
                else:
                    fields[-1]["lines"].append(line)
            elif blocks and blocks[-1]["id"] == line.paragraph and line.paragraph:
                blocks[-1]["lines"].append(line)
            else:
                blocks.append({"id": line.paragraph, "lines": [line]})
        shown.append(
            {
                "section": s,
                "depth": min(depth, 3),
                "level": min(2 + depth, 6),
                "heading": next((line for line in own if line.heading), None),
                "paragraphs": blocks,
                "fields": fields,
                "range": ranges.get(s.id),
            }
        )
    return shown


@permission("papers.view")
def version_detail(request: HttpRequest, slug: str, stage: str, number: int) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.view")
    version = get_object_or_404(Version, draft=draft, number=number)
    return render(
        request,
        "papers/version.html",
        {
            "body": draft.body,
            "draft": draft,
            "version": version,
            "sections": _version_sections(version.paper()),
            "versions": list(draft.versions.all()),
            "panels": extensions.version_panels(request, version),
        },
    )


@permission("papers.view")
def compare(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.view")
    versions = list(draft.versions.all())
    numbers = [v.number for v in versions]
    initial = {"old": numbers[-2] if len(numbers) > 1 else 1, "new": numbers[-1] if numbers else 1}
    form = CompareForm(request.GET or initial, numbers=numbers)
    diff = old = new = None
    if form.is_valid():
        by_number = {v.number: v for v in versions}
        old = by_number.get(form.cleaned_data["old"])
        new = by_number.get(form.cleaned_data["new"])
        if old is None or new is None:
            form.add_error(None, _("Please choose two versions of this draft."))
        else:
            diff = diff_papers(old.paper(), new.paper())
    return render(
        request,
        "papers/compare.html",
        {
            "body": draft.body,
            "draft": draft,
            "versions": versions,
            "form": form,
            "old": old,
            "new": new,
            "diff": diff,
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )
