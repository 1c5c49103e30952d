"""The OParl 1.1 endpoint under /oparl/v1/: the System, its Bodies (one per process),
their lists, every object by its id, and the files.

Open to everybody, without a session (OParl 1.1, 2.3: every request stands alone).
Every JSON answer carries `Access-Control-Allow-Origin: *` (2.6); an error answers
with OParl's error object (2.9) in German, the language of the content.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.db.models import Max, Min
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planwerk.bodies.models import Body
from planwerk.core.permissions import permission
from planwerk.oparl import files, lists, objects, queries
from planwerk.oparl.domain.paging import BadParameter, ListQuery, parse_query
from planwerk.processes.models import Process

JSON = "application/json"
ERROR = objects.SCHEMA + "Error"


class OParlError(Exception):
    def __init__(self, status: int, message: str, debug: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.debug = debug


def _json(data: Any, status: int = 200) -> HttpResponse:
    # JSON's own escapes for what is not ASCII (OParl 1.1, 2.4 allows them; faster to
    # write), never HTML escaping.
    body = json.dumps(data, separators=(",", ":"))
    return HttpResponse(body, content_type=JSON, status=status)


def _error(status: int, message: str, debug: str) -> HttpResponse:
    return _json({"type": ERROR, "message": message, "debug": debug}, status=status)


def not_found_message() -> str:
    return _("There is no OParl object at this address.")


View = Callable[..., HttpResponseBase]


def oparl(view: View) -> Any:
    """An address of the endpoint: open to all, GET and HEAD, German, errors as
    OParl's error object, and the CORS header."""

    safe = require_safe(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override("de"):
            try:
                response = safe(request, *args, **kwargs)
            except OParlError as error:
                response = _error(error.status, error.message, error.debug or request.path)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return permission("oparl.view")(wrapped)  # type: ignore[arg-type]


def _out(request: HttpRequest, omit_internal: bool = False) -> objects.Out:
    site = f"{request.scheme}://{request.get_host()}"
    return objects.Out(site + reverse("oparl:system"), site, omit_internal)


def _query(request: HttpRequest) -> ListQuery:
    try:
        return parse_query(request.GET.dict())
    except BadParameter as bad:
        if bad.kind == "date-time":
            message = _(
                "The parameter %(name)s needs a date and time with its offset from UTC, "
                "such as 2024-01-31T23:59:59+01:00."
            )
        else:
            message = _("The parameter %(name)s needs a whole number, 1 or more.")
        raise OParlError(400, message % {"name": bad.name}) from None


def _list(request: HttpRequest, sources: list[lists.Source], owner: Any) -> HttpResponse:
    query = _query(request)
    out = _out(request, query.omit_internal)
    address = out.site + request.path
    try:
        return _json(lists.page(out, sources, owner, query, address))
    except lists.PageNotFound as missing:
        message = _("This list has no page %(page)s; its last page is %(last)s.") % {
            "page": missing.page.number,
            "last": missing.page.pages,
        }
        raise OParlError(404, message) from None


@oparl
def system(request: HttpRequest) -> HttpResponse:
    times = (
        queries.processes.rows()
        .annotate(changed=queries.processes.modified())
        .aggregate(created=Min("created"), modified=Max("changed"))
    )
    now = timezone.now()
    return _json(objects.system(_out(request), times["created"] or now, times["modified"] or now))


@oparl
def body_list(request: HttpRequest) -> HttpResponse:
    return _list(request, [lists.BODIES], None)


def _process(uuid: UUID) -> Process:
    process = Process.objects.filter(uuid=uuid).first()
    if process is None:
        raise OParlError(404, not_found_message())
    return process


@oparl
def body_items(request: HttpRequest, uuid: UUID, name: str) -> HttpResponse:
    return _list(request, lists.BODY_LISTS[name], _process(uuid))


@oparl
def organization_items(request: HttpRequest, uuid: UUID, name: str) -> HttpResponse:
    body = Body.all_objects.filter(uuid=uuid).first()
    if body is None:
        raise OParlError(404, not_found_message())
    return _list(request, lists.ORGANIZATION_LISTS[name], body)


@oparl
def detail(request: HttpRequest, uuid: UUID, kind: str) -> HttpResponse:
    found = lists.one(_out(request), kind, uuid)
    if found is None:
        raise OParlError(404, not_found_message())
    return _json(found)


def _file(request: HttpRequest, uuid: UUID, as_attachment: bool) -> HttpResponseBase:
    found = files.file_of(uuid)
    if found is None:
        raise OParlError(404, not_found_message())
    modified = http_date(found.modified.timestamp())
    if request.headers.get("If-Modified-Since") == modified:
        return HttpResponse(status=304)
    header = content_disposition_header(as_attachment, found.name) or ""
    response: HttpResponseBase
    if request.method == "HEAD" and not isinstance(found.row, files.StatementAttachment):
        # What a HEAD asks can be answered without making the PDF (its length
        # unknown: no Content-Length).
        response = StreamingHttpResponse(iter(()), content_type=objects.PDF)
    else:
        content = found.content()
        if isinstance(content, bytes):
            response = HttpResponse(content, content_type=objects.PDF)
            response["Content-Length"] = str(len(content))
        else:
            response = FileResponse(content, content_type=objects.PDF)
    response["Content-Disposition"] = header
    response["Last-Modified"] = modified
    return response


@oparl
def file_access(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The file shown in the browser (OParl 1.1, 2.7: never as an attachment)."""
    return _file(request, uuid, as_attachment=False)


@oparl
def file_download(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The file to save, with its name."""
    return _file(request, uuid, as_attachment=True)


@oparl
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise OParlError(404, not_found_message())
