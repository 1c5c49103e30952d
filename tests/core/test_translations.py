"""The interface is German first: every text of the code has its German translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "planwerk"
APPS = [
    "core",
    "processes",
    "bodies",
    "elections",
    "audit",
    "demo",
    "papers",
    "meetings",
    "accounts",
    "decisions",
    "council",
    "consultations",
    "digest",
    "events",
    "residents",
    "participation",
    "proposals",
    "archive",
    "timeline",
    "oparl",
]


def catalogue(app: str) -> Path:
    return SRC / app / "locale" / "de" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("app", APPS)
def test_every_message_of_the_app_has_a_german_translation(app):
    po = polib.pofile(str(catalogue(app)))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert not missing, f"{app}: untranslated: {missing[:10]}"
    assert not fuzzy, f"{app}: fuzzy: {fuzzy[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
@pytest.mark.parametrize("app", APPS)
def test_the_catalogue_holds_every_text_of_the_code(app, tmp_path):
    """makemessages finds no text that the German catalogue lacks."""
    copy = tmp_path / app
    shutil.copytree(SRC / app, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            "--settings=planwerk.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**__import__("os").environ, "PLANWERK_TESTING": "1"},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/de/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(catalogue(app))) if not e.obsolete}
    assert not fresh - known, (
        f"{app}: not in the catalogue (run make messages): {sorted(fresh - known)[:10]}"
    )
