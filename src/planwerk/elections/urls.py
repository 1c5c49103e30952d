from django.urls import include, path

from planwerk.elections import views, views_cards

app_name = "elections"
urlpatterns: list = [
    path("dokumente/", include("planwerk.elections.urls_documents")),
    # The coordination (OE 50.6).
    path("", views.election_list, name="list"),
    path("register/", views.register, name="register"),
    path("register/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("register/<int:pk>/bestaetigen/", views.confirm_eligibility, name="confirm_eligibility"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/stand/", views.live_count, name="live_count"),
    path("<int:pk>/nominierung/", views.open_nominations, name="open_nominations"),
    path("<int:pk>/nominieren/", views.nominate, name="nominate"),
    path("<int:pk>/rueckzug/<int:candidacy_pk>/", views.withdraw, name="withdraw"),
    path(
        "<int:pk>/kandidatur/<int:candidacy_pk>/",
        views.correct_candidacy,
        name="correct_candidacy",
    ),
    path("<int:pk>/sitzung/", views.start_meeting, name="start_meeting"),
    path("<int:pk>/absagen/", views.cancel_election, name="cancel"),
    path("<int:pk>/loeschen/", views.delete_practice, name="delete"),
    path("<int:pk>/einchecken/", views_cards.check_in, name="check_in"),
    path("<int:pk>/karten/", views_cards.cards, name="cards"),
    path("<int:pk>/karten/ersetzen/", views_cards.replace_cards, name="replace_cards"),
    path("<int:pk>/karten/alle-neu/", views_cards.reprint_cards, name="reprint_cards"),
    path("<int:pk>/karte/<int:org_pk>/", views_cards.replace_card, name="replace_card"),
    path("<int:pk>/wahlgang/", views.open_round, name="open_round"),
    path("<int:pk>/wahlgang/<int:number>/schliessen/", views.close_round, name="close_round"),
    path("<int:pk>/wahlgang/<int:number>/zaehlung/", views.paper_tally, name="paper_tally"),
    path("<int:pk>/los/", views.enter_seed, name="enter_seed"),
    path("<int:pk>/los/bestaetigen/", views.confirm_seed, name="confirm_seed"),
    path("<int:pk>/sitze/", views.fill_seats, name="fill_seats"),
    # Public.
    path("<int:pk>/kandidaturen/", views.candidates, name="candidates"),
    path("<int:pk>/abstimmen/", views.vote, name="vote"),
    path("<int:pk>/projektor/", views.projector, name="projector"),
    path("<int:pk>/projektor/stand/", views.projector_status, name="projector_status"),
    path("<int:pk>/ergebnis/", views.result, name="result"),
]
