from django.urls import path

from planwerk.residents import views

app_name = "residents"
urlpatterns = [
    path("anmelden/", views.sign_in, name="sign_in"),
    path("link/", views.link, name="link"),
    path("meine-daten/", views.mine, name="mine"),
    path("meine-daten/herunterladen/", views.export, name="export"),
    path("meine-daten/loeschen/", views.delete, name="delete"),
]
