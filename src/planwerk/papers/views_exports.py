"""Downloads of a version and of the comparison of two, as PDF and as DOCX."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from planwerk.core.permissions import permission
from planwerk.papers import exports
from planwerk.papers.domain.diff import diff_papers
from planwerk.papers.forms import CompareForm
from planwerk.papers.models import Version
from planwerk.papers.views import _draft


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _version(request: HttpRequest, slug: str, stage: str, number: int) -> Version:
    draft = _draft(request, slug, stage, "papers.export")
    return get_object_or_404(
        Version.objects.select_related("draft__body", "draft__stage__process"),
        draft=draft,
        number=number,
    )


@permission("papers.export")
@require_GET
def version_pdf(request: HttpRequest, slug: str, stage: str, number: int) -> HttpResponse:
    version = _version(request, slug, stage, number)
    pdf = exports.pdf_of(exports.paper_html(exports.version_document(version)))
    return download(pdf, exports.version_filename(version, "pdf"), exports.PDF)


@permission("papers.export")
@require_GET
def version_docx(request: HttpRequest, slug: str, stage: str, number: int) -> HttpResponse:
    version = _version(request, slug, stage, number)
    content = exports.docx_of(exports.version_document(version))
    return download(content, exports.version_filename(version, "docx"), exports.DOCX)


def _comparison(request: HttpRequest, slug: str, stage: str, extension: str) -> HttpResponse:
    draft = _draft(request, slug, stage, "papers.export")
    versions = {v.number: v for v in draft.versions.all()}
    form = CompareForm(request.GET, numbers=sorted(versions))
    old = new = None
    if form.is_valid():
        old = versions.get(form.cleaned_data["old"])
        new = versions.get(form.cleaned_data["new"])
    if old is None or new is None:
        # The comparison page says what is wrong with the choice.
        target = reverse("papers:compare", args=[slug, stage])
        return redirect(f"{target}?{urlencode(request.GET)}")
    diff = diff_papers(old.paper(), new.paper())
    filename = exports.comparison_filename(draft, old, new, extension)
    if extension == "pdf":
        html = exports.comparison_html(draft, old, new, diff)
        return download(exports.pdf_of(html), filename, exports.PDF)
    return download(exports.comparison_docx(draft, old, new, diff), filename, exports.DOCX)


@permission("papers.export")
@require_GET
def compare_pdf(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    return _comparison(request, slug, stage, "pdf")


@permission("papers.export")
@require_GET
def compare_docx(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    return _comparison(request, slug, stage, "docx")
