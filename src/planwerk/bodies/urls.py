from django.urls import path

from planwerk.bodies import views, views_people

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("organigramm/", views.chart, name="chart"),
    path("organigramm.svg", views.chart_svg, name="chart_svg"),
    path("vorschlagen/", views.nominate, name="nominate"),
    path("vorschlag/<str:token>/", views.nomination_status, name="nomination_status"),
    path("vorschlaege/", views.nominations, name="nominations"),
    path("vorschlaege.<export:fmt>", views.nominations_export, name="nominations_export"),
    path("vorschlaege/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("personen/", views_people.people, name="people"),
    path("personen.<export:fmt>", views_people.people_export, name="people_export"),
    path(
        "personen/<int:pk>/selbstauskunft/",
        views_people.self_declaration,
        name="self_declaration",
    ),
    path("rollen/", views_people.roles, name="roles"),
    path("rollen.<export:fmt>", views_people.roles_export, name="roles_export"),
    path("rollen/<int:pk>/entfernen/", views_people.role_remove, name="role_remove"),
    path("<slug:slug>/", views.body_detail, name="detail"),
    path("<slug:slug>/mitglieder.<export:fmt>", views.members_export, name="members_export"),
    path("<slug:slug>/mitglied-berufen/", views.appoint, name="appoint"),
    path(
        "<slug:slug>/mitgliedschaft/<int:pk>/beenden/", views.end_membership, name="end_membership"
    ),
    path("<slug:slug>/themenzuschnitt/", views.topic_change, name="topic_change"),
    path(
        "<slug:slug>/themenzuschnitt/<int:pk>/",
        views.topic_change_decide,
        name="topic_change_decide",
    ),
]
