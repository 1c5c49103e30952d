"""The sentence under the overview: how many statements are missing, how many are
late, when the next deadline ends, and who decides then."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format

from planwerk.consultations.models import Consultation
from planwerk.consultations.queries import next_step


def test_late_and_coming_deadlines_are_told_apart(world: Any) -> None:
    consultations = list(Consultation.objects.filter(version=world.version))
    deadlines = sorted({c.deadline for c in consultations if c.deadline})
    first, last = deadlines[0], deadlines[-1]
    # The day after the first deadline: those due then are late, the rest still open.
    text = next_step(world.version, consultations, today=first + dt.timedelta(days=1))
    waiting = sum(1 for c in consultations if c.kind != Consultation.Kind.REVIEW)
    late = sum(1 for c in consultations if c.deadline == first)
    assert text.startswith(f"Waiting for {waiting} statements.")
    assert f"{late} of them are late." in text
    assert f"The next deadline ends on {date_format(last, 'DATE_FORMAT')}." in text
    assert text.endswith("decides on the version.")
    before = next_step(world.version, consultations, today=first - dt.timedelta(days=1))
    assert "late" not in before


def test_one_missing_statement_is_singular(world: Any) -> None:
    consultations = [
        c
        for c in Consultation.objects.filter(version=world.version)
        if c.kind == Consultation.Kind.REVIEW or c.deadline is not None
    ][:2]
    text = next_step(world.version, consultations)
    assert text.startswith("Waiting for 1 statement.")
