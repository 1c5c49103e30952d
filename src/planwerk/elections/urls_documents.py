"""The election's documents, below /wahl/dokumente/ (namespace "elections")."""

from django.urls import path

from planwerk.elections.views import documents as views

urlpatterns = [
    path("dokumente.css", views.stylesheet, name="doc_stylesheet"),
    path("<int:election_id>/wahlergebnis.json", views.public_record, name="doc_record"),
    path("<int:election_id>/niederschrift/", views.minutes, name="doc_minutes"),
    path("<int:election_id>/niederschrift.pdf", views.minutes_pdf, name="doc_minutes_pdf"),
    path("<int:election_id>/einladungen/", views.invitations, name="doc_invitations"),
    path(
        "<int:election_id>/einladungen.<export:fmt>",
        views.invitations_export,
        name="doc_invitations_export",
    ),
    path("<int:election_id>/einladungen.pdf", views.invitations_pdf, name="doc_invitations_pdf"),
    path("<int:election_id>/briefe/", views.letters, name="doc_letters"),
    path(
        "<int:election_id>/einladungen/senden/",
        views.send_invitations,
        name="doc_invitations_send",
    ),
]
