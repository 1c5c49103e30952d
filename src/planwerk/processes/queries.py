from __future__ import annotations

from django.conf import settings

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
