"""The email to the author of a hidden comment, in the author's language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language, user_language
from planwerk.participation.models import Comment


def hidden(comment: Comment, base_url: str = "") -> Email:
    from planwerk.residents.services import resident_of

    author = comment.author
    resident = resident_of(author)
    language = message_language(resident.language) if resident else user_language(author)
    with translation.override(language):
        page = _url(
            base_url,
            reverse(
                "participation:paragraph",
                args=[comment.publication.uuid, comment.paragraph_key],
            ),
        )
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": comment.author_name},
                _("the moderation has hidden your comment on the draft “%(draft)s”.")
                % {"draft": comment.publication.version.draft.body.name},
                _("The reason, which is shown in place of your comment:")
                + f"\n  {comment.hidden_reason}",
                _("Your comment was:") + "\n" + comment.text,
                _("The paragraph:") + f"\n{page}",
            ]
        )
        return Email(
            to=(author.email,),  # type: ignore[union-attr]
            subject=_("Your comment has been hidden"),
            body=body + "\n",
        )
