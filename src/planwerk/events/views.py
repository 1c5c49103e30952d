"""Event pages: the public list, page, registration and cancellation; the
coordination's pages to create, publish and follow an event. Views parse, call one
service, render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core.forms import apply_errors
from planwerk.core.permissions import may, permission
from planwerk.core.tables import respond
from planwerk.core.throttle import throttled
from planwerk.events import ical, queries, services, tables
from planwerk.events.forms import SPOKEN, EventForm, RegistrationForm, WorkshopForm, event_initial
from planwerk.events.models import Event, Registration
from planwerk.processes.models import Process
from planwerk.processes.queries import current_process

# Registrations per visitor address and per email address within an hour.
REGISTER_LIMIT = 20
REGISTER_EMAIL_LIMIT = 5
REGISTER_WINDOW = 3600


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _process() -> Process:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return process


def _event(request: HttpRequest, uuid: UUID) -> Event:
    """An event the visitor may see: a published one, or any for the coordination."""
    event = get_object_or_404(Event.objects.select_related("process", "milestone"), uuid=uuid)
    if not event.published and not may(request.user, "events.manage", event):
        raise Http404(_("There is no such event."))
    return event


def _url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("events:detail", args=[event.uuid]))


# -- public ------------------------------------------------------------------------------
@permission("events.view")
def event_list(request: HttpRequest) -> HttpResponse:
    process = current_process()
    events = list(queries.published(process))
    now = timezone.now()
    return render(
        request,
        "events/list.html",
        {
            "upcoming": [e for e in events if e.ends_at >= now],
            "past": [e for e in reversed(events) if e.ends_at < now],
            "can_manage": may(request.user, "events.manage"),
        },
    )


@permission("events.view")
def detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = _event(request, uuid)
    open_ = event.published and event.starts_at > timezone.now()
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "workshops": event.workshops.all(),
            "open": open_,
            "full": open_ and _is_full(event),
            "can_manage": may(request.user, "events.manage", event),
            "can_enter_concerns": may(request.user, "events.concerns_enter", event),
        },
    )


def _is_full(event: Event) -> bool:
    if event.capacity is None:
        return False
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return taken >= event.capacity


@permission("events.register")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = _event(request, uuid)
    form = RegistrationForm(request.POST or None, event=event)
    status = 200
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()
        if throttled(request, "event-register", limit=REGISTER_LIMIT, window=REGISTER_WINDOW) or (
            email
            and throttled(
                request,
                "event-register-email",
                limit=REGISTER_EMAIL_LIMIT,
                window=REGISTER_WINDOW,
                key=email,
            )
        ):
            form.add_error(
                None,
                _(
                    "There have been too many registrations from here in the last hour. "
                    "Please try again in an hour, or call the coordination."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                registration = services.register(
                    request.user,
                    event,
                    language=translation.get_language() or "de",
                    base_url=_site(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 409
            else:
                if registration.status == Registration.Status.WAITING:
                    messages.warning(
                        request,
                        _(
                            "The event is full. You are on the waiting list: if someone "
                            "cancels, you move up and we write to you. We have sent you "
                            "an email."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("You are registered. We have sent you an email with the details."),
                    )
                return redirect("events:detail", uuid=event.uuid)
        else:
            status = 400
    return render(request, "events/register.html", {"event": event, "form": form}, status=status)


@permission("events.register")
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Asks first, then cancels the registration of the private link."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "workshop"), token=token
    )
    if request.method == "POST":
        try:
            services.cancel_registration(request.user, token, base_url=_site(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("events:cancel", token=token)
    return render(
        request,
        "events/cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "can_cancel": registration.status != Registration.Status.CANCELLED
            and registration.event.starts_at > timezone.now(),
        },
    )


@permission("events.view")
def event_ics(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = _event(request, uuid)
    response = HttpResponse(
        ical.ics(event, _url(request, event)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.uuid}.ics"'
    return response


@permission("events.view")
def calendar(request: HttpRequest) -> HttpResponse:
    """All published events, for calendar programs to subscribe to."""
    process = current_process()
    events = [(e, _url(request, e)) for e in queries.published(process)]
    name = str(process.name) if process else ""
    return HttpResponse(ical.calendar(events, name), content_type="text/calendar; charset=utf-8")


# -- the coordination ------------------------------------------------------------------
@permission("events.manage")
def manage(request: HttpRequest) -> HttpResponse:
    process = _process()
    return render(
        request,
        "events/manage.html",
        {
            "events": Event.objects.filter(process=process).order_by("-starts_at"),
            "groups": services.expert_groups(process),
        },
    )


@permission("events.manage")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    process = _process()
    form = EventForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(request.user, process, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The event has been created. It is not public until you publish it.")
            )
            return redirect("events:detail", uuid=event.uuid)
    return render(request, "events/edit.html", {"form": form, "event": None})


@permission("events.manage")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = _event(request, uuid)
    form = EventForm(request.POST or None, process=event.process, initial=event_initial(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(request.user, event, base_url=_site(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The event has been changed."))
            return redirect("events:detail", uuid=event.uuid)
    return render(
        request,
        "events/edit.html",
        {
            "form": form,
            "event": event,
            "workshop_form": WorkshopForm(),
            "workshops": event.workshops.all(),
        },
    )


@permission("events.manage")
@require_POST
def workshop_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = _event(request, uuid)
    form = WorkshopForm(request.POST)
    if form.is_valid():
        try:
            services.add_workshop(request.user, event, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The workshop has been added."))
    else:
        messages.error(request, _("Give the workshop a German title."))
    return redirect("events:edit", uuid=event.uuid)


@permission("events.manage")
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Asks first, then publishes."""
    event = _event(request, uuid)
    if request.method == "POST":
        try:
            services.publish_event(request.user, event)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event is published."))
        return redirect("events:detail", uuid=event.uuid)
    return render(request, "events/publish.html", {"event": event})


@permission("events.manage")
def registrations(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = _event(request, uuid)
    rows = list(queries.registrations(event))
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "counts": services.counts(event),
            "confirmed": [r for r in rows if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in rows if r.status == Registration.Status.WAITING],
            "cancelled": [r for r in rows if r.status == Registration.Status.CANCELLED],
            "language_names": dict(SPOKEN),
        },
    )


@permission("events.manage")
def registrations_export(request: HttpRequest, uuid: UUID, fmt: str) -> HttpResponse:
    event = _event(request, uuid)
    return respond(
        tables.registrations(event, list(queries.registrations(event)), dict(SPOKEN)), fmt
    )
