from django.urls import path

from planwerk.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("lebt/", views.alive, name="alive"),
    path("sprache/<str:code>/", views.language, name="language"),
]
