"""Middleware of the shared kernel: the page finisher and the NUL-character guard."""

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.core.l10n import localize_html


class ApiLanguageMiddleware:
    """The API answers in the caller's language: the ``django_language`` cookie, else the
    ``Accept-Language`` header, else Persian. (Pages take theirs from the URL prefix, which API
    paths do not carry, so LocaleMiddleware would always pick the default for them.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class LocalizeMiddleware:
    """Every HTML page and htmx partial leaves through ``core.l10n.localize_html``: numbers in
    the text a person reads follow the page's language (Persian digits, ٪ and ٫ in fa; Latin in
    en, with Persian runs isolated by ``<bdi>``). Attributes, form values and whatever is marked
    ``dir="ltr"`` are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.get("Content-Encoding")
        ):
            return response
        lang = getattr(request, "LANGUAGE_CODE", None)
        charset = response.charset or "utf-8"
        html = response.content.decode(charset, "replace")
        response.content = localize_html(html, lang=lang).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


NUL = "\x00"


def _nul_at(value, where: tuple) -> tuple | None:
    """Where in a parsed JSON value (keys or text) a NUL character stands, or None."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return (*where, key)
            found = _nul_at(item, (*where, key))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, (*where, index))
            if found:
                return found
    return None


def _nul_in_query(data, source: str) -> tuple | None:
    for key, values in data.lists():
        if NUL in key or any(NUL in v for v in values if isinstance(v, str)):
            return (source, key.replace(NUL, ""))
    return None


def nul_location(request) -> tuple | None:
    """Where a request carries a NUL character (U+0000) in text: the path, a query or form field,
    or a JSON body. No text Hamafza keeps may hold one (PostgreSQL refuses it)."""
    if NUL in request.path_info:
        return ("path",)
    found = _nul_in_query(request.GET, "query")
    if found:
        return found
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _nul_in_query(request.POST, "form")
    if content_type.endswith("json") and (b"\x00" in request.body or b"\\u0000" in request.body):
        try:
            data = json.loads(request.body)
        except ValueError:
            return ("body",)  # not JSON, and it holds a raw NUL byte
        return _nul_at(data, ("body",))
    return None


class RefuseNulMiddleware:
    """Text with a NUL character is refused at the door, the same way for every page, form, link
    and API call: a 400 page in the reader's language (the API: 422 with the published error
    body naming where), before any view passes it to the database. A cookie holding one is
    dropped (a session cookie with it is no session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [n for n, v in request.COOKIES.items() if NUL in n or NUL in v]:
            del request.COOKIES[name]
        session = getattr(request, "session", None)
        if session is not None and NUL in (session.session_key or ""):
            request.session = type(session)()  # SessionMiddleware read it already: a new one
        where = nul_location(request)
        if where is None:
            return self.get_response(request)
        message = _("Text may not contain the invisible NUL character. Remove it and send again.")
        if request.path_info.startswith("/api/"):
            problem = {"type": "nul_character", "loc": list(where), "msg": str(message)}
            return JsonResponse({"detail": [problem]}, status=422)
        return render(request, "400.html", {"message": message}, status=400)
