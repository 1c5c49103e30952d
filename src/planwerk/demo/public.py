"""The demo's public side: the version under review published for comment, with a
few residents' comments and a reply, and two proposals, one of them answered. Written
through the services, once per process."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from planwerk.bodies.models import Body
from planwerk.papers.models import Version
from planwerk.participation import services as participation
from planwerk.participation.models import Paragraph, Publication
from planwerk.processes.models import Process
from planwerk.proposals import services as proposals
from planwerk.residents.models import Resident

COORDINATOR = "koordination"
RESIDENTS = [
    ("Ayşe", "tr"),
    ("Mahmoud", "ar"),
    ("Olena", "ru"),
]
COMMENTS = [
    "Bitte auch an Menschen denken, die gerade erst angekommen sind: Beratung in ihrer Sprache.",
    "Gut, dass Teilhabe nicht vom Pass abhängen soll. Wie wird das in den Stadtteilen umgesetzt?",
    "Für Familien mit kleinen Kindern sind Abendtermine schwierig.",
]


def _resident(name: str, language: str) -> Any:
    users = get_user_model()
    username = f"einwohner-demo-{name.lower()}"
    user = users.objects.filter(username=username).first()
    if user is None:
        user = users.objects.create_user(username, email=f"{username}@example.org", first_name=name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Resident.objects.create(
            user=user, display_name=name, language=language, verified=timezone.now()
        )
    return user


def _request(user: Any, address: str) -> HttpRequest:
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user
    return request


def load(process: Process) -> int:
    """Publish once; the number of comments written (0 if there was a publication)."""
    if Publication.objects.filter(version__draft__body__process=process).exists():
        return 0
    coordinator = get_user_model().objects.filter(username=COORDINATOR).first()
    version = (
        Version.objects.filter(draft__body__process=process, status=Version.Status.SUBMITTED)
        .order_by("-number", "pk")
        .first()
    )
    if coordinator is None or version is None:
        return 0
    now = timezone.now()
    publication = participation.publish(
        coordinator,
        version,
        now - dt.timedelta(days=3),
        now + dt.timedelta(days=25),
        summary={
            "en": "The expert group's draft on participation, equal opportunities and terms.",
            "tr": "Uzman grubunun katılım, fırsat eşitliği ve kavramlar üzerine taslağı.",
            "ar": "مسودة مجموعة الخبراء حول المشاركة وتكافؤ الفرص والمفاهيم.",
            "ru": "Проект экспертной группы об участии, равных возможностях и понятиях.",
        },
        easy_summary={
            "de": "Die Stadt schreibt auf, wie alle Menschen gut zusammen leben können. "
            "Sie können sagen, was Sie darüber denken.",
        },
    )
    residents = [_resident(name, language) for name, language in RESIDENTS]
    paragraphs = list(Paragraph.objects.filter(publication=publication).order_by("position"))
    written = 0
    first = None
    for index, (author, text) in enumerate(zip(residents, COMMENTS, strict=True)):
        paragraph = paragraphs[min(index, len(paragraphs) - 1)]
        comment = participation.write_comment(
            _request(author, f"10.24.72.{index + 1}"), publication, paragraph.paragraph_id, text
        )
        first = first or comment
        written += 1
    if first is not None:
        participation.write_comment(
            _request(residents[1], "10.24.72.9"),
            publication,
            first.paragraph_key,
            "Dem schließe ich mich an.",
            parent=first,
        )
        participation.support(_request(residents[2], "10.24.72.8"), publication, first)
        written += 1
    group = Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")
    if group.exists():
        proposals.make(
            _request(residents[0], "10.24.72.21"),
            process,
            title="Sprachcafés in allen Stadtbezirken",
            text="Einmal in der Woche ein offenes Sprachcafé in jeder Stadtteilbibliothek.",
            body=group[0],
            district="Linden-Limmer",
        )
        proposals.make(
            _request(residents[1], "10.24.72.22"),
            process,
            title="Mehrsprachige Beratung im Bürgeramt",
            text="Beratung auf Arabisch, Türkisch und Russisch zu festen Zeiten.",
            body=group[0],
        )
    return written
