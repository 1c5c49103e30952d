"""Turkish, Arabic and Russian are complete: every app's texts exist in each of them.

Every app with a `locale` folder is checked, so a new app's catalogues are checked as
soon as it has its German one. To fill a language after adding texts, run from
`src/planwerk/<app>`: `django-admin makemessages -l tr -l ar -l ru --no-obsolete`
(see docs/languages.md), translate every new entry, then `scripts/compile_messages.py`.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "planwerk"
APPS = sorted(path.parent.name for path in SRC.glob("*/locale"))

#: The plural rule of each language, as the catalogues' header must state it.
PLURAL_FORMS = {
    "tr": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}
LANGUAGES = sorted(PLURAL_FORMS)

#: Python's %-placeholders (named or not, and %%) and str.format fields.
PLACEHOLDER = re.compile(
    r"%%|%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]"
    r"|\{[A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}"
)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def named(text: str) -> set[str]:
    return {p for p in placeholders(text) if p != "%%"}


def catalogue(app: str, language: str) -> Path:
    return SRC / app / "locale" / language / "LC_MESSAGES" / "django.po"


def forms_for_one_number(language: str) -> set[int]:
    """The plural forms used for a single number only (Turkish "1", Arabic "0", "1",
    "2"): these may say the number in words and leave its placeholder out."""
    rule = PLURAL_FORMS[language].split("plural=", 1)[1].rstrip(";")
    plural = gettext.c2py(rule)
    numbers: dict[int, set[int]] = {}
    for n in range(1000):
        numbers.setdefault(plural(n), set()).add(n)
    return {form for form, ns in numbers.items() if len(ns) == 1}


def problems(app: str, language: str) -> list[str]:
    """Everything that keeps the app's catalogue in the language from being complete."""
    path = catalogue(app, language)
    if not path.exists():
        return [f"no catalogue {path.relative_to(SRC)}"]
    po = polib.pofile(str(path))
    found: list[str] = []
    header = po.metadata.get("Plural-Forms", "").replace("\n", "")
    if header.replace(" ", "") != PLURAL_FORMS[language].replace(" ", ""):
        found.append(f"Plural-Forms is {header!r}, should be {PLURAL_FORMS[language]!r}")
    if po.metadata.get("Language") != language:
        found.append(f"Language header is {po.metadata.get('Language')!r}")
    nplurals = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])
    single = forms_for_one_number(language)

    german = polib.pofile(str(catalogue(app, "de")))
    known = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    for entry in german:
        if not entry.obsolete and (entry.msgctxt, entry.msgid) not in known:
            found.append(f"missing (in the German catalogue): {entry.msgid!r}")

    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        if not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
            continue
        if not entry.msgid_plural:
            if placeholders(entry.msgstr) != placeholders(entry.msgid):
                found.append(
                    f"placeholders of {entry.msgid!r}: {placeholders(entry.msgid)} "
                    f"became {placeholders(entry.msgstr)}"
                )
            continue
        forms = entry.msgstr_plural
        if sorted(forms) != list(range(nplurals)):
            found.append(f"{len(forms)} plural forms, not {nplurals}: {entry.msgid!r}")
            continue
        allowed = named(entry.msgid) | named(entry.msgid_plural)
        for index, text in sorted(forms.items()):
            extra = named(text) - allowed
            lost = set() if index in single else named(entry.msgid_plural) - named(text)
            if extra or lost:
                found.append(
                    f"plural form {index} of {entry.msgid_plural!r}: "
                    f"unknown {sorted(extra)}, lost {sorted(lost)}"
                )
    return found


def test_every_app_with_texts_is_checked():
    assert {"core", "bodies", "elections", "processes", "papers"} <= set(APPS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_the_catalogue_is_complete(app, language):
    found = problems(app, language)
    assert not found, f"{app} ({language}): " + "; ".join(found[:10])


def test_the_check_finds_what_is_wrong(tmp_path, monkeypatch):
    """A missing or fuzzy entry, a lost placeholder and a missing plural form are found."""
    app = tmp_path / "app" / "locale"
    for language in ("de", "ru"):
        (app / language / "LC_MESSAGES").mkdir(parents=True)
    german = polib.POFile()
    for msgid in ("Hello %(name)s", "Nothing", "Later", "Fuzzy"):
        german.append(polib.POEntry(msgid=msgid, msgstr="x"))
    german.append(polib.POEntry(msgid="%(n)s day", msgid_plural="%(n)s days", msgstr_plural={}))
    german.save(str(app / "de" / "LC_MESSAGES" / "django.po"))
    russian = polib.POFile()
    russian.metadata = {"Language": "ru", "Plural-Forms": PLURAL_FORMS["ru"]}
    russian.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Привет"))
    russian.append(polib.POEntry(msgid="Nothing", msgstr=""))
    russian.append(polib.POEntry(msgid="Fuzzy", msgstr="Нечто", flags=["fuzzy"]))
    russian.append(
        polib.POEntry(
            msgid="%(n)s day",
            msgid_plural="%(n)s days",
            msgstr_plural={0: "%(n)s день", 1: "%(n)s дня"},
        )
    )
    russian.save(str(app / "ru" / "LC_MESSAGES" / "django.po"))
    monkeypatch.setattr(__name__ + ".SRC", tmp_path)

    found = problems("app", "ru")

    assert any("missing" in p and "Later" in p for p in found)
    assert any("untranslated" in p and "Nothing" in p for p in found)
    assert any("fuzzy" in p and "Fuzzy" in p for p in found)
    assert any("placeholders of 'Hello %(name)s'" in p for p in found)
    assert any("2 plural forms, not 3" in p for p in found)
    assert problems("app", "tr") == ["no catalogue app/locale/tr/LC_MESSAGES/django.po"]
