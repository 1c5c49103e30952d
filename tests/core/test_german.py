"""German as a city writes it: one word per concept (docs/glossary.md), a plural form
for every inserted count, dates as people read them, and no sentence assembled from
parts that need an article or a case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "planwerk"
CATALOGUES = sorted(SRC.glob("*/locale/de/LC_MESSAGES/django.po"))
TEMPLATES = sorted(SRC.glob("*/templates/**/*.html"))


def german_texts() -> list[tuple[str, str, str]]:
    """(app, msgid, German text) of every entry, each plural form on its own."""
    texts = []
    for path in CATALOGUES:
        app = path.parts[-5]
        for entry in polib.pofile(str(path)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    texts.append((app, entry.msgid, text))
    return texts


# The word the glossary forbids, and the one it asks for instead.
FORBIDDEN = [
    (r"platz", "Sitz (a seat) or Rang (a place in a ranking)"),
    (r"versammlung(?<!ratsversammlung)", "Wahlveranstaltung"),
    (r"koordinierungsstelle|geschäftsstelle", "Koordination (OE 50.6)"),
    (r"nominier", "vorschlagen (a nomination) or Kandidat*in aufstellen"),
    (r"sehr geehrte", "Guten Tag (greets everyone, whatever their gender)"),
]


@pytest.mark.parametrize(("pattern", "instead"), FORBIDDEN)
def test_the_catalogues_use_the_glossarys_word(pattern, instead):
    found = [
        f"{app}: {text}"
        for app, _msgid, text in german_texts()
        if re.search(pattern, text, re.IGNORECASE)
    ]
    assert not found, f"use {instead}:\n" + "\n".join(found)


def test_anmelden_is_the_login_only():
    """Check-in at the election is "als anwesend erfassen"; "anmelden" is the login."""
    election = [
        text
        for app, _msgid, text in german_texts()
        if app == "elections" and re.search(r"\banmeld|angemeldet", text, re.IGNORECASE)
    ]
    assert not election, election


def test_no_german_sentence_puts_an_inserted_name_behind_an_article():
    """ "in die %(body)s" or "gehört nicht zu %(body)s" cannot come out right for every
    name: the thing is named in quotes after a noun, or the sentence is whole."""
    article = re.compile(
        r"\b(in die|in den|in das|zu|zur|zum|aus|dem|den|des)\s+"
        r"%\((body|unit|kind|position|seat|group|category|stage|flow|subtopic)\w*\)s"
    )
    found = [f"{app}: {text}" for app, _msgid, text in german_texts() if article.search(text)]
    assert not found, "\n".join(found)


def test_every_inserted_count_of_things_has_a_plural_form():
    """A count before a noun ("%(n)d Stimmen") only in an entry with plural forms."""
    count_before_noun = re.compile(
        r"%\((n|count|seats|votes|total|max|min|size|runoff)\)[sd] "
        r"(Stimme|Sitz|Organisation|Kandidat|Person|Karte|Stimmkarte|Mitglied|Wahlgang|"
        r"Vertreter|Brief|E-Mail)"
    )
    found = []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if not entry.msgid_plural and count_before_noun.search(entry.msgstr):
                found.append(entry.msgstr)
    assert not found, "\n".join(found)


def test_no_template_shows_a_date_in_a_fixed_format():
    """Dates and times people read follow their language: the date filter with a named
    format (DATE_FORMAT, SHORT_DATETIME_FORMAT, …), never "Y-m-d" or isoformat."""
    fixed = []
    for template in TEMPLATES:
        text = template.read_text()
        for match in re.finditer(r'\|date:"([^"]*)"', text):
            if not re.fullmatch(r"[A-Z_]+_FORMAT|l", match.group(1)):
                fixed.append(f"{template.relative_to(SRC)}: {match.group(0)}")
        if "isoformat" in text or 'date:"c"' in text:
            fixed.append(f"{template.relative_to(SRC)}: isoformat")
    assert not fixed, "\n".join(fixed)


# Fields that cannot have a label of their own (a generic relation has none).
UNTRANSLATED_LABELS_LEFT = {
    ("core", "StatusChange", "subject"),
}


def test_every_admin_label_of_planwerk_is_translated():
    from django.apps import apps
    from django.utils.functional import Promise

    english = set()
    for model in apps.get_models():
        app = model._meta.app_label
        if not model.__module__.startswith("planwerk."):
            continue
        for field in model._meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            if not isinstance(field.verbose_name, Promise):
                english.add((app, model.__name__, field.name))
    assert not english - UNTRANSLATED_LABELS_LEFT, sorted(english - UNTRANSLATED_LABELS_LEFT)
    assert english == UNTRANSLATED_LABELS_LEFT, "labelled now: take them off the list"
    names = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("planwerk.")
        and not (
            isinstance(model._meta.verbose_name, Promise)
            and isinstance(model._meta.verbose_name_plural, Promise)
        )
    ]
    assert names == []


def test_the_admin_shows_the_organisation_charts_fields_in_german(admin_client: Any) -> None:
    from django.urls import reverse

    from planwerk.bodies.models import Body
    from planwerk.processes.models import Process

    process = Process.objects.create(slug="beispielstadt", name={"de": "Beispielstadt"})
    body = Body.objects.create(
        process=process,
        slug="fachgruppe",
        kind=Body.Kind.EXPERT_GROUP,
        name={"de": "Fachgruppe"},
    )
    page = admin_client.get(reverse("admin:bodies_body_change", args=[body.pk])).content.decode()
    assert "Zeile im Organigramm" in page
    assert "Prozess" in page
    assert "Chart row" not in page
