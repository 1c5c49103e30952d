"""The steering group's view of the public's comments: a panel on the version page,
and the home page's link to the drafts open for comment (registered in apps.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from planwerk.core.home import HomeSection
from planwerk.core.permissions import may
from planwerk.papers.models import Version
from planwerk.participation.domain.rules import is_open
from planwerk.participation.models import Paragraph, Publication


def version_panel(request: HttpRequest, version: Version) -> Mapping[str, Any] | None:
    publication = Publication.objects.filter(version=version).first()
    can_publish = may(request.user, "participation.publish", version)
    if publication is None:
        return (
            {"version": version, "publication": None, "can_publish": can_publish}
            if (can_publish)
            else None
        )
    counts = dict(
        Paragraph.objects.filter(publication=publication)
        .order_by()
        .values("section_id")
        .annotate(n=Sum("comment_count"))
        .values_list("section_id", "n")
    )
    rows = [
        {"label": f"{s.label} {s.title}".strip(), "count": counts.get(s.id, 0)}
        for s in version.paper()
        if s.id in counts
    ]
    return {
        "version": version,
        "publication": publication,
        "rows": rows,
        "is_open": is_open(timezone.now(), publication.opens, publication.closes),
        "can_publish": can_publish,
    }


def home(request: HttpRequest) -> Mapping[str, Any] | None:
    found = list(
        Publication.objects.select_related("version__draft__body").defer("version__sections")
    )
    if not found:
        return None
    now = timezone.now()
    return {"open": [p for p in found if is_open(now, p.opens, p.closes)]}


HOME = HomeSection("participation.open", 15, "participation/_home.html", home)
