"""The test database, filled once per test process and reused by every test.

Loading the Hannover definition takes a few hundred queries, the demo data a few
hundred more. Instead of loading them again for every test, each test process
(each xdist worker) loads them once into its test database, right after the
migrations, as two *layers*: "hannover" (the process) and "demo" (the fictional
people and accounts on top). Every test then sees exactly the layers it asks for:

- a test using the `demo` fixture sees both layers,
- a test using `hannover` (or a fixture built on it) sees the process only,
- every other test sees an empty database, as if nothing had been loaded.

A test runs in a transaction that is rolled back afterwards, so the layers it must
not see are deleted inside that transaction (a few quick DELETE statements, by
primary key ranges recorded while loading) and come back with the rollback.

Transactional tests (`transaction=True`, `transactional_db`, `live_server`) commit
what they do and empty the database afterwards. For them the missing layers are
loaded (and committed) as before; after such a test the layers are loaded again
before the next test that needs them.

A layer must only add rows: if loading it changes a row of an earlier layer, its
rows could not be removed by primary key, so it is not kept in the database and the
tests that need it load it themselves (slower, but correct); a warning says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HANNOVER = REPO / "src" / "planwerk" / "processes" / "definitions" / "hannover-lip-2019.yaml"

INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


def _load_hannover() -> int:
    from planwerk.processes.loader import load_process_file

    report = load_process_file(HANNOVER)
    assert report.process is not None
    return report.process.pk


def _load_demo() -> None:
    from django.core.management import call_command

    # People and accounts only: the demo's drafts cycle writes the audit log, whose
    # head row belongs to the layer below (a layer must only add rows). Tests that
    # want the cycle run `load_demo` again (tests/browser/test_drafts_flow.py).
    call_command("load_demo", "--without-drafts", verbosity=0)


# The layers, bottom up: level 1 is the Hannover process, level 2 adds the demo data.
LOADERS: list[tuple[str, Callable[[], Any]]] = [("hannover", _load_hannover), ("demo", _load_demo)]
HANNOVER_LEVEL = 1
DEMO_LEVEL = 2


@dataclass
class Layer:
    """What one layer added: per table, the rows above the mark taken before it."""

    name: str
    result: Any
    # model -> ("max", highest pk before the layer) or ("set", pks before the layer)
    added: dict[Any, tuple[str, Any]] = field(default_factory=dict)
    sentinel: tuple[Any, dict[str, Any]] | None = None  # one row the layer added
    removable: bool = True
    rows: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)  # what it added


@dataclass
class State:
    layers: list[Layer] = field(default_factory=list)  # the committed preload
    preloaded: int = 0  # how many layers it holds
    blocker: Any = None  # pytest-django's django_db_blocker
    # Within the running test: the layers it holds now (None: not yet asked).
    stack: list[Layer] | None = None


STATE = State()


def _models() -> list[Any]:
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    seen: set[str] = set()
    result = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen or meta.db_table not in tables:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return result


def _integer_pk(model: Any) -> bool:
    pk = model._meta.pk
    while pk.is_relation:
        pk = pk.target_field
    return pk.get_internal_type() in INTEGER_TYPES


def _marks(models: list[Any]) -> dict[Any, tuple[str, Any]]:
    from django.db.models import Max

    marks: dict[Any, tuple[str, Any]] = {}
    for model in models:
        manager = model._base_manager
        if _integer_pk(model):
            marks[model] = ("max", manager.aggregate(top=Max("pk"))["top"] or 0)
        else:
            marks[model] = ("set", frozenset(manager.values_list("pk", flat=True)))
    return marks


def _snapshot(models: list[Any]) -> dict[Any, list[dict[str, Any]]]:
    return {m: list(m._base_manager.order_by("pk").values()) for m in models}


def _rows_above(model: Any, mark: tuple[str, Any]) -> Any:
    kind, value = mark
    rows = model._base_manager.all()
    return rows.filter(pk__gt=value) if kind == "max" else rows.exclude(pk__in=value)


def _load_layer(index: int) -> Layer:
    """Load layer `index` in the current transaction and record what it added."""
    name, loader = LOADERS[index]
    models = _models()
    before = _marks(models)
    earlier = _snapshot(models)
    result = loader()
    layer = Layer(name, result)
    for model in models:
        mark = before[model]
        after = _rows_above(model, mark)
        if not after.exists():
            continue
        layer.added[model] = mark
        if layer.sentinel is None and mark[0] == "max":
            layer.sentinel = (model, after.order_by("-pk").values()[0])
    # Rows that were there before must be as they were: the layer only added rows.
    now = _snapshot(models)
    for model, rows in earlier.items():
        pk = model._meta.pk.attname
        kept = {row[pk]: row for row in now[model]}
        for row in rows:
            if kept.get(row[pk]) != row:
                layer.removable = False
                break
        if model in layer.added:
            known = {row[pk] for row in rows}
            layer.rows[model] = [row for row in now[model] if row[pk] not in known]
    return layer


def _restore_layer(index: int) -> Layer | None:
    """Put the rows of preloaded layer `index` back as they were (a few INSERTs instead
    of running its loader), after a transactional test emptied the database. None if
    they do not fit any more (for example, a row they refer to is gone)."""
    from django.core.management.color import no_style
    from django.db import DatabaseError, connection, transaction

    layer = STATE.layers[index]
    try:
        with transaction.atomic():
            for model, rows in layer.rows.items():
                fields = list(model._meta.local_concrete_fields)
                objects = [model(**row) for row in rows]
                size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
                for start in range(0, len(objects), size):
                    # raw: the stored values as they are (no auto_now, no signals)
                    model._base_manager._insert(objects[start : start + size], fields, raw=True)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(layer.rows)):
                    cursor.execute(sql)
            connection.check_constraints(table_names=[m._meta.db_table for m in layer.rows])
    except DatabaseError:
        return None
    return layer if _present(layer) else None


def _present(layer: Layer) -> bool:
    if layer.sentinel is None:
        return True
    model, row = layer.sentinel
    pk = row[model._meta.pk.attname]
    return bool(model._base_manager.filter(pk=pk).values().first() == row)


def committed_level() -> int:
    """How many layers of the preload the database holds."""
    count = 0
    for layer in STATE.layers:
        if not _present(layer):
            break
        count += 1
    return count


@contextmanager
def _triggers_lifted(models: list[Any]) -> Iterator[None]:
    """Lift user triggers (the audit log's append-only guard) on these tables, inside
    the current transaction: the test's rollback (or the end of this block) restores
    them."""
    from django.db import connection

    quote = connection.ops.quote_name
    lifted: list[tuple[str, str | None]] = []
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
                for name, sql in cursor.fetchall():
                    cursor.execute(f"DROP TRIGGER {quote(name)}")
                    lifted.append((table, sql))
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                    [table],
                )
                if cursor.fetchone():
                    cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
                    lifted.append((table, None))
        try:
            yield
        finally:
            for table, sql in lifted:
                if sql is not None:
                    cursor.execute(sql)
                else:
                    cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")


def _remove(doomed: list[Layer]) -> None:
    """Delete the rows these layers added (in one transaction)."""
    from django.db import connection, transaction

    for layer in doomed:
        if not layer.removable:
            raise RuntimeError(f"the test data layer {layer.name!r} cannot be removed")
    quote = connection.ops.quote_name
    with transaction.atomic():
        models = [m for layer in doomed for m in layer.added]
        with _triggers_lifted(models), connection.cursor() as cursor:
            # Foreign keys are checked when the transaction ends, so the order of the
            # deletes does not matter; all rows of these layers go together.
            for layer in reversed(doomed):
                for model, mark in layer.added.items():
                    table = quote(model._meta.db_table)
                    column = quote(model._meta.pk.column)
                    if mark[0] == "max":
                        cursor.execute(f"DELETE FROM {table} WHERE {column} > %s", [mark[1]])
                        continue
                    pks = list(_rows_above(model, mark).values_list("pk", flat=True))
                    for start in range(0, len(pks), 500):
                        chunk = pks[start : start + 500]
                        places = ", ".join(["%s"] * len(chunk))
                        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({places})", chunk)


def ensure(target: int) -> list[Layer]:
    """Make the database hold exactly the first `target` layers, for the running test
    (inside its transaction, or committed for a transactional test)."""
    if STATE.stack is None:
        STATE.stack = STATE.layers[: committed_level()]
    stack = STATE.stack
    if len(stack) > target:
        _remove(stack[target:])
        del stack[target:]
    for index in range(len(stack), target):
        stack.append(_bring_back(index, stack))
    return stack


def _bring_back(index: int, below: list[Layer]) -> Layer:
    """Layer `index` on top of the layers `below`: the preloaded rows put back if the
    layers below are the preloaded ones, else loaded anew."""
    preloaded = STATE.layers[:index]
    if (
        index < STATE.preloaded
        and len(below) == index
        and all(a is b for a, b in zip(below, preloaded, strict=True))
    ):
        restored = _restore_layer(index)
        if restored is not None:
            return restored
    return _load_layer(index)


def at_least(target: int) -> list[Layer]:
    """The same, for a fixture that needs `target` layers but does not mind more."""
    if STATE.stack is not None and len(STATE.stack) >= target:
        return STATE.stack
    return ensure(target)


def end_of_test() -> None:
    STATE.stack = None


def hannover_pk() -> int:
    assert STATE.stack is not None
    result = STATE.stack[HANNOVER_LEVEL - 1].result
    assert isinstance(result, int)
    return result


def preload() -> None:
    """Load every layer and commit it, once per test process (and after a flush).

    Called with database access unblocked and outside any test transaction.
    """
    from django.db import transaction

    del STATE.layers[:]
    STATE.preloaded = 0
    for index, (name, _loader) in enumerate(LOADERS):
        with transaction.atomic():
            layer = _load_layer(index)
            if not layer.removable:
                transaction.set_rollback(True)
        if not layer.removable:
            warnings.warn(
                f"Loading the test data layer {name!r} changes rows of the layers below it; "
                "tests that need it load it themselves.",
                stacklevel=2,
            )
            return
        STATE.layers.append(layer)
        STATE.preloaded = index + 1


def restore_if_flushed() -> None:
    """After a transactional test emptied the database, load the layers again
    (before a test that runs in a transaction and needs them)."""
    if STATE.blocker is None or not STATE.preloaded:
        return
    with STATE.blocker.unblock():
        present = committed_level()
        if present >= STATE.preloaded:
            return
        stack = STATE.layers[:present]
        for index in range(present, STATE.preloaded):
            layer = _bring_back(index, stack)
            if layer is not STATE.layers[index]:  # loaded anew: start again from empty
                _remove([*stack, layer])
                preload()
                return
            stack.append(layer)
