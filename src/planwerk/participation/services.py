"""What the coordination and residents do with public comments: publish a version,
comment, reply, support, hide. One function per action, one transaction each, the
permission first, an audit entry; refusals raise ValidationError and change nothing.

The public page reads counts that writes keep (`Paragraph.comment_count`,
`Comment.support_count`), and a cached fragment keyed by `Publication.generation`,
which every write raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.core.markdown import render
from planwerk.core.permissions import require
from planwerk.core.text import Text
from planwerk.core.throttle import throttled_writer
from planwerk.papers.models import Version
from planwerk.participation import pages
from planwerk.participation.domain.rules import (
    MAX_COMMENT,
    clean_comment,
    comment_problem,
    frozen_paragraphs,
    is_open,
)
from planwerk.participation.models import Comment, Paragraph, Publication, Support

#: Comments one account, and one visitor's address, may write per window (seconds).
COMMENTS_PER_ACCOUNT = 10
COMMENTS_PER_CLIENT = 30
COMMENT_WINDOW = 10 * 60


# -- counts and the page's generation ---------------------------------------------------
def _root(comment: Comment) -> Comment:
    return comment.parent if comment.parent_id else comment  # type: ignore[return-value]


def _shown_on(comment: Comment) -> QuerySet[Paragraph]:
    """The paragraphs whose page shows the comment: its paragraph in the version its
    thread was started on and in every later published version of the draft."""
    version = _root(comment).publication.version
    return Paragraph.objects.filter(
        publication__version__draft_id=version.draft_id,
        publication__version__number__gte=version.number,
        paragraph_id=comment.paragraph_key,
    )


def _bump(publication_ids: Any) -> None:
    ids = list(publication_ids)
    Publication.objects.filter(pk__in=ids).update(generation=F("generation") + 1)
    # Readers find the generation in the cache: once this write is committed, the next
    # reader reads it afresh from the database (and with it the page anew).
    # (And at once, for a caller that reads before the commit, as tests do.)
    uuids = list(Publication.objects.filter(pk__in=ids).values_list("uuid", flat=True))
    pages.forget_generations(uuids)
    transaction.on_commit(lambda: pages.forget_generations(uuids))


def _count(comment: Comment, delta: int) -> None:
    shown = _shown_on(comment)
    ids = list(shown.values_list("publication_id", flat=True))
    shown.update(comment_count=F("comment_count") + delta)
    _bump(ids)


def recount(publication: Publication) -> None:
    """Count again every paragraph's visible comments: its own and those of threads
    started on earlier versions of the draft."""
    version = publication.version
    started = Q(
        parent__isnull=True,
        publication__version__draft_id=version.draft_id,
        publication__version__number__lte=version.number,
    ) | Q(
        parent__publication__version__draft_id=version.draft_id,
        parent__publication__version__number__lte=version.number,
    )
    counts = dict(
        Comment.objects.filter(started, hidden_at__isnull=True, removed=False)
        .order_by()
        .values("paragraph_key")
        .annotate(n=Count("pk"))
        .values_list("paragraph_key", "n")
    )
    changed = []
    for paragraph in publication.paragraphs.all():
        count = counts.get(paragraph.paragraph_id, 0)
        if paragraph.comment_count != count:
            paragraph.comment_count = count
            changed.append(paragraph)
    Paragraph.objects.bulk_update(changed, ["comment_count"])
    _bump([publication.pk])


# -- publishing ---------------------------------------------------------------------------
def check_publication(version: Version, opens: dt.datetime, closes: dt.datetime) -> None:
    """The refusals of `publish`, for the confirmation page before it."""
    if Publication.objects.filter(version=version).exists():
        raise ValidationError(_("This version has already been published for comment."))
    if closes <= opens:
        raise ValidationError({"closes": [_("The comment period must end after it begins.")]})
    if not frozen_paragraphs(version.sections):
        raise ValidationError(_("This version has no text to comment on."))


def publish(
    user: Any,
    version: Version,
    opens: dt.datetime,
    closes: dt.datetime,
    summary: Any = None,
    easy_summary: Any = None,
) -> Publication:
    """Publish the version for comment from `opens` until `closes`. Its paragraphs are
    rendered here, once; comments on the same paragraphs of earlier versions come along."""
    require(user, "participation.publish", version)
    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version.pk)
        check_publication(version, opens, closes)
        publication = Publication.objects.create(
            version=version,
            opens=opens,
            closes=closes,
            summary=Text.of(summary),
            easy_summary=Text.of(easy_summary),
            published_by=user,
            published_by_name=user.get_username(),
        )
        Paragraph.objects.bulk_create(
            Paragraph(
                publication=publication,
                position=p.position,
                section_id=p.section_id,
                paragraph_id=p.paragraph_id,
                text=p.text,
                html=str(render(p.text, below=2)),
            )
            for p in frozen_paragraphs(version.sections)
        )
        recount(publication)
        record(
            "participation.publication.published",
            actor=user,
            obj=publication,
            payload={"version": str(version.uuid), "opens": opens, "closes": closes},
        )
    return publication


# -- writing ------------------------------------------------------------------------------
def author_name(user: Any) -> str:
    from planwerk.residents.services import resident_of

    resident = resident_of(user)
    if resident is not None:
        return resident.display_name
    person = getattr(user, "person", None)
    return str(person) if person is not None else (user.get_full_name() or user.get_username())


def _check_writer(request: HttpRequest) -> None:
    from planwerk.residents.services import require_confirmed

    require(request.user, "participation.comment")
    require_confirmed(request.user)


def _check_open(publication: Publication) -> None:
    if not is_open(timezone.now(), publication.opens, publication.closes):
        raise ValidationError(_("Comments on this draft are taken only during its comment period."))


def write_comment(
    request: HttpRequest,
    publication: Publication,
    paragraph_key: str,
    text: str,
    parent: Comment | None = None,
) -> Comment:
    """A comment on a paragraph of the published version, or a reply to a comment shown
    there. Throttled per account and per visitor's address."""
    _check_writer(request)
    user: Any = request.user
    _check_open(publication)
    paragraph = Paragraph.objects.filter(
        publication=publication, paragraph_id=paragraph_key
    ).first()
    if paragraph is None:
        raise ValidationError(_("This paragraph does not exist in this version."))
    if parent is not None:
        root_version = parent.publication.version
        if (
            parent.parent_id is not None
            or parent.paragraph_key != paragraph_key
            or root_version.draft_id != publication.version.draft_id
            or root_version.number > publication.version.number
            or not parent.visible
        ):
            raise ValidationError(_("This comment cannot be answered here."))
    cleaned = clean_comment(text)
    problem = comment_problem(cleaned)
    if problem == "empty":
        raise ValidationError({"text": [_("Please write your comment.")]})
    if problem == "too_long":
        raise ValidationError(
            {
                "text": [
                    _("A comment may have at most %(max)s characters; this one has %(n)s.")
                    % {"max": MAX_COMMENT, "n": len(cleaned)}
                ]
            }
        )
    if throttled_writer(
        request,
        "participation.comment",
        per_account=COMMENTS_PER_ACCOUNT,
        per_client=COMMENTS_PER_CLIENT,
        window=COMMENT_WINDOW,
    ):
        raise PermissionDenied(
            _("You have written many comments in a short time. Please wait ten minutes.")
        )
    with transaction.atomic():
        comment = Comment.objects.create(
            publication=publication,
            paragraph=paragraph,
            paragraph_key=paragraph_key,
            parent=parent,
            author=user,
            author_name=author_name(user),
            text=cleaned,
            html=linebreaks(cleaned, autoescape=True),
        )
        _count(comment, +1)
        record(
            "participation.comment.written",
            actor=user,
            obj=comment,
            payload={"paragraph": paragraph_key, "reply_to": str(parent.uuid) if parent else ""},
        )
    return comment


def shown_here(comment: Comment, publication: Publication) -> bool:
    root_version = _root(comment).publication.version
    return (
        root_version.draft_id == publication.version.draft_id
        and root_version.number <= publication.version.number
        and publication.paragraphs.filter(paragraph_id=comment.paragraph_key).exists()
    )


def support(request: HttpRequest, publication: Publication, comment: Comment) -> None:
    """Support a comment shown on the publication's page, once per person."""
    _check_writer(request)
    user: Any = request.user
    _check_open(publication)
    if not comment.visible or not shown_here(comment, publication):
        raise ValidationError(_("This comment cannot be supported here."))
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot support your own comment."))
    already = ValidationError(_("You have already supported this comment."))
    if Support.objects.filter(comment=comment, supporter=user).exists():
        raise already
    try:
        with transaction.atomic():
            Support.objects.create(comment=comment, supporter=user)
            Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") + 1)
            _bump(_shown_on(comment).values_list("publication_id", flat=True))
            record("participation.comment.supported", actor=user, obj=comment)
    except IntegrityError:
        raise already from None


# -- moderation ---------------------------------------------------------------------------
def hide(user: Any, comment: Comment, reason: str) -> Comment:
    """Hide a comment; the reason is shown in its place and the author is told."""
    require(user, "participation.moderate", comment)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give the reason for hiding the comment.")]})
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.hidden_at is not None:
            raise ValidationError(_("This comment is hidden already."))
        was_counted = not comment.removed
        comment.hidden_at = timezone.now()
        comment.hidden_reason = reason
        comment.hidden_by_name = user.get_username()
        comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by_name"])
        if was_counted:
            _count(comment, -1)
        else:
            _bump(_shown_on(comment).values_list("publication_id", flat=True))
        record("participation.comment.hidden", actor=user, obj=comment, payload={"reason": reason})
        if comment.author_id is not None:
            from planwerk.participation import tasks

            pk = comment.pk
            transaction.on_commit(lambda: tasks.send_hidden_notice.enqueue(pk))
    return comment


# -- a resident's data ----------------------------------------------------------------------
def export_for(user: Any) -> dict[str, Any]:
    comments = Comment.objects.filter(author=user).select_related("publication__version")
    supports = Support.objects.filter(supporter=user).select_related("comment")
    return {
        "comments": [
            {
                "id": str(c.uuid),
                "publication": str(c.publication.uuid),
                "version": str(c.publication.version.uuid),
                "paragraph": c.paragraph_key,
                "reply_to": str(c.parent.uuid) if c.parent else None,
                "written": c.created.isoformat(),
                "text": c.text,
                "name": c.author_name,
                "supports": c.support_count,
                "hidden": bool(c.hidden_at),
                "hidden_reason": c.hidden_reason,
            }
            for c in comments
        ],
        "supports": [
            {"comment": str(s.comment.uuid), "given": s.created.isoformat()} for s in supports
        ],
    }


def delete_for(user: Any, keep: bool) -> None:
    """On deleting an account: its comments stay anonymised or go, its supports go."""
    touched: set[int] = set()
    for s in Support.objects.filter(supporter=user).select_related("comment"):
        Comment.objects.filter(pk=s.comment_id).update(support_count=F("support_count") - 1)
        touched.add(s.comment.publication_id)
    Support.objects.filter(supporter=user).delete()
    own = Comment.objects.filter(author=user)
    touched.update(own.values_list("publication_id", flat=True))
    if keep:
        own.update(author=None, author_name="", anonymised=True)
    else:
        answered_by_others = Comment.objects.filter(parent__author=user).exclude(author=user)
        answered = own.filter(pk__in=answered_by_others.values("parent_id"))
        answered.update(
            author=None, author_name="", anonymised=True, removed=True, text="", html=""
        )
        Comment.objects.filter(author=user).delete()
    drafts = Publication.objects.filter(pk__in=touched).values("version__draft_id")
    for publication in Publication.objects.filter(version__draft_id__in=drafts).select_related(
        "version"
    ):
        recount(publication)
