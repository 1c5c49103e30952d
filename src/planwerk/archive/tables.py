"""What an archive carries: every table of planwerk's apps and the accounts, one file
each, in the order of their references.

Each installed model is in exactly one of three groups:

- carried: its rows go into the archive (`data/<app>.<model>.jsonl`) and come back
  with their keys;
- mapped: every installation makes its own rows (content types and permissions,
  written by `migrate`); a reference to one is written as its natural key and found
  again by it on import;
- left out: transient or kept by the installation, not the process (`LEFT_OUT`
  says why for each).

A model in none of them is a mistake of the code: `tables()` raises, and a test
says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from planwerk.archive.domain.order import dependency_order

#: Carried besides planwerk's own apps: the accounts, their groups and what links them.
CARRIED_APPS = ("auth",)

#: Left out, and why (docs/archive.md lists them too).
LEFT_OUT: dict[str, str] = {
    "sessions.session": "sign-ins: everybody signs in again on the new installation",
    "admin.logentry": "the Django admin's history of its own forms; the audit log is the record",
    "django_tasks_database.dbtaskresult": "the task queue: emails and reminders queued or sent",
    "axes.accessattempt": "the login throttle's counts of wrong passwords",
    "axes.accessattemptexpiration": "the login throttle's counts of wrong passwords",
    "axes.accessfailurelog": "the login throttle's log of wrong passwords",
    "axes.accesslog": "the login throttle's log of sign-ins",
}

#: How a column's internal type is written (see domain/values.py).
KINDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
            "BooleanField",
            "FloatField",
            "CharField",
            "TextField",
            "SlugField",
            "FileField",
            "GenericIPAddressField",
        ],
        "plain",
    ),
    "JSONField": "json",
    "DateTimeField": "datetime",
    "DateField": "date",
    "TimeField": "time",
    "UUIDField": "uuid",
    "DecimalField": "decimal",
    "BinaryField": "bytes",
    "DurationField": "duration",
}


@dataclass(frozen=True)
class Mapped:
    """A table every installation fills itself, referred to by a natural key."""

    label: str
    key_fields: tuple[str, ...]  # lookups, e.g. ("codename", "content_type__app_label")

    def keys(self) -> dict[Any, tuple[str, ...]]:
        """pk -> natural key, for every row of this installation."""
        model = apps.get_model(self.label)
        rows = model._base_manager.values_list("pk", *self.key_fields)
        return {pk: tuple(key) for pk, *key in rows}


MAPPED: dict[str, Mapped] = {
    "contenttypes.contenttype": Mapped("contenttypes.contenttype", ("app_label", "model")),
    "auth.permission": Mapped(
        "auth.permission",
        ("codename", "content_type__app_label", "content_type__model"),
    ),
}


@dataclass(frozen=True)
class Column:
    """One column of a table: `name` is the key in a row of the archive."""

    field: models.Field[Any, Any]
    kind: str  # a kind of domain/values.py
    target: str = ""  # a reference: the label of the table it refers to
    target_field: str = ""  # ... and the field there it names
    mapped: bool = False  # the target is a mapped table: the value is a natural key

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def attname(self) -> str:
        return self.field.attname

    @property
    def is_file(self) -> bool:
        return isinstance(self.field, models.FileField)


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    label: str  # "bodies.membership"
    columns: tuple[Column, ...]

    @property
    def member(self) -> str:
        return f"data/{self.label}.jsonl"

    @property
    def pk(self) -> str:
        return self.model._meta.pk.name

    @property
    def has_uuid(self) -> bool:
        return any(column.name == "uuid" for column in self.columns)

    @property
    def references(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.target)

    @property
    def files(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.is_file)


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def stored_models() -> list[type[models.Model]]:
    """Every model with a table of its own, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def is_carried(model: type[models.Model]) -> bool:
    config = model._meta.app_config
    assert config is not None
    label = label_of(model)
    if label in MAPPED or label in LEFT_OUT:
        return False
    return config.name.startswith("planwerk.") or config.label in CARRIED_APPS


def unclassified() -> list[str]:
    """Models that are neither carried, nor mapped, nor left out."""
    return sorted(
        label_of(model)
        for model in stored_models()
        if not is_carried(model) and label_of(model) not in {*MAPPED, *LEFT_OUT}
    )


def _column(model: type[models.Model], field: models.Field[Any, Any]) -> Column:
    if field.is_relation:
        related = field.related_model
        assert isinstance(related, type) and issubclass(related, models.Model)
        target = label_of(related)
        target_field = field.target_field  # type: ignore[attr-defined]
        if target not in MAPPED and not is_carried(related):
            raise ImproperlyConfigured(
                f"{label_of(model)}.{field.name} refers to {target}, which the archive "
                "neither carries nor maps (planwerk/archive/tables.py)"
            )
        return Column(
            field,
            kind=_kind(model, target_field),
            target=target,
            target_field=target_field.name,
            mapped=target in MAPPED,
        )
    return Column(field, kind=_kind(model, field))


def _kind(model: type[models.Model], field: models.Field[Any, Any]) -> str:
    if getattr(field, "generated", False):
        raise ImproperlyConfigured(f"{label_of(model)}.{field.name}: generated columns")
    kind = KINDS.get(field.get_internal_type())
    if kind is None:
        raise ImproperlyConfigured(
            f"the archive cannot carry {label_of(model)}.{field.name}, a "
            f"{field.get_internal_type()} (add it to planwerk/archive/tables.py KINDS)"
        )
    return kind


@cache
def tables() -> tuple[Table, ...]:
    """The carried tables, each after the tables it refers to."""
    missing = unclassified()
    if missing:
        raise ImproperlyConfigured(
            "the archive does not know whether to carry these models: "
            + ", ".join(missing)
            + " (planwerk/archive/tables.py)"
        )
    by_label = {
        label_of(model): Table(
            model,
            label_of(model),
            tuple(_column(model, field) for field in model._meta.local_concrete_fields),
        )
        for model in stored_models()
        if is_carried(model)
    }
    order = dependency_order(
        list(by_label),
        {
            label: {column.target for column in table.references if not column.mapped}
            for label, table in by_label.items()
        },
    )
    return tuple(by_label[label] for label in order)


def natural_keys() -> dict[str, dict[Any, tuple[str, ...]]]:
    """For each mapped table: pk -> natural key in this installation."""
    return {label: mapped.keys() for label, mapped in MAPPED.items()}
