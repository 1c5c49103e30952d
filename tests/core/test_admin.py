"""The administration: it asks the permission table, and every edit it makes is in
the audit log (field names only, never a value)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from planwerk.audit import services as audit
from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Body, Person, SeatCategory
from planwerk.core.admin import AuditedAdmin, AuditedTabularInline


class _FormFields(HTMLParser):
    """The values a browser would send for the admin's change form, as rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._add(a["name"], a.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(a["name"], "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def _form_data(client: Client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


def _errors(response: Any) -> Any:
    if response.context is None:
        return response.status_code
    admin_form = response.context.get("adminform")
    inlines = response.context.get("inline_admin_formsets") or []
    return (
        admin_form.form.errors if admin_form else None,
        [(i.formset.errors, i.formset.non_form_errors()) for i in inlines],
    )


def _admin_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__startswith="admin.").order_by("sequence"))


@pytest.fixture
def superuser_client(hannover: Any, make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user("betrieb", is_superuser=True, is_staff=True))
    return client


def test_every_planwerk_model_admin_is_audited() -> None:
    planwerk = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("planwerk.")
    }
    assert planwerk
    assert [m for m, a in planwerk.items() if not isinstance(a, AuditedAdmin)] == []
    inlines = [i for a in planwerk.values() for i in a.inlines]
    assert inlines
    assert [i for i in inlines if not issubclass(i, AuditedTabularInline)] == []


def test_changing_a_bodys_name_in_the_admin_writes_one_entry_naming_the_field(
    superuser_client: Client,
) -> None:
    body = Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).first()
    assert body is not None and body.seat_categories.exists()
    url = reverse("admin:bodies_body_change", args=[body.pk])
    data = _form_data(superuser_client, url)
    assert "name_de" in data
    data["name_de"] = ["Fachgruppe Umbenannt"]
    response = superuser_client.post(url, data)
    assert response.status_code == 302, _errors(response)

    body.refresh_from_db()
    assert body.name["de"] == "Fachgruppe Umbenannt"
    [entry] = _admin_entries()
    assert entry.action == "admin.bodies.body.changed"
    assert entry.actor == "betrieb"
    assert (entry.object_type, entry.object_id) == ("bodies.body", str(body.pk))
    assert entry.payload == {"fields": ["name"]}
    assert audit.verify().ok


def test_an_inline_seat_category_changed_with_its_body_gets_its_own_entry(
    superuser_client: Client,
) -> None:
    body = Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).first()
    assert body is not None
    url = reverse("admin:bodies_body_change", args=[body.pk])
    data = _form_data(superuser_client, url)
    prefix = next(k for k in data if k.endswith("-0-max_seats")).removesuffix("max_seats")
    category = SeatCategory.objects.get(pk=data[f"{prefix}id"][0])
    data[f"{prefix}max_seats"] = [str(category.max_seats + 1)]
    assert superuser_client.post(url, data).status_code == 302

    actions = [(e.action, e.object_id, e.payload) for e in _admin_entries()]
    assert (
        "admin.bodies.seatcategory.changed",
        str(category.pk),
        {"fields": ["max_seats"]},
    ) in actions
    assert audit.verify().ok


def test_a_self_declared_change_is_recorded_without_its_value(
    superuser_client: Client,
) -> None:
    person = Person.objects.create(given_name="Aylin", family_name="Beispiel", kind="external")
    url = reverse("admin:bodies_person_change", args=[person.pk])
    data = _form_data(superuser_client, url)
    data["gender"] = ["diverse"]
    data["migration_background"] = ["true"]
    assert superuser_client.post(url, data).status_code == 302

    person.refresh_from_db()
    assert (person.gender, person.migration_background) == ("diverse", True)
    [entry] = _admin_entries()
    assert entry.action == "admin.bodies.person.changed"
    assert entry.payload == {"fields": ["gender", "migration_background"]}
    stored = str(entry.payload) + entry.entry_hash
    assert "diverse" not in stored and "true" not in stored.lower()
    assert audit.verify().ok


def test_adding_and_bulk_deleting_in_the_admin_are_audited(superuser_client: Client) -> None:
    add = reverse("admin:bodies_person_add")
    data = _form_data(superuser_client, add)
    data.update(given_name=["Jona"], family_name=["Probe"], kind=["science"])
    assert superuser_client.post(add, data).status_code == 302
    person = Person.objects.get(family_name="Probe")

    response = superuser_client.post(
        reverse("admin:bodies_person_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    entries = [(e.action, e.object_id) for e in _admin_entries()]
    assert entries == [
        ("admin.bodies.person.added", str(person.pk)),
        ("admin.bodies.person.deleted", str(person.pk)),
    ]
    assert "family_name" in _admin_entries()[0].payload["fields"]
    assert audit.verify().ok


def test_an_account_with_django_permissions_but_no_role_is_kept_out(
    hannover: Any, make_user: Any
) -> None:
    """Django's staff flag and model permissions are not the rules: the table is."""
    from django.contrib.auth.models import Permission

    staff = make_user("nur-staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="_body"))
    client = Client()
    client.force_login(staff)
    body = Body.objects.first()
    assert body is not None
    url = reverse("admin:bodies_body_change", args=[body.pk])
    assert client.get(url).status_code != 200
    model_admin = admin.site._registry[Body]
    request = type("R", (), {"user": staff})()
    assert not model_admin.has_change_permission(request, body)
    assert not model_admin.has_view_permission(request, body)
    for inline in model_admin.get_inline_instances(request, body) or model_admin.inlines:
        if isinstance(inline, type):
            inline = inline(Body, admin.site)
        assert not inline.has_change_permission(request, body)
