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
from planwerk.papers.domain.diff import diff_papers
from planwerk.papers.domain.paper import line_ranges, number_lines
from planwerk.papers.forms import CompareForm, EditSectionForm, SectionForm
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


def _sections_shown(draft: Draft) -> list[dict[str, Any]]:
    return [
        {
            "section": s,
            "html": markdown(s.text, below=3),
            "form": EditSectionForm(
                initial={"title": s.title, "text": s.text, "revision": s.revision},
                prefix=str(s.uuid),
            ),
        }
        for s in draft.sections.all()
    ]


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
            "sections": _sections_shown(draft) if draft else [],
            "versions": list(draft.versions.all()) if draft else [],
            "can_edit": can_edit,
            "can_submit": may(request.user, "papers.submit", body),
            "add_form": SectionForm(),
            "panels": extensions.draft_panels(request, draft) if draft else [],
        },
    )


@permission("papers.edit")
@require_POST
def section_add(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    body = _body(slug)
    draft = services.open_draft(request.user, body, _stage(body, stage))
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.add_section(
                request.user, draft, form.cleaned_data["title"], form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The section has been added."))
            return redirect("papers:draft", slug, stage)
    return render(
        request,
        "papers/section_edit.html",
        {"body": body, "draft": draft, "form": form, "adding": True},
        status=400,
    )


@permission("papers.edit")
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, slug: str, stage: str, section: str) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.edit")
    section_ = get_object_or_404(Section, draft=draft, uuid=section)
    prefix = str(section_.uuid)
    context: dict[str, Any] = {"body": draft.body, "draft": draft, "section": section_}
    if request.method == "GET":
        context["form"] = EditSectionForm(
            initial={"title": section_.title, "text": section_.text, "revision": section_.revision},
            prefix=prefix,
        )
        return render(request, "papers/section_edit.html", context)
    form = EditSectionForm(request.POST, prefix=prefix)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_section(
                request.user, section_, data["title"], data["text"], data["revision"]
            )
        except services.EditConflict as conflict:
            current = conflict.current
            mine = EditSectionForm(
                initial={
                    "title": conflict.title,
                    "text": conflict.text,
                    "revision": current.revision,
                },
                prefix=prefix,
            )
            return render(
                request,
                "papers/conflict.html",
                {
                    **context,
                    "current": current,
                    "current_html": markdown(current.text, below=3),
                    "mine_title": conflict.title,
                    "mine_text": conflict.text,
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


@permission("papers.view")
def version_detail(request: HttpRequest, slug: str, stage: str, number: int) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.view")
    version = get_object_or_404(Version, draft=draft, number=number)
    lines = number_lines(version.paper())
    ranges = line_ranges(lines)
    sections = []
    for s in version.paper():
        sections.append(
            {
                "section": s,
                "lines": [line for line in lines if line.section_id == s.id and not line.heading],
                "heading": next(
                    (line for line in lines if line.section_id == s.id and line.heading), None
                ),
                "range": ranges.get(s.id),
            }
        )
    return render(
        request,
        "papers/version.html",
        {
            "body": draft.body,
            "draft": draft,
            "version": version,
            "sections": sections,
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
