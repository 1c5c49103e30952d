"""The schema of a process definition (format `planwerk-process/1`): the allowed
values and fields, and the frozen dataclasses a definition is read into."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

FORMAT = "planwerk-process/1"

BODY_KINDS = (
    "council",
    "committee",
    "steering_group",
    "expert_group",
    "integration_council",
    "delegates_conference",
    "round_table",
    "officer",
    "other",
)
UNIT_KINDS = ("dezernat", "department", "office", "organisation", "other")
FLOW_KINDS = (
    "draft",
    "requirements",
    "assessment",
    "bundle",
    "statement",
    "consultation",
    "decision",
    "information",
    "delegation",
)
# The conditions a flow may depend on (`when`): a consultation along such a flow
# happens only when the version is marked (and confirmed) so.
FLOW_CONDITIONS = ("gender_relevant",)
TARGET_KINDS = ("gender_parity", "migration_background_share")
MILESTONE_KINDS = ("event", "decision", "deadline", "milestone")
# How a field of a part of a stage's paper is written: running text, or one item a line.
FIELD_KINDS = ("text", "lines")
# How a body decides (`decision_rules`): who must be present, and what carries.
QUORUM_RULES = (
    "none",
    "more_than_half_of_votes",
    "half_of_votes",
    "two_thirds_of_votes",
)
MAJORITY_RULES = (
    "majority_of_votes_cast",
    "majority_of_votes_present",
    "majority_of_all_votes",
    "two_thirds_of_votes_cast",
    "consensus",
)
# The longest slug and name the database keeps (the models' max_length).
SLUG_LENGTH = 80
NAME_LENGTH = 200

# The languages a text mapping may use unless the caller names others (the Django
# layer passes the codes of settings.LANGUAGES). German is always among them.
LANGUAGES = ("de", "en")
FALLBACK_LANGUAGE = "de"


@dataclass(frozen=True)
class LocalText:
    """A text in German and, optionally, other languages (`others`: sorted pairs of
    language code and text)."""

    de: str
    others: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, texts: dict[str, str]) -> LocalText:
        others = tuple(sorted((k, v) for k, v in texts.items() if k != FALLBACK_LANGUAGE and v))
        return cls(texts.get(FALLBACK_LANGUAGE, ""), others)

    @property
    def en(self) -> str:
        return dict(self.others).get("en", "")

    def as_dict(self) -> dict[str, str]:
        """{language code: text} with every language that has a text, German first."""
        texts = {FALLBACK_LANGUAGE: self.de} if self.de else {}
        texts.update(self.others)
        return texts

    def get(self, language: str) -> str:
        """The text in `language` (or its base language), else German."""
        texts = dict(self.others)
        return texts.get(language) or texts.get(language.split("-")[0]) or self.de


@dataclass(frozen=True)
class UnitDef:
    slug: str
    kind: str
    name: LocalText
    parent: str | None = None


@dataclass(frozen=True)
class SeatDef:
    slug: str
    name: LocalText
    min: int
    max: int
    kinds: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    votes: bool = True
    chair: bool = False
    elected: bool = False
    delegated_by: str | None = None


@dataclass(frozen=True)
class SeatRef:
    seat: str
    position: str | None = None

    def __str__(self) -> str:
        return f"{self.seat}/{self.position}" if self.position else self.seat


@dataclass(frozen=True)
class JointVoteDef:
    name: LocalText
    seats: tuple[SeatRef, ...]
    deputy: SeatRef | None = None


@dataclass(frozen=True)
class TargetDef:
    kind: str
    tolerance: int = 1
    share: float = 0.5


@dataclass(frozen=True)
class BodyDef:
    slug: str
    kind: str
    name: LocalText
    description: LocalText = LocalText("")
    parent: str | None = None
    group: str | None = None
    leads: tuple[str, ...] = ()
    co_leads: tuple[str, ...] = ()
    subtopics: tuple[LocalText, ...] = ()
    seats: tuple[SeatDef, ...] = ()
    joint_votes: tuple[JointVoteDef, ...] = ()
    decision_rules: tuple[tuple[str, Any], ...] = ()
    targets: tuple[TargetDef, ...] = ()
    lead_committee: bool = False
    retreats_min: int = 0
    chart_row: int | None = None
    chart_column: int | None = None


@dataclass(frozen=True)
class GroupDef:
    slug: str
    name: LocalText
    kind: str
    chart_row: int | None = None
    chart_column: int | None = None


@dataclass(frozen=True)
class FlowDef:
    source: str
    target: str
    kind: str
    label: LocalText
    # Deadline in days after the version was submitted (None: no deadline).
    days: int | None = None
    # A condition of FLOW_CONDITIONS the flow depends on ("": always).
    when: str = ""


@dataclass(frozen=True)
class MilestoneDef:
    slug: str
    date: dt.date
    name: LocalText
    kind: str = "milestone"
    end: dt.date | None = None
    approximate: bool = False
    # The stage (its end) or milestone (its last day) this one follows, `days` later:
    # moving that one moves this one too (docs/timeline.md). "": it follows its stage's
    # start, or nothing outside a stage.
    after: str = ""
    days: int = 0


@dataclass(frozen=True)
class FieldDef:
    """A field a part of the paper has besides its title and text (a measure's
    target groups, its time frame, ...)."""

    slug: str
    name: LocalText
    kind: str = "text"


@dataclass(frozen=True)
class PartDef:
    """A kind of section of a stage's paper (a goal, a measure, ...); `children` are
    the parts allowed below it."""

    slug: str
    name: LocalText
    fields: tuple[FieldDef, ...] = ()
    children: tuple[PartDef, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name.as_dict(),
            "fields": [
                {"slug": f.slug, "name": f.name.as_dict(), "kind": f.kind} for f in self.fields
            ],
            "children": [c.as_json() for c in self.children],
        }


@dataclass(frozen=True)
class StageDef:
    slug: str
    name: LocalText
    product: LocalText
    starts: dt.date
    ends: dt.date
    milestones: tuple[MilestoneDef, ...] = ()
    # The parts the stage's paper is made of, at its top level; empty: free sections.
    structure: tuple[PartDef, ...] = ()


@dataclass(frozen=True)
class ProcessDefinition:
    slug: str
    name: LocalText
    description: LocalText
    source: str
    coordinating_unit: str | None
    units: tuple[UnitDef, ...]
    person_kinds: tuple[str, ...]
    bodies: tuple[BodyDef, ...]
    groups: tuple[GroupDef, ...]
    flows: tuple[FlowDef, ...]
    stages: tuple[StageDef, ...]
    milestones: tuple[MilestoneDef, ...] = ()
    # How many deputies may stand in for one member at the same time.
    deputies_per_member: int = 1

    def body(self, slug: str) -> BodyDef:
        return next(b for b in self.bodies if b.slug == slug)


TOP_LEVEL = (
    "format",
    "process",
    "units",
    "person_kinds",
    "seat_schemas",
    "target_schemas",
    "bodies",
    "body_groups",
    "flows",
    "stages",
    "milestones",
)
SEAT_FIELDS = (
    "slug",
    "name",
    "min",
    "max",
    "kinds",
    "units",
    "positions",
    "votes",
    "chair",
    "elected",
    "delegated_by",
)
BODY_FIELDS = (
    "slug",
    "kind",
    "name",
    "description",
    "parent",
    "group",
    "leads",
    "co_leads",
    "subtopics",
    "seats",
    "seat_overrides",
    "joint_votes",
    "decision_rules",
    "targets",
    "lead_committee",
    "retreats",
    "chart",
)
