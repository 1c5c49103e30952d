from django.urls import path

from planwerk.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.index, name="index"),
    path("liste.<export:fmt>", views.index_export, name="index_export"),
    path("neu/", views.new, name="new"),
    path("was-daraus-wurde/", views.outcomes, name="outcomes"),
    path("was-daraus-wurde/<slug:stage>/", views.stage_outcome, name="outcome"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/unterstuetzen/", views.support, name="support"),
    path("<uuid:uuid>/beantworten/", views.answer, name="answer"),
    path("<uuid:uuid>/ausblenden/", views.hide, name="hide"),
]
