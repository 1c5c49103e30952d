from django.urls import path

from planwerk.decisions import views

app_name = "decisions"
urlpatterns = [
    path(
        "sitzung/<uuid:uuid>/<slug:slug>/<slug:stage>/<int:number>/",
        views.decide,
        name="decide",
    ),
    path("vorgabe/<uuid:uuid>/antwort/", views.answer, name="answer"),
]
