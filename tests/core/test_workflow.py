"""Status workflows: which steps are allowed, what a refused step says, and that each
step taken is recorded with who decided it, when and why."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from tests.elections.factories import meeting, new_election

from planwerk.bodies import services as bodies
from planwerk.bodies.models import Body, Nomination, TopicChangeRequest
from planwerk.bodies.workflows import NOMINATION, TOPIC_CHANGE
from planwerk.core import workflow
from planwerk.core.domain.workflow import TransitionRefused
from planwerk.core.models import StatusChange
from planwerk.elections import services as elections
from planwerk.elections.models import Election, Round
from planwerk.elections.workflows import ELECTION, ROUND

WORKFLOWS = [NOMINATION, TOPIC_CHANGE, ELECTION, ROUND]


# -- the workflows as data ---------------------------------------------------------
@pytest.mark.parametrize("flow", WORKFLOWS, ids=lambda f: f.name)
def test_every_state_is_reachable_from_the_initial_one(flow: workflow.Workflow) -> None:
    reached, frontier = {flow.initial}, [flow.initial]
    while frontier:
        for target in flow.targets(frontier.pop()) - reached:
            reached.add(target)
            frontier.append(target)
    assert reached == set(flow.states)
    assert flow.final and not (flow.final & {flow.initial})


def test_a_decided_nomination_is_final_and_a_forwarded_one_cannot_go_back() -> None:
    assert NOMINATION.final == {"appointed", "declined"}
    assert NOMINATION.targets("submitted") == {"forwarded"}
    with pytest.raises(TransitionRefused):
        NOMINATION.step("forwarded", "submitted")


def test_a_workflow_names_unknown_states_and_steps_defined_twice() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        workflow.workflow("x", "a", [({"a"}, "b"), ({"a"}, "b")])
    with pytest.raises(ValueError, match="unknown states"):
        workflow.workflow("x", "a", [({"a"}, "c")], labels={"a": "A", "b": "B"})


def test_a_refused_step_says_in_german_what_cannot_change() -> None:
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        workflow.check(ELECTION, "finished", "cancelled")
    assert refused.value.messages == [
        "Dieser Schritt ist nicht möglich: Der Status „abgeschlossen“ kann nicht zu "
        "„abgesagt“ werden."
    ]


def test_a_refused_step_with_its_own_message_says_that() -> None:
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        workflow.check(NOMINATION, "appointed", "forwarded")
    assert refused.value.messages == ["Dieser Vorschlag wurde bereits weitergeleitet."]


# -- the steps recorded ------------------------------------------------------------
def nomination() -> Nomination:
    return bodies.submit_nomination(
        body=Body.objects.get(slug="soziales"),
        organisation="Elternnetzwerk Mehrsprachigkeit e.V.",
        contact_name="Selin Arslan",
        contact_email="kontakt@example.org",
        nominee_given_name="Mara",
        nominee_family_name="Lindqvist",
        nominee_kind="external",
        expertise="Berät Familien.",
        consent=True,
    )


def steps(obj: Any) -> list[tuple[str, str, str, str]]:
    return [(c.source, c.target, c.decided_by, c.reason) for c in workflow.history(obj)]


def test_a_declined_nomination_records_who_forwarded_who_declined_and_why(
    hannover: Any, coordinator: Any
) -> None:
    proposal = nomination()
    bodies.forward_nomination(coordinator, proposal)
    bodies.decline_nomination(coordinator, proposal, "Kein Sitz frei.")

    assert steps(proposal) == [
        ("submitted", "forwarded", coordinator.username, ""),
        ("forwarded", "declined", coordinator.username, "Kein Sitz frei."),
    ]
    assert all(c.decided_at is not None for c in workflow.history(proposal))


def test_a_refused_step_changes_nothing_and_records_nothing(
    hannover: Any, coordinator: Any
) -> None:
    proposal = nomination()
    bodies.forward_nomination(coordinator, proposal)

    with translation.override("en"), pytest.raises(ValidationError, match="already been"):
        bodies.forward_nomination(coordinator, proposal)

    proposal.refresh_from_db()
    assert proposal.status == "forwarded"
    assert len(steps(proposal)) == 1


def test_a_topic_change_records_the_steering_groups_reference(
    hannover: Any, coordinator: Any
) -> None:
    body = Body.objects.get(slug="soziales")
    request = bodies.request_topic_change(coordinator, body, ["Wohnen"], "Neu zugeschnitten.")
    request = bodies.decide_topic_change(
        coordinator, request, agreed=False, decision_date=dt.date(2020, 1, 1), reference="LG 3/20"
    )

    assert request.status == TopicChangeRequest.Status.REJECTED
    assert steps(request) == [("requested", "rejected", coordinator.username, "LG 3/20")]


def test_an_elections_phases_are_recorded_in_order(hannover: Any, coordinator: Any) -> None:
    election = new_election(hannover, coordinator)
    elections.open_nominations(coordinator, election)
    election = elections.cancel_election(coordinator, election)

    assert election.phase == Election.Phase.CANCELLED
    assert [(s, t) for s, t, _by, _why in steps(election)] == [
        ("preparation", "nomination"),
        ("nomination", "cancelled"),
    ]


# -- rows from before the log ------------------------------------------------------
@pytest.mark.parametrize(
    ("module", "make"),
    [
        ("planwerk.bodies.migrations.0002_status_history_from_audit_log", "bodies"),
        ("planwerk.elections.migrations.0005_phase_history_from_audit_log", "elections"),
        ("planwerk.elections.migrations.0006_round_history_from_audit_log", "rounds"),
    ],
)
def test_the_migration_rebuilds_the_history_the_services_record(
    hannover: Any, coordinator: Any, module: str, make: str
) -> None:
    if make == "bodies":
        proposal = nomination()
        bodies.forward_nomination(coordinator, proposal)
        bodies.decline_nomination(coordinator, proposal, "Kein Sitz frei.")
        request = bodies.request_topic_change(
            coordinator, Body.objects.get(slug="soziales"), ["Wohnen"], "Neu."
        )
        bodies.decide_topic_change(
            coordinator, request, agreed=True, decision_date=dt.date(2020, 1, 1), reference="7"
        )
    elif make == "elections":
        election = new_election(hannover, coordinator)
        elections.open_nominations(coordinator, election)
        elections.cancel_election(coordinator, election)
    else:
        m = meeting(hannover, coordinator, organisations=3, candidates=2)
        rnd = elections.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
        elections.close_round(coordinator, rnd)
        StatusChange.objects.exclude(workflow="elections.round").delete()
    fields = ("content_type", "object_id", "workflow", "source", "target", "decided_by", "reason")
    recorded = list(StatusChange.objects.order_by("pk").values_list(*fields))
    assert recorded
    StatusChange.objects.all().delete()

    importlib.import_module(module).history_from_audit_log(apps, None)

    assert list(StatusChange.objects.order_by("pk").values_list(*fields)) == recorded
