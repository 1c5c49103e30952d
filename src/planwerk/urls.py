from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planwerk.api import api
from planwerk.core.forms import LoginForm

urlpatterns = [
    path("", include("planwerk.core.urls")),
    path("gremien/", include("planwerk.bodies.urls")),
    path("wahl/", include("planwerk.elections.urls")),
    path("entwuerfe/", include("planwerk.papers.urls")),
    path("etappen/", include("planwerk.papers.stage_urls")),
    path("sitzungen/", include("planwerk.meetings.urls")),
    path("konto/", include("planwerk.accounts.urls")),
    path("entscheidungen/", include("planwerk.decisions.urls")),
    path("etappen/", include("planwerk.council.urls")),
    path("stellungnahmen/", include("planwerk.consultations.urls")),
    path("auf-dem-laufenden/", include("planwerk.digest.urls")),
    path("veranstaltungen/", include("planwerk.events.urls")),
    path("mitreden/konto/", include("planwerk.residents.urls")),
    path("mitreden/", include("planwerk.participation.urls")),
    path("vorschlaege/", include("planwerk.proposals.urls")),
    path("zeitplan/", include("planwerk.timeline.urls")),
    path("api/v1/", api.urls),
    path("oparl/v1/", include("planwerk.oparl.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("anmelden/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# planwerk's 500 page, and a 503 "please try again" while the database is unreachable.
handler500 = "planwerk.core.views.server_error"
