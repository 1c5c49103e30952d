"""The emails to a proposal's author (the group answered it, the moderation hid it),
in the author's language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language, user_language
from planwerk.proposals.models import Proposal


def _language(proposal: Proposal) -> str:
    from planwerk.residents.services import resident_of

    resident = resident_of(proposal.author)
    return message_language(resident.language) if resident else user_language(proposal.author)


def answered(proposal: Proposal, base_url: str = "") -> Email:
    author = proposal.author
    with translation.override(_language(proposal)):
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


def hidden(proposal: Proposal, base_url: str = "") -> Email:
    author = proposal.author
    with translation.override(_language(proposal)):
        page = _url(base_url, reverse("proposals:detail", args=[proposal.uuid]))
        lines = [
            _("Hello %(name)s,") % {"name": proposal.author_name},
            _("the moderation has hidden your proposal “%(title)s”.") % {"title": proposal.title},
            _("The reason, which is shown in place of your proposal:")
            + f"\n  {proposal.hidden_reason}",
            _("Your proposal:") + f"\n{page}",
        ]
        return Email(
            to=(author.email,),  # type: ignore[union-attr]
            subject=_("Your proposal has been hidden"),
            body="\n\n".join(lines) + "\n",
        )
