"""The order of the tables in an archive: a table after the tables it refers to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set


def dependency_order(tables: Sequence[str], refers_to: Mapping[str, Set[str]]) -> list[str]:
    """`tables` ordered so that each comes after every table it refers to, where the
    references allow it; otherwise in the order given.

    A table's references to itself are ignored. Tables that refer to each other in
    a circle (a process names its coordinating unit, a unit its process) cannot all
    come after each other: the first of the circle in the given order comes first.
    Import does not depend on the order (the database checks references when the
    transaction ends); it makes the archive read from the bottom up.
    """
    known = set(tables)
    waiting_for = {
        table: {other for other in refers_to.get(table, set()) if other in known and other != table}
        for table in tables
    }
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = next(
            (t for t in tables if t not in placed and waiting_for[t] <= placed),
            None,
        )
        if ready is None:  # a circle: take the first table still waiting
            ready = next(t for t in tables if t not in placed)
        ordered.append(ready)
        placed.add(ready)
    return ordered
