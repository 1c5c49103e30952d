from django.urls import path

from planwerk.papers import recommendation_views, views, views_exports

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
    # Downloads (papers/exports.py).
    path(
        "<slug:slug>/<slug:stage>/fassung/<int:number>/pdf/",
        views_exports.version_pdf,
        name="version_pdf",
    ),
    path(
        "<slug:slug>/<slug:stage>/fassung/<int:number>/docx/",
        views_exports.version_docx,
        name="version_docx",
    ),
    path("<slug:slug>/<slug:stage>/vergleich/pdf/", views_exports.compare_pdf, name="compare_pdf"),
    path(
        "<slug:slug>/<slug:stage>/vergleich/docx/", views_exports.compare_docx, name="compare_docx"
    ),
]
