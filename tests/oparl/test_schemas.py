"""Positive controls: the schema check of tests/oparl/schemas.py finds what is wrong."""

from __future__ import annotations

from tests.oparl import schemas

MEETING = "https://schema.oparl.org/1.1/Meeting"
FINE = {
    "id": "https://example.org/oparl/meeting/1/",
    "type": MEETING,
    "created": "2020-01-01T09:00:00+01:00",
    "modified": "2020-01-01T09:00:00+01:00",
}


def test_a_valid_object_passes() -> None:
    assert schemas.problems(FINE) == []


def test_a_wrong_type_a_wrong_format_and_a_missing_field_are_found() -> None:
    found = schemas.problems(FINE | {"start": "2020-01-01 09:00", "cancelled": "nein"})
    assert any(p.startswith("start:") for p in found)
    assert any(p.startswith("cancelled:") for p in found)
    del_modified = {k: v for k, v in FINE.items() if k != "modified"}
    assert schemas.problems(del_modified) == [f"{FINE['id']}: no modified"]


def test_an_embedded_object_is_checked_by_its_own_schema() -> None:
    item = {"id": "https://example.org/oparl/agenda-item/1/", "type": "x", "order": "eins"}
    found = schemas.problems(FINE | {"agendaItem": [item]})
    assert any(p.startswith("agendaItem/0/order:") for p in found)
    assert any(p.startswith("agendaItem/0/type:") for p in found)


def test_null_values_empty_lists_and_extra_fields_of_deleted_objects_are_found() -> None:
    assert schemas.problems(FINE | {"name": None}) != []
    assert schemas.problems(FINE | {"keyword": []}) != []
    assert schemas.problems(FINE | {"deleted": True, "name": "Sitzung"}) == [
        f"{FINE['id']}: deleted, yet shows ['name']"
    ]
