"""The order of the tables in an archive: a table after the tables it refers to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set


def dependency_order(tables: Sequence[str], refers_to: Mapping[str, Set[str]]) -> list[str]:
    """`tables` ordered so that each comes after every table it refers to, where the
    references allow it; otherwise in the order given.

    A table's references to itself are ignored. Tables that refer to each other in
    a circle (a process names its coordinating unit, a unit its process) cannot all
    come after each other: the first of the circle in the given order that waits for
    no table outside its circle comes first.
    Import does not depend on the order (the database checks references when the
    transaction ends); it makes the archive read from the bottom up.
    """
    known = set(tables)
    edges = {
        table: {other for other in refers_to.get(table, set()) if other in known and other != table}
        for table in tables
    }
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        waiting = [t for t in tables if t not in placed]
        ready = next((t for t in waiting if edges[t] <= placed), None)
        if ready is None:
            # Every table waits: some wait in a circle. Take the first that waits only
            # for tables of its own circle (those that lead back to it).
            ready = next(
                t for t in waiting if all(_reaches(edges, o, t, placed) for o in edges[t] - placed)
            )
        ordered.append(ready)
        placed.add(ready)
    return ordered


def _reaches(edges: Mapping[str, Set[str]], start: str, goal: str, placed: Set[str]) -> bool:
    """Whether `start` leads to `goal` through references among the unplaced tables."""
    seen = {start}
    todo = [start]
    while todo:
        for other in edges[todo.pop()] - placed:
            if other == goal:
                return True
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return False
