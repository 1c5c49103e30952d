"""Retreats: the minimum in the definition, and meetings planned as retreats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from planwerk.bodies.models import Body
from planwerk.meetings.models import Meeting
from planwerk.processes.definition import DefinitionError, parse_definition

HANNOVER = (
    Path(__file__).resolve().parents[2]
    / "src/planwerk/processes/definitions/hannover-lip-2019.yaml"
)


def test_the_lead_committee_holds_two_retreats_in_the_hannover_definition(hannover: Any) -> None:
    lead = Body.objects.get(process=hannover, lead_committee=True)
    assert lead.retreats_min == 2
    assert not Body.objects.filter(process=hannover, lead_committee=False, retreats_min__gt=0)


def test_a_wrong_minimum_is_refused_with_its_line() -> None:
    text = HANNOVER.read_text().replace("retreats: {min: 2}", "retreats: {min: zwei, max: 3}")
    with pytest.raises(DefinitionError) as refused:
        parse_definition(text, "process.yaml")
    problems = str(refused.value)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "retreats:" in t)
    assert ".retreats.min: must be a whole number" in problems
    assert f"process.yaml:{line}: bodies[1].retreats.max: unknown field" in problems


def test_the_coordination_plans_a_retreat(hannover: Any, coordinator: Any) -> None:
    lead = Body.objects.get(process=hannover, lead_committee=True)
    client = Client()
    client.force_login(coordinator)
    url = f"/sitzungen/gremium/{lead.slug}/planen/"
    assert 'value="retreat"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "title": "Klausur",
            "kind": "retreat",
            "starts_at": "2030-03-04T10:00",
            "place": "Rathaus",
        },
    )
    meeting = Meeting.objects.get(title="Klausur")
    assert meeting.kind == Meeting.Kind.RETREAT
    assert "Klausurtagung" in client.get(f"/sitzungen/{meeting.uuid}/").content.decode()
