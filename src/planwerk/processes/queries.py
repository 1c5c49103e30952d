from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from planwerk.processes.models import Process, Stage


def current_process() -> Process | None:
    """The process shown to visitors: the configured one, else the one loaded last."""
    qs = Process.objects.all()
    if settings.PLANWERK_DEFAULT_PROCESS:
        chosen = qs.filter(slug=settings.PLANWERK_DEFAULT_PROCESS).first()
        if chosen:
            return chosen
    return qs.order_by("-loaded_at", "-pk").first()


def stages_of(process: Process) -> list[Stage]:
    return list(process.stages.prefetch_related("milestones"))


def current_process_of(request: HttpRequest) -> Process | None:
    """current_process(), asked once per request (the home page's sections share it)."""
    if not hasattr(request, "_planwerk_process"):
        request._planwerk_process = current_process()  # type: ignore[attr-defined]
    return request._planwerk_process  # type: ignore[attr-defined]
