"""Pages of the stage's paper and the council papers. Views parse, call one service,
render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwerk.core.forms import apply_errors
from planwerk.core.permissions import may, permission
from planwerk.council import queries, services
from planwerk.council.forms import PaperForm, PassageForm
from planwerk.council.models import CouncilPaper
from planwerk.papers import exports
from planwerk.papers.models import Version
from planwerk.papers.views_exports import download
from planwerk.processes.models import Stage
from planwerk.processes.queries import current_process


def _stage(slug: str) -> Stage:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return get_object_or_404(Stage.objects.select_related("process"), process=process, slug=slug)


def _paper(stage: Stage, uuid: UUID) -> CouncilPaper:
    return get_object_or_404(
        CouncilPaper.objects.select_related("stage__process"), stage=stage, uuid=uuid
    )


def _names(bodies: list[Any]) -> str:
    return ", ".join(str(b.name) for b in bodies)


def retreat_warning(stage: Stage) -> str | None:
    """While the lead committee has planned fewer retreats than it must hold."""
    found = queries.retreats(stage.process)
    if found is None or not found[1].short:
        return None
    body, count = found
    return ngettext(
        "%(body)s has planned %(planned)s retreat (Klausurtagung) with the expert groups; "
        "at least %(needed)s are needed.",
        "%(body)s has planned %(planned)s retreats (Klausurtagungen) with the expert groups; "
        "at least %(needed)s are needed.",
        count.planned,
    ) % {"body": body.name, "planned": count.planned, "needed": count.needed}


def _stage_warnings(stage: Stage, missing: list[Any]) -> list[str]:
    warnings = []
    if missing:
        warnings.append(
            _("No accepted version yet from: %(bodies)s. They are missing in this paper.")
            % {"bodies": _names(missing)}
        )
    retreat = retreat_warning(stage)
    if retreat:
        warnings.append(retreat)
    return warnings


def _stage_document(stage: Stage) -> tuple[exports.Document, queries.StagePaper]:
    paper = queries.stage_paper(stage)
    document = exports.paper_document(
        _("The paper of the stage: %(stage)s") % {"stage": stage.name},
        str(stage.process.name),
        [str(stage.product)] if str(stage.product) else [],
        paper.versions,
        _stage_warnings(stage, paper.missing),
    )
    return document, paper


@permission("council.view")
def stage_paper(request: HttpRequest, stage: str) -> HttpResponse:
    stage_ = _stage(stage)
    document, paper = _stage_document(stage_)
    return render(
        request,
        "council/stage_paper.html",
        {
            "stage": stage_,
            "document": document,
            "parts": list(zip(document.parts, paper.versions, strict=True)),
            "missing": paper.missing,
            "papers": list(queries.papers_of(stage_)),
            "can_manage": may(request.user, "council.manage"),
        },
    )


@permission("council.view")
@require_GET
def stage_paper_pdf(request: HttpRequest, stage: str) -> HttpResponse:
    stage_ = _stage(stage)
    document, _paper = _stage_document(stage_)
    pdf = exports.pdf_of(exports.paper_html(document))
    return download(pdf, exports.paper_filename(stage_.slug, "pdf"), exports.PDF)


@permission("council.view")
@require_GET
def stage_paper_docx(request: HttpRequest, stage: str) -> HttpResponse:
    stage_ = _stage(stage)
    document, _paper = _stage_document(stage_)
    return download(
        exports.docx_of(document), exports.paper_filename(stage_.slug, "docx"), exports.DOCX
    )


@permission("council.manage")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, stage: str) -> HttpResponse:
    """The form, then a confirmation page that says what will be frozen, then the paper."""
    stage_ = _stage(stage)
    form = PaperForm(request.POST or None)
    paper = queries.stage_paper(stage_)
    if request.method == "POST" and form.is_valid():
        number, title = form.cleaned_data["number"], form.cleaned_data["title"]
        try:
            if request.POST.get("confirmed") == "1":
                created = services.create_paper(request.user, stage_, number=number, title=title)
                messages.success(
                    request,
                    _("Council paper %(number)s has been created.") % {"number": created.number},
                )
                return redirect("council:detail", stage_.slug, created.uuid)
            number, title = services.check_new_paper(stage_, number, title)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(
                request,
                "council/confirm.html",
                {
                    "stage": stage_,
                    "number": number,
                    "title": title,
                    "versions": paper.versions,
                    "warnings": _stage_warnings(stage_, paper.missing),
                },
            )
    return render(
        request,
        "council/create.html",
        {"stage": stage_, "form": form, "versions": paper.versions, "missing": paper.missing},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest, stage: Stage, paper: CouncilPaper, form: PassageForm | None = None
) -> HttpResponse:
    versions = queries.paper_versions(paper)
    bodies = queries.deciding_bodies(stage.process)
    contained = {v.draft.body_id for v in versions}
    not_contained = [g for g in queries.expert_groups(stage.process) if g.pk not in contained]
    warnings = []
    if not_contained:
        warnings.append(
            _("This council paper holds no version of: %(bodies)s.")
            % {"bodies": _names(not_contained)}
        )
    retreat = retreat_warning(stage)
    if retreat:
        warnings.append(retreat)
    passages = list(paper.passages.select_related("body", "meeting").order_by("date", "created"))
    return render(
        request,
        "council/detail.html",
        {
            "stage": stage,
            "paper": paper,
            "versions": versions,
            "warnings": warnings,
            "passages": [
                {
                    "passage": p,
                    "show_meeting": p.meeting and may(request.user, "meetings.view", p.meeting),
                }
                for p in passages
            ],
            "can_manage": may(request.user, "council.manage"),
            "form": form or PassageForm(bodies=bodies),
        },
        status=400 if form is not None and form.errors else 200,
    )


@permission("council.view")
def detail(request: HttpRequest, stage: str, uuid: UUID) -> HttpResponse:
    stage_ = _stage(stage)
    return _detail(request, stage_, _paper(stage_, uuid))


@permission("council.manage")
@require_POST
def passage_add(request: HttpRequest, stage: str, uuid: UUID) -> HttpResponse:
    stage_ = _stage(stage)
    paper = _paper(stage_, uuid)
    form = PassageForm(request.POST, bodies=queries.deciding_bodies(stage_.process))
    if form.is_valid():
        try:
            services.record_passage(request.user, paper, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The passage has been recorded."))
            return redirect("council:detail", stage_.slug, paper.uuid)
    return _detail(request, stage_, paper, form)


def _paper_document(paper: CouncilPaper) -> exports.Document:
    versions: list[Version] = queries.paper_versions(paper)
    return exports.paper_document(
        _("Council paper %(number)s: %(title)s") % {"number": paper.number, "title": paper.title},
        str(paper.stage.process.name),
        [str(paper.stage.name)],
        versions,
    )


@permission("council.view")
@require_GET
def paper_pdf(request: HttpRequest, stage: str, uuid: UUID) -> HttpResponse:
    stage_ = _stage(stage)
    paper = _paper(stage_, uuid)
    pdf = exports.pdf_of(exports.paper_html(_paper_document(paper)))
    return download(pdf, _paper_filename(paper, "pdf"), exports.PDF)


@permission("council.view")
@require_GET
def paper_docx(request: HttpRequest, stage: str, uuid: UUID) -> HttpResponse:
    stage_ = _stage(stage)
    paper = _paper(stage_, uuid)
    return download(
        exports.docx_of(_paper_document(paper)), _paper_filename(paper, "docx"), exports.DOCX
    )


def _paper_filename(paper: CouncilPaper, extension: str) -> str:
    number = paper.number.replace("/", "-")
    return exports.paper_filename(f"{paper.stage.slug}-{number}", extension, prefix="drucksache")
