"""`{% member_accounts body as rows %}`: the body's current members with the state of
their accounts, for the section the coordination sees on a body's page."""

from __future__ import annotations

from django import template

from planwerk.accounts import queries
from planwerk.bodies.models import Body

register = template.Library()


@register.simple_tag
def member_accounts(body: Body) -> list[queries.MemberAccount]:
    return queries.member_accounts(body)
