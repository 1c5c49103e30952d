"""The text type: one value in any configured language, German as the fallback."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.forms import modelform_factory
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from planwerk.core.text import Text

LANGUAGES = [("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية")]


def test_a_text_speaks_the_active_language_and_falls_back_to_german() -> None:
    text = Text({"de": "Lenkungsgruppe", "en": "Steering group", "tr": ""})
    assert dict(text) == {"de": "Lenkungsgruppe", "en": "Steering group"}
    assert text.get("en") == "Steering group"
    assert text.get("tr") == "Lenkungsgruppe"
    assert text.get("en-gb") == "Steering group"
    with translation.override("en"):
        assert str(text) == "Steering group"
        assert f"{text}" == "Steering group"
    with translation.override("de"):
        assert str(text) == "Lenkungsgruppe"
    assert Text("Nur Deutsch") == {"de": "Nur Deutsch"}
    assert not Text({"de": "", "en": ""})


@pytest.mark.django_db
@override_settings(LANGUAGES=LANGUAGES)
def test_a_model_keeps_every_language_and_a_template_prints_the_active_one(
    hannover: Any,
) -> None:
    from planwerk.bodies.models import Body

    body = Body.objects.get(process=hannover, kind="steering_group")
    body.name = {"de": "Lenkungsgruppe", "en": "Steering group", "ar": "مجموعة التوجيه"}
    body.save()
    body.refresh_from_db()
    assert isinstance(body.name, Text)
    assert body.name.exact("ar") == "مجموعة التوجيه"
    assert Body.objects.filter(name__de="Lenkungsgruppe").get() == body

    template = Template("{{ body.name }}|{{ body.name.en }}")
    with translation.override("ar"):
        assert template.render(Context({"body": body})) == "مجموعة التوجيه|Steering group"
    with translation.override("tr"):
        assert template.render(Context({"body": body})) == "Lenkungsgruppe|Steering group"
    # A German string assigned is the German text.
    body.name = "Steuerungsgruppe"
    assert body.name == {"de": "Steuerungsgruppe"}


@pytest.mark.django_db
@override_settings(LANGUAGES=LANGUAGES)
def test_a_form_has_one_input_per_configured_language_and_requires_german(
    hannover: Any,
) -> None:
    from planwerk.bodies.models import Subtopic

    form_class = modelform_factory(Subtopic, fields=["name"])
    html = str(form_class()["name"])
    for code in ("de", "en", "tr", "ar"):
        assert f'name="name_{code}"' in html
        assert f'lang="{code}"' in html

    form = form_class(data={"name_de": "", "name_en": "Sport"})
    assert not form.is_valid()
    assert "name" in form.errors

    form = form_class(data={"name_de": "Sport", "name_tr": "Spor", "name_en": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == {"de": "Sport", "tr": "Spor"}


@pytest.mark.django_db
def test_the_api_gives_the_active_language_and_every_language(client: Any, hannover: Any) -> None:
    from planwerk.bodies.models import Body

    body = Body.objects.filter(process=hannover).first()
    assert body is not None
    listed = client.get("/api/v1/bodies", HTTP_ACCEPT_LANGUAGE="en").json()
    entry = next(item for item in listed if item["slug"] == body.slug)
    assert entry["names"] == dict(body.name)
    assert entry["name"] == body.name.get("en")
    detail = client.get(f"/api/v1/bodies/{body.slug}").json()
    assert detail["name"] == body.name.exact("de")


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_german_and_english_into_the_text() -> None:
    before = [("processes", "0002_deputies_per_member"), ("bodies", "0004_translated_field_labels")]
    after = [("processes", "0003_texts_in_any_language"), ("bodies", "0005_texts_in_any_language")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    process = old.get_model("processes", "Process").objects.create(
        slug="p", name_de="Prozess", name_en="Process", description_de="Beschreibung"
    )
    body = old.get_model("bodies", "Body").objects.create(
        process_id=process.pk, slug="b", kind="other", name_de="Gremium", name_en="Body"
    )
    old.get_model("bodies", "Subtopic").objects.create(body_id=body.pk, name_de="Sport")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    process = new.get_model("processes", "Process").objects.get(slug="p")
    assert process.name == {"de": "Prozess", "en": "Process"}
    assert process.description == {"de": "Beschreibung"}
    body = new.get_model("bodies", "Body").objects.get(slug="b")
    assert body.name == {"de": "Gremium", "en": "Body"}
    assert body.description == {}
    assert new.get_model("bodies", "Subtopic").objects.get().name == {"de": "Sport"}

    # And back: German and English return to their columns.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    body = old.get_model("bodies", "Body").objects.get(slug="b")
    assert (body.name_de, body.name_en) == ("Gremium", "Body")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_admin_edits_a_name_in_every_configured_language(
    client: Any, hannover: Any, django_user_model: Any
) -> None:
    from planwerk.bodies.models import Body

    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    body = Body.objects.get(process=hannover, slug="lenkungsgruppe")
    page = client.get(f"/admin/bodies/body/{body.pk}/change/", HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="name_de" value="Lenkungsgruppe" lang="de"' in html
    assert 'name="name_en" value="Steering group" lang="en"' in html

    listed = client.get("/admin/bodies/body/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Lenkungsgruppe" in listed and '{"de"' not in listed
