from django.urls import include, path

from planwerk.elections.views import (
    candidacies,
    cards,
    dashboard,
    lifecycle,
    public,
    register,
    rounds,
)

app_name = "elections"
urlpatterns: list = [
    path("dokumente/", include("planwerk.elections.urls_documents")),
    # The coordination (OE 50.6).
    path("", lifecycle.election_list, name="list"),
    path("register/", register.register, name="register"),
    path("register.<export:fmt>", register.register_export, name="register_export"),
    path("register/<int:pk>/", register.organisation_edit, name="organisation_edit"),
    path(
        "register/<int:pk>/bestaetigen/", register.confirm_eligibility, name="confirm_eligibility"
    ),
    path("<int:pk>/", dashboard.dashboard, name="dashboard"),
    path("<int:pk>/stand/", dashboard.live_count, name="live_count"),
    path("<int:pk>/nominierung/", candidacies.open_nominations, name="open_nominations"),
    path("<int:pk>/nominieren/", candidacies.nominate, name="nominate"),
    path("<int:pk>/rueckzug/<int:candidacy_pk>/", candidacies.withdraw, name="withdraw"),
    path(
        "<int:pk>/kandidatur/<int:candidacy_pk>/",
        candidacies.correct_candidacy,
        name="correct_candidacy",
    ),
    path("<int:pk>/sitzung/", lifecycle.start_meeting, name="start_meeting"),
    path("<int:pk>/absagen/", lifecycle.cancel_election, name="cancel"),
    path("<int:pk>/loeschen/", lifecycle.delete_practice, name="delete"),
    path("<int:pk>/einchecken/", cards.check_in, name="check_in"),
    path("<int:pk>/karten/", cards.cards, name="cards"),
    path("<int:pk>/karten/ersetzen/", cards.replace_cards, name="replace_cards"),
    path("<int:pk>/karten/alle-neu/", cards.reprint_cards, name="reprint_cards"),
    path("<int:pk>/karte/<int:org_pk>/", cards.replace_card, name="replace_card"),
    path("<int:pk>/wahlgang/", rounds.open_round, name="open_round"),
    path("<int:pk>/wahlgang/<int:number>/schliessen/", rounds.close_round, name="close_round"),
    path("<int:pk>/wahlgang/<int:number>/zaehlung/", rounds.paper_tally, name="paper_tally"),
    path("<int:pk>/los/", rounds.enter_seed, name="enter_seed"),
    path("<int:pk>/los/bestaetigen/", rounds.confirm_seed, name="confirm_seed"),
    path("<int:pk>/sitze/", rounds.fill_seats, name="fill_seats"),
    # Public.
    path("<int:pk>/kandidaturen/", public.candidates, name="candidates"),
    path("<int:pk>/abstimmen/", public.vote, name="vote"),
    path("<int:pk>/projektor/", public.projector, name="projector"),
    path("<int:pk>/projektor/stand/", public.projector_status, name="projector_status"),
    path("<int:pk>/ergebnis/", public.result, name="result"),
]
