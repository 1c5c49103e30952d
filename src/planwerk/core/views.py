from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planwerk.elections.models import Election
from planwerk.processes.queries import current_process, stages_of


def home(request: HttpRequest) -> HttpResponse:
    process = current_process()
    stages = stages_of(process) if process else []
    elections = (
        # A practice election is never public.
        Election.objects.filter(process=process, practice=False).exclude(
            phase=Election.Phase.PREPARATION
        )
        if process
        else []
    )
    return render(
        request,
        "core/home.html",
        {"process": process, "stages": stages, "elections": elections},
    )
