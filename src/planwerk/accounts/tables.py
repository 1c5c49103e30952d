"""The members' accounts of a body as a file (core/tables.py): the state the body's
page shows for each member, in its words."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.accounts.domain.accounts import State
from planwerk.accounts.models import AccountInvitation
from planwerk.accounts.queries import MemberAccount
from planwerk.bodies.models import Body
from planwerk.core.tables import Column, Table


def _state(row: MemberAccount) -> str:
    return {
        State.ACTIVE: _("account active"),
        State.DISABLED: _("account switched off"),
        State.INVITED: _("invited"),
        State.NO_EMAIL: _("no email address"),
        State.NOT_INVITED: _("not invited"),
    }[row.state]


def member_accounts(body: Body, rows: list[MemberAccount]) -> Table:
    return Table(
        title=_("Accounts of the members of %(body)s") % {"body": body.name},
        filename=f"konten-{body.slug}",
        columns=[
            Column(_("Member"), 28),
            Column(_("Account"), 22),
            Column(_("Invited on"), 12),
            Column(_("the email could not be sent"), 14),
        ],
        rows=(
            [
                str(row.person),
                _state(row),
                timezone.localdate(row.invitation.created)
                if row.state == State.INVITED and row.invitation is not None
                else None,
                row.state == State.INVITED
                and row.invitation is not None
                and row.invitation.status == AccountInvitation.Status.FAILED,
            ]
            for row in rows
        ),
    )
