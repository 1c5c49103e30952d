"""The page language: German unless the visitor chose another with the language buttons."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from planwerk.core import languages


class LanguageMiddleware(LocaleMiddleware):
    """Pages speak German, the city's language, whatever the browser asks for, until
    the visitor chooses another of `settings.LANGUAGES`: with the language buttons (a
    cookie, set by Django's `set_language`), or, for an account, as the language of
    its person (kept in the session at login). A language no longer configured falls
    back to German. The API follows Accept-Language among the configured languages,
    as machines expect."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request: HttpRequest) -> str:
    """The language the visitor chose (the button first, then the account's), if it
    is configured; German otherwise."""
    configured = dict(settings.LANGUAGES)
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language in configured:
        return str(language)
    session = getattr(request, "session", None)
    if session is not None and request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        try:
            language = session.get(languages.SESSION_KEY, "")
        except DatabaseError:  # the page that says so still renders, in German
            language = ""
        if language in configured:
            return str(language)
    return str(settings.LANGUAGE_CODE)


class NulBytePathMiddleware:
    """An address with a NUL character names no page: 404 before any view looks it up.

    No slug, token or key of planwerk contains one, and PostgreSQL refuses to compare
    text holding one (it answered 500 for /gremien/vorschlag/%00/). The API answers
    in JSON, as it does for any unknown address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "Not Found"}, status=404)
            raise Http404("NUL in the address")
        return self.get_response(request)
