"""The drafts cycle of the demo, acted out through the real services.

For the process's first stage every expert group gets a draft with a section per
top-level part of the stage's structure. Then, as it would happen over the last
weeks:

- the first group (the one of the account `mitglied`) submits version 1; the body
  that decides on its drafts returns it in a held meeting (attendance, a vote by
  seat, two requirements, the first with new wording); the group takes the wording,
  answers both requirements, adds a section and submits version 2, which is now
  under review: it is marked relevant to gender equality, some assessments and the
  other statements are given, and a consultation with a short deadline is late;
- the second group's version 1 is accepted in the same meeting;
- the third group's version 1 is under review;
- the others are still writing.

For the second stage the second group starts a draft with one branch of the
structure (a goal, below it an intermediate goal, below that a measure) with every
field filled. The deciding body has its next meeting planned with an agenda, and
the lead committee one retreat.

Nothing names a body, a seat or a part: the groups are the bodies of kind
expert_group in their order, the deciding body follows from the flows, the texts
are picked by the German names of the parts (see `texts.py`). Every step runs
through the service a user would use, so statuses, consultations and audit entries
are what users produce; only the clock is set back (`timezone.now` is patched), so
that the steps carry the dates of a plausible history and deadlines are open or
late as described.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from planwerk.bodies.models import Body, Membership
from planwerk.consultations import services as consultations
from planwerk.consultations.models import Consultation
from planwerk.decisions import services as decisions
from planwerk.decisions import tally as tallies
from planwerk.decisions.models import Decision, RequirementAnswer
from planwerk.demo import texts
from planwerk.meetings import services as meetings
from planwerk.meetings.models import Attendance, Meeting
from planwerk.meetings.queries import members
from planwerk.papers import recommendations
from planwerk.papers import services as papers
from planwerk.papers.domain.structure import FieldSpec, PartSpec, Structure
from planwerk.papers.models import Draft, Section, Version
from planwerk.processes.models import Process, Stage

COORDINATOR = "koordination"


@dataclass
class Summary:
    drafts: int = 0
    versions: int = 0
    decisions: int = 0
    statements: int = 0
    meetings: int = 0
    notes: list[str] = field(default_factory=list)


@contextmanager
def clock(moment: dt.datetime) -> Iterator[None]:
    """Act at `moment`: everything that asks `timezone.now()` gets it."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def german(names: Any, fallback: str = "") -> str:
    return str((names or {}).get("de") or fallback)


def pool_for(part: PartSpec, index: int) -> list[Any]:
    """The texts for a top-level part: by its German name, else terms for a part
    with fields, else guidelines, principles and goals in turn."""
    name = german(part.name, part.slug).lower()
    for keyword, pool in texts.POOLS:
        if keyword in name:
            return pool
    if part.fields:
        return texts.TERMS
    return [texts.GUIDELINES, texts.PRINCIPLES, texts.GOALS][index % 3]


def field_text(spec: FieldSpec, unit: str, definition: str = "") -> str:
    name = german(spec.name, spec.slug).lower()
    text = texts.FIELD_FALLBACK
    for keywords, value in texts.FIELD_TEXTS:
        if any(k in name for k in keywords):
            text = value or definition or texts.FIELD_FALLBACK
            break
    text = text.replace("{unit}", unit)
    if spec.kind != "lines":
        text = " ".join(line.strip() for line in text.splitlines())
    return text


def username_for(person: Any) -> str:
    plain = unicodedata.normalize("NFKD", f"{person.given_name}.{person.family_name}")
    ascii_name = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9.]+", "", ascii_name)[:140] or "mitglied-demo"


class Cycle:
    def __init__(self, process: Process) -> None:
        self.process = process
        self.summary = Summary()
        self.rng = random.Random(2019)
        self.now = timezone.localtime()
        self.coordinator = get_user_model().objects.get(username=COORDINATOR)

    # -- time ---------------------------------------------------------------------------
    def moment(self, days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        """`days` from today (negative: ago), at the hour, local time."""
        day = self.now.date() + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    # -- who acts ----------------------------------------------------------------------
    def writer(self, body: Body) -> Any:
        """A member of the group with an account: the first one that has one, else the
        first member, who gets an account without a password (she cannot log in; she
        acts in the demo's history)."""
        people = list(members(body, self.now.date()).select_related("person__user"))
        for membership in people:
            if membership.person.user_id is not None:
                return membership.person.user
        if not people:
            return self.coordinator
        person = people[0].person
        user_model = get_user_model()
        base = username_for(person)
        username, number = base, 1
        while user_model.objects.filter(username=username).exists():
            number += 1
            username = f"{base}{number}"
        user = user_model(username=username, first_name=person.given_name)
        user.last_name = person.family_name
        user.set_unusable_password()
        user.save()
        person.user = user
        person.save(update_fields=["user"])
        return user

    def speaker(self, body: Body) -> Any:
        """Who gives a body's statement: a member with an account, else the
        coordination on the body's behalf."""
        found = (
            members(body, self.now.date())
            .filter(person__user__isnull=False)
            .select_related("person__user")
            .first()
        )
        return found.person.user if found is not None else self.coordinator

    # -- the cycle ---------------------------------------------------------------------
    def run(self) -> Summary:
        stages = list(Stage.objects.filter(process=self.process).order_by("order", "pk"))
        groups = list(
            Body.objects.filter(process=self.process, kind=Body.Kind.EXPERT_GROUP).order_by(
                "order", "pk"
            )
        )
        if not stages or not groups:
            return self.summary
        first = stages[0]
        drafts = []
        for index, body in enumerate(groups):
            with clock(self.moment(-90 + index, 16)):
                drafts.append(self.write(body, first, index))
        deciding = tallies.deciding_body(groups[0])
        returned = drafts[0]
        accepted = drafts[1] if len(drafts) > 1 else None
        with clock(self.moment(-70, 11)):
            v1 = papers.submit(self.writer(returned.body), returned)
        v1_accepted = None
        if accepted is not None:
            with clock(self.moment(-69, 15)):
                v1_accepted = papers.submit(self.writer(accepted.body), accepted)
        self.summary.versions += 1 + (v1_accepted is not None)
        held = None
        if deciding is not None:
            held = self.held_meeting(deciding, [v for v in (v1, v1_accepted) if v])
        if held is not None:
            self.decide(held, v1, v1_accepted)
        if v1.status == Version.Status.RETURNED:
            self.second_version(returned, v1)
        if len(drafts) > 2:
            with clock(self.moment(-10, 9)):
                papers.submit(self.writer(drafts[2].body), drafts[2])
            self.summary.versions += 1
        if len(stages) > 1:
            body = accepted.body if accepted is not None else groups[0]
            with clock(self.moment(-3, 14)):
                self.write_tree(body, stages[1])
        if deciding is not None:
            self.next_meeting(deciding, drafts)
        self.retreat()
        return self.summary

    def write(self, body: Body, stage: Stage, index: int) -> Draft:
        """The group's draft: a section per top-level part of the structure (three free
        sections without one)."""
        user = self.writer(body)
        draft = papers.open_draft(user, body, stage)
        self.summary.drafts += 1
        structure = draft.structure()
        parts: list[PartSpec | None] = list(structure.parts) or [None, None, None]
        unit = self.unit_name(body)
        for number, part in enumerate(parts):
            if part is None:
                pool = [texts.GUIDELINES, texts.PRINCIPLES, texts.GOALS][number % 3]
            else:
                pool = pool_for(part, number)
            item = pool[index % len(pool)]
            title, text = item[0], item[1]
            definition = item[2] if len(item) > 2 else ""
            fields = {
                f.slug: field_text(f, unit, definition) for f in (part.fields if part else ())
            }
            papers.add_section(
                user, draft, title, text, part=part.slug if part else "", fields=fields
            )
        return draft

    def write_tree(self, body: Body, stage: Stage) -> None:
        """One branch of the stage's structure, every field filled."""
        user = self.writer(body)
        draft = papers.open_draft(user, body, stage)
        self.summary.drafts += 1
        unit = self.unit_name(body)
        parts = Structure.of(stage.structure).parts
        parent: Section | None = None
        depth = 0
        while parts:
            part = parts[0]
            title, text = texts.TREE[min(depth, len(texts.TREE) - 1)]
            fields = {f.slug: field_text(f, unit) for f in part.fields}
            parent = papers.add_section(
                user, draft, title, text, part=part.slug, parent=parent, fields=fields
            )
            parts = part.children
            depth += 1
        if parent is None:  # no structure: two free sections
            for title, text in texts.TREE[:2]:
                papers.add_section(user, draft, title, text)

    def unit_name(self, body: Body) -> str:
        lead = body.leads.select_related("unit").order_by("pk").first()
        if lead is not None:
            return lead.unit.name.exact("de") or str(lead.unit.name)
        unit = self.process.coordinating_unit
        return unit.name.exact("de") if unit is not None else "die Koordinierungsstelle"

    # -- the steering group ------------------------------------------------------------
    def held_meeting(self, body: Body, versions: list[Version]) -> Meeting | None:
        """A meeting of the deciding body 45 days ago: planned, invited, held (with
        its attendance); minutes written, not yet approved."""
        coordinator = self.coordinator
        with clock(self.moment(-60, 9)):
            meeting = meetings.plan_meeting(
                coordinator,
                body,
                title=f"Sitzung: {body.name.exact('de') or body}",
                starts_at=self.moment(-45, 17),
                ends_at=self.moment(-45, 19, 30),
                place="Rathaus, Sitzungssaal",
            )
            for title in self.agenda(versions, "Entscheidung über"):
                meetings.add_agenda_item(coordinator, meeting, title=title)
        with clock(self.moment(-58, 9)):
            meetings.send_invitations(coordinator, meeting)
        people = list(members(body, self.moment(-45).date()))
        if not people:
            self.summary.notes.append("no members to record the attendance of")
            return meeting
        # A few absent in a large body; a small one is there in full (for its quorum).
        absent = {m.pk for m in self.rng.sample(people, k=min(3, len(people) // 7))}
        entries = [
            (m, Attendance.Status.ABSENT if m.pk in absent else Attendance.Status.PRESENT, None)
            for m in people
        ]
        with clock(self.moment(-45, 20)):
            meetings.record_attendance(coordinator, meeting, entries)
            meetings.write_minutes(coordinator, meeting, texts.MINUTES)
        self.summary.meetings += 1
        return meeting

    def agenda(self, versions: list[Version], verb: str) -> list[str]:
        items = ["Begrüßung und Feststellung der Beschlussfähigkeit"]
        for version in versions:
            name = version.draft.body.name.exact("de")
            items.append(f"{verb} Fassung {version.number} des Entwurfs: {name}")
        items.append("Verschiedenes")
        return items

    def ballots(self, meeting: Meeting, no: int, abstain: int) -> dict[str, str]:
        seats = list(tallies.tally(meeting).casting())
        # A small body: fewer votes against, so that the motion still carries.
        few = (len(seats) - 1) // 4
        choices = ["no"] * min(no, few) + ["abstain"] * min(abstain, few)
        choices += ["yes"] * max(len(seats) - len(choices), 0)
        return dict(zip(seats, choices[: len(seats)], strict=True))

    def decide(self, meeting: Meeting, returned: Version, accepted: Version | None) -> None:
        sections = returned.paper()
        first = sections[0]
        with_fields = next((s for s in sections if s.fields), sections[-1])
        requirements = [
            (
                texts.REQUIREMENT_WITH_WORDING,
                [first.id],
                (first.id, first.text + texts.WORDING_ADDITION),
            ),
            (texts.REQUIREMENT_PLAIN, [with_fields.id], None),
        ]
        with clock(self.moment(-45, 19)):
            try:
                decisions.decide(
                    self.coordinator,
                    meeting,
                    returned,
                    Decision.Outcome.RETURNED,
                    self.ballots(meeting, no=2, abstain=1),
                    requirements,
                    note=texts.DECISION_NOTE,
                )
                self.summary.decisions += 1
                if accepted is not None:
                    decisions.decide(
                        self.coordinator,
                        meeting,
                        accepted,
                        Decision.Outcome.ACCEPTED,
                        self.ballots(meeting, no=0, abstain=2),
                    )
                    self.summary.decisions += 1
            except ValidationError as refused:
                # A definition whose deciding body the demo cannot fill to a quorum.
                self.summary.notes.extend(refused.messages)
        returned.refresh_from_db()

    def second_version(self, draft: Draft, previous: Version) -> None:
        """The group takes the proposed wording, answers both requirements, adds a
        section and submits version 2; then its consultations get their answers."""
        writer = self.writer(draft.body)
        decision = Decision.objects.get(version=previous)
        requirements = list(decision.requirements.order_by("number"))
        with clock(self.moment(-35, 18)):
            for requirement in requirements:
                if requirement.recommendation is not None:
                    recommendations.take(writer, requirement.recommendation)
                    decisions.answer_requirement(
                        writer, requirement, RequirementAnswer.Answer.FOLLOWED
                    )
                else:
                    decisions.answer_requirement(
                        writer,
                        requirement,
                        RequirementAnswer.Answer.NOT_FOLLOWED,
                        texts.NOT_FOLLOWED_REASON,
                    )
            # A new section at the end, as the last top-level part without fields (an
            # overarching goal, say) so that the paper keeps its order.
            plain = [p for p in draft.structure().parts if not p.fields]
            part = plain[-1].slug if plain else ""
            papers.add_section(writer, draft, *texts.ADDED_IN_SECOND_VERSION, part=part)
        with clock(self.moment(-25, 10)):
            version = papers.submit(writer, draft)
        self.summary.versions += 1
        with clock(self.moment(-25, 12)):
            consultations.mark_gender_relevant(writer, version)
            consultations.confirm_gender_relevance(self.coordinator, version)
        self.statements(version)

    def statements(self, version: Version) -> None:
        """Four assessments and every plain statement; bundles and consultations with a
        short deadline stay open (the latter late by now)."""
        given = 0
        open_ = version.consultations.select_related("body").order_by("body__order", "pk")
        assessments = [c for c in open_ if c.kind == Consultation.Kind.ASSESSMENT][:4]
        plain = [c for c in open_ if c.kind == Consultation.Kind.STATEMENT]
        sections = version.paper()
        for days, consultation in zip(range(-20, 0, 4), assessments, strict=False):
            with clock(self.moment(days, 19)):
                consultations.give_statement(
                    self.speaker(consultation.body),
                    consultation,
                    texts.ASSESSMENTS[given % len(texts.ASSESSMENTS)],
                )
            given += 1
        for number, consultation in enumerate(plain):
            proposal = None
            if number == 0 and len(sections) > 1:
                section = sections[1]
                proposal = consultations.Proposal(
                    section.id, section.text + texts.STATEMENT_WORDING_ADDITION
                )
            with clock(self.moment(-6 + number, 11)):
                consultations.give_statement(
                    self.speaker(consultation.body),
                    consultation,
                    texts.STATEMENT if number == 0 else texts.OTHER_STATEMENT,
                    recommendation=proposal,
                )
            given += 1
        self.summary.statements += given

    def next_meeting(self, body: Body, drafts: list[Draft]) -> None:
        """The deciding body's next meeting, planned with its agenda."""
        waiting = list(
            Version.objects.filter(
                draft__in=drafts, status=Version.Status.SUBMITTED
            ).select_related("draft__body")
        )
        with clock(self.moment(-2, 9)):
            meeting = meetings.plan_meeting(
                self.coordinator,
                body,
                title=f"Sitzung: {body.name.exact('de') or body}",
                starts_at=self.moment(14, 17),
                ends_at=self.moment(14, 19, 30),
                place="Rathaus, Sitzungssaal",
            )
            for title in self.agenda(waiting, "Entscheidung über"):
                meetings.add_agenda_item(self.coordinator, meeting, title=title)
        self.summary.meetings += 1

    def retreat(self) -> None:
        """One retreat of the lead committee (of those the definition asks for)."""
        lead = Body.objects.filter(process=self.process, lead_committee=True).order_by("order")
        body = lead.first()
        if body is None:
            return
        with clock(self.moment(-2, 9, 30)):
            meeting = meetings.plan_meeting(
                self.coordinator,
                body,
                title="Klausurtagung mit den Expert*innengruppen",
                kind=Meeting.Kind.RETREAT,
                starts_at=self.moment(35, 10),
                ends_at=self.moment(35, 16),
                place="Tagungshaus am Stadtpark",
            )
            meetings.add_agenda_item(
                self.coordinator,
                meeting,
                title="Die Entwürfe der Expert*innengruppen zum Grundlagenpapier",
            )
        self.summary.meetings += 1


def load(process: Process) -> Summary | None:
    """Act out the cycle once: None if the process has drafts already."""
    if Draft.objects.filter(stage__process=process).exists():
        return None
    if not Membership.objects.filter(body__process=process).exists():
        return None
    return Cycle(process).run()
