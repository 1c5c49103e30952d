from django.urls import path

from planwerk.participation import views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:uuid>/", views.publication, name="publication"),
    path("<uuid:uuid>/kommentare/", views.comments, name="comments"),
    path("<uuid:uuid>/kommentare.<export:fmt>", views.comments_export, name="comments_export"),
    path("<uuid:uuid>/absatz/<str:key>/", views.paragraph, name="paragraph"),
    path("<uuid:uuid>/absatz/<str:key>/kommentieren/", views.comment, name="comment"),
    path("<uuid:uuid>/kommentar/<uuid:comment_id>/unterstuetzen/", views.support, name="support"),
    path("kommentar/<uuid:comment_id>/ausblenden/", views.hide, name="hide"),
    path("fassung/<uuid:uuid>/veroeffentlichen/", views.publish, name="publish"),
]
