"""Rows that travel: a public identifier, creation and change times, soft deletion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import serializers
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from tests.conftest import HANNOVER

from planwerk.bodies.models import Body, Membership, Person
from planwerk.processes.loader import load_process_file

pytestmark = pytest.mark.django_db


def test_a_new_row_gets_an_identifier_and_times_from_the_database() -> None:
    person = Person.objects.create(given_name="Ada", family_name="Muster", kind="external")
    other = Person.objects.create(given_name="Ben", family_name="Muster", kind="external")
    person.refresh_from_db()
    assert person.uuid and person.uuid != other.uuid
    assert person.created is not None and person.modified is not None
    created, modified = person.created, person.modified

    person.family_name = "Beispiel"
    person.save(update_fields=["family_name"])
    person.refresh_from_db()
    assert person.created == created
    assert person.modified > modified


def test_a_deleted_person_is_hidden_but_kept_and_can_be_restored() -> None:
    person = Person.objects.create(given_name="Ada", family_name="Muster", kind="external")
    person.delete()

    assert not Person.objects.filter(pk=person.pk).exists()
    kept = Person.all_objects.get(pk=person.pk)
    assert kept.deleted is not None and kept.uuid == person.uuid

    Person.objects.filter(pk=other_person().pk).delete()
    assert Person.all_objects.count() == 2 and Person.objects.count() == 0

    kept.restore()
    assert Person.objects.get(pk=person.pk).deleted is None


def other_person() -> Person:
    return Person.objects.create(given_name="Ben", family_name="Muster", kind="external")


def test_a_deleted_membership_is_gone_from_the_body_but_not_from_the_record(
    hannover: Any,
) -> None:
    body = Body.objects.get(process=hannover, slug="lenkungsgruppe")
    seat = body.seat_categories.first()
    membership = Membership.objects.create(
        person=other_person(), body=body, seat=seat, start=dt.date(2020, 1, 1)
    )
    membership.delete()
    assert not body.memberships.exists()
    assert Membership.all_objects.filter(body=body).get() == membership


def test_the_identifier_survives_export_and_import() -> None:
    person = Person.objects.create(given_name="Ada", family_name="Muster", kind="external")
    exported = serializers.serialize("json", Person.objects.filter(pk=person.pk))
    person.hard_delete()
    assert not Person.all_objects.exists()

    for obj in serializers.deserialize("json", exported):
        obj.save()
    assert Person.objects.get().uuid == person.uuid


def test_a_body_deleted_by_hand_comes_back_with_its_identifier_when_reloaded(
    hannover: Any,
) -> None:
    body = Body.objects.get(process=hannover, slug="lenkungsgruppe")
    body.delete()
    assert not Body.objects.filter(slug="lenkungsgruppe").exists()

    load_process_file(HANNOVER)
    again = Body.objects.get(slug="lenkungsgruppe")
    assert again.pk == body.pk and again.uuid == body.uuid and again.deleted is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_row_its_own_identifier() -> None:
    before = [("processes", "0003_texts_in_any_language")]
    after = [("processes", "0004_public_ids_and_timestamps")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    for slug in ("a", "b", "c"):
        old.get_model("processes", "Process").objects.create(slug=slug, name={"de": slug})

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    rows = list(new.get_model("processes", "Process").objects.all())
    assert len({row.uuid for row in rows}) == 3
    assert all(row.created and row.modified for row in rows)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
