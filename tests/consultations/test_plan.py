"""The pure core that computes who is consulted from the definition's flows."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from planwerk.bodies.models import Body, Flow
from planwerk.consultations.domain.plan import Flow as PlanFlow
from planwerk.consultations.domain.plan import plan

BODIES = ["a", "b", "c", "d", "e", "f"]
GROUPS = {"g1": ["b", "c"], "g2": ["d", "e"]}
NODES = BODIES + list(GROUPS)
KINDS = ["draft", "requirements", "assessment", "bundle", "statement", "consultation", "decision"]

flows = st.lists(
    st.builds(
        PlanFlow,
        source=st.sampled_from(NODES),
        target=st.sampled_from(NODES),
        kind=st.sampled_from(KINDS),
        days=st.one_of(st.none(), st.integers(1, 60)),
        when=st.sampled_from(["", "gender_relevant"]),
    ),
    max_size=12,
)
marks = st.sets(st.sampled_from(["gender_relevant"]))


@given(flows, marks)
def test_each_body_is_consulted_at_most_once_and_never_the_submitter(f: Any, m: Any) -> None:
    planned = plan("a", None, f, GROUPS, m)
    bodies = [p.body for p in planned]
    assert len(bodies) == len(set(bodies))
    assert "a" not in bodies
    assert set(bodies) <= set(BODIES)


@given(flows)
def test_a_flow_whose_condition_is_not_met_consults_nobody(f: Any) -> None:
    conditional = [x for x in f if x.when]
    unconditional = [x for x in f if not x.when]
    assert plan("a", "g1", f, GROUPS, set()) == plan("a", "g1", unconditional, GROUPS, set())
    assert all(not p.condition for p in plan("a", "g1", f + conditional, GROUPS, set()))


@given(marks)
def test_without_flows_nobody_is_consulted(m: Any) -> None:
    assert plan("a", "g1", [], GROUPS, m) == []


def test_kinds_deadlines_and_the_bundle() -> None:
    f = [
        PlanFlow("g1", "x", "draft"),
        PlanFlow("x", "g1", "requirements"),
        PlanFlow("g1", "g2", "draft", 28),
        PlanFlow("g2", "hub", "assessment"),
        PlanFlow("hub", "x", "bundle", 42),
        PlanFlow("g1", "y", "draft", 10),
        PlanFlow("z", "g1", "consultation", 21, "gender_relevant"),
    ]
    planned = {p.body: p for p in plan("b", "g1", f, GROUPS, set())}
    assert planned["x"].kind == "review" and planned["x"].days is None
    assert planned["d"].kind == planned["e"].kind == "assessment"
    assert planned["d"].addressed_to == "hub" and planned["d"].days == 28
    assert planned["hub"].kind == "bundle" and planned["hub"].bundles == ("d", "e")
    assert planned["hub"].days == 42
    assert planned["y"].kind == "statement" and planned["y"].days == 10
    assert "z" not in planned and "c" not in planned
    marked = {p.body: p for p in plan("b", "g1", f, GROUPS, {"gender_relevant"})}
    assert marked["z"].kind == "consultation" and marked["z"].condition == "gender_relevant"


def _hannover_plan(process: Any, marks: set[str]) -> list[Any]:
    author = Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).first()
    assert author is not None
    groups: dict[str, list[str]] = {}
    for body in Body.objects.filter(process=process).exclude(group="").order_by("order"):
        groups.setdefault(body.group, []).append(body.slug)
    defined = [
        PlanFlow(x.source, x.target, x.kind, x.days, x.when)
        for x in Flow.objects.filter(process=process)
    ]
    return plan(author.slug, author.group, defined, groups, marks)


def test_the_hannover_flows(hannover: Any) -> None:
    planned = _hannover_plan(hannover, set())
    assert Counter(p.kind for p in planned) == {
        "review": 1,
        "assessment": 11,
        "bundle": 1,
        "statement": 1,
    }
    kinds = {p.body: Body.objects.get(process=hannover, slug=p.body).kind for p in planned}
    bundle = next(p for p in planned if p.kind == "bundle")
    assert kinds[bundle.body] == "delegates_conference" and bundle.days == 42
    assert sorted(bundle.bundles) == sorted(p.body for p in planned if p.kind == "assessment")
    assert {p.days for p in planned if p.kind in ("assessment", "statement")} == {28}
    assert next(p for p in planned if p.kind == "review").days is None
    marked = _hannover_plan(hannover, {"gender_relevant"})
    extra = [p for p in marked if p.kind == "consultation"]
    assert len(marked) == len(planned) + 1 and len(extra) == 1
    assert kinds.get(extra[0].body, Body.objects.get(slug=extra[0].body).kind) == "officer"
    assert extra[0].days == 21
