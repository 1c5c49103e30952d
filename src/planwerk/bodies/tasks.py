"""Background work of the bodies: the emails about nominations, run by the task
worker (`planwerk db_worker`). The services enqueue them inside their transaction,
so that an email goes out only for a step that was saved."""

from __future__ import annotations

from django_tasks import task

from planwerk.bodies import notifications
from planwerk.bodies.models import Nomination


def _nomination(nomination_id: int) -> Nomination:
    return Nomination.objects.select_related("body__process__coordinating_unit").get(
        pk=nomination_id
    )


@task()
def send_nomination_received(nomination_id: int, base_url: str = "") -> dict:
    """The organisation's confirmation with its status link; the coordination's notice."""
    emails = notifications.received(_nomination(nomination_id), base_url)
    return notifications.send(emails).as_dict()


@task()
def send_nomination_forwarded(
    nomination_id: int, base_url: str = "", by_user_id: int | None = None
) -> dict:
    """The lead Dezernat (and the other coordinators) hear of a forwarded nomination."""
    emails = notifications.forwarded(_nomination(nomination_id), base_url, by_user_id)
    return notifications.send(emails).as_dict()


@task()
def send_nomination_decided(nomination_id: int, base_url: str = "") -> dict:
    """The organisation hears that its nominee was appointed, or why not."""
    emails = notifications.decided(_nomination(nomination_id), base_url)
    return notifications.send(emails).as_dict()
