"""What the public pages read: few queries whatever the number of paragraphs and
comments, and the rendered list of paragraphs kept in the shared cache until the
next write raises the publication's generation."""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from typing import Any, cast

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


def _generation_key(uuid: Any) -> str:
    return f"participation:generation:{uuid}"


def generation(uuid: Any) -> int | None:
    """The publication's generation: from the shared cache, or read once from the
    database after a write (None: no such publication)."""
    key = _generation_key(uuid)
    found = cache.get(key)
    if found is None:
        found = Publication.objects.filter(uuid=uuid).values_list("generation", flat=True).first()
        if found is not None:
            cache.set(key, found, FRAGMENT_SECONDS)
    return found


def forget_generations(uuids: Any) -> None:
    cache.delete_many([_generation_key(u) for u in uuids])
    for uuid in uuids:
        _memo.pop(("generation", str(uuid)), None)


# What this process keeps of the shared cache, so that most anonymous reads need no
# round trip at all: each publication's generation for a second (another process's
# write shows here within that second; a write in this process at once), and the
# last pages, split at the CSRF token's place, as bytes.
MEMO_SECONDS = 1.0
MEMO_PAGES = 32
_memo: dict[tuple[str, str], tuple[float, Any]] = {}


def recent_generation(uuid: Any) -> int | None:
    key = ("generation", str(uuid))
    now = time.monotonic()
    hit = _memo.get(key)
    if hit is not None and now - hit[0] < MEMO_SECONDS:
        return int(hit[1])
    found = generation(uuid)
    if found is not None:
        _memo[key] = (now, found)
    return found


@dataclass(frozen=True)
class CachedPage:
    """A page as every anonymous reader gets it: split at the places of the CSRF token
    (one part where the page has no form), and gzip-compressed once where it is the
    same for every reader."""

    parts: tuple[bytes, ...]
    compressed: bytes | None

    def body(self, token: str) -> bytes:
        return token.encode().join(self.parts)


def page_parts(key: str) -> CachedPage | None:
    """The cached page (this process's copy, or the shared cache's)."""
    hit = _memo.get(("page", key))
    if hit is not None:
        return cast(CachedPage, hit[1])
    html = cache.get(key)
    if html is None:
        return None
    return _keep_parts(key, html)


def store_page(key: str, html: str, seconds: int) -> CachedPage:
    cache.set(key, html, seconds)
    return _keep_parts(key, html)


def _keep_parts(key: str, html: str) -> CachedPage:
    parts = tuple(part.encode() for part in html.split(TOKEN_MARK))
    # mtime 0: the same page compresses to the same bytes in every process.
    compressed = gzip.compress(parts[0], compresslevel=6, mtime=0) if len(parts) == 1 else None
    found = CachedPage(parts, compressed)
    pages = [k for k in _memo if k[0] == "page"]
    if len(pages) >= MEMO_PAGES:
        for old in pages:
            _memo.pop(old, None)
    _memo[("page", key)] = (time.monotonic(), found)
    return found


# The anonymous reader's whole page is cached with this in place of the CSRF token,
# which each request puts in (the language switcher is a form).
TOKEN_MARK = "pw-csrf-token-placeholder"  # noqa: S105 - a placeholder, not a secret


def page_key(uuid: Any, generation: int, language: str) -> str:
    return f"participation:anonymous-page:{uuid}:{generation}:{language}"


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
