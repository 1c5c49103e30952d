from django.urls import path

from planwerk.digest import views

app_name = "digest"
urlpatterns = [
    path("", views.page, name="page"),
    path("<str:token>/atom.xml", views.feed, name="feed"),
]
