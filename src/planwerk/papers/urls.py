from django.urls import path

from planwerk.papers import recommendation_views, views

app_name = "papers"
urlpatterns = [
    path("<slug:slug>/", views.body_drafts, name="body"),
    path("<slug:slug>/<slug:stage>/", views.draft_detail, name="draft"),
    path("<slug:slug>/<slug:stage>/abschnitt/neu/", views.section_add, name="section_add"),
    path(
        "<slug:slug>/<slug:stage>/abschnitt/<uuid:section>/darunter/",
        views.section_add,
        name="section_add_below",
    ),
    path(
        "<slug:slug>/<slug:stage>/abschnitt/<uuid:section>/",
        views.section_edit,
        name="section_edit",
    ),
    path("<slug:slug>/<slug:stage>/einreichen/", views.submit, name="submit"),
    path("<slug:slug>/<slug:stage>/fassung/<int:number>/", views.version_detail, name="version"),
    path("<slug:slug>/<slug:stage>/vergleich/", views.compare, name="compare"),
    path(
        "empfehlung/<uuid:uuid>/uebernehmen/",
        recommendation_views.take,
        name="recommendation_take",
    ),
    path(
        "empfehlung/<uuid:uuid>/ablehnen/",
        recommendation_views.decline,
        name="recommendation_decline",
    ),
]
