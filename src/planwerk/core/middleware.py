"""The page language: German unless the visitor chose English with the button."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    """Pages speak German first, whatever the browser asks for; the language button
    (a cookie) switches to English. The API follows Accept-Language, as machines do."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


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
