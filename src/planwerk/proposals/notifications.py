"""The email to a proposal's author when the expert group answers, in the author's
language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language, user_language
from planwerk.proposals.models import Proposal


def answered(proposal: Proposal, base_url: str = "") -> Email:
    from planwerk.residents.services import resident_of

    author = proposal.author
    resident = resident_of(author)
    language = message_language(resident.language) if resident else user_language(author)
    with translation.override(language):
        page = _url(base_url, reverse("proposals:detail", args=[proposal.uuid]))
        lines = [
            _("Hello %(name)s,") % {"name": proposal.author_name},
            _("the expert group “%(group)s” has answered your proposal “%(title)s”.")
            % {"group": proposal.body.name, "title": proposal.title},
            _("Status: %(status)s") % {"status": proposal.get_status_display()},
        ]
        if proposal.section_label:
            lines.append(_("Measure: %(measure)s") % {"measure": proposal.section_label})
        if proposal.answer:
            lines.append(_("The group's answer:") + "\n" + proposal.answer)
        lines.append(_("Your proposal:") + f"\n{page}")
        return Email(
            to=(author.email,),  # type: ignore[union-attr]
            subject=_("Your proposal has been answered"),
            body="\n\n".join(lines) + "\n",
        )
