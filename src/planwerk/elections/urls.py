from django.urls import include, path

app_name = "elections"
urlpatterns: list = [
    path("dokumente/", include("planwerk.elections.urls_documents")),
]
