"""Subscribing to the digest, and sending it. Members of the lead committee (and the
coordination) subscribe; the task worker sends each subscription's digest at its
time and plans the next one."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.bodies.models import Body
from planwerk.core.permissions import may, require
from planwerk.digest.domain.schedule import next_run
from planwerk.digest.models import Subscription, new_token
from planwerk.processes.queries import current_process

logger = logging.getLogger(__name__)


def lead_committee() -> Body | None:
    """The body the definition marks as the lead committee, whose members subscribe."""
    process = current_process()
    if process is None:
        return None
    return Body.objects.filter(process=process, lead_committee=True).first()


def may_subscribe(user: Any) -> bool:
    return may(user, "digest.subscribe", lead_committee())


def subscription_of(user: Any) -> Subscription | None:
    return Subscription.objects.filter(user=user).first()


def schedule(subscription: Subscription, after: dt.datetime | None = None) -> None:
    """Plan the subscription's next digest with the task worker (after commit)."""
    when = next_run(timezone.localtime(after or timezone.now()), subscription.frequency)
    if when is None:
        return
    pk, frequency = subscription.pk, subscription.frequency

    def enqueue() -> None:
        from planwerk.digest.tasks import send_digest

        try:
            send_digest.using(run_after=when).enqueue(pk, frequency)
        except Exception:  # a backend that cannot defer (the tests' immediate one)
            logger.warning("the task backend cannot defer; no digest planned for %s", pk)

    transaction.on_commit(enqueue)


@transaction.atomic
def subscribe(user: Any, frequency: str) -> Subscription:
    """Subscribe, or change how often the digest comes."""
    require(user, "digest.subscribe", lead_committee())
    if frequency not in Subscription.Frequency.values:
        raise ValidationError({"frequency": _("Please choose how often the digest comes.")})
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        user=user, defaults={"frequency": frequency}
    )
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency", "modified"])
    record(
        "digest.subscribed",
        actor=user,
        obj=subscription,
        payload={"frequency": frequency, "new": created},
    )
    schedule(subscription)
    return subscription


@transaction.atomic
def unsubscribe(user: Any) -> None:
    require(user, "digest.subscribe", lead_committee())
    deleted, _rows = Subscription.objects.filter(user=user).delete()
    if deleted:
        record("digest.unsubscribed", actor=user, object_type="digest.subscription")


@transaction.atomic
def new_feed_address(user: Any) -> Subscription:
    """A new private feed address; the old one stops working."""
    require(user, "digest.subscribe", lead_committee())
    subscription = Subscription.objects.select_for_update().get(user=user)
    subscription.feed_token = new_token()
    subscription.save(update_fields=["feed_token", "modified"])
    record("digest.feed_renewed", actor=user, obj=subscription)
    return subscription
