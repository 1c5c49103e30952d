from django.urls import path

from planwerk.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("uebersicht.<export:fmt>", views.overview_export, name="overview_export"),
    path("stellungnahmen.<export:fmt>", views.statements_export, name="statements_export"),
    path("meine/", views.mine, name="mine"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/stellungnahme/", views.state, name="state"),
    path("<uuid:uuid>/frist/", views.extend, name="extend"),
    path("anlage/<uuid:uuid>/", views.attachment, name="attachment"),
    path("fassung/<uuid:uuid>/gleichstellung/", views.mark_relevant, name="mark_relevant"),
    path(
        "fassung/<uuid:uuid>/gleichstellung/bestaetigen/",
        views.confirm_relevance,
        name="confirm_relevance",
    ),
]
