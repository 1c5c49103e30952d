"""Background work of consultations: the reminder before a deadline, queued with
`run_after` when the consultation starts or its deadline is extended."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.consultations import notifications
from planwerk.consultations.models import Consultation
from planwerk.consultations.services import current_memberships
from planwerk.papers.models import Version


@task()
def remind(consultation_id: int, deadline: str, base_url: str = "") -> dict:
    """Remind the consulted body's members, unless the consultation was answered,
    closed or its deadline moved (a new reminder was queued for the new one)."""
    consultation = (
        Consultation.objects.select_related(
            "body", "version__draft__body__process", "version__draft__stage"
        )
        .filter(pk=consultation_id)
        .first()
    )
    if (
        consultation is None
        or consultation.version.status != Version.Status.SUBMITTED
        or consultation.statements.exists()
        or consultation.deadline is None
        or consultation.deadline != dt.date.fromisoformat(deadline)
    ):
        return {"sent": [], "failed": [], "skipped": True}
    people = {
        m.person.pk: m.person
        for m in current_memberships()
        .filter(body=consultation.body)
        .exclude(person__email="")
        .select_related("person")
    }
    if people:
        emails = [
            notifications.reminder(consultation, p.email, str(p), p.language, base_url)
            for p in people.values()
        ]
    elif notifications.coordination_address():
        emails = [
            notifications.reminder(
                consultation, notifications.coordination_address(), "", None, base_url
            )
        ]
    else:
        return {"sent": [], "failed": [], "skipped": True}
    return send(emails).as_dict()
