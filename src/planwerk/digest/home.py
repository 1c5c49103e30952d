"""The digest's part of the home page: for those who may subscribe, a link."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.digest.services import may_subscribe, subscription_of


def keeping_informed(request: HttpRequest) -> Mapping[str, Any] | None:
    if not request.user.is_authenticated or not may_subscribe(request.user):
        return None
    return {"subscription": subscription_of(request.user)}


SECTION = HomeSection("digest.link", 40, "digest/_home.html", keeping_informed)
