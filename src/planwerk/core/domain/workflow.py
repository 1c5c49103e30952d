"""Status workflows as data: the states of a thing and the steps between them. Pure Python.

A workflow names its states and its allowed transitions; each transition says from
which states it may be taken and, optionally, what to tell someone who tries it
from another state. Nominations, topic change requests and elections describe their
status this way, and drafts will too. `planwerk.core.workflow` records each step
(who decided, when, why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Transition:
    """A step to `target` from any of `sources`. `refusal` is the message for one who
    tries it from another state (any str-like object, e.g. a lazy translation)."""

    sources: frozenset[str]
    target: str
    refusal: object = None


@dataclass(frozen=True)
class TransitionRefused(Exception):
    """A step the workflow does not allow from the current state."""

    workflow: str
    source: str
    target: str
    refusal: object = None


@dataclass(frozen=True)
class Workflow:
    """The states of one kind of thing (`name`, e.g. "bodies.nomination") and its steps.

    `labels` maps each state to the word a reader sees."""

    name: str
    initial: str
    transitions: tuple[Transition, ...]
    labels: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        known = self.states
        for step in self.transitions:
            unknown = (step.sources | {step.target}) - known
            if unknown:  # pragma: no cover - a programming error in a definition
                raise ValueError(f"{self.name}: unknown states {sorted(unknown)}")
        targets = [(s, t.target) for t in self.transitions for s in t.sources]
        if len(targets) != len(set(targets)):
            raise ValueError(f"{self.name}: a step is defined twice")

    @property
    def states(self) -> frozenset[str]:
        if self.labels:
            return frozenset(self.labels)
        found = {self.initial}
        for step in self.transitions:
            found |= step.sources | {step.target}
        return frozenset(found)

    @property
    def final(self) -> frozenset[str]:
        """States from which no step leads on."""
        return frozenset(s for s in self.states if not self.targets(s))

    def targets(self, source: str) -> frozenset[str]:
        return frozenset(t.target for t in self.transitions if source in t.sources)

    def allows(self, source: str, target: str) -> bool:
        return target in self.targets(source)

    def step(self, source: str, target: str) -> Transition:
        """The transition from `source` to `target`; TransitionRefused if there is none."""
        for transition in self.transitions:
            if transition.target == target and source in transition.sources:
                return transition
        refusal = next((t.refusal for t in self.transitions if t.target == target), None)
        raise TransitionRefused(self.name, source, target, refusal)

    def label(self, state: str) -> object:
        return self.labels.get(state, state)


def workflow(
    name: str,
    initial: str,
    steps: Iterable[tuple[Iterable[str], str] | tuple[Iterable[str], str, object]],
    labels: dict[str, object] | None = None,
) -> Workflow:
    """A workflow from (sources, target[, refusal]) triples."""
    transitions = []
    for entry in steps:
        sources, target, *rest = entry
        transitions.append(Transition(frozenset(sources), target, rest[0] if rest else None))
    return Workflow(name, initial, tuple(transitions), dict(labels or {}))
