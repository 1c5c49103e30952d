"""Keeping informed: the subscription page and the private Atom feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwerk.core.languages import user_language
from planwerk.core.permissions import permission
from planwerk.digest import services
from planwerk.digest.models import Subscription
from planwerk.digest.steps import Step, figures, steps
from planwerk.processes.queries import current_process

FEED_DAYS = 60
PAGE_DAYS = 14


def _recent(days: int) -> list[Step]:
    process = current_process()
    if process is None:
        return []
    now = timezone.now()
    return steps(process, now - dt.timedelta(days=days), now)


@permission("digest.subscribe")
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unsubscribe":
                services.unsubscribe(request.user)
                messages.success(request, _("You no longer receive the digest."))
            elif request.POST.get("action") == "renew":
                services.new_feed_address(request.user)
                messages.success(
                    request, _("The feed has a new address; the old one no longer works.")
                )
            else:
                services.subscribe(request.user, request.POST.get("frequency", ""))
                messages.success(request, _("Your choice has been saved."))
        except PermissionDenied as refused:
            messages.error(request, str(refused))
        except (ValidationError, Subscription.DoesNotExist) as refused:
            text = " ".join(getattr(refused, "messages", [])) or _("Please subscribe first.")
            messages.error(request, text)
        return redirect("digest:page")
    subscription = services.subscription_of(request.user)
    recent = _recent(PAGE_DAYS)
    return render(
        request,
        "digest/page.html",
        {
            "subscription": subscription,
            "frequencies": Subscription.Frequency.choices,
            "feed_url": (
                request.build_absolute_uri(reverse("digest:feed", args=[subscription.feed_token]))
                if subscription
                else ""
            ),
            "recent": recent,
            "figures": figures(recent).text(),
            "days": PAGE_DAYS,
            "has_email": bool(getattr(request.user, "email", "")),
            "may_subscribe": services.may_subscribe(request.user),
            "lead_committee": services.lead_committee(),
        },
    )


class StepsFeed(Feed):
    """The steps of the last weeks, newest first, in the subscriber's language."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, token: str) -> Subscription:
        subscription = (
            Subscription.objects.select_related("user__person").filter(feed_token=token).first()
        )
        if subscription is None:
            raise Http404(_("This feed address is not (or no longer) valid."))
        return subscription

    def title(self, obj: Subscription) -> str:
        process = current_process()
        return _("Steps of “%(process)s”") % {"process": process.name if process else "planwerk"}

    def link(self, obj: Subscription) -> str:
        return reverse("digest:page")

    def subtitle(self, obj: Subscription) -> str:
        return _("Versions, statements, decisions, meetings and council papers.")

    def items(self, obj: Subscription) -> list[Step]:
        return _recent(FEED_DAYS)

    def item_title(self, item: Step) -> str:
        return item.text

    def item_description(self, item: Step) -> str:
        return item.text

    def item_link(self, item: Step) -> str:
        return item.url

    def item_guid(self, item: Step) -> str:
        return f"urn:planwerk:{item.key}"

    def item_pubdate(self, item: Step) -> dt.datetime:
        return item.when

    def item_updateddate(self, item: Step) -> dt.datetime:
        return item.when


_feed = StepsFeed()


@permission("digest.feed")
def feed(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _feed.get_object(request, token)
    with translation.override(user_language(subscription.user)):
        response: Any = _feed(request, token=token)
    return response
