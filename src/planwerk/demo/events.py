"""The demo's public events: one for each of the first two event milestones of the
process's stages (for Hannover the kickoff and the first podium discussion), created
and published through the real services by the coordination's demo account.

The paper's dates lie in the past, where nobody can register any more, so the demo
moves the events into the coming weeks; each keeps the link to its milestone, which
holds the paper's date. A milestone that lasts several days (the kickoff) gets a
workshop for each of the first three expert groups. Nothing names a body: the
groups are the bodies of kind expert_group in their order.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from planwerk.bodies.models import Body
from planwerk.events import services
from planwerk.events.models import Event
from planwerk.processes.models import Milestone, Process

COORDINATOR = "koordination"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load(process: Process) -> int:
    """Create the events once; the number created (0 if there were events already)."""
    if Event.objects.filter(process=process).exists():
        return 0
    user = get_user_model().objects.filter(username=COORDINATOR).first()
    if user is None:
        return 0
    milestones = Milestone.objects.filter(
        process=process, kind=Milestone.Kind.EVENT, stage__isnull=False
    ).order_by("date")[:2]
    groups = list(Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP)[:3])
    created = 0
    first_day = timezone.localdate() + dt.timedelta(days=21)
    for index, milestone in enumerate(milestones):
        day = first_day + dt.timedelta(days=56 * index)
        days = (milestone.end - milestone.date).days if milestone.end else 0
        event = services.create_event(
            user,
            process,
            milestone=milestone,
            title=milestone.name,
            description={
                "de": "Bürger*innen, Politik, Verwaltung und Fachleute kommen ins Gespräch. "
                "Ihre Anliegen gehen an die Expert*innengruppen.",
                "en": "Residents, politicians, the administration and experts talk to each "
                "other. Your concerns go to the expert groups.",
                "tr": "Şehir sakinleri, siyaset, yönetim ve uzmanlar bir araya gelip konuşur. "
                "Talepleriniz uzman gruplarına iletilir.",
                "ar": "يلتقي السكان والسياسيون والإدارة والخبراء للحوار. "
                "تصل مطالبكم إلى مجموعات الخبراء.",
                "ru": "Жители, политики, администрация и эксперты говорят друг с другом. "
                "Ваши обращения передаются экспертным группам.",
            },
            starts_at=_at(day, 10 if days else 18),
            ends_at=_at(day + dt.timedelta(days=days), 17 if days else 20),
            place="Rathaus, Festsaal",
            accessibility={
                "de": "Stufenloser Zugang, Induktionsschleife. Dolmetschen auf Anfrage.",
                "en": "Step-free access, hearing loop. Interpreting on request.",
                "tr": "Basamaksız giriş, işitme döngüsü. İstek üzerine tercüman.",
                "ar": "مدخل بلا درجات، حلقة سمعية. ترجمة فورية عند الطلب.",
                "ru": "Вход без ступенек, индукционная петля. Устный перевод по запросу.",
            },
            capacity=150 if days else 80,
        )
        if days:
            for group in groups:
                services.add_workshop(
                    user,
                    event,
                    title={
                        "de": f"Workshop: {group.name.exact('de')}",
                        "en": f"Workshop: {group.name.get('en')}",
                    },
                    capacity=50,
                )
        services.publish_event(user, event)
        created += 1
    return created
