from django.urls import path

from planwerk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("einrichten/<uuid:uuid>/<str:token>/", views.set_up, name="set_up"),
    path("einladen/<uuid:uuid>/", views.invite, name="invite"),
    path("gremium/<slug:slug>/einladen/", views.invite_body, name="invite_body"),
    path("gremium/<slug:slug>/konten.<export:fmt>", views.accounts_export, name="accounts_export"),
]
