from django.urls import path, re_path

from planwerk.oparl import lists, views

app_name = "oparl"
urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="bodies"),
    *(
        path(f"{kind}/<uuid:uuid>/", views.detail, {"kind": kind}, name=kind)
        for kind in lists.KINDS
    ),
    *(
        path(f"body/<uuid:uuid>/{name}/", views.body_items, {"name": name}, name=f"body_{name}")
        for name in lists.BODY_LISTS
    ),
    *(
        path(
            f"organization/<uuid:uuid>/{name}/",
            views.organization_items,
            {"name": name},
            name=f"organization_{name}",
        )
        for name in lists.ORGANIZATION_LISTS
    ),
    path("file/<uuid:uuid>/access/", views.file_access, name="file_access"),
    path("file/<uuid:uuid>/download/", views.file_download, name="file_download"),
    # Any other address below the endpoint answers with OParl's error object.
    re_path(r"^.*$", views.not_found),
]
