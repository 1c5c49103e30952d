"""What the public pages read: few queries whatever the number of paragraphs and
comments, and the rendered list of paragraphs kept in the shared cache until the
next write raises the publication's generation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import get_language

from planwerk.participation.models import Comment, Paragraph, Publication, Support

#: How long a rendered page stays in the cache (a write replaces it at once).
FRAGMENT_SECONDS = 24 * 60 * 60


def publications() -> QuerySet[Publication]:
    return Publication.objects.select_related("version__draft__body", "version__draft__stage")


def publication(uuid: Any) -> Publication:
    """The publication, without its version's frozen text (only a cache miss reads it)."""
    return get_object_or_404(publications().defer("version__sections"), uuid=uuid)


@dataclass
class SectionBlock:
    id: str
    label: str
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


def sections(pub: Publication) -> list[SectionBlock]:
    """The version's sections in order, each with its paragraphs (two queries)."""
    paper = pub.version.paper()
    blocks = {s.id: SectionBlock(s.id, s.label, s.title) for s in paper}
    for paragraph in Paragraph.objects.filter(publication=pub).order_by("position"):
        block = blocks.get(paragraph.section_id)
        if block is not None:
            block.paragraphs.append(paragraph)
    return list(blocks.values())


def fragment_key(pub: Publication, language: str) -> str:
    return f"participation:page:{pub.pk}:{pub.generation}:{language}"


def paragraphs_fragment(pub: Publication) -> str:
    """The page's list of sections and paragraphs with their comment counts, rendered
    once per publication, language and generation."""
    key = fragment_key(pub, get_language() or "de")
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "participation/_paragraphs.html", {"publication": pub, "sections": sections(pub)}
        )
        cache.set(key, html, FRAGMENT_SECONDS)
    return str(html)


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]
    older: bool  # about an older wording of the paragraph
    supported: bool = False


def threads(pub: Publication, paragraph: Paragraph, user: Any) -> list[Thread]:
    """The comments on the paragraph (also those written on earlier versions of the
    draft), each with its replies; a few queries whatever their number."""
    version = pub.version
    roots = list(
        Comment.objects.filter(
            paragraph_key=paragraph.paragraph_id,
            parent__isnull=True,
            publication__version__draft_id=version.draft_id,
            publication__version__number__lte=version.number,
        ).select_related("paragraph", "publication__version")
    )
    replies: dict[int, list[Comment]] = {}
    for reply in Comment.objects.filter(parent__in=[c.pk for c in roots]):
        replies.setdefault(reply.parent_id or 0, []).append(reply)
    supported: set[int] = set()
    if getattr(user, "is_authenticated", False):
        ids = [c.pk for c in roots] + [r.pk for rs in replies.values() for r in rs]
        supported = set(
            Support.objects.filter(supporter=user, comment_id__in=ids).values_list(
                "comment_id", flat=True
            )
        )
    found = []
    for root in roots:
        thread = Thread(root, replies.get(root.pk, []), root.paragraph.text != paragraph.text)
        thread.supported = root.pk in supported
        for reply in thread.replies:
            reply.supported = reply.pk in supported  # type: ignore[attr-defined]
        found.append(thread)
    return found
