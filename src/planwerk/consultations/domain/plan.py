"""Who is consulted on a submitted version, computed from the definition's flows.

No Django here: the service passes plain values and turns the result into rows.

- Every body reached by a `draft` flow from the submitting body or its group
  (groups expanded to their bodies) is consulted. Its kind is
  - `review` if a `requirements` flow goes from it back to the submitter or its
    group (it decides on the version; it gives no statement),
  - `assessment` if it sends an `assessment` flow to some body (the assessment is
    addressed to that body),
  - `statement` otherwise.
- A body that receives `assessment` flows from consulted bodies and sends a
  `bundle` flow bundles those assessments (`bundle`).
- A `consultation` flow from a body to the submitter or its group consults that
  body (`consultation`).

A flow with a condition (`when`) counts only when the condition is among the
version's confirmed marks. A deadline is the flow's `days` (None when it has none).
Each body is consulted at most once; the submitter never.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

REVIEW = "review"
ASSESSMENT = "assessment"
STATEMENT = "statement"
BUNDLE = "bundle"
CONSULTATION = "consultation"
KINDS = (REVIEW, ASSESSMENT, BUNDLE, STATEMENT, CONSULTATION)


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    kind: str
    days: int | None = None
    when: str = ""


@dataclass(frozen=True)
class Planned:
    """One consultation: the body asked, how, by when, and (for the bundle) whom it bundles."""

    body: str
    kind: str
    days: int | None = None
    addressed_to: str | None = None
    bundles: tuple[str, ...] = ()
    condition: str = ""


def plan(
    submitter: str,
    group: str | None,
    flows: Iterable[Flow],
    groups: Mapping[str, Iterable[str]],
    marks: Collection[str] = (),
) -> list[Planned]:
    """The consultations on a version the body `submitter` (in `group`) submitted."""
    members = {slug: tuple(bodies) for slug, bodies in groups.items()}

    def expand(slug: str) -> tuple[str, ...]:
        return members.get(slug, (slug,))

    origin = {submitter} | ({group} if group else set())
    active = [f for f in flows if not f.when or f.when in marks]

    def sends(body: str, kind: str) -> list[Flow]:
        return [f for f in active if f.kind == kind and body in expand(f.source)]

    planned: dict[str, Planned] = {}
    for flow in active:
        if flow.kind != "draft" or flow.source not in origin:
            continue
        for body in expand(flow.target):
            if body == submitter or body in planned:
                continue
            if any(f.target in origin for f in sends(body, "requirements")):
                planned[body] = Planned(body, REVIEW, flow.days, condition=flow.when)
                continue
            assessments = sends(body, "assessment")
            if assessments:
                target = expand(assessments[0].target)[0]
                planned[body] = Planned(body, ASSESSMENT, flow.days, target, condition=flow.when)
            else:
                planned[body] = Planned(body, STATEMENT, flow.days, condition=flow.when)

    bundlers: dict[str, list[str]] = {}
    for item in planned.values():
        if item.kind == ASSESSMENT and item.addressed_to is not None:
            bundlers.setdefault(item.addressed_to, []).append(item.body)
    for body, assessed in bundlers.items():
        bundle_flows = sends(body, "bundle")
        assessed = [a for a in assessed if a != body]
        if not bundle_flows or not assessed or body == submitter:
            continue
        flow = bundle_flows[0]
        target = expand(flow.target)[0]
        planned[body] = Planned(body, BUNDLE, flow.days, target, tuple(assessed), flow.when)

    for flow in active:
        if flow.kind != "consultation" or flow.target not in origin:
            continue
        for body in expand(flow.source):
            if body != submitter and body not in planned:
                planned[body] = Planned(body, CONSULTATION, flow.days, condition=flow.when)
    return list(planned.values())
