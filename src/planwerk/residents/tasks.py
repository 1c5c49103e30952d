"""Background work of residents: the sign-in link, sent by the task worker."""

from __future__ import annotations

from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.residents import notifications
from planwerk.residents.models import Resident


@task()
def send_sign_in_link(resident_id: int, base_url: str = "", next_url: str = "") -> dict:
    resident = Resident.objects.select_related("user").filter(pk=resident_id).first()
    if resident is None:
        return {"sent": [], "failed": []}
    outcome = send([notifications.sign_in_link(resident, base_url, next_url)])
    return {"sent": len(outcome.sent), "failed": len(outcome.failed)}
