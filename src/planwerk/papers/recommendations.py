"""Change recommendations: new wording for a section, or for one paragraph of it,
proposed by a statement or a requirement, taken into the draft with one action or
answered why not.

The forms of other apps offer the targets of `wording_choices(version)`: a section
(value `<section id>`) or one of its paragraphs (`<section id>#<paragraph id>`);
`split_target` reads the value back.

`propose` is called by the app whose service records the statement or requirement,
inside its transaction and after its own permission check. `take` and `decline` are
what the body that writes the draft does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.core.permissions import require
from planwerk.papers import services
from planwerk.papers.domain.diff import Piece, diff_words
from planwerk.papers.domain.paper import Section as PaperSection
from planwerk.papers.domain.paper import number_lines
from planwerk.papers.domain.paragraphs import paragraphs, replace_paragraph
from planwerk.papers.models import Draft, Recommendation, Section, Version

TEXT_LIMIT = 100_000
ANSWER_LIMIT = 5_000
SEPARATOR = "#"


def split_target(value: str) -> tuple[str, str]:
    """A choice of `wording_choices` as (section id, paragraph id or "")."""
    section_id, _sep, paragraph_id = (value or "").partition(SEPARATOR)
    return section_id, paragraph_id


def paragraph_of(section: PaperSection, paragraph_id: str) -> tuple[int, str] | None:
    """The number (from 1) and text of the paragraph `paragraph_id` of a section."""
    blocks = paragraphs(section.text)
    ids = list(section.paragraph_ids)[: len(blocks)]
    if not paragraph_id or paragraph_id not in ids:
        return None
    index = ids.index(paragraph_id)
    return index + 1, blocks[index]


def wording_choices(version: Version) -> list[tuple[str, str]]:
    """What new wording can be for: each section of the version and, below it, each
    of its paragraphs, named with its number and first line in the version."""
    paper = version.paper()
    first_line: dict[str, int] = {}
    for line in number_lines(paper):
        if line.paragraph:
            first_line.setdefault(line.paragraph, line.number)
    choices: list[tuple[str, str]] = []
    for section in paper:
        choices.append((section.id, section.title))
        count = len(paragraphs(section.text))
        for n, paragraph_id in enumerate(section.paragraph_ids[:count], start=1):
            values = {"title": section.title, "n": n, "line": first_line.get(paragraph_id)}
            label = (
                _("§ %(title)s, paragraph %(n)s (line %(line)s)") % values
                if values["line"]
                else _("§ %(title)s, paragraph %(n)s") % values
            )
            choices.append((f"{section.id}{SEPARATOR}{paragraph_id}", label))
    return choices


def check_target(version: Version, section_id: str, paragraph_id: str = "") -> PaperSection:
    """The section of `version` the wording is for; ValidationError when the section,
    or the paragraph in it, is not part of the version."""
    section = next((s for s in version.paper() if s.id == section_id), None)
    if section is None:
        raise ValidationError({"section": _("This section is not part of the version.")})
    if paragraph_id and paragraph_of(section, paragraph_id) is None:
        raise ValidationError(
            {
                "section": _(
                    "The section “%(title)s” has no such paragraph in version %(number)s: "
                    "choose one of its paragraphs, or the whole section."
                )
                % {"title": section.title, "number": version.number}
            }
        )
    return section


def propose(
    version: Version,
    section_id: str,
    text: str,
    source: str,
    source_url: str = "",
    actor: Any = None,
    paragraph_id: str = "",
) -> Recommendation:
    """Record new wording for a section of `version`, or for one paragraph of it
    (`paragraph_id`), called by another app's service."""
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
    check_target(version, section_id, paragraph_id)
    recommendation = Recommendation.objects.create(
        version=version,
        section_id=section_id,
        paragraph_id=paragraph_id,
        proposed_text=text,
        source=source[:300],
        source_url=source_url[:500],
    )
    record(
        "papers.recommendation.proposed",
        actor=actor,
        obj=recommendation,
        payload={
            "version": str(version.uuid),
            "section": section_id,
            "paragraph": paragraph_id,
            "source": source[:300],
        },
    )
    return recommendation


def of_draft(draft: Draft) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(version__draft=draft).select_related(
        "version__draft__body", "version__draft__stage"
    )


def _open(recommendation: Recommendation) -> Recommendation:
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status != Recommendation.Status.OPEN:
        raise ValidationError(_("This recommendation has already been answered."))
    return locked


@transaction.atomic
def take(user: Any, recommendation: Recommendation) -> Section:
    """Put the proposed wording into the draft's section (as a new revision): as its
    whole text, or in place of the one paragraph it is for."""
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
    text, ids = locked.proposed_text, None
    if locked.paragraph_id:
        replaced = replace_paragraph(
            section.text,
            section.paragraph_ids or [],
            locked.paragraph_id,
            locked.proposed_text,
            services.new_paragraph_id,
        )
        if replaced is None:
            raise ValidationError(
                _(
                    "The paragraph is no longer in the section “%(title)s” of the draft, so "
                    "the wording cannot be taken: answer why the recommendation is not taken."
                )
                % {"title": section.title}
            )
        text, ids = replaced
    # The papers service saves it: the same checks, a new revision, and the ids of the
    # paragraphs carried over (kept where a paragraph stayed or changed in place; for
    # one paragraph, every other paragraph and the replaced one keep theirs).
    section = services.edit_section(user, section, section.title, text, section.revision, ids=ids)
    locked.status = Recommendation.Status.TAKEN
    locked.answered_by_name = actor_name_of(user)
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by_name", "answered_at", "modified"])
    record(
        "papers.recommendation.taken",
        actor=user,
        obj=locked,
        payload={
            "section": locked.section_id,
            "paragraph": locked.paragraph_id,
            "version": str(locked.version.uuid),
        },
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
        payload={
            "section": locked.section_id,
            "paragraph": locked.paragraph_id,
            "version": str(locked.version.uuid),
        },
    )
    return locked


def shown(recommendation: Recommendation) -> dict[str, Any]:
    """What a page shows of a recommendation: what it is for ("paragraph 2 of
    “Leitlinien”" or the section's title), a link to that place in the version, and
    the proposed wording as a diff against the version's text there."""
    version = recommendation.version
    section = recommendation.section()
    before = section.text if section else ""
    title = section.title if section else ""
    anchor = ""
    number = 0
    if recommendation.paragraph_id:
        found = paragraph_of(section, recommendation.paragraph_id) if section else None
        number, before = found if found else (0, "")
        anchor = f"absatz-{recommendation.paragraph_id}"
    pieces: tuple[Piece, ...] = diff_words(before, recommendation.proposed_text)
    draft = version.draft
    url = reverse("papers:version", args=[draft.body.slug, draft.stage.slug, version.number])
    return {
        "recommendation": recommendation,
        "title": title,
        "paragraph": number,
        "label": (
            _("paragraph %(n)s of “%(title)s”") % {"n": number, "title": title} if number else title
        ),
        "url": f"{url}#{anchor}" if anchor else url,
        "pieces": pieces,
    }
