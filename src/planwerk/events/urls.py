from django.urls import path

from planwerk.events import concern_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("kalender.ics", views.calendar, name="calendar"),
    path("verwalten/", views.manage, name="manage"),
    path("neu/", views.create, name="create"),
    path("absagen/<str:token>/", views.cancel, name="cancel"),
    path("anliegen/<slug:slug>/", concern_views.inbox, name="inbox"),
    path("anliegen/<slug:slug>.<export:fmt>", concern_views.inbox_export, name="inbox_export"),
    path("anliegen/beantworten/<uuid:uuid>/", concern_views.answer, name="answer"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/teilnehmen/", views.register, name="register"),
    path("<uuid:uuid>/veranstaltung.ics", views.event_ics, name="ics"),
    path("<uuid:uuid>/bearbeiten/", views.edit, name="edit"),
    path("<uuid:uuid>/workshops/", views.workshop_add, name="workshop_add"),
    path("<uuid:uuid>/veroeffentlichen/", views.publish, name="publish"),
    path("<uuid:uuid>/teilnahmen/", views.registrations, name="registrations"),
    path(
        "<uuid:uuid>/teilnahmen.<export:fmt>",
        views.registrations_export,
        name="registrations_export",
    ),
    path("<uuid:uuid>/anliegen/", concern_views.enter, name="concerns"),
]
