from django.urls import path

from planwerk.meetings import views

app_name = "meetings"
urlpatterns = [
    path("gremium/<slug:slug>/", views.meeting_list, name="list"),
    path("gremium/<slug:slug>/planen/", views.plan, name="plan"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/tagesordnung/", views.agenda_add, name="agenda_add"),
    path("<uuid:uuid>/tagesordnung/<int:pk>/entfernen/", views.agenda_remove, name="agenda_remove"),
    path("<uuid:uuid>/einladen/", views.invite, name="invite"),
    path("<uuid:uuid>/anwesenheit/", views.attendance, name="attendance"),
    path("<uuid:uuid>/niederschrift/bearbeiten/", views.minutes_edit, name="minutes_edit"),
    path("<uuid:uuid>/niederschrift/genehmigen/", views.approve, name="approve"),
    path("<uuid:uuid>/niederschrift/", views.minutes_print, name="minutes_print"),
    path("<uuid:uuid>/absagen/", views.cancel, name="cancel"),
    path("<uuid:uuid>/sitzung.ics", views.ics, name="ics"),
]
