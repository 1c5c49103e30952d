"""Change recommendations: new wording for a section, proposed by a statement or a
requirement, taken into the draft with one action or answered why not.

`propose` is called by the app whose service records the statement or requirement,
inside its transaction and after its own permission check. `take` and `decline` are
what the body that writes the draft does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.core.permissions import require
from planwerk.papers import services
from planwerk.papers.domain.diff import Piece, diff_words
from planwerk.papers.models import Draft, Recommendation, Section, Version

TEXT_LIMIT = 100_000
ANSWER_LIMIT = 5_000


def propose(
    version: Version,
    section_id: str,
    text: str,
    source: str,
    source_url: str = "",
    actor: Any = None,
) -> Recommendation:
    """Record new wording for a section of `version` (called by another app's service)."""
    text = (text or "").replace("\r\n", "\n").strip("\n")
    if not text.strip():
        raise ValidationError({"proposed_text": _("Please give the proposed wording.")})
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            {
                "proposed_text": _("The text may have at most %(limit)s characters.")
                % {"limit": TEXT_LIMIT}
            }
        )
    if not any(s.id == section_id for s in version.paper()):
        raise ValidationError({"section": _("This section is not part of the version.")})
    recommendation = Recommendation.objects.create(
        version=version,
        section_id=section_id,
        proposed_text=text,
        source=source[:300],
        source_url=source_url[:500],
    )
    record(
        "papers.recommendation.proposed",
        actor=actor,
        obj=recommendation,
        payload={"version": str(version.uuid), "section": section_id, "source": source[:300]},
    )
    return recommendation


def of_draft(draft: Draft) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(version__draft=draft).select_related("version")


def _open(recommendation: Recommendation) -> Recommendation:
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status != Recommendation.Status.OPEN:
        raise ValidationError(_("This recommendation has already been answered."))
    return locked


@transaction.atomic
def take(user: Any, recommendation: Recommendation) -> Section:
    """Put the proposed wording into the draft's section (as a new revision)."""
    draft = recommendation.version.draft
    require(user, "papers.edit", draft)
    locked = _open(recommendation)
    section = (
        Section.objects.select_for_update().filter(draft=draft, uuid=locked.section_id).first()
    )
    if section is None:
        raise ValidationError(
            _(
                "The section no longer exists in the draft: answer why the recommendation is not taken."  # noqa: E501
            )
        )
    # The papers service saves it: the same checks, a new revision, and the ids of the
    # paragraphs carried over (kept where a paragraph stayed or changed in place).
    section = services.edit_section(
        user, section, section.title, locked.proposed_text, section.revision
    )
    locked.status = Recommendation.Status.TAKEN
    locked.answered_by_name = actor_name_of(user)
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by_name", "answered_at", "modified"])
    record(
        "papers.recommendation.taken",
        actor=user,
        obj=locked,
        payload={"section": locked.section_id, "version": str(locked.version.uuid)},
    )
    return section


@transaction.atomic
def decline(user: Any, recommendation: Recommendation, answer: str) -> Recommendation:
    """Answer why the proposed wording is not taken into the draft."""
    require(user, "papers.edit", recommendation.version.draft)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Please say why the recommendation is not taken.")})
    if len(answer) > ANSWER_LIMIT:
        raise ValidationError(
            {
                "answer": _("The answer may have at most %(limit)s characters.")
                % {"limit": ANSWER_LIMIT}
            }
        )
    locked = _open(recommendation)
    locked.status = Recommendation.Status.DECLINED
    locked.answer = answer
    locked.answered_by_name = actor_name_of(user)
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answer", "answered_by_name", "answered_at", "modified"])
    record(
        "papers.recommendation.declined",
        actor=user,
        obj=locked,
        payload={"section": locked.section_id, "version": str(locked.version.uuid)},
    )
    return locked


def shown(recommendation: Recommendation) -> dict[str, Any]:
    """What a page shows of a recommendation: the section's title and the proposed
    wording as a diff against the version it is about."""
    section = recommendation.section()
    before = section.text if section else ""
    pieces: tuple[Piece, ...] = diff_words(before, recommendation.proposed_text)
    return {
        "recommendation": recommendation,
        "title": section.title if section else "",
        "pieces": pieces,
    }
