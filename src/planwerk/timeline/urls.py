from django.urls import path

from planwerk.timeline import views

app_name = "timeline"
urlpatterns = [
    path("", views.index, name="index"),
    path("etappe/<slug:stage>/verschieben/", views.move_stage, name="move_stage"),
    path("meilenstein/<slug:milestone>/verschieben/", views.move_milestone, name="move_milestone"),
    path("meilenstein/<slug:milestone>/erreicht/", views.reached, name="reached"),
]
