"""The public pages of comments on drafts, and the coordination's publishing and
moderating. Views parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core.permissions import may, permission
from planwerk.core.tables import respond
from planwerk.papers.models import Version
from planwerk.participation import pages, services, tables
from planwerk.participation.domain.rules import is_open
from planwerk.participation.forms import CommentForm, HideForm, PublishForm
from planwerk.participation.models import Comment, Paragraph


def _apply(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _paragraph_url(pub: Any, key: str) -> str:
    return reverse("participation:paragraph", args=[pub.uuid, key])


def _refused(request: HttpRequest, pub: Any, message: str, status: int = 400) -> HttpResponse:
    return render(
        request,
        "participation/refused.html",
        {"publication": pub, "message": message},
        status=status,
    )


PAGE_SECONDS = 60


@permission("participation.read")
def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    found = list(pages.publications().defer("version__sections"))
    return render(
        request,
        "participation/index.html",
        {
            "open": [p for p in found if is_open(now, p.opens, p.closes)],
            "other": [p for p in found if not is_open(now, p.opens, p.closes)],
        },
    )


@permission("participation.read")
def publication(request: HttpRequest, uuid: Any) -> HttpResponse:
    # Readers must not wait for work that only changes when somebody writes: an
    # anonymous reader without pending messages gets the whole page from the shared
    # cache, keyed by the publication's generation (raised by every write) and the
    # language. The page has no form for an anonymous reader, so it is the same
    # bytes for all of them, compressed once; should it get one, each reader gets a
    # CSRF token of their own put in. The comment period's start and end turn the
    # page too, so the cached page lives at most a minute.
    cacheable = (
        not request.user.is_authenticated and not request.GET and not len(get_messages(request))
    )
    if cacheable:
        current = pages.recent_generation(uuid)
        if current is None:
            raise Http404
        key = pages.page_key(uuid, current, get_language() or "de")
        page = pages.page_parts(key)
        if page is None:
            response = _publication_page(request, uuid, csrf_token=pages.TOKEN_MARK)
            page = pages.store_page(key, response.content.decode(), PAGE_SECONDS)
        if page.compressed is None:
            return HttpResponse(page.body(get_token(request)))
        return _same_for_everyone(request, page)
    return _publication_page(request, uuid)


def _same_for_everyone(request: HttpRequest, page: pages.CachedPage) -> HttpResponse:
    """The cached page as it is, gzip-compressed for a browser that takes it (they all
    do); it holds no secret, so compressing it tells nobody anything."""
    accepts = request.headers.get("Accept-Encoding", "")
    if page.compressed is not None and "gzip" in accepts:
        response = HttpResponse(page.compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.parts[0])
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _publication_page(request: HttpRequest, uuid: Any, **extra: Any) -> HttpResponse:
    pub = pages.publication(uuid)
    return render(
        request,
        "participation/publication.html",
        {
            "publication": pub,
            "is_open": is_open(timezone.now(), pub.opens, pub.closes),
            "fragment": pages.paragraphs_fragment(pub),
            **extra,
        },
    )


def _paragraph_page(
    request: HttpRequest, pub: Any, paragraph: Paragraph, form: CommentForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "participation/paragraph.html",
        {
            "publication": pub,
            "paragraph": paragraph,
            "threads": pages.threads(pub, paragraph, request.user),
            "is_open": is_open(timezone.now(), pub.opens, pub.closes),
            "form": form,
            "can_comment": may(request.user, "participation.comment"),
            "can_moderate": may(request.user, "participation.moderate"),
            "sign_in": reverse("residents:sign_in")
            + "?next="
            + _paragraph_url(pub, paragraph.paragraph_id),
        },
        status=status,
    )


@permission("participation.read")
def paragraph(request: HttpRequest, uuid: Any, key: str) -> HttpResponse:
    pub = pages.publication(uuid)
    found = get_object_or_404(Paragraph, publication=pub, paragraph_id=key)
    return _paragraph_page(request, pub, found, CommentForm())


@permission("participation.comment")
@require_POST
def comment(request: HttpRequest, uuid: Any, key: str) -> HttpResponse:
    pub = pages.publication(uuid)
    form = CommentForm(request.POST)
    found = Paragraph.objects.filter(publication=pub, paragraph_id=key).first()
    parent = None
    error: ValidationError | PermissionDenied | None = None
    if form.is_valid() and form.cleaned_data.get("reply_to"):
        parent = Comment.objects.filter(uuid=form.cleaned_data["reply_to"]).first()
        if parent is None:
            error = ValidationError(_("This comment cannot be answered here."))
    if error is None and form.is_valid():
        try:
            services.write_comment(request, pub, key, form.cleaned_data["text"], parent)
        except (ValidationError, PermissionDenied) as caught:
            error = caught
        else:
            messages.success(request, _("Thank you: your comment is published."))
            return redirect(_paragraph_url(pub, key) + "#kommentare")
    if found is None:
        message = _("This paragraph does not exist in this version.")
        return _refused(request, pub, message)
    status = 400
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        status = 429
    elif isinstance(error, ValidationError):
        _apply(form, error)
    return _paragraph_page(request, pub, found, form, status)


@permission("participation.comment")
@require_POST
def support(request: HttpRequest, uuid: Any, comment_id: Any) -> HttpResponse:
    pub = pages.publication(uuid)
    found = get_object_or_404(Comment.objects.select_related("parent"), uuid=comment_id)
    try:
        services.support(request, pub, found)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        shown = Paragraph.objects.filter(publication=pub, paragraph_id=found.paragraph_key).first()
        if shown is None:
            return _refused(request, pub, error.messages[0], 409)
        return _paragraph_page(request, pub, shown, CommentForm(), 409)
    messages.success(request, _("Thank you for your support."))
    return redirect(_paragraph_url(pub, found.paragraph_key) + f"#kommentar-{found.uuid}")


@permission("participation.moderate")
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, comment_id: Any) -> HttpResponse:
    found = get_object_or_404(
        Comment.objects.select_related("publication__version__draft__body"), uuid=comment_id
    )
    form = HideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.hide(request.user, found, form.cleaned_data["reason"])
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The comment is hidden; its author is told."))
                return redirect(_paragraph_url(found.publication, found.paragraph_key))
        status = 400
    return render(
        request, "participation/hide.html", {"comment": found, "form": form}, status=status
    )


@permission("participation.publish")
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = get_object_or_404(Version.objects.select_related("draft__body"), uuid=uuid)
    form = PublishForm(request.POST or None)
    confirming = False
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data.get("confirmed"):
                    pub = services.publish(
                        request.user,
                        version,
                        data["opens"],
                        data["closes"],
                        data["summary"],
                        data["easy_summary"],
                    )
                    messages.success(request, _("The version is published for comment."))
                    return redirect("participation:publication", uuid=pub.uuid)
                services.check_publication(version, data["opens"], data["closes"])
            except ValidationError as error:
                _apply(form, error)
            else:
                confirming = True
                status = 200
                form = PublishForm(initial={**data, "confirmed": True})
    return render(
        request,
        "participation/publish.html",
        {"version": version, "form": form, "confirming": confirming},
        status=status,
    )


@permission("participation.read")
def comments(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Every comment written on the publication's paragraphs, by paragraph, in pages."""
    pub = pages.publication(uuid)
    page = Paginator(_comments(pub), 200).get_page(request.GET.get("seite"))
    return render(
        request,
        "participation/comments.html",
        {
            "publication": pub,
            "page": page,
            "can_export": may(request.user, "participation.export"),
        },
    )


def _comments(pub: Any) -> QuerySet[Comment]:
    """Every comment on the publication, by paragraph (the page and its table)."""
    listed = Comment.objects.filter(publication=pub).select_related("paragraph", "parent")
    return listed.order_by("paragraph__position", "created", "pk")


@permission("participation.export")
def comments_export(request: HttpRequest, uuid: Any, fmt: str) -> HttpResponse:
    pub = pages.publication(uuid)
    return respond(tables.comments(pub, _comments(pub)), fmt)
