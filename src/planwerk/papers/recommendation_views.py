"""Taking a change recommendation into the draft, or answering why not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwerk.core.permissions import may, permission, require
from planwerk.papers import recommendations
from planwerk.papers.models import Draft, Recommendation


def _recommendation(request: HttpRequest, uuid: str) -> Recommendation:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("version__draft__body", "version__draft__stage"),
        uuid=uuid,
    )
    require(request.user, "papers.edit", recommendation.version.draft)
    return recommendation


def _back(draft: Draft) -> str:
    return reverse("papers:draft", args=[draft.body.slug, draft.stage.slug]) + "#empfehlungen"


@permission("papers.edit")
@require_POST
def take(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = _recommendation(request, uuid)
    try:
        section = recommendations.take(request.user, recommendation)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            _("The proposed wording has replaced the paragraph in the section “%(title)s”.")
            % {"title": section.title}
            if recommendation.paragraph_id
            else _("The proposed wording is now the text of the section “%(title)s”.")
            % {"title": section.title},
        )
    return redirect(_back(recommendation.version.draft))


@permission("papers.edit")
@require_POST
def decline(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = _recommendation(request, uuid)
    try:
        recommendations.decline(request.user, recommendation, request.POST.get("answer", ""))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Your answer has been recorded."))
    return redirect(_back(recommendation.version.draft))


def draft_panel(request: HttpRequest, draft: Draft) -> dict[str, object] | None:
    """The draft page's list of change recommendations, when there are any."""
    found = list(recommendations.of_draft(draft))
    if not found:
        return None
    shown = [recommendations.shown(r) for r in found]
    return {
        "open": [s for s in shown if s["recommendation"].status == Recommendation.Status.OPEN],
        "answered": [s for s in shown if s["recommendation"].status != Recommendation.Status.OPEN],
        "can_edit": may(request.user, "papers.edit", draft),
    }
