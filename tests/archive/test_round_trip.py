"""Export, import into an empty installation, export again: nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from tests.archive.conftest import PDF, RECORD, members, stored_files
from tests.database import HANNOVER

from planwerk.archive.exporting import export_archive
from planwerk.archive.importing import import_archive
from planwerk.audit import services as audit


def test_an_archive_imported_into_an_empty_installation_exports_the_same(
    archive: Path, tmp_path: Path
) -> None:
    report = import_archive(archive)
    again = tmp_path / "again.zip"
    export_archive(again)

    first, second = members(archive), members(again)
    assert sorted(first) == sorted(second)
    for name in first:
        if name != "manifest.json":
            assert first[name] == second[name], name  # every data file and file, byte for byte
    manifest, manifest_again = (
        json.loads(first["manifest.json"]),
        json.loads(second["manifest.json"]),
    )
    assert manifest.pop("created") != manifest_again.pop("created")
    assert manifest == manifest_again
    assert report.written and report.rows == manifest["counts"]["rows"] > 500


def test_the_audit_log_comes_along_with_its_hashes_and_verifies(
    everything: Any, tmp_path: Path
) -> None:
    from tests.archive.conftest import empty_installation

    from planwerk.audit.models import AuditEntry, AuditHead

    before = audit.verify()
    hashes = list(AuditEntry.objects.order_by("sequence").values_list("entry_hash", flat=True))
    head = AuditHead.objects.values_list("last_sequence", "last_hash").get()
    assert before.ok and before.checked > 50
    path = tmp_path / "a.zip"
    export_archive(path)
    empty_installation()

    report = import_archive(path)

    assert report.audit == before
    assert audit.verify() == before
    assert list(AuditEntry.objects.order_by("sequence").values_list("entry_hash", flat=True)) == (
        hashes
    )
    assert AuditHead.objects.values_list("last_sequence", "last_hash").get() == head


def test_files_come_along_into_the_new_storage(archive: Path, settings: Any) -> None:
    from planwerk.consultations.models import StatementAttachment
    from planwerk.elections.models import PublishedRecord

    assert stored_files(Path(settings.MEDIA_ROOT)) == []
    import_archive(archive)

    attachment = StatementAttachment.objects.get()
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert stored_files(Path(settings.MEDIA_ROOT)) == [attachment.file.name]
    assert bytes(PublishedRecord.objects.get().content) == RECORD


def test_rows_keep_their_identifiers_deletion_marks_and_times(
    everything: Any, tmp_path: Path
) -> None:
    from tests.archive.conftest import empty_installation

    from planwerk.bodies.models import Membership, Person

    people = list(Person.all_objects.order_by("pk").values())
    memberships = list(Membership.all_objects.order_by("pk").values())
    assert any(person["deleted"] for person in people)
    path = tmp_path / "a.zip"
    export_archive(path)
    empty_installation()

    import_archive(path)

    assert list(Person.all_objects.order_by("pk").values()) == people
    assert list(Membership.all_objects.order_by("pk").values()) == memberships


def test_the_coordination_signs_in_with_its_password_and_keeps_its_groups(archive: Path) -> None:
    import_archive(archive)

    client = Client()
    answer = client.post("/anmelden/", {"username": "koordination", "password": "planwerk-demo"})
    assert answer.status_code == 302 and "_auth_user_id" in client.session
    user = get_user_model().objects.get(username="koordination")
    assert [g.name for g in user.groups.all()] == ["Redaktion"]
    assert user.has_perm("bodies.view_body") and user.has_perm("bodies.change_person")


def test_new_rows_after_the_import_get_new_keys(archive: Path) -> None:
    from planwerk.bodies.models import Body, Person

    import_archive(archive)
    highest = Person.all_objects.order_by("-pk").values_list("pk", flat=True).first()

    person = Person.objects.create(
        given_name="Neu", family_name="Person", kind=Person.objects.first().kind
    )
    assert person.pk > highest
    assert Body.objects.exists()


def test_the_definition_comes_along_as_it_was_loaded(archive: Path) -> None:
    content = members(archive)
    manifest = json.loads(content["manifest.json"])
    [definition] = manifest["definitions"]
    assert content[definition["file"]] == HANNOVER.read_bytes()


def test_content_types_are_found_by_their_names_whatever_their_keys_here(archive: Path) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from planwerk.core.models import StatusChange
    from planwerk.meetings.models import Meeting

    old = ContentType.objects.get_for_model(Meeting)
    ContentType.objects.filter(pk=old.pk).update(model="meeting-before")
    new = ContentType.objects.create(app_label="meetings", model="meeting")
    Permission.objects.filter(content_type_id=old.pk).update(content_type=new)
    ContentType.objects.filter(pk=old.pk).delete()
    ContentType.objects.clear_cache()

    import_archive(archive)

    assert StatusChange.objects.filter(content_type=new).exists()
    assert not StatusChange.objects.filter(content_type_id=old.pk).exists()
