"""The languages people read planwerk in, and the language a message is written in.

Pages follow the visitor's choice (see `core.middleware`). Messages (emails, letters,
digests) follow the recipient: each person, organisation and nomination keeps the
language it reads, and the message is rendered in it, whatever language the page
that sent it was in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

#: Where the login keeps the language of the account's person for its pages.
SESSION_KEY = "planwerk_language"


def language_choices() -> list[tuple[str, str]]:
    """The configured languages, each named in the current language (German first).

    A callable, so that the database schema does not change with the settings."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def message_language(language: str | None) -> str:
    """The language to write a message in: the recipient's, if it is configured and
    planwerk's texts are translated into it; German otherwise.

    A letter is never half in one language and half in German: until a language has
    its catalogue, its readers get German (weekdays and months included)."""
    if language in dict(settings.LANGUAGES) and has_catalogue(str(language)):
        return str(language)
    return str(settings.LANGUAGE_CODE)


@functools.cache
def has_catalogue(language: str) -> bool:
    """Whether planwerk's texts exist in the language: English is the code's own."""
    if language == "en" or language == settings.LANGUAGE_CODE:
        return True
    return any(
        (Path(config.path) / "locale" / language / "LC_MESSAGES" / "django.mo").exists()
        for config in apps.get_app_configs()
        if config.name.startswith("planwerk.")
    )


def user_language(user: object) -> str:
    """The language an account reads its messages in: that of the person it belongs to."""
    person = getattr(user, "person", None) if user is not None else None
    return message_language(getattr(person, "language", None))


def by_language(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Addresses grouped by the language their recipients read, each group sorted."""
    groups: dict[str, set[str]] = {}
    for address, language in pairs:
        groups.setdefault(message_language(language), set()).add(address)
    return {language: sorted(addresses) for language, addresses in sorted(groups.items())}


@receiver(user_logged_in, dispatch_uid="planwerk.core.languages.remember_language")
def remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At login, the pages take the language of the account's person (until the
    visitor presses a language button)."""
    person = getattr(user, "person", None)
    language = getattr(person, "language", None)
    if request is not None and hasattr(request, "session") and language in dict(settings.LANGUAGES):
        request.session[SESSION_KEY] = language
